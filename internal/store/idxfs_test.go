package store

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// TestIdxFS checks that the file system go-git reads through gives the
// same bytes as the disk, for pack indexes read whole and other files, and
// passes on Chmod and Capabilities.
func TestIdxFS(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"objects/pack/pack-1.idx": "index bytes", "HEAD": "ref: refs/heads/main\n", "objects/ab/cdef": "loose object"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	real := osfs.New(dir)
	fs := idxFS{Filesystem: real, root: dir}
	for _, name := range []string{"objects/pack/pack-1.idx", "HEAD", "objects/ab/cdef"} {
		f, err := fs.Open(name)
		if err != nil {
			t.Fatalf("Open %s: %v", name, err)
		}
		got, err := io.ReadAll(f)
		f.Close()
		want, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: got %q, %v, want %q", name, got, err, want)
		}
		if rf, err := real.Open(name); err == nil {
			if f.Name() != rf.Name() {
				t.Errorf("%s: Name: got %q, want %q", name, f.Name(), rf.Name())
			}
			rf.Close()
		}
	}
	for _, name := range []string{"objects/pack/missing.idx", "objects/ab/missing", "objects/zz/missing"} {
		if _, err := fs.Open(name); !os.IsNotExist(err) {
			t.Errorf("Open of missing %s: got %v, want not exist", name, err)
		}
		if _, err := fs.Stat(name); !os.IsNotExist(err) {
			t.Errorf("Stat of missing %s: got %v, want not exist", name, err)
		}
	}
	got, err := fs.Stat("objects/ab/cdef")
	want, werr := real.Stat("objects/ab/cdef")
	if err != nil || werr != nil || got.Name() != want.Name() || got.Size() != want.Size() || got.Mode() != want.Mode() {
		t.Errorf("Stat of a loose object: got %v, %v; want %v, %v", got, err, want, werr)
	}
	if err := fs.Chmod("HEAD", 0o600); err != nil {
		t.Errorf("Chmod: %v", err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "HEAD")); fi.Mode().Perm() != 0o600 {
		t.Errorf("Chmod: got mode %v, want 0600", fi.Mode().Perm())
	}
	if got, want := billy.Capabilities(fs), billy.Capabilities(real); got != want {
		t.Errorf("Capabilities: got %v, want %v", got, want)
	}
}

// listThenRemove is idxFS with a packing that removes a pack's index
// landing between the listing of objects/pack and the reads of the
// indexes it listed.
type listThenRemove struct {
	idxFS
	remove string
}

func (f listThenRemove) ReadDir(name string) ([]os.FileInfo, error) {
	infos, err := f.idxFS.ReadDir(name)
	if filepath.Clean(name) == filepath.Join("objects", "pack") {
		os.Remove(f.remove)
	}
	return infos, err
}

// TestPackIndexGoneAfterListing guards a reader against a packing that
// removes a merged pack's index between the reader's listing of the packs
// and its reading of their indexes: go-git failed the whole look with
// "packfile not found", and the reader had to look again, into a packing
// that may not be done. The pack reads as one of no objects, and every
// object is read, from the pack it was merged into, at the first look.
func TestPackIndexGoneAfterListing(t *testing.T) {
	r, _ := packedHistory(t)
	old, _ := r.st.ObjectPacks()
	kept := map[string][]byte{}
	for _, ext := range []string{"pack", "idx"} {
		p := r.packPath(old[0], ext)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		kept[p] = data
	}
	// Every pack merged into one; the first comes back, as it is until
	// the packing removes it.
	defer func(n int) { maxPacks = n }(maxPacks)
	maxPacks = 2
	if err := underLock(t, r, func() error { return r.maintain(0) }); err != nil {
		t.Fatal(err)
	}
	merged, _ := r.st.ObjectPacks()
	if len(merged) != 1 {
		t.Fatalf("setup: %d packs after merging, want 1", len(merged))
	}
	for p, data := range kept {
		if err := os.WriteFile(p, data, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	objs, err := r.packHashes(merged[0])
	if err != nil {
		t.Fatal(err)
	}

	gitDir := filepath.Join(r.Dir(), ".git")
	fsys := listThenRemove{idxFS{Filesystem: osfs.New(gitDir), root: gitDir}, r.packPath(old[0], "idx")}
	st := filesystem.NewStorage(fsys, cache.NewObjectLRUDefault())
	defer st.Close()
	for _, h := range objs {
		if _, err := st.EncodedObject(plumbing.AnyObject, h); err != nil {
			t.Fatalf("object %s at the first look: %v", h, err)
		}
	}
	if _, err := os.Stat(fsys.remove); !os.IsNotExist(err) {
		t.Fatalf("the index was not removed after the listing (%v)", err)
	}
}

// TestPackIndexNamedWhole checks that a pack index go-git creates is named
// only when closed whole: one closed cut short (go-git closes an index it
// failed to write) leaves no file at all. An index written in place was
// there, cut short, from its first byte, and a kill left it so.
func TestPackIndexNamedWhole(t *testing.T) {
	whole := append(append([]byte(nil), idxMagic...), make([]byte, idxFanoutLen+20)...)
	sum := sha1.Sum(whole)
	whole = append(whole, sum[:]...)
	for _, tc := range []struct {
		name  string
		data  []byte
		named bool
	}{{"whole", whole, true}, {"cut short", whole[:600], false}} {
		t.Run(tc.name, func(t *testing.T) {
			gitDir := t.TempDir()
			fsys := idxFS{Filesystem: osfs.New(gitDir), root: gitDir}
			name := filepath.Join("objects", "pack", "pack-"+strings.Repeat("ab", 20)+".idx")
			f, err := fsys.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Write(tc.data); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(gitDir, name)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("before Close: got %v, want no file under the index's name", err)
			}
			err = f.Close()
			if (err == nil) != tc.named {
				t.Errorf("Close: got error %v, want an error only for an index cut short", err)
			}
			got, rerr := os.ReadFile(filepath.Join(gitDir, name))
			switch {
			case tc.named && !bytes.Equal(got, tc.data):
				t.Errorf("after Close: got %d bytes, %v, want the whole index", len(got), rerr)
			case !tc.named && !errors.Is(rerr, fs.ErrNotExist):
				t.Errorf("after Close: got %d bytes, %v, want no file", len(got), rerr)
			}
			entries, _ := os.ReadDir(filepath.Join(gitDir, "objects", "pack"))
			if n := len(entries); n != map[bool]int{true: 1, false: 0}[tc.named] {
				t.Errorf("objects/pack after Close: got %d files, want only the index, if whole", n)
			}
		})
	}
}
