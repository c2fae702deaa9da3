package store

// A lock is cleared by itself only when its holder is certainly gone (see
// isStale). A lock that names a live process which is not myos (the pid
// was reused after a crash, common in containers) or a process on another
// machine would block writes for ever: Diagnose names it, and Repair
// clears it only when asked to with RepairOptions.Unlock, since myos
// cannot prove that no writer holds it.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ProblemHeldLock is a lock whose holder cannot be confirmed to be a
// running myos.
const ProblemHeldLock = "held-lock"

// heldLock finds a lock whose holder is not certainly gone and not
// certainly a running myos.
func (in *inspector) heldLock() []Problem {
	path := filepath.Join(in.gitDir, LockFile)
	info, raw, fi, err := readLock(path)
	if err != nil || isStale(info, raw, fi) || holderIsMyos(info) {
		return nil
	}
	who := "an unknown process"
	if info.PID != 0 {
		who = fmt.Sprintf("pid %d", info.PID)
		if info.Command != "" {
			who += fmt.Sprintf(" (`%s`)", info.Command)
		}
	}
	var why string
	switch {
	case info.PID == 0:
		why = "whose content cannot be read"
	case info.Host != hostname():
		why = fmt.Sprintf("on %s: myos cannot tell from here whether it still runs", info.Host)
	default:
		why = "which is running but cannot be confirmed to be myos: its pid may have been reused"
	}
	return []Problem{{Code: ProblemHeldLock, Blocking: true,
		Message: fmt.Sprintf(".git/%s is held by %s, %s", LockFile, who, why),
		Repair:  "with --unlock: remove .git/" + LockFile,
		Advice:  fmt.Sprintf("if no myos is running (the pid was reused, or it names another machine), remove .git/%s or run `myos repair --unlock`", LockFile)}}
}

// holderIsMyos reports whether the lock's holder is certainly a running
// myos: this process, or a live process on this host whose name is the
// program the lock records (or this program's). Where the process's name
// cannot be read, it is not certain.
func holderIsMyos(info LockInfo) bool {
	if info.PID == 0 || info.Host != hostname() || !processAlive(info.PID) {
		return false
	}
	if info.PID == os.Getpid() {
		return true
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", info.PID))
	if err != nil {
		return false
	}
	name := strings.TrimSpace(string(comm))
	if name == "" {
		return false
	}
	// The kernel keeps 15 bytes of the name.
	same := func(prog string) bool {
		return prog == name || (len(name) == 15 && strings.HasPrefix(prog, name))
	}
	prog, _, _ := strings.Cut(info.Command, " ")
	return same(prog) || same("myos") || (len(os.Args) > 0 && same(filepath.Base(os.Args[0])))
}

// unlockUnconfirmed removes the lock file when its holder is not
// certainly a running myos, and reports whether it did.
func (in *inspector) unlockUnconfirmed() (bool, error) {
	path := filepath.Join(in.gitDir, LockFile)
	cleared := false
	err := serializeClearing(path+".clear", func() error {
		info, raw, fi, err := readLock(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil || holderIsMyos(info) {
			return err
		}
		cleared = true
		return clearStale(path, raw, fi)
	})
	if err != nil {
		return false, fmt.Errorf("remove %s: %w", path, err)
	}
	return cleared, nil
}
