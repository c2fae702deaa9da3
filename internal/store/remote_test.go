package store

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// bareRemote makes an empty bare repository on branch main and returns
// its file:// URL and path.
func bareRemote(t testing.TB) (url, dir string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "remote.git")
	_, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		Bare:        true,
		InitOptions: git.InitOptions{DefaultBranch: plumbing.Main},
	})
	if err != nil {
		t.Fatalf("init bare: %v", err)
	}
	return "file://" + dir, dir
}

// locked runs f holding r's lock.
func locked(t testing.TB, r *Repo, f func() error) error {
	t.Helper()
	unlock, err := r.Lock(5 * time.Second)
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	defer unlock()
	return f()
}

// remoteHead is where the bare remote's main is, "" for nowhere.
func remoteHead(t testing.TB, dir string) string {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := repo.Reference(plumbing.NewBranchReferenceName("main"), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return ref.Hash().String()
}

func readWork(t testing.TB, r *Repo, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.Dir(), p))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "<missing>"
		}
		t.Fatal(err)
	}
	return string(b)
}

func assertClean(t testing.TB, r *Repo) {
	t.Helper()
	st, err := r.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(st) > 0 {
		t.Errorf("status after update: got %v, want clean", st)
	}
}

// publish makes a repository with one commit, points it at a new bare
// remote and pushes.
func publish(t testing.TB, pairs ...string) (a *Repo, url, dir string) {
	t.Helper()
	url, dir = bareRemote(t)
	a = newRepo(t)
	commit(t, a, "first", t0, pairs...)
	err := locked(t, a, func() error {
		if err := a.SetRemote(DefaultRemote, url); err != nil {
			return err
		}
		return a.Push(context.Background(), DefaultRemote, "", nil)
	})
	if err != nil {
		t.Fatalf("first push: %v", err)
	}
	return a, url, dir
}

func cloneTo(t testing.TB, url string) *Repo {
	t.Helper()
	b, err := Clone(context.Background(), url, filepath.Join(t.TempDir(), "clone"), nil)
	if err != nil {
		t.Fatalf("Clone: %v", err)
	}
	return b
}

func TestSetRemote(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "1\n")
	if _, err := r.Remote(DefaultRemote); !errors.Is(err, ErrNoRemote) {
		t.Fatalf("Remote before set: got %v, want ErrNoRemote", err)
	}
	if err := r.SetRemote(DefaultRemote, "/x"); !errors.Is(err, ErrNotLocked) {
		t.Fatalf("SetRemote without lock: got %v, want ErrNotLocked", err)
	}
	for _, url := range []string{"git@example.com:me/os.git", "https://example.com/me/os.git"} {
		if err := locked(t, r, func() error { return r.SetRemote(DefaultRemote, url) }); err != nil {
			t.Fatalf("SetRemote %s: %v", url, err)
		}
		info, err := r.Remote(DefaultRemote)
		if err != nil {
			t.Fatal(err)
		}
		want := RemoteInfo{Name: "origin", URL: url, Branch: "main", Tracking: "refs/remotes/origin/main"}
		if info != want {
			t.Errorf("Remote: got %+v, want %+v", info, want)
		}
	}
	if tr, err := r.Tracking(DefaultRemote); err != nil || tr != "" {
		t.Errorf("Tracking before a fetch: got %q, %v; want \"\", nil", tr, err)
	}
	if gitAvailable() {
		if got := strings.TrimSpace(runGit(t, r.Dir(), "config", "remote.origin.url")); got != "https://example.com/me/os.git" {
			t.Errorf("git config remote.origin.url: got %q", got)
		}
		if got := strings.TrimSpace(runGit(t, r.Dir(), "config", "branch.main.merge")); got != "refs/heads/main" {
			t.Errorf("git config branch.main.merge: got %q", got)
		}
	}
}

func TestSetRemoteForgetsOldFetch(t *testing.T) {
	a, url, _ := publish(t, "a.toml", "1\n")
	if tr, err := a.Tracking(DefaultRemote); err != nil || tr == "" {
		t.Fatalf("Tracking after a push: got %q, %v", tr, err)
	}
	if err := locked(t, a, func() error { return a.SetRemote(DefaultRemote, url) }); err != nil {
		t.Fatal(err)
	}
	if tr, _ := a.Tracking(DefaultRemote); tr == "" {
		t.Errorf("setting the same URL again forgot the last fetch")
	}
	other, _ := bareRemote(t)
	if err := locked(t, a, func() error { return a.SetRemote(DefaultRemote, other) }); err != nil {
		t.Fatal(err)
	}
	if tr, err := a.Tracking(DefaultRemote); err != nil || tr != "" {
		t.Errorf("Tracking after a new URL: got %q, %v; want nothing", tr, err)
	}
}

