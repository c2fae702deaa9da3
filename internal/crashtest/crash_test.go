package crashtest

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// crashSeeds fix the sequence of commands and kill delays; each seed runs
// on a fresh OS until killsPerSeed processes were killed.
var crashSeeds = []int64{1, 2, 3, 4}

const killsPerSeed = 55

// maxPacks is how many packs the store lets pile up before it merges
// them all into one.
const maxPacks = 16

// ack is the change of a command that exited 0, to be found in HEAD after
// every later kill.
type ack struct {
	what  string
	check func(o *routines.OS, r *store.Repo) error
}

// crashStats counts what the kills left behind, for the test log.
type crashStats struct {
	kills     int
	outcomes  map[string]int
	problems  map[string]int
	repairs   int
	recovered int
	refusals  map[string]int
}

func (s *crashStats) String() string {
	var b strings.Builder
	line := func(m map[string]int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "  %4d  %s\n", m[k], k)
		}
	}
	fmt.Fprintf(&b, "%d processes killed; outcomes:\n", s.kills)
	line(s.outcomes)
	fmt.Fprintf(&b, "problems found by myos repair --dry-run right after a kill:\n")
	line(s.problems)
	fmt.Fprintf(&b, "refusals (exit 1 without a kill), by first line:\n")
	line(s.refusals)
	fmt.Fprintf(&b, "myos repair run %d times; interrupted changes committed with myos commit %d times\n", s.repairs, s.recovered)
	return b.String()
}

// TestCrash kills myos's writes (add, set, review, template apply, sync,
// and the packing that follows a commit) at random moments and checks,
// after each kill, every promise the README's Guarantees make about
// crashes: the repository opens, `myos check` passes, `git fsck --strict`
// is clean (the remote's too), `git status` agrees with myos, the line of
// first parents is whole, and every command that exited 0 has its change
// in HEAD. Then it does what the person would (myos repair, myos commit)
// and goes on.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills hundreds of processes")
	}
	stats := &crashStats{outcomes: map[string]int{}, problems: map[string]int{}, refusals: map[string]int{}}
	seeds := 0
	for _, seed := range crashSeeds {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			seeds++
			crashSeed(t, seed, stats)
		})
	}
	t.Logf("\n%s", stats)
	if want := killsPerSeed * seeds; stats.kills < want && !t.Failed() {
		t.Errorf("kills: got %d, want at least %d", stats.kills, want)
	}
	// The kills must land in the writes, not only before them: a test
	// whose kills all came before anything was written would pass
	// without testing a crash.
	inWrites := 0
	for outcome, n := range stats.outcomes {
		if strings.Contains(outcome, "killed") && !strings.Contains(outcome, "before writing anything") {
			inWrites += n
		}
	}
	if want := stats.kills / 5; inWrites < want && !t.Failed() {
		t.Errorf("kills in a write: got %d of %d, want at least %d", inWrites, stats.kills, want)
	}
}

// crashOp is one write the test interrupts.
type crashOp struct {
	kind string
	args []string
	ack  ack
	// prepare runs just before the command starts: it lays down what the
	// command works on (loose objects to pack, a template's new item,
	// another machine's commit) and keeps later rounds off the same item.
	prepare func()
	// confirm checks, right after the command exited 0, what cannot wait
	// for later rounds (sync: the remote is where the OS is).
	confirm func() error
}

// crashRun is one seed's run: its OS and what it has promised so far.
type crashRun struct {
	t       *testing.T
	e       *osEnv
	seed    int64
	n       int
	acked   []ack
	setDone map[string]bool

	template string   // the template folder, when myos has template apply
	remote   string   // the bare remote, when myos has sync
	other    *osEnv   // another machine syncing with the remote
	synced   []string // priorities the other machine sent
}

