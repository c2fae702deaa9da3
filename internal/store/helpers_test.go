package store

import (
	"crypto/sha1"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/myos-dev/myos/internal/cache"
)

var testSig = Signature{Name: "Test Person", Email: "test@example.com"}

// t0 is the time of the first commit in tests; later ones add hours.
var t0 = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

func sigAt(when time.Time) Signature {
	s := testSig
	s.When = when
	return s
}

// newRepo makes an empty repository in a temporary directory.
func newRepo(t testing.TB) *Repo {
	t.Helper()
	r, err := Init(filepath.Join(t.TempDir(), "os"), "")
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	return r
}

// files turns "path", "content", ... pairs into changes; content "-"
// deletes the path.
func files(pairs ...string) []Change {
	var cs []Change
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "-" {
			cs = append(cs, Change{Path: pairs[i], Delete: true})
		} else {
			cs = append(cs, Change{Path: pairs[i], Data: []byte(pairs[i+1])})
		}
	}
	return cs
}

// commit takes the lock, commits, and releases it.
func commit(t testing.TB, r *Repo, msg string, when time.Time, pairs ...string) CommitInfo {
	t.Helper()
	unlock, err := r.Lock(5 * time.Second)
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	defer func() {
		if err := unlock(); err != nil {
			t.Fatalf("unlock: %v", err)
		}
	}()
	c, err := r.Commit(files(pairs...), msg, sigAt(when))
	if err != nil {
		t.Fatalf("Commit %q: %v", msg, err)
	}
	return c
}

// sideCommit writes a commit on top of parent without moving any ref, as
// another device would, and returns its id.
func sideCommit(t testing.TB, r *Repo, parent, msg string, when time.Time, pairs ...string) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	ph := plumbing.NewHash(parent)
	base, err := r.commitTree(ph)
	if err != nil {
		t.Fatal(err)
	}
	w := &objectWriter{r: r}
	var edits []edit
	for _, c := range files(pairs...) {
		ed := edit{rel: c.Path, full: c.Path, delete: c.Delete}
		if !c.Delete {
			if ed.blob, err = w.putBlob(c.Data); err != nil {
				t.Fatal(err)
			}
		}
		edits = append(edits, ed)
	}
	tree, err := r.buildTree(base, edits, map[string]filemode.FileMode{}, map[string]plumbing.Hash{}, w)
	if err != nil {
		t.Fatal(err)
	}
	sig := object.Signature{Name: testSig.Name, Email: testSig.Email, When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg + "\n", TreeHash: tree, ParentHashes: []plumbing.Hash{ph}}
	obj := r.st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := w.put(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

// headFiles lists the files in HEAD's tree.
func headFiles(t testing.TB, r *Repo) []string {
	t.Helper()
	fsys, err := r.TreeFS("HEAD")
	if err != nil {
		t.Fatalf("TreeFS: %v", err)
	}
	var out []string
	err = walkFS(fsys, ".", func(p string) { out = append(out, p) })
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func messages(cs []CommitInfo) string {
	var m []string
	for _, c := range cs {
		m = append(m, c.Message)
	}
	return strings.Join(m, ",")
}

// gitBinary returns the git command, or skips the test without one.
func gitBinary(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		t.Skipf("git binary not found: %v", err)
	}
	return p
}

// runGit runs git in dir with an isolated configuration and returns its
// standard output.
func runGit(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(gitBinary(t), args...)
	cmd.Dir = dir
	home := t.TempDir()
	cmd.Env = append(os.Environ(),
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Git User", "GIT_AUTHOR_EMAIL=git@example.com",
		"GIT_COMMITTER_NAME=Git User", "GIT_COMMITTER_EMAIL=git@example.com",
		"LC_ALL=C",
	)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

func walkFS(fsys fs.FS, root string, f func(string)) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			f(p)
		}
		return nil
	})
}

