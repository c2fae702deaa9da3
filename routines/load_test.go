package routines

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

const goodOS = `name = "AndyOS"
owner = "Andy"
timezone = "Europe/Helsinki"
week_start = "mon"

[calendar]
grid = "15m"

[priorities]
limit = 3

[review]
weekly_day = "fri"
prompts = ["What is the one thing today?"]
`

const goodThemes = `[[theme]]
id = "health"
title = "Health"
narrative = "Rest is earned."
`

func osFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

func TestLoadGood(t *testing.T) {
	fsys := osFS(map[string]string{
		FileOS:     goodOS,
		FileThemes: goodThemes,
		FileRoutines: `# Sleep first.
[[routine]]
id = "sleep"
title = "Go to sleep on time"
why = "Tomorrow starts without yesterday's debt"
cadence = "daily"
at = "22:30"
duration = "8h"
theme = "health"
`,
		FileCalendar: `[[block]]
id = "lunch"
title = "Lunch"
days = ["mon", "tue"]
start = "12:00"
end = "12:45"
kind = "break"

[[event]]
id = "keynote"
title = "Keynote"
date = 2026-12-03
start = "10:00"
end = "11:00"
`,
		FilePriorities: "",
	})
	o, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := o.Settings.Name, "AndyOS"; got != want {
		t.Errorf("name: got %q, want %q", got, want)
	}
	if got, want := o.Settings.Calendar.Grid, "15m"; got != want {
		t.Errorf("grid: got %q, want %q", got, want)
	}
	if got, want := o.Settings.Priorities.Meta.KeyPos("limit").Line, 10; got != want {
		t.Errorf("limit line: got %d, want %d", got, want)
	}
	if len(o.Routines) != 1 || o.Routines[0].Status != RoutineActive {
		t.Fatalf("routines: got %+v, want one active routine", o.Routines)
	}
	r := o.Routines[0]
	if r.Meta.File != FileRoutines || r.Meta.Line != 2 || r.Meta.KeyPos("at").Line != 7 {
		t.Errorf("routine meta: got %s:%d at-line %d, want routines.toml:2 at-line 7", r.Meta.File, r.Meta.Line, r.Meta.KeyPos("at").Line)
	}
	if got, want := o.Events[0].Date, (Date{2026, 12, 3}); got != want {
		t.Errorf("event date: got %v, want %v", got, want)
	}
	if got, want := strings.Join(o.Blocks[0].Days, ","), "mon,tue"; got != want {
		t.Errorf("days: got %q, want %q", got, want)
	}
}

