package store

// Remotes are how one OS lives on several machines: any git remote (a bare
// repository, a forge) over ssh, https, git:// or file://. The store moves
// commits and refs; what a merge of two histories means is the caller's
// business. Every operation that writes holds the lock (see Lock):
//
//   - Fetch brings the remote branch into refs/remotes/NAME/BRANCH.
//   - FastForward moves the branch to a descendant and rewrites only the
//     work tree files that differ, in the same crash-safe order as Commit.
//   - Push moves the remote branch by compare-and-swap: only from the value
//     the last fetch saw, so that a push made meanwhile is never overwritten.
//
// AheadBehind and MergeBase need no network.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/storage/memory"
)

// DefaultRemote is the name of the remote myos syncs with.
const DefaultRemote = "origin"

// Errors of remote operations, to be tested with errors.Is.
var (
	// ErrNoRemote means the repository has no remote of that name.
	ErrNoRemote = errors.New("no remote is set")
	// ErrRemoteMoved means a push was refused because the remote branch is
	// no longer where the last fetch saw it.
	ErrRemoteMoved = errors.New("the remote branch moved since the last fetch")
	// ErrRemoteEmpty means the remote has no commit on any branch.
	ErrRemoteEmpty = errors.New("the remote repository is empty")
	// ErrLocalChanges means files that an update would overwrite have
	// changes that are not committed.
	ErrLocalChanges = errors.New("uncommitted changes would be overwritten")
)

// LocalChangesError lists the files whose uncommitted changes an update
// would overwrite. It matches ErrLocalChanges with errors.Is.
type LocalChangesError struct {
	Paths []string
}

func (e *LocalChangesError) Error() string {
	return ErrLocalChanges.Error() + ": " + strings.Join(e.Paths, ", ")
}

// Is makes errors.Is(err, ErrLocalChanges) true.
func (e *LocalChangesError) Is(target error) bool { return target == ErrLocalChanges }

// RemoteInfo describes a configured remote.
type RemoteInfo struct {
	// Name is the remote's name ("origin") and URL where it is.
	Name, URL string
	// Branch is the branch both sides keep: the current branch.
	Branch string
	// Tracking is the ref that holds what the last fetch saw of the remote
	// branch ("refs/remotes/origin/main").
	Tracking string
}

// Branch returns the name of the branch HEAD is on ("main").
func (r *Repo) Branch() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	name, err := r.headRef()
	if err != nil {
		return "", err
	}
	return name.Short(), nil
}

// Remote describes the remote called name, failing with ErrNoRemote when
// there is none.
func (r *Repo) Remote(name string) (RemoteInfo, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.remoteInfo(name)
}

func (r *Repo) remoteInfo(name string) (RemoteInfo, error) {
	cfg, err := r.repo.Config()
	if err != nil {
		return RemoteInfo{}, fmt.Errorf("read .git/config: %w", err)
	}
	rc, ok := cfg.Remotes[name]
	if !ok || len(rc.URLs) == 0 {
		return RemoteInfo{}, fmt.Errorf("remote %q: %w", name, ErrNoRemote)
	}
	branch, err := r.headRef()
	if err != nil {
		return RemoteInfo{}, err
	}
	return RemoteInfo{
		Name:     name,
		URL:      rc.URLs[0],
		Branch:   branch.Short(),
		Tracking: trackingRef(name, branch.Short()).String(),
	}, nil
}

func trackingRef(remote, branch string) plumbing.ReferenceName {
	return plumbing.NewRemoteReferenceName(remote, branch)
}

