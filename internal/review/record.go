// Package review is the review session: the questions a day or a week
// raises from the OS and its checks, the record of the answers, the
// changes a person decides on during it, and what the records add up to —
// adherence and streaks.
//
// Records are TOML files, reviews/YYYY/YYYY-MM-DD.toml for a day and
// reviews/YYYY/YYYY-MM-DD-weekly.toml for a week, written by myos and
// never rewritten except by a review of the same day, which keeps what it
// does not answer again.
package review

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/myos-dev/myos/routines"
)

// Dir is the folder of review records in an OS.
const Dir = "reviews"

// Answers to a routine question.
const (
	Yes  = "yes"
	No   = "no"
	Skip = "skip"
)

// Kinds of review.
const (
	Daily  = "daily"
	Weekly = "weekly"
)

// RoutineAnswer says whether a routine was done on a day.
type RoutineAnswer struct {
	ID     string        `toml:"id" json:"id"`
	Day    routines.Date `toml:"day" json:"day"`
	Answer string        `toml:"answer" json:"answer"`
	Note   string        `toml:"note,omitempty" json:"note,omitempty"`
}

// PromptAnswer is the answer to one of the OS's own prompts.
type PromptAnswer struct {
	Key      string `toml:"key" json:"key"`
	Question string `toml:"question" json:"question"`
	Answer   string `toml:"answer" json:"answer"`
}

// Decision is what the person chose for a question that can change the
// OS: link a priority to a theme, drop it, retire a routine, keep it.
type Decision struct {
	Key      string `toml:"key" json:"key"`
	Question string `toml:"question" json:"question"`
	Action   string `toml:"action" json:"action"`
}

// Record is what one review recorded.
type Record struct {
	Date     routines.Date `toml:"date" json:"date"`
	Kind     string        `toml:"kind" json:"kind"`
	Reviewed string        `toml:"reviewed,omitempty" json:"reviewed,omitempty"` // the commit the review looked at
	Note     string        `toml:"note,omitempty" json:"note,omitempty"`

	Routines  []RoutineAnswer `toml:"routine" json:"routines"`
	Prompts   []PromptAnswer  `toml:"prompt" json:"prompts"`
	Decisions []Decision      `toml:"decision" json:"decisions"`
}

// Path is where the record of a review of kind on day d is kept.
func Path(d routines.Date, kind string) string {
	name := d.String()
	if kind == Weekly {
		name += "-weekly"
	}
	return path.Join(Dir, fmt.Sprintf("%04d", d.Year), name+".toml")
}

// YearFolder reports whether e, listed in Dir of fsys, is a year's folder
// of records or a symbolic link to one: records are read where a link a
// person put in place of a year's folder leads, as they are read by name
// (see LoadRecords), though myos writes and commits none there.
func YearFolder(fsys fs.FS, e fs.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	fi, err := fs.Stat(fsys, path.Join(Dir, e.Name()))
	return err == nil && fi.IsDir()
}

