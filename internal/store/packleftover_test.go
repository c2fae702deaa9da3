package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestFetchOverLeftoverIndex: a sync killed while go-git fetched, after it
// wrote the new pack's index and before it renamed the pack into place,
// leaves the index without its pack. The next sync fetches the same
// objects, so the same pack: go-git keeps the index that is there and
// renames only the pack in beside it. The sync must then find the commit it
// fetched, although it looked at the pack indexes before the fetch, when
// that index had no pack (internal/crashtest found it failing with
// "ahead/behind: unknown revision"), and a leftover index the kill cut
// short must not be kept for the new pack.
func TestFetchOverLeftoverIndex(t *testing.T) {
	for _, tc := range []struct {
		name string
		cut  bool // the kill cut the index short
	}{{"whole index", false}, {"index cut short", true}} {
		t.Run(tc.name, func(t *testing.T) {
			a, url, _ := publish(t, "a.toml", "1\n")
			b := cloneTo(t, url)
			c := commit(t, a, "second", t0.Add(time.Hour), "a.toml", "2\n")
			if err := locked(t, a, func() error { return a.Push(context.Background(), DefaultRemote, headOf(t, b), nil) }); err != nil {
				t.Fatal(err)
			}
			head := headOf(t, b)
			tracking := filepath.Join(b.gitDir, "refs", "remotes", "origin", "main")
			oldTracking, err := os.ReadFile(tracking)
			if err != nil {
				t.Fatal(err)
			}
			packDir := filepath.Join(b.gitDir, "objects", "pack")
			had := map[string]bool{}
			entries, _ := os.ReadDir(packDir)
			for _, e := range entries {
				had[e.Name()] = true
			}

			// The fetch the kill cut off: its pack goes away again, and the
			// tracking ref back to where it was.
			if err := locked(t, b, func() error { _, err := b.Fetch(context.Background(), DefaultRemote, nil); return err }); err != nil {
				t.Fatal(err)
			}
			b.Close()
			newPack := ""
			entries, _ = os.ReadDir(packDir)
			for _, e := range entries {
				if !had[e.Name()] && strings.HasSuffix(e.Name(), ".pack") {
					newPack = filepath.Join(packDir, e.Name())
				}
			}
			if newPack == "" {
				t.Fatal("setup: the fetch wrote no pack")
			}
			if err := os.Remove(newPack); err != nil {
				t.Fatal(err)
			}
			if tc.cut {
				if err := os.Truncate(strings.TrimSuffix(newPack, ".pack")+".idx", 600); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(tracking, oldTracking, 0o644); err != nil {
				t.Fatal(err)
			}

			// The next sync: it asks for an object (the check before a
			// write does) before it fetches the same pack again.
			b, err = Open(b.Dir())
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			var got string
			err = locked(t, b, func() error {
				b.mu.Lock()
				if !b.hasObject(plumbing.NewHash(head)) {
					t.Errorf("hasObject(HEAD) = false")
				}
				b.mu.Unlock()
				var err error
				got, err = b.Fetch(context.Background(), DefaultRemote, nil)
				return err
			})
			if err != nil || got != c.Hash {
				t.Fatalf("fetch: got %s, %v; want %s", got, err, c.Hash)
			}
			if _, err := os.Stat(newPack); err != nil {
				t.Fatalf("setup: the fetch did not make the same pack again: %v", err)
			}
			if ahead, behind, err := b.AheadBehind(head, got); err != nil || ahead != 0 || behind != 1 {
				t.Errorf("AheadBehind(HEAD, fetched): got %d, %d, %v; want 0, 1", ahead, behind, err)
			}
			fsck(t, b.Dir())
		})
	}
}
