package store

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// repackReads are reads as commands make them, each summed up as a string
// to compare with what a Repo opened afresh reads.
var repackReads = []struct {
	name string
	read func(r *Repo, ids map[string]string) (string, error)
}{
	{"ahead/behind", func(r *Repo, ids map[string]string) (string, error) {
		// As `myos status` asks it: HEAD and the tracking ref, as full ids.
		ahead, behind, related, err := r.Divergence(ids["loose2"], ids["side"])
		return fmt.Sprint(ahead, behind, related), err
	}},
	{"ahead/behind of old commits", func(r *Repo, ids map[string]string) (string, error) {
		ahead, behind, err := r.AheadBehind(ids["p3"], ids["side"])
		return fmt.Sprint(ahead, behind), err
	}},
	{"resolve full id", func(r *Repo, ids map[string]string) (string, error) {
		return r.Resolve(ids["loose1"])
	}},
	{"resolve full id of an old commit", func(r *Repo, ids map[string]string) (string, error) {
		return r.Resolve(ids["p1"])
	}},
	{"resolve abbreviated id", func(r *Repo, ids map[string]string) (string, error) {
		return r.Resolve(ids["loose1"][:10])
	}},
	{"resolve HEAD~4", func(r *Repo, ids map[string]string) (string, error) {
		return r.Resolve("HEAD~4")
	}},
	{"merge base", func(r *Repo, ids map[string]string) (string, error) {
		return r.MergeBase(ids["loose2"], ids["side"])
	}},
	{"is ancestor", func(r *Repo, ids map[string]string) (string, error) {
		ok, err := r.IsAncestor(ids["p1"], "HEAD")
		return fmt.Sprint(ok), err
	}},
	{"only", func(r *Repo, ids map[string]string) (string, error) {
		cs, err := r.Only("HEAD", ids["side"])
		return messages(cs), err
	}},
	{"log", func(r *Repo, ids map[string]string) (string, error) {
		cs, err := r.Log(LogOptions{})
		return messages(cs), err
	}},
	{"log of a path", func(r *Repo, ids map[string]string) (string, error) {
		cs, err := r.Log(LogOptions{Path: "reviews"})
		return messages(cs), err
	}},
	{"changed", func(r *Repo, ids map[string]string) (string, error) {
		paths, err := r.Changed(ids["p1"], "HEAD")
		return strings.Join(paths, ","), err
	}},
	{"read file", func(r *Repo, ids map[string]string) (string, error) {
		b, err := r.ReadFile(ids["p1"], "reviews/2026/01.toml")
		return string(b), err
	}},
	{"file hash and blob", func(r *Repo, ids map[string]string) (string, error) {
		h, err := r.FileHash(ids["loose1"], "a.toml")
		if err != nil {
			return "", err
		}
		b, err := r.ReadBlob(h)
		return h + " " + string(b), err
	}},
	{"tree fs", func(r *Repo, ids map[string]string) (string, error) {
		fsys, err := r.TreeFS(ids["p3"])
		if err != nil {
			return "", err
		}
		var out []string
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			out = append(out, fmt.Sprintf("%s:%d:%q", p, fi.Size(), b))
			return err
		})
		sort.Strings(out)
		return strings.Join(out, ","), err
	}},
}

// TestReadsWhileAnotherProcessPacks guards the reads of a command against
// another process packing the repository in the middle of them: a Repo
// looks at objects/pack when an operation starts, and the other process
// then writes a new pack, removes the loose objects it holds and, when
// packs pile up, merges them and removes the old ones. Reads went on
// looking where the objects were: `myos status --json` failed with
// "ahead/behind: unknown revision" for HEAD and with "packfile not found"
// for a commit of a removed pack. A read that misses must look at the
// object folder again, once, as git does.
func TestReadsWhileAnotherProcessPacks(t *testing.T) {
	defer func(n int) { maxPacks = n }(maxPacks)
	for _, mode := range []struct {
		name     string
		maxPacks int
	}{
		{"loose objects packed", 16},
		{"packs merged", 2},
	} {
		for _, tc := range repackReads {
			t.Run(mode.name+"/"+tc.name, func(t *testing.T) {
				maxPacks = 16
				setup, ids := packedHistory(t)
				dir := setup.Dir()
				setup.Close()

				a, err := Open(dir)
				if err != nil {
					t.Fatal(err)
				}
				defer a.Close()
				// The command has read an object of the newest pack (its
				// pack indexes are read, that pack is open) when the other
				// process starts packing.
				if _, err := a.ReadFile(ids["p3"], "b.toml"); err != nil {
					t.Fatal(err)
				}
				packed := false
				a.testHook = func(stage string) error {
					if stage != "after-refresh" || packed {
						return nil
					}
					packed = true
					maxPacks = mode.maxPacks
					other, err := Open(dir)
					if err != nil {
						t.Fatal(err)
					}
					defer other.Close()
					if err := underLock(t, other, func() error { return other.maintain(0) }); err != nil {
						t.Fatalf("the other process's packing: %v", err)
					}
					return nil
				}
				got, err := tc.read(a, ids)
				if !packed {
					t.Fatal("the other process never packed")
				}
				if err != nil {
					t.Fatalf("read while another process packed: %v", err)
				}

				fresh, err := Open(dir)
				if err != nil {
					t.Fatal(err)
				}
				defer fresh.Close()
				if loose, err := fresh.looseObjects(); err != nil || len(loose) != 0 {
					t.Fatalf("the packing left %d loose objects (%v)", len(loose), err)
				}
				packs, _ := fresh.st.ObjectPacks()
				if mode.maxPacks == 2 && len(packs) != 1 || mode.maxPacks > 2 && len(packs) != 4 {
					t.Fatalf("the packing left %d packs", len(packs))
				}
				want, err := tc.read(fresh, ids)
				if err != nil {
					t.Fatalf("read afresh: %v", err)
				}
				if got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			})
		}
	}
}

// TestMissingObjectStaysMissing: looking again for an object that is not
// found gives the same answer when the object is truly not there, and the
// storage says so with go-git's own error value, which go-git's fetch
// compares with == to decide what to ask the remote for.
func TestMissingObjectStaysMissing(t *testing.T) {
	r, ids := packedHistory(t)
	missing := strings.Repeat("ab", 20)
	if _, err := r.ReadBlob(missing); !errors.Is(err, plumbing.ErrObjectNotFound) {
		t.Errorf("ReadBlob of a missing blob: got %v, want object not found", err)
	}
	if _, err := r.Resolve(missing); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("Resolve of a missing commit: got %v, want unknown revision", err)
	}
	if _, err := r.Resolve(missing[:8]); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("Resolve of a missing abbreviated id: got %v, want unknown revision", err)
	}
	if ok, err := r.IsAncestor(ids["p1"], ids["side"]); err != nil || !ok {
		t.Errorf("IsAncestor: got %v, %v; want true", ok, err)
	}
	h := plumbing.NewHash(missing)
	if _, err := r.Git().Storer.EncodedObject(plumbing.AnyObject, h); err != plumbing.ErrObjectNotFound {
		t.Errorf("EncodedObject of a missing object: got %v, want plumbing.ErrObjectNotFound itself", err)
	}
	if err := r.Git().Storer.HasEncodedObject(h); err != plumbing.ErrObjectNotFound {
		t.Errorf("HasEncodedObject of a missing object: got %v, want plumbing.ErrObjectNotFound itself", err)
	}
}
