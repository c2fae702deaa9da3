package routines

import (
	"strings"
	"testing"
)

// TestBeginFrom checks that a since in the past moves on to the
// cadence's next day in the same series, and that what should stay does.
func TestBeginFrom(t *testing.T) {
	src := `# my routines
[[routine]]
id = "stretch"
title = "Stretch"
cadence = "daily"
since = 2026-03-02

[[routine]]
id = "retro"
title = "Retro"
cadence = "every 2 weeks on fri"
since = 2026-03-02  # the team's first fortnight

[[routine]]
id = "course"
title = "Course"
cadence = "FREQ=WEEKLY;BYDAY=MO;COUNT=3"
since = 2026-03-02

[[routine]]
id = "walk"
title = "Walk"
cadence = "daily"

[[routine]]
id = "later"
title = "Later"
cadence = "daily"
since = 2026-12-01
`
	osToml := []byte("name = \"T\"\ntimezone = \"UTC\"\n")
	files := map[string][]byte{FileOS: osToml, FileRoutines: []byte(src)}
	o, err := LoadFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	today := Date{2026, 9, 1}
	changed, err := BeginFrom(files, o, today, nil)
	if err != nil || !changed {
		t.Fatalf("BeginFrom: changed %v, %v", changed, err)
	}
	after, err := LoadFiles(files)
	if err != nil {
		t.Fatalf("the rewritten file does not load: %v", err)
	}
	want := map[string]string{"stretch": "2026-09-01", "retro": "2026-09-04", "course": "2026-03-02", "walk": "", "later": "2026-12-01"}
	for id, w := range want {
		r := after.Find(KindRoutine, id).(*Routine)
		got := ""
		if r.Since != nil {
			got = r.Since.String()
		}
		if got != w {
			t.Errorf("%s: since %q, want %q", id, got, w)
		}
	}
	// The retro's days from today on are the same as before.
	was, now := o.Find(KindRoutine, "retro").(*Routine), after.Find(KindRoutine, "retro").(*Routine)
	for d := today; d.Before(Date{2027, 9, 1}); d = d.AddDays(1) {
		if was.DueOn(d) != now.DueOn(d) {
			t.Fatalf("retro on %s: due %v before, %v after", d, was.DueOn(d), now.DueOn(d))
		}
	}
	if !strings.Contains(string(files[FileRoutines]), "# the team's first fortnight") || !strings.HasPrefix(string(files[FileRoutines]), "# my routines\n") {
		t.Errorf("comments were lost:\n%s", files[FileRoutines])
	}
	// only limits it to the routines named.
	files = map[string][]byte{FileOS: osToml, FileRoutines: []byte(src)}
	if _, err := BeginFrom(files, o, today, func(id string) bool { return id == "retro" }); err != nil {
		t.Fatal(err)
	}
	if after, _ = LoadFiles(files); after.Find(KindRoutine, "stretch").(*Routine).Since.String() != "2026-03-02" {
		t.Errorf("a routine only did not name was moved")
	}
}
