package store

// Maintenance packs loose objects so that ten years of daily commits do not
// leave tens of thousands of small files. It never deletes an object that
// is not safely in a pack on disk first: the new pack and its index are
// written to temporary files, fsynced and renamed into place, index first
// and pack last, the folder fsynced, and only then are the packs it merged
// and the loose copies removed (in the order maintain gives). That order
// is the one a crash cannot hurt: git and go-git both ignore an index
// without its pack, while go-git lists a pack without its index and has
// nothing to read it by (idxFS skips such a pack; iterating objects
// panicked inside go-git).
// Unreachable objects are packed too rather than pruned: the store never
// decides that something is garbage. go-git's RepackObjects is not used
// because it deletes loose objects before its pack is in place.

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// LooseObjectLimit is how many loose objects Maintain tolerates before it
// packs them.
const LooseObjectLimit = 1000

// maxPacks is how many packs may pile up before Maintain merges the
// smaller ones whatever their sizes.
var maxPacks = 16

// mergeLimit is the most objects a pack Maintain makes by merging may
// hold; a pack that holds more is never merged again. go-git's pack
// encoder holds every object it packs in memory, and the parser that
// indexes the result every delta base: at ten years a merge of the whole
// history (21,000 objects) took 100 MB and 2 to 4.5 s inside an add. A
// merge of 3,000 takes an add to 39 MB at most, 4,000 to 42 MB.
var mergeLimit = 3000

