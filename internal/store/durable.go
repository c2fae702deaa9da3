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
	return flush(f, f.Name())
}

// flushed, when a test sets it, is told the name of each file flushed to
// disk, right after the flush, while the file still has that name.
var flushed func(name string)

// flush flushes f, a file named name, to disk unless durability is off.
func flush(f interface{ Sync() error }, name string) error {
	if notDurable.Load() {
		return nil
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if flushed != nil {
		flushed(name)
	}
	return nil
}
