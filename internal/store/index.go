package store

// The index is git's cache of stat data and staged blobs. myos never stages
// anything on its own: after a commit the touched entries equal HEAD's, so
// that `git status` stays clean. Status treats the index only as a cache of
// stat data; a missing, stale or unreadable index costs hashing, never a
// wrong answer. The index is always replaced whole through .git/index.lock,
// never rewritten in place.

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/myos-dev/myos/internal/workfile"
)

// pendingFile marks a commit in progress: written before the branch moves,
// removed after the index follows. It lists the touched paths.
const pendingFile = "myos-pending"

// errIndexCorrupt wraps a failure to decode .git/index.
var errIndexCorrupt = errors.New("index is unreadable")

func (r *Repo) indexPath() string { return filepath.Join(r.gitDir, "index") }

// readIndex decodes .git/index. A missing index reads as empty with exists
// false. mtime is the index file's modification time, for racy-git checks.
func (r *Repo) readIndex() (idx *index.Index, mtime time.Time, exists bool, err error) {
	f, err := r.indexFile()
	if err != nil || !f.exists {
		return &index.Index{Version: 2}, time.Time{}, f.exists, err
	}
	if f.kept == nil {
		if f.kept, err = r.decodeIndexFile(f); err != nil {
			return nil, time.Time{}, true, err
		}
	}
	return f.kept, f.fi.ModTime(), true, nil
}

// writeIndex replaces .git/index with idx, atomically.
func (r *Repo) writeIndex(idx *index.Index) error {
	data, err := r.indexBytes(idx)
	if err != nil {
		return err
	}
	for attempt := 0; attempt < 20; attempt++ {
		err = commitLockFile(r.indexPath(), data)
		if !errors.Is(err, errGitLocked) {
			break
		}
		time.Sleep(50 * time.Millisecond) // a git process may be finishing
	}
	if err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}

// indexBytes encodes idx to replace .git/index: in a version that holds
// its entries, with no extension, its racy entries smudged (see
// smudgeRacy).
func (r *Repo) indexBytes(idx *index.Index) ([]byte, error) {
	if idx.Version < 2 || idx.Version > 4 {
		idx.Version = 2
	}
	for _, e := range idx.Entries {
		if (e.IntentToAdd || e.SkipWorktree) && idx.Version < 3 {
			idx.Version = 3
		}
	}
	// Cached trees and the untracked cache describe the old entries; the
	// encoder writes no extension, which is what git expects after a change.
	idx.Cache = nil
	idx.ResolveUndo = nil
	if fi, err := os.Stat(r.indexPath()); err == nil {
		r.smudgeRacy(idx, fi.ModTime())
	}
	data, err := encodeIndex(idx)
	if err != nil {
		return nil, fmt.Errorf("encode index: %w", err)
	}
	return data, nil
}

// smudgeRacy keeps the index about to replace one written at since from
// passing a changed file for clean. An entry whose file's mtime is not
// before since is racy: the file may have been saved again in the same
// tick, after its stat data was taken, and kept its size. Reading the
// index written at since, Status compares such a file's content (see
// indexStat.before); the new index, written later, would vouch for it.
// So each racy entry whose file still has its stat data is checked, and
// if the file's content is no longer the entry's blob, the entry's size
// is set to 0, as git does, so that it is never clean by its stat data
// again (see statClean). Entries are replaced, not changed: they may be
// shared with the decoded index the Repo keeps.
func (r *Repo) smudgeRacy(idx *index.Index, since time.Time) {
	for i, e := range idx.Entries {
		if e.Stage != 0 || e.ModifiedAt.IsZero() || e.ModifiedAt.Before(since) || e.Size == 0 && e.Hash != emptyBlob {
			continue
		}
		if e.Mode != filemode.Regular && e.Mode != filemode.Executable && e.Mode != filemode.Symlink {
			continue
		}
		abs := filepath.Join(r.dir, filepath.FromSlash(e.Name))
		fi, err := os.Lstat(abs)
		if err != nil {
			continue // gone: its stat data no longer matches
		}
		if st := fileStatOf(fi); !statClean(indexStatOf(e), &st) {
			continue
		}
		if h, err := hashFile(abs, fi.Mode()); err == nil && h == e.Hash {
			continue
		}
		smudged := *e
		smudged.Size = 0
		idx.Entries[i] = &smudged
	}
}