// TestLoadErrors checks that each kind of bad input is reported at its
// file, line and column with a message a person can act on.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		text  string
		code  string
		where string // file:line:col prefix of the message
		msg   string // substring of the message
	}{
		{"unknown key with suggestion", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\n  cadance = \"daily\"\n", CodeUnknownKey, "routines.toml:4:3", `unknown key "cadance" (did you mean "cadence"?)`},
		// An unknown key near no known one is told which keys there are.
		{"unknown key near none", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\nemail = \"a@b\"\n", CodeUnknownKey, "routines.toml:4:1", `unknown key "email" (a routine takes id, title, why, cadence, at, duration, theme, status, since, notes, formerly)`},
		{"unknown event key near none", FileCalendar, "[[event]]\nid = \"a\"\ntitle = \"A\"\ndate = 2026-12-01\nemail = 1\n", CodeUnknownKey, "calendar.toml:5:1", `unknown key "email" (an event takes id, title, date, start, end, theme, notes)`},
		{"unknown os key near none", FileOS, "name = \"OS\"\nemail = \"a@b\"\n", CodeUnknownKey, "os.toml:2:1", `unknown key "email" (os.toml takes name, owner, timezone, week_start, render, calendar, priorities, review)`},
		{"unknown key in an os table near none", FileOS, "[review]\nemail = \"a@b\"\n", CodeUnknownKey, "os.toml:2:1", `unknown key "email" ([review] takes weekly_day, prompts)`},
		// The decoder's own "Invalid integer \"01\": cannot have leading
		// zeroes" and "... is out of range for int64" came through as
		// they were, capital and all, with nothing to write instead.
		{"leading zero", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = 01\n", CodeSyntax, "priorities.toml:4:8", `rank: write a whole number like 1, not "01"`},
		{"stray underscore", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = 1_0_\n", CodeSyntax, "priorities.toml:4:8", `rank: write a whole number like 10, not "1_0_"`},
		{"integer out of range", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = 99999999999999999999\n", CodeSyntax, "priorities.toml:4:8", `rank: 99999999999999999999 is out of range: write a whole number like 1`},
		{"float out of range", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = 1e400\n", CodeSyntax, "priorities.toml:4:8", `rank: 1e400 is out of range: write a whole number like 1`},
		{"float with a leading zero", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = 01.5\n", CodeSyntax, "priorities.toml:4:8", `rank: "01.5" is not a number (cannot have leading zeroes): write a whole number like 1, or text in quotes`},
		{"rank out of range", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = 9999999999\n", CodeType, "priorities.toml:4:1", `rank: 9999999999 is out of range: write a whole number like 1`},
		{"syntax", FileRoutines, "[[routine]]\nid = \"a\ntitle = \"A\"\n", CodeSyntax, "routines.toml:2:", "newline"},
		// A merge git could not finish leaves markers in the file; the
		// decoder's own column for them counted from the line before.
		{"conflict marker", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\n<<<<<<< HEAD\nat = \"22:00\"\n=======\nat = \"23:00\"\n>>>>>>> side\n", CodeSyntax, "routines.toml:4:1", "a conflict marker left by git"},
		// The decoder's message says what it expected; what to write
		// follows it.
		{"a word alone on a line", FileThemes, goodThemes + "x\n", CodeSyntax, "themes.toml:5:2", `expected '.' or '=', but got '\n' instead (a line of a table is key = value, like title = "Deep work")`},
		{"text without quotes", FileThemes, "[[theme]]\nid = \"a\"\ntitle = Health\n", CodeSyntax, "themes.toml:3:9", `expected value but found "Health" instead (a value is text in quotes, a number, true or false, a date like 2026-12-01, or a list like ["mon", "tue"])`},
		{"text not closed", FileThemes, "[[theme]]\nid = \"a\"\ntitle = \"Health\n", CodeSyntax, "themes.toml:3:", `strings cannot contain newlines (end the text with a " on its line, or write text of several lines between """ and """)`},
		// A key or table written twice is named as such, with the line
		// of the first, not as the decoder's "Key 'theme.title' has
		// already been defined.".
		{"key set twice", FileThemes, "[[theme]]\nid = \"a\"\ntitle = \"A\" # first\ntitle = \"B\"\n", CodeSyntax, "themes.toml:4:1", `key "title" is set twice in [[theme]] (first at line 3): keep one of the two lines`},
		{"top-level key set twice", FileOS, "name = \"A\"\nowner = \"Andy\"\nname = \"B\"\n", CodeSyntax, "os.toml:3:1", `key "name" is set twice (first at line 1): keep one of the two lines`},
		{"table key set twice", FileOS, "name = \"A\"\n[calendar]\ngrid = \"15m\"\n  grid = \"30m\"\n", CodeSyntax, "os.toml:4:", `key "grid" is set twice in [calendar] (first at line 3): keep one of the two lines`},
		{"table written twice", FileOS, "name = \"A\"\n[calendar]\ngrid = \"15m\"\n[ calendar ]\n", CodeSyntax, "os.toml:4:", `table [calendar] is written twice (first at line 2): put its keys under one [calendar]`},
		{"key then table of one name", FileOS, "name = \"A\"\ncalendar = 1\n[calendar]\ngrid = \"15m\"\n", CodeSyntax, "os.toml:3:", `calendar is set as a value at line 2 and written as the table [calendar] here: keep one of the two`},
		// One item written [priority] among [[priority]] ones: the
		// decoder said "Key 'priority' was already created and cannot be
		// used as an array." or, the other way round, that a table was
		// written twice and its keys should go under one [priority].
		{"item in single brackets first", FilePriorities, "[priority]\nid = \"a\"\ntitle = \"A\"\n\n[[priority]]\nid = \"b\"\ntitle = \"B\"\n", CodeSyntax, "priorities.toml:1:1", "each priority is an item of a list: write [[priority]], not [priority], as at line 5"},
		{"item in single brackets later", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\n\n[routine] # b\nid = \"b\"\n", CodeSyntax, "routines.toml:5:1", "each routine is an item of a list: write [[routine]], not [routine], as at line 1"},
		// Every item in single brackets: the decoder's "table written
		// twice" was told to put its keys under one [theme], which would
		// make two items one.
		{"items all in single brackets", FileThemes, "[theme]\nid = \"a\"\ntitle = \"A\"\n\n[theme]\nid = \"b\"\ntitle = \"B\"\n", CodeSyntax, "themes.toml:1:1", "each theme is an item of a list: write [[theme]], not [theme], here and at line 5"},
		{"events all in single brackets", FileCalendar, "[event]\nid = \"a\"\ntitle = \"A\"\ndate = 2026-12-03\n[ event ] # b\nid = \"b\"\n", CodeSyntax, "calendar.toml:1:1", "each event is an item of a list: write [[event]], not [event], here and at line 5"},
		// Not an item kind: the table written twice stays what it is.
		{"unknown table written twice", FileThemes, "[notes]\na = 1\n[notes]\n", CodeSyntax, "themes.toml:3:", "table [notes] is written twice (first at line 1): put its keys under one [notes]"},
		{"os table in double brackets", FileOS, "name = \"A\"\n[calendar]\ngrid = \"15m\"\n[[calendar]]\n", CodeSyntax, "os.toml:4:1", "calendar is one table in os.toml, not a list: write [calendar], as at line 2, and put its keys under one [calendar]"},
		{"os table in double brackets first", FileOS, "[[review]]\nweekly_day = \"fri\"\n[review]\n", CodeSyntax, "os.toml:1:1", "review is one table in os.toml, not a list: write [review], as at line 3"},
		// A Windows path: \U and \x begin escapes of hex digits.
		{"backslash before U", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"C:\\Users\"\n", CodeSyntax, "routines.toml:3:", `(write a backslash in text as \\, or put the text in single quotes)`},
		{"backslash before u", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"C:\\users\"\n", CodeSyntax, "routines.toml:3:", `(write a backslash in text as \\, or put the text in single quotes)`},
		{"list without commas", FileCalendar, "[[block]]\nid = \"a\"\ndays = [\"mon\" \"tue\"]\n", CodeSyntax, "calendar.toml:3:", `(separate the values of a list with commas, like ["mon", "tue"])`},
		{"syntax at a line start", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\n<<<<<<<<<<\n", CodeSyntax, "routines.toml:4:1", "expected"},
		{"wrong type", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = \"one\"\n", CodeType, "priorities.toml:4:1", "rank: want a whole number"},
		// 0 is a rank too (no rank): the message must not say 1 or more.
		{"negative rank", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nrank = -3\n", CodeValue, "priorities.toml:4:1", "rank -3: want 1 or more (1 is first), or 0 for no rank"},
		// A time written as TOML writes one, without quotes, used to be
		// "want a string in quotes, got a date-time".
		{"time without quotes", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\"]\nstart = 09:00\nend = \"10:00\"\n", CodeType, "calendar.toml:5:1", `start: write the time in quotes: "09:00"`},
		// Only a key that holds a time is told to quote one: a quoted
		// "10:00" is no duration, nor an id.
		{"time where a duration is wanted", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nduration = 10:00\n", CodeType, "routines.toml:5:1", "duration: want a string in quotes, got the time 10:00"},
		{"time of a routine without quotes", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nat = 22:30\n", CodeType, "routines.toml:5:1", `at: write the time in quotes: "22:30"`},
		{"date where text is wanted", FileThemes, "[[theme]]\nid = \"a\"\ntitle = \"A\"\nhorizon = 2026-12-31\n", CodeType, "themes.toml:4:1", "horizon: want a string in quotes, got the date 2026-12-31"},
		{"quoted date", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\ndue = \"2026-12-01\"\n", CodeType, "priorities.toml:4:1", "without quotes"},
		// Dates out of ParseDate's range are refused in files as they are
		// in flags, at the key.
		{"date after MaxYear", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\ndue = 3026-12-01\n", CodeValue, "priorities.toml:4:1", "due: want a year from 1900 to 2999, got 3026-12-01"},
		{"date before MinYear", FileCalendar, "[[event]]\nid = \"a\"\ntitle = \"A\"\n  date = 0026-12-01\n", CodeValue, "calendar.toml:4:3", "date: want a year from 1900 to 2999, got 0026-12-01"},
		{"bad time", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\"]\nstart = \"9:00\"\nend = \"10:00\"\n", CodeValue, "calendar.toml:5:1", `bad time "9:00"`},
		{"end before start", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\"]\nstart = \"10:00\"\nend = \"09:00\"\n", CodeValue, "calendar.toml:6:1", "end 09:00 is not after start 10:00: a block ends on the day it starts; to go past midnight, end it at 24:00 and add a block from 00:00 on the next day"},
		{"event end at its start", FileCalendar, "[[event]]\nid = \"a\"\ntitle = \"A\"\ndate = 2026-12-03\nstart = \"10:00\"\nend = \"10:00\"\n", CodeValue, "calendar.toml:6:1", "end 10:00 is not after start 10:00: give it a later end, or no end for a moment in time"},
		{"event past midnight", FileCalendar, "[[event]]\nid = \"a\"\ntitle = \"A\"\ndate = 2026-12-03\nstart = \"23:00\"\nend = \"01:00\"\n", CodeValue, "calendar.toml:6:1", "an event ends on the day it starts; to go past midnight, end it at 24:00 and add an event from 00:00 on the next day"},
		// An event that starts at 24:00 used to validate and then vanish
		// from every plan; a block at 24:00 was told only that its end was
		// not after its start.
		{"event starting at 24:00", FileCalendar, "[[event]]\nid = \"a\"\ntitle = \"A\"\ndate = 2026-12-03\nstart = \"24:00\"\n", CodeValue, "calendar.toml:5:1", `start "24:00": an event starts before 24:00`},
		{"event starting and ending at 24:00", FileCalendar, "[[event]]\nid = \"a\"\ntitle = \"A\"\ndate = 2026-12-03\nstart = \"24:00\"\nend = \"24:00\"\n", CodeValue, "calendar.toml:5:1", `start "24:00": an event starts before 24:00`},
		{"block starting at 24:00", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\"]\nstart = \"24:00\"\nend = \"24:00\"\n", CodeValue, "calendar.toml:5:1", `start "24:00": a block starts before 24:00`},
		// A day's full name, or a typo of it, is too far from its three
		// letters for Suggest alone: it used to get no suggestion.
		{"full day name", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"tuesday\"]\nstart = \"10:00\"\nend = \"11:00\"\n", CodeValue, "calendar.toml:4:1", `"tuesday" is not a day: use mon, tue, wed, thu, fri, sat, sun (did you mean "tue"?)`},
		{"week_start full name", FileOS, "week_start = \"monday\"\n", CodeValue, "os.toml:1:1", `week_start "monday": want a day from mon to sun (did you mean "mon"?)`},
		{"weekly_day full name", FileOS, "[review]\nweekly_day = \"Friday\"\n", CodeValue, "os.toml:2:1", `weekly_day "Friday": want a day from mon to sun (did you mean "fri"?)`},
		{"bad day", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\", \"tues\"]\nstart = \"10:00\"\nend = \"11:00\"\n", CodeValue, "calendar.toml:4:1", `"tues" is not a day`},
		{"duplicate id", FileThemes, goodThemes + "\n[[theme]]\nid = \"health\"\ntitle = \"Again\"\n", CodeDuplicate, "themes.toml:7:1", `"health" is used twice (first at line 2)`},
		{"dangling theme", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\ntheme = \"helth\"\n", CodeReference, "routines.toml:5:1", `theme "helth" does not exist (did you mean "health"?)`},
		{"bad status", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nstatus = \"activ\"\n", CodeValue, "routines.toml:5:1", `did you mean "active"?`},
		{"bad id", FileRoutines, "[[routine]]\nid = \"Go Sleep\"\ntitle = \"A\"\ncadence = \"daily\"\n", CodeValue, "routines.toml:2:1", `like "go-sleep"`},
		{"missing title", FileThemes, "[[theme]]\nid = \"x\"\n", CodeMissing, "themes.toml:1:1", "has no title"},
		// A title is one line: a line break or control character in it
		// breaks every one-line view and commit subject.
		{"title with a line break", FileRoutines, "[[routine]]\nid = \"a\"\ncadence = \"daily\"\n title = \"\"\"\nTwo\nlines\"\"\"\n", CodeValue, "routines.toml:4:2", `title "Two\nlines": write a title on one line, without control characters`},
		{"title with a carriage return", FileThemes, "[[theme]]\nid = \"a\"\ntitle = \"A\\rB\"\n", CodeValue, "themes.toml:3:1", `title "A\rB": write a title on one line`},
		{"title with a tab", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\\tB\"\n", CodeValue, "priorities.toml:3:1", `title "A\tB": write a title on one line`},
		// Other text reaches terminals too: an escape in a template's why
		// would drive the terminal of whoever applies it.
		{"why with an escape", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nwhy = \"calm\\u001b[2J\"\n", CodeValue, "routines.toml:5:1", `why "calm\x1b[2J": remove the control character`},
		{"title with a bell", FileCalendar, "[[event]]\nid = \"a\"\ntitle = \"A\\u0007\"\ndate = 2026-12-03\n", CodeValue, "calendar.toml:3:1", `title "A\a": write a title on one line`},
		{"title with DEL", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\\u007f\"\ndays = [\"mon\"]\nstart = \"09:00\"\nend = \"10:00\"\n", CodeValue, "calendar.toml:3:1", `title "A\x7f": write a title on one line`},
		// A former id names one routine's past review answers: a routine
		// that is called by it now, or another that lists it too, would
		// take them over.
		{"former id not an id", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nformerly = [\"Old A\"]\n", CodeValue, "routines.toml:5:1", `formerly: "Old A" is not an id`},
		{"former id is its own id", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nformerly = [\"a\"]\n", CodeValue, "routines.toml:5:1", `formerly: "a" is this routine's id now`},
		{"former id listed twice", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nformerly = [\"z\", \"z\"]\n", CodeValue, "routines.toml:5:1", `formerly: "z" is listed twice`},
		{"former id is another routine's id", FileRoutines, "[[routine]]\nid = \"rest\"\ntitle = \"Rest\"\ncadence = \"daily\"\nformerly = [\"sleep\"]\n\n[[routine]]\nid = \"sleep\"\ntitle = \"Sleep\"\ncadence = \"daily\"\n", CodeDuplicate, "routines.toml:5:1", `formerly: "sleep" is the id of another routine now`},
		{"former id of two routines", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nformerly = [\"z\"]\n\n[[routine]]\nid = \"b\"\ntitle = \"B\"\ncadence = \"daily\"\n  formerly = [\"z\"]\n", CodeDuplicate, "routines.toml:11:3", `formerly: "z" is a former id of routine "a" too`},
		// Themes, priorities and blocks keep former ids too, with the
		// same checks: a merge takes the item of a former id elsewhere
		// for the renamed one.
		{"theme's former id not an id", FileThemes, "[[theme]]\nid = \"a\"\ntitle = \"A\"\nformerly = [\"Old A\"]\n", CodeValue, "themes.toml:4:1", `formerly: "Old A" is not an id`},
		{"priority's former id is its own id", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\nformerly = [\"a\"]\n", CodeValue, "priorities.toml:4:1", `formerly: "a" is this priority's id now`},
		{"block's former id listed twice", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\"]\nstart = \"09:00\"\nend = \"10:00\"\nformerly = [\"z\", \"z\"]\n", CodeValue, "calendar.toml:7:1", `formerly: "z" is listed twice`},
		{"former id is another theme's id", FileThemes, goodThemes + "\n[[theme]]\nid = \"energy\"\ntitle = \"Energy\"\nformerly = [\"health\"]\n", CodeDuplicate, "themes.toml:9:1", `formerly: "health" is the id of another theme now, which a sync or a template's update would take for this one: give that theme another id, or remove "health" from formerly`},
		{"former id of two blocks", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\"]\nstart = \"09:00\"\nend = \"10:00\"\nformerly = [\"z\"]\n\n[[block]]\nid = \"b\"\ntitle = \"B\"\ndays = [\"tue\"]\nstart = \"09:00\"\nend = \"10:00\"\nformerly = [\"z\"]\n", CodeDuplicate, "calendar.toml:15:1", `formerly: "z" is a former id of block "a" too`},
		{"bad cadence", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"sometimes\"\n", CodeValue, "routines.toml:4:1", "cadence"},
		{"not an array of tables", FileRoutines, "[routine]\nid = \"a\"\n", CodeType, "routines.toml:1:1", "array of tables"},
		{"foreign table", FileRoutines, "[[block]]\nid = \"a\"\n", CodeUnknownKey, "routines.toml:1:1", `unknown key "block"`},
		{"NUL byte", FileRoutines, "[[routine]]\nid = \"a\x00\"\n", CodeFile, "routines.toml:2:8", "NUL byte"},
		{"invalid UTF-8", FileThemes, "[[theme]]\nid = \"a\"\ntitle = \"\xff\"\n", CodeFile, "themes.toml:3:10", "invalid UTF-8"},
		{"oversized", FileThemes, strings.Repeat("# padding\n", MaxFileSize/10+1), CodeFile, "themes.toml", "more than the 1 MiB"},
		{"bad timezone", FileOS, "timezone = \"Mars/Olympus\"\n", CodeValue, "os.toml:1:1", "IANA"},
		{"bad grid", FileOS, "[calendar]\ngrid = \"7m\"\n", CodeValue, "os.toml:2:1", "divide a day"},
		{"grid of a day", FileOS, "[calendar]\ngrid = \"24h\"\n", CodeValue, "os.toml:2:1", "at most 4h"},
		{"unknown os key", FileOS, "[review]\nweekly_dya = \"fri\"\n", CodeUnknownKey, "os.toml:2:1", `did you mean "weekly_day"?`},
		// An unknown table is reported at its header, not at the top of
		// the file, with the table it was likely meant to be.
		{"unknown os table", FileOS, "name = \"OS\"\n\n[calendar]\ngrid = \"15m\"\n\n  [priority]\nlimit = 3\n", CodeUnknownKey, "os.toml:6:3", `unknown key "priority" (did you mean "priorities"?)`},
		{"unknown os table first", FileOS, "[priority]\nlimit = 3\n", CodeUnknownKey, "os.toml:1:1", `unknown key "priority" (did you mean "priorities"?)`},
		{"unknown os table by dotted key", FileOS, "name = \"OS\"\npriority.limit = 3\n", CodeUnknownKey, "os.toml:2:1", `unknown key "priority" (did you mean "priorities"?)`},
		{"unknown table in a table", FileOS, "[review]\nweekly_day = \"fri\"\n\n[review.prompt]\ntext = \"Why?\"\n", CodeUnknownKey, "os.toml:4:1", `unknown key "prompt" (did you mean "prompts"?)`},
		{"unknown table in an item", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\n\n[[routine]]\nid = \"b\"\ntitle = \"B\"\ncadence = \"daily\"\n\n[routine.extra]\nx = 1\n", CodeUnknownKey, "routines.toml:11:1", `unknown key "extra"`},
		{"plural table in an item file", FilePriorities, "[[priority]]\nid = \"a\"\ntitle = \"A\"\n\n[[priorities]]\nid = \"b\"\ntitle = \"B\"\n", CodeUnknownKey, "priorities.toml:5:1", `unknown key "priorities" (did you mean "priority"?)`},
		// The name heads the README, the owner signs commits, a prompt is
		// asked on one line: none may break a line.
		{"name with a line break", FileOS, "name = \"My\\nOS\"\n", CodeValue, "os.toml:1:1", `name "My\nOS": write it on one line`},
		{"owner with a line break", FileOS, "name = \"OS\"\n  owner = \"Andy\\n<x@y>\"\n", CodeValue, "os.toml:2:3", `owner "Andy\n<x@y>": write it on one line`},
		{"prompt with a tab", FileOS, "[review]\nprompts = [\"Fine?\", \"A\\tB\"]\n", CodeValue, "os.toml:2:1", `prompts: "A\tB": write each prompt on one line`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{FileOS: goodOS, FileThemes: goodThemes}
			files[tt.file] = tt.text
			_, err := Load(osFS(files))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("got error %v, want Errors", err)
			}
			for _, f := range errs {
				if f.Code == tt.code && strings.HasPrefix(f.String(), tt.where) && strings.Contains(f.Message, tt.msg) {
					return
				}
			}
			t.Errorf("got\n%v\nwant a %s finding at %s containing %q", err, tt.code, tt.where, tt.msg)
		})
	}
}

func TestLoadReportsEveryFile(t *testing.T) {
	_, err := Load(osFS(map[string]string{
		FileOS:       "nme = \"x\"\n",
		FileRoutines: "[[routine]]\nid = \"a\"\n",
		FileThemes:   "[[theme]\n",
	}))
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("got %v, want Errors", err)
	}
	files := map[string]bool{}
	for _, f := range errs {
		files[f.File] = true
	}
	for _, want := range []string{FileOS, FileRoutines, FileThemes} {
		if !files[want] {
			t.Errorf("no finding for %s in\n%v", want, err)
		}
	}
}

func TestLoadMissingOS(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if err == nil || !strings.Contains(err.Error(), "os.toml: missing") {
		t.Fatalf("got %v, want os.toml: missing", err)
	}
}

func TestLoadEmptyFiles(t *testing.T) {
	o, err := Load(osFS(map[string]string{FileOS: "", FileRoutines: "", FileThemes: "\n# nothing yet\n", FileCalendar: "", FilePriorities: ""}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if n := len(o.Routines) + len(o.Themes) + len(o.Blocks); n != 0 {
		t.Errorf("got %d items, want 0", n)
	}
}

func TestLoadBOMAndCRLF(t *testing.T) {
	o, err := Load(osFS(map[string]string{
		FileOS:     "\ufeffname = \"x\"\r\n",
		FileThemes: "[[theme]]\r\nid = \"a\"\r\ntitle = \"A\"\r\n",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if o.Themes[0].Meta.KeyPos("title").Line != 3 {
		t.Errorf("title line: got %d, want 3", o.Themes[0].Meta.KeyPos("title").Line)
	}
}

// FuzzLoad guards against panics and hangs on any input: whatever the bytes,
// Load returns an OS or findings.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		goodThemes,
		"[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\nat = \"22:30\"\n",
		"[[block]]\nid=\"x\"\ndays=[\"mon\"]\nstart=\"09:00\"\nend=\"08:00\"\n",
		"a = \"\"\"\nmulti\nline\"\"\"\n[[theme]]\nid='x'\n",
		"[[theme]]\nid = \"a\"\ntitle = \"\"\"x\\\n  y\"\"\" # c\n",
		"routine = [{id = \"a\", title = \"A\", cadence = \"daily\"}]\n",
		"[x.y]\n\"q.k\" = [1, [2, {a = 3}]]\n",
		"\ufeff[[theme]]\r\nid = \"a\"\r\n",
		"[[theme]]\nid = \"\xff\"\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, name := range []string{FileRoutines, FileCalendar, FileThemes, FileOS} {
			fsys := osFS(map[string]string{FileOS: goodOS, FileThemes: goodThemes})
			fsys[name] = &fstest.MapFile{Data: []byte(text)}
			o, err := Load(fsys)
			if o == nil && err == nil {
				t.Fatal("Load returned neither an OS nor an error")
			}
			var errs Errors
			if err != nil && !errors.As(err, &errs) {
				t.Fatalf("got %T, want Errors", err)
			}
			for _, f := range errs {
				if f.File == "" || f.Message == "" {
					t.Fatalf("finding without file or message: %+v", f)
				}
			}
		}
	})
}

// TestLoadTypeErrorAlone guards against a value of the wrong type being
// told twice: as the type it should have, then as the key not being set
// at all ("has no start" after start = 900).
func TestLoadTypeErrorAlone(t *testing.T) {
	tests := []struct {
		name string
		file string
		text string
		want string // the one finding
	}{
		{"start a number", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = [\"mon\"]\nstart = 900\nend = \"10:00\"\n", `calendar.toml:5:1: start: want a string in quotes, got the number 900`},
		{"days a string", FileCalendar, "[[block]]\nid = \"a\"\ntitle = \"A\"\ndays = \"mon\"\nstart = \"09:00\"\nend = \"10:00\"\n", `calendar.toml:4:1: days: want a list of strings, like ["mon", "tue"], got the string "mon"`},
		{"cadence a number", FileRoutines, "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = 1\n", `routines.toml:4:1: cadence: want a string in quotes, got the number 1`},
		{"title a number", FileThemes, "[[theme]]\nid = \"a\"\ntitle = 3\n", `themes.toml:3:1: title: want a string in quotes, got the number 3`},
		{"id a number", FileThemes, "[[theme]]\nid = 3\ntitle = \"A\"\n", `themes.toml:2:1: id: want a string in quotes, got the number 3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{FileOS: goodOS, FileThemes: goodThemes}
			files[tt.file] = tt.text
			_, err := Load(osFS(files))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("got error %v, want Errors", err)
			}
			if len(errs) != 1 || errs[0].String() != tt.want || errs[0].Code != CodeType {
				t.Errorf("got\n%v\nwant only the type error\n%s", err, tt.want)
			}
		})
	}
}
