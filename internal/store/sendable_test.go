package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/revlist"
	"github.com/go-git/go-git/v5/storage/memory"
)

// TestSendable checks sendable against go-git's walk of every object, on
// random histories with merges, contents that come back, and clocks that
// disagree: it must list every object that reaching wants from haves
// needs, only objects wants reach, and each once.
func TestSendable(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			st := memory.NewStorage()
			commits := randomHistory(t, st, rng, 5+rng.IntN(40))
			pick := func(n int) []plumbing.Hash {
				var hs []plumbing.Hash
				for range n {
					hs = append(hs, commits[rng.IntN(len(commits))])
				}
				return hs
			}
			// Now and then a want or a have is a commit's tree, or a tag.
			other := func(h plumbing.Hash) plumbing.Hash {
				c, err := object.GetCommit(st, h)
				if err != nil {
					t.Fatal(err)
				}
				switch rng.IntN(8) {
				case 0:
					return c.TreeHash
				case 1:
					return putTag(t, st, h, plumbing.CommitObject)
				case 2:
					return putTag(t, st, c.TreeHash, plumbing.TreeObject)
				}
				return h
			}
			for range 10 {
				wants, haves := pick(1+rng.IntN(2)), pick(rng.IntN(4))
				for i := range wants {
					wants[i] = other(wants[i])
				}
				for i := range haves {
					haves[i] = other(haves[i])
				}
				got, err := sendable(st, wants, haves)
				if err != nil {
					t.Fatal(err)
				}
				need, err := revlist.Objects(st, wants, haves)
				if err != nil {
					t.Fatal(err)
				}
				reach, err := revlist.Objects(st, wants, nil)
				if err != nil {
					t.Fatal(err)
				}
				in := func(hs []plumbing.Hash) map[plumbing.Hash]bool {
					m := map[plumbing.Hash]bool{}
					for _, h := range hs {
						m[h] = true
					}
					return m
				}
				sent, reachable := in(got), in(reach)
				if len(sent) != len(got) {
					t.Errorf("wants %v haves %v: an object listed twice", wants, haves)
				}
				for _, h := range need {
					if !sent[h] {
						t.Errorf("wants %v haves %v: %s is needed and not sent", wants, haves, h)
					}
				}
				for _, h := range got {
					if !reachable[h] {
						t.Errorf("wants %v haves %v: %s is sent and not reachable from wants", wants, haves, h)
					}
				}
			}
		})
	}
}

// TestSendableMissingCommit checks that commits missing from the
// repository (beyond a shallow clone's boundary) fail sendable when one
// of them is needed, rather than leaving the other side with a broken
// history, and change nothing when the other side has the one gone.
func TestSendableMissingCommit(t *testing.T) {
	for seed := uint64(1); seed <= 400; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			full := memory.NewStorage()
			commits := randomHistory(t, full, rng, 5+rng.IntN(30))
			// One to three commits gone: a merge may lack both parents,
			// one of them the other side's.
			gone := map[plumbing.Hash]bool{}
			for range 1 + rng.IntN(3) {
				gone[commits[rng.IntN(len(commits)-1)]] = true
			}
			cut := memory.NewStorage()
			iter, err := full.IterEncodedObjects(plumbing.AnyObject)
			if err != nil {
				t.Fatal(err)
			}
			if err := iter.ForEach(func(o plumbing.EncodedObject) error {
				if gone[o.Hash()] {
					return nil
				}
				_, err := cut.SetEncodedObject(o)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			for range 10 {
				want := commits[len(commits)-1-rng.IntN(3)]
				var haves []plumbing.Hash
				for range rng.IntN(3) {
					haves = append(haves, commits[rng.IntN(len(commits))])
				}
				if gone[want] {
					continue
				}
				need, err := revlist.Objects(full, []plumbing.Hash{want}, haves)
				if err != nil {
					t.Fatal(err)
				}
				needed := false
				for _, h := range need {
					needed = needed || gone[h]
				}
				got, err := sendable(cut, []plumbing.Hash{want}, haves)
				switch {
				case needed && err == nil:
					t.Errorf("want %s haves %v: a commit of %v is needed and missing, yet %d objects would be sent", want, haves, gone, len(got))
				case needed && !errors.Is(err, plumbing.ErrObjectNotFound):
					t.Errorf("want %s haves %v: got %v, want an error saying an object is not found", want, haves, err)
				case !needed && err != nil && len(gone) == 1:
					// With more commits gone, that the other side has
					// one may not be known here: refusing is safe.
					t.Errorf("want %s haves %v: %v, though the other side has all of %v", want, haves, err, gone)
				}
			}
		})
	}
}

