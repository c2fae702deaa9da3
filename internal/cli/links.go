package cli

// A symbolic link inside the OS folder, in place of an OS file or of a
// folder of them (reviews/2026 pointing at another disk), is the user's:
// no write goes through it or replaces it, and no commit takes it or what
// lies beyond it, since git keeps a link as a link and no file beyond one.
// Every refusal names the link and says how to make it a real file or
// folder. Reads follow it. The OS folder's own path may hold links.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/myos-dev/myos/internal/store"
)

// refuseLink fails when the OS file at path (slash-separated, in dir) is
// a symbolic link or lies beyond one. A write would put a plain file in
// place of the link, or a file outside the folder; git would keep the link
// itself, not the file, and nothing beyond it.
func refuseLink(dir, path string) error {
	return refuseLinks(dir, []string{path})
}

// refuseLinks is refuseLink for each of paths: the first in the way is
// named (see store.FirstLink).
func refuseLinks(dir string, paths []string) error {
	if le := store.FirstLink(dir, paths); le != nil {
		return linkError(le)
	}
	return nil
}

// refuseLinksIn is refuseLinks for the OS paths among st, the folder's
// changes as status sees them. A link git sees as added that stands in
// place of no committed file (a year of records never committed, linked
// in from another disk) is to be moved out, as status and diff advise: a
// copy of what it links to would become part of the OS.
func refuseLinksIn(dir string, st []store.FileStatus) error {
	le := store.FirstLink(dir, dirtyOSPaths(st))
	if le == nil {
		return nil
	}
	if !le.Beyond() && slices.Contains(st, store.FileStatus{Path: le.Link, State: store.StateAdded}) {
		return withHint(fmt.Errorf("%s is a symbolic link to %s, new: myos keeps the OS's files in its folder, and commits no link; nothing was changed", le.Link, le.Target),
			"move it out of the OS folder (a copy of what it links to would become part of the OS), then try again")
	}
	return linkError(le)
}

// linkError is the refusal of a write or commit that le stops, with the way
// out: a copy of what the link names in its place.
func linkError(le *store.LinkError) error {
	abs := filepath.Join(le.Dir, filepath.FromSlash(le.Link))
	target := linkTarget(abs, le.Target) // for the hint's cp
	if le.Beyond() || isFolder(abs) {
		return withHint(fmt.Errorf("%s is a symbolic link to %s: myos keeps the OS's files in its folder, not beyond a link; nothing was changed", le.Link, le.Target),
			"make it a real folder, a copy of the one it links to (rm %s && cp -R %s %s), then try again", shellWord(abs), shellWord(target), shellWord(abs))
	}
	return withHint(fmt.Errorf("%s is a symbolic link to %s: myos keeps the OS's files in its folder, as files; nothing was changed", le.Link, le.Target),
		"put a copy of the file there instead of the link (rm %s && cp %s %s), then try again", shellWord(abs), shellWord(target), shellWord(abs))
}

// linkTarget is the path the link at abs names, target as the link says
// it. The system reads a relative target from the folder the link really
// is in, which is not the one its path spells when the OS folder's own
// path goes through a link (~/os -> /data/os) and target climbs out with
// "..": that folder is found first.
func linkTarget(abs, target string) string {
	if filepath.IsAbs(target) {
		return target
	}
	dir := filepath.Dir(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return filepath.Join(dir, target)
}

// isFolder reports whether path names a folder, through links.
func isFolder(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// linkHint words a *store.LinkError that comes without a hint (a write
// the store refused) as linkError does.
func linkHint(err error) error {
	var le *store.LinkError
	var h *hintError
	if !errors.As(err, &le) || errors.As(err, &h) {
		return err
	}
	return linkError(le)
}

// linkJSON is a symbolic link found in the OS folder in place of a file
// or a folder that myos keeps: status and diff name it once, rather than
// every committed file beyond it.
type linkJSON struct {
	Path   string `json:"path"`
	Target string `json:"target"` // as the link says it
	// Files counts the committed files beyond it: deleted, as git sees
	// the folder.
	Files int `json:"files"`
	// New is true for a link at a path that nothing committed had: it
	// stands in place of no file or folder of the OS.
	New bool `json:"new,omitempty"`
}

// foundLinks lists, by path, the symbolic links among the changed OS
// paths st of the OS folder dir (a link is a new or modified file to git)
// and in their way (a file beyond a link is deleted to git), each once. A
// link elsewhere in the folder is the user's business.
func foundLinks(dir string, st []store.FileStatus) []linkJSON {
	var out []linkJSON
	at := map[string]int{} // index in out by link path
	add := func(le *store.LinkError) {
		i, ok := at[le.Link]
		if !ok {
			i = len(out)
			at[le.Link] = i
			out = append(out, linkJSON{Path: le.Link, Target: filepath.ToSlash(le.Target)})
		}
		if le.Beyond() {
			out[i].Files++
		}
	}
	paths := make([]string, len(st))
	for i, s := range st {
		paths[i] = s.Path
	}
	added := map[string]bool{}
	for i, le := range store.LinksOf(dir, paths) {
		if le != nil {
			add(le)
			if le.Link == st[i].Path && st[i].State == store.StateAdded {
				added[le.Link] = true
			}
		}
	}
	for i := range out {
		out[i].New = added[out[i].Path] && out[i].Files == 0
	}
	slices.SortFunc(out, func(a, b linkJSON) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// atLink reports whether path p is one of links, or lies beyond one.
func atLink(links []linkJSON, p string) bool {
	return slices.ContainsFunc(links, func(l linkJSON) bool {
		return p == l.Path || strings.HasPrefix(p, l.Path+"/")
	})
}

// linkLine says what a link found in the OS folder stands in place of.
func linkLine(l linkJSON) string {
	switch {
	case l.Files == 1:
		return fmt.Sprintf("%s: a symbolic link to %s, in place of a folder of 1 committed file", l.Path, l.Target)
	case l.Files > 1:
		return fmt.Sprintf("%s: a symbolic link to %s, in place of a folder of %d committed files", l.Path, l.Target, l.Files)
	}
	if l.New {
		return fmt.Sprintf("%s: a symbolic link to %s, new", l.Path, l.Target)
	}
	return fmt.Sprintf("%s: a symbolic link to %s", l.Path, l.Target)
}

// linkAdvice is what to do about the links status and diff list: a copy
// of what it links to in place of a link that stands for OS files, and a
// new link moved out, since a copy of what it links to would become part
// of the OS (a year's folder of records never committed).
func linkAdvice(links []linkJSON) string {
	const (
		replace = "Put a real folder or file in place of each, a copy of what it links to (rm LINK && cp -R TARGET LINK)."
		move    = "Move it out of the OS folder: a copy of what it links to would become part of the OS at the next commit."
		moveAll = "Move them out of the OS folder: a copy of what they link to would become part of the OS at the next commit."
		mixed   = "Put a real folder or file in place of each that is not new, a copy of what it links to (rm LINK && cp -R TARGET LINK); move the new ones out of the OS folder."
	)
	news := 0
	for _, l := range links {
		if l.New {
			news++
		}
	}
	switch {
	case news == 0:
		return replace
	case news < len(links):
		return mixed
	case news == 1:
		return move
	}
	return moveAll
}
