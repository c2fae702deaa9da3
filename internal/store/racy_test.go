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