// setIndexEntries makes the index entries of paths match tree: a file in
// the tree gets its blob, mode and fresh stat data; a path missing from the
// tree loses its entries. The file is hashed and stat data is recorded only
// when it matches, so that a modified file is never recorded as clean: not
// even one a commit has just written, which an editor may have saved over
// since (the lock keeps out other myos commands, not editors). A nil paths
// resets every entry from tree.
func (r *Repo) setIndexEntries(idx *index.Index, tree plumbing.Hash, paths []string) error {
	// The files to record: all of tree's, or those of paths it has.
	var files fileList
	if paths == nil {
		all, err := r.flatten(tree)
		if err != nil {
			return err
		}
		files = all
		idx.Entries = idx.Entries[:0]
	} else {
		touched := make(map[string]bool, len(paths))
		for _, p := range paths {
			touched[p] = true
		}
		for _, p := range slices.Sorted(maps.Keys(touched)) {
			e, found, err := r.lookup(tree, p)
			if err != nil {
				return err
			}
			if found && e.Mode != filemode.Dir && e.Mode != filemode.Submodule {
				files.add(p, treeFile{hash: e.Hash, mode: e.Mode})
			}
		}
		kept := idx.Entries[:0]
		for _, e := range idx.Entries {
			if !touched[e.Name] && !underAny(e.Name, touched) {
				kept = append(kept, e)
			}
		}
		idx.Entries = kept
	}
	for i, p := range files.paths {
		f := files.files[i]
		e := &index.Entry{Name: p, Hash: f.hash, Mode: f.mode}
		abs := filepath.Join(r.dir, filepath.FromSlash(p))
		if fi, err := os.Lstat(abs); err == nil && fi.Mode().IsRegular() {
			match := false
			if uint32(fi.Size()) == uint32(f.size(r)) {
				h, err := hashFile(abs, fi.Mode())
				match = err == nil && h == f.hash
			}
			if match {
				fillStat(e, fi)
			}
		}
		idx.Entries = append(idx.Entries, e)
	}
	return nil
}

// size returns the blob's size, or -1 when it cannot be read.
func (f treeFile) size(r *Repo) int64 {
	n, err := r.objs.EncodedObjectSize(f.hash)
	if err != nil {
		return -1
	}
	return n
}

// underAny reports whether name lies inside one of the directories in set.
func underAny(name string, set map[string]bool) bool {
	for i := len(name) - 1; i > 0; i-- {
		if name[i] == '/' && set[name[:i]] {
			return true
		}
	}
	return false
}

// hashFile computes the blob id of a work tree file (or symlink target)
// whose lstat mode is mode.
func hashFile(abs string, mode fs.FileMode) (plumbing.Hash, error) {
	var data []byte
	var err error
	if mode&os.ModeSymlink != 0 {
		var target string
		target, err = os.Readlink(abs)
		data = []byte(filepath.ToSlash(target))
	} else {
		data, err = workfile.ReadFile(abs) // never waits on a named pipe
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data), nil
}

// repairOnOpen fixes what an interrupted write left behind: a pending marker
// (the branch may have moved without the index following) or an unreadable
// or missing index. It repairs only under the lock; if another process holds
// the lock, that process is mid-write and will finish the job itself.
func (r *Repo) repairOnOpen() error {
	_, perr := os.Stat(filepath.Join(r.gitDir, pendingFile))
	// Decoding the index costs milliseconds at ten years of reviews; a
	// whole one needs no repair, so only one that is not is decoded.
	var ierr error
	exists, intact := r.indexIntact()
	if exists && !intact {
		_, _, exists, ierr = r.readIndex()
	}
	head, err := r.headHash()
	if err != nil {
		return err
	}
	needIndex := ierr != nil || (!exists && !head.IsZero())
	if perr != nil && !needIndex {
		return nil
	}
	unlock, err := r.LockAs(0, "myos (repair)")
	if err != nil {
		// Locked by a live writer, or not writable at all (a read-only
		// mount): leave the repair to the next writer. Status stays right
		// without it, only slower.
		return nil
	}
	defer unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.repairLocked(); !errors.Is(err, errGitLocked) {
		return err
	}
	// A git process holds .git/index.lock (or a killed writer left it):
	// the repository is busy, so leave the repair to the next writer.
	return nil
}

// repairLocked is the repair itself; callers hold the lock and r.mu.
func (r *Repo) repairLocked() error {
	pendingPath := filepath.Join(r.gitDir, pendingFile)
	pending, perr := os.ReadFile(pendingPath)
	idx, _, exists, ierr := r.readIndex()
	head, err := r.headHash()
	if err != nil {
		return err
	}
	tree, err := r.commitTree(head)
	if err != nil {
		return err
	}
	switch {
	case ierr != nil || (!exists && !head.IsZero()):
		why := "was missing"
		if ierr != nil {
			why = "was unreadable (" + ierr.Error() + ")"
		}
		idx = &index.Index{Version: 2}
		if err := r.setIndexEntries(idx, tree, nil); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
		if err := r.writeIndex(idx); err != nil {
			return err
		}
		r.repaired = append(r.repaired, "the index "+why+"; rebuilt it from HEAD")
	case perr == nil:
		var paths []string
		for _, line := range strings.Split(string(pending), "\n") {
			if line != "" && validPath(line) == nil {
				paths = append(paths, line)
			}
		}
		if err := r.setIndexEntries(idx, tree, paths); err != nil {
			return fmt.Errorf("repair index: %w", err)
		}
		if err := r.writeIndex(idx); err != nil {
			return err
		}
		r.repaired = append(r.repaired, fmt.Sprintf("an interrupted commit left the index behind HEAD; updated %d index entries", len(paths)))
	}
	if perr == nil {
		if err := os.Remove(pendingPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", pendingPath, err)
		}
	}
	return nil
}

func newIndex() *index.Index { return &index.Index{Version: 2} }
