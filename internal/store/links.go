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
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		le, stop := linkAt(dir, p[:i])
		if le != nil {
			le.Dir, le.Path = dir, p
			return le
		}
		if stop {
			return nil
		}
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
	folders := make([]string, len(changes))
	for i, c := range changes {
		folders[i] = slashDir(c.Path)
	}
	linked := linkedFolders(r.dir, folders)
	for i, c := range changes {
		if link, ok := linked[folders[i]]; ok {
			target, _ := os.Readlink(filepath.Join(r.dir, filepath.FromSlash(link)))
			return &LinkError{Dir: r.dir, Path: c.Path, Link: link, Target: target}
		}
		if le, _ := linkAt(r.dir, c.Path); le != nil {
			le.Dir, le.Path = r.dir, c.Path
			return le
		}
	}
	return nil
}
