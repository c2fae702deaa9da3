package semdiff

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/myos-dev/myos/routines"
)

func TestSubject(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *routines.OS)
		want   string
	}{
		// adds, with the detail of each kind
		{"add routine", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read", Cadence: "daily", At: "22:30"})
		}, `routines: add "read" (daily at 22:30)`},
		{"add routine without time", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read", Cadence: "weekly on mon,thu"})
		}, `routines: add "read" (weekly on mon,thu)`},
		{"add routine active", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read", Cadence: "daily", At: "22:30", Status: "active"})
		}, `routines: add "read" (daily at 22:30)`},
		// An aspiration added is not a routine lived: the subject says so.
		{"add routine as an aspiration", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "journal", Title: "Journal", Cadence: "weekdays", At: "07:00", Status: "aspiration"})
		}, `routines: add "journal" (weekdays at 07:00, aspiration)`},
		{"add paused routine without cadence", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read", Status: "paused"})
		}, `routines: add "read" (paused)`},
		{"add routine without cadence", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read"})
		}, `routines: add "read"`},
		{"add block", func(o *routines.OS) {
			o.Blocks = append(o.Blocks, routines.Block{ID: "walk", Title: "Walk", Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "12:00", End: "12:45"})
		}, `calendar: add "walk" (mon–fri 12:00–12:45)`},
		{"add weekend block", func(o *routines.OS) {
			o.Blocks = append(o.Blocks, routines.Block{ID: "hike", Title: "Hike", Days: []string{"sun", "sat"}, Start: "10:00", End: "14:00"})
		}, `calendar: add "hike" (weekends 10:00–14:00)`},
		{"add event", func(o *routines.OS) {
			o.Events = append(o.Events, routines.Event{ID: "talk", Title: "Talk", Date: date("2026-12-03"), Start: "10:00", End: "11:00"})
		}, `calendar: add "talk" (2026-12-03 10:00)`},
		{"add all-day event", func(o *routines.OS) {
			o.Events = append(o.Events, routines.Event{ID: "trip", Title: "Trip", Date: date("2027-01-10")})
		}, `calendar: add "trip" (2027-01-10)`},
		{"add priority", func(o *routines.OS) {
			o.Priorities = append(o.Priorities, routines.Priority{ID: "p", Title: "P", Status: "doing", Rank: 1})
		}, `priorities: add "p" (doing, rank 1)`},
		{"add priority without rank", func(o *routines.OS) {
			o.Priorities = append(o.Priorities, routines.Priority{ID: "p", Title: "P", Status: "later"})
		}, `priorities: add "p" (later)`},
		{"add theme", func(o *routines.OS) {
			o.Themes = append(o.Themes, routines.Theme{ID: "t", Title: "T", Horizon: "2026-Q4"})
		}, `themes: add "t" (2026-Q4)`},
		{"add theme without horizon", func(o *routines.OS) {
			o.Themes = append(o.Themes, routines.Theme{ID: "t", Title: "T"})
		}, `themes: add "t"`},
		// removes
		{"remove theme", func(o *routines.OS) { o.Themes = o.Themes[:2] }, `themes: remove "old"`},
		{"remove block", func(o *routines.OS) { o.Blocks = o.Blocks[:1] }, `calendar: remove "standup"`},
		// moves
		{"move start", func(o *routines.OS) { o.Blocks[0].Start = "11:45" }, `calendar: move "lunch" 12:00→11:45`},
		{"move end", func(o *routines.OS) { o.Blocks[0].End = "13:00" }, `calendar: move "lunch" end 12:45→13:00`},
		{"move both ends", func(o *routines.OS) { o.Blocks[0].Start, o.Blocks[0].End = "12:30", "13:15" },
			`calendar: move "lunch" 12:00–12:45 → 12:30–13:15`},
		{"move event date", func(o *routines.OS) { o.Events[0].Date = date("2026-12-04") },
			`calendar: move "devops-keynote" 2026-12-03→2026-12-04`},
		{"move too long for its span", func(o *routines.OS) {
			o.Events[0].Date, o.Events[0].Start, o.Events[0].End = date("2026-12-04"), "11:00", "12:00"
		}, `calendar: move "devops-keynote"`},
		{"move event date and start", func(o *routines.OS) { o.Events[0].Date, o.Events[0].Start = date("2026-12-04"), "10:30" },
			`calendar: move "devops-keynote" 2026-12-03 10:00 → 2026-12-04 10:30`},
		{"routine time is a move", func(o *routines.OS) { o.Routines[0].At = "22:00" }, `routines: move "sleep" 22:30→22:00`},
		{"one short field says its values", func(o *routines.OS) { o.Routines[0].Duration = "7h30m" }, `routines: change "sleep" duration 8h→7h30m`},
		{"days are not a move", func(o *routines.OS) { o.Blocks[0].Days = []string{"mon"} }, `calendar: change "lunch" (days)`},
		{"start and theme are not a move", func(o *routines.OS) { o.Blocks[0].Start, o.Blocks[0].Theme = "11:45", "" },
			`calendar: change "lunch" (start, theme)`},
		// statuses
		{"status", func(o *routines.OS) { o.Priorities[0].Status = "done" }, `priorities: "keynote-draft" doing→done`},
		{"status cleared", func(o *routines.OS) { o.Priorities[1].Status = "" }, `priorities: change "x" status next→none`},
		{"retire", func(o *routines.OS) { o.Routines[1].Status = "retired" }, `routines: retire "gym"`},
		{"retire theme", func(o *routines.OS) { o.Themes[2].Status = "retired" }, `themes: retire "old"`},
		{"aspire", func(o *routines.OS) { o.Routines[1].Status = "aspiration" }, `routines: aspire to "gym"`},
		{"pause", func(o *routines.OS) { o.Routines[1].Status = "paused" }, `routines: "gym" active→paused`},
		{"defer", func(o *routines.OS) {
			p := &o.Priorities[1]
			p.DeferredUntil, p.DeferReason, p.Deferrals, p.Status = datePtr("2026-12-10"), "waiting", 1, "later"
		}, `priorities: defer "x" to 2026-12-10`},
		// settings
		{"os limit", func(o *routines.OS) { o.Settings.Priorities.Limit = 4 }, `os: set priorities.limit 3→4`},
		{"os name with spaces", func(o *routines.OS) { o.Settings.Name = "Andy OS" }, `os: set name AndyOS→"Andy OS"`},
		{"os unset", func(o *routines.OS) { o.Settings.Review.WeeklyDay = "" }, `os: unset review.weekly_day`},
		{"os several", func(o *routines.OS) { o.Settings.Name, o.Settings.Owner = "A", "B" }, `os: set name, owner`},
		// generic and renames
		{"generic", func(o *routines.OS) { o.Routines[0].At, o.Routines[0].Duration = "22:00", "7h30m" },
			`routines: change "sleep" (at, duration)`},
		{"generic one field", func(o *routines.OS) { o.Routines[0].Why = "Rest" }, `routines: change "sleep" why none→Rest`},
		{"rename", func(o *routines.OS) { o.Routines[0].ID = "rest" }, `routines: rename "sleep" to "rest"`},
		{"rename and change", func(o *routines.OS) { o.Routines[0].ID, o.Routines[0].At = "rest", "22:00" },
			`routines: rename "sleep" to "rest" (at)`},
		// A value set or cleared is said too, not only that it changed.
		{"a value cleared", func(o *routines.OS) { o.Routines[0].At = "" }, `routines: change "sleep" at 22:30→none`},
		// What changed with a status is not hidden behind it.
		{"status and a time", func(o *routines.OS) { o.Routines[0].Status, o.Routines[0].At = "paused", "22:00" },
			`routines: "sleep" active→paused, at 22:30→22:00`},
		{"status and more", func(o *routines.OS) {
			o.Routines[0].Status, o.Routines[0].At, o.Routines[0].Duration = "paused", "22:00", "7h"
		}, `routines: "sleep" active→paused (also at, duration)`},
		// The items under a renamed theme follow it: the subject says
		// how many, the body which.
		{"theme renamed with its items", func(o *routines.OS) {
			o.Themes[0].ID = "rest"
			for i := range o.Routines {
				if o.Routines[i].Theme == "health" {
					o.Routines[i].Theme = "rest"
				}
			}
			o.Blocks[0].Theme = "rest"
		}, `themes: rename "health" to "rest", and 3 items that serve it`},
		// The former id a rename keeps is part of the rename, not a change
		// to list; other former ids set by hand are.
		{"rename keeping the former id", func(o *routines.OS) { o.Routines[0].ID, o.Routines[0].Formerly = "rest", []string{"sleep"} },
			`routines: rename "sleep" to "rest"`},
		{"rename keeping the former id, and change", func(o *routines.OS) {
			o.Routines[0].ID, o.Routines[0].Formerly, o.Routines[0].At = "rest", []string{"sleep"}, "22:00"
		}, `routines: rename "sleep" to "rest" (at)`},
		{"rename with other former ids", func(o *routines.OS) { o.Routines[0].ID, o.Routines[0].Formerly = "rest", []string{"bed"} },
			`routines: rename "sleep" to "rest" (formerly)`},
		{"theme rename keeping the former id", func(o *routines.OS) { o.Themes[2].ID, o.Themes[2].Formerly = "older", []string{"old"} },
			`themes: rename "old" to "older"`},
		{"block rename keeping the former id, and change", func(o *routines.OS) {
			o.Blocks[1].ID, o.Blocks[1].Formerly, o.Blocks[1].Title = "daily", []string{"standup"}, "Daily"
		}, `calendar: rename "standup" to "daily" (title)`},
		// several
		{"several", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "a", Title: "A"}, routines.Routine{ID: "b", Title: "B"})
			o.Blocks[0].Start = "12:30"
		}, `routines: add "a", "b"; calendar: move "lunch"`},
		{"several verbs in one file", func(o *routines.OS) {
			o.Routines[1].Status = "retired"
			o.Routines = append(o.Routines, routines.Routine{ID: "a", Title: "A"})
			o.Priorities[1].Status = "done"
		}, `routines: retire "gym", add "a"; priorities: mark "x" done`},
		{"several with one verb share it", func(o *routines.OS) {
			o.Priorities[0].Status = "done"
			o.Priorities[1].Status = "done"
		}, `priorities: mark "keynote-draft", "x" done`},
		{"several with settings", func(o *routines.OS) {
			o.Settings.Priorities.Limit = 4
			o.Themes = o.Themes[:2]
		}, `os: set priorities.limit; themes: remove "old"`},
		{"several, shortened", func(o *routines.OS) {
			for i := range 12 {
				o.Routines = append(o.Routines, routines.Routine{ID: fmt.Sprintf("routine-%d", i), Title: fmt.Sprint(i)})
			}
		}, `routines: add "routine-0", "routine-1", "routine-2" and 9 more changes`},
		{"one more change", func(o *routines.OS) {
			o.Routines = append(o.Routines,
				routines.Routine{ID: "routine-one-aaa", Title: "A"},
				routines.Routine{ID: "routine-two-bbb", Title: "B"},
				routines.Routine{ID: "a-much-longer-routine-id-here-x", Title: "C"})
		}, `routines: add "routine-one-aaa", "routine-two-bbb" and 1 more change`},
	}
	for _, tt := range tests {
		old, new := changed(tt.change)
		got := Subject(Diff(old, new))
		if got != tt.want {
			t.Errorf("%s: Subject() = %q, want %q", tt.name, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > SubjectWidth {
			t.Errorf("%s: Subject() is %d long, want at most %d", tt.name, n, SubjectWidth)
		}
	}
}

func TestSubjectEdges(t *testing.T) {
	long := strings.Repeat("x", 60)
	tests := []struct {
		name    string
		changes []Change
		want    string
	}{
		{"no changes", nil, ""},
		{"detail dropped when too long", []Change{{Kind: routines.KindRoutine, ID: long, Op: OpAdd,
			Fields: []FieldChange{{Key: "cadence", New: "daily"}, {Key: "at", New: "22:30"}}}},
			`routines: add "` + long + `"`},
		{"over the width when the id is", []Change{{Kind: routines.KindTheme, ID: long + "yyyyyy", Op: OpRemove}},
			`themes: remove "` + long + `yyyyyy"`},
		{"counts when nothing fits", []Change{
			{Kind: routines.KindTheme, ID: long, Op: OpRemove},
			{Kind: routines.KindBlock, ID: "a", Op: OpRemove},
			{Kind: routines.KindEvent, ID: "b", Op: OpRemove},
		}, `themes: 1 change; calendar: 2 changes`},
		{"status from none", []Change{{Kind: routines.KindPriority, ID: "x", Op: OpChange,
			Fields: []FieldChange{{Key: "status", Old: "", New: "doing"}}}}, `priorities: mark "x" doing`},
		{"move an event's date and time", []Change{{Kind: routines.KindEvent, ID: "talk", Op: OpChange, Fields: []FieldChange{
			{Key: "date", Old: date("2026-12-03"), New: date("2026-12-04")}, {Key: "start", Old: "10:00", New: "11:00"}, {Key: "end", Old: "11:00", New: "12:00"}}}},
			`calendar: move "talk" 2026-12-03 10:00–11:00 → 2026-12-04 11:00–12:00`},
		{"move an event's date and end", []Change{{Kind: routines.KindEvent, ID: "talk", Op: OpChange, Fields: []FieldChange{
			{Key: "date", Old: date("2026-12-03"), New: date("2026-12-04")}, {Key: "end", Old: "11:00", New: "12:00"}}}},
			`calendar: move "talk" 2026-12-03 end 11:00 → 2026-12-04 end 12:00`},
		{"a time from none is not a move", []Change{{Kind: routines.KindEvent, ID: "talk", Op: OpChange, Fields: []FieldChange{
			{Key: "start", Old: "", New: "09:00"}}}},
			`calendar: change "talk" start none→09:00`},
		{"many settings", Diff(nil, &routines.OS{Settings: base().Settings}), `os: set 9 settings`},
	}
	for _, tt := range tests {
		if got := Subject(tt.changes); got != tt.want {
			t.Errorf("%s: Subject() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSubjectFromNothing(t *testing.T) {
	got := Subject(Diff(nil, base()))
	want := `os: set 9 settings; themes: add "health" and 9 more changes`
	if got != want {
		t.Errorf("Subject(Diff(nil, base)) = %q, want %q", got, want)
	}
}

func TestMessage(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *routines.OS)
		want   string
	}{
		{"nothing", func(o *routines.OS) {}, ""},
		{"one add is the subject alone", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read", Cadence: "daily", At: "21:00", Status: "active"})
		}, `routines: add "read" (daily at 21:00)`},
		{"one field is the subject alone", func(o *routines.OS) { o.Priorities[0].Status = "done" },
			`priorities: "keynote-draft" doing→done`},
		{"one value the subject does not show has a body", func(o *routines.OS) { o.Routines[0].Why = strings.Repeat("Rest well, ", 4) },
			"routines: change \"sleep\" (why)\n\nroutine sleep: why none → \"Rest well, Rest well, Rest well, Rest well, \""},
		{"one change of several fields has a body", func(o *routines.OS) { o.Routines[0].At, o.Routines[0].Duration = "22:00", "7h30m" },
			"routines: change \"sleep\" (at, duration)\n\nroutine sleep: at 22:30 → 22:00; duration 8h → 7h30m"},
		{"several changes have a body", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read", Cadence: "daily"})
			o.Blocks[0].Start, o.Blocks[0].End = "12:30", "13:15"
			o.Themes = o.Themes[:2]
		}, `themes: remove "old"; routines: add "read"; calendar: move "lunch"

theme "old" removed
routine "read" added (daily)
block lunch: start 12:00 → 12:30; end 12:45 → 13:15`},
	}
	for _, tt := range tests {
		old, new := changed(tt.change)
		if got := Message(Diff(old, new)); got != tt.want {
			t.Errorf("%s: Message() =\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

func TestCompressDays(t *testing.T) {
	tests := []struct {
		days []string
		want string
	}{
		{nil, ""},
		{[]string{"mon", "tue", "wed", "thu", "fri"}, "mon–fri"},
		{[]string{"sat", "sun"}, "weekends"},
		{[]string{"sun", "sat"}, "weekends"},
		{[]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "daily"},
		{[]string{"mon", "wed", "fri"}, "mon,wed,fri"},
		{[]string{"mon", "tue"}, "mon,tue"},
		{[]string{"fri", "mon", "tue", "wed"}, "mon–wed,fri"},
		{[]string{"fri", "sat", "sun"}, "fri–sun"},
		{[]string{"mon", "sat", "sun"}, "mon,sat,sun"},
		{[]string{"tue", "tue"}, "tue"},
		{[]string{"mon", "funday"}, "mon,funday"},
	}
	for _, tt := range tests {
		if got := compressDays(tt.days); got != tt.want {
			t.Errorf("compressDays(%q) = %q, want %q", tt.days, got, tt.want)
		}
	}
}

// TestSubjectNoControlCharacters guards commit subjects and body lines
// against raw control characters from values: a line break in a name or a
// horizon would split the subject, a carriage return or escape would
// garble a terminal.
func TestSubjectNoControlCharacters(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *routines.OS)
		want   string
	}{
		{"name with a line break", func(o *routines.OS) { o.Settings.Name = "Andy\nOS" },
			`os: set name AndyOS→"Andy\nOS"`},
		{"name with a carriage return", func(o *routines.OS) { o.Settings.Name = "Andy\rOS" },
			`os: set name AndyOS→"Andy\rOS"`},
		{"owner with an escape", func(o *routines.OS) { o.Settings.Owner = "\x1b[31mX" },
			`os: set owner Andy→"\x1b[31mX"`},
		{"owner with DEL and a C1 control", func(o *routines.OS) { o.Settings.Owner = "A\x7fB\u0085" },
			`os: set owner Andy→"A\x7fB\u0085"`},
		{"prompts", func(o *routines.OS) { o.Settings.Review.Prompts = []string{"One\ntwo?"} },
			`os: set review.prompts What is the one thing today?→"One\ntwo?"`},
		{"horizon of a new theme", func(o *routines.OS) {
			o.Themes = append(o.Themes, routines.Theme{ID: "t", Title: "T", Horizon: "Q4\r\n2026"})
		}, `themes: add "t" (Q4\r\n2026)`},
		{"title change", func(o *routines.OS) { o.Routines[0].Title = "A\tB" },
			`routines: change "sleep" title "Go to sleep on time"→"A\tB"`},
	}
	for _, tt := range tests {
		old, new := changed(tt.change)
		changes := Diff(old, new)
		if got := Subject(changes); got != tt.want {
			t.Errorf("%s: Subject() = %q, want %q", tt.name, got, tt.want)
		}
		for _, c := range changes {
			if s := c.String(); strings.ContainsFunc(s, unicode.IsControl) {
				t.Errorf("%s: Change.String() = %q, want no control characters", tt.name, s)
			}
		}
	}
}
