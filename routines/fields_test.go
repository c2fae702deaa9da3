package routines

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func testDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func testDatePtr(s string) *Date {
	d := testDate(s)
	return &d
}

// fullItems has one item of each kind with every field set.
func fullItems() []Item {
	return []Item{
		&Routine{ID: "sleep", Title: "Go to sleep on time", Why: "Rest, first", Cadence: "every 2 weeks on fri", At: "22:30",
			Duration: "8h", Theme: "health", Status: RoutineActive, Since: testDatePtr("2026-01-02"), Notes: "no screens, after 22:00",
			Formerly: []string{"bed", "rest"}},
		&Priority{ID: "keynote-draft", Title: "Draft the keynote", Theme: "supply-chain", Status: PriorityDoing, Rank: 1,
			Due: testDatePtr("2026-12-01"), Started: testDatePtr("2026-11-02"), DeferredUntil: testDatePtr("2026-11-20"),
			DeferReason: "waiting for the venue", Deferrals: 2, Notes: "outline first", Formerly: []string{"keynote"}},
		&Block{ID: "lunch", Title: "Lunch, away from the desk", Days: []string{"mon", "tue", "wed", "thu", "fri"},
			Start: "12:00", End: "12:45", Theme: "health", Kind: BlockBreak, Notes: "walk", Formerly: []string{"midday"}},
		&Event{ID: "devops-keynote", Title: "Keynote", Date: testDate("2026-12-03"), Start: "10:00", End: "11:00",
			Theme: "supply-chain", Notes: "hall B"},
		&Theme{ID: "supply-chain", Title: "Secure software supply chains", Narrative: "Every talk moves this story on.",
			Horizon: "2026-Q4", Status: ThemeActive, Notes: "q4", Formerly: []string{"security"}},
	}
}

func TestFieldNames(t *testing.T) {
	tests := []struct {
		kind Kind
		want []string
	}{
		{KindRoutine, []string{"id", "title", "why", "cadence", "at", "duration", "theme", "status", "since", "notes", "formerly"}},
		{KindPriority, []string{"id", "title", "theme", "status", "rank", "due", "started", "deferred_until", "defer_reason", "deferrals", "notes", "formerly"}},
		{KindBlock, []string{"id", "title", "days", "start", "end", "theme", "kind", "notes", "formerly"}},
		{KindEvent, []string{"id", "title", "date", "start", "end", "theme", "notes"}},
		{KindTheme, []string{"id", "title", "narrative", "horizon", "status", "notes", "formerly"}},
		{Kind("task"), nil},
	}
	for _, tt := range tests {
		if got := FieldNames(tt.kind); !slices.Equal(got, tt.want) {
			t.Errorf("FieldNames(%q) = %q, want %q", tt.kind, got, tt.want)
		}
	}
}

func TestFieldNamesIsACopy(t *testing.T) {
	FieldNames(KindRoutine)[0] = "changed"
	if got := FieldNames(KindRoutine)[0]; got != "id" {
		t.Errorf("after changing a returned slice, FieldNames(routine)[0] = %q, want \"id\"", got)
	}
}

func TestSettingsFieldNames(t *testing.T) {
	want := []string{"name", "owner", "timezone", "week_start", "render", "calendar.grid", "priorities.limit", "review.weekly_day", "review.prompts"}
	if got := SettingsFieldNames(); !slices.Equal(got, want) {
		t.Errorf("SettingsFieldNames() = %q, want %q", got, want)
	}
}

