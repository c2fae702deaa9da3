package benchdata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/myos-dev/myos/internal/store"
)

// memoryScratch returns a new folder on a memory file system, or "" when
// the machine has none that can be written.
func memoryScratch() string {
	fi, err := os.Stat("/dev/shm")
	if err != nil || !fi.IsDir() {
		return ""
	}
	dir, err := os.MkdirTemp("/dev/shm", "myos-benchdata-")
	if err != nil {
		return ""
	}
	return dir
}

// moveRepo copies the repository in src to dst (missing or empty), keeping
// modes and modification times, and rebuilds dst's index from its HEAD, as
// store.Open does for a missing index, so that the index's stat data is
// that of dst's files.
func moveRepo(src, dst string) error {
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: %w", dst, store.ErrNotEmpty)
	}
	if err := cloneTree(src, dst); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dst, ".git", "index")); err != nil {
		return err
	}
	r, err := store.Open(dst)
	if err != nil {
		return err
	}
	defer r.Close()
	if len(r.Repaired()) == 0 {
		return errors.New("the copied repository's index was not rebuilt")
	}
	st, err := r.Status()
	if err != nil {
		return err
	}
	if len(st) > 0 {
		return fmt.Errorf("the copied repository is not clean: %v", st)
	}
	return nil
}
