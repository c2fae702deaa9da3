package routines

import (
	"os"
	"reflect"
	"testing"
)

// snapshotOSes are OSes a snapshot must give back exactly: the examples,
// one with every field set, nil and empty slices, and an empty one.
func snapshotOSes(t *testing.T) map[string]*OS {
	t.Helper()
	out := map[string]*OS{}
	for _, dir := range []string{"../examples/calendar-first", "../examples/tasks-first"} {
		o, err := Load(os.DirFS(dir))
		if o == nil {
			t.Fatalf("Load %s: %v", dir, err)
		}
		out[dir] = o
	}
	full, errs := ParseFiles(map[string][]byte{
		FileOS: []byte(`name = "Full"
owner = "Ö"
timezone = "Europe/Helsinki"
week_start = "sun"
render = false
[calendar]
grid = "30m"
[priorities]
limit = 0
[review]
weekly_day = "mon"
prompts = []
`),
		FileRoutines: []byte(`[[routine]]
id = "r"
title = "R"
why = "because"
cadence = "every 2 weeks on fri"
at = "06:00"
duration = "1h30m"
theme = "t"
status = "paused"
since = 2020-02-29
notes = """two
lines"""
formerly = ["q", "s"]
`),
		FilePriorities: []byte(`[[priority]]
id = "p"
title = "P"
theme = "t"
status = "doing"
rank = 3
due = 1999-12-31
started = 2026-01-01
deferred_until = 2026-02-01
defer_reason = "later"
deferrals = -2
notes = "n"
formerly = ["o"]
`),
		FileCalendar: []byte(`[[block]]
id = "b"
title = "B"
days = []
start = "09:00"
end = "10:00"
theme = "t"
kind = "focus"
notes = "x"
formerly = ["a", "c"]

[[event]]
id = "e"
title = "E"
date = 2026-12-03
start = "10:00"
end = "11:00"
theme = "t"
notes = "y"
`),
		FileThemes: []byte("[[theme]]\nid = \"t\"\ntitle = \"T\"\nnarrative = \"N\"\nhorizon = \"2026-Q4\"\nstatus = \"done\"\nnotes = \"z\"\nformerly = [\"u\"]\n"),
	})
	if len(errs) > 0 {
		t.Fatalf("ParseFiles: %v", errs)
	}
	out["every field"] = full
	empty := &OS{Themes: []Theme{}, Blocks: []Block{{ID: "nil days"}, {ID: "no days", Days: []string{}}}}
	empty.Settings.Review.Prompts = []string{}
	out["empty slices"] = empty
	out["zero"] = &OS{}
	return out
}

func TestSnapshotRoundTrip(t *testing.T) {
	for name, o := range snapshotOSes(t) {
		b := AppendSnapshot(nil, o)
		got, err := ReadSnapshot(b)
		if err != nil {
			t.Errorf("%s: ReadSnapshot: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, o) {
			t.Errorf("%s: got %+v, want %+v", name, got, o)
		}
		if again := AppendSnapshot(nil, got); string(again) != string(b) {
			t.Errorf("%s: a snapshot of the snapshot differs", name)
		}
	}
}

func TestSnapshotRefusesDamage(t *testing.T) {
	o := snapshotOSes(t)["../examples/tasks-first"]
	b := AppendSnapshot(nil, o)
	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"another version", append([]byte{snapshotVersion + 1}, b[1:]...)},
		{"truncated", b[:len(b)/2]},
		{"one byte short", b[:len(b)-1]},
		{"bytes left over", append(append([]byte{}, b...), 0)},
		{"huge count", append([]byte{snapshotVersion, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x7f}, b[1:]...)},
	} {
		if got, err := ReadSnapshot(bad.data); err == nil {
			t.Errorf("%s: got %v, want an error", bad.name, got)
		}
	}
	// Every cut is refused, and no flipped byte makes it panic.
	for i := range b {
		if _, err := ReadSnapshot(b[:i]); err == nil {
			t.Errorf("cut at %d of %d: got no error", i, len(b))
		}
		flipped := append([]byte{}, b...)
		flipped[i] ^= 0xff
		ReadSnapshot(flipped)
	}
}

// TestSnapshotKnowsEveryField fails when a field is added to the model
// without being added to the snapshot: AppendSnapshot and ReadSnapshot
// name every field one by one, and this list is what they name.
func TestSnapshotKnowsEveryField(t *testing.T) {
	want := map[reflect.Type]int{
		reflect.TypeOf(OS{}):               6,
		reflect.TypeOf(Settings{}):         9,
		reflect.TypeOf(CalendarSettings{}): 2,
		reflect.TypeOf(PrioritySettings{}): 2,
		reflect.TypeOf(ReviewSettings{}):   3,
		reflect.TypeOf(Theme{}):            8,
		reflect.TypeOf(Routine{}):          12,
		reflect.TypeOf(Priority{}):         13,
		reflect.TypeOf(Block{}):            10,
		reflect.TypeOf(Event{}):            8,
		reflect.TypeOf(Meta{}):             3,
		reflect.TypeOf(Date{}):             3,
		reflect.TypeOf(Pos{}):              2,
	}
	for typ, n := range want {
		if typ.NumField() != n {
			t.Errorf("%s has %d fields, the snapshot writes %d: add the new ones to snapshot.go", typ, typ.NumField(), n)
		}
	}
}

func BenchmarkReadSnapshot(b *testing.B) {
	o, err := Load(os.DirFS("../examples/tasks-first"))
	if err != nil {
		b.Fatal(err)
	}
	data := AppendSnapshot(nil, o)
	for b.Loop() {
		if _, err := ReadSnapshot(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSnapshotCurrent(t *testing.T) {
	b := AppendSnapshot(nil, &OS{})
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"this version", b, true},
		{"another version", append([]byte{snapshotVersion + 1}, b[1:]...), false},
		{"empty", nil, false},
	} {
		if got := SnapshotCurrent(tc.data); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}
