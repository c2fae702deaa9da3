package store

// Status, the checks before a write and the index rebuild all want the list
// of HEAD's files, which means reading every tree of HEAD from packs: at
// ten years, a dozen trees of a few hundred entries each, deltas of deltas,
// several milliseconds in every process. The tree cache keeps the listing
// of one tree in the repository's cache folder, under the tree's id: a
// tree never changes, so the listing is right or it is of another tree. A
// commit derives the listing of its new tree from its base tree's, when it
// has it, so that the next command finds it ready.

import (
	"encoding/binary"
	"errors"
	"slices"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

const (
	treeCacheName    = "tree"
	treeCacheVersion = 1
)

// cachedFlat returns the cached listing of tree h, if the cache has it.
// Callers hold r.mu.
func (r *Repo) cachedFlat(h plumbing.Hash) (map[string]treeFile, bool) {
	if r.cache == nil {
		return nil, false
	}
	b, ok := r.cache.Get(treeCacheName, treeCacheVersion)
	if !ok {
		return nil, false
	}
	files, paths, err := decodeFlat(b, h)
	if err != nil {
		return nil, false
	}
	r.setFlat(h, files, paths)
	return files, true
}

// setFlat keeps files, the listing of tree h, with its paths sorted when
// the caller has them (nil: sorted when first wanted). Callers hold r.mu.
func (r *Repo) setFlat(h plumbing.Hash, files map[string]treeFile, paths []string) {
	r.flatTree, r.flat, r.flatPaths = h, files, paths
}

// sortedFlat returns the paths of r.flat, sorted. Callers hold r.mu and
// must not change the slice.
func (r *Repo) sortedFlat() []string {
	if r.flatPaths == nil {
		paths := make([]string, 0, len(r.flat))
		for p := range r.flat {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		r.flatPaths = paths
	}
	return r.flatPaths
}

// keepFlat stores the listing r.flat of tree r.flatTree in the cache.
// Callers hold r.mu.
func (r *Repo) keepFlat() {
	if r.cache != nil {
		r.cache.Put(treeCacheName, treeCacheVersion, encodeFlat(r.flatTree, r.flat, r.sortedFlat()))
	}
}

// noteCommitted derives the listing of tree, made from base with edits and
// modes, from base's when flatten knows it, and keeps it. The listing is
// changed in place: nothing holds it across a commit. Callers hold r.mu.
func (r *Repo) noteCommitted(base, tree plumbing.Hash, edits []edit, modes map[string]filemode.FileMode) {
	if r.flat == nil || r.flatTree != base || r.cache == nil {
		return
	}
	paths := r.sortedFlat()
	for _, e := range edits {
		i, found := slices.BinarySearch(paths, e.full)
		if e.delete {
			if found {
				delete(r.flat, e.full)
				paths = slices.Delete(paths, i, i+1)
			}
			continue
		}
		r.flat[e.full] = treeFile{hash: e.blob, mode: modes[e.full]}
		if !found {
			paths = slices.Insert(paths, i, e.full)
		}
	}
	r.setFlat(tree, r.flat, paths)
	r.keepFlat()
}

// encodeFlat writes the tree id, then each file sorted by path: the length
// of the prefix it shares with the path before it, the rest of the path,
// its mode and its blob id.
func encodeFlat(h plumbing.Hash, files map[string]treeFile, paths []string) []byte {
	b := make([]byte, 0, len(h)+len(paths)*48)
	b = append(b, h[:]...)
	b = binary.AppendUvarint(b, uint64(len(paths)))
	prev := ""
	for _, p := range paths {
		n := 0
		for n < len(p) && n < len(prev) && p[n] == prev[n] {
			n++
		}
		b = binary.AppendUvarint(b, uint64(n))
		b = binary.AppendUvarint(b, uint64(len(p)-n))
		b = append(b, p[n:]...)
		f := files[p]
		b = binary.AppendUvarint(b, uint64(f.mode))
		b = append(b, f.hash[:]...)
		prev = p
	}
	return b
}

var errTreeCache = errors.New("tree cache: damaged or of another tree")

// decodeFlat reads what encodeFlat wrote, when it is the listing of h: the
// files by path, and the paths in order.
func decodeFlat(b []byte, h plumbing.Hash) (map[string]treeFile, []string, error) {
	if len(b) < len(h) || plumbing.Hash(b[:len(h)]) != h {
		return nil, nil, errTreeCache
	}
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
		return nil, nil, errTreeCache
	}
	files := make(map[string]treeFile, count)
	paths := make([]string, 0, count)
	prev := ""
	path := make([]byte, 0, 64)
	for i := uint64(0); i < count; i++ {
		keep, ok1 := u()
		rest, ok2 := u()
		if !ok1 || !ok2 || keep > uint64(len(path)) || rest > uint64(len(b)) {
			return nil, nil, errTreeCache
		}
		path = append(path[:keep], b[:rest]...)
		b = b[rest:]
		mode, ok := u()
		if !ok || len(b) < len(plumbing.ZeroHash) {
			return nil, nil, errTreeCache
		}
		var f treeFile
		f.mode = filemode.FileMode(mode)
		copy(f.hash[:], b)
		b = b[len(f.hash):]
		p := string(path)
		if i > 0 && p <= prev {
			return nil, nil, errTreeCache // encodeFlat writes them sorted
		}
		files[p], prev = f, p
		paths = append(paths, p)
	}
	if len(b) > 0 {
		return nil, nil, errTreeCache
	}
	return files, paths, nil
}
