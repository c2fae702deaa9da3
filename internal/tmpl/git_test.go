package tmpl

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/myos-dev/myos/internal/store"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		ref, url, sub, err string
	}{
		{ref: "https://example.com/team/os.git", url: "https://example.com/team/os.git"},
		{ref: "ssh://git@example.com/team/os.git#templates/oncall", url: "ssh://git@example.com/team/os.git", sub: "templates/oncall"},
		{ref: "git://127.0.0.1:9418/team.git#./a/", url: "git://127.0.0.1:9418/team.git", sub: "a"},
		{ref: "file:///srv/team.git#.", url: "file:///srv/team.git"},
		{ref: "http://example.com/team.git", err: `scheme "http"`},
		{ref: "ftp://example.com/team.git", err: `scheme "ftp"`},
		{ref: "https://me:secret@example.com/team.git", err: "holds a password"},
		{ref: "file://server/share/team.git", err: "names a folder on this machine"},
		{ref: "file://./team.git", err: "names a folder on this machine"},
		{ref: "https:///team.git", err: "no host"},
		{ref: "file:///srv/team.git#../../etc", err: "leaves the repository"},
		{ref: "file:///srv/team.git#a/../../b", err: "leaves the repository"},
		{ref: "file:///srv/team.git#/etc", err: "relative path"},
	}
	for _, tt := range tests {
		u, sub, err := ParseURL(tt.ref)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseURL(%q): got %v, want an error with %q", tt.ref, err, tt.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseURL(%q): the error shows the password: %v", tt.ref, err)
			}
		case err != nil:
			t.Errorf("ParseURL(%q): %v", tt.ref, err)
		case u != tt.url || sub != tt.sub:
			t.Errorf("ParseURL(%q): got %q %q, want %q %q", tt.ref, u, sub, tt.url, tt.sub)
		}
	}
}

// entry is a file of a test repository: its path, its git mode and its
// content.
type entry struct {
	path string
	mode filemode.FileMode
	data string
}

func regular(files map[string][]byte) []entry {
	var out []entry
	for name, b := range files {
		out = append(out, entry{name, filemode.Regular, string(b)})
	}
	return out
}

