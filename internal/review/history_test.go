package review

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"testing/fstest"
	"time"

	"github.com/myos-dev/myos/routines"
)

// historyOS has a routine for each way a routine starts counting: answered
// from the first record, first answered later, never answered, and one
// with a since date.
func historyOS() *routines.OS {
	since := date("2025-01-01")
	return &routines.OS{Settings: routines.Settings{Timezone: "UTC"}, Routines: []routines.Routine{
		{ID: "sleep", Title: "Sleep", Cadence: "daily", Status: routines.RoutineActive},
		{ID: "late", Title: "Late", Cadence: "weekdays", Status: routines.RoutineActive},
		{ID: "never", Title: "Never", Cadence: "daily", Status: routines.RoutineActive},
		{ID: "dated", Title: "Dated", Cadence: "every 3 days", Status: routines.RoutineActive, Since: &since},
	}}
}

// lateStart is the day of the history on which late is first answered.
const lateStart = 260

// writeHistory writes n days of daily records from first into dir: sleep
// answered most days, some of them the morning after or days later; late first answered
// on day lateStart, now and then; dated on some days, also before its since
// date. Two days have no record, and one record cannot be read.
func writeHistory(t *testing.T, dir string, first routines.Date, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		d := first.AddDays(i)
		if i%97 == 50 {
			continue
		}
		r := &Record{Date: d, Kind: Daily}
		switch {
		case i%11 == 3:
			// sleep not answered today: answered tomorrow, or never
		case i%5 == 1:
			r.Routines = append(r.Routines, RoutineAnswer{ID: "sleep", Day: d, Answer: No})
		case i%13 == 0:
			r.Routines = append(r.Routines, RoutineAnswer{ID: "sleep", Day: d, Answer: Skip})
		default:
			r.Routines = append(r.Routines, RoutineAnswer{ID: "sleep", Day: d, Answer: Yes})
		}
		if i%11 == 4 && i%22 == 4 {
			r.Routines = append(r.Routines, RoutineAnswer{ID: "sleep", Day: d.AddDays(-1), Answer: Yes})
		}
		if i%11 == 8 {
			// The review after days not reviewed answers for them.
			r.Routines = append(r.Routines, RoutineAnswer{ID: "sleep", Day: d.AddDays(-5), Answer: Skip})
		}
		if i >= lateStart && i%4 == 0 {
			r.Routines = append(r.Routines, RoutineAnswer{ID: "late", Day: d, Answer: []string{Yes, No}[i%8/4]})
		}
		if i%6 == 0 {
			r.Routines = append(r.Routines, RoutineAnswer{ID: "dated", Day: d, Answer: Yes})
		}
		writeFile(t, filepath.Join(dir, filepath.FromSlash(Path(d, Daily))), r.Marshal())
	}
	writeFile(t, filepath.Join(dir, filepath.FromSlash(Path(first.AddDays(150), Daily))), []byte("date = nope\n"))
}

