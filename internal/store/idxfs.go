package store

// go-git decodes a pack index (.idx) with a read system call for every
// 4-byte fan-out entry and for every fan-out bucket of names, checksums and
// offsets: over a thousand reads per index, milliseconds for every process
// that reads one object from a pack. idxFS hands go-git each .idx as the
// whole file, read in one go; every other file goes to the real file
// system untouched, but for the lock files under refs/, which it hides
// (see refLockPath).

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// readStorage is a go-git storage of the repository whose .git folder is
// gitDir, read through idxFS, for reading only.
func readStorage(gitDir string) *filesystem.Storage {
	return filesystem.NewStorage(idxFS{Filesystem: osfs.New(gitDir), root: gitDir}, cache.NewObjectLRUDefault())
}

// idxFS is the .git file system go-git's storage reads through.
type idxFS struct {
	billy.Filesystem
	// root is the .git folder itself: files under objects/ are opened
	// there directly (see Open).
	root string
}

// Open reads a pack index whole. Other files under objects/ (loose
// objects, packs) it opens directly: the chroot file system resolves every
// folder of every path it opens for symbolic links, four lstat calls per
// loose object, a tenth of `myos diff`'s time; git writes no links there.
// Any other file is opened as usual.
func (f idxFS) Open(name string) (billy.File, error) {
	if refLockPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f.root != "" && strings.HasPrefix(name, "objects"+string(filepath.Separator)) && filepath.IsLocal(name) && !strings.HasSuffix(name, ".idx") {
		file, err := os.Open(filepath.Join(f.root, name))
		if err != nil {
			return nil, err
		}
		return &osFile{File: file, name: name}, nil
	}
	file, err := f.Filesystem.Open(name)
	if err != nil && errors.Is(err, fs.ErrNotExist) {
		if empty, ok := vanishedIndex(name); ok {
			return empty, nil
		}
	}
	if err != nil || !strings.HasSuffix(name, ".idx") {
		return file, err
	}
	defer file.Close()
	var data []byte
	if fi, err := f.Filesystem.Stat(name); err == nil {
		// Room for the whole file and the MinRead bytes ReadFrom wants
		// free to find the end, lest it double the buffer at the last read.
		data = make([]byte, 0, fi.Size()+bytes.MinRead)
	}
	buf := bytes.NewBuffer(data)
	if _, err := buf.ReadFrom(file); err != nil {
		return nil, err
	}
	data = buf.Bytes()
	return &memFile{Reader: bytes.NewReader(data), name: file.Name()}, nil
}

// vanishedIndex is what Open gives for the index of a pack, name, that is
// not there: a pack index removed since the listing of objects/pack that
// named it, which lists only packs with their index (see ReadDir). go-git
// reads the indexes of all the packs it listed, and one gone failed the
// whole look ("packfile not found"), which a reader then had to make
// again. Packing removes a pack only once its objects are in another pack
// (see maintain), and git does likewise: the index reads as one of no
// objects, as a listing a moment later would leave the pack out.
func vanishedIndex(name string) (billy.File, bool) {
	dir, base := filepath.Split(filepath.Clean(name))
	hex, ok := strings.CutSuffix(strings.TrimPrefix(base, "pack-"), ".idx")
	if filepath.Clean(dir) != filepath.Join("objects", "pack") || !strings.HasPrefix(base, "pack-") || !ok || len(hex) != 40 || !isHex(hex) {
		return nil, false
	}
	// A fan-out table of zeros, no object, and the pack's checksum, which
	// go-git checks against the pack's name.
	data := make([]byte, 0, idxHeaderLen+idxFanoutLen+2*sha1.Size)
	data = append(data, idxMagic...)
	data = append(data, make([]byte, idxFanoutLen)...)
	sum := plumbing.NewHash(hex)
	data = append(data, sum[:]...)
	own := sha1.Sum(data)
	data = append(data, own[:]...)
	return &memFile{Reader: bytes.NewReader(data), name: name}, true
}