// SetRemote points the remote called name at url, replacing its URL if it
// exists (and forgetting what was fetched from the old one), and makes the
// current branch track the remote branch of the same name, as `git clone`
// would have. The rest of .git/config is kept. The caller holds the lock.
func (r *Repo) SetRemote(name, url string) error {
	if !r.holdsLock() {
		return fmt.Errorf("set remote: %w (call Lock first)", ErrNotLocked)
	}
	if _, err := transport.NewEndpoint(url); err != nil {
		return fmt.Errorf("set remote: %q is not a git URL: %w", url, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	branch, err := r.headRef()
	if err != nil {
		return fmt.Errorf("set remote: %w", err)
	}
	cfg, err := r.repo.Config()
	if err != nil {
		return fmt.Errorf("set remote: read .git/config: %w", err)
	}
	rc := &config.RemoteConfig{
		Name:  name,
		URLs:  []string{url},
		Fetch: []config.RefSpec{config.RefSpec(fmt.Sprintf("+refs/heads/*:refs/remotes/%s/*", name))},
	}
	if old, ok := cfg.Remotes[name]; ok && len(old.Fetch) > 0 {
		rc.Fetch = old.Fetch
	}
	if err := rc.Validate(); err != nil {
		return fmt.Errorf("set remote: %w", err)
	}
	moved := false
	if old, ok := cfg.Remotes[name]; ok && (len(old.URLs) == 0 || old.URLs[0] != url) {
		moved = true
	}
	cfg.Remotes[name] = rc
	cfg.Branches[branch.Short()] = &config.Branch{Name: branch.Short(), Remote: name, Merge: branch}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("set remote: %w", err)
	}
	data, err := cfg.Marshal()
	if err != nil {
		return fmt.Errorf("set remote: %w", err)
	}
	if moved {
		// What was fetched from the old URL says nothing about the new
		// one. It is forgotten first: a crash before the new URL is
		// written leaves the old URL with nothing fetched, which the next
		// fetch mends, never the new URL with the old one's branch.
		tracking := trackingRef(name, branch.Short())
		if err := r.objs.RemoveReference(tracking); err != nil {
			return fmt.Errorf("set remote: forget %s: %w", tracking, err)
		}
	}
	if err := r.hook("before-config"); err != nil {
		return err
	}
	if err := commitLockFile(filepath.Join(r.gitDir, "config"), data); err != nil {
		return fmt.Errorf("set remote: write .git/config: %w", err)
	}
	return nil
}

// Tracking returns the commit the last fetch saw on the remote branch, or ""
// when nothing was fetched yet (or the remote has no such branch). It needs
// no network.
func (r *Repo) Tracking(remote string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	info, err := r.remoteInfo(remote)
	if err != nil {
		return "", err
	}
	h, err := r.trackingHash(info)
	if err != nil {
		return "", err
	}
	if h.IsZero() {
		return "", nil
	}
	return h.String(), nil
}

func (r *Repo) trackingHash(info RemoteInfo) (plumbing.Hash, error) {
	ref, err := r.st.Reference(plumbing.ReferenceName(info.Tracking))
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("read %s: %w", info.Tracking, err)
	}
	return ref.Hash(), nil
}

// Fetch brings the remote's copy of the current branch, and every object
// it needs, into the tracking ref, and returns the commit it points to: ""
// when the remote is empty or has no such branch. The caller holds the
// lock. auth may be nil for remotes that need none.
func (r *Repo) Fetch(ctx context.Context, remote string, auth transport.AuthMethod) (string, error) {
	if !r.holdsLock() {
		return "", fmt.Errorf("fetch: %w (call Lock first)", ErrNotLocked)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	info, err := r.remoteInfo(remote)
	if err != nil {
		return "", fmt.Errorf("fetch: %w", err)
	}
	// A fetch killed between go-git's write of a pack index and the rename
	// of its pack left the index. go-git keeps an index that is there when
	// it writes the same pack again, even one the kill cut short, and the
	// pack would be unreadable: remove such indexes first.
	packDir := filepath.Join(r.gitDir, "objects", "pack")
	if entries, err := os.ReadDir(packDir); err == nil {
		removeOrphanIndexes(packDir, entries)
		r.refresh()
	}
	spec := config.RefSpec(fmt.Sprintf("+refs/heads/%s:%s", info.Branch, info.Tracking))
	err = r.repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: remote,
		RefSpecs:   []config.RefSpec{spec},
		Auth:       auth,
		Tags:       git.NoTags,
	})
	r.refresh() // the fetch wrote a pack
	switch {
	case err == nil, errors.Is(err, git.NoErrAlreadyUpToDate):
	case errors.Is(err, transport.ErrEmptyRemoteRepository), errors.Is(err, git.NoMatchingRefSpecError{}):
		return "", nil
	default:
		return "", fmt.Errorf("fetch from %s: %w", info.URL, err)
	}
	h, err := r.trackingHash(info)
	if err != nil {
		return "", fmt.Errorf("fetch: %w", err)
	}
	if h.IsZero() {
		return "", nil
	}
	return h.String(), nil
}

