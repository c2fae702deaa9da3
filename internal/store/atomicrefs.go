package store

// go-git writes a reference by truncating its file and writing the new
// value in place, without flushing it: a process killed in between leaves
// the file empty, and go-git then fails on every listing of references
// ("ref file is empty"). A fetch killed halfway left the remote-tracking
// ref so, and every later sync failed (found by internal/crashtest). The
// repository's go-git layer therefore writes references through atomicRefs,
// as git does: the new value goes to the ref's .lock file, is flushed and
// renamed over the ref.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage"
)

// atomicRefs is the repository's storage with atomic reference writes,
// object reads that look again for what they miss (see rereadStorage),
// and a memo of the objects it read lately (see objectMemo).
type atomicRefs struct {
	rereadStorage
	gitDir string
	memo   *objectMemo
}

// SetReference writes ref whole or not at all.
func (s atomicRefs) SetReference(ref *plumbing.Reference) error {
	return s.write(ref, nil)
}

// CheckAndSetReference writes ref if the reference still has old's value.
func (s atomicRefs) CheckAndSetReference(ref, old *plumbing.Reference) error {
	return s.write(ref, old)
}

func (s atomicRefs) write(ref, old *plumbing.Reference) error {
	name := ref.Name()
	if name != plumbing.HEAD && !strings.HasPrefix(string(name), "refs/") {
		return s.Storage.CheckAndSetReference(ref, old)
	}
	var content string
	switch ref.Type() {
	case plumbing.HashReference:
		content = ref.Hash().String() + "\n"
	case plumbing.SymbolicReference:
		content = "ref: " + string(ref.Target()) + "\n"
	default:
		return fmt.Errorf("set %s: invalid reference", name)
	}
	if old != nil {
		cur, err := s.Storage.Reference(name)
		if err != nil && err != plumbing.ErrReferenceNotFound {
			return err
		}
		if cur == nil || cur.Hash() != old.Hash() {
			return storage.ErrReferenceHasChanged
		}
	}
	path := filepath.Join(s.gitDir, filepath.FromSlash(string(name)))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("set %s: %w", name, err)
	}
	if err := commitLockFile(path, []byte(content)); err != nil {
		return fmt.Errorf("set %s: %w", name, err)
	}
	return nil
}

// go-git reads a loose object by opening its file before it looks in its
// object cache, so every read of the same loose object (HEAD's commit, the
// trees of the current year) opened it again: 85 opens in one `myos
// review`. An object never changes under its id; atomicRefs keeps the
// small ones read lately, those go-git holds whole in memory. (A larger
// packed object is a handle on its pack file, which a repack removes.)

// objectMemo is the objects read lately, by id; at most memoObjects of
// them, each at most memoObjectSize bytes.
type objectMemo struct {
	mu    sync.Mutex
	objs  map[plumbing.Hash]plumbing.EncodedObject
	order []plumbing.Hash // in the order they were kept, for eviction
}

const (
	memoObjects    = 512
	memoObjectSize = 64 << 10
)

// EncodedObject reads an object, from the memo when it is there.
func (s atomicRefs) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if s.memo != nil {
		s.memo.mu.Lock()
		o, ok := s.memo.objs[h]
		s.memo.mu.Unlock()
		if ok {
			if t != plumbing.AnyObject && o.Type() != t {
				return nil, plumbing.ErrObjectNotFound
			}
			return o, nil
		}
	}
	o, err := s.rereadStorage.EncodedObject(t, h)
	if m, ok := o.(*plumbing.MemoryObject); err == nil && ok && s.memo != nil && m.Size() <= memoObjectSize {
		s.memo.keep(h, m)
	}
	return o, err
}

func (m *objectMemo) keep(h plumbing.Hash, o plumbing.EncodedObject) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.objs == nil {
		m.objs = make(map[plumbing.Hash]plumbing.EncodedObject)
	}
	if _, ok := m.objs[h]; ok {
		return
	}
	if len(m.order) >= memoObjects {
		delete(m.objs, m.order[0])
		m.order = m.order[1:]
	}
	m.objs[h] = o
	m.order = append(m.order, h)
}
