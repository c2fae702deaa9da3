package sync

// A merge of two machines' histories goes file by file against the merge
// base. A file changed on one side only takes that side's version. A file
// changed on both sides merges by what it holds:
//
//   - the model files (os.toml, themes.toml, ...) together, item by item
//     and field by field, through the item merge (semdiff.Merge), which
//     edits mine's files in place and merges both sides' comments by line;
//   - a review record answer by answer (see records.go);
//   - the record of the templates the OS follows (.myos/template.toml)
//     template by template, each with its base folder (see templates.go);
//   - README.md is regenerated from the merged model when the OS renders
//     it, and otherwise keeps mine: it is derived, never merged;
//   - any other file by line (see internal/linemerge).
//
// Removing a file on one side and changing it on the other is a conflict
// on the file's path.

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/myos-dev/myos/internal/linemerge"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/routines"
)

// ReadmePath is the derived file that is regenerated, never merged.
const ReadmePath = "README.md"

// ReadmeFunc regenerates README.md from the merged model files, for a
// merge commit whose subject is subject. on is false when the OS does not
// render its README (render = false), and the file is then merged like any
// other derived file: one side's change is taken, and when both changed
// it, mine is kept.
type ReadmeFunc func(model map[string][]byte, subject string) (data []byte, on bool, err error)

// treeMerge is what merging two sides' files made.
type treeMerge struct {
	// Files are the paths whose merged content differs from mine's, and
	// Deleted the paths mine has that the merge removes.
	Files   map[string][]byte
	Deleted []string
	// Conflicts are undecided, sorted by key; while there are any, Files
	// and Deleted are empty.
	Conflicts []Conflict
	// Decided say how the take keys decided conflicts.
	Decided []string
	// Changes are the item-level changes the merge makes to mine, and
	// Notes what it did to other files.
	Changes []semdiff.Change
	Notes   []string
	// Unused are the take keys that decided nothing, sorted.
	Unused []string
}

// fileLines names, by path, the files other than the model and README.md
// (review records, a file of the person's) that the merge brings into
// mine unchanged from theirs, as a fast-forward's summary names them:
// "reviews/2026/2026-12-02.toml: modified". A file merged from both sides
// has its note already.
func (res *treeMerge) fileLines(mine map[string][]byte) []string {
	noted := func(p string) bool {
		return slices.ContainsFunc(res.Notes, func(n string) bool { return strings.HasPrefix(n, p+": ") })
	}
	var lines []string
	for p := range res.Files {
		if isModel(p) || p == ReadmePath || noted(p) {
			continue
		}
		if _, had := mine[p]; had {
			lines = append(lines, p+": modified")
		} else {
			lines = append(lines, p+": new file")
		}
	}
	for _, p := range res.Deleted {
		if !isModel(p) && p != ReadmePath && !noted(p) {
			lines = append(lines, p+": deleted")
		}
	}
	sort.Strings(lines)
	return lines
}

func isModel(p string) bool {
	for _, f := range routines.ModelFiles() {
		if p == f {
			return true
		}
	}
	return false
}

func isRecord(p string) bool {
	_, _, ok := review.ParsePath(p)
	return ok
}

// same compares two versions of a file, present or not.
func same(a []byte, hasA bool, b []byte, hasB bool) bool {
	return hasA == hasB && string(a) == string(b)
}

