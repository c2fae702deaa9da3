package semdiff

// History has to read what was committed, and a commit may hold an OS that
// was never valid: a hand edit committed with git, a file that was not TOML
// for one commit. So this file reads leniently. Values are not validated,
// and a file that cannot be decoded at all is left out of a comparison
// rather than having all its items read as removed, then added back.

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/myos-dev/myos/routines"
)

// DiffFiles is Diff for two versions of an OS's model files, by file name
// (routines.FileOS, ...); a nil map or a missing file means no items. A
// file that cannot be decoded on either side is compared on neither and
// is named in unreadable, in routines.ModelFiles order.
func DiffFiles(old, new map[string][]byte) (changes []Change, unreadable []string) {
	// Every file of either side is decoded at the same time: decoding is
	// most of the cost, and the files share nothing until merged below.
	type parsed struct {
		os *routines.OS
		ok bool
	}
	names := routines.ModelFiles()
	olds, news := make([]parsed, len(names)), make([]parsed, len(names))
	var wg sync.WaitGroup
	parse := func(into *parsed, name string, src []byte) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			into.os, into.ok = ParseLenient(name, src)
		}()
	}
	for i, name := range names {
		srcOld, inOld := old[name]
		srcNew, inNew := new[name]
		if inOld {
			parse(&olds[i], name, srcOld)
		}
		// The same bytes read the same: they are decoded once, and both
		// sides share the items, which Diff and merge only read.
		if inNew && !(inOld && bytes.Equal(srcOld, srcNew)) {
			parse(&news[i], name, srcNew)
		}
	}
	wg.Wait()
	oldOS, newOS := &routines.OS{}, &routines.OS{}
	for i, name := range names {
		srcOld, inOld := old[name]
		srcNew, inNew := new[name]
		if !inOld && !inNew {
			continue
		}
		po, okOld := olds[i].os, true
		if inOld {
			okOld = olds[i].ok
		}
		pn, okNew := news[i].os, true
		switch {
		case inNew && inOld && bytes.Equal(srcOld, srcNew):
			pn, okNew = po, okOld
		case inNew:
			okNew = news[i].ok
		}
		if !okOld || !okNew {
			unreadable = append(unreadable, name)
			continue
		}
		merge(oldOS, po)
		merge(newOS, pn)
	}
	return Diff(oldOS, newOS), unreadable
}

// ParseLenient reads one model file alone into an OS of its own, with the
// defaults Load would give it, without validating values. ok is false when
// the file cannot be decoded at all (not UTF-8, not TOML); then the OS
// holds nothing of it. A nil src reads as an empty file.
func ParseLenient(name string, src []byte) (o *routines.OS, ok bool) {
	o, errs := routines.ParseFiles(map[string][]byte{name: src})
	for _, e := range errs {
		if e.File == name && (e.Code == routines.CodeSyntax || e.Code == routines.CodeFile) {
			return &routines.OS{}, false
		}
	}
	return o, true
}

// merge adds what src holds to dst: src's settings when it read os.toml
// (its Meta says so), and its items.
func merge(dst, src *routines.OS) {
	if src == nil {
		return
	}
	if src.Settings.Meta.File != "" {
		dst.Settings = src.Settings
	}
	dst.Themes = append(dst.Themes, src.Themes...)
	dst.Routines = append(dst.Routines, src.Routines...)
	dst.Priorities = append(dst.Priorities, src.Priorities...)
	dst.Blocks = append(dst.Blocks, src.Blocks...)
	dst.Events = append(dst.Events, src.Events...)
}

// Revision is one commit that changed the file an item's kind lives in:
// the commit's id and the blob ids of that file in the commit and in its
// first parent ("" where the file is absent).
type Revision struct {
	Commit           string
	Blob, ParentBlob string
}

// Entry is one change of an item: the commit it happened in, and what
// happened.
type Entry struct {
	Commit string
	Change Change
}

// version is one version of a model file, decoded as far as it reads.
type version struct {
	os *routines.OS
	ok bool // it decoded whole
}

// versions decodes the versions of one model file, by blob id, each once;
// "" is the file before it existed. kept, when set, is told of each
// version decoded.
type versions struct {
	file string
	read func(blob string) ([]byte, error)
	kept func(blob string, v version)
	seen map[string]version
}

