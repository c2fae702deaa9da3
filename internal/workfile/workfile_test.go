//go:build unix

package workfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestRefusesNotRegular guards against reads that waited for ever on a
// named pipe or ran on through /dev/zero.
func TestRefusesNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("file", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	fsys := DirFS(dir)
	tests := []struct {
		name, want, wantErr string
	}{
		{"file", "x = 1\n", ""},
		{"link", "x = 1\n", ""},
		{"pipe", "", "pipe: is a named pipe, not a regular file"},
		{"zero", "", "zero: is a device, not a regular file"},
	}
	for _, tt := range tests {
		for how, read := range map[string]func(string) ([]byte, error){
			"ReadFile":    func(n string) ([]byte, error) { return ReadFile(filepath.Join(dir, n)) },
			"fs.ReadFile": func(n string) ([]byte, error) { return fs.ReadFile(fsys, n) },
			"Open": func(n string) ([]byte, error) {
				f, err := fsys.Open(n)
				if err != nil {
					return nil, err
				}
				defer f.Close()
				b := make([]byte, 6)
				k, err := f.Read(b)
				return b[:k], err
			},
		} {
			b, err := read(tt.name)
			if tt.wantErr == "" {
				if err != nil || string(b) != tt.want {
					t.Errorf("%s(%s): got %q, %v; want %q", how, tt.name, b, err, tt.want)
				}
				continue
			}
			var nr *NotRegularError
			if !errors.As(err, &nr) || !errors.Is(err, fs.ErrInvalid) || !strings.HasSuffix(err.Error(), "/"+tt.wantErr) && err.Error() != "read "+tt.wantErr {
				t.Errorf("%s(%s): got %q, %v; want the error %q", how, tt.name, b, err, tt.wantErr)
			}
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "folder")); !errors.Is(err, syscall.EISDIR) {
		t.Errorf("ReadFile(folder): got %v, want is a directory", err)
	}
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		t.Errorf("ReadDir: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(missing): got %v, want not exist", err)
	}
}

// TestReadFileWhole checks that ReadFile gives every byte of files of any
// size, around the sizes where a buffer grows, and reads each with one
// buffer of the file's size: io.ReadAll, doubling from 512 bytes,
// allocated more than twice the file.
func TestReadFileWhole(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 512, 513, 4096, 32 << 10, 100_003} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte('a' + i%26)
		}
		path := filepath.Join(dir, fmt.Sprint(size))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(path)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("ReadFile of %d bytes: got %d bytes, %v; want them all", size, len(got), err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := ReadFile(path); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; size >= 4096 && alloc > uint64(size+size/8+1024) {
			t.Errorf("ReadFile of %d bytes: allocated %d bytes, want about the file's size", size, alloc)
		}
	}
}
