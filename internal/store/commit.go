package store

// A commit touches only its paths: the work tree files are replaced
// atomically, blobs and the trees on their paths are written as loose
// objects (writeLoose), the branch moves by compare-and-swap, and only the
// touched index entries change. The order is what makes a crash harmless:
//
//	files -> objects (fsynced) -> pending marker -> branch -> index -> marker removed
//
// A crash before the branch moves leaves uncommitted changes in the work
// tree; a crash after it leaves the marker, and Open brings the index up.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/myos-dev/myos/internal/workfile"
)

// Change is one file to write or delete, by slash path relative to the
// repository root. Data is written as given: no line-ending translation, so
// callers write LF.
type Change struct {
	Path   string
	Data   []byte
	Delete bool
}

// CommitOptions tunes CommitWith.
type CommitOptions struct {
	// Parents are the new commit's parents, as revisions. Nil means HEAD
	// (none for the first commit). A merge passes HEAD and the other side.
	// The new tree is always HEAD's tree with the changes applied.
	Parents []string
	// AllowEmpty makes a commit even when the tree equals HEAD's.
	AllowEmpty bool
	// Beside holds, by path, what files the commit writes held in the
	// folder when the caller read them. The lock keeps other myos
	// commands out, not an editor: a file that no longer holds that
	// makes the commit fail with a ChangedBesideError before it writes
	// any file or moves the branch, so that the editor's save is not
	// overwritten. The check is made as late as it can be, just before
	// the files are written.
	Beside map[string]FolderFile
}

// FolderFile is what a file held in the folder: its bytes, or that it was
// not there.
type FolderFile struct {
	Data   []byte
	Exists bool
}

// Commit writes changes to the work tree and commits them on the current
// branch with HEAD as parent. The caller holds the lock (see Lock). When
// the resulting tree equals HEAD's, the files are still written and it
// returns ErrNothingToCommit.
func (r *Repo) Commit(changes []Change, msg string, author Signature) (CommitInfo, error) {
	return r.CommitWith(changes, msg, author, CommitOptions{})
}

