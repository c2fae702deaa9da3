package cli

import (
	"fmt"
	"io/fs"
	"testing"

	"golang.org/x/sys/windows"
)

// TestBrokenPipeWindows checks that a write to a pipe whose reader is gone
// is taken as the reader's choice on Windows too, where the error is not
// EPIPE: myos log | more, quit early, exits 0 without an error.
func TestBrokenPipeWindows(t *testing.T) {
	for _, errno := range []windows.Errno{windows.ERROR_NO_DATA, windows.ERROR_BROKEN_PIPE} {
		err := fmt.Errorf("render: %w", &fs.PathError{Op: "write", Path: "/dev/stdout", Err: errno})
		if !brokenPipe(err) {
			t.Errorf("brokenPipe(%v): got false, want true", err)
		}
	}
	if brokenPipe(windows.ERROR_DISK_FULL) {
		t.Errorf("brokenPipe(%v): got true, want false", windows.ERROR_DISK_FULL)
	}
}

// TestMainBrokenPipeWindows checks Main itself: the reader gone, the
// command exits 0 and prints no error.
func TestMainBrokenPipeWindows(t *testing.T) {
	streams, _, errOut := TestIO("")
	streams.Out = failWriter{&fs.PathError{Op: "write", Path: "/dev/stdout", Err: windows.ERROR_NO_DATA}}
	if code := Main([]string{"--help"}, streams); code != ExitOK || errOut.Len() != 0 {
		t.Errorf("myos --help into a closed pipe: got exit %d, %q, want 0 and no error", code, errOut)
	}
}