// Push sends the current branch to the same branch of remote, moving it
// only if it is at expect (a full commit id, or "" for a branch the remote
// does not have yet). If the remote branch is elsewhere, Push fails with an
// error matching ErrRemoteMoved and changes nothing: fetch and merge again.
// On success the tracking ref follows. The caller holds the lock.
func (r *Repo) Push(ctx context.Context, remote, expect string, auth transport.AuthMethod) error {
	if !r.holdsLock() {
		return fmt.Errorf("push: %w (call Lock first)", ErrNotLocked)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	info, err := r.remoteInfo(remote)
	if err != nil {
		return fmt.Errorf("push: %w", err)
	}
	if expect != "" && (len(expect) != 40 || !isHex(expect)) {
		return fmt.Errorf("push: expected commit %q is not a full id", expect)
	}
	err = r.sendBranch(ctx, info, plumbing.NewHash(expect), auth)
	if err == nil {
		return nil
	}
	// Whatever the remote said (a refused compare-and-swap, a non-fast-forward,
	// a ref it could not lock), look at where its branch is now: if it moved,
	// the cure is to fetch and merge again.
	cur, lerr := r.listBranch(ctx, info, auth)
	if lerr == nil && cur != expect {
		return fmt.Errorf("push to %s: %w (it is at %s now)", info.URL, ErrRemoteMoved, shortID(cur))
	}
	return fmt.Errorf("push to %s: %w", info.URL, err)
}

// shortID is ShortID, or "nothing" for no commit (a remote branch not
// there).
func shortID(id string) string {
	if id == "" {
		return "nothing"
	}
	return ShortID(id)
}

// ShortID is a commit id as people read it: its first seven digits (the
// whole of a shorter one).
func ShortID(id string) string {
	if len(id) > 7 {
		return id[:7]
	}
	return id
}

// errRemoteElsewhere is sendBranch's refusal when the remote's branch is
// not at the commit expected; Push finds where it is.
var errRemoteElsewhere = errors.New("the remote branch is not where it was expected")

// errNotAhead is sendBranch's refusal to move the remote's branch to a
// commit that does not have it in its history: that would drop commits.
var errNotAhead = errors.New("this branch does not include the remote's: fetch and merge first")

// sendBranch moves info.Branch on the remote from expect (zero: a branch
// the remote does not have) to this repository's branch, sending the
// objects the remote lacks (and failing when some of them are not here,
// beyond a shallow clone's boundary), and sets the tracking ref. The
// remote moves the branch only if it is still at expect. go-git's own
// push does the same, but chooses what to send by walking every commit
// and tree the remote has, seconds at ten years; sendable walks only the
// new ones. Callers hold r.mu and the lock.
func (r *Repo) sendBranch(ctx context.Context, info RemoteInfo, expect plumbing.Hash, auth transport.AuthMethod) error {
	branch := plumbing.NewBranchReferenceName(info.Branch)
	local, err := r.st.Reference(branch)
	if err != nil {
		return err
	}
	ep, err := transport.NewEndpoint(info.URL)
	if err != nil {
		return err
	}
	cl, err := client.NewClient(ep)
	if err != nil {
		return err
	}
	sess, err := cl.NewReceivePackSession(ep, auth)
	if err != nil {
		return err
	}
	defer sess.Close()
	ar, err := sess.AdvertisedReferencesContext(ctx)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		ar, err = packp.NewAdvRefs(), nil
	}
	if err != nil {
		return err
	}
	var haves []plumbing.Hash
	old := plumbing.ZeroHash
	for name, h := range ar.References {
		haves = append(haves, h)
		if name == branch.String() {
			old = h
		}
	}
	for _, h := range ar.Peeled {
		haves = append(haves, h)
	}
	if old != expect {
		return errRemoteElsewhere
	}
	if old == local.Hash() {
		return nil
	}
	if !old.IsZero() {
		ff, err := r.reaches(local.Hash(), old)
		if err != nil {
			return err
		}
		if !ff {
			return errNotAhead
		}
	}
	// A shallow clone's boundary commits are not haves: the remote may
	// not have them. What the remote lacks beyond them cannot be sent,
	// and sendable says so.
	objs, err := sendable(r.repo.Storer, []plumbing.Hash{local.Hash()}, haves)
	if err != nil {
		return err
	}
	req := packp.NewReferenceUpdateRequestFromCapabilities(ar.Capabilities)
	req.Commands = []*packp.Command{{Name: branch, Old: old, New: local.Hash()}}
	pr, pw := io.Pipe()
	req.Packfile = pr
	encoded := make(chan error, 1)
	go func() {
		encoded <- writePack(pw, r.repo.Storer, objs, !ar.Capabilities.Supports(capability.OFSDelta))
	}()
	rs, err := sess.ReceivePack(ctx, req)
	pr.Close() // the encoder stops if the remote stopped reading
	if eerr := <-encoded; err == nil && eerr != nil && !errors.Is(eerr, io.ErrClosedPipe) {
		err = eerr
	}
	if err != nil {
		return err
	}
	if rs != nil {
		if err := rs.Error(); err != nil {
			return err
		}
	}
	// Through objs, whole or not at all: a kill here must not leave the
	// tracking ref empty.
	return r.objs.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(info.Tracking), local.Hash()))
}

