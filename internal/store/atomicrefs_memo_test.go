package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestObjectMemo: an object read once is read again without its file (a
// loose object removed, as packing does, is still the same object), for
// its own type or any; another type is not found; a large object is not
// kept.
func TestObjectMemo(t *testing.T) {
	r := newRepo(t)
	c := commit(t, r, "first", t0, "os.toml", "name = \"A\"\n", "big.toml", strings.Repeat("x", memoObjectSize+1))
	st := r.repo.Storer
	commitID := plumbing.NewHash(c.Hash)
	obj, err := st.EncodedObject(plumbing.CommitObject, commitID)
	if err != nil {
		t.Fatal(err)
	}
	loose := func(h plumbing.Hash) string {
		hex := h.String()
		return filepath.Join(r.gitDir, "objects", hex[:2], hex[2:])
	}
	if err := os.Rename(loose(commitID), loose(commitID)+".away"); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []plumbing.ObjectType{plumbing.CommitObject, plumbing.AnyObject} {
		got, err := st.EncodedObject(typ, commitID)
		if err != nil || got != obj {
			t.Errorf("%v: got %v, %v; want the object read before", typ, got, err)
		}
	}
	if _, err := st.EncodedObject(plumbing.TreeObject, commitID); !errors.Is(err, plumbing.ErrObjectNotFound) {
		t.Errorf("a commit asked for as a tree: got %v, want ErrObjectNotFound", err)
	}
	os.Rename(loose(commitID)+".away", loose(commitID))

	big := plumbing.ComputeHash(plumbing.BlobObject, []byte(strings.Repeat("x", memoObjectSize+1)))
	if _, err := st.EncodedObject(plumbing.BlobObject, big); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(loose(big)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.EncodedObject(plumbing.BlobObject, big); err == nil {
		t.Error("a large object was kept")
	}
}

// TestObjectMemoBound: the memo keeps at most memoObjects, the latest.
func TestObjectMemoBound(t *testing.T) {
	var m objectMemo
	obj := &plumbing.MemoryObject{}
	for i := 0; i < memoObjects+10; i++ {
		m.keep(plumbing.Hash{byte(i), byte(i >> 8)}, obj)
	}
	if len(m.objs) != memoObjects || len(m.order) != memoObjects {
		t.Errorf("kept %d (%d in order), want %d", len(m.objs), len(m.order), memoObjects)
	}
	if _, ok := m.objs[plumbing.Hash{0, 0}]; ok {
		t.Error("the oldest object is still kept")
	}
	last := memoObjects + 9
	if _, ok := m.objs[plumbing.Hash{byte(last), byte(last >> 8)}]; !ok {
		t.Error("the latest object is not kept")
	}
}

// TestObjectMemoRepack: a packed object go-git reads from its pack file on
// demand is not kept, so a repack that removes the pack leaves it
// readable from the new one.
func TestObjectMemoRepack(t *testing.T) {
	gitBinary(t)
	r := newRepo(t)
	// Random letters: a delta or compression cannot make them small.
	content := make([]byte, 30<<10)
	for i := range content {
		content[i] = 'a' + byte((i*7919+i/13)%26)
	}
	c := commit(t, r, "first", t0, "notes.toml", string(content))
	runGit(t, r.Dir(), "repack", "-a", "-d", "-q")
	blob := plumbing.ComputeHash(plumbing.BlobObject, content)
	r.mu.Lock()
	r.refresh()
	_, err := r.repo.Storer.EncodedObject(plumbing.BlobObject, blob) // looked up, not read
	r.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	commit(t, r, "second", t0.Add(time.Hour), "other.toml", "x = 1\n")
	runGit(t, r.Dir(), "repack", "-a", "-d", "-q")
	got, err := r.ReadFile(c.Hash, "notes.toml")
	if err != nil {
		t.Fatalf("ReadFile after a repack: %v", err)
	}
	if string(got) != string(content) {
		t.Error("ReadFile after a repack: other content")
	}
}