// Stat of a file under objects/ is made directly, as Open does.
func (f idxFS) Stat(name string) (os.FileInfo, error) {
	if refLockPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	if f.root != "" && strings.HasPrefix(name, "objects"+string(filepath.Separator)) && filepath.IsLocal(name) {
		return os.Stat(filepath.Join(f.root, name))
	}
	return f.Filesystem.Stat(name)
}

// ReadDir lists a folder. In objects/pack it leaves out each pack whose
// index is not beside it, as git does: a pack is usable only through its
// index, and git writes a pack before its index, so a git killed between
// the two leaves one. go-git listed such a pack, then failed every read
// through packs, and panicked iterating objects. Under refs/ it leaves out
// lock files (see refLockPath).
func (f idxFS) ReadDir(name string) ([]os.FileInfo, error) {
	infos, err := f.list(name)
	if err == nil && underRefs(name) {
		kept := infos[:0]
		for _, fi := range infos {
			if !strings.HasSuffix(fi.Name(), ".lock") {
				kept = append(kept, fi)
			}
		}
		return kept, nil
	}
	if err != nil || filepath.Clean(name) != filepath.Join("objects", "pack") {
		return infos, err
	}
	names := make(map[string]bool, len(infos))
	for _, fi := range infos {
		names[fi.Name()] = true
	}
	kept := infos[:0]
	for _, fi := range infos {
		if base, ok := strings.CutSuffix(fi.Name(), ".pack"); ok && !names[base+".idx"] {
			continue
		}
		kept = append(kept, fi)
	}
	return kept, nil
}

// refLockPath reports whether name, a path in the .git folder, is a lock file
// under refs/ or lies in a folder named like one. No ref's name has a part
// ending in ".lock": git moves a ref by writing its new value to the lock
// file and renaming it over the ref, and a git or myos killed on the way
// leaves the lock file behind. go-git read refs/heads/main.lock as a
// branch "main.lock", and failed every listing of refs, so every fetch and
// push, while one was empty; git ignores them, and so do the store's reads.
// Whether a lock stops a write is health's and the ref writers' concern,
// who look at the files themselves.
func refLockPath(name string) bool {
	if !underRefs(name) {
		return false
	}
	for _, part := range strings.Split(filepath.ToSlash(filepath.Clean(name)), "/") {
		if strings.HasSuffix(part, ".lock") {
			return true
		}
	}
	return false
}

// underRefs reports whether name, a path in the .git folder, is refs/ or
// lies under it.
func underRefs(name string) bool {
	name = filepath.ToSlash(filepath.Clean(name))
	return name == "refs" || strings.HasPrefix(name, "refs/")
}

// list lists a folder of the repository. An entry removed between the
// listing and its stat is left out, as a listing a moment later would
// have it. billy's listing failed whole then, and go-git takes a listing
// that fails as "not there": of objects/pack, as no pack at all, and of
// refs/heads, as no branch. Entries come and go in both while another
// process writes: an object goes through a temporary file in objects/pack
// (writeLoose, a fetch's or a push's pack), a ref through its .lock file,
// a packing removes the packs it merged. Reads then failed with "object
// not found" for every packed object (a fetch from a repository being
// pushed to: "fetch: object not found"), and a repository being pushed to
// could show no branch.
func (f idxFS) list(name string) ([]os.FileInfo, error) {
	if f.root == "" || !filepath.IsLocal(name) {
		return f.Filesystem.ReadDir(name)
	}
	entries, err := os.ReadDir(filepath.Join(f.root, name))
	if err != nil {
		return nil, err
	}
	infos := make([]os.FileInfo, 0, len(entries))
	for _, e := range entries {
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		infos = append(infos, fi)
	}
	return infos, nil
}

// go-git flushes nothing it writes (see GOGIT.md). Under objects/ it writes
// a fetched or pushed pack to a temporary file, the pack's index in place,
// and a loose object to a temporary file, and then names the pack or the
// object by a rename. A power cut after a ref came to point at them could
// leave the names with no bytes behind them. So each file go-git creates
// under objects/ is flushed when it is closed, before it is named, and the
// folder after the rename. A pack's index is written to a temporary file
// too, and named on Close only when whole (see Create).

