package routines

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	_ "time/tzdata" // the DST tests must not depend on the machine's zone files
)

func datePtr(d Date) *Date { return &d }

func slotIDs(slots []Slot) string {
	ids := make([]string, len(slots))
	for i, s := range slots {
		ids[i] = s.ID
	}
	return strings.Join(ids, " ")
}

func gapList(gaps []Gap) string {
	s := make([]string, len(gaps))
	for i, g := range gaps {
		s[i] = fmt.Sprintf("%s-%s/%d", g.Start, g.End, g.Minutes)
	}
	return strings.Join(s, " ")
}

// planOS is a week of work: blocks on weekdays, two events on Monday
// 2026-03-02 and routines of every status.
func planOS() *OS {
	weekdays := []string{"mon", "tue", "wed", "thu", "fri"}
	return &OS{
		Settings: Settings{Timezone: "Europe/Helsinki"},
		Themes: []Theme{
			{ID: "health", Title: "Health", Status: ThemeActive},
			{ID: "writing", Title: "Writing", Status: ThemeActive},
			{ID: "talks", Title: "Talks", Status: ThemeActive},
		},
		Blocks: []Block{
			{ID: "lunch", Title: "Lunch", Days: weekdays, Start: "12:00", End: "12:45", Theme: "health", Kind: BlockBreak},
			{ID: "standup", Title: "Standup", Days: []string{"mon"}, Start: "09:00", End: "09:15", Kind: BlockMeeting},
			{ID: "deep-work", Title: "Deep work", Days: weekdays, Start: "09:00", End: "11:00", Theme: "writing", Kind: BlockFocus},
			{ID: "weekend-walk", Title: "Long walk", Days: []string{"sat"}, Start: "10:00", End: "12:00", Theme: "health"},
			{ID: "broken", Title: "Broken", Days: weekdays, Start: "14:00", End: "13:00"},
		},
		Events: []Event{
			{ID: "rehearsal", Title: "Rehearsal", Date: ymd(2026, 3, 2), Start: "09:00", End: "10:00", Theme: "talks"},
			{ID: "conference", Title: "Conference day", Date: ymd(2026, 3, 2), Theme: "talks"},
			{ID: "call", Title: "Call", Date: ymd(2026, 3, 2), Start: "14:00", End: "15:00"},
			{ID: "ping", Title: "Ping", Date: ymd(2026, 3, 2), Start: "16:00"},
			{ID: "no-start", Title: "No start", Date: ymd(2026, 3, 2), End: "16:00"},
			{ID: "tuesday", Title: "Tuesday thing", Date: ymd(2026, 3, 3), Start: "10:00", End: "11:00"},
		},
		Routines: []Routine{
			{ID: "sleep", Title: "Sleep", Cadence: "daily", At: "22:30", Duration: "8h", Theme: "health", Why: "rest"},
			{ID: "walk", Title: "Morning walk", Cadence: "weekdays", At: "09:00", Theme: "health", Status: RoutineActive},
			{ID: "journal", Title: "Journal", Cadence: "daily", Status: RoutineAspiration},
			{ID: "accounts", Title: "Accounts", Cadence: "daily", Status: RoutineActive},
			{ID: "piano", Title: "Piano", Cadence: "daily", At: "18:00", Duration: "30m", Status: RoutinePaused},
			{ID: "old", Title: "Old habit", Cadence: "daily", Status: RoutineRetired},
			{ID: "review", Title: "Weekly review", Cadence: "weekly on fri", At: "16:00", Duration: "1h"},
		},
		Priorities: []Priority{
			{ID: "draft", Title: "Draft", Theme: "talks", Status: PriorityDoing, Rank: 1},
			{ID: "later", Title: "Later", Theme: "writing", Status: PriorityLater},
		},
	}
}

