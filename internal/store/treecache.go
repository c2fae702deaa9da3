package store

// Status, the checks before a write and the index rebuild all want the list
// of HEAD's files, which means reading every tree of HEAD from packs: at
// ten years, a dozen trees of a few hundred entries each, deltas of deltas,
// several milliseconds in every process. The tree cache keeps the listing
// of one tree in the repository's cache folder, under the tree's id: a
// tree never changes, so the listing is right or it is of another tree. A
// commit derives the listing of its new tree from its base tree's, when it
// has it, so that the next command finds it ready. The listing keeps each
// folder's tree id too: when HEAD moved without myos (a commit made with
// git), the listing of the new tree is made from the old one, reading only
// the folders whose id changed (the root and the one folder a day's review
// touches) rather than all of them.

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	oscache "github.com/myos-dev/myos/internal/cache"
)

const (
	treeCacheName    = "tree"
	treeCacheVersion = 2
)

// cachedListing returns the listing in the cache, of whichever tree it is:
// as Open's stat calls read it (see prestat.go), or read now.
func (r *Repo) cachedListing() (listing, bool) {
	if p := r.pre; p != nil {
		if l, ok := p.listing(); ok {
			return l, true
		}
	}
	return listingIn(r.cache)
}

// listingIn returns the listing in c, of whichever tree it is.
func listingIn(c *oscache.Cache) (listing, bool) {
	b, ok := c.Get(treeCacheName, treeCacheVersion)
	if !ok {
		return listing{}, false
	}
	l, err := decodeFlat(b)
	if err != nil {
		return listing{}, false
	}
	return l, true
}

// listing is every file of one tree and the tree id of each folder (""
// is the tree itself; nil when not known).
type listing struct {
	tree plumbing.Hash
	list fileList
	dirs map[string]plumbing.Hash
}

// setFlat keeps l as the listing flatten answers from. Callers hold r.mu.
func (r *Repo) setFlat(l listing) {
	r.flatTree, r.flat, r.flatDirs, r.flatKnown = l.tree, l.list, l.dirs, true
}

// keepFlat stores the listing r.flat of tree r.flatTree in the cache.
// Callers hold r.mu.
func (r *Repo) keepFlat() {
	r.flatUnsaved = false
	if r.cache != nil {
		r.cache.Put(treeCacheName, treeCacheVersion, encodeFlat(listing{r.flatTree, r.flat, r.flatDirs}))
	}
}

// noteCommitted derives the listing of tree, made from base with edits,
// modes and the folders dirs rewritten (zero: removed), from base's when
// flatten knows it, and keeps it. The listing is changed in place: nothing
// holds it across a commit. Callers hold r.mu.
func (r *Repo) noteCommitted(base, tree plumbing.Hash, edits []edit, modes map[string]filemode.FileMode, dirs map[string]plumbing.Hash) {
	if !r.flatKnown || r.flatTree != base || r.cache == nil {
		return
	}
	r.dropPrestat() // the listing may be the one its stat calls walk
	l := r.flat
	for _, e := range edits {
		i, found := slices.BinarySearch(l.paths, e.full)
		if e.delete {
			if found {
				l.paths = slices.Delete(l.paths, i, i+1)
				l.files = slices.Delete(l.files, i, i+1)
			}
			continue
		}
		f := treeFile{hash: e.blob, mode: modes[e.full]}
		if found {
			l.files[i] = f
		} else {
			l.paths = slices.Insert(l.paths, i, e.full)
			l.files = slices.Insert(l.files, i, f)
		}
	}
	if r.flatDirs != nil {
		for d, h := range dirs {
			if h.IsZero() {
				delete(r.flatDirs, d)
			} else {
				r.flatDirs[d] = h
			}
		}
		r.flatDirs[""] = tree
	}
	r.setFlat(listing{tree, l, r.flatDirs})
	r.keepFlat()
}

