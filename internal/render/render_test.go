package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func loadExample(t *testing.T, name string) *routines.OS {
	t.Helper()
	o, err := routines.Load(os.DirFS(filepath.Join("..", "..", "examples", name)))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return o
}

func date(t *testing.T, s string) routines.Date {
	t.Helper()
	d, err := routines.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func datePtr(t *testing.T, s string) *routines.Date {
	d := date(t, s)
	return &d
}

// The example dates: calendar-first on the day of a dated rehearsal, in
// the week of its keynote; tasks-first on the day of an all-day client
// workshop that overlaps the writing block.
var goldenCases = []struct {
	example    string
	day        string
	today      string
	lastReview string
}{
	{"calendar-first", "2026-12-02", "2026-12-02", "2026-11-20"},
	{"tasks-first", "2026-12-08", "2026-12-07", ""},
}

func TestGoldenDay(t *testing.T) {
	for _, c := range goldenCases {
		o := loadExample(t, c.example)
		var last *routines.Date
		if c.lastReview != "" {
			last = datePtr(t, c.lastReview)
		}
		d := NewDay(o, o.Day(date(t, c.day)), date(t, c.today), last)
		for _, color := range []bool{false, true} {
			var buf bytes.Buffer
			if err := WriteDay(&buf, d, Options{Width: 80, Color: color}); err != nil {
				t.Fatal(err)
			}
			name := "day_" + c.example
			if color {
				name += "_color"
			}
			golden(t, name+".txt", buf.Bytes())
		}
	}
}

func TestGoldenWeek(t *testing.T) {
	for _, c := range goldenCases {
		o := loadExample(t, c.example)
		wk := NewWeek(o, o.Week(date(t, c.day)))
		for _, opts := range []Options{{Width: 80}, {Width: 80, Color: true}, {Width: 150}, {Width: 40}} {
			var buf bytes.Buffer
			if err := WriteWeek(&buf, wk, opts); err != nil {
				t.Fatal(err)
			}
			name := "week_" + c.example
			if opts.Color {
				name += "_color"
			}
			if opts.Width > 80 {
				name += "_wide"
			}
			if opts.Width < gridWidth {
				name += "_narrow"
			}
			golden(t, name+".txt", buf.Bytes())
		}
	}
}

// TestNoColorMeansPlainText guards against styles leaking into output
// for pipes and NO_COLOR.
func TestNoColorMeansPlainText(t *testing.T) {
	o := loadExample(t, "calendar-first")
	d := date(t, "2026-12-02")
	var buf bytes.Buffer
	if err := WriteDay(&buf, NewDay(o, o.Day(d), d, nil), Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	if err := WriteWeek(&buf, NewWeek(o, o.Week(d)), Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	if i := bytes.IndexByte(buf.Bytes(), 0x1b); i >= 0 {
		t.Errorf("got an escape sequence at byte %d, want none without colour", i)
	}
}

// testOS builds an OS from TOML sources.
func testOS(t *testing.T, files map[string]string) *routines.OS {
	t.Helper()
	fsys := fstest.MapFS{}
	if _, ok := files[routines.FileOS]; !ok {
		files[routines.FileOS] = "name = \"TestOS\"\ntimezone = \"Europe/Helsinki\"\n"
	}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	o, err := routines.Load(fsys)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return o
}

func weekText(t *testing.T, o *routines.OS, day string, width int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWeek(&buf, NewWeek(o, o.Week(date(t, day))), Options{Width: width}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWeekEmpty(t *testing.T) {
	o := testOS(t, map[string]string{})
	got := weekText(t, o, "2026-11-25", 80)
	want := "23 Nov – 29 Nov 2026\n\nnothing planned this week — add blocks with `myos add block`\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWeekUnicodeTitles(t *testing.T) {
	o := testOS(t, map[string]string{
		routines.FileThemes: "[[theme]]\nid = \"kieli\"\ntitle = \"Kieli\"\n",
		routines.FileCalendar: `[[block]]
id = "kokous"
title = "Kokous: päivän suunnitelma ☕ 会議 ja muuta"
days = ["mon", "wed"]
start = "09:00"
end = "10:00"
theme = "kieli"
`,
	})
	for _, width := range []int{20, 80, 101, 200} {
		got := weekText(t, o, "2026-11-25", width)
		want := max(width, 80)
		for _, line := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
			if n := textwidth.Width(line); n > want {
				t.Errorf("width %d: got a line of %d columns, want at most %d: %q", width, n, want, line)
			}
		}
		if !strings.Contains(got, "Kokous:") {
			t.Errorf("width %d: got no title in\n%s", width, got)
		}
	}
}

// wideOS has titles that take two columns a character: CJK and emoji,
// on the Friday of the week of 2026-11-25, beside plain ones.
func wideOS(t *testing.T) *routines.OS {
	return testOS(t, map[string]string{
		routines.FileCalendar: `[[block]]
id = "work"
title = "Deep work"
days = ["thu", "fri"]
start = "09:00"
end = "10:00"
kind = "focus"
[[event]]
id = "prep"
title = "会議の準備と資料作成"
date = 2026-11-27
start = "09:00"
end = "10:00"
[[event]]
id = "party"
title = "🎉🎉 Party 🎂"
date = 2026-11-27
start = "13:00"
end = "14:00"
[[event]]
id = "long"
title = "四半期の事業計画と予算の見直しについての会議"
date = 2026-11-27
start = "15:00"
end = "16:00"
[[event]]
id = "brunch"
title = "Brunch"
date = 2026-11-28
start = "09:00"
end = "11:00"
[[event]]
id = "hike"
title = "Hike"
date = 2026-11-29
start = "08:00"
end = "17:00"
`,
	})
}

// TestWeekWideTitles guards against widths counted in code points: a CJK
// or emoji title on Friday must take Friday's columns and no more, so
// that Saturday and Sunday stay under their headings. Sunday's hike fills
// the rows after its first, so each of those rows ends at the same column.
func TestWeekWideTitles(t *testing.T) {
	o := wideOS(t)
	for _, width := range []int{80, 120} {
		got := weekText(t, o, "2026-11-25", width)
		lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
		satCol, rowW := -1, -1
		for _, line := range lines {
			if n := textwidth.Width(line); n > width {
				t.Errorf("width %d: got a line of %d columns, want at most %d: %q", width, n, width, line)
			}
			if i := strings.Index(line, "Sat 28"); i >= 0 && satCol < 0 {
				satCol = textwidth.Width(line[:i])
			}
			if i := strings.Index(line, "Brunch"); i >= 0 {
				if col := textwidth.Width(line[:i]); col != satCol {
					t.Errorf("width %d: Brunch starts at column %d, want %d (under Sat 28):\n%s", width, col, satCol, got)
				}
			}
			if strings.HasSuffix(line, fill) {
				if rowW < 0 {
					rowW = textwidth.Width(line)
				}
				if n := textwidth.Width(line); n != rowW {
					t.Errorf("width %d: got a row of %d columns, want %d like the others: %q", width, n, rowW, line)
				}
			}
		}
		for _, want := range []string{"会議", "🎉🎉", "四半期"} {
			if !strings.Contains(got, want) {
				t.Errorf("width %d: got no %q in\n%s", width, want, got)
			}
		}
	}
}

// TestWeekFitsTheTerminal: no line of the week is wider than the
// terminal, down to 40 columns, where it is listed day by day; the
// timetable took 78 columns however narrow the terminal was.
func TestWeekFitsTheTerminal(t *testing.T) {
	for _, o := range []*routines.OS{wideOS(t), loadExample(t, "calendar-first")} {
		wk := NewWeek(o, o.Week(date(t, "2026-11-27")))
		for _, width := range []int{40, 55, 79, 80, 120} {
			var buf bytes.Buffer
			if err := WriteWeek(&buf, wk, Options{Width: width}); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
				if n := textwidth.Width(line); n > width {
					t.Errorf("width %d: got a line of %d columns: %q", width, n, line)
				}
			}
		}
	}
}

// TestDayWideTitles guards the day view's columns against the same: the
// kind of every calendar entry starts in one column, and no line is wider
// than the terminal.
func TestDayWideTitles(t *testing.T) {
	o := wideOS(t)
	day := date(t, "2026-11-27")
	d := NewDay(o, o.Day(day), day, &day)
	for _, width := range []int{60, 80, 120} {
		var buf bytes.Buffer
		if err := WriteDay(&buf, d, Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		metaCol := -1
		for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			if n := textwidth.Width(line); n > width {
				t.Errorf("width %d: got a line of %d columns, want at most %d: %q", width, n, width, line)
			}
			i := max(strings.Index(line, "event"), strings.Index(line, "focus"))
			if i < 0 {
				continue
			}
			col := textwidth.Width(line[:i])
			if metaCol < 0 {
				metaCol = col
			}
			if col != metaCol {
				t.Errorf("width %d: kind at column %d, want %d, in\n%s", width, col, metaCol, buf.String())
			}
		}
	}
}

func TestWeekEndsAtMidnight(t *testing.T) {
	o := testOS(t, map[string]string{
		routines.FileCalendar: `[[block]]
id = "late"
title = "Late shift"
days = ["fri"]
start = "22:00"
end = "24:00"
`,
	})
	got := weekText(t, o, "2026-11-25", 80)
	for _, want := range []string{"22:00", "23:45"} {
		if !strings.Contains(got, "\n"+want) {
			t.Errorf("got no row %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "\n24:00") {
		t.Errorf("got a row at 24:00, want the grid to end there:\n%s", got)
	}
	if !strings.Contains(got, "  no theme       2h  █") {
		t.Errorf("got no 2h of unthemed time in\n%s", got)
	}
}

func TestWeekAllDayEvent(t *testing.T) {
	o := testOS(t, map[string]string{
		routines.FileCalendar: `[[event]]
id = "deadline"
title = "Draft due"
date = 2026-11-27
[[event]]
id = "party"
title = "Party"
date = 2026-11-27
`,
	})
	got := weekText(t, o, "2026-11-25", 80)
	if !strings.Contains(got, "all") || !strings.Contains(got, "\nall                                           Draft… +1\n") {
		t.Errorf("got no all-day row with both events in\n%s", got)
	}
}

func TestRowStep(t *testing.T) {
	tests := []struct {
		grid, lo, hi, want int
	}{
		{15, 8 * 60, 17 * 60, 15},        // 36 rows
		{15, 8 * 60, 18 * 60, 15},        // 40 rows
		{15, 8 * 60, 18*60 + 15, 30},     // 41 rows at 15m
		{15, 6*60 + 30, 24 * 60, 30},     // 70 rows at 15m, 35 at 30m
		{15, 0, 24 * 60, 60},             // 48 rows at 30m
		{15, 9*60 + 50, 19*60 + 40, 15},  // 40 rows: edges off the grid widen the rows they fall in
		{15, 9*60 + 50, 19*60 + 50, 30},  // 41 rows at 15m
		{15, 14 * 60, 24 * 60, 15},       // 40 rows, to midnight
		{15, 13*60 + 45, 24 * 60, 30},    // 41 rows, to midnight
		{15, 13*60 + 45, 13*60 + 45, 15}, // nothing
		{15, 23 * 60, 23*60 + 1, 15},     // one moment
		{5, 9 * 60, 11 * 60, 5},          // 24 rows
		{10, 7*60 + 10, 14 * 60, 30},     // 42 rows at 10m
		{45, 0, 24 * 60, 45},             // 32 rows
		{1, 12 * 60, 12*60 + 41, 30},     // 41 rows at 1m
		{120, 0, 24 * 60, 120},           // a grid coarser than the fallbacks
	}
	for _, tt := range tests {
		if got := rowStep(tt.grid, tt.lo, tt.hi); got != tt.want {
			t.Errorf("rowStep(%d, %s, %s) = %d, want %d", tt.grid, routines.Clock(tt.lo), routines.Clock(tt.hi), got, tt.want)
		}
	}
}

func slot(title string, start, end int) routines.Slot {
	return routines.Slot{Kind: routines.KindBlock, ID: title, Title: title, Start: routines.Clock(start), End: routines.Clock(end)}
}

func TestDayCells(t *testing.T) {
	// Rows of 30 minutes from 08:00.
	slots := []routines.Slot{
		slot("plan", 8*60, 8*60+15),         // 08:00 row, with advice
		slot("advice", 8*60+15, 8*60+30),    // hidden behind plan
		slot("deep", 8*60+30, 10*60+30),     // 08:30 title, then fill
		slot("break", 10*60+30, 10*60+45),   // 10:30 title
		slot("review", 10*60+45, 12*60),     // starts behind break: title at 11:30
		slot("moment", 11*60+10, 11*60+10),  // a moment starting at 11:00 goes first
		slot("late", 13*60+15, 13*60+45),    // straddles two rows
		slot("shutdown", 13*60+45, 14*60+0), // starts in the row late takes
	}
	cells := dayCells(slots, 8*60, 30, 12)
	want := []string{
		"plan +1", "deep", "░", "░", "░", "break", "moment", "review", "", "", "late", "shutdown",
	}
	for r, c := range cells {
		got := ""
		switch {
		case c.slot < 0:
		case c.title:
			got = slots[c.slot].Title
			if c.more > 0 {
				got += " +" + string(rune('0'+c.more))
			}
		default:
			got = "░"
		}
		if got != want[r] {
			t.Errorf("row %s: got %q, want %q", routines.Clock(8*60+30*r), got, want[r])
		}
	}
}

func TestDayPriorities(t *testing.T) {
	o := testOS(t, map[string]string{
		routines.FilePriorities: `[[priority]]
id = "b"
title = "B"
status = "next"
rank = 2
[[priority]]
id = "a"
title = "A"
status = "doing"
rank = 3
[[priority]]
id = "c"
title = "C"
status = "next"
rank = 1
deferred_until = 2026-12-01
defer_reason = "after the keynote"
[[priority]]
id = "d"
title = "D"
status = "next"
rank = 4
deferred_until = 2026-11-25
[[priority]]
id = "e"
title = "E"
status = "later"
deferred_until = 2026-11-30
[[priority]]
id = "f"
title = "F"
status = "done"
deferred_until = 2027-01-01
[[priority]]
id = "g"
title = "G"
status = "next"
`,
	})
	d := NewDay(o, o.Day(date(t, "2026-11-25")), date(t, "2026-11-25"), nil)
	var ids []string
	for _, p := range d.Priorities {
		ids = append(ids, p.ID)
	}
	if want := []string{"a", "b", "d", "g"}; !slices.Equal(ids, want) {
		t.Errorf("got priorities %v, want %v", ids, want)
	}
	ids = nil
	for _, p := range d.PutOff {
		ids = append(ids, p.ID)
	}
	if want := []string{"e", "c"}; !slices.Equal(ids, want) {
		t.Errorf("got put off %v, want %v", ids, want)
	}
	var buf bytes.Buffer
	if err := WriteDay(&buf, d, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "put off until 2026-12-01: after the keynote") {
		t.Errorf("got no put-off reason in\n%s", buf.String())
	}
}

func TestReviewLine(t *testing.T) {
	today := date(t, "2026-11-25")
	tests := []struct {
		last *routines.Date
		want string
	}{
		{nil, "no review yet — run `myos review`"},
		{datePtr(t, "2026-11-25"), ""},
		{datePtr(t, "2026-11-24"), ""},
		{datePtr(t, "2026-11-23"), "last review: 2026-11-23 (2 days ago) — run `myos review`"},
		{datePtr(t, "2026-11-20"), "last review: 2026-11-20 (5 days ago) — run `myos review`"},
	}
	for _, tt := range tests {
		if got := reviewLine(tt.last, today); got != tt.want {
			t.Errorf("reviewLine(%v) = %q, want %q", tt.last, got, tt.want)
		}
	}
}

// jsonKeys is the sorted top-level keys of v's JSON, and of the first
// element of each list in it.
func jsonKeys(t *testing.T, v any) map[string][]string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	var walk func(path string, m map[string]any)
	walk = func(path string, m map[string]any) {
		for k, v := range m {
			out[path] = append(out[path], k)
			if list, ok := v.([]any); ok && len(list) > 0 {
				if first, ok := list[0].(map[string]any); ok {
					walk(path+"."+k, first)
				}
			}
		}
		slices.Sort(out[path])
	}
	walk("", m)
	return out
}

func TestDayJSONKeys(t *testing.T) {
	o := loadExample(t, "calendar-first")
	d := NewDay(o, o.Day(date(t, "2026-12-02")), date(t, "2026-12-02"), nil)
	got := jsonKeys(t, d)
	want := map[string][]string{
		"":            {"blocks", "date", "events", "free", "last_review", "priorities", "put_off", "routines", "themes", "weekday"},
		".themes":     {"id", "narrative", "title"},
		".blocks":     {"end", "id", "kind", "start", "theme", "title"},
		".routines":   {"at", "cadence", "duration", "id", "status", "theme", "title", "why"},
		".priorities": {"deferrals", "due", "id", "notes", "rank", "started", "status", "theme", "title"},
		".events":     {"date", "end", "id", "start", "theme", "title"},
		".free":       {"end", "minutes", "start"},
	}
	for path, keys := range want {
		if !slices.Equal(got[path], keys) {
			t.Errorf("keys of %q: got %v, want %v", path, got[path], keys)
		}
	}

	// Work put off on purpose is in the JSON as in the text, under the
	// TOML keys of its deferral.
	o = loadExample(t, "tasks-first")
	d = NewDay(o, o.Day(date(t, "2026-12-02")), date(t, "2026-12-02"), nil)
	got = jsonKeys(t, d)
	wantOff := []string{"defer_reason", "deferrals", "deferred_until", "id", "rank", "status", "theme", "title"}
	if !slices.Equal(got[".put_off"], wantOff) {
		t.Errorf("keys of .put_off: got %v, want %v", got[".put_off"], wantOff)
	}
}

func TestWeekJSONKeys(t *testing.T) {
	o := loadExample(t, "calendar-first")
	wk := NewWeek(o, o.Week(date(t, "2026-12-02")))
	got := jsonKeys(t, wk)
	if want := []string{"days", "end", "start", "theme_minutes"}; !slices.Equal(got[""], want) {
		t.Errorf("keys: got %v, want %v", got[""], want)
	}
	if want := []string{"blocks", "date", "events", "free", "routines", "weekday"}; !slices.Equal(got[".days"], want) {
		t.Errorf("keys of days: got %v, want %v", got[".days"], want)
	}
	if wk.Start.String() != "2026-11-29" || wk.End.String() != "2026-12-05" {
		t.Errorf("got week %s to %s, want 2026-11-29 to 2026-12-05 (weeks start on sun)", wk.Start, wk.End)
	}
}

func TestThemeColorIndex(t *testing.T) {
	// The themes of each built-in template and example get colours of
	// their own.
	sets := [][]string{
		{"craft", "growth", "health"},
		{"deep-work", "learning", "health"},
		{"reliability", "delivery", "learning"},
		{"supply-chain", "teaching", "health"},
		{"book", "clients", "health"},
	}
	for _, set := range sets {
		seen := map[int]string{}
		for _, id := range set {
			i := ThemeColorIndex(id)
			if i < 0 || i >= PaletteSize {
				t.Errorf("ThemeColorIndex(%q) = %d, want 0 to %d", id, i, PaletteSize-1)
			}
			if other, ok := seen[i]; ok {
				t.Errorf("got %q and %q both in colour %d, want different colours", other, id, i)
			}
			seen[i] = id
		}
	}
}

func TestFmtMinutes(t *testing.T) {
	tests := []struct {
		m    int
		want string
	}{
		{0, "0m"}, {15, "15m"}, {60, "1h"}, {75, "1h15m"}, {750, "12h30m"}, {1445, "24h5m"},
	}
	for _, tt := range tests {
		if got := fmtMinutes(tt.m); got != tt.want {
			t.Errorf("fmtMinutes(%d) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

func BenchmarkWriteWeek(b *testing.B) {
	o, err := routines.Load(os.DirFS(filepath.Join("..", "..", "examples", "calendar-first")))
	if err != nil {
		b.Fatal(err)
	}
	d := routines.Date{Year: 2026, Month: 12, Day: 2}
	wk := NewWeek(o, o.Week(d))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteWeek(&buf, wk, Options{Width: 120, Color: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDayEvents(t *testing.T) {
	o := testOS(t, map[string]string{
		routines.FileCalendar: `[[block]]
id = "work"
title = "Work"
days = ["wed"]
start = "09:00"
end = "12:00"
kind = "focus"
[[block]]
id = "after"
title = "After lunch"
days = ["wed"]
start = "13:00"
end = "14:00"
[[event]]
id = "deadline"
title = "Draft due"
date = 2026-11-25
[[event]]
id = "call"
title = "Call back"
date = 2026-11-25
start = "12:30"
`,
	})
	day := date(t, "2026-11-25")
	d := NewDay(o, o.Day(day), day, &day)
	var buf bytes.Buffer
	if err := WriteDay(&buf, d, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	want := `Wednesday 25 November 2026

Calendar
  all day      Draft due    event
  09:00–12:00  Work         focus
  12:00–13:00  free 1h
  12:30        Call back    event
  13:00–14:00  After lunch
`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(d.Events) != 2 || d.Events[0].Start != "" || d.Events[1].Start != "12:30" || d.Events[1].End != "12:30" {
		t.Errorf("got events %+v, want the all-day one without times, then the moment at 12:30", d.Events)
	}
	if d.LastReview == nil || *d.LastReview != day {
		t.Errorf("got last review %v, want %s", d.LastReview, day)
	}
}

// TestDayUntimedRoutine guards against a routine with no time reading as
// the why of the routine above it: both used to start after nine blanks.
func TestDayUntimedRoutine(t *testing.T) {
	d := Day{Date: date(t, "2026-11-26"), Weekday: "thu", Today: date(t, "2026-11-26"), Routines: []DayRoutine{
		{ID: "sleep", Title: "Go to sleep on time", At: "22:30", Why: "Energy is the budget"},
		{ID: "floss", Title: "Floss"},
	}}
	var buf bytes.Buffer
	if err := WriteDay(&buf, d, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"\n  22:30  Go to sleep on time\n", "\n         Energy is the budget\n", "\n  ·      Floss\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("got:\n%s\nwant a line %q", out, strings.Trim(want, "\n"))
		}
	}
}

// TestDayPriorityTitlesNarrow guards against titles cut short on a narrow
// terminal to leave room for a due date that no priority has.
func TestDayPriorityTitlesNarrow(t *testing.T) {
	o := testOS(t, map[string]string{
		routines.FilePriorities: `[[priority]]
id = "a"
title = "The project this quarter is for"
status = "doing"
rank = 1
`,
	})
	day := date(t, "2026-11-25")
	d := NewDay(o, o.Day(day), day, nil)
	for _, width := range []int{40, 60} {
		var buf bytes.Buffer
		if err := WriteDay(&buf, d, Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "  1  The project this quarter is for\n") {
			t.Errorf("width %d: got\n%s\nwant the title whole: it fits", width, buf.String())
		}
	}
}
