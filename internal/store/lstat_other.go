//go:build !linux

package store

import (
	"os"
	"path/filepath"
)

// lstatIn runs os.Lstat on each of names, files of the folder dir.
func lstatIn(dir string, names []string, out []lstatResult) {
	for i, name := range names {
		out[i].fi, out[i].err = os.Lstat(filepath.Join(dir, name))
	}
}
