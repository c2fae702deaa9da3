package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests hold the store to what the real git command expects of a
// repository. They are skipped only when there is no git binary.

func gitFsck(t *testing.T, dir string) {
	t.Helper()
	if out := runGit(t, dir, "fsck", "--strict", "--no-dangling", "--no-progress"); out != "" {
		t.Errorf("git fsck --strict: got %q, want no output", out)
	}
}

func TestGitReadsWhatStoreWrites(t *testing.T) {
	gitBinary(t)
	r, ids := history(t)
	for i := 0; i < 12; i++ {
		commit(t, r, fmt.Sprintf("review %d", i), t0.Add(time.Duration(10+i)*time.Hour),
			fmt.Sprintf("reviews/2026/2026-02-%02d.toml", i+1), fmt.Sprintf("day = %d\n", i),
			"os.toml", fmt.Sprintf("name = \"OS %d\"\n", i))
	}
	commit(t, r, "drop a year", t0.Add(30*time.Hour), "reviews/2026/01.toml", "-", "reviews/2026/02.toml", "-")
	dir := r.Dir()

	gitFsck(t, dir)
	if out := runGit(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status --porcelain: got %q, want clean", out)
	}
	oneline := runGit(t, dir, "log", "--oneline", "--first-parent")
	lines := strings.Split(strings.TrimSpace(oneline), "\n")
	if len(lines) != 6+12+1 {
		t.Errorf("git log --oneline --first-parent: got %d lines, want 19:\n%s", len(lines), oneline)
	}
	head, _ := r.Head()
	if want := head.Short + " drop a year"; lines[0] != want {
		t.Errorf("git log first line: got %q, want %q", lines[0], want)
	}
	if got := strings.TrimSpace(runGit(t, dir, "rev-parse", "HEAD~14^2")); got != ids["side"] {
		t.Errorf("git rev-parse HEAD~14^2: got %s, want the side commit %s", got, ids["side"])
	}
	if got := runGit(t, dir, "show", "-s", "--format=%an <%ae> %at", "HEAD"); got != fmt.Sprintf("Test Person <test@example.com> %d\n", t0.Add(30*time.Hour).Unix()) {
		t.Errorf("git show author: got %q", got)
	}

	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, filepath.Dir(clone), "clone", "--quiet", dir, clone)
	gitFsck(t, clone)
	for _, p := range []string{"os.toml", "b.toml", "reviews/2026/2026-02-12.toml"} {
		want, _ := os.ReadFile(filepath.Join(dir, p))
		got, err := os.ReadFile(filepath.Join(clone, p))
		if err != nil || string(got) != string(want) {
			t.Errorf("clone %s: got %q, %v, want %q", p, got, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(clone, "reviews/2026/01.toml")); !os.IsNotExist(err) {
		t.Errorf("clone has a deleted file: %v", err)
	}
	// The store opens a clone made by git.
	cr, err := Open(clone)
	if err != nil {
		t.Fatalf("Open clone: %v", err)
	}
	if got := statusString(t, cr); got != "" {
		t.Errorf("Status of the clone: got %q, want clean", got)
	}
	if got, err := cr.Log(LogOptions{Path: "a.toml"}); err != nil || messages(got) != "five,merge,one" {
		t.Errorf("Log of the clone: got %q, %v", messages(got), err)
	}
}

func TestMaintain(t *testing.T) {
	gitBinary(t)
	defer func(n int) { maxPacks = n }(maxPacks)
	maxPacks = 3
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
			_, err := r.Commit(files(fmt.Sprintf("reviews/2026/%03d.toml", n), fmt.Sprintf("n = %d\n", n), "os.toml", fmt.Sprintf("v = %d\n", n)), fmt.Sprintf("c%d", n), sigAt(t0.Add(time.Duration(n)*time.Hour)))
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	step(30)
	if err := r.Maintain(); err != nil {
		t.Fatalf("Maintain: %v", err)
	}
	if loose, _ := r.looseObjects(); len(loose) == 0 {
		t.Errorf("Maintain below the limit: got every object packed, want them left loose")
	}
	for round := 1; round <= 4; round++ {
		r.mu.Lock()
		err := r.maintain(0)
		r.mu.Unlock()
		if err != nil {
			t.Fatalf("maintain round %d: %v", round, err)
		}
		loose, _ := r.looseObjects()
		if len(loose) != 0 {
			t.Errorf("round %d: loose objects: got %d, want 0", round, len(loose))
		}
		packs, _ := filepath.Glob(filepath.Join(r.Dir(), ".git/objects/pack/pack-*.idx"))
		if len(packs) == 0 || len(packs) > maxPacks {
			t.Errorf("round %d: packs: got %d, want 1 to %d", round, len(packs), maxPacks)
		}
		gitFsck(t, r.Dir())
		if out := runGit(t, r.Dir(), "status", "--porcelain"); out != "" {
			t.Errorf("round %d: git status --porcelain: got %q, want clean", round, out)
		}
		if out := runGit(t, r.Dir(), "count-objects", "-v"); !strings.Contains(out, "count: 0\n") {
			t.Errorf("round %d: git count-objects: got %q, want no loose objects", round, out)
		}
		step(5)
	}
	log, err := r.Log(LogOptions{Path: "reviews/2026/001.toml"})
	if err != nil || len(log) != 1 {
		t.Errorf("Log after maintenance: got %d commits, %v, want 1", len(log), err)
	}
	if data, err := r.ReadFile("HEAD~40", "os.toml"); err != nil || string(data) != "v = 10\n" {
		t.Errorf("ReadFile after maintenance: got %q, %v", data, err)
	}
	// Another Repo opened before maintenance still reads packed objects.
	other, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	step(1)
	r.mu.Lock()
	err = r.maintain(0)
	r.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := other.Log(LogOptions{}); err != nil || len(got) != n {
		t.Errorf("Log from a Repo opened earlier: got %d, %v, want %d", len(got), err, n)
	}
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, filepath.Dir(clone), "clone", "--quiet", r.Dir(), clone)
	gitFsck(t, clone)
	if got := strings.Count(runGit(t, clone, "log", "--oneline"), "\n"); got != n {
		t.Errorf("git log in clone: got %d commits, want %d", got, n)
	}
}

