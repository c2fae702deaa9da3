//go:build !linux

package store

import (
	"io/fs"
	"os"
	"path/filepath"
)

// lstatIn runs os.Lstat on each of names, files of the folder dir. It
// does not list the folder: Status reads it itself.
func lstatIn(dir string, names []string, out []lstatResult) []fs.DirEntry {
	for i, name := range names {
		out[i].fi, out[i].err = os.Lstat(filepath.Join(dir, name))
	}
	return nil
}
