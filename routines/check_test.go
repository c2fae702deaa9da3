package routines

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// metaAt places an item at line in file with its keys on the lines below,
// as the loader would.
func metaAt(file string, line int, keys ...string) Meta {
	m := Meta{File: file, Line: line, keys: []keyPos{}}
	for i, k := range keys {
		m.keys = append(m.keys, keyPos{k, Pos{Line: line + 1 + i, Col: 1}})
	}
	slices.SortFunc(m.keys, func(a, b keyPos) int { return strings.Compare(a.key, b.key) })
	return m
}

var (
	blockKeys    = []string{"id", "title", "days", "start", "end", "theme", "kind"} // start is line+4, end line+5
	priorityKeys = []string{"id", "title", "theme", "status", "rank", "due", "deferrals"}
	eventKeys    = []string{"id", "title", "date", "start", "end", "theme"}
	routineKeys  = []string{"id", "title", "why", "cadence", "theme", "status"}
)

// adviceOS is an OS Check has nothing to say about.
func adviceOS() *OS {
	weekdays := []string{"mon", "tue", "wed", "thu", "fri"}
	due := ymd(2026, 12, 1)
	return &OS{
		Settings: Settings{Timezone: "Europe/Helsinki", Calendar: CalendarSettings{Grid: "15m"}, Priorities: PrioritySettings{Limit: 2}},
		Themes: []Theme{
			{ID: "health", Title: "Health", Status: ThemeActive, Meta: metaAt(FileThemes, 1)},
			{ID: "writing", Title: "Writing", Meta: metaAt(FileThemes, 6)},
			{ID: "old", Title: "Old story", Status: ThemeRetired, Meta: metaAt(FileThemes, 11)},
		},
		Routines: []Routine{
			{ID: "sleep", Title: "Sleep", Why: "rest", Cadence: "daily", Theme: "health", Status: RoutineActive, Meta: metaAt(FileRoutines, 1, routineKeys...)},
			{ID: "journal", Title: "Journal", Why: "think", Cadence: "daily", Theme: "writing", Status: RoutineAspiration, Meta: metaAt(FileRoutines, 10, routineKeys...)},
			{ID: "piano", Title: "Piano", Cadence: "daily", Status: RoutinePaused, Meta: metaAt(FileRoutines, 20, routineKeys...)},
		},
		Priorities: []Priority{
			{ID: "draft", Title: "Draft", Theme: "writing", Status: PriorityDoing, Rank: 1, Due: &due, Meta: metaAt(FilePriorities, 1, priorityKeys...)},
			{ID: "outline", Title: "Outline", Theme: "writing", Status: PriorityNext, Rank: 2, Deferrals: 2, Meta: metaAt(FilePriorities, 10, priorityKeys...)},
			{ID: "archive", Title: "Archive", Status: PriorityDone, Deferrals: 5, Due: datePtr(ymd(2025, 1, 1)), Meta: metaAt(FilePriorities, 20, priorityKeys...)},
		},
		Blocks: []Block{
			{ID: "deep-work", Title: "Deep work", Days: weekdays, Start: "09:00", End: "11:00", Theme: "writing", Kind: BlockFocus, Meta: metaAt(FileCalendar, 1, blockKeys...)},
			{ID: "lunch", Title: "Lunch", Days: weekdays, Start: "12:00", End: "12:45", Kind: BlockBreak, Meta: metaAt(FileCalendar, 10, blockKeys...)},
		},
		Events: []Event{
			{ID: "keynote", Title: "Keynote", Date: ymd(2026, 12, 3), Start: "10:00", End: "11:00", Theme: "writing", Meta: metaAt(FileCalendar, 20, eventKeys...)},
		},
	}
}

func findingCodes(fs []Finding) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = fmt.Sprintf("%s %s:%d %s", f.Code, f.File, f.Line, f.ID)
	}
	return strings.Join(s, "; ")
}

