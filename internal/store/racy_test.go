package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSmudgedEntry guards the mark git puts on an index entry whose file
// may have changed unseen in the tick the index was written: its size set
// to 0. A file whose blob is not empty never has size 0 by rights, so such
// an entry is never clean by its stat data, not even once the file has
// been emptied in the tick the entry records; an empty file's entry, whose
// size is 0 by rights, is as clean as any other and its file is not read.
func TestSmudgedEntry(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "v = 1\n", "empty.toml", "")
	tick := time.Now().Add(-time.Minute).Truncate(time.Second)
	if err := os.WriteFile(filepath.Join(r.Dir(), "a.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// Both entries get the stat data their files have now: a.toml's is
	// then the smudged entry of a file emptied since, to the nanosecond.
	r.mu.Lock()
	idx, _, _, err := r.readIndex()
	if err == nil {
		for i, e := range idx.Entries {
			abs := filepath.Join(r.Dir(), e.Name)
			if err := os.Chtimes(abs, tick, tick); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Lstat(abs)
			if err != nil {
				t.Fatal(err)
			}
			smudged := *e
			fillStat(&smudged, fi)
			idx.Entries[i] = &smudged
		}
		err = r.writeIndex(idx)
	}
	r.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}

	const want = "modified a.toml"
	if got := statusString(t, r); got != want {
		t.Errorf("Status: got %q, want %q", got, want)
	}
	if r.lastHashed != 1 {
		t.Errorf("files read: got %d, want 1 (a.toml's)", r.lastHashed)
	}
	if got := plainStatus(t, r.Dir()); got != want {
		t.Errorf("Status opened afresh: got %q, want %q", got, want)
	}
	if gitAvailable() {
		if got := runGit(t, r.Dir(), "--no-optional-locks", "status", "--porcelain"); got != " M a.toml\n" {
			t.Errorf("git status --porcelain: got %q, want %q", got, " M a.toml\n")
		}
	}
}

// TestRacyEntryAcrossIndexWrites guards against a change made in the tick
// of an index write going unseen once the index is written again. A
// commit writes a.toml and records its stat data in an index written in
// the same tick (a clock of whole seconds, as some file systems keep);
// the person then saves a.toml again, same size, in that tick. While the
// index is as young as the entry, the entry is suspect and the file is
// read. A later commit of another file writes the index afresh and
// makes it older than that: the entry must then be smudged (size 0), as
// git smudges it, or its stat data would pass the change for clean, to
// myos and git alike.
func TestRacyEntryAcrossIndexWrites(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "v = 1\n", "b.toml", "w = 1\n")
	tick := time.Now().Add(-time.Minute).Truncate(time.Second)
	a := filepath.Join(r.Dir(), "a.toml")
	r.testHook = func(stage string) error {
		if stage == "before-index" {
			return os.Chtimes(a, tick, tick) // written in the tick
		}
		return nil
	}
	commit(t, r, "second", t0.Add(time.Hour), "a.toml", "v = 2\n")
	r.testHook = nil
	if err := os.Chtimes(r.indexPath(), tick, tick); err != nil { // and so was the index
		t.Fatal(err)
	}
	// Saved again in the same tick, the same size.
	if err := os.WriteFile(a, []byte("v = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(a, tick, tick); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		const want, wantGit = "modified a.toml", " M a.toml\n"
		if got := statusString(t, r); got != want {
			t.Errorf("%s: Status: got %q, want %q", when, got, want)
		}
		if got := plainStatus(t, r.Dir()); got != want {
			t.Errorf("%s: Status opened afresh: got %q, want %q", when, got, want)
		}
		if !gitAvailable() {
			return
		}
		if got := runGit(t, r.Dir(), "--no-optional-locks", "status", "--porcelain"); got != wantGit {
			t.Errorf("%s: git status --porcelain: got %q, want %q", when, got, wantGit)
		}
		if got := runGit(t, r.Dir(), "--no-optional-locks", "diff", "--name-only"); got != "a.toml\n" {
			t.Errorf("%s: git diff --name-only: got %q, want a.toml", when, got)
		}
	}
	check("index of the same tick")

	commit(t, r, "third", t0.Add(2*time.Hour), "b.toml", "w = 2\n")
	check("index written again")

	// Emptied in the same tick: the smudged entry's size now matches.
	if err := os.WriteFile(a, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(a, tick, tick); err != nil {
		t.Fatal(err)
	}
	check("emptied")

	// Committed, the entry is whole again and the file is trusted.
	commit(t, r, "fourth", t0.Add(3*time.Hour), "a.toml", "v = 4\n")
	later := time.Now().Add(time.Second)
	if err := os.Chtimes(r.indexPath(), later, later); err != nil {
		t.Fatal(err)
	}
	if got := statusString(t, r); got != "" || r.lastHashed != 0 {
		t.Errorf("after a commit: Status got %q with %d files read, want clean with none", got, r.lastHashed)
	}
	if gitAvailable() {
		if got := runGit(t, r.Dir(), "status", "--porcelain"); got != "" {
			t.Errorf("after a commit: git status --porcelain: got %q, want clean", got)
		}
	}
}
