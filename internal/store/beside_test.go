package store

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestCommitEditBesideBeforeIndex guards against a hand edit hidden from
// status: an editor saves a file that a commit has just written, before
// the commit records the file in the index. The index must not take the
// edited file's stat data for the committed blob, or myos status, myos
// commit and git status all see the edit as clean, and the next write
// that rewrites the file throws it away.
func TestCommitEditBesideBeforeIndex(t *testing.T) {
	for _, inPlace := range []bool{true, false} {
		name := "rename"
		if inPlace {
			name = "in place"
		}
		t.Run(name, func(t *testing.T) {
			r := newRepo(t)
			commit(t, r, "first", t0, "a.toml", "one = 1\n")
			abs := filepath.Join(r.Dir(), "a.toml")
			unlock, err := r.Lock(0)
			if err != nil {
				t.Fatal(err)
			}
			r.testHook = func(stage string) error {
				if stage != "before-index" {
					return nil
				}
				// Same size as what the commit wrote, as a one-character
				// edit would be.
				edit := []byte("one = 3\n")
				if inPlace {
					err = os.WriteFile(abs, edit, 0o644)
				} else {
					tmp := abs + ".swp"
					if err = os.WriteFile(tmp, edit, 0o644); err == nil {
						err = os.Rename(tmp, abs)
					}
				}
				// The index is written a moment later: its time is
				// past the file's, so the entry is not racily clean.
				time.Sleep(20 * time.Millisecond)
				return err
			}
			if _, err := r.Commit(files("a.toml", "one = 2\n"), "second", sigAt(t0.Add(time.Hour))); err != nil {
				t.Fatalf("Commit: %v", err)
			}
			r.testHook = nil
			if err := unlock(); err != nil {
				t.Fatal(err)
			}
			if got := statusString(t, r); got != "modified a.toml" {
				t.Errorf("Status: got %q, want %q", got, "modified a.toml")
			}
			if got := plainStatus(t, r.Dir()); got != "modified a.toml" {
				t.Errorf("Status of a fresh open: got %q, want %q", got, "modified a.toml")
			}
			if _, err := exec.LookPath("git"); err == nil {
				if got := runGit(t, r.Dir(), "status", "--porcelain"); got != " M a.toml\n" {
					t.Errorf("git status --porcelain: got %q, want %q", got, " M a.toml\n")
				}
			}
		})
	}
}