// listBranch asks the remote where its copy of info.Branch is; "" when it
// has none.
func (r *Repo) listBranch(ctx context.Context, info RemoteInfo, auth transport.AuthMethod) (string, error) {
	refs, err := listRemote(ctx, info.URL, auth)
	if err != nil {
		return "", err
	}
	want := plumbing.NewBranchReferenceName(info.Branch)
	for _, ref := range refs {
		if ref.Name() == want && ref.Type() == plumbing.HashReference {
			return ref.Hash().String(), nil
		}
	}
	return "", nil
}

// listRemote lists the refs a remote advertises; an empty remote lists
// none.
func listRemote(ctx context.Context, url string, auth transport.AuthMethod) ([]*plumbing.Reference, error) {
	rem := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: DefaultRemote, URLs: []string{url}})
	refs, err := rem.ListContext(ctx, &git.ListOptions{Auth: auth})
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return nil, nil
	}
	return refs, err
}

// MergeBase returns the best common ancestor of two revisions, or "" when
// their histories have none. Of several (a criss-cross history), the
// newest: any common ancestor gives a correct, if noisier, result, as the
// merge is item by item. In a shallow clone go-git's own walk fails on the
// first commit the clone does not have, so a clone made with git clone
// --depth could not merge: there the history it has is walked instead.
func (r *Repo) MergeBase(a, b string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	ha, err := r.resolve(a)
	if err != nil {
		return "", fmt.Errorf("merge base: %w", err)
	}
	hb, err := r.resolve(b)
	if err != nil {
		return "", fmt.Errorf("merge base: %w", err)
	}
	if len(r.shallowSet()) > 0 {
		base, err := r.shallowMergeBase(ha, hb)
		if err != nil {
			return "", fmt.Errorf("merge base of %s and %s: %w", a, b, err)
		}
		return base, nil
	}
	ca, err := r.commit(ha)
	if err != nil {
		return "", fmt.Errorf("merge base: %w", err)
	}
	cb, err := r.commit(hb)
	if err != nil {
		return "", fmt.Errorf("merge base: %w", err)
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return "", fmt.Errorf("merge base of %s and %s: %w", a, b, err)
	}
	if len(bases) == 0 {
		return "", nil
	}
	sort.Slice(bases, func(i, j int) bool { return bases[i].Committer.When.After(bases[j].Committer.When) })
	return bases[0].Hash.String(), nil
}

