package store

// A folder copied with its .git, restored from a backup, or touched by a
// tool keeps its files' contents but not their stat data: every file then
// differs from its index entry by its stat data alone, and every status
// reads every file again to find it unchanged (at ten years, 3,650 records
// read each time). git status records the stat data of the files it found
// unchanged, when it can take the index's lock at once; status does the
// same.

import (
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// refreshMin is how many files a status must have read and found
// unchanged before it records their stat data: fewer cost less to read
// again than to write the index.
const refreshMin = 16

// settleTime is how long before the status began a file must have been
// last modified for its stat data to be recorded. A file modified again
// within the same tick of a coarse file clock (a second or two on some
// file systems) would keep the stat data recorded for its older contents,
// and be taken for unchanged.
const settleTime = 3 * time.Second

// unchangedFile is a file status read and found to hold the blob its
// index entry names, with the stat data it had before it was read.
type unchangedFile struct {
	path string
	hash plumbing.Hash
	st   fileStat
}

// refreshIndex records the stat data of files in their index entries. It
// takes the myos lock and git's index lock without waiting, and gives up
// when either is taken (another command or a git process is at work; the
// next status records them); so does a Repo that holds the myos lock (its
// command writes the index itself). A file is recorded only if it was
// last modified settleTime before began, its entry still names the blob
// it was found to hold, and its stat data is still what it was before it
// was read: a file changed since is never recorded as clean. An index with
// an entry git marks assume-unchanged is left as it is, as go-git would
// drop the mark. Nothing is reported: the index is only a faster way to
// the same answer. Callers hold r.mu.
func (r *Repo) refreshIndex(files []unchangedFile, began time.Time) {
	settled := began.Add(-settleTime).Unix()
	n := 0
	for _, f := range files {
		if f.st.sec < settled {
			n++
		}
	}
	if n < refreshMin || r.holdsLock() {
		return
	}
	token, err := r.acquire(0, "myos status")
	if err != nil {
		return
	}
	defer r.release(token)
	lock := r.indexPath() + ".lock"
	lf, err := createExclusive(lock)
	if err != nil {
		return
	}
	committed := false
	defer func() {
		if !committed {
			lf.Close()
			os.Remove(lock)
		}
	}()
	f, err := r.indexFile()
	if err != nil || !f.exists || assumesUnchanged(f.data) {
		return
	}
	idx, _, _, err := r.readIndex()
	if err != nil {
		return
	}
	at := make(map[string]int, len(idx.Entries))
	for i, e := range idx.Entries {
		if e.Stage == 0 { // merged (go-git's index.Merged is 1: see entryLookup)
			at[e.Name] = i
		}
	}
	changed := false
	for _, uf := range files {
		i, ok := at[uf.path]
		if !ok || idx.Entries[i].Hash != uf.hash || uf.st.sec >= settled {
			continue
		}
		fi, err := os.Lstat(filepath.Join(r.dir, filepath.FromSlash(uf.path)))
		if err != nil || !fi.Mode().IsRegular() || !sameStat(fileStatOf(fi), uf.st) {
			continue
		}
		e := *idx.Entries[i] // entries may be shared with the kept index: replaced, not changed
		fillStat(&e, fi)
		idx.Entries[i] = &e
		changed = true
	}
	if !changed {
		return
	}
	data, err := indexBytes(idx)
	if err != nil {
		return
	}
	if _, err := lf.Write(data); err != nil || fsync(lf) != nil || lf.Close() != nil {
		return
	}
	if os.Rename(lock, r.indexPath()) == nil {
		committed = true
		_ = syncDir(filepath.Dir(lock))
	}
}

// sameStat reports whether a and b are the same stat data of a file.
func sameStat(a, b fileStat) bool {
	return a.size == b.size && a.sec == b.sec && a.nsec == b.nsec && a.ino == b.ino && a.mode == b.mode
}

// assumesUnchanged reports whether the index in data has an entry git
// marks assume-unchanged (git update-index --assume-unchanged), or cannot
// be read to tell.
func assumesUnchanged(data []byte) bool {
	_, count, body, ok := indexBody(data, false)
	if !ok {
		return true
	}
	off := indexHeaderLen
	for i := uint32(0); i < count; i++ {
		e, next, ok := nextEntry(body, off)
		if !ok {
			return true
		}
		if e.flags()&0x8000 != 0 {
			return true
		}
		off = next
	}
	return false
}
