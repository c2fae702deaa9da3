package store

// go-git decodes a pack index (.idx) with a read system call for every
// 4-byte fan-out entry and for every fan-out bucket of names, checksums and
// offsets: over a thousand reads per index, milliseconds for every process
// that reads one object from a pack. idxFS hands go-git each .idx as the
// whole file, read in one go; every other file goes to the real file
// system untouched.

import (
	"bytes"
	"os"
	"strings"

	"github.com/go-git/go-billy/v5"
)

// idxFS is the .git file system go-git's storage reads through.
type idxFS struct {
	billy.Filesystem
}

// Open reads a pack index whole; any other file is opened as usual.
func (f idxFS) Open(name string) (billy.File, error) {
	file, err := f.Filesystem.Open(name)
	if err != nil || !strings.HasSuffix(name, ".idx") {
		return file, err
	}
	defer file.Close()
	var data []byte
	if fi, err := f.Filesystem.Stat(name); err == nil {
		data = make([]byte, 0, fi.Size()+1)
	}
	buf := bytes.NewBuffer(data)
	if _, err := buf.ReadFrom(file); err != nil {
		return nil, err
	}
	data = buf.Bytes()
	return &memFile{Reader: bytes.NewReader(data), name: file.Name()}, nil
}

// Chmod and Capabilities pass on what go-git asks of the file system
// through optional interfaces.
func (f idxFS) Chmod(name string, mode os.FileMode) error {
	if c, ok := f.Filesystem.(billy.Chmod); ok {
		return c.Chmod(name, mode)
	}
	return billy.ErrNotSupported
}

func (f idxFS) Capabilities() billy.Capability { return billy.Capabilities(f.Filesystem) }

// memFile is a read-only file held in memory. Like the file it replaces,
// it has no Stat.
type memFile struct {
	*bytes.Reader
	name string
}

func (m *memFile) Name() string              { return m.name }
func (m *memFile) Write([]byte) (int, error) { return 0, os.ErrPermission }
func (m *memFile) Close() error              { return nil }
func (m *memFile) Lock() error               { return nil }
func (m *memFile) Unlock() error             { return nil }
func (m *memFile) Truncate(int64) error      { return os.ErrPermission }
