package store

import (
	"os"
	"path/filepath"
	"testing"
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
		plain, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer plain.Close()
		want := statusString(t, plain)
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
	plain, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if got, want := statusString(t, early), statusString(t, plain); got != want {
		t.Errorf("commit before Status: got %q, want %q", got, want)
	}

	// A folder that is no repository: the error, and nothing left running.
	if _, err := OpenWith(t.TempDir(), Options{Cache: c, Status: true}); err == nil {
		t.Error("OpenWith of a plain folder: no error")
	}
}
