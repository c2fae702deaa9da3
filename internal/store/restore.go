package store

import (
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Restore puts paths back as they are in HEAD, throwing away what differs
// in the work tree: a file HEAD has is written with its content and mode,
// atomically; one HEAD does not have is removed. Their index entries are
// set from HEAD too, which also undoes a deletion staged with git. The
// caller holds the lock (see Lock).
func (r *Repo) Restore(paths []string) error {
	if !r.holdsLock() {
		return fmt.Errorf("restore: %w (call Lock first)", ErrNotLocked)
	}
	for _, p := range paths {
		if err := validPath(p); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()

	head, err := r.headHash()
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tree, err := r.commitTree(head)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	changes := make([]Change, 0, len(paths))
	modes := make(map[string]filemode.FileMode)
	for _, p := range paths {
		e, found, err := r.lookup(tree, p)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if !found {
			changes = append(changes, Change{Path: p, Delete: true})
			continue
		}
		if e.Mode == filemode.Dir || e.Mode == filemode.Submodule || e.Mode == filemode.Symlink {
			return fmt.Errorf("restore %s: not a file in HEAD", p)
		}
		data, err := r.blob(e.Hash)
		if err != nil {
			return fmt.Errorf("restore %s: %w", p, err)
		}
		changes = append(changes, Change{Path: p, Data: data})
		modes[p] = e.Mode
	}
	changes, err = normalizeChanges(changes)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := r.writeWorktree(changes, modes, nil); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := r.updateIndex(tree, paths); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}
