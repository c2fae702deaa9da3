package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReplace(t *testing.T) {
	const routines = "[[routine]]\nid = \"sleep\"\nat = \"22:30\"\n"
	tests := []struct {
		name     string
		re, repl string
		want     string
		wantErr  string
	}{
		{"a line", `^at = "22:30"$`, `at = "22:00"`, "[[routine]]\nid = \"sleep\"\nat = \"22:00\"\n", ""},
		{"a line added after one", `^id = "sleep"$`, `id = "sleep"\ncolour = "blue"`,
			"[[routine]]\nid = \"sleep\"\ncolour = \"blue\"\nat = \"22:30\"\n", ""},
		{"a group", `(\d\d):30`, `$1:45`, "[[routine]]\nid = \"sleep\"\nat = \"22:45\"\n", ""},
		{"every match", `"`, `'`, "[[routine]]\nid = 'sleep'\nat = '22:30'\n", ""},
		// sed would leave the file as it was and succeed.
		{"no match", `^at = "23:00"$`, `at = "22:00"`, routines, `matches nothing`},
		{"a bad regexp", `(`, `x`, routines, `missing closing )`},
	}
	for _, tt := range tests {
		file := filepath.Join(t.TempDir(), "routines.toml")
		if err := os.WriteFile(file, []byte(routines), 0o600); err != nil {
			t.Fatal(err)
		}
		err := replace([]string{tt.re, tt.repl, file})
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: got error %v, want %q", tt.name, err, tt.wantErr)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, data, tt.want)
		}
		if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: got mode %v (%v), want 0600", tt.name, info.Mode().Perm(), err)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".replace-*")); len(left) > 0 {
			t.Errorf("%s: left %q behind", tt.name, left)
		}
	}
	if err := replace([]string{"a", "b"}); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("two arguments: got error %v, want the usage", err)
	}
}
