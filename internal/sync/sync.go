// Package sync keeps one OS on several machines — a laptop, a desktop, a
// phone-side editor — through any git remote: fetch, then fast-forward or
// merge item by item, then push by compare-and-swap.
//
// Git is the distributed engine; what sync adds is the merge. Changes to
// different items, or to different fields of one item, merge cleanly;
// review records of different days never meet and the same day's merge
// answer by answer; the records of the templates the OS follows merge
// template by template, each with its base; README.md is regenerated;
// other files merge by line.
// What cannot merge (the same field changed both ways, an item edited on
// one side and removed on the other) is a Conflict that the caller decides
// with take keys, or that leaves everything as it was.
//
// The package shares its name with the standard library's sync, which it
// does not use; importers name it (ossync) where both meet.
package sync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// DefaultRounds is how many times Run fetches and merges again when the
// remote moves between its fetch and its push.
const DefaultRounds = 3

// Options tunes Run.
type Options struct {
	// Remote is the remote's name; "" means store.DefaultRemote.
	Remote string
	// Auth is how to authenticate (see AuthFor).
	Auth Auth
	// Take decides conflicts: a Conflict's Key, the item merge's shorter
	// forms ("KIND/ID", "ID"), or TakeAll, mapped to TakeMine, TakeTheirs
	// or TakeBoth.
	Take map[string]string
	// Resolve, when set, is asked to decide the conflicts no take key
	// decides (a person at a terminal). It returns take keys; conflicts it
	// leaves undecided make Run fail with a ConflictError.
	Resolve func(remote string, conflicts []Conflict) (map[string]string, error)
	// Readme regenerates README.md after a merge; nil keeps README.md as a
	// derived file (one side's change taken, mine kept when both changed).
	Readme ReadmeFunc
	// Author signs merge commits.
	Author store.Signature
	// MaxRounds bounds the fetch-merge-push rounds; 0 means DefaultRounds.
	MaxRounds int

	// beforePush lets tests move the remote between a fetch and a push.
	beforePush func(round int)
}

// Result is what Run did. As JSON it is the contract of `myos sync --json`.
type Result struct {
	// Remote is the branch synced with, as "origin/main", and URL where the
	// remote is.
	Remote string `json:"remote"`
	URL    string `json:"url"`
	// Before and Head are HEAD's commit before and after.
	Before string `json:"before"`
	Head   string `json:"head"`
	// UpToDate is true when both sides already had the same commit.
	UpToDate bool `json:"up_to_date"`
	// FastForward is true when HEAD moved to the remote's commit.
	FastForward bool `json:"fast_forward"`
	// Received counts the commits that came from the remote; Sent, the
	// commits pushed to it.
	Received int `json:"received"`
	Sent     int `json:"sent"`
	// Pushed is true when the remote branch moved to HEAD.
	Pushed bool `json:"pushed"`
	// Merges are the merge commits made, one per round that needed one.
	Merges []Merge `json:"merges"`
	// Unused are take keys that decided no conflict.
	Unused []string `json:"unused,omitempty"`
	// Rounds counts fetches: more than one when the remote moved before
	// the push.
	Rounds int `json:"rounds"`
}

// Merge is one merge commit sync made.
type Merge struct {
	// Commit is its full id, Subject its message's first line.
	Commit  string `json:"commit"`
	Subject string `json:"subject"`
	// Changes are what the merge brought into this machine's OS, item by
	// item; Applied says them in words, with notes on other files.
	Changes []semdiff.Change `json:"-"`
	Applied []string         `json:"applied"`
	// Decided says how each conflict was decided.
	Decided []string `json:"decided"`
}

// DirtyError means files sync would have to commit or overwrite have
// changes nobody committed: sync never commits hand edits silently.
type DirtyError struct {
	Paths []string
}

func (e *DirtyError) Error() string {
	return "uncommitted hand edits in " + strings.Join(e.Paths, ", ")
}

