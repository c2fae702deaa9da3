package store

import (
	"path/filepath"
	"testing"
)

// TestSetDurable checks that turning fsync off changes nothing of what is
// written: the same commits get the same ids, and the setting comes back.
func TestSetDurable(t *testing.T) {
	heads := make([]string, 2)
	for i, durable := range []bool{true, false} {
		was := SetDurable(durable)
		if !was {
			t.Fatalf("SetDurable(%v): got previous false, want true (the default)", durable)
		}
		r, err := Init(filepath.Join(t.TempDir(), "os"), "")
		if err != nil {
			t.Fatal(err)
		}
		commit(t, r, "first", t0, "os.toml", "name = \"A\"\n", "reviews/2026/2026-01-01.toml", "x = 1\n")
		ci := commit(t, r, "second", t0.Add(3600e9), "os.toml", "name = \"B\"\n")
		heads[i] = ci.Hash
		if st := statusString(t, r); st != "" {
			t.Errorf("durable=%v: Status after commits: got %q, want clean", durable, st)
		}
		if got := SetDurable(true); got != durable {
			t.Errorf("SetDurable(true) after SetDurable(%v): got previous %v, want %v", durable, got, durable)
		}
	}
	if heads[0] != heads[1] {
		t.Errorf("HEAD with and without fsync: got %s and %s, want the same commit", heads[0], heads[1])
	}
}
