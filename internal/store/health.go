package store

// Health is about the states a repository can be left in by a crash, by a
// git command that stopped halfway, or by a person: what they are, how
// Diagnose tells them, which of them keep myos from writing, and what
// Repair may do about them. The rules this file keeps:
//
//   - Diagnose only reads. It works on a repository that Open refuses.
//   - A write (Lock) refuses every blocking state, naming it, so that myos
//     never commits on top of a half-done merge, an unreadable branch or a
//     tree with holes in it.
//   - Repair runs under the lock and does only what cannot lose work: it
//     clears a stale lock, removes git lock files and temporary files that a
//     stopped process left, points an unreadable branch at the commit it
//     last named, re-attaches a detached HEAD when that moves main forward,
//     rebuilds the index from HEAD, and records the stat data of unchanged
//     files the index has out of date. It never deletes a commit or an
//     object, never moves a branch backwards or sideways, and leaves a git
//     operation in progress (merge, rebase, ...) to the git command.

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Problem codes, one per kind of bad state.
const (
	ProblemStaleLock     = "stale-lock"     // .git/myos.lock of a process that is gone
	ProblemGitLock       = "git-lock"       // index.lock, HEAD.lock or a ref's .lock
	ProblemIndex         = "index"          // .git/index unreadable or missing
	ProblemPending       = "pending-commit" // an interrupted commit: the index lags HEAD
	ProblemHead          = "head"           // .git/HEAD empty or unreadable
	ProblemRef           = "ref"            // the branch file empty, unreadable or lost
	ProblemOperation     = "git-operation"  // merge, rebase, cherry-pick, revert, bisect
	ProblemDetached      = "detached-head"  // HEAD names a commit, not a branch
	ProblemMissingObject = "missing-object" // a commit, tree or file of history is gone
	ProblemTempFiles     = "temp-files"     // leftovers of interrupted writes
	ProblemIndexStat     = "index-stat"     // stat data out of date: status reads every file
)

// Problem is one thing wrong with a repository.
type Problem struct {
	// Code is one of the Problem* constants.
	Code string `json:"code"`
	// Message says what is wrong, naming the file or state.
	Message string `json:"message"`
	// Repair says what Repair does about it; empty when it leaves it to
	// the person.
	Repair string `json:"repair,omitempty"`
	// Advice is what the person can do themselves, often a git command.
	Advice string `json:"advice,omitempty"`
	// Blocking means that writes refuse while the problem lasts.
	Blocking bool `json:"blocking"`
}

// ErrNeedsRepair matches the error of a write refused because the
// repository is in a bad state (see StateError).
var ErrNeedsRepair = errors.New("repository needs repair")

// StateError is a write refused because of blocking problems.
type StateError struct {
	Problems []Problem
}

func (e *StateError) Error() string {
	if len(e.Problems) == 0 {
		return ErrNeedsRepair.Error()
	}
	msg := e.Problems[0].Message
	if n := len(e.Problems) - 1; n == 1 {
		msg += " (and 1 more problem)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d more problems)", n)
	}
	return msg + ": run `myos repair --dry-run` to see how to fix it"
}

// Is makes errors.Is(err, ErrNeedsRepair) true.
func (e *StateError) Is(target error) bool { return target == ErrNeedsRepair }

// gitLockStale is how old a git lock file must be before Repair removes
// it: git holds a ref's lock for milliseconds, so an older one was left by
// a process that stopped.
const gitLockStale = 10 * time.Second

// maxListed caps the examples a problem message lists.
const maxListed = 3

// inspector reads a repository's files without go-git's repository layer,
// so that it works on states go-git refuses to open.
type inspector struct {
	dir, gitDir string
	st          storer.EncodedObjectStorer
	now         time.Time

	// Filled by readHead.
	headBranch   plumbing.ReferenceName // HEAD's branch; main when HEAD is unreadable or detached
	headDetached plumbing.Hash          // HEAD's commit when detached
	headProblem  string                 // why HEAD is unreadable

	shallow map[plumbing.Hash]bool

	// known is the listing of one tree (see knownTree), when the caller
	// has it: the glance then checks that the folders of files only are
	// there rather than reading them (see walkTree).
	known *knownTree
	// has answers whether an object exists (Repo.hasObject) when the
	// caller has an open repository; else the storage does.
	has func(plumbing.Hash) bool
}

// hasObject reports whether the repository holds h.
func (in *inspector) hasObject(h plumbing.Hash) bool {
	if in.has != nil {
		return in.has(h)
	}
	return in.st.HasEncodedObject(h) == nil
}

// Diagnose lists what is wrong with the OS repository in dir, blocking
// problems first. It only reads, and works when Open would fail. An empty
// list means a healthy repository.
func Diagnose(dir string) ([]Problem, error) {
	in, closeFn, err := newInspector(dir)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return in.diagnose(true), nil
}

func newInspector(dir string) (*inspector, func(), error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("diagnose %s: %w", dir, err)
	}
	gitDir := filepath.Join(abs, ".git")
	fi, err := os.Stat(gitDir)
	if err != nil || !fi.IsDir() {
		return nil, nil, fmt.Errorf("diagnose %s: %w (no .git directory)", abs, ErrNotRepo)
	}
	st := readStorage(gitDir)
	return &inspector{dir: abs, gitDir: gitDir, st: newRereadStorage(st), now: time.Now()}, func() { st.Close() }, nil
}

// gitLockWait is how long a write waits for a young git lock file to go:
// git holds them for milliseconds (git status refreshing the index).
const gitLockWait = time.Second

