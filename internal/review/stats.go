package review

import (
	"io/fs"
	"strings"

	"github.com/myos-dev/myos/routines"
)

// Records maps a day to its daily review record.
type Records map[routines.Date]*Record

// LoadRecords reads the daily records of days from..to (inclusive) from
// fsys, the OS folder. A record that cannot be read is reported and
// skipped, so that one bad file never hides the rest.
func LoadRecords(fsys fs.FS, from, to routines.Date) (Records, []error) {
	return LoadRecordsCached(fsys, from, to, nil)
}

// SearchDays is how far back a review looks for earlier records. The
// daily review asks about the days since the last one before it, back at
// most this many days; so an answer about a day counts when the review of
// that day or one at most this many days later recorded it.
const SearchDays = 60

// answerCounts reports whether an answer about day in the record of rec
// counts for day: a review answers for its own day, and for days before it
// back to SearchDays.
func answerCounts(rec, day routines.Date) bool {
	return !day.After(rec) && !day.Before(rec.AddDays(-SearchDays))
}

// Answer is what the records say of routine id on day d: the answer in
// d's own record or, when it has none (or an empty one), the answer in
// the first later record that has one, up to SearchDays later — the review
// that asked about d because d's own review left it open or there was
// none. "" when no record answers it.
func (recs Records) Answer(id string, d routines.Date) string {
	for k := 0; k <= SearchDays; k++ {
		if r := recs[d.AddDays(k)]; r != nil {
			if a := r.Answer(id, d); a != "" {
				return a
			}
		}
	}
	return ""
}

// LatestBefore is the newest daily record on or before day, searching back at
// most limit days; nil when there is none.
func LatestBefore(fsys fs.FS, day routines.Date, limit int) (*Record, routines.Date) {
	return LatestOfKind(fsys, day, limit, Daily)
}

// LatestOfKind is the newest record of kind (Daily or Weekly) on or
// before day, searching back at most limit days; nil when there is none.
func LatestOfKind(fsys fs.FS, day routines.Date, limit int, kind string) (*Record, routines.Date) {
	for i := 0; i < limit; i++ {
		d := day.AddDays(-i)
		p := Path(d, kind)
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			continue
		}
		if r, err := Parse(p, b); err == nil {
			return r, d
		}
	}
	return nil, routines.Date{}
}

// Mark is what one day was for one routine.
type Mark byte

// Marks of a day, also the characters of the consistency graph.
const (
	MarkDone    Mark = 'd' // done
	MarkMissed  Mark = 'm' // answered no, or due and never answered
	MarkSkipped Mark = 's' // answered skip: neither kept nor broken
	MarkNotDue  Mark = '.' // not due that day
	MarkOpen    Mark = '?' // owed today and not yet answered
)

// RoutineStats is how one routine went over a span of days.
type RoutineStats struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Status    string   `json:"status"`
	Cadence   string   `json:"cadence"`
	Due       int      `json:"due"`
	Done      int      `json:"done"`
	Missed    int      `json:"missed"`
	Skipped   int      `json:"skipped"`
	Adherence *float64 `json:"adherence"` // percent of due days done, skips not counted; nil (null) when nothing counted
	Current   int      `json:"current_streak"`
	Longest   int      `json:"longest_streak"`
	Graph     string   `json:"graph"` // one Mark a day, oldest first
	// Start is the day of the graph's first mark: the span's first day.
	Start routines.Date `json:"start"`
}

