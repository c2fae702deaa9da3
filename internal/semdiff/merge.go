package semdiff

// This file merges two versions of an OS that went their own ways from a
// common base, item by item and field by field: a field changed on one
// side only takes that side's value, a field changed on both sides to
// different values is a conflict. The result is "mine" edited in place,
// so that every comment and blank line of the person's files survives,
// with theirs' comments merged in by line (see text.go), and it is
// always valid: where two sides' changes are each fine but not
// together (a block whose start moved here and whose end moved there), the
// item becomes a conflict of its own.
//
// `myos template apply` merges a template's new version (theirs) into a
// person's OS (mine) with the template as last applied as the base; `myos
// sync` merges another device's commits the same way.

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/myos-dev/myos/routines"
)

// The decisions a conflict takes.
const (
	// TakeMine keeps this side's value (or this side's removal).
	TakeMine = "mine"
	// TakeTheirs takes the other side's value (or removal).
	TakeTheirs = "theirs"
	// TakeBoth keeps this side's item and adds the other side's under a
	// new id (ID-2, ID-3, ...). For review.prompts it keeps this side's
	// prompts and adds those the other side added since the base.
	TakeBoth = "both"
)

// TakeAll is the take key that decides every conflict no other key
// decides.
const TakeAll = "*"

// Conflict is one change made on both sides that the merge cannot decide.
//
// A field conflict has Key "KIND/ID.FIELD" ("routine/standup.at"), or
// "os.FIELD" for a setting ("os.calendar.grid"), and Base, Mine and Theirs
// are the field's values as routines.FieldValue gives them (Base is nil
// when there is no base). An item conflict has Key "KIND/ID" and no Field:
// one side removed the item and the other changed it, or the two sides'
// changes are not valid together; Base, Mine and Theirs are then the
// items (routines.Item), nil where the item is gone.
type Conflict struct {
	Key    string        `json:"key"`
	Kind   routines.Kind `json:"kind"`
	ID     string        `json:"id,omitempty"`
	Field  string        `json:"field,omitempty"`
	Base   any           `json:"base"`
	Mine   any           `json:"mine"`
	Theirs any           `json:"theirs"`
	// Reason says in words why it is a conflict: "changed on both sides",
	// "removed in mine, changed in theirs", ...
	Reason string `json:"reason"`
}

// String is one line for people:
//
//	routine/standup.at: mine 09:30, theirs 10:00 (base 09:15)
//	routine/retro: removed in mine, changed in theirs
func (c Conflict) String() string {
	if c.Field == "" {
		return c.Key + ": " + c.Reason
	}
	// Long values that differ past the cut are cut where they differ:
	// mine and theirs against each other, the base against mine.
	mine, theirs := showPair(c.Mine, c.Theirs)
	s := fmt.Sprintf("%s: mine %s, theirs %s", c.Key, mine, theirs)
	if c.Reason == reasonNoBase {
		return s + " (no base)"
	}
	base, _ := showPair(c.Base, c.Mine)
	return s + " (base " + base + ")"
}

// Decision is a conflict and what decided it.
type Decision struct {
	Conflict Conflict `json:"conflict"`
	Take     string   `json:"take"`
	// By is the take key that decided it.
	By string `json:"by"`
}

// String is "routine/standup.at: took theirs (10:00)", "block/lunch: kept
// mine (removed)" and the like.
func (d Decision) String() string {
	c := d.Conflict
	switch {
	case d.Take == TakeBoth:
		return c.Key + ": kept both"
	case c.Field == "" && d.Take == TakeMine:
		return c.Key + ": kept mine" + removed(c.Mine)
	case c.Field == "":
		return c.Key + ": took theirs" + removed(c.Theirs)
	case d.Take == TakeMine:
		return fmt.Sprintf("%s: kept mine (%s)", c.Key, show(c.Mine))
	}
	return fmt.Sprintf("%s: took theirs (%s)", c.Key, show(c.Theirs))
}

// removed is " (removed)" when the side an item conflict was decided for
// removed the item: "kept mine" alone did not say that keeping mine
// leaves the item out.
func removed(side any) string {
	if side == nil {
		return " (removed)"
	}
	return ""
}

// MergeResult is what Merge made.
type MergeResult struct {
	// Files are mine's model files with the merge applied in place, by
	// name, including files mine did not have that the merge created,
	// and with theirs' comments merged in by line (see text.go). They
	// are mine's own when conflicts remain undecided.
	Files map[string][]byte
	// Changes is what the merge changed in mine, item by item.
	Changes []Change
	// Applied says in words what the merge did: a line per change, then
	// notes (a theme brought along because a new item uses it, a file
	// whose comments were merged by line, a comment of theirs that could
	// not be placed).
	Applied []string
	// Conflicts are the conflicts no take key decided. While there are
	// any, Files are mine's as they were.
	Conflicts []Conflict
	// Decided are the conflicts the take keys decided.
	Decided []Decision
	// Unused are the take keys that decided no conflict, sorted.
	Unused []string
	// Copies maps "KIND/ID" of each of theirs' items that a "both"
	// decision kept beside mine's under a new id to that id. A template
	// apply records it, so that the template's later changes to the item
	// reach the copy, not the person's own item of the same id.
	Copies map[string]string
}

