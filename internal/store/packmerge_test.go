package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

func TestPacksToMerge(t *testing.T) {
	defer func(n int) { mergeLimit = n }(mergeLimit)
	mergeLimit = 4000
	h := func(b byte) plumbing.Hash { return plumbing.Hash{b} }
	tests := []struct {
		name    string
		loose   int
		packs   []packSize
		crowded bool
		want    []plumbing.Hash
	}{
		{"few packs: none merged", 1000, []packSize{{h(1), 10}, {h(2), 20}}, false, nil},
		{"crowded: smallest first", 1000, []packSize{{h(1), 900}, {h(2), 10}, {h(3), 500}}, true, []plumbing.Hash{h(2), h(3), h(1)}},
		{"crowded: up to the limit", 1000, []packSize{{h(1), 1000}, {h(2), 1000}, {h(3), 1000}, {h(4), 1001}}, true, []plumbing.Hash{h(1), h(2), h(3)}},
		{"crowded: exactly the limit", 1000, []packSize{{h(1), 3000}}, true, []plumbing.Hash{h(1)}},
		{"crowded: a pack past the limit is kept", 1000, []packSize{{h(1), 21000}, {h(2), 500}}, true, []plumbing.Hash{h(2)}},
		{"crowded: loose objects past the limit", 5000, []packSize{{h(1), 1}}, true, nil},
		{"crowded: ties by name", 0, []packSize{{h(9), 5}, {h(3), 5}}, true, []plumbing.Hash{h(3), h(9)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.packs)
			got := packsToMerge(tc.loose, tc.packs, tc.crowded)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if !slices.Equal(in, tc.packs) {
				t.Errorf("the packs given were reordered: %v", tc.packs)
			}
		})
	}
}

// packingRepo is a locked repository for the tests of packing, whose
// n-th commit adds reviews/2026/NNN.toml (body lines long) and changes
// os.toml.
type packingRepo struct {
	*Repo
	t    *testing.T
	n    int
	body int
}

func newPackingRepo(t *testing.T, body int) *packingRepo {
	t.Helper()
	r := newRepo(t)
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unlock() })
	return &packingRepo{Repo: r, t: t, body: body}
}

// commits makes k more commits.
func (p *packingRepo) commits(k int) {
	p.t.Helper()
	for i := 0; i < k; i++ {
		p.n++
		n := p.n
		if _, err := p.Commit(files(fmt.Sprintf("reviews/2026/%03d.toml", n), strings.Repeat(fmt.Sprintf("n = %d\n", n), p.body), "os.toml", fmt.Sprintf("v = %d\n", n)), fmt.Sprintf("c%d", n), sigAt(t0.Add(time.Duration(n)*time.Hour))); err != nil {
			p.t.Fatal(err)
		}
	}
}

// pack packs every loose object, as Maintain does past its limit.
func (p *packingRepo) pack() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maintain(0)
}

// idxs lists the pack indexes.
func (p *packingRepo) idxs() []string {
	got, _ := filepath.Glob(filepath.Join(p.Dir(), ".git/objects/pack/pack-*.idx"))
	return got
}

// TestMaintainKeepsBigPacks: once packs are crowded, maintenance merges
// the small ones and leaves a pack past mergeLimit as it is, so that a
// merge never reads the whole history into memory; a later round merges
// what piled up since, and git finds every object.
func TestMaintainKeepsBigPacks(t *testing.T) {
	gitBinary(t)
	defer func(n, m int) { maxPacks, mergeLimit = n, m }(maxPacks, mergeLimit)
	maxPacks, mergeLimit = 3, 40
	r := newPackingRepo(t, 1)
	pack := func() {
		t.Helper()
		if err := r.pack(); err != nil {
			t.Fatalf("maintain: %v", err)
		}
	}
	r.commits(20) // 80 objects: one pack past the limit
	pack()
	big := r.idxs()
	if len(big) != 1 {
		t.Fatalf("first pack: got %v", big)
	}
	for i := 0; i < 2; i++ { // two small packs: three in all
		r.commits(2)
		pack()
	}
	r.commits(2)
	pack() // crowded: the small ones are merged, the big one kept
	got := r.idxs()
	if len(got) != 2 || !slices.Contains(got, big[0]) {
		t.Fatalf("crowded packs merged: got %v, want the big pack %s and one more", got, big[0])
	}
	for _, p := range got {
		if p == big[0] {
			continue
		}
		objects, err := r.packObjects(plumbing.NewHash(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), "pack-"), ".idx")))
		if err != nil || objects > mergeLimit || objects < 16 {
			t.Errorf("merged pack: %d objects, %v; want those of six commits, within %d", objects, err, mergeLimit)
		}
	}
	// A later round: one more pack, then crowded again, merges it with
	// what piled up since; the merged pack, too big to take in within
	// the limit, is kept as the big one is.
	merged := slices.DeleteFunc(slices.Clone(got), func(p string) bool { return p == big[0] })
	for i := 0; i < 2; i++ {
		r.commits(2)
		pack()
	}
	again := r.idxs()
	if len(again) != 3 || !slices.Contains(again, big[0]) || !slices.Contains(again, merged[0]) {
		t.Fatalf("crowded again: got %v, want %s, %s and one more", again, big[0], merged[0])
	}
	gitFsck(t, r.Dir())
	if out := runGit(t, r.Dir(), "count-objects", "-v"); !strings.Contains(out, "count: 0\n") {
		t.Errorf("git count-objects: got %q, want no loose objects", out)
	}
	if data, err := r.ReadFile("HEAD~29", "os.toml"); err != nil || string(data) != "v = 1\n" {
		t.Errorf("first commit's os.toml: got %q, %v", data, err)
	}
}

