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

// LatestBefore is the newest daily record on or before day, searching back at
// most limit days; nil when there is none.
func LatestBefore(fsys fs.FS, day routines.Date, limit int) (*Record, routines.Date) {
	for i := 0; i < limit; i++ {
		d := day.AddDays(-i)
		b, err := fs.ReadFile(fsys, Path(d, Daily))
		if err != nil {
			continue
		}
		if r, err := Parse(Path(d, Daily), b); err == nil {
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
	MarkOpen    Mark = '?' // due on the last day and not yet answered
)

// RoutineStats is how one routine went over a span of days.
type RoutineStats struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Status    string  `json:"status"`
	Cadence   string  `json:"cadence"`
	Due       int     `json:"due"`
	Done      int     `json:"done"`
	Missed    int     `json:"missed"`
	Skipped   int     `json:"skipped"`
	Adherence float64 `json:"adherence"` // percent of due days done, skips not counted; 0 when nothing counted
	Current   int     `json:"current_streak"`
	Longest   int     `json:"longest_streak"`
	Graph     string  `json:"graph"` // one Mark a day, oldest first
}

// Stats computes, for each routine that is not retired (or the one named
// by only), its record over the days days ending on end. Days before the
// routine's since date, or before its first answer when it has none,
// count as not due: a routine is not missed before it existed; one never
// answered counts from the first review in the span. Streaks
// count due days only: a weekdays routine is not broken by a Saturday,
// and a skip neither breaks nor extends one.
func Stats(o *routines.OS, recs Records, end routines.Date, days int, only string) []RoutineStats {
	if days < 1 {
		days = 1
	}
	start := end.AddDays(-(days - 1))
	first := firstAnswers(recs)
	firstReview := end.AddDays(1)
	for d := range recs {
		if d.Before(firstReview) {
			firstReview = d
		}
	}
	// Every routine looks at the same days: their dates and records are
	// found once, by day number, rather than once per routine.
	n := start.DaysUntil(end) + 1
	dates := make([]routines.Date, n)
	byDay := make([]*Record, n+1) // and the day after end, for late answers
	for i := range byDay {
		d := start.AddDays(i)
		if i < n {
			dates[i] = d
		}
		byDay[i] = recs[d]
	}
	var out []RoutineStats
	for i := range o.Routines {
		r := &o.Routines[i]
		if only != "" && r.ID != only {
			continue
		}
		if only == "" && r.Status == routines.RoutineRetired {
			continue
		}
		from := start
		if r.Since != nil {
			if r.Since.After(from) {
				from = *r.Since
			}
		} else if f, ok := first[r.ID]; ok {
			from = laterOf(from, f)
		} else {
			from = laterOf(from, firstReview)
		}
		out = append(out, routineStats(r, dates, byDay, from))
	}
	return out
}

// routineStats is the record of r over dates (consecutive days), where
// byDay[i] is the record of dates[i], and byDay[len(dates)] that of the
// day after.
func routineStats(r *routines.Routine, dates []routines.Date, byDay []*Record, from routines.Date) RoutineStats {
	s := RoutineStats{ID: r.ID, Title: r.Title, Status: r.Status, Cadence: r.Cadence}
	c, err := routines.ParseCadence(r.Cadence)
	anchor := r.Anchor()
	graph := make([]byte, 0, len(dates))
	cur := 0
	end := dates[len(dates)-1]
	for i, d := range dates {
		if err != nil || d.Before(from) || !c.Occurs(d, anchor) {
			graph = append(graph, byte(MarkNotDue))
			continue
		}
		ans := ""
		if rec := byDay[i]; rec != nil {
			ans = rec.Answer(r.ID, d)
		}
		// Yesterday's answers may live in today's record.
		if ans == "" {
			if rec := byDay[i+1]; rec != nil {
				ans = rec.Answer(r.ID, d)
			}
		}
		switch {
		case ans == Yes:
			s.Due++
			s.Done++
			cur++
			s.Longest = max(s.Longest, cur)
			graph = append(graph, byte(MarkDone))
		case ans == Skip:
			s.Due++
			s.Skipped++
			graph = append(graph, byte(MarkSkipped))
		case ans == "" && d == end:
			// The day is not over: an open day neither counts nor breaks.
			graph = append(graph, byte(MarkOpen))
		case ans == "" && r.Status == routines.RoutinePaused:
			// A paused routine is not asked about: its silence is not a miss.
			graph = append(graph, byte(MarkNotDue))
		default:
			s.Due++
			s.Missed++
			cur = 0
			graph = append(graph, byte(MarkMissed))
		}
	}
	s.Current = cur
	if counted := s.Done + s.Missed; counted > 0 {
		s.Adherence = float64(s.Done) * 100 / float64(counted)
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

// firstAnswers is the first day each routine was answered for.
func firstAnswers(recs Records) map[string]routines.Date {
	first := map[string]routines.Date{}
	for _, rec := range recs {
		for _, a := range rec.Routines {
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
