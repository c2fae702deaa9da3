package store

import (
	"fmt"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
)

// objectWriter writes objects through the storer and remembers which loose
// files it created, so that they can be flushed to disk before a ref points
// at them: go-git writes loose objects without fsync.
type objectWriter struct {
	r       *Repo
	written []plumbing.Hash
}

// put stores obj unless the repository already has it, and returns its id.
func (w *objectWriter) put(obj plumbing.EncodedObject) (plumbing.Hash, error) {
	h := obj.Hash()
	if w.r.hasObject(h) {
		return h, nil
	}
	h, err := w.r.st.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write object: %w", err)
	}
	w.written = append(w.written, h)
	return h, nil
}

// putBlob stores data as a blob.
func (w *objectWriter) putBlob(data []byte) (plumbing.Hash, error) {
	obj := w.r.st.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(data)))
	ow, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := ow.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := ow.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return w.put(obj)
}

// sync flushes every object written so far, and their directories.
func (w *objectWriter) sync() error {
	dirs := make(map[string]bool)
	for _, h := range w.written {
		hex := h.String()
		dir := filepath.Join(w.r.gitDir, "objects", hex[:2])
		if err := syncFile(filepath.Join(dir, hex[2:])); err != nil {
			return fmt.Errorf("sync object %s: %w", hex, err)
		}
		dirs[dir] = true
	}
	if len(dirs) > 0 {
		dirs[filepath.Join(w.r.gitDir, "objects")] = true
	}
	w.written = w.written[:0]
	return syncDirs(dirs)
}