func crashSeed(t *testing.T, seed int64, stats *crashStats) {
	e := newOS(t)
	c := &crashRun{t: t, e: e, seed: seed, setDone: map[string]bool{}}
	rng := rand.New(rand.NewSource(seed))

	// The first seed lays down packs until the next pack merges them all,
	// so that kills land in the merge too.
	for i := 0; seed == crashSeeds[0] && i < maxPacks-1; i++ {
		e.injectLoose(fmt.Sprintf("fill-%d-%d", seed, i), packLimit+1)
		id := fmt.Sprintf("fill-%d", i)
		if _, stderr, code := e.myos("add", "priority", fmt.Sprintf("Fill %d", i), "--id", id); code != 0 {
			t.Fatalf("fill %d: exit %d: %s", i, code, stderr)
		}
		c.acked = append(c.acked, hasPriority("add "+id, id))
	}
	kinds := []string{"add", "add", "set", "review", "review", "pack"}
	if e.has("template", "apply") {
		c.setupTemplate()
		kinds = append(kinds, "template", "template")
	}
	if e.has("sync") {
		c.setupSync()
		kinds = append(kinds, "sync", "sync")
	}

	// Calibrate: how long each kind takes here, uninterrupted, from its
	// start and from when it takes the lock. The kill delays spread over
	// those times.
	took, locked := map[string]time.Duration{}, map[string]time.Duration{}
	for _, kind := range kinds {
		if _, done := took[kind]; done {
			continue
		}
		op := c.next(kind)
		op.prepare()
		cmd, _, stderr := e.command(op.args...)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := wait(cmd)
		var lockedAt time.Time
		if e.waitLock(cmd.Process.Pid, done) {
			lockedAt = time.Now()
		}
		<-done
		took[kind] = time.Since(start)
		locked[kind] = time.Since(lockedAt)
		if lockedAt.IsZero() {
			// A loaded machine may not schedule the watcher while a
			// quick command holds the lock; the calibration only spreads
			// the kills, so assume the lock was held for the later half.
			t.Logf("calibrate %s: did not see its lock; assuming half its time", kind)
			locked[kind] = took[kind] / 2
		}
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("calibrate %s: exit %d: %s", kind, code, stderr)
		}
		if err := op.confirm(); err != nil {
			t.Fatalf("calibrate %s: %v", kind, err)
		}
		c.acked = append(c.acked, op.ack)
	}
	t.Logf("uninterrupted: %v; under the lock: %v", took, locked)

	fails := 0
	kills := 0
	for round := 0; kills < killsPerSeed && round < 8*killsPerSeed; round++ {
		if fails > 5 {
			t.Fatalf("stopping after %d failed rounds", fails)
		}
		op := c.next(kinds[rng.Intn(len(kinds))])
		// One kill in four lands anywhere from the start; the others
		// count from when the command takes the lock, in the later part
		// of it, where it writes (before that it reads and validates).
		fromStart := rng.Intn(4) == 0
		var delay time.Duration
		if fromStart {
			delay = time.Duration(rng.Float64() * 1.2 * float64(took[op.kind]))
		} else {
			delay = time.Duration((0.4 + 0.8*rng.Float64()) * float64(locked[op.kind]))
		}
		op.prepare()
		headBefore := e.readBranch()

		cmd, _, stderr := e.command(op.args...)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := wait(cmd)
		from := "its start"
		lockedAt := start
		if !fromStart {
			if e.waitLock(cmd.Process.Pid, done) {
				lockedAt = time.Now()
			}
			from = "it took the lock"
		}
		finished := false
		select {
		case <-done:
			finished = true
		case <-time.After(delay):
		}
		end := time.Now()
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		if finished && cmd.ProcessState.ExitCode() == 0 {
			// It ran quicker than the calibration said (the machine is
			// less busy than it was then): later kills aim halfway
			// between the two, or a busy start would leave too few kills.
			if el := end.Sub(start); el < took[op.kind] {
				took[op.kind] = (took[op.kind] + el) / 2
			}
			if el := end.Sub(lockedAt); !fromStart && lockedAt != start && el < locked[op.kind] {
				locked[op.kind] = (locked[op.kind] + el) / 2
			}
		}

		where := fmt.Sprintf("seed %d round %d (%s, killed %v after %s)", seed, round, strings.Join(op.args, " "), delay, from)
		var outcome string
		if killed(cmd.ProcessState) {
			kills++
			stats.kills++
			outcome = e.classify(headBefore)
		} else if code := cmd.ProcessState.ExitCode(); code == 0 {
			outcome = "finished: exit 0"
			c.acked = append(c.acked, op.ack)
			if err := op.confirm(); err != nil {
				t.Errorf("%s: %v", where, err)
			}
		} else {
			outcome = fmt.Sprintf("finished: exit %d", code)
			first, _, _ := strings.Cut(stderr.String(), "\n")
			if !strings.HasPrefix(first, "myos: ") {
				t.Errorf("%s: exit %d without saying why: stderr %q", where, code, stderr.String())
			}
			stats.refusals[first]++
		}
		stats.outcomes[op.kind+": "+outcome]++
		if !c.checkAfter(where, stats) {
			fails++
		}
	}
	// After it all, a write still goes through, and so does a sync.
	if _, stderr, code := e.myos("add", "priority", "After the crashes", "--id", "after"); code != 0 {
		t.Errorf("a write after the crashes: exit %d: %s", code, stderr)
	}
	if c.remote != "" {
		c.finalSync()
	}
}

