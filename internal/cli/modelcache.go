package cli

// The model cache: loading an OS is mostly decoding its TOML, and the
// files seldom change between two commands. A valid OS is kept in the
// cache (internal/cache) as a routines snapshot, under the SHA-256 of each
// model file; an OS whose files hash the same is read from there. When
// some files differ (a hand edit, a commit made with git), only those are
// decoded, the rest taken from the kept OS (routines.LoadFilesFrom), and
// the result is kept for next time. Invalid OSes are never kept: their
// errors are always found afresh.

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"

	"path/filepath"
	"sync"

	"github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

const (
	modelCacheName = "model"
	modelCacheForm = 2 // changes whenever the entry's form does
)

// modelCacheVersion is the model cache entry's version: its form, and the
// build of myos that wrote it. The entry holds an OS as valid, and what is
// valid is a version of myos's to say: after an upgrade, files an older
// myos found valid are checked again. A build is known by its version and
// by its executable's size and time, as a build without version control
// data (a source archive's, -buildvcs=false) says "devel" like any other.
var modelCacheVersion = sync.OnceValue(func() uint32 {
	build := version()
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			build += fmt.Sprintf(" %d %d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return crc32.ChecksumIEEE(fmt.Appendf(nil, "%d %s", modelCacheForm, build))
})

// loadFolder is routines.Load(workfile.DirFS(dir)) through the model cache.
func (d *deps) loadFolder(dir string) (*routines.OS, error) {
	files, ok := readModelFiles(dir)
	if !ok {
		// Load words the error as a finding, as it always has.
		return routines.Load(workfile.DirFS(dir))
	}
	return d.loadFiles(dir, files)
}

// readModelFiles reads the model files there are in dir; false when one
// is there but cannot be read.
func readModelFiles(dir string) (map[string][]byte, bool) {
	files := map[string][]byte{}
	for _, name := range routines.ModelFiles() {
		b, err := workfile.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, false
		}
		files[name] = b
	}
	return files, true
}

// cachedValid reports whether the model cache of the OS in dir holds the
// OS of exactly these files, kept by this version of myos (the snapshot's
// form has not changed since). Only a valid OS is kept, so they are valid:
// a command that needs no more than that need not read the OS back.
func (d *deps) cachedValid(dir string, files map[string][]byte) bool {
	b, ok := cache.New(d.getenv, dir).Get(modelCacheName, modelCacheVersion())
	key := modelKey(files)
	return ok && len(b) >= len(key) && bytes.Equal(b[:len(key)], key) && routines.SnapshotCurrent(b[len(key):])
}

// loadFiles is routines.LoadFiles through the model cache of the OS in
// dir.
func (d *deps) loadFiles(dir string, files map[string][]byte) (*routines.OS, error) {
	return d.loadFilesFrom(dir, nil, nil, files)
}

// loadFilesFrom is loadFiles when base, valid, was loaded from the files
// orig: the files that are the same in both are not decoded again (see
// routines.LoadFilesFrom). base nil: every file is decoded.
func (d *deps) loadFilesFrom(dir string, base *routines.OS, orig, files map[string][]byte) (*routines.OS, error) {
	c := cache.New(d.getenv, dir)
	key := modelKey(files)
	var cached *routines.OS
	var cachedKey []byte
	if b, ok := c.Get(modelCacheName, modelCacheVersion()); ok && len(b) >= len(key) {
		if o, err := routines.ReadSnapshot(b[len(key):]); err == nil {
			if bytes.Equal(b[:len(key)], key) {
				return o, nil
			}
			cached, cachedKey = o, b[:len(key)]
		}
	}
	var o *routines.OS
	var err error
	switch {
	case base != nil:
		o, err = routines.LoadFilesFrom(base, changedModelFiles(orig, files))
	case cached != nil:
		// The cached OS is of other files: decode only those that differ.
		o, err = routines.LoadFilesFrom(cached, keyChanges(cachedKey, key, files))
	default:
		o, err = routines.LoadFiles(files)
	}
	if err == nil && c != nil {
		c.Put(modelCacheName, modelCacheVersion(), routines.AppendSnapshot(key, o))
	}
	return o, err
}

// modelKeyLen is the length of a modelKey: for each model file, whether it
// is there and the SHA-256 of its bytes.
var modelKeyLen = len(routines.ModelFiles()) * (1 + sha256.Size)

// modelKey says which model files there are and the SHA-256 of each, so
// that an OS kept for other files tells which of these differ.
func modelKey(files map[string][]byte) []byte {
	key := make([]byte, 0, modelKeyLen)
	for _, name := range routines.ModelFiles() {
		src, ok := files[name]
		if !ok {
			key = append(key, 0)
			key = append(key, make([]byte, sha256.Size)...)
			continue
		}
		sum := sha256.Sum256(src)
		key = append(key, 1)
		key = append(key, sum[:]...)
	}
	return key
}

// keyChanges is what routines.LoadFilesFrom wants to go from the files of
// key old to files, whose key is now.
func keyChanges(old, now []byte, files map[string][]byte) map[string][]byte {
	changed := map[string][]byte{}
	const n = 1 + sha256.Size
	for i, name := range routines.ModelFiles() {
		if bytes.Equal(old[i*n:(i+1)*n], now[i*n:(i+1)*n]) {
			continue
		}
		changed[name] = files[name] // nil when the file is gone
	}
	return changed
}

// changedModelFiles is what routines.LoadFilesFrom wants to go from the model
// files orig to files: each file that differs, nil for one removed.
func changedModelFiles(orig, files map[string][]byte) map[string][]byte {
	changed := map[string][]byte{}
	for _, name := range routines.ModelFiles() {
		a, inOrig := orig[name]
		b, inFiles := files[name]
		switch {
		case inFiles && (!inOrig || !bytes.Equal(a, b)):
			changed[name] = b
		case inOrig && !inFiles:
			changed[name] = nil
		}
	}
	return changed
}
