//go:build !unix

package store

import (
	"os"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// fillStat copies the stat data git keeps in an index entry.
func fillStat(e *index.Entry, fi os.FileInfo) {
	e.Size = uint32(fi.Size())
	e.ModifiedAt = fi.ModTime()
	e.CreatedAt = fi.ModTime()
}

// inode is unknown on these systems.
func inode(fi os.FileInfo) uint32 { return 0 }
