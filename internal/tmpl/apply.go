package tmpl

// Applying a template to an OS that already exists is a three-way merge:
// the template as last applied is the base, the person's OS is mine, the
// template's current version is theirs. Placeholders are filled in with
// the OS's own name and owner on both the base and theirs, so that they
// compare with what the person has.
//
// A record is the base only for the template it records: the same name
// from the same source. Names are chosen by whoever writes a template, so
// two templates may share one; merging against another template's base
// reads everything that one brought as removed, so a record of the name
// from another source is refused unless the person says the template
// moved, or gives it a name of its own.
//
// An item of the template kept beside the person's own item of the same
// id ("both") is the template's under its new id: the record maps the
// one to the other (Record.IDs), and the base and the template's new
// version are read with the item, and the references to a copied theme,
// under the new id, so that the template's later changes reach the copy
// and leave the person's own item alone.

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// Applied is a template merged into an OS, not yet written.
type Applied struct {
	*semdiff.MergeResult
	Template *Template
	// Name is the name the OS records the template under: its own, or
	// the one ApplyOptions.As gave.
	Name string
	// Previous is the OS's record of the template before this apply; nil
	// when the OS has none, and the merge had no base.
	Previous *Record
	// Record is the changes to commit besides the model files: the new
	// record and the template's files as the new base.
	Record []store.Change
	// Clean is, while conflicts remain undecided, what would come in if
	// each of them kept yours: the template's changes that no conflict
	// holds up, in the words of MergeResult.Applied. It is nil when no
	// conflict is undecided.
	Clean []string
}

// ApplyOptions say how Apply brings a template in.
type ApplyOptions struct {
	// Take decides conflicts (see semdiff.Merge).
	Take map[string]string
	// As is the name the OS records the template under; "" is the
	// template's own name. It is how a template that shares its name
	// with another one the OS came from is applied as a template of its
	// own.
	As string
	// Moved says that the template the OS records under that name now
	// comes from the template's source (a repository that moved, a
	// folder elsewhere): its record is the base, and the new source is
	// recorded.
	Moved bool
}

// SourceClashError is Apply's refusal of a template whose name the OS
// records as having come from another source. Two templates may share a
// name without being the same template: merging one against the other's
// base would read everything the other brought as removed by the
// template, and take it out of the OS.
type SourceClashError struct {
	Name     string // the name the OS records
	Recorded string // the source on record under Name
	Source   string // the source of the template being applied
	// Under is the name of another record of Source, when the OS has
	// applied the template before under a name of its own.
	Under string
}

func (e *SourceClashError) Error() string {
	recorded := e.Recorded
	if recorded == "" {
		recorded = "a source it did not record"
	}
	return fmt.Sprintf("template %s from %s: your OS's template %s came from %s: refused", e.Name, e.Source, e.Name, recorded)
}

