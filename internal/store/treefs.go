package store

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ReadFile returns the content of path in the commit rev names. It fails
// with an error matching fs.ErrNotExist when the commit has no such file.
func (r *Repo) ReadFile(rev, path string) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	h, err := r.resolve(rev)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	tree, err := r.commitTree(h)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !fs.ValidPath(path) || path == "." {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fs.ErrInvalid}
	}
	e, found, err := r.lookup(tree, path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !found {
		return nil, fmt.Errorf("read %s at %s: %w", path, h.String()[:7], fs.ErrNotExist)
	}
	if e.Mode == filemode.Dir || e.Mode == filemode.Submodule {
		return nil, fmt.Errorf("read %s at %s: %w", path, h.String()[:7], errIsDir)
	}
	return r.blob(e.Hash)
}

// blob reads a blob's content; callers hold r.mu.
func (r *Repo) blob(h plumbing.Hash) ([]byte, error) {
	b, err := r.repo.BlobObject(h)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	return data, nil
}

// TreeFS returns a read-only file system over the files of the commit rev
// names. Every file and directory carries the commit's time as ModTime.
// It is safe for concurrent use.
func (r *Repo) TreeFS(rev string) (fs.FS, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	h, err := r.resolve(rev)
	if err != nil {
		return nil, fmt.Errorf("tree of %s: %w", rev, err)
	}
	c, err := r.commit(h)
	if err != nil {
		return nil, fmt.Errorf("tree of %s: %w", rev, err)
	}
	return &treeFS{r: r, root: c.TreeHash, mtime: c.Committer.When}, nil
}

type treeFS struct {
	r     *Repo
	root  plumbing.Hash
	mtime time.Time
}

func (t *treeFS) entry(op, name string) (object.TreeEntry, error) {
	if !fs.ValidPath(name) {
		return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return object.TreeEntry{Name: ".", Mode: filemode.Dir, Hash: t.root}, nil
	}
	t.r.mu.Lock()
	e, found, err := t.r.lookup(t.root, name)
	t.r.mu.Unlock()
	if err != nil {
		return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	if !found || e.Mode == filemode.Submodule {
		return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return e, nil
}

// Open implements fs.FS.
func (t *treeFS) Open(name string) (fs.File, error) {
	e, err := t.entry("open", name)
	if err != nil {
		return nil, err
	}
	info := t.info(name, e)
	if e.Mode == filemode.Dir {
		entries, err := t.readDir(name, e.Hash)
		if err != nil {
			return nil, err
		}
		return &treeDir{info: info, entries: entries}, nil
	}
	t.r.mu.Lock()
	data, err := t.r.blob(e.Hash)
	t.r.mu.Unlock()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &blobFile{info: info, Reader: bytes.NewReader(data)}, nil
}

// ReadFile implements fs.ReadFileFS.
func (t *treeFS) ReadFile(name string) ([]byte, error) {
	e, err := t.entry("read", name)
	if err != nil {
		return nil, err
	}
	if e.Mode == filemode.Dir {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	data, err := t.r.blob(e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

// ReadDir implements fs.ReadDirFS.
func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	e, err := t.entry("readdir", name)
	if err != nil {
		return nil, err
	}
	if e.Mode != filemode.Dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fmt.Errorf("not a directory")}
	}
	return t.readDir(name, e.Hash)
}

// Stat implements fs.StatFS.
func (t *treeFS) Stat(name string) (fs.FileInfo, error) {
	e, err := t.entry("stat", name)
	if err != nil {
		return nil, err
	}
	return t.info(name, e), nil
}

func (t *treeFS) readDir(name string, h plumbing.Hash) ([]fs.DirEntry, error) {
	t.r.mu.Lock()
	tree, err := t.r.tree(h)
	t.r.mu.Unlock()
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	out := make([]fs.DirEntry, 0, len(tree.Entries))
	for _, e := range tree.Entries {
		if e.Mode == filemode.Submodule {
			continue
		}
		info := t.info(e.Name, e)
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (t *treeFS) info(name string, e object.TreeEntry) *treeInfo {
	base := name
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		base = name[i+1:]
	}
	info := &treeInfo{name: base, mtime: t.mtime}
	switch e.Mode {
	case filemode.Dir:
		info.mode = fs.ModeDir | 0o555
	case filemode.Executable:
		info.mode = 0o555
	default:
		info.mode = 0o444
	}
	if e.Mode != filemode.Dir {
		t.r.mu.Lock()
		if n, err := t.r.objs.EncodedObjectSize(e.Hash); err == nil {
			info.size = n
		}
		t.r.mu.Unlock()
	}
	return info
}

type treeInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
}

func (i *treeInfo) Name() string       { return i.name }
func (i *treeInfo) Size() int64        { return i.size }
func (i *treeInfo) Mode() fs.FileMode  { return i.mode }
func (i *treeInfo) ModTime() time.Time { return i.mtime }
func (i *treeInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *treeInfo) Sys() any           { return nil }

type blobFile struct {
	info *treeInfo
	*bytes.Reader
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *blobFile) Close() error               { return nil }

type treeDir struct {
	info    *treeInfo
	entries []fs.DirEntry
	offset  int
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Close() error               { return nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errIsDir}
}

// ReadDir implements fs.ReadDirFile.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.offset:]
	if n <= 0 {
		d.offset = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.offset += n
	return rest[:n], nil
}

// FileIDs returns the blob id (hex) of each of paths in revision rev; a
// path that is not a file there is left out. With BlobID it tells which
// files differ between a revision and the folder without reading them.
func (r *Repo) FileIDs(rev string, paths []string) (map[string]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	h, err := r.resolve(rev)
	if err != nil {
		return nil, fmt.Errorf("files of %s: %w", rev, err)
	}
	tree, err := r.commitTree(h)
	if err != nil {
		return nil, fmt.Errorf("files of %s: %w", rev, err)
	}
	out := make(map[string]string, len(paths))
	for _, p := range paths {
		if !fs.ValidPath(p) || p == "." {
			return nil, &fs.PathError{Op: "read", Path: p, Err: fs.ErrInvalid}
		}
		e, found, err := r.lookup(tree, p)
		if err != nil {
			return nil, fmt.Errorf("files of %s: %w", rev, err)
		}
		if found && e.Mode != filemode.Dir && e.Mode != filemode.Submodule {
			out[p] = e.Hash.String()
		}
	}
	return out, nil
}

// BlobID is the id git gives a file holding data.
func BlobID(data []byte) string {
	return plumbing.ComputeHash(plumbing.BlobObject, data).String()
}