// Stats computes, for each routine of span, its record over the span's
// days. A routine counts from its since date or, when it has none, from
// its first answer ever, which may lie before the span: it is not missed
// before it began, and one never answered is not counted at all. So a
// day's mark is the same whatever the span's length, and answering no
// never makes a routine's numbers better. Streaks count due days only: a
// weekdays routine is not broken by a Saturday, and a skip neither breaks
// nor extends one. Each day is judged by the routine as it was that day,
// at its time that day (h.Past): by the cadence it had, not missed while
// paused or retired, nor on the day it was added after its time.
func Stats(o *routines.OS, h History, span Span) []RoutineStats {
	start, end := span.Start(), span.End
	first := firstAnswers(h.Records)
	// Every routine looks at the same days: their dates and records are
	// found once, by day number, rather than once per routine.
	n := start.DaysUntil(end) + 1
	dates := make([]routines.Date, n)
	byDay := make([]*Record, n+SearchDays) // and the days after end, for late answers
	for i := range byDay {
		d := start.AddDays(i)
		if i < n {
			dates[i] = d
		}
		byDay[i] = h.Records[d]
	}
	slot := map[string]int{}
	for i := range o.Routines {
		// One row an id: a second routine of the same id (which
		// validation refuses) shares the first one's answers.
		if r := &o.Routines[i]; span.counts(r) {
			if _, ok := slot[r.ID]; !ok {
				slot[r.ID] = len(slot)
			}
		}
	}
	table := answerTable(slot, dates, byDay)
	var out []RoutineStats
	for i := range o.Routines {
		r := &o.Routines[i]
		if !span.counts(r) {
			continue
		}
		from := countedFrom(r, h, first, start, end)
		k := slot[r.ID]
		st := routineStats(r, pastOf(r, h.Past, start), dates, table[k*n:(k+1)*n], from, span.Today)
		st.Start = start
		out = append(out, st)
	}
	return out
}

// Answer codes: what routineStats tells apart in a day's answer.
const (
	ansNone  byte = iota // no answer, or an empty one
	ansYes               // Yes
	ansSkip              // Skip
	ansOther             // No, or any other word: a miss
	ansEmpty             // while building: an empty answer, which still hides later ones
)

func answerCode(a string) byte {
	switch a {
	case "":
		return ansEmpty
	case Yes:
		return ansYes
	case Skip:
		return ansSkip
	}
	return ansOther
}

// answerTable is the answer of every routine of slot on every day of
// dates, found in one pass over the records: table[k*len(dates)+i] is the
// routine in slot k on dates[i]. byDay[j] is the record of dates[0]+j: the
// days of dates, then the SearchDays after them. As with Records.Answer, a
// day's answer is the first one for that routine and day in the day's own
// record and, when that is missing or empty, the first in the nearest
// later record whose first is not empty.
//
// Looking each answer up with Records.Answer instead scans the records
// once per routine and day: with a few hundred routines, each answered
// every day, that is the square of the routines times the days.
func answerTable(slot map[string]int, dates []routines.Date, byDay []*Record) []byte {
	n := len(dates)
	same := make([]byte, len(slot)*n)
	late := make([]byte, len(slot)*n)
	// emptyFrom is, for a late answer that is empty so far, the record it
	// came from: an empty answer hides the rest of its record only.
	var emptyFrom map[int]int
	for j, rec := range byDay {
		if rec == nil {
			continue
		}
		for _, a := range rec.Routines {
			k, ok := slot[a.ID]
			if !ok {
				continue
			}
			var i int
			switch {
			case j < n && a.Day == dates[j]:
				if at := &same[k*n+j]; *at == ansNone {
					*at = answerCode(a.Answer)
				}
				continue
			case j > 0 && j-1 < n && a.Day == dates[j-1]:
				i = j - 1 // the commonest late answer: the next morning's
			default:
				i = dates[0].DaysUntil(a.Day)
				if i < 0 || i >= n || i >= j || j-i > SearchDays {
					continue // another day's, or too late to count
				}
			}
			at, code := &late[k*n+i], answerCode(a.Answer)
			if *at == ansEmpty && emptyFrom[k*n+i] == j || *at != ansNone && *at != ansEmpty {
				continue
			}
			*at = code
			if code == ansEmpty {
				if emptyFrom == nil {
					emptyFrom = map[int]int{}
				}
				emptyFrom[k*n+i] = j
			}
		}
	}
	for i, c := range same {
		if c == ansNone || c == ansEmpty {
			c = late[i]
		}
		if c == ansEmpty {
			c = ansNone
		}
		same[i] = c
	}
	return same
}

