package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/memory"
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

// packModes are the two ways another process packs: its loose objects
// into a new pack, or every pack merged into one.
var packModes = []struct {
	name     string
	maxPacks int
}{
	{"loose objects packed", 16},
	{"packs merged", 2},
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
	for _, mode := range packModes {
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

// TestFetchWhileRemotePacks guards a fetch from a repository on this
// machine (a plain path or file:// URL, served in process) against that
// repository's own myos packing it meanwhile: the session had read the
// remote's pack indexes, and the objects it then sent had moved to a pack
// it did not know, or out of a pack that was gone. `myos sync` failed
// with "fetch: object not found".
func TestFetchWhileRemotePacks(t *testing.T) {
	defer func(n int) { maxPacks = n }(maxPacks)
	for _, mode := range packModes {
		for _, withHave := range []bool{true, false} {
			name := mode.name + "/with the client's commit"
			if !withHave {
				name = mode.name + "/as a clone"
			}
			t.Run(name, func(t *testing.T) {
				maxPacks = 16
				remote, ids := packedHistory(t)
				defer remote.Close()
				commit(t, remote, "new1", t0.Add(6*time.Hour), "b.toml", "2\n")
				want := commit(t, remote, "new2", t0.Add(7*time.Hour), "reviews/2026/04.toml", "r4\n").Hash

				ep, err := transport.NewEndpoint(remote.Dir())
				if err != nil {
					t.Fatal(err)
				}
				s, err := fileTransport{}.NewUploadPackSession(ep, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if _, err := s.AdvertisedReferences(); err != nil {
					t.Fatal(err)
				}
				// The session has read objects of the remote, an older
				// commit among them: its pack indexes are read.
				sess := s.(*uploadSession)
				for _, h := range []string{ids["loose2"], ids["p3"]} {
					if err := sess.repo.storage.HasEncodedObject(plumbing.NewHash(h)); err != nil {
						t.Fatalf("setup: the remote has no %s: %v", h, err)
					}
				}

				// The remote's own myos packs.
				maxPacks = mode.maxPacks
				other, err := Open(remote.Dir())
				if err != nil {
					t.Fatal(err)
				}
				defer other.Close()
				if err := underLock(t, other, func() error { return other.maintain(0) }); err != nil {
					t.Fatalf("the remote's packing: %v", err)
				}

				req := packp.NewUploadPackRequest()
				req.Wants = []plumbing.Hash{plumbing.NewHash(want)}
				if withHave {
					req.Haves = []plumbing.Hash{plumbing.NewHash(ids["loose2"])}
				}
				resp, err := s.UploadPack(context.Background(), req)
				if err != nil {
					t.Fatalf("upload-pack while the remote packed: %v", err)
				}
				got := memory.NewStorage()
				err = packfile.UpdateObjectStorage(got, resp)
				resp.Close()
				if err != nil {
					t.Fatalf("upload-pack while the remote packed: %v", err)
				}
				c, err := object.GetCommit(got, plumbing.NewHash(want))
				if err != nil {
					t.Fatalf("the pack sent lacks the commit asked for: %v", err)
				}
				if _, err := object.GetTree(got, c.TreeHash); err != nil {
					t.Errorf("the pack sent lacks the commit's tree: %v", err)
				}
				_, err = object.GetCommit(got, plumbing.NewHash(ids["loose2"]))
				if sent := err == nil; sent == withHave {
					t.Errorf("the pack sent has the client's commit: %v, want %v", sent, !withHave)
				}
			})
		}
	}
}
