package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// healthRepo is a repository with three commits on main.
func healthRepo(t *testing.T) (*Repo, []CommitInfo) {
	t.Helper()
	r := newRepo(t)
	cs := []CommitInfo{
		commit(t, r, "one", t0, "os.toml", "name = \"x\"\n", "a.toml", "1\n"),
		commit(t, r, "two", t0.Add(time.Hour), "a.toml", "2\n", "reviews/2026/2026-01-01.toml", "r\n"),
		commit(t, r, "three", t0.Add(2*time.Hour), "b.toml", "3\n"),
	}
	return r, cs
}

func gitPath(r *Repo, parts ...string) string {
	return filepath.Join(append([]string{r.Dir(), ".git"}, parts...)...)
}

func writeGit(t *testing.T, r *Repo, data string, parts ...string) {
	t.Helper()
	p := gitPath(r, parts...)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func age(t *testing.T, path string, d time.Duration) {
	t.Helper()
	old := time.Now().Add(-d)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

// looseObject is the file of a loose object.
func looseObject(r *Repo, hash string) string {
	return gitPath(r, "objects", hash[:2], hash[2:])
}

func blobHash(data string) string {
	return plumbing.ComputeHash(plumbing.BlobObject, []byte(data)).String()
}

func codes(ps []Problem) string {
	var out []string
	for _, p := range ps {
		c := p.Code
		if p.Blocking {
			c += "!"
		}
		out = append(out, c)
	}
	return strings.Join(out, ",")
}

// readRef is the raw content of .git/<name>, trimmed.
func readRef(t *testing.T, r *Repo, name string) string {
	t.Helper()
	b, err := os.ReadFile(gitPath(r, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func TestDiagnoseHealthy(t *testing.T) {
	empty := newRepo(t)
	r, _ := healthRepo(t)
	for name, dir := range map[string]string{"new": empty.Dir(), "with history": r.Dir()} {
		ps, err := Diagnose(dir)
		if err != nil || len(ps) != 0 {
			t.Errorf("%s: Diagnose: got %+v, %v, want no problems", name, ps, err)
		}
	}
	if _, err := Diagnose(t.TempDir()); !errors.Is(err, ErrNotRepo) {
		t.Errorf("Diagnose of a plain folder: got %v, want ErrNotRepo", err)
	}
}

// TestHealth damages a repository in each way a crash, a git command or a
// person can, and checks what Diagnose says, that Lock refuses exactly the
// blocking states, what Repair does, and that no commit is lost.
func TestHealth(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, r *Repo, cs []CommitInfo)
		opts   RepairOptions

		want      string // codes found; "!" marks blocking ones
		message   string // in the first problem's message
		advice    string // in the first problem's advice; empty: it has a repair
		remaining string // codes after Repair
		head      int    // index in cs of where main must be after Repair; -1: not checked
	}{
		{
			name: "stale myos lock",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeLock(t, r, LockInfo{PID: deadPID(t), Host: hostname(), Command: "myos add", Token: "x"})
			},
			want: "stale-lock", message: "no longer running", head: 2,
		},
		{
			name: "old ref lock",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, cs[2].Hash+"\n", "refs", "heads", "main.lock")
				age(t, gitPath(r, "refs", "heads", "main.lock"), time.Minute)
			},
			want: "git-lock!", message: "main.lock was left 1m0s ago", head: 2,
		},
		{
			name: "young index lock",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "", "index.lock")
			},
			want: "git-lock!", message: "a git command seems to be running", advice: "wait for it",
			remaining: "git-lock!", head: 2,
		},
		{
			name: "truncated index",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				if err := os.Truncate(gitPath(r, "index"), 30); err != nil {
					t.Fatal(err)
				}
			},
			want: "index", message: "unreadable", head: 2,
		},
		{
			name: "interrupted commit",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "b.toml\n", pendingFile)
			},
			want: "pending-commit", message: "interrupted", head: 2,
		},
		{
			name: "empty branch",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "", "refs", "heads", "main")
			},
			want: "ref!", message: "branch main (.git/refs/heads/main) is empty", head: 2,
		},
		{
			name: "garbage branch",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "\x00\x00garbage", "refs", "heads", "main")
			},
			want: "ref!", message: "does not hold a commit id", head: 2,
		},
		{
			name: "branch names a missing commit",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, strings.Repeat("ab", 20)+"\n", "refs", "heads", "main")
			},
			want: "ref!", message: "names commit ababab", head: 2,
		},
		{
			name: "branch file deleted",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				os.Remove(gitPath(r, "refs", "heads", "main"))
			},
			want: "ref!", message: "is missing (.git/refs/heads/main), though the repository holds 2 commits", head: 2,
		},
		{
			name: "empty branch, two candidates",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				sideCommit(t, r, cs[1].Hash, "interrupted", t0.Add(3*time.Hour), "c.toml", "c\n")
				writeGit(t, r, "", "refs", "heads", "main")
			},
			want: "ref!", message: "is empty", advice: "pick one with `myos repair --ref HASH`",
			remaining: "ref!", head: -1,
		},
		{
			name: "empty branch, chosen",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				sideCommit(t, r, cs[1].Hash, "interrupted", t0.Add(3*time.Hour), "c.toml", "c\n")
				writeGit(t, r, "", "refs", "heads", "main")
			},
			opts: RepairOptions{Ref: "<2>"},
			want: "ref!", message: "is empty", advice: "pick one", head: 2,
		},
		{
			name: "empty branch, reflog",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				sideCommit(t, r, cs[1].Hash, "interrupted", t0.Add(3*time.Hour), "c.toml", "c\n")
				writeGit(t, r, strings.Repeat("0", 40)+" "+cs[2].Hash+" A <a@x> 1767258000 +0000\tcommit: three\n", "logs", "refs", "heads", "main")
				writeGit(t, r, "", "refs", "heads", "main")
			},
			want: "ref!", message: "is empty", head: 2,
		},
		{
			name: "empty remote-tracking ref",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "", "refs", "remotes", "origin", "main")
			},
			want: "ref!", message: ".git/refs/remotes/origin/main is empty", head: 2,
		},
		{
			name: "garbage tag",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "garbage\n", "refs", "tags", "v1")
			},
			want: "ref!", message: ".git/refs/tags/v1 does not hold a commit id", advice: "myos cannot tell which commit it named",
			remaining: "ref!", head: 2,
		},
		{
			name: "empty HEAD",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "", "HEAD")
			},
			want: "head!", message: ".git/HEAD is empty", head: 2,
		},
		{
			name: "merge in progress",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, cs[0].Hash+"\n", "MERGE_HEAD")
			},
			want: "git-operation!", message: "a git merge is in progress (.git/MERGE_HEAD)", advice: "`git merge --abort`",
			remaining: "git-operation!", head: 2,
		},
		{
			name: "rebase in progress",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "refs/heads/main\n", "rebase-merge", "head-name")
				writeGit(t, r, cs[1].Hash+"\n", "HEAD")
			},
			want: "git-operation!,detached-head!", message: "a git rebase is in progress", advice: "`git rebase --abort`",
			remaining: "git-operation!,detached-head!", head: 2,
		},
		{
			name: "bisect in progress",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, "git bisect start\n", "BISECT_LOG")
			},
			want: "git-operation!", message: "bisect", advice: "git bisect reset", remaining: "git-operation!", head: 2,
		},
		{
			name: "detached at the branch",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, cs[2].Hash+"\n", "HEAD")
			},
			want: "detached-head!", message: "HEAD is detached at", head: 2,
		},
		{
			name: "detached ahead of the branch",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				h := sideCommit(t, r, cs[2].Hash, "ahead", t0.Add(3*time.Hour), "b.toml", "3\n", "c.toml", "c\n")
				// As `git checkout --detach` and `git commit` leave it: the
				// work tree and the index at the new commit.
				os.WriteFile(filepath.Join(r.Dir(), "c.toml"), []byte("c\n"), 0o644)
				writeGit(t, r, h+"\n", "HEAD")
				r.mu.Lock()
				defer r.mu.Unlock()
				tree, err := r.commitTree(plumbing.NewHash(h))
				if err == nil {
					err = r.updateIndex(tree, []string{"c.toml"})
				}
				if err != nil {
					t.Fatal(err)
				}
			},
			want: "detached-head!", message: "HEAD is detached at", head: 3,
		},
		{
			name: "detached behind the branch",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				writeGit(t, r, cs[0].Hash+"\n", "HEAD")
			},
			want: "detached-head!", message: "HEAD is detached at", advice: "is already part of main: go back to it with `git switch main`",
			remaining: "detached-head!", head: 2,
		},
		{
			name: "detached and diverged",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				h := sideCommit(t, r, cs[0].Hash, "elsewhere", t0.Add(3*time.Hour), "d.toml", "d\n")
				writeGit(t, r, h+"\n", "HEAD")
			},
			want: "detached-head!", message: "HEAD is detached at", advice: "have diverged: keep",
			remaining: "detached-head!", head: 2,
		},
		{
			name: "file of HEAD missing",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				if err := os.Remove(looseObject(r, blobHash("3\n"))); err != nil {
					t.Fatal(err)
				}
			},
			want: "missing-object", message: "(b.toml in commit", advice: "cannot recreate",
			remaining: "missing-object", head: 2,
		},
		{
			name: "tree of HEAD missing",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				tree, err := r.commitTree(plumbing.NewHash(cs[2].Hash))
				if err != nil {
					t.Fatal(err)
				}
				e, found, err := r.lookup(tree, "reviews")
				if err != nil || !found {
					t.Fatalf("lookup reviews: %v, %v", found, err)
				}
				if err := os.Remove(looseObject(r, e.Hash.String())); err != nil {
					t.Fatal(err)
				}
			},
			want: "missing-object!", message: "(reviews in commit", advice: "cannot recreate",
			remaining: "missing-object!", head: 2,
		},
		{
			name: "old file missing",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				if err := os.Remove(looseObject(r, blobHash("1\n"))); err != nil {
					t.Fatal(err)
				}
			},
			want: "missing-object", message: "(a.toml in commit", advice: "cannot recreate",
			remaining: "missing-object", head: 2,
		},
		{
			name: "parent commit missing",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				if err := os.Remove(looseObject(r, cs[0].Hash)); err != nil {
					t.Fatal(err)
				}
			},
			want: "missing-object", message: "a parent of commit", advice: "cannot recreate",
			remaining: "missing-object", head: 2,
		},
		{
			name: "temporary files",
			damage: func(t *testing.T, r *Repo, cs []CommitInfo) {
				os.WriteFile(filepath.Join(r.Dir(), ".a.toml"+tempMarker+"123"), []byte("half"), 0o644)
				os.MkdirAll(filepath.Join(r.Dir(), "reviews", "2026"), 0o755)
				os.WriteFile(filepath.Join(r.Dir(), "reviews", "2026", ".x.toml"+tempMarker+"9"), nil, 0o644)
				writeGit(t, r, "", "."+pendingFile+tempMarker+"5")
			},
			want: "temp-files", message: "3 temporary files", head: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, cs := healthRepo(t)
			tt.damage(t, r, cs)
			if tt.head == 3 {
				cs = append(cs, CommitInfo{Hash: readRef(t, r, "HEAD")})
			}
			opts := tt.opts
			if opts.Ref == "<2>" {
				opts.Ref = cs[2].Hash[:9]
			}

			ps, err := Diagnose(r.Dir())
			if err != nil {
				t.Fatalf("Diagnose: %v", err)
			}
			if got := codes(ps); got != tt.want {
				t.Fatalf("Diagnose: got %s, want %s\n%+v", got, tt.want, ps)
			}
			if !strings.Contains(ps[0].Message, tt.message) {
				t.Errorf("message: got %q, want it to contain %q", ps[0].Message, tt.message)
			}
			if tt.advice == "" && ps[0].Repair == "" {
				t.Errorf("repair: got none, want one (advice %q)", ps[0].Advice)
			}
			if tt.advice != "" && !strings.Contains(ps[0].Advice, tt.advice) {
				t.Errorf("advice: got %q, want it to contain %q", ps[0].Advice, tt.advice)
			}

			// Lock refuses the blocking states, and leaves no lock behind.
			if ps[0].Blocking {
				if r2, err := open(r.Dir(), false); err == nil {
					_, err := r2.LockAs(0, "test")
					var se *StateError
					if !errors.Is(err, ErrNeedsRepair) || !errors.As(err, &se) {
						t.Fatalf("Lock: got %v, want a StateError", err)
					}
					if !strings.Contains(err.Error(), "myos repair --dry-run") {
						t.Errorf("Lock error: got %q, want it to name `myos repair --dry-run`", err)
					}
					if _, err := os.Stat(gitPath(r, LockFile)); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("lock file after a refused Lock: got %v, want none", err)
					}
					r2.Close()
				}
			}

			fixed, remaining, err := Repair(r.Dir(), opts)
			if err != nil {
				t.Fatalf("Repair: %v", err)
			}
			if got := codes(remaining); got != tt.remaining {
				t.Errorf("remaining after Repair: got %s, want %s\n%+v", got, tt.remaining, remaining)
			}
			if tt.remaining == "" && len(fixed) == 0 {
				t.Errorf("fixed: got nothing, want %s", tt.want)
			}
			if _, err := os.Stat(gitPath(r, LockFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("lock file after Repair: got %v, want none", err)
			}
			// Every commit is still there.
			for _, c := range cs {
				if c.Hash == cs[0].Hash && tt.name == "parent commit missing" {
					continue
				}
				if _, err := os.Stat(looseObject(r, c.Hash)); err != nil {
					t.Errorf("commit %s after Repair: %v", c.Short, err)
				}
			}
			if tt.head >= 0 {
				if got := readRef(t, r, "refs/heads/main"); got != cs[tt.head].Hash {
					t.Errorf("main after Repair: got %q, want %s", got, cs[tt.head].Hash)
				}
			}
			if !strings.Contains(tt.remaining, "!") {
				// Nothing blocks writes any more.
				r3, err := Open(r.Dir())
				if err != nil {
					t.Fatalf("Open after Repair: %v", err)
				}
				unlock, err := r3.Lock(0)
				if err != nil {
					t.Fatalf("Lock after Repair: %v", err)
				}
				unlock()
				r3.Close()
			}
			if tt.remaining == "" {
				// Writes go through again, and git agrees.
				r3, err := Open(r.Dir())
				if err != nil {
					t.Fatalf("Open after Repair: %v", err)
				}
				defer r3.Close()
				if got := statusString(t, r3); got != "" {
					t.Errorf("Status after Repair: got %q, want clean", got)
				}
				commit(t, r3, "after", t0.Add(5*time.Hour), "after.toml", "x\n")
				if _, err := exec.LookPath("git"); err == nil {
					gitFsck(t, r.Dir())
					gitStatusClean(t, r.Dir())
				}
			}
		})
	}
}

