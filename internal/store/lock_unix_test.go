//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLockNotWritable guards against a write to an OS folder the user
// cannot write to failing with the name of the lock's temporary file: it
// says which folder is not writable, as a NotWritableError. Root writes
// through file modes, so as root the test runs the attempt as nobody.
func TestLockNotWritable(t *testing.T) {
	base, err := os.MkdirTemp("", "myos-notwritable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(base)
	})
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "my OS")
	r, err := Init(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	commit(t, r, "first", t0, "os.toml", "x\n")
	gitDir := filepath.Join(dir, ".git")
	if err := os.Chmod(gitDir, 0o555); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MYOS_STORE_HELPER=lock", "MYOS_STORE_DIR="+dir)
	if os.Getuid() == 0 {
		// nobody must reach the test binary as well as the folder.
		bin := filepath.Join(base, "store.test")
		copyFile(t, os.Args[0], bin)
		cmd.Path, cmd.Args[0] = bin, bin
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	got := string(out)
	if !strings.HasPrefix(got, "not writable: true\n") {
		t.Fatalf("lock in a folder that cannot be written to: got %q, want a NotWritableError", got)
	}
	if !strings.Contains(got, gitDir+" is not writable") {
		t.Errorf("error: got %q, want it to name %s", got, gitDir)
	}
	if strings.Contains(got, tempMarker) {
		t.Errorf("error: got %q, want no temporary file's name", got)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
