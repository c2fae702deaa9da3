//go:build unix

package cli

import (
	"errors"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// pasteGap is how long after a line its paste's next line may take to
// come: a terminal hands a paste over in one write, or a few quick ones,
// and nobody types a line and Enter this fast.
const pasteGap = 30 * time.Millisecond

// inputWaiting returns a check that a whole line is already waiting on
// the terminal fd, or comes within pasteGap. On a terminal in its usual
// line mode, poll says so of whole lines only.
func inputWaiting(fd int) func() bool {
	return func() bool {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			n, err := unix.Poll(fds, int(pasteGap/time.Millisecond))
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			return err == nil && n > 0 && fds[0].Revents&unix.POLLIN != 0
		}
	}
}
