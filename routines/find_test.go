package routines

import (
	"os"
	"slices"
	"testing"
)

// TestFind: Find returns the very item of each kind that Items lists,
// for every id, and nil for an id or kind it does not have.
func TestFind(t *testing.T) {
	o, err := Load(os.DirFS("../examples/calendar-first"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []Kind{KindRoutine, KindPriority, KindBlock, KindEvent, KindTheme} {
		items := o.Items(k)
		if len(items) == 0 {
			t.Errorf("%v: the example has none to find", k)
		}
		for _, it := range items {
			if got := o.Find(k, it.ItemID()); got != it {
				t.Errorf("%v %s: got %v, want the item Items lists", k, it.ItemID(), got)
			}
		}
		if got := o.Find(k, "no-such-item"); got != nil {
			t.Errorf("%v: a missing id found %v", k, got)
		}
	}
	if got := o.Find(Kind("task"), "x"); got != nil {
		t.Errorf("an unknown kind: found %v", got)
	}
	if n := testing.AllocsPerRun(100, func() { o.Find(KindTheme, "no-such-item") }); n != 0 {
		t.Errorf("Find allocates %v times", n)
	}
}

// TestRenamed: the item whose formerly lists an id is found by it, of
// its own kind only, and no item by its id now or by an id none of them
// had; events keep no former ids.
func TestRenamed(t *testing.T) {
	o, err := LoadFiles(map[string][]byte{FileOS: []byte(goodOS), FileRoutines: []byte(`[[routine]]
id = "rest"
title = "Rest"
cadence = "daily"
formerly = ["bed", "sleep"]

[[routine]]
id = "walk"
title = "Walk"
cadence = "daily"
`), FileThemes: []byte(`[[theme]]
id = "energy"
title = "Energy"
formerly = ["health"]
`), FilePriorities: []byte(`[[priority]]
id = "standing-desk"
title = "A standing desk"
formerly = ["desk"]
`), FileCalendar: []byte(`[[block]]
id = "long-lunch"
title = "Lunch"
days = ["mon"]
start = "12:00"
end = "13:00"
formerly = ["lunch"]
`)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind     Kind
		id, want string
	}{
		{KindRoutine, "sleep", "rest"},
		{KindRoutine, "bed", "rest"},
		{KindRoutine, "rest", ""},
		{KindRoutine, "walk", ""},
		{KindRoutine, "nap", ""},
		{KindTheme, "health", "energy"},
		{KindPriority, "desk", "standing-desk"},
		{KindBlock, "lunch", "long-lunch"},
		{KindRoutine, "health", ""},
		{KindBlock, "desk", ""},
		{KindEvent, "lunch", ""},
	}
	for _, tt := range tests {
		got := ""
		if it := o.Renamed(tt.kind, tt.id); it != nil {
			got = it.ItemID()
			if it.ItemKind() != tt.kind {
				t.Errorf("Renamed(%s, %q): got a %s", tt.kind, tt.id, it.ItemKind())
			}
		}
		if got != tt.want {
			t.Errorf("Renamed(%s, %q): got %q, want %q", tt.kind, tt.id, got, tt.want)
		}
	}
}

func TestFormerlyAfterRename(t *testing.T) {
	tests := []struct {
		name     string
		formerly []string
		from, to string
		want     []string
	}{
		{"first rename", nil, "sleep", "rest", []string{"sleep"}},
		{"a later one comes last", []string{"bed"}, "sleep", "rest", []string{"bed", "sleep"}},
		{"back to an id it had", []string{"sleep"}, "rest", "sleep", []string{"rest"}},
		{"back to the oldest", []string{"bed", "sleep"}, "rest", "bed", []string{"sleep", "rest"}},
		{"from an id listed by hand", []string{"rest"}, "rest", "nap", []string{"rest"}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.formerly)
		got := FormerlyAfterRename(in, tt.from, tt.to)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		if !slices.Equal(in, tt.formerly) {
			t.Errorf("%s: the list given changed to %q", tt.name, in)
		}
	}
}