// TestSetRemoteCutShort checks a SetRemote to a new URL stopped between
// its two writes (a crash): the remote is left at the old URL with
// nothing fetched, or at the new one, but never at the new URL with what
// was fetched from the old, which a sync would take for the new remote's
// branch.
func TestSetRemoteCutShort(t *testing.T) {
	a, url, _ := publish(t, "a.toml", "1\n")
	other, _ := bareRemote(t)
	stop := errors.New("stopped")
	stages := 0
	a.testHook = func(stage string) error {
		if stage == "before-config" {
			stages++
			return stop
		}
		return nil
	}
	if err := locked(t, a, func() error { return a.SetRemote(DefaultRemote, other) }); !errors.Is(err, stop) {
		t.Fatalf("SetRemote stopped: got %v, want the stop", err)
	}
	a.testHook = nil
	if stages != 1 {
		t.Fatalf("stage before-config: reached %d times, want 1", stages)
	}
	info, err := a.Remote(DefaultRemote)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := a.Tracking(DefaultRemote)
	if err != nil {
		t.Fatal(err)
	}
	if tr != "" {
		t.Errorf("after a SetRemote cut short: remote %s, tracking %s; want nothing fetched", info.URL, tr)
	}
	if info.URL != url {
		t.Errorf("after a SetRemote cut short before the config: URL %s, want the old %s", info.URL, url)
	}
}

func TestCloneFetchFastForwardPush(t *testing.T) {
	a, url, dir := publish(t, "a.toml", "1\n", "notes/x.md", "x\n")
	if got, want := remoteHead(t, dir), headOf(t, a); got != want {
		t.Fatalf("remote main after push: got %s, want %s", got, want)
	}
	b := cloneTo(t, url)
	if got, want := headOf(t, b), headOf(t, a); got != want {
		t.Fatalf("clone HEAD: got %s, want %s", got, want)
	}
	if got := readWork(t, b, "notes/x.md"); got != "x\n" {
		t.Errorf("clone notes/x.md: got %q, want %q", got, "x\n")
	}
	assertClean(t, b)

	before := headOf(t, b)
	c2 := commit(t, b, "second", t0.Add(time.Hour), "a.toml", "2\n", "notes/x.md", "-", "b.toml", "new\n")
	if err := locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, before, nil) }); err != nil {
		t.Fatalf("push from clone: %v", err)
	}
	if tr, _ := b.Tracking(DefaultRemote); tr != c2.Hash {
		t.Errorf("tracking after push: got %s, want %s", tr, c2.Hash)
	}

	var fetched string
	err := locked(t, a, func() error {
		var err error
		fetched, err = a.Fetch(context.Background(), DefaultRemote, nil)
		return err
	})
	if err != nil || fetched != c2.Hash {
		t.Fatalf("Fetch: got %s, %v; want %s", fetched, err, c2.Hash)
	}
	ahead, behind, err := a.AheadBehind("HEAD", fetched)
	if err != nil || ahead != 0 || behind != 1 {
		t.Errorf("AheadBehind: got %d, %d, %v; want 0, 1", ahead, behind, err)
	}
	err = locked(t, a, func() error { _, err := a.FastForward(fetched); return err })
	if err != nil {
		t.Fatalf("FastForward: %v", err)
	}
	for p, want := range map[string]string{"a.toml": "2\n", "b.toml": "new\n", "notes/x.md": "<missing>"} {
		if got := readWork(t, a, p); got != want {
			t.Errorf("%s after fast-forward: got %q, want %q", p, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(a.Dir(), "notes")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("emptied directory notes: got %v, want it removed", err)
	}
	assertClean(t, a)
	if headOf(t, a) != c2.Hash {
		t.Errorf("HEAD after fast-forward: got %s, want %s", headOf(t, a), c2.Hash)
	}
	fsck(t, a.Dir())
	fsck(t, b.Dir())
	fsck(t, dir)
}

func gitAvailable() bool {
	_, err := exec.LookPath("git")
	return err == nil
}

func headOf(t testing.TB, r *Repo) string {
	t.Helper()
	h, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	return h.Hash
}

// fsck runs the real git fsck --strict when git is there.
func fsck(t testing.TB, dir string) {
	t.Helper()
	if !gitAvailable() {
		return
	}
	runGit(t, dir, "fsck", "--strict", "--no-progress")
}

func TestPushCompareAndSwap(t *testing.T) {
	a, url, dir := publish(t, "a.toml", "1\n")
	b := cloneTo(t, url)
	base := headOf(t, a)
	commit(t, b, "from b", t0.Add(time.Hour), "b.toml", "b\n")
	if err := locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, base, nil) }); err != nil {
		t.Fatal(err)
	}
	pushed := remoteHead(t, dir)
	commit(t, a, "from a", t0.Add(2*time.Hour), "a.toml", "2\n")
	err := locked(t, a, func() error { return a.Push(context.Background(), DefaultRemote, base, nil) })
	if !errors.Is(err, ErrRemoteMoved) {
		t.Fatalf("push over a moved remote: got %v, want ErrRemoteMoved", err)
	}
	if got := remoteHead(t, dir); got != pushed {
		t.Errorf("remote after refused push: got %s, want %s", got, pushed)
	}
	// A stale expectation is refused even when the push would be a
	// fast-forward of what the remote has.
	commit(t, b, "again", t0.Add(3*time.Hour), "b.toml", "bb\n")
	err = locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, base, nil) })
	if !errors.Is(err, ErrRemoteMoved) {
		t.Fatalf("push with a stale expectation: got %v, want ErrRemoteMoved", err)
	}
	// Expecting where the remote is, but without its commits: the push
	// would drop them, and is refused.
	pushed = remoteHead(t, dir)
	err = locked(t, a, func() error { return a.Push(context.Background(), DefaultRemote, pushed, nil) })
	if err == nil || errors.Is(err, ErrRemoteMoved) || !strings.Contains(err.Error(), "fetch and merge first") {
		t.Fatalf("push of a branch without the remote's commits: got %v, want a refusal to drop them", err)
	}
	if got := remoteHead(t, dir); got != pushed {
		t.Errorf("remote after refused push: got %s, want %s", got, pushed)
	}
}

