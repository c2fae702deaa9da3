package semdiff

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/myos-dev/myos/routines"
)

// mergeBase is the OS both sides of the merge tests start from.
func mergeBase() map[string][]byte {
	return map[string][]byte{
		routines.FileOS: []byte(`name = "TeamOS"
owner = "Andy"
timezone = "UTC"
week_start = "mon"

[calendar]
grid = "15m"

[priorities]
limit = 3

[review]
weekly_day = "fri"
prompts = ["What did we finish?"]
`),
		routines.FileThemes: []byte(`[[theme]]
id = "delivery"
title = "Small changes, shipped often"
status = "active"

[[theme]]
id = "learning"
title = "A team that keeps learning"
status = "active"
`),
		routines.FileRoutines: []byte(`[[routine]]
id = "retro"
title = "Retrospective"
cadence = "every 2 weeks on fri"
at = "15:15"
duration = "45m"
theme = "delivery"
status = "active"
since = 2026-01-09

[[routine]]
id = "handover"
title = "On-call hand-over"
cadence = "weekly on mon"
at = "09:45"
duration = "15m"
status = "active"
`),
		routines.FileCalendar: []byte(`[[block]]
id = "standup"
title = "Stand-up"
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:30"
end = "09:45"
theme = "delivery"
kind = "meeting"

[[block]]
id = "learning"
title = "Learning time"
days = ["fri"]
start = "13:00"
end = "15:00"
theme = "learning"
kind = "learning"
`),
	}
}

// edit returns files with file name's text old replaced by new, once.
func edit(t testing.TB, files map[string][]byte, name, old, new string) map[string][]byte {
	t.Helper()
	out := maps.Clone(files)
	s := string(out[name])
	if !strings.Contains(s, old) {
		t.Fatalf("edit %s: %q not found", name, old)
	}
	out[name] = []byte(strings.Replace(s, old, new, 1))
	return out
}

func mustMerge(t *testing.T, base, mine, theirs map[string][]byte, take map[string]string) *MergeResult {
	t.Helper()
	res, err := Merge(base, mine, theirs, take)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	return res
}

func loadOS(t *testing.T, files map[string][]byte) *routines.OS {
	t.Helper()
	o, err := routines.LoadFiles(files)
	if err != nil {
		t.Fatalf("merged OS is not valid: %v", err)
	}
	return o
}

func conflictKeys(cs []Conflict) []string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.Key
	}
	return keys
}

func TestMergeNoConflict(t *testing.T) {
	base := mergeBase()
	mine := edit(t, base, routines.FileRoutines, `at = "15:15"`, `at = "15:30"   # after the demo`)
	mine = edit(t, mine, routines.FileCalendar, "[[block]]\nid = \"learning\"", "# Mine: Fridays are sacred.\n[[block]]\nid = \"learning\"")
	theirs := edit(t, base, routines.FileRoutines, `title = "On-call hand-over"`, `title = "On-call hand-over, with notes"`)
	theirs = edit(t, theirs, routines.FileRoutines, `duration = "45m"`, `duration = "1h"`)
	theirs = edit(t, theirs, routines.FileOS, `limit = 3`, `limit = 2`)
	theirs[routines.FileRoutines] = append(theirs[routines.FileRoutines], []byte(`
[[routine]]
id = "game-day"
title = "Game day"
cadence = "monthly on 1"
theme = "learning"
status = "aspiration"
`)...)

	res := mustMerge(t, base, mine, theirs, nil)
	if len(res.Conflicts) > 0 {
		t.Fatalf("got conflicts %v, want none", conflictKeys(res.Conflicts))
	}
	o := loadOS(t, res.Files)
	retro := o.Find(routines.KindRoutine, "retro").(*routines.Routine)
	if retro.At != "15:30" || retro.Duration != "1h" {
		t.Errorf("retro: got at %s duration %s, want mine's 15:30 and theirs' 1h", retro.At, retro.Duration)
	}
	if got := o.Find(routines.KindRoutine, "handover").ItemTitle(); got != "On-call hand-over, with notes" {
		t.Errorf("handover title: got %q, want theirs", got)
	}
	if o.Find(routines.KindRoutine, "game-day") == nil {
		t.Errorf("game-day: got nothing, want it added")
	}
	if o.Settings.Priorities.Limit != 2 {
		t.Errorf("limit: got %d, want theirs' 2", o.Settings.Priorities.Limit)
	}
	for _, keep := range []string{"# after the demo", "# Mine: Fridays are sacred."} {
		all := string(res.Files[routines.FileRoutines]) + string(res.Files[routines.FileCalendar])
		if !strings.Contains(all, keep) {
			t.Errorf("comment %q: got it dropped, want it kept", keep)
		}
	}
	if got := string(res.Files[routines.FileCalendar]); got != string(mine[routines.FileCalendar]) {
		t.Errorf("calendar.toml: got it changed, want mine's bytes:\n%s", got)
	}
	want := []string{
		"os: priorities.limit 3 → 2",
		"routine retro: duration 45m → 1h",
		"routine handover: title \"On-call hand-over\" → \"On-call hand-over, with notes\"",
		"routine \"game-day\" added (monthly on 1, aspiration)",
	}
	if !slices.Equal(res.Applied, want) {
		t.Errorf("Applied:\ngot  %q\nwant %q", res.Applied, want)
	}
}

func TestMergeSameChangeBothSides(t *testing.T) {
	base := mergeBase()
	mine := edit(t, base, routines.FileRoutines, `at = "15:15"`, `at = "16:00"`)
	theirs := edit(t, base, routines.FileRoutines, `at = "15:15"`, `at = "16:00"`)
	res := mustMerge(t, base, mine, theirs, nil)
	if len(res.Conflicts) > 0 || len(res.Changes) > 0 {
		t.Errorf("got conflicts %v and changes %v, want none", conflictKeys(res.Conflicts), res.Applied)
	}
}

func TestMergeFieldConflict(t *testing.T) {
	base := mergeBase()
	mine := edit(t, base, routines.FileCalendar, `start = "09:30"`, `start = "09:15"`)
	theirs := edit(t, base, routines.FileCalendar, `start = "09:30"`, `start = "09:00"`)

	res := mustMerge(t, base, mine, theirs, nil)
	if got, want := conflictKeys(res.Conflicts), []string{"block/standup.start"}; !slices.Equal(got, want) {
		t.Fatalf("conflicts: got %v, want %v", got, want)
	}
	if got := res.Conflicts[0].String(); got != "block/standup.start: mine 09:15, theirs 09:00 (base 09:30)" {
		t.Errorf("String: got %q", got)
	}
	if string(res.Files[routines.FileCalendar]) != string(mine[routines.FileCalendar]) {
		t.Errorf("with a conflict undecided: got files changed, want mine's")
	}

	tests := []struct {
		key, take string
		start     string // the standup's start after the merge
		copyStart string // the copy's start; "" for no copy
	}{
		{"block/standup.start", TakeMine, "09:15", ""},
		{"block/standup.start", TakeTheirs, "09:00", ""},
		{"block/standup.start", TakeBoth, "09:15", "09:00"},
		{"block/standup", TakeTheirs, "09:00", ""},
		{"standup.start", TakeTheirs, "09:00", ""},
		{"standup", TakeBoth, "09:15", "09:00"},
		{"*", TakeTheirs, "09:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.take, func(t *testing.T) {
			res := mustMerge(t, base, mine, theirs, map[string]string{tt.key: tt.take})
			if len(res.Conflicts) > 0 || len(res.Unused) > 0 {
				t.Fatalf("got conflicts %v, unused %v, want none", conflictKeys(res.Conflicts), res.Unused)
			}
			if len(res.Decided) != 1 || res.Decided[0].By != tt.key {
				t.Errorf("Decided: got %+v, want one by %s", res.Decided, tt.key)
			}
			o := loadOS(t, res.Files)
			if got := o.Find(routines.KindBlock, "standup").(*routines.Block).Start; got != tt.start {
				t.Errorf("standup start: got %s, want %s", got, tt.start)
			}
			cp := o.Find(routines.KindBlock, "standup-2")
			switch {
			case tt.copyStart == "" && cp != nil:
				t.Errorf("standup-2: got a copy, want none")
			case tt.copyStart != "" && cp == nil:
				t.Errorf("standup-2: got no copy, want theirs under a new id")
			case cp != nil && cp.(*routines.Block).Start != tt.copyStart:
				t.Errorf("standup-2 start: got %s, want %s", cp.(*routines.Block).Start, tt.copyStart)
			}
		})
	}
}

