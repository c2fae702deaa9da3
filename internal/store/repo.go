package store

import (
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	oscache "github.com/myos-dev/myos/internal/cache"
)

// DefaultBranch is the branch a new OS repository starts on.
const DefaultBranch = "main"

// Signature says who made a commit and when.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

// CommitInfo describes one commit. Hash is the full hex id, Short its first
// seven characters, Message the whole message without its final newline,
// and Parents the parents' full ids, first parent first.
type CommitInfo struct {
	Hash    string
	Short   string
	Author  Signature
	Message string
	Parents []string
}

// Repo is an open OS repository. Its methods are safe for concurrent use by
// several goroutines; writes must still hold the lock file (see Lock), which
// is what keeps several processes apart.
type Repo struct {
	dir    string // the work tree, absolute
	gitDir string // dir/.git

	mu      sync.Mutex // serializes every use of repo, st and the fields below but the lock's
	repo    *git.Repository
	st      *filesystem.Storage
	objs    atomicRefs   // st as the repository reads it: objects looked for again when missed (reread.go)
	packs   string       // names in objects/pack when st last indexed them
	packIdx *packLookup  // the fan-out tables of packs, for hasObject
	zw      *zlib.Writer // compresses loose objects (writeLoose)

	lockMu    sync.Mutex
	lockToken string // non-empty while this Repo holds the lock

	treeMemoMu sync.Mutex
	treeMemo   map[plumbing.Hash]*object.Tree // trees lookup read last (see lookupTree)

	flatTree    plumbing.Hash            // the tree flat lists, for flatten
	flat        fileList                 // every file of flatTree
	flatKnown   bool                     // flatTree and flat are set
	flatDirs    map[string]plumbing.Hash // each folder's tree id; nil: not known
	flatUnsaved bool                     // the listing is not in the cache yet

	idxData  []byte       // the index file's bytes as last read (see indexmemo.go)
	idxStat  os.FileInfo  // its stat data then
	idxSumOK bool         // idxData's checksum is known to be right
	idxMemo  *index.Index // the index decoded from idxData; nil: not decoded

	cache *oscache.Cache // where the walk is kept between processes; nil: nowhere
	pre   *prestat       // the stat calls OpenWith started, until Status takes them
	walk  *walk          // the walk over first parents, once read or made

	shallow     map[plumbing.Hash]bool // a shallow clone's boundary commits (shallow.go)
	shallowRead bool                   // shallow is read for this operation

	repaired   []string
	lastHashed int                      // files the last Status had to read, for tests
	lastStale  int                      // of those, the unchanged ones with stale stat data
	lastTemps  []string                 // the store's temporary files the last Status saw, by path (see LeftTemps)
	treesRead  int                      // trees flatten has read, for tests
	dirsListed int                      // folders the last Status listed, for tests
	statsTaken bool                     // the last Status took OpenWith's stat data, for tests
	testHook   func(stage string) error // crash simulation in tests
}

// Init creates an OS repository in dir with branch as HEAD (DefaultBranch
// when empty) and no commit. dir must be missing or empty.
func Init(dir, branch string) (*Repo, error) {
	if branch == "" {
		branch = DefaultBranch
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("init %s: %w", dir, err)
	}
	ref := plumbing.NewBranchReferenceName(branch)
	if err := ref.Validate(); err != nil {
		return nil, fmt.Errorf("init %s: invalid branch name %q", abs, branch)
	}
	made, err := emptyFolder(abs)
	if err != nil {
		return nil, fmt.Errorf("init %s: %w", abs, err)
	}
	_, err = git.PlainInitWithOptions(abs, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: ref},
	})
	if err != nil {
		return nil, fmt.Errorf("init %s: %w", abs, err)
	}
	if err := syncInit(abs, filepath.Join(abs, ".git"), made); err != nil {
		return nil, fmt.Errorf("init %s: %w", abs, err)
	}
	return open(abs, false)
}

