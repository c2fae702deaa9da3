package store

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// treeFile is one file of a tree: its blob and mode.
type treeFile struct {
	hash plumbing.Hash
	mode filemode.FileMode
}

// fileList is every file of one tree: the slash paths, sorted, and beside
// each path its blob and mode. Two slices rather than a map of 3,650
// records: quicker to build, to read from the cache and to walk in order,
// and a path is found by binary search.
type fileList struct {
	paths []string
	files []treeFile
}

// find returns the file at path p.
func (l fileList) find(p string) (treeFile, bool) {
	i, ok := slices.BinarySearch(l.paths, p)
	if !ok {
		return treeFile{}, false
	}
	return l.files[i], true
}

// add appends a file; paths must come in order.
func (l *fileList) add(p string, f treeFile) {
	l.paths = append(l.paths, p)
	l.files = append(l.files, f)
}

// sortPaths puts the paths in order, for a tree whose entries were not (git
// writes them in order; another tool might not), keeping the last of a path
// listed twice.
func (l *fileList) sortPaths() {
	if slices.IsSorted(l.paths) {
		return
	}
	order := make([]int, len(l.paths))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(l.paths[a], l.paths[b]) })
	var out fileList
	for k, i := range order {
		if k+1 < len(order) && l.paths[order[k+1]] == l.paths[i] {
			continue
		}
		out.add(l.paths[i], l.files[i])
	}
	*l = out
}

// emptyTree is the id of the tree with no entries.
var emptyTree = plumbing.NewHash("4b825dc642cb6eb9a060e54bf8d69288fbee4904")

// commitTree returns a commit's tree id; the zero hash stands for no commit
// and gives the empty tree's zero hash back.
func (r *Repo) commitTree(c plumbing.Hash) (plumbing.Hash, error) {
	if c.IsZero() {
		return plumbing.ZeroHash, nil
	}
	commit, err := r.commit(c)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return commit.TreeHash, nil
}

// tree reads a tree; the zero hash reads as an empty tree.
func (r *Repo) tree(h plumbing.Hash) (*object.Tree, error) {
	if h.IsZero() || h == emptyTree {
		return &object.Tree{Hash: h}, nil
	}
	t, err := r.repo.TreeObject(h)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	return t, nil
}

// flatten lists every file under tree h. A tree never changes, so the
// listing of the last tree flattened is kept for the next call (Status,
// StagedDeletions and the lock's checks each want HEAD's), and in the
// cache folder for the next process (see treecache.go); callers must not
// change it. A folder whose tree id is the same in the listing at hand
// (another tree's) is taken from it, not read again. Callers hold r.mu.
func (r *Repo) flatten(h plumbing.Hash) (fileList, error) {
	if r.flatKnown && r.flatTree == h {
		return r.flat, nil
	}
	var base listing
	if r.flatKnown && r.flatDirs != nil {
		base = listing{r.flatTree, r.flat, r.flatDirs}
	} else if l, ok := r.cachedListing(); ok {
		if l.tree == h {
			r.setFlat(l)
			return l.list, nil
		}
		base = l
	}
	var list fileList
	dirs := make(map[string]plumbing.Hash)
	var walk func(h plumbing.Hash, prefix string) error
	walk = func(h plumbing.Hash, prefix string) error {
		dir := strings.TrimSuffix(prefix, "/")
		dirs[dir] = h
		if old, ok := base.dirs[dir]; ok && old == h {
			// The same folder as in base: its files and folders too.
			i, _ := slices.BinarySearch(base.list.paths, prefix)
			for ; i < len(base.list.paths) && strings.HasPrefix(base.list.paths[i], prefix); i++ {
				list.add(base.list.paths[i], base.list.files[i])
			}
			for d, id := range base.dirs {
				if strings.HasPrefix(d, prefix) {
					dirs[d] = id
				}
			}
			return nil
		}
		t, err := r.tree(h)
		if err != nil {
			return err
		}
		r.treesRead++
		for _, e := range t.Entries {
			p := prefix + e.Name
			switch e.Mode {
			case filemode.Dir:
				if err := walk(e.Hash, p+"/"); err != nil {
					return err
				}
			case filemode.Submodule:
				// A gitlink has no blob to compare; myos ignores it.
			default:
				list.add(p, treeFile{hash: e.Hash, mode: e.Mode})
			}
		}
		return nil
	}
	if err := walk(h, ""); err != nil {
		return fileList{}, err
	}
	// Git orders a tree's entries so that the paths of a walk come sorted.
	list.sortPaths()
	r.setFlat(listing{h, list, dirs})
	if r.holdsLock() {
		// A write will keep the listing of the tree it makes, or this
		// one when the lock is released (see LockAs): one cache write.
		r.flatUnsaved = true
	} else {
		r.keepFlat()
	}
	return list, nil
}