func TestMergeMostSpecificKeyWins(t *testing.T) {
	base := mergeBase()
	mine := edit(t, base, routines.FileCalendar, `start = "09:30"`, `start = "09:15"`)
	mine = edit(t, mine, routines.FileCalendar, `title = "Stand-up"`, `title = "Daily"`)
	theirs := edit(t, base, routines.FileCalendar, `start = "09:30"`, `start = "09:00"`)
	theirs = edit(t, theirs, routines.FileCalendar, `title = "Stand-up"`, `title = "Stand-up call"`)
	res := mustMerge(t, base, mine, theirs, map[string]string{"block/standup.title": TakeTheirs, "standup": TakeMine, "nothing": TakeMine})
	if len(res.Conflicts) > 0 {
		t.Fatalf("got conflicts %v, want none", conflictKeys(res.Conflicts))
	}
	b := loadOS(t, res.Files).Find(routines.KindBlock, "standup").(*routines.Block)
	if b.Title != "Stand-up call" || b.Start != "09:15" {
		t.Errorf("got title %q start %s, want theirs' title and mine's start", b.Title, b.Start)
	}
	if !slices.Equal(res.Unused, []string{"nothing"}) {
		t.Errorf("Unused: got %v, want [nothing]", res.Unused)
	}
}

func TestMergeRemovals(t *testing.T) {
	base := mergeBase()
	removeRetro := func(files map[string][]byte) map[string][]byte {
		b, err := routines.RemoveItem(files[routines.FileRoutines], routines.KindRoutine, "retro")
		if err != nil {
			t.Fatal(err)
		}
		out := maps.Clone(files)
		out[routines.FileRoutines] = b
		return out
	}
	changeRetro := func(files map[string][]byte) map[string][]byte {
		return edit(t, files, routines.FileRoutines, `at = "15:15"`, `at = "14:00"`)
	}
	tests := []struct {
		name          string
		mine, theirs  map[string][]byte
		take          string
		wantConflict  bool
		wantRetro     bool
		wantRetroAtIs string
	}{
		{"removed in mine, unchanged in theirs: stays removed", removeRetro(base), base, "", false, false, ""},
		{"removed in theirs, unchanged in mine: removed", base, removeRetro(base), "", false, false, ""},
		{"removed on both sides", removeRetro(base), removeRetro(base), "", false, false, ""},
		{"removed in mine, changed in theirs", removeRetro(base), changeRetro(base), "", true, false, ""},
		{"removed in mine, changed in theirs: mine", removeRetro(base), changeRetro(base), TakeMine, false, false, ""},
		{"removed in mine, changed in theirs: theirs", removeRetro(base), changeRetro(base), TakeTheirs, false, true, "14:00"},
		{"changed in mine, removed in theirs", changeRetro(base), removeRetro(base), "", true, true, "14:00"},
		{"changed in mine, removed in theirs: mine", changeRetro(base), removeRetro(base), TakeMine, false, true, "14:00"},
		{"changed in mine, removed in theirs: theirs", changeRetro(base), removeRetro(base), TakeTheirs, false, false, ""},
		{"changed in mine, removed in theirs: both", changeRetro(base), removeRetro(base), TakeBoth, false, true, "14:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var take map[string]string
			if tt.take != "" {
				take = map[string]string{"routine/retro": tt.take}
			}
			res := mustMerge(t, base, tt.mine, tt.theirs, take)
			if got := len(res.Conflicts) > 0; got != tt.wantConflict {
				t.Fatalf("conflict: got %v (%v), want %v", got, conflictKeys(res.Conflicts), tt.wantConflict)
			}
			if tt.wantConflict {
				if got := conflictKeys(res.Conflicts); !slices.Equal(got, []string{"routine/retro"}) {
					t.Errorf("conflicts: got %v, want [routine/retro]", got)
				}
				return
			}
			r := loadOS(t, res.Files).Find(routines.KindRoutine, "retro")
			if got := r != nil; got != tt.wantRetro {
				t.Fatalf("retro there: got %v, want %v", got, tt.wantRetro)
			}
			if r != nil && r.(*routines.Routine).At != tt.wantRetroAtIs {
				t.Errorf("retro at: got %s, want %s", r.(*routines.Routine).At, tt.wantRetroAtIs)
			}
		})
	}
}

func TestMergeNoBase(t *testing.T) {
	mine := mergeBase()
	mine = edit(t, mine, routines.FileRoutines, `at = "15:15"`, `at = "15:30"`)
	theirs := edit(t, mergeBase(), routines.FileCalendar, `end = "09:45"`, `end = "10:00"`)
	theirs[routines.FileThemes] = append(theirs[routines.FileThemes], []byte("\n[[theme]]\nid = \"ops\"\ntitle = \"Ops\"\nstatus = \"active\"\n")...)
	// Mine's own routine that theirs does not have stays.
	mine[routines.FileRoutines] = append(mine[routines.FileRoutines], []byte("\n[[routine]]\nid = \"walk\"\ntitle = \"Walk\"\ncadence = \"daily\"\nstatus = \"active\"\n")...)

	res := mustMerge(t, nil, mine, theirs, nil)
	want := []string{"routine/retro.at", "block/standup.end"}
	if got := conflictKeys(res.Conflicts); !slices.Equal(got, want) {
		t.Fatalf("conflicts: got %v, want %v", got, want)
	}
	if !strings.HasSuffix(res.Conflicts[0].String(), "(no base)") {
		t.Errorf("String: got %q, want it to say there is no base", res.Conflicts[0].String())
	}
	res = mustMerge(t, nil, mine, theirs, map[string]string{"*": TakeMine})
	o := loadOS(t, res.Files)
	if o.Find(routines.KindTheme, "ops") == nil || o.Find(routines.KindRoutine, "walk") == nil {
		t.Errorf("got ops %v walk %v, want theirs' new theme added and mine's own routine kept",
			o.Find(routines.KindTheme, "ops") != nil, o.Find(routines.KindRoutine, "walk") != nil)
	}
}

func TestMergeThemesComeAlong(t *testing.T) {
	base := mergeBase()
	// Theirs adds a theme and a routine that uses it; mine has removed
	// the learning theme with the block that used it, and theirs moves
	// the block's routine-to-be onto it.
	theirs := maps.Clone(base)
	theirs[routines.FileThemes] = append(slices.Clone(base[routines.FileThemes]), []byte("\n[[theme]]\nid = \"ops\"\ntitle = \"Ops\"\nstatus = \"active\"\n")...)
	theirs[routines.FileRoutines] = append(slices.Clone(base[routines.FileRoutines]), []byte("\n[[routine]]\nid = \"pager\"\ntitle = \"Pager review\"\ncadence = \"weekly on tue\"\ntheme = \"ops\"\nstatus = \"active\"\n")...)
	theirs = edit(t, theirs, routines.FileRoutines, `theme = "delivery"`, `theme = "learning"`)

	mine := maps.Clone(base)
	var err error
	if mine[routines.FileCalendar], err = routines.RemoveItem(mine[routines.FileCalendar], routines.KindBlock, "learning"); err != nil {
		t.Fatal(err)
	}
	if mine[routines.FileThemes], err = routines.RemoveItem(mine[routines.FileThemes], routines.KindTheme, "learning"); err != nil {
		t.Fatal(err)
	}
	res := mustMerge(t, base, mine, theirs, nil)
	if len(res.Conflicts) > 0 {
		t.Fatalf("got conflicts %v, want none", conflictKeys(res.Conflicts))
	}
	o := loadOS(t, res.Files)
	for _, id := range []string{"ops", "learning"} {
		if o.Theme(id) == nil {
			t.Errorf("theme %s: got none, want it brought along", id)
		}
	}
	if !slices.Contains(res.Applied, `theme "learning" brought along: routine "retro" uses it`) {
		t.Errorf("Applied: got %q, want a note on the learning theme", res.Applied)
	}

	// The other way: theirs removes a theme mine's own routine uses.
	theirs2 := maps.Clone(base)
	if theirs2[routines.FileCalendar], err = routines.RemoveItem(base[routines.FileCalendar], routines.KindBlock, "learning"); err != nil {
		t.Fatal(err)
	}
	if theirs2[routines.FileThemes], err = routines.RemoveItem(base[routines.FileThemes], routines.KindTheme, "learning"); err != nil {
		t.Fatal(err)
	}
	mine2 := maps.Clone(base)
	mine2[routines.FileRoutines] = append(slices.Clone(base[routines.FileRoutines]), []byte("\n[[routine]]\nid = \"read\"\ntitle = \"Read\"\ncadence = \"daily\"\ntheme = \"learning\"\nstatus = \"active\"\n")...)
	res = mustMerge(t, base, mine2, theirs2, nil)
	o = loadOS(t, res.Files)
	if o.Theme("learning") == nil || o.Find(routines.KindBlock, "learning") != nil {
		t.Errorf("got theme kept %v, block kept %v; want the theme kept for mine's routine and the block removed",
			o.Theme("learning") != nil, o.Find(routines.KindBlock, "learning") != nil)
	}
}