// checkWritable is the gate of every write: the blocking problems that can
// be found cheaply, as a StateError. While the only ones are young git lock
// files, it waits up to gitLockWait for them to go. Callers hold r.mu.
func (r *Repo) checkWritable() error {
	deadline := time.Now().Add(gitLockWait)
	for {
		in := &inspector{dir: r.dir, gitDir: r.gitDir, st: r.objs.rereadStorage, now: time.Now(), known: r.knownHead(), has: r.hasObjectAgain}
		var blocking []Problem
		waiting := true
		for _, p := range in.diagnose(false) {
			if p.Blocking {
				blocking = append(blocking, p)
				waiting = waiting && p.Code == ProblemGitLock && p.Repair == ""
			}
		}
		if len(blocking) == 0 {
			return nil
		}
		if !waiting || time.Now().After(deadline) {
			return &StateError{Problems: blocking}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// diagnose runs the checks. Without full it skips what costs more than a
// glance (the walk through all of history, the scan for temporary files)
// and what does not block writes.
func (in *inspector) diagnose(full bool) []Problem {
	var out []Problem
	add := func(ps ...Problem) { out = append(out, ps...) }

	add(in.operations()...)
	in.readHead()
	if in.headProblem != "" {
		p := Problem{Code: ProblemHead, Message: ".git/HEAD " + in.headProblem, Blocking: true,
			Advice: "point it at your branch: write `ref: refs/heads/main` into .git/HEAD"}
		if h, ok := in.branchCommit(plumbing.NewBranchReferenceName(DefaultBranch)); ok {
			p.Repair = fmt.Sprintf("point HEAD at main (%s)", in.describe(h))
		}
		add(p)
	}
	tip, refProblem := in.branchState(full)
	if refProblem != nil {
		add(*refProblem)
	}
	if !in.headDetached.IsZero() {
		add(in.detachedProblem(tip, refProblem != nil))
	}
	head := tip
	if !in.headDetached.IsZero() {
		head = in.headDetached
	}
	if !head.IsZero() {
		add(in.missingInHead(head, full)...)
	}
	if full && !head.IsZero() {
		add(in.missingInHistory(head)...)
	}
	add(in.brokenRefs()...)
	add(in.gitLocks()...)
	if full {
		add(in.staleLock()...)
		add(in.heldLock()...)
		add(in.indexProblems(head)...)
		add(in.tempFiles()...)
		add(in.staleStat()...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Blocking && !out[j].Blocking })
	return out
}

// Operations lists the git commands stopped halfway in the repository (a
// merge, rebase, cherry-pick, revert, am or bisect), each with what to run
// to finish or undo it: status shows them, since writes wait for them.
func (r *Repo) Operations() []Problem {
	in := &inspector{dir: r.dir, gitDir: r.gitDir}
	return in.operations()
}

// operations finds git commands stopped halfway.
func (in *inspector) operations() []Problem {
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(in.gitDir, name))
		return err == nil
	}
	op := func(what, file, advice string) Problem {
		return Problem{Code: ProblemOperation, Blocking: true,
			Message: fmt.Sprintf("a git %s is in progress (.git/%s)", what, file), Advice: advice}
	}
	var out []Problem
	switch {
	case exists("rebase-merge"):
		out = append(out, op("rebase", "rebase-merge", "resolve any conflicts and run `git rebase --continue`, or go back to where it started with `git rebase --abort`"))
	case exists("rebase-apply/applying"):
		out = append(out, op("am", "rebase-apply", "run `git am --continue` once conflicts are resolved, or `git am --abort`"))
	case exists("rebase-apply"):
		out = append(out, op("rebase", "rebase-apply", "resolve any conflicts and run `git rebase --continue`, or go back to where it started with `git rebase --abort`"))
	}
	if exists("MERGE_HEAD") {
		out = append(out, op("merge", "MERGE_HEAD", "resolve any conflicts and run `git merge --continue`, or undo it with `git merge --abort`"))
	}
	if exists("CHERRY_PICK_HEAD") {
		out = append(out, op("cherry-pick", "CHERRY_PICK_HEAD", "run `git cherry-pick --continue` once conflicts are resolved, or `git cherry-pick --abort`"))
	}
	if exists("REVERT_HEAD") {
		out = append(out, op("revert", "REVERT_HEAD", "run `git revert --continue` once conflicts are resolved, or `git revert --abort`"))
	}
	if exists("BISECT_LOG") {
		out = append(out, op("bisect", "BISECT_LOG", "end it with `git bisect reset`"))
	}
	return out
}

// readHead reads .git/HEAD.
func (in *inspector) readHead() {
	in.headBranch = plumbing.NewBranchReferenceName(DefaultBranch)
	raw, err := os.ReadFile(filepath.Join(in.gitDir, "HEAD"))
	switch {
	case errors.Is(err, os.ErrNotExist):
		in.headProblem = "is missing"
		return
	case err != nil:
		in.headProblem = "cannot be read: " + err.Error()
		return
	}
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "":
		in.headProblem = "is empty"
	case strings.HasPrefix(s, "ref:"):
		name := plumbing.ReferenceName(strings.TrimSpace(strings.TrimPrefix(s, "ref:")))
		if !name.IsBranch() || name.Validate() != nil {
			in.headProblem = fmt.Sprintf("names %q, which is not a branch", string(name))
			return
		}
		in.headBranch = name
	case len(s) == 40 && isHex(s):
		in.headDetached = plumbing.NewHash(s)
	default:
		in.headProblem = "does not name a branch or a commit"
	}
}

// refFile reads a branch's loose file: its commit, whether it exists, and
// what is wrong with its content.
func (in *inspector) refFile(name plumbing.ReferenceName) (h plumbing.Hash, exists bool, problem string) {
	raw, err := os.ReadFile(filepath.Join(in.gitDir, filepath.FromSlash(string(name))))
	if errors.Is(err, os.ErrNotExist) {
		return plumbing.ZeroHash, false, ""
	}
	if err != nil {
		return plumbing.ZeroHash, true, "cannot be read: " + err.Error()
	}
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "":
		return plumbing.ZeroHash, true, "is empty"
	case len(s) == 40 && isHex(s):
		return plumbing.NewHash(s), true, ""
	default:
		return plumbing.ZeroHash, true, "does not hold a commit id"
	}
}

