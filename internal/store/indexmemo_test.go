package store

import (
	"errors"
	"os"
	"slices"
	"testing"
	"time"
)

// TestReadIndexMemo checks that the index kept between reads is used only
// while the file is the one it was read from: a new index (a commit), a
// damaged one and one put back are each read afresh.
func TestReadIndexMemo(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "a\n")
	names := func() []string { return indexEntryNames(t, r) }
	if got := names(); len(got) != 1 {
		t.Fatalf("first read: %q", got)
	}
	if got := names(); len(got) != 1 {
		t.Fatalf("kept: %q", got)
	}
	commit(t, r, "second", t0.Add(time.Hour), "b.toml", "b\n")
	if got := names(); len(got) != 2 {
		t.Fatalf("after a commit: got %q, want a.toml and b.toml", got)
	}
	good, err := os.ReadFile(r.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	tmp := r.indexPath() + ".new"
	if err := os.WriteFile(tmp, good[:len(good)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, r.indexPath()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		r.mu.Lock()
		_, _, _, err := r.readIndex()
		r.mu.Unlock()
		if !errors.Is(err, errIndexCorrupt) {
			t.Fatalf("read %d of a damaged index: err %v, want errIndexCorrupt", i+1, err)
		}
	}
	if err := os.WriteFile(tmp, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, r.indexPath()); err != nil {
		t.Fatal(err)
	}
	if got := names(); len(got) != 2 {
		t.Fatalf("put back: got %q", got)
	}

	// Rewritten in place with another index of the same size and its old
	// modification time: the checksum tells them apart.
	want := rewriteIndexInPlace(t, r)
	r.mu.Lock()
	idx, _, _, err := r.readIndex()
	r.mu.Unlock()
	if err != nil {
		t.Fatalf("readIndex: %v", err)
	}
	if idx.Entries[0].Hash[0] != want {
		t.Errorf("an index rewritten in place with the same size and time was answered from memory")
	}
}

// TestReadIndexAfterOpen: Open's check of the index keeps its bytes, and
// readIndex decodes them instead of reading the file again, but only
// while the file is still those bytes.
func TestReadIndexAfterOpen(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "a\n")
	names := func(r *Repo) []string { return indexEntryNames(t, r) }
	want := names(r)

	fresh, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if fresh.idxData == nil || !fresh.idxSumOK {
		t.Fatal("Open kept no bytes of an intact index")
	}
	kept := fresh.idxData
	if got := names(fresh); !slices.Equal(got, want) {
		t.Errorf("from the kept bytes: got %q, want %q", got, want)
	}
	if &fresh.idxData[0] != &kept[0] {
		t.Error("the index was read again, though the file had not changed")
	}

	// Replaced after Open: the new file is read.
	stale, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer stale.Close()
	commit(t, r, "second", t0.Add(time.Hour), "b.toml", "b\n")
	if got, want := names(stale), names(r); !slices.Equal(got, want) {
		t.Errorf("index replaced after Open: got %q, want %q", got, want)
	}

	// Rewritten in place after Open with the same size and time: the
	// checksum tells them apart.
	inPlace, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer inPlace.Close()
	changed := rewriteIndexInPlace(t, r)
	inPlace.mu.Lock()
	idx, _, _, err := inPlace.readIndex()
	inPlace.mu.Unlock()
	if err != nil {
		t.Fatalf("readIndex: %v", err)
	}
	if idx.Entries[0].Hash[0] != changed {
		t.Error("an index rewritten in place after Open was answered from Open's bytes")
	}
}

// indexEntryNames is readIndex's entries, each as its name and short blob
// id.
func indexEntryNames(t *testing.T, r *Repo) []string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	idx, _, _, err := r.readIndex()
	if err != nil {
		t.Fatalf("readIndex: %v", err)
	}
	var out []string
	for _, e := range idx.Entries {
		out = append(out, e.Name+" "+e.Hash.String()[:7])
	}
	return out
}
