package tmpl

// Git sources. A template repository is cloned bare into the cache — no
// work tree, no checkout — and read from the objects of its HEAD commit,
// so its files, symlinks, executables and hooks never land on disk as
// files, and nothing of it ever runs. file:// is served in-process by
// go-git, so no git binary is needed.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/myos-dev/myos/routines"
)

// Schemes are the URL schemes a git template may be fetched over.
var Schemes = []string{"https", "ssh", "git", "file"}

// IsURL reports whether ref names a git repository rather than a
// built-in template or a folder.
func IsURL(ref string) bool { return strings.Contains(ref, "://") }

// ParseURL splits a git source "URL" or "URL#FOLDER" into the repository's
// URL and the folder of the template inside it ("" for the top). It
// refuses schemes other than Schemes, file URLs that are not absolute,
// passwords in the URL (they would be stored in plain text), and folders
// that leave the repository.
func ParseURL(ref string) (repoURL, subdir string, err error) {
	repoURL, subdir, _ = strings.Cut(ref, "#")
	u, err := url.Parse(repoURL)
	if err != nil {
		return "", "", fmt.Errorf("template %s: %w", ref, err)
	}
	ok := false
	for _, s := range Schemes {
		ok = ok || u.Scheme == s
	}
	if !ok {
		return "", "", fmt.Errorf("template %s: scheme %q: use https://, ssh://, git:// or file://", ref, u.Scheme)
	}
	if _, set := u.User.Password(); set {
		return "", "", fmt.Errorf("template %s: the URL holds a password, which would be kept in plain text: refused", redact(u))
	}
	if u.Scheme == "file" {
		if u.Host != "" && u.Host != "localhost" {
			return "", "", fmt.Errorf("template %s: a file:// URL names a folder on this machine, like file:///path/to/repo", ref)
		}
		if !path.IsAbs(u.Path) {
			return "", "", fmt.Errorf("template %s: a file:// URL needs an absolute path", ref)
		}
	} else if u.Host == "" {
		return "", "", fmt.Errorf("template %s: no host", ref)
	}
	if subdir != "" {
		if strings.Contains(subdir, `\`) || path.IsAbs(subdir) {
			return "", "", fmt.Errorf("template %s: folder %q: want a relative path inside the repository", ref, subdir)
		}
		for part := range strings.SplitSeq(subdir, "/") {
			if part == ".." {
				return "", "", fmt.Errorf("template %s: folder %q leaves the repository: refused", ref, subdir)
			}
		}
		subdir = path.Clean(subdir)
		if subdir == "." {
			subdir = ""
		}
	}
	return repoURL, subdir, nil
}

func redact(u *url.URL) string {
	c := *u
	c.User = url.User(u.User.Username())
	return c.String()
}

// Cache keeps fetched template repositories, one bare clone per URL, in
// Dir (normally $XDG_CACHE_HOME/myos/templates).
type Cache struct {
	Dir string
}

// repoDir is where the clone of repoURL is kept: a readable stem and a
// hash of the whole URL, so two URLs never share a folder.
func (c Cache) repoDir(repoURL string) string {
	sum := sha256.Sum256([]byte(repoURL))
	stem := strings.TrimSuffix(path.Base(strings.TrimRight(repoURL, "/")), ".git")
	stem = strings.Trim(safeStem(stem), "-")
	if stem == "" {
		stem = "repo"
	}
	return filepath.Join(c.Dir, stem+"-"+hex.EncodeToString(sum[:6]))
}

func safeStem(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return b.String()
}

// Cached reports whether the repository of the git source ref is in the
// cache.
func (c Cache) Cached(ref string) bool {
	repoURL, _, err := ParseURL(ref)
	if err != nil {
		return false
	}
	return isRepo(c.repoDir(repoURL))
}

// Get reads the template of the git source ref ("URL" or "URL#FOLDER").
// Without fresh it reads the cached copy, fetching the repository only
// when none is cached. With fresh it fetches the newest commit; that
// becomes the cached copy only when there was none, because a name added
// with `myos template add` reads the cached copy, and what it reads moves
// only when the person asks with Update. Template.Commit is the commit
// it was read from.
func (c Cache) Get(ctx context.Context, ref string, fresh bool) (*Template, error) {
	repoURL, subdir, err := ParseURL(ref)
	if err != nil {
		return nil, err
	}
	dir := c.repoDir(repoURL)
	cached := isRepo(dir)
	if cached && !fresh {
		return readRepo(dir, ref, subdir)
	}
	return c.fetch(ctx, ref, repoURL, subdir, dir, !cached)
}

// Update fetches the newest commit of the git source ref's repository
// and, once ref's template in it is read and has passed every check,
// makes it the cached copy. A fetch that fails, or a template that does not read,
// leaves the cached copy as it was, so that the last good version is
// still there to show and apply.
func (c Cache) Update(ctx context.Context, ref string) (*Template, error) {
	repoURL, subdir, err := ParseURL(ref)
	if err != nil {
		return nil, err
	}
	return c.fetch(ctx, ref, repoURL, subdir, c.repoDir(repoURL), true)
}

func isRepo(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "HEAD"))
	return err == nil
}

// Remove deletes the cached clone of the git source ref, if any.
func (c Cache) Remove(ref string) error {
	repoURL, _, err := ParseURL(ref)
	if err != nil {
		return err
	}
	return os.RemoveAll(c.repoDir(repoURL))
}

// fetch clones repoURL bare into a new folder next to dir and reads the
// template ref (in folder subdir) from it. With keep, the clone then
// takes dir's place; else it is removed. Either way the clone is read
// and checked before dir is touched, so a failed fetch or a bad template
// leaves the cache as it was.
//
// file:// needs no git binary: internal/store, which this package uses,
// serves it in-process for bare and non-bare repositories alike.
func (c Cache) fetch(ctx context.Context, ref, repoURL, subdir, dir string, keep bool) (*Template, error) {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("template %s: cache: %w", ref, err)
	}
	tmp, err := os.MkdirTemp(c.Dir, ".fetch-")
	if err != nil {
		return nil, fmt.Errorf("template %s: cache: %w", ref, err)
	}
	defer os.RemoveAll(tmp)
	if err := clone(ctx, repoURL, tmp); err != nil {
		return nil, fmt.Errorf("template %s: %w", ref, err)
	}
	t, err := readRepo(tmp, ref, subdir)
	if err != nil || !keep {
		return t, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("template %s: cache: %w", ref, err)
	}
	if err := os.Rename(tmp, dir); err != nil && !isRepo(dir) {
		return nil, fmt.Errorf("template %s: cache: %w", ref, err)
	}
	// A failed rename with a repository in dir is another myos that
	// fetched it at the same time: this one's template was read already.
	return t, nil
}

// clone clones repoURL bare into the empty folder dir.
func clone(ctx context.Context, repoURL, dir string) error {
	opts := &git.CloneOptions{
		URL:          repoURL,
		SingleBranch: true,
		Tags:         git.NoTags,
	}
	if !strings.HasPrefix(repoURL, "file:") {
		// go-git's own server (file://) cannot serve shallow clones.
		opts.Depth = 1
	}
	if _, err := git.PlainCloneContext(ctx, dir, true, opts); err != nil {
		switch {
		case errors.Is(err, transport.ErrRepositoryNotFound):
			return errors.New("no git repository there")
		case errors.Is(err, transport.ErrEmptyRemoteRepository):
			return errors.New("the repository has no commits")
		case errors.Is(err, context.DeadlineExceeded):
			return fmt.Errorf("no answer in time from %s: check the URL and the network, then try again (%w)", repoURL, err)
		case errors.Is(err, context.Canceled):
			return fmt.Errorf("interrupted: nothing was changed (%w)", err)
		}
		return fmt.Errorf("fetch: %w", err)
	}
	return nil
}

// readRepo reads the template in folder subdir of the HEAD commit of the
// bare repository in dir.
func readRepo(dir, source, subdir string) (*Template, error) {
	r, err := git.PlainOpen(dir)
	if err != nil {
		return nil, fmt.Errorf("template %s: cache: %w", source, err)
	}
	head, err := r.Head()
	if err != nil {
		return nil, fmt.Errorf("template %s: no commit: %w", source, err)
	}
	commit, err := r.CommitObject(head.Hash())
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", source, err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", source, err)
	}
	if subdir != "" {
		for part := range strings.SplitSeq(subdir, "/") {
			e, ok := findEntry(tree, part)
			if !ok || e.Mode != filemode.Dir {
				return nil, fmt.Errorf("template %s: no folder %s in the repository", source, subdir)
			}
			if tree, err = object.GetTree(r.Storer, e.Hash); err != nil {
				return nil, fmt.Errorf("template %s: %w", source, err)
			}
		}
	}
	t, err := Read(&treeFS{s: r.Storer, root: tree, when: commit.Committer.When}, source)
	if err != nil {
		// Which commit: its authors may have pushed more since.
		return nil, fmt.Errorf("%w (in commit %s)", err, commit.Hash.String()[:7])
	}
	t.Commit = commit.Hash.String()
	return t, nil
}

func findEntry(t *object.Tree, name string) (object.TreeEntry, bool) {
	for _, e := range t.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return object.TreeEntry{}, false
}

// treeFS is an fs.FS over a git tree, read from the object store. Entry
// modes are git's: a symlink is fs.ModeSymlink and an executable has its
// x bits, so that checkTree can refuse them.
type treeFS struct {
	s    storer.EncodedObjectStorer
	root *object.Tree
	when time.Time
}

// lookup finds the entry of name; the root has a zero entry and ok.
func (t *treeFS) lookup(op, name string) (object.TreeEntry, error) {
	if !fs.ValidPath(name) {
		return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return object.TreeEntry{Name: ".", Mode: filemode.Dir, Hash: t.root.Hash}, nil
	}
	tree := t.root
	parts := strings.Split(name, "/")
	for i, part := range parts {
		e, ok := findEntry(tree, part)
		if !ok {
			return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		if i == len(parts)-1 {
			return e, nil
		}
		if e.Mode != filemode.Dir {
			return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		sub, err := object.GetTree(t.s, e.Hash)
		if err != nil {
			return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: err}
		}
		tree = sub
	}
	return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
}

func (t *treeFS) info(e object.TreeEntry) (*treeInfo, error) {
	i := &treeInfo{name: path.Base(e.Name), mode: osMode(e.Mode), when: t.when}
	if e.Mode.IsFile() {
		obj, err := t.s.EncodedObject(plumbing.BlobObject, e.Hash)
		if err != nil {
			return nil, err
		}
		i.size = obj.Size()
	}
	return i, nil
}

// osMode is the fs.FileMode of a git tree entry's mode.
func osMode(m filemode.FileMode) fs.FileMode {
	switch m {
	case filemode.Dir:
		return fs.ModeDir | 0o755
	case filemode.Regular, filemode.Deprecated:
		return 0o644
	case filemode.Executable:
		return 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	}
	return fs.ModeIrregular // a submodule, or a mode git does not write
}

func (t *treeFS) Stat(name string) (fs.FileInfo, error) {
	e, err := t.lookup("stat", name)
	if err != nil {
		return nil, err
	}
	return t.info(e)
}

func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	e, err := t.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if e.Mode != filemode.Dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	tree, err := object.GetTree(t.s, e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	out := make([]fs.DirEntry, 0, len(tree.Entries))
	for _, c := range tree.Entries {
		p := path.Join(name, c.Name)
		if msg := badName(c.Name); msg != "" {
			bad := c.Name // not p, which path.Join cleaned a ".." out of
			if name != "." {
				bad = name + "/" + c.Name
			}
			return nil, &refusedError{path: bad, why: msg}
		}
		info, err := t.info(c)
		if err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: p, Err: err}
		}
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (t *treeFS) Open(name string) (fs.File, error) {
	e, err := t.lookup("open", name)
	if err != nil {
		return nil, err
	}
	info, err := t.info(e)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if e.Mode == filemode.Dir {
		entries, err := t.ReadDir(name)
		if err != nil {
			return nil, err
		}
		return &treeDir{info: info, entries: entries}, nil
	}
	if !e.Mode.IsFile() || info.size > routines.MaxFileSize {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("not a regular file of at most 1 MiB")}
	}
	blob, err := object.GetBlob(t.s, e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	rc, err := blob.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: info, rc: rc}, nil
}

type treeInfo struct {
	name string
	size int64
	mode fs.FileMode
	when time.Time
}

func (i *treeInfo) Name() string       { return i.name }
func (i *treeInfo) Size() int64        { return i.size }
func (i *treeInfo) Mode() fs.FileMode  { return i.mode }
func (i *treeInfo) ModTime() time.Time { return i.when }
func (i *treeInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *treeInfo) Sys() any           { return nil }

type treeFile struct {
	info *treeInfo
	rc   io.ReadCloser
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(b []byte) (int, error) { return f.rc.Read(b) }
func (f *treeFile) Close() error               { return f.rc.Close() }

type treeDir struct {
	info    *treeInfo
	entries []fs.DirEntry
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *treeDir) Close() error               { return nil }
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}
