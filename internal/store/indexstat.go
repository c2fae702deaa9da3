package store

// Status wants, for each of HEAD's files, the blob and stat data of its
// index entry; it needs nothing else of the index. At ten years of reviews
// decoding the index into go-git's entries makes 3,650 entries and a copy
// of their names, 700 kB that Status drops at once. indexEntries finds the
// entries in the file's bytes instead, walking them beside HEAD's sorted
// paths.

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// emptyBlob is the id of the empty file's blob.
var emptyBlob = plumbing.ComputeHash(plumbing.BlobObject, nil)

// indexStat is what Status compares of an index entry.
type indexStat struct {
	hash      plumbing.Hash
	size      uint32
	sec, nsec uint32 // the modification time; both 0 when not recorded
	ino       uint32
}

// before reports whether the entry's modification time is before t: an
// entry written in the same instant as its file may not have seen the
// file's last change (git's racy entries).
func (e indexStat) before(t time.Time) bool {
	if e.sec == 0 && e.nsec == 0 {
		return true
	}
	return time.Unix(int64(e.sec), int64(e.nsec)).Before(t)
}

func indexStatOf(e *index.Entry) indexStat {
	s := indexStat{hash: e.Hash, size: e.Size, ino: e.Inode}
	if !e.ModifiedAt.IsZero() {
		s.sec, s.nsec = uint32(e.ModifiedAt.Unix()), uint32(e.ModifiedAt.Nanosecond())
	}
	return s
}

func indexStatOfRaw(e rawEntry) indexStat {
	s := indexStat{size: e.u32(36), sec: e.u32(8), nsec: e.u32(12), ino: e.u32(20)}
	copy(s.hash[:], e.fixed[40:])
	return s
}

// indexLookup finds the index entries of path p: merged is whether it
// has a merged (stage 0) entry, e that entry, and present whether it has
// an entry at all, of any stage. It must be called with paths in
// increasing order.
type indexLookup func(p string) (e indexStat, merged, present bool)

// indexEntries returns a lookup of the index's entries and the index
// file's modification time. A missing or damaged index has no entries:
// every file is then read to be compared. complete says the lookup's
// present is whether the index has the path at all: an index that is
// there, readable, and without folder entries (a sparse index's, which
// stand for every path under them). Callers hold r.mu.
func (r *Repo) indexEntries() (look indexLookup, mtime time.Time, complete bool, err error) {
	none := func(string) (indexStat, bool, bool) { return indexStat{}, false, false }
	f, err := r.indexFile()
	if err != nil || !f.exists {
		return none, time.Time{}, false, err
	}
	if f.kept == nil {
		if look, ok := r.rawIndexLookup(f); ok {
			return look, f.fi.ModTime(), true, nil
		}
		idx, err := r.decodeIndexFile(f)
		if errors.Is(err, errIndexCorrupt) {
			return none, time.Time{}, false, nil
		}
		if err != nil {
			return nil, time.Time{}, false, err
		}
		f.kept = idx
	}
	complete = !slices.ContainsFunc(f.kept.Entries, func(e *index.Entry) bool { return strings.HasSuffix(e.Name, "/") })
	return entryLookup(f.kept.Entries), f.fi.ModTime(), complete, nil
}

// entryLookup finds paths among decoded entries. Sorted entries (the
// rule) are walked beside the paths; others are put in a map.
func entryLookup(entries []*index.Entry) indexLookup {
	if !slices.IsSortedFunc(entries, func(a, b *index.Entry) int { return strings.Compare(a.Name, b.Name) }) {
		merged := make(map[string]*index.Entry, len(entries))
		present := make(map[string]bool, len(entries))
		for _, e := range entries {
			present[e.Name] = true
			if e.Stage == 0 {
				merged[e.Name] = e
			}
		}
		return func(p string) (indexStat, bool, bool) {
			if e, ok := merged[p]; ok {
				return indexStatOf(e), true, true
			}
			return indexStat{}, false, present[p]
		}
	}
	next := 0
	return func(p string) (found indexStat, merged, present bool) {
		for next < len(entries) && entries[next].Name < p {
			next++
		}
		// Stage 0 is a merged entry; go-git's index.Merged constant is 1
		// and cannot be used here. A path in conflict has stages 1-3.
		for ; next < len(entries) && entries[next].Name == p; next++ {
			present = true
			if !merged && entries[next].Stage == 0 {
				found, merged = indexStatOf(entries[next]), true
			}
		}
		return found, merged, present
	}
}

// rawIndexLookup is rawLookup over the bytes indexFile read; it notes
// that their checksum is right when it is.
func (r *Repo) rawIndexLookup(f indexFileData) (look indexLookup, ok bool) {
	look, ok = rawLookup(f.data, f.checked)
	if ok && bytes.Equal(f.data, r.idxData) {
		r.idxSumOK = true
	}
	return look, ok
}

// rawLookup is entryLookup over the bytes of an index, when they are a
// whole version 2 or 3 index with its entries in order and no folder
// entries (a sparse index's); ok is false for any other, which must be
// decoded. It checks the checksum unless checked.
func rawLookup(data []byte, checked bool) (look indexLookup, ok bool) {
	version, count, body, ok := indexBody(data, checked)
	if !ok {
		return nil, false
	}
	// One pass checks that every entry is whole and in order, so that the
	// walk beside the paths need not, and that go-git would read the
	// extensions that follow (a split or sparse index is not read here).
	var prev []byte
	off := indexHeaderLen
	for i := uint32(0); i < count; i++ {
		e, next, ok := nextEntry(body, off)
		if !ok || (i > 0 && string(e.name) < string(prev)) || bytes.HasSuffix(e.name, []byte("/")) {
			return nil, false
		}
		prev, off = e.name, next
	}
	if off < len(body) {
		if _, ok := decodeExtensions(version, body[off:]); !ok {
			return nil, false
		}
	}
	off, left := indexHeaderLen, count
	var cur rawEntry
	has := false
	advance := func() {
		has = left > 0
		if has {
			cur, off, _ = nextEntry(body, off)
			left--
		}
	}
	advance()
	return func(p string) (found indexStat, merged, present bool) {
		for has && string(cur.name) < p {
			advance()
		}
		for has && string(cur.name) == p {
			present = true
			if !merged && cur.stage() == 0 {
				found, merged = indexStatOfRaw(cur), true
			}
			advance()
		}
		return found, merged, present
	}, true
}
