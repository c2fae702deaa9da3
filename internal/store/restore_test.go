package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRestore(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "one", t0, "a.toml", "a\n", "b.toml", "b\n", "reviews/2026/01.toml", "r\n")
	dir := r.Dir()
	write := func(p, s string) {
		t.Helper()
		abs := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.toml", "hand edit\n")
	if err := os.Remove(filepath.Join(dir, "b.toml")); err != nil {
		t.Fatal(err)
	}
	write("reviews/2026/02.toml", "new\n")
	write("other.txt", "not restored\n")
	runGit(t, dir, "rm", "-q", "--cached", "reviews/2026/01.toml")

	if err := r.Restore([]string{"a.toml"}); !errors.Is(err, ErrNotLocked) {
		t.Fatalf("Restore without the lock: got %v, want ErrNotLocked", err)
	}
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	err = r.Restore([]string{"a.toml", "b.toml", "reviews/2026/02.toml", "reviews/2026/01.toml"})
	unlock()
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	for p, want := range map[string]string{"a.toml": "a\n", "b.toml": "b\n", "reviews/2026/01.toml": "r\n", "other.txt": "not restored\n"} {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || string(got) != want {
			t.Errorf("%s: got %q (%v), want %q", p, got, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "reviews", "2026", "02.toml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reviews/2026/02.toml: got %v, want it removed", err)
	}
	st, err := r.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Path != "other.txt" {
		t.Errorf("Status after Restore: got %v, want only other.txt", st)
	}
	if staged, err := r.StagedDeletions(); err != nil || len(staged) != 0 {
		t.Errorf("StagedDeletions after Restore: got %q, %v, want none", staged, err)
	}
	if out := runGit(t, dir, "status", "--porcelain"); strings.TrimSpace(out) != "?? other.txt" {
		t.Errorf("git status after Restore: got %q, want only other.txt untracked", out)
	}
}
