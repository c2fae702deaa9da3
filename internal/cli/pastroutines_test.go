package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// TestRoutineVersionsRoundTrip guards the cache of past routines: what is
// written reads back the same, and a damaged entry is refused rather than
// read as fewer routines.
func TestRoutineVersionsRoundTrip(t *testing.T) {
	since := routines.Date{Year: 2026, Month: 7, Day: 1}
	v := routineVersions{
		"a1": {{ID: "run", Cadence: "daily", Status: "active", Since: &since, At: "07:00"}, {ID: "sleep", Cadence: "weekdays", Status: "paused"}},
		"b2": {},
	}
	b := v.append(nil)
	got, ok := readRoutineVersions(b)
	if !ok || !reflect.DeepEqual(got, v) {
		t.Fatalf("got %v (ok %v), want %v", got, ok, v)
	}
	for n := 0; n < len(b); n++ {
		if got, ok := readRoutineVersions(b[:n]); ok {
			t.Errorf("cut to %d bytes: got %v, want it refused", n, got)
		}
	}
}

// TestErasRoundTrip guards the cache of the versions in effect: it reads
// back for the HEAD and day it was written for, and for no other, and a
// damaged entry is refused.
func TestErasRoundTrip(t *testing.T) {
	eras := []versionEra{
		{routines.Date{Year: 2026, Month: 11, Day: 20}, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad", 8*60 + 30},
		{routines.Date{Year: 2026, Month: 7, Day: 31}, "8ab686eafeb1f44702738c8b0f24f2567c36da6d", 0},
		// Before routines.toml was first written.
		{routines.Date{Year: 2026, Month: 7, Day: 1}, "", 23*60 + 59},
	}
	key := "0123456789abcdef0123456789abcdef01234567 2016-11-27"
	b := appendEras(nil, key, eras)
	if was, got, ok := readEras(b); !ok || was != key || !reflect.DeepEqual(got, eras) {
		t.Fatalf("got %q %v (ok %v), want %q %v", was, got, ok, key, eras)
	}
	for n := 0; n < len(b); n++ {
		if _, got, ok := readEras(b[:n]); ok {
			t.Errorf("cut to %d bytes: got %v, want it refused", n, got)
		}
	}
	if was, got, ok := readEras(appendEras(nil, key, nil)); !ok || was != key || len(got) != 0 {
		t.Errorf("no eras: got %q %v, %v", was, got, ok)
	}
}

// TestVersionEras guards the versions of routines.toml that stats and the
// review judge days by: the same eras whether the commits since the day
// before the first day are read one by one (a review's day or two) or
// through the walk of the whole history (stats of years); an era ends on
// the day before the next version with the time of day it was written,
// the era of a version written and replaced the same day ends with the
// one before it, and the time before the first version is an era without
// routines.
func TestVersionEras(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := filepath.Join(t.TempDir(), "os")
	repo, err := store.Init(dir, store.DefaultBranch)
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := repo.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	zone := time.FixedZone("", 2*60*60)
	first := time.Date(2026, 11, 1, 8, 30, 0, 0, zone)
	// A review every morning from the 1st to the 20th, and the routines
	// written at these times.
	writes := map[time.Time]string{
		first:                                    "07:00",
		first.Add(3*24*time.Hour + 12*time.Hour): "07:15", // the 4th at 20:30
		first.Add(9*24*time.Hour + 2*time.Hour):  "07:30", // the 10th at 10:30
		first.Add(9*24*time.Hour + 4*time.Hour):  "07:45", // and again at 12:30
	}
	var times []time.Time
	for d := range 20 {
		times = append(times, first.Add(time.Duration(d)*24*time.Hour+time.Minute))
	}
	for w := range writes {
		times = append(times, w)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	blobs := map[string]string{} // at → blob
	for i, when := range times {
		var ch store.Change
		if at, ok := writes[when]; ok {
			ch = store.Change{Path: routines.FileRoutines, Data: fmt.Appendf(nil, "[[routine]]\nid = \"run\"\ntitle = \"Run\"\ncadence = \"daily\"\nat = %q\n", at)}
			blobs[at] = store.BlobID(ch.Data)
		} else {
			ch = store.Change{Path: fmt.Sprintf("reviews/2026/%s.toml", when.Format(time.DateOnly)), Data: fmt.Appendf(nil, "date = %s\n", when.Format(time.DateOnly))}
		}
		if _, err := repo.Commit([]store.Change{ch}, fmt.Sprint("commit ", i), store.Signature{Name: "A", Email: "a@example.com", When: when}); err != nil {
			t.Fatal(err)
		}
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	day := func(d int) routines.Date { return routines.Date{Year: 2026, Month: 11, Day: d} }
	clock := func(h, m int) routines.Clock { return routines.Clock(h*60 + m) }
	all := []versionEra{
		// Written and replaced on the 10th: in effect from 10:30 to 12:30.
		{day(9), blobs["07:30"], clock(12, 30)},
		{day(9), blobs["07:15"], clock(10, 30)},
		{day(3), blobs["07:00"], clock(20, 30)},
		// Before the first version, until the 1st at 08:30.
		{day(1).AddDays(-1), "", clock(8, 30)},
	}
	for _, tt := range []struct {
		start routines.Date
		want  []versionEra
	}{
		{day(1), all},
		{day(4), all[:3]}, // the 3rd, the day before, ends with the 4th's handover
		{day(5), all[:2]},
		{day(10), all[:2]},
		{day(11), nil},
		{day(20), nil},
	} {
		for _, few := range []int{0, 64} {
			was := fewCommits
			t.Cleanup(func() { fewCommits = was })
			fewCommits = few
			repo, err := store.OpenWith(dir, store.Options{Cache: cache.New(os.Getenv, dir)})
			if err != nil {
				t.Fatal(err)
			}
			got, err := versionEras(repo, nil, tt.start, zone)
			repo.Close()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("from %s, %d read one by one: got %v, want %v", tt.start, few, got, tt.want)
			}
		}
	}

	// The times are the OS's, whatever zone the commits were made in:
	// for an OS two hours behind them, each version came two hours
	// earlier in its day.
	inUTC, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer inUTC.Close()
	got, err := versionEras(inUTC, nil, day(1), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var want []versionEra
	for _, e := range all {
		e.handover -= 120
		want = append(want, e)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("in UTC: got %v, want %v", got, want)
	}
}

// TestVersionErasCachedAcrossCommits: the eras cached under one HEAD are
// kept for the next when the commits since leave routines.toml alone (a
// review a run), and found again when one changes it; either way they are
// the eras read without the cache. The review of a day with many commits
// walked the whole history each time otherwise.
func TestVersionErasCachedAcrossCommits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "os")
	repo, err := store.Init(dir, store.DefaultBranch)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	unlock, err := repo.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	c := cache.New(func(k string) string { return map[string]string{"XDG_CACHE_HOME": t.TempDir()}[k] }, dir)
	when := time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC)
	commit := func(p, data string) {
		t.Helper()
		when = when.Add(7 * time.Hour)
		if _, err := repo.Commit([]store.Change{{Path: p, Data: []byte(data)}}, "commit", store.Signature{Name: "A", Email: "a@example.com", When: when}); err != nil {
			t.Fatal(err)
		}
	}
	routinesAt := func(at string) string {
		return fmt.Sprintf("[[routine]]\nid = \"run\"\ntitle = \"Run\"\ncadence = \"daily\"\nat = %q\n", at)
	}
	start := routines.Date{Year: 2026, Month: 11, Day: 2}
	check := func(step string) {
		t.Helper()
		want, err := versionEras(repo, nil, start, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			got, err := versionEras(repo, c, start, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Errorf("%s: got %v, want %v", step, got, want)
			}
		}
	}
	commit(routines.FileRoutines, routinesAt("07:00"))
	check("first version")
	for i := range 3 {
		commit(fmt.Sprintf("reviews/2026/2026-11-0%d.toml", i+2), "date = 2026-11-02\n")
		check(fmt.Sprintf("review %d", i))
	}
	commit(routines.FileRoutines, routinesAt("07:30"))
	check("second version")
	commit("reviews/2026/2026-11-05.toml", "date = 2026-11-05\n")
	check("a review after it")
}