// TestConcurrentPushes guards against the embedded server's plain ref
// overwrite: of two pushes from the same starting point, exactly one wins.
func TestConcurrentPushes(t *testing.T) {
	for round := 0; round < 5; round++ {
		a, url, dir := publish(t, "a.toml", "1\n")
		b := cloneTo(t, url)
		base := headOf(t, a)
		ca := commit(t, a, "a", t0.Add(time.Hour), "a.toml", "a\n")
		cb := commit(t, b, "b", t0.Add(time.Hour), "b.toml", "b\n")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, r := range []*Repo{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				unlock, err := r.Lock(5 * time.Second)
				if err != nil {
					errs[i] = err
					return
				}
				defer unlock()
				errs[i] = r.Push(context.Background(), DefaultRemote, base, nil)
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, ErrRemoteMoved):
				t.Errorf("round %d push %d: got %v, want nil or ErrRemoteMoved", round, i, err)
			}
		}
		if won != 1 {
			t.Errorf("round %d: got %d pushes through, want 1 (%v)", round, won, errs)
		}
		if h := remoteHead(t, dir); h != ca.Hash && h != cb.Hash {
			t.Errorf("round %d: remote at %s, want one of the pushed commits", round, h)
		}
		if _, err := os.Stat(filepath.Join(dir, "refs", "heads", "main.lock")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("round %d: ref lock left behind", round)
		}
	}
}

func TestFastForwardRefusesLocalChanges(t *testing.T) {
	a, url, _ := publish(t, "a.toml", "1\n", "b.toml", "1\n")
	b := cloneTo(t, url)
	c := commit(t, b, "second", t0.Add(time.Hour), "a.toml", "2\n", "new.md", "from b\n")
	if err := locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, headOf(t, a), nil) }); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		path  string
		data  string
		block bool
	}{
		{"edited file the update changes", "a.toml", "hand\n", true},
		{"untracked file in the way", "new.md", "mine\n", true},
		{"untracked file with the same bytes", "new.md", "from b\n", false},
		{"edited file the update leaves alone", "b.toml", "hand\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := behindClone(t, url, headOf(t, a))
			if err := os.WriteFile(filepath.Join(r.Dir(), tt.path), []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			oldHead := headOf(t, r)
			err := locked(t, r, func() error {
				if _, err := r.Fetch(context.Background(), DefaultRemote, nil); err != nil {
					return err
				}
				_, err := r.FastForward(c.Hash)
				return err
			})
			if tt.block {
				if !errors.Is(err, ErrLocalChanges) || !strings.Contains(err.Error(), tt.path) {
					t.Fatalf("FastForward: got %v, want ErrLocalChanges naming %s", err, tt.path)
				}
				if headOf(t, r) != oldHead || readWork(t, r, tt.path) != tt.data {
					t.Errorf("refused fast-forward changed HEAD or the file")
				}
				return
			}
			if err != nil {
				t.Fatalf("FastForward: %v", err)
			}
			if headOf(t, r) != c.Hash || readWork(t, r, tt.path) != tt.data {
				t.Errorf("fast-forward: got HEAD %s and %s=%q", headOf(t, r), tt.path, readWork(t, r, tt.path))
			}
		})
	}
}

