package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/cache"
)

// TestGlanceFindsWhatTheWalkFinds checks the write gate with the listing
// of HEAD's tree at hand against the gate reading every tree: the same
// verdict on a whole repository, with a folder of files missing, and with
// a folder of folders missing.
func TestGlanceFindsWhatTheWalkFinds(t *testing.T) {
	for _, lose := range []string{"", "reviews/2026", "reviews"} {
		r := newRepo(t)
		var pairs []string
		for i := 0; i < 6; i++ {
			pairs = append(pairs, fmt.Sprintf("reviews/%d/%02d.toml", 2025+i%2, i), "x\n")
		}
		commit(t, r, "first", t0, append(pairs, "os.toml", "a\n")...)
		c := testCache(t, r)
		if _, err := r.Status(); err != nil { // lists HEAD's tree into the cache
			t.Fatal(err)
		}
		if _, ok := c.Get(treeCacheName, treeCacheVersion); !ok {
			t.Fatalf("no listing in the cache")
		}
		if lose != "" {
			id := treeID(t, r, lose)
			if err := os.Remove(filepath.Join(r.Dir(), ".git", "objects", id[:2], id[2:])); err != nil {
				t.Fatal(err)
			}
		}
		verdict := func(c *cache.Cache) string {
			o, err := Open(r.Dir())
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			o.SetCache(c)
			if c != nil {
				o.mu.Lock()
				k := o.knownHead()
				o.mu.Unlock()
				if k == nil || !k.withDirs["reviews"] || k.withDirs["reviews/2026"] || !k.withFile["reviews/2026"] {
					t.Fatalf("lose %q: the shape of HEAD's tree: got %+v", lose, k)
				}
			}
			unlock, err := o.Lock(time.Second)
			if err != nil {
				return err.Error()
			}
			unlock()
			return "writable"
		}
		want, got := verdict(nil), verdict(c)
		if got != want {
			t.Errorf("lose %q: the gate with the listing: got %q, want %q", lose, got, want)
		}
		if lose != "" && got == "writable" {
			t.Errorf("lose %q: the gate let a write through", lose)
		}
	}
}

// treeID is the id of the tree of folder p at HEAD.
func treeID(t *testing.T, r *Repo, p string) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	head, err := r.headHash()
	if err != nil {
		t.Fatal(err)
	}
	tree, err := r.commitTree(head)
	if err != nil {
		t.Fatal(err)
	}
	e, found, err := r.lookup(tree, p)
	if err != nil || !found {
		t.Fatalf("lookup %s: %v %v", p, found, err)
	}
	return e.Hash.String()
}
