package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The helper process: when MYOS_STORE_HELPER is set, the test binary acts
// as one myos process committing one file under the lock.
func TestMain(m *testing.M) {
	switch os.Getenv("MYOS_STORE_HELPER") {
	case "":
		os.Exit(m.Run())
	case "commit":
		os.Exit(helperCommit(os.Getenv("MYOS_STORE_DIR"), os.Getenv("MYOS_STORE_FILE")))
	case "exit":
		os.Exit(0)
	case "lock":
		os.Exit(helperLock(os.Getenv("MYOS_STORE_DIR")))
	default:
		fmt.Fprintln(os.Stderr, "unknown helper")
		os.Exit(2)
	}
}

func helperCommit(dir, file string) int {
	r, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	unlock, err := r.LockAs(2*time.Minute, "myos helper "+file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	c, err := r.Commit(files(file, file+"\n"), "add "+file, testSig)
	if uerr := unlock(); err == nil {
		err = uerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(c.Hash)
	return 0
}

// helperLock tries the lock of the repository in dir once, and prints the
// error it gets, with whether it is a NotWritableError.
func helperLock(dir string) int {
	r, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	unlock, err := r.Lock(0)
	if err == nil {
		unlock()
		fmt.Println("locked")
		return 0
	}
	var nw *NotWritableError
	fmt.Printf("not writable: %v\n%v\n", errors.As(err, &nw), err)
	return 0
}

// checkLinear verifies that every file in want is in HEAD and that history
// is a single line of n commits.
func checkLinear(t *testing.T, r *Repo, want []string, n int) {
	t.Helper()
	have := map[string]bool{}
	for _, f := range headFiles(t, r) {
		have[f] = true
	}
	for _, f := range want {
		if !have[f] {
			t.Errorf("HEAD is missing %s, whose commit reported success", f)
		}
	}
	log, err := r.Log(LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != n {
		t.Errorf("history: got %d commits, want %d", len(log), n)
	}
	for _, c := range log {
		if len(c.Parents) > 1 {
			t.Errorf("commit %s has %d parents, want a linear history", c.Short, len(c.Parents))
		}
	}
	if st, err := r.Status(); err != nil || len(st) != 0 {
		t.Errorf("Status: got %v, %v, want clean", st, err)
	}
}

func TestLockGoroutines(t *testing.T) {
	for _, shared := range []bool{false, true} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) {
			r := newRepo(t)
			commit(t, r, "first", t0, "os.toml", "x\n")
			var wg sync.WaitGroup
			var mu sync.Mutex
			var done []string
			for i := 0; i < 10; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					rr := r
					if !shared {
						var err error
						if rr, err = Open(r.Dir()); err != nil {
							t.Error(err)
							return
						}
					}
					file := fmt.Sprintf("reviews/2026/%02d.toml", i)
					unlock, err := rr.Lock(30 * time.Second)
					if err != nil {
						t.Error(err)
						return
					}
					_, err = rr.Commit(files(file, "x\n"), "add "+file, testSig)
					if uerr := unlock(); err == nil {
						err = uerr
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					done = append(done, file)
					mu.Unlock()
				}(i)
			}
			wg.Wait()
			if len(done) != 10 {
				t.Errorf("successful commits: got %d, want 10", len(done))
			}
			checkLinear(t, r, done, len(done)+1)
		})
	}
}

func TestLockProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 10 processes")
	}
	r := newRepo(t)
	commit(t, r, "first", t0, "os.toml", "x\n")
	type result struct {
		file string
		out  string
		err  error
	}
	results := make(chan result, 10)
	for i := 0; i < 10; i++ {
		file := fmt.Sprintf("reviews/2026/p%02d.toml", i)
		go func() {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "MYOS_STORE_HELPER=commit", "MYOS_STORE_DIR="+r.Dir(), "MYOS_STORE_FILE="+file)
			out, err := cmd.CombinedOutput()
			results <- result{file, string(out), err}
		}()
	}
	var done []string
	for i := 0; i < 10; i++ {
		res := <-results
		if res.err != nil {
			t.Errorf("process for %s: %v\n%s", res.file, res.err, res.out)
			continue
		}
		done = append(done, res.file)
	}
	if len(done) != 10 {
		t.Errorf("successful processes: got %d, want 10", len(done))
	}
	checkLinear(t, r, done, len(done)+1)
	if _, err := os.Stat(filepath.Join(r.Dir(), ".git", LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file after all processes: got %v, want none", err)
	}
}

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MYOS_STORE_HELPER=exit")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func writeLock(t *testing.T, r *Repo, info LockInfo) {
	t.Helper()
	data, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.Dir(), ".git", LockFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLockStale(t *testing.T) {
	start := time.Now().Add(-time.Minute)
	tests := []struct {
		name  string
		setup func(t *testing.T, r *Repo)
		stale bool
	}{
		{"dead pid on this host", func(t *testing.T, r *Repo) {
			writeLock(t, r, LockInfo{PID: deadPID(t), Host: hostname(), Start: start, Command: "myos add", Token: "old"})
		}, true},
		{"this pid from an earlier process", func(t *testing.T, r *Repo) {
			writeLock(t, r, LockInfo{PID: os.Getpid(), Host: hostname(), Start: start, Command: "myos add", Token: "earlier"})
		}, true},
		{"unreadable and old", func(t *testing.T, r *Repo) {
			p := filepath.Join(r.Dir(), ".git", LockFile)
			os.WriteFile(p, nil, 0o644)
			os.Chtimes(p, start, start)
		}, true},
		{"unreadable and fresh", func(t *testing.T, r *Repo) {
			os.WriteFile(filepath.Join(r.Dir(), ".git", LockFile), []byte("{"), 0o644)
		}, false},
		{"live pid", func(t *testing.T, r *Repo) {
			writeLock(t, r, LockInfo{PID: os.Getppid(), Host: hostname(), Start: start, Command: "myos add", Token: "live"})
		}, false},
		{"dead pid on another host", func(t *testing.T, r *Repo) {
			writeLock(t, r, LockInfo{PID: deadPID(t), Host: "elsewhere.example", Start: start, Command: "myos add", Token: "remote"})
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			tt.setup(t, r)
			unlock, err := r.Lock(50 * time.Millisecond)
			if tt.stale {
				if err != nil {
					t.Fatalf("Lock: got %v, want the stale lock cleared", err)
				}
				if err := unlock(); err != nil {
					t.Errorf("unlock: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("Lock: got %v, want ErrLocked", err)
			}
			var le *LockedError
			if !errors.As(err, &le) || le.Path != filepath.Join(r.Dir(), ".git", LockFile) {
				t.Errorf("Lock: got %#v, want a *LockedError naming the lock file", err)
			}
		})
	}
}

func TestLockedMessage(t *testing.T) {
	r := newRepo(t)
	start := time.Now().Add(-time.Minute).Truncate(time.Second)
	pid := os.Getppid()
	writeLock(t, r, LockInfo{PID: pid, Host: hostname(), Start: start, Command: "myos add", Token: "x"})
	_, err := r.Lock(20 * time.Millisecond)
	want := fmt.Sprintf("repository is locked by myos (pid %d, `myos add`, since %s)", pid, start.Local().Format("15:04:05"))
	if start.Local().Day() != time.Now().Day() {
		want = fmt.Sprintf("repository is locked by myos (pid %d, `myos add`, since %s)", pid, start.Local().Format("2006-01-02 15:04:05"))
	}
	if err == nil || err.Error() != want {
		t.Errorf("Lock: got %q, want %q", err, want)
	}

	writeLock(t, r, LockInfo{PID: 42, Host: "laptop", Start: start, Command: "myos sync", Token: "y"})
	_, err = r.Lock(0)
	if err == nil || !strings.Contains(err.Error(), "pid 42 on laptop, `myos sync`") {
		t.Errorf("Lock: got %q, want the other host named", err)
	}
}

func TestLockWaitsForRelease(t *testing.T) {
	r := newRepo(t)
	unlock, err := r.Lock(0)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Lock(0); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock: got %v, want ErrLocked", err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(50 * time.Millisecond)
		unlock()
		close(released)
	}()
	unlock2, err := other.Lock(30 * time.Second)
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	<-released
	data, err := os.ReadFile(filepath.Join(r.Dir(), ".git", LockFile))
	if err != nil {
		t.Fatal(err)
	}
	var info LockInfo
	if err := json.Unmarshal(data, &info); err != nil || info.PID != os.Getpid() || info.Host != hostname() || info.Command == "" || info.Start.IsZero() {
		t.Errorf("lock file: got %s, %v, want pid, host, command and start", data, err)
	}
	if err := unlock2(); err != nil {
		t.Errorf("unlock: %v", err)
	}
	if err := unlock2(); err != nil {
		t.Errorf("second unlock: got %v, want nil (unlock is idempotent)", err)
	}
}

func TestUnlockAfterLockLost(t *testing.T) {
	r := newRepo(t)
	unlock, err := r.Lock(0)
	if err != nil {
		t.Fatal(err)
	}
	writeLock(t, r, LockInfo{PID: os.Getppid(), Host: hostname(), Token: "someone-else"})
	if err := unlock(); !errors.Is(err, ErrLockLost) {
		t.Errorf("unlock: got %v, want ErrLockLost", err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir(), ".git", LockFile)); err != nil {
		t.Errorf("the other holder's lock file: got %v, want it kept", err)
	}
}

// TestLockStaleRace has many goroutines race to clear the same stale lock:
// at no time may two of them hold it.
func TestLockStaleRace(t *testing.T) {
	r := newRepo(t)
	writeLock(t, r, LockInfo{PID: deadPID(t), Host: hostname(), Start: time.Now(), Command: "myos add", Token: "stale"})
	var inside, maxInside, taken atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rr, err := Open(r.Dir())
			if err != nil {
				t.Error(err)
				return
			}
			unlock, err := rr.Lock(30 * time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			n := inside.Add(1)
			for {
				m := maxInside.Load()
				if n <= m || maxInside.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			inside.Add(-1)
			taken.Add(1)
			if err := unlock(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := maxInside.Load(); got != 1 {
		t.Errorf("holders at once: got %d, want 1", got)
	}
	if got := taken.Load(); got != 10 {
		t.Errorf("locks taken: got %d, want 10", got)
	}
	// The lock and anything set aside while clearing it are gone; the
	// advisory lock file that serializes clearing stays, by design.
	leftovers, _ := filepath.Glob(filepath.Join(r.Dir(), ".git", LockFile+"*"))
	leftovers = slices.DeleteFunc(leftovers, func(p string) bool { return strings.HasSuffix(p, LockFile+".clear") })
	if len(leftovers) != 0 {
		t.Errorf("files left: got %v, want none", leftovers)
	}
}