// Maintain packs the loose objects when there are more than
// LooseObjectLimit of them, with the smallest packs when there are more
// than maxPacks (see packsToMerge). The caller holds the
// lock. The repository stays readable by git throughout.
func (r *Repo) Maintain() error {
	if !r.holdsLock() {
		return fmt.Errorf("maintain: %w (call Lock first)", ErrNotLocked)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	return r.maintain(looseObjectLimit())
}

func (r *Repo) maintain(limit int) error {
	// Like git gc --auto, estimate from a sample of the 256 fan-out
	// directories first (16 of them: 00, 11, ... ff), so that the common
	// case costs a few directory reads.
	if limit > 0 {
		sampled := 0
		for i := 0; i < 256; i += 17 {
			entries, _ := os.ReadDir(filepath.Join(r.gitDir, "objects", fmt.Sprintf("%02x", i)))
			sampled += len(entries)
		}
		if sampled*16 <= limit {
			return nil
		}
	}
	loose, err := r.looseObjects()
	if err != nil {
		return fmt.Errorf("maintain: %w", err)
	}
	if len(loose) <= limit {
		return nil
	}
	r.removeTempFiles()
	packs, err := r.st.ObjectPacks()
	if err != nil {
		return fmt.Errorf("maintain: %w", err)
	}
	objs := loose
	// The packs are sized only when they are crowded: an index that
	// cannot be read stops a merge, whose reads through go-git would fail
	// on it too, but not the packing of loose objects, which go-git reads
	// without the pack indexes.
	crowded := len(packs)+1 > maxPacks
	var sized []packSize
	if crowded {
		for _, p := range packs {
			if _, err := os.Stat(r.packPath(p, "keep")); err == nil {
				continue
			}
			n, err := r.packObjects(p)
			if err != nil {
				return fmt.Errorf("maintain: %w", err)
			}
			sized = append(sized, packSize{p, n})
		}
	}
	// The loose objects go into packs of about packBatch bytes each, the
	// objects of the merged packs into the last, whose objects mergeLimit
	// bounds.
	batches := r.looseBatches(loose)
	merged := packsToMerge(len(batches[len(batches)-1]), sized, crowded)
	if len(merged) > 0 {
		seen := make(map[plumbing.Hash]bool, len(loose))
		for _, h := range loose {
			seen[h] = true
		}
		for _, p := range merged {
			hs, err := r.packHashes(p)
			if err != nil {
				return fmt.Errorf("maintain: %w", err)
			}
			for _, h := range hs {
				if !seen[h] {
					seen[h] = true
					objs = append(objs, h)
				}
			}
		}
	}
	batches[len(batches)-1] = append(batches[len(batches)-1], objs[len(loose):]...)
	written := make(map[plumbing.Hash]bool, len(batches))
	for _, batch := range batches {
		sum, idx, err := r.writePack(batch)
		if err != nil {
			return fmt.Errorf("maintain: %w", err)
		}
		written[sum] = true
		for _, h := range batch {
			if ok, err := idx.Contains(h); err != nil || !ok {
				return fmt.Errorf("maintain: object %s is missing from the new pack", h)
			}
		}
	}
	r.st.Reindex()
	r.packs = r.packList()
	// The pack indexes hasObject keeps open are let go before the old
	// packs are removed.
	r.packIdx.close()
	r.packIdx = nil
	// The new pack is on disk; what it replaces goes now, in the order that
	// lets a reader in another process find every object at its first look
	// or, after a miss, at its one look again (see reread.go):
	//   - the merged packs' indexes first, all of them: a pack without its
	//     index is no pack to git or to the store (see idxFS.ReadDir), so
	//     no look from then on lists one, while a reader that read their
	//     indexes before still reads from their packs;
	//   - then their packs, which only such a reader reads: it misses, and
	//     its look again lists no merged pack left to be removed under it;
	//   - the loose objects last, for the same reason: a reader that misses
	//     one looks again when no merged pack is left to go.
	// Cut off anywhere, this leaves every object in the new pack; a merged
	// pack left without its index is skipped by every reader and removed
	// once it is an hour old (see removeTempFiles).
	var old []plumbing.Hash
	for _, p := range merged {
		if !written[p] {
			old = append(old, p)
		}
	}
	for _, p := range old {
		if err := r.removeObjectFile(r.packPath(p, "idx")); err != nil {
			return fmt.Errorf("maintain: remove old pack: %w", err)
		}
	}
	for _, p := range old {
		for _, ext := range []string{"pack", "rev", "bitmap"} {
			if err := r.removeObjectFile(r.packPath(p, ext)); err != nil {
				return fmt.Errorf("maintain: remove old pack: %w", err)
			}
		}
	}
	dirs := make(map[string]bool)
	for _, h := range loose {
		hex := h.String()
		dir := filepath.Join(r.gitDir, "objects", hex[:2])
		if err := r.removeObjectFile(filepath.Join(dir, hex[2:])); err != nil {
			return fmt.Errorf("maintain: remove loose object: %w", err)
		}
		dirs[dir] = true
	}
	for dir := range dirs {
		os.Remove(dir) // only succeeds when empty
	}
	r.st.Reindex()
	r.packs = r.packList()
	return nil
}

// packBatch is about the most bytes of loose objects, as stored, that
// Maintain puts in one pack. go-git's pack encoder reads every object it
// packs into memory before it writes any, and loose objects are stored
// compressed, five to eight times smaller than they are: a thousand
// loose objects that were mostly versions of a 45 KB priorities.toml
// took an add to 56 MB packed at once, 35 MB in packs of 512 KB.
var packBatch int64 = 512 << 10

// packReadCache is the memory that reading the objects to pack may keep
// for the bases of deltas.
const packReadCache = 4 * cache.MiByte

// looseBatches splits the loose objects into runs of about packBatch bytes
// as stored (less under PackBatchEnv); there is always at least one run.
func (r *Repo) looseBatches(loose []plumbing.Hash) [][]plumbing.Hash {
	out := [][]plumbing.Hash{nil}
	limit := packBatchBytes()
	var size int64
	for _, h := range loose {
		hex := h.String()
		n := int64(4096) // a file that cannot be stat'ed counts as a block
		if fi, err := os.Lstat(filepath.Join(r.gitDir, "objects", hex[:2], hex[2:])); err == nil {
			n = fi.Size()
		}
		if size > 0 && size+n > limit {
			out = append(out, nil)
			size = 0
		}
		out[len(out)-1] = append(out[len(out)-1], h)
		size += n
	}
	return out
}

// packSize is a pack and how many objects its index lists.
type packSize struct {
	pack    plumbing.Hash
	objects int
}

// packsToMerge chooses the packs to merge with loose new objects: none
// while the packs are few, and once they are crowded (more than
// maxPacks), the smallest first, for as long as the objects gathered stay
// within mergeLimit. A pack that grew past it is kept as it is, so a
// merge costs about the same at ten years as in the first: the history
// ends up in packs of a few thousand objects each, about one for every
// two years of daily reviews, beside fewer than maxPacks smaller ones.
func packsToMerge(loose int, packs []packSize, crowded bool) []plumbing.Hash {
	if !crowded {
		return nil
	}
	packs = slices.Clone(packs)
	slices.SortFunc(packs, func(a, b packSize) int {
		if c := cmp.Compare(a.objects, b.objects); c != 0 {
			return c
		}
		return bytes.Compare(a.pack[:], b.pack[:])
	})
	var out []plumbing.Hash
	total := loose
	for _, p := range packs {
		if total+p.objects > mergeLimit {
			break
		}
		out = append(out, p.pack)
		total += p.objects
	}
	return out
}

// packObjects is how many objects a pack holds, from the last entry of its
// index's fan-out table.
func (r *Repo) packObjects(p plumbing.Hash) (int, error) {
	f, err := os.Open(r.packPath(p, "idx"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var head [idxHeaderLen + idxFanoutLen]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || !bytes.Equal(head[:idxHeaderLen], idxMagic) {
		return 0, fmt.Errorf("read %s: not a pack index of version 2", f.Name())
	}
	return int(binary.BigEndian.Uint32(head[len(head)-4:])), nil
}

// removeObjectFile removes a file of objects/ that packing replaced; one
// already gone is no error. Tests see the repository after each removal
// (the "after-object-removal" stage).
func (r *Repo) removeObjectFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return r.hook("after-object-removal")
}

func (r *Repo) packPath(h plumbing.Hash, ext string) string {
	return filepath.Join(r.gitDir, "objects", "pack", "pack-"+h.String()+"."+ext)
}

// looseObjects lists the loose objects by reading .git/objects/xx.
func (r *Repo) looseObjects() ([]plumbing.Hash, error) {
	root := filepath.Join(r.gitDir, "objects")
	dirs, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var out []plumbing.Hash
	for _, d := range dirs {
		if !d.IsDir() || len(d.Name()) != 2 || !isHex(d.Name()) {
			continue
		}
		files, err := os.ReadDir(filepath.Join(root, d.Name()))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			name := d.Name() + f.Name()
			if len(name) == 40 && isHex(name) {
				out = append(out, plumbing.NewHash(name))
			}
		}
	}
	return out, nil
}

// packHashes lists the objects in a pack, from its index.
func (r *Repo) packHashes(p plumbing.Hash) ([]plumbing.Hash, error) {
	f, err := os.Open(r.packPath(p, "idx"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(f).Decode(idx); err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	it, err := idx.Entries()
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []plumbing.Hash
	for {
		e, err := it.Next()
		if err != nil {
			break
		}
		out = append(out, e.Hash)
	}
	return out, nil
}

// writePack writes objs as a new pack with its index and returns the pack's
// checksum and index.
func (r *Repo) writePack(objs []plumbing.Hash) (sum plumbing.Hash, idx *idxfile.MemoryIndex, err error) {
	dir := filepath.Join(r.gitDir, "objects", "pack")
	_, serr := os.Stat(dir)
	created := errors.Is(serr, os.ErrNotExist) // then objects/ is fsynced too
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, nil, err
	}
	pack, err := os.CreateTemp(dir, "tmp_pack_")
	if err != nil {
		return sum, nil, err
	}
	idxTmp := ""
	defer func() {
		pack.Close()
		if err != nil {
			os.Remove(pack.Name())
			if idxTmp != "" {
				os.Remove(idxTmp)
			}
		}
	}()
	window := uint(10)
	if cfg, cerr := r.st.Config(); cerr == nil && cfg.Pack.Window > 0 {
		window = cfg.Pack.Window
	}
	// The objects are read through a storage of their own: the Repo's
	// keeps each object it reads in a cache of up to 96 MB, which would
	// hold every loose object packed until the command ends.
	src := filesystem.NewStorageWithOptions(idxFS{Filesystem: osfs.New(r.gitDir), root: r.gitDir},
		cache.NewObjectLRU(packReadCache), filesystem.Options{MaxOpenDescriptors: 8})
	defer src.Close()
	if sum, err = packfile.NewEncoder(pack, &serialReads{Storage: src}, false).Encode(objs, window); err != nil {
		return sum, nil, fmt.Errorf("encode pack: %w", err)
	}
	if err = fsync(pack); err != nil {
		return sum, nil, err
	}

	// Index the pack by parsing it back, as git index-pack does.
	if _, err = pack.Seek(0, 0); err != nil {
		return sum, nil, err
	}
	w := new(idxfile.Writer)
	parser, err := packfile.NewParser(packfile.NewScanner(pack), w)
	if err != nil {
		return sum, nil, err
	}
	parsed, err := parser.Parse()
	if err != nil {
		return sum, nil, fmt.Errorf("index pack: %w", err)
	}
	if parsed != sum {
		return sum, nil, fmt.Errorf("index pack: checksum %s, want %s", parsed, sum)
	}
	if idx, err = w.Index(); err != nil {
		return sum, nil, fmt.Errorf("index pack: %w", err)
	}
	idxFile, err := os.CreateTemp(dir, "tmp_idx_")
	if err != nil {
		return sum, nil, err
	}
	idxTmp = idxFile.Name()
	_, err = idxfile.NewEncoder(idxFile).Encode(idx)
	if err == nil {
		err = fsync(idxFile)
	}
	if cerr := idxFile.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return sum, nil, fmt.Errorf("write pack index: %w", err)
	}
	for _, f := range []string{pack.Name(), idxTmp} {
		if err = os.Chmod(f, 0o444); err != nil {
			return sum, nil, err
		}
	}
	packPath, idxPath := r.packPath(sum, "pack"), r.packPath(sum, "idx")
	_, perr := os.Stat(packPath)
	_, ierr := os.Stat(idxPath)
	if perr == nil && ierr == nil {
		// The same pack exists already: a packing cut off after its
		// renames, perhaps before they were on disk.
		os.Remove(pack.Name())
		os.Remove(idxTmp)
		if err = syncDir(dir); err != nil {
			return sum, nil, err
		}
		return sum, idx, nil
	}
	if err = os.Rename(idxTmp, idxPath); err != nil {
		return sum, nil, err
	}
	if err = r.hook("between-pack-renames"); err != nil {
		return sum, nil, err
	}
	if err = os.Rename(pack.Name(), packPath); err != nil {
		return sum, nil, err
	}
	if err = syncDir(dir); err != nil {
		return sum, nil, err
	}
	if created {
		if err = syncDir(filepath.Dir(dir)); err != nil {
			return sum, nil, err
		}
	}
	return sum, idx, nil
}

// removeTempFiles removes temporary files that interrupted object and pack
// writes left in objects/pack more than an hour ago, packs left without
// their index as long ago, and pack indexes whose pack an interrupted
// write never renamed into place. The caller holds the lock.
func (r *Repo) removeTempFiles() {
	dir := filepath.Join(r.gitDir, "objects", "pack")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	removeOrphanIndexes(dir, entries)
	for _, e := range entries {
		name := e.Name()
		orphanPack := false
		if base, ok := strings.CutSuffix(name, ".pack"); ok && strings.HasPrefix(name, "pack-") {
			// A pack without its index, from a git killed between writing
			// the two (readers skip it; see idxFS.ReadDir). A young one may
			// be a git writing it now.
			_, err := os.Stat(filepath.Join(dir, base+".idx"))
			orphanPack = errors.Is(err, os.ErrNotExist)
		}
		if !orphanPack && !strings.HasPrefix(name, "tmp_pack_") && !strings.HasPrefix(name, "tmp_idx_") && !strings.HasPrefix(name, "tmp_obj_") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// removeOrphanIndexes removes the pack indexes in dir (objects/pack, whose
// entries are given) whose pack never arrived: a pack write was cut off
// between its two renames, or go-git's between writing the index and
// renaming the pack in. The caller holds the lock, so no pack is being
// written now: git renames a pack in before its index, and go-git writes
// only under the lock.
func removeOrphanIndexes(dir string, entries []os.DirEntry) {
	for _, e := range orphanIndexes(dir, entries) {
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// orphanIndexAge is how long an index must have been without its pack
// before a remote takes it for a leftover: go-git's server renames the
// pack in moments after it writes the index.
const orphanIndexAge = time.Minute

// removeBrokenOrphanIndexes is removeOrphanIndexes for a remote, where no
// lock keeps out a push arriving from another machine, and where a whole
// index may come before its pack (a folder kept in step by a file sync, a
// machine whose clock is behind): it removes an index without its pack
// only when it last changed before limit and is not whole — cut short by
// a kill, which is the index the same pack arriving again must not meet.
func removeBrokenOrphanIndexes(dir string, entries []os.DirEntry, limit time.Time) {
	for _, e := range orphanIndexes(dir, entries) {
		path := filepath.Join(dir, e.Name())
		if fi, err := e.Info(); err != nil || !fi.ModTime().Before(limit) || packIndexWhole(path) {
			continue
		}
		os.Remove(path)
	}
}

// orphanIndexes lists the pack indexes among entries, of dir, whose pack
// is not there.
func orphanIndexes(dir string, entries []os.DirEntry) []os.DirEntry {
	var out []os.DirEntry
	for _, e := range entries {
		name := e.Name()
		base, ok := strings.CutSuffix(name, ".idx")
		if !ok || !strings.HasPrefix(name, "pack-") {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, base+".pack")); errors.Is(err, os.ErrNotExist) {
			out = append(out, e)
		}
	}
	return out
}

// packIndexWhole reports whether the pack index at path is a version 2
// index whose last 20 bytes are the SHA-1 of the rest, as written whole.
func packIndexWhole(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil || len(data) < idxHeaderLen+idxFanoutLen+2*sha1.Size || !bytes.Equal(data[:idxHeaderLen], idxMagic) {
		return false
	}
	sum := sha1.Sum(data[:len(data)-sha1.Size])
	return bytes.Equal(sum[:], data[len(data)-sha1.Size:])
}

// serialReads has go-git's pack encoder read objects one at a time. The
// encoder looks for deltas in a goroutine per object type (commits, trees,
// blobs), each reading objects from the storage; the storage keeps its
// packs open (MaxOpenDescriptors) and shares one reader per pack, which is
// not safe for concurrent use. Reading a pack from two goroutines at once
// panicked in bufio ("slice bounds out of range") or failed with "flate:
// corrupt input" when a command merged packs under load, after its commit
// was made. Finding the deltas, the work itself, still runs in parallel.
type serialReads struct {
	*filesystem.Storage
	mu sync.Mutex
}

func (s *serialReads) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Storage.EncodedObject(t, h)
}

func (s *serialReads) DeltaObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Storage.DeltaObject(t, h)
}
