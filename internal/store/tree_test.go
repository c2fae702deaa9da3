package store

import (
	"io/fs"
	"slices"
	"testing"
	"time"
)

// A folder whose last file goes is dropped from its parent, and no tree
// is written for it: nothing would point at it.
func TestEmptiedFolderIsNotWritten(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "one", t0, "os.toml", "x\n", "reviews/2026/2026-01-01.toml", "r\n")
	commit(t, r, "two", t0.Add(time.Hour), "reviews/2026/2026-01-01.toml", "-")
	tree, err := r.TreeFS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	if err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != "." {
			names = append(names, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"os.toml"}) {
		t.Errorf("HEAD's tree: got %v, want only os.toml", names)
	}
	if err := r.st.HasEncodedObject(emptyTree); err == nil {
		t.Errorf("the empty tree was written")
	}
}

// A commit whose tree is empty still has it.
func TestEmptyRootIsWritten(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "one", t0, "os.toml", "x\n")
	commit(t, r, "two", t0.Add(time.Hour), "os.toml", "-")
	if err := r.st.HasEncodedObject(emptyTree); err != nil {
		t.Errorf("the empty root tree: %v", err)
	}
}
