package semdiff

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/myos-dev/myos/routines"
)

func routineTOML(id, at, duration string) string {
	s := fmt.Sprintf("[[routine]]\nid = %q\ntitle = \"Go to sleep on time\"\ncadence = \"daily\"\nat = %q\n", id, at)
	if duration != "" {
		s += fmt.Sprintf("duration = %q\n", duration)
	}
	return s
}

const gymTOML = "[[routine]]\nid = \"gym\"\ntitle = \"Gym\"\ncadence = \"weekly on mon\"\n"

// fileHistory is routines.toml over seven commits, newest first, as
// Revisions and the blobs they name.
func fileHistory() ([]Revision, map[string]string) {
	blobs := map[string]string{
		"v1": routineTOML("sleep", "22:30", "8h"),
		"v2": routineTOML("sleep", "22:00", "8h"),
		"v3": routineTOML("sleep", "22:00", "8h") + gymTOML,
		"v4": "[[routine]\nid = \"sleep\"\n", // not TOML
		"v5": routineTOML("sleep", "22:00", "7h") + gymTOML,
		"v6": routineTOML("rest", "22:00", "7h") + gymTOML, // renamed
		"v7": gymTOML,
	}
	revs := []Revision{
		{"r7", "v7", "v6"},
		{"r6", "v6", "v5"},
		{"r5", "v5", "v4"},
		{"r4", "v4", "v3"},
		{"r3", "v3", "v2"},
		{"r2", "v2", "v1"},
		{"r1", "v1", ""},
	}
	return revs, blobs
}

func TestItemHistory(t *testing.T) {
	revs, blobs := fileHistory()
	tests := []struct {
		id   string
		want []string
	}{
		{"rest", []string{
			"r7 removed",
			"r6 renamed sleep → rest",
			"r5 duration 8h → 7h", // across the unreadable v4
			"r2 at 22:30 → 22:00",
			"r1 added (daily at 22:30)",
		}},
		{"sleep", []string{ // gone at HEAD: its history ends in a rename
			"r6 renamed sleep → rest",
			"r5 duration 8h → 7h",
			"r2 at 22:30 → 22:00",
			"r1 added (daily at 22:30)",
		}},
		{"gym", []string{"r3 added (weekly on mon)"}},
		{"nothing", nil},
	}
	for _, tt := range tests {
		reads := map[string]int{}
		read := func(blob string) ([]byte, error) {
			reads[blob]++
			s, ok := blobs[blob]
			if !ok {
				return nil, fmt.Errorf("no blob %s", blob)
			}
			return []byte(s), nil
		}
		entries, err := ItemHistory(routines.KindRoutine, tt.id, revs, read)
		if err != nil {
			t.Fatalf("ItemHistory(%s): %v", tt.id, err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Commit+" "+e.Change.Detail())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ItemHistory(%s):\ngot  %q\nwant %q", tt.id, got, tt.want)
		}
		for blob, n := range reads {
			if n != 1 {
				t.Errorf("ItemHistory(%s) read blob %s %d times, want once", tt.id, blob, n)
			}
		}
	}
}

func TestItemHistoryErrors(t *testing.T) {
	revs, _ := fileHistory()
	failing := func(blob string) ([]byte, error) { return nil, fmt.Errorf("disk on fire") }
	if _, err := ItemHistory(routines.KindRoutine, "sleep", revs, failing); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("ItemHistory with a failing read: got %v, want the read's error", err)
	}
	if _, err := ItemHistory(routines.Kind("task"), "x", revs, failing); err == nil {
		t.Errorf("ItemHistory of an unknown kind succeeded, want an error")
	}
}

func TestDiffFiles(t *testing.T) {
	osTOML := "name = \"A\"\ntimezone = \"UTC\"\n"
	tests := []struct {
		name           string
		old, new       map[string][]byte
		want           []string
		wantUnreadable []string
	}{
		{
			name: "one field",
			old:  map[string][]byte{routines.FileOS: []byte(osTOML), routines.FileRoutines: []byte(routineTOML("sleep", "22:30", ""))},
			new:  map[string][]byte{routines.FileOS: []byte(osTOML), routines.FileRoutines: []byte(routineTOML("sleep", "22:00", ""))},
			want: []string{"routine sleep: at 22:30 → 22:00"},
		},
		{
			name:           "a broken file is left out, not removed",
			old:            map[string][]byte{routines.FileOS: []byte(osTOML), routines.FileRoutines: []byte(routineTOML("sleep", "22:30", "")), routines.FileThemes: []byte("[[theme]]\nid = \"h\"\ntitle = \"H\"\n")},
			new:            map[string][]byte{routines.FileOS: []byte(osTOML), routines.FileRoutines: []byte("[[routine]\n"), routines.FileThemes: []byte("[[theme]]\nid = \"h\"\ntitle = \"Health\"\n")},
			want:           []string{"theme h: title H → Health"},
			wantUnreadable: []string{routines.FileRoutines},
		},
		{
			name: "invalid values still compare",
			old:  map[string][]byte{routines.FileRoutines: []byte(routineTOML("sleep", "22:30", ""))},
			new:  map[string][]byte{routines.FileRoutines: []byte(routineTOML("sleep", "25:99", "") + "cadance = \"x\"\n")},
			want: []string{"routine sleep: at 22:30 → 25:99"},
		},
		{
			name: "from nothing",
			old:  nil,
			new:  map[string][]byte{routines.FileRoutines: []byte(gymTOML)},
			want: []string{`routine "gym" added (weekly on mon)`},
		},
		{
			name: "file deleted",
			old:  map[string][]byte{routines.FileRoutines: []byte(gymTOML)},
			new:  map[string][]byte{},
			want: []string{`routine "gym" removed`},
		},
	}
	for _, tt := range tests {
		changes, unreadable := DiffFiles(tt.old, tt.new)
		var got []string
		for _, c := range changes {
			got = append(got, c.String())
		}
		if !slices.Equal(got, tt.want) || !slices.Equal(unreadable, tt.wantUnreadable) {
			t.Errorf("%s: DiffFiles = %q, unreadable %q; want %q, unreadable %q", tt.name, got, unreadable, tt.want, tt.wantUnreadable)
		}
	}
}