func hasPriority(what, id string) ack {
	return ack{what: what, check: func(o *routines.OS, r *store.Repo) error {
		if priority(o, id) == nil {
			return fmt.Errorf("priority %s is missing from HEAD", id)
		}
		return nil
	}}
}

// next makes the next write of a kind, on an item no earlier round used.
func (c *crashRun) next(kind string) crashOp {
	c.n++
	seed, n, e := c.seed, c.n, c.e
	nothing := func() {}
	ok := func() error { return nil }
	switch kind {
	case "set":
		r, err := store.Open(e.dir)
		if err != nil {
			c.t.Fatal(err)
		}
		defer r.Close()
		o, err := headOS(r)
		if err != nil {
			c.t.Fatal(err)
		}
		var target string
		for _, p := range o.Priorities {
			if strings.HasPrefix(p.ID, "crash-") && !c.setDone[p.ID] {
				target = p.ID
				break
			}
		}
		if target == "" {
			break // nothing to set yet: add instead
		}
		title := fmt.Sprintf("Set %d %d", seed, n)
		return crashOp{
			kind:    kind,
			args:    []string{"set", "priority", target, "title=" + title},
			prepare: func() { c.setDone[target] = true },
			confirm: ok,
			ack: ack{what: "set " + target, check: func(o *routines.OS, r *store.Repo) error {
				p := priority(o, target)
				if p == nil || p.Title != title {
					return fmt.Errorf("priority %s: got %+v, want title %q", target, p, title)
				}
				return nil
			}},
		}
	case "review":
		day := routines.Date{Year: 2026, Month: 11, Day: 24}.AddDays(-n)
		note := fmt.Sprintf("crash %d %d", seed, n)
		path := fmt.Sprintf("reviews/%04d/%s.toml", day.Year, day)
		return crashOp{
			kind:    kind,
			args:    []string{"review", "--date", day.String(), "--partial", "--note", note},
			prepare: nothing,
			confirm: ok,
			ack: ack{what: "review " + day.String(), check: func(o *routines.OS, r *store.Repo) error {
				b, err := r.ReadFile("HEAD", path)
				if err != nil {
					return fmt.Errorf("review %s: %v", path, err)
				}
				if !bytes.Contains(b, []byte(note)) {
					return fmt.Errorf("review %s: got %q, want the note %q", path, b, note)
				}
				return nil
			}},
		}
	case "template":
		id := fmt.Sprintf("tpl-%d-%d", seed, n)
		return crashOp{
			kind: kind,
			args: []string{"template", "apply", c.template},
			prepare: func() {
				f, err := os.OpenFile(filepath.Join(c.template, routines.FileThemes), os.O_APPEND|os.O_WRONLY, 0)
				if err == nil {
					_, err = fmt.Fprintf(f, "\n[[theme]]\nid = %q\ntitle = \"Template theme %d %d\"\n", id, seed, n)
					if cerr := f.Close(); err == nil {
						err = cerr
					}
				}
				if err != nil {
					c.t.Fatal(err)
				}
			},
			confirm: ok,
			ack: ack{what: "template apply " + id, check: func(o *routines.OS, r *store.Repo) error {
				for _, th := range o.Themes {
					if th.ID == id {
						return nil
					}
				}
				return fmt.Errorf("theme %s from the template is missing from HEAD", id)
			}},
		}
	case "sync":
		id := fmt.Sprintf("remote-%d-%d", seed, n)
		return crashOp{
			kind: kind,
			args: []string{"sync"},
			prepare: func() {
				// The other machine adds an item and sends it.
				if _, stderr, code := c.other.myos("add", "priority", fmt.Sprintf("Remote %d %d", seed, n), "--id", id); code != 0 {
					c.t.Fatalf("other machine: add: exit %d: %s", code, stderr)
				}
				if _, stderr, code := c.other.myos("sync"); code != 0 {
					c.t.Fatalf("other machine: sync: exit %d: %s", code, stderr)
				}
				c.synced = append(c.synced, id)
			},
			confirm: func() error {
				mine, theirs := c.e.readBranch(), c.remoteBranch()
				if mine != theirs {
					return fmt.Errorf("sync exited 0 with main at %q and the remote's at %q", mine, theirs)
				}
				return nil
			},
			ack: hasPriority("sync of "+id, id),
		}
	}
	id := fmt.Sprintf("crash-%d-%d", seed, n)
	op := crashOp{
		kind:    kind,
		args:    []string{"add", "priority", fmt.Sprintf("Crash %d %d", seed, n), "--id", id},
		prepare: nothing,
		confirm: ok,
		ack:     hasPriority("add "+id, id),
	}
	if kind == "pack" {
		op.prepare = func() { e.injectLoose(fmt.Sprintf("%d-%d", seed, n), packLimit+1) }
	} else {
		op.kind = "add"
	}
	return op
}

