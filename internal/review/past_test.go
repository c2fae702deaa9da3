package review

import (
	"sort"
	"strings"
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
		// Not in the OS until after the 10th: those days were not
		// asked about. Judged as it is now from the 11th.
		"gym": "............mm",
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

// TestStatsPastOutBeforeSpan guards against a routine taken out of the OS
// before a span starts, and brought back in it, being missed on the span's
// days it was out: the CLI (versionEras) gives Stats only the eras that end
// on or after the span's first day, so the era that had the routine is not
// there to say it was in the OS before. The same day must get the same mark
// in a span of 14 days and in one of 2.
func TestStatsPastOutBeforeSpan(t *testing.T) {
	since := date("2026-07-01")
	read := routines.Routine{ID: "read", Title: "read", Cadence: "daily", Status: routines.RoutineActive, Since: &since}
	o := &routines.OS{Routines: []routines.Routine{read}}
	eras := []Era{
		{Until: date("2026-07-05"), Routines: map[string]*routines.Routine{"read": &read}},
		// Taken out of the OS from the 6th to the 13th.
		{Until: date("2026-07-13"), Routines: map[string]*routines.Routine{}},
	}
	recs := Records{}
	want := "mmmmm........m"
	for _, days := range []int{14, 2} {
		span := Span{End: date("2026-07-14"), Days: days, Today: date("2026-07-15")}
		var past []Era // as pastRoutines gives them: from the span's start on
		for _, e := range eras {
			if !e.Until.Before(span.Start()) {
				past = append(past, e)
			}
		}
		for _, s := range Stats(o, History{Records: recs, Past: past}, span) {
			if w := want[14-days:]; s.Graph != w {
				t.Errorf("%d days: got graph %q, want %q", days, s.Graph, w)
			}
		}
	}
}

// TestStatsAtItsTime guards against judging the day a version of the
// routines was written by that version alone: a routine added after its
// time that day was never due that day, nor was one resumed after it; one
// paused after its time still was; an untimed one added late in the day
// was due. Before the first version, no routine was in the OS. The same
// day gets the same mark in every span that holds it.
func TestStatsAtItsTime(t *testing.T) {
	early, since := date("2026-11-20"), date("2026-11-25")
	r := func(id, at, status string, since routines.Date) routines.Routine {
		return routines.Routine{ID: id, Title: id, Cadence: "daily", At: at, Status: status, Since: &since}
	}
	// Written on the 25th at 08:30 (the OS's first version), on the 25th
	// at 22:00, and on the 26th at 10:00 (as the OS is now).
	v1 := map[string]routines.Routine{
		"sleep": r("sleep", "22:30", routines.RoutineActive, early),
		"move":  r("move", "07:30", routines.RoutineActive, early),
		"gym":   r("gym", "07:00", routines.RoutineActive, early),
		"yoga":  r("yoga", "07:00", routines.RoutinePaused, early),
	}
	v2 := map[string]routines.Routine{
		"late":  r("late", "21:30", routines.RoutineActive, since),
		"loose": r("loose", "", routines.RoutineActive, since),
	}
	for id, x := range v1 {
		v2[id] = x
	}
	now := map[string]routines.Routine{
		"gym":  r("gym", "07:00", routines.RoutinePaused, early),
		"yoga": r("yoga", "07:00", routines.RoutineActive, early),
	}
	for id, x := range v2 {
		if _, ok := now[id]; !ok {
			now[id] = x
		}
	}
	era := func(until string, v map[string]routines.Routine, handover routines.Clock) Era {
		e := Era{Until: date(until), Routines: map[string]*routines.Routine{}, Handover: handover}
		for id, x := range v {
			e.Routines[id] = &x
		}
		return e
	}
	eras := []Era{
		era("2026-11-24", nil, 8*60+30), // before the first version
		era("2026-11-24", v1, 22*60),
		era("2026-11-25", v2, 10*60),
	}
	o := &routines.OS{}
	for _, id := range []string{"sleep", "move", "gym", "yoga", "late", "loose"} {
		o.Routines = append(o.Routines, now[id])
	}
	// The morning review of the 25th, at 08:30, answered move.
	recs := Records{date("2026-11-25"): {Date: date("2026-11-25"), Kind: Daily, Routines: []RoutineAnswer{{ID: "move", Day: date("2026-11-25"), Answer: Yes}}}}
	// The 24th to the 27th.
	want := map[string]string{
		"sleep": ".mmm", // in the first version, before its time
		"move":  ".dmm", // added after its time: not due, but its answer counts
		"gym":   "..m.", // added after its time; paused after it on the 26th
		"yoga":  "...m", // resumed after its time on the 26th
		"late":  "..mm", // added at 22:00, after 21:30
		"loose": ".mmm", // no time: due on the day it was added
	}
	end := date("2026-11-27")
	for _, days := range []int{4, 3, 2, 1} {
		span := Span{End: end, Days: days, Today: end.AddDays(1)}
		var past []Era // as pastRoutines gives them: from the day before the span on
		for _, e := range eras {
			if !e.Until.Before(span.Start().AddDays(-1)) {
				past = append(past, e)
			}
		}
		for _, s := range Stats(o, History{Records: recs, Past: past}, span) {
			if w := want[s.ID][4-days:]; s.Graph != w {
				t.Errorf("%d days, %s: got graph %q, want %q", days, s.ID, s.Graph, w)
			}
		}
	}
}

// TestDailyQuestionsTodayAtItsTime guards against asking about today by
// the routines as they are now while the days before are judged at each
// routine's time (see TestStatsAtItsTime): a routine added at 10:00 for
// 07:30 was asked about that evening, and a no counted as a miss. A
// review of an earlier day (--date) still asks by the routines as they
// are now.
func TestDailyQuestionsTodayAtItsTime(t *testing.T) {
	since := date("2026-11-20")
	r := func(id, at, status string) *routines.Routine {
		return &routines.Routine{ID: id, Title: id, Cadence: "daily", At: at, Status: status, Since: &since}
	}
	// Until today at 10:00, and as the OS is now.
	then := []*routines.Routine{
		r("gym", "07:00", routines.RoutineActive),
		r("yoga", "07:00", routines.RoutinePaused),
		r("stretch", "07:00", routines.RoutineActive),
	}
	now := []*routines.Routine{
		r("run", "07:30", routines.RoutineActive),     // added after its time
		r("tea", "16:00", routines.RoutineActive),     // added before its time
		r("walk", "", routines.RoutineActive),         // added, with no time
		r("gym", "07:00", routines.RoutinePaused),     // paused after its time
		r("yoga", "07:00", routines.RoutineActive),    // resumed after its time
		r("stretch", "20:00", routines.RoutineActive), // its time moved
	}
	today := date("2026-11-25")
	era := Era{Until: today.AddDays(-1), Routines: map[string]*routines.Routine{}, Handover: 10 * 60}
	for _, x := range then {
		era.Routines[x.ID] = x
	}
	o := &routines.OS{Settings: routines.Settings{Timezone: "UTC"}}
	for _, x := range now {
		o.Routines = append(o.Routines, *x)
	}
	h := History{Past: []Era{era}}
	// Those not asked but due now (added or resumed after their time)
	// are optional: an answer given for one is recorded.
	tests := []struct {
		name           string
		today          routines.Date
		want, optional string
	}{
		{"reviewed today", today, "gym stretch tea walk", "run yoga"},
		// A day filled in later is judged the same way.
		{"reviewed later, with --date", today.AddDays(1), "gym stretch tea walk", "run yoga"},
	}
	for _, tt := range tests {
		s := DailyQuestions(o, h, today.AddDays(-1), today, tt.today)
		var got, optional []string
		for _, q := range s.Questions {
			switch {
			case q.Kind != AskRoutine || q.Day != today:
			case q.Optional:
				optional = append(optional, q.ID)
			default:
				got = append(got, q.ID)
			}
		}
		sort.Strings(got)
		sort.Strings(optional)
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: asked %s, want %s", tt.name, g, tt.want)
		}
		if g := strings.Join(optional, " "); g != tt.optional {
			t.Errorf("%s: optional %s, want %s", tt.name, g, tt.optional)
		}
	}
}
