package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// objectFiles is what a packing has left of objects/ at one moment: the
// names in objects/pack and the loose objects.
type objectFiles struct {
	pack  map[string]bool
	loose map[plumbing.Hash]bool
}

func readObjectFiles(t testing.TB, r *Repo) objectFiles {
	t.Helper()
	s := objectFiles{pack: map[string]bool{}, loose: map[plumbing.Hash]bool{}}
	entries, err := os.ReadDir(filepath.Join(r.gitDir, "objects", "pack"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		s.pack[e.Name()] = true
	}
	loose, err := r.looseObjects()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range loose {
		s.loose[h] = true
	}
	return s
}

func (s objectFiles) has(p plumbing.Hash, ext string) bool { return s.pack["pack-"+p.String()+"."+ext] }

// TestMaintainRemovalOrder pins the order in which packing removes what
// its new pack replaces, against readers in other processes, which take
// no lock: a reader lists the packs (those with their index), reads their
// indexes, and reads objects through them, each step at any moment of the
// packing, and on a miss looks once more, from the start (reread.go).
// go-git reads an object from any listed pack that has it, so the model
// takes the worst pack; an index gone since the listing reads as empty
// (idxFS). The packing's moments are recorded after each removal, and
// every look is played against them:
//
//   - killed at any moment, every object is still in a pack git and the
//     store read, or loose;
//   - a reader whose look fails at some moment, and whose look again
//     starts then or later, finds every object at that look.
//
// Removing the loose objects first, or a merged pack before the indexes
// of the others, failed the second: a reader that missed a loose object
// looked again while merged packs were still listed, and then read from
// one removed since. The one thing the model does not let a look straddle
// is the writing of the new pack, far longer than a look.
func TestMaintainRemovalOrder(t *testing.T) {
	defer func(n int) { maxPacks = n }(maxPacks)
	maxPacks = 3
	r := newRepo(t)
	when := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	pack := func() {
		t.Helper()
		if err := underLock(t, r, func() error { return r.maintain(0) }); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < maxPacks; i++ {
		commit(t, r, fmt.Sprint("packed ", i), when.Add(time.Duration(i)*time.Hour),
			fmt.Sprintf("reviews/2026/%02d.toml", i), fmt.Sprint("n = ", i, "\n"), "os.toml", fmt.Sprint("v = ", i, "\n"))
		pack()
	}
	for i := 0; i < 3; i++ {
		commit(t, r, fmt.Sprint("loose ", i), when.Add(time.Duration(10+i)*time.Hour),
			fmt.Sprintf("reviews/2026/l%02d.toml", i), fmt.Sprint("l = ", i, "\n"))
	}

	// Where every object is before the packing.
	oldPacks, err := r.st.ObjectPacks()
	if err != nil || len(oldPacks) != maxPacks {
		t.Fatalf("setup: packs %v, %v", oldPacks, err)
	}
	contents := map[plumbing.Hash]map[plumbing.Hash]bool{}
	all := map[plumbing.Hash]bool{}
	for _, p := range oldPacks {
		hs, err := r.packHashes(p)
		if err != nil {
			t.Fatal(err)
		}
		contents[p] = map[plumbing.Hash]bool{}
		for _, h := range hs {
			contents[p][h] = true
			all[h] = true
		}
	}
	loose, _ := r.looseObjects()
	for _, h := range loose {
		all[h] = true
	}

	moments := []objectFiles{readObjectFiles(t, r)}
	gitDir := r.gitDir
	r.testHook = func(stage string) error {
		if stage != "after-object-removal" {
			return nil
		}
		s := readObjectFiles(t, r)
		moments = append(moments, s)
		// Killed now: a repository opened afresh reads every object, and
		// git finds nothing missing.
		st := readStorage(gitDir)
		defer st.Close()
		for h := range all {
			if _, err := st.EncodedObject(plumbing.AnyObject, h); err != nil {
				t.Errorf("moment %d: object %s unreadable afresh: %v", len(moments)-1, h, err)
			}
		}
		if _, err := exec.LookPath("git"); err == nil {
			if out := runGit(t, r.Dir(), "fsck", "--strict", "--no-dangling", "--no-progress"); out != "" {
				t.Errorf("moment %d: git fsck: %s", len(moments)-1, out)
			}
		}
		return nil
	}
	pack()
	r.testHook = nil
	packs, _ := r.st.ObjectPacks()
	if len(packs) != 1 {
		t.Fatalf("packs after merging: got %d, want 1", len(packs))
	}
	newPack := packs[0]
	hs, err := r.packHashes(newPack)
	if err != nil {
		t.Fatal(err)
	}
	contents[newPack] = map[plumbing.Hash]bool{}
	for _, h := range hs {
		contents[newPack][h] = true
	}
	if len(moments) < 2 {
		t.Fatal("the packing removed nothing")
	}
	// The moment the new pack was in place and nothing yet removed: the
	// files before, and those after the first removal.
	first := objectFiles{pack: map[string]bool{}, loose: map[plumbing.Hash]bool{}}
	for _, s := range []objectFiles{moments[0], moments[1]} {
		for name := range s.pack {
			first.pack[name] = true
		}
		for h := range s.loose {
			first.loose[h] = true
		}
	}
	moments = append([]objectFiles{moments[0], first}, moments[1:]...)

	// A look: packs listed at moment a, their indexes read at b, object h
	// read at c.
	look := func(a, b, c int, h plumbing.Hash) bool {
		var index []plumbing.Hash
		for p := range contents {
			if moments[a].has(p, "pack") && moments[a].has(p, "idx") && moments[b].has(p, "idx") {
				index = append(index, p)
			}
		}
		found := false
		for _, p := range index {
			if contents[p][h] {
				found = true
				if !moments[c].has(p, "pack") {
					return false // the worst pack that has it is gone
				}
			}
		}
		return found || moments[c].loose[h]
	}
	// The looks the model allows: a look listed before the new pack was in
	// place has read its indexes by then.
	looks := func(from int, f func(a, b, c int)) {
		for a := from; a < len(moments); a++ {
			for b := a; b < len(moments); b++ {
				if a == 0 && b > 0 {
					break
				}
				for c := b; c < len(moments); c++ {
					f(a, b, c)
				}
			}
		}
	}
	firstMiss := len(moments)
	looks(0, func(a, b, c int) {
		for h := range all {
			if !look(a, b, c, h) && c < firstMiss {
				firstMiss = c
			}
		}
	})
	var twice []string
	looks(firstMiss, func(a, b, c int) {
		for h := range all {
			if !look(a, b, c, h) && len(twice) < 5 {
				twice = append(twice, fmt.Sprintf("listed at %d, indexes read at %d, %s read at %d", a, b, h.String()[:7], c))
			}
		}
	})
	if len(twice) > 0 {
		t.Errorf("a reader that missed at moment %d of %d misses again at its look again: %s", firstMiss, len(moments)-1, strings.Join(twice, "; "))
	}
}
