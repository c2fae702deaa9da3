package store

// The lock file keeps writers apart: exactly one process at a time holds
// .git/myos.lock, created with O_EXCL. A lock whose process died on this
// host is stale; clearing it happens under an advisory lock (flock) on
// myos.lock.clear, after reading it again, and by renaming it away first, so
// that two processes clearing the same stale lock cannot remove each other's
// fresh one.

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// LockFile is the name of the lock file inside .git.
const LockFile = "myos.lock"

// unparsedStaleAfter is how old a lock file with unreadable content must be
// before it counts as stale: a writer may have created it and not yet
// written its content.
const unparsedStaleAfter = 5 * time.Second

// LockInfo is what a lock file records about its holder.
type LockInfo struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Start   time.Time `json:"start"`
	Command string    `json:"command"`
	Token   string    `json:"token"`
}

// LockedError reports that another process holds the lock. It matches
// ErrLocked with errors.Is.
type LockedError struct {
	Path string   // the lock file
	Info LockInfo // its holder, as far as the file says
}

// NotWritableError is a write refused before it began because the
// repository's folder cannot be written to (it belongs to another user,
// or lies on a read-only file system), so its lock cannot be taken.
type NotWritableError struct {
	Dir string // the folder the lock goes in
	Err error  // what the system said
}

func (e *NotWritableError) Error() string {
	return fmt.Sprintf("cannot change the OS: %s is not writable (%v)", e.Dir, e.Err)
}

func (e *NotWritableError) Unwrap() error { return e.Err }

func (e *LockedError) Error() string {
	var b strings.Builder
	b.WriteString("repository is locked by myos (")
	if e.Info.PID != 0 {
		fmt.Fprintf(&b, "pid %d", e.Info.PID)
		if host := hostname(); e.Info.Host != "" && e.Info.Host != host {
			fmt.Fprintf(&b, " on %s", e.Info.Host)
		}
	} else {
		b.WriteString("unknown process")
	}
	if e.Info.Command != "" {
		fmt.Fprintf(&b, ", `%s`", e.Info.Command)
	}
	if !e.Info.Start.IsZero() {
		start := e.Info.Start.Local()
		format := "15:04:05"
		if y, m, d := start.Date(); y != time.Now().Year() || m != time.Now().Month() || d != time.Now().Day() {
			format = "2006-01-02 15:04:05"
		}
		fmt.Fprintf(&b, ", since %s", start.Format(format))
	}
	b.WriteString(")")
	return b.String()
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// heldTokens are the tokens of the locks this process holds or is taking.
// A lock file naming this process's pid with a token not in the set was
// left by an earlier process that had the same pid (common in containers).
var heldTokens sync.Map

// DefaultLockCommand describes the running command in lock files: the
// program's base name and its first argument that is not a flag ("myos
// add").
func DefaultLockCommand() string {
	if len(os.Args) == 0 {
		return "myos"
	}
	cmd := filepath.Base(os.Args[0])
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			cmd += " " + a
			break
		}
	}
	return cmd
}

// Lock takes the repository's lock, retrying until wait has passed, and
// returns the function that releases it. It fails with an error matching
// ErrLocked that names the holder when another live process keeps it. The
// lock file records DefaultLockCommand; LockAs records another command.
func (r *Repo) Lock(wait time.Duration) (unlock func() error, err error) {
	return r.LockAs(wait, DefaultLockCommand())
}

// LockAs is Lock recording command as the holder's command. Goroutines
// sharing a Repo take turns like separate processes; a goroutine that
// already holds the lock and asks again waits for itself and fails. It
// fails with a StateError, matching ErrNeedsRepair, when the repository is
// in a state no write may go through (a git merge in progress, an
// unreadable branch, ...), and then releases the lock.
func (r *Repo) LockAs(wait time.Duration, command string) (unlock func() error, err error) {
	token, err := r.acquire(wait, command)
	if err != nil {
		return nil, err
	}
	r.lockMu.Lock()
	r.lockToken = token
	r.lockMu.Unlock()

	// Other processes may have repacked since this Repo last looked. No
	// write goes through a repository in a bad state (see health.go). A
	// write decides on the work tree as it is under the lock, not as
	// OpenWith found it before the wait.
	r.mu.Lock()
	r.dropPrestat()
	r.refresh()
	err = r.checkWritable()
	if err != nil && r.flatUnsaved {
		r.keepFlat() // the listing the check made, for the next command
	}
	r.mu.Unlock()
	if err != nil {
		r.lockMu.Lock()
		r.lockToken = ""
		r.lockMu.Unlock()
		r.release(token)
		return nil, err
	}

	var once sync.Once
	return func() error {
		var uerr error
		once.Do(func() {
			r.lockMu.Lock()
			if r.lockToken == token {
				r.lockToken = ""
			}
			r.lockMu.Unlock()
			uerr = r.release(token)
			r.mu.Lock()
			if r.flatUnsaved {
				r.keepFlat()
			}
			r.mu.Unlock()
		})
		return uerr
	}, nil
}

func (r *Repo) lockPath() string { return filepath.Join(r.gitDir, LockFile) }

// holdsLock reports whether this Repo holds the lock now.
func (r *Repo) holdsLock() bool {
	r.lockMu.Lock()
	defer r.lockMu.Unlock()
	return r.lockToken != ""
}

