package cli

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/store"
)

// reviewsRepo commits n daily review files, one a commit, then rewrites
// the first and deletes the second; it returns the repository and what
// each path holds at HEAD ("" for deleted).
func reviewsRepo(tb testing.TB, n int) (*store.Repo, map[string]string) {
	tb.Helper()
	repo, err := store.Init(filepath.Join(tb.TempDir(), "os"), store.DefaultBranch)
	if err != nil {
		tb.Fatal(err)
	}
	unlock, err := repo.Lock(time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	defer unlock()
	when := time.Date(2016, 1, 1, 9, 0, 0, 0, time.UTC)
	sig := func(i int) store.Signature {
		return store.Signature{Name: "A", Email: "a@example.com", When: when.Add(time.Duration(i) * time.Hour)}
	}
	if _, err := repo.Commit([]store.Change{{Path: "os.toml", Data: []byte("name = \"A\"\n")}}, "first", sig(0)); err != nil {
		tb.Fatal(err)
	}
	want := map[string]string{}
	path := func(i int) string {
		day := when.AddDate(0, 0, i)
		return fmt.Sprintf("reviews/%d/%s.toml", day.Year(), day.Format(time.DateOnly))
	}
	for i := range n {
		data := fmt.Sprintf("date = %s\nnote = \"day %d\"\n", when.AddDate(0, 0, i).Format(time.DateOnly), i)
		if _, err := repo.Commit([]store.Change{{Path: path(i), Data: []byte(data)}}, fmt.Sprint("review ", i), sig(i+1)); err != nil {
			tb.Fatal(err)
		}
		want[path(i)] = data
	}
	want[path(0)] = "rewritten = true\n"
	want[path(1)] = ""
	chs := []store.Change{{Path: path(0), Data: []byte(want[path(0)])}, {Path: path(1), Delete: true}}
	if _, err := repo.Commit(chs, "edit", sig(n+1)); err != nil {
		tb.Fatal(err)
	}
	if err := repo.Maintain(); err != nil {
		tb.Fatal(err)
	}
	return repo, want
}

// TestChangedFilesAcrossReviews: a diff across many commits lists every
// review added since, with its bytes, and the one deleted as gone.
func TestChangedFilesAcrossReviews(t *testing.T) {
	const n = 60
	repo, want := reviewsRepo(t, n)
	from, to, err := diffSides(repo, []string{fmt.Sprintf("HEAD~%d", n+1), "HEAD"}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	files, err := changedFiles(repo, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != n-1 {
		t.Errorf("got %d changed files, want %d (the deleted review was never in the old side)", len(files), n-1)
	}
	for _, f := range files {
		w, ok := want[f.path]
		switch {
		case !ok:
			t.Errorf("%s: not a changed path", f.path)
		case f.inOld || string(f.old) != "":
			t.Errorf("%s: got old side %q, want none", f.path, f.old)
		case !f.inNew || string(f.new) != w:
			t.Errorf("%s: got new side %q (present %v), want %q", f.path, f.new, f.inNew, w)
		}
	}
}

// TestSideReaderOneSnapshot: a reader made for HEAD keeps reading the
// commit HEAD named when it was made, so a diff never mixes two commits
// when one lands while it reads.
func TestSideReaderOneSnapshot(t *testing.T) {
	repo, want := reviewsRepo(t, 3)
	read, err := sideReader(repo, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := repo.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Commit([]store.Change{{Path: "os.toml", Data: []byte("name = \"B\"\n")}}, "later", store.Signature{Name: "A", Email: "a@example.com", When: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	unlock()
	tests := []struct {
		path string
		want string
		ok   bool
	}{
		{"os.toml", "name = \"A\"\n", true},
		{"reviews/2016/2016-01-01.toml", want["reviews/2016/2016-01-01.toml"], true},
		{"reviews/2016/2016-01-02.toml", "", false},
		{"missing.toml", "", false},
	}
	for _, tt := range tests {
		got, ok, err := read(tt.path)
		if err != nil || ok != tt.ok || string(got) != tt.want {
			t.Errorf("%s: got %q, %v, %v; want %q, %v, nil", tt.path, got, ok, err, tt.want, tt.ok)
		}
	}
}

// BenchmarkChangedFiles is `myos diff HEAD~1000`'s reading: a thousand
// review files on each side.
func BenchmarkChangedFiles(b *testing.B) {
	const n = 1000
	repo, _ := reviewsRepo(b, n)
	from, to, err := diffSides(repo, []string{fmt.Sprintf("HEAD~%d", n+1), "HEAD"}, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := changedFiles(repo, from, to); err != nil {
			b.Fatal(err)
		}
	}
}