// Apply merges t into the OS whose folder is osFS and whose model files
// are mine, deciding conflicts by opts.Take (see semdiff.Merge). The base
// is the OS's record of the template's name (or opts.As) when that
// record came from t's source, or, when the OS records nothing under the
// template's name, its record of t's source under another name (a
// template renamed by its authors, or applied with --as before), which
// it is then applied as; without one, the OS's identity — name,
// owner, timezone — is kept as it is, everything else the template has
// that the OS lacks is added, and whatever differs is a conflict. A
// record of the name from another source is a *SourceClashError, unless
// opts.Moved says the template moved.
func Apply(t *Template, osFS fs.FS, mine map[string][]byte, opts ApplyOptions, day routines.Date) (*Applied, error) {
	mo, err := routines.LoadFiles(mine)
	if err != nil {
		return nil, fmt.Errorf("your OS is not valid: %w", firstFinding(err))
	}
	recs, err := ReadRecords(osFS)
	if err != nil {
		return nil, err
	}
	name := t.Meta.Name
	if opts.As != "" {
		if !routines.ValidID(opts.As) {
			return nil, fmt.Errorf("name %q: use lowercase letters, digits and dashes, like %q", opts.As, routines.Slug(opts.As))
		}
		name = opts.As
	} else if FindRecord(recs, name) == nil {
		// The same source recorded under another name: a template
		// whose authors renamed it in a later version, or one applied
		// with --as. It is the same template, and its record is the
		// base: without it, everything the person changed or removed
		// read as a conflict or came back.
		if r := RecordOf(recs, t); r != nil {
			name = r.Name
		}
	}
	prev := FindRecord(recs, name)
	if prev != nil && !SameSource(prev.Source, t.Source) && !opts.Moved {
		clash := &SourceClashError{Name: name, Recorded: prev.Source, Source: t.Source}
		if r := RecordOf(recs, t); r != nil {
			clash.Under = r.Name
		}
		return nil, clash
	}
	var rawBase map[string][]byte
	if prev != nil {
		if rawBase, err = ReadBase(osFS, name); err != nil {
			return nil, err
		}
		if rawBase == nil {
			prev = nil
		}
	}
	vars := Vars{Name: mo.Settings.Name, Owner: mo.Settings.Owner}
	theirs, err := t.Render(vars)
	if err != nil {
		return nil, err
	}
	var base map[string][]byte
	var ids, renamed map[string]string
	if rawBase != nil {
		b := &Template{Source: "the recorded base of " + name, Files: rawBase}
		if base, err = b.Render(vars); err != nil {
			return nil, err
		}
		renamed = moveAside(prev.IDs, theirs, base, mine)
		ids = keptIDs(renamed, theirs)
		if base, err = renameItems(base, renamed); err != nil {
			return nil, fmt.Errorf("the recorded base of %s: %w", name, err)
		}
		if theirs, err = renameItems(theirs, renamed); err != nil {
			return nil, fmt.Errorf("template %s: %w", t.Meta.Name, err)
		}
	} else if theirs, err = keepIdentity(theirs, &mo.Settings); err != nil {
		return nil, err
	} else if theirs, err = keepSince(theirs, mo); err != nil {
		return nil, err
	}
	if base != nil {
		if err := claimsOwn(t, base, mo, theirs); err != nil {
			return nil, err
		}
	}
	res, err := semdiff.Merge(base, mine, theirs, opts.Take)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", t.Meta.Name, err)
	}
	ids = copiedIDs(ids, renamed, res.Copies)
	a := &Applied{MergeResult: res, Template: t, Name: name, Previous: prev, Record: RecordChanges(recs, name, t, rawBase, ids, day)}
	if len(res.Conflicts) > 0 {
		if a.Clean, err = clean(base, mine, theirs, opts.Take, res.Conflicts); err != nil {
			return nil, fmt.Errorf("template %s: %w", t.Meta.Name, err)
		}
	}
	return a, nil
}

// renameItems is files, a version of a template, with its items that the
// OS keeps under other ids (ids, as in Record.IDs) under those ids: the
// items themselves, their former ids in the items of the template's that
// renamed them since, and the references to a renamed theme. An id whose
// new id files have for an item of their own that keeps its id stays as
// it is; one that moves aside itself (see moveAside) makes way.
func renameItems(files map[string][]byte, ids map[string]string) (map[string][]byte, error) {
	if len(ids) == 0 {
		return files, nil
	}
	o, _ := routines.ParseFiles(files)
	if o == nil {
		return files, nil
	}
	rename := map[routines.Kind]map[string]string{} // kind → template's id → new id
	for key, to := range ids {
		if k, id, ok := idKey(key); ok {
			if rename[k] == nil {
				rename[k] = map[string]string{}
			}
			rename[k][id] = to
		}
	}
	// A new id that files have for an item that keeps its id is that
	// item's: the rename to it is dropped, which may hold another item
	// at its id in turn.
	for _, k := range routines.Kinds() {
		for dropped := true; dropped; {
			dropped = false
			for id, to := range rename[k] {
				if _, moves := rename[k][to]; o.Find(k, to) != nil && !moves {
					delete(rename[k], id)
					dropped = true
				}
			}
		}
		if len(rename[k]) == 0 {
			delete(rename, k)
		}
	}
	if len(rename) == 0 {
		return files, nil
	}
	out := maps.Clone(files)
	themes := rename[routines.KindTheme]
	for _, k := range routines.Kinds() {
		// An item renamed to the id another item is renamed from waits
		// for that one: the file is edited item by item, by id.
		type edit struct{ old, upd routines.Item }
		var edits []edit
		for _, it := range o.Items(k) {
			upd := routines.CloneItem(it)
			changed := false
			set := func(key, text string) error {
				changed = true
				return routines.SetField(upd, key, text)
			}
			if to, ok := rename[k][it.ItemID()]; ok {
				if err := set("id", to); err != nil {
					return nil, err
				}
			}
			if former := routines.FormerIDs(it); len(former) > 0 {
				renamed := make([]string, len(former))
				for i, f := range former {
					renamed[i] = f
					if to, ok := rename[k][f]; ok {
						renamed[i] = to
					}
				}
				if !slices.Equal(renamed, former) {
					if err := set("formerly", routines.FormatValue(renamed)); err != nil {
						return nil, err
					}
				}
			}
			if k != routines.KindTheme {
				if v, ok := routines.FieldValue(it, "theme"); ok {
					if to, ok := themes[routines.FormatValue(v)]; ok {
						if err := set("theme", to); err != nil {
							return nil, err
						}
					}
				}
			}
			if changed {
				edits = append(edits, edit{it, upd})
			}
		}
		for len(edits) > 0 {
			waiting := map[string]bool{} // ids still to be renamed from
			for _, e := range edits {
				if e.upd.ItemID() != e.old.ItemID() {
					waiting[e.old.ItemID()] = true
				}
			}
			var rest []edit
			for _, e := range edits {
				if to := e.upd.ItemID(); to != e.old.ItemID() && waiting[to] {
					rest = append(rest, e)
					continue
				}
				b, err := routines.UpdateItem(out[k.File()], e.old, e.upd)
				if err != nil {
					return nil, err
				}
				out[k.File()] = b
			}
			if len(rest) == len(edits) {
				return nil, fmt.Errorf("ids: %s %q and %q are renamed to each other", k, rest[0].old.ItemID(), rest[0].upd.ItemID())
			}
			edits = rest
		}
	}
	return out, nil
}

