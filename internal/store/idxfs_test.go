package store

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
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