// TestVersionErasThroughMerges guards against dating a version of
// routines.toml by the merge that brought it into HEAD's first parents
// rather than by the commit that wrote it on the machine it came from: a
// routine paused on machine e on the 3rd at 06:00 and merged by machine f
// on the 8th was paused from the 3rd, not missed from the 3rd to the 7th.
// A version the merge made of both sides' changes, or took from one side
// when both had changed it, is the merge's. The eras are the same read
// one by one and through the walk, and through the cache of an earlier
// HEAD.
func TestVersionErasThroughMerges(t *testing.T) {
	day := func(d int) routines.Date { return routines.Date{Year: 2026, Month: 11, Day: d} }
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	clock := func(h int) routines.Clock { return routines.Clock(h * 60) }
	version := func(status, at string) string {
		return fmt.Sprintf("[[routine]]\nid = \"move\"\ntitle = \"Move\"\ncadence = \"daily\"\nat = %q\nstatus = %q\n", at, status)
	}
	v0, paused, early, both := version("active", "07:30"), version("paused", "07:30"), version("active", "07:00"), version("paused", "07:00")
	// commit is one commit of a history: its name, its parents' names
	// (none: the one before in the list), when, and routines.toml ("":
	// as its first parent has it).
	type commit struct {
		name     string
		parents  []string
		when     time.Time
		routines string
	}
	base := []commit{{"base", nil, at(1, 8), v0}}
	for _, tt := range []struct {
		name    string
		history []commit
		want    func(blob func(string) string) []versionEra
	}{
		{
			// The repro: e paused, f merged, e fast-forwarded.
			name: "paused on the merged-in side",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"f1", []string{"base"}, at(3, 10), ""},
				commit{"m", []string{"f1", "e1"}, at(8, 12), paused},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(2), blob(v0), clock(6)}}
			},
		},
		{
			// Two changes on the side, each dated by its own commit.
			name: "two versions on the merged-in side",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(3, 6), early},
				commit{"e2", nil, at(5, 6), both},
				commit{"f1", []string{"base"}, at(3, 10), ""},
				commit{"m", []string{"f1", "e2"}, at(8, 12), both},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(4), blob(early), clock(6)}, {day(2), blob(v0), clock(6)}}
			},
		},
		{
			// The machines took turns to merge: the side's first
			// parents go past the merge base to where they forked
			// before the last merge, e1, which f's line reaches.
			name: "after an earlier merge",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(2, 6), ""},
				commit{"f1", []string{"base"}, at(2, 7), ""},
				commit{"mf1", []string{"f1", "e1"}, at(2, 20), ""},
				commit{"e2", []string{"e1"}, at(4, 6), paused},
				commit{"f2", []string{"mf1"}, at(4, 10), ""},
				commit{"mf2", []string{"f2", "e2"}, at(8, 12), paused},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(3), blob(v0), clock(6)}}
			},
		},
		{
			// g paused, e merged g, f merged e: g's commit dates it.
			name: "from a third machine",
			history: append(base[:1:1],
				commit{"g1", []string{"base"}, at(3, 6), paused},
				commit{"e1", []string{"base"}, at(2, 9), ""},
				commit{"me", []string{"e1", "g1"}, at(4, 9), paused},
				commit{"f1", []string{"base"}, at(2, 10), ""},
				commit{"m", []string{"f1", "me"}, at(8, 12), paused},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(2), blob(v0), clock(6)}}
			},
		},
		{
			// Two machines that each review daily take turns to
			// merge: e paused, then merged f's review before it
			// synced; f merged that. The pause is e's, on the 3rd.
			name: "machines taking turns",
			history: append(base[:1:1],
				commit{"f1", []string{"base"}, at(2, 20), ""},
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"me", []string{"e1", "f1"}, at(4, 9), paused},
				commit{"f2", []string{"f1"}, at(4, 20), ""},
				commit{"m", []string{"f2", "me"}, at(5, 9), paused},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(2), blob(v0), clock(6)}}
			},
		},
		{
			// The same, a day later: e's next review merged f's again,
			// on top of its pause.
			name: "machines taking turns, twice",
			history: append(base[:1:1],
				commit{"f1", []string{"base"}, at(2, 20), ""},
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"me", []string{"e1", "f1"}, at(3, 21), paused},
				commit{"f2", []string{"f1"}, at(4, 20), ""},
				commit{"e2", []string{"me"}, at(4, 21), ""},
				commit{"me2", []string{"e2", "f2"}, at(4, 22), paused},
				commit{"f3", []string{"f2"}, at(5, 20), ""},
				commit{"m", []string{"f3", "me2"}, at(6, 9), paused},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(2), blob(v0), clock(6)}}
			},
		},
		{
			// g paused; e and f each merged g, then f merged e: the
			// pause reached f twice, and is one change, dated by g.
			name: "a third machine's change merged by both",
			history: append(base[:1:1],
				commit{"g1", []string{"base"}, at(3, 6), paused},
				commit{"e1", []string{"base"}, at(2, 9), ""},
				commit{"me", []string{"e1", "g1"}, at(4, 9), paused},
				commit{"f1", []string{"base"}, at(2, 10), ""},
				commit{"mf", []string{"f1", "g1"}, at(5, 9), paused},
				commit{"m", []string{"mf", "me"}, at(8, 12), paused},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(2), blob(v0), clock(6)}}
			},
		},
		{
			// g paused, then e merged g and resumed; f merged g on its
			// own, then merged e: the pause is dated by g, the resume
			// by e, each once.
			name: "a third machine's change, then the side's",
			history: append(base[:1:1],
				commit{"g1", []string{"base"}, at(3, 6), paused},
				commit{"e1", []string{"base"}, at(2, 9), ""},
				commit{"me", []string{"e1", "g1"}, at(4, 9), paused},
				commit{"e2", nil, at(6, 6), v0},
				commit{"f1", []string{"base"}, at(2, 10), ""},
				commit{"mf", []string{"f1", "g1"}, at(5, 9), paused},
				commit{"m", []string{"mf", "e2"}, at(8, 12), v0},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(5), blob(paused), clock(6)}, {day(2), blob(v0), clock(6)}}
			},
		},
		{
			// e paused and resumed, f merged: the merge's file is its
			// first parent's, and the pause was in effect between.
			name: "paused and resumed on the merged-in side",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"e2", nil, at(5, 6), v0},
				commit{"f1", []string{"base"}, at(3, 10), ""},
				commit{"m", []string{"f1", "e2"}, at(8, 12), ""},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(4), blob(paused), clock(6)}, {day(2), blob(v0), clock(6)}}
			},
		},
		{
			// e paused, resumed and edited: the side's walk goes past
			// the resume, whose file is the first parent's, to the pause.
			name: "paused, resumed and edited on the merged-in side",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"e2", nil, at(5, 6), v0},
				commit{"e3", nil, at(6, 6), early},
				commit{"f1", []string{"base"}, at(3, 10), ""},
				commit{"m", []string{"f1", "e3"}, at(8, 12), early},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(5), blob(v0), clock(6)}, {day(4), blob(paused), clock(6)}, {day(2), blob(v0), clock(6)}}
			},
		},
		{
			// e merged f's change, then paused; f merged e's: e's
			// side since it last synced is the pause alone, and f's
			// change stays f's, dated on f's line.
			name: "side took the first's change, then changed it",
			history: append(base[:1:1],
				commit{"f1", []string{"base"}, at(2, 7), early},
				commit{"e1", []string{"base"}, at(2, 6), ""},
				commit{"me", []string{"e1", "f1"}, at(2, 20), early},
				commit{"e2", nil, at(4, 6), both},
				commit{"f2", []string{"f1"}, at(4, 10), ""},
				commit{"m", []string{"f2", "e2"}, at(8, 12), both},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(3), blob(early), clock(6)}, {day(1), blob(v0), clock(7)}}
			},
		},
		{
			// Both sides changed it and changed it back: the side's
			// versions are not spliced among the first's.
			name: "both sides changed and changed back",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"e2", nil, at(5, 6), v0},
				commit{"f1", []string{"base"}, at(3, 10), early},
				commit{"f2", nil, at(4, 10), v0},
				commit{"m", []string{"f2", "e2"}, at(8, 12), ""},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(3), blob(early), clock(10)}, {day(2), blob(v0), clock(10)}}
			},
		},
		{
			// Each side changed a field: the merge wrote a version of
			// its own, in effect from the merge.
			name: "both sides changed, merged",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"f1", []string{"base"}, at(4, 10), early},
				commit{"m", []string{"f1", "e1"}, at(8, 12), both},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(7), blob(early), clock(12)}, {day(3), blob(v0), clock(10)}}
			},
		},
		{
			// Both sides changed it and the merge kept e's: f lived by
			// its own version until the merge.
			name: "both sides changed, one taken",
			history: append(base[:1:1],
				commit{"e1", []string{"base"}, at(3, 6), paused},
				commit{"f1", []string{"base"}, at(4, 10), early},
				commit{"m", []string{"f1", "e1"}, at(8, 12), paused},
			),
			want: func(blob func(string) string) []versionEra {
				return []versionEra{{day(7), blob(early), clock(12)}, {day(3), blob(v0), clock(10)}}
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_CACHE_HOME", t.TempDir())
			dir := filepath.Join(t.TempDir(), "os")
			repo, err := store.Init(dir, store.DefaultBranch)
			if err != nil {
				t.Fatal(err)
			}
			unlock, err := repo.Lock(time.Second)
			if err != nil {
				t.Fatal(err)
			}
			hashes := map[string]string{}
			files := map[string]string{} // commit → routines.toml
			c := cache.New(os.Getenv, dir)
			prev := ""
			for i, cm := range tt.history {
				parents := cm.parents
				if parents == nil && prev != "" {
					parents = []string{prev}
				}
				data := cm.routines
				if data == "" {
					data = files[parents[0]]
				}
				var ids []string
				for _, p := range parents {
					ids = append(ids, hashes[p])
				}
				// Each commit writes a note of its own, so that none
				// leaves the tree as it found it.
				changes := []store.Change{
					{Path: routines.FileRoutines, Data: []byte(data)},
					{Path: "notes.md", Data: []byte(cm.name + "\n")},
				}
				ci, err := repo.CommitWith(changes, cm.name, store.Signature{Name: "A", Email: "a@example.com", When: cm.when}, store.CommitOptions{Parents: ids})
				if err != nil {
					t.Fatalf("%s: %v", cm.name, err)
				}
				hashes[cm.name], files[cm.name], prev = ci.Hash, data, cm.name
				if i == len(tt.history)-2 {
					// The eras of the HEAD before the merge, cached.
					if _, err := versionEras(repo, c, day(2), time.UTC); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := unlock(); err != nil {
				t.Fatal(err)
			}
			repo.Close()
			want := tt.want(func(data string) string { return store.BlobID([]byte(data)) })
			for _, few := range []int{0, 64} {
				was := fewCommits
				t.Cleanup(func() { fewCommits = was })
				fewCommits = few
				for _, c := range []*cache.Cache{nil, c} {
					repo, err := store.OpenWith(dir, store.Options{Cache: cache.New(os.Getenv, dir)})
					if err != nil {
						t.Fatal(err)
					}
					got, err := versionEras(repo, c, day(2), time.UTC)
					repo.Close()
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%d read one by one, cache %v: got %v, want %v", few, c != nil, got, want)
					}
				}
			}
		})
	}
}