// moveAside is ids, a record's (see Record.IDs), with a new id for each
// item of theirs, the template's new version, whose id is one that ids
// keep another of the template's items under: without one, the template's
// new item would be read as the copy, and its fields as changes to it.
// The new id is free in theirs, the base and mine. An item that the
// template renamed to the copy's id (its formerly lists the id it was
// copied from) is that item, and needs none.
func moveAside(ids map[string]string, theirs, base, mine map[string][]byte) map[string]string {
	to, _ := routines.ParseFiles(theirs)
	if len(ids) == 0 || to == nil {
		return ids
	}
	out, cloned := ids, false
	for _, key := range slices.Sorted(maps.Keys(ids)) {
		k, from, ok := idKey(key)
		if !ok {
			continue
		}
		ks, id := string(k), ids[key]
		it := to.Find(k, id)
		if _, moved := out[ks+"/"+id]; it == nil || moved || slices.Contains(routines.FormerIDs(it), from) {
			continue
		}
		used := map[string]bool{}
		for _, files := range []map[string][]byte{theirs, base, mine} {
			if o, _ := routines.ParseFiles(files); o != nil {
				for _, x := range o.Items(k) {
					used[x.ItemID()] = true
					for _, f := range routines.FormerIDs(x) {
						used[f] = true
					}
				}
			}
		}
		for key, to := range out {
			if strings.HasPrefix(key, ks+"/") {
				used[to] = true
			}
		}
		if !cloned {
			out, cloned = maps.Clone(ids), true
		}
		out[ks+"/"+id] = semdiff.NewID(id, used)
	}
	return out
}

// keptIDs is ids, a record's (see Record.IDs), without the items that
// theirs, the template's new version, no longer has: the template removed
// them, or renamed them, and the copy takes the new id with the rename.
func keptIDs(ids map[string]string, theirs map[string][]byte) map[string]string {
	if len(ids) == 0 {
		return nil
	}
	o, _ := routines.ParseFiles(theirs)
	out := map[string]string{}
	for key, to := range ids {
		if k, id, ok := idKey(key); ok && o != nil && o.Find(k, id) != nil {
			out[key] = to
		}
	}
	return out
}

// copiedIDs is ids with the copies a merge made (see
// semdiff.MergeResult.Copies) added. The merge knows the template's items
// by the ids renamed gave them (see renameItems): a copy of one of those
// is a copy of the template's item under its own id.
func copiedIDs(ids, renamed map[string]string, copies map[string]string) map[string]string {
	if len(copies) == 0 {
		return ids
	}
	out := maps.Clone(ids)
	if out == nil {
		out = map[string]string{}
	}
	orig := map[string]string{} // "KIND/NEWID" → "KIND/ID"
	for key, to := range renamed {
		ks, _, _ := strings.Cut(key, "/")
		orig[ks+"/"+to] = key
	}
	for key, to := range copies {
		if o, ok := orig[key]; ok {
			key = o
		}
		out[key] = to
	}
	return out
}

