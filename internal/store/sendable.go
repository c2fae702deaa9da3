package store

// Which objects a sync sends. go-git works out a pack by first listing
// every object reachable from what the other side already has, then
// everything reachable from what it wants that is not in that list: the
// whole history, every tree of every commit, for one new review. At ten
// years that is seconds for each push, and for each fetch from a
// repository on a path, which myos serves itself. sendable walks instead
// as git does: only the commits the other side lacks, and the trees of
// the commits where they meet its history.

import (
	"container/heap"
	"errors"
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// sendable lists the objects that a repository holding haves (and all
// they reach) needs in order to hold wants too: the commits reachable
// from wants but not from haves, and every tree and blob of theirs that
// is not in the tree of a commit of haves' history met on the way. The
// list may hold an object the other side has (an old file brought back,
// say), never lacks one it needs: a commit to send whose parent is not
// in s (a shallow history, or a damaged one) is an error, as is a want
// that is not in s.
//
// The commits are walked newest first, by committer time, from wants and
// haves at once; a commit reached from haves is marked as the other
// side's, and its parents with it. The walk stops when every commit left
// to look at is the other side's. A commit marked late, because of clocks
// that disagree, is left out at the end; a have this repository does not
// know is ignored, and the other side's history is not walked past a
// commit that is not in s. The trees taken for the other side's are those
// of the parents of the commits sent (git's "edge" commits), and any tree
// or blob a have names directly.
func sendable(s storer.EncodedObjectStorer, wants, haves []plumbing.Hash) ([]plumbing.Hash, error) {
	w := &sendWalk{s: s, state: map[plumbing.Hash]*sendCommit{}}
	for _, h := range haves {
		if err := w.start(h, true); err != nil {
			return nil, err
		}
	}
	for _, h := range wants {
		if err := w.start(h, false); err != nil {
			return nil, err
		}
	}
	var walked []*sendCommit
	for w.interesting > 0 {
		c := heap.Pop(&w.queue).(*sendCommit)
		if !c.theirs {
			w.interesting--
			walked = append(walked, c)
		}
		if err := w.expand(c); err != nil {
			return nil, err
		}
	}
	// A commit to send whose parent is not here is fine only if the other
	// side has that parent: if the other side's history, walked on as far
	// as it goes, reaches it. Only a shallow or damaged history gets here.
	for _, c := range walked {
		for !c.theirs && w.lacks(c) != nil && len(w.queue) > 0 {
			if err := w.expand(heap.Pop(&w.queue).(*sendCommit)); err != nil {
				return nil, err
			}
		}
	}

	// What the other side has: the trees of its commits whose children
	// are sent, where the two histories meet.
	var mine []*sendCommit
	have := map[plumbing.Hash]bool{}
	for _, o := range w.theirObjects {
		if o.Type() == plumbing.TreeObject {
			if err := markTree(s, o.Hash(), have, nil); err != nil {
				return nil, err
			}
		} else {
			have[o.Hash()] = true
		}
	}
	for _, c := range walked {
		if c.theirs {
			continue // reached from haves after all
		}
		if p := w.lacks(c); p != nil {
			return nil, fmt.Errorf("commit %s: its parent %s is not in this repository (a shallow history cannot be sent whole): %w",
				c.commit.Hash, *p, plumbing.ErrObjectNotFound)
		}
		mine = append(mine, c)
		for _, p := range c.commit.ParentHashes {
			if pc := w.state[p]; pc != nil && pc.theirs {
				if err := markTree(s, pc.commit.TreeHash, have, nil); err != nil {
					return nil, err
				}
			}
		}
	}
	out := w.tags
	for _, c := range mine {
		out = append(out, c.commit.Hash)
		if err := markTree(s, c.commit.TreeHash, have, &out); err != nil {
			return nil, err
		}
	}
	for _, o := range w.wantObjects {
		if o.Type() == plumbing.TreeObject {
			if err := markTree(s, o.Hash(), have, &out); err != nil {
				return nil, err
			}
		} else if !have[o.Hash()] {
			have[o.Hash()] = true
			out = append(out, o.Hash())
		}
	}
	return out, nil
}

// sendCommit is a commit the walk has reached.
type sendCommit struct {
	commit  *object.Commit
	theirs  bool            // reachable from haves
	queued  bool            // in the queue still
	index   int             // in the queue
	missing []plumbing.Hash // parents not in the repository, found while it was to be sent
}

// sendWalk is the state of sendable's walk over commits.
type sendWalk struct {
	s             storer.EncodedObjectStorer
	state         map[plumbing.Hash]*sendCommit // every commit reached
	queue         sendQueue
	interesting   int                      // commits in the queue not reachable from haves
	tags          []plumbing.Hash          // tags among wants, sent themselves
	missingTheirs map[plumbing.Hash]bool   // parents of the other side's commits that are not here
	wantObjects   []plumbing.EncodedObject // trees and blobs wants name, or their tags do
	theirObjects  []plumbing.EncodedObject // trees and blobs haves name
}

// start begins the walk at h, a have (theirs) or a want. A tag is
// followed to what it tags; a want's tag is sent itself. A have this
// repository does not hold is ignored; a want it does not hold is an
// error.
func (w *sendWalk) start(h plumbing.Hash, theirs bool) error {
	for {
		obj, err := w.s.EncodedObject(plumbing.AnyObject, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) && theirs {
			w.theirMissing(h)
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", h, err)
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			_, err := w.reach(h, theirs)
			return err
		case plumbing.TreeObject, plumbing.BlobObject:
			if theirs {
				w.theirObjects = append(w.theirObjects, obj)
			} else {
				w.wantObjects = append(w.wantObjects, obj)
			}
			return nil
		case plumbing.TagObject:
			tag, err := object.DecodeTag(w.s, obj)
			if err != nil {
				return err
			}
			if !theirs && !slices.Contains(w.tags, h) {
				w.tags = append(w.tags, h)
			}
			h = tag.Target
		default:
			return fmt.Errorf("%s: an object of type %s", h, obj.Type())
		}
	}
}

// expand reaches the parents of c, popped from the queue, and notes
// those that are not in the repository.
func (w *sendWalk) expand(c *sendCommit) error {
	for _, p := range c.commit.ParentHashes {
		found, err := w.reach(p, c.theirs)
		if err != nil {
			return err
		}
		switch {
		case found:
		case c.theirs:
			w.theirMissing(p)
		default:
			c.missing = append(c.missing, p)
		}
	}
	return nil
}

// lacks is a parent of c that is neither here nor known to be the other
// side's; nil when there is none.
func (w *sendWalk) lacks(c *sendCommit) *plumbing.Hash {
	for i, p := range c.missing {
		if !w.missingTheirs[p] {
			return &c.missing[i]
		}
	}
	return nil
}

// theirMissing notes h, of the other side's history, as not here.
func (w *sendWalk) theirMissing(h plumbing.Hash) {
	if w.missingTheirs == nil {
		w.missingTheirs = map[plumbing.Hash]bool{}
	}
	w.missingTheirs[h] = true
}

// reach marks commit h as reached from a commit that is theirs or not,
// and queues it the first time; it reports whether h is in the
// repository.
func (w *sendWalk) reach(h plumbing.Hash, theirs bool) (bool, error) {
	if c := w.state[h]; c != nil {
		if theirs && !c.theirs {
			c.theirs = true
			if c.queued {
				w.interesting--
			} else {
				// Already walked as one to send: its parents are the
				// other side's too.
				if err := w.expand(c); err != nil {
					return true, err
				}
			}
		}
		return true, nil
	}
	commit, err := object.GetCommit(w.s, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	c := &sendCommit{commit: commit, theirs: theirs, queued: true}
	w.state[h] = c
	heap.Push(&w.queue, c)
	if !theirs {
		w.interesting++
	}
	return true, nil
}

// markTree marks tree h and everything in it as seen in have, skipping
// trees seen before; with out, it also lists there each object it marks.
// Submodule entries are not objects of this repository. A tree missing
// from s is left alone when only marking (the other side has it).
func markTree(s storer.EncodedObjectStorer, h plumbing.Hash, have map[plumbing.Hash]bool, out *[]plumbing.Hash) error {
	if have[h] {
		return nil
	}
	t, err := object.GetTree(s, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) && out == nil {
		return nil
	}
	if err != nil {
		return err
	}
	have[h] = true
	if out != nil {
		*out = append(*out, h)
	}
	for _, e := range t.Entries {
		switch {
		case e.Mode == filemode.Submodule:
		case e.Mode == filemode.Dir:
			if err := markTree(s, e.Hash, have, out); err != nil {
				return err
			}
		case !have[e.Hash]:
			have[e.Hash] = true
			if out != nil {
				*out = append(*out, e.Hash)
			}
		}
	}
	return nil
}

// sendQueue is a heap of commits, newest committer time first.
type sendQueue []*sendCommit

func (q sendQueue) Len() int { return len(q) }
func (q sendQueue) Less(i, j int) bool {
	return q[i].commit.Committer.When.After(q[j].commit.Committer.When)
}
func (q sendQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *sendQueue) Push(x any) {
	c := x.(*sendCommit)
	c.index = len(*q)
	*q = append(*q, c)
}
func (q *sendQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	c.queued = false
	return c
}