// encodeFlat writes the tree id, then each file sorted by path: the length
// of the prefix it shares with the path before it, the rest of the path,
// its mode and its blob id.
func encodeFlat(l listing) []byte {
	h, files, paths := l.tree, l.list.files, l.list.paths
	b := make([]byte, 0, len(h)+len(paths)*48)
	b = append(b, h[:]...)
	b = binary.AppendUvarint(b, uint64(len(paths)))
	prev := ""
	for i, p := range paths {
		n := 0
		for n < len(p) && n < len(prev) && p[n] == prev[n] {
			n++
		}
		b = binary.AppendUvarint(b, uint64(n))
		b = binary.AppendUvarint(b, uint64(len(p)-n))
		b = append(b, p[n:]...)
		f := files[i]
		b = binary.AppendUvarint(b, uint64(f.mode))
		b = append(b, f.hash[:]...)
		prev = p
	}
	// Then each folder's path and tree id, sorted; a listing whose folders
	// are not known has none, not even the root's.
	dirs := slices.Sorted(maps.Keys(l.dirs))
	b = binary.AppendUvarint(b, uint64(len(dirs)))
	for _, d := range dirs {
		b = binary.AppendUvarint(b, uint64(len(d)))
		b = append(b, d...)
		id := l.dirs[d]
		b = append(b, id[:]...)
	}
	return b
}

var errTreeCache = errors.New("tree cache: damaged")

// decodeFlat reads what encodeFlat wrote. The paths are cut from one
// string: one allocation rather than one per file.
func decodeFlat(b []byte) (listing, error) {
	var h plumbing.Hash
	if len(b) < len(h) {
		return listing{}, errTreeCache
	}
	copy(h[:], b)
	b = b[len(h):]
	u := func() (uint64, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, false
		}
		b = b[k:]
		return n, true
	}
	count, ok := u()
	if !ok || count > uint64(len(b)) {
		return listing{}, errTreeCache
	}
	files := make([]treeFile, count)
	ends := make([]int, count)
	// The paths are cut from one string, built without a copy.
	var text strings.Builder
	text.Grow(int(count) * 32)
	path := make([]byte, 0, 64)
	for i := uint64(0); i < count; i++ {
		keep, ok1 := u()
		rest, ok2 := u()
		if !ok1 || !ok2 || keep > uint64(len(path)) || rest > uint64(len(b)) {
			return listing{}, errTreeCache
		}
		prevLen := len(path)
		path = append(path[:keep], b[:rest]...)
		b = b[rest:]
		mode, ok := u()
		if !ok || len(b) < len(plumbing.ZeroHash) {
			return listing{}, errTreeCache
		}
		f := &files[i]
		f.mode = filemode.FileMode(mode)
		copy(f.hash[:], b)
		b = b[len(f.hash):]
		// encodeFlat writes them sorted, each once.
		if i > 0 && string(path) <= text.String()[text.Len()-prevLen:] {
			return listing{}, errTreeCache
		}
		text.Write(path)
		ends[i] = text.Len()
	}
	all := text.String()
	paths := make([]string, count)
	start := 0
	for i, end := range ends {
		paths[i], start = all[start:end], end
	}
	n, ok := u()
	if !ok || n > uint64(len(b)) {
		return listing{}, errTreeCache
	}
	var dirs map[string]plumbing.Hash
	if n > 0 {
		dirs = make(map[string]plumbing.Hash, n)
	}
	for i := uint64(0); i < n; i++ {
		size, ok := u()
		if !ok || size > uint64(len(b)) || uint64(len(b))-size < uint64(len(h)) {
			return listing{}, errTreeCache
		}
		var id plumbing.Hash
		copy(id[:], b[size:])
		dirs[string(b[:size])] = id
		b = b[size+uint64(len(h)):]
	}
	if len(b) > 0 || (dirs != nil && dirs[""] != h) {
		return listing{}, errTreeCache
	}
	return listing{h, fileList{paths, files}, dirs}, nil
}
