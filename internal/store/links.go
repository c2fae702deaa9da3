package store

// git keeps a symbolic link as a link, and takes no path beyond one: a
// tracked file whose folder was replaced by a link (reviews/2026 pointing
// at another disk) is deleted to it, and the link is a new, untracked
// file. The store sees the work tree the same way (Status). It never
// writes, deletes or commits a file through a link, nor writes over one,
// so that what is committed is what is in the tree and the user's link
// and what it points at stay as they were. Only links inside the work
// tree count: the work tree's own path may go through any number of them.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LinkError says that a path of the work tree is a symbolic link, or lies
// beyond one: a folder on its way is a link.
type LinkError struct {
	Dir    string // the work tree
	Path   string // the path asked about, slash-separated
	Link   string // the link: Path itself, or one of its folders
	Target string // what the link names, as it says it
}

func (e *LinkError) Error() string {
	if e.Link == e.Path {
		return fmt.Sprintf("%s is a symbolic link to %s", e.Link, e.Target)
	}
	return fmt.Sprintf("%s is beyond a symbolic link: %s links to %s", e.Path, e.Link, e.Target)
}

// Beyond reports whether the link is a folder on the path's way rather
// than the path itself.
func (e *LinkError) Beyond() bool { return e.Link != e.Path }

// LinkOf returns a *LinkError when slash path p of the work tree dir is a
// symbolic link or lies beyond one, and nil when it is neither (missing,
// or its way blocked by a plain file, included). Only the parts of p are
// looked at, not dir's own path.
func LinkOf(dir, p string) *LinkError {
	return LinksOf(dir, []string{p})[0]
}

// LinksOf is LinkOf for each of paths, in their order. Each folder on
// their way is looked at once: a year of records is one lstat for its
// folder, and one for each record, which may itself be a link.
func LinksOf(dir string, paths []string) []*LinkError {
	folders := make([]string, len(paths))
	for i, p := range paths {
		folders[i] = slashDir(p)
	}
	linked := linkedFolders(dir, folders)
	targets := map[string]string{} // what each link names, read once
	out := make([]*LinkError, len(paths))
	for i, p := range paths {
		if p == "" {
			continue // the work tree itself, whose own path may be a link
		}
		if link, ok := linked[folders[i]]; ok {
			target, read := targets[link]
			if !read {
				target, _ = os.Readlink(filepath.Join(dir, filepath.FromSlash(link)))
				targets[link] = target
			}
			out[i] = &LinkError{Dir: dir, Path: p, Link: link, Target: target}
			continue
		}
		if le, _ := linkAt(dir, p); le != nil {
			le.Dir, le.Path = dir, p
			out[i] = le
		}
	}
	return out
}

// FirstLink is the *LinkError of the first of paths that is a symbolic
// link or lies beyond one (see LinksOf), nil when none is. When that path
// is the link itself and others of paths lie beyond it (a year's folder
// made a link, and its records, in path order), the error names one of
// those: it says that the link stands in place of a folder, which the
// link alone cannot tell when what it names is missing (a disk not
// mounted just now).
func FirstLink(dir string, paths []string) *LinkError {
	les := LinksOf(dir, paths)
	for _, le := range les {
		if le == nil {
			continue
		}
		if !le.Beyond() {
			for _, other := range les {
				if other != nil && other.Link == le.Link && other.Beyond() {
					return other
				}
			}
		}
		return le
	}
	return nil
}

// linkAt looks at the part of the work tree at slash path p: a *LinkError
// for a link (Path not set), and stop when nothing can lie beyond it (it
// is missing, or not a folder).
func linkAt(dir, p string) (le *LinkError, stop bool) {
	abs := filepath.Join(dir, filepath.FromSlash(p))
	fi, err := os.Lstat(abs)
	if err != nil {
		return nil, true
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(abs)
		return &LinkError{Link: p, Target: target}, true
	}
	return nil, !fi.IsDir()
}

// linkedFolders finds, among folders (slash paths of the work tree dir,
// "" for the root), those that are symbolic links or lie beyond one, and
// gives for each the link. Each folder on the way is looked at once.
func linkedFolders(dir string, folders []string) map[string]string {
	type seen struct {
		link string // the link at or above it
		stop bool   // nothing lies beyond it
	}
	memo := map[string]seen{}
	var look func(f string) seen
	look = func(f string) seen {
		if s, ok := memo[f]; ok {
			return s
		}
		var s seen
		if i := strings.LastIndexByte(f, '/'); i >= 0 {
			s = look(f[:i])
		}
		if s.link == "" && !s.stop {
			le, stop := linkAt(dir, f)
			if le != nil {
				s.link = f
			}
			s.stop = stop
		}
		memo[f] = s
		return s
	}
	var out map[string]string
	for _, f := range folders {
		if f == "" {
			continue
		}
		if s := look(f); s.link != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[f] = s.link
		}
	}
	return out
}

// errBeyondLink is the stat error of a tracked file that lies beyond a
// symbolic link: Status reports it deleted, as git does.
var errBeyondLink = errors.New("beyond a symbolic link")

// refuseLinks fails with a *LinkError, before anything is written, when a
// change's path is a symbolic link or lies beyond one.
func (r *Repo) refuseLinks(changes []Change) error {
	paths := make([]string, len(changes))
	for i, c := range changes {
		paths[i] = c.Path
	}
	if le := FirstLink(r.dir, paths); le != nil {
		return le
	}
	return nil
}
