package store

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	oscache "github.com/myos-dev/myos/internal/cache"
)

// FileState says how a work tree file differs from HEAD.
type FileState string

// The states Status reports.
const (
	StateModified FileState = "modified" // tracked, content or mode differs
	StateAdded    FileState = "added"    // not in HEAD: a new, untracked file
	StateDeleted  FileState = "deleted"  // in HEAD, missing from the work tree
)

// FileStatus is one path that differs from HEAD.
type FileStatus struct {
	Path  string
	State FileState
}

// ReviewsDir is the directory whose new files Status reports at any depth;
// elsewhere it reports new files at the top level only.
const ReviewsDir = "reviews"

// Status compares the work tree with HEAD and lists the differences sorted
// by path. A file whose size and mtime match its index entry is taken as
// unchanged without reading it; any other tracked file is hashed. New files
// are reported at the top level and anywhere under reviews/, except editor
// leftovers (*~, .*.swp, #*#) and what the root .gitignore or
// .git/info/exclude ignores.
func (r *Repo) Status() ([]FileStatus, error) {
	st, _, err := r.status(false)
	return st, err
}

// StatusAndStaged is Status and StagedDeletions at once: one lock, one
// walk of the index.
func (r *Repo) StatusAndStaged() ([]FileStatus, []string, error) {
	return r.status(true)
}

func (r *Repo) status(withStaged bool) ([]FileStatus, []string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()

	tracked, err := r.headListing()
	if err != nil {
		r.dropPrestat() // a later Status must not take it, older still
		return nil, nil, fmt.Errorf("status: %w", err)
	}
	// The files are stat'ed while the index is read: both take a while
	// at ten years, and neither needs the other until both are done. When
	// Open has stat'ed them already, as the cache listed HEAD's tree, that
	// is taken instead.
	paths := tracked.paths
	pre, tree, dir, dirs, c := r.pre, r.flatTree, r.dir, r.flatDirs, r.cache
	r.pre = nil
	done := make(chan treeStats, 1)
	go func() {
		if pre != nil {
			if st, ok := pre.stats(tree); ok {
				st.early = true
				done <- st
				return
			}
		}
		done <- statTree(dir, paths, dirs, c)
	}()
	look, idxTime, complete, err := r.indexEntries()
	if err != nil {
		<-done
		return nil, nil, fmt.Errorf("status: %w", err)
	}

	var out []FileStatus
	hashed, stale := 0, 0
	ts := <-done
	stats, listings := ts.stats, ts.listings
	r.dirsListed, r.statsTaken = ts.listed, ts.early
	var staged []string // HEAD's files without an index entry
	for i, p := range paths {
		f := tracked.files[i]
		st := &stats[i]
		e, merged, present := look(p)
		if !present {
			staged = append(staged, p)
		}
		if err := st.err; err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || err == errBeyondLink {
				out = append(out, FileStatus{p, StateDeleted})
				continue
			}
			return nil, nil, fmt.Errorf("status: %w", err)
		}
		if st.mode.IsDir() {
			out = append(out, FileStatus{p, StateDeleted})
			continue
		}
		// A named pipe or a device in a file's place is a change, and
		// is not read: reading it could wait or run on for ever.
		if !st.mode.IsRegular() && st.mode&fs.ModeSymlink == 0 {
			out = append(out, FileStatus{p, StateModified})
			continue
		}
		if treeModeOf(st.mode) != f.mode {
			out = append(out, FileStatus{p, StateModified})
			continue
		}
		if merged && e.hash == f.hash && statClean(e, st) && e.before(idxTime) {
			continue
		}
		hashed++
		h, err := hashFile(filepath.Join(r.dir, filepath.FromSlash(p)), st.mode)
		if err != nil {
			return nil, nil, fmt.Errorf("status: %w", err)
		}
		if h != f.hash {
			out = append(out, FileStatus{p, StateModified})
		} else if merged && e.hash == f.hash && !statClean(e, st) {
			stale++ // read for nothing (see StaleStat)
		}
	}

	r.lastHashed, r.lastStale = hashed, stale

	untracked, err := r.untracked(tracked, listings, ts.links)
	if err != nil {
		return nil, nil, fmt.Errorf("status: %w", err)
	}
	for _, p := range untracked {
		out = append(out, FileStatus{p, StateAdded})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	if !withStaged {
		return out, nil, nil
	}
	// The walk found the staged deletions, unless the index is missing,
	// damaged or sparse, or an interrupted commit left it behind HEAD:
	// then StagedDeletions says what it says.
	if _, err := os.Stat(filepath.Join(r.gitDir, pendingFile)); err == nil || !complete {
		if staged, err = r.stagedDeletions(); err != nil {
			return nil, nil, err
		}
	}
	return out, staged, nil
}

