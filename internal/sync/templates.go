package sync

// The OS's record of the templates it follows (tmpl.RecordFile) merges
// template by template, as the model merges item by item: a template's
// record that one side added, changed or removed (an apply, a leave) takes
// that side; one both sides changed the same way is kept; the same version
// applied on both sides on different days is one apply, on the later day.
// A record changed both ways — two versions applied, or a leave on one
// side and an apply on the other — is a conflict keyed
//
//	template/NAME   ("template/team")
//
// decided mine or theirs. A record goes with its base, tmpl.BaseDir/NAME/
// (the template's files as last applied, which the next apply merges
// against): the merge writes the base of the side whose record it keeps,
// and removes the base of a record it removes, so that no record is left
// without its base nor a base without its record.

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/myos-dev/myos/internal/tmpl"
)

const (
	reasonTmplBoth        = "applied on both sides, differently"
	reasonTmplBaseBoth    = "its files as last applied changed on both sides"
	reasonTmplLeftMine    = "left here, applied anew on the remote"
	reasonTmplLeftTheirs  = "applied anew here, left on the remote"
	templateKeyPrefix     = "template/"
	templateRecordsMerged = tmpl.RecordFile + ": merged template by template"
)

// version is a file as the merge leaves it: its content, or none.
type version struct {
	data    []byte
	present bool
}

// tmplEntry is one template as one side has it: its record, and the files
// of its base the merge sees (those that differ on some side), by path.
type tmplEntry struct {
	rec   tmpl.Record
	ok    bool
	files map[string][]byte
}

func (e tmplEntry) same(o tmplEntry) bool {
	return e.ok == o.ok && (!e.ok || sameRecord(e.rec, o.rec)) && maps.EqualFunc(e.files, o.files, bytes.Equal)
}

// sameApply reports whether two records are the same apply: the same
// template, version and commit, with the same ids, whatever the day.
func sameApply(a, b tmpl.Record) bool {
	return a.Name == b.Name && a.Source == b.Source && a.Version == b.Version && a.Commit == b.Commit && maps.Equal(a.IDs, b.IDs)
}

func sameRecord(a, b tmpl.Record) bool {
	return sameApply(a, b) && a.Applied == b.Applied
}

func sameRecords(a, b []tmpl.Record) bool {
	return slices.EqualFunc(a, b, sameRecord)
}

// templatesMerge is what merging the template records made.
type templatesMerge struct {
	// files are RecordFile and the base files of every template either
	// side records, as the merge leaves them; the merge by path leaves
	// them alone.
	files     map[string]version
	conflicts []Conflict
	decided   []string
	// merged is true when both sides changed RecordFile.
	merged bool
}