// TempFile creates a temporary file. Under objects/ it is created directly
// (the chroot file system's files cannot be flushed) and flushed to disk
// when closed.
func (f idxFS) TempFile(dir, prefix string) (billy.File, error) {
	if f.root == "" || !underObjects(dir) || !filepath.IsLocal(dir) {
		return f.Filesystem.TempFile(dir, prefix)
	}
	full := filepath.Join(f.root, dir)
	if err := os.MkdirAll(full, 0o755); err != nil {
		return nil, err
	}
	file, err := os.CreateTemp(full, prefix)
	if err != nil {
		return nil, err
	}
	return &flushOnClose{osFile: &osFile{File: file, name: filepath.Join(dir, filepath.Base(file.Name()))}}, nil
}

// Create creates a file. Under objects/ it is created directly and flushed
// to disk when closed, as TempFile's. A pack's index, which go-git writes
// in place before it renames the pack in, is written to a temporary file
// beside it instead and named by Close, only once whole: a process killed
// while writing it left an index cut short, which the same pack fetched or
// pushed again right after was kept with, unreadable (the leftover's age
// is all a remote has to tell it from an index being written now; see
// removeBrokenOrphanIndexes).
func (f idxFS) Create(name string) (billy.File, error) {
	if f.root == "" || !underObjects(name) || !filepath.IsLocal(name) {
		return f.Filesystem.Create(name)
	}
	full := filepath.Join(f.root, name)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	if isPackIndex(name) {
		file, err := os.CreateTemp(filepath.Dir(full), "tmp_idx_")
		if err != nil {
			return nil, err
		}
		return &flushOnClose{osFile: &osFile{File: file, name: name}, final: full}, nil
	}
	file, err := os.OpenFile(full, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return nil, err
	}
	return &flushOnClose{osFile: &osFile{File: file, name: name}}, nil
}

// isPackIndex reports whether name, a path in the .git folder, is a pack's
// index in objects/pack.
func isPackIndex(name string) bool {
	dir, base := filepath.Split(filepath.Clean(name))
	return filepath.Clean(dir) == filepath.Join("objects", "pack") && strings.HasPrefix(base, "pack-") && strings.HasSuffix(base, ".idx")
}

// Rename renames a file; one renamed into objects/ has its folder flushed
// after, and objects/ itself, where go-git may have just made the folder.
func (f idxFS) Rename(from, to string) error {
	if err := f.Filesystem.Rename(from, to); err != nil {
		return err
	}
	if f.root == "" || !underObjects(to) || !filepath.IsLocal(to) {
		return nil
	}
	dir := filepath.Dir(filepath.Join(f.root, to))
	if err := syncDir(dir); err != nil {
		return err
	}
	return syncDir(filepath.Join(f.root, "objects"))
}

// underObjects reports whether name, a path in the .git folder, lies under
// objects/.
func underObjects(name string) bool {
	return strings.HasPrefix(filepath.ToSlash(filepath.Clean(name)), "objects/")
}

// flushOnClose is a file go-git writes under objects/: Close flushes it to
// disk first. With final set, the file is a temporary one that Close
// renames to final, and flushes the folder, if it holds a whole pack
// index; otherwise Close removes it.
type flushOnClose struct {
	*osFile
	final  string
	closed bool
}

func (c *flushOnClose) Close() error {
	if c.closed {
		return c.File.Close() // as the file itself answers a second Close
	}
	c.closed = true
	if c.final == "" {
		if err := flush(c.File, c.name); err != nil {
			c.File.Close()
			return err
		}
		return c.File.Close()
	}
	tmp := c.File.Name()
	err := flush(c.File, tmp)
	if cerr := c.File.Close(); err == nil {
		err = cerr
	}
	if err == nil && !packIndexWhole(tmp) {
		// go-git closes an index it failed to write, and ignores the error.
		err = fmt.Errorf("write %s: the index is not whole", c.name)
	}
	if err == nil {
		err = os.Rename(tmp, c.final)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(c.final))
}

// osFile is a file under objects/ opened for reading.
type osFile struct {
	*os.File
	name string
}

func (o *osFile) Name() string  { return o.name }
func (o *osFile) Lock() error   { return billy.ErrNotSupported }
func (o *osFile) Unlock() error { return billy.ErrNotSupported }

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
