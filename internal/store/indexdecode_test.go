package store

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

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
	if err := sameLookup(data, want, wantErr); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

// sameLookup checks that where rawLookup reads data, go-git decodes
// it too, to entries in which every path finds what rawLookup finds:
// the names of the entries, and names that are not there.
func sameLookup(data []byte, want *index.Index, wantErr error) error {
	look, ok := rawLookup(data, false)
	if !ok {
		return nil
	}
	if wantErr != nil {
		return fmt.Errorf("rawLookup read an index go-git refuses (%v)", wantErr)
	}
	ref := entryLookup(want.Entries)
	var names []string
	for _, e := range want.Entries {
		names = append(names, e.Name, e.Name+"~", e.Name+"/x")
	}
	names = append(names, "", "\xff")
	slices.Sort(names)
	names = slices.Compact(names)
	for _, n := range names {
		g, gm, gp := look(n)
		w, wm, wp := ref(n)
		if g != w || gm != wm || gp != wp {
			return fmt.Errorf("%q: rawLookup gave %+v %v %v, the decoded entries %+v %v %v", n, g, gm, gp, w, wm, wp)
		}
	}
	return nil
}

// FuzzDecodeIndex: whatever the bytes, decodeIndex agrees with go-git's
// decoder, and rawLookup reads only what go-git reads, finding the
// same entries.
func FuzzDecodeIndex(f *testing.F) {
	made := &index.Index{Version: 2}
	for i, name := range []string{"os.toml", "reviews/2026/2026-01-01.toml", "reviews/2026/2026-01-02.toml", "z"} {
		e := made.Add(name)
		e.Size, e.Hash[0] = uint32(i+1), byte(i)
		e.ModifiedAt = t0.Add(time.Duration(i) * time.Second)
	}
	var v2, v3 bytes.Buffer
	index.NewEncoder(&v2).Encode(made)
	made.Version = 3
	made.Entries[1].IntentToAdd = true
	made.Entries[2].Stage = 2
	index.NewEncoder(&v3).Encode(made)
	f.Add(v2.Bytes())
	f.Add(v3.Bytes())
	f.Add([]byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := goGitDecode(data)
		if got, ok := decodeIndexFast(data, false); ok {
			if wantErr != nil {
				t.Fatalf("decodeIndexFast read an index go-git refuses (%v)", wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v, want %+v as go-git decodes it", got, want)
			}
		}
		if err := sameLookup(data, want, wantErr); err != nil {
			t.Fatal(err)
		}
	})
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
	if _, ok := rawLookup(data, false); !ok {
		t.Errorf("the store's own index: rawLookup gave up, want it read")
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
	if _, ok := rawLookup(data, false); !ok {
		t.Errorf("git's index with extensions: rawLookup gave up, want it read")
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
