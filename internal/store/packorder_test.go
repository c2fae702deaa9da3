package store

import (
	"errors"
	"fmt"
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

// TestPackWithoutIndex: a pack whose index is gone — a packing cut off
// while it removed the packs it merged, or git killed between writing a
// pack and its index — is no pack, as git has it. go-git listed it and
// then failed every read through packs, and panicked when it iterated
// objects (internal/crashtest found myos repair's checks panicking).
func TestPackWithoutIndex(t *testing.T) {
	r := newRepo(t)
	when := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	locked := func(f func() error) {
		t.Helper()
		if err := underLock(t, r, f); err != nil {
			t.Fatal(err)
		}
	}
	commit(t, r, "one", when, "a.txt", "a\n")
	locked(func() error { return r.maintain(0) })
	commit(t, r, "two", when.Add(time.Hour), "b.txt", "b\n")
	locked(func() error { return r.maintain(0) })
	packs, err := r.st.ObjectPacks()
	if err != nil || len(packs) != 2 {
		t.Fatalf("setup: packs %v, %v; want two", packs, err)
	}
	// Merge the two into a third, and lose the first one's index only, as
	// a packing cut off while it removed the packs it merged could.
	locked(func() error {
		var all []plumbing.Hash
		for _, p := range packs {
			hs, err := r.packHashes(p)
			if err != nil {
				return err
			}
			all = append(all, hs...)
		}
		_, _, err := r.writePack(all)
		return err
	})
	if err := os.Remove(r.packPath(packs[0], "idx")); err != nil {
		t.Fatal(err)
	}

	if _, err := Diagnose(r.Dir()); err != nil {
		t.Errorf("Diagnose: %v", err)
	}
	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	cs, err := r2.Log(LogOptions{})
	if err != nil || len(cs) != 2 {
		t.Errorf("Log: got %d commits, %v; want 2", len(cs), err)
	}
	iter, err := r2.Git().Storer.IterEncodedObjects(plumbing.CommitObject)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[plumbing.Hash]bool{}
	if err := iter.ForEach(func(o plumbing.EncodedObject) error { seen[o.Hash()] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if !seen[plumbing.NewHash(c.Hash)] {
			t.Errorf("iterating commits did not find %s", c.Hash)
		}
	}
	if st := statusString(t, r2); st != "" {
		t.Errorf("Status: got %q, want clean", st)
	}
	if _, err := exec.LookPath("git"); err == nil {
		runGit(t, r.Dir(), "fsck", "--strict")
	}
}

// TestPackRemovalCut guards the order in which packing removes the packs
// it merged: cut off after its first removal, it has removed a merged
// pack's index and nothing else, so the pack is left without its index,
// which every reader skips (its objects are in the new pack), and git
// too; the next packing goes on, and a pack that lost its index long ago
// is removed, a young one left (it may be a git writing it).
func TestPackRemovalCut(t *testing.T) {
	r := newRepo(t)
	when := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	maintain := func() error {
		t.Helper()
		return underLock(t, r, func() error { return r.maintain(0) })
	}
	// Enough packs that the next packing merges them all.
	defer func(n int) { maxPacks = n }(maxPacks)
	maxPacks = 3
	for i := 0; i < maxPacks; i++ {
		commit(t, r, fmt.Sprint("commit ", i), when.Add(time.Duration(i)*time.Hour), fmt.Sprintf("f%d.txt", i), fmt.Sprint(i, "\n"))
		if err := maintain(); err != nil {
			t.Fatal(err)
		}
	}
	packDir := filepath.Join(r.Dir(), ".git", "objects", "pack")
	before, _ := filepath.Glob(filepath.Join(packDir, "pack-*.pack"))
	commit(t, r, "last", when.Add(100*time.Hour), "last.txt", "last\n")
	loose, _ := r.looseObjects()
	r.testHook = func(stage string) error {
		if stage == "after-object-removal" {
			return errors.New("killed")
		}
		return nil
	}
	if err := maintain(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("maintain: got %v, want it cut off", err)
	}
	r.testHook = nil
	cut := ""
	for _, p := range before {
		_, perr := os.Stat(p)
		_, ierr := os.Stat(strings.TrimSuffix(p, ".pack") + ".idx")
		switch {
		case perr == nil && ierr != nil:
			cut = p
		case perr != nil && ierr == nil:
			t.Errorf("%s lost its pack before its index", filepath.Base(p))
		case perr != nil:
			t.Errorf("%s and its index are both gone: the cut came later than asked", filepath.Base(p))
		}
	}
	if cut == "" {
		t.Fatalf("no merged pack was cut off after its index")
	}
	if now, _ := r.looseObjects(); len(now) != len(loose) {
		t.Errorf("loose objects after the cut: got %d, want all %d still there", len(now), len(loose))
	}
	check := func(when string) {
		t.Helper()
		r2, err := Open(r.Dir())
		if err != nil {
			t.Fatal(err)
		}
		defer r2.Close()
		if cs, err := r2.Log(LogOptions{}); err != nil || len(cs) != maxPacks+1 {
			t.Errorf("%s: Log: got %d commits, %v; want %d", when, len(cs), err, maxPacks+1)
		}
		if _, err := exec.LookPath("git"); err == nil {
			runGit(t, r.Dir(), "fsck", "--strict")
		}
	}
	check("after the cut")
	if err := maintain(); err != nil {
		t.Fatalf("the next packing: %v", err)
	}
	check("after the next packing")
	// The pack the cut left without its index is young: it stays, as one
	// a git is writing would. Once old, it goes; so does another from long
	// ago, as a killed git leaves.
	if _, err := os.Stat(cut); err != nil {
		t.Errorf("a young pack without its index was removed: %v", err)
	}
	orphan := filepath.Join(packDir, "pack-"+strings.Repeat("ab", 20)+".pack")
	if err := os.WriteFile(orphan, []byte("PACK"), 0o444); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	for _, p := range []string{cut, orphan} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	young := filepath.Join(packDir, "pack-"+strings.Repeat("cd", 20)+".pack")
	if err := os.WriteFile(young, []byte("PACK"), 0o444); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.removeTempFiles()
	r.mu.Unlock()
	for _, tc := range []struct {
		path string
		gone bool
	}{{cut, true}, {orphan, true}, {young, false}} {
		_, err := os.Stat(tc.path)
		if gone := os.IsNotExist(err); gone != tc.gone {
			t.Errorf("%s: removed %v, want %v", filepath.Base(tc.path), gone, tc.gone)
		}
	}
	if _, err := exec.LookPath("git"); err == nil {
		os.Remove(young)
		runGit(t, r.Dir(), "fsck", "--strict")
	}
}
