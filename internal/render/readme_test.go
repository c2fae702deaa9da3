package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/myos-dev/myos/routines"
)

// updatingGolden reports whether the tests were run with -update, the
// package's flag for rewriting golden files.
func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// checkGolden compares got with testdata/name, rewriting it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updatingGolden() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(g), len(w)) {
			var a, b string
			if i < len(g) {
				a = g[i]
			}
			if i < len(w) {
				b = w[i]
			}
			if a != b {
				t.Fatalf("%s differs at line %d (run go test -update and review the diff):\ngot  %q\nwant %q", path, i+1, a, b)
			}
		}
		t.Fatalf("%s differs (run go test -update and review the diff)", path)
	}
}

func exampleOS(t testing.TB, name string) *routines.OS {
	t.Helper()
	o, err := routines.Load(os.DirFS(filepath.Join("..", "..", "examples", name)))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return o
}

// sampleChanges is twelve changes, newest first, as the cli words them.
var sampleChanges = []string{
	`2026-11-25 — routines: add "sleep" (daily at 22:30)`,
	`2026-11-24 — priorities: defer "vex-experiment" until 2027-01-11`,
	`2026-11-20 — calendar: move "lunch" to 12:00–13:00`,
	`2026-11-18 — routines: retire "hourly-email"`,
	`2026-11-16 — priorities: mark "annual-physical" done`,
	`2026-11-13 — themes: change "teaching" narrative`,
	`2026-11-09 — priorities: start "mentoring-cohort"`,
	`2026-11-06 — calendar: add "lab" (fri 13:00–15:00)`,
	`2026-11-02 — priorities: start "keynote-draft"`,
	`2026-10-30 — routines: pause "learn-rust"`,
	`2026-10-28 — calendar: remove "old-block"`,
	`2026-10-19 — priorities: start "release-provenance"`,
}

func TestREADMEGolden(t *testing.T) {
	for _, name := range []string{"calendar-first", "tasks-first"} {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, "readme_"+name+".golden", README(exampleOS(t, name), sampleChanges))
		})
	}
}

func TestREADMEDeterministic(t *testing.T) {
	o := exampleOS(t, "calendar-first")
	first := README(o, sampleChanges)
	for range 20 {
		if got := README(o, sampleChanges); !bytes.Equal(got, first) {
			t.Fatalf("README differs between two runs on the same OS")
		}
	}
}

func TestREADMEContent(t *testing.T) {
	o := exampleOS(t, "calendar-first")
	got := string(README(o, sampleChanges))
	section := func(title string) string {
		i := strings.Index(got, "\n## "+title+"\n")
		if i < 0 {
			t.Fatalf("no section %q", title)
		}
		rest := got[i+len(title)+5:]
		if j := strings.Index(rest, "\n## "); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	tests := []struct {
		section string
		text    string
		want    bool
		why     string
	}{
		{"", "# RosaOS\n", true, "the OS's name is the title"},
		{"", "I'm Rosa Delgado", true, "the owner"},
		{"What it is all for", "### Secure software supply chains", true, "a theme"},
		{"What it is all for", "Anyone shipping software should be able to say where every byte came\nfrom and prove it.", true, "its narrative"},
		{"Routines", "**Go to sleep on time**, every day at 22:30 for 8 hours. Energy is the\n  budget", true, "an active routine with cadence and why"},
		{"Routines", "Check email every hour", false, "a retired routine"},
		{"Routines", "every other Monday", true, "an interval cadence in words"},
		{"Routines", "on the first Monday of\n  every month", true, "a raw rule in words"},
		{"Routines", "aspirations", true, "aspirations apart"},
		{"How I choose what to work on", "No more than three things in progress at once", true, "the limit"},
		{"How I choose what to work on", "1. Draft the keynote (for Secure software supply chains), due 1 December\n   2026", true, "rank 1 in progress"},
		{"How I choose what to work on", "**Try VEX statements on the CLI's dependencies** waits until 11\n  January 2027. Keynote first; the experiment makes a better January\n  lab. Put off once so far.", true, "what was put off, until when and why"},
		{"How I choose what to work on", "Submit the keynote proposal", false, "done work"},
		{"My week", "| Time | Sun | Mon | Tue | Wed | Thu | Fri | Sat |", true, "the week table starts on week_start"},
		{"My week", "| 12:00–13:00 | | Lunch, away from the screen | Lunch, away from the screen |", true, "a block on its days"},
		{"My week", "| Finish strong | 26h30m |", true, "hours per theme, as the week view writes them"},
		{"My week", "That is 64 hours a week on the calendar.", true, "the total, in words"},
		{"Looking back", "- Was I asleep by 22:30 most nights?", true, "a review prompt"},
		{"Looking back", "Every Friday I read these files", true, "the weekly review day"},
		{"Recent changes", `- 2026-11-25 — routines: add "sleep" (daily at 22:30)`, true, "the newest change"},
		{"Recent changes", "2026-10-30 — routines: pause", true, "the tenth change"},
		{"Recent changes", "2026-10-28", false, "the eleventh change"},
		{"Recent changes", "The last ten changes", true, "how many"},
	}
	for _, tt := range tests {
		in := got
		if tt.section != "" {
			in = section(tt.section)
		}
		if strings.Contains(in, tt.text) != tt.want {
			t.Errorf("%s (%s): contains %q is %v, want %v", tt.section, tt.why, tt.text, !tt.want, tt.want)
		}
	}
}

// TestREADMEProse checks the README reads as wrapped prose: lines within
// 72 columns except tables and words that cannot be broken, no line that
// Markdown would read as a heading or list by accident, and no trailing
// spaces.
func TestREADMEProse(t *testing.T) {
	for _, name := range []string{"calendar-first", "tasks-first"} {
		got := string(README(exampleOS(t, name), sampleChanges))
		inList := false
		for i, line := range strings.Split(got, "\n") {
			if strings.HasSuffix(line, " ") {
				t.Errorf("%s:%d: trailing space: %q", name, i+1, line)
			}
			if strings.HasPrefix(line, "|") {
				continue
			}
			if n := utf8.RuneCountInString(line); n > readmeWidth && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("%s:%d: %d columns, want at most %d: %q", name, i+1, n, readmeWidth, line)
			}
			switch {
			case line == "":
				inList = false
			case strings.HasPrefix(line, "- ") || len(line) > 2 && line[0] >= '0' && line[0] <= '9' && strings.Contains(line[:4], ". "):
				inList = true
			case strings.HasPrefix(line, "  ") && !inList:
				t.Errorf("%s:%d: indented line outside a list: %q", name, i+1, line)
			}
		}
	}
}

