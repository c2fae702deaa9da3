package store

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestListingWhileEntriesComeAndGo guards the listings go-git makes of
// objects/pack and refs/heads while another process writes: an object
// goes through a temporary file in objects/pack, a ref through its .lock
// file, and an entry gone between the listing and its stat failed the
// whole listing, which go-git took for no pack at all (every packed object
// "not found") or no branch at all. Nothing here is timed: every listing
// must have every pack and the branch, however the writes fall.
func TestListingWhileEntriesComeAndGo(t *testing.T) {
	r, _ := packedHistory(t)
	gitDir := filepath.Join(r.Dir(), ".git")
	packDir := filepath.Join(gitDir, "objects", "pack")
	heads := filepath.Join(gitDir, "refs", "heads")
	head, err := os.ReadFile(filepath.Join(heads, "main"))
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		// Objects written and a branch moved, over and over, as
		// writeLoose and commitLockFile do.
		defer wg.Done()
		obj := filepath.Join(gitDir, "objects", "ff")
		spare := filepath.Join(gitDir, "main.spare")
		for {
			select {
			case <-stop:
				return
			default:
			}
			f, err := os.CreateTemp(packDir, "tmp_obj_")
			if err != nil {
				t.Error(err)
				return
			}
			f.Close()
			if err := os.Rename(f.Name(), obj); err != nil {
				t.Error(err)
				return
			}
			// The branch moves through its lock file, as git moves it.
			lock := filepath.Join(heads, "main.lock")
			if err := os.WriteFile(spare, head, 0o644); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(spare, lock); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(lock, filepath.Join(heads, "main")); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
	}()

	st := readStorage(gitDir)
	defer st.Close()
	for i := 0; i < 2000; i++ {
		packs, err := st.ObjectPacks()
		if err != nil || len(packs) != 3 {
			t.Fatalf("listing %d of the packs: got %d, %v; want 3", i, len(packs), err)
		}
		refs, err := st.IterReferences()
		if err != nil {
			t.Fatalf("listing %d of the refs: %v", i, err)
		}
		found := false
		refs.ForEach(func(ref *plumbing.Reference) error {
			found = found || ref.Name() == plumbing.NewBranchReferenceName(DefaultBranch)
			return nil
		})
		if !found {
			t.Fatalf("listing %d of the refs has no %s", i, DefaultBranch)
		}
	}
}