// mergeTrees merges theirs into mine against base. Each map holds, by
// path, the files of one side that the merge needs to see: every path that
// differs between base and either side, and the model files. take decides
// conflicts by key (see Conflict.Key), with TakeAll for the rest.
func mergeTrees(base, mine, theirs map[string][]byte, take map[string]string) (*treeMerge, error) {
	for k, v := range take {
		switch v {
		case TakeMine, TakeTheirs, TakeBoth:
		default:
			return nil, fmt.Errorf("--take %s=%s: take mine, theirs or both", k, v)
		}
	}
	res := &treeMerge{Files: map[string][]byte{}}
	used := map[string]bool{}
	lookup := func(key string) string {
		if v, ok := take[key]; ok {
			used[key] = true
			return v
		}
		if v, ok := take[TakeAll]; ok {
			used[TakeAll] = true
			return v
		}
		return ""
	}
	set := func(p string, data []byte, present bool) {
		m, hm := mine[p]
		if same(m, hm, data, present) {
			delete(res.Files, p)
			return
		}
		if present {
			res.Files[p] = data
		} else {
			res.Deleted = append(res.Deleted, p)
		}
	}

	paths := map[string]bool{}
	for _, side := range []map[string][]byte{base, mine, theirs} {
		for p := range side {
			paths[p] = true
		}
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)

	tm, ok, err := mergeTemplates(base, mine, theirs, lookup)
	if err != nil {
		return nil, err
	}
	if ok {
		res.Conflicts = append(res.Conflicts, tm.conflicts...)
		res.Decided = append(res.Decided, tm.decided...)
		for p, v := range tm.files {
			set(p, v.data, v.present)
		}
		if tm.merged && len(tm.conflicts) == 0 {
			res.Notes = append(res.Notes, templateRecordsMerged)
		}
	}

	for _, p := range sorted {
		if isModel(p) || p == ReadmePath {
			continue
		}
		if ok {
			// A template's record and base merged together, above.
			if _, done := tm.files[p]; done {
				continue
			}
		}
		b, hb := base[p]
		m, hm := mine[p]
		t, ht := theirs[p]
		switch {
		case same(m, hm, t, ht), same(t, ht, b, hb):
			continue
		case same(m, hm, b, hb):
			set(p, t, ht)
			continue
		}
		if !hm || !ht {
			c := Conflict{Key: p, File: p, Reason: reasonRemovedMine, Takes: []string{TakeMine, TakeTheirs}}
			if hm {
				c.Reason = reasonRemovedTheirs
			}
			switch d := lookup(p); d {
			case "":
				res.Conflicts = append(res.Conflicts, c)
			case TakeTheirs:
				set(p, t, ht)
				res.Decided = append(res.Decided, decidedLine(c, d))
			case TakeBoth:
				// Keeping both a removal and a change keeps the change.
				if ht {
					set(p, t, ht)
				}
				res.Decided = append(res.Decided, decidedLine(c, d))
			default:
				res.Decided = append(res.Decided, decidedLine(c, d))
			}
			continue
		}
		var bb []byte
		if hb {
			bb = b
		}
		if isRecord(p) {
			rm, ok, err := mergeRecord(p, bb, m, t, lookup)
			if err != nil {
				return nil, err
			}
			if ok {
				res.Conflicts = append(res.Conflicts, rm.conflicts...)
				res.Decided = append(res.Decided, rm.decided...)
				if len(rm.conflicts) == 0 {
					set(p, rm.data, true)
					res.Notes = append(res.Notes, p+": merged answer by answer")
				}
				continue
			}
		}
		lm := linemerge.Merge(bb, m, t, "")
		if len(lm.Hunks) == 0 {
			set(p, lm.Merged, true)
			res.Notes = append(res.Notes, p+": merged by line")
			continue
		}
		c := Conflict{Key: p, File: p, Reason: reasonLines, Takes: []string{TakeMine, TakeTheirs, TakeBoth}}
		for i, h := range lm.Hunks {
			if i > 0 {
				c.Base += "...\n"
				c.Mine += "...\n"
				c.Theirs += "...\n"
			}
			c.Base += h.Base
			c.Mine += h.Mine
			c.Theirs += h.Theirs
		}
		if n := len(lm.Hunks); n > 1 {
			c.Reason = fmt.Sprintf("%s (%d places)", reasonLines, n)
		}
		d := lookup(p)
		if d == "" {
			res.Conflicts = append(res.Conflicts, c)
			continue
		}
		set(p, linemerge.Merge(bb, m, t, d).Merged, true)
		res.Decided = append(res.Decided, decidedLine(c, d))
	}

	model, err := res.mergeModel(base, mine, theirs, take, used)
	if err != nil {
		return nil, err
	}
	for k := range take {
		if !used[k] && !contains(res.Unused, k) {
			res.Unused = append(res.Unused, k)
		}
	}
	sort.Strings(res.Unused)
	if len(res.Conflicts) > 0 {
		sortConflicts(res.Conflicts)
		res.Files, res.Deleted = map[string][]byte{}, nil
		return res, nil
	}
	if _, err := routines.LoadFiles(model); err != nil {
		// When the merge kept one side's model files as they were, it is
		// that side that does not load, not the merge.
		switch {
		case sameModel(model, modelOf(mine)):
			return nil, &sideError{err: err}
		case sameModel(model, modelOf(theirs)):
			return nil, &sideError{theirs: true, err: err}
		}
		return nil, fmt.Errorf("the merged OS is not valid: %w", err)
	}
	for _, f := range routines.ModelFiles() {
		data, ok := model[f]
		set(f, data, ok)
	}

	res.mergeReadme(base, mine, theirs)
	sort.Strings(res.Deleted)
	return res, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sideError is a side whose model files do not load.
type sideError struct {
	theirs bool
	err    error
}

func (e *sideError) Error() string {
	side := "mine"
	if e.theirs {
		side = "theirs"
	}
	return side + ": " + firstError(e.err)
}

// firstError is the first of a model's load errors, and how many more
// there are.
func firstError(err error) string {
	var errs routines.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		return errs.Summary()
	}
	return err.Error()
}