// syncInit flushes to disk what go-git's init wrote in dir: HEAD and
// config, written in place and never flushed, and the folders it made.
// made, unless empty, is the outermost of the folders Init made for dir
// (dir itself or an ancestor of it): each of them, up to made, is
// flushed in its parent, or a power cut could take dir away with a
// folder above it that was never on disk. The first commit
// flushes its objects and its branch, not these: a power cut soon after
// it could leave HEAD empty beside a branch on disk, and a repository
// that no command opens.
func syncInit(dir, gitDir, made string) error {
	for _, name := range []string{"HEAD", "config"} {
		// Opened for writing: Windows flushes only such a handle.
		f, err := os.OpenFile(filepath.Join(gitDir, name), os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = fsync(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("sync %s: %w", name, err)
		}
	}
	dirs := []string{filepath.Join(gitDir, "objects"), filepath.Join(gitDir, "refs"), gitDir}
	if dir != gitDir {
		dirs = append(dirs, dir)
	}
	if made != "" {
		for d := dir; ; d = filepath.Dir(d) {
			dirs = append(dirs, filepath.Dir(d))
			if d == made || d == filepath.Dir(d) {
				break
			}
		}
	}
	for _, d := range dirs {
		if err := syncDir(d); err != nil {
			return fmt.Errorf("sync %s: %w", d, err)
		}
	}
	return nil
}

// emptyFolder makes sure dir (absolute) is an empty folder, making it and
// the folders above it that are missing; made is the outermost folder it
// made, "" when dir was there. A folder with anything in it is
// ErrNotEmpty.
func emptyFolder(dir string) (made string, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		made = dir
		for d := filepath.Dir(made); d != made; d = filepath.Dir(d) {
			if _, err := os.Lstat(d); !errors.Is(err, os.ErrNotExist) {
				break
			}
			made = d
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		return made, nil
	case err != nil:
		return "", err
	case len(entries) > 0:
		return "", ErrNotEmpty
	}
	return "", nil
}

// InitBare makes an empty bare repository in dir, as `git init --bare
// --initial-branch=main` does, for a remote on a path (a USB stick, a
// shared drive): dir must not exist or be empty. It is written through
// to the disk, as Init's repository is.
func InitBare(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("init %s: %w", dir, err)
	}
	made, err := emptyFolder(abs)
	if err != nil {
		return fmt.Errorf("init %s: %w", abs, err)
	}
	_, err = git.PlainInitWithOptions(abs, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(DefaultBranch)},
		Bare:        true,
	})
	if err != nil {
		return fmt.Errorf("init %s: %w", abs, err)
	}
	if err := syncInit(abs, abs, made); err != nil {
		return fmt.Errorf("init %s: %w", abs, err)
	}
	return nil
}

// Open opens the OS repository in dir. It fails with ErrNotRepo when dir has
// no .git directory and with ErrUnsupportedRepo when the repository uses a
// format go-git cannot read. When the index was left unreadable or behind
// HEAD by an interrupted write, Open repairs it and Repaired says what it did.
func Open(dir string) (*Repo, error) {
	return OpenWith(dir, Options{})
}

// Options say how OpenWith opens a repository.
type Options struct {
	// Cache is the cache folder, as SetCache gives it.
	Cache *oscache.Cache
	// Status says that Status comes next: while the repository is opened,
	// the files of HEAD's tree as the cache lists it are stat'ed, and the
	// first Status takes that stat data when HEAD's tree is the listed
	// one. That Status answers as of Open — which files changed, which are
	// gone, which are new — so it is for a read that follows at once.
	// Taking the lock (a write) or a commit drops the early stat data.
	Status bool
}

// OpenWith is Open with options.
func OpenWith(dir string, o Options) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	var pre *prestat
	if o.Status && o.Cache != nil {
		pre = startPrestat(abs, o.Cache)
	}
	r, err := open(abs, true)
	if err != nil {
		if pre != nil {
			pre.wait() // nothing left running behind the error
		}
		return nil, err
	}
	r.cache, r.pre = o.Cache, pre
	return r, nil
}

func open(dir string, repair bool) (*Repo, error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open %s: %w (directory does not exist)", dir, ErrNotRepo)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("open %s: %w (not a directory)", dir, ErrNotRepo)
	}
	gitDir := filepath.Join(dir, ".git")
	gfi, err := os.Stat(gitDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open %s: %w (no .git)", dir, ErrNotRepo)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if !gfi.IsDir() {
		return nil, fmt.Errorf("open %s: %w (.git is a file: linked work trees and submodules are not supported)", dir, ErrUnsupportedRepo)
	}

	// Keeping a few pack files open spares an open and a path walk per
	// object read; Close releases them.
	st := filesystem.NewStorageWithOptions(idxFS{Filesystem: osfs.New(gitDir), root: gitDir}, cache.NewObjectLRUDefault(),
		filesystem.Options{MaxOpenDescriptors: 8})
	objs := atomicRefs{newRereadStorage(st), gitDir, &objectMemo{}}
	repo, err := git.Open(objs, osfs.New(dir))
	switch {
	case errors.Is(err, git.ErrRepositoryNotExists):
		return nil, fmt.Errorf("open %s: %w (.git/HEAD is missing)", dir, ErrNotRepo)
	case errors.Is(err, git.ErrUnknownExtension),
		errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion),
		errors.Is(err, git.ErrUnsupportedRepositoryFormatVersion):
		return nil, fmt.Errorf("open %s: %w: %v (a git feature such as sparse-checkout or sha256 enabled it; myos cannot read this repository)", dir, ErrUnsupportedRepo, err)
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	r := &Repo{dir: dir, gitDir: gitDir, repo: repo, st: st, objs: objs}
	r.packs = r.packList()
	if repair {
		if err := r.repairOnOpen(); err != nil {
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
	}
	return r, nil
}

