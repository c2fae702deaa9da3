package routines

// A snapshot is an OS in a compact binary form, for caches: reading one
// back costs a fraction of decoding the TOML it came from. It keeps every
// field, nil apart from empty, and the positions of every key, so that an
// OS read from a snapshot is reflect.DeepEqual to the one written. The
// format is private to this file and carries its version: a snapshot of
// another version, or damaged, is refused, never half read.

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/myos-dev/myos/internal/wire"
)

// snapshotVersion changes whenever the form below does.
const snapshotVersion = 3

// AppendSnapshot appends o in snapshot form to b.
func AppendSnapshot(b []byte, o *OS) []byte {
	w := snapWriter{b: b}
	w.uint(snapshotVersion)
	s := &o.Settings
	w.str(s.Name)
	w.str(s.Owner)
	w.str(s.Timezone)
	w.str(s.WeekStart)
	w.boolPtr(s.Render)
	w.str(s.Calendar.Grid)
	w.meta(s.Calendar.Meta)
	w.int(s.Priorities.Limit)
	w.meta(s.Priorities.Meta)
	w.str(s.Review.WeeklyDay)
	w.strs(s.Review.Prompts)
	w.meta(s.Review.Meta)
	w.meta(s.Meta)

	w.count(len(o.Themes), o.Themes == nil)
	for i := range o.Themes {
		t := &o.Themes[i]
		w.str(t.ID)
		w.str(t.Title)
		w.str(t.Narrative)
		w.str(t.Horizon)
		w.str(t.Status)
		w.str(t.Notes)
		w.strs(t.Formerly)
		w.meta(t.Meta)
	}
	w.count(len(o.Routines), o.Routines == nil)
	for i := range o.Routines {
		r := &o.Routines[i]
		w.str(r.ID)
		w.str(r.Title)
		w.str(r.Why)
		w.str(r.Cadence)
		w.str(r.At)
		w.str(r.Duration)
		w.str(r.Theme)
		w.str(r.Status)
		w.datePtr(r.Since)
		w.str(r.Notes)
		w.strs(r.Formerly)
		w.meta(r.Meta)
	}
	w.count(len(o.Priorities), o.Priorities == nil)
	for i := range o.Priorities {
		p := &o.Priorities[i]
		w.str(p.ID)
		w.str(p.Title)
		w.str(p.Theme)
		w.str(p.Status)
		w.int(p.Rank)
		w.datePtr(p.Due)
		w.datePtr(p.Started)
		w.datePtr(p.DeferredUntil)
		w.str(p.DeferReason)
		w.int(p.Deferrals)
		w.str(p.Notes)
		w.strs(p.Formerly)
		w.meta(p.Meta)
	}
	w.count(len(o.Blocks), o.Blocks == nil)
	for i := range o.Blocks {
		bl := &o.Blocks[i]
		w.str(bl.ID)
		w.str(bl.Title)
		w.strs(bl.Days)
		w.str(bl.Start)
		w.str(bl.End)
		w.str(bl.Theme)
		w.str(bl.Kind)
		w.str(bl.Notes)
		w.strs(bl.Formerly)
		w.meta(bl.Meta)
	}
	w.count(len(o.Events), o.Events == nil)
	for i := range o.Events {
		e := &o.Events[i]
		w.str(e.ID)
		w.str(e.Title)
		w.date(e.Date)
		w.str(e.Start)
		w.str(e.End)
		w.str(e.Theme)
		w.str(e.Notes)
		w.meta(e.Meta)
	}
	return w.b
}

// SnapshotCurrent reports whether b begins a snapshot of the form this
// version of the package writes and reads, without reading the rest.
func SnapshotCurrent(b []byte) bool {
	r := wire.NewReader(b)
	return r.Uvarint() == snapshotVersion && !r.Bad()
}

