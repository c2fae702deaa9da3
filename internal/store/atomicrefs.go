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

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// atomicRefs is the repository's storage with atomic reference writes.
type atomicRefs struct {
	*filesystem.Storage
	gitDir string
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
