package store

// A folder copied with cp -a, restored from a backup or rewritten by a sync
// tool keeps its files but not their stat data: new inodes, sometimes new
// times. Every Status then reads all of them to find them unchanged, 68 ms
// against 13 at ten years, and goes on doing so, as Status never writes.
// git status records the new stat data as it goes; myos leaves that to
// repair, which a write never waits for: Status counts the files it read
// for nothing, the command says so with a hint, and repair records their
// stat data in the index, keeping every entry's blob and stage: what git
// has staged stays staged. (As every index myos writes, it keeps none of
// git's extensions, nor the assume-unchanged bit, which go-git does not
// read.)

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// StaleStatMin is how many files Status must read for nothing before the
// index's stat data counts as out of date: a few cost nothing (a file
// touched without a change, one saved in the same instant the index was
// written), a hundred about 2 ms of every status at ten years.
const StaleStatMin = 100

// StaleStat is how many files the last Status read only to find them
// unchanged: their index entries have the right blob and the wrong stat
// data. See StaleStatMin.
func (r *Repo) StaleStat() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lastStale
}

// LeftTemps is how many of the store's temporary files the last Status
// saw beside the OS's files (at the top and under reviews/), when no write
// holds the lock: those an interrupted write left, which Repair removes.
// While a write runs, its own are there for a moment, and this is 0. A
// file Status saw that is gone now was a write's that ended meanwhile
// (renamed into place, then the lock let go): it is not counted.
func (r *Repo) LeftTemps() int {
	r.mu.Lock()
	seen := r.lastTemps
	r.mu.Unlock()
	if len(seen) == 0 {
		return 0
	}
	info, raw, fi, err := readLock(r.lockPath())
	if err == nil && !isStale(info, raw, fi) {
		return 0
	}
	n := 0
	for _, p := range seen {
		if _, err := os.Lstat(filepath.Join(r.dir, filepath.FromSlash(p))); err == nil {
			n++
		}
	}
	return n
}

// staleEntries finds the index entries whose file has other stat data
// than the entry and the entry's content: each is returned as a copy with
// the file's stat data, in the index's order. Entries of other stages,
// of links, and of files that changed or went are left out.
func (r *Repo) staleEntries(idx *index.Index) ([]*index.Entry, error) {
	var out []*index.Entry
	for _, e := range idx.Entries {
		// Stage 0 is git's merged entry (go-git's index.Merged is 1).
		if e.Stage != 0 || e.IntentToAdd || e.SkipWorktree || e.Mode != filemode.Regular && e.Mode != filemode.Executable {
			continue
		}
		abs := filepath.Join(r.dir, filepath.FromSlash(e.Name))
		fi, err := os.Lstat(abs)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		st := fileStatOf(fi)
		if statClean(indexStatOf(e), &st) {
			continue
		}
		h, err := hashFile(abs, fi.Mode())
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Name, err)
		}
		if h != e.Hash {
			continue // changed: status lists it
		}
		fresh := *e
		fillStat(&fresh, fi)
		out = append(out, &fresh)
	}
	return out, nil
}

// refreshIndexStat records in the index the stat data of the files
// staleEntries finds, and returns how many. The files are read before
// git's index.lock is taken, which may take a while on a slow disk; with
// the lock held, the index is read again, and only the entries a git
// command did not change meanwhile (the same name, stage, blob and mode)
// get their new stat data: a git add or git commit in between is kept.
// The caller holds the lock and r.mu.
func (r *Repo) refreshIndexStat() (int, error) {
	idx, _, exists, err := r.readIndex()
	if err != nil || !exists {
		return 0, err
	}
	fresh, err := r.staleEntries(idx)
	if err != nil || len(fresh) == 0 {
		return 0, err
	}
	byName := make(map[string]*index.Entry, len(fresh))
	for _, e := range fresh {
		byName[e.Name] = e
	}
	if err := r.hook("refresh-index"); err != nil {
		return 0, err
	}
	n := 0
	update := func() ([]byte, bool, error) {
		data, err := os.ReadFile(r.indexPath())
		if err != nil {
			return nil, false, err
		}
		now, err := decodeIndex(data, false)
		if err != nil {
			return nil, false, err
		}
		for i, e := range now.Entries {
			if f, ok := byName[e.Name]; ok && e.Stage == 0 && e.Hash == f.Hash && e.Mode == f.Mode {
				now.Entries[i] = f
				n++
			}
		}
		if n == 0 {
			return nil, false, nil
		}
		out, err := r.indexBytes(now)
		return out, err == nil, err
	}
	for attempt := 0; attempt < 20; attempt++ {
		n = 0
		if err = updateLockFile(r.indexPath(), update); !errors.Is(err, errGitLocked) {
			break
		}
		time.Sleep(50 * time.Millisecond) // a git status in an editor may be finishing, as writeIndex waits
	}
	if err != nil {
		return 0, fmt.Errorf("write index: %w", err)
	}
	return n, nil
}
