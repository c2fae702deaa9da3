package store

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

var errCrash = errors.New("simulated crash")

// crashCommit commits with the process "dying" at stage: the commit stops
// there and the lock file stays behind, as if its holder had been killed.
// The holder's token is forgotten so that the lock reads as left by an
// earlier process with this pid.
func crashCommit(t *testing.T, r *Repo, stage string, pairs ...string) {
	t.Helper()
	if _, err := r.Lock(0); err != nil {
		t.Fatal(err)
	}
	r.testHook = func(s string) error {
		if s == stage {
			return errCrash
		}
		return nil
	}
	_, err := r.Commit(files(pairs...), "crashing", testSig)
	if !errors.Is(err, errCrash) {
		t.Fatalf("Commit: got %v, want the simulated crash", err)
	}
	heldTokens.Delete(r.lockToken)
}

// gitStatusClean checks with real git, when there is one, that git sees the
// work tree as clean.
func gitStatusClean(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return
	}
	if out := runGit(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status --porcelain: got %q, want clean", out)
	}
}

func TestCrashAfterCommitBeforeIndex(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "1\n", "b.toml", "1\n")
	crashCommit(t, r, "before-index", "a.toml", "2\n", "c.toml", "new\n", "b.toml", "-")

	pending := filepath.Join(r.Dir(), ".git", pendingFile)
	if _, err := os.Stat(pending); err != nil {
		t.Fatalf("pending marker after the crash: %v", err)
	}
	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got := r2.Repaired(); len(got) != 1 || !strings.Contains(got[0], "interrupted commit") {
		t.Errorf("Repaired: got %q, want the interrupted commit repaired", got)
	}
	head, err := r2.Head()
	if err != nil || head.Message != "crashing" {
		t.Errorf("Head: got %q, %v, want the crashed commit in place", head.Message, err)
	}
	if got := statusString(t, r2); got != "" {
		t.Errorf("Status: got %q, want clean", got)
	}
	if _, err := os.Stat(pending); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pending marker after repair: got %v, want it removed", err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir(), ".git", LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale lock after repair: got %v, want it removed", err)
	}
	idx, _, _, err := r2.readIndex()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range idx.Entries {
		names = append(names, e.Name)
		if e.Size == 0 || e.ModifiedAt.IsZero() {
			t.Errorf("index entry %s: got no stat data, want it refreshed", e.Name)
		}
	}
	if got := strings.Join(names, ","); got != "a.toml,c.toml" {
		t.Errorf("index entries: got %s, want a.toml,c.toml", got)
	}
	gitStatusClean(t, r.Dir())
	if again, _ := Open(r.Dir()); len(again.Repaired()) != 0 {
		t.Errorf("second Open: got %q, want nothing to repair", again.Repaired())
	}
}

func TestCrashBeforeRef(t *testing.T) {
	r := newRepo(t)
	first := commit(t, r, "first", t0, "a.toml", "1\n")
	crashCommit(t, r, "before-ref", "a.toml", "2\n")

	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if len(r2.Repaired()) != 1 {
		t.Errorf("Repaired: got %q, want one repair", r2.Repaired())
	}
	if head, err := r2.Head(); err != nil || head.Hash != first.Hash {
		t.Errorf("Head: got %s, %v, want the first commit still", head.Short, err)
	}
	if got := statusString(t, r2); got != "modified a.toml" {
		t.Errorf("Status: got %q, want the written file as an uncommitted change", got)
	}
	commit(t, r2, "again", t0.Add(time.Hour), "a.toml", "2\n")
	if got := statusString(t, r2); got != "" {
		t.Errorf("Status after committing: got %q, want clean", got)
	}
	gitStatusClean(t, r.Dir())
}

