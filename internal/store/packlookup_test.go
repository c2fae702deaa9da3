package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestHasObject checks hasObject against go-git's own answer for every
// object of a repository whose objects are partly loose and partly in two
// packs, and for names that are not there: next to real ones, at both
// ends of the fan-out table, and after a pack index is damaged.
func TestHasObject(t *testing.T) {
	r := newRepo(t)
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	n := 0
	step := func(commits int) {
		for i := 0; i < commits; i++ {
			n++
			_, err := r.Commit(files(fmt.Sprintf("reviews/2026/%03d.toml", n), fmt.Sprintf("n = %d\n", n), "os.toml", fmt.Sprintf("v = %d\n", n)),
				fmt.Sprintf("c%d", n), sigAt(t0.Add(time.Duration(n)*time.Hour)))
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	pack := func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if err := r.maintain(0); err != nil {
			t.Fatalf("maintain: %v", err)
		}
	}
	step(20)
	pack()
	step(20)
	pack()
	step(5) // these stay loose

	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	var all []plumbing.Hash
	loose, err := r.looseObjects()
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, loose...)
	packs := 0
	entries, _ := os.ReadDir(filepath.Join(r.gitDir, "objects", "pack"))
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".pack" {
			continue
		}
		packs++
		hs, err := r.packHashes(plumbing.NewHash(e.Name()[len("pack-") : len("pack-")+40]))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, hs...)
	}
	if packs < 2 || len(loose) == 0 {
		t.Fatalf("setup: %d packs, %d loose objects; want two packs and loose objects", packs, len(loose))
	}
	// Names that are not there: each real one with its last byte changed,
	// and the first and last names there can be.
	var absent []plumbing.Hash
	for _, h := range all {
		h[19] ^= 0x5a
		absent = append(absent, h)
	}
	var lo, hi plumbing.Hash
	for i := range hi {
		hi[i] = 0xff
	}
	lo[19] = 1
	absent = append(absent, lo, hi)

	check := func(when string) {
		t.Helper()
		for _, h := range all {
			if !r.hasObject(h) {
				t.Errorf("%s: hasObject(%s) = false, want true", when, h)
			}
		}
		for _, h := range absent {
			if r.st.HasEncodedObject(h) == nil {
				continue // a changed name that happens to exist
			}
			if r.hasObject(h) {
				t.Errorf("%s: hasObject(%s) = true for a missing object", when, h)
			}
		}
	}
	check("healthy")
	if r.packIdx == nil || len(r.packIdx.idx) != packs {
		t.Fatalf("hasObject did not read the %d pack indexes itself", packs)
	}

	// A damaged index is left to go-git, which then says what it can.
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".idx" {
			p := filepath.Join(r.gitDir, "objects", "pack", e.Name())
			os.Chmod(p, 0o644)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			damaged := append([]byte{}, b...)
			damaged[7] = 1 // version 1 header
			if err := os.WriteFile(p, damaged, 0o644); err != nil {
				t.Fatal(err)
			}
			r.packIdx = nil
			if _, err := r.packedHas(all[0]); err != errIdxFormat {
				t.Errorf("packedHas with a damaged index: err %v, want errIdxFormat", err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			r.packIdx = nil
			break
		}
	}

	// A pack whose .pack file is gone (cut off between the two renames of
	// a pack write) holds nothing, as for git and go-git.
	var lost []plumbing.Hash
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".pack" {
			continue
		}
		p := filepath.Join(r.gitDir, "objects", "pack", e.Name())
		lost, err = r.packHashes(plumbing.NewHash(e.Name()[len("pack-") : len("pack-")+40]))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(p, p+".away"); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := os.Rename(p+".away", p); err != nil {
				t.Fatal(err)
			}
			r.packIdx = nil
			r.st.Reindex()
		}()
		break
	}
	r.packIdx = nil
	r.st.Reindex()
	missing := 0
	for _, h := range lost {
		if r.st.HasEncodedObject(h) != nil {
			missing++
			if r.hasObject(h) {
				t.Errorf("hasObject(%s) = true for an object only in a pack whose .pack is gone", h)
			}
		}
	}
	if missing == 0 {
		t.Fatalf("setup: no object was only in the pack taken away")
	}
	r.packIdx = nil
}