// lookup finds the entry at slash path p (a file or a directory) under tree
// h. Found is false when p is not there.
func (r *Repo) lookup(h plumbing.Hash, p string) (e object.TreeEntry, found bool, err error) {
	if p == "" {
		return object.TreeEntry{Mode: filemode.Dir, Hash: h}, !h.IsZero(), nil
	}
	parts := strings.Split(p, "/")
	for i, name := range parts {
		t, err := r.lookupTree(h)
		if err != nil {
			return object.TreeEntry{}, false, err
		}
		e, ok := findEntry(t, name)
		if !ok {
			return object.TreeEntry{}, false, nil
		}
		if i == len(parts)-1 {
			return e, true, nil
		}
		if e.Mode != filemode.Dir {
			return object.TreeEntry{}, false, nil
		}
		h = e.Hash
	}
	return object.TreeEntry{}, false, nil
}

// lookupTree is tree for lookup, which reads the trees of a path and
// changes none: the folders of a sweep over every file (a checkout, the
// index of a clone) are the same few trees, a year of records 365 entries
// each, and decoding them again for each of 3,655 files took 480 MB at
// ten years. Up to lookupTrees trees are kept, and forgotten all at once
// when more come; a tree never changes.
func (r *Repo) lookupTree(h plumbing.Hash) (*object.Tree, error) {
	r.treeMemoMu.Lock()
	t, ok := r.treeMemo[h]
	r.treeMemoMu.Unlock()
	if ok {
		return t, nil
	}
	t, err := r.tree(h)
	if err != nil {
		return nil, err
	}
	r.treeMemoMu.Lock()
	if len(r.treeMemo) >= lookupTrees {
		clear(r.treeMemo)
	}
	if r.treeMemo == nil {
		r.treeMemo = make(map[plumbing.Hash]*object.Tree, lookupTrees)
	}
	r.treeMemo[h] = t
	r.treeMemoMu.Unlock()
	return t, nil
}

// lookupTrees is how many trees lookup keeps: more than the folders of
// an OS (a dozen at ten years), few enough to hold little memory.
const lookupTrees = 64

// findEntry finds a name among a tree's entries, which git keeps sorted.
func findEntry(t *object.Tree, name string) (object.TreeEntry, bool) {
	for _, e := range t.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return object.TreeEntry{}, false
}

// edit is one change to a tree, relative to the directory being built.
type edit struct {
	rel    string
	blob   plumbing.Hash
	delete bool
	full   string // the path from the root, for messages
}

// buildTree writes the tree that results from applying edits to base (zero
// for none) and returns its id. Only the directories on the edited paths
// are read and rewritten; objects are written by w. modes receives the
// mode given to each written file, dirs the id of each folder rewritten,
// by slash path ("" for the root), zero for one left empty and so removed.
func (r *Repo) buildTree(base plumbing.Hash, edits []edit, modes map[string]filemode.FileMode, dirs map[string]plumbing.Hash, w *objectWriter) (plumbing.Hash, error) {
	h, _, err := r.buildDir(base, edits, modes, dirs, w)
	return h, err
}

