package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// walkedMergeBase is MergeBase as a shallow clone finds it, by its own
// walk, run on a whole history.
func walkedMergeBase(t testing.TB, r *Repo, a, b string) (string, error) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.shallowMergeBase(plumbing.NewHash(a), plumbing.NewHash(b))
}

// TestMergeBaseSkewedClock: the newest common ancestor m is a descendant
// of an older one, e, through commits a device whose clock was an hour
// behind made: the walk a shallow clone's merge base uses must see that
// e is m's ancestor, though it stopped before reading m's parents, and
// return m.
func TestMergeBaseSkewedClock(t *testing.T) {
	r := newRepo(t)
	root := commit(t, r, "root", t0, "a.toml", "1\n").Hash
	day := 24 * time.Hour
	at := func(parents []string, msg string, when time.Time) string {
		return mergeCommit(t, r, parents, msg, when, "a.toml", msg+"\n")
	}
	e := at([]string{root}, "e", t0.Add(5*day))
	x := at([]string{e}, "x", t0.Add(5*day-time.Hour))
	m := at([]string{x}, "m", t0.Add(5*day-time.Hour+time.Minute))
	s := at([]string{e}, "s", t0.Add(10*day))
	u := at([]string{e}, "u", t0.Add(10*day))
	a := at([]string{at([]string{m}, "a1", t0.Add(10*day)), s}, "a", t0.Add(11*day))
	b := at([]string{at([]string{m}, "b1", t0.Add(10*day)), u}, "b", t0.Add(11*day))
	if got, err := r.MergeBase(a, b); err != nil || got != m {
		t.Errorf("MergeBase: got %s, %v; want m %s (e is %s)", got, err, m, e)
	}
	if got, err := walkedMergeBase(t, r, a, b); err != nil || got != m {
		t.Errorf("walked: got %s, %v; want m %s (e is %s)", got, err, m, e)
	}
}

// TestMergeBaseRandom checks MergeBase, and the walk a shallow clone's
// uses, on random histories with merges, second roots and clocks that now
// and then go back by less than a day, whole and then cut as a shallow
// clone's: the answer is a common ancestor (in the history there is) that
// no other common ancestor descends from, or "" when there is none.
func TestMergeBaseRandom(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		r, ids, parents := randomCommits(t, rng)
		check := func(r *Repo, what string, cut map[int]bool, merge func(a, b string) (string, error)) {
			t.Helper()
			// anc[i]: i and the commits it reaches, none past the cut.
			anc := make([]map[int]bool, len(ids))
			for i := range ids {
				anc[i] = map[int]bool{i: true}
				if cut[i] {
					continue
				}
				for _, p := range parents[i] {
					for k := range anc[p] {
						anc[i][k] = true
					}
				}
			}
			index := map[string]int{}
			for i, h := range ids {
				index[h] = i
			}
			for range 20 {
				a, b := rng.IntN(len(ids)), rng.IntN(len(ids))
				var common []int
				for k := range anc[a] {
					if anc[b][k] {
						common = append(common, k)
					}
				}
				got, err := merge(ids[a], ids[b])
				if err != nil {
					t.Fatalf("seed %d, %s: %v", seed, what, err)
				}
				if got == "" {
					if len(common) > 0 {
						t.Errorf("seed %d, %s: %d and %d: no base, want one of %v", seed, what, a, b, common)
					}
					continue
				}
				g, ok := index[got]
				if !ok || !anc[a][g] || !anc[b][g] {
					t.Errorf("seed %d, %s: %d and %d: %s is not a common ancestor", seed, what, a, b, got)
					continue
				}
				for _, o := range common {
					if o != g && anc[o][g] {
						t.Errorf("seed %d, %s: %d and %d: got %d, an ancestor of %d, which both have", seed, what, a, b, g, o)
					}
				}
			}
		}
		check(r, "MergeBase", nil, r.MergeBase)
		check(r, "walked", nil, func(a, b string) (string, error) { return walkedMergeBase(t, r, a, b) })

		// The same history as a shallow clone's, cut below one to three
		// commits, as git writes them in .git/shallow.
		cut := map[int]bool{}
		var lines string
		for range 1 + rng.IntN(3) {
			i := 1 + rng.IntN(len(ids)-1)
			if !cut[i] {
				cut[i] = true
				lines += ids[i] + "\n"
			}
		}
		if err := os.WriteFile(filepath.Join(r.Dir(), ".git", "shallow"), []byte(lines), 0o644); err != nil {
			t.Fatal(err)
		}
		shallow, err := Open(r.Dir())
		if err != nil {
			t.Fatal(err)
		}
		if !shallow.Shallow() {
			t.Fatal("the repository does not read as a shallow clone")
		}
		check(shallow, "shallow", cut, shallow.MergeBase)
		shallow.Close()
	}
}

// randomCommits makes a repository of 8 to 27 commits on random parents
// (one or two, now and then none), with times that mostly go forward and
// now and then go back by less than a day, and returns their ids and each
// one's parents by index.
func randomCommits(t *testing.T, rng *rand.Rand) (*Repo, []string, [][]int) {
	t.Helper()
	r := newRepo(t)
	ids := []string{commit(t, r, "root", t0, "a.toml", "0\n").Hash}
	parents := [][]int{nil}
	when := t0
	n := 8 + rng.IntN(20)
	for i := 1; i < n; i++ {
		var ps []int
		switch k := rng.IntN(10); {
		case k == 0 && i > 2: // another root
		case k < 4 && i > 1:
			p := rng.IntN(i)
			q := (p + 1 + rng.IntN(i-1)) % i
			ps = []int{p, q}
		default:
			ps = []int{max(0, i-1-rng.IntN(4))}
		}
		when = when.Add(time.Duration(rng.IntN(60)) * time.Hour)
		at := when
		if rng.IntN(4) == 0 {
			at = when.Add(-time.Duration(rng.IntN(20)) * time.Hour)
		}
		var hs []string
		for _, p := range ps {
			hs = append(hs, ids[p])
		}
		var h string
		if len(hs) == 0 {
			h = rootCommit(t, r, fmt.Sprint(i), at)
		} else {
			h = mergeCommit(t, r, hs, fmt.Sprint(i), at, "a.toml", fmt.Sprint(i)+"\n")
		}
		ids = append(ids, h)
		parents = append(parents, ps)
	}
	return r, ids, parents
}

// rootCommit writes a commit with no parent, beside r's history, as the
// first commit of another repository would be.
func rootCommit(t testing.TB, r *Repo, msg string, when time.Time) string {
	t.Helper()
	head := headOf(t, r)
	h := sideCommit(t, r, head, msg, when, "b.toml", msg+"\n")
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.commit(plumbing.NewHash(h))
	if err != nil {
		t.Fatal(err)
	}
	c.ParentHashes = nil
	obj := r.st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	out, err := (&objectWriter{r: r}).put(obj)
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}