// behindClone clones url and moves it back to commit at (an ancestor of the
// remote branch), as a machine that has not synced for a while.
func behindClone(t testing.TB, url, at string) *Repo {
	t.Helper()
	r := newRepo(t)
	err := locked(t, r, func() error {
		if err := r.SetRemote(DefaultRemote, url); err != nil {
			return err
		}
		if _, err := r.Fetch(context.Background(), DefaultRemote, nil); err != nil {
			return err
		}
		_, err := r.FastForward(at)
		return err
	})
	if err != nil {
		t.Fatalf("behind clone: %v", err)
	}
	return r
}

func TestAheadBehindAndMergeBase(t *testing.T) {
	r := newRepo(t)
	base := commit(t, r, "base", t0, "a.toml", "1\n").Hash
	mine := []string{base}
	for i := 1; i <= 3; i++ {
		mine = append(mine, commit(t, r, "mine", t0.Add(time.Duration(i)*time.Hour), "a.toml", strings.Repeat("m", i)).Hash)
	}
	theirs := []string{base}
	for i := 1; i <= 2; i++ {
		theirs = append(theirs, sideCommit(t, r, theirs[i-1], "theirs", t0.Add(time.Duration(i)*time.Hour+time.Minute), "b.toml", strings.Repeat("t", i)))
	}
	tests := []struct {
		a, b          string
		ahead, behind int
		base          string
	}{
		{mine[3], theirs[2], 3, 2, base},
		{theirs[2], mine[3], 2, 3, base},
		{mine[3], mine[1], 2, 0, mine[1]},
		{mine[1], mine[3], 0, 2, mine[1]},
		{mine[2], mine[2], 0, 0, mine[2]},
		{theirs[1], mine[2], 1, 2, base},
	}
	for _, tt := range tests {
		ahead, behind, err := r.AheadBehind(tt.a, tt.b)
		if err != nil || ahead != tt.ahead || behind != tt.behind {
			t.Errorf("AheadBehind(%.7s, %.7s): got %d, %d, %v; want %d, %d", tt.a, tt.b, ahead, behind, err, tt.ahead, tt.behind)
		}
		mb, err := r.MergeBase(tt.a, tt.b)
		if err != nil || mb != tt.base {
			t.Errorf("MergeBase(%.7s, %.7s): got %.7s, %v; want %.7s", tt.a, tt.b, mb, err, tt.base)
		}
	}
	// After a merge, both sides' commits are behind it.
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	m, err := r.CommitWith(files("b.toml", "tt"), "merge", sigAt(t0.Add(5*time.Hour)), CommitOptions{Parents: []string{"HEAD", theirs[2]}})
	unlock()
	if err != nil {
		t.Fatal(err)
	}
	if ahead, behind, err := r.AheadBehind(m.Hash, theirs[2]); err != nil || ahead != 4 || behind != 0 {
		t.Errorf("AheadBehind(merge, theirs): got %d, %d, %v; want 4, 0", ahead, behind, err)
	}
	// Against no commit (an empty remote), everything is ahead: both
	// parents' lines, not only the first.
	if ahead, behind, err := r.AheadBehind(m.Hash, ""); err != nil || ahead != 7 || behind != 0 {
		t.Errorf("AheadBehind(merge, none): got %d, %d, %v; want 7, 0", ahead, behind, err)
	}
	if mb, err := r.MergeBase(mine[3], mine[3]); err != nil || mb != mine[3] {
		t.Errorf("MergeBase with itself: got %s, %v", mb, err)
	}
	// What the merge brought in: its second parent's side, newest first,
	// back to where the sides met; and the histories are related.
	only, err := r.Only(m.Parents[1], m.Parents[0])
	if err != nil || len(only) != 2 || only[0].Hash != theirs[2] || only[1].Hash != theirs[1] {
		var got []string
		for _, c := range only {
			got = append(got, c.Short)
		}
		t.Errorf("Only(theirs, mine): got %v, %v; want %.7s, %.7s", got, err, theirs[2], theirs[1])
	}
	if only, err := r.Only(m.Parents[0], m.Parents[0]); err != nil || len(only) != 0 {
		t.Errorf("Only of a commit against itself: got %d commits, %v", len(only), err)
	}
	for _, tt := range [][2]string{{mine[3], theirs[2]}, {mine[2], mine[2]}, {mine[1], ""}} {
		if _, _, related, err := r.Divergence(tt[0], tt[1]); err != nil || !related {
			t.Errorf("Divergence(%.7s, %.7s): related %v, %v; want related", tt[0], tt[1], related, err)
		}
	}
}

