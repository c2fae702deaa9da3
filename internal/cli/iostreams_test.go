package cli

import "testing"

// TestNoColor guards when colour is turned off: NO_COLOR set to an empty
// string does not turn it off (https://no-color.org), and TERM=dumb does.
func TestNoColor(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"TERM": "xterm-256color"}, false},
		{map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, true},
		{map[string]string{"TERM": "xterm-256color", "NO_COLOR": ""}, false},
		{map[string]string{"TERM": "dumb"}, true},
		{map[string]string{}, false},
	}
	for _, tt := range tests {
		if got := noColor(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("noColor(%v): got %v, want %v", tt.env, got, tt.want)
		}
	}
}