const (
	reasonBoth        = "changed on both sides"
	reasonNoBase      = "differs, with no base to tell which side changed it"
	reasonRemovedMine = "removed in mine, changed in theirs"
	reasonRemovedThem = "changed in mine, removed in theirs"
	reasonInvalid     = "changed on both sides, and the changes are not valid together"
)

// Merge merges theirs into mine, with base as the version both started
// from; all three are model files by name (routines.FileOS, ...). A nil
// base means there is none: what only one side has is kept or added, and
// whatever differs is a conflict. mine and theirs must be valid OSes. The
// base is read leniently, as history is (ParseLenient): it may be a hand
// commit that never was valid, with an unknown key or a bad value. A base
// file that does not parse at all counts as absent, so that for what it
// would hold there is no base.
//
// take decides conflicts: its keys are a conflict's Key, or shorter forms
// that decide several at once — "KIND/ID" (every conflict of that item),
// "ID.FIELD", "ID" (every item with that id) and "*" (every conflict) —
// and its values are TakeMine, TakeTheirs or TakeBoth. The most specific
// key wins. A value other than those three is an error, as is TakeBoth for
// a setting other than review.prompts.
//
// Without conflicts, the result is valid. An error means the merge could
// not be made at all (an input is invalid, a file cannot be edited in
// place).
func Merge(base, mine, theirs map[string][]byte, take map[string]string) (*MergeResult, error) {
	for k, v := range take {
		switch v {
		case TakeMine, TakeTheirs, TakeBoth:
		default:
			return nil, fmt.Errorf("%s=%s: take mine, theirs or both", k, v)
		}
	}
	mo, err := routines.LoadFiles(mine)
	if err != nil {
		return nil, fmt.Errorf("mine: %w", firstError(err))
	}
	to, err := routines.LoadFiles(theirs)
	if err != nil {
		return nil, fmt.Errorf("theirs: %w", firstError(err))
	}
	var bo *routines.OS
	if base != nil {
		bo = &routines.OS{}
		for _, name := range routines.ModelFiles() {
			src, ok := base[name]
			if !ok {
				continue
			}
			if po, ok := ParseLenient(name, src); ok {
				merge(bo, po)
			}
		}
	}
	// Renames in theirs to an id mine has for another item are taken
	// back (see clash.go). Should theirs then not load, it is merged as
	// it is.
	var clashNotes []string
	if cs := clashes(bo, mo, to); len(cs) > 0 {
		if files, notes, err := unclash(theirs, to, cs); err == nil {
			if o, err := routines.LoadFiles(files); err == nil {
				theirs, to, clashNotes = files, o, notes
			}
		}
	}
	// Items whose merged fields turn out invalid together are merged
	// again as item conflicts; each round adds at least one, so this ends.
	forced := map[string]bool{}
	for {
		m := &merger{base: bo, mine: mo, theirs: to, baseFiles: base, theirFiles: theirs, take: take, forced: forced, used: map[string]bool{}, notes: slices.Clone(clashNotes)}
		res, bad, err := m.run(mine)
		if err != nil {
			return nil, err
		}
		if len(bad) == 0 {
			if len(res.Conflicts) == 0 {
				keepText(base, mine, theirs, res, m.brought)
			}
			return res, nil
		}
		for _, k := range bad {
			forced[k] = true
		}
	}
}

func firstError(err error) error {
	var errs routines.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		return errors.New(errs.Summary())
	}
	return err
}

// merger is one round of a merge.
type merger struct {
	base, mine, theirs *routines.OS
	baseFiles          map[string][]byte
	theirFiles         map[string][]byte
	take               map[string]string
	forced             map[string]bool // "KIND/ID" of items merged whole

	used      map[string]bool
	conflicts []Conflict
	decided   []Decision
	notes     []string

	settings *routines.Settings // merged settings; nil when unchanged
	actions  []action
	mixed    map[string]bool // "KIND/ID" of items with fields from both sides

	themeOne map[string]string // a theme id → the id its theme is known by to sameTheme
	copies   map[string]string // see MergeResult.Copies

	// brought is, by file, the lines of theirs' file whose text the
	// added items brought along: the text merge does not bring them
	// again.
	brought   map[string][][2]int
	theirFrom map[string][]int // theirs' lines lined up with the base's, by file
}

type actionOp int

const (
	actUpdate actionOp = iota
	actRemove
	actAdd
)

// action is one edit of mine's files.
type action struct {
	op       actionOp
	kind     routines.Kind
	id       string
	old, new routines.Item // old for update; new for update and add
	// cancelled marks a remove of a theme that merged items still use.
	cancelled bool
	// comments are the comments of an added item's table in theirs'
	// file, which come along with it.
	comments routines.ItemComments
}