// mergeCommit writes a commit with the given parents and parent[0]'s tree
// plus pairs, without moving any ref.
func mergeCommit(t testing.TB, r *Repo, parents []string, msg string, when time.Time, pairs ...string) string {
	t.Helper()
	h := sideCommit(t, r, parents[0], msg, when, pairs...)
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.commit(plumbing.NewHash(h))
	if err != nil {
		t.Fatal(err)
	}
	c.ParentHashes = nil
	for _, p := range parents {
		c.ParentHashes = append(c.ParentHashes, plumbing.NewHash(p))
	}
	obj := r.st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	w := &objectWriter{r: r}
	out, err := w.put(obj)
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestAheadBehindSameTime guards against stopping the walk too early when
// commit times do not order the history: every commit here has the same
// time, as several commits within one second do.
func TestAheadBehindSameTime(t *testing.T) {
	r := newRepo(t)
	base := commit(t, r, "base", t0, "a", "0").Hash
	x := sideCommit(t, r, base, "x", t0, "a", "x")
	f := sideCommit(t, r, x, "f", t0, "a", "f")
	a := mergeCommit(t, r, []string{x, f}, "a", t0, "a", "a")
	b := sideCommit(t, r, f, "b", t0, "b", "b")
	ahead, behind, err := r.AheadBehind(a, b)
	if err != nil || ahead != 1 || behind != 1 {
		t.Errorf("AheadBehind(a, b): got %d, %d, %v; want 1, 1", ahead, behind, err)
	}
	ahead, behind, err = r.AheadBehind(b, a)
	if err != nil || ahead != 1 || behind != 1 {
		t.Errorf("AheadBehind(b, a): got %d, %d, %v; want 1, 1", ahead, behind, err)
	}
	if gitAvailable() {
		got := strings.Fields(runGit(t, r.Dir(), "rev-list", "--left-right", "--count", a+"..."+b))
		if len(got) != 2 || got[0] != "1" || got[1] != "1" {
			t.Errorf("git rev-list --left-right --count: got %v, want [1 1]", got)
		}
	}
}

func TestCloneEmptyAndMissing(t *testing.T) {
	url, _ := bareRemote(t)
	dir := filepath.Join(t.TempDir(), "clone")
	if _, err := Clone(context.Background(), url, dir, nil); !errors.Is(err, ErrRemoteEmpty) {
		t.Fatalf("Clone of an empty remote: got %v, want ErrRemoteEmpty", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("failed clone left %s behind", dir)
	}
	existing := t.TempDir()
	if _, err := Clone(context.Background(), "file://"+filepath.Join(t.TempDir(), "nothing.git"), existing, nil); err == nil {
		t.Fatal("Clone of a missing remote: got nil error")
	}
	if entries, _ := os.ReadDir(existing); len(entries) != 0 {
		t.Errorf("failed clone into an empty folder left %d entries", len(entries))
	}
	_, u2, _ := publish(t, "a.toml", "1\n")
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "x"), []byte("x"), 0o644)
	if _, err := Clone(context.Background(), u2, full, nil); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("Clone into a folder with files: got %v, want ErrNotEmpty", err)
	}
	if b, _ := os.ReadFile(filepath.Join(full, "x")); string(b) != "x" {
		t.Errorf("Clone into a folder with files touched them")
	}
}

func TestPushToCheckedOutBranchRefused(t *testing.T) {
	a := newRepo(t)
	commit(t, a, "first", t0, "a.toml", "1\n")
	b := cloneTo(t, "file://"+a.Dir())
	commit(t, b, "second", t0.Add(time.Hour), "a.toml", "2\n")
	err := locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, headOf(t, a), nil) })
	if err == nil || !strings.Contains(err.Error(), "checked out") {
		t.Fatalf("push to a work tree's branch: got %v, want a refusal", err)
	}
}

