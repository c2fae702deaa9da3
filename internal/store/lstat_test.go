package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// TestLstatIn wants from lstatIn what os.Lstat gives: the same FileInfo
// for files, executables, symlinks and folders, and the same errors for a
// missing file and one whose folder is a file.
func TestLstatIn(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "file.toml"), []byte("x = 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "run"), []byte("#!/bin/sh\n"), 0o755)
	os.Symlink("file.toml", filepath.Join(dir, "link"))
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	names := []string{"file.toml", "run", "link", "sub", "missing"}
	got := make([]lstatResult, len(names))
	lstatIn(dir, names, got)
	for i, name := range names {
		want, werr := os.Lstat(filepath.Join(dir, name))
		g := got[i]
		if (werr == nil) != (g.err == nil) {
			t.Errorf("%s: error: got %v, want %v", name, g.err, werr)
			continue
		}
		if werr != nil {
			if g.err.Error() != werr.Error() || errors.Is(g.err, os.ErrNotExist) != errors.Is(werr, os.ErrNotExist) {
				t.Errorf("%s: error: got %v, want %v", name, g.err, werr)
			}
			continue
		}
		if g.fi.Name() != want.Name() || g.fi.Size() != want.Size() || g.fi.Mode() != want.Mode() ||
			!g.fi.ModTime().Equal(want.ModTime()) || g.fi.IsDir() != want.IsDir() ||
			!reflect.DeepEqual(g.fi.Sys(), want.Sys()) {
			t.Errorf("%s: got %v %v %v %v, want %v %v %v %v", name, g.fi.Name(), g.fi.Size(), g.fi.Mode(), g.fi.ModTime(),
				want.Name(), want.Size(), want.Mode(), want.ModTime())
		}
	}
	// A folder that is a file, and one that is missing.
	for _, sub := range []string{"file.toml", "nowhere"} {
		res := make([]lstatResult, 1)
		lstatIn(filepath.Join(dir, sub), []string{"x.toml"}, res)
		_, werr := os.Lstat(filepath.Join(dir, sub, "x.toml"))
		if res[0].err == nil || res[0].err.Error() != werr.Error() ||
			errors.Is(res[0].err, syscall.ENOTDIR) != errors.Is(werr, syscall.ENOTDIR) {
			t.Errorf("folder %s: got %v, want %v", sub, res[0].err, werr)
		}
	}
}