// InvalidError means one side's model files do not load — a commit made
// with git rather than myos, say — so the two cannot be merged item by
// item. Nothing was changed.
type InvalidError struct {
	// Remote is the branch synced with, as "origin/main"; Commit is the
	// full id of the side that does not load.
	Remote string
	Commit string
	// Theirs is true when it is the remote's side, false when it is this
	// OS's own HEAD; Sending, that HEAD was about to be sent as it is, with
	// nothing to merge.
	Theirs  bool
	Sending bool
	// Problem is the first load error, with how many more there are, and
	// File the file it is in ("" when it names none).
	Problem string
	File    string
}

func (e *InvalidError) Error() string {
	if e.Theirs {
		return fmt.Sprintf("sync: the OS on %s (%s) does not load, so it cannot be merged: %s", e.Remote, store.ShortID(e.Commit), e.Problem)
	}
	if e.Sending {
		return fmt.Sprintf("sync: this OS (%s) does not load, so it is not sent to %s: %s", store.ShortID(e.Commit), e.Remote, e.Problem)
	}
	return fmt.Sprintf("sync: this OS (%s) does not load, so it cannot be merged with %s: %s", store.ShortID(e.Commit), e.Remote, e.Problem)
}

// loads returns an InvalidError when the OS of commit rev, about to be
// sent, does not load.
func (s *syncer) loads(rev string) error {
	files := map[string][]byte{}
	for _, p := range routines.ModelFiles() {
		data, err := s.repo.ReadFile(rev, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sync: %w", err)
		}
		files[p] = data
	}
	_, err := routines.LoadFiles(files)
	if err == nil {
		return nil
	}
	e := &InvalidError{Remote: s.info.Name + "/" + s.info.Branch, Commit: rev, Sending: true, Problem: firstError(err)}
	var errs routines.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		e.File = errs.Lead().File
	}
	return e
}

// ErrUnrelated means the remote's history shares no commit with this one:
// two OSes, not two copies of one.
var ErrUnrelated = errors.New("the remote's history has nothing in common with this OS's")

// osPath reports the files myos keeps in an OS folder; a hand edit to any
// of them blocks sync. Of reviews/, only the records are: another file
// there is the person's own, as a file of theirs beside os.toml is, and
// the merge refuses to write over it as it does over that one.
func osPath(p string) bool {
	return isModel(p) || p == ReadmePath || review.Owned(p) || strings.HasPrefix(p, ".myos/")
}

// NormalizeURL checks a remote URL and turns a relative local path into an
// absolute one, since the remote must be found from any folder.
func NormalizeURL(url string) (string, error) {
	url = strings.TrimSpace(url)
	if url == "" {
		return "", errors.New("empty remote URL")
	}
	ep, err := transport.NewEndpoint(url)
	if err != nil {
		return "", fmt.Errorf("%q is not a git URL: %w", url, err)
	}
	if ep.Protocol == "file" && ep.Host != "" && !strings.EqualFold(ep.Host, "localhost") {
		// file://nas/srv/os.git would be read as /srv/os.git here.
		return "", fmt.Errorf("%q names a file on another machine (%s): give a path here, or a URL the other machine serves (ssh://, https://)", url, ep.Host)
	}
	if ep.Protocol == "file" && !strings.HasPrefix(url, "file://") {
		abs, err := filepath.Abs(url)
		if err != nil {
			return "", err
		}
		return abs, nil
	}
	return url, nil
}

// Run syncs the repository with its remote. The caller holds the
// repository's lock. Refusals — hand edits, conflicts, an unreachable
// remote — leave files, index and HEAD exactly as they were.
func Run(ctx context.Context, repo *store.Repo, opts Options) (*Result, error) {
	s := &syncer{repo: repo, opts: opts, take: map[string]string{}}
	if s.opts.Remote == "" {
		s.opts.Remote = store.DefaultRemote
	}
	if s.opts.MaxRounds <= 0 {
		s.opts.MaxRounds = DefaultRounds
	}
	for k, v := range opts.Take {
		s.take[k] = v
	}
	return s.run(ctx)
}