// TestSameDaySameMark guards against stats that depend on the span: a
// day's mark must be the same whatever the span's length and end, and
// whether records come from the cache or from their files.
func TestSameDaySameMark(t *testing.T) {
	dir := t.TempDir()
	first := date("2024-03-01")
	const n = 600
	writeHistory(t, dir, first, n)
	o := historyOS()
	today := first.AddDays(n - 1)
	fsys := os.DirFS(dir)

	whole := Span{End: today, Days: n + 900, Today: today}
	h, _ := LoadHistory(fsys, o, whole, nil)
	ref := map[string]string{}
	for _, s := range Stats(o, h, whole) {
		ref[s.ID] = s.Graph
	}
	// Each routine counts from where it began, and not before.
	off := whole.Start().DaysUntil(first)
	for id, begins := range map[string]routines.Date{"sleep": first, "late": first.AddDays(lateStart), "never": today.AddDays(1), "dated": date("2025-01-01")} {
		i := off + first.DaysUntil(begins)
		if g := ref[id]; countMark(g[:i], MarkNotDue) != i || countMark(g[i:], MarkNotDue) == len(g)-i && i < len(g) {
			t.Errorf("%s: graph %q, want it counted from %s on", id, g, begins)
		}
	}
	later := time.Now().Add(time.Hour) // every file is old enough to keep
	c := &RecordCache{}
	for _, end := range []routines.Date{today, today.AddDays(-1), today.AddDays(-30), first.AddDays(lateStart - 1), first.AddDays(lateStart + 10), first.AddDays(151)} {
		for _, days := range []int{1, 2, 7, 30, 365, 800} {
			span := Span{End: end, Days: days, Today: today}
			want, wantErrs := LoadHistory(fsys, o, span, nil)
			got := Stats(o, want, span)
			for _, s := range got {
				off := whole.Start().DaysUntil(span.Start())
				if w := ref[s.ID][off : off+len(s.Graph)]; s.Graph != w {
					t.Errorf("%s, %d days to %s: graph %q, want %q (as in the whole history)", s.ID, days, end, s.Graph, w)
				}
			}
			// Through the cache, cold and then warm: the same answers.
			for _, round := range []string{"cold", "warm"} {
				h, errs := LoadHistory(fsys, o, span, c)
				if len(errs) != len(wantErrs) {
					t.Errorf("%d days to %s, %s cache: got errors %v, want %v", days, end, round, errs, wantErrs)
				}
				if s := Stats(o, h, span); !reflect.DeepEqual(s, got) {
					t.Errorf("%d days to %s, %s cache: got\n%+v\nwant (without)\n%+v", days, end, round, s, got)
				}
				var err error
				if c, err = ReadRecordCache(AppendRecordCache(nil, c, later)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func countMark(g string, m Mark) int {
	n := 0
	for i := 0; i < len(g); i++ {
		if Mark(g[i]) == m {
			n++
		}
	}
	return n
}

// TestLoadHistoryStopsEarly guards the cost of a short span over a long
// history: a routine answered the day before the span is found in the
// first record read before it; only one never answered makes every record
// be read.
func TestLoadHistoryStopsEarly(t *testing.T) {
	mfs := fstest.MapFS{}
	first := date("2020-01-01")
	end := date("2026-11-22")
	total := 0
	for d := first; !d.After(end); d = d.AddDays(1) {
		r := &Record{Date: d, Kind: Daily}
		if d.Before(end.AddDays(-6)) {
			r.Routines = []RoutineAnswer{{ID: "sleep", Day: d, Answer: Yes}}
		}
		mfs[Path(d, Daily)] = &fstest.MapFile{Data: r.Marshal()}
		total++
	}
	o := &routines.OS{Settings: routines.Settings{Timezone: "UTC"}, Routines: []routines.Routine{
		{ID: "sleep", Title: "Sleep", Cadence: "daily", Status: routines.RoutineActive},
		{ID: "never", Title: "Never", Cadence: "daily", Status: routines.RoutineActive},
	}}
	for _, tt := range []struct {
		only  string
		reads int64
	}{
		{"sleep", 7 + 1},
		{"never", int64(total)},
	} {
		fsys := &countingFS{FS: mfs}
		span := Span{End: end, Days: 7, Today: end, Only: tt.only}
		h, errs := LoadHistory(fsys, o, span, nil)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if n := fsys.reads.Load(); n != tt.reads {
			t.Errorf("%s: files read: got %d, want %d", tt.only, n, tt.reads)
		}
		s := Stats(o, h, span)
		if tt.only == "sleep" && (s[0].Missed != 6 || s[0].Graph != "mmmmmm?") {
			t.Errorf("sleep: got %d missed, graph %q, want 6 and \"mmmmmm?\"", s[0].Missed, s[0].Graph)
		}
	}
}

// TestLoadHistoryThroughYearLink: a year's folder of records that is a
// symbolic link (moved to another disk) is read where it leads, when the
// history looks back for a routine's first answer as when it reads the
// span's records by name.
func TestLoadHistoryThroughYearLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need extra rights on Windows")
	}
	dir, disk := t.TempDir(), t.TempDir()
	d := date("2025-12-30")
	r := &Record{Date: d, Kind: Daily, Routines: []RoutineAnswer{{ID: "sleep", Day: d, Answer: Yes}}}
	if err := os.WriteFile(filepath.Join(disk, "2025-12-30.toml"), r.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, Dir, "2026"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(disk, filepath.Join(dir, Dir, "2025")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	o := &routines.OS{Settings: routines.Settings{Timezone: "UTC"}, Routines: []routines.Routine{
		{ID: "sleep", Title: "Sleep", Cadence: "daily", Status: routines.RoutineActive},
	}}
	span := Span{End: date("2026-01-03"), Days: 3, Today: date("2026-01-03")}
	h, errs := LoadHistory(os.DirFS(dir), o, span, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !h.AnsweredBefore["sleep"] {
		t.Errorf("the answer of 2025-12-30, beyond the link, was not found")
	}
	if s := Stats(o, h, span); len(s) != 1 || s[0].Missed != 2 {
		t.Errorf("got %+v, want the days since the first answer missed", s)
	}
}
