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

// shallowAt makes r's repository a shallow clone whose history ends at
// the commit id (git's own record of one, without removing what is
// older), and opens it again with r's cache, as the next command would.
func shallowAt(t *testing.T, r *Repo, id string) *Repo {
	t.Helper()
	if err := os.WriteFile(filepath.Join(r.Dir(), ".git", "shallow"), []byte(id+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := OpenWith(r.Dir(), Options{Cache: r.Cache()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}

func logMessages(t *testing.T, r *Repo, opts LogOptions) string {
	t.Helper()
	cs, err := r.Log(opts)
	if err != nil {
		t.Fatalf("Log(%+v): %v", opts, err)
	}
	return messages(cs)
}

func TestShallowHistoryEndsAtItsBoundary(t *testing.T) {
	r, ids := history(t)
	testCache(t, r)
	// Before: the walk cache learns the whole chain.
	if got, want := logMessages(t, r, LogOptions{Path: "b.toml"}), "four,two"; got != want {
		t.Fatalf("Log b.toml, whole history: got %s, want %s", got, want)
	}
	if r.Shallow() {
		t.Fatal("Shallow: true for a whole history")
	}
	r = shallowAt(t, r, ids["merge"])
	if !r.Shallow() {
		t.Fatal("Shallow: false with .git/shallow")
	}
	if got, want := logMessages(t, r, LogOptions{}), "five,merge"; got != want {
		t.Errorf("Log: got %s, want %s", got, want)
	}
	// A top-level path, answered from the walk cache of a whole history
	// if it were used.
	if got, want := logMessages(t, r, LogOptions{Path: "b.toml"}), "merge"; got != want {
		t.Errorf("Log b.toml: got %s, want %s", got, want)
	}
	if got, want := logMessages(t, r, LogOptions{Path: "reviews/2026/02.toml"}), "merge"; got != want {
		t.Errorf("Log reviews/2026/02.toml: got %s, want %s", got, want)
	}
	cs, err := r.Log(LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if last := cs[len(cs)-1]; len(last.Parents) != 0 {
		t.Errorf("boundary commit: parents %v, want none", last.Parents)
	}
	if got, err := r.Resolve("HEAD~1"); err != nil || got != ids["merge"] {
		t.Errorf("Resolve HEAD~1: %s, %v; want the merge", got, err)
	}
	for _, rev := range []string{"HEAD~2", "HEAD~1^2", "HEAD^^"} {
		_, err := r.Resolve(rev)
		if !errors.Is(err, ErrUnknownRevision) || !strings.Contains(err.Error(), "shallow clone") {
			t.Errorf("Resolve %s: got %v, want an unknown revision that names the shallow clone", rev, err)
		}
	}
	if ok, err := r.IsAncestor(ids["one"], "HEAD"); err != nil || ok {
		t.Errorf("IsAncestor(one, HEAD): %v, %v; want false: past the boundary", ok, err)
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	if len(head.Parents) != 1 {
		t.Errorf("Head: parents %v, want the merge", head.Parents)
	}
	// A commit on top, and its history.
	commit(t, r, "six", t0.Add(7*time.Hour), "b.toml", "3\n")
	if got, want := logMessages(t, r, LogOptions{Path: "b.toml"}), "six,merge"; got != want {
		t.Errorf("Log b.toml after a commit: got %s, want %s", got, want)
	}

	// Deepened (git fetch --unshallow removes the file): the next
	// command sees the whole history again, though HEAD did not move.
	if err := os.Remove(filepath.Join(r.Dir(), ".git", "shallow")); err != nil {
		t.Fatal(err)
	}
	again, err := OpenWith(r.Dir(), Options{Cache: r.Cache()})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got, want := logMessages(t, again, LogOptions{Path: "b.toml"}), "six,four,two"; got != want {
		t.Errorf("Log b.toml, deepened: got %s, want %s", got, want)
	}
	if _, err := again.Resolve("HEAD~3"); err != nil {
		t.Errorf("Resolve HEAD~3, deepened: %v", err)
	}
}

func TestFirstCommitHasNoParent(t *testing.T) {
	r, _ := history(t)
	_, err := r.Resolve("HEAD~9")
	if !errors.Is(err, ErrUnknownRevision) || !strings.Contains(err.Error(), "has no parent") {
		t.Errorf("Resolve HEAD~9: got %v, want an unknown revision: the first commit has no parent", err)
	}
}

// TestGitShallowClone works in a clone made by git clone --depth, whose
// older commits are not there at all.
func TestGitShallowClone(t *testing.T) {
	gitBinary(t)
	r, ids := history(t)
	dir := filepath.Join(t.TempDir(), "clone")
	runGit(t, r.Dir(), "clone", "--quiet", "--depth", "2", "file://"+r.Dir(), dir)
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	testCache(t, c)
	if got, want := logMessages(t, c, LogOptions{}), "five,merge"; got != want {
		t.Errorf("Log: got %s, want %s", got, want)
	}
	if got, want := logMessages(t, c, LogOptions{Path: "a.toml"}), "five,merge"; got != want {
		t.Errorf("Log a.toml: got %s, want %s", got, want)
	}
	commit(t, c, "six", t0.Add(7*time.Hour), "b.toml", "3\n", "reviews/2026/03.toml", "r3\n")
	if got, want := logMessages(t, c, LogOptions{Max: 2}), "six,five"; got != want {
		t.Errorf("Log after a commit: got %s, want %s", got, want)
	}
	if ok, err := c.IsAncestor(ids["merge"], "HEAD"); err != nil || !ok {
		t.Errorf("IsAncestor(merge, HEAD): %v, %v; want true", ok, err)
	}
	if _, err := c.Resolve("HEAD~3"); !errors.Is(err, ErrUnknownRevision) || !strings.Contains(err.Error(), "ends at "+ShortID(ids["merge"])) {
		t.Errorf("Resolve HEAD~3: got %v, want the end of the clone's history", err)
	}
	st, err := c.Status()
	if err != nil || len(st) != 0 {
		t.Errorf("Status: %v, %v; want clean", st, err)
	}
	gitFsck(t, dir)
	if out := runGit(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status --porcelain: got %q, want clean", out)
	}

	// Sent to a remote with the whole history, the new commit is enough.
	full := filepath.Join(t.TempDir(), "full.git")
	runGit(t, r.Dir(), "clone", "--quiet", "--bare", r.Dir(), full)
	if err := locked(t, c, func() error { return c.SetRemote(DefaultRemote, full) }); err != nil {
		t.Fatal(err)
	}
	if err := locked(t, c, func() error { return c.Push(context.Background(), DefaultRemote, ids["five"], nil) }); err != nil {
		t.Fatalf("Push to a remote with the whole history: %v", err)
	}
	gitFsck(t, full)
	// To an empty one, the history beyond the boundary cannot be sent:
	// refused, and the remote left without the branch.
	empty := filepath.Join(t.TempDir(), "empty.git")
	runGit(t, r.Dir(), "init", "--quiet", "--bare", empty)
	if err := locked(t, c, func() error { return c.SetRemote(DefaultRemote, empty) }); err != nil {
		t.Fatal(err)
	}
	err = locked(t, c, func() error { return c.Push(context.Background(), DefaultRemote, "", nil) })
	if !errors.Is(err, plumbing.ErrObjectNotFound) || !strings.Contains(err.Error(), "shallow") {
		t.Errorf("Push of a shallow history to an empty remote: got %v, want a refusal that names the shallow history", err)
	}
	if out := runGit(t, empty, "for-each-ref"); out != "" {
		t.Errorf("the empty remote after a refused push: refs %q", out)
	}
}

// TestShallowCloneMerges: a clone made by git clone --depth 1 that has
// gone one way while its origin went another finds their merge base, the
// commit it was cloned at, where the history it has ends.
func TestShallowCloneMerges(t *testing.T) {
	gitBinary(t)
	r, ids := history(t)
	dir := filepath.Join(t.TempDir(), "clone")
	runGit(t, r.Dir(), "clone", "--quiet", "--depth", "1", "file://"+r.Dir(), dir)
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	commit(t, c, "mine", t0.Add(7*time.Hour), "b.toml", "mine\n")
	commit(t, r, "theirs", t0.Add(8*time.Hour), "a.toml", "theirs\n")
	var remote string
	if err := locked(t, c, func() (err error) { remote, err = c.Fetch(context.Background(), DefaultRemote, nil); return err }); err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	base, err := c.MergeBase("HEAD", remote)
	if err != nil || base != ids["five"] {
		t.Errorf("MergeBase: got %s, %v; want %s, the commit the clone began at", base, err, ids["five"])
	}
}
