package store

// A shallow clone (git clone --depth N) holds only the newest commits of
// a history. The oldest it holds are listed in .git/shallow; their
// parents are not in the repository. git reads those commits as having
// no parents, and so does the Repo: a walk down the history ends there as
// it would at a first commit, rather than failing on a missing object.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// shallowFile lists a shallow clone's boundary commits, one id a line.
const shallowFile = "shallow"

// shallowSet returns the boundary commits of a shallow clone, nil for a
// whole history. It is read once, and again after refresh finds new packs:
// a fetch that deepened the clone brought one. Callers hold r.mu.
func (r *Repo) shallowSet() map[plumbing.Hash]bool {
	if !r.shallowRead {
		r.shallowRead, r.shallow = true, readShallow(r.gitDir)
	}
	return r.shallow
}

// readShallow reads the boundary commits listed in gitDir's shallow file;
// nil when there is none (or it cannot be read: then the missing parent
// says so).
func readShallow(gitDir string) map[plumbing.Hash]bool {
	raw, err := os.ReadFile(filepath.Join(gitDir, shallowFile))
	if err != nil {
		return nil
	}
	var set map[plumbing.Hash]bool
	for _, line := range strings.Fields(string(raw)) {
		if len(line) == 2*len(plumbing.ZeroHash) && isHex(line) {
			if set == nil {
				set = map[plumbing.Hash]bool{}
			}
			set[plumbing.NewHash(line)] = true
		}
	}
	return set
}

// graft gives c as the Repo reads it: without parents when it is a
// shallow clone's boundary. Callers hold r.mu.
func (r *Repo) graft(c *object.Commit) *object.Commit {
	if len(c.ParentHashes) == 0 || !r.shallowSet()[c.Hash] {
		return c
	}
	cut := *c
	cut.ParentHashes = nil
	return &cut
}

// Shallow reports whether the repository is a shallow clone: its history
// ends before the first commit. What is computed from the whole history
// and kept (see SetCache) is then not kept, as a deeper fetch would
// change it without changing HEAD.
func (r *Repo) Shallow() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	return len(r.shallowSet()) > 0
}

// noParent is the error for rev asking past c, a commit without parents:
// the first commit, or the end of a shallow clone's history.
func (r *Repo) noParent(rev string, c *object.Commit) error {
	if r.shallowSet()[c.Hash] {
		return fmt.Errorf("%w %q: this clone's history ends at %s (a shallow clone; `git fetch --unshallow` brings in the rest)", ErrUnknownRevision, rev, ShortID(c.Hash.String()))
	}
	return fmt.Errorf("%w %q: commit %s has no parent", ErrUnknownRevision, rev, ShortID(c.Hash.String()))
}

// Boundary reports whether commit id is where a shallow clone's history
// ends: the oldest commit it has, whose parents it has not.
func (r *Repo) Boundary(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	return len(id) == 2*len(plumbing.ZeroHash) && r.shallowSet()[plumbing.NewHash(id)]
}
