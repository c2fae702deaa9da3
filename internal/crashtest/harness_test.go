package crashtest

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/myos-dev/myos/internal/cli"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// asMyos makes the test binary run as myos in the processes it starts.
const asMyos = "MYOS_CRASHTEST_AS_MYOS"

func TestMain(m *testing.M) {
	if os.Getenv(asMyos) == "1" {
		os.Exit(cli.Main(os.Args[1:], cli.Stdio()))
	}
	os.Exit(m.Run())
}

// packLimit is how many loose objects the processes tolerate before they
// pack: low, so that they pack every few commits and kills land in packs.
const packLimit = 40

// packBatch is about the most bytes of loose objects, as stored, a
// process puts in one pack: small, so that a packing of packLimit objects
// writes a few packs and kills land between them too.
const packBatch = 4096

// osEnv is one OS folder and the environment its processes run in.
type osEnv struct {
	t   *testing.T
	dir string
	env []string
	git string // the git binary, or "" without one
}

func newOS(t *testing.T) *osEnv {
	t.Helper()
	if testing.Short() {
		t.Skip("starts and kills hundreds of processes")
	}
	home := t.TempDir()
	e := &osEnv{t: t, dir: filepath.Join(home, "os")}
	e.env = append(os.Environ(),
		asMyos+"=1",
		"HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"MYOS_DIR="+e.dir,
		"TZ=Europe/Helsinki",
		"MYOS_NOW=2026-11-25T08:30:00+02:00",
		"GIT_AUTHOR_NAME=Andy", "GIT_AUTHOR_EMAIL=andy@example.com",
		"GIT_COMMITTER_NAME=Andy", "GIT_COMMITTER_EMAIL=andy@example.com",
		"GIT_CONFIG_NOSYSTEM=1", "NO_COLOR=1", "LC_ALL=C",
		fmt.Sprintf("%s=%d", store.LooseObjectLimitEnv, packLimit),
		fmt.Sprintf("%s=%d", store.PackBatchEnv, packBatch),
		// Under -race a process sleeps a second before it exits; the kill
		// delays are measured on the processes, so spare them that.
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"),
	)
	if p, err := exec.LookPath("git"); err == nil {
		e.git = p
	} else {
		t.Logf("no git binary: git fsck and git status are not checked (%v)", err)
	}
	if _, _, code := e.myos("init", "--template", "calendar", "--name", "CrashOS", "--owner", "Andy"); code != 0 {
		t.Fatalf("myos init: exit %d", code)
	}
	return e
}

