package store

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/myos-dev/myos/internal/cache"
)

// TestWalkCacheChangesNoAnswer compares Log and FileHash through the walk
// cache with the walk of trees, on a history with merges, files added,
// changed, removed and back, across a cold cache, a warm one, new commits,
// HEAD moved back and a damaged cache file.
func TestWalkCacheChangesNoAnswer(t *testing.T) {
	r, _ := history(t)
	for i := 0; i < 80; i++ {
		pairs := []string{fmt.Sprintf("reviews/2026/%03d.toml", i), fmt.Sprintf("n = %d\n", i)}
		switch {
		case i%10 == 3:
			pairs = append(pairs, "routines.toml", fmt.Sprintf("# version %d\n", i))
		case i == 41:
			pairs = append(pairs, "routines.toml", "-")
		case i == 55:
			pairs = append(pairs, "calendar.toml", "blocks\n")
		}
		commit(t, r, fmt.Sprintf("commit %d", i), t0.Add(time.Duration(10+i)*time.Hour), pairs...)
	}
	cacheHome := t.TempDir()
	env := func(k string) string {
		if k == "XDG_CACHE_HOME" {
			return cacheHome
		}
		return ""
	}
	plain, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	head, err := plain.Head()
	if err != nil {
		t.Fatal(err)
	}
	queries := []LogOptions{
		{Path: "routines.toml"}, {Path: "a.toml"}, {Path: "b.toml"}, {Path: "calendar.toml"},
		{Path: "reviews"}, {Path: "nothing.toml"}, {Path: "routines.toml", Max: 3},
		{Path: "routines.toml", Since: t0.Add(40 * time.Hour)},
		{Path: "reviews", Until: t0.Add(30 * time.Hour), Max: 5},
		{Path: "a.toml", From: "HEAD~20"},
	}
	check := func(step string) {
		t.Helper()
		want, err := Open(r.Dir())
		if err != nil {
			t.Fatal(err)
		}
		got, err := Open(r.Dir())
		if err != nil {
			t.Fatal(err)
		}
		got.SetCache(cache.New(env, r.Dir()))
		for _, q := range queries {
			w, werr := want.Log(q)
			g, gerr := got.Log(q)
			if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(g, w) {
				t.Errorf("%s: Log(%+v): got %d commits, %v; want %d, %v", step, q, len(g), gerr, len(w), werr)
			}
		}
		cs, err := want.Log(LogOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			for _, p := range []string{"routines.toml", "a.toml", "reviews", "calendar.toml", "reviews/2026/001.toml"} {
				w, werr := want.FileHash(c.Hash, p)
				g, gerr := got.FileHash(c.Hash, p)
				if g != w || (werr == nil) != (gerr == nil) {
					t.Errorf("%s: FileHash(%s, %s): got %q, %v; want %q, %v", step, c.Short, p, g, gerr, w, werr)
				}
			}
		}
	}
	check("cold cache")
	check("warm cache")
	for i := 80; i < 83; i++ {
		commit(t, r, fmt.Sprintf("commit %d", i), t0.Add(time.Duration(10+i)*time.Hour), "routines.toml", fmt.Sprintf("# again %d\n", i))
	}
	check("new commits")
	back, err := r.Resolve("HEAD~30")
	if err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(r.Dir(), ".git", "refs", "heads", "main")
	if err := os.WriteFile(ref, []byte(back+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("HEAD moved back")
	os.WriteFile(ref, []byte(head.Hash+"\n"), 0o644)
	check("HEAD forward again")
	c := cache.New(env, r.Dir())
	b, ok := c.Get(walkCacheName, walkCacheVersion)
	if !ok {
		t.Fatalf("no walk cache was written")
	}
	if _, err := decodeWalk(b); err != nil {
		t.Errorf("the walk cache written does not read back: %v", err)
	}
	// Every cut is refused, and no flipped byte makes it panic.
	for i := range b {
		if _, err := decodeWalk(b[:i]); err == nil {
			t.Errorf("cut at %d of %d: got no error", i, len(b))
		}
		flipped := append([]byte{}, b...)
		flipped[i] ^= 0xff
		decodeWalk(flipped)
	}
	for _, bad := range [][]byte{b[:len(b)/2], append(append([]byte{}, b...), 7), nil} {
		c.Put(walkCacheName, walkCacheVersion, bad)
		check("damaged cache")
	}
}

func TestDecodeWalkRefusesOtherChains(t *testing.T) {
	h := func(n byte) string { return plumbing.Hash{n}.String() }
	w := &walk{commits: []walkCommit{
		{info: CommitInfo{Hash: h(1), Parents: []string{h(3)}}},
		{info: CommitInfo{Hash: h(2)}},
	}}
	if _, err := decodeWalk(encodeWalk(w)); err == nil {
		t.Errorf("a chain whose first parent is not the next commit: got no error")
	}
	w.commits[0].info.Parents = []string{h(2)}
	w.commits[1].info.Parents = []string{h(9)}
	if _, err := decodeWalk(encodeWalk(w)); err == nil {
		t.Errorf("a chain that ends at a commit with a parent: got no error")
	}
	w.commits[1].info.Parents = nil
	if _, err := decodeWalk(encodeWalk(w)); err != nil {
		t.Errorf("a whole chain: %v", err)
	}
}