func TestCheck(t *testing.T) {
	today := ymd(2026, 11, 20)
	tests := []struct {
		name  string
		edit  func(o *OS)
		today Date
		want  string // findingCodes of the result
		msg   string // the first finding's message, when set
	}{
		{name: "good", edit: func(o *OS) {}, want: ""},

		{name: "block-overlap", edit: func(o *OS) {
			o.Blocks = append(o.Blocks, Block{ID: "standup", Title: "Standup", Days: []string{"tue", "mon"}, Start: "10:30", End: "10:45", Theme: "writing", Kind: BlockMeeting, Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: "block-overlap calendar.toml:34 standup", msg: `"standup" overlaps "deep-work" on mon, tue 10:30–10:45`},
		{name: "blocks that touch do not overlap", edit: func(o *OS) {
			o.Blocks = append(o.Blocks, Block{ID: "standup", Title: "Standup", Days: []string{"mon"}, Start: "11:00", End: "11:15", Theme: "writing", Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: ""},
		{name: "blocks on other days do not overlap", edit: func(o *OS) {
			o.Blocks = append(o.Blocks, Block{ID: "sat", Title: "Saturday", Days: []string{"sat"}, Start: "09:00", End: "10:00", Theme: "writing", Kind: BlockBreak, Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: ""},

		{name: "off-grid end", edit: func(o *OS) {
			o.Events = append(o.Events, Event{ID: "sync", Title: "Sync", Date: ymd(2026, 12, 4), Start: "11:00", End: "11:35", Theme: "writing", Meta: metaAt(FileCalendar, 40, eventKeys...)})
		}, want: "off-grid calendar.toml:45 sync", msg: `"sync" ends at 11:35, off the 15m grid: move it to 11:30 or 11:45`},
		{name: "off-grid start and end", edit: func(o *OS) {
			o.Blocks[0].Start, o.Blocks[0].End = "08:55", "10:50"
		}, want: "off-grid calendar.toml:5 deep-work", msg: `"deep-work" starts at 08:55 and ends at 10:50, off the 15m grid: start it at 08:45 or 09:00 and end it at 10:45 or 11:00`},
		// A past event cannot be moved: no advice to move it.
		{name: "off-grid event in the past", edit: func(o *OS) {
			o.Events = append(o.Events, Event{ID: "sync", Title: "Sync", Date: ymd(2026, 11, 19), Start: "11:05", End: "11:35", Theme: "writing", Meta: metaAt(FileCalendar, 40, eventKeys...)})
		}, want: ""},
		{name: "off-grid event today", edit: func(o *OS) {
			o.Events = append(o.Events, Event{ID: "sync", Title: "Sync", Date: ymd(2026, 11, 20), Start: "11:00", End: "11:35", Theme: "writing", Meta: metaAt(FileCalendar, 40, eventKeys...)})
		}, want: "off-grid calendar.toml:45 sync"},
		{name: "on a coarser grid", edit: func(o *OS) {
			o.Settings.Calendar.Grid = "30m"
			o.Blocks[1].End = "13:00"
			o.Events[0].End = "10:45"
		}, want: "off-grid calendar.toml:25 keynote", msg: `"keynote" ends at 10:45, off the 30m grid: move it to 10:30 or 11:00`},
		{name: "on the grid", edit: func(o *OS) {
			o.Events = append(o.Events, Event{ID: "sync", Title: "Sync", Date: ymd(2026, 12, 4), Start: "11:00", End: "11:30", Theme: "writing", Meta: metaAt(FileCalendar, 40, eventKeys...)})
			o.Events = append(o.Events, Event{ID: "trip", Title: "Trip", Date: ymd(2026, 12, 5), Theme: "writing", Meta: metaAt(FileCalendar, 50, eventKeys...)})
		}, want: ""},

		{name: "short-gap", edit: func(o *OS) {
			o.Blocks = append(o.Blocks, Block{ID: "email", Title: "Email", Days: []string{"tue", "thu"}, Start: "11:05", End: "11:45", Theme: "writing", Kind: BlockAdmin, Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: "short-gap calendar.toml:34 email; off-grid calendar.toml:34 email", msg: `only 5m between "deep-work" and "email" on tue, thu: join them or leave a whole slot`},
		{name: "a gap of one grid step", edit: func(o *OS) {
			o.Blocks = append(o.Blocks, Block{ID: "email", Title: "Email", Days: []string{"tue"}, Start: "11:15", End: "11:45", Theme: "writing", Kind: BlockAdmin, Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: ""},

		{name: "over-limit", edit: func(o *OS) {
			o.Priorities[1].Status = PriorityDoing
			o.Priorities = append(o.Priorities, Priority{ID: "slides", Title: "Slides", Theme: "writing", Status: PriorityDoing, Meta: metaAt(FilePriorities, 30, priorityKeys...)})
			o.Priorities = append(o.Priorities, Priority{ID: "demo", Title: "Demo", Theme: "writing", Status: PriorityDoing, Rank: 3, Meta: metaAt(FilePriorities, 40, priorityKeys...)})
		}, want: "over-limit priorities.toml:44 demo", msg: `4 priorities in doing, over the limit of 2: "draft", "outline", "demo", "slides"; finish one, or move it back to next`},
		{name: "at the limit", edit: func(o *OS) {
			o.Priorities[1].Status = PriorityDoing
		}, want: ""},
		{name: "no limit", edit: func(o *OS) {
			o.Settings.Priorities.Limit = 0
			for i := range 5 {
				o.Priorities = append(o.Priorities, Priority{ID: fmt.Sprint("p", i), Title: "P", Theme: "writing", Status: PriorityDoing})
			}
		}, want: ""},

		{name: "no-theme on a priority", edit: func(o *OS) {
			o.Priorities[1].Theme = ""
		}, want: "no-theme priorities.toml:13 outline", msg: `"outline" is tied to no theme: does it contribute to the whole? link it to a theme or drop it`},
		{name: "no-theme: an inactive theme", edit: func(o *OS) {
			o.Priorities = append(o.Priorities, Priority{ID: "revive", Title: "Revive", Theme: "old", Status: PriorityLater, Meta: metaAt(FilePriorities, 30, priorityKeys...)})
		}, want: "no-theme priorities.toml:33 revive", msg: `"revive" is tied to theme "old", which is retired: does it contribute to the whole? link it to an active theme or drop it`},
		{name: "no-theme on a block", edit: func(o *OS) {
			o.Blocks[0].Theme = ""
		}, want: "no-theme calendar.toml:7 deep-work", msg: `"deep-work" is tied to no theme: does it contribute to the whole? link it to a theme or drop it`},
		{name: "no theme for a break, a done priority or an unknown theme", edit: func(o *OS) {
			o.Blocks[1].Theme = ""
			o.Priorities[2].Theme = ""
			o.Priorities[1].Theme = "nowhere"
		}, want: ""},

		{name: "idle-theme", edit: func(o *OS) {
			o.Themes = append(o.Themes, Theme{ID: "music", Title: "Music", Status: ThemeActive, Meta: metaAt(FileThemes, 20)})
			o.Routines[2].Theme = "music"                                                                      // paused: does not count
			o.Priorities[2].Theme = "music"                                                                    // done: does not count
			o.Events = append(o.Events, Event{ID: "gig", Title: "Gig", Date: ymd(2026, 1, 1), Theme: "music"}) // past
		}, want: "idle-theme themes.toml:20 music"},
		{name: "idle-theme served by an event to come", edit: func(o *OS) {
			o.Themes = append(o.Themes, Theme{ID: "music", Title: "Music", Status: ThemeActive, Meta: metaAt(FileThemes, 20)})
			o.Events = append(o.Events, Event{ID: "gig", Title: "Gig", Date: ymd(2026, 11, 20), Theme: "music"})
		}, want: ""},
		{name: "idle-theme without today counts every event", today: Date{}, edit: func(o *OS) {
			o.Themes = append(o.Themes, Theme{ID: "music", Title: "Music", Status: ThemeActive, Meta: metaAt(FileThemes, 20)})
			o.Events = append(o.Events, Event{ID: "gig", Title: "Gig", Date: ymd(2026, 1, 1), Theme: "music"})
		}, want: ""},
		{name: "a paused theme may be idle", edit: func(o *OS) {
			o.Themes = append(o.Themes, Theme{ID: "music", Title: "Music", Status: ThemePaused, Meta: metaAt(FileThemes, 20)})
		}, want: ""},

		{name: "no-why", edit: func(o *OS) {
			o.Routines[1].Why = "  "
		}, want: "no-why routines.toml:13 journal", msg: `routine "journal" has no why: write down what it is for, or retire it`},
		{name: "no why on a paused routine", edit: func(o *OS) {
			o.Routines[2].Why = ""
		}, want: ""},

		// Regression: a rule that ran out before its since date was
		// accepted in silence, a routine never due, asked about or counted.
		{name: "ended before it began", edit: func(o *OS) {
			o.Routines[0].Cadence = "RRULE:FREQ=DAILY;UNTIL=20200101T000000Z"
			o.Routines[0].Since = datePtr(ymd(2026, 11, 1))
		}, want: "ended routines.toml:5 sleep", msg: `routine "sleep" is never due: its cadence ends before it begins (2026-11-01): give it a cadence that comes round, or retire it`},
		{name: "ended", edit: func(o *OS) {
			o.Routines[0].Cadence = "RRULE:FREQ=DAILY;COUNT=3"
			o.Routines[0].Since = datePtr(ymd(2026, 11, 1))
		}, want: "ended routines.toml:5 sleep", msg: `routine "sleep" is not due again: its cadence ended on 2026-11-03: give it a cadence that goes on, or retire it`},
		{name: "a rule with days left", edit: func(o *OS) {
			o.Routines[0].Cadence = "RRULE:FREQ=DAILY;COUNT=20"
			o.Routines[0].Since = datePtr(ymd(2026, 11, 1))
		}, want: ""},
		{name: "an ended rule on a paused routine", edit: func(o *OS) {
			o.Routines[2].Cadence = "RRULE:FREQ=DAILY;COUNT=3"
			o.Routines[2].Why = "x"
		}, want: ""},
		{name: "ended without today", today: Date{}, edit: func(o *OS) {
			o.Routines[0].Cadence = "RRULE:FREQ=DAILY;COUNT=3"
		}, want: ""},

		{name: "no-break", edit: func(o *OS) {
			o.Blocks = o.Blocks[:1]
			o.Blocks = append(o.Blocks, Block{ID: "walk", Title: "Walk", Days: []string{"sat"}, Start: "10:00", End: "11:00", Theme: "health", Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: "no-break calendar.toml:1 deep-work", msg: `no break on mon, tue, wed, thu, fri, sat: add a block of kind "break" (lunch, a walk) between the work`},
		{name: "no-break on a day of its own", edit: func(o *OS) {
			o.Blocks = append(o.Blocks, Block{ID: "walk", Title: "Walk", Days: []string{"sat"}, Start: "10:00", End: "11:00", Theme: "health", Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: "no-break calendar.toml:30 walk", msg: `no break on sat: add a block of kind "break" (lunch, a walk) between the work`},
		{name: "a day with a break", edit: func(o *OS) {
			o.Blocks = append(o.Blocks, Block{ID: "walk", Title: "Walk", Days: []string{"sat"}, Start: "10:00", End: "11:00", Kind: BlockBreak, Meta: metaAt(FileCalendar, 30, blockKeys...)})
		}, want: ""},

		// Helsinki's clocks go from 03:00 to 04:00 on 2027-03-28, and
		// from 04:00 back to 03:00 on 2026-10-25.
		{name: "skipped-time", edit: func(o *OS) {
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2027, 3, 28), "03:30", "04:30"
		}, want: "skipped-time calendar.toml:24 keynote", msg: `event "keynote" starts at 03:30 on 2027-03-28, a time the clocks skip in Europe/Helsinki: calendars show it at 04:00; move it out of 03:00–04:00`},
		{name: "skipped-time at the end", edit: func(o *OS) {
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2027, 3, 28), "02:00", "03:15"
		}, want: "skipped-time calendar.toml:25 keynote", msg: `event "keynote" ends at 03:15 on 2027-03-28, a time the clocks skip in Europe/Helsinki: calendars show it at 04:00; move it out of 03:00–04:00`},
		{name: "skipped-time for a moment", edit: func(o *OS) {
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2027, 3, 28), "03:00", ""
		}, want: "skipped-time calendar.toml:24 keynote"},
		{name: "skipped-time not at the jump", edit: func(o *OS) {
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2027, 3, 28), "02:00", "04:00"
		}, want: ""},
		{name: "a time the clocks show twice", edit: func(o *OS) {
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2026, 10, 25), "03:30", "04:00"
		}, want: ""},
		{name: "skipped-time in the past", edit: func(o *OS) {
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2026, 3, 29), "03:30", "04:00"
		}, want: ""},
		{name: "skipped-time at midnight", edit: func(o *OS) {
			// Chile's clocks go from 00:00 to 01:00 on 2027-09-05.
			o.Settings.Timezone = "America/Santiago"
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2027, 9, 5), "00:30", "02:00"
		}, want: "skipped-time calendar.toml:24 keynote", msg: `event "keynote" starts at 00:30 on 2027-09-05, a time the clocks skip in America/Santiago: calendars show it at 01:00; move it out of 00:00–01:00`},
		{name: "skipped-time in a zone without changes", edit: func(o *OS) {
			o.Settings.Timezone = "UTC"
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = ymd(2027, 3, 28), "03:30", "04:30"
		}, want: ""},

		{name: "deferred-often", edit: func(o *OS) {
			o.Priorities[1].Deferrals = 3
			o.Priorities[1].DeferReason = "waiting for review"
		}, want: "deferred-often priorities.toml:17 outline", msg: `"outline" was put off 3 times, last because "waiting for review": drop it?`},
		{name: "deferred twice", edit: func(o *OS) {
			o.Priorities[1].Deferrals = 2
		}, want: ""},

		{name: "past-due", edit: func(o *OS) {
			o.Priorities[0].Due = datePtr(ymd(2026, 11, 19))
		}, want: "past-due priorities.toml:7 draft", msg: `"draft" was due 2026-11-19, yesterday: finish it, move the date or drop it`},
		{name: "past-due some days ago", edit: func(o *OS) {
			o.Priorities[1].Due = datePtr(ymd(2026, 11, 1))
		}, want: "past-due priorities.toml:16 outline", msg: `"outline" was due 2026-11-01, 19 days ago: finish it, move the date or drop it`},
		{name: "due today", edit: func(o *OS) {
			o.Priorities[0].Due = datePtr(today)
		}, want: ""},
		{name: "past-due without today", today: Date{}, edit: func(o *OS) {
			o.Priorities[0].Due = datePtr(ymd(2020, 1, 1))
		}, want: ""},

		{name: "two open priorities share a rank", edit: func(o *OS) {
			o.Priorities[1].Rank = 1
		}, want: "shared-rank priorities.toml:15 outline", msg: `"outline" has rank 1, as "draft" has: give each its own rank`},
		{name: "a finished one may share a rank", edit: func(o *OS) {
			o.Priorities[2].Rank = 1
		}, want: ""},

		// An item with no id has that as an error: advice about it named
		// it "" ("\"\" is tied to no theme", theme "" that nothing
		// serves, "" overlaps "deep-work").
		{name: "items with no id", edit: func(o *OS) {
			o.Priorities = append(o.Priorities, Priority{Title: "Email", Status: PriorityNext, Rank: 1, Deferrals: 4, Meta: metaAt(FilePriorities, 30, priorityKeys...)})
			o.Themes = append(o.Themes, Theme{Title: "Idle", Status: ThemeActive, Meta: metaAt(FileThemes, 20)})
			o.Blocks = append(o.Blocks, Block{Title: "Standup", Days: []string{"mon"}, Start: "10:30", End: "10:50", Kind: BlockMeeting, Meta: metaAt(FileCalendar, 30, blockKeys...)})
			o.Routines = append(o.Routines, Routine{Title: "Walk", Cadence: "daily", Status: RoutineActive, Meta: metaAt(FileRoutines, 30, routineKeys...)})
		}, want: ""},
	}
	for _, tt := range tests {
		o := adviceOS()
		tt.edit(o)
		day := today
		if strings.Contains(tt.name, "without today") {
			day = tt.today
		}
		got := Check(o, day)
		if gl := findingCodes(got); gl != tt.want {
			t.Errorf("%s: got findings %q, want %q", tt.name, gl, tt.want)
			continue
		}
		if tt.msg != "" && got[0].Message != tt.msg {
			t.Errorf("%s: got message %q, want %q", tt.name, got[0].Message, tt.msg)
		}
		for _, f := range got {
			if f.Severity != SeverityAdvice || f.Kind == "" || f.ID == "" || f.Message == "" {
				t.Errorf("%s: got finding %+v, want advice with a kind, an id and a message", tt.name, f)
			}
			// Regression: advice about a whole item (an idle theme, a
			// day without a break) had a line and no column,
			// "themes.toml:26:", beside "priorities.toml:33:1:".
			if f.Line > 0 && f.Col == 0 {
				t.Errorf("%s: got %s at line %d with no column, want one", tt.name, f.Code, f.Line)
			}
		}
	}
}

// TestCheckBuiltInCode guards findings about items with no Meta: they
// name the kind's file and no line.
func TestCheckBuiltInCode(t *testing.T) {
	o := &OS{
		Themes:     []Theme{{ID: "idle", Title: "Idle"}},
		Routines:   []Routine{{ID: "run", Title: "Run", Cadence: "daily", Theme: "idle2"}},
		Priorities: []Priority{{ID: "p", Title: "P", Deferrals: 4}},
	}
	got := Check(o, Date{})
	want := "no-theme priorities.toml:0 p; deferred-often priorities.toml:0 p; no-why routines.toml:0 run; idle-theme themes.toml:0 idle"
	if gl := findingCodes(got); gl != want {
		t.Errorf("got %q, want %q", gl, want)
	}
	for _, f := range got {
		if f.Line != 0 || f.Col != 0 {
			t.Errorf("%s: got line %d col %d, want 0 0", f.Code, f.Line, f.Col)
		}
		if s := f.String(); !strings.HasPrefix(s, f.File+": ") {
			t.Errorf("%s: String got %q, want it to start with %q", f.Code, s, f.File+": ")
		}
	}
}

func TestFormatMinutes(t *testing.T) {
	tests := []struct {
		m    int
		want string
	}{{5, "5m"}, {15, "15m"}, {60, "1h"}, {90, "1h30m"}, {240, "4h"}}
	for _, tt := range tests {
		if got := formatMinutes(tt.m); got != tt.want {
			t.Errorf("formatMinutes(%d): got %q, want %q", tt.m, got, tt.want)
		}
	}
}

// TestCheckSorted guards the order of findings: by file and line.
func TestCheckSorted(t *testing.T) {
	o := adviceOS()
	o.Priorities[1].Theme = ""
	o.Priorities[0].Deferrals = 3
	o.Routines[0].Why = ""
	o.Blocks[1].Kind = BlockFocus
	got := Check(o, ymd(2026, 11, 20))
	sorted := slices.IsSortedFunc(got, func(a, b Finding) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Line - b.Line
	})
	if !sorted || len(got) < 4 {
		t.Errorf("got %q, want at least four findings sorted by file and line", findingCodes(got))
	}
}

// TestCheckDefaults guards against an emptied os.toml passing check
// without a word: the day is then UTC's, whatever the person's.
func TestCheckDefaults(t *testing.T) {
	read := metaAt(FileOS, 0)
	tests := []struct {
		name     string
		settings Settings
		want     string // the message, or "" for no finding
	}{
		{"emptied", Settings{Meta: read}, "no timezone (days begin and end in UTC), no name, no calendar grid (15m is used): set yours with `myos set os timezone=Area/City name=MyOS calendar.grid=15m`, Area/City your timezone's name, like Europe/Helsinki"},
		{"named, no timezone", Settings{Name: "OS", Calendar: CalendarSettings{Grid: "30m"}, Meta: read}, "no timezone (days begin and end in UTC): set yours with `myos set os timezone=Area/City`, Area/City your timezone's name, like Europe/Helsinki"},
		{"a timezone and nothing else", Settings{Timezone: "Europe/Helsinki", Meta: read}, ""},
		{"not read from os.toml", Settings{}, ""},
	}
	for _, tt := range tests {
		got := Check(&OS{Settings: tt.settings}, Date{})
		var msg string
		for _, f := range got {
			if f.Code == CodeDefaults {
				if f.File != FileOS || f.Severity != SeverityAdvice {
					t.Errorf("%s: got %+v, want advice about os.toml", tt.name, f)
				}
				msg = f.Message
			}
		}
		if msg != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, msg, tt.want)
		}
	}
}
