package store

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHeldLock guards against a lock that blocks writes for ever: one
// naming a live process that is not myos (a reused pid) or a process on
// another machine. Diagnose names it; Repair clears it only with Unlock.
func TestHeldLock(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("telling a reused pid from myos reads /proc")
	}
	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Skipf("no sleep to stand for an unrelated process: %v", err)
	}
	defer func() {
		sleeper.Process.Kill()
		sleeper.Wait()
	}()
	tests := []struct {
		name string
		info LockInfo
		want string // in the message
	}{
		{"reused pid", LockInfo{PID: sleeper.Process.Pid, Host: hostname(), Command: "myos add", Token: "x"}, "cannot be confirmed to be myos"},
		{"another machine", LockInfo{PID: 4242, Host: "elsewhere.example", Command: "myos add", Token: "x"}, "on elsewhere.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			commit(t, r, "one", t0, "a.toml", "a\n")
			writeLock(t, r, tt.info)

			ps, err := Diagnose(r.Dir())
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 1 || ps[0].Code != ProblemHeldLock || !ps[0].Blocking || !strings.Contains(ps[0].Message, tt.want) ||
				!strings.Contains(ps[0].Advice, "myos repair --unlock") {
				t.Fatalf("Diagnose: got %+v, want one blocking held-lock saying %q", ps, tt.want)
			}

			// Without Unlock, nothing is cleared.
			if _, _, err := Repair(r.Dir(), RepairOptions{}); !errors.Is(err, ErrLocked) {
				t.Errorf("Repair: got %v, want ErrLocked", err)
			}
			if _, err := os.Stat(gitPath(r, LockFile)); err != nil {
				t.Errorf("lock file after Repair without Unlock: got %v, want it there", err)
			}

			fixed, remaining, err := Repair(r.Dir(), RepairOptions{Unlock: true})
			if err != nil {
				t.Fatalf("Repair with Unlock: %v", err)
			}
			if len(fixed) != 1 || fixed[0].Code != ProblemHeldLock || len(remaining) != 0 {
				t.Errorf("Repair with Unlock: got fixed %+v, remaining %+v, want the held lock fixed", fixed, remaining)
			}
			unlock, err := r.Lock(0)
			if err != nil {
				t.Fatalf("Lock after Repair: %v", err)
			}
			unlock()
		})
	}
}

// TestHeldLockLiveMyos checks that a lock held by a running myos (here
// this process) is no problem, and that Unlock does not take it away.
func TestHeldLockLiveMyos(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "one", t0, "a.toml", "a\n")
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ps, err := Diagnose(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 0 {
		t.Errorf("Diagnose: got %+v, want nothing", ps)
	}
	if _, _, err := Repair(r.Dir(), RepairOptions{Unlock: true}); !errors.Is(err, ErrLocked) {
		t.Errorf("Repair with Unlock: got %v, want ErrLocked", err)
	}
	if _, err := os.Stat(gitPath(r, LockFile)); err != nil {
		t.Errorf("lock file: got %v, want it still held", err)
	}
}
