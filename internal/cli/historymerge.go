package cli

// On two machines, a change made on one reaches the history of the other
// through the merge its sync made: the first-parent walk of history sees
// the merge. The change was made on the day of the commit on the other
// machine, by that commit, and history tells it so, as stats date a
// routine's pause by the commit that paused it (see broughtIn).

import (
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// throughMerges replaces in out, the item's changes newest first, each
// one a merge brought whole from the side it merged with the side's own
// changes to the item, each under the commit that made it and marked with
// the merge. byID holds the commits of out. A change both sides made to
// the item, or one whose side's history is not there (a shallow clone),
// stays the merge's.
func throughMerges(repo *store.Repo, kind routines.Kind, out []historyEntry, byID map[string]store.CommitInfo) ([]historyEntry, error) {
	var res []historyEntry
	for _, e := range out {
		m, ok := byID[e.Commit]
		if !ok || len(m.Parents) != 2 {
			res = append(res, e)
			continue
		}
		side, err := sideEntries(repo, kind, e.change, m, maxMergeDepth)
		if err != nil {
			if repo.Shallow() {
				res = append(res, e)
				continue
			}
			return nil, err
		}
		if len(side) == 0 {
			res = append(res, e)
			continue
		}
		res = append(res, side...)
	}
	return res, nil
}

// sideEntries lists the changes to the item that merge m took whole from
// its second parent, newest first, each under its own commit; none when
// the merge did not take the item's change whole from there. ch is the
// merge's change to the item. A merge on the side that took the item whole
// from a third machine is followed there too, depth merges deep, as stats
// follow it (see broughtIn).
func sideEntries(repo *store.Repo, kind routines.Kind, ch semdiff.Change, m store.CommitInfo, depth int) ([]historyEntry, error) {
	file := kind.File()
	first, side := m.Parents[0], m.Parents[1]
	after, before := ch.ID, ch.ID
	if ch.OldID != "" {
		before = ch.OldID
	}
	// The merge took the side's item, and the first's was the one before.
	if same, err := sameItemAt(repo, kind, file, after, m.Hash, side); err != nil || !same {
		return nil, err
	}
	onlySide, _, err := repo.Sides(side, first)
	if err != nil {
		return nil, err
	}
	commits := make(map[string]store.CommitInfo, len(onlySide))
	for _, c := range onlySide {
		commits[c.Hash] = c
	}
	c, in := commits[side]
	if !in {
		return nil, nil
	}
	// The side's first parents down to where it forked from the first's
	// history, or last took it in (a merge of a commit the first
	// reaches) with the item as the first has it: the side's own changes
	// are above that edge. A merge that took in the first's history
	// as it was then, before the first's machine changed the item or
	// while the side's changes to it stood, is passed: machines that take
	// turns to sync each merge the other's, and the side's changes
	// before its merge are still its own.
	var revs []semdiff.Revision
	blob, err := repo.FileHash(c.Hash, file)
	if err != nil {
		return nil, err
	}
	edge := ""
	for edge == "" {
		if len(c.Parents) == 0 {
			return nil, nil // the history ends on the side: no edge to start from
		}
		synced := false
		for _, p := range c.Parents[1:] {
			if _, in := commits[p]; !in {
				synced = true
			}
		}
		if synced {
			same, err := sameItemAt(repo, kind, file, before, c.Hash, first)
			if err != nil {
				return nil, err
			}
			if same {
				edge = c.Hash
				break
			}
			// Walked past only when c left the item as the side had
			// it: one that took the first's change to it in would
			// list that change again, under c (as stats' walk does,
			// see sideChanges).
			for _, id := range []string{after, before} {
				kept, err := sameItemAt(repo, kind, file, id, c.Hash, c.Parents[0])
				if err != nil || !kept {
					return nil, err
				}
			}
		}
		parent := c.Parents[0]
		was, err := repo.FileHash(parent, file)
		if err != nil {
			return nil, err
		}
		if was != blob {
			revs = append(revs, semdiff.Revision{Commit: c.Hash, Blob: blob, ParentBlob: was})
		}
		pc, in := commits[parent]
		if !in {
			edge = parent
			break
		}
		c, blob = pc, was
	}
	found, err := cachedItemHistory(repo, kind, after, revs)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	// The side started from the item as the first had it at the merge:
	// otherwise the first changed it too, and the merge's change is not
	// the side's alone.
	oldest := found[len(found)-1].Change
	startID := oldest.ID
	if oldest.OldID != "" {
		startID = oldest.OldID
	}
	if startID != before {
		return nil, nil
	}
	if same, err := sameItemAt(repo, kind, file, before, edge, first); err != nil || !same {
		return nil, err
	}
	out := make([]historyEntry, 0, len(found))
	for _, f := range found {
		ci := commits[f.Commit]
		if len(ci.Parents) == 2 && depth > 1 && isIn(commits, ci.Parents[1]) {
			// A merge on the side of what the first has not: the
			// change may be a third machine's.
			inner, err := sideEntries(repo, kind, f.Change, ci, depth-1)
			if err != nil {
				return nil, err
			}
			if len(inner) > 0 {
				for i := range inner {
					inner[i].MergedIn, inner[i].merged = m.Hash, m
				}
				out = append(out, inner...)
				continue
			}
		}
		subject, _ := splitMessage(ci.Message)
		out = append(out, historyEntry{Commit: ci.Hash, Short: ci.Short, Date: ci.Author.When, Subject: subject,
			Change: toChangeJSON(f.Change), change: f.Change, MergedIn: m.Hash, merged: m})
	}
	return out, nil
}

// isIn reports whether hash is one of commits.
func isIn(commits map[string]store.CommitInfo, hash string) bool {
	_, in := commits[hash]
	return in
}

// sameItemAt reports whether the item kind/id is the same in commits a
// and b: the same fields, or in neither. A version of the file that does
// not read is not known to be the same.
func sameItemAt(repo *store.Repo, kind routines.Kind, file, id, a, b string) (bool, error) {
	item := func(commit string) (routines.Item, bool, error) {
		blob, err := repo.FileHash(commit, file)
		if err != nil || blob == "" {
			return nil, err == nil, err
		}
		src, err := repo.ReadBlob(blob)
		if err != nil {
			return nil, false, err
		}
		o, ok := semdiff.ParseLenient(file, src)
		if !ok {
			return nil, false, nil
		}
		return o.Find(kind, id), true, nil
	}
	x, okX, err := item(a)
	if err != nil || !okX {
		return false, err
	}
	y, okY, err := item(b)
	if err != nil || !okY {
		return false, err
	}
	if x == nil || y == nil {
		return x == nil && y == nil, nil
	}
	return len(routines.ChangedFields(x, y)) == 0, nil
}
