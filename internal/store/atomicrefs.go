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
	"bytes"
	"errors"
	"fmt"
	"io/fs"
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

// RemoveReference removes a reference under refs/, from packed-refs first
// and then its own file, as git does: cut off between the two, the newer
// value stays rather than an older packed one coming back. go-git
// rewrote packed-refs through a temporary file it never flushed, so a
// power cut after the rename could leave packed-refs empty and every ref
// git had packed (tags, other branches, a branch after git gc) gone; on
// Windows it copied the new version over the old in place, which a kill
// could leave cut short. Here packed-refs goes through git's own lock
// file for it, packed-refs.lock, flushed and renamed. A reference that is
// not there is no error, as in go-git.
func (s atomicRefs) RemoveReference(name plumbing.ReferenceName) error {
	if !strings.HasPrefix(string(name), "refs/") {
		return s.Storage.RemoveReference(name)
	}
	if err := removePackedRef(s.gitDir, name); err != nil {
		return fmt.Errorf("remove %s: %w", name, err)
	}
	path := filepath.Join(s.gitDir, filepath.FromSlash(string(name)))
	if err := os.Remove(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("remove %s: %w", name, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("remove %s: %w", name, err)
	}
	return nil
}

// removePackedRef rewrites gitDir's packed-refs without name and the
// peeled line that may follow it; it leaves the file alone when name is
// not in it.
func removePackedRef(gitDir string, name plumbing.ReferenceName) error {
	path := filepath.Join(gitDir, "packed-refs")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return updateLockFile(path, func() ([]byte, bool, error) {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil // packed by nobody since the look above
		}
		if err != nil {
			return nil, false, err
		}
		out := make([]byte, 0, len(data))
		found, dropping := false, false
		for _, line := range bytes.SplitAfter(data, []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			if line[0] == '^' && dropping {
				continue // the peeled value of the ref removed
			}
			dropping = false
			if f := bytes.Fields(line); line[0] != '#' && line[0] != '^' && len(f) == 2 && string(f[1]) == string(name) {
				found, dropping = true, true
				continue
			}
			out = append(out, line...)
		}
		return out, found, nil
	})
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