func TestDetail(t *testing.T) {
	longPrompts := []string{"What did we finish this week, and what only got started?", "Did the pager wake anyone up?"}
	tests := []struct {
		c    Change
		want string
	}{
		{Change{Kind: routines.KindTheme, ID: "x", Op: OpAdd}, "added"},
		{Change{Kind: routines.KindRoutine, ID: "x", Op: OpAdd, Fields: []FieldChange{{"cadence", nil, "daily"}, {"at", nil, "22:30"}}}, "added (daily at 22:30)"},
		{Change{Kind: routines.KindRoutine, ID: "x", Op: OpRemove}, "removed"},
		{Change{Kind: routines.KindRoutine, ID: "x", Op: OpChange, Fields: []FieldChange{{"at", "22:30", "22:00"}, {"why", nil, "Rest is earned"}}}, `at 22:30 → 22:00; why none → "Rest is earned"`},
		{Change{Kind: routines.KindRoutine, ID: "y", OldID: "x", Op: OpChange, Fields: []FieldChange{{"id", "x", "y"}, {"at", "1:00", "2:00"}}}, "renamed x → y; at 1:00 → 2:00"},
		{Change{Kind: routines.KindRoutine, ID: "y", OldID: "x", Op: OpChange, Fields: []FieldChange{{"id", "x", "y"}, {"formerly", []string{"w"}, []string{"w", "x"}}}}, "renamed x → y"},
		{Change{Kind: routines.KindRoutine, ID: "y", OldID: "x", Op: OpChange, Fields: []FieldChange{{"id", "x", "y"}, {"formerly", nil, []string{"v"}}}}, "renamed x → y; formerly none → v"},
		{Change{Kind: KindOS, Op: OpChange, Fields: []FieldChange{{"priorities.limit", 3, 4}}}, "priorities.limit 3 → 4"},
		// Regression: two long lists that differ past the cut read the
		// same on both sides of the arrow; a change line says what came
		// in and what went, and so does the log.
		{Change{Kind: KindOS, Op: OpChange, Fields: []FieldChange{{"review.prompts", longPrompts, append(slices.Clone(longPrompts), "Why?")}}}, `review.prompts +Why?`},
	}
	for _, tt := range tests {
		if got := tt.c.Detail(); got != tt.want {
			t.Errorf("Detail of %s %s: got %q, want %q", tt.c.Op, tt.c.ID, got, tt.want)
		}
	}
}

// BenchmarkItemHistory walks 4,000 commits of one file with 200 distinct
// versions, as ten years of a busy OS might have.
func BenchmarkItemHistory(b *testing.B) {
	blobs := map[string][]byte{}
	var body strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&body, "[[routine]]\nid = \"r%d\"\ntitle = \"Routine %d\"\ncadence = \"daily\"\n\n", i, i)
	}
	for v := 0; v < 200; v++ {
		blobs[fmt.Sprint("v", v)] = []byte(body.String() + routineTOML("sleep", fmt.Sprintf("%02d:%02d", 20+v%4, v%4*15), ""))
	}
	revs := make([]Revision, 4000)
	for i := range revs {
		revs[i] = Revision{Commit: fmt.Sprint("c", i), Blob: fmt.Sprint("v", (4000-i)%200), ParentBlob: fmt.Sprint("v", (3999-i)%200)}
	}
	revs[len(revs)-1].ParentBlob = ""
	read := func(blob string) ([]byte, error) { return blobs[blob], nil }
	b.ResetTimer()
	for b.Loop() {
		if _, err := ItemHistory(routines.KindRoutine, "sleep", revs, read); err != nil {
			b.Fatal(err)
		}
	}
}
