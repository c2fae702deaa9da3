package store

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// symlink makes a symbolic link, or skips the test where there are none
// (Windows without the right to make them).
func symlink(t testing.TB, target, link string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need extra rights on Windows")
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// treeOf lists everything under dir, links as "path -> target" and not
// followed, files with their content: what a refused write must leave as
// it was.
func treeOf(t testing.TB, dir string) string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out = append(out, rel+" -> "+target)
		case d.IsDir():
			out = append(out, rel+"/")
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, rel+": "+string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func TestLinkOf(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	for _, d := range []string{"real/os/reviews/2026", "real/os/notes", "elsewhere/2025"} {
		if err := os.MkdirAll(filepath.Join(base, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(real, "os", "routines.toml"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The work tree is reached through a link, as ~/os -> /data/os.
	symlink(t, real, filepath.Join(base, "via"))
	dir := filepath.Join(base, "via", "os")
	symlink(t, filepath.Join(base, "elsewhere", "2025"), filepath.Join(real, "os", "reviews", "2025"))
	symlink(t, "routines.toml", filepath.Join(real, "os", "os.toml"))
	symlink(t, "reviews", filepath.Join(real, "os", "archive"))

	tests := []struct {
		path       string
		link, from string // want: the link, what it names; "" for none
	}{
		{"routines.toml", "", ""},
		{"reviews/2026/2026-01-01.toml", "", ""},
		{"reviews/2027/2027-01-01.toml", "", ""},
		{"nowhere/deep/x.toml", "", ""},
		{"routines.toml/x", "", ""},
		{"os.toml", "os.toml", "routines.toml"},
		{"reviews/2025", "reviews/2025", filepath.Join(base, "elsewhere", "2025")},
		{"reviews/2025/2025-01-01.toml", "reviews/2025", filepath.Join(base, "elsewhere", "2025")},
		{"archive/2026/2026-01-01.toml", "archive", "reviews"},
	}
	for _, tt := range tests {
		le := LinkOf(dir, tt.path)
		switch {
		case tt.link == "" && le != nil:
			t.Errorf("LinkOf(%s): got %v, want none", tt.path, le)
		case tt.link == "":
		case le == nil:
			t.Errorf("LinkOf(%s): got none, want %s -> %s", tt.path, tt.link, tt.from)
		case le.Link != tt.link || le.Target != tt.from || le.Path != tt.path || le.Dir != dir:
			t.Errorf("LinkOf(%s): got %+v, want %s -> %s", tt.path, *le, tt.link, tt.from)
		}
	}
}

// TestStatusBeyondLink: a folder of tracked files replaced by a symbolic
// link, wherever the link points and whatever is there, holds none of
// them, as git sees it: they are deleted and the link is new.
func TestStatusBeyondLink(t *testing.T) {
	tests := []struct {
		name string
		link string // the folder replaced by a link to a copy of it
		edit string // a file of the copy changed, "" for none
		want string
	}{
		{"year folder", "reviews/2026", "", "added reviews/2026, deleted reviews/2026/2026-01-01.toml, deleted reviews/2026/2026-01-02.toml"},
		{"year folder, a record changed beyond it", "reviews/2026", "2026-01-01.toml", "added reviews/2026, deleted reviews/2026/2026-01-01.toml, deleted reviews/2026/2026-01-02.toml"},
		{"reviews", "reviews", "", "added reviews, deleted reviews/2026/2026-01-01.toml, deleted reviews/2026/2026-01-02.toml"},
		{".myos", ".myos", "template.toml", "added .myos, deleted .myos/template.toml, deleted .myos/templates/t/os.toml"},
		{"a folder where new files are not looked for", ".myos/templates", "", "added .myos/templates, deleted .myos/templates/t/os.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			commit(t, r, "first", t0, "os.toml", "a\n",
				"reviews/2026/2026-01-01.toml", "one\n", "reviews/2026/2026-01-02.toml", "two\n",
				".myos/template.toml", "t\n", ".myos/templates/t/os.toml", "t\n")
			abs := filepath.Join(r.Dir(), filepath.FromSlash(tt.link))
			copyTo := filepath.Join(t.TempDir(), "copy")
			if err := os.Rename(abs, copyTo); err != nil {
				t.Fatal(err)
			}
			symlink(t, copyTo, abs)
			if tt.edit != "" {
				if err := os.WriteFile(filepath.Join(copyTo, tt.edit), []byte("changed\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := statusString(t, r); got != tt.want {
				t.Errorf("Status: got %q, want %q", got, tt.want)
			}
			if got := plainStatus(t, r.Dir()); got != tt.want {
				t.Errorf("Status, opened afresh: got %q, want %q", got, tt.want)
			}
			// StatusOf agrees on the tracked files, and on the link.
			paths := []string{"os.toml", "reviews/2026/2026-01-01.toml", "reviews/2026/2026-01-02.toml",
				".myos/template.toml", ".myos/templates/t/os.toml", tt.link, tt.link + "/new.toml"}
			st, err := r.StatusOf(paths)
			if err != nil {
				t.Fatal(err)
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

// TestStatusBeyondLinkAsGit holds Status to git's own view of a folder
// replaced by a link.
func TestStatusBeyondLinkAsGit(t *testing.T) {
	gitBinary(t)
	r := newRepo(t)
	commit(t, r, "first", t0, "os.toml", "a\n", "reviews/2025/2025-12-31.toml", "old\n",
		"reviews/2026/2026-01-01.toml", "one\n", ".myos/templates/t/os.toml", "t\n")
	for _, p := range []string{"reviews/2026", ".myos/templates"} {
		abs := filepath.Join(r.Dir(), filepath.FromSlash(p))
		copyTo := filepath.Join(t.TempDir(), "copy")
		if err := os.Rename(abs, copyTo); err != nil {
			t.Fatal(err)
		}
		symlink(t, copyTo, abs)
	}
	var fromGit []string
	for _, line := range strings.Split(strings.TrimSpace(runGit(t, r.Dir(), "status", "--porcelain", "--untracked-files=all")), "\n") {
		state, p, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch state {
		case "D":
			fromGit = append(fromGit, "deleted "+p)
		case "??":
			fromGit = append(fromGit, "added "+p)
		default:
			t.Fatalf("git status: unexpected %q", line)
		}
	}
	if got, want := statusString(t, r), strings.Join(fromGit, ", "); !sameSet(got, want) {
		t.Errorf("Status: got %q, git says %q", got, want)
	}
}

// TestWritesRefuseLinks: no write goes through a symbolic link in the work
// tree, or replaces one. Each is refused with a *LinkError before anything
// is written: the folder, what the link points at and the history are as
// before, and the link is still there.
func TestWritesRefuseLinks(t *testing.T) {
	tests := []struct {
		name string
		link string // the path made a link to a copy of what it was
		op   func(r *Repo, ahead string) error
		want string // the link the error names
	}{
		{"a record written into a year folder that is a link", "reviews/2026",
			func(r *Repo, _ string) error {
				_, err := r.Commit(files("reviews/2026/2026-01-03.toml", "new\n"), "review", sigAt(t0.Add(time.Hour)))
				return err
			}, "reviews/2026"},
		{"a record written into a new year under reviews that is a link", "reviews",
			func(r *Repo, _ string) error {
				_, err := r.Commit(files("reviews/2027/2027-01-01.toml", "new\n", "os.toml", "b\n"), "review", sigAt(t0.Add(time.Hour)))
				return err
			}, "reviews"},
		{"a record deleted beyond a link", "reviews",
			func(r *Repo, _ string) error {
				_, err := r.Commit(files("reviews/2026/2026-01-02.toml", "-"), "undo", sigAt(t0.Add(time.Hour)))
				return err
			}, "reviews"},
		{"a file written over a link", "os.toml",
			func(r *Repo, _ string) error {
				_, err := r.Commit(files("os.toml", "b\n"), "set", sigAt(t0.Add(time.Hour)))
				return err
			}, "os.toml"},
		{"a link of a new folder deleted as a file", "reviews/2027",
			func(r *Repo, _ string) error {
				_, err := r.Commit(files("reviews/2027", "-", "os.toml", "b\n"), "rm", sigAt(t0.Add(time.Hour)))
				return err
			}, "reviews/2027"},
		{"a restore through a link", "reviews/2026",
			func(r *Repo, _ string) error {
				return r.Restore([]string{"reviews/2026/2026-01-01.toml"})
			}, "reviews/2026"},
		{"a fast-forward through a link", ".myos",
			func(r *Repo, ahead string) error {
				_, err := r.FastForward(ahead)
				return err
			}, ".myos"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			head := commit(t, r, "first", t0, "os.toml", "a\n",
				"reviews/2026/2026-01-01.toml", "one\n", "reviews/2026/2026-01-02.toml", "two\n",
				".myos/template.toml", "t\n")
			ahead := sideCommit(t, r, head.Hash, "from elsewhere", t0.Add(time.Hour),
				".myos/template.toml", "t2\n", "reviews/2026/2026-01-03.toml", "three\n")
			abs := filepath.Join(r.Dir(), filepath.FromSlash(tt.link))
			copyTo := filepath.Join(t.TempDir(), "copy")
			if _, err := os.Lstat(abs); err == nil {
				if err := os.Rename(abs, copyTo); err != nil {
					t.Fatal(err)
				}
			} else if err := os.MkdirAll(copyTo, 0o755); err != nil {
				t.Fatal(err)
			}
			symlink(t, copyTo, abs)
			before, beyond := treeOf(t, r.Dir()), treeOf(t, filepath.Dir(copyTo))

			unlock, err := r.Lock(time.Second)
			if err != nil {
				t.Fatal(err)
			}
			err = tt.op(r, ahead)
			unlock()
			var le *LinkError
			if !errors.As(err, &le) || le.Link != tt.link || le.Target != copyTo {
				t.Fatalf("got %v, want a *LinkError for %s -> %s", err, tt.link, copyTo)
			}
			if got := treeOf(t, r.Dir()); got != before {
				t.Errorf("the folder changed:\ngot\n%s\nwant\n%s", got, before)
			}
			if got := treeOf(t, filepath.Dir(copyTo)); got != beyond {
				t.Errorf("what the link points at changed:\ngot\n%s\nwant\n%s", got, beyond)
			}
			if now, err := r.Head(); err != nil || now.Hash != head.Hash {
				t.Errorf("HEAD: got %s (%v), want %s", now.Hash, err, head.Hash)
			}
		})
	}
}

// TestWorkTreeThroughLink: the work tree's own path may go through links
// (~/os -> /data/os, or a home folder that is a link): writes, Status and
// Restore work as anywhere else, and git sees the same.
func TestWorkTreeThroughLink(t *testing.T) {
	for _, how := range []string{"a folder above it", "the folder itself"} {
		t.Run(how, func(t *testing.T) {
			base := t.TempDir()
			real := filepath.Join(base, "data", "os")
			if err := os.MkdirAll(real, 0o755); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(base, "home", "os")
			if how == "a folder above it" {
				symlink(t, filepath.Join(base, "data"), filepath.Join(base, "home"))
			} else {
				if err := os.MkdirAll(filepath.Join(base, "home"), 0o755); err != nil {
					t.Fatal(err)
				}
				symlink(t, real, dir)
			}
			r, err := Init(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			commit(t, r, "first", t0, "os.toml", "a\n", "reviews/2026/2026-01-01.toml", "one\n")
			commit(t, r, "second", t0.Add(time.Hour), "reviews/2026/2026-01-02.toml", "two\n", "reviews/2026/2026-01-01.toml", "-")
			if got := statusString(t, r); got != "" {
				t.Errorf("Status: got %q, want clean", got)
			}
			if err := os.WriteFile(filepath.Join(dir, "os.toml"), []byte("edit\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			unlock, err := r.Lock(time.Second)
			if err != nil {
				t.Fatal(err)
			}
			err = r.Restore([]string{"os.toml"})
			unlock()
			if err != nil {
				t.Fatalf("Restore: %v", err)
			}
			if got := plainStatus(t, dir); got != "" {
				t.Errorf("Status after Restore: got %q, want clean", got)
			}
			if got, err := os.ReadFile(filepath.Join(real, "reviews", "2026", "2026-01-02.toml")); err != nil || string(got) != "two\n" {
				t.Errorf("the record, in the real folder: got %q (%v)", got, err)
			}
			if _, err := os.Lstat(filepath.Join(real, "reviews", "2026", "2026-01-01.toml")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the deleted record: got %v, want it gone", err)
			}
			if _, err := exec.LookPath("git"); err == nil {
				if out := runGit(t, dir, "status", "--porcelain"); out != "" {
					t.Errorf("git status --porcelain: got %q, want clean", out)
				}
			}
		})
	}
}

// TestCrashThroughLink: a commit killed at any stage, in a work tree
// reached through a link and holding an ignored link of its own that the
// commit does not touch, leaves what it always leaves: before the branch
// moves, HEAD as it was and the files written as uncommitted changes;
// after, the commit, which Open finishes. (That a refused commit writes
// nothing is TestWritesRefuseLinks'.)
func TestCrashThroughLink(t *testing.T) {
	for _, stage := range []string{"before-ref", "before-index"} {
		t.Run(stage, func(t *testing.T) {
			base := t.TempDir()
			if err := os.MkdirAll(filepath.Join(base, "data", "os"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(base, "notes"), 0o755); err != nil {
				t.Fatal(err)
			}
			symlink(t, filepath.Join(base, "data"), filepath.Join(base, "home"))
			r, err := Init(filepath.Join(base, "home", "os"), "")
			if err != nil {
				t.Fatal(err)
			}
			first := commit(t, r, "first", t0, "os.toml", "1\n", "reviews/2026/2026-01-01.toml", "one\n", ".gitignore", "/notes\n")
			symlink(t, filepath.Join(base, "notes"), filepath.Join(r.Dir(), "notes"))
			crashCommit(t, r, stage, "os.toml", "2\n", "reviews/2026/2026-01-02.toml", "two\n")

			r2, err := Open(r.Dir())
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			head, err := r2.Head()
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if stage == "before-ref" {
				if head.Hash != first.Hash {
					t.Errorf("Head: got %s, want the first commit still", head.Short)
				}
				want = "modified os.toml, added reviews/2026/2026-01-02.toml"
			} else if head.Message != "crashing" {
				t.Errorf("Head: got %q, want the crashed commit in place", head.Message)
			}
			if got := statusString(t, r2); got != want {
				t.Errorf("Status: got %q, want %q", got, want)
			}
			if fi, err := os.Lstat(filepath.Join(r.Dir(), "notes")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("notes: got %v, want the link kept", err)
			}
			if stage == "before-index" {
				gitStatusClean(t, r.Dir())
			}
		})
	}
}

// TestRepairTempFilesThroughLink: the temporary files an interrupted write
// leaves are found and removed in a work tree reached through a link
// (~/os -> /data/os) as anywhere else, and one beyond a link inside the
// work tree, which is not the store's, is left alone. Regression: the
// walk started at the work tree's own path, a link, and saw nothing in it.
func TestRepairTempFilesThroughLink(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "data", "os")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "os")
	symlink(t, real, dir)
	r, err := Init(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	commit(t, r, "first", t0, "os.toml", "a\n", "reviews/2026/2026-01-01.toml", "one\n")
	r.Close()
	disk := filepath.Join(base, "disk")
	if err := os.MkdirAll(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, disk, filepath.Join(real, "notes"))
	left := filepath.Join(real, ".os.toml"+tempMarker+"1")
	theirs := filepath.Join(disk, ".x.toml"+tempMarker+"2")
	for _, p := range []string{left, theirs} {
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	ps, err := Diagnose(dir)
	if err != nil {
		t.Fatalf("Diagnose: %v", err)
	}
	if got := codes(ps); got != ProblemTempFiles {
		t.Fatalf("Diagnose: got %q, want %s\n%+v", got, ProblemTempFiles, ps)
	}
	if !strings.Contains(ps[0].Message, "1 temporary file was") {
		t.Errorf("Diagnose: got %q, want the one file in the work tree", ps[0].Message)
	}
	if _, _, err := Repair(dir, RepairOptions{}); err != nil {
		t.Fatalf("Repair: %v", err)
	}
	if _, err := os.Lstat(left); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the temporary file in the work tree: got %v, want it removed", err)
	}
	if _, err := os.Lstat(theirs); err != nil {
		t.Errorf("the file beyond the link in the work tree: got %v, want it left alone", err)
	}
}

// TestFirstLink: of paths in path order, the first in the way of a link
// is named; when it is the link itself and others lie beyond it, one of
// those is, so that the error says the link stands in place of a folder
// even when what it names is missing (a disk not mounted). Regression:
// status said "in place of a folder" and commit, undo and sync, naming the
// link alone, told the person to copy a file over it.
func TestFirstLink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "os")
	if err := os.MkdirAll(filepath.Join(dir, "reviews"), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(t.TempDir(), "unmounted", "2026"), filepath.Join(dir, "reviews", "2026"))
	symlink(t, "routines.real", filepath.Join(dir, "routines.toml"))
	tests := []struct {
		paths      []string
		path, link string // want; "" for none
	}{
		{[]string{"os.toml", "reviews/2025/2025-01-01.toml"}, "", ""},
		{[]string{"reviews/2026", "reviews/2026/2026-01-01.toml", "reviews/2026/2026-01-02.toml"}, "reviews/2026/2026-01-01.toml", "reviews/2026"},
		{[]string{"reviews/2026"}, "reviews/2026", "reviews/2026"},
		{[]string{"os.toml", "routines.toml", "reviews/2026/2026-01-01.toml"}, "routines.toml", "routines.toml"},
		{[]string{""}, "", ""},
	}
	for _, tt := range tests {
		le := FirstLink(dir, tt.paths)
		switch {
		case tt.path == "" && le != nil:
			t.Errorf("FirstLink(%q): got %+v, want none", tt.paths, *le)
		case tt.path == "":
		case le == nil:
			t.Errorf("FirstLink(%q): got none, want %s beyond %s", tt.paths, tt.path, tt.link)
		case le.Path != tt.path || le.Link != tt.link:
			t.Errorf("FirstLink(%q): got %s beyond %s, want %s beyond %s", tt.paths, le.Path, le.Link, tt.path, tt.link)
		}
	}
}