// shallowMergeBase is MergeBase in a shallow clone: from AheadBehind's
// walk, which ends at the clone's boundary, the commits both sides reach
// whose children one side alone reaches, less those another of them
// reaches, the newest. Callers hold r.mu.
func (r *Repo) shallowMergeBase(ha, hb plumbing.Hash) (string, error) {
	w, err := r.divergenceWalk(ha.String(), hb.String())
	if err != nil {
		return "", err
	}
	const both = fromA | fromB
	switch {
	case w.same, w.flags[ha] == both:
		return ha.String(), nil
	case w.flags[hb] == both:
		return hb.String(), nil
	}
	edges := map[plumbing.Hash]bool{}
	for h, c := range w.commits {
		if w.flags[h] == both {
			continue
		}
		for _, p := range c.ParentHashes {
			if _, ok := w.commits[p]; ok && w.flags[p] == both {
				edges[p] = true
			}
		}
	}
	var best *object.Commit
	for e := range edges {
		reached := false
		for o := range edges {
			if o != e && r.reachesAll(w, o, e) {
				reached = true
				break
			}
		}
		if reached {
			continue
		}
		c := w.commits[e]
		if best == nil || c.Committer.When.After(best.Committer.When) ||
			c.Committer.When.Equal(best.Committer.When) && c.Hash.String() < best.Hash.String() {
			best = c
		}
	}
	if best == nil {
		return "", nil
	}
	return best.Hash.String(), nil
}

// reachesAll reports whether to is an ancestor of from, reading what the
// walk w did not: a shallow clone's history is short. Callers hold r.mu.
func (r *Repo) reachesAll(w divergence, from, to plumbing.Hash) bool {
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{from}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		c, ok := w.commits[h]
		if !ok {
			var err error
			if c, err = r.commit(h); err != nil {
				continue // beyond the boundary
			}
			w.commits[h] = c
		}
		for _, p := range c.ParentHashes {
			if p == to {
				return true
			}
			stack = append(stack, p)
		}
	}
	return false
}

// clockSlop is how far AheadBehind trusts commit times to be out of order.
const clockSlop = 24 * time.Hour

// AheadBehind counts the commits reachable from a but not from b (ahead)
// and from b but not from a (behind). It walks both histories newest first
// and stops where they meet, so its cost is that of the commits in
// between, not of the whole history. b may be "", no commit (a remote
// branch not there yet): every commit reachable from a is then ahead.
func (r *Repo) AheadBehind(a, b string) (ahead, behind int, err error) {
	ahead, behind, _, err = r.Divergence(a, b)
	return ahead, behind, err
}

// Divergence is AheadBehind, and whether the two histories share a commit
// at all (related): two OS repositories that never had a commit in common
// do not. It is found by the same walk, which then goes to both roots.
func (r *Repo) Divergence(a, b string) (ahead, behind int, related bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	w, err := r.divergenceWalk(a, b)
	if err != nil {
		return 0, 0, false, fmt.Errorf("ahead/behind: %w", err)
	}
	for _, f := range w.flags {
		switch f {
		case fromA:
			ahead++
		case fromB:
			behind++
		default:
			related = true
		}
	}
	return ahead, behind, related || w.noB || w.same, nil
}

// Only lists the commits reachable from a but not from b, newest first (by
// committer time): for a merge, from its second parent but not its first,
// what the merge brought in. The walk is AheadBehind's.
func (r *Repo) Only(a, b string) ([]CommitInfo, error) {
	onlyA, _, err := r.Sides(a, b)
	return onlyA, err
}

// Sides lists, from one walk, the commits reachable from a but not from b
// and those reachable from b but not from a, each newest first as Only
// gives them: for a merge, what each side did since they forked.
func (r *Repo) Sides(a, b string) (onlyA, onlyB []CommitInfo, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	w, err := r.divergenceWalk(a, b)
	if err != nil {
		return nil, nil, fmt.Errorf("commits of %s: %w", a, err)
	}
	return w.only(fromA), w.only(fromB), nil
}

// only lists the commits the walk found on side f alone, newest first;
// commits of one second stay as found, each before its parents.
func (w divergence) only(f uint8) []CommitInfo {
	var only []*object.Commit
	for _, h := range w.order {
		if w.flags[h] == f {
			only = append(only, w.commits[h])
		}
	}
	sort.SliceStable(only, func(i, j int) bool { return only[i].Committer.When.After(only[j].Committer.When) })
	out := make([]CommitInfo, len(only))
	for i, c := range only {
		out[i] = commitInfo(c)
	}
	return out
}

// Flags of the commits a divergence walk found: reachable from a, from b.
const fromA, fromB = 1, 2

// divergence is what divergenceWalk found: each commit it reached, with
// the sides it is reachable from. noB is true when b was "", same when a
// and b are the same commit (then nothing was walked).
type divergence struct {
	flags     map[plumbing.Hash]uint8
	commits   map[plumbing.Hash]*object.Commit
	order     []plumbing.Hash // in the order found: a commit before its parents
	noB, same bool
}