type syncer struct {
	repo *store.Repo
	opts Options
	take map[string]string
	info store.RemoteInfo
	used map[string]bool // take keys that decided something
}

func (s *syncer) run(ctx context.Context) (*Result, error) {
	info, err := s.repo.Remote(s.opts.Remote)
	if err != nil {
		return nil, err
	}
	s.info = info
	res := &Result{Remote: info.Name + "/" + info.Branch, URL: info.URL, Merges: []Merge{}}
	if s.opts.Auth.Err != nil {
		return nil, &RemoteError{Op: "fetch", URL: info.URL, Err: s.opts.Auth.Err, Hint: s.opts.Auth.Hint}
	}
	head, err := s.repo.Head()
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	res.Before, res.Head = head.Hash, head.Hash

	st, err := s.repo.Status()
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	var handEdits []string
	for _, f := range st {
		if osPath(f.Path) {
			handEdits = append(handEdits, f.Path)
		}
	}
	if len(handEdits) > 0 {
		// A link in place of a folder makes the files beyond it look
		// deleted: the link is what stops sync, and what to mend.
		if le := store.FirstLink(s.repo.Dir(), handEdits); le != nil {
			return nil, le
		}
		return nil, &DirtyError{Paths: handEdits}
	}

	s.used = map[string]bool{}
	for round := 1; round <= s.opts.MaxRounds; round++ {
		res.Rounds = round
		remote, err := s.repo.Fetch(ctx, s.opts.Remote, s.opts.Auth.Method)
		if err != nil {
			return res, Explain("fetch", info.URL, err, s.opts.Auth)
		}
		head, err := s.repo.Head()
		if err != nil {
			return res, fmt.Errorf("sync: %w", err)
		}
		// With no branch on the remote yet, every commit here is sent,
		// those merged in from other machines too.
		ahead, behind, err := s.repo.AheadBehind(head.Hash, remote)
		if err != nil {
			return res, fmt.Errorf("sync: %w", err)
		}
		switch {
		case remote == head.Hash:
			res.UpToDate = len(res.Merges) == 0 && !res.Pushed
			s.finish(res)
			return res, nil
		case remote != "" && ahead == 0:
			if _, err := s.repo.FastForward(remote); err != nil {
				var lc *store.LocalChangesError
				if errors.As(err, &lc) {
					return res, &DirtyError{Paths: lc.Paths}
				}
				return res, fmt.Errorf("sync: %w", err)
			}
			res.FastForward = true
			res.Received += behind
			res.Head = remote
			s.finish(res)
			return res, nil
		case remote != "" && behind > 0:
			m, err := s.merge(head.Hash, remote, behind, len(res.Merges) > 0)
			if err != nil {
				return res, err
			}
			res.Merges = append(res.Merges, *m)
			res.Received += behind
			res.Head = m.Commit
			ahead++
		}
		if len(res.Merges) == 0 {
			// A merge loaded both sides; what is sent as it is must load
			// too, or every machine would get an OS it cannot use.
			if err := s.loads(head.Hash); err != nil {
				return res, err
			}
		}
		if s.opts.beforePush != nil {
			s.opts.beforePush(round)
		}
		err = s.repo.Push(ctx, s.opts.Remote, remote, s.opts.Auth.Method)
		if errors.Is(err, store.ErrRemoteMoved) {
			continue
		}
		if err != nil {
			return res, Explain("push", info.URL, err, s.opts.Auth)
		}
		res.Pushed = true
		res.Sent += ahead
		s.finish(res)
		return res, nil
	}
	return res, &RemoteError{Op: "push", URL: info.URL,
		Err:  fmt.Errorf("%s moved again before each of %d pushes", res.Remote, s.opts.MaxRounds),
		Hint: "another machine is syncing right now: run `myos sync` again in a moment"}
}