// headListing lists HEAD's files (see flatten). Callers hold r.mu.
func (r *Repo) headListing() (fileList, error) {
	head, err := r.headHash()
	if err != nil {
		return fileList{}, err
	}
	tree, err := r.commitTree(head)
	if err != nil {
		return fileList{}, err
	}
	return r.flatten(tree)
}

// fileStat is what Status keeps of a work tree file's lstat data: small,
// as it holds one for every tracked file.
type fileStat struct {
	err  error
	size int64
	sec  int64 // the modification time
	nsec int64
	ino  uint64 // 0 where unknown
	mode fs.FileMode
}

// fileStatOf keeps what Status needs of fi.
func fileStatOf(fi os.FileInfo) fileStat {
	t := fi.ModTime()
	return fileStat{size: fi.Size(), sec: t.Unix(), nsec: int64(t.Nanosecond()), ino: uint64(inode(fi)), mode: fi.Mode()}
}

// lstatPath is os.Lstat, kept as a fileStat.
func lstatPath(p string) fileStat {
	fi, err := os.Lstat(p)
	if err != nil {
		return fileStat{err: err}
	}
	return fileStatOf(fi)
}

// dirEntry is one name in a folder: what Status's search for new files
// needs of it.
type dirEntry struct {
	name string
	dir  bool
}

// sortedHas reports whether the sorted names hold name, without making a
// string of it.
func sortedHas(names []string, name []byte) bool {
	lo, hi := 0, len(names)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if names[m] < string(name) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(names) && names[lo] == string(name)
}

// statJob is work for lstatIn: files of one folder to stat, and whether
// to list the folder too.
type statJob struct {
	dir     string     // the folder, absolute
	names   []string   // files of it to stat
	out     []fileStat // where their stat data goes: at out[at[i]] for names[i]
	at      []int
	list    bool     // list the folder too
	tracked []string // all of the folder's tracked files, sorted, for the listing
	known   *dirListing
}

// slashDir is the folder of slash path p, "" for the root.
func slashDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// folderScan is what lstatIn found in a folder besides its tracked files.
type folderScan struct {
	extra  []dirEntry
	listed bool     // extra is all there is; false: the folder could not be listed
	stamp  dirStamp // the folder's stat data before it was listed
	cached bool     // extra is the cached listing, the folder unchanged since
}

// treeStats is what statTree found.
type treeStats struct {
	stats    []fileStat            // of each path
	listings map[string][]dirEntry // by slash folder ("" for the root)
	listed   int                   // folders read rather than taken from the cache
	early    bool                  // found while the repository was opened
	links    []string              // symbolic links in place of folders of paths
}

