package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestLeftoverRefLocks guards against lock files a killed git or myos left
// beside refs: go-git read refs/heads/main.lock as a branch "main.lock",
// and failed every listing of refs on an empty one. git ignores them, and
// so must every command: status, log, resolve, fetch, push and the
// comparison with the remote.
func TestLeftoverRefLocks(t *testing.T) {
	for _, content := range []string{"", "old", "garbage"} {
		t.Run("lock holding "+content, func(t *testing.T) {
			a, _, remoteDir := publish(t, "a.toml", "1\n")
			old := headOf(t, a)
			commit(t, a, "second", t0.Add(time.Hour), "a.toml", "2\n")
			data := map[string]string{"": "", "old": old + "\n", "garbage": "not a ref\n"}[content]
			gitDir := filepath.Join(a.Dir(), ".git")
			for _, p := range []string{"refs/heads/main.lock", "refs/heads/stale.lock", "refs/remotes/origin/main.lock", "refs/remotes/origin/other.lock"} {
				abs := filepath.Join(gitDir, filepath.FromSlash(p))
				if err := os.WriteFile(abs, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
				// Old enough to be stale, and kept: nothing here may
				// need them gone.
				then := time.Now().Add(-time.Hour)
				os.Chtimes(abs, then, then)
			}
			// The remote has one too, as a push killed there leaves.
			if err := os.WriteFile(filepath.Join(remoteDir, "refs", "heads", "other.lock"), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}

			if refs, err := a.st.IterReferences(); err != nil {
				t.Errorf("IterReferences: %v", err)
			} else {
				refs.ForEach(func(ref *plumbing.Reference) error {
					if strings.HasSuffix(ref.Name().String(), ".lock") {
						t.Errorf("IterReferences lists %s", ref.Name())
					}
					return nil
				})
			}
			if _, err := a.Resolve("main.lock"); !errors.Is(err, ErrUnknownRevision) {
				t.Errorf("Resolve main.lock: got %v, want ErrUnknownRevision", err)
			}
			if _, err := a.Resolve("refs/heads/stale.lock"); !errors.Is(err, ErrUnknownRevision) {
				t.Errorf("Resolve refs/heads/stale.lock: got %v, want ErrUnknownRevision", err)
			}
			assertClean(t, a)
			if got, err := a.Log(LogOptions{}); err != nil || messages(got) != "second,first" {
				t.Errorf("Log: got %q, %v", messages(got), err)
			}
			if ahead, behind, err := a.AheadBehind("HEAD", "origin/main"); err != nil || ahead != 1 || behind != 0 {
				t.Errorf("AheadBehind before the push: got %d, %d, %v; want 1, 0", ahead, behind, err)
			}
			if gitAvailable() {
				if out := runGit(t, a.Dir(), "for-each-ref", "--format=%(refname)"); strings.Contains(out, ".lock") {
					t.Errorf("git for-each-ref lists a lock file:\n%s", out)
				}
			}
			// A ref's own lock stops its moves until Repair removes it, as
			// it stops git's; another ref's lock stops nothing.
			for _, p := range []string{"refs/heads/main.lock", "refs/heads/stale.lock", "refs/remotes/origin/main.lock"} {
				if err := os.Remove(filepath.Join(gitDir, filepath.FromSlash(p))); err != nil {
					t.Fatal(err)
				}
			}
			err := locked(t, a, func() error {
				if _, err := a.Fetch(context.Background(), DefaultRemote, nil); err != nil {
					return err
				}
				return a.Push(context.Background(), DefaultRemote, old, nil)
			})
			if err != nil {
				t.Fatalf("fetch and push: %v", err)
			}
			if got, want := remoteHead(t, remoteDir), headOf(t, a); got != want {
				t.Errorf("remote main after push: got %s, want %s", got, want)
			}
			if ahead, behind, err := a.AheadBehind("HEAD", "origin/main"); err != nil || ahead != 0 || behind != 0 {
				t.Errorf("AheadBehind after the push: got %d, %d, %v; want 0, 0", ahead, behind, err)
			}
			b := cloneTo(t, "file://"+remoteDir)
			if got, want := headOf(t, b), headOf(t, a); got != want {
				t.Errorf("clone HEAD: got %s, want %s", got, want)
			}
		})
	}
}