// phase is a routine as it was until a day: what its days are judged by.
type phase struct {
	until    routines.Date
	handover routines.Clock // see Era.Handover
	cadence  routines.Cadence
	err      error
	anchor   routines.Date
	status   string
	at       routines.Clock // the routine's time of day; -1 for none
}

func phaseOf(r *routines.Routine, until routines.Date, handover routines.Clock) phase {
	c, err := routines.ParseCadence(r.Cadence)
	at := routines.Clock(-1)
	if t, err := routines.ParseClock(r.At); r.At != "" && err == nil {
		at = t
	}
	return phase{until: until, handover: handover, cadence: c, err: err, anchor: r.Anchor(), status: r.Status, at: at}
}

// occurs reports whether the routine, as p has it, comes round on d.
func (p *phase) occurs(d routines.Date) bool {
	return p.err == nil && p.cadence.Occurs(d, p.anchor)
}

// owes reports whether the routine, as p has it, asks for an answer on d:
// it comes round on d and is neither paused nor retired (nor out of the
// OS). Such a day is what the daily review asks about, and what stats
// count as missed when it goes unanswered.
func (p *phase) owes(d routines.Date) bool {
	return p.occurs(d) && p.status != routines.RoutinePaused && p.status != routines.RoutineRetired
}

// phaseOn is the phase of ps that judges day d, where k is the first one
// whose until is not before d. A version written on d, after the
// routine's time that day, came too late for that day: the version before
// it judges the day. So a routine added (or resumed) after its time was
// not due that day, and one paused after its time still was.
func phaseOn(ps []phase, k int, d routines.Date) *phase {
	for k > 0 && ps[k].at >= 0 && ps[k-1].until.AddDays(1) == d && ps[k].at < ps[k-1].handover {
		k--
	}
	return &ps[k]
}

// phaseFor is the phase of r that judges day d (see phaseOn), from past
// as History.Past has it: for the daily review's questions about d
// itself, which are judged as every other day is.
func phaseFor(r *routines.Routine, past []Era, d routines.Date) *phase {
	ps := pastOf(r, past, d)
	k := 0
	for d.After(ps[k].until) {
		k++
	}
	return phaseOn(ps, k, d)
}

// pastOf is r's phases from the eras of past that end on or after the day
// before start (that one may still judge start, see phaseOn), oldest
// first, and then r as it is now, which has no end. Eras in which r was
// the same make one phase. In an era without r (before it was added, or
// while it was taken out of the OS) it was not asked about: those days
// count as a retired routine's do, an answer counting and a silence not a
// miss. Each day is judged by its own era alone, so its mark does not
// depend on how far back the span reaches.
func pastOf(r *routines.Routine, past []Era, start routines.Date) []phase {
	var ps []phase
	var last *routines.Routine
	add := func(then *routines.Routine, until routines.Date, handover routines.Clock) {
		if last != nil && sameDays(last, then) {
			ps[len(ps)-1].until = until
			ps[len(ps)-1].handover = handover
			return
		}
		ps = append(ps, phaseOf(then, until, handover))
		last = then
	}
	absent := *r
	absent.Status = routines.RoutineRetired
	for _, e := range past {
		if e.Until.Before(start.AddDays(-1)) {
			continue
		}
		then := e.Routines[r.ID]
		if then == nil {
			then = &absent
		}
		add(then, e.Until, e.Handover)
	}
	add(r, routines.Date{Year: 9999, Month: 12, Day: 31}, 0)
	return ps
}