func (m *merger) run(mineFiles map[string][]byte) (*MergeResult, []string, error) {
	m.mixed = map[string]bool{}
	if err := m.mergeSettings(); err != nil {
		return nil, nil, err
	}
	for _, k := range routines.Kinds() {
		m.mergeKind(k)
	}
	m.followThemeRenames()
	m.keepThemes()

	res := &MergeResult{Conflicts: m.conflicts, Decided: m.decided, Copies: m.copies}
	for k := range m.take {
		if !m.used[k] {
			res.Unused = append(res.Unused, k)
		}
	}
	sort.Strings(res.Unused)
	if len(m.conflicts) > 0 {
		res.Files = cloneFiles(mineFiles)
		return res, nil, nil
	}
	files, err := m.apply(mineFiles)
	if err != nil {
		return nil, nil, err
	}
	ro, err := routines.LoadFiles(files)
	if err != nil {
		var errs routines.Errors
		if !errors.As(err, &errs) {
			return nil, nil, err
		}
		var bad []string
		for _, f := range errs {
			key := string(f.Kind) + "/" + f.ID
			if f.Kind != "" && m.mixed[key] && !m.forced[key] && !slices.Contains(bad, key) {
				bad = append(bad, key)
			}
		}
		if len(bad) == 0 {
			return nil, nil, fmt.Errorf("the merged OS is not valid: %w", firstError(err))
		}
		return nil, bad, nil
	}
	res.Files = files
	res.Changes = Diff(m.mine, ro)
	for _, c := range res.Changes {
		res.Applied = append(res.Applied, c.String())
	}
	res.Applied = append(res.Applied, m.notes...)
	return res, nil, nil
}

func cloneFiles(files map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for k, v := range files {
		out[k] = slices.Clone(v)
	}
	return out
}

// decide looks up the decision for conflict c among the take keys, from
// the most specific key to "*", and records the conflict as decided or
// not. It returns "" when undecided.
func (m *merger) decide(c Conflict) string {
	var keys []string
	if c.Kind == KindOS {
		keys = []string{c.Key, string(KindOS)}
	} else {
		keys = []string{c.Key}
		if c.Field != "" {
			keys = append(keys, string(c.Kind)+"/"+c.ID, c.ID+"."+c.Field)
		}
		keys = append(keys, c.ID)
	}
	keys = append(keys, TakeAll)
	for _, k := range keys {
		if v, ok := m.take[k]; ok {
			m.used[k] = true
			m.decided = append(m.decided, Decision{Conflict: c, Take: v, By: k})
			return v
		}
	}
	m.conflicts = append(m.conflicts, c)
	return ""
}

// same reports whether two field values mean the same to a merge: unset,
// empty and zero are all the same. This is not the notion of set that
// routines' Fields and editors go by (a key written in the file), and on
// purpose: there render = false is written and differs from no render key,
// while to a merge both mean "README.md is not generated", so two sides
// that differ only in writing it out do not conflict. Which of them ends up
// in the file is still decided by routines' editors.
func same(a, b any) bool {
	return reflect.DeepEqual(norm(a), norm(b))
}

func norm(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
	case int:
		if x == 0 {
			return nil
		}
	case bool:
		if !x {
			return nil
		}
	case *bool:
		if x == nil {
			return nil
		}
		return *x
	case routines.Date:
		if x.IsZero() {
			return nil
		}
	case *routines.Date:
		if x == nil || x.IsZero() {
			return nil
		}
		return *x
	case []string:
		if len(x) == 0 {
			return nil
		}
	}
	return v
}

// mergeSettings merges os.toml field by field.
func (m *merger) mergeSettings() error {
	merged := m.mine.Settings
	merged.Review.Prompts = slices.Clone(merged.Review.Prompts)
	changed := false
	for _, key := range routines.SettingsFieldNames() {
		mv, _ := routines.SettingsFieldValue(&m.mine.Settings, key)
		tv, _ := routines.SettingsFieldValue(&m.theirs.Settings, key)
		if same(mv, tv) {
			continue
		}
		var bv any
		reason := reasonNoBase
		// The base's settings count when its os.toml was read.
		if m.base != nil && m.base.Settings.Meta.File != "" {
			bv, _ = routines.SettingsFieldValue(&m.base.Settings, key)
			if same(mv, bv) {
				if err := setSetting(&merged, key, tv); err != nil {
					return err
				}
				changed = true
				continue
			}
			if same(tv, bv) {
				continue
			}
			reason = reasonBoth
		}
		c := Conflict{Key: string(KindOS) + "." + key, Kind: KindOS, Field: key, Base: bv, Mine: mv, Theirs: tv, Reason: reason}
		switch m.decide(c) {
		case TakeTheirs:
			if err := setSetting(&merged, key, tv); err != nil {
				return err
			}
			changed = true
		case TakeBoth:
			ml, mok := mv.([]string)
			tl, tok := tv.([]string)
			if !mok || !tok {
				return fmt.Errorf("%s=both: a setting has one value: take mine or theirs", c.Key)
			}
			// Yours, and what theirs added since the base: a prompt you
			// took out, which theirs still has, stays out.
			bl, _ := bv.([]string)
			both := slices.Clone(ml)
			for _, s := range tl {
				if !slices.Contains(both, s) && !slices.Contains(bl, s) {
					both = append(both, s)
				}
			}
			if err := setSetting(&merged, key, both); err != nil {
				return err
			}
			changed = true
		}
	}
	if changed {
		m.settings = &merged
	}
	return nil
}

