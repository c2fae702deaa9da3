package store

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// flushLog records, for each file flushed to disk, its name at the time
// and the SHA-1 of its bytes then: the proof that a file's bytes reached the
// disk before it got its final name. For each folder flushed, it records
// the paths of the entries it had then: the proof that a name reached the
// disk.
type flushLog struct {
	mu     sync.Mutex
	names  map[[sha1.Size]byte][]string
	listed map[string]bool
}

// watchFlushes sets flushed for the test and returns the log. Relative
// names are those go-git gives, under gitDirs[0] or a later one.
func watchFlushes(t *testing.T, gitDirs ...string) *flushLog {
	t.Helper()
	l := &flushLog{names: map[[sha1.Size]byte][]string{}, listed: map[string]bool{}}
	flushed = func(name string) {
		path := name
		if !filepath.IsAbs(path) {
			for _, d := range gitDirs {
				if _, err := os.Lstat(filepath.Join(d, name)); err == nil {
					path = filepath.Join(d, name)
					break
				}
			}
		}
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			entries, err := os.ReadDir(path)
			if err != nil {
				t.Errorf("flushed %s: cannot list it: %v", name, err)
				return
			}
			l.mu.Lock()
			defer l.mu.Unlock()
			for _, e := range entries {
				l.listed[filepath.Join(path, e.Name())] = true
			}
			return
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("flushed %s: cannot read it back: %v", name, err)
			return
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		sum := sha1.Sum(data)
		l.names[sum] = append(l.names[sum], filepath.Base(name))
	}
	t.Cleanup(func() { flushed = nil })
	return l
}

// flushedAs returns the names under which a file with the bytes of path
// was flushed.
func (l *flushLog) flushedAs(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.names[sha1.Sum(data)]
}

// folderFlushedWith reports whether the folder of path was flushed while
// it held path.
func (l *flushLog) folderFlushedWith(path string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.listed[path]
}

