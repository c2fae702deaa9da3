//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// processAlive reports whether a process with this pid exists on this host.
// A process owned by another user counts as alive.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// serializeClearing runs clear while holding an advisory lock on path, so
// that two processes never clear the repository lock at the same time. The
// kernel drops the advisory lock when its process dies: it can never be
// left stale itself.
func serializeClearing(path string, clear func() error) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return err
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return clear()
}
