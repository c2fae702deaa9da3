//go:build unix

package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// TestEditInterruptedAtQuestion: Ctrl-C at "(e)dit again or (a)bandon?",
// asked with the lock held, abandons the edit and lets the lock go,
// instead of ending myos with the lock and the editor's copy left behind.
func TestEditInterruptedAtQuestion(t *testing.T) {
	script := filepath.Join(t.TempDir(), "break.sh")
	if err := os.WriteFile(script, []byte("echo 'not = [toml' > \"$1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, dir := editTestOS(t, "", "sh "+script)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	before, err := os.ReadFile(filepath.Join(dir, routines.FileRoutines))
	if err != nil {
		t.Fatal(err)
	}
	// The person presses Ctrl-C instead of answering: the terminal sends
	// SIGINT, and no line comes (the input ends after a while, so that a
	// myos that does not listen fails the test instead of hanging it).
	d.io.In = readerFunc(func([]byte) (int, error) {
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Error(err)
		}
		time.Sleep(5 * time.Second)
		return 0, io.EOF
	})
	err = runEdit(d, editOptions{})
	if !errors.Is(err, errEditInterrupted) {
		t.Fatalf("got %v, want the edit interrupted", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", store.LockFile)); !os.IsNotExist(err) {
		t.Errorf("the lock is still held after the edit was interrupted (%v)", err)
	}
	after, err := os.ReadFile(filepath.Join(dir, routines.FileRoutines))
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("routines.toml changed:\n%s", after)
	}
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "myos-edit-") {
			t.Errorf("the editor's copy was left in %s", filepath.Join(tmp, e.Name()))
		}
	}
}