// setSetting sets one os.toml field to a value SettingsFieldValue gave.
func setSetting(s *routines.Settings, key string, v any) error {
	if list, ok := v.([]string); ok || v == nil && key == "review.prompts" {
		if key != "review.prompts" {
			return fmt.Errorf("os.toml: cannot set list %s", key)
		}
		s.Review.Prompts = slices.Clone(list)
		return nil
	}
	return routines.SetSettingsField(s, key, routines.FormatValue(v))
}

// setField sets one item field to a value FieldValue gave.
func setField(it routines.Item, key string, v any) {
	// FormatValue and SetField are each other's inverse for item fields;
	// both sides' values come from valid items.
	_ = routines.SetField(it, key, routines.FormatValue(v))
}

func byID(items []routines.Item) map[string]routines.Item {
	m := make(map[string]routines.Item, len(items))
	for _, it := range items {
		if _, dup := m[it.ItemID()]; !dup {
			m[it.ItemID()] = it
		}
	}
	return m
}

// mergeKind plans the edits of one kind: mine's items in mine's order,
// then theirs' new ones in theirs' order.
func (m *merger) mergeKind(k routines.Kind) {
	mineItems := m.mine.Items(k)
	theirItems := m.theirs.Items(k)
	mine, theirs := byID(mineItems), byID(theirItems)
	var base map[string]routines.Item
	if m.base != nil {
		base = byID(m.base.Items(k))
	}
	used := map[string]bool{}
	for id := range mine {
		used[id] = true
	}
	for id := range theirs {
		used[id] = true
	}
	var copies []routines.Item // theirs' items kept under new ids, added last
	// renamed holds the ids mine renamed away from (an item's formerly)
	// that the base or theirs still have: that item is mine's renamed
	// one, merged with it, not an item mine removed.
	renamed := map[string]bool{}
	// theirsRenamed is the other way round: theirs renamed an item mine
	// still has under its old id, or renamed away from it too (and theirs
	// no longer has that id). The two are merged as one; paired holds
	// theirs' ids so merged.
	theirsRenamed := map[string]routines.Item{}
	mineFormer := map[string]bool{}
	for _, mi := range mineItems {
		for _, f := range routines.FormerIDs(mi) {
			mineFormer[f] = true
		}
	}
	for _, ti := range theirItems {
		if theirs[ti.ItemID()] != ti {
			continue
		}
		if _, inMine := mine[ti.ItemID()]; inMine {
			continue
		}
		// An id mine has first, newest first: an item renamed twice is
		// known to mine by the id it had last, and its first id is then a
		// former one of mine too; and one theirs renamed away from and
		// back to an id mine had before is known to mine by the id in
		// between. Else an id mine renamed away from too.
		former := routines.FormerIDs(ti)
		free := func(f string) bool {
			_, inTheirs := theirs[f]
			_, taken := theirsRenamed[f]
			return !inTheirs && !taken
		}
		pair := func(match func(string) bool) bool {
			for i := len(former) - 1; i >= 0; i-- {
				if f := former[i]; match(f) && free(f) {
					theirsRenamed[f] = ti
					return true
				}
			}
			return false
		}
		if !pair(func(f string) bool { _, in := mine[f]; return in }) {
			pair(func(f string) bool { return mineFormer[f] })
		}
	}
	paired := map[string]bool{}
	for _, mi := range mineItems {
		id := mi.ItemID()
		if mine[id] != mi {
			continue // a duplicate id; validation rules it out
		}
		ti, inTheirs := theirs[id]
		bi, inBase := base[id]
		was := id
		if !inTheirs && !inBase {
			if f := m.formerID(mi, mine, base, theirs, theirsRenamed, renamed); f != "" {
				renamed[f], was = true, f
				ti, inTheirs = theirs[f]
				bi, inBase = base[f]
			}
		}
		if !inTheirs {
			// Theirs renamed it away from mine's id, from the one mine
			// renamed away from, or from one mine had before that.
			tr, ok := theirsRenamed[id]
			if !ok {
				tr, ok = theirsRenamed[was]
			}
			for former, i := routines.FormerIDs(mi), len(routines.FormerIDs(mi))-1; !ok && i >= 0; i-- {
				tr, ok = theirsRenamed[former[i]]
			}
			if ok {
				ti, inTheirs = tr, true
				paired[tr.ItemID()] = true
				if !inBase {
					// The id mine knew it by last may be one theirs
					// renamed away from before the base, which then
					// has it under theirs' id: a template renamed back
					// to an id mine renamed away from too.
					bi, inBase = base[tr.ItemID()]
				}
			}
		}
		key := string(k) + "/" + id
		switch {
		case !inTheirs && !inBase:
			// Mine's own item.
		case !inTheirs:
			if routines.EqualFields(mi, bi) {
				m.actions = append(m.actions, action{op: actRemove, kind: k, id: id, old: mi})
				continue
			}
			c := Conflict{Key: key, Kind: k, ID: id, Base: bi, Mine: mi, Reason: reasonRemovedThem}
			if m.decide(c) == TakeTheirs {
				m.actions = append(m.actions, action{op: actRemove, kind: k, id: id, old: mi})
			}
		case m.forced[key]:
			c := Conflict{Key: key, Kind: k, ID: id, Mine: mi, Theirs: ti, Reason: reasonInvalid}
			if inBase {
				c.Base = bi
			}
			switch m.decide(c) {
			case TakeTheirs:
				m.actions = append(m.actions, action{op: actUpdate, kind: k, id: id, old: mi, new: routines.CloneItem(ti)})
			case TakeBoth:
				copies = append(copies, m.copyAs(k, ti, copyID(mi, ti, mine, mineFormer, used)))
			}
		default:
			if !inBase {
				bi = nil
			}
			merged, copyTheirs := m.mergeFields(k, id, bi, mi, ti)
			if merged != nil {
				m.actions = append(m.actions, action{op: actUpdate, kind: k, id: id, old: mi, new: merged})
			}
			if copyTheirs {
				kept := mi
				if merged != nil {
					kept = merged
				}
				copies = append(copies, m.copyAs(k, ti, copyID(kept, ti, mine, mineFormer, used)))
			}
		}
	}
	for _, ti := range theirItems {
		id := ti.ItemID()
		if theirs[id] != ti {
			continue
		}
		if _, inMine := mine[id]; inMine || renamed[id] || paired[id] {
			continue
		}
		bi, inBase := base[id]
		if !inBase {
			// Theirs may have renamed an item of the base that mine has
			// under neither id: mine removed it, and the rename is a
			// change of it.
			if f := removedInMine(ti, mine, base, theirs, renamed); f != "" {
				bi, inBase = base[f], true
			}
		}
		if !inBase {
			m.actions = append(m.actions, action{op: actAdd, kind: k, id: id, new: routines.CloneItem(ti), comments: m.commentsOf(ti)})
			continue
		}
		if routines.EqualFields(ti, bi) {
			continue // removed in mine: stays removed
		}
		c := Conflict{Key: string(k) + "/" + id, Kind: k, ID: id, Base: bi, Theirs: ti, Reason: reasonRemovedMine}
		if v := m.decide(c); v == TakeTheirs || v == TakeBoth {
			m.actions = append(m.actions, action{op: actAdd, kind: k, id: id, new: routines.CloneItem(ti), comments: m.commentsOf(ti)})
		}
	}
	for _, c := range copies {
		m.actions = append(m.actions, action{op: actAdd, kind: k, id: c.ItemID(), new: c})
	}
}

