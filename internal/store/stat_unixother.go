//go:build unix && !linux

package store

import (
	"syscall"
	"time"
)

// changeTime is not read on these systems: git then re-checks the content
// of a file whose ctime differs, which costs time and never correctness.
func changeTime(st *syscall.Stat_t) (time.Time, bool) {
	return time.Time{}, false
}
