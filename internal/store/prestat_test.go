package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestPrestat checks that Status answers the same whether or not OpenWith
// stat'ed the files first: when the cache lists HEAD's tree (and Status
// takes that stat data), when it lists an older tree (and Status stats
// again), after hand edits, and with a commit between Open and Status.
func TestPrestat(t *testing.T) {
	r := newRepo(t)
	c := testCache(t, r)
	commit(t, r, "records", t0, "os.toml", "name = \"A\"\n", "reviews/2026/2026-01-01.toml", "date = 2026-01-01\n",
		"reviews/2026/2026-01-02.toml", "date = 2026-01-02\n", "routines.toml", "# none\n")
	dir := r.Dir()
	check := func(step string, wantTaken bool) *Repo {
		t.Helper()
		want := plainStatus(t, dir)
		early, err := OpenWith(dir, Options{Cache: c, Status: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { early.Close() })
		if got := statusString(t, early); got != want {
			t.Errorf("%s: got %q, want %q", step, got, want)
		}
		if early.statsTaken != wantTaken {
			t.Errorf("%s: Status took Open's stat data: %v, want %v", step, early.statsTaken, wantTaken)
		}
		// Only the first Status takes it: the next stats afresh.
		if got := statusString(t, early); got != want || early.statsTaken {
			t.Errorf("%s, again: got %q (Open's stat data taken: %v), want %q", step, got, early.statsTaken, want)
		}
		return early
	}
	write := func(p, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	statusString(t, r) // the cache now lists HEAD's tree
	check("clean", true)
	write("reviews/2026/2026-01-01.toml", "date = 2026-01-01\nnote = \"by hand\"\n")
	write("reviews/2026/2026-01-03.toml", "date = 2026-01-03\n")
	os.Remove(filepath.Join(dir, "routines.toml"))
	check("hand edits", true)

	// A commit by a Repo without the cache leaves it listing the old tree.
	other, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	commit(t, other, "by another", t0, "reviews/2026/2026-01-04.toml", "date = 2026-01-04\n")
	other.Close()
	check("the cache lists an older tree", false)

	// A commit between Open and Status: Status sees the new HEAD.
	early, err := OpenWith(dir, Options{Cache: c, Status: true})
	if err != nil {
		t.Fatal(err)
	}
	defer early.Close()
	commit(t, early, "between", t0, "reviews/2026/2026-01-05.toml", "date = 2026-01-05\n")
	if got, want := statusString(t, early), plainStatus(t, dir); got != want {
		t.Errorf("commit before Status: got %q, want %q", got, want)
	}

	// A folder that is no repository: the error, and nothing left running.
	if _, err := OpenWith(t.TempDir(), Options{Cache: c, Status: true}); err == nil {
		t.Error("OpenWith of a plain folder: no error")
	}
}

// TestPrestatDroppedByLock: a write decides on the work tree as it is
// under the lock. Stat data OpenWith took before a lock wait is dropped,
// so a Status under the lock sees an edit made during the wait (a commit
// took a record re-saved meanwhile as deleted, and removed it).
func TestPrestatDroppedByLock(t *testing.T) {
	r := newRepo(t)
	c := testCache(t, r)
	commit(t, r, "records", t0, "os.toml", "name = \"A\"\n", "routines.toml", "# none\n")
	statusString(t, r) // the cache now lists HEAD's tree
	dir := r.Dir()
	os.Remove(filepath.Join(dir, "routines.toml"))
	early, err := OpenWith(dir, Options{Cache: c, Status: true})
	if err != nil {
		t.Fatal(err)
	}
	defer early.Close()
	early.mu.Lock()
	early.pre.wait() // its stat calls have seen routines.toml gone
	early.mu.Unlock()
	// During the lock wait: the record is back, and os.toml edited.
	if err := os.WriteFile(filepath.Join(dir, "routines.toml"), []byte("# none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "os.toml"), []byte("name = \"B\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = locked(t, early, func() error {
		if got, want := statusString(t, early), "modified os.toml"; got != want {
			t.Errorf("Status under the lock: got %q, want %q", got, want)
		}
		if early.statsTaken {
			t.Error("Status under the lock took the stat data from before it")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPackArrivesBesideIndex: a pack that arrives beside an index that was
// there before it (go-git writes the index first) is seen: the list of
// packs the lookup is keyed by names packs as well as indexes.
func TestPackArrivesBesideIndex(t *testing.T) {
	r := newRepo(t)
	c := commit(t, r, "one", t0, "a.toml", "1\n")
	if err := locked(t, r, func() error {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.maintain(0)
	}); err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(r.gitDir, "objects", "pack", "pack-*.pack"))
	if len(packs) != 1 {
		t.Fatalf("setup: packs %v, want one", packs)
	}
	aside := packs[0] + ".aside"
	if err := os.Rename(packs[0], aside); err != nil {
		t.Fatal(err)
	}
	h := plumbing.NewHash(c.Hash)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	if r.hasObject(h) {
		t.Fatal("setup: the commit is found with its pack away")
	}
	if err := os.Rename(aside, packs[0]); err != nil {
		t.Fatal(err)
	}
	r.refresh()
	if !r.hasObject(h) {
		t.Error("the commit is not found once its pack is back beside its index")
	}
}