func (r *Repo) buildDir(base plumbing.Hash, edits []edit, modes map[string]filemode.FileMode, dirs map[string]plumbing.Hash, w *objectWriter) (plumbing.Hash, bool, error) {
	t, err := r.tree(base)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	entries := make(map[string]object.TreeEntry, len(t.Entries))
	for _, e := range t.Entries {
		entries[e.Name] = e
	}
	sub := make(map[string][]edit)
	var subNames []string
	for _, ed := range edits {
		name, rest, nested := strings.Cut(ed.rel, "/")
		if nested {
			if _, ok := sub[name]; !ok {
				subNames = append(subNames, name)
			}
			sub[name] = append(sub[name], edit{rel: rest, blob: ed.blob, delete: ed.delete, full: ed.full})
			continue
		}
		old, exists := entries[name]
		if exists && (old.Mode == filemode.Dir || old.Mode == filemode.Submodule) {
			return plumbing.ZeroHash, false, fmt.Errorf("%s: is a directory in the repository", ed.full)
		}
		if ed.delete {
			delete(entries, name)
			continue
		}
		mode := filemode.Regular
		if exists && old.Mode == filemode.Executable {
			mode = filemode.Executable
		}
		modes[ed.full] = mode
		entries[name] = object.TreeEntry{Name: name, Mode: mode, Hash: ed.blob}
	}
	for _, name := range subNames {
		var subBase plumbing.Hash
		if old, ok := entries[name]; ok {
			if old.Mode != filemode.Dir {
				full := strings.TrimSuffix(sub[name][0].full, "/"+sub[name][0].rel)
				return plumbing.ZeroHash, false, fmt.Errorf("%s: is a file in the repository", full)
			}
			subBase = old.Hash
		}
		h, empty, err := r.buildDir(subBase, sub[name], modes, dirs, w)
		if err != nil {
			return plumbing.ZeroHash, false, err
		}
		if empty {
			delete(entries, name)
		} else {
			entries[name] = object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h}
		}
	}
	tree := &object.Tree{Entries: make([]object.TreeEntry, 0, len(entries))}
	for _, e := range entries {
		tree.Entries = append(tree.Entries, e)
	}
	sort.Sort(object.TreeEntrySorter(tree.Entries))
	// Every edit's full path ends in its path below this folder; a call
	// without edits is for the root.
	dir, root := "", true
	if len(edits) > 0 {
		dir = strings.TrimSuffix(strings.TrimSuffix(edits[0].full, edits[0].rel), "/")
		root = dir == ""
	}
	if len(tree.Entries) == 0 && !root {
		// A folder left empty is dropped from its parent, as git has no
		// empty folders: its tree is not written, where nothing would
		// point at it.
		dirs[dir] = plumbing.ZeroHash
		return plumbing.ZeroHash, true, nil
	}
	obj := r.st.NewEncodedObject()
	if err := tree.Encode(obj); err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("encode tree: %w", err)
	}
	h, err := w.put(obj)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	if len(edits) > 0 {
		if len(tree.Entries) == 0 {
			dirs[dir] = plumbing.ZeroHash
		} else {
			dirs[dir] = h
		}
	}
	return h, len(tree.Entries) == 0, nil
}

// changedPaths lists the files whose blob or mode differs between trees a
// and b (either may be zero for the empty tree), skipping equal subtrees.
func (r *Repo) changedPaths(a, b plumbing.Hash, prefix string, out *[]string) error {
	if a == b {
		return nil
	}
	ta, err := r.tree(a)
	if err != nil {
		return err
	}
	tb, err := r.tree(b)
	if err != nil {
		return err
	}
	ea := make(map[string]object.TreeEntry, len(ta.Entries))
	for _, e := range ta.Entries {
		ea[e.Name] = e
	}
	eb := make(map[string]object.TreeEntry, len(tb.Entries))
	for _, e := range tb.Entries {
		eb[e.Name] = e
	}
	names := make([]string, 0, len(ea)+len(eb))
	for n := range ea {
		names = append(names, n)
	}
	for n := range eb {
		if _, ok := ea[n]; !ok {
			names = append(names, n)
		}
	}
	for _, n := range names {
		x, inA := ea[n]
		y, inB := eb[n]
		p := prefix + n
		dirA := inA && x.Mode == filemode.Dir
		dirB := inB && y.Mode == filemode.Dir
		fileA := inA && !dirA && x.Mode != filemode.Submodule
		fileB := inB && !dirB && y.Mode != filemode.Submodule
		if fileA || fileB {
			if fileA != fileB || x.Hash != y.Hash || x.Mode != y.Mode {
				*out = append(*out, p)
			}
		}
		if dirA || dirB {
			var ha, hb plumbing.Hash
			if dirA {
				ha = x.Hash
			}
			if dirB {
				hb = y.Hash
			}
			if err := r.changedPaths(ha, hb, p+"/", out); err != nil {
				return err
			}
		}
	}
	return nil
}

// cleanPath turns a user-given path into the slash form trees use. "" and
// "." mean the root.
func cleanPath(p string) (string, error) {
	p = strings.TrimSuffix(p, "/")
	if p == "" || p == "." {
		return "", nil
	}
	p = path.Clean(p)
	if !fs.ValidPath(p) {
		return "", fmt.Errorf("invalid path %q: use a slash path relative to the repository root", p)
	}
	return p, nil
}

var errIsDir = errors.New("is a directory")