// packedRef finds a branch in .git/packed-refs.
func (in *inspector) packedRef(name plumbing.ReferenceName) (plumbing.Hash, bool) {
	f, err := os.Open(filepath.Join(in.gitDir, "packed-refs"))
	if err != nil {
		return plumbing.ZeroHash, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		hash, ref, ok := strings.Cut(s.Text(), " ")
		if ok && ref == string(name) && len(hash) == 40 && isHex(hash) {
			return plumbing.NewHash(hash), true
		}
	}
	return plumbing.ZeroHash, false
}

// isCommit reports whether h is a commit the repository holds.
func (in *inspector) isCommit(h plumbing.Hash) bool {
	if h.IsZero() {
		return false
	}
	_, err := object.GetCommit(in.st, h)
	return err == nil
}

// branchCommit is the valid commit a branch names, loose or packed.
func (in *inspector) branchCommit(name plumbing.ReferenceName) (plumbing.Hash, bool) {
	h, exists, problem := in.refFile(name)
	if exists {
		return h, problem == "" && in.isCommit(h)
	}
	h, ok := in.packedRef(name)
	return h, ok && in.isCommit(h)
}

// branchState reads HEAD's branch: its commit, or the problem with it. A
// branch with no commit is fine in a new repository and a problem in one
// that holds history.
func (in *inspector) branchState(full bool) (plumbing.Hash, *Problem) {
	name := in.headBranch
	short := name.Short()
	h, exists, problem := in.refFile(name)
	file := ".git/" + string(name)
	if !exists {
		var ok bool
		if h, ok = in.packedRef(name); !ok {
			n := in.historyCommits()
			if n == 0 {
				return plumbing.ZeroHash, nil // a new repository
			}
			return plumbing.ZeroHash, in.refProblem(fmt.Sprintf("branch %s is missing (%s), though the repository holds %d commits", short, file, n), full)
		}
		file = ".git/packed-refs"
	}
	if problem != "" {
		return plumbing.ZeroHash, in.refProblem(fmt.Sprintf("branch %s (%s) %s", short, file, problem), full)
	}
	if err := in.st.HasEncodedObject(h); err != nil {
		return plumbing.ZeroHash, in.refProblem(fmt.Sprintf("branch %s (%s) names commit %s, which is missing from the repository", short, file, h.String()[:7]), full)
	}
	if !in.isCommit(h) {
		return plumbing.ZeroHash, in.refProblem(fmt.Sprintf("branch %s (%s) names %s, which is not a commit", short, file, h.String()[:7]), full)
	}
	return h, nil
}

// historyCommits counts the commits that have a parent: a repository with
// none of them has no history a missing branch could lose (a first commit
// interrupted before its branch was written leaves a parentless one).
func (in *inspector) historyCommits() int {
	n := 0
	iter, err := in.st.IterEncodedObjects(plumbing.CommitObject)
	if err != nil {
		return 0
	}
	iter.ForEach(func(o plumbing.EncodedObject) error {
		c, err := object.DecodeCommit(in.st, o)
		if err == nil && len(c.ParentHashes) > 0 {
			n++
		}
		return nil
	})
	return n
}

// refProblem describes a lost branch, and which commit Repair would point
// it at when one is certain. Finding candidates reads every commit, so the
// quick check leaves it out.
func (in *inspector) refProblem(msg string, full bool) *Problem {
	p := &Problem{Code: ProblemRef, Message: msg, Blocking: true}
	if !full {
		return p
	}
	pick, why, tips := in.refCandidates()
	if !pick.IsZero() {
		p.Repair = fmt.Sprintf("point %s at %s, %s", in.headBranch.Short(), in.describe(pick), why)
		return p
	}
	if len(tips) == 0 {
		p.Advice = "no commit in the repository can take its place: restore .git from a backup or clone your remote again"
		return p
	}
	var lines []string
	for i, t := range tips {
		if i == 5 {
			lines = append(lines, fmt.Sprintf("and %d more", len(tips)-5))
			break
		}
		lines = append(lines, in.describe(t))
	}
	p.Advice = fmt.Sprintf("the latest commits that could be it: %s; pick one with `myos repair --ref HASH`", strings.Join(lines, "; "))
	return p
}

// refCandidates finds the commit a lost branch was on. Known places come
// first: a detached HEAD, the branch's reflog, packed-refs and ORIG_HEAD.
// The commits no other commit builds on (tips) decide: a single tip is the
// answer; else a known place that is a tip itself. Otherwise there is no
// pick, and the tips are returned, newest first, for the person to choose.
func (in *inspector) refCandidates() (pick plumbing.Hash, why string, tips []plumbing.Hash) {
	type known struct {
		h   plumbing.Hash
		why string
	}
	var ks []known
	if in.isCommit(in.headDetached) {
		ks = append(ks, known{in.headDetached, "the commit HEAD is on"})
	}
	if h, ok := in.reflogLast(in.headBranch); ok {
		ks = append(ks, known{h, "its last commit in the reflog"})
	}
	if h, ok := in.packedRef(in.headBranch); ok && in.isCommit(h) {
		ks = append(ks, known{h, "the commit .git/packed-refs names"})
	}
	if h, _, problem := in.refFile("ORIG_HEAD"); problem == "" && in.isCommit(h) {
		ks = append(ks, known{h, "the commit ORIG_HEAD names"})
	}
	tips = in.tips()
	if len(tips) == 1 {
		return tips[0], "the only commit nothing builds on", tips
	}
	isTip := make(map[plumbing.Hash]bool, len(tips))
	for _, t := range tips {
		isTip[t] = true
	}
	for _, k := range ks {
		if isTip[k.h] {
			return k.h, k.why, tips
		}
	}
	return plumbing.ZeroHash, "", tips
}