// ClaimError is Apply's refusal of a template version whose item lists,
// in formerly, the id of an item the person made themselves: one that the
// template, as the OS last applied it, never had, under that id or a
// former one. A former id pairs the item that had it with the template's,
// so the template would take the person's own item over, renamed to its
// id, without a question.
type ClaimError struct {
	Source string
	File   string
	Line   int
	Kind   routines.Kind
	ID     string // the template's item
	Former string // the id it claims, the person's own item's
}

func (e *ClaimError) Error() string {
	return fmt.Sprintf("template %s: %s:%d:1: %s %q has %q in formerly, your own %s, which the template never had: refused",
		e.Source, e.File, e.Line, e.Kind, e.ID, e.Former, e.Kind)
}

// claimsOwn is a *ClaimError for the first item of theirs whose former ids
// name an item of mine (by its id or one of its own former ids) that the
// base knows under no id: an item the person made, not one the template
// gave them.
func claimsOwn(t *Template, base map[string][]byte, mine *routines.OS, theirs map[string][]byte) error {
	bo, _ := routines.ParseFiles(base)
	to, _ := routines.ParseFiles(theirs)
	if bo == nil || to == nil {
		return nil
	}
	for _, k := range routines.Kinds() {
		known := map[string]bool{}
		for _, it := range bo.Items(k) {
			known[it.ItemID()] = true
			for _, f := range routines.FormerIDs(it) {
				known[f] = true
			}
		}
		own := map[string]bool{}
		for _, it := range mine.Items(k) {
			for _, id := range append([]string{it.ItemID()}, routines.FormerIDs(it)...) {
				if !known[id] {
					own[id] = true
				}
			}
		}
		for _, it := range to.Items(k) {
			for _, f := range routines.FormerIDs(it) {
				if own[f] {
					return &ClaimError{Source: t.Source, File: k.File(), Line: it.ItemMeta().Line, Kind: k, ID: it.ItemID(), Former: f}
				}
			}
		}
	}
	return nil
}

// clean is what the merge of theirs into mine brings in when take
// decides what it decides and every conflict it leaves keeps mine. While
// a conflict is undecided the merge changes nothing, which hid the
// template's other changes from a dry run. Keeping mine for some fields
// of an item can make its merged fields invalid together, which makes
// the whole item a new conflict: that keeps mine too, until none is left.
func clean(base, mine, theirs map[string][]byte, take map[string]string, conflicts []semdiff.Conflict) ([]string, error) {
	keep := make(map[string]string, len(take)+len(conflicts))
	for k, v := range take {
		keep[k] = v
	}
	for {
		added := false
		for _, c := range conflicts {
			if _, ok := keep[c.Key]; !ok {
				keep[c.Key], added = semdiff.TakeMine, true
			}
		}
		if !added {
			return nil, errors.New("conflicts that keeping yours does not decide")
		}
		res, err := semdiff.Merge(base, mine, theirs, keep)
		if err != nil {
			return nil, err
		}
		if len(res.Conflicts) == 0 {
			return res.Applied, nil
		}
		conflicts = res.Conflicts
	}
}

// keepIdentity sets theirs' name, owner and timezone to mine's: they are
// the person's, not the team's. A setting the template leaves unset is
// mine's too: without a base, a setting the template says nothing about
// would otherwise read as the template removing it, and taking the
// template's side of that conflict would throw the person's own review
// prompts, grid or limit away.
func keepIdentity(theirs map[string][]byte, mine *routines.Settings) (map[string][]byte, error) {
	to, err := routines.LoadFiles(theirs)
	if err != nil {
		return nil, firstFinding(err)
	}
	upd := to.Settings
	upd.Name, upd.Owner, upd.Timezone = mine.Name, mine.Owner, mine.Timezone
	set := map[string]bool{}
	for _, f := range routines.SettingsFields(&to.Settings) {
		set[f.Key] = true
	}
	for _, f := range routines.SettingsFields(mine) {
		if set[f.Key] {
			continue
		}
		if f.Key == "review.prompts" {
			upd.Review.Prompts = slices.Clone(mine.Review.Prompts)
			continue
		}
		if err := routines.SetSettingsField(&upd, f.Key, routines.FormatValue(f.Value)); err != nil {
			return nil, err
		}
	}
	b, err := routines.UpdateSettings(theirs[routines.FileOS], &to.Settings, &upd)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(theirs))
	for k, v := range theirs {
		out[k] = v
	}
	out[routines.FileOS] = b
	return out, nil
}