func (r *Repo) acquire(wait time.Duration, command string) (string, error) {
	path := r.lockPath()
	token := newToken()
	heldTokens.Store(token, true) // before the file exists: see heldTokens
	info := LockInfo{
		PID:     os.Getpid(),
		Host:    hostname(),
		Start:   time.Now().Truncate(time.Second),
		Command: command,
		Token:   token,
	}
	content, err := json.Marshal(info)
	if err != nil {
		heldTokens.Delete(token)
		return "", fmt.Errorf("lock %s: %w", path, err)
	}
	content = append(content, '\n')

	deadline := time.Now().Add(wait)
	pause := 5 * time.Millisecond
	for {
		err := createLockFile(path, content)
		if err == nil {
			return token, nil
		}
		if !errors.Is(err, os.ErrExist) {
			heldTokens.Delete(token)
			if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
				// The temporary file's name says nothing to the user:
				// the folder that cannot be written to does.
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = pe.Err
				}
				return "", &NotWritableError{Dir: r.gitDir, Err: err}
			}
			return "", fmt.Errorf("lock %s: %w", path, err)
		}

		holder, raw, fi, rerr := readLock(path)
		if errors.Is(rerr, os.ErrNotExist) {
			continue // released between our attempts: try again at once
		}
		if rerr == nil && isStale(holder, raw, fi) {
			// Clear it only if it is still the same stale file once this
			// process is the only one clearing: another may have cleared it
			// and taken the lock meanwhile.
			err := serializeClearing(path+".clear", func() error {
				holder, raw, fi, err := readLock(path)
				if errors.Is(err, os.ErrNotExist) || (err == nil && !isStale(holder, raw, fi)) {
					return nil
				}
				if err != nil {
					return err
				}
				return clearStale(path, raw, fi)
			})
			if err != nil {
				heldTokens.Delete(token)
				return "", fmt.Errorf("lock %s: clear stale lock: %w", path, err)
			}
			continue
		}
		remaining := time.Until(deadline)
		if remaining <= 0 {
			heldTokens.Delete(token)
			return "", &LockedError{Path: path, Info: holder}
		}
		sleep := pause + time.Duration(jitter(int64(pause)))
		if sleep > remaining {
			sleep = remaining
		}
		time.Sleep(sleep)
		if pause < 100*time.Millisecond {
			pause *= 2
		}
	}
}

// createLockFile creates path holding content, failing with os.ErrExist
// when it exists. The content goes to a temporary file that is then
// hard-linked into place, so that the lock file is never seen empty, even
// when this process is killed halfway (an empty one blocked writes as held
// by an unknown process until it was old enough to clear). Where hard
// links are not supported it creates the file exclusively and writes it.
func createLockFile(path string, content []byte) error {
	dir, base := filepath.Split(path)
	tmp, err := os.CreateTemp(dir, "."+base+tempMarker+"*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(content)
	if werr == nil {
		werr = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return werr
	}
	if err := os.Link(tmp.Name(), path); err == nil || errors.Is(err, os.ErrExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr = f.Write(content)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
	}
	return werr
}

// readLock reads a lock file. A file whose content does not parse returns a
// zero LockInfo and no error: isStale judges it by its age.
func readLock(path string) (LockInfo, []byte, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return LockInfo{}, nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return LockInfo{}, nil, nil, err
	}
	raw := make([]byte, 4096)
	n, _ := f.Read(raw)
	raw = raw[:n]
	var info LockInfo
	if json.Unmarshal(raw, &info) != nil {
		info = LockInfo{}
	}
	return info, raw, fi, nil
}

// isStale reports whether the lock's holder is certainly gone.
func isStale(info LockInfo, raw []byte, fi os.FileInfo) bool {
	if info.PID == 0 || info.Token == "" {
		return time.Since(fi.ModTime()) > unparsedStaleAfter
	}
	if info.Host != hostname() {
		return false // another machine's process: we cannot tell
	}
	if info.PID == os.Getpid() {
		_, ours := heldTokens.Load(info.Token)
		return !ours
	}
	return !processAlive(info.PID)
}

// clearStale removes the stale lock file observed as (raw, fi). It renames
// the file to a name of its own first: only one clearer wins the rename, and
// the winner checks that what it moved is still the stale file before
// removing it. If it moved a fresh lock instead, it puts it back.
func clearStale(path string, raw []byte, fi os.FileInfo) error {
	aside := path + ".stale-" + newToken()
	if err := os.Rename(path, aside); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil // another process cleared it
		}
		return err
	}
	moved, err := os.Lstat(aside)
	if err != nil {
		return err
	}
	content, err := os.ReadFile(aside)
	if err != nil {
		return err
	}
	if os.SameFile(fi, moved) && string(content) == string(raw) {
		return os.Remove(aside)
	}
	// We moved a lock that someone took after the stale one was cleared.
	if err := os.Link(aside, path); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return os.Remove(aside)
}

// release removes the lock file if it is still the one token took.
func (r *Repo) release(token string) error {
	defer heldTokens.Delete(token)
	path := r.lockPath()
	info, _, _, err := readLock(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("unlock %s: %w (the lock file was removed)", path, ErrLockLost)
	}
	if err != nil {
		return fmt.Errorf("unlock %s: %w", path, err)
	}
	if info.Token != token {
		return fmt.Errorf("unlock %s: %w (another process holds it now)", path, ErrLockLost)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("unlock %s: %w", path, err)
	}
	return nil
}

func newToken() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano())
	}
	return hex.EncodeToString(b)
}

func jitter(n int64) int64 {
	if n <= 0 {
		return 0
	}
	return time.Now().UnixNano() % n
}

var (
	hostOnce sync.Once
	hostName string
)

func hostname() string {
	hostOnce.Do(func() {
		h, err := os.Hostname()
		if err != nil || h == "" {
			h = "localhost"
		}
		hostName = h
	})
	return hostName
}
