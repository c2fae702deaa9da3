package review

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/routines"
)

// askedOS is the OS of a person who began on Wednesday 25 November 2026:
// myos init at 08:30 (sleep and move, from a template, without since),
// then read-before-bed added at 08:30 too, or at 22:00 when late.
func askedOS(late bool) (*routines.OS, []Era) {
	since := date("2026-11-25")
	sleep := routines.Routine{ID: "sleep", Title: "Go to sleep on time", Cadence: "daily", At: "22:30", Status: routines.RoutineActive}
	move := routines.Routine{ID: "move", Title: "Walk or train before work", Cadence: "weekdays", At: "07:30", Status: routines.RoutineActive}
	read := routines.Routine{ID: "read-before-bed", Title: "Read before bed", Cadence: "daily", At: "21:30", Status: routines.RoutineActive, Since: &since}
	o := &routines.OS{Settings: routines.Settings{Timezone: "UTC"}, Routines: []routines.Routine{sleep, move, read}}
	added := routines.Clock(8*60 + 30)
	if late {
		added = 22 * 60
	}
	return o, []Era{
		// Before the OS: no routines, until init at 08:30.
		{Until: date("2026-11-24"), Routines: map[string]*routines.Routine{}, Handover: 8*60 + 30},
		// As init wrote it, until read-before-bed was added.
		{Until: date("2026-11-24"), Routines: map[string]*routines.Routine{"sleep": &sleep, "move": &move}, Handover: added},
	}
}

func answers(day string, as ...string) *Record {
	r := &Record{Date: date(day), Kind: Daily}
	for _, a := range as {
		id, on, _ := strings.Cut(a, "@")
		d := r.Date
		if on != "" {
			d = date(on)
		}
		r.Routines = append(r.Routines, RoutineAnswer{ID: id, Day: d, Answer: Yes})
	}
	return r
}