// putTag writes a tag of target to st and returns its id.
func putTag(t *testing.T, st *memory.Storage, target plumbing.Hash, typ plumbing.ObjectType) plumbing.Hash {
	t.Helper()
	sig := object.Signature{Name: "T", Email: "t@example.com", When: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	tag := &object.Tag{Name: "v" + target.String()[:7], Tagger: sig, Message: "tag\n", TargetType: typ, Target: target}
	obj := st.NewEncodedObject()
	if err := tag.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// randomHistory writes n commits to st, each on one or two earlier ones,
// changing a few files of a small tree to contents from a small pool, at
// times that mostly go forward, and returns their ids, oldest first.
func randomHistory(t *testing.T, st *memory.Storage, rng *rand.Rand, n int) []plumbing.Hash {
	t.Helper()
	paths := []string{"os.toml", "routines.toml", "reviews/2025/a.toml", "reviews/2026/b.toml", "reviews/2026/c.toml"}
	contents := []string{"1\n", "2\n", "3\n", "4\n"}
	put := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		obj := st.NewEncodedObject()
		if err := o.Encode(obj); err != nil {
			t.Fatal(err)
		}
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	var writeTree func(prefix string, files map[string]string) plumbing.Hash
	writeTree = func(prefix string, files map[string]string) plumbing.Hash {
		dirs := map[string]bool{}
		var entries []object.TreeEntry
		for p, c := range files {
			rest := p[len(prefix):]
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				dirs[rest[:i]] = true
				continue
			}
			blob := &plumbing.MemoryObject{}
			blob.SetType(plumbing.BlobObject)
			blob.Write([]byte(c))
			h, err := st.SetEncodedObject(blob)
			if err != nil {
				t.Fatal(err)
			}
			entries = append(entries, object.TreeEntry{Name: rest, Mode: filemode.Regular, Hash: h})
		}
		for d := range dirs {
			sub := map[string]string{}
			for p, c := range files {
				if len(p) > len(prefix)+len(d) && p[:len(prefix)+len(d)+1] == prefix+d+"/" {
					sub[p] = c
				}
			}
			entries = append(entries, object.TreeEntry{Name: d, Mode: filemode.Dir, Hash: writeTree(prefix+d+"/", sub)})
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
		return put(&object.Tree{Entries: entries})
	}
	var out []plumbing.Hash
	var states []map[string]string
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		files := map[string]string{}
		var parents []plumbing.Hash
		if i > 0 {
			p := rng.IntN(i)
			parents = append(parents, out[p])
			for k, v := range states[p] {
				files[k] = v
			}
			if i > 2 && rng.IntN(4) == 0 {
				parents = append(parents, out[rng.IntN(i)])
			}
		}
		for range 1 + rng.IntN(2) {
			files[paths[rng.IntN(len(paths))]] = contents[rng.IntN(len(contents))]
		}
		// Mostly forward; now and then a clock an hour or a day behind.
		when = when.Add(time.Hour)
		at := when
		if rng.IntN(6) == 0 {
			at = when.Add(-time.Duration(1+rng.IntN(30)) * time.Hour)
		}
		sig := object.Signature{Name: "T", Email: "t@example.com", When: at}
		c := &object.Commit{Author: sig, Committer: sig, Message: fmt.Sprintf("c%d\n", i), TreeHash: writeTree("", files), ParentHashes: parents}
		out = append(out, put(c))
		states = append(states, files)
	}
	return out
}