func TestDay(t *testing.T) {
	o := planOS()
	tests := []struct {
		d        Date
		weekday  string
		slots    string
		routines string
		free     string
		themes   string
	}{
		{
			d: ymd(2026, 3, 2), weekday: "mon",
			// all-day first; at 09:00 blocks by title, then the event, then the routine
			slots:    "conference deep-work standup rehearsal walk lunch call ping sleep",
			routines: "walk sleep accounts journal",
			free:     "11:00-12:00/60 12:45-14:00/75",
			themes:   "health writing talks",
		},
		{
			d: ymd(2026, 3, 6), weekday: "fri",
			slots:    "deep-work walk lunch review sleep",
			routines: "walk review sleep accounts journal",
			free:     "11:00-12:00/60",
			themes:   "health writing talks",
		},
		{
			d: ymd(2026, 3, 7), weekday: "sat",
			slots:    "weekend-walk sleep",
			routines: "sleep accounts journal",
			free:     "",
			themes:   "health talks",
		},
	}
	for _, tt := range tests {
		p := o.Day(tt.d)
		if p.Date != tt.d || p.Weekday != tt.weekday {
			t.Errorf("Day(%s): got date %s weekday %q, want %s %q", tt.d, p.Date, p.Weekday, tt.d, tt.weekday)
		}
		if got := slotIDs(p.Slots); got != tt.slots {
			t.Errorf("Day(%s).Slots: got %q, want %q", tt.d, got, tt.slots)
		}
		if got := slotIDs(p.Routines); got != tt.routines {
			t.Errorf("Day(%s).Routines: got %q, want %q", tt.d, got, tt.routines)
		}
		if got := gapList(p.Free); got != tt.free {
			t.Errorf("Day(%s).Free: got %q, want %q", tt.d, got, tt.free)
		}
		if got := strings.Join(p.Themes, " "); got != tt.themes {
			t.Errorf("Day(%s).Themes: got %q, want %q", tt.d, got, tt.themes)
		}
	}
}

func TestDaySlotDetails(t *testing.T) {
	o := planOS()
	loc := o.Location()
	p := o.Day(ymd(2026, 3, 2))
	byID := map[string]Slot{}
	for _, s := range append(slices.Clone(p.Slots), p.Routines...) {
		byID[s.ID] = s
	}
	tests := []struct {
		id         string
		kind       Kind
		start, end string
		minutes    int
		allDay     bool
		timed      bool
	}{
		{"sleep", KindRoutine, "22:30", "24:00", 480, false, true},
		{"walk", KindRoutine, "09:00", "09:00", 0, false, true},
		{"journal", KindRoutine, "00:00", "00:00", 0, false, false},
		{"conference", KindEvent, "00:00", "24:00", 0, true, false},
		{"ping", KindEvent, "16:00", "16:00", 0, false, true},
		{"lunch", KindBlock, "12:00", "12:45", 45, false, true},
	}
	for _, tt := range tests {
		s, ok := byID[tt.id]
		if !ok {
			t.Errorf("slot %q: missing from the plan", tt.id)
			continue
		}
		if s.Kind != tt.kind || s.Start.String() != tt.start || s.End.String() != tt.end || s.Minutes() != tt.minutes || s.AllDay != tt.allDay || s.Timed() != tt.timed {
			t.Errorf("slot %q: got %s %s-%s %dm allDay=%v timed=%v, want %s %s-%s %dm allDay=%v timed=%v",
				tt.id, s.Kind, s.Start, s.End, s.Minutes(), s.AllDay, s.Timed(), tt.kind, tt.start, tt.end, tt.minutes, tt.allDay, tt.timed)
		}
	}
	if got, want := byID["sleep"].EndAt, time.Date(2026, 3, 3, 0, 0, 0, 0, loc); !got.Equal(want) {
		t.Errorf("sleep EndAt: got %v, want %v (24:00 is the next midnight)", got, want)
	}
	if got := byID["sleep"].Why; got != "rest" {
		t.Errorf("sleep Why: got %q, want %q", got, "rest")
	}
	if got := byID["journal"].Status; got != RoutineAspiration {
		t.Errorf("journal Status: got %q, want %q", got, RoutineAspiration)
	}
	if got := byID["sleep"].Status; got != RoutineActive {
		t.Errorf("sleep Status (unset): got %q, want %q", got, RoutineActive)
	}
	if got := byID["lunch"].BlockKind; got != BlockBreak {
		t.Errorf("lunch BlockKind: got %q, want %q", got, BlockBreak)
	}
}

