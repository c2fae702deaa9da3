package store

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// TestTreeCache checks that the listing Status uses is the tree's own,
// whether walked, read from the cache or derived by a commit, through
// adds, changes, deletes, a new folder, a damaged cache and the cache of
// another tree.
func TestTreeCache(t *testing.T) {
	r := newRepo(t)
	c := testCache(t, r)
	walked := func(step string) {
		t.Helper()
		plain, err := Open(r.Dir())
		if err != nil {
			t.Fatal(err)
		}
		head, err := plain.headHash()
		if err != nil {
			t.Fatal(err)
		}
		tree, err := plain.commitTree(head)
		if err != nil {
			t.Fatal(err)
		}
		want, err := plain.flatten(tree)
		if err != nil {
			t.Fatal(err)
		}
		cached, err := Open(r.Dir())
		if err != nil {
			t.Fatal(err)
		}
		cached.SetCache(c)
		got, err := cached.flatten(tree)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: listing through the cache: got %v, want %v", step, got, want)
		}
		if !reflect.DeepEqual(cached.flatDirs, plain.flatDirs) {
			t.Errorf("%s: folders through the cache: got %v, want %v", step, cached.flatDirs, plain.flatDirs)
		}
		if r.flatTree == tree && !reflect.DeepEqual(r.flat, want) {
			t.Errorf("%s: listing the commit derived: got %v, want %v", step, r.flat, want)
		}
		if r.flatTree == tree && !reflect.DeepEqual(r.flatDirs, plain.flatDirs) {
			t.Errorf("%s: folders the commit derived: got %v, want %v", step, r.flatDirs, plain.flatDirs)
		}
		if st := statusString(t, cached); st != "" {
			t.Errorf("%s: Status through the cache: got %q, want clean", step, st)
		}
	}
	commit(t, r, "first", t0, "os.toml", "a\n", "reviews/2026/01.toml", "r1\n", "reviews/2026/02.toml", "r2\n")
	if _, err := r.Status(); err != nil { // flatten HEAD, so that commits derive
		t.Fatal(err)
	}
	walked("first commit")
	for i := 0; i < 5; i++ {
		commit(t, r, fmt.Sprintf("c%d", i), t0.Add(time.Duration(i+1)*time.Hour),
			fmt.Sprintf("reviews/2026/%02d.toml", i+3), "new\n", "os.toml", fmt.Sprintf("v%d\n", i))
		walked(fmt.Sprintf("commit %d", i))
	}
	commit(t, r, "delete", t0.Add(10*time.Hour), "reviews/2026/01.toml", "-", "reviews/2027/01.toml", "next year\n")
	walked("delete and new folder")

	// HEAD moves without this Repo (as with a commit made by git): the
	// listing of the new tree is made from the cached one, reading only
	// the folders that changed.
	elsewhere, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	commit(t, elsewhere, "elsewhere", t0.Add(11*time.Hour), "reviews/2027/02.toml", "r\n", "os.toml", "moved\n")
	fresh, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	fresh.SetCache(c)
	head, _ := fresh.headHash()
	tree, _ := fresh.commitTree(head)
	fresh.treesRead = 0
	if _, err := fresh.flatten(tree); err != nil {
		t.Fatal(err)
	}
	// The root, reviews and reviews/2027; not reviews/2026.
	if fresh.treesRead != 3 {
		t.Errorf("listing a tree one folder away from the cached one read %d trees, want 3", fresh.treesRead)
	}
	walked("moved without the cache")
	b, ok := c.Get(treeCacheName, treeCacheVersion)
	if !ok {
		t.Fatalf("no tree cache was written")
	}
	c.Put(treeCacheName, treeCacheVersion, b[:len(b)-3])
	walked("damaged cache")
	other := append([]byte{}, b...)
	other[0] ^= 1
	c.Put(treeCacheName, treeCacheVersion, other)
	walked("cache of another tree")
}

// TestFileListSortPaths: a tree whose entries another tool wrote out of
// order still lists its files sorted, each once, the last entry of a
// path listed twice winning.
func TestFileListSortPaths(t *testing.T) {
	h := func(b byte) treeFile { return treeFile{hash: plumbing.Hash{b}, mode: filemode.Regular} }
	var l fileList
	for i, p := range []string{"b", "a/x", "c", "a", "b"} {
		l.add(p, h(byte(i)))
	}
	l.sortPaths()
	want := fileList{paths: []string{"a", "a/x", "b", "c"}, files: []treeFile{h(3), h(1), h(4), h(2)}}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("got %v, want %v", l, want)
	}
	for i, p := range want.paths {
		if f, ok := l.find(p); !ok || f != want.files[i] {
			t.Errorf("find %s: got %v %v", p, f, ok)
		}
	}
	if _, ok := l.find("a/"); ok {
		t.Error("found a path that is not there")
	}
}

// FuzzDecodeFlat feeds the listing cache's decoder damaged and made-up
// entries: it must refuse or give a listing of sorted, distinct paths
// that encodes and decodes to itself.
func FuzzDecodeFlat(f *testing.F) {
	var tree, blob plumbing.Hash
	tree[0], blob[0] = 1, 2
	f.Add(encodeFlat(listing{tree: tree}))
	f.Add(encodeFlat(listing{tree: tree,
		list: fileList{paths: []string{"os.toml", "reviews/2026/2026-11-25.toml", "reviews/2026/2026-11-26.toml"},
			files: []treeFile{{blob, filemode.Regular}, {blob, filemode.Regular}, {blob, filemode.Executable}}},
		dirs: map[string]plumbing.Hash{"": tree, "reviews": blob, "reviews/2026": blob}}))
	f.Add([]byte("not a listing"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := decodeFlat(data)
		if err != nil {
			return
		}
		if len(l.list.paths) != len(l.list.files) {
			t.Fatalf("%d paths, %d files", len(l.list.paths), len(l.list.files))
		}
		for i := 1; i < len(l.list.paths); i++ {
			if l.list.paths[i-1] >= l.list.paths[i] {
				t.Fatalf("paths out of order: %q then %q", l.list.paths[i-1], l.list.paths[i])
			}
		}
		again, err := decodeFlat(encodeFlat(l))
		if err != nil {
			t.Fatalf("its own encoding does not decode: %v", err)
		}
		if !reflect.DeepEqual(again, l) {
			t.Fatalf("round trip: got %+v, want %+v", again, l)
		}
	})
}