func newVersions(file string, read func(blob string) ([]byte, error), kept func(blob string, v version)) *versions {
	return &versions{file: file, read: read, kept: kept, seen: map[string]version{"": {os: &routines.OS{}, ok: true}}}
}

func (vs *versions) load(blob string) (version, error) {
	if v, found := vs.seen[blob]; found {
		return v, nil
	}
	src, err := vs.read(blob)
	if err != nil {
		return version{}, fmt.Errorf("item history: %s at blob %s: %w", vs.file, blob, err)
	}
	o, ok := ParseLenient(vs.file, src)
	v := version{os: o, ok: ok}
	vs.seen[blob] = v
	if vs.kept != nil {
		vs.kept(blob, v)
	}
	return v, nil
}

// ItemHistory lists, newest first, every change of the item of kind with
// the given id over revs, which are newest first and follow first parents
// (what store's Log with a Path gives). read returns a blob's content;
// each distinct blob is read and parsed once, so the cost follows the
// number of versions of one file rather than the size of the history.
//
// A rename (an item that lists the old id as a former one, or the same
// title under a new id) is followed: older changes are those of the old
// id. A version of the file that cannot be decoded is skipped, and
// the change across it is told at the commit that made the file readable
// again.
func ItemHistory(kind routines.Kind, id string, revs []Revision, read func(blob string) ([]byte, error)) ([]Entry, error) {
	file := kind.File()
	if file == "" {
		return nil, fmt.Errorf("item history: unknown kind %q", kind)
	}
	load := newVersions(file, read, nil).load

	var out []Entry
	// carry is a readable version whose older neighbour could not be read:
	// it waits for the next readable one to be compared with.
	var carry *routines.OS
	carryCommit := ""
	for _, rv := range revs {
		newer, commit := carry, carryCommit
		if newer == nil {
			s, err := load(rv.Blob)
			if err != nil {
				return nil, err
			}
			if !s.ok {
				continue
			}
			newer, commit = s.os, rv.Commit
		}
		older, err := load(rv.ParentBlob)
		if err != nil {
			return nil, err
		}
		if !older.ok {
			carry, carryCommit = newer, commit
			continue
		}
		carry, carryCommit = nil, ""
		if c, found := itemChange(kind, id, older.os, newer); found {
			out = append(out, Entry{Commit: commit, Change: c})
			if c.Op == OpChange && c.OldID != "" && c.ID == id {
				id = c.OldID // renamed here: before, it had its old id
			}
		}
	}
	return out, nil
}

// itemChange is what happened to the item kind/id between old and new.
func itemChange(kind routines.Kind, id string, old, new *routines.OS) (Change, bool) {
	oldIt, newIt := old.Find(kind, id), new.Find(kind, id)
	switch {
	case oldIt == nil && newIt == nil:
		return Change{}, false
	case oldIt != nil && newIt != nil:
		keys := routines.ChangedFields(oldIt, newIt)
		if len(keys) == 0 {
			return Change{}, false
		}
		return changeOf(oldIt, newIt, keys), true
	}
	// Added or removed here, or renamed: only then is the whole kind worth
	// comparing, to pair the rename.
	for _, c := range diffKind(nil, old.Items(kind), new.Items(kind)) {
		if (newIt != nil && c.ID == id && c.Op != OpRemove) || (newIt == nil && (c.OldID == id || c.Op == OpRemove && c.ID == id)) {
			return c, true
		}
	}
	return Change{}, false
}

// Detail is the change told from the item's side, without naming it:
//
//	added (daily at 22:30)
//	removed
//	at 22:30 → 22:00; duration 8h → 7h30m
//	renamed bed → sleep; why none → "Rest"
//
// For the settings it is the same list of fields.
func (c Change) Detail() string {
	switch c.Op {
	case OpAdd:
		if d := addDetail(c); d != "" {
			return "added (" + d + ")"
		}
		return "added"
	case OpRemove:
		return "removed"
	}
	var parts []string
	if c.OldID != "" {
		parts = append(parts, fmt.Sprintf("renamed %s → %s", c.OldID, c.ID))
	}
	for _, f := range c.Fields {
		if f.Key == "id" && c.OldID != "" || renameKept(c, f) {
			continue
		}
		parts = append(parts, f.text())
	}
	return strings.Join(parts, "; ")
}