// reflogLast reads the newest entry of a ref's reflog.
func (in *inspector) reflogLast(name plumbing.ReferenceName) (plumbing.Hash, bool) {
	raw, err := os.ReadFile(filepath.Join(in.gitDir, "logs", filepath.FromSlash(string(name))))
	if err != nil {
		return plumbing.ZeroHash, false
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		f := strings.Fields(lines[i])
		if len(f) >= 2 && len(f[1]) == 40 && isHex(f[1]) {
			if h := plumbing.NewHash(f[1]); in.isCommit(h) {
				return h, true
			}
		}
	}
	return plumbing.ZeroHash, false
}

// tips lists the commits that no other commit has as a parent, newest
// first.
func (in *inspector) tips() []plumbing.Hash {
	type info struct {
		when    time.Time
		parents []plumbing.Hash
	}
	all := map[plumbing.Hash]info{}
	iter, err := in.st.IterEncodedObjects(plumbing.CommitObject)
	if err != nil {
		return nil
	}
	iter.ForEach(func(o plumbing.EncodedObject) error {
		if c, err := object.DecodeCommit(in.st, o); err == nil {
			all[c.Hash] = info{when: c.Committer.When, parents: c.ParentHashes}
		}
		return nil
	})
	parent := map[plumbing.Hash]bool{}
	for _, c := range all {
		for _, p := range c.parents {
			parent[p] = true
		}
	}
	var out []plumbing.Hash
	for h := range all {
		if !parent[h] {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !all[out[i]].when.Equal(all[out[j]].when) {
			return all[out[i]].when.After(all[out[j]].when)
		}
		return out[i].String() < out[j].String()
	})
	return out
}

// describe names a commit for a person: short id, date and subject.
func (in *inspector) describe(h plumbing.Hash) string {
	c, err := object.GetCommit(in.st, h)
	if err != nil {
		return h.String()[:7]
	}
	subject, _, _ := strings.Cut(strings.TrimSpace(c.Message), "\n")
	return fmt.Sprintf("%s (%s, %q)", h.String()[:7], c.Committer.When.Format("2006-01-02 15:04"), subject)
}

// detachedProblem describes a detached HEAD and whether re-attaching it is
// safe: only when the branch is at HEAD's commit or behind it, so that
// moving it forward loses nothing and the work tree still matches.
func (in *inspector) detachedProblem(tip plumbing.Hash, branchBroken bool) Problem {
	h := in.headDetached
	s := h.String()[:7]
	branch := in.headBranch.Short()
	p := Problem{Code: ProblemDetached, Blocking: true,
		Message: fmt.Sprintf("HEAD is detached at %s: it names a commit, not your branch %s", s, branch)}
	if len(in.operations()) > 0 {
		p.Advice = "finish the git operation in progress first; it puts HEAD back on the branch"
		return p
	}
	if !in.isCommit(h) {
		p.Advice = fmt.Sprintf("commit %s is missing; run `git switch %s`", s, branch)
		return p
	}
	switch {
	case branchBroken:
		// The branch problem's own repair points the branch at HEAD's
		// commit when that is certain; re-attaching follows.
		p.Repair = fmt.Sprintf("re-attach HEAD to %s once %s is repaired", branch, branch)
	case tip.IsZero():
		p.Repair = fmt.Sprintf("start branch %s at %s and re-attach HEAD to it", branch, s)
	case tip == h:
		p.Repair = fmt.Sprintf("re-attach HEAD to %s, which is at the same commit", branch)
	case in.isAncestor(tip, h):
		p.Repair = fmt.Sprintf("move %s forward from %s to %s (it only gains commits) and re-attach HEAD to it", branch, tip.String()[:7], s)
	case in.isAncestor(h, tip):
		p.Advice = fmt.Sprintf("%s is already part of %s: go back to it with `git switch %s`", s, branch, branch)
	default:
		p.Advice = fmt.Sprintf("%s and %s have diverged: keep %s's work with `git branch keep-%s %s`, then `git switch %s`", s, branch, s, s, s, branch)
	}
	return p
}

// isAncestor reports whether a is b or one of its ancestors.
func (in *inspector) isAncestor(a, b plumbing.Hash) bool {
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{b}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if h == a {
			return true
		}
		if seen[h] {
			continue
		}
		seen[h] = true
		c, err := object.GetCommit(in.st, h)
		if err != nil {
			continue
		}
		stack = append(stack, c.ParentHashes...)
	}
	return false
}

// missingInHead checks HEAD's commit and the trees in it, what a write
// builds on: a missing one is a blocking problem. With full it checks the
// files too; a missing file does not block, since a write neither reads
// nor loses it, and checking them all costs as much as a commit.
func (in *inspector) missingInHead(head plumbing.Hash, full bool) []Problem {
	c, err := object.GetCommit(in.st, head)
	if err != nil {
		return []Problem{missingProblem(head, "the commit HEAD is on", true)}
	}
	var missing []Problem
	walk := in.walkTree
	if !full && in.known != nil && in.known.tree == c.TreeHash {
		walk = in.glanceTree
	}
	walk(c.TreeHash, "", map[plumbing.Hash]bool{}, !full, func(h plumbing.Hash, p string, tree bool) {
		what := "the tree of commit " + head.String()[:7]
		if p != "" {
			what = fmt.Sprintf("%s in commit %s", p, head.String()[:7])
		}
		missing = append(missing, missingProblem(h, what, tree))
	})
	return capMissing(missing)
}

