package store

import "testing"

// TestURLPath guards file:// URLs on Windows: file:///C:/Users/os.git
// names C:/Users/os.git, not /C:/Users/os.git, which no Windows call
// finds. Elsewhere the path is the URL's.
func TestURLPath(t *testing.T) {
	for _, tt := range []struct {
		path    string
		windows bool
		want    string
	}{
		{"/C:/Users/me/os.git", true, "C:/Users/me/os.git"},
		{"/d:/os.git", true, "d:/os.git"},
		{"/C:", true, "C:"},
		{"/srv/os.git", true, "/srv/os.git"},
		{"/1:/x", true, "/1:/x"},
		{"C:/os.git", true, "C:/os.git"},
		{"/C:/Users/me/os.git", false, "/C:/Users/me/os.git"},
		{"/srv/os.git", false, "/srv/os.git"},
		{"", true, ""},
	} {
		if got := urlPath(tt.path, tt.windows); got != tt.want {
			t.Errorf("urlPath(%q, windows %v): got %q, want %q", tt.path, tt.windows, got, tt.want)
		}
	}
}
