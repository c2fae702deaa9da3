package store

import (
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
)

// objectWriter writes loose objects (writeLoose) and remembers which ones
// it created, so that their folders can be flushed to disk before a ref
// points at them.
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
	if err := w.r.writeLoose(obj); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write object: %w", err)
	}
	w.written = append(w.written, h)
	return h, nil
}

// writeLoose stores obj as a loose object, as git does: its header and
// content compressed with zlib at level 1 (git's core.looseCompression;
// go-git's level 6 takes three times as long for files a tenth smaller, and
// they are packed later anyway), in a temporary file renamed into place.
// An object already there is left alone. Callers hold r.mu.
func (r *Repo) writeLoose(obj plumbing.EncodedObject) (err error) {
	hex := obj.Hash().String()
	dir := filepath.Join(r.gitDir, "objects", hex[:2])
	final := filepath.Join(dir, hex[2:])
	if _, err := os.Lstat(final); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// In objects/pack, where go-git writes its own and where Maintain
	// sweeps away those a crash left.
	tmpDir := filepath.Join(r.gitDir, "objects", "pack")
	if err := os.MkdirAll(tmpDir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(tmpDir, "tmp_obj_")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	src, err := obj.Reader()
	if err != nil {
		return err
	}
	defer src.Close()
	// A compressor is a megabyte of tables: one serves every object.
	if r.zw == nil {
		if r.zw, err = zlib.NewWriterLevel(f, zlib.BestSpeed); err != nil {
			return err
		}
	} else {
		r.zw.Reset(f)
	}
	zw := r.zw
	if _, err = fmt.Fprintf(zw, "%s %d\x00", obj.Type(), obj.Size()); err != nil {
		return err
	}
	if _, err = io.Copy(zw, src); err != nil {
		return err
	}
	if err = zw.Close(); err != nil {
		return err
	}
	if err = f.Chmod(0o444); err != nil {
		return err
	}
	// The bytes reach the disk before the object has its name. Named
	// first, a power cut could leave it named and empty, and every later
	// write of the same object would find it there and keep it.
	if err = fsync(f); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, final)
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

// sync flushes the folders of the objects written so far, so that their
// names stay after a crash; writeLoose flushed their bytes.
func (w *objectWriter) sync() error {
	dirs := make(map[string]bool)
	for _, h := range w.written {
		dirs[filepath.Join(w.r.gitDir, "objects", h.String()[:2])] = true
	}
	if len(dirs) > 0 {
		dirs[filepath.Join(w.r.gitDir, "objects")] = true
	}
	w.written = w.written[:0]
	return syncDirs(dirs)
}
