package store

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// TestCommitRefusesEditBesideBeforeWorktree guards against a write that
// overwrites an editor's save: the caller checked the file, then the
// editor saved it while the commit made its objects. The commit must look
// again just before it writes, and write nothing.
func TestCommitRefusesEditBesideBeforeWorktree(t *testing.T) {
	r := newRepo(t)
	first := commit(t, r, "first", t0, "a.toml", "one = 1\n", "b.toml", "two = 2\n")
	abs := filepath.Join(r.Dir(), "a.toml")
	unlock, err := r.Lock(0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r.testHook = func(stage string) error {
		if stage == "before-worktree" {
			return os.WriteFile(abs, []byte("one = 1 # by hand\n"), 0o644)
		}
		return nil
	}
	beside := map[string]FolderFile{
		"a.toml": {Data: []byte("one = 1\n"), Exists: true},
		"b.toml": {Data: []byte("two = 2\n"), Exists: true},
	}
	_, err = r.CommitWith(files("b.toml", "two = 3\n", "a.toml", "one = 2\n"), "second", sigAt(t0.Add(time.Hour)), CommitOptions{Beside: beside})
	var changed *ChangedBesideError
	if !errors.As(err, &changed) || !errors.Is(err, ErrChangedBeside) || strings.Join(changed.Paths, ",") != "a.toml" {
		t.Fatalf("CommitWith: got %v, want a.toml changed beside", err)
	}
	if got, _ := os.ReadFile(abs); string(got) != "one = 1 # by hand\n" {
		t.Errorf("a.toml: got %q, want the editor's save kept", got)
	}
	if got, _ := os.ReadFile(filepath.Join(r.Dir(), "b.toml")); string(got) != "two = 2\n" {
		t.Errorf("b.toml: got %q, want it unwritten", got)
	}
	if head, err := r.Head(); err != nil || head.Hash != first.Hash {
		t.Errorf("Head: got %s, %v, want %s unchanged", head.Short, err, first.Short)
	}
	if got := statusString(t, r); got != "modified a.toml" {
		t.Errorf("Status: got %q, want %q", got, "modified a.toml")
	}
}
