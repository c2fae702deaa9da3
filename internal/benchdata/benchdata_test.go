package benchdata

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// short is a quick generation: sixty days, with a few edits of each kind.
func short(seed uint64) Options {
	o := TenYears()
	o.Days, o.Seed = 60, seed
	return o
}

func TestGenerateIsDeterministic(t *testing.T) {
	heads := map[string]string{}
	for _, run := range []struct {
		name    string
		seed    uint64
		inPlace bool
	}{{"first", 7, false}, {"again", 7, false}, {"in place", 7, true}, {"other seed", 8, false}} {
		opts := short(run.seed)
		opts.InPlace = run.inPlace
		sum, err := Generate(filepath.Join(t.TempDir(), "os"), opts)
		if err != nil {
			t.Fatalf("%s: Generate: %v", run.name, err)
		}
		heads[run.name] = sum.Head
		r, err := store.Open(sum.Dir)
		if err != nil {
			t.Fatal(err)
		}
		if st, err := r.Status(); err != nil || len(st) > 0 || len(r.Repaired()) > 0 {
			t.Errorf("%s: Status: got %v, %v (repaired %v), want clean", run.name, st, err, r.Repaired())
		}
		r.Close()
	}
	if heads["first"] != heads["again"] || heads["first"] != heads["in place"] {
		t.Errorf("same seed: got HEAD %s, %s and %s in place, want the same commit", heads["first"], heads["again"], heads["in place"])
	}
	if heads["first"] == heads["other seed"] {
		t.Errorf("another seed: got the same HEAD %s, want another", heads["first"])
	}
}

// TestGenerateIsValid checks every commit: its OS loads, one review a day
// whose record passes review.Check, commit times a day apart, and a clean
// work tree at the end.
func TestGenerateIsValid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "os")
	opts := short(1)
	sum, err := Generate(dir, opts)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	repo, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	commits, err := repo.Log(store.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(commits) != sum.Commits {
		t.Errorf("commits: got %d in the log, want %d as the summary says", len(commits), sum.Commits)
	}
	if want := 1 + opts.Days + sum.Edits; sum.Commits != want {
		t.Errorf("commits: got %d, want %d (init, %d reviews, %d edits)", sum.Commits, want, opts.Days, sum.Edits)
	}
	if sum.Edits < 12 {
		t.Errorf("edits: got %d, want at least one of each of the 12 kinds", sum.Edits)
	}
	reviews := map[routines.Date]bool{}
	var prev time.Time
	for i := len(commits) - 1; i >= 0; i-- {
		c := commits[i]
		fsys, err := repo.TreeFS(c.Hash)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := routines.Load(fsys); err != nil {
			t.Errorf("commit %s %q: the OS does not load: %v", c.Short, c.Message, err)
		}
		if !c.Author.When.After(prev) {
			t.Errorf("commit %s: time %s is not after the one before, %s", c.Short, c.Author.When, prev)
		}
		prev = c.Author.When
		if day, ok := strings.CutPrefix(c.Message, "review: "); ok {
			d, err := routines.ParseDate(day[:10])
			if err != nil {
				t.Fatalf("commit %s: %q: %v", c.Short, c.Message, err)
			}
			if reviews[d] {
				t.Errorf("day %s reviewed twice", d)
			}
			reviews[d] = true
			b, err := repo.ReadFile(c.Hash, review.Path(d, review.Daily))
			if err != nil {
				t.Fatalf("commit %s: %v", c.Short, err)
			}
			// The check a hand edit of a record goes through before it is
			// committed passes every record myos writes.
			if errs := review.Check(review.Path(d, review.Daily), b); len(errs) > 0 {
				t.Errorf("commit %s: record: %v", c.Short, errs)
			}
		}
	}
	if len(reviews) != opts.Days {
		t.Errorf("reviews: got %d days, want %d", len(reviews), opts.Days)
	}
	first := opts.End.AddDays(-(opts.Days - 1))
	if !reviews[first] || !reviews[opts.End] || sum.First != first || sum.Last != opts.End {
		t.Errorf("reviews: got summary %s to %s, want %s to %s, each reviewed", sum.First, sum.Last, first, opts.End)
	}
	if st, err := repo.Status(); err != nil || len(st) > 0 {
		t.Errorf("Status after Generate: got %v, %v, want clean", st, err)
	}
	recs, errs := review.LoadRecords(os.DirFS(dir), first, opts.End)
	if len(errs) > 0 || len(recs) != opts.Days {
		t.Errorf("LoadRecords: got %d records and %v, want %d and none", len(recs), errs, opts.Days)
	}
	if git, err := exec.LookPath("git"); err == nil {
		out, err := exec.Command(git, "-C", dir, "fsck", "--strict").CombinedOutput()
		if err != nil {
			t.Errorf("git fsck --strict: %v\n%s", err, out)
		}
	} else {
		t.Log("no git binary: git fsck skipped")
	}
}

// TestTenYearsSize checks the plan of the ten-year repository against what
// the benchmark promises, without generating it.
func TestTenYearsSize(t *testing.T) {
	counts := map[opKind]int{}
	for _, p := range editPlan {
		counts[p.op] += p.n
	}
	for _, c := range []struct {
		what       string
		start, add int
		want       int
	}{
		{"themes", startThemes, counts[opAddTheme], 30},
		{"routines", startRoutines, counts[opAddRoutine], 40},
		{"blocks", startBlocks, counts[opAddBlock] - counts[opRemoveBlock], 60},
		{"priorities", startPriorities, counts[opAddPriority], 200},
	} {
		if got := c.start + c.add; got != c.want {
			t.Errorf("%s after ten years: got %d, want %d", c.what, got, c.want)
		}
	}
	if len(themePool) != 30 || len(routinePool) != 40 || len(workVerbs)*len(workObjects) < 200 {
		t.Errorf("pools: got %d themes, %d routines, %d priority titles; want 30, 40, 200 or more",
			len(themePool), len(routinePool), len(workVerbs)*len(workObjects))
	}
}