// missingInHistory walks every commit reachable from head (stopping at a
// shallow clone's boundary) and reports missing commits, trees and files.
// They do not block writes: a new commit builds on HEAD's tree only.
func (in *inspector) missingInHistory(head plumbing.Hash) []Problem {
	in.shallow = readShallow(in.gitDir)
	var missing []Problem
	seenTree := map[plumbing.Hash]bool{}
	if c, err := object.GetCommit(in.st, head); err == nil {
		// HEAD's own tree is missingInHead's.
		in.walkTree(c.TreeHash, "", seenTree, false, func(plumbing.Hash, string, bool) {})
	}
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{head}
	child := map[plumbing.Hash]plumbing.Hash{}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		c, err := object.GetCommit(in.st, h)
		if err != nil {
			if h != head {
				missing = append(missing, missingProblem(h, "a parent of commit "+child[h].String()[:7], false))
			}
			continue
		}
		if h != head {
			in.walkTree(c.TreeHash, "", seenTree, false, func(m plumbing.Hash, p string, _ bool) {
				what := "the tree of commit " + h.String()[:7]
				if p != "" {
					what = fmt.Sprintf("%s in commit %s", p, h.String()[:7])
				}
				missing = append(missing, missingProblem(m, what, false))
			})
		}
		if in.shallow[h] {
			continue
		}
		for _, p := range c.ParentHashes {
			if _, ok := child[p]; !ok {
				child[p] = h
			}
			stack = append(stack, p)
		}
	}
	return capMissing(missing)
}

// walkTree calls missing for each object under tree h that the repository
// lacks, with its path and whether it is a tree. Objects in seen are
// skipped: they were checked. With treesOnly files are not checked.
func (in *inspector) walkTree(h plumbing.Hash, prefix string, seen map[plumbing.Hash]bool, treesOnly bool, missing func(h plumbing.Hash, path string, tree bool)) {
	if h == emptyTree || seen[h] {
		return
	}
	seen[h] = true
	t, err := object.GetTree(in.st, h)
	if err != nil {
		missing(h, strings.TrimSuffix(prefix, "/"), true)
		return
	}
	for _, e := range t.Entries {
		switch {
		case e.Mode == filemode.Dir:
			in.walkTree(e.Hash, prefix+e.Name+"/", seen, treesOnly, missing)
		case e.Mode == filemode.Submodule, treesOnly, seen[e.Hash]:
		default:
			seen[e.Hash] = true
			if in.st.HasEncodedObject(e.Hash) != nil {
				missing(e.Hash, prefix+e.Name, false)
			}
		}
	}
}

func missingProblem(h plumbing.Hash, what string, blocking bool) Problem {
	return Problem{Code: ProblemMissingObject, Blocking: blocking,
		Message: fmt.Sprintf("object %s (%s) is missing from the repository", h.String()[:7], what),
		Advice:  "myos cannot recreate a lost object: copy .git/objects from a backup or another clone (or fetch from your remote with git); `git fsck` lists everything that is missing"}
}

// capMissing keeps the first few missing objects and says how many more.
func capMissing(ps []Problem) []Problem {
	if len(ps) <= maxListed {
		return ps
	}
	out := append([]Problem(nil), ps[:maxListed]...)
	out[maxListed-1].Message += fmt.Sprintf(" (and %d more missing objects)", len(ps)-maxListed+1)
	return out
}

// brokenRefs finds reference files other than HEAD's branch (which
// branchState checks) that are empty or hold no commit id: go-git fails on
// every listing of references while one is there, so they block writes. A
// remote-tracking ref only records where the remote was, and Repair removes
// it for the next sync to fetch again; any other is left to the person.
func (in *inspector) brokenRefs() []Problem {
	var out []Problem
	filepath.WalkDir(filepath.Join(in.gitDir, "refs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".lock") || strings.Contains(d.Name(), tempMarker) {
			return nil
		}
		rel, _ := filepath.Rel(in.gitDir, p)
		name := plumbing.ReferenceName(filepath.ToSlash(rel))
		if name == in.headBranch {
			return nil
		}
		if in.symbolicRef(name) {
			return nil
		}
		_, _, problem := in.refFile(name)
		if problem == "" {
			return nil
		}
		pr := Problem{Code: ProblemRef, Blocking: true, Message: fmt.Sprintf(".git/%s %s", name, problem)}
		if name.IsRemote() {
			pr.Repair = "remove it: it only records where the remote was, and the next sync fetches it again"
		} else {
			pr.Advice = fmt.Sprintf("myos cannot tell which commit it named: if you know, write its id into .git/%s; if you do not need it, remove the file", name)
		}
		out = append(out, pr)
		return nil
	})
	return out
}

// symbolicRef reports whether the reference file name is a symbolic
// reference to a well-formed name under refs/, such as the
// refs/remotes/origin/HEAD ("ref: refs/remotes/origin/main") that `git
// clone` writes: a valid ref that holds a name, not a commit id.
func (in *inspector) symbolicRef(name plumbing.ReferenceName) bool {
	raw, err := os.ReadFile(filepath.Join(in.gitDir, filepath.FromSlash(string(name))))
	if err != nil {
		return false
	}
	target, ok := strings.CutPrefix(strings.TrimSpace(string(raw)), "ref:")
	if !ok {
		return false
	}
	t := plumbing.ReferenceName(strings.TrimSpace(target))
	return strings.HasPrefix(string(t), "refs/") && t.Validate() == nil
}

// removeBrokenTrackingRefs removes what brokenRefs offers to remove.
func (in *inspector) removeBrokenTrackingRefs() (int, error) {
	n := 0
	for _, p := range in.brokenRefs() {
		if p.Repair == "" {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(p.Message, ".git/"), " ")
		if err := os.Remove(filepath.Join(in.gitDir, filepath.FromSlash(name))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, err
		}
		n++
	}
	return n, nil
}