func TestMergeInvalidTogether(t *testing.T) {
	base := mergeBase()
	// Each side is valid; mine's start with theirs' end is not.
	mine := edit(t, base, routines.FileCalendar, `start = "13:00"`, `start = "14:00"`)
	theirs := edit(t, base, routines.FileCalendar, `end = "15:00"`, `end = "13:30"`)
	res := mustMerge(t, base, mine, theirs, nil)
	if got := conflictKeys(res.Conflicts); !slices.Equal(got, []string{"block/learning"}) {
		t.Fatalf("conflicts: got %v, want [block/learning]", got)
	}
	if c := res.Conflicts[0]; c.Reason != reasonInvalid || c.Mine == nil || c.Theirs == nil {
		t.Errorf("conflict: got %+v, want both items and the reason", c)
	}
	for _, take := range []string{TakeMine, TakeTheirs, TakeBoth} {
		res := mustMerge(t, base, mine, theirs, map[string]string{"block/learning": take})
		o := loadOS(t, res.Files)
		b := o.Find(routines.KindBlock, "learning").(*routines.Block)
		want := map[string]string{TakeMine: "14:00-15:00", TakeTheirs: "13:00-13:30", TakeBoth: "14:00-15:00"}[take]
		if got := b.Start + "-" + b.End; got != want {
			t.Errorf("%s: got %s, want %s", take, got, want)
		}
		if got := o.Find(routines.KindBlock, "learning-2") != nil; got != (take == TakeBoth) {
			t.Errorf("%s: copy: got %v", take, got)
		}
	}
}

func TestMergeSettings(t *testing.T) {
	base := mergeBase()
	mine := edit(t, base, routines.FileOS, `prompts = ["What did we finish?"]`, `prompts = ["What did we finish?", "Mine?"]`)
	mine = edit(t, mine, routines.FileOS, `grid = "15m"`, `grid = "30m"`)
	theirs := edit(t, base, routines.FileOS, `prompts = ["What did we finish?"]`, `prompts = ["What did we finish?", "Theirs?"]`)
	theirs = edit(t, theirs, routines.FileOS, `grid = "15m"`, `grid = "5m"`)
	res := mustMerge(t, base, mine, theirs, nil)
	if got, want := conflictKeys(res.Conflicts), []string{"os.calendar.grid", "os.review.prompts"}; !slices.Equal(got, want) {
		t.Fatalf("conflicts: got %v, want %v", got, want)
	}
	res = mustMerge(t, base, mine, theirs, map[string]string{"os.review.prompts": TakeBoth, "os.calendar.grid": TakeTheirs})
	o := loadOS(t, res.Files)
	if got, want := o.Settings.Review.Prompts, []string{"What did we finish?", "Mine?", "Theirs?"}; !slices.Equal(got, want) {
		t.Errorf("prompts: got %q, want %q", got, want)
	}
	if o.Settings.Calendar.Grid != "5m" {
		t.Errorf("grid: got %s, want theirs' 5m", o.Settings.Calendar.Grid)
	}
	if _, err := Merge(base, mine, theirs, map[string]string{"os.calendar.grid": TakeBoth}); err == nil {
		t.Errorf("both for a single-valued setting: got no error, want one")
	}

	// Both keeps yours and adds what theirs added: a prompt you took out,
	// which theirs still has from the base, stays out.
	mine = edit(t, base, routines.FileOS, `prompts = ["What did we finish?"]`, `prompts = ["What blocked me?"]`)
	res = mustMerge(t, base, mine, theirs, map[string]string{"os.review.prompts": TakeBoth, "os.calendar.grid": TakeTheirs})
	if got, want := loadOS(t, res.Files).Settings.Review.Prompts, []string{"What blocked me?", "Theirs?"}; !slices.Equal(got, want) {
		t.Errorf("prompts, one taken out: got %q, want %q", got, want)
	}
	// Without a base, every prompt of theirs is one it added.
	res = mustMerge(t, nil, mine, theirs, map[string]string{"os.review.prompts": TakeBoth, "*": TakeMine})
	if got, want := loadOS(t, res.Files).Settings.Review.Prompts, []string{"What blocked me?", "What did we finish?", "Theirs?"}; !slices.Equal(got, want) {
		t.Errorf("prompts, no base: got %q, want %q", got, want)
	}
}

func TestMergeErrors(t *testing.T) {
	base := mergeBase()
	bad := edit(t, base, routines.FileRoutines, `cadence = "weekly on mon"`, `cadence = "fortnightly-ish"`)
	tests := []struct {
		name               string
		base, mine, theirs map[string][]byte
		take               map[string]string
		want               string
	}{
		{"bad take", base, base, base, map[string]string{"x": "yours"}, "x=yours: take mine, theirs or both"},
		{"invalid mine", base, bad, base, nil, "mine: routines.toml"},
		{"invalid theirs", base, base, bad, nil, "theirs: routines.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.base, tt.mine, tt.theirs, tt.take)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestNewID(t *testing.T) {
	long := strings.Repeat("a", 63) + "b"
	tests := []struct {
		id   string
		used []string
		want string
	}{
		{"standup", nil, "standup-2"},
		{"standup", []string{"standup-2", "standup-3"}, "standup-4"},
		{long, nil, strings.Repeat("a", 62) + "-2"},
	}
	for _, tt := range tests {
		used := map[string]bool{}
		for _, u := range tt.used {
			used[u] = true
		}
		got := NewID(tt.id, used)
		if got != tt.want || !routines.ValidID(got) {
			t.Errorf("NewID(%s): got %s, want %s", tt.id, got, tt.want)
		}
	}
}

// fuzzEdits changes files by the ops in data, keeping only edits that
// leave the OS valid. Every byte pair is one op on one item.
func fuzzEdits(files map[string][]byte, data []byte, tag string) map[string][]byte {
	files = maps.Clone(files)
	values := map[string][]string{
		"at":       {"07:00", "09:45", "15:15", "22:00", ""},
		"title":    {"A", "B", "Retro " + tag},
		"duration": {"15m", "1h", ""},
		"start":    {"09:00", "09:30", "13:00", "14:00"},
		"end":      {"09:45", "10:00", "13:30", "15:00"},
		"theme":    {"delivery", "learning", ""},
		"status":   {"active", "paused", "retired"},
	}
	keys := slices.Sorted(maps.Keys(values))
	for i := 0; i+1 < len(data); i += 2 {
		o, err := routines.LoadFiles(files)
		if err != nil {
			return files
		}
		kind := routines.Kinds()[int(data[i])%len(routines.Kinds())]
		items := o.Items(kind)
		next := maps.Clone(files)
		name := kind.File()
		switch op := data[i+1] % 8; {
		case op == 0 && len(items) > 0:
			b, err := routines.RemoveItem(files[name], kind, items[int(data[i+1]/8)%len(items)].ItemID())
			if err != nil {
				continue
			}
			next[name] = b
		case op == 1:
			it := routines.NewItem(kind)
			_ = routines.SetField(it, "id", fmt.Sprintf("new-%s-%d", tag, data[i+1]/8%4))
			_ = routines.SetField(it, "title", "New "+tag)
			switch kind {
			case routines.KindRoutine:
				_ = routines.SetField(it, "cadence", "daily")
				_ = routines.SetField(it, "status", "active")
				_ = routines.SetField(it, "theme", "learning")
			case routines.KindBlock:
				_ = routines.SetField(it, "days", "mon")
				_ = routines.SetField(it, "start", "16:00")
				_ = routines.SetField(it, "end", "17:00")
			case routines.KindEvent:
				_ = routines.SetField(it, "date", "2026-12-01")
			case routines.KindTheme, routines.KindPriority:
				_ = routines.SetField(it, "status", map[routines.Kind]string{routines.KindTheme: "active", routines.KindPriority: "next"}[kind])
			}
			next[name] = routines.AppendItem(files[name], it)
		case len(items) > 0:
			it := items[int(data[i])/8%len(items)]
			key := keys[int(data[i+1]/8)%len(keys)]
			vals := values[key]
			upd := routines.CloneItem(it)
			if routines.SetField(upd, key, vals[int(data[i+1])%len(vals)]) != nil {
				continue
			}
			b, err := routines.UpdateItem(files[name], it, upd)
			if err != nil {
				continue
			}
			next[name] = b
		}
		if _, err := routines.LoadFiles(next); err == nil {
			files = next
		}
	}
	return files
}

func itemKeys(o *routines.OS) map[string]bool {
	m := map[string]bool{}
	for _, k := range routines.Kinds() {
		for _, it := range o.Items(k) {
			m[string(k)+"/"+it.ItemID()] = true
		}
	}
	return m
}

// FuzzMerge checks that a merge of any two valid edits of one OS never
// loses an item that neither side removed, and that its result is valid
// or the merge reports conflicts.
func FuzzMerge(f *testing.F) {
	f.Add([]byte{0, 2, 1, 3}, []byte{0, 2, 1, 4})
	f.Add([]byte{3, 10, 3, 18}, []byte{3, 11, 3, 19})
	f.Add([]byte{1, 0}, []byte{1, 2, 3, 1})
	f.Add([]byte{0, 8, 3, 0}, []byte{3, 26, 0, 1, 0, 9})
	f.Add([]byte{3, 34, 3, 42, 1, 1}, []byte{3, 43, 3, 35, 1, 17})
	base := mergeBase()
	bo, err := routines.LoadFiles(base)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		mine := fuzzEdits(base, a, "m")
		theirs := fuzzEdits(base, b, "t")
		mo, _ := routines.LoadFiles(mine)
		to, _ := routines.LoadFiles(theirs)
		bk, mk, tk := itemKeys(bo), itemKeys(mo), itemKeys(to)
		for _, take := range []map[string]string{nil, {"*": TakeMine}, {"*": TakeTheirs}, {"*": TakeBoth}} {
			res, err := Merge(base, mine, theirs, take)
			if err != nil {
				if take["*"] == TakeBoth && strings.Contains(err.Error(), "a setting has one value") {
					continue
				}
				t.Fatalf("take %v: %v", take, err)
			}
			if len(res.Conflicts) > 0 {
				if take != nil {
					t.Fatalf("take %v: got conflicts %v, want every one decided", take, conflictKeys(res.Conflicts))
				}
				continue
			}
			ro, err := routines.LoadFiles(res.Files)
			if err != nil {
				t.Fatalf("take %v: merged OS is not valid: %v", take, err)
			}
			rk := itemKeys(ro)
			for k := range bk {
				if mk[k] && tk[k] && !rk[k] {
					t.Errorf("take %v: %s lost, though neither side removed it", take, k)
				}
			}
			for k := range mk {
				if !bk[k] && !rk[k] {
					t.Errorf("take %v: mine's new %s lost", take, k)
				}
			}
			for k := range tk {
				if !bk[k] && !rk[k] {
					t.Errorf("take %v: theirs' new %s lost", take, k)
				}
			}
		}
	})
}