// CommitWith is Commit with explicit parents or an empty commit allowed.
// A commit with two or more parents may leave the tree unchanged.
func (r *Repo) CommitWith(changes []Change, msg string, author Signature, opts CommitOptions) (CommitInfo, error) {
	if !r.holdsLock() {
		return CommitInfo{}, fmt.Errorf("commit: %w (call Lock first)", ErrNotLocked)
	}
	msg = strings.TrimRight(msg, "\n")
	if strings.TrimSpace(msg) == "" {
		return CommitInfo{}, errors.New("commit: empty commit message")
	}
	sig, err := commitSignature(author)
	if err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	changes, err = normalizeChanges(changes)
	if err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	// Before any object is written: a refused commit leaves no trace.
	if err := r.refuseLinks(changes); err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()

	branch, err := r.headRef()
	if err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	head, err := r.headHash()
	if err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	baseTree, err := r.commitTree(head)
	if err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	var parents []plumbing.Hash
	if opts.Parents == nil {
		if !head.IsZero() {
			parents = []plumbing.Hash{head}
		}
	} else {
		for _, p := range opts.Parents {
			h, err := r.resolve(p)
			if err != nil {
				return CommitInfo{}, fmt.Errorf("commit: parent: %w", err)
			}
			parents = append(parents, h)
		}
	}

	w := &objectWriter{r: r}
	edits := make([]edit, 0, len(changes))
	paths := make([]string, 0, len(changes))
	for _, c := range changes {
		ed := edit{rel: c.Path, full: c.Path, delete: c.Delete}
		if !c.Delete {
			if ed.blob, err = w.putBlob(c.Data); err != nil {
				return CommitInfo{}, fmt.Errorf("commit: %s: %w", c.Path, err)
			}
		}
		edits = append(edits, ed)
		paths = append(paths, c.Path)
	}
	modes := make(map[string]filemode.FileMode)
	dirs := make(map[string]plumbing.Hash)
	tree, err := r.buildTree(baseTree, edits, modes, dirs, w)
	if err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	if err := r.hook("before-worktree"); err != nil {
		return CommitInfo{}, err
	}
	if err := r.writeWorktree(changes, modes, opts.Beside); err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}

	var firstParentTree plumbing.Hash
	if len(parents) > 0 {
		if firstParentTree, err = r.commitTree(parents[0]); err != nil {
			return CommitInfo{}, fmt.Errorf("commit: %w", err)
		}
	}
	if sameTree(tree, firstParentTree) && len(parents) <= 1 && !opts.AllowEmpty {
		// The files were rewritten with what HEAD already has: bring their
		// index entries up to date too, so that git sees them clean.
		if err := r.updateIndex(baseTree, paths); err != nil {
			return CommitInfo{}, fmt.Errorf("commit: %w", err)
		}
		return CommitInfo{}, ErrNothingToCommit
	}

	commit := &object.Commit{
		Author:       sig,
		Committer:    sig,
		Message:      msg + "\n",
		TreeHash:     tree,
		ParentHashes: parents,
	}
	obj := r.st.NewEncodedObject()
	if err := commit.Encode(obj); err != nil {
		return CommitInfo{}, fmt.Errorf("commit: encode: %w", err)
	}
	if commit.Hash, err = w.put(obj); err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	if err := w.sync(); err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}

	pendingPath := filepath.Join(r.gitDir, pendingFile)
	if err := writeFileAtomic(pendingPath, []byte(strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	if err := syncDir(r.gitDir); err != nil {
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	if err := r.hook("before-ref"); err != nil {
		return CommitInfo{}, err
	}
	if err := r.moveRef(branch, head, commit.Hash); err != nil {
		os.Remove(pendingPath) // the branch did not move: nothing lags
		return CommitInfo{}, fmt.Errorf("commit: %w", err)
	}
	r.noteCommitted(baseTree, tree, edits, modes, dirs)
	if len(parents) > 1 {
		r.setOrigHead(head)
	}
	if err := r.hook("before-index"); err != nil {
		return CommitInfo{}, err
	}
	info := commitInfo(commit)
	if err := r.updateIndex(tree, paths); err != nil {
		return info, fmt.Errorf("commit %s made, but %w", info.Short, err)
	}
	if err := os.Remove(pendingPath); err != nil {
		return info, fmt.Errorf("commit %s made, but remove %s: %w", info.Short, pendingPath, err)
	}
	return info, nil
}

// refuseChangedBeside fails with a ChangedBesideError when a file of
// changes is no longer in the folder what beside says it was.
func (r *Repo) refuseChangedBeside(changes []Change, beside map[string]FolderFile) error {
	var changed []string
	for _, c := range changes {
		was, ok := beside[c.Path]
		if !ok {
			continue
		}
		b, err := workfile.ReadFile(filepath.Join(r.dir, filepath.FromSlash(c.Path)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if (err == nil) != was.Exists || !bytes.Equal(b, was.Data) {
			changed = append(changed, c.Path)
		}
	}
	if len(changed) > 0 {
		return &ChangedBesideError{Paths: changed}
	}
	return nil
}

// hook lets tests stop a commit at a stage, as a crash would.
func (r *Repo) hook(stage string) error {
	if r.testHook == nil {
		return nil
	}
	return r.testHook(stage)
}

func sameTree(a, b plumbing.Hash) bool {
	norm := func(h plumbing.Hash) plumbing.Hash {
		if h.IsZero() {
			return emptyTree
		}
		return h
	}
	return norm(a) == norm(b)
}

// updateIndex sets the index entries of paths from tree, rebuilding the
// whole index if it cannot be read.
func (r *Repo) updateIndex(tree plumbing.Hash, paths []string) error {
	idx, _, _, err := r.readIndex()
	if errors.Is(err, errIndexCorrupt) {
		idx, paths = nil, nil
	} else if err != nil {
		return err
	}
	if idx == nil {
		idx = newIndex()
		if err := r.setIndexEntries(idx, tree, nil); err != nil {
			return err
		}
	} else if err := r.setIndexEntries(idx, tree, paths); err != nil {
		return err
	}
	return r.writeIndex(idx)
}

// commitSignature checks a signature and fills in the time.
func commitSignature(s Signature) (object.Signature, error) {
	if strings.TrimSpace(s.Name) == "" {
		return object.Signature{}, errors.New("author name is empty")
	}
	for _, f := range []string{s.Name, s.Email} {
		if strings.ContainsAny(f, "<>\n\x00") {
			return object.Signature{}, fmt.Errorf("author %q has <, > or a newline", f)
		}
	}
	when := s.When
	if when.IsZero() {
		when = time.Now()
	}
	when = time.Unix(when.Unix(), 0).In(when.Location())
	return object.Signature{Name: strings.TrimSpace(s.Name), Email: strings.TrimSpace(s.Email), When: when}, nil
}

// normalizeChanges validates paths, rejects duplicates and sorts by path.
func normalizeChanges(changes []Change) ([]Change, error) {
	out := make([]Change, len(changes))
	copy(out, changes)
	seen := make(map[string]bool, len(out))
	for i := range out {
		if err := validPath(out[i].Path); err != nil {
			return nil, err
		}
		if seen[out[i].Path] {
			return nil, fmt.Errorf("path %q changed twice", out[i].Path)
		}
		seen[out[i].Path] = true
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// writeWorktree applies changes to the work tree: each file replaced
// atomically, deleted files removed with their emptied directories, every
// touched directory fsynced. It writes nothing when a change's path is a
// symbolic link or lies beyond one (see refuseLinks): a file written
// there would land outside the tree, and a link removed with its emptied
// folders would be the user's. With beside, it writes nothing when a file
// there is no longer what beside says (see CommitOptions.Beside): it makes
// those files' new versions ready first, so that between its look and
// their renames it waits on no disk.
func (r *Repo) writeWorktree(changes []Change, modes map[string]filemode.FileMode, beside map[string]FolderFile) error {
	if err := r.refuseLinks(changes); err != nil {
		return err
	}
	ready := make(map[string]string) // path: its new version, to rename
	defer func() {
		for _, tmp := range ready {
			os.Remove(tmp) // left by a refusal or a failure
		}
	}()
	for _, c := range changes {
		if _, ok := beside[c.Path]; !ok || c.Delete {
			continue
		}
		abs := filepath.Join(r.dir, filepath.FromSlash(c.Path))
		if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
			continue // written below, after its folder is made
		}
		perm := os.FileMode(0o644)
		if modes[c.Path] == filemode.Executable {
			perm = 0o755
		}
		tmp, err := writeTempFile(abs, c.Data, perm)
		if err != nil {
			return fmt.Errorf("write %s: %w", c.Path, err)
		}
		ready[c.Path] = tmp
	}
	if err := r.refuseChangedBeside(changes, beside); err != nil {
		return err
	}
	// New versions are written a batch at a time, flushed together and
	// only then renamed into place. Flushes that wait at the same time
	// share the file system's journal commits, where writing and flushing
	// each file in turn waits for a commit each (a clone of ten years:
	// 3,657 files).
	var batch []pendingWrite
	defer func() {
		for _, w := range batch {
			w.t.abandon() // left by a failure
		}
	}()
	flushBatch := func() error {
		temps := make([]tempFile, len(batch))
		for i, w := range batch {
			temps[i] = w.t
		}
		for i, err := range flushTemps(temps) {
			if err != nil {
				for _, w := range batch {
					os.Remove(w.t.name)
				}
				path := batch[i].path
				batch = nil
				return fmt.Errorf("write %s: %w", path, err)
			}
		}
		for i, w := range batch {
			if err := os.Rename(w.t.name, w.abs); err != nil {
				for _, rest := range batch[i:] {
					os.Remove(rest.t.name)
				}
				batch = nil
				return fmt.Errorf("write %s: %w", w.path, err)
			}
		}
		batch = batch[:0]
		return nil
	}
	dirs := make(map[string]bool)
	for _, c := range changes {
		abs := filepath.Join(r.dir, filepath.FromSlash(c.Path))
		parent := filepath.Dir(abs)
		if c.Delete {
			if err := os.Remove(abs); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("delete %s: %w", c.Path, err)
			}
			dirs[parent] = true
			for d := parent; d != r.dir && strings.HasPrefix(d, r.dir); d = filepath.Dir(d) {
				if os.Remove(d) != nil {
					break
				}
				dirs[filepath.Dir(d)] = true
			}
			continue
		}
		if fi, err := os.Lstat(abs); err == nil && fi.IsDir() {
			return fmt.Errorf("write %s: a directory is in the way", c.Path)
		}
		if _, err := os.Stat(parent); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return fmt.Errorf("write %s: %w", c.Path, err)
			}
			for d := parent; d != r.dir && strings.HasPrefix(d, r.dir); d = filepath.Dir(d) {
				dirs[filepath.Dir(d)] = true
			}
		}
		perm := os.FileMode(0o644)
		if modes[c.Path] == filemode.Executable {
			perm = 0o755
		}
		dirs[parent] = true
		if tmp, ok := ready[c.Path]; ok {
			if err := os.Rename(tmp, abs); err != nil {
				return fmt.Errorf("write %s: %w", c.Path, err)
			}
			delete(ready, c.Path)
			continue
		}
		t, err := createTempFile(abs, c.Data, perm)
		if err != nil {
			return fmt.Errorf("write %s: %w", c.Path, err)
		}
		batch = append(batch, pendingWrite{t, abs, c.Path})
		if len(batch) == writeBatch {
			if err := flushBatch(); err != nil {
				return err
			}
		}
	}
	if err := flushBatch(); err != nil {
		return err
	}
	for d := range dirs {
		if _, err := os.Stat(d); errors.Is(err, os.ErrNotExist) {
			delete(dirs, d)
		}
	}
	return syncDirs(dirs)
}

// pendingWrite is a file's new version, written and waiting for its
// batch to be flushed and renamed into place.
type pendingWrite struct {
	t    tempFile
	abs  string // where it goes
	path string // the change's slash path, for errors
}

// writeBatch is how many files writeWorktree writes before it flushes
// them: enough to share a journal commit, few enough to stay well under
// the limit on open files.
const writeBatch = 128

// moveRef moves a branch from old (zero: it must not exist) to new, under
// git's own lock file for the ref, failing with ErrConcurrentUpdate if the
// branch is no longer at old. go-git's CheckAndSetReference truncates the
// ref file in place, which a crash can leave empty; this writes a complete
// new file and renames it.
func (r *Repo) moveRef(name plumbing.ReferenceName, old, new plumbing.Hash) error {
	path := filepath.Join(r.gitDir, filepath.FromSlash(string(name)))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	lock := path + ".lock"
	var f *os.File
	var err error
	for attempt := 0; attempt < 20; attempt++ {
		f, err = createExclusive(lock)
		if !errors.Is(err, os.ErrExist) {
			break
		}
		time.Sleep(50 * time.Millisecond) // a git process may be finishing
	}
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("update %s: %s exists: another git process seems to be running; if none is, remove it", name, lock)
	}
	if err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(lock)
		}
	}()
	var cur plumbing.Hash
	ref, err := r.st.Reference(name)
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
	case err != nil:
		return fmt.Errorf("update %s: %w", name, err)
	default:
		cur = ref.Hash()
	}
	if cur != old {
		return fmt.Errorf("update %s: %w (expected %s, found %s)", name, ErrConcurrentUpdate, short(old), short(cur))
	}
	if _, err := f.WriteString(new.String() + "\n"); err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	if err := fsync(f); err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	if err := os.Rename(lock, path); err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	done = true
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	return nil
}

func short(h plumbing.Hash) string {
	if h.IsZero() {
		return "nothing"
	}
	return h.String()[:7]
}