// TestEmptyBranchNeverOrphansHistory guards against the bug the gate in
// Lock fixes: go-git reads an empty branch file as a branch with no
// commit, so a commit made then started a new history without parents and
// left every earlier commit unreachable.
func TestEmptyBranchNeverOrphansHistory(t *testing.T) {
	r, cs := healthRepo(t)
	writeGit(t, r, "", "refs", "heads", "main")
	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer r2.Close()
	unlock, err := r2.Lock(0)
	if err == nil {
		_, cerr := r2.Commit(files("x.toml", "x\n"), "orphan", testSig)
		unlock()
		t.Fatalf("Lock on an empty branch: got the lock (commit: %v), want ErrNeedsRepair", cerr)
	}
	if !errors.Is(err, ErrNeedsRepair) {
		t.Fatalf("Lock: got %v, want ErrNeedsRepair", err)
	}
	if _, _, err := Repair(r.Dir(), RepairOptions{}); err != nil {
		t.Fatal(err)
	}
	c := commit(t, r2, "after repair", t0.Add(5*time.Hour), "x.toml", "x\n")
	if len(c.Parents) != 1 || c.Parents[0] != cs[2].Hash {
		t.Errorf("parents after repair: got %v, want [%s]", c.Parents, cs[2].Hash)
	}
}