// TestRemoteWithoutGitBinary runs clone, push and fetch over file:// with
// no git on PATH: myos must not need one.
func TestRemoteWithoutGitBinary(t *testing.T) {
	t.Setenv("PATH", "")
	a, url, dir := publish(t, "a.toml", "1\n")
	b := cloneTo(t, url)
	c := commit(t, b, "second", t0.Add(time.Hour), "a.toml", "2\n")
	if err := locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, headOf(t, a), nil) }); err != nil {
		t.Fatalf("push: %v", err)
	}
	if remoteHead(t, dir) != c.Hash {
		t.Fatalf("remote not at the pushed commit")
	}
	err := locked(t, a, func() error {
		h, err := a.Fetch(context.Background(), DefaultRemote, nil)
		if err != nil {
			return err
		}
		_, err = a.FastForward(h)
		return err
	})
	if err != nil {
		t.Fatalf("fetch and fast-forward: %v", err)
	}
	if readWork(t, a, "a.toml") != "2\n" {
		t.Errorf("a.toml after fast-forward: got %q", readWork(t, a, "a.toml"))
	}
}

// TestFetchWithLocalCommits guards against go-git's server failing on a
// "have" it does not know: the commits this machine has not pushed yet.
func TestFetchWithLocalCommits(t *testing.T) {
	a, url, _ := publish(t, "a.toml", "1\n")
	b := cloneTo(t, url)
	c := commit(t, b, "from b", t0.Add(time.Hour), "b.toml", "b\n")
	if err := locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, headOf(t, a), nil) }); err != nil {
		t.Fatal(err)
	}
	commit(t, a, "from a", t0.Add(2*time.Hour), "a.toml", "2\n")
	var got string
	err := locked(t, a, func() error {
		var err error
		got, err = a.Fetch(context.Background(), DefaultRemote, nil)
		return err
	})
	if err != nil || got != c.Hash {
		t.Fatalf("Fetch with unpushed commits: got %s, %v; want %s", got, err, c.Hash)
	}
	if ahead, behind, err := a.AheadBehind("HEAD", got); err != nil || ahead != 1 || behind != 1 {
		t.Errorf("AheadBehind: got %d, %d, %v; want 1, 1", ahead, behind, err)
	}
}

func TestFetchUnreachable(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "1\n")
	err := locked(t, r, func() error {
		if err := r.SetRemote(DefaultRemote, "file://"+filepath.Join(t.TempDir(), "gone.git")); err != nil {
			return err
		}
		_, err := r.Fetch(context.Background(), DefaultRemote, nil)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "repository not found") {
		t.Fatalf("fetch from a missing remote: got %v, want repository not found", err)
	}
	if _, err := r.Fetch(context.Background(), DefaultRemote, nil); !errors.Is(err, ErrNotLocked) {
		t.Errorf("fetch without the lock: got %v, want ErrNotLocked", err)
	}
}

// TestFetchSilentServer checks that a remote which accepts the connection
// and never answers does not hold a fetch or a clone past its context:
// myos gives its work with a remote a time limit and Ctrl-C, and both
// arrive through the context.
func TestFetchSilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c) // read nothing, answer nothing
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	}()
	url := "git://" + ln.Addr().String() + "/os.git"

	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "1\n")
	err = locked(t, r, func() error {
		if err := r.SetRemote(DefaultRemote, url); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := r.Fetch(ctx, DefaultRemote, nil)
		return err
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("fetch from a silent server: got %v, want the context's deadline", err)
	}

	dir := filepath.Join(t.TempDir(), "clone")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel) // as Ctrl-C does
	if _, err := Clone(ctx, url, dir, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("clone from a silent server: got %v, want the context's cancellation", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an interrupted clone left %s behind (%v)", dir, err)
	}
}

func TestShortID(t *testing.T) {
	for _, tt := range [][2]string{{"0123456789abcdef0123456789abcdef01234567", "0123456"}, {"abc", "abc"}, {"", ""}} {
		if got := ShortID(tt[0]); got != tt[1] {
			t.Errorf("ShortID(%q) = %q, want %q", tt[0], got, tt[1])
		}
	}
	if got := shortID(""); got != "nothing" {
		t.Errorf(`shortID("") = %q, want "nothing"`, got)
	}
}
