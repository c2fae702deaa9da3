// Package semdiff tells what changed between two snapshots of an OS at the
// level of items — "routine sleep: at 22:30 → 22:00" rather than lines of
// TOML — and writes commit messages from it.
//
// Items are matched by kind and id. A change of id is read as a rename when
// the new item lists the old id among its former ids (formerly, which
// every kind but events keeps), or when the old and the new item have the
// same title; otherwise it is a remove and an add.
package semdiff

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

// KindOS is the pseudo kind of the changes to os.toml's settings.
const KindOS routines.Kind = "os"

// Op is what happened to an item.
type Op string

// The operations of a Change.
const (
	OpAdd    Op = "add"
	OpRemove Op = "remove"
	OpChange Op = "change"
)

// FieldChange is one field whose value differs. Old is nil for an add, New
// is nil for a remove; values are those of routines.FieldValue (a string,
// int, bool, routines.Date or []string, or nil for an unset date).
type FieldChange struct {
	Key      string
	Old, New any
}

// Change is what happened to one item, or to the settings of os.toml.
type Change struct {
	// Kind is the item's kind, or KindOS for the settings.
	Kind routines.Kind
	// ID and Title are the item's, as it is now (as it was, when removed).
	// Both are empty for the settings.
	ID, Title string
	Op        Op
	// Fields are, for a change, the fields that differ, in key order; for
	// an add, the fields that are set; for a remove, the fields that were.
	Fields []FieldChange
	// OldID is the id the item had before a change renamed it, and ""
	// otherwise.
	OldID string
	// Unrecorded is true for a rename told by the title alone of an item
	// that keeps its former ids (routines.Kind.KeepsFormerIDs): its
	// formerly does not list OldID, so its history, its answers and a
	// template's changes to it stay with the old id. An event has no
	// formerly to list it in. IDAt is where the item's id is set then,
	// and Formerly the item's formerly as it is (nil for none).
	Unrecorded bool
	IDAt       routines.Pos
	Formerly   []string
}

// Diff lists what changed from old to new; nil stands for an empty OS. The
// settings come first, then the kinds in routines.Kinds order; within a
// kind, the added and changed items in the order of new, then the removed
// ones in the order of old. Diff is linear in the number of items.
func Diff(old, new *routines.OS) []Change {
	if old == nil {
		old = &routines.OS{}
	}
	if new == nil {
		new = &routines.OS{}
	}
	var out []Change
	if keys := routines.ChangedSettingsFields(&old.Settings, &new.Settings); len(keys) > 0 {
		c := Change{Kind: KindOS, Op: OpChange, Fields: make([]FieldChange, len(keys))}
		for i, k := range keys {
			ov, _ := routines.SettingsFieldValue(&old.Settings, k)
			nv, _ := routines.SettingsFieldValue(&new.Settings, k)
			c.Fields[i] = FieldChange{Key: k, Old: ov, New: nv}
		}
		out = append(out, c)
	}
	for _, k := range routines.Kinds() {
		out = diffKind(out, old.Items(k), new.Items(k))
	}
	return out
}

// diffKind appends the changes between two lists of items of one kind.
func diffKind(out []Change, olds, news []routines.Item) []Change {
	oldAt := make(map[string]int, len(olds))
	for i, it := range olds {
		if _, dup := oldAt[it.ItemID()]; !dup {
			oldAt[it.ItemID()] = i
		}
	}
	matched := make([]bool, len(olds))
	start := len(out)
	// added and removed remember the items behind adds and removes, by
	// their index in out, for pairing renames.
	var added, removed []pending
	for _, it := range news {
		if i, ok := oldAt[it.ItemID()]; ok && !matched[i] {
			matched[i] = true
			if keys := routines.ChangedFields(olds[i], it); len(keys) > 0 {
				out = append(out, changeOf(olds[i], it, keys))
			}
			continue
		}
		added = append(added, pending{at: len(out), item: it})
		out = append(out, addOf(it))
	}
	for i, it := range olds {
		if !matched[i] {
			removed = append(removed, pending{at: len(out), item: it})
			out = append(out, removeOf(it))
		}
	}
	if len(added) == 0 || len(removed) == 0 {
		return out
	}
	return pairRenames(out, start, added, removed)
}

type pending struct {
	at   int
	item routines.Item
}

