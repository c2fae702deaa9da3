package store

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestLstatIn wants from lstatIn what os.Lstat gives: the same size,
// mode, modification time and inode for files, executables, symlinks and
// folders, and the same errors for a missing file and one whose folder is
// a file. Where it lists the folder, it must report every name os.ReadDir
// gives that is a folder or not one of the names it was given.
func TestLstatIn(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "file.toml"), []byte("x = 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "run"), []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(dir, "new.toml"), []byte("y = 2\n"), 0o644)
	os.Symlink("file.toml", filepath.Join(dir, "link"))
	os.Symlink("sub", filepath.Join(dir, "dirlink"))
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.Mkdir(filepath.Join(dir, "tracked-but-a-folder"), 0o755)
	// Sorted, as Status gives them.
	names := []string{"file.toml", "link", "missing", "run", "sub", "tracked-but-a-folder"}
	// Each name's stat data goes where at says: here, in reverse.
	got := make([]fileStat, len(names))
	at := make([]int, len(names))
	for i := range at {
		at[i] = len(names) - 1 - i
	}
	all := statJob{dir: dir, names: names, out: got, at: at, list: true, tracked: names}
	scan := lstatIn(all, make([]byte, 64))
	extra, listed := scan.extra, scan.listed
	for i, name := range names {
		want, werr := os.Lstat(filepath.Join(dir, name))
		g := got[at[i]]
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
		if w := fileStatOf(want); g != w {
			t.Errorf("%s: got %+v, want %+v", name, g, w)
		}
		if g.ino == 0 && inode(want) != 0 {
			t.Errorf("%s: no inode", name)
		}
	}
	if listed {
		// The 64-byte buffer takes a few names at a time: the listing
		// must carry on across reads.
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var want []dirEntry
		for _, d := range ents {
			if d.IsDir() || !slices.Contains(names, d.Name()) {
				want = append(want, dirEntry{name: d.Name(), dir: d.IsDir()})
			}
		}
		slices.SortFunc(extra, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
		if !slices.Equal(extra, want) {
			t.Errorf("listing: got %v, want %v", extra, want)
		}
	}
	if listed {
		// Told the folder's listing for its stat data now, lstatIn
		// takes it; for other stat data, it lists the folder.
		all.known = &dirListing{stamp: scan.stamp, extra: []dirEntry{{name: "kept"}}}
		if s := lstatIn(all, make([]byte, 4096)); !s.cached || !slices.Equal(s.extra, all.known.extra) {
			t.Errorf("unchanged folder: got %+v, want the known listing", s)
		}
		all.known.stamp.mns++
		if s := lstatIn(all, make([]byte, 4096)); s.cached || len(s.extra) != len(extra) {
			t.Errorf("changed folder: got %+v, want it listed", s)
		}
		// A job of some of the files lists the folder against all of
		// them, and one that does not list it lists nothing.
		part := statJob{dir: dir, names: names[:2], out: make([]fileStat, 2), at: []int{0, 1}, list: true, tracked: names}
		if s := lstatIn(part, make([]byte, 4096)); len(s.extra) != len(extra) {
			t.Errorf("part of the folder: got %v, want %v", s.extra, extra)
		}
		part.list = false
		if s := lstatIn(part, make([]byte, 4096)); s.listed || s.extra != nil {
			t.Errorf("not to be listed: got %+v", s)
		}
	}

	// A folder that is a file, and one that is missing.
	for _, sub := range []string{"file.toml", "nowhere"} {
		res := make([]fileStat, 1)
		if lstatIn(statJob{dir: filepath.Join(dir, sub), names: []string{"x.toml"}, out: res, at: []int{0}, list: true}, make([]byte, 4096)).listed {
			t.Errorf("folder %s: listed", sub)
		}
		_, werr := os.Lstat(filepath.Join(dir, sub, "x.toml"))
		if res[0].err == nil || res[0].err.Error() != werr.Error() ||
			errors.Is(res[0].err, syscall.ENOTDIR) != errors.Is(werr, syscall.ENOTDIR) {
			t.Errorf("folder %s: got %v, want %v", sub, res[0].err, werr)
		}
	}
}

// TestSortedHas checks the search that tells tracked names from new ones.
func TestSortedHas(t *testing.T) {
	names := []string{"2016-11-27.toml", "2016-11-28.toml", "b", "c.toml"}
	for _, n := range names {
		if !sortedHas(names, []byte(n)) {
			t.Errorf("%s: not found", n)
		}
	}
	for _, n := range []string{"", "2016-11-27.tom", "2016-11-27.toml~", "a", "bb", "d"} {
		if sortedHas(names, []byte(n)) {
			t.Errorf("%s: found", n)
		}
	}
	if sortedHas(nil, []byte("a")) {
		t.Error("found in nothing")
	}
	if n := testing.AllocsPerRun(100, func() { sortedHas(names, []byte("c.toml")) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
