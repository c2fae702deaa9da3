package store

// The check before every write walks HEAD's trees to find missing ones:
// at ten years, a dozen trees read from packs as deltas of deltas, 15% of
// `myos add`. The listing of HEAD's tree (kept in the tree cache, made
// when missing: the write needs it anyway) tells which folders hold files
// only; the glance then checks that such a folder's tree object is there,
// as git would look for it, instead of reading it, and reads only the
// trees of folders that hold folders. A tree's id fixes everything under
// it, so the listing of HEAD's tree is exactly the shape of the trees the
// walk would read; what the glance cannot see, an object that is there but
// damaged, `myos repair` (the full check) still reads.

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// knownTree is the shape of one tree: the folders under it that hold
// other folders, and those that hold files.
type knownTree struct {
	tree     plumbing.Hash
	withDirs map[string]bool // folders with a folder in them ("" is the root)
	withFile map[string]bool // folders with a file in them
}

// knownHead returns the shape of HEAD's tree, from its listing in the memo
// or the cache, else by listing it (flatten: every tree read once, which
// the write needs anyway); nil when a tree cannot be read, for the full
// walk to name what is missing. Callers hold r.mu.
func (r *Repo) knownHead() *knownTree {
	// Not headHash: on a detached HEAD it runs the check this is for.
	ref, err := r.st.Reference(plumbing.HEAD)
	if err != nil || ref.Type() != plumbing.SymbolicReference {
		return nil
	}
	if ref, err = r.st.Reference(ref.Target()); err != nil {
		return nil
	}
	head := ref.Hash()
	if head.IsZero() {
		return nil
	}
	tree, err := r.commitTree(head)
	if err != nil {
		return nil
	}
	flat, err := r.flatten(tree)
	if err != nil {
		return nil
	}
	k := &knownTree{tree: tree, withDirs: map[string]bool{}, withFile: map[string]bool{}}
	prev := "\x00" // no folder's name
	for _, p := range flat.paths {
		dir := ""
		if i := strings.LastIndexByte(p, '/'); i >= 0 {
			dir = p[:i]
		}
		if dir == prev {
			continue // most of a folder's files come together; the rest is done again, harmlessly
		}
		prev = dir
		k.withFile[dir] = true
		for d := dir; d != ""; {
			parent := ""
			if i := strings.LastIndexByte(d, '/'); i >= 0 {
				parent = d[:i]
			}
			if k.withDirs[parent] && parent != "" {
				break // the rest of the way up is marked
			}
			k.withDirs[parent] = true
			d = parent
		}
	}
	return k
}

// glanceTree is walkTree with treesOnly for the tree in.known describes:
// a folder that holds files and no folders is looked for, not read.
func (in *inspector) glanceTree(h plumbing.Hash, prefix string, seen map[plumbing.Hash]bool, treesOnly bool, missing func(h plumbing.Hash, path string, tree bool)) {
	if h == emptyTree || seen[h] {
		return
	}
	seen[h] = true
	t, err := object.GetTree(in.st, h)
	if err != nil {
		missing(h, strings.TrimSuffix(prefix, "/"), true)
		return
	}
	for _, e := range t.Entries {
		if e.Mode != filemode.Dir {
			continue // treesOnly: files are not looked at
		}
		p := prefix + e.Name
		if in.known.withFile[p] && !in.known.withDirs[p] {
			if !seen[e.Hash] {
				seen[e.Hash] = true
				if !in.hasObject(e.Hash) {
					missing(e.Hash, p, true)
				}
			}
			continue
		}
		in.glanceTree(e.Hash, p+"/", seen, treesOnly, missing)
	}
}
