//go:build !unix

package store

import "os"

// processAlive reports whether a process with this pid exists on this host.
// Where signals cannot probe a process, finding it is the best answer.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}

// serializeClearing runs clear. Without advisory locks, clearStale's
// rename-and-check is what keeps two clearers apart.
func serializeClearing(path string, clear func() error) error { return clear() }
