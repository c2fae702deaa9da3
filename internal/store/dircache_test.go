package store

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestDirCache: Status answers the same with the folder cache as without
// it, through new files and folders in a cached folder, a removed one, a
// file that stops being tracked while its folder stays as it was, a
// tracked file that becomes a folder and a damaged cache; and a folder
// unchanged since it was cached is not listed again.
func TestDirCache(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Status lists folders itself only on Linux")
	}
	// The file system's clock may tick once in several milliseconds; the
	// test waits that long where a person would have waited seconds.
	old := dirCacheMargin
	dirCacheMargin = 30 * time.Millisecond
	t.Cleanup(func() { dirCacheMargin = old })
	settle := func() { time.Sleep(40 * time.Millisecond) }

	r := newRepo(t)
	c := testCache(t, r)
	var pairs []string
	for _, d := range []string{"2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"} {
		pairs = append(pairs, "reviews/"+d[:4]+"/"+d+".toml", "date = "+d+"\n")
	}
	// The root's files come before and after reviews/ in path order.
	commit(t, r, "records", t0, append(pairs, "os.toml", "name = \"A\"\n", "routines.toml", "# none\n")...)
	dir := r.Dir()
	if !trustedFolder(t, dir) {
		t.Skipf("the test folder's file system is not one whose folder times the cache trusts")
	}

	// check runs Status with the cache, through a Repo that keeps it
	// across calls as one process would and through a fresh one as the
	// next process would, and without it; all must agree.
	check := func(step string) {
		t.Helper()
		want := plainStatus(t, dir)
		if got := statusString(t, r); got != want {
			t.Errorf("%s: with the cache: got %q, want %q", step, got, want)
		}
		fresh, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		fresh.SetCache(c)
		if got := statusString(t, fresh); got != want {
			t.Errorf("%s: with the cache, next process: got %q, want %q", step, got, want)
		}
	}
	write := func(p, data string) {
		t.Helper()
		abs := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	settle()
	check("clean")
	if r.dirsListed != 3 {
		t.Errorf("first Status: %d folders listed, want 3 (the root, reviews/2025 and reviews/2026), each once", r.dirsListed)
	}
	settle()
	check("clean again")
	if r.dirsListed != 0 {
		t.Errorf("unchanged folders: %d listed, want all from the cache", r.dirsListed)
	}

	write("reviews/2026/2026-01-03.toml", "date = 2026-01-03\n")
	check("a new record in a cached folder")
	settle()
	check("the new record, settled")
	os.Remove(filepath.Join(dir, "reviews", "2026", "2026-01-03.toml"))
	check("the new record removed")
	settle()

	write("reviews/2025/notes/idea.toml", "x = 1\n")
	check("a new folder in a cached folder")
	settle()
	check("the new folder, settled")
	os.RemoveAll(filepath.Join(dir, "reviews", "2025", "notes"))
	settle()
	check("the new folder removed")

	// A record that leaves HEAD but stays in its folder: the folder's
	// stat data is as it was; its tree id is not.
	if _, err := exec.LookPath("git"); err != nil {
		t.Log("no git binary: a record untracked with git not checked")
	} else {
		runGit(t, dir, "rm", "-q", "--cached", "reviews/2026/2026-01-02.toml")
		runGit(t, dir, "commit", "-q", "-m", "untrack a record")
		check("a record no longer tracked")
		settle()
		check("a record no longer tracked, settled")
	}

	// A tracked record replaced by a folder.
	rec := filepath.Join(dir, "reviews", "2025", "2025-12-31.toml")
	os.Remove(rec)
	write("reviews/2025/2025-12-31.toml/x.toml", "x = 2\n")
	check("a record become a folder")
	settle()
	check("a record become a folder, settled")
	os.RemoveAll(rec)
	write("reviews/2025/2025-12-31.toml", "date = 2025-12-31\n")
	settle()

	// A damaged cache reads as none.
	entry := filepath.Join(c.Dir(), dirCacheName)
	data, err := os.ReadFile(entry)
	if err != nil {
		t.Fatalf("no folder cache was written: %v", err)
	}
	data[len(data)-1] ^= 0xff
	if err := os.WriteFile(entry, data, 0o600); err != nil {
		t.Fatal(err)
	}
	check("damaged cache")
}

// TestDirCacheEncoding: what encodeDirCache writes decodes to the same
// listings; a cut or a bad name is refused.
func TestDirCacheEncoding(t *testing.T) {
	m := map[string]dirListing{
		"":             {tree: [20]byte{1}, stamp: dirStamp{dev: 1, ino: 2, msec: 3, mns: -4, csec: 5, cns: 6, size: 7, recordable: true}, extra: []dirEntry{{name: "reviews", dir: true}, {name: "new.toml"}}},
		"reviews/2026": {tree: [20]byte{2}, stamp: dirStamp{ino: 9, recordable: true}},
	}
	b := encodeDirCache(m)
	got := decodeDirCache(b)
	if len(got) != len(m) {
		t.Fatalf("got %d listings, want %d", len(got), len(m))
	}
	for k, want := range m {
		if !sameListing(got[k], want) {
			t.Errorf("%q: got %+v, want %+v", k, got[k], want)
		}
	}
	for n := 0; n < len(b); n++ {
		if decodeDirCache(b[:n]) != nil {
			t.Errorf("cut at %d of %d: read", n, len(b))
		}
	}
	for _, name := range []string{"..", "a/b", ""} {
		bad := encodeDirCache(map[string]dirListing{"": {extra: []dirEntry{{name: name}}}})
		if decodeDirCache(bad) != nil {
			t.Errorf("name %q: read", name)
		}
	}
}

// TestFolderTimesTrusted: the cache is used on the file system the tests
// run on (a local one) and not on one such as /proc.
func TestFolderTimesTrusted(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the folder cache is used only on Linux")
	}
	if trustedFolder(t, "/proc") {
		t.Error("/proc: trusted")
	}
}
