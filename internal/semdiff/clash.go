package semdiff

import (
	"fmt"
	"slices"

	"github.com/myos-dev/myos/routines"
)

// An id both sides have is, to the merge, one item: its fields are merged
// and what differs is asked. Two items of different pasts can come to share
// an id when each side renames its own one to the same new id (a block
// "standup" renamed "sync" in mine, a block "learning" renamed "sync" in
// theirs). Merged as one, the other item each side still has under its old
// id looked removed on the other side, and one of the two was lost.
//
// unclash finds such renames in theirs before the merge and takes them
// back: theirs' item has its old id again, and it merges with mine's item
// of that id, as if theirs had not renamed it; a note says so. Only
// renames are taken back, so every item both sides have is still there
// after the merge.

// clash is a rename in theirs that unclash takes back.
type clash struct {
	kind     routines.Kind
	id, back string // the id theirs gave it, and the one it takes back
}

// origin is the id under which the base had it: the newest of its former
// ids the base has, or "" when the base has none of them. Without a base,
// it is the newest former id that mine has as an item's id.
func origin(it routines.Item, k routines.Kind, base, mine *routines.OS) string {
	former := routines.FormerIDs(it)
	for i := len(former) - 1; i >= 0; i-- {
		if base != nil && base.Find(k, former[i]) != nil {
			return former[i]
		}
		if base == nil && mine.Find(k, former[i]) != nil {
			return former[i]
		}
	}
	return ""
}

// clashes lists theirs' renames to an id mine has for another item.
func clashes(base, mine, theirs *routines.OS) []clash {
	var out []clash
	for _, k := range routines.Kinds() {
		if !k.KeepsFormerIDs() {
			continue
		}
		for _, ti := range theirs.Items(k) {
			id := ti.ItemID()
			mi := mine.Find(k, id)
			if mi == nil || (base != nil && base.Find(k, id) != nil) {
				continue
			}
			back := origin(ti, k, base, mine)
			if back == "" || theirs.Find(k, back) != nil {
				continue // theirs' own new item, or its old id is taken
			}
			if base != nil && origin(mi, k, base, mine) == back {
				continue // the same item, renamed the same way
			}
			if slices.ContainsFunc(routines.FormerIDs(mi), func(f string) bool { return slices.Contains(routines.FormerIDs(ti), f) }) {
				continue // one past: the same item
			}
			out = append(out, clash{kind: k, id: id, back: back})
		}
	}
	return out
}

// unclash takes back, in theirs' files, each rename of clashes (see
// above), and returns the files and a note for each. A theme's items in
// theirs name it by its old id again.
func unclash(theirFiles map[string][]byte, theirs *routines.OS, cs []clash) (map[string][]byte, []string, error) {
	files := cloneFiles(theirFiles)
	var notes []string
	for _, c := range cs {
		it := theirs.Find(c.kind, c.id)
		upd := routines.CloneItem(it)
		setField(upd, "id", c.back)
		setField(upd, "formerly", slices.DeleteFunc(slices.Clone(routines.FormerIDs(it)), func(f string) bool { return f == c.back }))
		b, err := routines.UpdateItem(files[c.kind.File()], it, upd)
		if err != nil {
			return nil, nil, err
		}
		files[c.kind.File()] = b
		if c.kind == routines.KindTheme {
			for _, k := range routines.Kinds() {
				if k == routines.KindTheme {
					continue
				}
				for _, user := range theirs.Items(k) {
					if v, _ := routines.FieldValue(user, "theme"); v != c.id {
						continue
					}
					moved := routines.CloneItem(user)
					setField(moved, "theme", c.back)
					if files[k.File()], err = routines.UpdateItem(files[k.File()], user, moved); err != nil {
						return nil, nil, err
					}
				}
			}
		}
		notes = append(notes, fmt.Sprintf("%s %q: theirs renamed it %q, the id of another %s here; kept as %q", c.kind, c.back, c.id, c.kind, c.back))
	}
	return files, notes, nil
}