// statTree stats the work tree files at paths, files of the work tree in
// dir, a folder at a time (see lstatIn), spread over the CPUs when there
// are many, as git's preloaded index does: at ten years of reviews the
// calls are most of Status's time. paths must be sorted. Along with the
// stat data it returns, by slash path ("" for the root), what lstatIn
// found in each folder it could list besides the folder's files of paths.
// With c and dirs, the tree id of each folder of paths, it takes a
// folder's listing from the folder cache while the folder is unchanged,
// and keeps the listings there.
func statTree(dir string, paths []string, dirs map[string]plumbing.Hash, c *oscache.Cache) treeStats {
	start := time.Now()
	// A folder's files are not all together in path order (os.toml,
	// reviews/..., routines.toml): gather each folder's runs of paths, and
	// stat them in that order, names sorted within each folder.
	type run struct{ lo, hi int }
	var folders []string
	runs := map[string][]run{}
	for lo := 0; lo < len(paths); {
		dir := slashDir(paths[lo])
		hi := lo + 1
		for hi < len(paths) && slashDir(paths[hi]) == dir {
			hi++
		}
		if _, ok := runs[dir]; !ok {
			folders = append(folders, dir)
		}
		runs[dir] = append(runs[dir], run{lo, hi})
		lo = hi
	}
	order := make([]int, 0, len(paths)) // order[k] is the path the k-th stat is of
	names := make([]string, 0, len(paths))
	stats := make([]fileStat, len(paths)) // in the order of paths
	// A folder that is a symbolic link, or lies beyond one, holds none of
	// the tree's files, to git: they are deleted, whatever the link points
	// at. One lstat a folder, a dozen at ten years.
	linked := linkedFolders(dir, folders)
	var links []string
	if len(linked) > 0 {
		kept := folders[:0:0]
		for _, folder := range folders {
			link, ok := linked[folder]
			if !ok {
				kept = append(kept, folder)
				continue
			}
			if !slices.Contains(links, link) {
				links = append(links, link)
			}
			for _, rn := range runs[folder] {
				for i := rn.lo; i < rn.hi; i++ {
					stats[i] = fileStat{err: errBeyondLink}
				}
			}
		}
		folders = kept
	}
	// A cached listing stands for a folder whose tree id in HEAD is the
	// one it was made with: the same tracked files.
	useCache := dirs != nil && c != nil
	var cached map[string]dirListing
	if useCache {
		cached = readDirCache(c)
	}
	// Each job is at most chunk files of one folder, so that the CPUs
	// finish together rather than one waiting on a year of records; the
	// first of a folder's jobs lists it.
	const chunk = 128
	type job struct {
		statJob
		folder string // slash path, "" for the root
	}
	var jobs []job
	for _, folder := range folders {
		flo := len(names)
		for _, rn := range runs[folder] {
			for i := rn.lo; i < rn.hi; i++ {
				order = append(order, i)
				names = append(names, paths[i][len(folder)+min(len(folder), 1):])
			}
		}
		fhi := len(names)
		abs := filepath.Join(dir, filepath.FromSlash(folder))
		var known *dirListing
		if l, ok := cached[folder]; ok && l.tree == dirs[folder] {
			known = &l
		}
		for at := flo; at < fhi; at += chunk {
			end := min(at+chunk, fhi)
			j := job{statJob{dir: abs, names: names[at:end], out: stats, at: order[at:end]}, folder}
			if at == flo {
				j.list, j.tracked, j.known = true, names[flo:fhi], known
			}
			jobs = append(jobs, j)
		}
	}
	scans := make([]folderScan, len(jobs))
	const bufSize = 32 << 10
	// The caller takes jobs too, rather than only hand them out: it
	// works from the first job on, while the goroutines it starts may
	// wait for a thread of their own in a process that has just begun.
	workers := min(runtime.GOMAXPROCS(0), 8, len(paths)/500, len(jobs))
	var next atomic.Int64
	work := func() {
		buf := make([]byte, bufSize)
		for k := int(next.Add(1) - 1); k < len(jobs); k = int(next.Add(1) - 1) {
			scans[k] = lstatIn(jobs[k].statJob, buf)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()

	res := treeStats{stats: stats, listings: make(map[string][]dirEntry, len(jobs)), links: links}
	var keep map[string]dirListing
	if useCache {
		keep = make(map[string]dirListing, len(jobs))
	}
	for k, j := range jobs {
		s := scans[k]
		if !j.list || !s.listed {
			continue
		}
		res.listings[j.folder] = s.extra
		if !s.cached {
			res.listed++
		}
		tree, ok := dirs[j.folder]
		if keep != nil && ok && (s.cached || s.stamp.settled(start)) {
			keep[j.folder] = dirListing{tree: tree, stamp: s.stamp, extra: s.extra}
		}
	}
	if keep != nil {
		keepDirCache(c, cached, keep)
	}
	return res
}

// modeOf gives the tree mode a work tree file would be committed with.
func modeOf(fi os.FileInfo) filemode.FileMode { return treeModeOf(fi.Mode()) }

// treeModeOf gives the tree mode of a work tree file with mode m.
func treeModeOf(m fs.FileMode) filemode.FileMode {
	switch {
	case m&os.ModeSymlink != 0:
		return filemode.Symlink
	case m&0o111 != 0:
		return filemode.Executable
	default:
		return filemode.Regular
	}
}

// statClean reports whether a file's stat data still matches its index
// entry: same size, same mtime to the nanosecond, same inode when known
// (the index keeps its low 32 bits). An entry without stat data matches
// nothing, and neither does one of size 0 whose blob is not empty: that is
// the mark git and smudgeRacy put on an entry whose file may have changed
// unseen, and the file may have been emptied since in the tick the entry
// records.
func statClean(e indexStat, st *fileStat) bool {
	if e.size != uint32(st.size) || e.sec == 0 && e.nsec == 0 || int64(e.sec) != st.sec || int64(e.nsec) != st.nsec {
		return false
	}
	if e.size == 0 && e.hash != emptyBlob {
		return false
	}
	if e.ino != 0 && st.ino != 0 && uint32(st.ino) != e.ino {
		return false
	}
	return true
}

// untracked lists new files at the top level and under reviews/, and
// links, the symbolic links found in place of folders of tracked files,
// wherever they are. A folder's listing comes from listings when lstatAll
// made it, else it is read here.
func (r *Repo) untracked(tracked fileList, listings map[string][]dirEntry, links []string) ([]string, error) {
	ignore := r.ignoreMatcher()
	var out []string
	r.lastTemps = nil
	consider := func(p string, d dirEntry) {
		if strings.Contains(d.name, tempMarker) {
			r.lastTemps = append(r.lastTemps, p)
		}
		if _, ok := tracked.find(p); ok || editorTemp(d.name) {
			return
		}
		if ignore != nil && ignore.Match(strings.Split(p, "/"), false) {
			return
		}
		if len(links) > 0 && slices.Contains(out, p) {
			return // a link of links, listed again
		}
		out = append(out, p)
	}
	list := func(dir string) ([]dirEntry, error) {
		if l, ok := listings[dir]; ok {
			return l, nil
		}
		ents, err := os.ReadDir(filepath.Join(r.dir, filepath.FromSlash(dir)))
		l := make([]dirEntry, len(ents))
		for i, d := range ents {
			l[i] = dirEntry{name: d.Name(), dir: d.IsDir()}
		}
		return l, err
	}
	for _, p := range links {
		consider(p, dirEntry{name: path.Base(p)})
	}
	top, err := list("")
	if err != nil {
		return nil, err
	}
	for _, d := range top {
		if !d.dir {
			consider(d.name, d)
		}
	}
	// The walk of reviews/ follows no symbolic link: one in place of
	// reviews/ itself was reported above, as a file of the top level.
	if fi, err := os.Lstat(filepath.Join(r.dir, ReviewsDir)); err != nil || !fi.IsDir() {
		return out, nil
	}
	var walk func(dir string) error
	walk = func(dir string) error {
		ents, err := list(dir)
		if err != nil {
			return err
		}
		for _, d := range ents {
			p := dir + "/" + d.name
			if d.dir {
				if ignore != nil && ignore.Match(strings.Split(p, "/"), true) {
					continue
				}
				if err := walk(p); err != nil {
					return err
				}
				continue
			}
			consider(p, d)
		}
		return nil
	}
	if err := walk(ReviewsDir); err != nil {
		return nil, err
	}
	return out, nil
}

// editorTemp recognises editor backups, swap and lock files, and the
// store's own temporary files.
func editorTemp(name string) bool {
	switch {
	case strings.HasSuffix(name, "~"):
		return true
	case strings.HasPrefix(name, ".") && len(name) > 5 && strings.HasPrefix(name[len(name)-4:], ".sw"):
		return true // vim: .name.swp, .swo, ...
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true // emacs autosave
	case strings.HasPrefix(name, ".#"):
		return true // emacs lock
	case strings.Contains(name, tempMarker):
		return true
	case name == ".DS_Store":
		return true
	}
	return false
}

// ignoreMatcher reads the root .gitignore and .git/info/exclude. Nested
// .gitignore files are not read.
func (r *Repo) ignoreMatcher() gitignore.Matcher {
	var ps []gitignore.Pattern
	for _, name := range []string{filepath.Join(r.gitDir, "info", "exclude"), filepath.Join(r.dir, ".gitignore")} {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
				continue
			}
			ps = append(ps, gitignore.ParsePattern(line, nil))
		}
		f.Close()
	}
	if len(ps) == 0 {
		return nil
	}
	return gitignore.NewMatcher(ps)
}

