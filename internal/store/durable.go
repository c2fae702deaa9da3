package store

import (
	"os"
	"sync/atomic"
)

// notDurable is set while SetDurable(false) is in effect.
var notDurable atomic.Bool

// SetDurable chooses whether the store's writes wait for the disk (fsync)
// before they count as done, for every Repo in the process, and returns the
// previous setting. Writes are durable by default and myos never turns
// that off. A program that builds throwaway repositories in bulk, such as
// the benchmark's generator, may: what it writes is the same, but a crash
// of the machine while it writes can leave a broken repository.
func SetDurable(on bool) (was bool) {
	return !notDurable.Swap(!on)
}

// fsync flushes f to disk unless durability is off.
func fsync(f *os.File) error {
	if notDurable.Load() {
		return nil
	}
	return f.Sync()
}
