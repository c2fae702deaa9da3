package cli

import (
	"path/filepath"
	"testing"
)

// TestInside guards the refusal of a remote inside the OS folder: on a
// system that names files in any case (Windows, macOS), ~/OS/Backup.git
// lies in ~/os as much as ~/os/backup.git does.
func TestInside(t *testing.T) {
	j := filepath.Join
	dir := j(string(filepath.Separator), "home", "me", "os")
	for _, tt := range []struct {
		p    string
		fold bool
		want bool
	}{
		{j(dir, "backup.git"), false, true},
		{dir, false, true},
		{j(string(filepath.Separator), "home", "me", "OS", "backup.git"), false, false},
		{j(string(filepath.Separator), "home", "me", "OS", "backup.git"), true, true},
		{j(string(filepath.Separator), "home", "me", "Os"), true, true},
		{j(string(filepath.Separator), "home", "me", "os-backup.git"), true, false},
		{j(string(filepath.Separator), "home", "me", "other"), true, false},
	} {
		if got := inside(tt.p, dir, tt.fold); got != tt.want {
			t.Errorf("inside(%q, %q, fold %v): got %v, want %v", tt.p, dir, tt.fold, got, tt.want)
		}
	}
}
