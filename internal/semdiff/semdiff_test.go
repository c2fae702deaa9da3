package semdiff

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

func date(s string) routines.Date {
	d, err := routines.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func datePtr(s string) *routines.Date {
	d := date(s)
	return &d
}

// base is a small, complete OS that the tests change.
func base() *routines.OS {
	render := true
	return &routines.OS{
		Settings: routines.Settings{Name: "AndyOS", Owner: "Andy", Timezone: "Europe/Helsinki", WeekStart: "mon", Render: &render,
			Calendar:   routines.CalendarSettings{Grid: "15m"},
			Priorities: routines.PrioritySettings{Limit: 3},
			Review:     routines.ReviewSettings{WeeklyDay: "fri", Prompts: []string{"What is the one thing today?"}}},
		Themes: []routines.Theme{
			{ID: "health", Title: "Health", Status: routines.ThemeActive},
			{ID: "supply-chain", Title: "Secure software supply chains", Horizon: "2026-Q4", Status: routines.ThemeActive},
			{ID: "old", Title: "Old story", Status: routines.ThemePaused},
		},
		Routines: []routines.Routine{
			{ID: "sleep", Title: "Go to sleep on time", Cadence: "daily", At: "22:30", Duration: "8h", Theme: "health", Status: routines.RoutineActive},
			{ID: "gym", Title: "Gym", Cadence: "weekly on mon,thu", At: "07:00", Duration: "1h", Theme: "health", Status: routines.RoutineActive},
		},
		Priorities: []routines.Priority{
			{ID: "keynote-draft", Title: "Draft the keynote", Theme: "supply-chain", Status: routines.PriorityDoing, Rank: 1, Due: datePtr("2026-12-01")},
			{ID: "x", Title: "Something else", Theme: "supply-chain", Status: routines.PriorityNext, Rank: 2},
		},
		Blocks: []routines.Block{
			{ID: "lunch", Title: "Lunch, away from the desk", Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "12:00", End: "12:45", Theme: "health", Kind: routines.BlockBreak},
			{ID: "standup", Title: "Standup", Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "09:00", End: "09:15", Kind: routines.BlockMeeting},
		},
		Events: []routines.Event{
			{ID: "devops-keynote", Title: "Keynote: supply chain security", Date: date("2026-12-03"), Start: "10:00", End: "11:00", Theme: "supply-chain"},
		},
	}
}

// clone copies an OS deeply enough for the tests to change the copy.
func clone(o *routines.OS) *routines.OS {
	c := *o
	c.Themes = slices.Clone(o.Themes)
	c.Routines = slices.Clone(o.Routines)
	c.Priorities = slices.Clone(o.Priorities)
	c.Blocks = slices.Clone(o.Blocks)
	c.Events = slices.Clone(o.Events)
	c.Settings.Review.Prompts = slices.Clone(o.Settings.Review.Prompts)
	for _, k := range routines.Kinds() {
		for _, it := range c.Items(k) {
			switch x := it.(type) {
			case *routines.Block:
				x.Days = slices.Clone(x.Days)
				x.Formerly = slices.Clone(x.Formerly)
			case *routines.Routine:
				x.Formerly = slices.Clone(x.Formerly)
			case *routines.Priority:
				x.Due = routines.CloneItem(x).(*routines.Priority).Due
				x.DeferredUntil = routines.CloneItem(x).(*routines.Priority).DeferredUntil
				x.Formerly = slices.Clone(x.Formerly)
			case *routines.Theme:
				x.Formerly = slices.Clone(x.Formerly)
			}
		}
	}
	return &c
}

// changed returns base and a copy of it changed by f.
func changed(f func(o *routines.OS)) (*routines.OS, *routines.OS) {
	old := base()
	new := clone(old)
	f(new)
	return old, new
}

// summary is a change in a form that is short to write in a table.
func summary(cs []Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%s %s %s", c.Op, c.Kind, c.ID)
		if c.OldID != "" {
			out[i] += " was " + c.OldID
		}
	}
	return out
}

