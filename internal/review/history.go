package review

// A routine with no since date counts from its first answer ever, which
// may lie years before the days stats look at. Reading every record to
// find it would make a week's stats cost what ten years' do; instead the
// records before the span are read newest first, and only until each
// routine that needs it is found answered. A routine answered regularly
// is found in the first record read.

import (
	"errors"
	"io/fs"
	"path"
	"strconv"

	"github.com/myos-dev/myos/routines"
)

// Span is the days stats count: Days days ending on End, for the routine
// Only, or for every routine that is not retired when Only is empty.
// Today is the day that has not ended: it (and any later day) may be open,
// unanswered and yet not missed; every earlier due day with no answer is
// missed.
type Span struct {
	End   routines.Date
	Days  int
	Today routines.Date
	Only  string
}

// WeekSpan is the span of the weekly review of the week ending on end.
func WeekSpan(end, today routines.Date) Span {
	return Span{End: end, Days: 7, Today: today}
}

// Start is the span's first day.
func (s Span) Start() routines.Date {
	return s.End.AddDays(-(max(s.Days, 1) - 1))
}

// lastRecord is the day of the last record that may answer for a day of
// s: SearchDays after its end, or today when that is sooner (and at
// least the day after its end).
func (s Span) lastRecord() routines.Date {
	last := s.End.AddDays(SearchDays)
	if s.Today.Before(last) {
		last = s.Today
	}
	if !last.After(s.End) {
		last = s.End.AddDays(1)
	}
	return last
}

// counts reports whether the stats of s include r.
func (s Span) counts(r *routines.Routine) bool {
	if s.Only != "" {
		return r.ID == s.Only
	}
	return r.Status != routines.RoutineRetired
}

// History is what the daily review records say of a span, as Stats reads
// them.
type History struct {
	// Records are the daily records of the span's days and of the days
	// after it that may hold late answers for them: up to SearchDays
	// after, and no later than today.
	Records Records
	// AnsweredBefore holds routines answered for some day before the span:
	// they count from the span's first day. LoadHistory looks only for
	// the routines that need it: those with no since date whose first
	// answer the span's records do not show.
	AnsweredBefore map[string]bool
	// Past is how the routines were before they were as the OS has them
	// now, oldest first: a day on or before an Era's Until (and after the
	// previous one's) is judged by the routines of that Era — the cadence
	// it had then, and whether it was paused or retired then. A later day
	// is judged by the routines as they are now. Empty, every day is.
	Past []Era
}

// Began is the first day there is anything to count, when the history
// goes back to before the OS had routines.toml: the day after the Era of
// the time before it (the oldest of Past, which has no routines), or the
// first day answered, when answers were filled in for days before the OS
// began. A span that starts earlier has nothing to count before it.
func (h *History) Began() (routines.Date, bool) {
	if len(h.Past) == 0 || len(h.Past[0].Routines) > 0 || len(h.AnsweredBefore) > 0 {
		return routines.Date{}, false
	}
	began := h.Past[0].Until.AddDays(1)
	for _, f := range firstAnswers(h.Records) {
		if f.Before(began) {
			began = f
		}
	}
	return began, true
}

// Era is one version of the routines, in effect until the day Until: the
// day before the next version was written. Routines are by the id each
// has now, so that a version from before a rename still names its
// routine. A routine an Era lacks was not in the OS then.
//
// Handover is the time of day, on the day after Until, at which the next
// version was written. Until then that day was still this Era's: a timed
// routine whose time came before it is judged by this Era that day (one
// added after its time was not due that day). Zero, the next version
// judges the whole day.
type Era struct {
	Until    routines.Date
	Routines map[string]*routines.Routine
	Handover routines.Clock
}

// LoadHistory reads the History of span from fsys, the OS folder, through
// c (nil reads every file). A record that cannot be read is reported and
// skipped, as LoadRecords does.
func LoadHistory(fsys fs.FS, o *routines.OS, span Span, c *RecordCache) (History, []error) {
	start := span.Start()
	recs, errs := LoadRecordsCached(fsys, start, span.lastRecord(), c)
	// Answers under a routine's former ids are its own (formerly).
	renamed := CurrentIDs(o)
	h := History{Records: recs.Renamed(renamed)}
	errs = append(errs, h.LookBefore(fsys, o, start, span.counts, c)...)
	return h, errs
}

// LookBefore sets AnsweredBefore for the routines of o that only count
// from their first answer (no since date), that want says matter, and
// whose first answer h's records do not show on or before start: whether
// a daily record before start answered them.
func (h *History) LookBefore(fsys fs.FS, o *routines.OS, start routines.Date, want func(*routines.Routine) bool, c *RecordCache) []error {
	first := firstAnswers(h.Records)
	look := map[string]bool{}
	for i := range o.Routines {
		r := &o.Routines[i]
		if !want(r) || hasSince(r) {
			continue
		}
		if f, ok := first[r.ID]; ok && !f.After(start) {
			continue
		}
		look[r.ID] = true
	}
	if len(look) == 0 {
		return nil
	}
	var errs []error
	h.AnsweredBefore, errs = answeredBefore(fsys, start, look, CurrentIDs(o), c)
	return errs
}

// answeredBefore is the set of ids answered for a day before day in the
// daily records dated before it, read newest first until every id is
// found; renamed maps former ids to the ids now.
func answeredBefore(fsys fs.FS, day routines.Date, ids map[string]bool, renamed map[string]string, c *RecordCache) (map[string]bool, []error) {
	found := map[string]bool{}
	years, err := fs.ReadDir(fsys, Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return found, nil
	}
	if err != nil {
		return found, []error{err}
	}
	var errs []error
	// Folders and files are listed in name order, which for four-digit
	// years and YYYY-MM-DD names is the order of days.
	for i := len(years) - 1; i >= 0 && len(found) < len(ids); i-- {
		y, err := strconv.Atoi(years[i].Name())
		if err != nil || len(years[i].Name()) != 4 || y > day.Year || !YearFolder(fsys, years[i]) {
			continue
		}
		dir := path.Join(Dir, years[i].Name())
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for j := len(entries) - 1; j >= 0 && len(found) < len(ids); j-- {
			e := entries[j]
			p := path.Join(dir, e.Name())
			d, kind, ok := ParsePath(p)
			if !ok || kind != Daily || !d.Before(day) || !e.Type().IsRegular() {
				continue
			}
			r, err := c.read(fsys, p, e)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, a := range r.Routines {
				id := a.ID
				if now, ok := renamed[id]; ok {
					id = now // answered under a former id
				}
				if ids[id] && a.Day.Before(day) && answerCounts(d, a.Day) {
					found[id] = true
				}
			}
		}
	}
	return found, errs
}

// hasSince reports whether r says when it began. A zero date says
// nothing, as for its Anchor.
func hasSince(r *routines.Routine) bool {
	return r.Since != nil && !r.Since.IsZero()
}