// objectsOnDisk lists the loose objects and pack files under gitDir.
func objectsOnDisk(t *testing.T, gitDir string) (loose, packs []string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(gitDir, "objects"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		dir := filepath.Base(filepath.Dir(p))
		switch {
		case len(dir) == 2 && isHex(dir):
			loose = append(loose, p)
		case dir == "pack" && strings.HasPrefix(d.Name(), "pack-"):
			packs = append(packs, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return loose, packs
}

// TestObjectsFlushedBeforeNamed checks that every loose object a commit
// writes reached the disk under its temporary name, before the rename
// that gives it its id: an object named first could be left empty by a
// power cut, and kept so by every later write of it.
func TestObjectsFlushedBeforeNamed(t *testing.T) {
	r := newRepo(t)
	log := watchFlushes(t, r.gitDir)
	commit(t, r, "first", t0, "os.toml", "name = \"A\"\n", "reviews/2026/2026-01-01.toml", "x = 1\n")
	commit(t, r, "second", t0.Add(time.Hour), "os.toml", "name = \"B\"\n")
	loose, _ := objectsOnDisk(t, r.gitDir)
	if len(loose) < 8 {
		t.Fatalf("loose objects after two commits: got %d, want at least 8", len(loose))
	}
	for _, p := range loose {
		names := log.flushedAs(t, p)
		if len(names) == 0 {
			t.Errorf("object %s: never flushed", p)
			continue
		}
		for _, n := range names {
			if !strings.HasPrefix(n, "tmp_obj_") {
				t.Errorf("object %s: flushed as %s, after it was named; want under its temporary name", p, n)
			}
		}
	}
}

// TestPacksFlushedBeforeNamed checks the packs go-git writes for myos: a
// clone's, a fetch's and the one a push leaves in a repository on a path.
// Each pack and its index reach the disk under their temporary names
// (an index written in place could be left cut short by a kill, and kept
// so by the same pack arriving again), before the pack is named, so that no ref comes to point at a pack that a power
// cut could empty, and both names reach the disk with their folder.
func TestPacksFlushedBeforeNamed(t *testing.T) {
	a, url, remoteDir := publish(t, "a.toml", "1\n")
	cloneDir := filepath.Join(t.TempDir(), "clone")
	log := watchFlushes(t, filepath.Join(cloneDir, ".git"), remoteDir, a.gitDir)
	b, err := Clone(t.Context(), url, cloneDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	commit(t, a, "from a", t0.Add(time.Hour), "a.toml", "2\n")
	if err := locked(t, a, func() error { return a.Push(t.Context(), DefaultRemote, headOf(t, b), nil) }); err != nil {
		t.Fatal(err)
	}
	if err := locked(t, b, func() error { _, err := b.Fetch(t.Context(), DefaultRemote, nil); return err }); err != nil {
		t.Fatal(err)
	}
	for _, gitDir := range []string{b.gitDir, remoteDir} {
		_, packs := objectsOnDisk(t, gitDir)
		if len(packs) < 4 {
			t.Errorf("%s: got pack files %v, want two packs with their indexes", gitDir, packs)
		}
		for _, p := range packs {
			names := log.flushedAs(t, p)
			want := "tmp_pack_"
			if strings.HasSuffix(p, ".idx") {
				want = "tmp_idx_" // named only once whole, before the pack
			}
			ok := false
			for _, n := range names {
				ok = ok || strings.HasPrefix(n, want)
			}
			if !ok {
				t.Errorf("%s: flushed as %v, want as %s…", p, names, want)
			}
			if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && !log.folderFlushedWith(p) {
				t.Errorf("%s: its folder never flushed with it named", p)
			}
		}
	}
}

// TestWorktreeFilesFlushedBeforeNamed checks that a checkout of many files,
// written a batch at a time and flushed together, puts each file's bytes
// on disk under its temporary name before it takes the file's place, in
// every batch.
func TestWorktreeFilesFlushedBeforeNamed(t *testing.T) {
	var pairs []string
	for i := range 3*writeBatch + 5 {
		pairs = append(pairs, fmt.Sprintf("reviews/%d/%d-01-01.toml", 2000+i/100, 2000+i), fmt.Sprintf("note = %q\n", fmt.Sprint("day ", i)))
	}
	_, url, _ := publish(t, pairs...)
	cloneDir := filepath.Join(t.TempDir(), "clone")
	log := watchFlushes(t, filepath.Join(cloneDir, ".git"))
	if _, err := Clone(t.Context(), url, cloneDir, nil); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(pairs); i += 2 {
		p := filepath.Join(cloneDir, filepath.FromSlash(pairs[i]))
		data, err := os.ReadFile(p)
		if err != nil || string(data) != pairs[i+1] {
			t.Fatalf("%s after the clone: got %q, %v; want %q", pairs[i], data, err, pairs[i+1])
		}
		names := log.flushedAs(t, p)
		ok := len(names) > 0
		for _, n := range names {
			ok = ok && strings.HasPrefix(n, "."+filepath.Base(p)+tempMarker)
		}
		if !ok {
			t.Errorf("%s: flushed as %v, want only under its temporary name", pairs[i], names)
		}
	}
	fsck(t, filepath.Join(cloneDir, ".git"))
}

// watchFlushedNames sets flushed for the test and returns the names of the
// files and folders flushed so far, as they were given.
func watchFlushedNames(t *testing.T) func() map[string]bool {
	t.Helper()
	var mu sync.Mutex
	names := map[string]bool{}
	flushed = func(name string) {
		mu.Lock()
		defer mu.Unlock()
		names[name] = true
	}
	t.Cleanup(func() { flushed = nil })
	return func() map[string]bool {
		mu.Lock()
		defer mu.Unlock()
		out := make(map[string]bool, len(names))
		for n := range names {
			out[n] = true
		}
		return out
	}
}

// TestInitFlushed checks that Init leaves HEAD and config on disk, and the
// folders that name them: go-git writes both in place and flushes nothing,
// and a power cut after the first commit, whose branch is flushed, could
// leave HEAD empty and the repository unopenable. A folder Init makes
// above the repository (a first run, with no ~/.local/share yet) is
// flushed in its parent too, or a power cut could take the repository
// away with it.
func TestInitFlushed(t *testing.T) {
	for _, rel := range []string{"os", filepath.Join("share", "myos", "os")} {
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			names := watchFlushedNames(t)
			base := t.TempDir()
			dir := filepath.Join(base, rel)
			r, err := Init(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got := names()
			gitDir := filepath.Join(dir, ".git")
			want := []string{filepath.Join(gitDir, "HEAD"), filepath.Join(gitDir, "config")}
			if runtime.GOOS != "windows" && runtime.GOOS != "plan9" { // folders are flushed where they can be
				want = append(want, filepath.Join(gitDir, "objects"), filepath.Join(gitDir, "refs"), gitDir, dir)
				for d := dir; d != base; d = filepath.Dir(d) {
					want = append(want, filepath.Dir(d))
				}
			}
			for _, name := range want {
				if !got[name] {
					t.Errorf("after Init: %s not flushed; flushed: %v", name, got)
				}
			}
		})
	}
}

// TestInitBareFlushed: a bare repository for a remote on a path is on
// disk as Init's is, with main as its branch, and refuses a folder with
// something in it.
func TestInitBareFlushed(t *testing.T) {
	names := watchFlushedNames(t)
	base := t.TempDir()
	dir := filepath.Join(base, "usb", "os.git")
	if err := InitBare(dir); err != nil {
		t.Fatal(err)
	}
	got := names()
	want := []string{filepath.Join(dir, "HEAD"), filepath.Join(dir, "config")}
	if runtime.GOOS != "windows" && runtime.GOOS != "plan9" {
		want = append(want, filepath.Join(dir, "objects"), filepath.Join(dir, "refs"), dir, filepath.Join(base, "usb"), base)
	}
	for _, name := range want {
		if !got[name] {
			t.Errorf("after InitBare: %s not flushed; flushed: %v", name, got)
		}
	}
	head, err := os.ReadFile(filepath.Join(dir, "HEAD"))
	if err != nil || string(head) != "ref: refs/heads/main\n" {
		t.Errorf("HEAD: %q, %v; want main", head, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a bare repository has no .git folder: %v", err)
	}
	if err := InitBare(filepath.Join(base, "usb")); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("InitBare of a folder with something in it: %v, want ErrNotEmpty", err)
	}
}

// TestForgetPackedTrackingRef checks that SetRemote, moving the remote to
// another URL, forgets a tracking ref that git packed (git clone packs
// them) by a packed-refs flushed before it is named: go-git's rewrite was
// never flushed, and a power cut could leave packed-refs empty and every
// ref in it gone.
func TestForgetPackedTrackingRef(t *testing.T) {
	a, _, _ := publish(t, "a.toml", "1\n")
	head := headOf(t, a)
	tracking := filepath.Join(a.gitDir, "refs", "remotes", DefaultRemote, "main")
	if err := os.Remove(tracking); err != nil {
		t.Fatal(err)
	}
	packed := "# pack-refs with: peeled fully-peeled sorted \n" +
		head + " refs/heads/keep\n" +
		head + " refs/remotes/" + DefaultRemote + "/main\n" +
		head + " refs/tags/v1\n"
	if err := os.WriteFile(filepath.Join(a.gitDir, "packed-refs"), []byte(packed), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Tracking(DefaultRemote); err != nil || got != head {
		t.Fatalf("packed tracking ref: got %q, %v, want %s", got, err, head)
	}
	log := watchFlushes(t, a.gitDir)
	url2, _ := bareRemote(t)
	if err := locked(t, a, func() error { return a.SetRemote(DefaultRemote, url2) }); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Tracking(DefaultRemote); err != nil || got != "" {
		t.Errorf("tracking ref after the remote moved: got %q, %v, want none", got, err)
	}
	for _, name := range []string{"refs/heads/keep", "refs/tags/v1"} {
		if got, err := a.resolve(name); err != nil || got.String() != head {
			t.Errorf("%s after the remote moved: got %v, %v, want %s", name, got, err, head)
		}
	}
	names := log.flushedAs(t, filepath.Join(a.gitDir, "packed-refs"))
	if len(names) == 0 || names[0] != "packed-refs.lock" {
		t.Errorf("packed-refs: flushed as %v, want as packed-refs.lock, before it was named", names)
	}
	if _, err := os.Stat(filepath.Join(a.gitDir, "packed-refs.lock")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("packed-refs.lock after SetRemote: got %v, want gone", err)
	}
}

// TestRemovePackedRef checks the rewrite of packed-refs: the ref and its
// peeled line go, everything else stays byte for byte, and a ref not
// there leaves the file untouched.
func TestRemovePackedRef(t *testing.T) {
	const a, b = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"
	packed := "# pack-refs with: peeled fully-peeled sorted \n" +
		a + " refs/heads/main\n" +
		b + " refs/tags/v1\n^" + a + "\n" +
		b + " refs/tags/v2\n^" + a + "\n"
	tests := []struct{ name, want string }{
		{"refs/tags/v1", "# pack-refs with: peeled fully-peeled sorted \n" + a + " refs/heads/main\n" + b + " refs/tags/v2\n^" + a + "\n"},
		{"refs/heads/main", "# pack-refs with: peeled fully-peeled sorted \n" + b + " refs/tags/v1\n^" + a + "\n" + b + " refs/tags/v2\n^" + a + "\n"},
		{"refs/heads/none", packed},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		path := filepath.Join(dir, "packed-refs")
		if err := os.WriteFile(path, []byte(packed), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := removePackedRef(dir, plumbing.ReferenceName(tt.name)); err != nil {
			t.Fatalf("remove %s: %v", tt.name, err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("remove %s: got\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
	if err := removePackedRef(t.TempDir(), "refs/heads/main"); err != nil {
		t.Errorf("no packed-refs: got %v, want nil", err)
	}
}
