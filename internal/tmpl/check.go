package tmpl

// This file keeps the rule that a template is data and nothing else: the
// whole of it is walked before any of it is read, and anything that could
// run, point elsewhere or overwhelm myos refuses the template with one
// line that names what and where.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/myos-dev/myos/routines"
)

// MaxEntries is the most files and folders a template may hold, counted
// over the whole of it.
const MaxEntries = 10000

// checkTree walks all of fsys and refuses the template when any entry is
// a symlink, not a regular file or folder, executable, a hooks folder,
// over routines.MaxFileSize, or named so that it could leave the
// template. A top-level .git of a folder template is the folder's own
// repository: it is never read, so it is not walked.
func checkTree(fsys fs.FS, source string) error {
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			var r *refusedError
			if errors.As(err, &r) {
				return refuse(source, r.path, r.why)
			}
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return fmt.Errorf("template %s: %q: %v", source, pe.Path, pe.Err)
			}
			return fmt.Errorf("template %s: %w", source, err)
		}
		if p == "." {
			return nil
		}
		name := e.Name()
		if p == ".git" {
			return fs.SkipDir
		}
		if msg := badName(name); msg != "" {
			return refuse(source, p, msg)
		}
		if n++; n > MaxEntries {
			return fmt.Errorf("template %s: more than %d files and folders: refused", source, MaxEntries)
		}
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			return refuse(source, p, "is a symlink: a template's files must be its own")
		case e.IsDir():
			if hookDir(name) {
				return refuse(source, p, "is a hooks folder: a template never runs code")
			}
			return nil
		case !e.Type().IsRegular():
			return refuse(source, p, "is not a regular file")
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("template %s: %w", source, err)
		}
		if info.Mode().Perm()&0o111 != 0 {
			return refuse(source, p, "is executable: a template never runs code")
		}
		if info.Size() > routines.MaxFileSize {
			return refuse(source, p, fmt.Sprintf("is %d bytes, over the 1 MiB a file may have", info.Size()))
		}
		return nil
	})
	return err
}

// refusedError is a refusal a file system reports while listing a
// folder: an entry no folder on disk could hold.
type refusedError struct{ path, why string }

func (e *refusedError) Error() string { return fmt.Sprintf("%q %s: refused", e.path, e.why) }

// refuse is the one line that refuses a template for the file p. The
// name is the template author's, so it is quoted: a line break or a
// terminal escape in it reaches the terminal as \n or \x1b.
func refuse(source, p, why string) error {
	return fmt.Errorf("template %s: %q %s: refused", source, p, why)
}

// badName says what is wrong with a file name in a template, or "".
func badName(name string) string {
	switch {
	case name == "" || name == "." || name == "..":
		return "is a path that leaves the template"
	case strings.ContainsAny(name, "/\\\x00"):
		return "holds a path separator: it could leave the template"
	case strings.EqualFold(name, ".git"):
		return "is a repository inside the template"
	}
	return ""
}

// hookDir reports whether a folder of that name holds hooks some tool
// might run.
func hookDir(name string) bool {
	switch strings.ToLower(name) {
	case "hooks", ".githooks", ".husky":
		return true
	}
	return false
}

// codeKey reports whether a template.toml key asks for something to run.
func codeKey(key string) bool {
	first, _, _ := strings.Cut(strings.ToLower(key), ".")
	if strings.Contains(first, "hook") {
		return true
	}
	switch first {
	case "run", "exec", "command", "commands", "script", "scripts", "post_apply", "pre_apply", "post_init", "pre_init":
		return true
	}
	return false
}

// flatFS is an fs.FS of files in one folder, held in memory.
type flatFS map[string][]byte

func (m flatFS) Open(name string) (fs.File, error) {
	if name == "." {
		return &flatDir{m: m}, nil
	}
	b, ok := m[name]
	if !ok || !fs.ValidPath(name) || strings.Contains(name, "/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &flatFile{info: flatInfo{name: name, size: int64(len(b))}, r: strings.NewReader(string(b))}, nil
}

func (m flatFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]fs.DirEntry, len(names))
	for i, n := range names {
		out[i] = fs.FileInfoToDirEntry(flatInfo{name: n, size: int64(len(m[n]))})
	}
	return out, nil
}

func (m flatFS) Stat(name string) (fs.FileInfo, error) {
	if name == "." {
		return flatInfo{name: ".", dir: true}, nil
	}
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return flatInfo{name: path.Base(name), size: int64(len(b))}, nil
}

type flatInfo struct {
	name string
	size int64
	dir  bool
}

func (i flatInfo) Name() string { return i.name }
func (i flatInfo) Size() int64  { return i.size }
func (i flatInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i flatInfo) ModTime() time.Time { return time.Time{} }
func (i flatInfo) IsDir() bool        { return i.dir }
func (i flatInfo) Sys() any           { return nil }

type flatFile struct {
	info flatInfo
	r    *strings.Reader
}

func (f *flatFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *flatFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *flatFile) Close() error               { return nil }

type flatDir struct {
	m    flatFS
	done bool
}

func (d *flatDir) Stat() (fs.FileInfo, error) { return flatInfo{name: ".", dir: true}, nil }
func (d *flatDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *flatDir) Close() error               { return nil }
func (d *flatDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.done {
		if n > 0 {
			return nil, io.EOF
		}
		return nil, nil
	}
	d.done = true
	return d.m.ReadDir(".")
}