// divergenceWalk walks the histories of a and b newest first until every
// commit it still has to look at is reachable from both (and a day older,
// for clocks out of step), or to the roots. Callers hold r.mu.
func (r *Repo) divergenceWalk(a, b string) (divergence, error) {
	ha, err := r.resolveID(a)
	if err != nil {
		return divergence{}, err
	}
	var hb plumbing.Hash
	if b != "" {
		if hb, err = r.resolveID(b); err != nil {
			return divergence{}, err
		}
	}
	flags := map[plumbing.Hash]uint8{}
	commits := map[plumbing.Hash]*object.Commit{}
	w := divergence{flags: flags, commits: commits, noB: hb.IsZero(), same: ha == hb}
	if w.same {
		return w, nil
	}
	var queue []plumbing.Hash // kept sorted oldest first; pop from the end
	push := func(h plumbing.Hash, f uint8) error {
		old := flags[h]
		if old|f == old {
			return nil
		}
		c, ok := commits[h]
		if !ok {
			var err error
			if c, err = r.commit(h); err != nil {
				return err
			}
			commits[h] = c
			w.order = append(w.order, h)
		}
		flags[h] = old | f
		i := sort.Search(len(queue), func(i int) bool {
			return commits[queue[i]].Committer.When.After(c.Committer.When)
		})
		queue = append(queue, plumbing.ZeroHash)
		copy(queue[i+1:], queue[i:])
		queue[i] = h
		return nil
	}
	if err := push(ha, fromA); err != nil {
		return divergence{}, err
	}
	if !hb.IsZero() {
		if err := push(hb, fromB); err != nil {
			return divergence{}, err
		}
	}
	// allBoth reports whether every queued commit is reachable from both
	// sides. Then everything older is too — if commit times never go
	// backwards. They can (clock skew between machines, several commits in
	// one second), so the walk goes on until the queue is a day older than
	// every commit it found on one side only.
	allBoth := func() bool {
		for _, h := range queue {
			if flags[h] != fromA|fromB {
				return false
			}
		}
		return true
	}
	var oldestOneSide time.Time
	for len(queue) > 0 {
		if allBoth() {
			newest := commits[queue[len(queue)-1]].Committer.When
			if oldestOneSide.IsZero() || newest.Before(oldestOneSide.Add(-clockSlop)) {
				break
			}
		}
		h := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		f := flags[h]
		if when := commits[h].Committer.When; f != fromA|fromB && (oldestOneSide.IsZero() || when.Before(oldestOneSide)) {
			oldestOneSide = when
		}
		for _, p := range commits[h].ParentHashes {
			if err := push(p, f); err != nil {
				if errors.Is(err, plumbing.ErrObjectNotFound) {
					continue // a shallow history ends here
				}
				return divergence{}, err
			}
		}
	}
	return w, nil
}

// resolveID is resolve, but takes a full id as the id of a commit without
// looking for a ref of that name first: stats walk the side of every merge
// in a year, by id, and each ref looked for is a file looked for. A
// missing commit is found missing when the walk reads it. Callers hold
// r.mu.
func (r *Repo) resolveID(rev string) (plumbing.Hash, error) {
	if len(rev) == 40 && isHex(rev) {
		return plumbing.NewHash(rev), nil
	}
	return r.resolve(rev)
}