func TestMergeAddedItemsBringTheirComments(t *testing.T) {
	base := mergeBase()
	theirs := maps.Clone(base)
	theirs[routines.FileRoutines] = append(slices.Clone(base[routines.FileRoutines]), []byte("\n# Pairing is how we learn.\n# Once a week.\n[[routine]]\nid = \"pairing\"\ntitle = \"Pairing\"\ncadence = \"weekly on wed\"\nstatus = \"active\"\n")...)
	mine := edit(t, base, routines.FileRoutines, "[[routine]]\nid = \"handover\"", "# Mine.\n[[routine]]\nid = \"handover\"")
	res := mustMerge(t, base, mine, theirs, nil)
	want := "status = \"active\"\n\n# Pairing is how we learn.\n# Once a week.\n[[routine]]\nid = \"pairing\"\n"
	if got := string(res.Files[routines.FileRoutines]); !strings.Contains(got, want) || !strings.Contains(got, "# Mine.\n[[routine]]\nid = \"handover\"") {
		t.Errorf("routines.toml: got\n%s\nwant the new routine with its comment, and mine's comment kept", got)
	}
	loadOS(t, res.Files)
}

// TestMergeLenientBase guards sync against a base that is not a valid OS:
// the common ancestor may hold a hand commit with an unknown key or a bad
// value, and refusing it made every later sync fail. Such a base is read
// for what it says; a base file that is not TOML at all counts as absent,
// so what differs in it is a conflict, as with no base.
func TestMergeLenientBase(t *testing.T) {
	base := mergeBase()
	base = edit(t, base, routines.FileOS, `name = "TeamOS"`, `name = "TeamOS"
colour = "blue"`)
	base = edit(t, base, routines.FileRoutines, `at = "09:45"`, `at = "9:45"
mood = "sleepy"`)
	mine := edit(t, mergeBase(), routines.FileRoutines, `at = "15:15"`, `at = "15:30"`)
	theirs := edit(t, mergeBase(), routines.FileCalendar, `end = "09:45"`, `end = "10:00"`)
	res := mustMerge(t, base, mine, theirs, nil)
	// handover.at differs from the base ("9:45") on both sides, the same
	// way: not a conflict.
	if len(res.Conflicts) > 0 {
		t.Fatalf("conflicts: got %v, want none", conflictKeys(res.Conflicts))
	}
	o := loadOS(t, res.Files)
	if r := o.Find(routines.KindRoutine, "retro").(*routines.Routine); r.At != "15:30" {
		t.Errorf("retro.at: got %s, want mine's 15:30", r.At)
	}
	if b := o.Find(routines.KindBlock, "standup").(*routines.Block); b.End != "10:00" {
		t.Errorf("standup.end: got %s, want theirs' 10:00", b.End)
	}

	// Files of the base that do not parse at all: no base for what they
	// hold, the others still are one.
	base = mergeBase()
	base[routines.FileOS] = []byte("name =\n")
	base[routines.FileCalendar] = []byte("[[block]\n")
	mine = edit(t, mine, routines.FileCalendar, `start = "13:00"`, `start = "13:30"`)
	mine = edit(t, mine, routines.FileOS, `grid = "15m"`, `grid = "30m"`)
	theirs = edit(t, theirs, routines.FileRoutines, `duration = "45m"`, `duration = "1h"`)
	res = mustMerge(t, base, mine, theirs, nil)
	want := []string{"os.calendar.grid", "block/standup.end", "block/learning.start"}
	if got := conflictKeys(res.Conflicts); !slices.Equal(got, want) {
		t.Fatalf("conflicts: got %v, want %v", got, want)
	}
	for _, c := range res.Conflicts {
		if c.Reason != reasonNoBase {
			t.Errorf("%s: got reason %q, want %q", c.Key, c.Reason, reasonNoBase)
		}
	}
	res = mustMerge(t, base, mine, theirs, map[string]string{"*": TakeMine})
	o = loadOS(t, res.Files)
	if r := o.Find(routines.KindRoutine, "retro").(*routines.Routine); r.At != "15:30" || r.Duration != "1h" {
		t.Errorf("retro: got at %s duration %s, want mine's 15:30 and theirs' 1h", r.At, r.Duration)
	}
}

// TestMergeRenamedInMine guards against a routine renamed in mine (its
// old id kept in formerly) being taken for one mine removed: the other
// side's change to it was a conflict "removed in mine", and taking theirs
// added the old id back, which formerly then refused.
func TestMergeRenamedInMine(t *testing.T) {
	base := mergeBase()
	rename := func(files map[string][]byte) map[string][]byte {
		return edit(t, files, routines.FileRoutines, `id = "retro"`, "id = \"retrospective\"\nformerly = [\"retro\"]")
	}
	removeRetro := func(files map[string][]byte) map[string][]byte {
		b, err := routines.RemoveItem(files[routines.FileRoutines], routines.KindRoutine, "retro")
		if err != nil {
			t.Fatal(err)
		}
		out := maps.Clone(files)
		out[routines.FileRoutines] = b
		return out
	}
	changeAt := func(files map[string][]byte, at string) map[string][]byte {
		return edit(t, files, routines.FileRoutines, `at = "15:15"`, `at = "`+at+`"`)
	}
	tests := []struct {
		name          string
		base          map[string][]byte
		mine, theirs  map[string][]byte
		wantConflicts []string
		wantAt        string
	}{
		{"theirs changed it: the change comes in", base, rename(base), changeAt(base, "14:00"), nil, "14:00"},
		{"theirs left it alone", base, rename(base), base, nil, "15:15"},
		{"mine changed it too, the same way", base, changeAt(rename(base), "14:00"), changeAt(base, "14:00"), nil, "14:00"},
		{"both changed the time", base, changeAt(rename(base), "16:00"), changeAt(base, "14:00"), []string{"routine/retrospective.at"}, ""},
		{"theirs removed it", base, rename(base), removeRetro(base), []string{"routine/retrospective"}, ""},
		{"no base, theirs differs", nil, rename(base), changeAt(base, "14:00"), []string{"routine/retrospective.at"}, ""},
		{"no base, theirs the same", nil, rename(base), base, nil, "15:15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRenamedMerge(t, mustMerge(t, tt.base, tt.mine, tt.theirs, nil), tt.wantConflicts, tt.wantAt)
		})
	}
}

