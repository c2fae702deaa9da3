package store

// Blob ids let history readers parse each distinct version of a file once:
// across thousands of commits a file has far fewer versions than commits,
// and two commits with the same blob id hold the same bytes.

import (
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// FileHash returns the blob id (full hex) of path in the commit rev names,
// or "" when the commit has no file there (a missing path, or a directory).
// A full 40-digit commit id is taken as is, without resolving refs, which
// keeps a walk over thousands of commits cheap.
func (r *Repo) FileHash(rev, path string) (string, error) {
	return r.entryHash(rev, path, false)
}

// PathHash is FileHash for a file or a folder: a folder's is its tree id.
// Two commits have the same PathHash of a folder when every file under it
// is the same.
func (r *Repo) PathHash(rev, path string) (string, error) {
	return r.entryHash(rev, path, true)
}

// entryHash is FileHash, and with dirs PathHash.
func (r *Repo) entryHash(rev, path string, dirs bool) (string, error) {
	p, err := cleanPath(path)
	if err != nil || p == "" {
		return "", fmt.Errorf("file hash: bad path %q", path)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	var h plumbing.Hash
	if len(rev) == 40 && isHex(rev) {
		h = plumbing.NewHash(rev)
	} else if h, err = r.resolve(rev); err != nil {
		return "", fmt.Errorf("file hash of %s: %w", path, err)
	}
	if r.walk != nil && !strings.Contains(p, "/") {
		// A commit of the walk knows its top-level entries without its tree.
		if i, ok := r.walk.at[h]; ok {
			e, found := r.walk.entryAt(i, p)
			if !found || e.mode == filemode.Dir && !dirs || e.mode == filemode.Submodule {
				return "", nil
			}
			return e.hash.String(), nil
		}
	}
	tree, err := r.commitTree(h)
	if err != nil {
		return "", fmt.Errorf("file hash of %s: %w", path, err)
	}
	e, found, err := r.lookup(tree, p)
	if err != nil {
		return "", fmt.Errorf("file hash of %s: %w", path, err)
	}
	if !found || e.Mode == filemode.Dir && !dirs || e.Mode == filemode.Submodule {
		return "", nil
	}
	return e.Hash.String(), nil
}

// ReadBlob returns the content of the blob with the given full hex id, as
// FileHash gives it.
func (r *Repo) ReadBlob(id string) ([]byte, error) {
	if len(id) != 40 || !isHex(id) {
		return nil, fmt.Errorf("read blob: bad id %q", id)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.blob(plumbing.NewHash(id))
}
