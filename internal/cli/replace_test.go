package cli

import (
	"os"
	"path/filepath"
	"regexp"
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

// TestScriptsPortable guards the scripts against commands in a form only
// GNU tools take, which fail the suite on macOS and the BSDs: sed -i (BSD
// sed wants a suffix after it; replace does the edit), grep -P, date -d,
// stat -c, readlink -f, and touch -d (BSD touch reads other dates; touch
// -t is POSIX). It reads the scripts whole, the files in their archives
// (editor scripts) included.
func TestScriptsPortable(t *testing.T) {
	cmd := func(name, flag string) *regexp.Regexp {
		return regexp.MustCompile(`(^|[\s;&|(` + "`" + `'"])` + name + `\s+([^;&|\n]*\s)?` + flag + `\b`)
	}
	gnuOnly := []*regexp.Regexp{
		cmd("sed", `-[a-zA-Z]*i`),
		cmd("sed", `--in-place`),
		cmd("grep", `-[a-zA-Z]*P`),
		cmd("date", `-d`),
		cmd("stat", `-c`),
		cmd("readlink", `-f`),
		cmd("touch", `-d`),
	}
	var files []string
	for _, pattern := range []string{"testdata/script/*.txtar", "../../scripts/*", "../../.ci/*"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matches...)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d scripts", len(files))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, re := range gnuOnly {
				if m := re.FindString(line); m != "" {
					t.Errorf("%s:%d: %q works with GNU tools only: %s", file, i+1, strings.TrimLeft(m, " \t;&|(`'\""), line)
				}
			}
		}
	}
}