// sameDays reports whether a and b judge every day alike.
func sameDays(a, b *routines.Routine) bool {
	return a.Cadence == b.Cadence && a.Status == b.Status && a.Anchor() == b.Anchor()
}

// countedFrom is the first day of the span that starts on start and ends
// on end from which r counts: its since date, or its first answer ever.
// A routine with neither counts from no day of the span.
func countedFrom(r *routines.Routine, h History, first map[string]routines.Date, start, end routines.Date) routines.Date {
	switch f, ok := first[r.ID]; {
	case hasSince(r):
		return laterOf(start, *r.Since)
	case h.AnsweredBefore[r.ID]:
		return start
	case ok:
		return laterOf(start, f)
	}
	return end.AddDays(1)
}

// routineStats is the record of r over dates (consecutive days), where
// answers[i] is r's answer on dates[i] (see answerTable). Only today, or
// a later day, may be open.
//
// Each day, today too, is judged by the routine as it was then, at its
// time that day (phaseOn): due by the cadence it had, and, when it was
// paused or retired, neither missed nor open for a silence.
func routineStats(r *routines.Routine, phases []phase, dates []routines.Date, answers []byte, from, today routines.Date) RoutineStats {
	s := RoutineStats{ID: r.ID, Title: r.Title, Status: r.Status, Cadence: r.Cadence}
	graph := make([]byte, 0, len(dates))
	cur := 0
	k := 0
	for i, d := range dates {
		for d.After(phases[k].until) {
			k++
		}
		p := phaseOn(phases, k, d)
		if d.Before(from) || !p.occurs(d) {
			graph = append(graph, byte(MarkNotDue))
			continue
		}
		// answers[i] may come from a later day's record: the review
		// after a day left open, or not reviewed, answers for it.
		ans := answers[i]
		switch {
		case ans == ansYes:
			s.Due++
			s.Done++
			cur++
			s.Longest = max(s.Longest, cur)
			graph = append(graph, byte(MarkDone))
		case ans == ansSkip:
			s.Due++
			s.Skipped++
			graph = append(graph, byte(MarkSkipped))
		case ans == ansNone && !p.owes(d):
			// A paused or retired routine is not asked about: its silence
			// is not a miss, and its day is not open, today either.
			graph = append(graph, byte(MarkNotDue))
		case ans == ansNone && !d.Before(today):
			// The day is not over: an open day neither counts nor breaks.
			// A past day is over, whether or not it ends the span.
			graph = append(graph, byte(MarkOpen))
		default:
			s.Due++
			s.Missed++
			cur = 0
			graph = append(graph, byte(MarkMissed))
		}
	}
	s.Current = cur
	if counted := s.Done + s.Missed; counted > 0 {
		a := float64(s.Done) * 100 / float64(counted)
		s.Adherence = &a
	}
	s.Graph = string(graph)
	return s
}

func laterOf(a, b routines.Date) routines.Date {
	if b.After(a) {
		return b
	}
	return a
}

// firstAnswers is the first day each routine was answered for, by an
// answer that counts.
func firstAnswers(recs Records) map[string]routines.Date {
	first := map[string]routines.Date{}
	for day, rec := range recs {
		for _, a := range rec.Routines {
			if !answerCounts(day, a.Day) {
				continue
			}
			if f, ok := first[a.ID]; !ok || a.Day.Before(f) {
				first[a.ID] = a.Day
			}
		}
	}
	return first
}

// GraphString renders a graph with the characters people read:
// ● done, × missed, ○ skipped, · not due, and a space for an open day.
func GraphString(g string) string {
	var b strings.Builder
	for i := 0; i < len(g); i++ {
		switch Mark(g[i]) {
		case MarkDone:
			b.WriteString("●")
		case MarkMissed:
			b.WriteString("×")
		case MarkSkipped:
			b.WriteString("○")
		case MarkOpen:
			b.WriteString(" ")
		default:
			b.WriteString("·")
		}
	}
	return b.String()
}
