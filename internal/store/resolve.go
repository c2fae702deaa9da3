package store

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Resolve returns the full commit id that rev names. rev is "HEAD" (or "@"),
// a branch or tag name, a full or abbreviated (at least 4 hex digits) commit
// id, any of them followed by ~N or ^N steps ("HEAD~3", "main^", "HEAD^2").
// An unknown or ambiguous rev fails with ErrUnknownRevision; "HEAD" on an
// empty repository fails with ErrNoCommits.
func (r *Repo) Resolve(rev string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	h, err := r.resolve(rev)
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

// resolve is Resolve for callers that hold r.mu.
func (r *Repo) resolve(rev string) (plumbing.Hash, error) {
	rev = strings.TrimSpace(rev)
	if rev == "" {
		return plumbing.ZeroHash, fmt.Errorf("%w: empty revision", ErrUnknownRevision)
	}
	cut := strings.IndexAny(rev, "~^")
	base, steps := rev, ""
	if cut >= 0 {
		base, steps = rev[:cut], rev[cut:]
	}
	c, err := r.resolveBase(rev, base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for steps != "" {
		op := steps[0]
		steps = steps[1:]
		n := 1
		digits := 0
		for digits < len(steps) && steps[digits] >= '0' && steps[digits] <= '9' {
			digits++
		}
		if digits > 0 {
			n, err = strconv.Atoi(steps[:digits])
			if err != nil || n > 1<<20 {
				return plumbing.ZeroHash, fmt.Errorf("%w %q: bad number %q", ErrUnknownRevision, rev, steps[:digits])
			}
			steps = steps[digits:]
		}
		switch op {
		case '~':
			for i := 0; i < n; i++ {
				if len(c.ParentHashes) == 0 {
					return plumbing.ZeroHash, r.noParent(rev, c)
				}
				if c, err = r.commit(c.ParentHashes[0]); err != nil {
					return plumbing.ZeroHash, fmt.Errorf("read parent of %q: %w", rev, err)
				}
			}
		case '^':
			if n == 0 {
				continue
			}
			if len(c.ParentHashes) == 0 {
				return plumbing.ZeroHash, r.noParent(rev, c)
			}
			if n > len(c.ParentHashes) {
				return plumbing.ZeroHash, fmt.Errorf("%w %q: commit %s has %d parent(s)", ErrUnknownRevision, rev, c.Hash.String()[:7], len(c.ParentHashes))
			}
			if c, err = r.commit(c.ParentHashes[n-1]); err != nil {
				return plumbing.ZeroHash, fmt.Errorf("read parent of %q: %w", rev, err)
			}
		default:
			return plumbing.ZeroHash, fmt.Errorf("%w %q", ErrUnknownRevision, rev)
		}
	}
	return c.Hash, nil
}

// resolveBase resolves the part of a revision before any ~ or ^.
func (r *Repo) resolveBase(rev, base string) (*object.Commit, error) {
	if base == "HEAD" || base == "@" {
		h, err := r.headHash()
		if err != nil {
			return nil, err
		}
		if h.IsZero() {
			return nil, fmt.Errorf("resolve %q: %w", rev, ErrNoCommits)
		}
		return r.commit(h)
	}
	if base == "" {
		return nil, fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	for _, name := range refCandidates(base) {
		ref, err := storer.ResolveReference(r.st, name)
		if err != nil {
			continue
		}
		return r.peel(rev, ref.Hash())
	}
	if len(base) == 40 && isHex(base) {
		// A full id names at most one object: look it up rather than list
		// every object with its prefix, which reads all of objects/xx.
		h := plumbing.NewHash(base)
		if r.hasObjectAgain(h) {
			if c, err := r.peel(rev, h); err == nil {
				return c, nil
			}
		}
		return nil, fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	if len(base) >= 4 && len(base) <= 40 && isHex(base) {
		base = strings.ToLower(base)
		found, err := r.commitsWithPrefix(base)
		if err != nil && lookAgain(err, 0) || err == nil && len(found) == 0 {
			// Perhaps packed away since go-git listed the objects.
			r.reread()
			found, err = r.commitsWithPrefix(base)
		}
		if err != nil {
			return nil, fmt.Errorf("resolve %q: %w", rev, err)
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 0:
		default:
			return nil, fmt.Errorf("%w %q: abbreviated id is ambiguous (%d commits)", ErrUnknownRevision, rev, len(found))
		}
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownRevision, rev)
}

// commitsWithPrefix lists the commits whose ids start with base, in
// lower case hex digits. Callers hold r.mu.
func (r *Repo) commitsWithPrefix(base string) ([]*object.Commit, error) {
	even := base[:len(base)&^1]
	prefix, _ := hex.DecodeString(even)
	hashes, err := r.st.HashesWithPrefix(prefix)
	if err != nil {
		return nil, err
	}
	var found []*object.Commit
	for _, h := range hashes {
		if !strings.HasPrefix(h.String(), base) {
			continue
		}
		if c, err := r.peel(base, h); err == nil {
			found = append(found, c)
		}
	}
	return found, nil
}

func refCandidates(base string) []plumbing.ReferenceName {
	if strings.HasPrefix(base, "refs/") {
		return []plumbing.ReferenceName{plumbing.ReferenceName(base)}
	}
	return []plumbing.ReferenceName{
		plumbing.NewBranchReferenceName(base),
		plumbing.NewTagReferenceName(base),
		plumbing.ReferenceName("refs/remotes/" + base),
	}
}

// peel returns the commit h names, following annotated tags.
func (r *Repo) peel(rev string, h plumbing.Hash) (*object.Commit, error) {
	for i := 0; i < 10; i++ {
		obj, err := r.repo.Object(plumbing.AnyObject, h)
		if err != nil {
			return nil, fmt.Errorf("resolve %q: %w", rev, err)
		}
		switch o := obj.(type) {
		case *object.Commit:
			return o, nil
		case *object.Tag:
			h = o.Target
		default:
			return nil, fmt.Errorf("%w %q: %s is a %s, not a commit", ErrUnknownRevision, rev, h.String()[:7], obj.Type())
		}
	}
	return nil, fmt.Errorf("%w %q: tag chain too deep", ErrUnknownRevision, rev)
}

// commit reads one commit object.
func (r *Repo) commit(h plumbing.Hash) (*object.Commit, error) {
	c, err := r.repo.CommitObject(h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return nil, fmt.Errorf("read commit %s: object missing from the repository: %w", h, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", h, err)
	}
	return r.graft(c), nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