func TestDiffSame(t *testing.T) {
	if got := Diff(base(), base()); len(got) != 0 {
		t.Errorf("Diff of equal OSes = %q, want none", summary(got))
	}
	if got := Diff(nil, nil); len(got) != 0 {
		t.Errorf("Diff(nil, nil) = %q, want none", summary(got))
	}
	if got := Diff(nil, &routines.OS{}); len(got) != 0 {
		t.Errorf("Diff(nil, empty) = %q, want none", summary(got))
	}
}

func TestDiffIgnoresPositions(t *testing.T) {
	old, new := changed(func(o *routines.OS) {
		o.Routines[0].Meta.Line = 40
		o.Routines[0], o.Routines[1] = o.Routines[1], o.Routines[0]
	})
	if got := Diff(old, new); len(got) != 0 {
		t.Errorf("Diff after moving items in their file = %q, want none", summary(got))
	}
}

func TestDiffOrder(t *testing.T) {
	old, new := changed(func(o *routines.OS) {
		// Out of kind order on purpose: the diff orders them.
		o.Events = append(o.Events, routines.Event{ID: "trip", Title: "Trip", Date: date("2027-01-10")})
		o.Blocks = o.Blocks[1:] // remove lunch
		o.Blocks[0].End = "09:30"
		o.Routines = append([]routines.Routine{{ID: "read", Title: "Read", Cadence: "daily"}}, o.Routines...)
		o.Routines[2].Status = routines.RoutineRetired // gym
		o.Routines = append(o.Routines, routines.Routine{ID: "walk", Title: "Walk", Cadence: "daily"})
		o.Themes = o.Themes[:2]
		o.Priorities = append(o.Priorities[:0], o.Priorities[1]) // remove keynote-draft
		o.Settings.Priorities.Limit = 4
		o.Settings.Name = "MyOS"
	})
	want := []string{
		"change os ",
		"remove theme old",
		"add routine read",
		"change routine gym",
		"add routine walk",
		"remove priority keynote-draft",
		"change block standup",
		"remove block lunch",
		"add event trip",
	}
	got := Diff(old, new)
	if !slices.Equal(summary(got), want) {
		t.Errorf("Diff order:\ngot  %q\nwant %q", summary(got), want)
	}
	wantOS := []FieldChange{{"name", "AndyOS", "MyOS"}, {"priorities.limit", 3, 4}}
	if !reflect.DeepEqual(got[0].Fields, wantOS) {
		t.Errorf("os fields = %#v, want %#v", got[0].Fields, wantOS)
	}
}

func TestDiffFields(t *testing.T) {
	old, new := changed(func(o *routines.OS) {
		o.Routines[0].At = "22:00"
		o.Routines[0].Duration = "7h30m"
		o.Routines[0].Since = datePtr("2026-01-05")
		o.Priorities[0].Due = nil
		o.Blocks[0].Days = []string{"mon", "wed"}
		o.Themes = append(o.Themes, routines.Theme{ID: "new", Title: "New", Horizon: "2027"})
	})
	tests := []struct {
		kind routines.Kind
		id   string
		op   Op
		want []FieldChange
	}{
		{routines.KindRoutine, "sleep", OpChange, []FieldChange{{"at", "22:30", "22:00"}, {"duration", "8h", "7h30m"}, {"since", nil, date("2026-01-05")}}},
		{routines.KindPriority, "keynote-draft", OpChange, []FieldChange{{"due", date("2026-12-01"), nil}}},
		{routines.KindBlock, "lunch", OpChange, []FieldChange{{"days", []string{"mon", "tue", "wed", "thu", "fri"}, []string{"mon", "wed"}}}},
		{routines.KindTheme, "new", OpAdd, []FieldChange{{"id", nil, "new"}, {"title", nil, "New"}, {"horizon", nil, "2027"}}},
	}
	got := Diff(old, new)
	if len(got) != len(tests) {
		t.Fatalf("Diff = %q, want %d changes", summary(got), len(tests))
	}
	for _, tt := range tests {
		i := slices.IndexFunc(got, func(c Change) bool { return c.Kind == tt.kind && c.ID == tt.id })
		if i < 0 {
			t.Errorf("no change for %s %s in %q", tt.kind, tt.id, summary(got))
			continue
		}
		if got[i].Op != tt.op || !reflect.DeepEqual(got[i].Fields, tt.want) {
			t.Errorf("%s %s: got %s %#v, want %s %#v", tt.kind, tt.id, got[i].Op, got[i].Fields, tt.op, tt.want)
		}
	}
}

