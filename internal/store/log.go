package store

// History walks first parents itself: go-git's LogOptions.PathFilter diffs
// whole trees against the previous commit in walk order (slow, and wrong
// across merges) and its Since does not stop the walk.

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// LogOptions selects commits for Log.
type LogOptions struct {
	From  string    // revision to start from; "" means HEAD
	Max   int       // at most this many commits; 0 means no limit
	Since time.Time // stop at the first commit older than this (committer time)
	Until time.Time // skip commits newer than this
	Path  string    // only commits that changed this file or directory
	// Merges lists, with Path, every merge too, whether or not it
	// changed Path against its first parent: its other parents may have
	// changed it and changed it back.
	Merges bool
}

// Log lists commits newest first, following first parents from opts.From.
// With Path, a commit is listed when its tree entry for Path (a blob or a
// whole directory) differs from its first parent's, or, with Merges, it is
// a merge. An empty repository
// gives an empty list.
func (r *Repo) Log(opts LogOptions) ([]CommitInfo, error) {
	p, err := cleanPath(opts.Path)
	if err != nil {
		return nil, fmt.Errorf("log: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()

	var start plumbing.Hash
	if opts.From == "" {
		if start, err = r.headHash(); err != nil {
			return nil, fmt.Errorf("log: %w", err)
		}
		if start.IsZero() {
			return nil, nil
		}
	} else if start, err = r.resolve(opts.From); err != nil {
		return nil, fmt.Errorf("log: %w", err)
	}

	if p != "" && !strings.Contains(p, "/") {
		if w, ok, err := r.walkFrom(start); ok {
			if err != nil {
				return nil, fmt.Errorf("log: %w", err)
			}
			return w.log(opts, p), nil
		}
	}

	// pathHash gives the id of Path's entry in a commit's tree (zero when
	// absent); the walk asks for each commit twice, so remember one.
	var memoCommit, memoHash plumbing.Hash
	pathHash := func(tree plumbing.Hash) (plumbing.Hash, error) {
		if tree == memoCommit && !tree.IsZero() {
			return memoHash, nil
		}
		e, found, err := r.lookup(tree, p)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		memoCommit, memoHash = tree, plumbing.ZeroHash
		if found {
			memoHash = e.Hash
		}
		return memoHash, nil
	}

	var out []CommitInfo
	for h := start; !h.IsZero(); {
		c, err := r.commit(h)
		if err != nil {
			return nil, fmt.Errorf("log: %w", err)
		}
		if !opts.Since.IsZero() && c.Committer.When.Before(opts.Since) {
			break
		}
		var parent plumbing.Hash
		if len(c.ParentHashes) > 0 {
			parent = c.ParentHashes[0]
		}
		include := opts.Until.IsZero() || !c.Committer.When.After(opts.Until)
		if include && p != "" && !(opts.Merges && len(c.ParentHashes) > 1) {
			mine, err := pathHash(c.TreeHash)
			if err != nil {
				return nil, fmt.Errorf("log: %w", err)
			}
			var theirs plumbing.Hash
			if !parent.IsZero() {
				pt, err := r.commitTree(parent)
				if err != nil {
					return nil, fmt.Errorf("log: %w", err)
				}
				if theirs, err = pathHash(pt); err != nil {
					return nil, fmt.Errorf("log: %w", err)
				}
			}
			include = mine != theirs
		}
		if include {
			out = append(out, commitInfo(c))
			if opts.Max > 0 && len(out) >= opts.Max {
				break
			}
		}
		h = parent
	}
	return out, nil
}

// Changed lists the files whose content or mode differs between two
// revisions, sorted; "" stands for the empty tree. Added and removed files
// count as changed.
func (r *Repo) Changed(from, to string) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	treeOf := func(rev string) (plumbing.Hash, error) {
		if rev == "" {
			return plumbing.ZeroHash, nil
		}
		h, err := r.resolve(rev)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		return r.commitTree(h)
	}
	a, err := treeOf(from)
	if err != nil {
		return nil, fmt.Errorf("changed: %w", err)
	}
	b, err := treeOf(to)
	if err != nil {
		return nil, fmt.Errorf("changed: %w", err)
	}
	var out []string
	if err := r.changedPaths(a, b, "", &out); err != nil {
		return nil, fmt.Errorf("changed: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// IsAncestor reports whether commit a is an ancestor of (or equal to)
// commit b, following all parents.
func (r *Repo) IsAncestor(a, b string) (bool, error) {
	return r.IsAncestorSince(a, b, time.Time{})
}

// IsAncestorSince is IsAncestor looking back from b only through commits
// committed at or after since (the zero time: all of them); a reached
// only through older ones is reported as no ancestor. A commit's
// ancestors are made before it, give or take the clocks of the machines
// that made them: since a little before a was made bounds the walk, which
// for a no would otherwise read every commit of ten years.
func (r *Repo) IsAncestorSince(a, b string, since time.Time) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	ha, err := r.resolve(a)
	if err != nil {
		return false, fmt.Errorf("is ancestor: %w", err)
	}
	hb, err := r.resolve(b)
	if err != nil {
		return false, fmt.Errorf("is ancestor: %w", err)
	}
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{hb}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if h == ha {
			return true, nil
		}
		if seen[h] {
			continue
		}
		seen[h] = true
		c, err := r.commit(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			continue // shallow history ends here
		}
		if err != nil {
			return false, fmt.Errorf("is ancestor: %w", err)
		}
		if c.Committer.When.Before(since) {
			continue
		}
		stack = append(stack, c.ParentHashes...)
	}
	return false, nil
}