// TestMergeRenamedInTheirs is TestMergeRenamedInMine the other way round:
// the other machine, or a template's new version, renamed the routine
// that this side changed under its old id. Mine's change and theirs' new
// id make one routine, not a conflict "removed in theirs" that no choice
// could settle.
func TestMergeRenamedInTheirs(t *testing.T) {
	base := mergeBase()
	rename := func(files map[string][]byte) map[string][]byte {
		return edit(t, files, routines.FileRoutines, `id = "retro"`, "id = \"retrospective\"\nformerly = [\"retro\"]")
	}
	changeAt := func(files map[string][]byte, at string) map[string][]byte {
		return edit(t, files, routines.FileRoutines, `at = "15:15"`, `at = "`+at+`"`)
	}
	tests := []struct {
		name          string
		mine, theirs  map[string][]byte
		wantConflicts []string
		wantAt        string
	}{
		{"mine changed it: the change stays, under theirs' id", changeAt(base, "14:00"), rename(base), nil, "14:00"},
		{"mine left it alone", base, rename(base), nil, "15:15"},
		{"theirs changed it too", changeAt(base, "14:00"), changeAt(rename(base), "14:00"), nil, "14:00"},
		{"both changed the time", changeAt(base, "16:00"), changeAt(rename(base), "14:00"), []string{"routine/retro.at"}, ""},
	}
	// Both changed the time and "both" is chosen: theirs' routine comes
	// in as a copy, and the former id stays with the one it was copied
	// from (two routines claiming it would not load).
	res := mustMerge(t, base, changeAt(base, "16:00"), changeAt(rename(base), "14:00"), map[string]string{"routine/retro.at": TakeBoth})
	o := loadOS(t, res.Files)
	claims := 0
	for _, r := range o.Routines {
		if slices.Contains(r.Formerly, "retro") {
			claims++
		}
	}
	if claims != 1 {
		t.Errorf("both: %d routines claim the former id retro, want 1", claims)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRenamedMerge(t, mustMerge(t, base, tt.mine, tt.theirs, nil), tt.wantConflicts, tt.wantAt)
		})
	}
}

// checkRenamedMerge checks a merge of the routine retro, renamed
// retrospective on one side: the conflicts it should have and, when none,
// one routine under the new id, at wantAt, that keeps retro as its former
// id, and no retro beside it.
func checkRenamedMerge(t *testing.T, res *MergeResult, wantConflicts []string, wantAt string) {
	t.Helper()
	if got := conflictKeys(res.Conflicts); !slices.Equal(got, wantConflicts) {
		t.Fatalf("conflicts: got %v, want %v", got, wantConflicts)
	}
	if len(wantConflicts) > 0 {
		return
	}
	o := loadOS(t, res.Files)
	if o.Find(routines.KindRoutine, "retro") != nil {
		t.Errorf("got the old id retro beside the renamed routine")
	}
	r, _ := o.Find(routines.KindRoutine, "retrospective").(*routines.Routine)
	if r == nil {
		t.Fatalf("got the renamed routine gone")
	}
	if r.At != wantAt {
		t.Errorf("retrospective at: got %s, want %s", r.At, wantAt)
	}
	if !slices.Equal(r.Formerly, []string{"retro"}) {
		t.Errorf("formerly: got %q, want [retro]", r.Formerly)
	}
}

// renameIn returns files with the item kind/from renamed to, its old id
// kept in formerly, as `myos set KIND FROM id=TO` does it: a theme's
// references are renamed with it.
func renameIn(t *testing.T, files map[string][]byte, kind routines.Kind, from, to string) map[string][]byte {
	t.Helper()
	return renameChain(t, files, kind, from, to)
}

// TestMergeRenamedKinds: a theme, a block and a priority renamed on one
// side and changed under their old id on the other merge as one item,
// under the new id, with the change, whichever side renamed it. Work the
// other side added under a renamed theme follows the rename. They were
// read as an item the renaming side removed: a conflict ("changed in
// mine, removed in theirs") whose answers lost the change or kept both
// items, and a theme brought back for the new work.
func TestMergeRenamedKinds(t *testing.T) {
	base := mergeBase()
	base[routines.FilePriorities] = []byte("[[priority]]\nid = \"runbooks\"\ntitle = \"Runbooks\"\ntheme = \"delivery\"\nstatus = \"next\"\nrank = 1\n")
	tests := []struct {
		kind        routines.Kind
		from, to    string
		line, after string // a line of the item, and what the change makes of it
		key         string
		want        any
	}{
		{routines.KindTheme, "delivery", "shipping", `title = "Small changes, shipped often"`, `title = "Tiny changes"`, "title", "Tiny changes"},
		{routines.KindBlock, "standup", "daily", `end = "09:45"`, `end = "10:00"`, "end", "10:00"},
		{routines.KindPriority, "runbooks", "playbooks", `rank = 1`, `rank = 2`, "rank", 2},
	}
	for _, tt := range tests {
		renamed := renameIn(t, base, tt.kind, tt.from, tt.to)
		changed := edit(t, base, tt.kind.File(), tt.line, tt.after)
		// The side that changes the item also adds a routine under the
		// item's theme, by the id it knows.
		changed = edit(t, changed, routines.FileRoutines, "[[routine]]\nid = \"handover\"",
			"[[routine]]\nid = \"demo\"\ntitle = \"Demo\"\ncadence = \"weekly on thu\"\ntheme = \"delivery\"\n\n[[routine]]\nid = \"handover\"")
		for _, way := range []struct {
			name         string
			mine, theirs map[string][]byte
		}{
			{"renamed in theirs", changed, renamed},
			{"renamed in mine", renamed, changed},
		} {
			t.Run(string(tt.kind)+" "+way.name, func(t *testing.T) {
				res := mustMerge(t, base, way.mine, way.theirs, nil)
				if len(res.Conflicts) > 0 {
					t.Fatalf("got conflicts %v, want none", conflictKeys(res.Conflicts))
				}
				o := loadOS(t, res.Files)
				if o.Find(tt.kind, tt.from) != nil {
					t.Errorf("got the old id %s beside the renamed %s", tt.from, tt.kind)
				}
				it := o.Find(tt.kind, tt.to)
				if it == nil {
					t.Fatalf("got the renamed %s gone", tt.kind)
				}
				if v, _ := routines.FieldValue(it, tt.key); !same(v, tt.want) {
					t.Errorf("%s: got %v, want %v", tt.key, v, tt.want)
				}
				if got := routines.FormerIDs(it); !slices.Equal(got, []string{tt.from}) {
					t.Errorf("formerly: got %q, want [%s]", got, tt.from)
				}
				theme := "delivery"
				if tt.kind == routines.KindTheme {
					theme = tt.to
				}
				if got := o.Find(routines.KindRoutine, "demo").(*routines.Routine).Theme; got != theme {
					t.Errorf("the added routine's theme: got %s, want %s", got, theme)
				}
			})
		}
	}
}