func TestDiffRemoveKeepsFields(t *testing.T) {
	old, new := changed(func(o *routines.OS) { o.Themes = o.Themes[:2] })
	got := Diff(old, new)
	want := []FieldChange{{"id", "old", nil}, {"title", "Old story", nil}, {"status", "paused", nil}}
	if len(got) != 1 || got[0].Title != "Old story" || !reflect.DeepEqual(got[0].Fields, want) {
		t.Errorf("Diff = %#v, want one remove of \"old\" with fields %#v", got, want)
	}
}

func TestDiffFromNothing(t *testing.T) {
	got := Diff(nil, base())
	if len(got) != 11 {
		t.Fatalf("Diff(nil, base) has %d changes, want 11 (settings and 10 items): %q", len(got), summary(got))
	}
	if got[0].Kind != KindOS || got[0].Op != OpChange || len(got[0].Fields) != 9 {
		t.Errorf("first change = %s %s with %d fields, want a change of os with 9 fields", got[0].Op, got[0].Kind, len(got[0].Fields))
	}
	for _, c := range got[1:] {
		if c.Op != OpAdd {
			t.Errorf("%s %s: op %s, want add", c.Kind, c.ID, c.Op)
		}
	}
	back := Diff(base(), nil)
	for _, c := range back[1:] {
		if c.Op != OpRemove {
			t.Errorf("Diff(base, nil): %s %s: op %s, want remove", c.Kind, c.ID, c.Op)
		}
	}
}

func TestDiffRenames(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *routines.OS)
		want   []string
	}{
		{"same title is a rename", func(o *routines.OS) { o.Routines[0].ID = "rest" },
			[]string{"change routine rest was sleep"}},
		{"rename with another change", func(o *routines.OS) { o.Routines[0].ID = "rest"; o.Routines[0].At = "22:00" },
			[]string{"change routine rest was sleep"}},
		{"new title is remove and add", func(o *routines.OS) { o.Routines[0].ID = "rest"; o.Routines[0].Title = "Rest" },
			[]string{"add routine rest", "remove routine sleep"}},
		// A routine renamed and retitled at once says which id it had:
		// its history and its review answers follow it.
		{"new title with the old id in formerly is a rename", func(o *routines.OS) {
			r := &o.Routines[0]
			r.ID, r.Title, r.Formerly = "rest", "Rest", []string{"sleep"}
		}, []string{"change routine rest was sleep"}},
		{"formerly wins over a title shared with another", func(o *routines.OS) {
			o.Routines[0].ID, o.Routines[0].Title, o.Routines[0].Formerly = "rest", "Gym", []string{"sleep"}
			o.Routines[1].ID = "lift" // same title, "Gym": a rename by title
		}, []string{"change routine rest was sleep", "change routine lift was gym"}},
		// Themes, priorities and blocks keep their former ids too.
		{"a theme renamed and retitled, its old id in formerly", func(o *routines.OS) {
			th := &o.Themes[0]
			th.ID, th.Title, th.Formerly = "energy", "Energy", []string{"health"}
		}, []string{"change theme energy was health"}},
		{"a priority renamed and retitled, its old id in formerly", func(o *routines.OS) {
			p := &o.Priorities[1]
			p.ID, p.Title, p.Formerly = "y", "Something new", []string{"x"}
		}, []string{"change priority y was x"}},
		{"a block renamed and retitled, its old id in formerly", func(o *routines.OS) {
			b := &o.Blocks[0]
			b.ID, b.Title, b.Formerly = "long-lunch", "A long lunch", []string{"lunch"}
		}, []string{"change block long-lunch was lunch"}},
		{"formerly naming an id not removed is an add", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "nap", Title: "Nap", Formerly: []string{"siesta"}})
		}, []string{"add routine nap"}},
		{"no rename across kinds", func(o *routines.OS) {
			o.Themes = append(o.Themes, routines.Theme{ID: "gym-theme", Title: "Gym"})
			o.Routines = o.Routines[:1]
		}, []string{"add theme gym-theme", "remove routine gym"}},
		{"ambiguous titles stay apart", func(o *routines.OS) {
			o.Blocks[0].ID, o.Blocks[0].Title = "a", "Same"
			o.Blocks[1].ID, o.Blocks[1].Title = "b", "Same"
		}, []string{"add block a", "add block b", "remove block lunch", "remove block standup"}},
	}
	for _, tt := range tests {
		old, new := changed(tt.change)
		got := Diff(old, new)
		if !slices.Equal(summary(got), tt.want) {
			t.Errorf("%s: Diff = %q, want %q", tt.name, summary(got), tt.want)
		}
	}
	old, new := changed(func(o *routines.OS) { o.Routines[0].ID = "rest"; o.Routines[0].At = "22:00" })
	c := Diff(old, new)[0]
	want := []FieldChange{{"id", "sleep", "rest"}, {"at", "22:30", "22:00"}}
	if !reflect.DeepEqual(c.Fields, want) {
		t.Errorf("rename fields = %#v, want %#v", c.Fields, want)
	}
}