// modelOf picks the model files out of a side.
func modelOf(side map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range routines.ModelFiles() {
		if b, ok := side[f]; ok {
			out[f] = b
		}
	}
	return out
}

func sameModel(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for f, x := range a {
		y, ok := b[f]
		if !ok || string(x) != string(y) {
			return false
		}
	}
	return true
}

// mergeModel merges the model files and returns the merged ones (mine's
// while conflicts remain). The item merge gets the take keys sync's own
// conflicts did not use.
func (res *treeMerge) mergeModel(base, mine, theirs map[string][]byte, take map[string]string, used map[string]bool) (map[string][]byte, error) {
	mb, mm, mt := modelOf(base), modelOf(mine), modelOf(theirs)
	switch {
	case sameModel(mt, mb), sameModel(mt, mm):
		return mm, nil
	case sameModel(mm, mb):
		if _, err := routines.LoadFiles(mt); err != nil {
			return nil, &sideError{theirs: true, err: err}
		}
		changes, unreadable := semdiff.DiffFiles(mm, mt)
		if len(unreadable) > 0 {
			return nil, fmt.Errorf("the remote's %s cannot be read", unreadable[0])
		}
		res.Changes = changes
		return mt, nil
	}
	// The item merge reads both sides: one that does not load (a commit
	// made with git, not myos) cannot be merged item by item.
	if _, err := routines.LoadFiles(mm); err != nil {
		return nil, &sideError{err: err}
	}
	if _, err := routines.LoadFiles(mt); err != nil {
		return nil, &sideError{theirs: true, err: err}
	}
	rest := map[string]string{}
	for k, v := range take {
		if !used[k] || k == TakeAll {
			rest[k] = v
		}
	}
	r, err := semdiff.Merge(mb, mm, mt, rest)
	if err != nil {
		return nil, fmt.Errorf("merge items: %w", err)
	}
	for _, c := range r.Conflicts {
		res.Conflicts = append(res.Conflicts, fromItem(c))
	}
	for _, d := range r.Decided {
		res.Decided = append(res.Decided, d.String())
		used[d.By] = true
	}
	for k := range rest {
		if !contains(r.Unused, k) {
			used[k] = true
		}
	}
	if len(r.Conflicts) > 0 {
		return mm, nil
	}
	res.Changes = r.Changes
	res.Notes = append(res.Notes, notesOf(r)...)
	return r.Files, nil
}

// notesOf keeps what the item merge did beyond the changes themselves
// (a theme brought along, ...).
func notesOf(r *semdiff.MergeResult) []string {
	n := len(r.Applied) - len(r.Changes)
	if n <= 0 {
		return nil
	}
	return r.Applied[len(r.Changes):]
}

// mergeReadme merges README.md as a derived file: one side's change is
// taken; when both changed it, mine is kept (regenerating it is the
// caller's, see ReadmeFunc).
func (res *treeMerge) mergeReadme(base, mine, theirs map[string][]byte) {
	b, hb := base[ReadmePath]
	m, hm := mine[ReadmePath]
	t, ht := theirs[ReadmePath]
	switch {
	case same(m, hm, b, hb):
		if !same(m, hm, t, ht) {
			if ht {
				res.Files[ReadmePath] = t
			} else {
				res.Deleted = append(res.Deleted, ReadmePath)
			}
		}
	case same(t, ht, b, hb), same(m, hm, t, ht):
	default:
		res.Notes = append(res.Notes, ReadmePath+": changed on both sides; kept mine")
	}
}

// model is the model files as the merge leaves them.
func (res *treeMerge) model(mine map[string][]byte) map[string][]byte {
	out := modelOf(mine)
	for p, data := range res.Files {
		if isModel(p) {
			out[p] = data
		}
	}
	for _, p := range res.Deleted {
		delete(out, p)
	}
	return out
}

// setReadme replaces the merged README.md with a regenerated one.
func (res *treeMerge) setReadme(mine map[string][]byte, data []byte) {
	res.Deleted = slices.DeleteFunc(res.Deleted, func(p string) bool { return p == ReadmePath })
	res.Notes = slices.DeleteFunc(res.Notes, func(n string) bool { return strings.HasPrefix(n, ReadmePath+":") })
	if m, ok := mine[ReadmePath]; ok && string(m) == string(data) {
		delete(res.Files, ReadmePath)
		return
	}
	res.Files[ReadmePath] = data
}