// TestDayDST guards real durations on the days Helsinki's clocks change:
// a 02:00–04:00 block lasts 1h when they go forward and 3h when they go
// back.
func TestDayDST(t *testing.T) {
	o := &OS{
		Settings: Settings{Timezone: "Europe/Helsinki"},
		Blocks: []Block{
			{ID: "night", Title: "Night shift", Days: Weekdays, Start: "02:00", End: "04:00", Theme: "ops"},
			{ID: "late", Title: "Late", Days: Weekdays, Start: "05:00", End: "06:00", Theme: "ops"},
		},
	}
	tests := []struct {
		d                Date
		startAt, endAt   string
		minutes, gapMins int
	}{
		{ymd(2026, 3, 28), "2026-03-28T02:00:00+02:00", "2026-03-28T04:00:00+02:00", 120, 60},
		{ymd(2026, 3, 29), "2026-03-29T02:00:00+02:00", "2026-03-29T04:00:00+03:00", 60, 60},
		{ymd(2026, 10, 25), "2026-10-25T02:00:00+03:00", "2026-10-25T04:00:00+02:00", 180, 60},
	}
	for _, tt := range tests {
		p := o.Day(tt.d)
		if len(p.Slots) != 2 {
			t.Fatalf("Day(%s): got %d slots, want 2", tt.d, len(p.Slots))
		}
		s := p.Slots[0]
		if got := s.StartAt.Format(time.RFC3339); got != tt.startAt {
			t.Errorf("Day(%s) StartAt: got %s, want %s", tt.d, got, tt.startAt)
		}
		if got := s.EndAt.Format(time.RFC3339); got != tt.endAt {
			t.Errorf("Day(%s) EndAt: got %s, want %s", tt.d, got, tt.endAt)
		}
		if got := s.Minutes(); got != tt.minutes {
			t.Errorf("Day(%s) minutes: got %d, want %d", tt.d, got, tt.minutes)
		}
		if s.Start != 2*60 || s.End != 4*60 {
			t.Errorf("Day(%s) wall clock: got %s-%s, want 02:00-04:00", tt.d, s.Start, s.End)
		}
		if len(p.Free) != 1 || p.Free[0].Minutes != tt.gapMins {
			t.Errorf("Day(%s) Free: got %q, want one gap of %dm", tt.d, gapList(p.Free), tt.gapMins)
		}
	}
	weeks := []struct {
		d    Date
		want int
	}{
		{ymd(2026, 3, 25), 6*120 + 60 + 7*60},   // week of 2026-03-23, the clocks go forward on Sunday
		{ymd(2026, 10, 20), 6*120 + 180 + 7*60}, // week of 2026-10-19, back on Sunday
		{ymd(2026, 6, 10), 7*120 + 7*60},
	}
	for _, tt := range weeks {
		w := o.Week(tt.d)
		if got := w.ThemeMinutes["ops"]; got != tt.want {
			t.Errorf("Week(%s) ThemeMinutes[ops]: got %d, want %d", tt.d, got, tt.want)
		}
	}
}

func TestWeek(t *testing.T) {
	tests := []struct {
		weekStart string
		d         Date
		start     Date
	}{
		{"", ymd(2026, 3, 4), ymd(2026, 3, 2)},
		{"mon", ymd(2026, 3, 2), ymd(2026, 3, 2)},
		{"mon", ymd(2026, 3, 8), ymd(2026, 3, 2)},
		{"sun", ymd(2026, 3, 4), ymd(2026, 3, 1)},
		{"sun", ymd(2026, 3, 1), ymd(2026, 3, 1)},
		{"sat", ymd(2026, 3, 6), ymd(2026, 2, 28)},
		{"mon", ymd(2026, 1, 1), ymd(2025, 12, 29)},
	}
	for _, tt := range tests {
		o := planOS()
		o.Settings.WeekStart = tt.weekStart
		w := o.Week(tt.d)
		if w.Start != tt.start {
			t.Errorf("week_start %q: Week(%s).Start got %s, want %s", tt.weekStart, tt.d, w.Start, tt.start)
		}
		if len(w.Days) != 7 {
			t.Fatalf("week_start %q: Week(%s) got %d days, want 7", tt.weekStart, tt.d, len(w.Days))
		}
		for i, p := range w.Days {
			if want := tt.start.AddDays(i); p.Date != want {
				t.Errorf("week_start %q: Week(%s).Days[%d] got %s, want %s", tt.weekStart, tt.d, i, p.Date, want)
			}
		}
	}

	o := planOS()
	w := o.Week(ymd(2026, 3, 4))
	want := map[string]int{
		// lunch 5x45, sleep 7x8h (in full, though each night shows to
		// 24:00), long walk 120
		"health": 5*45 + 7*480 + 120,
		// deep work 5x120
		"writing": 5 * 120,
		// rehearsal 60
		"talks": 60,
		// standup 15, call 60, weekly review 60, tuesday thing 60
		"": 15 + 60 + 60 + 60,
	}
	if !maps.Equal(w.ThemeMinutes, want) {
		t.Errorf("Week(2026-03-04).ThemeMinutes: got %v, want %v", w.ThemeMinutes, want)
	}
}

