package crashtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// TestContention starts twenty writers at once, each writing its own item
// (priorities, routines and reviews, so that some share a file and some do
// not), several rounds over. Every writer that exits 0 has its item in
// HEAD; every one refused says the repository is locked and exits 1; no
// other outcome is allowed. History stays linear, one commit per success,
// and git agrees.
func TestContention(t *testing.T) {
	const writers, rounds = 20, 3
	e := newOS(t)
	r, err := store.Open(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	start, err := e.linearHistory(r, false)
	if err != nil {
		t.Fatal(err)
	}

	type result struct {
		args   []string
		code   int
		stderr string
		check  func(o *routines.OS) error
	}
	var acked []result
	succeeded, refused := 0, 0
	for round := 0; round < rounds; round++ {
		results := make([]result, writers)
		cmds := make([]*exec.Cmd, writers)
		errs := make([]*bytes.Buffer, writers)
		for i := range writers {
			n := round*writers + i
			res := result{}
			switch i % 3 {
			case 0, 1:
				id := fmt.Sprintf("p%d", n)
				res.args = []string{"add", "priority", fmt.Sprintf("P%d", n), "--id", id}
				res.check = func(o *routines.OS) error {
					if priority(o, id) == nil {
						return fmt.Errorf("priority %s is missing from HEAD", id)
					}
					return nil
				}
			case 2:
				day := routines.Date{Year: 2026, Month: 11, Day: 24}.AddDays(-n)
				res.args = []string{"review", "--date", day.String(), "--partial", "--note", fmt.Sprintf("writer %d", n)}
				path := fmt.Sprintf("reviews/%04d/%s.toml", day.Year, day)
				res.check = func(o *routines.OS) error {
					if _, err := r.ReadFile("HEAD", path); err != nil {
						return fmt.Errorf("review %s: %v", path, err)
					}
					return nil
				}
			}
			results[i] = res
			cmds[i], _, errs[i] = e.command(res.args...)
		}
		// Start them all, then wait for them all.
		var wg sync.WaitGroup
		begin := make(chan struct{})
		for i, cmd := range cmds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-begin
				if err := cmd.Start(); err != nil {
					t.Error(err)
					return
				}
				cmd.Wait()
				results[i].code = cmd.ProcessState.ExitCode()
				results[i].stderr = errs[i].String()
			}()
		}
		t0 := time.Now()
		close(begin)
		wg.Wait()
		took := time.Since(t0)

		roundOK := 0
		for _, res := range results {
			switch {
			case res.code == 0:
				roundOK++
				acked = append(acked, res)
			case res.code == 1 && strings.HasPrefix(res.stderr, "myos: repository is locked by myos (pid "):
				refused++
				if !strings.Contains(res.stderr, "\nhint: wait for the other myos to finish") {
					t.Errorf("myos %s refused without a hint: %q", strings.Join(res.args, " "), res.stderr)
				}
			default:
				t.Errorf("myos %s: exit %d, want 0 or a refusal saying the repository is locked:\n%s", strings.Join(res.args, " "), res.code, res.stderr)
			}
		}
		succeeded += roundOK
		t.Logf("round %d: %d of %d writers went through in %v", round, roundOK, writers, took.Round(time.Millisecond))
	}

	o, err := headOS(r)
	if err != nil {
		t.Fatalf("load HEAD: %v", err)
	}
	for _, res := range acked {
		if err := res.check(o); err != nil {
			t.Errorf("myos %s exited 0: %v", strings.Join(res.args, " "), err)
		}
	}
	n, err := e.linearHistory(r, false)
	if err != nil {
		t.Errorf("history: %v", err)
	}
	if n != start+succeeded {
		t.Errorf("commits: got %d, want %d (%d before, one per success)", n, start+succeeded, start)
	}
	if e.git != "" {
		if out, err := e.gitCmd("fsck", "--strict", "--no-dangling", "--no-progress"); err != nil || out != "" {
			t.Errorf("git fsck --strict: %v\n%s", err, out)
		}
		if paths, err := e.gitStatusPaths(); err != nil || len(paths) != 0 {
			t.Errorf("git status: got %q, %v, want clean", paths, err)
		}
	}
	if ps, err := store.Diagnose(e.dir); err != nil || len(ps) != 0 {
		t.Errorf("myos repair --dry-run: got %+v, %v, want nothing to repair", ps, err)
	}
	t.Logf("%d writers went through, %d were refused as locked", succeeded, refused)
}

// TestContentionRefused holds the lock past the writers' patience: each
// one must refuse, saying who holds the lock, and change nothing.
func TestContentionRefused(t *testing.T) {
	const writers = 5
	e := newOS(t)
	r, err := store.Open(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := r.LockAs(0, "myos holder")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := []string{"add", "priority", fmt.Sprintf("Refused %d", i)}
			cmd, _, stderr := e.command(args...)
			cmd.Run()
			code := cmd.ProcessState.ExitCode()
			want := fmt.Sprintf("myos: repository is locked by myos (pid %d, `myos holder`", os.Getpid())
			if code != 1 || !strings.HasPrefix(stderr.String(), want) {
				t.Errorf("myos %s while the lock is held: exit %d, %q; want exit 1 and %q", strings.Join(args, " "), code, stderr, want)
			}
		}()
	}
	wg.Wait()
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if now, err := r.Head(); err != nil || now.Hash != head.Hash {
		t.Errorf("HEAD: got %s, %v, want %s unchanged", now.Short, err, head.Short)
	}
	if paths, err := storeStatusPaths(r); err != nil || len(paths) != 0 {
		t.Errorf("status: got %q, %v, want clean", paths, err)
	}
}
