package store

// myos never stages anything, and Status compares the work tree with HEAD:
// a deletion staged with git (`git rm --cached FILE`) leaves the file in
// the folder and is invisible there. A myos commit builds on HEAD's tree,
// so it would neither make that deletion nor undo it, and the next `git
// commit` would delete the file behind myos's back. StagedDeletions finds
// such paths so that callers can say so and refuse to write around them.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// StagedDeletions lists, sorted, the files HEAD has that the index does
// not: deletions staged with git. It reports nothing when the index is
// missing, unreadable or lags HEAD after an interrupted commit: Open and
// Repair rebuild it from HEAD then, and nothing was staged on purpose.
func (r *Repo) StagedDeletions() ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	return r.stagedDeletions()
}

// stagedDeletions is StagedDeletions; callers hold r.mu.
func (r *Repo) stagedDeletions() ([]string, error) {
	if _, err := os.Stat(filepath.Join(r.gitDir, pendingFile)); err == nil {
		return nil, nil
	}
	f, err := r.indexFile()
	if err != nil {
		return nil, fmt.Errorf("staged: %w", err)
	}
	if !f.exists {
		return nil, nil
	}
	tracked, err := r.headListing()
	if err != nil {
		return nil, fmt.Errorf("staged: %w", err)
	}
	if f.kept == nil {
		if look, ok := r.rawIndexLookup(f); ok {
			var out []string
			for _, p := range tracked.paths {
				if _, _, present := look(p); !present {
					out = append(out, p)
				}
			}
			return out, nil
		}
		if f.kept, err = r.decodeIndexFile(f); errors.Is(err, errIndexCorrupt) {
			return nil, nil
		} else if err != nil {
			return nil, fmt.Errorf("staged: %w", err)
		}
	}
	idx := f.kept
	if out, ok := stagedMerge(tracked.paths, idx.Entries); ok {
		return out, nil
	}
	// Any entry counts, whatever its stage: a conflict is git's business,
	// not a deletion. A sparse index holds whole directories as entries
	// whose names end in a slash.
	inIndex := make(map[string]bool, len(idx.Entries))
	var dirs []string
	for _, e := range idx.Entries {
		if strings.HasSuffix(e.Name, "/") {
			dirs = append(dirs, e.Name)
			continue
		}
		inIndex[e.Name] = true
	}
	var out []string
	for _, p := range tracked.paths {
		if inIndex[p] || underDir(p, dirs) {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// underDir reports whether p lies under one of dirs, each ending in a
// slash.
func underDir(p string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// stagedMerge is StagedDeletions for an index sorted by name, as git and
// myos write it, without directory entries: HEAD's paths, sorted, are
// walked beside the entries. ok is false for any other index, which the
// caller then reads the slow way.
func stagedMerge(paths []string, entries []*index.Entry) (out []string, ok bool) {
	j := 0
	for i, e := range entries {
		if strings.HasSuffix(e.Name, "/") || (i > 0 && e.Name < entries[i-1].Name) {
			return nil, false
		}
	}
	for _, p := range paths {
		for j < len(entries) && entries[j].Name < p {
			j++
		}
		if j < len(entries) && entries[j].Name == p {
			continue
		}
		out = append(out, p)
	}
	return out, true
}
