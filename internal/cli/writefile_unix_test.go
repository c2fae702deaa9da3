//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWriteFileAtomicToPipe guards a path that is not a file: --out
// /dev/null, /dev/stdout or a named pipe is written to, and stays what it
// was. A rename over /dev/null would put a plain file in its place for
// everyone on the machine.
func TestWriteFileAtomicToPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "calendar.pipe")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	// The reader is open before the write, without waiting for a writer,
	// so that a write that replaces the pipe fails the test, not hangs it.
	r, err := os.OpenFile(fifo, os.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := writeFileAtomic(fifo, []byte("BEGIN:VCALENDAR"), "week.ics"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := r.Read(buf)
	if s := string(buf[:n]); s != "BEGIN:VCALENDAR" {
		t.Errorf("the reader of the pipe got %q", s)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe is now %v (%v): replaced by a file", fi.Mode(), err)
	}
}