// TestMaintainPacksInBatches: loose objects past packBatch bytes go into
// several packs, every one of them complete, and git finds every object.
func TestMaintainPacksInBatches(t *testing.T) {
	gitBinary(t)
	defer func(b int64) { packBatch = b }(packBatch)
	packBatch = 1000
	r := newPackingRepo(t, 40)
	r.commits(12)
	loose, _ := r.looseObjects()
	batches := r.looseBatches(loose)
	if len(batches) < 3 {
		t.Fatalf("%d loose objects in %d batches, want at least 3", len(loose), len(batches))
	}
	if err := r.pack(); err != nil {
		t.Fatalf("maintain: %v", err)
	}
	if packs := r.idxs(); len(packs) != len(batches) {
		t.Errorf("packs: got %d, want one a batch, %d", len(packs), len(batches))
	}
	if left, _ := r.looseObjects(); len(left) != 0 {
		t.Errorf("loose objects left: %d", len(left))
	}
	gitFsck(t, r.Dir())
	if data, err := r.ReadFile("HEAD~11", "os.toml"); err != nil || string(data) != "v = 1\n" {
		t.Errorf("first commit's os.toml: got %q, %v", data, err)
	}
}

// TestMaintainPacksBesideADamagedIndex guards against a pack index that
// cannot be read stopping the packing of loose objects while the packs are
// few: sizing the packs to merge read every index even when none was to be
// merged, so loose objects piled up and every commit failed to pack. (A
// merge still stops there: go-git reads every index to read a pack.)
func TestMaintainPacksBesideADamagedIndex(t *testing.T) {
	r := newPackingRepo(t, 1)
	pack := func() {
		t.Helper()
		if err := r.pack(); err != nil {
			t.Fatalf("maintain: %v", err)
		}
	}
	r.commits(3)
	pack()
	// A commit since, loose, lets the next ones read HEAD without the pack
	// indexes.
	r.commits(1)
	idxs := r.idxs()
	if len(idxs) != 1 {
		t.Fatalf("packs: got %v, want 1", idxs)
	}
	// The pack's index, damaged: version 1 in its header.
	os.Chmod(idxs[0], 0o644)
	b, err := os.ReadFile(idxs[0])
	if err != nil {
		t.Fatal(err)
	}
	b[7] = 1
	if err := os.WriteFile(idxs[0], b, 0o444); err != nil {
		t.Fatal(err)
	}
	r.commits(2)
	pack()
	if left, _ := r.looseObjects(); len(left) != 0 {
		t.Errorf("loose objects left: %d, want 0", len(left))
	}
	if _, err := os.Stat(idxs[0]); err != nil {
		t.Errorf("the pack with the damaged index: %v, want it kept", err)
	}
}

// TestMaintainKeepsANewPackItMerges guards the packs a packing writes
// against its own removals: a packing cut off between two of its packs
// leaves the first in place, and the next, with the packs crowded, merges
// it and writes it again, the same pack under the same name. It must not
// then remove it as a pack it merged, nor the loose objects only it holds.
func TestMaintainKeepsANewPackItMerges(t *testing.T) {
	gitBinary(t)
	defer func(n int, b int64) { maxPacks, packBatch = n, b }(maxPacks, packBatch)
	maxPacks = 2
	r := newPackingRepo(t, 40)
	r.commits(2)
	if err := r.pack(); err != nil {
		t.Fatal(err)
	}
	r.commits(8)
	packBatch = 1000
	if loose, _ := r.looseObjects(); len(r.looseBatches(loose)) < 3 {
		t.Fatalf("%d loose objects in fewer than 3 batches", len(loose))
	}
	before := r.idxs()
	// Cut off as the second pack goes in: the first is in place.
	renames := 0
	r.testHook = func(stage string) error {
		if stage == "between-pack-renames" {
			if renames++; renames == 2 {
				return fmt.Errorf("killed")
			}
		}
		return nil
	}
	if err := r.pack(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("maintain: got %v, want it cut off", err)
	}
	r.testHook = nil
	var first string
	for _, p := range r.idxs() {
		if !slices.Contains(before, p) {
			if _, err := os.Stat(strings.TrimSuffix(p, ".idx") + ".pack"); err == nil {
				first = p
			}
		}
	}
	if first == "" {
		t.Fatalf("no pack in place after the cut: %v", r.idxs())
	}
	if err := r.pack(); err != nil {
		t.Fatalf("the next packing: %v", err)
	}
	if !slices.Contains(r.idxs(), first) {
		t.Fatalf("the first pack was written again under another name, or removed: %v", r.idxs())
	}
	if left, _ := r.looseObjects(); len(left) != 0 {
		t.Errorf("loose objects left: %d", len(left))
	}
	gitFsck(t, r.Dir())
	for i := 1; i <= r.n; i++ {
		rev := fmt.Sprintf("HEAD~%d", r.n-i)
		if data, err := r.ReadFile(rev, "os.toml"); err != nil || string(data) != fmt.Sprintf("v = %d\n", i) {
			t.Errorf("%s:os.toml: got %q, %v", rev, data, err)
		}
	}
}