// StatusOf is Status for the given paths only (slash-separated, relative
// to the OS root): each that differs from HEAD is reported, sorted by
// path; a path neither in HEAD nor in the folder is left out. A new file is
// reported wherever it is, not only at the top level and under reviews/
// as Status looks for them: the caller named it. It reads those files and nothing else of the folder, so a
// write that touches a handful of files does not pay for stat'ing every
// review record, as Status does.
func (r *Repo) StatusOf(paths []string) ([]FileStatus, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()

	tracked, err := r.headListing()
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	var ignore gitignore.Matcher
	ignoreRead := false
	var out []FileStatus
	seen := make(map[string]bool, len(paths))
	folders := make([]string, len(paths))
	for i, p := range paths {
		folders[i] = slashDir(path.Clean(p))
	}
	linked := linkedFolders(r.dir, folders)
	for i, p := range paths {
		p = path.Clean(p)
		if seen[p] {
			continue
		}
		seen[p] = true
		f, isTracked := tracked.find(p)
		abs := filepath.Join(r.dir, filepath.FromSlash(p))
		var fi os.FileInfo
		var err error
		if _, ok := linked[folders[i]]; ok {
			err = errBeyondLink // not in the tree, whatever the link points at
		} else {
			fi, err = os.Lstat(abs)
		}
		switch {
		case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || err == errBeyondLink:
			if isTracked {
				out = append(out, FileStatus{p, StateDeleted})
			}
			continue
		case err != nil:
			return nil, fmt.Errorf("status: %w", err)
		case fi.IsDir():
			if isTracked {
				out = append(out, FileStatus{p, StateDeleted})
			}
			continue
		}
		if !isTracked {
			if editorTemp(path.Base(p)) {
				continue
			}
			if !ignoreRead {
				ignore, ignoreRead = r.ignoreMatcher(), true
			}
			if ignore != nil && ignore.Match(strings.Split(p, "/"), false) {
				continue
			}
			out = append(out, FileStatus{p, StateAdded})
			continue
		}
		if modeOf(fi) != f.mode || !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
			out = append(out, FileStatus{p, StateModified})
			continue
		}
		h, err := hashFile(abs, fi.Mode())
		if err != nil {
			return nil, fmt.Errorf("status: %w", err)
		}
		if h != f.hash {
			out = append(out, FileStatus{p, StateModified})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}