// TestStoreAfterGit covers a person who also uses git by hand: git's own
// commits and index (with its cached-tree extension) must not confuse the
// store, and the store's commits must leave git clean.
func TestStoreAfterGit(t *testing.T) {
	gitBinary(t)
	r := newRepo(t)
	commit(t, r, "first", t0, "os.toml", "a\n", "run.sh", "#!/bin/sh\n", "reviews/2026/x.toml", "x\n")
	dir := r.Dir()
	if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "add", "notes.md")
	runGit(t, dir, "update-index", "--chmod=+x", "run.sh")
	if err := os.Chmod(filepath.Join(dir, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "commit", "--quiet", "-m", "by git")
	runGit(t, dir, "status") // lets git refresh and rewrite the index

	r2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := statusString(t, r2); got != "" {
		t.Errorf("Status after git commit: got %q, want clean", got)
	}
	if head, _ := r2.Head(); head.Message != "by git" {
		t.Errorf("Head: got %q, want git's commit", head.Message)
	}
	commit(t, r2, "store after git", t0.Add(time.Hour), "run.sh", "#!/bin/sh\necho hi\n", "reviews/2026/y.toml", "y\n")
	gitFsck(t, dir)
	if out := runGit(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status --porcelain: got %q, want clean", out)
	}
	if out := runGit(t, dir, "ls-tree", "HEAD", "run.sh"); !strings.HasPrefix(out, "100755 ") {
		t.Errorf("git ls-tree run.sh: got %q, want the executable mode kept", out)
	}
	if fi, err := os.Stat(filepath.Join(dir, "run.sh")); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("run.sh: got %v, %v, want it executable", fi.Mode(), err)
	}
	// git's next commit builds its tree from the index: it must include the
	// store's commit and nothing stale.
	if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("again\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "commit", "--quiet", "-am", "git again")
	if out := runGit(t, dir, "diff", "--stat", "HEAD~1", "HEAD"); !strings.Contains(out, "notes.md") || strings.Contains(out, "reviews") || strings.Contains(out, "run.sh") {
		t.Errorf("git diff of git's commit: got %q, want only notes.md", out)
	}
	gitFsck(t, dir)
}

func TestMaintainOverLimit(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "os.toml", "x\n")
	r.mu.Lock()
	w := &objectWriter{r: r}
	for i := 0; i < 2*LooseObjectLimit; i++ {
		if _, err := w.putBlob([]byte(fmt.Sprintf("blob %d\n", i))); err != nil {
			r.mu.Unlock()
			t.Fatal(err)
		}
	}
	r.mu.Unlock()
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if err := r.Maintain(); err != nil {
		t.Fatalf("Maintain: %v", err)
	}
	if loose, _ := r.looseObjects(); len(loose) != 0 {
		t.Errorf("loose objects after Maintain: got %d, want 0", len(loose))
	}
	if data, err := r.ReadFile("HEAD", "os.toml"); err != nil || string(data) != "x\n" {
		t.Errorf("ReadFile after Maintain: got %q, %v", data, err)
	}
	if _, err := exec.LookPath("git"); err == nil {
		gitFsck(t, r.Dir())
	}
}