// gitLocks finds git's own lock files: for the index, HEAD, packed-refs
// and the branches. They block writes: a commit needs them. A young one
// means a git command is running (writes wait a moment for it, see
// checkWritable); an old one was left by a process that stopped, and
// Repair removes it.
func (in *inspector) gitLocks() []Problem {
	var paths []string
	for _, name := range []string{"index.lock", "HEAD.lock", "packed-refs.lock"} {
		paths = append(paths, filepath.Join(in.gitDir, name))
	}
	// Every ref's lock: a fetch killed while it moved refs/remotes/origin/
	// main leaves one there, and every later sync stops on it.
	filepath.WalkDir(filepath.Join(in.gitDir, "refs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lock") {
			paths = append(paths, p)
		}
		return nil
	})
	var out []Problem
	for _, p := range paths {
		fi, err := os.Lstat(p)
		if err != nil {
			continue
		}
		rel, _ := filepath.Rel(in.dir, p)
		rel = filepath.ToSlash(rel)
		// A remote-tracking ref's lock stops only sync; local writes go on.
		blocking := !strings.Contains(rel, "refs/remotes/")
		age := in.now.Sub(fi.ModTime())
		if age < gitLockStale {
			out = append(out, Problem{Code: ProblemGitLock, Blocking: blocking,
				Message: fmt.Sprintf("%s exists: a git command seems to be running", rel),
				Advice:  fmt.Sprintf("wait for it to finish and try again; if no git command is running, one stopped halfway, and `myos repair` removes the file once it is %v old", gitLockStale)})
			continue
		}
		out = append(out, Problem{Code: ProblemGitLock, Blocking: blocking,
			Message: fmt.Sprintf("%s was left %s ago by a git or myos process that stopped", rel, roundAge(age)),
			Repair:  "remove " + rel,
			Advice:  "first make sure no git command is running (a `git commit` waiting for its editor holds .git/index.lock)"})
	}
	return out
}

func roundAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		return d.Round(time.Minute).String()
	default:
		return d.Round(time.Hour).String()
	}
}

// staleLock finds a myos lock whose process is gone. The next write clears
// it by itself, so it does not block.
func (in *inspector) staleLock() []Problem {
	path := filepath.Join(in.gitDir, LockFile)
	info, raw, fi, err := readLock(path)
	if err != nil || !isStale(info, raw, fi) {
		return nil
	}
	who := "a process"
	if info.PID != 0 {
		who = fmt.Sprintf("pid %d", info.PID)
		if info.Command != "" {
			who += fmt.Sprintf(" (`%s`)", info.Command)
		}
	}
	return []Problem{{Code: ProblemStaleLock,
		Message: fmt.Sprintf(".git/%s was left by %s, which is no longer running", LockFile, who),
		Repair:  "remove .git/" + LockFile}}
}

// indexProblems finds an unreadable or missing index and an interrupted
// commit. Open repairs both when it can take the lock.
func (in *inspector) indexProblems(head plumbing.Hash) []Problem {
	r := &Repo{dir: in.dir, gitDir: in.gitDir}
	_, _, exists, err := r.readIndex()
	var out []Problem
	switch {
	case err != nil:
		out = append(out, Problem{Code: ProblemIndex,
			Message: fmt.Sprintf("the index (.git/index) is unreadable: %v", err),
			Repair:  "rebuild the index from HEAD (the files in the folder stay as they are)"})
	case !exists && !head.IsZero():
		out = append(out, Problem{Code: ProblemIndex,
			Message: "the index (.git/index) is missing",
			Repair:  "rebuild the index from HEAD (the files in the folder stay as they are)"})
	}
	if _, perr := os.Stat(filepath.Join(in.gitDir, pendingFile)); perr == nil {
		out = append(out, Problem{Code: ProblemPending,
			Message: "a commit was interrupted after the branch moved and before the index followed",
			Repair:  "update the index entries of the files that commit touched"})
	}
	return out
}

// tempFiles finds the temporary files interrupted atomic writes left in the
// work tree and in .git.
func (in *inspector) tempFiles() []Problem {
	names := in.tempFileList()
	if len(names) == 0 {
		return nil
	}
	listed := names
	if len(listed) > maxListed {
		listed = append(append([]string(nil), names[:maxListed]...), fmt.Sprintf("and %d more", len(names)-maxListed))
	}
	left := fmt.Sprintf("%d temporary files were", len(names))
	if len(names) == 1 {
		left = "1 temporary file was"
	}
	return []Problem{{Code: ProblemTempFiles,
		Message: fmt.Sprintf("%s left by interrupted writes: %s", left, strings.Join(listed, ", ")),
		Repair:  "remove them (they never hold anything that is not also in HEAD or in the files they were replacing)"}}
}