// command makes a myos process that has not started.
func (e *osEnv) command(args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = e.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// myos runs myos to the end.
func (e *osEnv) myos(args ...string) (stdout, stderr string, code int) {
	e.t.Helper()
	cmd, out, errb := e.command(args...)
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		e.t.Fatalf("myos %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// gitCmd runs git in the OS folder and returns its output and error.
func (e *osEnv) gitCmd(args ...string) (string, error) {
	return e.gitIn(e.dir, args...)
}

// gitIn runs git in dir.
func (e *osEnv) gitIn(dir string, args ...string) (string, error) {
	cmd := exec.Command(e.git, args...)
	cmd.Dir = dir
	cmd.Env = e.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// elsewhere is the same machine's environment for another OS folder.
func (e *osEnv) elsewhere(dir string) *osEnv {
	o := *e
	o.dir = dir
	o.env = append(append([]string(nil), e.env...), "MYOS_DIR="+dir)
	return &o
}

// has reports whether myos has the command: another engineer's may not
// have landed yet.
func (e *osEnv) has(command ...string) bool {
	_, _, code := e.myos(append(command, "--help")...)
	out, _, _ := e.myos("help")
	return code == 0 && strings.Contains(out, "\n  "+command[0]+" ")
}

// killed reports whether a process that was waited for died of a signal.
func killed(ps *os.ProcessState) bool {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled()
}

// headOS loads the OS as HEAD has it.
func headOS(r *store.Repo) (*routines.OS, error) {
	fsys, err := r.TreeFS("HEAD")
	if err != nil {
		return nil, err
	}
	return routines.Load(fsys)
}

func priority(o *routines.OS, id string) *routines.Priority {
	for i := range o.Priorities {
		if o.Priorities[i].ID == id {
			return &o.Priorities[i]
		}
	}
	return nil
}

// injectLoose writes n unreachable loose blobs, so that the next commit's
// maintenance has more than packLimit objects to pack.
func (e *osEnv) injectLoose(tag string, n int) {
	e.t.Helper()
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	made := map[string]bool{}
	for i := 0; i < n; i++ {
		data := []byte(fmt.Sprintf("crash test noise %s %d\n", tag, i))
		h := plumbing.ComputeHash(plumbing.BlobObject, data)
		buf.Reset()
		zw.Reset(&buf)
		fmt.Fprintf(zw, "blob %d\x00", len(data))
		zw.Write(data)
		zw.Close()
		hex := h.String()
		dir := filepath.Join(e.dir, ".git", "objects", hex[:2])
		if !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				e.t.Fatal(err)
			}
			made[dir] = true
		}
		if err := os.WriteFile(filepath.Join(dir, hex[2:]), buf.Bytes(), 0o444); err != nil {
			e.t.Fatal(err)
		}
	}
}

// looseCount counts the loose objects.
func (e *osEnv) looseCount() int {
	n := 0
	dirs, _ := os.ReadDir(filepath.Join(e.dir, ".git", "objects"))
	for _, d := range dirs {
		if len(d.Name()) == 2 && d.IsDir() {
			files, _ := os.ReadDir(filepath.Join(e.dir, ".git", "objects", d.Name()))
			n += len(files)
		}
	}
	return n
}

// packCount counts the pack indexes, and the temporary pack files an
// interrupted pack left.
func (e *osEnv) packCount() (packs, temps int) {
	entries, _ := os.ReadDir(filepath.Join(e.dir, ".git", "objects", "pack"))
	for _, f := range entries {
		switch {
		case strings.HasSuffix(f.Name(), ".idx"):
			packs++
		case strings.HasPrefix(f.Name(), "tmp_"):
			temps++
		}
	}
	return packs, temps
}

// gitStatusPaths is what `git status` lists, by path, without the
// temporary files interrupted writes leave (which myos repair removes).
func (e *osEnv) gitStatusPaths() ([]string, error) {
	out, err := e.gitCmd("status", "--porcelain=v1", "-z", "--untracked-files=all")
	if err != nil {
		return nil, fmt.Errorf("git status: %v: %s", err, out)
	}
	var paths []string
	for _, rec := range strings.Split(out, "\x00") {
		if len(rec) < 4 {
			continue
		}
		p := rec[3:]
		if strings.Contains(filepath.Base(p), ".myos-tmp-") {
			continue
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}

// storeStatusPaths is what myos's status lists, by path.
func storeStatusPaths(r *store.Repo) ([]string, error) {
	st, err := r.Status()
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, s := range st {
		paths = append(paths, s.Path)
	}
	sort.Strings(paths)
	return paths, nil
}

// linearHistory checks that every commit on main's first-parent line has
// one parent (the first has none; with merges, sync's merge commits have
// two) and that git counts as many commits on that line. It returns their
// number.
func (e *osEnv) linearHistory(r *store.Repo, merges bool) (int, error) {
	log, err := r.Log(store.LogOptions{})
	if err != nil {
		return 0, err
	}
	for i, c := range log {
		want := 1
		if i == len(log)-1 {
			want = 0
		} else if merges && strings.HasPrefix(c.Message, "sync: merge") {
			want = 2
		}
		if len(c.Parents) != want {
			return 0, fmt.Errorf("commit %s %q has %d parents, want %d", c.Short, c.Message, len(c.Parents), want)
		}
		if i+1 < len(log) && c.Parents[0] != log[i+1].Hash {
			return 0, fmt.Errorf("commit %s's parent is %s, want %s", c.Short, c.Parents[0][:7], log[i+1].Short)
		}
	}
	if e.git != "" {
		out, err := e.gitCmd("rev-list", "--first-parent", "--count", "HEAD")
		if err != nil {
			return 0, fmt.Errorf("git rev-list: %v: %s", err, out)
		}
		if got := strings.TrimSpace(out); got != fmt.Sprint(len(log)) {
			return 0, fmt.Errorf("git rev-list --count HEAD: got %s, want %d", got, len(log))
		}
	}
	return len(log), nil
}

// ageGitLocks sets the git lock files under dir back a minute, as if the
// person came back later: myos repair, and a sync opening a remote, remove
// only lock files that old. It returns how many there were.
func ageGitLocks(dir string) int {
	n := 0
	old := time.Now().Add(-time.Minute)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lock") && filepath.Base(p) != store.LockFile {
			os.Chtimes(p, old, old)
			n++
		}
		return nil
	})
	return n
}