// removedInMine is the former id of theirs' item ti under which the base
// has the item, when mine has it under neither and did not rename away
// from it: the item theirs renamed is one mine removed. It is "" when
// there is none.
func removedInMine(ti routines.Item, mine, base, theirs map[string]routines.Item, renamed map[string]bool) string {
	former := routines.FormerIDs(ti)
	for i := len(former) - 1; i >= 0; i-- {
		f := former[i]
		_, inBase := base[f]
		_, inMine := mine[f]
		_, inTheirs := theirs[f]
		if inBase && !inMine && !inTheirs && !renamed[f] {
			return f
		}
	}
	return ""
}

// formerID is the id mine's item mi had before mine renamed it, when the
// base or theirs still has an item of that id, or theirs renamed its item
// away from that id too (theirsRenamed): an item renamed with `myos set
// KIND ID id=NEW` keeps its old id in formerly, and a template or another
// machine that still knows it by the old id changes the same item. It is
// "" when mi was not renamed from such an id, or that id is taken in mine
// or by another renamed item.
func (m *merger) formerID(mi routines.Item, mine, base, theirs map[string]routines.Item, theirsRenamed map[string]routines.Item, taken map[string]bool) string {
	former := routines.FormerIDs(mi)
	for i := len(former) - 1; i >= 0; i-- {
		f := former[i]
		if _, inMine := mine[f]; inMine || taken[f] {
			continue
		}
		_, inBase := base[f]
		_, inTheirs := theirs[f]
		_, renamedThere := theirsRenamed[f]
		if inBase || inTheirs || renamedThere {
			return f
		}
	}
	return ""
}