func TestOpenRepairsIndex(t *testing.T) {
	damage := map[string]func(t *testing.T, path string){
		"truncated": func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		},
		"empty": func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"garbage": func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(strings.Repeat("not an index ", 40)), 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"missing": func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			r := newRepo(t)
			commit(t, r, "first", t0, "a.toml", "1\n", "reviews/2026/x.toml", "x\n", "b.toml", "b\n")
			commit(t, r, "second", t0.Add(time.Hour), "a.toml", "2\n")
			// A local edit must survive the rebuild as a modification.
			if err := os.WriteFile(filepath.Join(r.Dir(), "b.toml"), []byte("edited\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			f(t, filepath.Join(r.Dir(), ".git", "index"))

			r2, err := Open(r.Dir())
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got := r2.Repaired(); len(got) != 1 || !strings.Contains(got[0], "rebuilt it from HEAD") {
				t.Errorf("Repaired: got %q, want the index rebuilt", got)
			}
			if got := statusString(t, r2); got != "modified b.toml" {
				t.Errorf("Status: got %q, want modified b.toml", got)
			}
			idx, _, _, err := r2.readIndex()
			if err != nil || len(idx.Entries) != 3 {
				t.Fatalf("index after repair: got %v, %v, want 3 entries", idx, err)
			}
			for _, e := range idx.Entries {
				if stat := !e.ModifiedAt.IsZero(); stat != (e.Name != "b.toml") {
					t.Errorf("index entry %s: stat data recorded = %v, want it only for files matching HEAD", e.Name, stat)
				}
			}
			if _, err := exec.LookPath("git"); err == nil {
				if out := runGit(t, r.Dir(), "status", "--porcelain"); out != " M b.toml\n" {
					t.Errorf("git status --porcelain: got %q, want only b.toml modified", out)
				}
			}
		})
	}
}

// TestStatusWithBrokenIndexWhileLocked guards that Status stays right when
// Open cannot repair because another process holds the lock.
func TestStatusWithBrokenIndexWhileLocked(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "1\n", "b.toml", "b\n")
	if err := os.WriteFile(filepath.Join(r.Dir(), ".git", "index"), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	unlock, err := r.Lock(0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if len(r2.Repaired()) != 0 {
		t.Errorf("Repaired: got %q, want no repair while locked", r2.Repaired())
	}
	if got := statusString(t, r2); got != "" {
		t.Errorf("Status: got %q, want clean", got)
	}
	if err := os.WriteFile(filepath.Join(r.Dir(), "a.toml"), []byte("2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := statusString(t, r2); got != "modified a.toml" {
		t.Errorf("Status: got %q, want modified a.toml", got)
	}
	// A commit under the lock rebuilds the unreadable index.
	if _, err := r.Commit(files("a.toml", "3\n"), "third", testSig); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := r.readIndex(); err != nil {
		t.Errorf("index after commit: %v", err)
	}
	gitStatusClean(t, r.Dir())
}

func TestMoveRef(t *testing.T) {
	r := newRepo(t)
	first := commit(t, r, "first", t0, "a.toml", "1\n")
	second := commit(t, r, "second", t0.Add(time.Hour), "a.toml", "2\n")
	main := plumbing.NewBranchReferenceName(DefaultBranch)
	h1, h2 := plumbing.NewHash(first.Hash), plumbing.NewHash(second.Hash)

	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.moveRef(main, h1, h1); !errors.Is(err, ErrConcurrentUpdate) {
		t.Errorf("moveRef from a stale value: got %v, want ErrConcurrentUpdate", err)
	}
	if head, _ := r.headHash(); head != h2 {
		t.Errorf("branch after a refused move: got %s, want it unchanged", head)
	}
	lock := filepath.Join(r.Dir(), ".git", "refs", "heads", "main.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.moveRef(main, h2, h1); err == nil || !strings.Contains(err.Error(), "main.lock exists") {
		t.Errorf("moveRef with git's ref lock present: got %v, want it named", err)
	}
	os.Remove(lock)
	if err := r.moveRef(main, h2, h1); err != nil {
		t.Errorf("moveRef: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir(), ".git", "refs", "heads", "main"))
	if err != nil || string(data) != first.Hash+"\n" {
		t.Errorf("ref file: got %q, %v, want %s", data, err, first.Hash)
	}
	if leftovers, _ := filepath.Glob(lock + "*"); len(leftovers) != 0 {
		t.Errorf("lock files left: %v", leftovers)
	}
}
