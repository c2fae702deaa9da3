package store

// A folder copied with its .git, restored from a backup, or touched by a
// tool keeps its files' contents but not their stat data: every file then
// differs from its index entry by its stat data alone, and every status
// reads every file again to find it unchanged (at ten years, 3,650 records
// read each time). git status records the stat data of the files it found
// unchanged so, when it can take the index lock; status does the same.

import (
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
)

// refreshMin is how many files a status must have read and found
// unchanged before it records their stat data: fewer cost less to read
// again than to write the index.
const refreshMin = 16

// unchangedFile is a file status read and found to hold the blob its
// index entry names, with the stat data it had before it was read.
type unchangedFile struct {
	path string
	hash plumbing.Hash
	st   fileStat
}

// refreshIndex records the stat data of files in their index entries,
// when the lock can be taken at once and this Repo does not hold it (a
// command that holds it writes the index itself). A file is recorded
// only if its entry still names the blob it was found to hold and its
// stat data is still what it was before it was read: so a file changed
// since is never recorded as clean. Nothing is reported: the index is
// only a faster way to the same answer. Callers hold r.mu.
func (r *Repo) refreshIndex(files []unchangedFile) {
	if len(files) < refreshMin || r.holdsLock() {
		return
	}
	token, err := r.acquire(0, "myos status")
	if err != nil {
		return // another command is at work; the next status records them
	}
	defer r.release(token)
	idx, _, exists, err := r.readIndex()
	if err != nil || !exists {
		return
	}
	at := make(map[string]int, len(idx.Entries))
	for i, e := range idx.Entries {
		if e.Stage == 0 { // merged (go-git's index.Merged is 1: see entryLookup)
			at[e.Name] = i
		}
	}
	changed := false
	for _, f := range files {
		i, ok := at[f.path]
		if !ok || idx.Entries[i].Hash != f.hash {
			continue
		}
		fi, err := os.Lstat(filepath.Join(r.dir, filepath.FromSlash(f.path)))
		if err != nil || !fi.Mode().IsRegular() || !sameStat(fileStatOf(fi), f.st) {
			continue
		}
		e := *idx.Entries[i] // entries may be shared with the kept index: replaced, not changed
		fillStat(&e, fi)
		idx.Entries[i] = &e
		changed = true
	}
	if changed {
		_ = r.writeIndex(idx)
	}
}

// sameStat reports whether a and b are the same stat data of a file.
func sameStat(a, b fileStat) bool {
	return a.size == b.size && a.sec == b.sec && a.nsec == b.nsec && a.ino == b.ino && a.mode == b.mode
}