// setupTemplate exports the OS's themes as a template that each template
// round adds a theme to.
func (c *crashRun) setupTemplate() {
	c.template = filepath.Join(c.t.TempDir(), "template")
	if _, stderr, code := c.e.myos("template", "export", c.template, "--include", "theme", "--name", "crashtpl"); code != 0 {
		c.t.Fatalf("template export: exit %d: %s", code, stderr)
	}
}

// setupSync makes a bare remote, sends the OS there, and clones it as the
// other machine.
func (c *crashRun) setupSync() {
	c.remote = filepath.Join(c.t.TempDir(), "remote.git")
	_, err := git.PlainInitWithOptions(c.remote, &git.PlainInitOptions{
		Bare: true, InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		c.t.Fatal(err)
	}
	for _, args := range [][]string{{"remote", "set", c.remote}, {"sync"}} {
		if _, stderr, code := c.e.myos(args...); code != 0 {
			c.t.Fatalf("myos %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	c.other = c.e.elsewhere(filepath.Join(c.t.TempDir(), "other"))
	if _, stderr, code := c.other.myos("clone", c.remote); code != 0 {
		c.t.Fatalf("myos clone: exit %d: %s", code, stderr)
	}
}

// remoteBranch is the remote's main, raw.
func (c *crashRun) remoteBranch() string {
	b, _ := os.ReadFile(filepath.Join(c.remote, "refs", "heads", "main"))
	return string(b)
}

// finalSync brings both machines together and checks that nothing either
// had is lost: sync never drops an item nobody removed.
func (c *crashRun) finalSync() {
	t := c.t
	before := map[string]bool{}
	for _, m := range []*osEnv{c.e, c.other} {
		r, err := store.Open(m.dir)
		if err != nil {
			t.Fatal(err)
		}
		o, err := headOS(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range o.Priorities {
			before[p.ID] = true
		}
		for _, th := range o.Themes {
			before["theme "+th.ID] = true
		}
	}
	for _, m := range []*osEnv{c.e, c.other, c.e} {
		if _, stderr, code := m.myos("sync"); code != 0 {
			t.Fatalf("final sync in %s: exit %d: %s", m.dir, code, stderr)
		}
	}
	for _, m := range []*osEnv{c.e, c.other} {
		if got, want := m.readBranch(), c.remoteBranch(); got != want {
			t.Errorf("after the final sync %s is at %q, the remote at %q", m.dir, got, want)
		}
		r, err := store.Open(m.dir)
		if err != nil {
			t.Fatal(err)
		}
		o, err := headOS(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		after := map[string]bool{}
		for _, p := range o.Priorities {
			after[p.ID] = true
		}
		for _, th := range o.Themes {
			after["theme "+th.ID] = true
		}
		for id := range before {
			if !after[id] {
				t.Errorf("after the final sync %s lacks %s, which one machine had", m.dir, id)
			}
		}
		for _, id := range c.synced {
			if !after[id] {
				t.Errorf("after the final sync %s lacks %s, which the other machine sent", m.dir, id)
			}
		}
	}
	if c.e.git != "" {
		if out, err := c.e.gitIn(c.remote, "fsck", "--strict", "--no-dangling", "--no-progress"); err != nil || out != "" {
			t.Errorf("git fsck --strict of the remote: %v\n%s", err, out)
		}
	}
}

// wait waits for a started command in the background; the channel closes
// when it has exited.
func wait(cmd *exec.Cmd) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	return done
}

// waitLock waits until the process pid holds the OS's lock, or has exited.
func (e *osEnv) waitLock(pid int, done <-chan struct{}) bool {
	path := filepath.Join(e.dir, ".git", store.LockFile)
	want := fmt.Sprintf(`"pid":%d,`, pid)
	for {
		if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(want)) {
			return true
		}
		select {
		case <-done:
			return false
		case <-time.After(100 * time.Microsecond):
		}
	}
}

// readBranch is main's raw file content.
func (e *osEnv) readBranch() string {
	b, _ := os.ReadFile(filepath.Join(e.dir, ".git", "refs", "heads", "main"))
	return string(b)
}

// classify says where a kill landed, from what it left.
func (e *osEnv) classify(headBefore string) string {
	moved := e.readBranch() != headBefore
	_, perr := os.Stat(filepath.Join(e.dir, ".git", "myos-pending"))
	pending := perr == nil
	dirty := false
	if r, err := store.Open(e.dir); err == nil {
		// Open repairs an index left behind; Status is right either way.
		if st, err := r.Status(); err == nil && len(st) > 0 {
			dirty = true
		}
		r.Close()
	}
	packs, temps := e.packCount()
	switch {
	case !moved && !dirty:
		return "killed before writing anything"
	case !moved:
		return "killed after writing files, before the commit"
	case pending:
		return "killed after the commit, before the index followed"
	case e.looseCount() > packLimit || temps > 0:
		// A finished command leaves no more than packLimit loose objects.
		if packs >= maxPacks {
			return "killed while merging packs"
		}
		return "killed while packing"
	default:
		return "killed after the commit"
	}
}

// checkAfter checks the promises after a kill, then does what the person
// would: follow myos's advice (myos repair, myos commit).
func (c *crashRun) checkAfter(where string, stats *crashStats) bool {
	e, t, acked := c.e, c.t, c.acked
	ok := true
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s: %s", where, fmt.Sprintf(format, args...))
		ok = false
	}

	problems, err := store.Diagnose(e.dir)
	if err != nil {
		fail("diagnose: %v", err)
		return false
	}
	for _, p := range problems {
		stats.problems[p.Code]++
	}

	r, err := store.Open(e.dir)
	if err != nil {
		fail("store.Open: %v", err)
		return false
	}
	defer func() { r.Close() }()

	if stdout, stderr, code := e.myos("check"); code != 0 {
		fail("myos check: exit %d\n%s%s", code, stdout, stderr)
	}
	if e.git != "" {
		if out, err := e.gitCmd("fsck", "--strict", "--no-dangling", "--no-progress"); err != nil || out != "" {
			fail("git fsck --strict: %v\n%s", err, out)
		}
		if c.remote != "" {
			if out, err := e.gitIn(c.remote, "fsck", "--strict", "--no-dangling", "--no-progress"); err != nil || out != "" {
				fail("git fsck --strict of the remote: %v\n%s", err, out)
			}
		}
	}
	o, err := headOS(r)
	if err != nil {
		fail("load HEAD: %v", err)
	} else {
		for _, a := range acked {
			if err := a.check(o, r); err != nil {
				fail("acknowledged %s: %v", a.what, err)
			}
		}
	}

	// A sync killed while it pushed can leave the remote's ref lock: the
	// next sync clears it once it is stale. Let that time pass.
	if c.remote != "" {
		if n := ageGitLocks(filepath.Join(c.remote, "refs")); n > 0 {
			stats.problems["remote ref lock"] += n
		}
	}

	// What the person does next: the advice of myos repair --dry-run. A
	// stale myos lock, an interrupted commit's index and an unreadable
	// index need nothing: the next command clears or rebuilds them.
	needRepair := false
	for _, p := range problems {
		switch p.Code {
		case store.ProblemStaleLock, store.ProblemPending, store.ProblemIndex:
		default:
			needRepair = true
		}
	}
	if needRepair {
		ageGitLocks(filepath.Join(e.dir, ".git"))
		stdout, stderr, code := e.myos("repair")
		stats.repairs++
		if code != 0 {
			fail("myos repair: exit %d\n%s%s", code, stdout, stderr)
		}
		r.Close()
		if r, err = store.Open(e.dir); err != nil {
			fail("store.Open after repair: %v", err)
			return false
		}
	}

	mine, err := storeStatusPaths(r)
	if err != nil {
		fail("status: %v", err)
	}
	if e.git != "" {
		theirs, err := e.gitStatusPaths()
		if err != nil {
			fail("%v", err)
		} else if strings.Join(mine, " ") != strings.Join(theirs, " ") {
			fail("git status lists %q, myos status %q", theirs, mine)
		}
	}
	if len(mine) > 0 {
		// A kill between writing the files and the commit leaves the
		// change in the folder. A write that reads or writes one of its
		// files (the model files, README.md) refuses until it is
		// committed; one that does not leaves it as it is.
		touches := false
		for _, p := range mine {
			touches = touches || slices.Contains(routines.ModelFiles(), p) || p == "README.md"
		}
		id := fmt.Sprintf("beside-%d", stats.recovered)
		stdout, stderr, code := e.myos("add", "priority", "Beside "+id, "--id", id)
		switch {
		case touches && (code == 0 || !strings.Contains(stderr, "uncommitted hand edits")):
			fail("a write over an interrupted change to %q: got exit %d %q, want a refusal naming the edits", mine, code, stderr)
		case !touches && code != 0:
			fail("a write beside an interrupted change to %q: exit %d\n%s%s", mine, code, stdout, stderr)
		case !touches:
			after, err := storeStatusPaths(r)
			if err != nil {
				fail("status: %v", err)
			} else if strings.Join(after, " ") != strings.Join(mine, " ") {
				fail("a write beside an interrupted change to %q left %q uncommitted", mine, after)
			}
		}
		if stdout, stderr, code := e.myos("commit", "-m", "keep the interrupted change"); code != 0 {
			fail("myos commit: exit %d\n%s%s", code, stdout, stderr)
		}
		stats.recovered++
	}
	if _, err := e.linearHistory(r, c.remote != ""); err != nil {
		fail("history: %v", err)
	}
	return ok
}