// Paths lists the records in fsys, an OS folder, by path in the order of
// their names: every file in a year's folder of Dir (or beyond a link
// that stands for one) whose name ParsePath takes. Other files there are
// no records, and are left out.
func Paths(fsys fs.FS) ([]string, error) {
	years, err := fs.ReadDir(fsys, Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, y := range years {
		if !YearFolder(fsys, y) {
			continue
		}
		dir := path.Join(Dir, y.Name())
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if _, _, ok := ParsePath(p); ok && !e.IsDir() {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// Owned reports whether p, a slash-separated path in the OS folder, is
// where myos keeps records: a record's path (see ParsePath), or a year's
// folder of them, which git lists as a file when a link stands in its
// place. Any other file under Dir (notes, photos, a draft, a record
// misnamed) is the person's own: no record, and no part of the OS.
func Owned(p string) bool {
	if _, _, ok := ParsePath(p); ok {
		return true
	}
	year, ok := strings.CutPrefix(p, Dir+"/")
	return ok && len(year) == 4 && strings.Trim(year, "0123456789") == ""
}

// ParsePath reads the day and kind from a record's path; ok is false for
// any other file.
func ParsePath(p string) (d routines.Date, kind string, ok bool) {
	dir, file := path.Split(p)
	if !strings.HasPrefix(dir, Dir+"/") || !strings.HasSuffix(file, ".toml") {
		return d, "", false
	}
	name := strings.TrimSuffix(file, ".toml")
	kind = Daily
	if s, found := strings.CutSuffix(name, "-weekly"); found {
		name, kind = s, Weekly
	}
	d, err := routines.ParseDate(name)
	if err != nil || dir != Dir+"/"+fmt.Sprintf("%04d", d.Year)+"/" {
		return d, "", false
	}
	return d, kind, true
}

// Marshal writes the record in its canonical form: the same record always
// gives the same bytes, so that re-recording an unchanged review changes
// nothing in git.
func (r *Record) Marshal() []byte {
	var b strings.Builder
	weekday := routines.WeekdayName(r.Date.Weekday())
	fmt.Fprintf(&b, "# %s review of %s %s, written by myos.\n", titleCase(r.Kind), weekday, r.Date)
	fmt.Fprintf(&b, "date = %s\nkind = %s\n", r.Date, routines.EncodeValue(r.Kind))
	if r.Reviewed != "" {
		fmt.Fprintf(&b, "reviewed = %s\n", routines.EncodeValue(r.Reviewed))
	}
	if r.Note != "" {
		fmt.Fprintf(&b, "note = %s\n", routines.EncodeValue(r.Note))
	}
	r.sort()
	for _, a := range r.Routines {
		fmt.Fprintf(&b, "\n[[routine]]\nid = %s\nday = %s\nanswer = %s\n", routines.EncodeValue(a.ID), a.Day, routines.EncodeValue(a.Answer))
		if a.Note != "" {
			fmt.Fprintf(&b, "note = %s\n", routines.EncodeValue(a.Note))
		}
	}
	for _, p := range r.Prompts {
		fmt.Fprintf(&b, "\n[[prompt]]\nkey = %s\nquestion = %s\nanswer = %s\n", routines.EncodeValue(p.Key), routines.EncodeValue(p.Question), routines.EncodeValue(p.Answer))
	}
	for _, d := range r.Decisions {
		fmt.Fprintf(&b, "\n[[decision]]\nkey = %s\nquestion = %s\naction = %s\n", routines.EncodeValue(d.Key), routines.EncodeValue(d.Question), routines.EncodeValue(d.Action))
	}
	return []byte(b.String())
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sort orders the answers: routines by day then id, the rest by key.
func (r *Record) sort() {
	sort.SliceStable(r.Routines, func(i, j int) bool {
		a, b := r.Routines[i], r.Routines[j]
		if a.Day != b.Day {
			return a.Day.Before(b.Day)
		}
		return a.ID < b.ID
	})
}

// Merge folds a newer review of the same day into r: answers given again
// replace the old ones, the rest are kept. A new note replaces the old one.
func (r *Record) Merge(newer *Record) {
	if newer.Reviewed != "" {
		r.Reviewed = newer.Reviewed
	}
	if newer.Note != "" {
		r.Note = newer.Note
	}
	for _, a := range newer.Routines {
		replaced := false
		for i := range r.Routines {
			if r.Routines[i].ID == a.ID && r.Routines[i].Day == a.Day {
				r.Routines[i], replaced = a, true
			}
		}
		if !replaced {
			r.Routines = append(r.Routines, a)
		}
	}
	for _, p := range newer.Prompts {
		replaced := false
		for i := range r.Prompts {
			if r.Prompts[i].Key == p.Key {
				r.Prompts[i], replaced = p, true
			}
		}
		if !replaced {
			r.Prompts = append(r.Prompts, p)
		}
	}
	for _, dc := range newer.Decisions {
		// The decision on the same question (under this key or another:
		// a key takes its kind while the OS holds another item of its
		// id), or else the first of the same key. A record an earlier
		// myos wrote may hold two questions of one key (a block and a
		// priority of one id): the answer to one must neither replace
		// the other nor be written twice.
		at, same := -1, false
		for i := range r.Decisions {
			switch {
			case SameDecision(r.Decisions[i], dc):
				if !same || r.Decisions[i].Key == dc.Key {
					at, same = i, true
				}
			case r.Decisions[i].Key == dc.Key && at < 0:
				at = i
			}
		}
		if at < 0 {
			r.Decisions = append(r.Decisions, dc)
		} else {
			r.Decisions[at] = dc
		}
	}
}

// SameDecision reports whether a and b decide the same question: the same
// words, under the same key or the same key but for its kind
// ("no-theme/writing" and "no-theme/priority/writing"). Words alone are
// not enough: two priorities of one title are asked in the same words.
func SameDecision(a, b Decision) bool {
	return a.Question != "" && a.Question == b.Question && keyWithoutKind(a.Key) == keyWithoutKind(b.Key)
}

// keyWithoutKind is a decision's key without the kind a shared id gives
// it: "no-theme/priority/writing" is "no-theme/writing".
func keyWithoutKind(key string) string {
	if parts := strings.Split(key, "/"); len(parts) == 3 {
		return parts[0] + "/" + parts[2]
	}
	return key
}

// WithLateAnswers is r, the record of day (nil when the day has none
// yet), with the answers about day that later records in recs hold and r
// does not, as Records.Answer finds them: what the records say of the
// day, as stats read them. r and recs are left as they are.
func (r *Record) WithLateAnswers(recs Records, day routines.Date) *Record {
	var late []RoutineAnswer
	seen := map[string]bool{}
	for k := 1; k <= SearchDays; k++ {
		next := recs[day.AddDays(k)]
		if next == nil {
			continue
		}
		for _, a := range next.Routines {
			if a.Day != day || seen[a.ID] || (r != nil && r.Answer(a.ID, day) != "") {
				continue
			}
			// A record's answer is its first about the routine and day:
			// an empty one leaves the day to a later record.
			if next.Answer(a.ID, day) != "" {
				seen[a.ID] = true
				late = append(late, a)
			}
		}
	}
	if len(late) == 0 {
		return r
	}
	out := &Record{Date: day, Kind: Daily}
	if r != nil {
		c := *r
		c.Routines = slices.Clone(r.Routines)
		out = &c
	}
	out.Routines = append(out.Routines, late...)
	return out
}

// Answer is the recorded answer for routine id on day, or "".
func (r *Record) Answer(id string, day routines.Date) string {
	for _, a := range r.Routines {
		if a.ID == id && a.Day == day {
			return a.Answer
		}
	}
	return ""
}
