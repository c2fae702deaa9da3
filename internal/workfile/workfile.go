// Package workfile reads the files of an OS folder, the user's files,
// without ever waiting on one: a named pipe, a device or a socket put in
// place of an OS file (or a symbolic link to one, such as /dev/zero) is
// refused, not read, since reading it could block forever or never end.
package workfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// NotRegularError says that a path names something other than a regular
// file or a folder, and what it is. It comes wrapped in an *fs.PathError
// that names the path.
type NotRegularError struct {
	Kind string // "a named pipe", "a device", ...
}

func (e *NotRegularError) Error() string {
	return "is " + e.Kind + ", not a regular file"
}

// Is lets errors.Is(err, fs.ErrInvalid) match.
func (e *NotRegularError) Is(target error) bool { return target == fs.ErrInvalid }

// kindOf names a file mode that is not a regular file or a folder.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	default:
		return "not a regular file"
	}
}

// open opens path for reading without blocking on a named pipe, and
// refuses anything but a regular file or a folder (which reads fail on as
// they always have). The check is made on the opened file, so a file
// swapped in between cannot slip past it.
func open(path, name string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if m := fi.Mode(); !m.IsRegular() && !m.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "read", Path: name, Err: &NotRegularError{Kind: kindOf(m)}}
	}
	return f, nil
}

// ReadFile is os.ReadFile for a file of the OS folder: it refuses, rather
// than waits on or reads without end, anything but a regular file.
func ReadFile(path string) ([]byte, error) {
	f, err := open(path, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f)
}

// DirFS is os.DirFS(dir) whose Open and ReadFile refuse what ReadFile
// refuses.
func DirFS(dir string) fs.FS { return dirFS{dir: dir, os: os.DirFS(dir)} }

type dirFS struct {
	dir string
	os  fs.FS
}

func (d dirFS) join(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(d.dir, filepath.FromSlash(name)), nil
}

func (d dirFS) Open(name string) (fs.File, error) {
	p, err := d.join("open", name)
	if err != nil {
		return nil, err
	}
	f, err := open(p, name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (d dirFS) ReadFile(name string) ([]byte, error) {
	p, err := d.join("read", name)
	if err != nil {
		return nil, err
	}
	f, err := open(p, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f)
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.os, name) }

func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.os, name) }

// readAll reads f to its end into a buffer of its size: io.ReadAll starts
// at 512 bytes and doubles, allocating twice the file and copying it on
// the way, for every OS file every command reads. (os.ReadFile asks for
// one byte more than the file, to meet its end, which moves a file of
// 32 KiB into an allocation of 40.)
func readAll(f *os.File) ([]byte, error) {
	size := 0
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = int(fi.Size())
	}
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			// Full: the end, or a file that grew since its size was read.
			var one [1]byte
			n, err := f.Read(one[:])
			if n == 0 && err == io.EOF {
				return data, nil
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			data = append(data, one[:n]...)
			continue
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
