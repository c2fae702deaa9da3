package store

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestPackCutBetweenRenames guards the order in which a new pack goes into
// place. A pack write cut off between its two renames must leave a
// repository that go-git can iterate (a pack without its index made go-git
// panic), that git accepts, and whose next packing removes the stray index.
func TestPackCutBetweenRenames(t *testing.T) {
	r := newRepo(t)
	when := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	commit(t, r, "one", when, "a.txt", "a\n")
	// Cut a pack write off between its two renames, as a kill would.
	r.testHook = func(stage string) error {
		if stage == "between-pack-renames" {
			return errors.New("killed")
		}
		return nil
	}
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	err = r.maintain(0)
	r.mu.Unlock()
	unlock()
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("maintain: got %v, want it cut off", err)
	}
	packDir := filepath.Join(r.Dir(), ".git", "objects", "pack")
	stray, _ := filepath.Glob(filepath.Join(packDir, "pack-*.idx"))
	if packs, _ := filepath.Glob(filepath.Join(packDir, "pack-*.pack")); len(packs) != 0 || len(stray) != 1 {
		t.Fatalf("left %v and %v, want only an index: it goes in first", packs, stray)
	}

	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	iter, err := r2.Git().Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := iter.ForEach(func(plumbing.EncodedObject) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n < 3 {
		t.Errorf("iterated %d objects, want the commit, its tree and blob", n)
	}
	if _, err := exec.LookPath("git"); err == nil {
		runGit(t, r.Dir(), "fsck", "--strict")
	}

	commit(t, r2, "two", when.Add(time.Hour), "b.txt", "b\n")
	unlock, err = r2.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r2.mu.Lock()
	err = r2.maintain(0)
	r2.mu.Unlock()
	unlock()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stray[0]); !os.IsNotExist(err) {
		t.Errorf("the stray index is still there after packing (%v)", err)
	}
}
