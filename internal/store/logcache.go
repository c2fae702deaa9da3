package store

// History of one file is a walk over every commit: at ten years of daily
// reviews, 4,000 commit objects and as many root trees read from packs,
// most of `myos history`'s time. The walk cache keeps, for the chain of
// first parents from a commit down to the first one, what each commit is
// (its CommitInfo) and which top-level entries of its tree differ from its
// first parent's, with their new ids. Commits never change, so the cache
// can only be missing, damaged or about another chain: a walk from HEAD
// uses it from the first commit it knows, reads the commits above that as
// before, and writes it back when it learned new ones. Log with a Path at
// the top level and FileHash of a top-level file answer from it.

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	oscache "github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/wire"
)

const (
	walkCacheName    = "walk"
	walkCacheVersion = 1
	// walkCacheMinCommits is how long a history must be for the walk to be
	// worth keeping.
	walkCacheMinCommits = 64
)

// SetCache gives the Repo a cache folder (see internal/cache) for what it
// can compute again: the walk over first parents that Log with a
// top-level path and FileHash use. A nil cache (the default) keeps
// nothing.
func (r *Repo) SetCache(c *oscache.Cache) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cache = c
}

// Cache is the cache folder SetCache gave, or nil.
func (r *Repo) Cache() *oscache.Cache {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cache
}

// walkEntry is one top-level entry that a commit changed: its name, and
// its id and mode in the commit (zero when the commit removed it).
type walkEntry struct {
	name string
	hash plumbing.Hash
	mode filemode.FileMode
}

// walkCommit is one commit of the chain.
type walkCommit struct {
	info    CommitInfo
	when    time.Time // committer time, for Since and Until
	changed []walkEntry
}

// walk is a chain of first parents, newest first, ending at a commit
// without parents; at maps a commit to its place.
type walk struct {
	commits []walkCommit
	at      map[plumbing.Hash]int
}

func (w *walk) index() {
	w.at = make(map[plumbing.Hash]int, len(w.commits))
	for i, c := range w.commits {
		w.at[plumbing.NewHash(c.info.Hash)] = i
	}
}

// walkFrom returns the chain of first parents from start, using and
// updating the cache. ok is false when there is no cache, or the clone is
// shallow (a deeper fetch would lengthen the chain of commits the cache
// says end there); callers then walk themselves. Callers hold r.mu.
func (r *Repo) walkFrom(start plumbing.Hash) (w *walk, ok bool, err error) {
	if r.cache == nil || len(r.shallowSet()) > 0 {
		return nil, false, nil
	}
	if r.walk == nil {
		r.walk = &walk{}
		if b, found := r.cache.Get(walkCacheName, walkCacheVersion); found {
			if cached, err := decodeWalk(b); err == nil {
				r.walk = cached
			}
		}
		r.walk.index()
	}
	old := r.walk
	if i, found := old.at[start]; found {
		return &walk{commits: old.commits[i:]}, true, nil
	}
	// Read the commits above the first one the cache knows.
	var fresh []walkCommit
	rest := []walkCommit(nil)
	for h := start; !h.IsZero(); {
		if i, found := old.at[h]; found {
			rest = old.commits[i:]
			break
		}
		c, err := r.commit(h)
		if err != nil {
			return nil, true, err
		}
		var parent plumbing.Hash
		if len(c.ParentHashes) > 0 {
			parent = c.ParentHashes[0]
		}
		changed, err := r.topChanges(c.TreeHash, parent)
		if err != nil {
			return nil, true, err
		}
		fresh = append(fresh, walkCommit{info: commitInfo(c), when: c.Committer.When, changed: changed})
		h = parent
	}
	w = &walk{commits: append(fresh, rest...)}
	w.index()
	r.walk = w
	if len(w.commits) >= walkCacheMinCommits {
		r.cache.Put(walkCacheName, walkCacheVersion, encodeWalk(w))
	}
	return w, true, nil
}

// topChanges lists the top-level entries of tree that differ from those of
// the tree of commit parent (zero: none).
func (r *Repo) topChanges(tree, parent plumbing.Hash) ([]walkEntry, error) {
	mine, err := r.tree(tree)
	if err != nil {
		return nil, err
	}
	var theirs *object.Tree
	if parent.IsZero() {
		theirs = &object.Tree{}
	} else {
		pt, err := r.commitTree(parent)
		if err != nil {
			return nil, err
		}
		if theirs, err = r.tree(pt); err != nil {
			return nil, err
		}
	}
	old := make(map[string]object.TreeEntry, len(theirs.Entries))
	for _, e := range theirs.Entries {
		old[e.Name] = e
	}
	var out []walkEntry
	for _, e := range mine.Entries {
		if o, found := old[e.Name]; !found || o.Hash != e.Hash || o.Mode != e.Mode {
			out = append(out, walkEntry{name: e.Name, hash: e.Hash, mode: e.Mode})
		}
		delete(old, e.Name)
	}
	for name := range old {
		out = append(out, walkEntry{name: name})
	}
	return out, nil
}