// pairRenames turns an add and a remove of the same kind into one change
// of id: when the added item's formerly lists the removed id, whatever
// its title; else when they have the same title and that
// title is the only one of its kind among the adds and among the removes.
func pairRenames(out []Change, start int, added, removed []pending) []Change {
	gone := make(map[int]bool)   // removes paired, by index in out
	paired := make(map[int]bool) // adds paired, by index in out
	pair := func(r, a pending) {
		c := changeOf(r.item, a.item, routines.ChangedFields(r.item, a.item))
		c.OldID = r.item.ItemID()
		if c.Kind.KeepsFormerIDs() && !slices.Contains(routines.FormerIDs(a.item), c.OldID) {
			c.Unrecorded, c.IDAt = true, a.item.ItemMeta().KeyPos("id")
			c.Formerly = routines.FormerIDs(a.item)
		}
		out[a.at] = c
		gone[r.at], paired[a.at] = true, true
	}
	for _, r := range removed {
		for _, a := range added {
			if !paired[a.at] && slices.Contains(routines.FormerIDs(a.item), r.item.ItemID()) {
				pair(r, a)
				break
			}
		}
	}
	count := func(ps []pending, skip map[int]bool) map[string]int {
		m := make(map[string]int, len(ps))
		for _, p := range ps {
			if !skip[p.at] {
				m[p.item.ItemTitle()]++
			}
		}
		return m
	}
	addTitles, removeTitles := count(added, paired), count(removed, gone)
	for _, r := range removed {
		t := r.item.ItemTitle()
		if gone[r.at] || t == "" || addTitles[t] != 1 || removeTitles[t] != 1 {
			continue
		}
		for _, a := range added {
			if !paired[a.at] && a.item.ItemTitle() == t {
				pair(r, a)
				break
			}
		}
	}
	if len(gone) == 0 {
		return out
	}
	kept := out[:start]
	for i := start; i < len(out); i++ {
		if !gone[i] {
			kept = append(kept, out[i])
		}
	}
	return kept
}

// renameKept reports whether f, a field of the rename c, is the former
// ids the rename itself keeps (routines.FormerlyAfterRename): part of
// saying "renamed", not a change of its own.
func renameKept(c Change, f FieldChange) bool {
	if f.Key != "formerly" || c.OldID == "" {
		return false
	}
	was, _ := f.Old.([]string)
	now, _ := f.New.([]string)
	return slices.Equal(now, routines.FormerlyAfterRename(was, c.OldID, c.ID))
}

func changeOf(old, new routines.Item, keys []string) Change {
	c := Change{Kind: new.ItemKind(), ID: new.ItemID(), Title: new.ItemTitle(), Op: OpChange, Fields: make([]FieldChange, len(keys))}
	for i, k := range keys {
		ov, _ := routines.FieldValue(old, k)
		nv, _ := routines.FieldValue(new, k)
		c.Fields[i] = FieldChange{Key: k, Old: ov, New: nv}
	}
	return c
}

func addOf(it routines.Item) Change {
	fs := routines.Fields(it)
	c := Change{Kind: it.ItemKind(), ID: it.ItemID(), Title: it.ItemTitle(), Op: OpAdd, Fields: make([]FieldChange, len(fs))}
	for i, f := range fs {
		c.Fields[i] = FieldChange{Key: f.Key, New: f.Value}
	}
	return c
}

func removeOf(it routines.Item) Change {
	fs := routines.Fields(it)
	c := Change{Kind: it.ItemKind(), ID: it.ItemID(), Title: it.ItemTitle(), Op: OpRemove, Fields: make([]FieldChange, len(fs))}
	for i, f := range fs {
		c.Fields[i] = FieldChange{Key: f.Key, Old: f.Value}
	}
	return c
}

// Field returns the change of the field key, if that field is among the
// change's fields.
func (c Change) Field(key string) (FieldChange, bool) {
	for _, f := range c.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return FieldChange{}, false
}

// value is the value of key after an add or change, or before a remove.
func (c Change) value(key string) any {
	f, _ := c.Field(key)
	if c.Op == OpRemove {
		return f.Old
	}
	return f.New
}

// String is one line for people:
//
//	routine "sleep" added (daily at 22:30)
//	routine sleep: at 22:30 → 22:00; duration 8h → 7h30m
//	block "standup" removed
//	os: priorities.limit 3 → 4
func (c Change) String() string {
	// Values are quoted or escaped where they are written; this is the
	// guarantee that the line stays one line whatever a value holds.
	return escapeControls(c.line())
}

func (c Change) line() string {
	switch c.Op {
	case OpAdd:
		s := fmt.Sprintf("%s %q added", c.Kind, c.ID)
		if d := addDetail(c); d != "" {
			s += " (" + d + ")"
		}
		return s
	case OpRemove:
		return fmt.Sprintf("%s %q removed", c.Kind, c.ID)
	}
	var b strings.Builder
	b.WriteString(string(c.Kind))
	if c.Kind != KindOS {
		b.WriteString(" " + c.ID)
	}
	b.WriteString(":")
	sep := ""
	for _, f := range c.Fields {
		if renameKept(c, f) {
			continue // the id is enough to say it was renamed
		}
		b.WriteString(sep)
		sep = ";"
		b.WriteString(" " + f.text())
	}
	return b.String()
}

// text is the field's change for a line: "at 22:30 → 22:00".
func (f FieldChange) text() string {
	old, new := showPair(f.Old, f.New)
	if old == new {
		// Two lists that differ after the first 60 columns: say what
		// came in and what went.
		if d := listDelta(f.Old, f.New); d != "" {
			return f.Key + " " + d
		}
	}
	return f.Key + " " + old + " → " + new
}

