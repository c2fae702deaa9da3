package cli

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/myos-dev/myos/internal/store"
)

// TestLockHintNotWritable guards against a write to an OS folder that
// cannot be written to ending without a next step: the hint names the
// folder to look at, quoted to be pasted, and says reading still works.
func TestLockHintNotWritable(t *testing.T) {
	err := lockHint(fmt.Errorf("repair: %w", &store.NotWritableError{Dir: "/home/a b/os/.git", Err: syscall.EACCES}))
	var h *hintError
	if !errors.As(err, &h) {
		t.Fatalf("got %v with no hint, want one", err)
	}
	for _, want := range []string{"ls -ld '/home/a b/os/.git'", "only read"} {
		if !strings.Contains(h.hint, want) {
			t.Errorf("hint: got %q, want it to contain %q", h.hint, want)
		}
	}
}