// finish records the take keys that decided nothing.
func (s *syncer) finish(res *Result) {
	res.Unused = nil
	for k := range s.opts.Take {
		if !s.used[k] {
			res.Unused = append(res.Unused, k)
		}
	}
	sort.Strings(res.Unused)
}

// worktreeDiffers reports whether the work tree file at p is not the
// version HEAD has (want, or no file when !present).
func (s *syncer) worktreeDiffers(p string, want []byte, present bool) bool {
	got, err := os.ReadFile(filepath.Join(s.repo.Dir(), filepath.FromSlash(p)))
	if errors.Is(err, fs.ErrNotExist) {
		return present
	}
	return err != nil || !present || !bytes.Equal(got, want)
}

// sides reads every file the merge needs at base, mine and theirs: the
// paths either side changed since base, and the model files.
func (s *syncer) sides(base, mine, theirs string) (b, m, t map[string][]byte, err error) {
	paths := map[string]bool{}
	for _, f := range routines.ModelFiles() {
		paths[f] = true
	}
	paths[ReadmePath] = true
	for _, side := range []string{mine, theirs} {
		changed, err := s.repo.Changed(base, side)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("sync: %w", err)
		}
		for _, p := range changed {
			paths[p] = true
		}
	}
	read := func(rev string) (map[string][]byte, error) {
		out := map[string][]byte{}
		for p := range paths {
			data, err := s.repo.ReadFile(rev, p)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("sync: %w", err)
			}
			out[p] = data
		}
		return out, nil
	}
	if b, err = read(base); err != nil {
		return nil, nil, nil, err
	}
	if m, err = read(mine); err != nil {
		return nil, nil, nil, err
	}
	if t, err = read(theirs); err != nil {
		return nil, nil, nil, err
	}
	return b, m, t, nil
}

// merge merges the remote's commit into HEAD and commits the result with
// both as parents; behind is how many commits it brings in.
func (s *syncer) merge(head, remote string, behind int, merged bool) (*Merge, error) {
	base, err := s.repo.MergeBase(head, remote)
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	if base == "" {
		return nil, fmt.Errorf("sync with %s: %w", s.info.URL, ErrUnrelated)
	}
	b, m, t, err := s.sides(base, head, remote)
	if err != nil {
		return nil, err
	}
	remoteName := s.info.Name + "/" + s.info.Branch
	tm, err := mergeTrees(b, m, t, s.take)
	if err != nil {
		return nil, s.mergeError(err, head, remote)
	}
	if len(tm.Conflicts) > 0 && s.opts.Resolve != nil {
		decided, err := s.opts.Resolve(remoteName, tm.Conflicts)
		if err != nil {
			return nil, err
		}
		for k, v := range decided {
			s.take[k] = v
		}
		if tm, err = mergeTrees(b, m, t, s.take); err != nil {
			return nil, s.mergeError(err, head, remote)
		}
	}
	if len(tm.Conflicts) > 0 {
		return nil, &ConflictError{Remote: remoteName, Conflicts: tm.Conflicts, Merged: merged}
	}
	for k := range s.take {
		if !contains(tm.Unused, k) {
			s.used[k] = true
		}
	}

	subject := mergeSubject(remoteName, behind, tm.Changes)
	if s.opts.Readme != nil {
		data, on, err := s.opts.Readme(tm.model(m), subject)
		if err != nil {
			return nil, fmt.Errorf("sync: regenerate %s: %w", ReadmePath, err)
		}
		if on {
			tm.setReadme(m, data)
		}
	}

	// The merge rewrites files from HEAD's versions: one that differs
	// from HEAD's (a changed file outside the OS's own, an untracked file
	// in the way) would be lost.
	var changes []store.Change
	var blocked []string
	for p, data := range tm.Files {
		changes = append(changes, store.Change{Path: p, Data: data})
	}
	for _, p := range tm.Deleted {
		changes = append(changes, store.Change{Path: p, Delete: true})
	}
	for _, c := range changes {
		want, present := m[c.Path]
		if s.worktreeDiffers(c.Path, want, present) {
			blocked = append(blocked, c.Path)
		}
	}
	if len(blocked) > 0 {
		sort.Strings(blocked)
		return nil, &DirtyError{Paths: blocked}
	}
	out := &Merge{Changes: tm.Changes, Decided: tm.Decided, Applied: []string{}}
	if out.Decided == nil {
		out.Decided = []string{}
	}
	for _, c := range tm.Changes {
		out.Applied = append(out.Applied, c.String())
	}
	out.Applied = append(out.Applied, tm.Notes...)
	files := tm.fileLines(m)
	out.Applied = append(out.Applied, files...)
	msg := mergeMessage(subject, remoteName, remote, tm, files)
	ci, err := s.repo.CommitWith(changes, msg, s.opts.Author, store.CommitOptions{Parents: []string{head, remote}})
	if err != nil {
		return nil, fmt.Errorf("sync: commit the merge: %w", err)
	}
	out.Commit = ci.Hash
	out.Subject, _, _ = strings.Cut(ci.Message, "\n")
	return out, nil
}