// entryAt is the top-level entry name in the tree of commit i of w, as the
// last change to it at or below i left it; found is false when it is not
// there.
func (w *walk) entryAt(i int, name string) (walkEntry, bool) {
	for ; i < len(w.commits); i++ {
		for _, e := range w.commits[i].changed {
			if e.name == name {
				return e, !e.hash.IsZero()
			}
		}
	}
	return walkEntry{}, false
}

// log is Log over a walk: opts.Path is a top-level name.
func (w *walk) log(opts LogOptions, p string) []CommitInfo {
	var out []CommitInfo
	for i := range w.commits {
		c := &w.commits[i]
		if !opts.Since.IsZero() && c.when.Before(opts.Since) {
			break
		}
		include := opts.Until.IsZero() || !c.when.After(opts.Until)
		if include && p != "" && !(opts.Merges && len(c.info.Parents) > 1) {
			include = false
			for _, e := range c.changed {
				if e.name == p {
					// Log compares ids only: a change of mode alone is no
					// change.
					before, _ := w.entryAt(i+1, p)
					include = e.hash != before.hash
					if len(c.info.Parents) == 0 {
						include = !e.hash.IsZero()
					}
					break
				}
			}
		}
		if include {
			out = append(out, c.info)
			if opts.Max > 0 && len(out) >= opts.Max {
				break
			}
		}
	}
	return out
}

// The cache's form: a table of strings, then each commit: id, parents,
// author, times and message, and its changed entries.

func encodeWalk(w *walk) []byte {
	var table wire.Strings
	ref := table.Ref
	var body []byte
	u := func(n uint64) { body = binary.AppendUvarint(body, n) }
	v := func(n int64) { body = binary.AppendVarint(body, n) }
	hash := func(h plumbing.Hash) { body = append(body, h[:]...) }
	when := func(t time.Time) {
		_, off := t.Zone()
		v(t.Unix())
		v(int64(off))
		// go-git gives time.UTC itself to a time without a zone.
		if t.Location() == time.UTC {
			u(1)
		} else {
			u(0)
		}
	}
	u(uint64(len(w.commits)))
	for _, c := range w.commits {
		hash(plumbing.NewHash(c.info.Hash))
		u(uint64(len(c.info.Parents)))
		for _, p := range c.info.Parents {
			hash(plumbing.NewHash(p))
		}
		u(ref(c.info.Author.Name))
		u(ref(c.info.Author.Email))
		when(c.info.Author.When)
		when(c.when)
		u(ref(c.info.Message))
		u(uint64(len(c.changed)))
		for _, e := range c.changed {
			u(ref(e.name))
			hash(e.hash)
			u(uint64(e.mode))
		}
	}
	return append(table.AppendTable(nil), body...)
}

var errWalkCache = errors.New("walk cache: damaged")

func decodeWalk(b []byte) (*walk, error) {
	r := wire.NewReader(b)
	hash := func() (h plumbing.Hash) {
		copy(h[:], r.Fixed(len(h)))
		return h
	}
	table := r.Table()
	// Times come back in a zone of their offset, as go-git decodes them.
	zones := map[int64]*time.Location{}
	when := func() time.Time {
		sec, off, utc := r.Varint(), r.Varint(), r.Uvarint()
		if utc == 1 {
			return time.Unix(sec, 0).In(time.UTC)
		}
		loc, ok := zones[off]
		if !ok {
			loc = time.FixedZone("", int(off))
			zones[off] = loc
		}
		return time.Unix(sec, 0).In(loc)
	}
	w := &walk{commits: make([]walkCommit, r.Count())}
	for i := range w.commits {
		if r.Bad() {
			break
		}
		c := &w.commits[i]
		h := hash()
		c.info.Hash, c.info.Short = h.String(), h.String()[:7]
		np := r.Count()
		for j := 0; j < np; j++ {
			c.info.Parents = append(c.info.Parents, hash().String())
		}
		c.info.Author.Name, c.info.Author.Email = r.Of(table), r.Of(table)
		c.info.Author.When = when()
		c.when = when()
		c.info.Message = r.Of(table)
		c.changed = make([]walkEntry, r.Count())
		for j := range c.changed {
			c.changed[j] = walkEntry{name: r.Of(table), hash: hash(), mode: filemode.FileMode(r.Uvarint())}
		}
	}
	if !r.Done() {
		return nil, errWalkCache
	}
	// The chain must end at a commit without parents, each commit's first
	// parent being the next one: anything else is not a cache of a walk.
	for i, c := range w.commits {
		last := i == len(w.commits)-1
		if last != (len(c.info.Parents) == 0) || !last && c.info.Parents[0] != w.commits[i+1].info.Hash {
			return nil, errWalkCache
		}
	}
	return w, nil
}
