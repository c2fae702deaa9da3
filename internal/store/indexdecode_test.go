package store

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// goGitDecode is what decodeIndex must agree with.
func goGitDecode(data []byte) (*index.Index, error) {
	idx := &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, err
	}
	return idx, nil
}

func sameDecode(t *testing.T, name string, data []byte) {
	t.Helper()
	want, wantErr := goGitDecode(data)
	got, gotErr := decodeIndex(data, false)
	if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
		t.Errorf("%s: error: got %v, want %v", name, gotErr, wantErr)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %+v, want %+v as go-git decodes it", name, got, want)
	}
}

// TestDecodeIndex compares decodeIndex with go-git's decoder on indexes
// written by the store, by git (with extensions, versions 3 and 4, an
// intent-to-add entry, a very long name) and on damaged ones.
func TestDecodeIndex(t *testing.T) {
	r := newRepo(t)
	var pairs []string
	for i := 0; i < 40; i++ {
		pairs = append(pairs, fmt.Sprintf("reviews/2026/2026-01-%02d.toml", i+1), fmt.Sprintf("n = %d\n", i))
	}
	commit(t, r, "first", t0, append(pairs, "os.toml", "name = \"A\"\n")...)
	data, err := os.ReadFile(r.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := decodeIndexFast(data, false); !ok {
		t.Errorf("the store's own index: decodeIndexFast gave up, want it decoded")
	}
	sameDecode(t, "store", data)
	sameDecode(t, "truncated", data[:len(data)-7])
	sameDecode(t, "empty", nil)
	flipped := append([]byte{}, data...)
	flipped[100] ^= 1
	sameDecode(t, "flipped", flipped)
	empty := newRepo(t)
	commit(t, empty, "one", t0, "os.toml", "x\n")
	commit(t, empty, "none", t0.Add(3600e9), "os.toml", "-")
	if data, err := os.ReadFile(empty.indexPath()); err == nil {
		sameDecode(t, "no entries", data)
	}

	// Names too long for the length field, and extended flags, as
	// go-git's encoder writes them.
	made := &index.Index{Version: 3}
	for _, name := range []string{"a", strings.Repeat("n/", 2100) + "x", "b.toml"} {
		e := made.Add(name)
		e.Size = uint32(len(name))
		e.Hash[0] = byte(len(name))
	}
	made.Entries[2].IntentToAdd = true
	made.Entries[0].SkipWorktree = true
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(made); err != nil {
		t.Fatal(err)
	}
	if _, ok := decodeIndexFast(buf.Bytes(), false); !ok {
		t.Errorf("long names and extended flags: decodeIndexFast gave up, want it decoded")
	}
	sameDecode(t, "long name, extended flags", buf.Bytes())

	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git binary: indexes written by git not checked")
	}
	run := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com",
			"GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	dir := r.Dir()
	run(dir, "status", "--porcelain")
	data, _ = os.ReadFile(r.indexPath())
	sameDecode(t, "after git status", data)

	os.WriteFile(filepath.Join(dir, "new.toml"), []byte("new\n"), 0o644)
	run(dir, "add", "-N", "new.toml")
	os.WriteFile(filepath.Join(dir, "os.toml"), []byte("name = \"B\"\n"), 0o644)
	run(dir, "commit", "-q", "-m", "git commit", "os.toml")
	data, _ = os.ReadFile(r.indexPath())
	if !bytes.Contains(data, []byte("TREE")) {
		t.Logf("git wrote no TREE extension")
	}
	sameDecode(t, "git commit (TREE extension, intent to add)", data)
	if _, ok := decodeIndexFast(data, false); !ok {
		t.Errorf("git's index with extensions: decodeIndexFast gave up, want it decoded")
	}
	for _, v := range []string{"3", "4", "2"} {
		run(dir, "update-index", "--index-version", v)
		data, _ = os.ReadFile(r.indexPath())
		sameDecode(t, "git index version "+v, data)
	}
	run(dir, "update-index", "--split-index")
	data, _ = os.ReadFile(r.indexPath())
	sameDecode(t, "git split index (a mandatory extension)", data)
}

func BenchmarkDecodeIndex(b *testing.B) {
	r := newRepo(b)
	var pairs []string
	for i := 0; i < 3650; i++ {
		pairs = append(pairs, fmt.Sprintf("reviews/%d/%d.toml", 2016+i/365, i), "x\n")
	}
	commit(b, r, "first", t0, pairs...)
	data, err := os.ReadFile(r.indexPath())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decodeIndex", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeIndex(data, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go-git", func(b *testing.B) {
		for b.Loop() {
			if _, err := goGitDecode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