func TestFields(t *testing.T) {
	tests := []struct {
		name string
		item Item
		want []Field
	}{
		{"zero routine has id and title", &Routine{}, []Field{{"id", ""}, {"title", ""}}},
		{"routine", &Routine{ID: "sleep", Title: "Sleep", Cadence: "daily", At: "22:30", Since: testDatePtr("2026-01-01")},
			[]Field{{"id", "sleep"}, {"title", "Sleep"}, {"cadence", "daily"}, {"at", "22:30"}, {"since", testDate("2026-01-01")}}},
		{"priority with zero rank", &Priority{ID: "p", Title: "P", Status: "next", Deferrals: 1},
			[]Field{{"id", "p"}, {"title", "P"}, {"status", "next"}, {"deferrals", 1}}},
		{"block", &Block{ID: "b", Title: "B", Days: []string{"sat", "sun"}, Start: "09:00"},
			[]Field{{"id", "b"}, {"title", "B"}, {"days", []string{"sat", "sun"}}, {"start", "09:00"}}},
		{"block with empty days", &Block{ID: "b", Title: "B", Days: []string{}},
			[]Field{{"id", "b"}, {"title", "B"}}},
		{"event", &Event{ID: "e", Title: "E", Date: testDate("2026-12-03")},
			[]Field{{"id", "e"}, {"title", "E"}, {"date", testDate("2026-12-03")}}},
		{"theme", &Theme{ID: "t", Title: "T", Horizon: "2026-Q4"},
			[]Field{{"id", "t"}, {"title", "T"}, {"horizon", "2026-Q4"}}},
		{"nil item", nil, nil},
		{"nil pointer", (*Routine)(nil), nil},
	}
	for _, tt := range tests {
		if got := Fields(tt.item); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Fields() = %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

func TestSettingsFields(t *testing.T) {
	f := false
	s := &Settings{Name: "AndyOS", Render: &f, Calendar: CalendarSettings{Grid: "15m"},
		Priorities: PrioritySettings{Limit: 3}, Review: ReviewSettings{Prompts: []string{"One thing?", "Put off, on purpose?"}}}
	want := []Field{{"name", "AndyOS"}, {"render", false}, {"calendar.grid", "15m"}, {"priorities.limit", 3},
		{"review.prompts", []string{"One thing?", "Put off, on purpose?"}}}
	if got := SettingsFields(s); !reflect.DeepEqual(got, want) {
		t.Errorf("SettingsFields() = %#v, want %#v", got, want)
	}
	if got := SettingsFields(&Settings{}); len(got) != 0 {
		t.Errorf("SettingsFields(zero) = %#v, want none", got)
	}
}

func TestFieldValue(t *testing.T) {
	items := fullItems()
	tests := []struct {
		item   Item
		key    string
		want   any
		wantOK bool
	}{
		{items[0], "at", "22:30", true},
		{items[0], "since", testDate("2026-01-02"), true},
		{&Routine{}, "since", nil, true},
		{&Routine{}, "at", "", true},
		{items[0], "cadance", nil, false},
		{items[1], "rank", 1, true},
		{items[1], "deferred_until", testDate("2026-11-20"), true},
		{&Priority{}, "rank", 0, true},
		{items[2], "days", []string{"mon", "tue", "wed", "thu", "fri"}, true},
		{&Block{}, "days", []string(nil), true},
		{items[3], "date", testDate("2026-12-03"), true},
		{&Event{}, "date", Date{}, true},
		{items[4], "narrative", "Every talk moves this story on.", true},
		{items[4], "meta", nil, false},
		{nil, "id", nil, false},
	}
	for _, tt := range tests {
		got, ok := FieldValue(tt.item, tt.key)
		if ok != tt.wantOK || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FieldValue(%T, %q) = %#v, %v; want %#v, %v", tt.item, tt.key, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestFieldValueListIsACopy(t *testing.T) {
	b := &Block{Days: []string{"mon"}}
	v, _ := FieldValue(b, "days")
	v.([]string)[0] = "sun"
	if b.Days[0] != "mon" {
		t.Errorf("changing the value FieldValue returned changed the block: got %q, want \"mon\"", b.Days[0])
	}
}

func TestSettingsFieldValue(t *testing.T) {
	tr := true
	s := &Settings{Render: &tr, Review: ReviewSettings{WeeklyDay: "fri"}}
	tests := []struct {
		s      *Settings
		key    string
		want   any
		wantOK bool
	}{
		{s, "render", true, true},
		{&Settings{}, "render", nil, true},
		{s, "review.weekly_day", "fri", true},
		{s, "weekly_day", nil, false},
		{nil, "name", nil, false},
	}
	for _, tt := range tests {
		got, ok := SettingsFieldValue(tt.s, tt.key)
		if ok != tt.wantOK || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SettingsFieldValue(%q) = %#v, %v; want %#v, %v", tt.key, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestFormatValue(t *testing.T) {
	tr := true
	tests := []struct {
		v    any
		want string
	}{
		{nil, ""},
		{"22:30", "22:30"},
		{"", ""},
		{3, "3"},
		{0, "0"},
		{true, "true"},
		{false, "false"},
		{&tr, "true"},
		{(*bool)(nil), ""},
		{testDate("2026-12-01"), "2026-12-01"},
		{Date{}, ""},
		{testDatePtr("2026-02-03"), "2026-02-03"},
		{(*Date)(nil), ""},
		{[]string{"mon", "tue"}, "mon,tue"},
		{[]string(nil), ""},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.v); got != tt.want {
			t.Errorf("FormatValue(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestSetField(t *testing.T) {
	tests := []struct {
		kind    Kind
		key     string
		text    string
		want    any
		wantErr string
	}{
		// strings, as they are
		{KindRoutine, "id", "rest", "rest", ""},
		{KindRoutine, "title", " Sleep on time ", " Sleep on time ", ""},
		{KindRoutine, "cadence", "weekly on mon,thu", "weekly on mon,thu", ""},
		{KindTheme, "narrative", "", "", ""},
		// ints
		{KindPriority, "rank", "2", 2, ""},
		{KindPriority, "rank", " 3 ", 3, ""},
		{KindPriority, "rank", "-1", -1, ""},
		{KindPriority, "rank", "", 0, ""},
		{KindPriority, "rank", "x", nil, `rank: want a whole number, got "x"`},
		{KindPriority, "deferrals", "1.5", nil, `deferrals: want a whole number, got "1.5"`},
		{KindPriority, "rank", "99999999999", nil, `rank: want a whole number, got "99999999999"`},
		// dates
		{KindPriority, "due", "2026-12-01", testDate("2026-12-01"), ""},
		{KindPriority, "due", "", nil, ""},
		{KindPriority, "due", "1 Dec", nil, `due: bad date "1 Dec": want YYYY-MM-DD`},
		{KindRoutine, "since", "2026-02-30", nil, `since: bad date "2026-02-30": February 2026 has 28 days`},
		{KindEvent, "date", "2026-12-03", testDate("2026-12-03"), ""},
		{KindEvent, "date", "", Date{}, ""},
		{KindEvent, "date", "tomorrow", nil, `date: bad date "tomorrow": want YYYY-MM-DD`},
		// lists
		{KindBlock, "days", "mon,tue", []string{"mon", "tue"}, ""},
		{KindBlock, "days", " mon , wed ,, fri ", []string{"mon", "wed", "fri"}, ""},
		{KindBlock, "days", "", []string(nil), ""},
		// unknown keys
		{KindRoutine, "cadance", "daily", nil, `unknown field "cadance" for routine (did you mean "cadence"?)`},
		{KindPriority, "stauts", "done", nil, `unknown field "stauts" for priority (did you mean "status"?)`},
		{KindBlock, "xyz", "1", nil, `unknown field "xyz" for block`},
		{KindEvent, "meta", "1", nil, `unknown field "meta" for event`},
	}
	for _, tt := range tests {
		it := NewItem(tt.kind)
		err := SetField(it, tt.key, tt.text)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("SetField(%s, %q, %q) error = %v, want %q", tt.kind, tt.key, tt.text, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("SetField(%s, %q, %q) error = %v, want none", tt.kind, tt.key, tt.text, err)
			continue
		}
		if got, _ := FieldValue(it, tt.key); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SetField(%s, %q, %q): got %#v, want %#v", tt.kind, tt.key, tt.text, got, tt.want)
		}
	}
}

func TestSetFieldClearsDate(t *testing.T) {
	p := &Priority{Due: testDatePtr("2026-12-01")}
	if err := SetField(p, "due", ""); err != nil {
		t.Fatalf("SetField(due, \"\") error = %v, want none", err)
	}
	if p.Due != nil {
		t.Errorf("after clearing, Due = %v, want nil", p.Due)
	}
}

func TestSetFieldNotAnItem(t *testing.T) {
	if err := SetField(nil, "id", "x"); err == nil {
		t.Errorf("SetField(nil) error = nil, want an error")
	}
	if err := SetField((*Theme)(nil), "id", "x"); err == nil {
		t.Errorf("SetField((*Theme)(nil)) error = nil, want an error")
	}
}

func TestSetSettingsField(t *testing.T) {
	tests := []struct {
		key     string
		text    string
		want    any
		wantErr string
	}{
		{"name", "AndyOS", "AndyOS", ""},
		{"render", "true", true, ""},
		{"render", "no", false, ""},
		{"render", "", nil, ""},
		{"render", "maybe", nil, `render: want true or false (or yes or no), got "maybe"`},
		{"calendar.grid", "30m", "30m", ""},
		{"priorities.limit", "4", 4, ""},
		{"priorities.limit", "four", nil, `priorities.limit: want a whole number, got "four"`},
		{"review.weekly_day", "fri", "fri", ""},
		{"review.prompts", "What is the one thing today?; What will I put off, on purpose?",
			[]string{"What is the one thing today?", "What will I put off, on purpose?"}, ""},
		{"review.prompts", "", []string(nil), ""},
		{"limit", "3", nil, `unknown field "limit" in os.toml (did you mean "priorities.limit"?)`},
		{"calendar.gird", "15m", nil, `unknown field "calendar.gird" in os.toml (did you mean "calendar.grid"?)`},
		{"calendar", "15m", nil, `unknown field "calendar" in os.toml (did you mean "calendar.grid"?)`},
		{"colour", "yes", nil, `unknown field "colour" in os.toml`},
	}
	for _, tt := range tests {
		s := &Settings{}
		err := SetSettingsField(s, tt.key, tt.text)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("SetSettingsField(%q, %q) error = %v, want %q", tt.key, tt.text, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("SetSettingsField(%q, %q) error = %v, want none", tt.key, tt.text, err)
			continue
		}
		if got, _ := SettingsFieldValue(s, tt.key); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SetSettingsField(%q, %q): got %#v, want %#v", tt.key, tt.text, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	routine := FieldNames(KindRoutine)
	tests := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"cadance", routine, "cadence"},
		{"titel", routine, "title"},
		{"stauts", FieldNames(KindPriority), "status"},
		{"xyz", routine, ""},
		{"xyz", FieldNames(KindBlock), ""},
		{"Title", routine, "title"},
		{"dur", routine, "duration"},
		{"deferred", FieldNames(KindPriority), "deferred_until"},
		{"du", routine, ""},
		{"tiem", []string{"time", "team"}, "time"},
		{"limit", SettingsFieldNames(), "priorities.limit"},
		{"weekly_days", SettingsFieldNames(), "review.weekly_day"},
		{"", routine, ""},
		{"anything", nil, ""},
		{"dayz", []string{"days"}, "days"},
		{"zzzz", []string{"days"}, ""},
		// The singular for the plural and back: a table named like its
		// neighbour ([priority] for [priorities] in os.toml), three edits
		// away.
		{"priority", []string{"name", "calendar", "priorities", "review"}, "priorities"},
		{"priorities", []string{"priority"}, "priority"},
		{"Routines", []string{"routine"}, "routine"},
		{"boxes", []string{"box"}, "box"},
		{"ys", []string{"ies"}, ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"cadance", "cadence", 1},
		{"titel", "title", 1},
		{"stauts", "status", 1},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3},
		{"pä", "pa", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestFieldRoundTrip guards the promise that SetField reads back what
// FormatValue writes, for every field of every kind.
func TestFieldRoundTrip(t *testing.T) {
	for _, it := range fullItems() {
		fields := Fields(it)
		if got, want := len(fields), len(FieldNames(it.ItemKind())); got != want {
			t.Errorf("%s: a full item has %d fields set, want %d", it.ItemKind(), got, want)
		}
		back := NewItem(it.ItemKind())
		for _, f := range fields {
			if err := SetField(back, f.Key, FormatValue(f.Value)); err != nil {
				t.Errorf("%s: SetField(%q, %q) error = %v, want none", it.ItemKind(), f.Key, FormatValue(f.Value), err)
			}
		}
		if !reflect.DeepEqual(back, it) {
			t.Errorf("%s: round trip got %#v, want %#v", it.ItemKind(), back, it)
		}
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	f := false
	s := &Settings{Name: "AndyOS", Owner: "Andy", Timezone: "Europe/Helsinki", WeekStart: "mon", Render: &f,
		Calendar: CalendarSettings{Grid: "15m"}, Priorities: PrioritySettings{Limit: 3},
		Review: ReviewSettings{WeeklyDay: "fri", Prompts: []string{"What is the one thing today?", "What will I put off, on purpose?"}}}
	back := &Settings{}
	for _, fl := range SettingsFields(s) {
		text := FormatValue(fl.Value)
		if list, ok := fl.Value.([]string); ok {
			text = strings.Join(list, "; ")
		}
		if err := SetSettingsField(back, fl.Key, text); err != nil {
			t.Errorf("SetSettingsField(%q, %q) error = %v, want none", fl.Key, text, err)
		}
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("round trip got %#v, want %#v", back, s)
	}
}

func TestNewItem(t *testing.T) {
	for _, k := range Kinds() {
		it := NewItem(k)
		if it == nil || it.ItemKind() != k {
			t.Errorf("NewItem(%q) = %#v, want a zero item of that kind", k, it)
			continue
		}
		if got := Fields(it); len(got) != 2 {
			t.Errorf("NewItem(%q) has fields %#v set, want only id and title", k, got)
		}
	}
	if it := NewItem("task"); it != nil {
		t.Errorf("NewItem(\"task\") = %#v, want nil", it)
	}
}

func TestCloneItem(t *testing.T) {
	for _, it := range fullItems() {
		c := CloneItem(it)
		if !reflect.DeepEqual(c, it) {
			t.Errorf("%s: clone %#v, want %#v", it.ItemKind(), c, it)
			continue
		}
		// Change every field of the clone, in place where it is a pointer
		// or a list, and check that the original keeps its values.
		before := Fields(CloneItem(it))
		switch x := c.(type) {
		case *Routine:
			x.Since.Day = 9
		case *Priority:
			x.Due.Day, x.Started.Day, x.DeferredUntil.Day = 9, 9, 9
		case *Block:
			x.Days[0] = "sun"
		}
		for _, f := range FieldNames(it.ItemKind()) {
			if f == "since" || f == "due" || f == "started" || f == "deferred_until" || f == "days" {
				continue
			}
			if err := SetField(c, f, ""); err != nil {
				t.Fatalf("SetField(%q) error = %v", f, err)
			}
		}
		if got := Fields(it); !reflect.DeepEqual(got, before) {
			t.Errorf("%s: after changing the clone, original fields = %#v, want %#v", it.ItemKind(), got, before)
		}
	}
	if c := CloneItem(nil); c != nil {
		t.Errorf("CloneItem(nil) = %#v, want nil", c)
	}
	if c := CloneItem((*Block)(nil)); c != nil {
		t.Errorf("CloneItem((*Block)(nil)) = %#v, want nil", c)
	}
}

func TestCloneItemMeta(t *testing.T) {
	r := &Routine{ID: "a", Meta: Meta{File: FileRoutines, Line: 3, keys: []keyPos{{"id", Pos{4, 1}}}}}
	c := CloneItem(r).(*Routine)
	c.Meta.keys[0].pos = Pos{9, 9}
	if got := r.Meta.KeyPos("id"); got != (Pos{4, 1}) {
		t.Errorf("after changing the clone's positions, original KeyPos(id) = %v, want {4 1}", got)
	}
}

func TestChangedFields(t *testing.T) {
	due := testDatePtr("2026-12-01")
	tests := []struct {
		name string
		a, b Item
		want []string
	}{
		{"same", fullItems()[0], fullItems()[0], nil},
		{"positions do not count", &Routine{ID: "a", Meta: Meta{Line: 1}}, &Routine{ID: "a", Meta: Meta{Line: 9}}, nil},
		{"strings", &Routine{ID: "a", At: "22:30", Duration: "8h"}, &Routine{ID: "a", At: "22:00", Duration: "8h", Why: "x"},
			[]string{"why", "at"}},
		{"dates by value", &Priority{Due: due}, &Priority{Due: testDatePtr("2026-12-01")}, nil},
		{"date set", &Priority{}, &Priority{Due: due, Rank: 1}, []string{"rank", "due"}},
		{"date moved", &Priority{Due: due}, &Priority{Due: testDatePtr("2026-12-02")}, []string{"due"}},
		{"event date", &Event{Date: testDate("2026-12-03")}, &Event{Date: testDate("2026-12-04")}, []string{"date"}},
		{"nil and empty list", &Block{Days: nil}, &Block{Days: []string{}}, nil},
		{"list", &Block{Days: []string{"mon"}}, &Block{Days: []string{"tue"}}, []string{"days"}},
		{"list length", &Block{Days: []string{"mon"}}, &Block{Days: []string{"mon", "tue"}}, []string{"days"}},
		{"different kinds", &Theme{}, &Routine{}, FieldNames(KindTheme)},
		{"nil", nil, &Routine{}, nil},
	}
	for _, tt := range tests {
		got := ChangedFields(tt.a, tt.b)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: ChangedFields() = %q, want %q", tt.name, got, tt.want)
		}
		if eq := EqualFields(tt.a, tt.b); eq != (len(tt.want) == 0 && tt.a != nil) {
			t.Errorf("%s: EqualFields() = %v, want %v", tt.name, eq, !eq)
		}
	}
}

func TestChangedSettingsFields(t *testing.T) {
	tr, f := true, false
	tests := []struct {
		a, b Settings
		want []string
	}{
		{Settings{}, Settings{}, nil},
		{Settings{Render: &tr}, Settings{Render: &f}, []string{"render"}},
		{Settings{Render: &tr}, Settings{}, []string{"render"}},
		{Settings{Priorities: PrioritySettings{Limit: 3}}, Settings{Priorities: PrioritySettings{Limit: 4}, Name: "x"}, []string{"name", "priorities.limit"}},
		{Settings{Review: ReviewSettings{Prompts: []string{"a"}}}, Settings{Review: ReviewSettings{Prompts: []string{"a", "b"}}}, []string{"review.prompts"}},
	}
	for _, tt := range tests {
		if got := ChangedSettingsFields(&tt.a, &tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("ChangedSettingsFields(%+v, %+v) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// FuzzSetField checks that any text either is refused or sets a value that
// FormatValue writes back to the same value.
func FuzzSetField(f *testing.F) {
	f.Add(0, 0, "daily")
	f.Add(1, 4, " 3 ")
	f.Add(1, 5, "2026-12-01")
	f.Add(2, 2, " mon , ,tue")
	f.Add(3, 2, "2026-02-30")
	f.Add(4, 0, "é\x00")
	f.Fuzz(func(t *testing.T, kind, field int, text string) {
		kinds := Kinds()
		k := kinds[uint(kind)%uint(len(kinds))]
		names := FieldNames(k)
		key := names[uint(field)%uint(len(names))]
		it := NewItem(k)
		if err := SetField(it, key, text); err != nil {
			return
		}
		v, _ := FieldValue(it, key)
		again := NewItem(k)
		if err := SetField(again, key, FormatValue(v)); err != nil {
			t.Fatalf("%s %s: SetField(%q) of FormatValue(%#v) error = %v, want none", k, key, FormatValue(v), v, err)
		}
		if w, _ := FieldValue(again, key); !reflect.DeepEqual(w, v) {
			t.Fatalf("%s %s: text %q gave %#v, its FormatValue %q gave %#v", k, key, text, v, FormatValue(v), w)
		}
	})
}

func FuzzSuggest(f *testing.F) {
	f.Add("cadance")
	f.Add("")
	f.Add("lïmit")
	f.Fuzz(func(t *testing.T, word string) {
		candidates := append(FieldNames(KindPriority), SettingsFieldNames()...)
		if s := Suggest(word, candidates); s != "" && !slices.Contains(candidates, s) {
			t.Fatalf("Suggest(%q) = %q, want a candidate or \"\"", word, s)
		}
	})
}

// TestSuggestDay guards the suggestion for a day written other than as
// its three letters: "tuesday" and "monday" were too far from "tue" and
// "mon" for Suggest, and got none.
func TestSuggestDay(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"tuesday", "tue"},
		{"Monday", "mon"},
		{"sunday", "sun"},
		{"wendesday", "wed"},
		{"thurs", "thu"},
		{"tues", "tue"},
		{"mno", "mon"},
		{"Fri", "fri"},
		{"weekdays", ""},
		{"someday", ""},
		{"", ""},
		// Regression: by the whole word these were two edits from
		// "monday", and a cadence "weekly on today" was asked "did you
		// mean mon?".
		{"today", ""},
		{"Today", ""},
		{"midday", ""},
		{"mayday", ""},
		{"sonday", ""}, // as near to sunday as to monday
		{"wensday", "wed"},
		{"fryday", "fri"},
		{"satday", "sat"},
		{"tuesdays", "tue"},
		{"thursdy", "thu"},
		{"days", ""},
	} {
		if got := SuggestDay(tc.in); got != tc.want {
			t.Errorf("SuggestDay(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