// Close releases the files the Repo keeps open. The Repo must not be used
// afterwards.
func (r *Repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dropPrestat()
	r.packIdx.close()
	r.packIdx = nil
	return r.st.Close()
}

// Dir returns the absolute path of the work tree.
func (r *Repo) Dir() string { return r.dir }

// Repaired lists, one sentence each, what Open repaired. It is empty for a
// healthy repository.
func (r *Repo) Repaired() []string {
	return append([]string(nil), r.repaired...)
}

// Git returns the underlying go-git repository, for operations the store
// does not wrap (remotes, fetch, push). Writes through it must hold the lock,
// and callers must not use it concurrently with the Repo's own methods.
func (r *Repo) Git() *git.Repository { return r.repo }

// packList returns the names of the pack indexes and packs in objects/pack,
// to notice when another process repacked. The packs are listed too, not
// only their indexes: a fetch killed between go-git's write of a pack's
// index and the rename of its pack leaves the index alone, and the next
// fetch of the same objects keeps that index and renames only the pack in
// beside it. A list of indexes does not change then, and hasObject, which
// skipped the index while it had no pack, would go on missing the objects
// the fetch brought (found by internal/crashtest: sync failed with
// "unknown revision" for the commit it had just fetched).
func (r *Repo) packList() string {
	entries, err := os.ReadDir(filepath.Join(r.gitDir, "objects", "pack"))
	if err != nil {
		return ""
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".idx") || strings.HasSuffix(name, ".pack") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, "\n")
}

// refresh makes the storage see packs written by other processes since it
// last looked. Callers hold r.mu.
func (r *Repo) refresh() {
	if p := r.packList(); p != r.packs {
		r.reindex(p)
	}
	// Tests let another process pack here, after the look and before the
	// reads it was for.
	_ = r.hook("after-refresh")
}

// reindex has the storage and hasObject read the pack indexes again, of
// packs, as packList gives them now. Callers hold r.mu.
func (r *Repo) reindex(packs string) {
	r.shallowRead = false // a fetch that brought the pack may have deepened the clone
	r.st.Reindex()
	r.packs = packs
	r.packIdx.close()
	r.packIdx = nil
}

// headRef returns the name of the branch HEAD points to.
func (r *Repo) headRef() (plumbing.ReferenceName, error) {
	ref, err := r.st.Reference(plumbing.HEAD)
	if err != nil {
		return "", fmt.Errorf("read HEAD: %w", err)
	}
	if ref.Type() != plumbing.SymbolicReference {
		// Say whether a rebase detached it, and the safe way back.
		if err := r.checkWritable(); err != nil {
			return "", err
		}
		return "", fmt.Errorf("HEAD is detached at %s: myos works on a branch (git switch main)", ref.Hash().String()[:7])
	}
	return ref.Target(), nil
}

// headHash returns HEAD's commit, or the zero hash when the branch has no
// commit yet.
func (r *Repo) headHash() (plumbing.Hash, error) {
	name, err := r.headRef()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	ref, err := r.st.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("read %s: %w", name, err)
	}
	return ref.Hash(), nil
}

// HeadHash is the commit HEAD points to, read from the refs alone; "" on
// an empty repository.
func (r *Repo) HeadHash() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	h, err := r.headHash()
	if err != nil || h.IsZero() {
		return "", err
	}
	return h.String(), nil
}

// Head describes the commit HEAD points to. It fails with ErrNoCommits on an
// empty repository.
func (r *Repo) Head() (CommitInfo, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	h, err := r.headHash()
	if err != nil {
		return CommitInfo{}, err
	}
	if h.IsZero() {
		return CommitInfo{}, ErrNoCommits
	}
	c, err := r.commit(h)
	if err != nil {
		return CommitInfo{}, fmt.Errorf("read HEAD: %w", err)
	}
	return commitInfo(c), nil
}

func commitInfo(c *object.Commit) CommitInfo {
	info := CommitInfo{
		Hash:    c.Hash.String(),
		Short:   c.Hash.String()[:7],
		Author:  Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When},
		Message: strings.TrimRight(c.Message, "\n"),
	}
	for _, p := range c.ParentHashes {
		info.Parents = append(info.Parents, p.String())
	}
	return info
}