// TestMergeRenamedAndRemovedOrRenamed: an item renamed on one side that
// the other side removed is a conflict, as a change of it would be,
// whichever side renamed it; before, a rename in theirs brought the item
// mine removed back under its new id. An item each side renamed its own
// way is one item whose id is a conflict, keeping the other id as a
// former one; before, the two claimed the same former id and the merge
// failed.
func TestMergeRenamedAndRemovedOrRenamed(t *testing.T) {
	base := mergeBase()
	removed := func(files map[string][]byte) map[string][]byte {
		b, err := routines.RemoveItem(files[routines.FileCalendar], routines.KindBlock, "standup")
		if err != nil {
			t.Fatal(err)
		}
		out := maps.Clone(files)
		out[routines.FileCalendar] = b
		return out
	}
	daily := renameIn(t, base, routines.KindBlock, "standup", "daily")
	huddle := renameIn(t, base, routines.KindBlock, "standup", "huddle")
	tests := []struct {
		name          string
		mine, theirs  map[string][]byte
		take          map[string]string
		wantConflicts []string
		wantIDs       []string // the blocks of the merged OS
		wantFormerly  []string // of the first of them
	}{
		{"removed in mine, renamed in theirs", removed(base), daily, nil, []string{"block/daily"}, nil, nil},
		{"... kept removed", removed(base), daily, map[string]string{"block/daily": TakeMine}, nil, []string{"learning"}, nil},
		{"... taken back", removed(base), daily, map[string]string{"block/daily": TakeTheirs}, nil, []string{"learning", "daily"}, nil},
		{"renamed in mine, removed in theirs", daily, removed(base), nil, []string{"block/daily"}, nil, nil},
		{"renamed both ways", daily, huddle, nil, []string{"block/daily.id"}, nil, nil},
		{"... keeping mine's id", daily, huddle, map[string]string{"block/daily.id": TakeMine}, nil, []string{"daily", "learning"}, []string{"standup", "huddle"}},
		{"... taking theirs' id", daily, huddle, map[string]string{"block/daily.id": TakeTheirs}, nil, []string{"huddle", "learning"}, []string{"standup", "daily"}},
		{"... keeping both", daily, huddle, map[string]string{"daily": TakeBoth}, nil, []string{"daily", "learning", "huddle"}, []string{"standup"}},
		{"renamed the same way on both sides", daily, daily, nil, nil, []string{"daily", "learning"}, []string{"standup"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustMerge(t, base, tt.mine, tt.theirs, tt.take)
			if got := conflictKeys(res.Conflicts); !slices.Equal(got, tt.wantConflicts) {
				t.Fatalf("conflicts: got %v, want %v", got, tt.wantConflicts)
			}
			if len(tt.wantConflicts) > 0 {
				return
			}
			o := loadOS(t, res.Files)
			var ids []string
			for _, b := range o.Blocks {
				ids = append(ids, b.ID)
			}
			if !slices.Equal(ids, tt.wantIDs) {
				t.Fatalf("blocks: got %v, want %v", ids, tt.wantIDs)
			}
			if got := o.Blocks[0].Formerly; !slices.Equal(got, tt.wantFormerly) {
				t.Errorf("%s's formerly: got %q, want %q", ids[0], got, tt.wantFormerly)
			}
		})
	}
}

// Long values that differ only past the cut read differently in a
// conflict's line, as in a change's.
func TestConflictStringLongValues(t *testing.T) {
	const notes = "Block the first two hours for the migration, and keep the afternoon for "
	c := Conflict{Key: "block/deep-work.notes", Field: "notes", Mine: notes + "reviews", Theirs: notes + "meetings", Base: notes + "email"}
	want := `block/deep-work.notes: mine "…the afternoon for reviews", theirs "…the afternoon for meetings" (base "…the afternoon for email")`
	if got := c.String(); got != want {
		t.Errorf("String() = %q,\nwant %q", got, want)
	}
}

// TestMergeRenamedTwice: an item renamed once already (both sides know
// it by its second id, its first in formerly) and renamed again on one
// side, while the other side changes it, merges as one item. Regression:
// theirs' rename was paired by its oldest former id, which mine no longer
// has as an id, and the merge read it as a removal: "changed in mine,
// removed in theirs".
func TestMergeRenamedTwice(t *testing.T) {
	tests := []struct {
		kind              routines.Kind
		first, second, to string
		line, after       string
		key               string
		want              any
	}{
		{routines.KindRoutine, "retro", "retrospective", "review", `at = "15:15"`, `at = "14:00"`, "at", "14:00"},
		{routines.KindTheme, "delivery", "shipping", "flow", `title = "Small changes, shipped often"`, `title = "Tiny changes"`, "title", "Tiny changes"},
		{routines.KindBlock, "standup", "daily", "huddle", `end = "09:45"`, `end = "10:00"`, "end", "10:00"},
	}
	for _, tt := range tests {
		base := renameIn(t, mergeBase(), tt.kind, tt.first, tt.second)
		// The second rename keeps both former ids, as `myos set` does.
		again := edit(t, base, tt.kind.File(), "id = \""+tt.second+"\"\nformerly = [\""+tt.first+"\"]",
			"id = \""+tt.to+"\"\nformerly = [\""+tt.first+"\", \""+tt.second+"\"]")
		if tt.kind == routines.KindTheme {
			for name, b := range again {
				if name != routines.FileThemes {
					again[name] = []byte(strings.ReplaceAll(string(b), `theme = "`+tt.second+`"`, `theme = "`+tt.to+`"`))
				}
			}
		}
		changed := edit(t, base, tt.kind.File(), tt.line, tt.after)
		for _, way := range []struct {
			name         string
			mine, theirs map[string][]byte
		}{
			{"renamed again in theirs", changed, again},
			{"renamed again in mine", again, changed},
		} {
			t.Run(string(tt.kind)+" "+way.name, func(t *testing.T) {
				res := mustMerge(t, base, way.mine, way.theirs, nil)
				if len(res.Conflicts) > 0 {
					t.Fatalf("got conflicts %v, want none", conflictKeys(res.Conflicts))
				}
				o := loadOS(t, res.Files)
				it := o.Find(tt.kind, tt.to)
				if it == nil || o.Find(tt.kind, tt.second) != nil {
					t.Fatalf("got %s %s and %s %v, want only %s", tt.kind, tt.to, tt.second, o.Find(tt.kind, tt.second) != nil, tt.to)
				}
				if v, _ := routines.FieldValue(it, tt.key); !same(v, tt.want) {
					t.Errorf("%s: got %v, want %v", tt.key, v, tt.want)
				}
				if got, want := routines.FormerIDs(it), []string{tt.first, tt.second}; !slices.Equal(got, want) {
					t.Errorf("formerly: got %q, want %q", got, want)
				}
			})
		}
	}
}

// TestMergeThemeReferencesAfterRename: an item's theme named by the id the
// theme had before a rename on one side, and by its new id on the other,
// names the same theme. Regression: a theme renamed on one side (which
// renames its references there) and an item moved to another theme on the
// other side made the item's theme a conflict, as did every reference to
// a theme each side renamed its own way; and keeping both of those themes
// brought theirs back a second time, claiming the same former id, and the
// merge failed as not valid.
func TestMergeThemeReferencesAfterRename(t *testing.T) {
	base := mergeBase()
	shipping := renameIn(t, base, routines.KindTheme, "delivery", "shipping")
	flow := renameIn(t, base, routines.KindTheme, "delivery", "flow")
	// The retro moves to the learning theme.
	moved := edit(t, base, routines.FileRoutines, "theme = \"delivery\"\nstatus = \"active\"\nsince", "theme = \"learning\"\nstatus = \"active\"\nsince")
	tests := []struct {
		name          string
		mine, theirs  map[string][]byte
		take          map[string]string
		wantConflicts []string
		wantRetro     string // the retro's theme
		wantStandup   string // the stand-up's theme
	}{
		{"renamed in theirs, moved in mine", moved, shipping, nil, nil, "learning", "shipping"},
		{"renamed in mine, moved in theirs", shipping, moved, nil, nil, "learning", "shipping"},
		{"renamed both ways", shipping, flow, nil, []string{"theme/shipping.id"}, "", ""},
		{"renamed both ways, mine's id kept", shipping, flow, map[string]string{"theme/shipping.id": TakeMine}, nil, "shipping", "shipping"},
		{"renamed both ways, theirs' id taken", shipping, flow, map[string]string{"theme/shipping.id": TakeTheirs}, nil, "flow", "flow"},
		{"renamed both ways, both kept", shipping, flow, map[string]string{"*": TakeBoth}, nil, "shipping", "shipping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustMerge(t, base, tt.mine, tt.theirs, tt.take)
			if got := conflictKeys(res.Conflicts); !slices.Equal(got, tt.wantConflicts) {
				t.Fatalf("conflicts: got %v, want %v", got, tt.wantConflicts)
			}
			if len(tt.wantConflicts) > 0 {
				return
			}
			o := loadOS(t, res.Files)
			if got := o.Find(routines.KindRoutine, "retro").(*routines.Routine).Theme; got != tt.wantRetro {
				t.Errorf("retro's theme: got %s, want %s", got, tt.wantRetro)
			}
			if got := o.Find(routines.KindBlock, "standup").(*routines.Block).Theme; got != tt.wantStandup {
				t.Errorf("standup's theme: got %s, want %s", got, tt.wantStandup)
			}
		})
	}
}