func TestREADMEEmptyOS(t *testing.T) {
	o := &routines.OS{Settings: routines.Settings{Name: "EmptyOS"}}
	got := string(README(o, nil))
	for _, want := range []string{
		"# EmptyOS\n",
		"I haven't written down my themes yet",
		"No routines yet.",
		"### In progress\n\nNothing right now.",
		"Nothing is put off right now.",
		"There is nothing on the weekly calendar yet.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("README of an empty OS lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Recent changes") {
		t.Errorf("README without history has a Recent changes section")
	}
	if strings.Contains(got, "I'm ") {
		t.Errorf("README without owner names one")
	}
}

// TestREADMEThemesNotInFocus guards against the themes on hold, finished
// or retired being written under the last active theme's heading, where
// they read as being about that theme, and a retired theme being called
// finished.
func TestREADMEThemesNotInFocus(t *testing.T) {
	o := &routines.OS{Settings: routines.Settings{Name: "T"}, Themes: []routines.Theme{
		{ID: "a", Title: "Active one", Status: routines.ThemeActive},
		{ID: "b", Title: "Team health", Status: routines.ThemeActive},
		{ID: "p", Title: "Learning Rust", Status: routines.ThemePaused},
		{ID: "d", Title: "Website", Status: routines.ThemeDone},
		{ID: "r", Title: "Supply chains", Status: routines.ThemeRetired},
	}}
	got := string(README(o, nil))
	want := "### Team health\n\n### Not in focus now\n\nOn hold for now: Learning Rust.\n\n" +
		"Finished, and kept here for the record: Website.\n\nRetired, and kept here for the record: Supply chains.\n\n## "
	if !strings.Contains(got, want) {
		t.Errorf("got themes section\n%s\nwant it to hold\n%s", got, want)
	}

	// With no active theme there is no heading to fall under.
	o.Themes = o.Themes[2:]
	got = string(README(o, nil))
	if strings.Contains(got, "Not in focus now") {
		t.Errorf("got a heading for the themes not in focus with no active theme:\n%s", got)
	}
	if !strings.Contains(got, "No theme is in focus right now") || strings.Contains(got, "I haven't written down my themes") {
		t.Errorf("got no true note on having no active theme:\n%s", got)
	}
}

func TestREADMEEscapes(t *testing.T) {
	o := &routines.OS{
		Settings: routines.Settings{Name: "My *OS*", Owner: "A_B"},
		Themes:   []routines.Theme{{ID: "t", Title: "# not a heading", Narrative: "1. not a list <b>bold</b> | pipe"}},
		Blocks:   []routines.Block{{ID: "b", Title: "a | b", Days: []string{"mon"}, Start: "09:00", End: "10:00", Theme: "t"}},
	}
	got := string(README(o, nil))
	for _, want := range []string{
		`# My \*OS\*`,
		`I'm A\_B`,
		`### \# not a heading`,
		`1\. not a list \<b\>bold\</b\> \| pipe`,
		`| 09:00–10:00 | a \| b |`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("README lacks %q:\n%s", want, got)
		}
	}
}