// mergeTemplates merges the template records of theirs into mine; ok is
// false when no side has RecordFile (or the merge does not see it: it
// changed on neither side), or when one of its versions cannot be read,
// for the caller to merge it by line. When both sides have the same
// RecordFile, the bases still merge with their records: the same record
// with two different bases is a conflict, not two bases mixed by line.
func mergeTemplates(base, mine, theirs map[string][]byte, take func(key string) string) (res *templatesMerge, ok bool, err error) {
	b, hb := base[tmpl.RecordFile]
	m, hm := mine[tmpl.RecordFile]
	t, ht := theirs[tmpl.RecordFile]
	if !hb && !hm && !ht {
		return nil, false, nil
	}
	parse := func(data []byte, has bool) ([]tmpl.Record, bool) {
		if !has {
			return nil, true
		}
		recs, err := tmpl.ParseRecords(data)
		return recs, err == nil
	}
	br, okB := parse(b, hb)
	mr, okM := parse(m, hm)
	tr, okT := parse(t, ht)
	if !okB || !okM || !okT {
		return nil, false, nil
	}

	// Mine's templates in mine's order, then those only theirs has, then
	// those both removed (whose bases go too).
	var names []string
	for _, list := range [][]tmpl.Record{mr, tr, br} {
		for _, r := range list {
			if !slices.Contains(names, r.Name) {
				names = append(names, r.Name)
			}
		}
	}
	entry := func(recs []tmpl.Record, side map[string][]byte, name string) tmplEntry {
		e := tmplEntry{files: map[string][]byte{}}
		if r := tmpl.FindRecord(recs, name); r != nil {
			e.rec, e.ok = *r, true
		}
		prefix := tmpl.BaseDir + "/" + name + "/"
		for p, data := range side {
			if strings.HasPrefix(p, prefix) {
				e.files[p] = data
			}
		}
		return e
	}

	res = &templatesMerge{files: map[string]version{}, merged: !same(m, hm, b, hb) && !same(t, ht, b, hb) && !same(m, hm, t, ht)}
	var out []tmpl.Record
	for _, name := range names {
		eb, em, et := entry(br, base, name), entry(mr, mine, name), entry(tr, theirs, name)
		var keep tmplEntry
		switch {
		case em.same(et), et.same(eb):
			keep = em
		case em.same(eb):
			keep = et
		case em.ok && et.ok && sameApply(em.rec, et.rec) && maps.EqualFunc(em.files, et.files, bytes.Equal):
			// The same version applied on both sides, on different days:
			// one apply, last made on the later day.
			keep = em
			if em.rec.Applied.Before(et.rec.Applied) {
				keep.rec.Applied = et.rec.Applied
			}
		default:
			c := templateConflict(name, eb, em, et)
			switch d := take(c.Key); d {
			case "":
				res.conflicts = append(res.conflicts, c)
				keep = em
			case TakeMine:
				res.decided = append(res.decided, decidedLine(c, d))
				keep = em
			case TakeTheirs:
				res.decided = append(res.decided, decidedLine(c, d))
				keep = et
			default:
				return nil, true, fmt.Errorf("--take %s=%s: a template's record is one apply; take mine or theirs", c.Key, d)
			}
		}
		if keep.ok {
			out = append(out, keep.rec)
		}
		// The base goes with the record: the kept side's files, and none
		// when the record goes.
		for _, side := range []tmplEntry{eb, em, et} {
			for p := range side.files {
				data, has := keep.files[p]
				res.files[p] = version{data: data, present: has && keep.ok}
			}
		}
	}

	switch {
	case sameRecords(out, mr) && hm:
		res.files[tmpl.RecordFile] = version{data: m, present: true}
	case sameRecords(out, tr) && ht:
		res.files[tmpl.RecordFile] = version{data: t, present: true}
	case len(out) == 0:
		// As a leave of the last template does, the file goes.
		res.files[tmpl.RecordFile] = version{}
	default:
		res.files[tmpl.RecordFile] = version{data: tmpl.EncodeRecords(out), present: true}
	}
	return res, true, nil
}

// templateConflict is a template's record changed both ways.
func templateConflict(name string, eb, em, et tmplEntry) Conflict {
	c := Conflict{Key: templateKeyPrefix + name, File: tmpl.RecordFile, Reason: reasonTmplBoth, Takes: []string{TakeMine, TakeTheirs}}
	switch {
	case !em.ok:
		c.Reason = reasonTmplLeftMine
	case !et.ok:
		c.Reason = reasonTmplLeftTheirs
	case sameRecord(em.rec, et.rec):
		c.Reason = reasonTmplBaseBoth
	}
	c.Base = describeTemplate(eb, false)
	c.Mine = describeTemplate(em, eb.ok)
	c.Theirs = describeTemplate(et, eb.ok)
	return c
}

// describeTemplate says what a side records of a template: "team 1.1.0
// from SOURCE at COMMIT, applied 2026-11-25", with the items it keeps
// under ids of their own; "left" when the base had it and the side has
// not, "" when neither had it.
func describeTemplate(e tmplEntry, inBase bool) string {
	if !e.ok {
		if inBase {
			return "left"
		}
		return ""
	}
	s := e.rec.String()
	if !e.rec.Applied.IsZero() {
		s += ", applied " + e.rec.Applied.String()
	}
	if kept := e.rec.Kept(); len(kept) > 0 {
		s += "; keeps " + strings.Join(kept, ", ")
	}
	return s
}