// TestMergeRenamedBothWaysNoBase: without a base (a template's first
// apply), an item each side renamed from the same id, each keeping it in
// formerly, is one item whose id is a conflict, as with a base.
// Regression: the two were kept as two items claiming one former id, and
// the merge failed as not valid whatever was taken.
func TestMergeRenamedBothWaysNoBase(t *testing.T) {
	base := mergeBase()
	tests := []struct {
		name          string
		kind          routines.Kind
		mine, theirs  map[string][]byte
		take          map[string]string
		wantConflicts []string
		wantIDs       []string // the items of kind in the merged OS
	}{
		{"block", routines.KindBlock, renameIn(t, base, routines.KindBlock, "standup", "daily"), renameIn(t, base, routines.KindBlock, "standup", "huddle"),
			nil, []string{"block/daily.id"}, nil},
		{"block, mine's id kept", routines.KindBlock, renameIn(t, base, routines.KindBlock, "standup", "daily"), renameIn(t, base, routines.KindBlock, "standup", "huddle"),
			map[string]string{"*": TakeMine}, nil, []string{"daily", "learning"}},
		{"block, theirs' id taken", routines.KindBlock, renameIn(t, base, routines.KindBlock, "standup", "daily"), renameIn(t, base, routines.KindBlock, "standup", "huddle"),
			map[string]string{"*": TakeTheirs}, nil, []string{"huddle", "learning"}},
		{"block, both kept", routines.KindBlock, renameIn(t, base, routines.KindBlock, "standup", "daily"), renameIn(t, base, routines.KindBlock, "standup", "huddle"),
			map[string]string{"*": TakeBoth}, nil, []string{"daily", "learning", "huddle"}},
		{"theme and what serves it", routines.KindTheme, renameIn(t, base, routines.KindTheme, "delivery", "shipping"), renameIn(t, base, routines.KindTheme, "delivery", "flow"),
			map[string]string{"*": TakeTheirs}, nil, []string{"flow", "learning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustMerge(t, nil, tt.mine, tt.theirs, tt.take)
			if got := conflictKeys(res.Conflicts); !slices.Equal(got, tt.wantConflicts) {
				t.Fatalf("conflicts: got %v, want %v", got, tt.wantConflicts)
			}
			if len(tt.wantConflicts) > 0 {
				return
			}
			o := loadOS(t, res.Files)
			var ids []string
			for _, it := range o.Items(tt.kind) {
				ids = append(ids, it.ItemID())
			}
			if !slices.Equal(ids, tt.wantIDs) {
				t.Errorf("%ss: got %v, want %v", tt.kind, ids, tt.wantIDs)
			}
		})
	}
}

// renameEdits changes files as fuzzEdits does, and renames items as
// `myos set KIND ID id=NEW` does (the old id kept in formerly, a theme's
// references renamed with it): every third byte picks, by its value, a
// rename or two bytes of fuzzEdits.
func renameEdits(files map[string][]byte, data []byte, tag string) map[string][]byte {
	files = maps.Clone(files)
	for i := 0; i+2 < len(data); i += 3 {
		if data[i+2]%3 != 0 {
			files = fuzzEdits(files, data[i:i+2], tag)
			continue
		}
		o, err := routines.LoadFiles(files)
		if err != nil {
			return files
		}
		kind := routines.Kinds()[int(data[i])%len(routines.Kinds())]
		items := o.Items(kind)
		if !kind.KeepsFormerIDs() || len(items) == 0 {
			continue
		}
		it := items[int(data[i+1])%len(items)]
		from := it.ItemID()
		// A new id of this side's, one both sides may pick, or an id the
		// item had (a rename back).
		ids := append([]string{fmt.Sprintf("ren-%s-%d", tag, data[i+1]%3), fmt.Sprintf("x-%d", data[i+1]%2)}, routines.FormerIDs(it)...)
		to := ids[int(data[i+2]/3)%len(ids)]
		if o.Find(kind, to) != nil {
			continue
		}
		upd := routines.CloneItem(it)
		setField(upd, "id", to)
		setField(upd, "formerly", routines.FormerlyAfterRename(routines.FormerIDs(it), from, to))
		b, err := routines.UpdateItem(files[kind.File()], it, upd)
		if err != nil {
			continue
		}
		next := maps.Clone(files)
		next[kind.File()] = b
		if kind == routines.KindTheme {
			for name, src := range next {
				if name != routines.FileThemes {
					next[name] = []byte(strings.ReplaceAll(string(src), `theme = "`+from+`"`, `theme = "`+to+`"`))
				}
			}
		}
		if _, err := routines.LoadFiles(next); err == nil {
			files = next
		}
	}
	return files
}

// FuzzMergeRenames is FuzzMerge with renames on either side, from a base
// that may have renamed items itself, and without a base (a template's
// first apply): every take decides every conflict, the result is valid,
// and an item that both sides still have, under any of its ids, is not
// lost.
func FuzzMergeRenames(f *testing.F) {
	f.Add([]byte{}, []byte{0, 0, 0}, []byte{0, 0, 3})          // a theme renamed both ways
	f.Add([]byte{}, []byte{3, 0, 0}, []byte{3, 0, 3})          // a block renamed both ways
	f.Add([]byte{0, 0, 0}, []byte{0, 50, 1}, []byte{0, 0, 3})  // retitled, and renamed again
	f.Add([]byte{}, []byte{1, 0, 0, 1, 0, 6}, []byte{1, 0, 1}) // renamed and back
	f.Add([]byte{}, []byte{2, 0, 0, 0, 1, 0}, []byte{0, 0, 0, 2, 0, 3})
	base := mergeBase()
	base[routines.FilePriorities] = []byte("[[priority]]\nid = \"runbooks\"\ntitle = \"Runbooks\"\ntheme = \"delivery\"\nstatus = \"next\"\nrank = 1\n")
	f.Fuzz(func(t *testing.T, pre, a, b []byte) {
		base := renameEdits(base, pre, "b")
		mine, theirs := renameEdits(base, a, "m"), renameEdits(base, b, "t")
		bo, mo, to := loadOS(t, base), loadOS(t, mine), loadOS(t, theirs)
		// has reports whether o has it under any id it has or had.
		has := func(o *routines.OS, k routines.Kind, it routines.Item) bool {
			ids := append([]string{it.ItemID()}, routines.FormerIDs(it)...)
			for _, x := range o.Items(k) {
				if slices.Contains(ids, x.ItemID()) || slices.ContainsFunc(routines.FormerIDs(x), func(f string) bool { return slices.Contains(ids, f) }) {
					return true
				}
			}
			return false
		}
		for _, withBase := range []bool{true, false} {
			b := base
			if !withBase {
				b = nil
			}
			for _, take := range []map[string]string{nil, {"*": TakeMine}, {"*": TakeTheirs}, {"*": TakeBoth}} {
				res, err := Merge(b, mine, theirs, take)
				if err != nil {
					if take["*"] == TakeBoth && strings.Contains(err.Error(), "a setting has one value") {
						continue
					}
					t.Fatalf("base %v, take %v: %v", withBase, take, err)
				}
				if len(res.Conflicts) > 0 {
					if take != nil {
						t.Fatalf("base %v, take %v: got conflicts %v, want every one decided", withBase, take, conflictKeys(res.Conflicts))
					}
					continue
				}
				ro, err := routines.LoadFiles(res.Files)
				if err != nil {
					t.Fatalf("base %v, take %v: merged OS is not valid: %v", withBase, take, err)
				}
				for _, k := range routines.Kinds() {
					for _, it := range bo.Items(k) {
						if withBase && has(mo, k, it) && has(to, k, it) && !has(ro, k, it) {
							t.Errorf("take %v: %s %s lost, though neither side removed it", take, k, it.ItemID())
						}
					}
				}
			}
		}
	})
}

