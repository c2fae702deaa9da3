//go:build !linux

package store

import (
	"path/filepath"
)

// lstatIn runs os.Lstat on each of j.names, files of the folder j.dir,
// into j.out at j.at. It does not list the folder: Status reads it
// itself.
func lstatIn(j statJob, _ []byte) folderScan {
	for i, name := range j.names {
		j.out[j.at[i]] = lstatPath(filepath.Join(j.dir, name))
	}
	return folderScan{}
}