// benchOS is an OS the size of a busy person's: 40 routines of every
// cadence form and 60 blocks.
func benchOS() *OS {
	o := &OS{Settings: Settings{Timezone: "Europe/Helsinki"}}
	cadences := []string{"daily", "weekdays", "weekends", "weekly on mon,thu", "every 2 weeks on fri", "every 3 days", "monthly on 1,15", "RRULE:FREQ=MONTHLY;BYDAY=-1FR"}
	for i := range 40 {
		r := Routine{ID: fmt.Sprintf("r%d", i), Title: fmt.Sprintf("Routine %d", i), Cadence: cadences[i%len(cadences)], Theme: fmt.Sprintf("t%d", i%5)}
		if i%2 == 0 {
			r.At, r.Duration = Clock(6*60+i*15).String(), "30m"
		}
		o.Routines = append(o.Routines, r)
	}
	for i := range 60 {
		start := Clock(7*60 + (i%12)*60)
		o.Blocks = append(o.Blocks, Block{ID: fmt.Sprintf("b%d", i), Title: fmt.Sprintf("Block %d", i),
			Days: Weekdays[i%5 : i%5+3], Start: start.String(), End: (start + 45).String(), Theme: fmt.Sprintf("t%d", i%5)})
	}
	return o
}

func BenchmarkWeek(b *testing.B) {
	o := benchOS()
	d := ymd(2026, 3, 25)
	for b.Loop() {
		o.Week(d)
	}
}

// TestDaySkippedHour guards the lengths of slots and gaps that touch the
// hour the clocks skip (03:00–04:00 in Helsinki on 2026-03-29): they are
// the real time between the instants, never an hour too many, never less
// than nothing.
func TestDaySkippedHour(t *testing.T) {
	o := &OS{
		Settings: Settings{Timezone: "Europe/Helsinki"},
		Blocks: []Block{
			{ID: "a", Title: "A", Days: []string{"sun"}, Start: "02:00", End: "03:30"},
			{ID: "b", Title: "B", Days: []string{"sun"}, Start: "03:45", End: "04:00"},
			{ID: "c", Title: "C", Days: []string{"sun"}, Start: "04:15", End: "04:30"},
		},
		Routines: []Routine{{ID: "r", Title: "R", Cadence: "daily", At: "03:30", Duration: "30m"}},
	}
	tests := []struct {
		d    Date
		mins map[string]int
		free []int
	}{
		// A routine lasts its duration of real time, from the jump when
		// its start is skipped.
		{ymd(2026, 3, 29), map[string]int{"a": 60, "b": 0, "c": 15, "r": 30}, []int{0, 15}},
		{ymd(2026, 3, 22), map[string]int{"a": 90, "b": 15, "c": 15, "r": 30}, []int{15, 15}},
		// Back in autumn 03:00–04:00 comes twice; a time in it is the
		// first time the clocks show it.
		{ymd(2026, 10, 25), map[string]int{"a": 90, "b": 75, "c": 15, "r": 30}, []int{15, 15}},
	}
	for _, tt := range tests {
		p := o.Day(tt.d)
		for _, s := range p.Slots {
			if got, want := s.Minutes(), tt.mins[s.ID]; got != want {
				t.Errorf("Day(%s) %s %s-%s: got %d minutes, want %d", tt.d, s.ID, s.Start, s.End, got, want)
			}
		}
		if len(p.Free) != len(tt.free) {
			t.Fatalf("Day(%s) Free: got %s, want %d gaps", tt.d, gapList(p.Free), len(tt.free))
		}
		for i, g := range p.Free {
			if g.Minutes != tt.free[i] {
				t.Errorf("Day(%s) gap %s-%s: got %d minutes, want %d", tt.d, g.Start, g.End, g.Minutes, tt.free[i])
			}
		}
	}
	w := o.Week(ymd(2026, 3, 29))
	for theme, m := range w.ThemeMinutes {
		if m < 0 {
			t.Errorf("Week(2026-03-29) ThemeMinutes[%q]: got %d, want at least 0", theme, m)
		}
	}
}
