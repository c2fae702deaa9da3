package store

// Another process may pack the repository while a command reads it: the
// packing writes a new pack, of the loose objects and, when packs pile up,
// of the old packs too, and removes what it replaces (see maintain.go).
// A reader that listed objects/pack before that looks for an object where
// it no longer is: go-git's storage reads its pack indexes once and finds
// neither the loose object that went into the new pack ("object not
// found") nor the pack it was merged out of ("packfile not found"), and
// hasObject's own list of packs goes stale the same way. git looks again
// when an object is not found (reprepare_packed_git): so does the store,
// and only then. A read that finds its object does no more work.

import (
	"errors"
	"io/fs"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// rereadStorage is a go-git storage whose object reads, when the object
// is not found, read the pack indexes again and look once more (see
// lookAgain). A truly missing object fails with the same error.
//
// Its reads take turns: go-git's pack encoder (a push, a fetch served from
// this repository) reads objects from several goroutines, and go-git's
// storage is not safe for that; reading the indexes again while another
// goroutine reads them least of all.
type rereadStorage struct {
	*filesystem.Storage
	mu *sync.Mutex
}

func newRereadStorage(st *filesystem.Storage) rereadStorage {
	return rereadStorage{Storage: st, mu: new(sync.Mutex)}
}

// lookAgain reports whether a lookup that failed with err, having looked
// again looks times, should read the pack indexes again and look once
// more: the first time whenever the object was not where the storage
// looked, a second time only if the look again chose a pack removed
// before it could read it. A packing that merged packs removes them one
// after the other, and go-git, unlike git, cannot pass over a pack that
// is gone to the newer one that holds the same object.
func lookAgain(err error, looks int) bool {
	switch looks {
	case 0:
		return errors.Is(err, plumbing.ErrObjectNotFound) ||
			errors.Is(err, dotgit.ErrPackfileNotFound) ||
			errors.Is(err, fs.ErrNotExist)
	case 1:
		return errors.Is(err, dotgit.ErrPackfileNotFound)
	}
	return false
}

// EncodedObject reads an object.
func (s rereadStorage) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.Storage.EncodedObject(t, h)
	for looks := 0; err != nil && lookAgain(err, looks); looks++ {
		s.Storage.Reindex()
		o, err = s.Storage.EncodedObject(t, h)
	}
	return o, err
}

// DeltaObject reads an object as its pack stores it, for go-git's encoder.
func (s rereadStorage) DeltaObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.Storage.DeltaObject(t, h)
	for looks := 0; err != nil && lookAgain(err, looks); looks++ {
		s.Storage.Reindex()
		o, err = s.Storage.DeltaObject(t, h)
	}
	return o, err
}

// HasEncodedObject reports whether the object is there: nil if it is.
func (s rereadStorage) HasEncodedObject(h plumbing.Hash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.Storage.HasEncodedObject(h)
	for looks := 0; err != nil && lookAgain(err, looks); looks++ {
		s.Storage.Reindex()
		err = s.Storage.HasEncodedObject(h)
	}
	return err
}

// EncodedObjectSize returns an object's size without reading it whole.
func (s rereadStorage) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.Storage.EncodedObjectSize(h)
	for looks := 0; err != nil && lookAgain(err, looks); looks++ {
		s.Storage.Reindex()
		n, err = s.Storage.EncodedObjectSize(h)
	}
	return n, err
}

// present returns those of hs the repository has. Some missing is usual
// (a client's commits not pushed yet), so the pack indexes are read again
// once for all that are missed, not once for each.
func (s rereadStorage) present(hs []plumbing.Hash) []plumbing.Hash {
	s.mu.Lock()
	defer s.mu.Unlock()
	var known, missed []plumbing.Hash
	for _, h := range hs {
		if s.Storage.HasEncodedObject(h) == nil {
			known = append(known, h)
		} else {
			missed = append(missed, h)
		}
	}
	if len(missed) > 0 {
		s.Storage.Reindex()
		for _, h := range missed {
			if s.Storage.HasEncodedObject(h) == nil {
				known = append(known, h)
			}
		}
	}
	return known
}

// reread makes the Repo read the pack indexes again after a go-git lookup
// missed, whether or not refresh would see a change: go-git may have read
// them after refresh looked, or only some of them when a packing removed
// one under it. Callers hold r.mu.
func (r *Repo) reread() {
	r.reindex(r.packList())
}

// hasObjectAgain is hasObject that, when it misses, looks at objects/pack
// again and asks once more if the packs there changed: hasObject stats a
// loose object afresh each time and reads the indexes of the packs listed
// when the Repo last looked. Callers hold r.mu.
func (r *Repo) hasObjectAgain(h plumbing.Hash) bool {
	if r.hasObject(h) {
		return true
	}
	p := r.packList()
	if p == r.packs {
		return false
	}
	r.reindex(p)
	return r.hasObject(h)
}