func TestRepairRefusesRefOnHealthyBranch(t *testing.T) {
	r, cs := healthRepo(t)
	_, _, err := Repair(r.Dir(), RepairOptions{Ref: cs[0].Hash})
	if err == nil || !strings.Contains(err.Error(), "is fine") {
		t.Fatalf("Repair --ref on a healthy branch: got %v, want a refusal", err)
	}
	if got := readRef(t, r, "refs/heads/main"); got != cs[2].Hash {
		t.Errorf("main: got %s, want %s unmoved", got, cs[2].Hash)
	}
}

func TestRepairRefChoice(t *testing.T) {
	r, cs := healthRepo(t)
	writeGit(t, r, "", "refs", "heads", "main")
	for _, ref := range []string{"zz", "abc", strings.Repeat("f", 12)} {
		if _, _, err := Repair(r.Dir(), RepairOptions{Ref: ref}); err == nil {
			t.Errorf("Repair --ref %s: got nil, want an error", ref)
		}
	}
	if got := readRef(t, r, "refs/heads/main"); got != "" {
		t.Errorf("main after refused choices: got %q, want it untouched", got)
	}
	if _, _, err := Repair(r.Dir(), RepairOptions{Ref: cs[1].Hash}); err != nil {
		t.Fatal(err)
	}
	if got := readRef(t, r, "refs/heads/main"); got != cs[1].Hash {
		t.Errorf("main: got %s, want the chosen %s", got, cs[1].Hash)
	}
}