// commitTree writes entries as a new commit on main of the repository in
// dir (created bare or not when missing), with git objects only: no git
// binary, no checkout, and any names and modes a hostile repository
// could hold.
func commitTree(t testing.TB, dir string, bare bool, entries []entry) string {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		r, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{Bare: bare, InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
		if err != nil {
			t.Fatal(err)
		}
	}
	root := writeTree(t, r.Storer, "", entries)
	sig := object.Signature{Name: "Team", Email: "team@example.com", When: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	c := &object.Commit{Author: sig, Committer: sig, Message: "template", TreeHash: root}
	ref := plumbing.NewBranchReferenceName("main")
	if head, err := r.Reference(ref, true); err == nil {
		c.ParentHashes = []plumbing.Hash{head.Hash()}
	}
	obj := r.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := r.Storer.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Storer.SetReference(plumbing.NewHashReference(ref, h)); err != nil {
		t.Fatal(err)
	}
	return h.String()
}

func writeTree(t testing.TB, s storer.EncodedObjectStorer, prefix string, entries []entry) plumbing.Hash {
	t.Helper()
	tree := &object.Tree{}
	subs := map[string][]entry{}
	for _, e := range entries {
		rel := strings.TrimPrefix(e.path, prefix)
		if dir, rest, nested := strings.Cut(rel, "/"); nested && rest != "" {
			subs[dir] = append(subs[dir], e)
			continue
		}
		obj := s.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, _ := obj.Writer()
		w.Write([]byte(e.data))
		w.Close()
		h, err := s.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: rel, Mode: e.mode, Hash: h})
	}
	for dir, es := range subs {
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: dir, Mode: filemode.Dir, Hash: writeTree(t, s, prefix+dir+"/", es)})
	}
	sort.Slice(tree.Entries, func(i, j int) bool { return tree.Entries[i].Name < tree.Entries[j].Name })
	obj := s.NewEncodedObject()
	if err := tree.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := s.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestCacheFileWithoutGit(t *testing.T) {
	t.Setenv("PATH", "") // file:// must not need a git binary
	for _, bare := range []bool{true, false} {
		name := map[bool]string{true: "bare", false: "work tree"}[bare]
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "team")
			first := commitTree(t, dir, bare, regular(builtinFiles(t, "team")))
			c := Cache{Dir: filepath.Join(t.TempDir(), "cache")}
			ref := "file://" + filepath.ToSlash(dir)
			if c.Cached(ref) {
				t.Fatalf("Cached before a fetch: got true")
			}
			tp, err := c.Get(context.Background(), ref, false)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if tp.Meta.Name != "team" || tp.Commit != first || tp.Source != ref || len(tp.Files) != 5 {
				t.Errorf("got %s at %s from %s with %d files, want team at %s", tp.Meta.Name, tp.Commit, tp.Source, len(tp.Files), first)
			}
			if !c.Cached(ref) {
				t.Errorf("Cached after a fetch: got false")
			}
			// A new upstream commit is seen only on refresh.
			files := builtinFiles(t, "team")
			files["template.toml"] = []byte(strings.Replace(string(files["template.toml"]), `"1.0.0"`, `"1.1.0"`, 1))
			second := commitTree(t, dir, bare, regular(files))
			if tp, err = c.Get(context.Background(), ref, false); err != nil || tp.Commit != first {
				t.Errorf("Get without refresh: got %v at %s, want the cached %s", err, tp.Commit, first)
			}
			// Fresh, it is read from the newest commit, and the cached
			// copy an added name reads stays where it was.
			if tp, err = c.Get(context.Background(), ref, true); err != nil || tp.Commit != second || tp.Meta.Version != "1.1.0" {
				t.Fatalf("Get fresh: got %v, want 1.1.0 at %s", err, second)
			}
			if tp, err = c.Get(context.Background(), ref, false); err != nil || tp.Commit != first {
				t.Errorf("Get after a fresh Get: got %v at %s, want the cached %s", err, tp.Commit, first)
			}
			if tp, err = c.Update(context.Background(), ref); err != nil || tp.Commit != second || tp.Meta.Version != "1.1.0" {
				t.Fatalf("Update: got %v, want 1.1.0 at %s", err, second)
			}
			// A failed refresh leaves the cache as it was.
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Update(context.Background(), ref); err == nil || !strings.Contains(err.Error(), "no git repository there") {
				t.Errorf("Update from a missing repository: got %v", err)
			}
			if tp, err = c.Get(context.Background(), ref, false); err != nil || tp.Commit != second {
				t.Errorf("after a failed refresh: got %v, want the cached %s", err, second)
			}
			if err := c.Remove(ref); err != nil || c.Cached(ref) {
				t.Errorf("Remove: got %v, cached %v", err, c.Cached(ref))
			}
		})
	}
}

