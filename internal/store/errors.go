package store

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, to be tested with errors.Is.
var (
	// ErrNotRepo means the directory holds no git repository.
	ErrNotRepo = errors.New("not a myos repository")
	// ErrNotEmpty means Init was given a directory that already has files.
	ErrNotEmpty = errors.New("dir is not empty")
	// ErrNoCommits means the repository has no commit yet.
	ErrNoCommits = errors.New("repository has no commits yet")
	// ErrLocked means another process holds the repository lock.
	ErrLocked = errors.New("repository is locked")
	// ErrNotLocked means a write was attempted without holding the lock.
	ErrNotLocked = errors.New("repository lock is not held")
	// ErrLockLost means the lock file was removed or replaced while held.
	ErrLockLost = errors.New("repository lock was lost")
	// ErrNothingToCommit means a commit would not change HEAD's tree.
	ErrNothingToCommit = errors.New("nothing to commit")
	// ErrUnknownRevision means a revision names no commit.
	ErrUnknownRevision = errors.New("unknown revision")
	// ErrConcurrentUpdate means the branch moved while a commit was made.
	ErrConcurrentUpdate = errors.New("branch was updated concurrently")
	// ErrUnsupportedRepo means the repository uses a git feature go-git
	// cannot read, such as an unknown [extensions] entry.
	ErrUnsupportedRepo = errors.New("unsupported repository format")
	// ErrChangedBeside means a file a commit was about to write is no
	// longer what the caller read (see CommitOptions.Beside).
	ErrChangedBeside = errors.New("changed in the folder while the command ran")
)

// ChangedBesideError names the files a commit found changed in the folder
// just before it would have written them. It matches ErrChangedBeside.
type ChangedBesideError struct {
	Paths []string
}

func (e *ChangedBesideError) Error() string {
	return fmt.Sprintf("%s %s", strings.Join(e.Paths, ", "), ErrChangedBeside)
}

// Is makes errors.Is(err, ErrChangedBeside) true.
func (e *ChangedBesideError) Is(target error) bool { return target == ErrChangedBeside }