// TestMergeRenamedBackKeepsBase: the template renamed an item (A to B),
// the member kept an id of their own (C, with A and B in formerly), and
// the template then renamed it back to A. Applying that version keeps
// the member's item as it is, and applying it again, with that version
// as the base, changes nothing. Regression: the second apply paired the
// member's item with the template's by its newest former id (B), which
// neither the base nor the template still has, found no base, and asked
// about every field the member had changed, "(no base)".
func TestMergeRenamedBackKeepsBase(t *testing.T) {
	tests := []struct {
		kind      routines.Kind
		a, b, c   string
		line, own string
	}{
		{routines.KindRoutine, "retro", "retrospective", "look-back", `at = "15:15"`, `at = "16:00"`},
		{routines.KindTheme, "delivery", "shipping", "flow", `title = "Small changes, shipped often"`, `title = "Tiny changes"`},
		{routines.KindBlock, "standup", "daily", "huddle", `end = "09:45"`, `end = "10:00"`},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			v1 := mergeBase()
			v2 := renameIn(t, v1, tt.kind, tt.a, tt.b)
			// Renamed back, as `myos set` does: b is in formerly, a no
			// longer is.
			v3 := edit(t, v2, tt.kind.File(), "id = \""+tt.b+"\"\nformerly = [\""+tt.a+"\"]", "id = \""+tt.a+"\"\nformerly = [\""+tt.b+"\"]")
			if tt.kind == routines.KindTheme {
				for name, b := range v3 {
					if name != routines.FileThemes {
						v3[name] = []byte(strings.ReplaceAll(string(b), `theme = "`+tt.b+`"`, `theme = "`+tt.a+`"`))
					}
				}
			}
			// The member's own id, chosen when v2's rename was theirs to
			// decide, with both of the template's ids in formerly.
			mine := edit(t, v1, tt.kind.File(), `id = "`+tt.a+`"`, "id = \""+tt.c+"\"\nformerly = [\""+tt.a+"\", \""+tt.b+"\"]")
			if tt.kind == routines.KindTheme {
				for name, b := range mine {
					if name != routines.FileThemes {
						mine[name] = []byte(strings.ReplaceAll(string(b), `theme = "`+tt.a+`"`, `theme = "`+tt.c+`"`))
					}
				}
			}
			mine = edit(t, mine, tt.kind.File(), tt.line, tt.own)
			first := mustMerge(t, v2, mine, v3, nil)
			if len(first.Conflicts) > 0 {
				t.Fatalf("first apply: got conflicts %v, want none", conflictKeys(first.Conflicts))
			}
			again := mustMerge(t, v3, first.Files, v3, nil)
			if len(again.Conflicts) > 0 {
				t.Fatalf("second apply: got conflicts %v, want none", conflictKeys(again.Conflicts))
			}
			if len(again.Changes) > 0 {
				t.Errorf("second apply: got changes %v, want none", again.Applied)
			}
			o := loadOS(t, again.Files)
			if o.Find(tt.kind, tt.c) == nil || o.Find(tt.kind, tt.a) != nil {
				t.Errorf("got %s %s %v, %s %v; want only %s", tt.kind, tt.c, o.Find(tt.kind, tt.c) != nil, tt.a, o.Find(tt.kind, tt.a) != nil, tt.c)
			}
		})
	}
}

// renameChain returns files with the item kind/ids[0], which has no
// former ids, renamed through each of ids in turn, its formerly kept as
// `myos set` keeps it; a theme's references follow.
func renameChain(t *testing.T, files map[string][]byte, kind routines.Kind, ids ...string) map[string][]byte {
	t.Helper()
	var formerly []string
	for i := 1; i < len(ids); i++ {
		formerly = routines.FormerlyAfterRename(formerly, ids[i-1], ids[i])
	}
	from, to := ids[0], ids[len(ids)-1]
	out := edit(t, files, kind.File(), `id = "`+from+`"`, `id = "`+to+`"`+"\nformerly = "+routines.EncodeValue(formerly))
	if kind == routines.KindTheme {
		for name, b := range out {
			if name != routines.FileThemes {
				out[name] = []byte(strings.ReplaceAll(string(b), `theme = "`+from+`"`, `theme = "`+to+`"`))
			}
		}
	}
	return out
}

// TestMergeRenameChains: an item renamed several times on one side is
// still the other side's item. The merges failed as "not valid", the
// item kept twice under two ids claiming one former id: theirs renamed
// away from the base's id, back to an id mine had before, and on, while
// mine edited it (theirs was paired by the older id); and theirs renamed
// on from the id mine renamed it to, or from one mine had before (mine
// was looked up by the id it renamed away from only).
func TestMergeRenameChains(t *testing.T) {
	base := mergeBase()
	tests := []struct {
		name               string
		kind               routines.Kind
		base, mine, theirs map[string][]byte
		wantID             string
		wantFormerly       []string
		line               string // a line the merged item's file has
		conflict           string // the one conflict without a take; mine is taken
	}{
		{
			name: "renamed back and on in theirs, edited in mine", kind: routines.KindBlock,
			base:   renameChain(t, base, routines.KindBlock, "standup", "retro"),
			mine:   edit(t, renameChain(t, base, routines.KindBlock, "standup", "retro"), routines.FileCalendar, `title = "Stand-up"`, `title = "Morning sync"`),
			theirs: renameChain(t, base, routines.KindBlock, "standup", "retro", "standup", "daily"),
			wantID: "daily", wantFormerly: []string{"retro", "standup"}, line: `title = "Morning sync"`,
		},
		{
			name: "renamed on in theirs from mine's new id", kind: routines.KindTheme,
			base:   renameChain(t, base, routines.KindTheme, "delivery", "shipping"),
			mine:   renameChain(t, base, routines.KindTheme, "delivery", "shipping", "flow"),
			theirs: renameChain(t, base, routines.KindTheme, "delivery", "shipping", "flow", "speed"),
			wantID: "speed", wantFormerly: []string{"delivery", "shipping", "flow"}, line: `theme = "speed"`,
		},
		{
			name: "renamed in mine, back and on in theirs", kind: routines.KindTheme,
			base:   renameChain(t, base, routines.KindTheme, "delivery", "shipping"),
			mine:   renameChain(t, base, routines.KindTheme, "delivery", "shipping", "flow"),
			theirs: renameChain(t, base, routines.KindTheme, "delivery", "shipping", "delivery", "speed"),
			wantID: "flow", wantFormerly: []string{"delivery", "shipping", "speed"}, line: `theme = "flow"`,
			conflict: "theme/flow.id",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			takes := []map[string]string{nil, {"*": TakeMine}, {"*": TakeTheirs}}
			if tt.conflict != "" {
				res := mustMerge(t, tt.base, tt.mine, tt.theirs, nil)
				if got := conflictKeys(res.Conflicts); !slices.Equal(got, []string{tt.conflict}) {
					t.Fatalf("conflicts %v, want [%s]", got, tt.conflict)
				}
				takes = takes[1:2]
			}
			for _, take := range takes {
				res := mustMerge(t, tt.base, tt.mine, tt.theirs, take)
				if len(res.Conflicts) > 0 {
					t.Fatalf("take %v: conflicts %v, want none", take, conflictKeys(res.Conflicts))
				}
				o := loadOS(t, res.Files)
				if n := len(o.Items(tt.kind)); n != 2 {
					t.Fatalf("take %v: %d items of kind %s, want 2", take, n, tt.kind)
				}
				it := o.Find(tt.kind, tt.wantID)
				if it == nil {
					t.Fatalf("take %v: no %s %s", take, tt.kind, tt.wantID)
				}
				if got := routines.FormerIDs(it); !slices.Equal(got, tt.wantFormerly) {
					t.Errorf("take %v: formerly %q, want %q", take, got, tt.wantFormerly)
				}
				found := false
				for _, b := range res.Files {
					found = found || strings.Contains(string(b), tt.line)
				}
				if !found {
					t.Errorf("take %v: no file has %s", take, tt.line)
				}
			}
		})
	}
}

// TestMergeRenamesToOneID: each side renames a different item to the
// same new id. Merged as one item, the other item each side still had
// under its old id looked removed, and one of them was lost whatever was
// taken. Theirs' rename is now taken back, with a note, and both items
// are kept; a theme's work follows it.
func TestMergeRenamesToOneID(t *testing.T) {
	base := mergeBase()
	tests := []struct {
		name         string
		kind         routines.Kind
		mine, theirs map[string][]byte
		wantIDs      []string
		note         string
	}{
		{"blocks", routines.KindBlock,
			renameChain(t, base, routines.KindBlock, "standup", "sync"),
			renameChain(t, base, routines.KindBlock, "learning", "sync"),
			[]string{"sync", "learning"}, `block "learning": theirs renamed it "sync", the id of another block here; kept as "learning"`},
		{"themes", routines.KindTheme,
			renameChain(t, base, routines.KindTheme, "delivery", "focus"),
			renameChain(t, base, routines.KindTheme, "learning", "focus"),
			[]string{"focus", "learning"}, `theme "learning": theirs renamed it "focus", the id of another theme here; kept as "learning"`},
	}
	for _, tt := range tests {
		for _, withBase := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s, base %v", tt.name, withBase), func(t *testing.T) {
				b := base
				if !withBase {
					b = nil
				}
				for _, take := range []map[string]string{nil, {"*": TakeMine}, {"*": TakeTheirs}, {"*": TakeBoth}} {
					res := mustMerge(t, b, tt.mine, tt.theirs, take)
					if len(res.Conflicts) > 0 {
						if take == nil {
							continue // without a base, the fields that differ are asked
						}
						t.Fatalf("take %v: conflicts %v", take, conflictKeys(res.Conflicts))
					}
					o := loadOS(t, res.Files)
					for _, id := range tt.wantIDs {
						if o.Find(tt.kind, id) == nil {
							t.Errorf("take %v: %s %s lost", take, tt.kind, id)
						}
					}
					if !slices.Contains(res.Applied, tt.note) {
						t.Errorf("take %v: notes %q, want %q", take, res.Applied, tt.note)
					}
				}
			})
		}
	}
}
