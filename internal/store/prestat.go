package store

// At ten years, Status is mostly stat calls on 3,655 files, and they can
// start before the repository is open: the cache holds the listing of
// HEAD's tree as last seen, with that tree's id. OpenWith, told that
// Status comes next, stats the files of that listing while it opens the
// repository and checks the index, on the CPU that would otherwise wait.
// The first Status takes what it found when HEAD's tree is the listed
// one (the same id, so the same files), and stats them itself otherwise.

import (
	"github.com/go-git/go-git/v5/plumbing"
	oscache "github.com/myos-dev/myos/internal/cache"
)

// prestat is the stat calls OpenWith started.
type prestat struct {
	listed chan struct{} // closed once l and ok are set
	l      listing       // the listing in the cache
	ok     bool          // there was one
	done   chan struct{} // closed once st is set
	st     treeStats     // of l's files, when ok
}

// startPrestat reads the listing in c and stats its files in dir, the
// work tree, in the background.
func startPrestat(dir string, c *oscache.Cache) *prestat {
	p := &prestat{listed: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.l, p.ok = listingIn(c)
		close(p.listed)
		if p.ok {
			p.st = statTree(dir, p.l.list.paths, p.l.dirs, c)
		}
	}()
	return p
}

// listing returns the listing the stat calls are of, once it is read.
// The Repo may take it as its own, but must not change it in place
// before wait returns.
func (p *prestat) listing() (listing, bool) {
	<-p.listed
	return p.l, p.ok
}

// stats returns what the stat calls found, once they are done, if they
// were of tree's files.
func (p *prestat) stats(tree plumbing.Hash) (treeStats, bool) {
	p.wait()
	if !p.ok || p.l.tree != tree {
		return treeStats{}, false
	}
	return p.st, true
}

// wait returns once the stat calls are done.
func (p *prestat) wait() { <-p.done }

// dropPrestat waits for the stat calls Open started, if any, and forgets
// them: before the Repo changes a listing that may be theirs (a commit),
// when it takes the lock (a write decides on the work tree as it is then)
// and when it is closed. Callers hold r.mu or own r alone.
func (r *Repo) dropPrestat() {
	if r.pre != nil {
		r.pre.wait()
		r.pre = nil
	}
}
