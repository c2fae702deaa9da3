package review

import (
	"testing"

	"github.com/myos-dev/myos/routines"
)

// TestStatsPast guards against judging past days by the routine as it is
// now: each day is judged by the Era it falls in, renamed routines
// included, and the same day gets the same mark in any span.
func TestStatsPast(t *testing.T) {
	since := date("2026-07-01")
	now := func(id, cadence, status string, formerly ...string) routines.Routine {
		return routines.Routine{ID: id, Title: id, Cadence: cadence, Status: status, Since: &since, Formerly: formerly}
	}
	o := &routines.OS{Routines: []routines.Routine{
		now("run", "weekdays", routines.RoutineActive),
		now("sleep", "daily", routines.RoutineActive),
		now("read-before-bed", "daily", routines.RoutineActive, "read"),
		// Added after the 14th with an earlier since: in no era.
		now("gym", "weekdays", routines.RoutineActive),
	}}
	then := func(r routines.Routine) *routines.Routine { return &r }
	// Wed 1 to Tue 14 July: until Sun 5 run was daily, sleep was paused
	// from Mon 6 to Fri 10, and read (as it was called) was retired until
	// Thu 9.
	past := []Era{
		{Until: date("2026-07-05"), Routines: map[string]*routines.Routine{
			"run":             then(now("run", "daily", routines.RoutineActive)),
			"sleep":           then(now("sleep", "daily", routines.RoutineActive)),
			"read-before-bed": then(now("read", "daily", routines.RoutineRetired)),
		}},
		{Until: date("2026-07-08"), Routines: map[string]*routines.Routine{
			"run":             then(now("run", "weekdays", routines.RoutineActive)),
			"sleep":           then(now("sleep", "daily", routines.RoutinePaused)),
			"read-before-bed": then(now("read", "daily", routines.RoutineRetired)),
		}},
		{Until: date("2026-07-10"), Routines: map[string]*routines.Routine{
			"run":   then(now("run", "weekdays", routines.RoutineActive)),
			"sleep": then(now("sleep", "daily", routines.RoutinePaused)),
			// read-before-bed is missing, taken out of the OS: not
			// asked about, so not missed.
		}},
	}
	recs := Records{}
	for d := date("2026-07-01"); !d.After(date("2026-07-14")); d = d.AddDays(1) {
		recs[d] = &Record{Date: d, Kind: Daily, Routines: []RoutineAnswer{{ID: "run", Day: d, Answer: Yes}}}
	}
	recs[date("2026-07-04")].Routines = append(recs[date("2026-07-04")].Routines, RoutineAnswer{ID: "sleep", Day: date("2026-07-04"), Answer: No})
	h := History{Records: recs, Past: past}
	want := map[string]string{
		// Sat 4 and Sun 5 were due while run was daily; Sat 11 and Sun
		// 12 were not.
		"run": "dddddddddd..dd",
		// Unanswered (or no) while active is missed; while paused, not.
		"sleep": "mmmmm.....mmmm",
		// Retired until the 8th, then not in the OS on the 9th and
		// 10th; back, as now, from the 11th.
		"read-before-bed": "..........mmmm",
		// Judged as it is now on every day before it first appears.
		"gym": "mmm..mmmmm..mm",
	}
	for _, days := range []int{14, 5} {
		span := Span{End: date("2026-07-14"), Days: days, Today: date("2026-07-15")}
		for _, s := range Stats(o, h, span) {
			w := want[s.ID][14-days:]
			if s.Graph != w {
				t.Errorf("%d days, %s: got graph %q, want %q", days, s.ID, s.Graph, w)
			}
		}
	}
}
