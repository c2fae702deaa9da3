package cli

// The model cache: loading an OS is mostly decoding its TOML, and the
// files seldom change between two commands. A valid OS is kept in the
// cache (internal/cache) as a routines snapshot, under the SHA-256 of the
// model files' bytes; an OS whose files hash the same is read from there,
// anything else is loaded from the TOML and kept for next time. Invalid
// OSes are never kept: their errors are always found afresh.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/routines"
)

const (
	modelCacheName    = "model"
	modelCacheVersion = 1
)

// loadFolder is routines.Load(os.DirFS(dir)) through the model cache.
func loadFolder(dir string) (*routines.OS, error) {
	files := map[string][]byte{}
	for _, name := range routines.ModelFiles() {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			// Load words the error as a finding, as it always has.
			return routines.Load(os.DirFS(dir))
		}
		files[name] = b
	}
	return loadFiles(dir, files)
}

// loadFiles is routines.LoadFiles through the model cache of the OS in
// dir.
func loadFiles(dir string, files map[string][]byte) (*routines.OS, error) {
	return loadFilesFrom(dir, nil, nil, files)
}

// loadFilesFrom is loadFiles when base, valid, was loaded from the files
// orig: the files that are the same in both are not decoded again (see
// routines.LoadFilesFrom). base nil: every file is decoded.
func loadFilesFrom(dir string, base *routines.OS, orig, files map[string][]byte) (*routines.OS, error) {
	c := cache.New(os.Getenv, dir)
	key := modelKey(files)
	if b, ok := c.Get(modelCacheName, modelCacheVersion); ok && bytes.HasPrefix(b, key) {
		if o, err := routines.ReadSnapshot(b[len(key):]); err == nil {
			return o, nil
		}
	}
	var o *routines.OS
	var err error
	if base != nil {
		o, err = routines.LoadFilesFrom(base, changedModelFiles(orig, files))
	} else {
		o, err = routines.LoadFiles(files)
	}
	if err == nil && c != nil {
		c.Put(modelCacheName, modelCacheVersion, routines.AppendSnapshot(key, o))
	}
	return o, err
}

// modelKey is the SHA-256 of the model files: each one's name, whether it
// is there, and its bytes.
func modelKey(files map[string][]byte) []byte {
	h := sha256.New()
	var n [8]byte
	for _, name := range routines.ModelFiles() {
		src, ok := files[name]
		h.Write([]byte(name))
		if !ok {
			h.Write([]byte{0})
			continue
		}
		binary.BigEndian.PutUint64(n[:], uint64(len(src)))
		h.Write([]byte{1})
		h.Write(n[:])
		h.Write(src)
	}
	return h.Sum(nil)
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