// BenchmarkVersionErasMerges measures versionEras over a year in which
// every sync was a merge: two machines each commit every day, and one of
// them, in turn, merges the other's commit, 365 merges in all; every
// tenth day the side's commit pauses or resumes a routine. Each merge in
// the year is a walk of its side (sideChanges); the cost of those walks
// is what this measures, against a history without merges
// (BenchmarkTenYears).
func BenchmarkVersionErasMerges(b *testing.B) {
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	dir := filepath.Join(b.TempDir(), "os")
	repo, err := store.Init(dir, store.DefaultBranch)
	if err != nil {
		b.Fatal(err)
	}
	unlock, err := repo.Lock(time.Second)
	if err != nil {
		b.Fatal(err)
	}
	version := func(status string) []byte {
		return []byte(fmt.Sprintf("[[routine]]\nid = \"move\"\ntitle = \"Move\"\ncadence = \"daily\"\nat = \"07:30\"\nstatus = %q\n", status))
	}
	first := time.Date(2025, 12, 1, 8, 0, 0, 0, time.UTC)
	sig := func(t time.Time) store.Signature { return store.Signature{Name: "A", Email: "a@example.com", When: t} }
	commit := func(parents []string, when time.Time, changes ...store.Change) string {
		ci, err := repo.CommitWith(changes, "c", sig(when), store.CommitOptions{Parents: parents})
		if err != nil {
			b.Fatal(err)
		}
		return ci.Hash
	}
	status := "active"
	tip := commit(nil, first, store.Change{Path: routines.FileRoutines, Data: version(status)})
	for d := 1; d <= 365; d++ {
		day := first.AddDate(0, 0, d)
		note := func(who string) store.Change {
			return store.Change{Path: "notes-" + who + ".md", Data: []byte(fmt.Sprintf("%s %d\n", who, d))}
		}
		side := []store.Change{note("side")}
		if d%10 == 0 {
			if status == "active" {
				status = "paused"
			} else {
				status = "active"
			}
			side = append(side, store.Change{Path: routines.FileRoutines, Data: version(status)})
		}
		mine := commit([]string{tip}, day, note("mine"))
		theirs := commit([]string{tip}, day.Add(time.Hour), side...)
		merged := []store.Change{note("merge")}
		if d%10 == 0 {
			merged = append(merged, store.Change{Path: routines.FileRoutines, Data: version(status)})
		}
		tip = commit([]string{mine, theirs}, day.Add(2*time.Hour), merged...)
	}
	if err := unlock(); err != nil {
		b.Fatal(err)
	}
	repo.Close()
	start := routines.DateOf(first.AddDate(0, 0, 1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		repo, err := store.OpenWith(dir, store.Options{Cache: cache.New(os.Getenv, dir)})
		if err != nil {
			b.Fatal(err)
		}
		eras, err := versionEras(repo, nil, start, time.UTC)
		repo.Close()
		if err != nil {
			b.Fatal(err)
		}
		if len(eras) < 36 {
			b.Fatalf("got %d eras, want at least 36", len(eras))
		}
	}
}