// TestHoursAsDurations guards against hours printed as raw floats
// ("0.3333333333333333", "6.416666666666667 h"): the README and the week
// page write a week's time as the terminal does, 6h25m, and the README's
// prose in words.
func TestHoursAsDurations(t *testing.T) {
	o := testOS(t, map[string]string{
		routines.FileOS:     "name = \"TestOS\"\ntimezone = \"Europe/Helsinki\"\n[calendar]\ngrid = \"5m\"\n",
		routines.FileThemes: "[[theme]]\nid = \"deep\"\ntitle = \"Deep work\"\n",
		routines.FileCalendar: `[[block]]
id = "stand-up"
title = "Stand-up"
days = ["mon"]
start = "09:00"
end = "09:20"
[[block]]
id = "focus"
title = "Focus"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
start = "10:05"
end = "11:00"
theme = "deep"
`,
	})
	readme := string(README(o, nil))
	page := string(weekPageBytes(t, o, routines.Date{Year: 2026, Month: time.November, Day: 25}))
	tests := []struct {
		name, in, want string
	}{
		{"README", readme, "| Deep work | 6h25m |"},
		{"README", readme, "| No theme | 20m |"},
		{"README", readme, "That is 6 hours 45 minutes a week on the calendar."},
		{"week page", page, `<span class="bar-val">6h25m</span>`},
		{"week page", page, `<span class="bar-val">20m</span>`},
		{"week page", page, "6h45m planned this week."},
	}
	for _, tt := range tests {
		if !strings.Contains(tt.in, tt.want) {
			t.Errorf("%s lacks %q", tt.name, tt.want)
		}
	}
	float := regexp.MustCompile(`[0-9]\.[0-9]{5,}`)
	for name, in := range map[string]string{"README": readme, "week page": page} {
		if m := float.FindString(in); m != "" {
			t.Errorf("%s has the float %q, want hours and minutes", name, m)
		}
	}
}

func TestCadenceWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"daily", "every day"},
		{"weekdays", "every weekday"},
		{"weekends", "every weekend"},
		{"weekly on mon,thu", "every Monday and Thursday"},
		{"weekly on tue,thu,sat", "every Tuesday, Thursday and Saturday"},
		{"every 2 weeks on fri", "every other Friday"},
		{"every 2 weeks on mon,fri", "every other week on Monday and Friday"},
		{"every 3 weeks on fri", "every 3 weeks on Friday"},
		{"every 3 days", "every 3 days"},
		{"monthly on 1", "on the 1st of every month"},
		{"monthly on 1,15,-1", "on the 1st, 15th and last day of every month"},
		{"monthly on 22,23,-2", "on the 22nd, 23rd and 2nd day from the end of every month"},
		{"every 2 months on 11", "on the 11th of every other month"},
		{"RRULE:FREQ=MONTHLY;BYDAY=1MO", "on the first Monday of every month"},
		{"RRULE:FREQ=MONTHLY;BYDAY=-1FR", "on the last Friday of every month"},
		{"RRULE:FREQ=YEARLY;BYMONTH=3", "by the rule `FREQ=YEARLY;BYMONTH=3`"},
		{"sometimes", "`sometimes`"},
	}
	for _, tt := range tests {
		if got := cadenceWords(tt.in); got != tt.want {
			t.Errorf("cadenceWords(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDurationWords(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{8 * time.Hour, "8 hours"},
		{time.Hour, "1 hour"},
		{45 * time.Minute, "45 minutes"},
		{time.Minute, "1 minute"},
		{90 * time.Minute, "1 hour 30 minutes"},
	}
	for _, tt := range tests {
		if got := durationWords(tt.in); got != tt.want {
			t.Errorf("durationWords(%v): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMdWrap(t *testing.T) {
	long := strings.Repeat("word ", 20) + "- 1. #tag"
	got := mdWrap(long, "- ", "  ")
	for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if i > 0 {
			rest := strings.TrimPrefix(line, "  ")
			if startsBlock(strings.Fields(rest)[0]) {
				t.Errorf("line %d starts with a block marker: %q", i+1, line)
			}
		}
	}
	if got, want := mdWrap("short", "", ""), "short\n"; got != want {
		t.Errorf("mdWrap(short): got %q, want %q", got, want)
	}
}

// TestMdWrapUnbreakableLine guards against wrapping that copies the
// line it is building once per word: a narrative of 20,000 "-" words can
// break nowhere, and cost 400 MB of copying and 40,000 allocations.
func TestMdWrapUnbreakableLine(t *testing.T) {
	s := strings.Repeat("- ", 20000)
	var got string
	allocs := testing.AllocsPerRun(1, func() { got = mdWrap(s, "- ", "  ") })
	if want := "- " + strings.TrimSpace(s) + "\n"; got != want {
		t.Errorf("mdWrap: got %d bytes starting %.20q, want %d bytes starting %.20q", len(got), got, len(want), want)
	}
	if allocs > 20 {
		t.Errorf("mdWrap of %d words: got %.0f allocations, want at most 20", 20000, allocs)
	}
	text := strings.Repeat("word ", 40) + "- 1. #tag " + strings.Repeat("other ", 30)
	got = mdWrap(text, "- ", "  ")
	if strings.Join(strings.Fields(got), " ") != "- "+strings.Join(strings.Fields(text), " ") {
		t.Errorf("mdWrap lost or changed words: got %q", got)
	}
	for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if w := utf8.RuneCountInString(line); w > readmeWidth {
			t.Errorf("line %d is %d wide, more than %d: %q", i+1, w, readmeWidth, line)
		}
	}
}

func BenchmarkREADME(b *testing.B) {
	o := exampleOS(b, "calendar-first")
	for b.Loop() {
		README(o, sampleChanges)
	}
}

func ExampleREADME() {
	o := &routines.OS{
		Settings: routines.Settings{Name: "AndyOS", Owner: "Andy"},
		Themes:   []routines.Theme{{ID: "health", Title: "Health", Narrative: "Sleep on time."}},
	}
	readme := string(README(o, nil))
	fmt.Println(readme[:strings.Index(readme, "\n\n")])
	// Output: # AndyOS
}

// FuzzREADME writes any text into every field a person fills in: the
// README stays valid UTF-8, and no text of theirs turns into a heading of
// its own or breaks the week table.
func FuzzREADME(f *testing.F) {
	for _, s := range []string{
		"## Not a section",
		"# title\n## sub",
		"- list\n1. item",
		"a | b | c",
		"*bold* _it_ `code` [link](x) <b>",
		strings.Repeat("long words ", 30),
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("TOML text is UTF-8")
		}
		due := routines.Date{Year: 2026, Month: time.December, Day: 1}
		o := &routines.OS{
			Settings:   routines.Settings{Name: s, Owner: s, Timezone: "Europe/Helsinki", Review: routines.ReviewSettings{WeeklyDay: "fri", Prompts: []string{s}}},
			Themes:     []routines.Theme{{ID: "t", Title: s, Narrative: s, Horizon: s}},
			Routines:   []routines.Routine{{ID: "r", Title: s, Why: s, Cadence: "daily", At: "07:00", Notes: s, Status: routines.RoutineAspiration}},
			Priorities: []routines.Priority{{ID: "p", Title: s, Theme: "t", Status: routines.PriorityDoing, Rank: 1, Due: &due}, {ID: "q", Title: s, Status: routines.PriorityLater, DeferReason: s, DeferredUntil: &due}},
			Blocks:     []routines.Block{{ID: "b", Title: s, Days: []string{"mon", "tue"}, Start: "09:00", End: "10:00", Theme: "t"}},
		}
		got := string(README(o, []string{s}))
		if !utf8.ValidString(got) {
			t.Fatalf("README is not valid UTF-8")
		}
		var sections, rows int
		for _, line := range strings.Split(got, "\n") {
			if strings.HasPrefix(line, "## ") {
				sections++
			}
			if strings.HasPrefix(line, "| 09:00–10:00 |") {
				rows++
				if cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); cells != 4 {
					t.Errorf("week row has %d cell borders, want 4: %q", cells, line)
				}
			}
		}
		want := 5 // themes, routines, priorities, week, reviews
		if strings.TrimSpace(s) != "" {
			want++ // recent changes
		}
		if sections != want {
			t.Errorf("%d sections, want %d (text of the person's made one):\n%s", sections, want, got)
		}
		if rows != 1 {
			t.Errorf("%d rows for the block, want 1", rows)
		}
	})
}

// TestSentence guards the why, notes and reasons the README writes after a
// full stop: each is one sentence, with a capital and a final stop, and a
// first word written with a capital inside keeps its spelling.
func TestSentence(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"  ", ""},
		{"the keynote comes first", "The keynote comes first."},
		{"Rest is earned", "Rest is earned."},
		{"iOS app first", "iOS app first."},
		{"eBay listings wait", "eBay listings wait."},
		{"ääni ensin!", "Ääni ensin!"},
		{"why\nnot   now?", "Why not now?"},
		{"7 days of rest", "7 days of rest."},
	} {
		if got := sentence(tt.in); got != tt.want {
			t.Errorf("sentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