// mergeFields merges one item present on both sides, field by field. It
// returns the merged item when it differs from mine's, and whether a
// "both" decision asks for a copy of theirs.
func (m *merger) mergeFields(k routines.Kind, id string, bi, mi, ti routines.Item) (routines.Item, bool) {
	merged := routines.CloneItem(mi)
	changed, fromMine, fromTheirs, copyTheirs := false, false, false, false
	renamed := mi.ItemID() != ti.ItemID()
	// Theirs renamed it when theirs' former ids hold mine's id; else mine
	// did, or, when the base's id is neither side's, both did. The side
	// that renamed it gives its id and former ids.
	theirsRenamed := renamed && slices.Contains(routines.FormerIDs(ti), mi.ItemID())
	bothRenamed := renamed && !theirsRenamed && !slices.Contains(routines.FormerIDs(mi), ti.ItemID())
	for _, key := range routines.FieldNames(k) {
		if renamed && (key == "id" || key == "formerly") {
			switch {
			case theirsRenamed:
				tv, _ := routines.FieldValue(ti, key)
				setField(merged, key, tv)
				changed, fromTheirs = true, true
			case bothRenamed && key == "id":
				// Each side renamed it its own way: the id it keeps is a
				// conflict, and the other side's id becomes a former one,
				// since what that side wrote under it is the item's.
				mid, tid := mi.ItemID(), ti.ItemID()
				c := Conflict{Key: string(k) + "/" + id + ".id", Kind: k, ID: id, Field: "id", Mine: mid, Theirs: tid, Reason: reasonNoBase}
				if bi != nil {
					c.Base, c.Reason = bi.ItemID(), reasonBoth
				}
				former := slices.Clone(routines.FormerIDs(mi))
				for _, f := range routines.FormerIDs(ti) {
					if !slices.Contains(former, f) {
						former = append(former, f)
					}
				}
				switch m.decide(c) {
				case TakeTheirs:
					setField(merged, "id", tid)
					setField(merged, "formerly", routines.FormerlyAfterRename(former, mid, tid))
					changed, fromTheirs = true, true
				case TakeBoth:
					copyTheirs, fromMine = true, true
				default:
					setField(merged, "formerly", routines.FormerlyAfterRename(former, tid, mid))
					changed, fromMine = true, true
				}
			}
			continue
		}
		mv, _ := routines.FieldValue(mi, key)
		tv, _ := routines.FieldValue(ti, key)
		eq := same
		if key == "theme" {
			eq = m.sameTheme // a reference to a theme, renamed or not
		}
		if eq(mv, tv) {
			continue
		}
		var bv any
		reason := reasonNoBase
		if bi != nil {
			bv, _ = routines.FieldValue(bi, key)
			if eq(mv, bv) {
				setField(merged, key, tv)
				changed, fromTheirs = true, true
				continue
			}
			if eq(tv, bv) {
				fromMine = true
				continue
			}
			reason = reasonBoth
		}
		c := Conflict{Key: string(k) + "/" + id + "." + key, Kind: k, ID: id, Field: key, Base: bv, Mine: mv, Theirs: tv, Reason: reason}
		switch m.decide(c) {
		case TakeTheirs:
			setField(merged, key, tv)
			changed, fromTheirs = true, true
		case TakeBoth:
			copyTheirs, fromMine = true, true
		default:
			fromMine = true
		}
	}
	if fromMine && fromTheirs {
		m.mixed[string(k)+"/"+id] = true
	}
	if !changed {
		return nil, copyTheirs
	}
	return merged, copyTheirs
}

// copyAs is a copy of theirs' item it under id, noted in m.copies when
// id is not theirs' own.
func (m *merger) copyAs(k routines.Kind, it routines.Item, id string) routines.Item {
	c := routines.CloneItem(it)
	setField(c, "id", id)
	if id != it.ItemID() {
		if m.copies == nil {
			m.copies = map[string]string{}
		}
		m.copies[string(k)+"/"+it.ItemID()] = id
	}
	// A copy is an item of its own: the former ids stay with the one it
	// was copied from, which no other item of its kind may claim.
	if _, has := routines.FieldValue(c, "formerly"); has {
		_ = routines.SetField(c, "formerly", "")
	}
	return c
}

// copyID is the id of the copy of theirs' item ti kept beside mine's
// item as merged, kept: the id theirs gave it, when theirs renamed it,
// mine kept its own, and no item of mine has that id or had it before
// (mineFormer, kept's formerly); else a new one (see NewID). Theirs' own
// id is in used (theirs has it), so no new id of another copy takes it.
func copyID(kept, ti routines.Item, mine map[string]routines.Item, mineFormer, used map[string]bool) string {
	tid := ti.ItemID()
	_, taken := mine[tid]
	if tid == kept.ItemID() || taken || mineFormer[tid] || slices.Contains(routines.FormerIDs(kept), tid) {
		return NewID(kept.ItemID(), used)
	}
	return tid
}

// NewID is a free id for a copy of id: id-2, id-3, ..., the first that
// used does not hold, cut to the 64 characters an id may have; it marks
// it used. A template's later items are kept aside under ids made so too.
func NewID(id string, used map[string]bool) string {
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		stem := id
		if len(stem)+len(suffix) > 64 {
			stem = strings.TrimRight(stem[:64-len(suffix)], "-")
		}
		if cand := stem + suffix; !used[cand] {
			used[cand] = true
			return cand
		}
	}
}

