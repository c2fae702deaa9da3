package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// renew gives the file at abs a new inode with the same content and
// modification time, as cp -a or a restore from a backup does.
func renew(t *testing.T, abs string) {
	t.Helper()
	fi, err := os.Stat(abs)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	tmp := abs + ".copy"
	if err := os.WriteFile(tmp, data, fi.Mode()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		t.Fatal(err)
	}
}

// staleRepo is a repository of n committed records whose files all got
// new inodes afterwards, and one edited record (rec-000).
func staleRepo(t *testing.T, n int) *Repo {
	t.Helper()
	r := newRepo(t)
	var pairs []string
	for i := range n {
		pairs = append(pairs, fmt.Sprintf("reviews/2026/rec-%03d.toml", i), fmt.Sprintf("n = %d\n", i))
	}
	commit(t, r, "records", t0, pairs...)
	// Past the racy window of the index just written.
	old := time.Now().Add(-time.Hour)
	for i := range n {
		abs := filepath.Join(r.Dir(), "reviews", "2026", fmt.Sprintf("rec-%03d.toml", i))
		if err := os.Chtimes(abs, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(filepath.Join(r.Dir(), ".git", "index"), time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestStaleStatRepaired: files with new inodes and the same content are
// read by every status, counted, reported by Diagnose once there are
// StaleStatMin of them, and repair records their stat data: the next
// status reads none, and an edited file is still an edit.
func TestStaleStatRepaired(t *testing.T) {
	n := StaleStatMin + 20
	r := staleRepo(t, n)
	// The index must first know the files' present stat data.
	if err := r.refreshIndexWith(t); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Status(); err != nil {
		t.Fatal(err)
	}
	if r.lastHashed != 0 {
		t.Fatalf("before the copy, status read %d files, want 0", r.lastHashed)
	}
	for i := range n {
		renew(t, filepath.Join(r.Dir(), "reviews", "2026", fmt.Sprintf("rec-%03d.toml", i)))
	}
	edited := filepath.Join(r.Dir(), "reviews", "2026", "rec-000.toml")
	if err := os.WriteFile(edited, []byte("n = 1000\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	st, err := r.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Path != "reviews/2026/rec-000.toml" || st[0].State != StateModified {
		t.Fatalf("status: %+v, want rec-000 modified", st)
	}
	if got := r.StaleStat(); got != n-1 {
		t.Fatalf("StaleStat = %d, want %d", got, n-1)
	}
	probs, err := Diagnose(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if !hasProblem(probs, ProblemIndexStat) {
		t.Fatalf("Diagnose: %+v, want %s", probs, ProblemIndexStat)
	}

	fixed, remaining, err := Repair(r.Dir(), RepairOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasProblem(fixed, ProblemIndexStat) || hasProblem(remaining, ProblemIndexStat) {
		t.Fatalf("Repair fixed %+v, left %+v", fixed, remaining)
	}

	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	st, err = r2.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Path != "reviews/2026/rec-000.toml" || st[0].State != StateModified {
		t.Fatalf("status after repair: %+v, want rec-000 modified", st)
	}
	if r2.lastHashed != 1 || r2.StaleStat() != 0 {
		t.Fatalf("after repair status read %d files (%d stale), want only the edited one", r2.lastHashed, r2.StaleStat())
	}
	if gitBin, err := exec.LookPath("git"); err == nil {
		out, err := exec.Command(gitBin, "-C", r.Dir(), "status", "--porcelain").CombinedOutput()
		if err != nil || string(out) != " M reviews/2026/rec-000.toml\n" {
			t.Fatalf("git status after repair: %v\n%s", err, out)
		}
	}
}

// TestStaleStatFewNotAProblem: a handful of files read for nothing (a
// file touched without a change) is not worth a repair.
func TestStaleStatFewNotAProblem(t *testing.T) {
	r := staleRepo(t, 5)
	if err := r.refreshIndexWith(t); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		renew(t, filepath.Join(r.Dir(), "reviews", "2026", fmt.Sprintf("rec-%03d.toml", i)))
	}
	if _, err := r.Status(); err != nil {
		t.Fatal(err)
	}
	if got := r.StaleStat(); got != 5 {
		t.Fatalf("StaleStat = %d, want 5", got)
	}
	probs, err := Diagnose(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if hasProblem(probs, ProblemIndexStat) {
		t.Fatalf("Diagnose: %+v, want no %s below %d files", probs, ProblemIndexStat, StaleStatMin)
	}
}

// refreshIndexWith records the files' present stat data, under the lock.
func (r *Repo) refreshIndexWith(t *testing.T) error {
	t.Helper()
	unlock, err := r.Lock(5 * time.Second)
	if err != nil {
		return err
	}
	defer unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err = r.refreshIndexStat()
	return err
}

func hasProblem(ps []Problem, code string) bool {
	for _, p := range ps {
		if p.Code == code {
			return true
		}
	}
	return false
}

// TestStaleStatKeepsGitsChange: an entry a git command changes while
// repair reads the files (a git add of an edited file, here) keeps what
// git wrote; the others get their stat data (found by a cold review).
func TestStaleStatKeepsGitsChange(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("needs git to change the index behind myos's back")
	}
	n := 20
	r := staleRepo(t, n)
	if err := r.refreshIndexWith(t); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		renew(t, filepath.Join(r.Dir(), "reviews", "2026", fmt.Sprintf("rec-%03d.toml", i)))
	}
	staged := filepath.Join(r.Dir(), "reviews", "2026", "rec-003.toml")
	r.testHook = func(stage string) error {
		if stage != "refresh-index" {
			return nil
		}
		if err := os.WriteFile(staged, []byte("n = 3000\n"), 0o644); err != nil {
			return err
		}
		out, err := exec.Command(gitBin, "-C", r.Dir(), "add", "reviews/2026/rec-003.toml").CombinedOutput()
		if err != nil {
			return fmt.Errorf("git add: %v\n%s", err, out)
		}
		return nil
	}
	got := 0
	func() {
		unlock, err := r.Lock(5 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
		r.mu.Lock()
		defer r.mu.Unlock()
		got, err = r.refreshIndexStat()
		if err != nil {
			t.Fatal(err)
		}
	}()
	r.testHook = nil
	if got != n-1 {
		t.Errorf("refreshed %d entries, want %d (all but the one git staged)", got, n-1)
	}
	out, err := exec.Command(gitBin, "-C", r.Dir(), "diff", "--cached", "--name-only").CombinedOutput()
	if err != nil || string(out) != "reviews/2026/rec-003.toml\n" {
		t.Fatalf("git diff --cached after repair: %v\n%q, want the staged file", err, out)
	}
}

// TestStaleStatWaitsForGitLock: a git status an editor runs holds
// index.lock for a moment; recording stat data waits for it, as a commit
// does, rather than failing at once (found by a cold review).
func TestStaleStatWaitsForGitLock(t *testing.T) {
	r := staleRepo(t, 3)
	lock := filepath.Join(r.Dir(), ".git", "index.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(150 * time.Millisecond)
		os.Remove(lock)
	}()
	err := r.refreshIndexWith(t)
	<-done
	if err != nil {
		t.Fatalf("refresh with git's lock let go after 150 ms: %v", err)
	}
}