// FastForward moves the current branch to rev, which must descend from
// HEAD, and brings the work tree and index along: only the files that
// differ between the two commits are rewritten, each atomically. If one of
// them has changes that are not committed (or an untracked file is in the
// way), nothing is written and the error matches ErrLocalChanges. The
// caller holds the lock.
func (r *Repo) FastForward(rev string) (CommitInfo, error) {
	if !r.holdsLock() {
		return CommitInfo{}, fmt.Errorf("fast-forward: %w (call Lock first)", ErrNotLocked)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	branch, err := r.headRef()
	if err != nil {
		return CommitInfo{}, fmt.Errorf("fast-forward: %w", err)
	}
	head, err := r.headHash()
	if err != nil {
		return CommitInfo{}, fmt.Errorf("fast-forward: %w", err)
	}
	target, err := r.resolve(rev)
	if err != nil {
		return CommitInfo{}, fmt.Errorf("fast-forward: %w", err)
	}
	tc, err := r.commit(target)
	if err != nil {
		return CommitInfo{}, fmt.Errorf("fast-forward: %w", err)
	}
	if head == target {
		return commitInfo(tc), nil
	}
	if !head.IsZero() {
		ok, err := r.reaches(target, head)
		if err != nil {
			return CommitInfo{}, fmt.Errorf("fast-forward: %w", err)
		}
		if !ok {
			return CommitInfo{}, fmt.Errorf("fast-forward to %s: it does not descend from HEAD %s", short(target), short(head))
		}
	}
	if err := r.moveTo(branch, head, target); err != nil {
		return CommitInfo{}, fmt.Errorf("fast-forward to %s: %w", short(target), err)
	}
	return commitInfo(tc), nil
}

// reaches reports whether from has to among its ancestors (or is it).
// Callers hold r.mu.
func (r *Repo) reaches(from, to plumbing.Hash) (bool, error) {
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{from}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if h == to {
			return true, nil
		}
		if seen[h] {
			continue
		}
		seen[h] = true
		c, err := r.commit(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		stack = append(stack, c.ParentHashes...)
	}
	return false, nil
}

// moveTo makes the work tree, the branch and the index go from commit head
// (zero: none) to target, in Commit's crash-safe order. Callers hold r.mu
// and the lock.
func (r *Repo) moveTo(branch plumbing.ReferenceName, head, target plumbing.Hash) error {
	headTree, err := r.commitTree(head)
	if err != nil {
		return err
	}
	targetTree, err := r.commitTree(target)
	if err != nil {
		return err
	}
	var paths []string
	if err := r.changedPaths(headTree, targetTree, "", &paths); err != nil {
		return err
	}
	sort.Strings(paths)
	// A link in the way is said before any local change it hides.
	touched := make([]Change, len(paths))
	for i, p := range paths {
		touched[i] = Change{Path: p}
	}
	if err := r.refuseLinks(touched); err != nil {
		return err
	}

	var changes []Change
	var dirty []string
	modes := map[string]filemode.FileMode{}
	for _, p := range paths {
		he, inHead, err := r.lookup(headTree, p)
		if err != nil {
			return err
		}
		te, inTarget, err := r.lookup(targetTree, p)
		if err != nil {
			return err
		}
		inHead = inHead && he.Mode != filemode.Dir && he.Mode != filemode.Submodule
		inTarget = inTarget && te.Mode != filemode.Dir && te.Mode != filemode.Submodule
		cur, exists, err := r.worktreeHash(p)
		if err != nil {
			return err
		}
		clean := (!exists && !inHead) || (exists && inHead && cur == he.Hash) ||
			(!exists && !inTarget) || (exists && inTarget && cur == te.Hash)
		if !clean {
			dirty = append(dirty, p)
			continue
		}
		if !inTarget {
			changes = append(changes, Change{Path: p, Delete: true})
			continue
		}
		if te.Mode == filemode.Symlink {
			return fmt.Errorf("%s: symbolic links are not supported", p)
		}
		data, err := r.blob(te.Hash)
		if err != nil {
			return err
		}
		changes = append(changes, Change{Path: p, Data: data})
		modes[p] = te.Mode
	}
	if len(dirty) > 0 {
		return &LocalChangesError{Paths: dirty}
	}
	if err := r.writeWorktree(changes, modes, nil); err != nil {
		return err
	}
	pendingPath := filepath.Join(r.gitDir, pendingFile)
	if err := writeFileAtomic(pendingPath, []byte(strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	if err := syncDir(r.gitDir); err != nil {
		return err
	}
	if err := r.moveRef(branch, head, target); err != nil {
		os.Remove(pendingPath)
		return err
	}
	if !head.IsZero() {
		r.setOrigHead(head)
	}
	if err := r.updateIndex(targetTree, paths); err != nil {
		return fmt.Errorf("branch moved, but %w", err)
	}
	if err := os.Remove(pendingPath); err != nil {
		return fmt.Errorf("branch moved, but remove %s: %w", pendingPath, err)
	}
	return nil
}

// setOrigHead records in ORIG_HEAD, as git does, where the branch was
// before a merge or a fast-forward moved it: OrigHead tells undo which side
// of a merge was this machine's. It is a note, not history: a write that
// fails leaves undo with the merge's first parent, as before.
func (r *Repo) setOrigHead(h plumbing.Hash) {
	_ = writeFileAtomic(filepath.Join(r.gitDir, "ORIG_HEAD"), []byte(h.String()+"\n"), 0o644)
}

// OrigHead is the commit the branch was on before the last merge or
// fast-forward moved it, as ORIG_HEAD records; false when there is none
// to read.
func (r *Repo) OrigHead() (string, bool) {
	b, err := os.ReadFile(filepath.Join(r.gitDir, "ORIG_HEAD"))
	if err != nil {
		return "", false
	}
	s := strings.TrimSpace(string(b))
	if len(s) != 40 || !isHex(s) {
		return "", false
	}
	return s, true
}

// worktreeHash is the blob id of a work tree file; exists is false when
// there is no file (or a directory) at p.
func (r *Repo) worktreeHash(p string) (h plumbing.Hash, exists bool, err error) {
	abs := filepath.Join(r.dir, filepath.FromSlash(p))
	fi, err := os.Lstat(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return plumbing.ZeroHash, false, nil
		}
		return plumbing.ZeroHash, false, err
	}
	if fi.IsDir() {
		return plumbing.ZeroHash, false, nil
	}
	h, err = hashFile(abs, fi.Mode())
	return h, true, err
}

// Clone makes dir (missing or empty) an OS repository that tracks url as
// DefaultRemote, on the branch the remote's HEAD names (DefaultBranch when
// it names none), and checks that branch out. It fails with ErrRemoteEmpty
// when the remote has no commit. On failure it removes what it created.
func Clone(ctx context.Context, url, dir string, auth transport.AuthMethod) (*Repo, error) {
	if _, err := transport.NewEndpoint(url); err != nil {
		return nil, fmt.Errorf("clone: %q is not a git URL: %w", url, err)
	}
	refs, err := listRemote(ctx, url, auth)
	if err != nil {
		return nil, fmt.Errorf("clone %s: %w", url, err)
	}
	branch := ""
	heads := map[plumbing.ReferenceName]bool{}
	for _, ref := range refs {
		if ref.Name().IsBranch() {
			heads[ref.Name()] = true
		}
	}
	for _, ref := range refs {
		if ref.Name() == plumbing.HEAD && ref.Type() == plumbing.SymbolicReference && heads[ref.Target()] {
			branch = ref.Target().Short()
		}
	}
	if branch == "" && heads[plumbing.NewBranchReferenceName(DefaultBranch)] {
		branch = DefaultBranch
	}
	if branch == "" {
		if len(heads) == 0 {
			return nil, fmt.Errorf("clone %s: %w", url, ErrRemoteEmpty)
		}
		return nil, fmt.Errorf("clone %s: the remote has no branch %s and its HEAD names none", url, DefaultBranch)
	}

	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("clone: %w", err)
	}
	_, statErr := os.Stat(abs)
	existed := statErr == nil
	r, err := Init(abs, branch)
	if err != nil {
		return nil, fmt.Errorf("clone: %w", err)
	}
	fail := func(err error) (*Repo, error) {
		r.Close()
		if existed {
			entries, _ := os.ReadDir(abs)
			for _, e := range entries {
				os.RemoveAll(filepath.Join(abs, e.Name()))
			}
		} else {
			os.RemoveAll(abs)
		}
		return nil, err
	}
	unlock, err := r.LockAs(0, "myos clone")
	if err != nil {
		return fail(fmt.Errorf("clone: %w", err))
	}
	defer unlock()
	if err := r.SetRemote(DefaultRemote, url); err != nil {
		return fail(fmt.Errorf("clone: %w", err))
	}
	h, err := r.Fetch(ctx, DefaultRemote, auth)
	if err != nil {
		return fail(fmt.Errorf("clone: %w", err))
	}
	if h == "" {
		return fail(fmt.Errorf("clone %s: %w", url, ErrRemoteEmpty))
	}
	if _, err := r.FastForward(h); err != nil {
		return fail(fmt.Errorf("clone: %w", err))
	}
	return r, nil
}
