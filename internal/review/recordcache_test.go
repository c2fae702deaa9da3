package review

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/myos-dev/myos/routines"
)

// countingFS counts the files read through it.
type countingFS struct {
	fs.FS
	reads atomic.Int64
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.reads.Add(1)
	return fs.ReadFile(c.FS, name)
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }

// writeRecords writes a daily record for each of n days from first into
// dir, each a little different, and returns the days.
func writeRecords(t *testing.T, dir string, first routines.Date, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		d := first.AddDays(i)
		r := &Record{Date: d, Kind: Daily, Reviewed: "abc", Note: []string{"", "a note"}[i%2]}
		r.Routines = append(r.Routines, RoutineAnswer{ID: "sleep", Day: d, Answer: []string{Yes, No, Skip}[i%3]})
		if i%4 == 0 {
			r.Routines = append(r.Routines, RoutineAnswer{ID: "read", Day: d.AddDays(-1), Answer: Yes, Note: "late"})
		}
		if i%5 == 0 {
			r.Prompts = []PromptAnswer{{Key: "one-thing", Question: "What is the one thing?", Answer: "this"}}
		}
		if i%7 == 0 {
			r.Decisions = []Decision{{Key: "past-due/x", Question: "X?", Action: "drop"}}
		}
		writeFile(t, filepath.Join(dir, filepath.FromSlash(Path(d, Daily))), r.Marshal())
	}
	// Not daily records: left alone, cached or not.
	writeFile(t, filepath.Join(dir, filepath.FromSlash(Path(first, Weekly))), []byte("date = "+first.String()+"\nkind = \"weekly\"\n"))
	writeFile(t, filepath.Join(dir, "reviews", "notes.md"), []byte("notes\n"))
}

func writeFile(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRecordCache(t *testing.T) {
	dir := t.TempDir()
	first := routines.Date{Year: 2024, Month: time.December, Day: 1}
	writeRecords(t, dir, first, 500)
	bad := Path(first.AddDays(10), Daily)
	writeFile(t, filepath.Join(dir, filepath.FromSlash(bad)), []byte("date = nope\n"))
	from, to := first.AddDays(3), first.AddDays(480)
	later := time.Now().Add(time.Hour) // every file is old enough to keep

	want, wantErrs := LoadRecords(os.DirFS(dir), from, to)
	if len(want) != 477 || len(wantErrs) != 1 {
		t.Fatalf("LoadRecords: got %d records and %d errors, want 477 and 1", len(want), len(wantErrs))
	}
	check := func(step string, c *RecordCache, wantReads int64) *RecordCache {
		t.Helper()
		fsys := &countingFS{FS: os.DirFS(dir)}
		got, errs := LoadRecordsCached(fsys, from, to, c)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: records differ from LoadRecords'", step)
		}
		if len(errs) != len(wantErrs) {
			t.Errorf("%s: got errors %v, want %v", step, errs, wantErrs)
		}
		if n := fsys.reads.Load(); n != wantReads {
			t.Errorf("%s: files read: got %d, want %d", step, n, wantReads)
		}
		read, err := ReadRecordCache(AppendRecordCache(nil, c, later))
		if err != nil {
			t.Fatalf("%s: ReadRecordCache: %v", step, err)
		}
		return read
	}
	c := check("empty cache", &RecordCache{}, 478)
	c = check("warm cache", c, 1) // the bad file is never kept
	if c.Changed() {
		t.Errorf("warm cache: Changed: got true, want false")
	}

	// Changing a record rewrites its file: its stamp changes and it is
	// read again, even with the same size.
	p := Path(first.AddDays(20), Daily)
	abs := filepath.Join(dir, filepath.FromSlash(p))
	old, _ := os.ReadFile(abs)
	r, err := Parse(p, old)
	if err != nil {
		t.Fatal(err)
	}
	r.Reviewed = "xyz" // the same size: only the stamp tells
	os.Remove(abs)
	writeFile(t, abs, r.Marshal())
	want, wantErrs = LoadRecords(os.DirFS(dir), from, to)
	c = check("one record rewritten", c, 2)
	// A removed record is gone from the answer and from the cache.
	os.Remove(filepath.Join(dir, filepath.FromSlash(Path(first.AddDays(40), Daily))))
	want, wantErrs = LoadRecords(os.DirFS(dir), from, to)
	c = check("one record removed", c, 1)
	if _, ok := c.entries[Path(first.AddDays(40), Daily)]; ok {
		t.Errorf("a removed record stays in the cache of a year read whole")
	}

	// A file modified just before the cache is written is not kept.
	fresh := &RecordCache{}
	LoadRecordsCached(os.DirFS(dir), from, to, fresh)
	racy, err := ReadRecordCache(AppendRecordCache(nil, fresh, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if len(racy.entries) != 0 {
		t.Errorf("records of files written a moment ago: got %d kept, want none", len(racy.entries))
	}
}

func TestRecordCacheRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	first := routines.Date{Year: 2026, Month: time.January, Day: 1}
	writeRecords(t, dir, first, 30)
	c := &RecordCache{}
	LoadRecordsCached(os.DirFS(dir), first, first.AddDays(29), c)
	b := AppendRecordCache(nil, c, time.Now().Add(time.Hour))
	if got, err := ReadRecordCache(b); err != nil || len(got.entries) != 30 {
		t.Fatalf("ReadRecordCache: got %v, %v, want 30 entries", got, err)
	}
	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"another version", append([]byte{recordCacheVersion + 1}, b[1:]...)},
		{"truncated", b[:len(b)-3]},
		{"bytes left over", append(append([]byte{}, b...), 1)},
		{"half", b[:len(b)/2]},
	} {
		if _, err := ReadRecordCache(bad.data); err == nil {
			t.Errorf("%s: ReadRecordCache: got no error", bad.name)
		}
	}
	// Every cut is refused, and no flipped byte makes it panic.
	for i := range b {
		if _, err := ReadRecordCache(b[:i]); err == nil {
			t.Errorf("cut at %d of %d: got no error", i, len(b))
		}
		flipped := append([]byte{}, b...)
		flipped[i] ^= 0xff
		ReadRecordCache(flipped)
	}
}

func BenchmarkLoadRecordsCached(b *testing.B) {
	dir := b.TempDir()
	first := routines.Date{Year: 2016, Month: time.January, Day: 1}
	for i := 0; i < 3650; i++ {
		d := first.AddDays(i)
		r := &Record{Date: d, Kind: Daily}
		for _, id := range []string{"sleep", "read", "move", "journal", "water", "stretch", "inbox", "plan"} {
			r.Routines = append(r.Routines, RoutineAnswer{ID: id, Day: d, Answer: Yes})
		}
		p := filepath.Join(dir, filepath.FromSlash(Path(d, Daily)))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, r.Marshal(), 0o644)
	}
	c := &RecordCache{}
	LoadRecordsCached(os.DirFS(dir), first, first.AddDays(3649), c)
	data := AppendRecordCache(nil, c, time.Now().Add(time.Hour))
	b.ReportMetric(float64(len(data)), "cache-bytes")
	for b.Loop() {
		c, err := ReadRecordCache(data)
		if err != nil {
			b.Fatal(err)
		}
		if recs, _ := LoadRecordsCached(os.DirFS(dir), first, first.AddDays(3649), c); len(recs) != 3650 {
			b.Fatalf("got %d records", len(recs))
		}
	}
}