// sameTheme reports whether two values of an item's theme field name the
// same theme: they are the same, or ids of one theme before and after a
// rename, on any side (the base, mine, theirs). A theme renamed on one side
// is renamed in that side's items too, which is no change of theirs: an
// item moved to another theme on the other side is not a conflict, and
// neither are the references to a theme each side renamed its own way.
func (m *merger) sameTheme(a, b any) bool {
	if same(a, b) {
		return true
	}
	as, _ := a.(string)
	bs, _ := b.(string)
	if as == "" || bs == "" {
		return false
	}
	return m.themeID(as) == m.themeID(bs)
}

// themeID is the id that stands for every id theme id went by on any side
// of the merge: the ids an item has and had (its formerly) are one theme,
// and so are the ids the same former id leads to.
func (m *merger) themeID(id string) string {
	if m.themeOne == nil {
		m.themeOne = map[string]string{}
		for _, o := range []*routines.OS{m.base, m.mine, m.theirs} {
			if o == nil {
				continue
			}
			for i := range o.Themes {
				for _, f := range o.Themes[i].Formerly {
					if a, b := m.themeID(o.Themes[i].ID), m.themeID(f); a != b {
						m.themeOne[b] = a
					}
				}
			}
		}
	}
	for {
		next, ok := m.themeOne[id]
		if !ok {
			return id
		}
		id = next
	}
}

// followThemeRenames points every merged item that names a theme by an
// id the theme had before a rename at the theme's id now. A theme renamed
// on one side is renamed in that side's items (`myos set` does it), but
// the other side's items still name its old id: the items it added, and
// the theme fields it changed. An id theirs renamed it to, when mine's id
// is kept (both sides renamed it, and both themes are kept), is mine's
// theme's too: the copy of theirs is a theme of its own, as a copy is.
func (m *merger) followThemeRenames() {
	themes := m.mergedThemes()
	now := map[string]string{} // a former id → the id of its theme now
	for id, t := range themes {
		for _, f := range routines.FormerIDs(t) {
			if _, taken := themes[f]; !taken {
				now[f] = id
			}
		}
	}
	// The ids of a theme on any side, for the one merged theme it became.
	merged := map[string][]string{}
	for id := range themes {
		merged[m.themeID(id)] = append(merged[m.themeID(id)], id)
	}
	for _, o := range []*routines.OS{m.base, m.mine, m.theirs} {
		if o == nil {
			continue
		}
		for _, t := range o.Themes {
			for _, id := range append([]string{t.ID}, t.Formerly...) {
				_, taken := themes[id]
				_, known := now[id]
				if ids := merged[m.themeID(id)]; !taken && !known && len(ids) == 1 {
					now[id] = ids[0]
				}
			}
		}
	}
	if len(now) == 0 {
		return
	}
	acted := map[string]bool{} // "KIND/ID" of mine's items an action changes or removes
	for _, a := range m.actions {
		if a.kind == routines.KindTheme {
			continue
		}
		if a.op != actAdd {
			acted[string(a.kind)+"/"+a.id] = true
		}
		if a.new != nil {
			if to, ok := now[themeOf(a.new)]; ok {
				setField(a.new, "theme", to)
			}
		}
	}
	for _, k := range routines.Kinds() {
		if k == routines.KindTheme {
			continue
		}
		for _, it := range m.mine.Items(k) {
			to, ok := now[themeOf(it)]
			if !ok || acted[string(k)+"/"+it.ItemID()] {
				continue
			}
			upd := routines.CloneItem(it)
			setField(upd, "theme", to)
			m.actions = append(m.actions, action{op: actUpdate, kind: k, id: it.ItemID(), old: it, new: upd})
		}
	}
}

// mergedThemes are the themes of the merged OS by id: mine's, as the
// actions planned so far leave them (renamed, removed, added).
func (m *merger) mergedThemes() map[string]routines.Item {
	themes := map[string]routines.Item{}
	for _, it := range m.mine.Items(routines.KindTheme) {
		themes[it.ItemID()] = it
	}
	for _, a := range m.actions {
		if a.kind != routines.KindTheme || a.cancelled {
			continue
		}
		switch a.op {
		case actUpdate:
			delete(themes, a.id)
			themes[a.new.ItemID()] = a.new
		case actRemove:
			delete(themes, a.id)
		case actAdd:
			themes[a.id] = a.new
		}
	}
	return themes
}

