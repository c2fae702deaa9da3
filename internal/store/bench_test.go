package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// bigRepo builds, quickly, a repository the size of about ten years of
// daily use: 4,000 tracked files (five top-level files and one review per
// day under reviews/YYYY/) and 3,000 commits, each adding a review and
// every tenth also changing os.toml. The objects are built in memory and
// written as one pack, then the work tree and the index are laid out.
func bigRepo(tb testing.TB) *Repo {
	return genRepo(tb, 4000, 3000)
}

// genRepo builds a repository of nFiles tracked files and nCommits commits
// (nFiles > nCommits + 5) in the shape bigRepo describes.
func genRepo(tb testing.TB, nFiles, nCommits int) *Repo {
	tb.Helper()
	r := newRepo(tb)
	mem := memory.NewStorage()
	var all []plumbing.Hash
	put := func(enc func(plumbing.EncodedObject) error) plumbing.Hash {
		obj := mem.NewEncodedObject()
		if err := enc(obj); err != nil {
			tb.Fatal(err)
		}
		h, err := mem.SetEncodedObject(obj)
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, h)
		return h
	}
	blob := func(data string) plumbing.Hash {
		return put(func(o plumbing.EncodedObject) error {
			o.SetType(plumbing.BlobObject)
			w, _ := o.Writer()
			w.Write([]byte(data))
			return w.Close()
		})
	}
	tree := func(entries []object.TreeEntry) plumbing.Hash {
		sorted := append([]object.TreeEntry(nil), entries...)
		sort.Sort(object.TreeEntrySorter(sorted))
		return put((&object.Tree{Entries: sorted}).Encode)
	}

	content := map[string]string{}
	top := map[string]plumbing.Hash{}
	for _, name := range []string{"os.toml", "routines.toml", "priorities.toml", "calendar.toml", "themes.toml"} {
		content[name] = "# " + name + "\n"
		top[name] = blob(content[name])
	}
	years := map[string][]object.TreeEntry{}
	yearTrees := map[string]plumbing.Hash{} // kept up to date by addReview
	day0 := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	addReview := func(i int) string {
		d := day0.AddDate(0, 0, i)
		year := d.Format("2006")
		name := d.Format("2006-01-02") + ".toml"
		data := fmt.Sprintf("date = %s\nnote = \"day %d\"\n", d.Format("2006-01-02"), i)
		content["reviews/"+year+"/"+name] = data
		years[year] = append(years[year], object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blob(data)})
		delete(yearTrees, year)
		return year
	}
	root := func() plumbing.Hash {
		var reviews []object.TreeEntry
		for y, es := range years {
			if _, ok := yearTrees[y]; !ok {
				yearTrees[y] = tree(es)
			}
			reviews = append(reviews, object.TreeEntry{Name: y, Mode: filemode.Dir, Hash: yearTrees[y]})
		}
		var es []object.TreeEntry
		for name, h := range top {
			es = append(es, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
		}
		es = append(es, object.TreeEntry{Name: "reviews", Mode: filemode.Dir, Hash: tree(reviews)})
		return tree(es)
	}
	var parent plumbing.Hash
	day := 0
	commitAt := func(i int, treeHash plumbing.Hash) {
		sig := object.Signature{Name: "Bench", Email: "bench@example.com", When: day0.Add(time.Duration(i) * 24 * time.Hour)}
		c := &object.Commit{Author: sig, Committer: sig, Message: fmt.Sprintf("day %d\n", i), TreeHash: treeHash}
		if !parent.IsZero() {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		parent = put(c.Encode)
	}
	// The first commit holds every file but one per later commit.
	for ; day < nFiles-len(top)-(nCommits-1); day++ {
		addReview(day)
	}
	commitAt(0, root())
	for i := 1; i < nCommits; i++ {
		addReview(day)
		day++
		if i%10 == 0 {
			content["os.toml"] = fmt.Sprintf("# os.toml\nversion = %d\n", i)
			top["os.toml"] = blob(content["os.toml"])
		}
		commitAt(i, root())
	}
	if len(content) != nFiles {
		tb.Fatalf("generated %d files, want %d", len(content), nFiles)
	}

	pw, err := r.st.PackfileWriter()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := packfile.NewEncoder(pw, mem, false).Encode(dedupe(all), 0); err != nil {
		tb.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		tb.Fatal(err)
	}
	r.st.Reindex()
	for p, data := range content {
		abs := filepath.Join(r.Dir(), filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if err := r.moveRef(plumbing.NewBranchReferenceName(DefaultBranch), plumbing.ZeroHash, parent); err != nil {
		tb.Fatal(err)
	}
	c, err := r.commit(parent)
	if err != nil {
		tb.Fatal(err)
	}
	idx := newIndex()
	if err := r.setIndexEntries(idx, c.TreeHash, nil); err != nil {
		tb.Fatal(err)
	}
	if err := r.writeIndex(idx); err != nil {
		tb.Fatal(err)
	}
	// Let the index's mtime pass the files' so that no entry is racy.
	time.Sleep(10 * time.Millisecond)
	later := time.Now()
	os.Chtimes(r.indexPath(), later, later)
	return r
}

func dedupe(hs []plumbing.Hash) []plumbing.Hash {
	seen := make(map[plumbing.Hash]bool, len(hs))
	out := hs[:0]
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// TestGeneratedRepo checks the benchmarks' generator on a smaller
// repository of the same shape.
func TestGeneratedRepo(t *testing.T) {
	r := genRepo(t, 800, 500)
	if got := statusString(t, r); got != "" {
		t.Errorf("Status: got %q, want clean", got)
	}
	log, err := r.Log(LogOptions{})
	if err != nil || len(log) != 500 {
		t.Errorf("Log: got %d commits, %v, want 500", len(log), err)
	}
	log, err = r.Log(LogOptions{Path: "os.toml"})
	if err != nil || len(log) != 50 {
		t.Errorf("Log(os.toml): got %d commits, %v, want 50", len(log), err)
	}
	if n := len(headFiles(t, r)); n != 800 {
		t.Errorf("HEAD files: got %d, want 800", n)
	}
	if _, err := exec.LookPath("git"); err == nil {
		gitFsck(t, r.Dir())
		if out := runGit(t, r.Dir(), "status", "--porcelain"); out != "" {
			t.Errorf("git status --porcelain: got %q, want clean", out)
		}
	}
}

func BenchmarkCommit(b *testing.B) {
	r := bigRepo(b)
	unlock, err := r.Lock(time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer unlock()
	i := 0
	for b.Loop() {
		i++
		_, err := r.Commit(files("reviews/2026/bench.toml", fmt.Sprintf("n = %d\n", i)), "bench", testSig)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatus(b *testing.B) {
	r := bigRepo(b)
	for b.Loop() {
		st, err := r.Status()
		if err != nil || len(st) != 0 {
			b.Fatalf("Status: %v, %v", st, err)
		}
	}
}

func BenchmarkLogPath(b *testing.B) {
	r := bigRepo(b)
	for b.Loop() {
		if _, err := r.Log(LogOptions{Path: "os.toml"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	r := bigRepo(b)
	for b.Loop() {
		if _, err := Open(r.Dir()); err != nil {
			b.Fatal(err)
		}
	}
}
