package store

import (
	"context"
	"crypto/sha1"
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
			newPack, _ := dropNewPack(t, packDir, had, tc.cut)
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

// TestPushOverLeftoverIndex is TestFetchOverLeftoverIndex on the other
// side: a push killed after go-git's server wrote the new pack's index in
// the remote and before it renamed the pack in leaves the index there.
// The same push again sends the same pack; the remote must not keep the
// leftover index beside it once that index is too old to belong to a push
// still arriving.
func TestPushOverLeftoverIndex(t *testing.T) {
	for _, tc := range []struct {
		name string
		cut  bool // the kill cut the index short
	}{{"whole index", false}, {"index cut short", true}} {
		t.Run(tc.name, func(t *testing.T) {
			a, url, dir := publish(t, "a.toml", "1\n")
			base := headOf(t, a)
			c := commit(t, a, "second", t0.Add(time.Hour), "a.toml", "2\n")
			refPath := filepath.Join(dir, "refs", "heads", "main")
			oldRef, err := os.ReadFile(refPath)
			if err != nil {
				t.Fatal(err)
			}
			packDir := filepath.Join(dir, "objects", "pack")
			had := map[string]bool{}
			entries, _ := os.ReadDir(packDir)
			for _, e := range entries {
				had[e.Name()] = true
			}
			push := func() {
				t.Helper()
				if err := locked(t, a, func() error { return a.Push(context.Background(), DefaultRemote, base, nil) }); err != nil {
					t.Fatal(err)
				}
			}

			// The push the kill cut off: its pack goes away, the index
			// stays (cut short, perhaps), and the ref did not move.
			push()
			newPack, idx := dropNewPack(t, packDir, had, tc.cut)
			old := time.Now().Add(-2 * orphanIndexAge)
			if err := os.Chtimes(idx, old, old); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(refPath, oldRef, 0o644); err != nil {
				t.Fatal(err)
			}

			push()
			if _, err := os.Stat(newPack); err != nil {
				t.Fatalf("setup: the push did not send the same pack again: %v", err)
			}
			if got := remoteHead(t, dir); got != c.Hash {
				t.Fatalf("remote at %s, want %s", got, c.Hash)
			}
			fsck(t, dir)
			b := cloneTo(t, url)
			if got := headOf(t, b); got != c.Hash {
				t.Errorf("a clone of the remote is at %s, want %s", got, c.Hash)
			}
			fsck(t, b.Dir())
		})
	}
}

// TestRemoveOrphanIndexes: under the lock, an index without its pack
// goes; in a remote, only one that is old and not whole (a kill cut it
// short), never a young one (a push arriving) or a whole one (its pack may
// be on its way); one with its pack stays either way.
func TestRemoveOrphanIndexes(t *testing.T) {
	whole := append(append([]byte(nil), idxMagic...), make([]byte, idxFanoutLen+20)...)
	sum := sha1.Sum(whole)
	whole = append(whole, sum[:]...)
	if !packIndexWhole(writeTemp(t, whole)) {
		t.Fatal("setup: the whole index is not taken as whole")
	}
	for _, tc := range []struct {
		name   string
		remote bool
		left   []string
	}{
		{"under the lock", false, []string{"pack-c.idx", "pack-c.pack", "tmp_idx_x"}},
		{"in a remote", true, []string{"pack-b.idx", "pack-c.idx", "pack-c.pack", "pack-d.idx", "tmp_idx_x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			old := time.Now().Add(-2 * orphanIndexAge)
			for _, f := range []struct {
				name string
				old  bool
				data []byte
			}{
				{"pack-a.idx", true, whole[:600]}, // cut short
				{"pack-b.idx", false, whole[:600]},
				{"pack-c.idx", true, whole[:600]},
				{"pack-c.pack", true, []byte("PACK")},
				{"pack-d.idx", true, whole},
				{"tmp_idx_x", true, whole[:600]},
			} {
				p := filepath.Join(dir, f.name)
				if err := os.WriteFile(p, f.data, 0o444); err != nil {
					t.Fatal(err)
				}
				if f.old {
					if err := os.Chtimes(p, old, old); err != nil {
						t.Fatal(err)
					}
				}
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tc.remote {
				removeBrokenOrphanIndexes(dir, entries, time.Now().Add(-orphanIndexAge))
			} else {
				removeOrphanIndexes(dir, entries)
			}
			entries, _ = os.ReadDir(dir)
			var left []string
			for _, e := range entries {
				left = append(left, e.Name())
			}
			if strings.Join(left, " ") != strings.Join(tc.left, " ") {
				t.Errorf("left %v, want %v", left, tc.left)
			}
		})
	}
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pack-x.idx")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRemoteWithPackWithoutIndex: a remote where a killed git left a pack
// without its index still serves fetches and takes pushes.
func TestRemoteWithPackWithoutIndex(t *testing.T) {
	a, url, dir := publish(t, "a.toml", "1\n")
	orphan := filepath.Join(dir, "objects", "pack", "pack-"+strings.Repeat("ab", 20)+".pack")
	if err := os.WriteFile(orphan, []byte("PACK\x00\x00\x00\x02"), 0o444); err != nil {
		t.Fatal(err)
	}
	b := cloneTo(t, url)
	if got, want := headOf(t, b), headOf(t, a); got != want {
		t.Fatalf("clone at %s, want %s", got, want)
	}
	base := headOf(t, a)
	c := commit(t, a, "second", t0.Add(time.Hour), "a.toml", "2\n")
	if err := locked(t, a, func() error { return a.Push(context.Background(), DefaultRemote, base, nil) }); err != nil {
		t.Fatalf("push: %v", err)
	}
	if got := remoteHead(t, dir); got != c.Hash {
		t.Errorf("remote at %s, want %s", got, c.Hash)
	}
	var got string
	if err := locked(t, b, func() error {
		var err error
		got, err = b.Fetch(context.Background(), DefaultRemote, nil)
		return err
	}); err != nil || got != c.Hash {
		t.Errorf("fetch: got %s, %v; want %s", got, err, c.Hash)
	}
}
