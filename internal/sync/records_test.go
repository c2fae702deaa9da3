package sync

import (
	"strings"
	"testing"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/routines"
)

const recPath = "reviews/2026/2026-11-25.toml"

var recDay = routines.Date{Year: 2026, Month: 11, Day: 25}

func record(note string, answers map[string]string, prompts ...string) []byte {
	r := &review.Record{Date: recDay, Kind: review.Daily, Note: note}
	for id, a := range answers {
		r.Routines = append(r.Routines, review.RoutineAnswer{ID: id, Day: recDay, Answer: a})
	}
	for i := 0; i+1 < len(prompts); i += 2 {
		r.Prompts = append(r.Prompts, review.PromptAnswer{Key: prompts[i], Question: prompts[i] + "?", Answer: prompts[i+1]})
	}
	return r.Marshal()
}

func TestMergeRecord(t *testing.T) {
	base := record("", map[string]string{"sleep": "yes"})
	tests := []struct {
		name         string
		base         []byte
		mine, theirs []byte
		take         map[string]string
		want         []byte
		conflicts    []string
	}{
		{
			name:   "answers to different routines",
			base:   base,
			mine:   record("", map[string]string{"sleep": "yes", "move": "no"}),
			theirs: record("", map[string]string{"sleep": "yes", "read": "yes"}),
			want:   record("", map[string]string{"sleep": "yes", "move": "no", "read": "yes"}),
		},
		{
			name:   "a new day on both sides",
			mine:   record("", map[string]string{"move": "no"}, "one", "ship"),
			theirs: record("tired", map[string]string{"read": "yes"}),
			want:   record("tired", map[string]string{"move": "no", "read": "yes"}, "one", "ship"),
		},
		{
			name:      "the same answer both ways",
			base:      base,
			mine:      record("", map[string]string{"sleep": "no", "move": "yes"}),
			theirs:    record("", map[string]string{"sleep": "skip"}),
			conflicts: []string{"review/2026-11-25/sleep@2026-11-25"},
		},
		{
			name:   "the same answer both ways, theirs",
			base:   base,
			mine:   record("", map[string]string{"sleep": "no", "move": "yes"}),
			theirs: record("", map[string]string{"sleep": "skip"}),
			take:   map[string]string{"review/2026-11-25/sleep@2026-11-25": TakeTheirs},
			want:   record("", map[string]string{"sleep": "skip", "move": "yes"}),
		},
		{
			name:      "notes both ways",
			base:      base,
			mine:      record("good day", map[string]string{"sleep": "yes"}),
			theirs:    record("long day", map[string]string{"sleep": "yes"}),
			conflicts: []string{"review/2026-11-25/note"},
		},
		{
			name:   "notes both ways, both",
			base:   base,
			mine:   record("good day", map[string]string{"sleep": "yes"}),
			theirs: record("long day", map[string]string{"sleep": "yes"}),
			take:   map[string]string{TakeAll: TakeBoth},
			want:   record("good day\nlong day", map[string]string{"sleep": "yes"}),
		},
		{
			name:   "prompt answers both ways, both",
			mine:   record("", nil, "one", "ship"),
			theirs: record("", nil, "one", "rest"),
			take:   map[string]string{"review/2026-11-25/prompt:one": TakeBoth},
			want:   record("", nil, "one", "ship\nrest"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			take := func(k string) string {
				if v, ok := tt.take[k]; ok {
					return v
				}
				return tt.take[TakeAll]
			}
			res, ok, err := mergeRecord(recPath, tt.base, tt.mine, tt.theirs, take)
			if err != nil || !ok {
				t.Fatalf("mergeRecord: got ok %v, err %v", ok, err)
			}
			var keys []string
			for _, c := range res.conflicts {
				keys = append(keys, c.Key)
			}
			if strings.Join(keys, ",") != strings.Join(tt.conflicts, ",") {
				t.Fatalf("conflicts: got %v, want %v", keys, tt.conflicts)
			}
			if len(tt.conflicts) > 0 {
				if string(res.data) != string(tt.mine) {
					t.Errorf("data with conflicts: got %q, want mine", res.data)
				}
				return
			}
			if string(res.data) != string(tt.want) {
				t.Errorf("merged record:\ngot  %s\nwant %s", res.data, tt.want)
			}
		})
	}
}

