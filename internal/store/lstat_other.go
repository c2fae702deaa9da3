//go:build !linux

package store

import (
	"path/filepath"
)

// lstatIn runs os.Lstat on each of names, files of the folder dir. It
// does not list the folder: Status reads it itself.
func lstatIn(dir string, names []string, out []fileStat, _ []byte, _ *dirListing) folderScan {
	for i, name := range names {
		out[i] = lstatPath(filepath.Join(dir, name))
	}
	return folderScan{}
}