// tempFileList lists, relative to the work tree, the files whose names
// carry the store's temporary marker.
func (in *inspector) tempFileList() []string {
	var out []string
	// The work tree's own path may be a link (~/os -> /data/os): the walk
	// starts beyond it, as a trailing separator makes the system follow
	// it. Links inside the work tree are not followed: what lies beyond
	// them is not the store's.
	filepath.WalkDir(in.dir+string(filepath.Separator), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			// Inside .git only its top level holds the store's temporary
			// files (the pending marker's); objects are git's business.
			if p != in.gitDir && filepath.Dir(p) == in.gitDir {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.Contains(d.Name(), tempMarker) {
			rel, _ := filepath.Rel(in.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// RepairOptions tunes Repair.
type RepairOptions struct {
	// Ref is the commit (its id, or an unambiguous prefix of at least
	// seven hex digits) to point a lost or unreadable branch at, for when
	// Diagnose cannot tell which commit it was on. It is refused when the
	// branch is fine.
	Ref string
	// Unlock removes a lock whose holder cannot be confirmed to be a
	// running myos (see heldlock.go); it is never done otherwise.
	Unlock bool
}

// Repair takes the lock and does the repairs Diagnose proposes (the
// problems whose Repair is set), in an order where each builds on the
// last: stale locks, HEAD, the branch, a detached HEAD, the index,
// temporary files. It returns what it fixed and what remains, as Diagnose
// sees it afterwards. Problems it leaves alone (a merge in progress, a
// missing object, a branch whose commit is uncertain) stay in remaining
// with their advice.
func Repair(dir string, opts RepairOptions) (fixed, remaining []Problem, err error) {
	in, closeFn, err := newInspector(dir)
	if err != nil {
		return nil, nil, err
	}
	defer closeFn()
	before := in.diagnose(true)

	unlocked := false
	if opts.Unlock {
		if unlocked, err = in.unlockUnconfirmed(); err != nil {
			return nil, nil, fmt.Errorf("repair: %w", err)
		}
	}
	lr := &Repo{dir: in.dir, gitDir: in.gitDir}
	token, err := lr.acquire(0, "myos repair")
	if err != nil {
		return nil, nil, fmt.Errorf("repair: %w", err)
	}
	defer lr.release(token)
	for _, p := range before {
		if p.Code == ProblemStaleLock || (p.Code == ProblemHeldLock && unlocked) {
			fixed = append(fixed, p) // acquire (or unlockUnconfirmed) cleared it
		}
	}

	in.now = time.Now()
	probs := in.diagnose(true)
	byCode := map[string][]Problem{}
	for _, p := range probs {
		byCode[p.Code] = append(byCode[p.Code], p)
	}
	done := func(code string) { fixed = append(fixed, byCode[code]...) }

	if n, err := in.removeGitLocks(); err != nil {
		return fixed, nil, fmt.Errorf("repair: %w", err)
	} else if n > 0 {
		for _, p := range byCode[ProblemGitLock] {
			if p.Repair != "" {
				fixed = append(fixed, p)
			}
		}
	}
	// moved is set when the branch now names another commit than the one
	// the index was last brought up with.
	moved := false
	if len(byCode[ProblemHead]) > 0 {
		ok, err := in.fixHead()
		if err != nil {
			return fixed, nil, fmt.Errorf("repair: %w", err)
		}
		if ok {
			done(ProblemHead)
			in.readHead()
		}
	}
	if n, err := in.removeBrokenTrackingRefs(); err != nil {
		return fixed, nil, fmt.Errorf("repair: %w", err)
	} else if n > 0 {
		var rest []Problem
		for _, p := range byCode[ProblemRef] {
			if p.Repair != "" && strings.HasPrefix(p.Message, ".git/refs/remotes/") {
				fixed = append(fixed, p)
			} else {
				rest = append(rest, p)
			}
		}
		byCode[ProblemRef] = rest
	}
	branchBroken := false
	for _, p := range byCode[ProblemRef] {
		branchBroken = branchBroken || strings.HasPrefix(p.Message, "branch ")
	}
	if opts.Ref != "" && !branchBroken {
		return fixed, nil, fmt.Errorf("repair: branch %s is fine: a commit to point it at is only taken when it is lost", in.headBranch.Short())
	}
	if branchBroken {
		ok, err := in.fixRef(opts.Ref)
		if err != nil {
			return fixed, nil, fmt.Errorf("repair: %w", err)
		}
		if ok {
			for _, p := range byCode[ProblemRef] {
				if strings.HasPrefix(p.Message, "branch ") {
					fixed = append(fixed, p)
				}
			}
			moved = true
		}
	}
	if len(byCode[ProblemDetached]) > 0 {
		ok, err := in.fixDetached()
		if err != nil {
			return fixed, nil, fmt.Errorf("repair: %w", err)
		}
		if ok {
			done(ProblemDetached)
		}
	}
	if moved || len(byCode[ProblemIndex]) > 0 || len(byCode[ProblemPending]) > 0 {
		ok, err := in.fixIndex(token, moved)
		if err != nil {
			return fixed, nil, fmt.Errorf("repair: %w", err)
		}
		if ok {
			done(ProblemIndex)
			done(ProblemPending)
		}
	}
	if len(byCode[ProblemTempFiles]) > 0 {
		if err := in.removeTempFiles(); err != nil {
			return fixed, nil, fmt.Errorf("repair: %w", err)
		}
		done(ProblemTempFiles)
	}
	if len(byCode[ProblemIndexStat]) > 0 {
		ok, err := in.fixStaleStat(token)
		if err != nil {
			return fixed, nil, fmt.Errorf("repair: %w", err)
		}
		if ok {
			done(ProblemIndexStat)
		}
	}

	in.now = time.Now()
	in.headDetached, in.headProblem = plumbing.ZeroHash, ""
	remaining = in.diagnose(true)
	return fixed, remaining, nil
}

// removeGitLocks removes git lock files older than gitLockStale.
func (in *inspector) removeGitLocks() (int, error) {
	n := 0
	for _, p := range in.gitLocks() {
		if p.Repair == "" {
			continue
		}
		rel := strings.TrimPrefix(p.Repair, "remove ")
		if err := os.Remove(filepath.Join(in.dir, filepath.FromSlash(rel))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, err
		}
		n++
	}
	return n, nil
}

// fixHead points an unreadable HEAD at main, when main names a commit.
func (in *inspector) fixHead() (bool, error) {
	main := plumbing.NewBranchReferenceName(DefaultBranch)
	if _, ok := in.branchCommit(main); !ok {
		return false, nil
	}
	if err := commitLockFile(filepath.Join(in.gitDir, "HEAD"), []byte("ref: "+string(main)+"\n")); err != nil {
		return false, fmt.Errorf("write .git/HEAD: %w", err)
	}
	return true, nil
}

// fixRef points a lost or unreadable branch at the commit refCandidates
// is sure of, or at the one the person chose.
func (in *inspector) fixRef(choice string) (bool, error) {
	pick, _, _ := in.refCandidates()
	if choice != "" {
		h, err := in.findCommit(choice)
		if err != nil {
			return false, err
		}
		pick = h
	}
	if pick.IsZero() {
		return false, nil
	}
	if err := in.writeRef(in.headBranch, pick); err != nil {
		return false, err
	}
	return true, nil
}

// findCommit resolves a commit id or prefix among every commit the
// repository holds.
func (in *inspector) findCommit(s string) (plumbing.Hash, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 7 || len(s) > 40 || !isHex(s) {
		return plumbing.ZeroHash, fmt.Errorf("--ref %q: want a commit id (at least 7 hex digits)", s)
	}
	var found []plumbing.Hash
	iter, err := in.st.IterEncodedObjects(plumbing.CommitObject)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	iter.ForEach(func(o plumbing.EncodedObject) error {
		if strings.HasPrefix(o.Hash().String(), s) {
			found = append(found, o.Hash())
		}
		return nil
	})
	switch len(found) {
	case 0:
		return plumbing.ZeroHash, fmt.Errorf("--ref %s: no such commit in the repository", s)
	case 1:
		return found[0], nil
	default:
		return plumbing.ZeroHash, fmt.Errorf("--ref %s: %d commits start with it; give more digits", s, len(found))
	}
}

// writeRef replaces a branch's loose file through git's lock protocol.
func (in *inspector) writeRef(name plumbing.ReferenceName, h plumbing.Hash) error {
	path := filepath.Join(in.gitDir, filepath.FromSlash(string(name)))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := commitLockFile(path, []byte(h.String()+"\n")); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// fixDetached re-attaches HEAD to its branch when the branch is at HEAD's
// commit or behind it (moving the branch forward first), or starts the
// branch there when it has no commit.
func (in *inspector) fixDetached() (bool, error) {
	h := in.headDetached
	if h.IsZero() || len(in.operations()) > 0 || !in.isCommit(h) {
		return false, nil
	}
	name := in.headBranch
	tip, problem := in.branchState(false)
	switch {
	case problem != nil:
		return false, nil
	case tip.IsZero(), tip != h && in.isAncestor(tip, h):
		if err := in.writeRef(name, h); err != nil {
			return false, err
		}
	case tip != h:
		return false, nil
	}
	if err := commitLockFile(filepath.Join(in.gitDir, "HEAD"), []byte("ref: "+string(name)+"\n")); err != nil {
		return false, fmt.Errorf("write .git/HEAD: %w", err)
	}
	in.headDetached = plumbing.ZeroHash
	return true, nil
}

// fixIndex brings the index up with HEAD: the store's own repair of an
// interrupted commit or an unreadable index, or, after HEAD or the branch
// moved, a rebuild of every entry from HEAD.
func (in *inspector) fixIndex(token string, rebuild bool) (bool, error) {
	r, ok := in.openHeld(token)
	if !ok {
		return false, nil // HEAD still unreadable: the problem stays listed
	}
	defer r.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.headRef(); err != nil {
		return false, nil
	}
	if !rebuild {
		return true, r.repairLocked()
	}
	head, err := r.headHash()
	if err != nil {
		return false, nil
	}
	tree, err := r.commitTree(head)
	if err != nil {
		return false, nil
	}
	idx := newIndex()
	if err := r.setIndexEntries(idx, tree, nil); err != nil {
		return false, fmt.Errorf("rebuild index: %w", err)
	}
	if err := r.writeIndex(idx); err != nil {
		return false, err
	}
	if err := os.Remove(filepath.Join(r.gitDir, pendingFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	return true, nil
}

// staleStat finds the index entries whose stat data is out of date while
// their files are unchanged (see staleindex.go), when there are enough of
// them to slow every status down.
func (in *inspector) staleStat() []Problem {
	r := &Repo{dir: in.dir, gitDir: in.gitDir}
	idx, _, exists, err := r.readIndex()
	if err != nil || !exists {
		return nil // indexProblems tells
	}
	fresh, err := r.staleEntries(idx)
	if err != nil || len(fresh) < StaleStatMin {
		return nil
	}
	return []Problem{{Code: ProblemIndexStat,
		Message: fmt.Sprintf("the index's stat data of %d unchanged files is out of date (the folder was copied, restored or touched by a sync tool): every status reads them all", len(fresh)),
		Repair:  "record their stat data in the index (their content and what git has staged stay as they are)"}}
}

// openHeld opens the repository for a fix made under the lock Repair
// holds as token; false when it does not open.
func (in *inspector) openHeld(token string) (*Repo, bool) {
	r, err := open(in.dir, false)
	if err != nil {
		return nil, false
	}
	r.lockMu.Lock()
	r.lockToken = token
	r.lockMu.Unlock()
	return r, true
}

// fixStaleStat records the stat data staleStat found out of date.
func (in *inspector) fixStaleStat(token string) (bool, error) {
	r, ok := in.openHeld(token)
	if !ok {
		return false, nil // the problem stays listed
	}
	defer r.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.refreshIndexStat(); err != nil {
		return false, err
	}
	return true, nil
}

// removeTempFiles removes what tempFileList finds.
func (in *inspector) removeTempFiles() error {
	for _, rel := range in.tempFileList() {
		if err := os.Remove(filepath.Join(in.dir, filepath.FromSlash(rel))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// clearStaleRefLocks removes the lock files under gitDir/refs that are
// older than gitLockStale: a push or a commit killed while it moved a ref
// left them, and while one is there go-git fails to list refs (an empty
// one) or advertises it as a branch, and every push waits for it in vain.
// Each is moved aside first and removed only if it is still the file
// judged stale (see clearStale). The remote a file:// sync serves is
// cleared this way; a local repository is cleared by Repair.
func clearStaleRefLocks(gitDir string) {
	now := time.Now()
	filepath.WalkDir(filepath.Join(gitDir, "refs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".lock") {
			return nil
		}
		fi, err := os.Lstat(p)
		if err != nil || now.Sub(fi.ModTime()) < gitLockStale {
			return nil
		}
		raw, err := os.ReadFile(p)
		if err == nil {
			clearStale(p, raw, fi)
		}
		return nil
	})
}