func TestRepairWhileLocked(t *testing.T) {
	r, _ := healthRepo(t)
	unlock, err := r.Lock(0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, _, err := Repair(r.Dir(), RepairOptions{}); !errors.Is(err, ErrLocked) {
		t.Errorf("Repair while another holds the lock: got %v, want ErrLocked", err)
	}
}

// TestHealthRealGit makes the states with the git command itself.
func TestHealthRealGit(t *testing.T) {
	gitBinary(t)
	setup := func(t *testing.T) *Repo {
		r, _ := healthRepo(t)
		runGit(t, r.Dir(), "switch", "-q", "-c", "side", "HEAD~1")
		runGit(t, r.Dir(), "-c", "user.name=G", "-c", "user.email=g@x", "commit", "-q", "--allow-empty", "-m", "side")
		if err := os.WriteFile(filepath.Join(r.Dir(), "b.toml"), []byte("side\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		runGit(t, r.Dir(), "add", "b.toml")
		runGit(t, r.Dir(), "-c", "user.name=G", "-c", "user.email=g@x", "commit", "-q", "-m", "side b")
		runGit(t, r.Dir(), "switch", "-q", "main")
		return r
	}
	tests := []struct {
		name  string
		state []string // a git command that stops halfway (it fails)
		want  string
		undo  []string
	}{
		{"merge", []string{"merge", "side"}, "git-operation!", []string{"merge", "--abort"}},
		{"rebase", []string{"rebase", "side"}, "git-operation!,detached-head!", []string{"rebase", "--abort"}},
		{"cherry-pick", []string{"cherry-pick", "side"}, "git-operation!", []string{"cherry-pick", "--abort"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := setup(t)
			cmd := exec.Command("git", append([]string{"-c", "user.name=G", "-c", "user.email=g@x"}, tt.state...)...)
			cmd.Dir = r.Dir()
			if out, err := cmd.CombinedOutput(); err == nil {
				t.Fatalf("git %s: succeeded, want a conflict\n%s", tt.state, out)
			}
			ps, err := Diagnose(r.Dir())
			if err != nil {
				t.Fatal(err)
			}
			if got := codes(ps); got != tt.want {
				t.Fatalf("Diagnose: got %s, want %s\n%+v", got, tt.want, ps)
			}
			if _, remaining, err := Repair(r.Dir(), RepairOptions{}); err != nil || codes(remaining) != tt.want {
				t.Errorf("Repair: got %s, %v, want everything left to git", codes(remaining), err)
			}
			runGit(t, r.Dir(), tt.undo...)
			if ps, _ := Diagnose(r.Dir()); len(ps) != 0 {
				t.Errorf("Diagnose after git %s: got %+v, want nothing", strings.Join(tt.undo, " "), ps)
			}
		})
	}
	// A repository cloned with git has refs/remotes/origin/HEAD, a
	// symbolic ref ("ref: refs/remotes/origin/main"): it was read as a
	// ref holding no commit id, and every write of the clone refused.
	t.Run("git clone", func(t *testing.T) {
		r, _ := healthRepo(t)
		dir := filepath.Join(t.TempDir(), "clone")
		runGit(t, filepath.Dir(r.Dir()), "clone", "-q", r.Dir(), dir)
		if got := strings.TrimSpace(runGit(t, dir, "symbolic-ref", "refs/remotes/origin/HEAD")); got != "refs/remotes/origin/main" {
			t.Fatalf("git symbolic-ref refs/remotes/origin/HEAD: got %q, want refs/remotes/origin/main", got)
		}
		if ps, err := Diagnose(dir); err != nil || len(ps) != 0 {
			t.Fatalf("Diagnose of a git clone: got %+v, %v, want nothing", ps, err)
		}
		c, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.mu.Lock()
		err = c.checkWritable()
		c.mu.Unlock()
		if err != nil {
			t.Errorf("checkWritable of a git clone: %v, want it writable", err)
		}
	})
	t.Run("checkout detach", func(t *testing.T) {
		r := setup(t)
		runGit(t, r.Dir(), "checkout", "-q", "--detach", "main")
		fixed, remaining, err := Repair(r.Dir(), RepairOptions{})
		if err != nil || len(remaining) != 0 || codes(fixed) != "detached-head!" {
			t.Fatalf("Repair: got fixed %s, remaining %s, %v", codes(fixed), codes(remaining), err)
		}
		if got := strings.TrimSpace(runGit(t, r.Dir(), "symbolic-ref", "HEAD")); got != "refs/heads/main" {
			t.Errorf("git symbolic-ref HEAD: got %q, want refs/heads/main", got)
		}
		gitFsck(t, r.Dir())
		gitStatusClean(t, r.Dir())
	})
}

// BenchmarkCheckWritable measures the gate every write passes, on a
// repository of ten years.
func BenchmarkCheckWritable(b *testing.B) {
	r := bigRepo(b)
	for b.Loop() {
		r.mu.Lock()
		err := r.checkWritable()
		r.mu.Unlock()
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiagnose measures the full check `myos repair --dry-run` runs.
func BenchmarkDiagnose(b *testing.B) {
	r := bigRepo(b)
	for b.Loop() {
		ps, err := Diagnose(r.Dir())
		if err != nil || len(ps) != 0 {
			b.Fatalf("Diagnose: %+v, %v", ps, err)
		}
	}
}

// TestOpenWithIndexLock guards against a repository that a writer killed
// while it wrote the index would leave unopenable: an index.lock and an
// interrupted commit made Open's repair fail, and with it every command.
func TestOpenWithIndexLock(t *testing.T) {
	r, _ := healthRepo(t)
	writeGit(t, r, "b.toml\n", pendingFile)
	writeGit(t, r, "half an index", "index.lock")
	r2, err := Open(r.Dir())
	if err != nil {
		t.Fatalf("Open: got %v, want it to open", err)
	}
	defer r2.Close()
	if got := statusString(t, r2); got != "" {
		t.Errorf("Status: got %q, want clean", got)
	}
	age(t, gitPath(r, "index.lock"), time.Minute)
	fixed, remaining, err := Repair(r.Dir(), RepairOptions{})
	if err != nil || len(remaining) != 0 || codes(fixed) != "git-lock!,pending-commit" {
		t.Fatalf("Repair: got fixed %s, remaining %s, %v; want the lock and the commit repaired", codes(fixed), codes(remaining), err)
	}
	gitStatusClean(t, r.Dir())
}

// TestLockWaitsForGitLock: a write waits a moment for a git command's lock
// file to go, and refuses, naming it, when it stays.
func TestLockWaitsForGitLock(t *testing.T) {
	r, _ := healthRepo(t)
	writeGit(t, r, "", "index.lock")
	go func() {
		time.Sleep(100 * time.Millisecond)
		os.Remove(gitPath(r, "index.lock"))
	}()
	unlock, err := r.Lock(0)
	if err != nil {
		t.Fatalf("Lock while git briefly holds index.lock: %v", err)
	}
	unlock()

	writeGit(t, r, "", "refs", "heads", "main.lock")
	_, err = r.Lock(0)
	if !errors.Is(err, ErrNeedsRepair) || !strings.Contains(err.Error(), ".git/refs/heads/main.lock exists") {
		t.Errorf("Lock while a ref lock stays: got %v, want a StateError naming it", err)
	}
}

// TestRemoteStaleRefLock guards against a remote that a sync killed while
// it pushed left unusable: its empty refs/heads/main.lock made every fetch
// fail ("ref file is empty") and every push wait for it in vain. A lock
// that old is cleared; the push now locks only after the objects are in.
func TestRemoteStaleRefLock(t *testing.T) {
	a, url, dir := publish(t, "a.toml", "1\n")
	lock := filepath.Join(dir, "refs", "heads", "main.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, lock, time.Minute)
	b := cloneTo(t, url)
	base := headOf(t, a)
	if got := headOf(t, b); got != base {
		t.Fatalf("clone: got %s, want %s", got, base)
	}
	commit(t, b, "from b", t0.Add(time.Hour), "b.toml", "b\n")
	if err := locked(t, b, func() error { return b.Push(context.Background(), DefaultRemote, base, nil) }); err != nil {
		t.Fatalf("Push: %v", err)
	}
	if got := remoteHead(t, dir); got != headOf(t, b) {
		t.Errorf("remote: got %s, want %s", got, headOf(t, b))
	}
	if _, err := os.Stat(lock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale lock after a push: got %v, want it removed", err)
	}
}

// TestCreateLockFile: the lock file appears whole or not at all, and a
// taken one is refused with os.ErrExist, leaving no temporary file.
func TestCreateLockFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, LockFile)
	if err := createLockFile(path, []byte("first\n")); err != nil {
		t.Fatal(err)
	}
	if err := createLockFile(path, []byte("second\n")); !errors.Is(err, os.ErrExist) {
		t.Errorf("second create: got %v, want os.ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first\n" {
		t.Errorf("lock file: got %q, want the first content", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files: got %d, want only the lock file", len(entries))
	}
}

// TestFetchKeepsTrackingRefWhole guards against go-git's in-place ref
// writes: the remote-tracking ref a fetch writes goes through the ref's
// lock file and is renamed into place, so that it is never seen empty.
func TestFetchKeepsTrackingRefWhole(t *testing.T) {
	a, url, dir := publish(t, "a.toml", "1\n")
	b := cloneTo(t, url)
	was := remoteHead(t, dir)
	commit(t, a, "more", t0.Add(time.Hour), "a.toml", "2\n")
	if err := locked(t, a, func() error { return a.Push(context.Background(), DefaultRemote, was, nil) }); err != nil {
		t.Fatalf("Push: %v", err)
	}
	tracking := filepath.Join(b.Dir(), ".git", "refs", "remotes", DefaultRemote, DefaultBranch)
	before, err := os.Lstat(tracking)
	if err != nil {
		t.Fatal(err)
	}
	if err := locked(t, b, func() error { _, err := b.Fetch(context.Background(), DefaultRemote, nil); return err }); err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	after, err := os.Lstat(tracking)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, after) {
		t.Errorf("the tracking ref was rewritten in place, want a new file renamed over it")
	}
	if got := readRef(t, b, "refs/remotes/origin/main"); got != headOf(t, a) {
		t.Errorf("tracking ref: got %q, want %s", got, headOf(t, a))
	}
}