// TestCacheUpdateKeepsGood guards against an update to a commit whose
// template does not read replacing the cached good one, which left show
// and apply with nothing to read and the good version out of reach.
func TestCacheUpdateKeepsGood(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "team.git")
	good := commitTree(t, dir, true, regular(builtinFiles(t, "team")))
	c := Cache{Dir: filepath.Join(t.TempDir(), "cache")}
	ref := "file://" + filepath.ToSlash(dir)
	if _, err := c.Get(context.Background(), ref, false); err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{}
	for k, v := range builtinFiles(t, "team") {
		bad[k] = v
	}
	tests := []struct {
		name, file, data, want string
	}{
		{"invalid TOML", "routines.toml", "[[routine]\n", "routines.toml:"},
		{"invalid value", "routines.toml", "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"sometimes\"\nstatus = \"active\"\n", "cadence"},
		{"no template.toml name", "template.toml", "version = \"2.0.0\"\n", "not a myos template"},
		{"escape in the version", "template.toml", "name = \"team\"\nversion = \"2\\u001b[2J\"\n", `version "2\x1b[2J"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range bad {
				files[k] = v
			}
			files[tt.file] = []byte(tt.data)
			commitTree(t, dir, true, regular(files))
			if _, err := c.Update(context.Background(), ref); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Update: got %v, want an error with %q", err, tt.want)
			}
			if tp, err := c.Get(context.Background(), ref, false); err != nil || tp.Commit != good || tp.Meta.Version != "1.0.0" {
				t.Errorf("after a failed Update: got %v, want the good 1.0.0 at %s", err, good)
			}
			entries, _ := os.ReadDir(c.Dir)
			if len(entries) != 1 {
				t.Errorf("cache: got %d entries, want the one repository and no leftover fetch", len(entries))
			}
		})
	}
}

func TestCacheSubfolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mono.git")
	var es []entry
	for _, e := range regular(builtinFiles(t, "minimal")) {
		e.path = "templates/solo/" + e.path
		es = append(es, e)
	}
	es = append(es, entry{"README.md", filemode.Regular, "docs\n"}, entry{"tools/build.sh", filemode.Executable, "#!/bin/sh\n"})
	commitTree(t, dir, true, es)
	c := Cache{Dir: t.TempDir()}
	ref := "file://" + filepath.ToSlash(dir)
	tp, err := c.Get(context.Background(), ref+"#templates/solo", false)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if tp.Meta.Name != "minimal" {
		t.Errorf("got %q, want minimal", tp.Meta.Name)
	}
	if _, err := c.Get(context.Background(), ref+"#templates/none", false); err == nil || !strings.Contains(err.Error(), "no folder templates/none") {
		t.Errorf("missing folder: got %v", err)
	}
	// The top of the repository holds an executable: refused.
	if _, err := c.Get(context.Background(), ref, false); err == nil || !strings.Contains(err.Error(), `"tools/build.sh" is executable`) {
		t.Errorf("top with an executable: got %v", err)
	}
}

func TestCacheHostileTrees(t *testing.T) {
	tests := []struct {
		name  string
		extra entry
		want  string
	}{
		{"symlink", entry{"themes.toml", filemode.Symlink, "/etc/passwd"}, `"themes.toml" is a symlink`},
		{"deep symlink", entry{"docs/up", filemode.Symlink, "../.."}, `"docs/up" is a symlink`},
		{"executable", entry{"install", filemode.Executable, "#!/bin/sh\n"}, `"install" is executable`},
		{"hook", entry{".githooks/post-checkout", filemode.Regular, "#!/bin/sh\n"}, `".githooks" is a hooks folder`},
		{"dot-dot", entry{"..", filemode.Regular, "x"}, `".." is a path that leaves the template`},
		{"nested .git", entry{".git/config", filemode.Regular, "[core]\n"}, `".git" is a repository inside the template`},
		{"submodule", entry{"vendor", filemode.Submodule, ""}, `"vendor" is not a regular file`},
		{"escape in a name", entry{"run\x1b]0;pwned\a", filemode.Executable, "#!/bin/sh\n"}, `"run\x1b]0;pwned\a" is executable`},
		{"escape in a bad name", entry{`a\` + "\x1b[2J", filemode.Regular, "x"}, `"a\\\x1b[2J" holds a path separator`},
		{"oversize", entry{"big.bin", filemode.Regular, strings.Repeat("x", 1<<20+1)}, "over the 1 MiB"},
		{"invalid TOML", entry{"routines.toml", filemode.Regular, "[[routine]\n"}, "routines.toml:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := builtinFiles(t, "minimal")
			es := []entry{tt.extra}
			for _, e := range regular(files) {
				if e.path != tt.extra.path {
					es = append(es, e)
				}
			}
			dir := filepath.Join(t.TempDir(), "evil.git")
			commitTree(t, dir, true, es)
			c := Cache{Dir: t.TempDir()}
			_, err := c.Get(context.Background(), "file://"+filepath.ToSlash(dir), false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
			if strings.ContainsFunc(err.Error(), unicode.IsControl) {
				t.Errorf("got a refusal with line breaks or control characters, want one plain line: %q", err)
			}
		})
	}
}

func TestWriteFolderGitIsATemplateRepository(t *testing.T) {
	t.Setenv("PATH", "")
	files := builtinFiles(t, "calendar")
	dir := filepath.Join(t.TempDir(), "export")
	if err := WriteFolder(dir, files, true, sigForTest()); err != nil {
		t.Fatalf("WriteFolder: %v", err)
	}
	tp, err := Cache{Dir: t.TempDir()}.Get(context.Background(), "file://"+filepath.ToSlash(dir), false)
	if err != nil {
		t.Fatalf("Get of the exported repository: %v", err)
	}
	if tp.Meta.Name != "calendar" || tp.Commit == "" {
		t.Errorf("got %q at %q", tp.Meta.Name, tp.Commit)
	}
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Head()
	if err != nil || head.Name() != plumbing.NewBranchReferenceName("main") {
		t.Errorf("HEAD: got %v %v, want main", head, err)
	}
	if err := WriteFolder(dir, files, false, sigForTest()); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("into a folder with files: got %v", err)
	}
}

func sigForTest() store.Signature {
	return store.Signature{Name: "Andy", Email: "andy@example.com", When: time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC)}
}

// TestCacheSourceWithPackWithoutIndex: a template repository on this
// machine where a killed git left a pack without its index is read as
// git reads it, the pack skipped (file:// is served by internal/store's
// transport, which reads through its idxFS).
func TestCacheSourceWithPackWithoutIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "team.git")
	first := commitTree(t, dir, true, regular(builtinFiles(t, "team")))
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	loose, _ := filepath.Glob(filepath.Join(dir, "objects", "[0-9a-f][0-9a-f]"))
	for _, d := range loose {
		if err := os.RemoveAll(d); err != nil {
			t.Fatal(err)
		}
	}
	packDir := filepath.Join(dir, "objects", "pack")
	if err := os.WriteFile(filepath.Join(packDir, "pack-"+strings.Repeat("ab", 20)+".pack"), []byte("PACK\x00\x00\x00\x02"), 0o444); err != nil {
		t.Fatal(err)
	}
	c := Cache{Dir: filepath.Join(t.TempDir(), "cache")}
	tp, err := c.Get(context.Background(), "file://"+filepath.ToSlash(dir), false)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if tp.Commit != first {
		t.Errorf("got the template at %s, want %s", tp.Commit, first)
	}
}

// TestFetchSilentServer checks that a template repository which accepts
// the connection and never answers ends the fetch when the loader's
// context does (the command gives it a time limit, and Ctrl-C), with an
// error that says so, and that the cache keeps no half-made clone.
func TestFetchSilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	conns := make(chan net.Conn, 8)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns <- c // held open, never answered
		}
	}()
	defer func() {
		close(conns)
		for c := range conns {
			c.Close()
		}
	}()
	dir := t.TempDir()
	l := &Loader{Cache: Cache{Dir: dir}, Net: func() (context.Context, func()) {
		return context.WithTimeout(context.Background(), 200*time.Millisecond)
	}}
	_, err = l.Load("git://"+ln.Addr().String()+"/team.git", true)
	if err == nil || !strings.Contains(err.Error(), "no answer in time") || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a silent template repository: got %v, want no answer in time", err)
	}
	left, _ := os.ReadDir(dir)
	for _, e := range left {
		t.Errorf("the cache kept %s after the fetch gave up", e.Name())
	}
}
