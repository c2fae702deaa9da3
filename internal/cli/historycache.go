package cli

import (
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// cachedItemHistory is semdiff.ItemHistory through the version index of
// the kind's file kept in the OS cache: only the versions where the item
// changed are read and decoded.
func cachedItemHistory(repo *store.Repo, kind routines.Kind, id string, revs []semdiff.Revision) ([]semdiff.Entry, error) {
	c := repo.Cache()
	file := kind.File()
	if c == nil || file == "" {
		return semdiff.ItemHistory(kind, id, revs, repo.ReadBlob)
	}
	name := "versions-" + file
	x := semdiff.NewVersionIndex(file)
	if b, ok := c.Get(name, 1); ok {
		if read, err := semdiff.ReadVersionIndex(file, b); err == nil {
			x = read
		}
	}
	found, err := semdiff.ItemHistoryIndexed(kind, id, revs, repo.ReadBlob, x)
	if err == nil && x.Changed() {
		c.Put(name, 1, semdiff.AppendVersionIndex(nil, x))
	}
	return found, err
}