// listDelta is what changed between two lists, as +"added" and
// -"removed" elements, or "reordered"; "" when either is not a list.
func listDelta(old, new any) string {
	ol, ok1 := old.([]string)
	nl, ok2 := new.([]string)
	if !ok1 || !ok2 {
		return ""
	}
	var added, removed []string
	for _, e := range nl {
		if !slices.Contains(ol, e) {
			added = append(added, e)
		}
	}
	for _, e := range ol {
		if !slices.Contains(nl, e) {
			removed = append(removed, e)
		}
	}
	if len(added) == 0 && len(removed) == 0 {
		return "reordered"
	}
	if len(added) == len(removed) {
		// As many came in as went: most likely elements edited in
		// place, each cut to show where it was edited.
		for i := range added {
			removed[i], added[i] = cutPair(removed[i], added[i], valueCols)
		}
	} else {
		for i := range added {
			added[i] = cut(added[i], valueCols)
		}
		for i := range removed {
			removed[i] = cut(removed[i], valueCols)
		}
	}
	parts := make([]string, 0, len(added)+len(removed))
	for _, e := range added {
		parts = append(parts, "+"+quoteSpaced(e))
	}
	for _, e := range removed {
		parts = append(parts, "-"+quoteSpaced(e))
	}
	return strings.Join(parts, " ")
}

// The room a value has in a line, in columns: a list of values with its
// commas and quotes, or one value before it is quoted.
const (
	listCols  = 60
	valueCols = listCols - 2
)

// unset is how a line shows a value that is not set; a value that is the
// word itself is quoted.
const unset = "none"

// show writes a value for a line of text: "none" when unset, quoted when it
// has spaces, cut short when long.
func show(v any) string {
	if list, ok := v.([]string); ok && len(list) > 0 {
		parts := make([]string, len(list))
		for i, s := range list {
			parts[i] = quoteSpaced(s)
		}
		return cut(strings.Join(parts, ","), listCols)
	}
	s := routines.FormatValue(v)
	if s == "" {
		return unset
	}
	// Cut before quoting, so that the quotes close and no escape is cut
	// in half.
	return quoteSpaced(cut(s, valueCols))
}

// showPair is show for the old and the new value of a field, with the two
// cut by cutPair, so that they do not read the same when they differ.
// Lists keep show's cut: a change of one that falls past it is told by
// listDelta.
func showPair(old, new any) (string, string) {
	so, sn := routines.FormatValue(old), routines.FormatValue(new)
	if isList(old) || isList(new) || so == "" || sn == "" {
		return show(old), show(new)
	}
	co, cn := cutPair(so, sn, valueCols)
	return quoteSpaced(co), quoteSpaced(cn)
}

// isList reports whether v is a list that show writes as one.
func isList(v any) bool {
	list, ok := v.([]string)
	return ok && len(list) > 0
}

// minPairCols is the fewest columns in which cutPair can show where two
// values differ: a "…" on each side of a few words and of the character
// that differs.
const minPairCols = 10

// cutPair cuts two values of one field, each to at most n columns, so
// that the part where they differ shows on both. Cutting each alone keeps
// its start, and two long values that differ only past the cut (a why or
// a note edited near its end) read the same on both sides of the arrow.
//
// A value that fits is left whole, and values that differ in the first
// two thirds of n keep their starts, as cut leaves them. Otherwise the
// start they share is cut down to its last few words, at most a third of
// n, after a "…", and each value that does not fit shows from there on,
// cut at its end as cut does.
func cutPair(old, new string, n int) (string, string) {
	co, cn := cut(old, n), cut(new, n)
	if old == new || co == old && cn == new || n < minPairCols {
		return co, cn
	}
	shared := textwidth.SharedHead(old, new)
	if textwidth.Width(shared) <= n-n/3 && showsPast(old, co, shared) && showsPast(new, cn, shared) {
		return co, cn
	}
	lead := textwidth.TailWords(shared, n/3)
	from := len(shared) - len(lead)
	if from == 0 {
		// The shared start is a few words at most: leaving nothing out
		// before them, the values read as cut leaves them.
		return co, cn
	}
	if co != old {
		co = ellipsis + cut(old[from:], n-1)
	}
	if cn != new {
		cn = ellipsis + cut(new[from:], n-1)
	}
	return co, cn
}

// showsPast reports whether c, s as cut shows it, shows what s has after
// shared, or that s ends there.
func showsPast(s, c, shared string) bool {
	return c == s || len(strings.TrimSuffix(c, ellipsis)) > len(shared)
}

// ellipsis marks where a value was cut.
const ellipsis = "…"

// quoteSpaced quotes s, Go style, when it is empty, is "none", has spaces
// or quotes, or has a character that does not print (a line break, a tab, a control
// character): quoting escapes those, so a value never breaks the line it
// stands in, nor writes to the terminal that shows it.
func quoteSpaced(s string) string {
	if s == "" || s == unset || strings.ContainsAny(s, " \"") || strings.ContainsFunc(s, func(r rune) bool { return !strconv.IsPrint(r) }) {
		return strconv.Quote(s)
	}
	return s
}

// escapeControls writes the control characters of s as Go escapes (\n,
// \x1b), for text that stands unquoted in one line.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cut shortens s to at most n columns, marking the cut with "…" and
// never splitting a character (an emoji, a letter and its accent).
func cut(s string, n int) string {
	return textwidth.Truncate(s, n)
}
