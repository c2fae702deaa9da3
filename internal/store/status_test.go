package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func statusString(t *testing.T, r *Repo) string {
	t.Helper()
	st, err := r.Status()
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	var parts []string
	for _, s := range st {
		parts = append(parts, string(s.State)+" "+s.Path)
	}
	return strings.Join(parts, ", ")
}

// plainStatus is statusString of a Repo opened afresh on dir, without a
// cache or early stat data: the answer the others must give.
func plainStatus(t *testing.T, dir string) string {
	t.Helper()
	plain, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	return statusString(t, plain)
}

func TestStatus(t *testing.T) {
	setup := func(t *testing.T) *Repo {
		r := newRepo(t)
		commit(t, r, "first", t0,
			"os.toml", "name = \"A\"\n",
			"routines.toml", "[[routine]]\n",
			".gitignore", "*.bak\nscratch/\n",
			"reviews/2026/2026-01-01.toml", "done = true\n",
			"templates/x.toml", "x\n")
		return r
	}
	write := func(t *testing.T, r *Repo, p, data string) {
		abs := filepath.Join(r.Dir(), filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		edit func(t *testing.T, r *Repo)
		want string
	}{
		{"clean", func(t *testing.T, r *Repo) {}, ""},
		{"modified", func(t *testing.T, r *Repo) { write(t, r, "os.toml", "name = \"B\"\n") }, "modified os.toml"},
		{"modified same size", func(t *testing.T, r *Repo) {
			write(t, r, "os.toml", "name = \"Z\"\n")
		}, "modified os.toml"},
		{"modified nested", func(t *testing.T, r *Repo) {
			write(t, r, "reviews/2026/2026-01-01.toml", "done = false\n")
		}, "modified reviews/2026/2026-01-01.toml"},
		{"deleted", func(t *testing.T, r *Repo) {
			os.Remove(filepath.Join(r.Dir(), "routines.toml"))
		}, "deleted routines.toml"},
		{"deleted directory", func(t *testing.T, r *Repo) {
			os.RemoveAll(filepath.Join(r.Dir(), "reviews"))
		}, "deleted reviews/2026/2026-01-01.toml"},
		{"file replaced by directory", func(t *testing.T, r *Repo) {
			os.Remove(filepath.Join(r.Dir(), "routines.toml"))
			write(t, r, "routines.toml/x", "x\n")
		}, "deleted routines.toml"},
		{"executable bit", func(t *testing.T, r *Repo) {
			os.Chmod(filepath.Join(r.Dir(), "os.toml"), 0o755)
		}, "modified os.toml"},
		{"added top level and under reviews", func(t *testing.T, r *Repo) {
			write(t, r, "themes.toml", "[[theme]]\n")
			write(t, r, "reviews/2026/2026-01-02.toml", "x\n")
			write(t, r, "reviews/2027/deep/note.toml", "x\n")
			write(t, r, "elsewhere/new.toml", "not reported\n")
			write(t, r, "templates/y.toml", "not reported\n")
		}, "added reviews/2026/2026-01-02.toml, added reviews/2027/deep/note.toml, added themes.toml"},
		{"ignored", func(t *testing.T, r *Repo) {
			write(t, r, "os.toml~", "x")
			write(t, r, ".os.toml.swp", "x")
			write(t, r, "#os.toml#", "x")
			write(t, r, ".#os.toml", "x")
			write(t, r, ".os.toml"+tempMarker+"123", "x")
			write(t, r, "old.bak", "x")
			write(t, r, "reviews/2026/draft.toml.bak", "x")
			write(t, r, "reviews/scratch/a.toml", "x")
			write(t, r, "reviews/2026/.2026-01-01.toml.swp", "x")
		}, ""},
		{"touched but unchanged", func(t *testing.T, r *Repo) {
			later := time.Now().Add(time.Hour)
			for _, p := range []string{"os.toml", "reviews/2026/2026-01-01.toml"} {
				if err := os.Chtimes(filepath.Join(r.Dir(), p), later, later); err != nil {
					t.Fatal(err)
				}
			}
		}, ""},
		{"rewritten with the same content", func(t *testing.T, r *Repo) {
			write(t, r, "os.toml", "name = \"A\"\n")
		}, ""},
		{"reviews replaced by a link to a folder outside", func(t *testing.T, r *Repo) {
			outside := t.TempDir()
			if err := os.MkdirAll(filepath.Join(outside, "2026"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(outside, "2026", "x.toml"), []byte("x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			os.RemoveAll(filepath.Join(r.Dir(), "reviews"))
			if err := os.Symlink(outside, filepath.Join(r.Dir(), "reviews")); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
		}, "added reviews, deleted reviews/2026/2026-01-01.toml"},
		{"mixed", func(t *testing.T, r *Repo) {
			write(t, r, "os.toml", "changed\n")
			os.Remove(filepath.Join(r.Dir(), "templates/x.toml"))
			write(t, r, "priorities.toml", "[[priority]]\n")
		}, "modified os.toml, added priorities.toml, deleted templates/x.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := setup(t)
			tt.edit(t, r)
			got := statusString(t, r)
			// Order is by path; compare as sets of lines.
			if !sameSet(got, tt.want) {
				t.Errorf("Status: got %q, want %q", got, tt.want)
			}
			// StatusOf, asked about each path Status could report here,
			// agrees with Status on each.
			paths := []string{"os.toml", "routines.toml", "themes.toml", "priorities.toml", ".gitignore",
				"reviews/2026/2026-01-01.toml", "reviews/2026/2026-01-02.toml", "reviews/2027/deep/note.toml",
				"templates/x.toml", "os.toml~", ".os.toml.swp", "#os.toml#", "old.bak",
				"reviews/2026/draft.toml.bak", "reviews/scratch/a.toml", "nowhere.toml", "routines.toml", "reviews"}
			st, err := r.StatusOf(paths)
			if err != nil {
				t.Fatalf("StatusOf: %v", err)
			}
			var parts []string
			for _, s := range st {
				parts = append(parts, string(s.State)+" "+s.Path)
			}
			if got := strings.Join(parts, ", "); !sameSet(got, tt.want) {
				t.Errorf("StatusOf: got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestStatusOfAnywhere: a new file StatusOf is asked about is reported
// wherever it is; Status looks for new files only at the top level and
// under reviews/.
func TestStatusOfAnywhere(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "os.toml", "a\n")
	for _, p := range []string{"templates/y.toml", ".myos/templates/x/os.toml"} {
		abs := filepath.Join(r.Dir(), filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := statusString(t, r); got != "" {
		t.Errorf("Status: got %q, want nothing", got)
	}
	st, err := r.StatusOf([]string{"templates/y.toml", ".myos/templates/x/os.toml", "os.toml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 2 || st[0] != (FileStatus{".myos/templates/x/os.toml", StateAdded}) || st[1] != (FileStatus{"templates/y.toml", StateAdded}) {
		t.Errorf("StatusOf: got %v, want both new files added", st)
	}
}

func sameSet(a, b string) bool {
	split := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, p := range strings.Split(s, ", ") {
			if p != "" {
				m[p] = true
			}
		}
		return m
	}
	x, y := split(a), split(b)
	if len(x) != len(y) {
		return false
	}
	for k := range x {
		if !y[k] {
			return false
		}
	}
	return true
}

func TestStatusEmptyRepo(t *testing.T) {
	r := newRepo(t)
	if got := statusString(t, r); got != "" {
		t.Errorf("Status: got %q, want clean", got)
	}
	if err := os.WriteFile(filepath.Join(r.Dir(), "os.toml"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := statusString(t, r); got != "added os.toml" {
		t.Errorf("Status: got %q, want added os.toml", got)
	}
}

// TestStatusIgnoresIndexContent guards that Status compares with HEAD and
// not with what the index says: an index entry pointing at another blob,
// with matching stat data, must not make a file look clean or dirty.
func TestStatusIgnoresIndexContent(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "a.toml", "1\n")
	commit(t, r, "second", t0.Add(time.Hour), "a.toml", "2\n")
	// Put the first version back in the work tree and point the index at
	// it with fresh stat data, as `git checkout HEAD~1 -- a.toml` would.
	abs := filepath.Join(r.Dir(), "a.toml")
	if err := os.WriteFile(abs, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	idx, _, _, err := r.readIndex()
	if err == nil {
		old, _ := r.resolve("HEAD~1")
		tree, _ := r.commitTree(old)
		err = r.setIndexEntries(idx, tree, []string{"a.toml"})
	}
	if err == nil {
		err = r.writeIndex(idx)
	}
	r.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if got := statusString(t, r); got != "modified a.toml" {
		t.Errorf("Status: got %q, want modified a.toml", got)
	}
}

func TestCommitChanges(t *testing.T) {
	r := newRepo(t)
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := r.Commit(files("a.toml", "1\n", "reviews/2026/x.toml", "x\n"), "first\n\n", testSig); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		changes []Change
		msg     string
		wantErr error
		files   string
	}{
		{"nothing", nil, "empty", ErrNothingToCommit, "a.toml,reviews/2026/x.toml"},
		{"same content", files("a.toml", "1\n"), "same", ErrNothingToCommit, "a.toml,reviews/2026/x.toml"},
		{"delete missing", files("zzz.toml", "-"), "nothing", ErrNothingToCommit, "a.toml,reviews/2026/x.toml"},
		{"add", files("b.toml", "b\n"), "add", nil, "a.toml,b.toml,reviews/2026/x.toml"},
		{"delete last in dir", files("reviews/2026/x.toml", "-"), "del", nil, "a.toml,b.toml"},
		{"new deep dir", files("reviews/2027/01/x.toml", "x\n"), "deep", nil, "a.toml,b.toml,reviews/2027/01/x.toml"},
		{"file in the way", files("a.toml/x", "x\n"), "bad", nil, ""},
		{"dir in the way", files("reviews", "x\n"), "bad", nil, ""},
		{"bad path", files("../x", "x\n"), "bad", nil, ""},
		{"git path", files(".git/config", "x\n"), "bad", nil, ""},
		{"twice", files("c.toml", "1", "c.toml", "2"), "bad", nil, ""},
		{"empty message", files("c.toml", "1"), " \n", nil, ""},
	}
	for _, tt := range tests {
		_, err := r.Commit(tt.changes, tt.msg, testSig)
		switch {
		case tt.files == "":
			if err == nil {
				t.Errorf("%s: Commit: got nil error, want one", tt.name)
			}
			continue
		case !errors.Is(err, tt.wantErr) && !(tt.wantErr == nil && err == nil):
			t.Errorf("%s: Commit: got %v, want %v", tt.name, err, tt.wantErr)
		}
		if got := strings.Join(headFiles(t, r), ","); got != tt.files {
			t.Errorf("%s: HEAD files: got %s, want %s", tt.name, got, tt.files)
		}
		if got := statusString(t, r); got != "" {
			t.Errorf("%s: Status: got %q, want clean", tt.name, got)
		}
	}
	if _, err := os.Stat(filepath.Join(r.Dir(), "reviews", "2026")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("emptied directory: got %v, want it removed", err)
	}
	head, _ := r.Head()
	if head.Message != "deep" {
		t.Errorf("Head message: got %q, want deep", head.Message)
	}
	c, err := r.CommitWith(nil, "empty on purpose", testSig, CommitOptions{AllowEmpty: true})
	if err != nil || len(c.Parents) != 1 || c.Parents[0] != head.Hash {
		t.Errorf("AllowEmpty: got %+v, %v, want a commit on HEAD", c, err)
	}
	first, _ := r.Log(LogOptions{From: "HEAD~4"})
	if len(first) != 1 || first[0].Message != "first" {
		t.Errorf("first message: got %q, want it without trailing newlines", messages(first))
	}
}

func TestCommitNeedsLock(t *testing.T) {
	r := newRepo(t)
	if _, err := r.Commit(files("a", "1"), "x", testSig); !errors.Is(err, ErrNotLocked) {
		t.Errorf("Commit without lock: got %v, want ErrNotLocked", err)
	}
	if err := r.Maintain(); !errors.Is(err, ErrNotLocked) {
		t.Errorf("Maintain without lock: got %v, want ErrNotLocked", err)
	}
	unlock, err := r.Lock(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Signature{{Name: "", Email: "a@b"}, {Name: "A <x>", Email: "a@b"}, {Name: "A", Email: "a\n@b"}} {
		if _, err := r.Commit(files("a", "1"), "x", s); err == nil {
			t.Errorf("Commit with author %+v: got nil error, want one", s)
		}
	}
	unlock()
	if _, err := r.Commit(files("a", "1"), "x", testSig); !errors.Is(err, ErrNotLocked) {
		t.Errorf("Commit after unlock: got %v, want ErrNotLocked", err)
	}
}

// TestStatusUsesStatData guards the fast path: files whose size and mtime
// match the index are not read, and only touched files are.
func TestStatusUsesStatData(t *testing.T) {
	r := newRepo(t)
	var pairs []string
	for i := 0; i < 50; i++ {
		pairs = append(pairs, fmt.Sprintf("reviews/2026/%02d.toml", i), fmt.Sprintf("n = %d\n", i))
	}
	commit(t, r, "first", t0, pairs...)
	// Files written in the same clock tick as the index are "racy" and
	// always read; let the index be clearly newer, as it is a moment later.
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(filepath.Join(r.Dir(), ".git", "index"), later, later); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name       string
		edit       func()
		wantStatus string
		wantRead   int
	}{
		{"clean", func() {}, "", 0},
		{"touched", func() {
			os.Chtimes(filepath.Join(r.Dir(), "reviews/2026/07.toml"), later, later)
		}, "", 1},
		{"modified", func() {
			os.WriteFile(filepath.Join(r.Dir(), "reviews/2026/08.toml"), []byte("changed\n"), 0o644)
		}, "modified reviews/2026/08.toml", 2},
	}
	for _, s := range steps {
		s.edit()
		if got := statusString(t, r); got != s.wantStatus {
			t.Errorf("%s: Status: got %q, want %q", s.name, got, s.wantStatus)
		}
		if r.lastHashed != s.wantRead {
			t.Errorf("%s: files read: got %d, want %d", s.name, r.lastHashed, s.wantRead)
		}
	}
}

// TestStatusLargeFolder: a folder of more records than one job stats is
// split between jobs; a change in any of its parts and a new file in it
// are still seen.
func TestStatusLargeFolder(t *testing.T) {
	r := newRepo(t)
	var pairs []string
	for i := 0; i < 300; i++ {
		pairs = append(pairs, fmt.Sprintf("reviews/2026/r%03d.toml", i), fmt.Sprintf("n = %d\n", i))
	}
	commit(t, r, "records", t0, pairs...)
	if got := statusString(t, r); got != "" {
		t.Fatalf("clean: got %q", got)
	}
	dir := filepath.Join(r.Dir(), "reviews", "2026")
	for _, name := range []string{"r000.toml", "r130.toml", "r299.toml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("n = -1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(dir, "r200.toml"))
	os.WriteFile(filepath.Join(dir, "r300.toml"), []byte("n = 300\n"), 0o644)
	want := "modified reviews/2026/r000.toml, modified reviews/2026/r130.toml, deleted reviews/2026/r200.toml, " +
		"modified reviews/2026/r299.toml, added reviews/2026/r300.toml"
	if got := statusString(t, r); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestLeftTemps guards the status hint about an interrupted write's
// temporary files: counted where status looks (the top, reviews/), and not
// while a write holds the lock, whose own files are there for a moment.
func TestLeftTemps(t *testing.T) {
	r := newRepo(t)
	if statusString(t, r); r.LeftTemps() != 0 {
		t.Fatalf("no temporary files: got %d", r.LeftTemps())
	}
	for _, p := range []string{".routines.toml" + tempMarker + "1", "reviews/2026/.2026-11-24.toml" + tempMarker + "2"} {
		full := filepath.Join(r.Dir(), filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := statusString(t, r); strings.Contains(got, tempMarker) {
		t.Errorf("status lists them: %s", got)
	}
	if got := r.LeftTemps(); got != 2 {
		t.Errorf("got %d, want 2", got)
	}
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.LeftTemps(); got != 0 {
		t.Errorf("while a write holds the lock: got %d, want 0", got)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if got := r.LeftTemps(); got != 2 {
		t.Errorf("after: got %d, want 2", got)
	}
}

// TestLeftTempsWriteEnded guards against the status hint naming a
// temporary file that another myos's write had for a moment: status saw
// it while the write held the lock, and the write ended (its file renamed
// into place, the lock let go) before status looked at the lock. Nothing
// was left, and `myos repair` has nothing to remove.
func TestLeftTempsWriteEnded(t *testing.T) {
	r := newRepo(t)
	other, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	unlock, err := other.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	temp := filepath.Join(r.Dir(), ".routines.toml"+tempMarker+"1")
	if err := os.WriteFile(temp, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	statusString(t, r)
	// The other write ends: its file takes its name, the lock is let go.
	if err := os.Rename(temp, filepath.Join(r.Dir(), "routines.toml")); err != nil {
		t.Fatal(err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if got := r.LeftTemps(); got != 0 {
		t.Errorf("got %d temporary files left, want 0: the write that had one ended", got)
	}
}