// mergeError names the side whose files do not load; other merge errors
// are wrapped as they are.
func (s *syncer) mergeError(err error, head, remote string) error {
	var se *sideError
	if errors.As(err, &se) {
		e := &InvalidError{Remote: s.info.Name + "/" + s.info.Branch, Commit: head, Problem: firstError(se.err)}
		var errs routines.Errors
		if errors.As(se.err, &errs) && len(errs) > 0 {
			e.File = errs.Lead().File
		}
		if se.theirs {
			e.Theirs, e.Commit = true, remote
		}
		return e
	}
	return fmt.Errorf("sync: %w", err)
}

// mergeSubject is a merge commit's first line: how many commits came in
// when more than one, and the item-level subject of what they changed
// when it fits. The count keeps a subject that names one change from
// reading as all that came: three commits that added a priority, a
// review and a comment are "sync: merge 3 commits from origin/main:
// priorities: add ...".
func mergeSubject(remoteName string, commits int, changes []semdiff.Change) string {
	subject := "sync: merge " + remoteName
	if commits > 1 {
		subject = fmt.Sprintf("sync: merge %d commits from %s", commits, remoteName)
	}
	if len(changes) > 0 {
		if s := subject + ": " + semdiff.Subject(changes); utf8.RuneCountInString(s) <= 72 {
			return s
		}
		if len(changes) == 1 {
			subject += ": 1 item change"
		} else {
			subject += fmt.Sprintf(": %d item changes", len(changes))
		}
	}
	return subject
}

// mergeMessage says what a merge brought in: the subject, then a line per
// change, per note, per other file taken from theirs (files, see
// treeMerge.fileLines) and per decided conflict.
func mergeMessage(subject, remoteName, remote string, tm *treeMerge, files []string) string {
	var b strings.Builder
	b.WriteString(subject)
	fmt.Fprintf(&b, "\n\nMerged %s at %s.", remoteName, remote[:7])
	if len(tm.Changes) > 0 || len(tm.Notes) > 0 || len(files) > 0 {
		b.WriteString("\n")
		for _, c := range tm.Changes {
			b.WriteString("\n" + c.String())
		}
		for _, n := range tm.Notes {
			b.WriteString("\n" + n)
		}
		for _, f := range files {
			b.WriteString("\n" + f)
		}
	}
	if len(tm.Decided) > 0 {
		b.WriteString("\n\nConflicts decided:")
		for _, d := range tm.Decided {
			b.WriteString("\n" + d)
		}
	}
	return b.String()
}