func TestMergeRecordRefusesBothForAnswers(t *testing.T) {
	base := record("", map[string]string{"sleep": "yes"})
	_, _, err := mergeRecord(recPath, base, record("", map[string]string{"sleep": "no"}), record("", map[string]string{"sleep": "skip"}),
		func(string) string { return TakeBoth })
	if err == nil || !strings.Contains(err.Error(), "take mine or theirs") {
		t.Errorf("both for a routine answer: got %v, want an error", err)
	}
}

func TestMergeRecordUnreadable(t *testing.T) {
	_, ok, err := mergeRecord(recPath, nil, []byte("not = [valid"), record("", nil), func(string) string { return "" })
	if ok || err != nil {
		t.Errorf("unreadable record: got ok %v, err %v; want false, nil (merge by line)", ok, err)
	}
}

// A conflict between two answers is a line a person decides from: it
// shows both values, as a field's conflict does, and so does the line
// that says how it was decided. Regression: it said only "changed on both
// sides", so off a terminal nobody could tell mine from theirs.
func TestMergeRecordConflictShowsValues(t *testing.T) {
	base := record("", map[string]string{"sleep": "yes"})
	mine := record("good day", map[string]string{"sleep": "no"})
	theirs := record("long day", map[string]string{"sleep": "skip"})
	res, _, err := mergeRecord(recPath, base, mine, theirs, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.conflicts {
		got = append(got, c.String())
	}
	want := []string{
		`review/2026-11-25/note: mine "good day", theirs "long day" (not in the base)`,
		`review/2026-11-25/sleep@2026-11-25: mine no, theirs skip (base yes)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("conflict lines:\ngot  %q\nwant %q", got, want)
	}

	res, _, err = mergeRecord(recPath, base, mine, theirs, func(k string) string {
		if strings.HasSuffix(k, "/note") {
			return TakeMine
		}
		return TakeTheirs
	})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{
		`review/2026-11-25/note: kept mine ("good day")`,
		`review/2026-11-25/sleep@2026-11-25: took theirs (skip)`,
	}
	if strings.Join(res.decided, "\n") != strings.Join(want, "\n") {
		t.Errorf("decided lines:\ngot  %q\nwant %q", res.decided, want)
	}

	// An answer removed on one side keeps saying so.
	res, _, err = mergeRecord(recPath, base, record("", map[string]string{"move": "yes"}), record("", map[string]string{"sleep": "no"}), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.conflicts) != 1 || res.conflicts[0].String() != "review/2026-11-25/sleep@2026-11-25: removed here, changed on the remote" {
		t.Errorf("removed answer: got %v", res.conflicts)
	}
}

// TestMergeRecordDecisionsOfOneKey: a record an earlier myos wrote may hold
// two decisions of one key on different questions; a merge keeps both.
func TestMergeRecordDecisionsOfOneKey(t *testing.T) {
	rec := func(routine string) []byte {
		r := &review.Record{Date: recDay, Kind: review.Daily,
			Routines: []review.RoutineAnswer{{ID: routine, Day: recDay, Answer: review.Yes}},
			Decisions: []review.Decision{
				{Key: "no-theme/writing", Question: "The block?", Action: "remove"},
				{Key: "no-theme/writing", Question: "The priority?", Action: "keep"},
			}}
		return r.Marshal()
	}
	base := (&review.Record{Date: recDay, Kind: review.Daily, Decisions: []review.Decision{
		{Key: "no-theme/writing", Question: "The block?", Action: "remove"},
		{Key: "no-theme/writing", Question: "The priority?", Action: "keep"},
	}}).Marshal()
	res, ok, err := mergeRecord(recPath, base, rec("sleep"), rec("read"), func(string) string { return "" })
	if err != nil || !ok || len(res.conflicts) > 0 {
		t.Fatalf("merge: %v, %v, conflicts %v", ok, err, res.conflicts)
	}
	got, err := review.Parse(recPath, res.data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Decisions) != 2 || len(got.Routines) != 2 {
		t.Errorf("got decisions %v and answers %v, want both of each", got.Decisions, got.Routines)
	}
}
