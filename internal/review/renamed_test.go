package review

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/routines"
)

// renamedOS has "rest", once "bed" and then "sleep", and "walk", never
// renamed.
func renamedOS() *routines.OS {
	return &routines.OS{Settings: routines.Settings{Timezone: "UTC"}, Routines: []routines.Routine{
		{ID: "rest", Title: "Rest", Cadence: "daily", Status: "active", Formerly: []string{"bed", "sleep"}},
		{ID: "walk", Title: "Walk", Cadence: "daily", Status: "active"},
	}}
}

func TestCurrentIDs(t *testing.T) {
	got := CurrentIDs(renamedOS())
	want := map[string]string{"bed": "rest", "sleep": "rest"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := CurrentIDs(&routines.OS{Routines: []routines.Routine{{ID: "walk"}}}); got != nil {
		t.Errorf("no rename: got %v, want nil", got)
	}
}

func TestRecordRenamed(t *testing.T) {
	d1, d2 := date("2026-11-24"), date("2026-11-25")
	tests := []struct {
		name string
		in   []RoutineAnswer
		want []RoutineAnswer
	}{
		{
			name: "answers under former ids take the id now",
			in:   []RoutineAnswer{{ID: "bed", Day: d1, Answer: Yes}, {ID: "sleep", Day: d2, Answer: No, Note: "late"}, {ID: "walk", Day: d2, Answer: Yes}},
			want: []RoutineAnswer{{ID: "rest", Day: d1, Answer: Yes}, {ID: "rest", Day: d2, Answer: No, Note: "late"}, {ID: "walk", Day: d2, Answer: Yes}},
		},
		{
			name: "the answer under the id now wins a day answered twice",
			in:   []RoutineAnswer{{ID: "rest", Day: d2, Answer: No}, {ID: "sleep", Day: d2, Answer: Yes}},
			want: []RoutineAnswer{{ID: "rest", Day: d2, Answer: No}},
		},
		{
			name: "the answer under the id now wins, wherever it stands",
			in:   []RoutineAnswer{{ID: "sleep", Day: d2, Answer: Yes}, {ID: "rest", Day: d2, Answer: No}},
			want: []RoutineAnswer{{ID: "rest", Day: d2, Answer: No}},
		},
		{
			name: "of two former ids the first wins",
			in:   []RoutineAnswer{{ID: "bed", Day: d2, Answer: Skip}, {ID: "sleep", Day: d2, Answer: Yes}},
			want: []RoutineAnswer{{ID: "rest", Day: d2, Answer: Skip}},
		},
		{
			name: "days apart are kept apart",
			in:   []RoutineAnswer{{ID: "sleep", Day: d1, Answer: Yes}, {ID: "rest", Day: d2, Answer: No}},
			want: []RoutineAnswer{{ID: "rest", Day: d1, Answer: Yes}, {ID: "rest", Day: d2, Answer: No}},
		},
	}
	ids := CurrentIDs(renamedOS())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Record{Date: d2, Kind: Daily, Routines: tt.in, Prompts: []PromptAnswer{{Key: "one", Answer: "draft"}}}
			before := r.Marshal()
			got := r.Renamed(ids)
			if !reflect.DeepEqual(got.Routines, tt.want) {
				t.Errorf("got %+v, want %+v", got.Routines, tt.want)
			}
			if !reflect.DeepEqual(got.Prompts, r.Prompts) || got.Date != r.Date {
				t.Errorf("got %+v, want the rest of the record as it was", got)
			}
			if string(r.Marshal()) != string(before) {
				t.Errorf("the record itself changed:\n%s\nwant\n%s", r.Marshal(), before)
			}
		})
	}
}

// TestRecordRenamedShares: a record that names no former id is given back
// as it is, not copied: ten years of records are read on every stats.
func TestRecordRenamedShares(t *testing.T) {
	d := date("2026-11-25")
	r := &Record{Date: d, Routines: []RoutineAnswer{{ID: "rest", Day: d, Answer: Yes}}}
	if got := r.Renamed(CurrentIDs(renamedOS())); got != r {
		t.Errorf("got a copy, want the record itself")
	}
	recs := Records{d: r}
	if got := recs.Renamed(nil); !reflect.DeepEqual(got, recs) || got[d] != r {
		t.Errorf("no renames: got %v, want the records themselves", got)
	}
	var none *Record
	if got := none.Renamed(map[string]string{"sleep": "rest"}); got != nil {
		t.Errorf("nil record: got %+v, want nil", got)
	}
}

// TestStatsAcrossRename guards against a renamed routine losing its
// history: answers recorded under its former ids count for it, with its
// streak unbroken by the rename.
func TestStatsAcrossRename(t *testing.T) {
	o := renamedOS()
	recs := Records{}
	for day, id := range map[string]string{"2026-11-21": "bed", "2026-11-22": "sleep", "2026-11-23": "sleep", "2026-11-24": "rest"} {
		d := date(day)
		recs[d] = &Record{Date: d, Kind: Daily, Routines: []RoutineAnswer{{ID: id, Day: d, Answer: Yes}}}
	}
	got := Stats(o, History{Records: recs.Renamed(CurrentIDs(o))}, Span{End: date("2026-11-25"), Days: 5, Today: date("2026-11-25"), Only: "rest"})
	if len(got) != 1 {
		t.Fatalf("got %d stats, want 1", len(got))
	}
	s := got[0]
	if s.Due != 4 || s.Done != 4 || s.Current != 4 || s.Graph != "dddd?" {
		t.Errorf("got due %d done %d current %d graph %q, want 4, 4, 4, \"dddd?\"", s.Due, s.Done, s.Current, s.Graph)
	}
	if recs[date("2026-11-22")].Routines[0].ID != "sleep" {
		t.Errorf("the records read were changed: got %+v", recs[date("2026-11-22")])
	}
}

// TestLoadHistoryAcrossRename guards the two ways a renamed routine's
// history reaches stats: answers in the span under a former id are its
// own, and an answer under a former id before the span is its first
// answer, so the days since count (missed when unanswered).
func TestLoadHistoryAcrossRename(t *testing.T) {
	o := renamedOS()
	mfs := fstest.MapFS{}
	for day, id := range map[string]string{"2026-11-10": "bed", "2026-11-23": "sleep", "2026-11-24": "rest"} {
		d := date(day)
		r := &Record{Date: d, Kind: Daily, Routines: []RoutineAnswer{{ID: id, Day: d, Answer: Yes}}}
		mfs[Path(d, Daily)] = &fstest.MapFile{Data: r.Marshal()}
	}
	span := Span{End: date("2026-11-25"), Days: 5, Today: date("2026-11-25"), Only: "rest"}
	h, errs := LoadHistory(mfs, o, span, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !h.AnsweredBefore["rest"] {
		t.Errorf("the answer under \"bed\" before the span was not found as rest's")
	}
	s := Stats(o, h, span)
	if len(s) != 1 || s[0].Done != 2 || s[0].Missed != 2 || s[0].Graph != "mmdd?" {
		t.Errorf("got %+v, want 2 done, 2 missed, graph \"mmdd?\"", s)
	}
}
