//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNotRegularFiles guards against commands that waited for ever on a
// named pipe put where an OS file belongs, or read /dev/zero without end
// through a symbolic link: each must fail at once, saying what the file
// is, and leave it where it was.
func TestNotRegularFiles(t *testing.T) {
	home := scriptEnv(t)
	t.Setenv("EDITOR", "true")
	t.Setenv("VISUAL", "")
	osDir := filepath.Join(home, "os")
	// run gives the exit code and what was printed: stderr, and for
	// check, whose findings are its output, stdout too.
	run := func(t *testing.T, args ...string) (int, string) {
		t.Helper()
		streams, out, errOut := TestIO("")
		done := make(chan int, 1)
		go func() { done <- Main(append(args, "--dir", osDir), streams) }()
		select {
		case code := <-done:
			if args[0] == "check" {
				return code, out.String() + errOut.String()
			}
			return code, errOut.String()
		case <-time.After(20 * time.Second):
			t.Fatalf("myos %s: still running after 20s", strings.Join(args, " "))
			return 0, ""
		}
	}
	if code, errOut := run(t, "init", "--template", "minimal", "--name", "TestOS", "--owner", "Andy"); code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	commands := [][]string{
		{"check"}, {"today"}, {"week"}, {"status"}, {"diff"}, {"stats"}, {"edit"},
		{"add", "routine", "Read", "--cadence", "daily"}, {"commit", "-m", "x"},
		{"review", "--answer", "sleep=yes", "--partial"}, {"render"},
		{"export", "ics", "--out", filepath.Join(home, "out.ics")},
	}
	makers := map[string]func(path string) error{
		"named pipe": func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"device":     func(p string) error { return os.Symlink("/dev/zero", p) },
	}
	for _, file := range []string{"routines.toml", "os.toml", "README.md"} {
		for kind, mk := range makers {
			t.Run(file+" "+kind, func(t *testing.T) {
				p := filepath.Join(osDir, file)
				saved, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if err := mk(p); err != nil {
					t.Fatal(err)
				}
				defer func() {
					os.Remove(p)
					os.WriteFile(p, saved, 0o644)
				}()
				for _, args := range commands {
					code, errOut := run(t, args...)
					if file != "README.md" && code != ExitFailure {
						t.Errorf("myos %s: exit %d, want %d (stderr %q)", strings.Join(args, " "), code, ExitFailure, errOut)
					}
					if code != ExitOK && !strings.Contains(errOut, "myos: ") && !strings.HasPrefix(errOut, "error: ") {
						t.Errorf("myos %s: stderr %q, want an error", strings.Join(args, " "), errOut)
					}
				}
				fi, err := os.Lstat(p)
				if err != nil || fi.Mode().IsRegular() {
					t.Errorf("%s: replaced by a regular file (%v)", file, err)
				}
			})
		}
	}
	// The hint says what to do.
	p := filepath.Join(osDir, "routines.toml")
	os.Remove(p)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	code, errOut := run(t, "status")
	want := "routines.toml: is a named pipe, not a regular file\nhint: myos reads only regular files"
	if code != ExitFailure || !strings.Contains(errOut, want) {
		t.Errorf("status: got exit %d, stderr %q; want exit 1 and %q", code, errOut, want)
	}
}