// history builds a small history with a merge and returns the commits by
// message:
//
//	one    a.toml=1, reviews/2026/01.toml
//	two    b.toml=1
//	three  reviews/2026/02.toml
//	side   (off three, not on main) a.toml=side
//	four   b.toml=2
//	merge  parents four and side; a.toml=side
//	five   a.toml deleted
func history(t testing.TB) (*Repo, map[string]string) {
	t.Helper()
	r := newRepo(t)
	ids := map[string]string{}
	ids["one"] = commit(t, r, "one", t0, "a.toml", "1\n", "reviews/2026/01.toml", "r1\n").Hash
	ids["two"] = commit(t, r, "two", t0.Add(1*time.Hour), "b.toml", "1\n").Hash
	ids["three"] = commit(t, r, "three", t0.Add(2*time.Hour), "reviews/2026/02.toml", "r2\n").Hash
	ids["side"] = sideCommit(t, r, ids["three"], "side", t0.Add(3*time.Hour), "a.toml", "side\n")
	ids["four"] = commit(t, r, "four", t0.Add(4*time.Hour), "b.toml", "2\n").Hash

	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	m, err := r.CommitWith(files("a.toml", "side\n"), "merge", sigAt(t0.Add(5*time.Hour)),
		CommitOptions{Parents: []string{"HEAD", ids["side"]}})
	unlock()
	if err != nil {
		t.Fatalf("merge commit: %v", err)
	}
	ids["merge"] = m.Hash
	ids["five"] = commit(t, r, "five", t0.Add(6*time.Hour), "a.toml", "-").Hash
	return r, ids
}

// testCache gives r a cache in a temporary folder and returns it.
func testCache(t testing.TB, r *Repo) *cache.Cache {
	t.Helper()
	home := t.TempDir()
	c := cache.New(func(k string) string {
		if k == "XDG_CACHE_HOME" {
			return home
		}
		return ""
	}, r.Dir())
	r.SetCache(c)
	return c
}

// rewriteIndexInPlace rewrites r's index file in place with another valid
// index of the same size and modification time: the first entry's blob id
// changes in its first byte, which it returns.
func rewriteIndexInPlace(t testing.TB, r *Repo) (firstHashByte byte) {
	t.Helper()
	good, err := os.ReadFile(r.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(r.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	other := append([]byte{}, good...)
	const entryHash = 12 + 40 // header, then the first entry's stat data
	other[entryHash] ^= 0xff
	sum := sha1.Sum(other[:len(other)-20])
	copy(other[len(other)-20:], sum[:])
	if err := os.WriteFile(r.indexPath(), other, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(r.indexPath(), fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	return other[entryHash]
}

// underLock runs f holding r's lock and r.mu, as a write does inside the
// store.
func underLock(t testing.TB, r *Repo, f func() error) error {
	t.Helper()
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	return f()
}

// dropNewPack removes the pack in packDir that is not among had, as a
// kill between the write of its index and the rename of the pack would
// have left it, with its index cut to 600 bytes when cut; it returns the
// paths of the pack and its index.
func dropNewPack(t testing.TB, packDir string, had map[string]bool, cut bool) (pack, idx string) {
	t.Helper()
	entries, _ := os.ReadDir(packDir)
	for _, e := range entries {
		if !had[e.Name()] && strings.HasSuffix(e.Name(), ".pack") {
			pack = filepath.Join(packDir, e.Name())
		}
	}
	if pack == "" {
		t.Fatal("setup: no new pack was written")
	}
	if err := os.Remove(pack); err != nil {
		t.Fatal(err)
	}
	idx = strings.TrimSuffix(pack, ".pack") + ".idx"
	if cut {
		if err := os.Truncate(idx, 600); err != nil {
			t.Fatal(err)
		}
	}
	return pack, idx
}

// packedHistory makes a repository whose objects are spread over three
// packs and some loose objects, as a few weeks of use leave it, and
// returns the commits by name: p1..p3 (one in each pack), side (off p2,
// packed with p3), loose1, loose2 (loose, loose2 HEAD).
func packedHistory(t testing.TB) (*Repo, map[string]string) {
	t.Helper()
	r := newRepo(t)
	ids := map[string]string{}
	pack := func() {
		t.Helper()
		if err := underLock(t, r, func() error { return r.maintain(0) }); err != nil {
			t.Fatal(err)
		}
	}
	ids["p1"] = commit(t, r, "p1", t0, "a.toml", "1\n", "reviews/2026/01.toml", "r1\n").Hash
	pack()
	ids["p2"] = commit(t, r, "p2", t0.Add(time.Hour), "b.toml", "1\n").Hash
	pack()
	ids["side"] = sideCommit(t, r, ids["p2"], "side", t0.Add(2*time.Hour), "c.toml", "side\n")
	ids["p3"] = commit(t, r, "p3", t0.Add(3*time.Hour), "reviews/2026/02.toml", "r2\n").Hash
	pack()
	ids["loose1"] = commit(t, r, "loose1", t0.Add(4*time.Hour), "a.toml", "2\n").Hash
	ids["loose2"] = commit(t, r, "loose2", t0.Add(5*time.Hour), "reviews/2026/03.toml", "r3\n").Hash
	if packs, err := r.st.ObjectPacks(); err != nil || len(packs) != 3 {
		t.Fatalf("setup: packs %v, %v; want three", packs, err)
	}
	return r, ids
}
