package store

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// TestStagedDeletions guards against a `git rm --cached` being invisible:
// Status compares the folder with HEAD, so only the index shows it.
func TestStagedDeletions(t *testing.T) {
	tests := []struct {
		name string
		git  [][]string // git commands run after the commit
		fix  func(t *testing.T, r *Repo)
		want []string
	}{
		{name: "clean", want: nil},
		{name: "rm --cached", git: [][]string{{"rm", "-q", "--cached", "b.toml"}}, want: []string{"b.toml"}},
		{name: "rm --cached in a folder", git: [][]string{{"rm", "-q", "--cached", "reviews/2026/01.toml"}}, want: []string{"reviews/2026/01.toml"}},
		{name: "git rm", git: [][]string{{"rm", "-q", "a.toml"}}, want: []string{"a.toml"}},
		{name: "missing index", fix: func(t *testing.T, r *Repo) {
			if err := os.Remove(filepath.Join(r.gitDir, "index")); err != nil {
				t.Fatal(err)
			}
		}, want: nil},
		{name: "unreadable index", fix: func(t *testing.T, r *Repo) {
			if err := os.WriteFile(filepath.Join(r.gitDir, "index"), []byte("DIRC garbage"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, want: nil},
		{name: "interrupted commit", git: [][]string{{"rm", "-q", "--cached", "b.toml"}}, fix: func(t *testing.T, r *Repo) {
			if err := os.WriteFile(filepath.Join(r.gitDir, pendingFile), []byte("b.toml\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			commit(t, r, "one", t0, "a.toml", "a\n", "b.toml", "b\n", "reviews/2026/01.toml", "r\n")
			for _, args := range tt.git {
				runGit(t, r.Dir(), args...)
			}
			if tt.fix != nil {
				tt.fix(t, r)
			}
			got, err := r.StagedDeletions()
			if err != nil {
				t.Fatalf("StagedDeletions: %v", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			// Both at once, from this Repo (with the index decoded, as
			// after a commit) and from a fresh one, which repairs what
			// Open repairs.
			wantSt, err := r.Status()
			if err != nil {
				t.Fatalf("Status: %v", err)
			}
			r.mu.Lock()
			r.readIndex()
			r.mu.Unlock()
			both := func(r *Repo, who string) {
				t.Helper()
				st, staged, err := r.StatusAndStaged()
				if err != nil {
					t.Fatalf("%s: StatusAndStaged: %v", who, err)
				}
				if !slices.Equal(staged, tt.want) || !slices.Equal(st, wantSt) {
					t.Errorf("%s: StatusAndStaged: got %v, %q, want %v, %q", who, st, staged, wantSt, tt.want)
				}
			}
			both(r, "this Repo")
			fresh, err := Open(r.Dir())
			if err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
			both(fresh, "a fresh Repo")
		})
	}
}

// TestStagedDeletionsNoCommits checks that a repository without commits
// has nothing staged for deletion.
func TestStagedDeletionsNoCommits(t *testing.T) {
	r := newRepo(t)
	got, err := r.StagedDeletions()
	if err != nil || len(got) != 0 {
		t.Errorf("got %q, %v, want nothing", got, err)
	}
}

// TestStagedDeletionSurvivesCommit shows why callers must refuse: a
// commit of another path leaves the staged deletion staged.
func TestStagedDeletionSurvivesCommit(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "one", t0, "a.toml", "a\n", "b.toml", "b\n")
	runGit(t, r.Dir(), "rm", "-q", "--cached", "b.toml")
	commit(t, r, "two", t0.Add(time.Hour), "a.toml", "a2\n")
	got, err := r.StagedDeletions()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"b.toml"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestStagedMerge(t *testing.T) {
	entries := func(names ...string) []*index.Entry {
		var es []*index.Entry
		for _, n := range names {
			es = append(es, &index.Entry{Name: n})
		}
		return es
	}
	tests := []struct {
		name    string
		paths   []string
		entries []*index.Entry
		want    []string
		ok      bool
	}{
		{"same", []string{"a", "b/c"}, entries("a", "b/c"), nil, true},
		{"one staged", []string{"a", "b/c", "d"}, entries("a", "d"), []string{"b/c"}, true},
		{"all staged", []string{"a", "b"}, nil, []string{"a", "b"}, true},
		{"new in the index", []string{"b"}, entries("a", "b", "c"), nil, true},
		{"conflict stages", []string{"a", "b"}, entries("a", "a", "a", "b"), nil, true},
		{"prefix names", []string{"a", "a-b", "a/b"}, entries("a-b", "a/b"), []string{"a"}, true},
		{"unsorted", []string{"a", "b"}, entries("b", "a"), nil, false},
		{"sparse folder", []string{"a/b"}, entries("a/"), nil, false},
	}
	for _, tt := range tests {
		got, ok := stagedMerge(tt.paths, tt.entries)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
