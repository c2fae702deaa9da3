package store

// Every file the store writes goes through writeFileAtomic: a temporary file
// in the same directory, fsync, rename over the target. Callers fsync the
// directories afterwards, once each, so a crash leaves the old file or the
// new one and never a mix.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// tempMarker is part of every temporary file name the store creates in the
// work tree, so that Status can ignore leftovers of a crash.
const tempMarker = ".myos-tmp-"

// writeFileAtomic replaces path with data, giving it perm. It does not fsync
// the directory.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := writeTempFile(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeTempFile writes data, flushed to disk, to a new temporary file beside
// path and returns its name, for the caller to rename over path.
func writeTempFile(path string, data []byte, perm os.FileMode) (tmp string, err error) {
	f, err := createTempFile(path, data, perm)
	if err != nil {
		return "", err
	}
	if err := f.flush(); err != nil {
		return "", err
	}
	return f.name, nil
}

// tempFile is a temporary file written and not yet flushed to disk.
type tempFile struct {
	f    *os.File
	name string
}

// createTempFile writes data to a new temporary file beside path and
// leaves it open, not yet flushed: flush it before renaming it over path.
func createTempFile(path string, data []byte, perm os.FileMode) (t tempFile, err error) {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+tempMarker+"*")
	if err != nil {
		return tempFile{}, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return tempFile{}, err
	}
	if err = f.Chmod(perm); err != nil {
		return tempFile{}, err
	}
	return tempFile{f: f, name: f.Name()}, nil
}

// flush writes the file to disk and closes it; on failure it removes it.
func (t tempFile) flush() error {
	err := fsync(t.f)
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(t.name)
	}
	return err
}

// flushWorkers is how many files flushTemps flushes at a time.
const flushWorkers = 16

// flushTemps flushes and closes the files, several at a time, and returns
// each one's error; a file that failed is removed. Flushes that wait at the
// same time share the file system's journal commits.
func flushTemps(ts []tempFile) []error {
	errs := make([]error, len(ts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(flushWorkers, len(ts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = ts[i].flush()
			}
		}()
	}
	for i := range ts {
		next <- i
	}
	close(next)
	wg.Wait()
	return errs
}

// abandon closes and removes the file.
func (t tempFile) abandon() {
	t.f.Close()
	os.Remove(t.name)
}

// syncFile flushes an existing file to disk.
func syncFile(path string) error {
	if notDurable.Load() {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = fsync(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir flushes a directory's entries (creations, renames, removals) to
// disk. Systems that cannot fsync a directory are skipped.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		return nil
	}
	return syncFile(dir)
}

// syncDirs fsyncs each directory once.
func syncDirs(dirs map[string]bool) error {
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return fmt.Errorf("sync %s: %w", d, err)
		}
	}
	return nil
}

// createExclusive creates a lock-style file (git's "path.lock" protocol):
// it fails with os.ErrExist when the file exists.
func createExclusive(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// errGitLocked means git's own lock file for a ref or the index exists.
var errGitLocked = errors.New("locked by git")

// commitLockFile writes data to path+".lock", created exclusively, fsyncs it
// and renames it over path. This is git's own protocol for refs and the
// index, so a git process running at the same time sees it as a lock.
func commitLockFile(path string, data []byte) error {
	return updateLockFile(path, func() ([]byte, bool, error) { return data, true, nil })
}

// updateLockFile is commitLockFile for a new version that depends on the
// old one: content is called once the lock is held, so that what it reads
// of path no git process can change before the rename, and gives the new
// version, or write false to leave path as it is.
func updateLockFile(path string, content func() (data []byte, write bool, err error)) (err error) {
	lock := path + ".lock"
	f, err := createExclusive(lock)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%w: %s exists: another git process seems to be running; if none is, remove it", errGitLocked, lock)
	}
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(lock)
		}
	}()
	data, write, err := content()
	if err != nil || !write {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = fsync(f); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(lock, path); err != nil {
		return err
	}
	done = true
	return syncDir(filepath.Dir(path))
}

// validPath checks a slash path relative to the repository root.
func validPath(p string) error {
	if p == "" {
		return errors.New("empty path")
	}
	if strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") {
		return fmt.Errorf("path %q must be relative, without a trailing slash", p)
	}
	if strings.ContainsAny(p, "\\\x00") {
		return fmt.Errorf("path %q has a backslash or NUL", p)
	}
	for _, part := range strings.Split(p, "/") {
		switch {
		case part == "" || part == "." || part == "..":
			return fmt.Errorf("path %q is not clean", p)
		case strings.EqualFold(part, ".git"):
			return fmt.Errorf("path %q is inside .git", p)
		}
	}
	return nil
}