// keepSince sets the since of each routine of theirs that mine already
// has, under its id or one it had before, to mine's: the day a routine
// began is the person's, as their name and timezone are. Without a base,
// the day it began in the OS the template was exported from read as a
// conflict, and taking the template's side of it moved the routine's
// first day to before this OS had it, where stats counted it as missed.
func keepSince(theirs map[string][]byte, mine *routines.OS) (map[string][]byte, error) {
	if _, ok := theirs[routines.FileRoutines]; !ok {
		return theirs, nil
	}
	to, err := routines.LoadFiles(theirs)
	if err != nil {
		return nil, firstFinding(err)
	}
	var out map[string][]byte
	for i := range to.Routines {
		r := &to.Routines[i]
		m := mineRoutine(r, mine)
		if m == nil || sameDay(r.Since, m.Since) {
			continue
		}
		if out == nil {
			out = maps.Clone(theirs)
		}
		upd := routines.CloneItem(r).(*routines.Routine)
		upd.Since = nil
		if m.Since != nil {
			d := *m.Since
			upd.Since = &d
		}
		b, err := routines.UpdateItem(out[routines.FileRoutines], r, upd)
		if err != nil {
			return nil, err
		}
		out[routines.FileRoutines] = b
	}
	if out == nil {
		return theirs, nil
	}
	return out, nil
}

// mineRoutine is the routine of mine that the merge takes r for: the one
// under r's id or an id r had before, else the one the person renamed
// away from one of those (its formerly names it). nil when mine has none.
func mineRoutine(r *routines.Routine, mine *routines.OS) *routines.Routine {
	ids := append([]string{r.ID}, routines.FormerIDs(r)...)
	for _, id := range ids {
		if it, ok := mine.Find(routines.KindRoutine, id).(*routines.Routine); ok {
			return it
		}
	}
	for i := range mine.Routines {
		if slices.ContainsFunc(routines.FormerIDs(&mine.Routines[i]), func(f string) bool { return slices.Contains(ids, f) }) {
			return &mine.Routines[i]
		}
	}
	return nil
}

// sameDay reports whether two optional dates are the same day, or both
// unset.
func sameDay(a, b *routines.Date) bool {
	az, bz := a == nil || a.IsZero(), b == nil || b.IsZero()
	if az || bz {
		return az == bz
	}
	return *a == *b
}

// firstFinding is the first problem of a load error, as one line.
func firstFinding(err error) error {
	var errs routines.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		return errors.New(errs.Lead().String())
	}
	return err
}

// Message is the commit message of the apply: the template, its version
// and what came in.
func (a *Applied) Message() string {
	m := a.Template.Meta
	var b strings.Builder
	fmt.Fprintf(&b, "template: apply %s %s", m.Name, m.Version)
	if a.Name != "" && a.Name != m.Name {
		fmt.Fprintf(&b, " as %s", a.Name)
	}
	switch {
	case a.Previous == nil:
		b.WriteString(" (first apply)")
	case a.Previous.Version != m.Version:
		fmt.Fprintf(&b, " (was %s)", OneLine(a.Previous.Version))
	}
	if len(a.Changes) == 0 {
		what := "nothing new"
		if slices.ContainsFunc(a.Applied, func(n string) bool { return strings.HasSuffix(n, semdiff.CommentsMerged) }) {
			what = "comments only"
		}
		b.WriteString(": " + what)
	} else {
		b.WriteString(": " + countChanges(a.Changes))
	}
	if len(a.Applied) > 0 || len(a.Decided) > 0 {
		b.WriteString("\n")
	}
	if len(a.Applied) > 0 {
		b.WriteString("\n" + strings.Join(a.Applied, "\n"))
	}
	for _, d := range a.Decided {
		b.WriteString("\n" + d.String())
	}
	b.WriteString("\n\nfrom " + a.Template.Source)
	if a.Template.Commit != "" {
		b.WriteString(" at " + shortHash(a.Template.Commit))
	}
	if a.Previous != nil && !SameSource(a.Previous.Source, a.Template.Source) {
		b.WriteString(", moved from " + OneLine(a.Previous.Source))
	}
	return b.String()
}

// countChanges is "2 added, 1 changed, 1 removed".
func countChanges(cs []semdiff.Change) string {
	n := map[semdiff.Op]int{}
	for _, c := range cs {
		n[c.Op]++
	}
	var parts []string
	for _, op := range []struct {
		op   semdiff.Op
		word string
	}{{semdiff.OpAdd, "added"}, {semdiff.OpChange, "changed"}, {semdiff.OpRemove, "removed"}} {
		if n[op.op] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[op.op], op.word))
		}
	}
	return strings.Join(parts, ", ")
}