// TestOwed guards which days the daily review asks about: every day since
// the last review, what it left open and the days not reviewed, however
// many; on the first review, the days since the OS began; never a day
// when a routine was added after its time, nor one a record other than
// the day's own already answers; and, of a routine without a since date
// (sleep and move), only the days from its first answer on, as stats
// count it.
func TestOwed(t *testing.T) {
	tests := []struct {
		name string
		late bool
		recs []*Record
		day  string
		want string // id@day, oldest first
	}{{
		// The reviews of the 25th, 26th and 27th were made in the
		// morning; the 28th was not reviewed.
		name: "left open, then a day not reviewed",
		recs: []*Record{
			answers("2026-11-25", "move"),
			answers("2026-11-26", "read-before-bed@2026-11-25", "sleep@2026-11-25", "move"),
			answers("2026-11-27", "read-before-bed@2026-11-26", "sleep@2026-11-26", "move"),
		},
		day:  "2026-11-29",
		want: "read-before-bed@2026-11-27 sleep@2026-11-27 read-before-bed@2026-11-28 sleep@2026-11-28",
	}, {
		// sleep, never answered, has not begun.
		name: "left open, a week not reviewed",
		recs: []*Record{answers("2026-11-25", "move")},
		day:  "2026-12-01",
		want: "read-before-bed@2026-11-25 " +
			"move@2026-11-26 read-before-bed@2026-11-26 " +
			"move@2026-11-27 read-before-bed@2026-11-27 " +
			"read-before-bed@2026-11-28 " +
			"read-before-bed@2026-11-29 " +
			"move@2026-11-30 read-before-bed@2026-11-30",
	}, {
		// Only read-before-bed, with its since date, counts yet.
		name: "the first review, the next morning",
		day:  "2026-11-26",
		want: "read-before-bed@2026-11-25",
	}, {
		name: "the first review, two days on",
		day:  "2026-11-27",
		want: "read-before-bed@2026-11-25 read-before-bed@2026-11-26",
	}, {
		// sleep was answered before the last review: it counts, and its
		// days since are asked.
		name: "a routine answered before the last review",
		recs: []*Record{answers("2026-11-26", "sleep@2026-11-25")},
		day:  "2026-11-28",
		want: "read-before-bed@2026-11-26 sleep@2026-11-26 read-before-bed@2026-11-27 sleep@2026-11-27",
	}, {
		name: "the first review, the day the OS began",
		day:  "2026-11-25",
		want: "",
	}, {
		name: "added after its time",
		late: true,
		day:  "2026-11-26",
		want: "",
	}, {
		// What the day's own record answers is asked again, to be
		// answered again; what another record answers is not.
		name: "answered today, and by a later review",
		recs: []*Record{
			answers("2026-11-25", "move"),
			answers("2026-11-27", "sleep@2026-11-25", "move@2026-11-26"),
			answers("2026-11-28", "read-before-bed@2026-11-26"),
		},
		day:  "2026-11-27",
		want: "read-before-bed@2026-11-25 sleep@2026-11-25 move@2026-11-26 sleep@2026-11-26",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, past := askedOS(tt.late)
			fsys := fstest.MapFS{}
			recs := Records{}
			for _, r := range tt.recs {
				recs[r.Date] = r
				fsys[Path(r.Date, Daily)] = &fstest.MapFile{Data: r.Marshal()}
			}
			day := date(tt.day)
			// A review of a later day is not the last one before day
			// (reviewed again, with --date).
			from := AskedFrom(fsys, day)
			var got []string
			for _, od := range Owed(o, History{Records: recs, Past: past}, from, day) {
				if od.Begun {
					got = append(got, od.Routine.ID+"@"+od.Day.String())
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
			s := DailyQuestions(o, History{Records: recs, Past: past}, from, day, day)
			for _, k := range got {
				if q := s.Find(k); q == nil || q.Optional {
					t.Errorf("no question %s to ask in %v", k, s.Keys())
				}
			}
			// The days of a routine that has not begun may be answered;
			// they are asked since the last review, which asked about
			// them too and may have left them open.
			for _, q := range s.Questions {
				if q.Kind != AskRoutine || q.Day == day {
					continue
				}
				begun := strings.Contains(" "+tt.want+" ", " "+q.Key+" ")
				sinceLast := recs[from] != nil && !q.Day.Before(from)
				if ask := begun || sinceLast; q.Optional == ask {
					t.Errorf("question %s: optional %v, want %v", q.Key, q.Optional, !ask)
				}
			}
		})
	}
}

// TestAskedFrom: the review asks from the last daily review before it,
// within SearchDays, or else from SearchDays back.
func TestAskedFrom(t *testing.T) {
	day := date("2026-11-29")
	for _, tt := range []struct {
		recs []string
		want routines.Date
	}{
		{[]string{"2026-11-20", "2026-11-27"}, date("2026-11-27")},
		{[]string{"2026-11-28"}, date("2026-11-28")},
		{[]string{"2026-11-29", "2026-11-30"}, day.AddDays(-SearchDays)}, // its own and later ones do not count
		{[]string{day.AddDays(-SearchDays).String()}, day.AddDays(-SearchDays)},
		{[]string{day.AddDays(-SearchDays - 1).String()}, day.AddDays(-SearchDays)},
		{nil, day.AddDays(-SearchDays)},
	} {
		fsys := fstest.MapFS{}
		for _, d := range tt.recs {
			fsys[Path(date(d), Daily)] = &fstest.MapFile{Data: answers(d).Marshal()}
		}
		fsys[Path(date("2026-11-26"), Weekly)] = &fstest.MapFile{Data: (&Record{Date: date("2026-11-26"), Kind: Weekly}).Marshal()}
		if got := AskedFrom(fsys, day); got != tt.want {
			t.Errorf("records %v: got %s, want %s", tt.recs, got, tt.want)
		}
	}
}

// TestOwedIsMissed guards the one rule the review and stats share: over
// days that no review answered, the days the review asks about are the
// days stats count as missed, whatever the routines went through (changes
// of cadence, pauses, retirement, taking out and putting back, each at
// some time of day, before or after the routine's own).
func TestOwedIsMissed(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	cadences := []string{"daily", "weekdays", "weekly on mon,thu", "every 2 days"}
	statuses := []string{routines.RoutineActive, routines.RoutineAspiration, routines.RoutinePaused, routines.RoutineRetired, ""} // "": out of the OS
	ats := []string{"", "07:00", "12:30", "21:30"}
	since := date("2026-10-01")
	from, day := date("2026-11-01"), date("2026-11-29")
	for round := range 50 {
		mk := func(id string) *routines.Routine {
			st := statuses[rng.IntN(len(statuses))]
			if st == "" {
				return nil
			}
			return &routines.Routine{ID: id, Title: id, Cadence: cadences[rng.IntN(len(cadences))], At: ats[rng.IntN(len(ats))], Status: st, Since: &since}
		}
		const nr = 6
		o := &routines.OS{}
		for i := range nr {
			r := mk(fmt.Sprint("r", i))
			for r == nil {
				r = mk(fmt.Sprint("r", i))
			}
			o.Routines = append(o.Routines, *r)
		}
		var past []Era
		until := from.AddDays(-1 - rng.IntN(3))
		for until.Before(day) {
			e := Era{Until: until, Routines: map[string]*routines.Routine{}, Handover: routines.Clock(rng.IntN(24 * 60))}
			for i := range nr {
				if r := mk(fmt.Sprint("r", i)); r != nil {
					e.Routines[r.ID] = r
				}
			}
			past = append(past, e)
			until = until.AddDays(rng.IntN(4)) // now and then two versions a day
		}
		h := History{Records: Records{}, Past: past}
		owed := map[string]bool{}
		for _, od := range Owed(o, h, from, day) {
			owed[od.Routine.ID+"@"+od.Day.String()] = od.Begun
		}
		span := Span{End: day.AddDays(-1), Days: from.DaysUntil(day), Today: day}
		for _, r := range o.Routines {
			span.Only = r.ID
			st := Stats(o, h, span)
			for i, m := range []byte(st[0].Graph) {
				key := r.ID + "@" + from.AddDays(i).String()
				if missed := Mark(m) == MarkMissed; missed != owed[key] {
					t.Errorf("round %d, %s: missed %v, asked %v (graph %s)", round, key, missed, owed[key], st[0].Graph)
				}
			}
		}
	}
}