// ReadSnapshot reads an OS that AppendSnapshot wrote. It fails on a
// snapshot of another version and on one that is damaged or has bytes
// left over.
func ReadSnapshot(b []byte) (*OS, error) {
	r := snapReader{wire.NewReader(b)}
	if v := r.Uvarint(); v != snapshotVersion {
		if r.Bad() {
			return nil, errSnapshotShort
		}
		return nil, errors.New("snapshot: another version")
	}
	o := &OS{}
	s := &o.Settings
	s.Name = r.Str()
	s.Owner = r.Str()
	s.Timezone = r.Str()
	s.WeekStart = r.Str()
	s.Render = r.boolPtr()
	s.Calendar.Grid = r.Str()
	s.Calendar.Meta = r.meta()
	s.Priorities.Limit = r.Int()
	s.Priorities.Meta = r.meta()
	s.Review.WeeklyDay = r.Str()
	s.Review.Prompts = r.strs()
	s.Review.Meta = r.meta()
	s.Meta = r.meta()

	if n, isNil := r.ListLen(); !isNil {
		o.Themes = make([]Theme, n)
		for i := range o.Themes {
			t := &o.Themes[i]
			t.ID = r.Str()
			t.Title = r.Str()
			t.Narrative = r.Str()
			t.Horizon = r.Str()
			t.Status = r.Str()
			t.Notes = r.Str()
			t.Formerly = r.strs()
			t.Meta = r.meta()
		}
	}
	if n, isNil := r.ListLen(); !isNil {
		o.Routines = make([]Routine, n)
		for i := range o.Routines {
			rt := &o.Routines[i]
			rt.ID = r.Str()
			rt.Title = r.Str()
			rt.Why = r.Str()
			rt.Cadence = r.Str()
			rt.At = r.Str()
			rt.Duration = r.Str()
			rt.Theme = r.Str()
			rt.Status = r.Str()
			rt.Since = r.datePtr()
			rt.Notes = r.Str()
			rt.Formerly = r.strs()
			rt.Meta = r.meta()
		}
	}
	if n, isNil := r.ListLen(); !isNil {
		o.Priorities = make([]Priority, n)
		for i := range o.Priorities {
			p := &o.Priorities[i]
			p.ID = r.Str()
			p.Title = r.Str()
			p.Theme = r.Str()
			p.Status = r.Str()
			p.Rank = r.Int()
			p.Due = r.datePtr()
			p.Started = r.datePtr()
			p.DeferredUntil = r.datePtr()
			p.DeferReason = r.Str()
			p.Deferrals = r.Int()
			p.Notes = r.Str()
			p.Formerly = r.strs()
			p.Meta = r.meta()
		}
	}
	if n, isNil := r.ListLen(); !isNil {
		o.Blocks = make([]Block, n)
		for i := range o.Blocks {
			bl := &o.Blocks[i]
			bl.ID = r.Str()
			bl.Title = r.Str()
			bl.Days = r.strs()
			bl.Start = r.Str()
			bl.End = r.Str()
			bl.Theme = r.Str()
			bl.Kind = r.Str()
			bl.Notes = r.Str()
			bl.Formerly = r.strs()
			bl.Meta = r.meta()
		}
	}
	if n, isNil := r.ListLen(); !isNil {
		o.Events = make([]Event, n)
		for i := range o.Events {
			e := &o.Events[i]
			e.ID = r.Str()
			e.Title = r.Str()
			e.Date = r.date()
			e.Start = r.Str()
			e.End = r.Str()
			e.Theme = r.Str()
			e.Notes = r.Str()
			e.Meta = r.meta()
		}
	}
	if r.Bad() {
		return nil, errSnapshotShort
	}
	if r.Len() > 0 {
		return nil, errors.New("snapshot: bytes left over")
	}
	return o, nil
}

type snapWriter struct{ b []byte }

func (w *snapWriter) uint(n uint64) { w.b = binary.AppendUvarint(w.b, n) }
func (w *snapWriter) int(n int)     { w.b = binary.AppendVarint(w.b, int64(n)) }

func (w *snapWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// count writes a slice's length, 0 standing for nil and n+1 for n.
func (w *snapWriter) count(n int, isNil bool) {
	if isNil {
		w.uint(0)
		return
	}
	w.uint(uint64(n) + 1)
}

func (w *snapWriter) strs(ss []string) {
	w.count(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

func (w *snapWriter) boolPtr(p *bool) {
	switch {
	case p == nil:
		w.uint(0)
	case *p:
		w.uint(2)
	default:
		w.uint(1)
	}
}

func (w *snapWriter) date(d Date) {
	w.int(d.Year)
	w.int(int(d.Month))
	w.int(d.Day)
}

func (w *snapWriter) datePtr(d *Date) {
	if d == nil {
		w.uint(0)
		return
	}
	w.uint(1)
	w.date(*d)
}

func (w *snapWriter) meta(m Meta) {
	w.str(m.File)
	w.int(m.Line)
	w.count(len(m.keys), m.keys == nil)
	for _, k := range m.keys { // sorted: the same OS always gives the same bytes
		w.str(k.key)
		w.int(k.pos.Line)
		w.int(k.pos.Col)
	}
}

// snapReader reads a snapshot: the values wire.Reader reads, and the
// model's own (dates, optional booleans, positions) made of them. Every
// string it returns shares one copy of the snapshot; the first damage
// makes it Bad, after which it reads zero values.
type snapReader struct{ *wire.Reader }

var errSnapshotShort = errors.New("snapshot: truncated or damaged")

func (r *snapReader) strs() []string {
	n, isNil := r.ListLen()
	if isNil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.Str()
	}
	return ss
}

func (r *snapReader) boolPtr() *bool {
	switch r.Uvarint() {
	case 0:
		return nil
	case 1:
		f := false
		return &f
	case 2:
		t := true
		return &t
	}
	r.Fail()
	return nil
}

func (r *snapReader) date() Date {
	return Date{Year: r.Int(), Month: time.Month(r.Int()), Day: r.Int()}
}

func (r *snapReader) datePtr() *Date {
	switch r.Uvarint() {
	case 0:
		return nil
	case 1:
		d := r.date()
		return &d
	}
	r.Fail()
	return nil
}

func (r *snapReader) meta() Meta {
	m := Meta{File: r.Str(), Line: r.Int()}
	n, isNil := r.ListLen()
	if isNil {
		return m
	}
	m.keys = make([]keyPos, n)
	for i := 0; i < n && !r.Bad(); i++ {
		m.keys[i] = keyPos{key: r.Str(), pos: Pos{Line: r.Int(), Col: r.Int()}}
	}
	if !slices.IsSortedFunc(m.keys, func(a, b keyPos) int { return strings.Compare(a.key, b.key) }) {
		r.Fail() // AppendSnapshot writes them sorted
	}
	return m
}