// keepThemes makes sure every theme a merged item refers to is there:
// a theme the merge would remove stays, and a theme only theirs has comes
// along with the items that use it.
func (m *merger) keepThemes() {
	have := map[string]bool{}
	for id := range m.mergedThemes() {
		have[id] = true
	}
	removeAt := map[string]int{}
	for i, a := range m.actions {
		if a.kind == routines.KindTheme && a.op == actRemove {
			removeAt[a.id] = i
		}
	}
	// What the merged OS refers to: mine's items as they end up, and the
	// added ones.
	type ref struct{ theme, who string }
	var refs []ref
	final := map[string]routines.Item{}
	removed := map[string]bool{}
	for _, a := range m.actions {
		key := string(a.kind) + "/" + a.id
		switch a.op {
		case actUpdate:
			final[key] = a.new
		case actRemove:
			removed[key] = true
		case actAdd:
			refs = append(refs, ref{themeOf(a.new), fmt.Sprintf("%s %q", a.kind, a.id)})
		}
	}
	for _, k := range routines.Kinds() {
		if k == routines.KindTheme {
			continue
		}
		for _, it := range m.mine.Items(k) {
			key := string(k) + "/" + it.ItemID()
			if removed[key] {
				continue
			}
			if f, ok := final[key]; ok {
				it = f
			}
			refs = append(refs, ref{themeOf(it), fmt.Sprintf("%s %q", k, it.ItemID())})
		}
	}
	for _, r := range refs {
		if r.theme == "" || have[r.theme] {
			continue
		}
		if i, ok := removeAt[r.theme]; ok {
			m.actions[i].cancelled = true
			m.notes = append(m.notes, fmt.Sprintf("theme %q kept: %s uses it", r.theme, r.who))
		} else if t := m.theirs.Theme(r.theme); t != nil {
			m.actions = append(m.actions, action{op: actAdd, kind: routines.KindTheme, id: t.ID, new: routines.CloneItem(t), comments: m.commentsOf(t)})
			m.notes = append(m.notes, fmt.Sprintf("theme %q brought along: %s uses it", r.theme, r.who))
		} else {
			continue
		}
		have[r.theme] = true
	}
}

func themeOf(it routines.Item) string {
	v, _ := routines.FieldValue(it, "theme")
	s, _ := v.(string)
	return s
}

// apply makes the planned edits on a copy of mine's files.
func (m *merger) apply(mineFiles map[string][]byte) (map[string][]byte, error) {
	files := cloneFiles(mineFiles)
	if m.settings != nil {
		b, err := routines.UpdateSettings(files[routines.FileOS], &m.mine.Settings, m.settings)
		if err != nil {
			return nil, err
		}
		files[routines.FileOS] = b
	}
	// The comment lines right below an added item's last key are written
	// once every item is: an item appended later would go above them, as
	// above the comment that closes a file, and they would read as its.
	var below []action
	for _, a := range m.actions {
		if a.cancelled {
			continue
		}
		name := a.kind.File()
		var err error
		switch a.op {
		case actUpdate:
			files[name], err = routines.UpdateItem(files[name], a.old, a.new)
		case actRemove:
			files[name], err = routines.RemoveItem(files[name], a.kind, a.id)
		case actAdd:
			c := a.comments
			c.Below = nil
			files[name] = routines.AddComments(routines.AppendItem(files[name], a.new), a.kind, a.id, c)
			if len(a.comments.Below) > 0 {
				below = append(below, a)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	for _, a := range below {
		name := a.kind.File()
		files[name] = routines.AddComments(files[name], a.kind, a.id, routines.ItemComments{Below: a.comments.Below})
	}
	return files, nil
}

// commentsOf are the comments of it's table in theirs' file that come
// along when the merge adds it: those inside the table, and the lines
// around it that are its own (see itemText). It notes the lines they,
// the table and the blank lines after it stand on in m.brought.
func (m *merger) commentsOf(it routines.Item) routines.ItemComments {
	k := it.ItemKind()
	name := k.File()
	src := m.theirFiles[name]
	c, err := routines.TableComments(src, k, it.ItemID())
	if err != nil {
		return routines.ItemComments{}
	}
	_, lines, _ := cutText(src)
	h := it.ItemMeta().Line - 1
	if h < 0 || h >= len(lines) {
		return routines.ItemComments{}
	}
	info := scanText(lines)
	var from []int
	if m.base != nil && !knows(m.base, k, it) {
		from = m.linedUp(name, lines)
	}
	first, last, end := itemText(info, from, h)
	for j := first; j < h; j++ {
		c.Above = append(c.Above, strings.TrimRight(lines[j], " \t"))
	}
	for j := last + 1; j <= end; j++ {
		c.Below = append(c.Below, strings.TrimRight(lines[j], " \t"))
	}
	if m.brought == nil {
		m.brought = map[string][][2]int{}
	}
	// The blank lines after the table part it from what follows, as
	// those AppendItem writes do.
	for end+1 < len(info) && info[end+1].quiet() && info[end+1].comment == "" {
		end++
	}
	m.brought[name] = append(m.brought[name], [2]int{first, end})
	return c
}

// linedUp is, for each of theirs' lines of file name, the line of the
// base it stands for, or -1 (see textSide.from); nil when the base has no
// such file that loads, as the text merge lines them up.
func (m *merger) linedUp(name string, lines []string) []int {
	if from, ok := m.theirFrom[name]; ok {
		return from
	}
	var from []int
	if b := m.baseFiles[name]; len(b) > 0 {
		if _, ok := ParseLenient(name, b); ok {
			_, bl, _ := cutText(b)
			from = lineUp(bl, scanText(bl), lines).from
		}
	}
	if m.theirFrom == nil {
		m.theirFrom = map[string][]int{}
	}
	m.theirFrom[name] = from
	return from
}