// TestDiffUnrecordedRenames: a rename told by the title alone is
// Unrecorded, for advice to list the old id in formerly, only for a kind
// that has formerly. An event has none: advice to add it asked for a key
// that is an error in calendar.toml.
func TestDiffUnrecordedRenames(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *routines.OS)
		want   bool
	}{
		{"a routine renamed by hand", func(o *routines.OS) { o.Routines[0].ID = "rest" }, true},
		{"a routine renamed, the old id in formerly", func(o *routines.OS) {
			o.Routines[0].ID, o.Routines[0].Formerly = "rest", []string{"sleep"}
		}, false},
		{"a block renamed by hand", func(o *routines.OS) { o.Blocks[0].ID = "long-lunch" }, true},
		{"an event renamed by hand", func(o *routines.OS) { o.Events[0].ID = "keynote-dec" }, false},
	}
	for _, tt := range tests {
		old, new := changed(tt.change)
		cs := Diff(old, new)
		if len(cs) != 1 || cs[0].OldID == "" {
			t.Fatalf("%s: Diff = %q, want one rename", tt.name, summary(cs))
		}
		if got := cs[0].Unrecorded; got != tt.want {
			t.Errorf("%s: Unrecorded = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestDiffDuplicateIDs guards against losing items when a hand edit left two
// items with one id: each is still accounted for.
func TestDiffDuplicateIDs(t *testing.T) {
	old, new := changed(func(o *routines.OS) {
		o.Routines = append(o.Routines, routines.Routine{ID: "sleep", Title: "Nap", Cadence: "weekends"})
	})
	if got, want := summary(Diff(old, new)), []string{"add routine sleep"}; !slices.Equal(got, want) {
		t.Errorf("Diff = %q, want %q", got, want)
	}
	if got, want := summary(Diff(new, old)), []string{"remove routine sleep"}; !slices.Equal(got, want) {
		t.Errorf("Diff back = %q, want %q", got, want)
	}
}

func TestChangeString(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *routines.OS)
		want   string
	}{
		{"add routine", func(o *routines.OS) {
			o.Routines = append(o.Routines, routines.Routine{ID: "read", Title: "Read", Cadence: "daily", At: "21:00"})
		}, `routine "read" added (daily at 21:00)`},
		{"add theme without detail", func(o *routines.OS) {
			o.Themes = append(o.Themes, routines.Theme{ID: "t", Title: "T"})
		}, `theme "t" added`},
		{"remove block", func(o *routines.OS) { o.Blocks = o.Blocks[:1] }, `block "standup" removed`},
		{"change routine", func(o *routines.OS) { o.Routines[0].At = "22:00"; o.Routines[0].Duration = "7h30m" },
			`routine sleep: at 22:30 → 22:00; duration 8h → 7h30m`},
		{"values with spaces are quoted", func(o *routines.OS) { o.Routines[0].Title = "Sleep on time" },
			`routine sleep: title "Go to sleep on time" → "Sleep on time"`},
		{"unset values read none", func(o *routines.OS) { o.Routines[0].Why = "Rest"; o.Routines[0].At = "" },
			`routine sleep: why none → Rest; at 22:30 → none`},
		{"dates and lists", func(o *routines.OS) { o.Priorities[0].Due = datePtr("2026-12-05"); o.Priorities[0].Rank = 0 },
			`priority keynote-draft: rank 1 → 0; due 2026-12-01 → 2026-12-05`},
		{"days", func(o *routines.OS) { o.Blocks[0].Days = []string{"sat"} },
			`block lunch: days mon,tue,wed,thu,fri → sat`},
		{"long values are cut", func(o *routines.OS) {
			o.Themes[0].Narrative = "Every talk, post and experiment this quarter moves this story on, and then some more."
		}, `theme health: narrative none → "Every talk, post and experiment this quarter moves this s…"`},
		// Cut by columns between whole characters, before quoting: a
		// family emoji of five code points is kept or left out, never
		// split, and the quotes close. (Its joiners are invisible, so they
		// are written as escapes.)
		{"long values are cut between characters", func(o *routines.OS) {
			o.Themes[0].Narrative = "Family time: " + strings.Repeat("👨\u200d👩\u200d👧 ", 30)
		}, `theme health: narrative none → "Family time: ` + strings.Repeat(`👨\u200d👩\u200d👧 `, 14) + `👨\u200d👩\u200d👧…"`},
		{"settings", func(o *routines.OS) { o.Settings.Priorities.Limit = 4 }, `os: priorities.limit 3 → 4`},
		{"prompts", func(o *routines.OS) { o.Settings.Review.Prompts = append(o.Settings.Review.Prompts, "Why?") },
			`os: review.prompts "What is the one thing today?" → "What is the one thing today?",Why?`},
		{"render", func(o *routines.OS) { o.Settings.Render = nil }, `os: render true → none`},
		// The former id a rename keeps says no more than the id does;
		// former ids that came another way are a change to tell.
		{"rename keeping the former id", func(o *routines.OS) { o.Themes[0].ID, o.Themes[0].Formerly = "energy", []string{"health"} },
			`theme energy: id health → energy`},
		{"rename keeping the former id, and change", func(o *routines.OS) {
			o.Blocks[0].ID, o.Blocks[0].Formerly, o.Blocks[0].End = "long-lunch", []string{"lunch"}, "13:00"
		}, `block long-lunch: id lunch → long-lunch; end 12:45 → 13:00`},
		{"rename with other former ids", func(o *routines.OS) { o.Routines[0].ID, o.Routines[0].Formerly = "rest", []string{"bed"} },
			`routine rest: id sleep → rest; formerly none → bed`},
	}
	for _, tt := range tests {
		old, new := changed(tt.change)
		cs := Diff(old, new)
		if len(cs) != 1 {
			t.Errorf("%s: Diff = %q, want one change", tt.name, summary(cs))
			continue
		}
		if got := cs[0].String(); got != tt.want {
			t.Errorf("%s: String() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// bigOS has 40 routines, 60 blocks, 200 priorities and 30 themes.
func bigOS() *routines.OS {
	o := base()
	o.Themes, o.Routines, o.Priorities, o.Blocks = nil, nil, nil, nil
	for i := range 30 {
		o.Themes = append(o.Themes, routines.Theme{ID: fmt.Sprintf("theme-%d", i), Title: fmt.Sprintf("Theme %d", i),
			Narrative: "A story that the work of this quarter moves on.", Horizon: "2026-Q4", Status: routines.ThemeActive})
	}
	for i := range 40 {
		o.Routines = append(o.Routines, routines.Routine{ID: fmt.Sprintf("routine-%d", i), Title: fmt.Sprintf("Routine %d", i),
			Why: "Because it helps", Cadence: "weekly on mon,thu", At: "07:00", Duration: "45m",
			Theme: fmt.Sprintf("theme-%d", i%30), Status: routines.RoutineActive, Since: datePtr("2026-01-05")})
	}
	for i := range 200 {
		o.Priorities = append(o.Priorities, routines.Priority{ID: fmt.Sprintf("priority-%d", i), Title: fmt.Sprintf("Priority %d", i),
			Theme: fmt.Sprintf("theme-%d", i%30), Status: routines.PriorityNext, Rank: i + 1, Due: datePtr("2026-12-01")})
	}
	for i := range 60 {
		o.Blocks = append(o.Blocks, routines.Block{ID: fmt.Sprintf("block-%d", i), Title: fmt.Sprintf("Block %d", i),
			Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "09:00", End: "10:00", Theme: fmt.Sprintf("theme-%d", i%30), Kind: routines.BlockFocus})
	}
	return o
}

func BenchmarkDiff(b *testing.B) {
	old := bigOS()
	new := bigOS()
	new.Routines[17].At = "07:30"
	new.Priorities[150].Status = routines.PriorityDoing
	new.Blocks = append(new.Blocks[:30], new.Blocks[31:]...)
	if n := len(Diff(old, new)); n != 3 {
		b.Fatalf("Diff found %d changes, want 3", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

// TestChangeStringLongLists guards against a change of a long list that
// read the same on both sides of the arrow, both cut after 60 columns:
// a prompt the team added read as "What did we…" → "What did we…".
func TestChangeStringLongLists(t *testing.T) {
	long := []string{"What did we finish this week, and what only got started?", "Did the pager wake anyone up?"}
	tests := []struct {
		name     string
		old, new []string
		want     string
	}{
		{"added", long, append(slices.Clone(long), "Who needs help?"), `os: review.prompts +"Who needs help?"`},
		{"added and removed", long, []string{long[0], "Who needs help?"}, `os: review.prompts +"Who needs help?" -"Did the pager wake anyone up?"`},
		{"reordered", append(slices.Clone(long), "Why?"), append(slices.Clone(long[:1]), "Why?", long[1]), `os: review.prompts reordered`},
	}
	for _, tt := range tests {
		c := Change{Kind: KindOS, Op: OpChange, Fields: []FieldChange{{Key: "review.prompts", Old: tt.old, New: tt.new}}}
		if got := c.String(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestChangeStringLongValues guards against a long value edited past the
// cut that read the same on both sides of the arrow: a why changed near
// its end read "Because the team needs a steady hand through the migra…"
// → "Because the team needs a steady hand through the migra…".
func TestChangeStringLongValues(t *testing.T) {
	const why = "Because the team needs a steady hand through the migration, and "
	tests := []struct {
		name     string
		old, new any
		want     string
	}{
		{"edited near the end", why + "I can give it", why + "I can lead it",
			`priority keynote-draft: why "…and I can give it" → "…and I can lead it"`},
		{"edited early", why + "I can give it", strings.Replace(why, "steady", "calm", 1) + "I can give it",
			`priority keynote-draft: why "Because the team needs a steady hand through the migratio…" → "Because the team needs a calm hand through the migration,…"`},
		{"unset", nil, why + "I can give it",
			`priority keynote-draft: why none → "Because the team needs a steady hand through the migratio…"`},
		{"a list element edited near its end", []string{why + "I can give it", "Why?"}, []string{why + "I can lead it", "Why?"},
			`priority keynote-draft: why +"…and I can lead it" -"…and I can give it"`},
	}
	for _, tt := range tests {
		c := Change{Kind: routines.KindPriority, ID: "keynote-draft", Op: OpChange, Fields: []FieldChange{{Key: "why", Old: tt.old, New: tt.new}}}
		if got := c.String(); got != tt.want {
			t.Errorf("%s: String() = %q, want %q", tt.name, got, tt.want)
		}
		// The log's details tell a field's change in the same words.
		if got, want := c.Detail(), strings.TrimPrefix(tt.want, "priority keynote-draft: "); got != want {
			t.Errorf("%s: Detail() = %q, want %q", tt.name, got, want)
		}
	}
}

// TestCutPair holds cutPair to its cuts: values that fit are whole, values
// that differ early keep their starts, and values that differ late show
// from a few words before the difference.
func TestCutPair(t *testing.T) {
	const why = "Because the team needs a steady hand through the migration, and "
	words := strings.Repeat("one more word ", 8)
	cjk := strings.Repeat("会議の準備と資料作成", 4)
	fam := "👨\u200d👩\u200d👧"
	famTime := "Family time: " + strings.Repeat(fam+" ", 25)
	tests := []struct {
		name             string
		old, new         string
		wantOld, wantNew string
	}{
		{"short values are whole", "Rest", "Rest is earned", "Rest", "Rest is earned"},
		{"one short, one long", "Rest", why, "Rest", "Because the team needs a steady hand through the migratio…"},
		{"the same", why + "I can", why + "I can",
			"Because the team needs a steady hand through the migratio…", "Because the team needs a steady hand through the migratio…"},
		{"a difference at the start", why + "I can give it", "Why: " + why + "I can give it",
			"Because the team needs a steady hand through the migratio…", "Why: Because the team needs a steady hand through the mig…"},
		{"a difference in the first two thirds", why + "I can give it", strings.Replace(why, "steady", "calm", 1) + "I can give it",
			"Because the team needs a steady hand through the migratio…", "Because the team needs a calm hand through the migration,…"},
		{"a difference in the last third", why + "I can give it", strings.Replace(why, "migration", "move", 1) + "I can give it",
			"…hand through the migration, and I can give it", "…hand through the move, and I can give it"},
		{"a difference past the cut", why + "I can give it", why + "I can lead it", "…and I can give it", "…and I can lead it"},
		{"one ends where the other goes on", why + "I can", why + "I can lead it", "…and I can", "…and I can lead it"},
		// A value that fits is whole, whatever the other.
		{"one fits, the other goes on", why[:41], why + "I can lead it", why[:41], "…a steady hand through the migration, and I can lead it"},
		{"one fits, the other goes on by a letter", why[:58], why[:58] + "x", why[:58], "…the migrationx"},
		{"a shared start longer than the room", words + "a", words + "b", "…word one more word a", "…word one more word b"},
		{"a shared start without spaces", "Plan: " + strings.Repeat("x", 70) + "a", "Plan: " + strings.Repeat("x", 70) + "b",
			"…xxxxxxxxxxxxxxxxxxxa", "…xxxxxxxxxxxxxxxxxxxb"},
		{"wide characters at the end", cjk + "です", cjk + "だ", "…議の準備と資料作成です", "…議の準備と資料作成だ"},
		{"wide characters in the middle", cjk[:len(cjk)/2] + "です" + cjk, cjk[:len(cjk)/2] + "だ" + cjk,
			"…議の準備と資料作成です会議の準備と資料作成会議の準備と資…", "…議の準備と資料作成だ会議の準備と資料作成会議の準備と資料…"},
		{"emoji", famTime + "🎉", famTime + "🎂",
			"…" + strings.Repeat(fam+" ", 6) + "🎉", "…" + strings.Repeat(fam+" ", 6) + "🎂"},
		// A family of three and a family of two share a start of bytes,
		// but not a character: neither is cut in half.
		{"emoji that share bytes", famTime + fam, famTime + "👨\u200d👩",
			"…" + strings.Repeat(fam+" ", 6) + fam, "…" + strings.Repeat(fam+" ", 6) + "👨\u200d👩"},
		{"invalid UTF-8", why + "I can \xff it", why + "I can \xfe it", "…and I can \xff it", "…and I can \xfe it"},
		{"invalid UTF-8 at the end", why + "I can \xff", why + "I can \xff\xfe", "…and I can \xff", "…and I can \xff\xfe"},
	}
	for _, tt := range tests {
		gotOld, gotNew := cutPair(tt.old, tt.new, valueCols)
		if gotOld != tt.wantOld || gotNew != tt.wantNew {
			t.Errorf("%s: cutPair = %q, %q; want %q, %q", tt.name, gotOld, gotNew, tt.wantOld, tt.wantNew)
		}
		checkCutPair(t, tt.old, tt.new, valueCols, gotOld, gotNew)
	}
}

// checkCutPair checks what cutPair promises of any two values: each side
// fits in n columns, is whole or cut with a "…", and the two sides differ
// when the values do.
func checkCutPair(t *testing.T, old, new string, n int, gotOld, gotNew string) {
	t.Helper()
	for _, side := range []struct{ value, got string }{{old, gotOld}, {new, gotNew}} {
		if w := textwidth.Width(side.got); w > n {
			t.Errorf("cutPair(%q, %q, %d): %q is %d columns", old, new, n, side.got, w)
		}
		if textwidth.Width(side.value) <= n && side.got != side.value {
			t.Errorf("cutPair(%q, %q, %d): %q fits, but reads %q", old, new, n, side.value, side.got)
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(side.got, ellipsis), ellipsis)
		if side.got != side.value && !strings.Contains(side.value, strings.TrimRight(inner, " ")) {
			t.Errorf("cutPair(%q, %q, %d): %q is not a part of the value", old, new, n, side.got)
		}
	}
	if old != new && gotOld == gotNew {
		t.Errorf("cutPair(%q, %q, %d): both read %q", old, new, n, gotOld)
	}
}

// FuzzCutPair checks checkCutPair's promises on any two values, made of a
// start they share and what each has after it, and any room from the
// least cutPair needs to more than a line has.
func FuzzCutPair(f *testing.F) {
	const why = "Because the team needs a steady hand through the migration, and "
	for _, s := range [][3]string{
		{"", "Rest", "Rest is earned"},
		{why, "I can give it", "I can lead it"},
		{why, "I can", "I can lead it"},
		{"Why: ", why, why},
		{strings.Repeat("x", 70), "a", "b"},
		{strings.Repeat("会議", 30), "です", "だ"},
		{strings.Repeat("👨\u200d👩\u200d👧 ", 29), "👨\u200d👩\u200d👧", "👨\u200d👩"},
		{why, "e\u0301", "e"},
		{why, "     ", "      x"},
		{why, "I can \xff", "I can \xff\xfe"},
		{why, "\x01\u0301", "\x01"},
	} {
		f.Add(s[0], s[1], s[2], valueCols)
	}
	f.Fuzz(func(t *testing.T, start, old, new string, n int) {
		n = minPairCols + ((n-minPairCols)%100+100)%100
		old, new = start+old, start+new
		gotOld, gotNew := cutPair(old, new, n)
		checkCutPair(t, old, new, n, gotOld, gotNew)
	})
}

// A value that is the word "none" is not read as unset.
func TestChangeStringNoneValue(t *testing.T) {
	c := Change{Kind: routines.KindBlock, ID: "lunch", Op: OpChange, Fields: []FieldChange{{Key: "kind", Old: nil, New: "none"}}}
	if got, want := c.String(), `block lunch: kind none → "none"`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
