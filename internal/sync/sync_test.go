package sync

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	gosync "sync"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/routines"
)

var testAuthor = store.Signature{Name: "Andy", Email: "andy@example.com"}

// remoteKind makes a bare remote and returns the URL both machines use,
// and how they authenticate to it.
type remoteKind struct {
	name string
	make func(t *testing.T) (url, dir string, auth Auth)
}

func bare(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "os.git")
	_, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{Bare: true, InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

var fileRemote = remoteKind{"file", func(t *testing.T) (string, string, Auth) {
	dir := bare(t)
	return "file://" + dir, dir, Auth{}
}}

// gitDaemonRemote serves the bare remote with the real git daemon on
// loopback, pushes enabled.
var gitDaemonRemote = remoteKind{"git", func(t *testing.T) (string, string, Auth) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skipf("no git binary for git daemon: %v", err)
	}
	dir := bare(t)
	base := filepath.Dir(dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	// `git daemon` runs git-daemon as a child of its own, which killing git
	// would leave running after the test: start git-daemon itself.
	execPath, err := exec.Command(gitBin, "--exec-path").Output()
	if err != nil {
		t.Skipf("git --exec-path: %v", err)
	}
	daemon := filepath.Join(strings.TrimSpace(string(execPath)), "git-daemon")
	cmd := exec.Command(daemon, "--reuseaddr", "--base-path="+base, "--export-all",
		"--enable=receive-pack", fmt.Sprintf("--port=%d", port), "--listen=127.0.0.1", base)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1")
	if err := cmd.Start(); err != nil {
		t.Skipf("git daemon: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i > 200 {
			t.Fatalf("git daemon did not listen on %s: %v", addr, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	return "git://" + addr + "/" + filepath.Base(dir), dir, Auth{}
}}

// httpsToken is the access token the https remote takes.
const httpsToken = "myos-test-token-0123456789"

// httpsRemote serves the bare remote over https on loopback with the real
// git http-backend, behind basic authentication that wants httpsToken as
// the password. go-git's https client is pointed at the test server's
// certificate for the test; the machines authenticate as `myos sync`
// would with MYOS_GIT_TOKEN set.
var httpsRemote = remoteKind{"https", func(t *testing.T) (string, string, Auth) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skipf("no git binary for git http-backend: %v", err)
	}
	dir := bare(t)
	if out, err := exec.Command(gitBin, "-C", dir, "config", "http.receivepack", "true").CombinedOutput(); err != nil {
		t.Fatalf("git config: %v\n%s", err, out)
	}
	backend := &cgi.Handler{Path: gitBin, Args: []string{"http-backend"}, Env: []string{
		"GIT_PROJECT_ROOT=" + filepath.Dir(dir), "GIT_HTTP_EXPORT_ALL=1",
		"HOME=" + t.TempDir(), "GIT_CONFIG_NOSYSTEM=1",
	}}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, password, ok := r.BasicAuth(); !ok || password != httpsToken {
			w.Header().Set("WWW-Authenticate", `Basic realm="myos test"`)
			http.Error(w, "an access token is needed", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client.InstallProtocol("https", githttp.NewClient(srv.Client()))
	t.Cleanup(func() { client.InstallProtocol("https", githttp.DefaultClient) })
	url := srv.URL + "/" + filepath.Base(dir)
	auth := AuthFor(url, func(k string) string {
		if k == "MYOS_GIT_TOKEN" {
			return httpsToken
		}
		return ""
	})
	if auth.Method == nil {
		t.Fatalf("AuthFor with MYOS_GIT_TOKEN set: no method (%s)", auth.How)
	}
	return url, dir, auth
}}

var remoteKinds = []remoteKind{fileRemote, gitDaemonRemote, httpsRemote, sshRemote}

// machine is one device with its own clone of the OS.
type machine struct {
	t    *testing.T
	name string
	repo *store.Repo
	tick int
	auth Auth // how it authenticates to the remote
}

// when gives each commit a later time, so that histories read naturally.
func (m *machine) when() time.Time {
	m.tick++
	return time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC).Add(time.Duration(m.tick) * time.Minute)
}

func (m *machine) locked(f func() error) error {
	m.t.Helper()
	unlock, err := m.repo.Lock(10 * time.Second)
	if err != nil {
		m.t.Fatalf("%s: lock: %v", m.name, err)
	}
	defer unlock()
	return f()
}

// sync runs Run on the machine.
func (m *machine) sync(take map[string]string) (*Result, error) {
	m.t.Helper()
	var res *Result
	err := m.locked(func() error {
		a := testAuthor
		a.When = m.when()
		var err error
		res, err = Run(context.Background(), m.repo, Options{Take: take, Author: a, Auth: m.auth})
		return err
	})
	return res, err
}

func (m *machine) mustSync(take map[string]string) *Result {
	m.t.Helper()
	res, err := m.sync(take)
	if err != nil {
		m.t.Fatalf("%s: sync: %v", m.name, err)
	}
	return res
}

// commit commits changes to files, as a myos command would.
func (m *machine) commit(msg string, changes ...store.Change) {
	m.t.Helper()
	err := m.locked(func() error {
		a := testAuthor
		a.When = m.when()
		_, err := m.repo.Commit(changes, msg, a)
		return err
	})
	if err != nil {
		m.t.Fatalf("%s: commit %q: %v", m.name, msg, err)
	}
}

func (m *machine) read(p string) []byte {
	m.t.Helper()
	b, err := os.ReadFile(filepath.Join(m.repo.Dir(), p))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		m.t.Fatal(err)
	}
	return b
}

func (m *machine) os() *routines.OS {
	m.t.Helper()
	o, err := routines.Load(os.DirFS(m.repo.Dir()))
	if err != nil {
		m.t.Fatalf("%s: load: %v", m.name, err)
	}
	return o
}

// set changes one field of one item and commits it.
func (m *machine) set(kind routines.Kind, id, field, value string) {
	m.t.Helper()
	o := m.os()
	old := o.Find(kind, id)
	if old == nil {
		m.t.Fatalf("%s: no %s %s", m.name, kind, id)
	}
	upd := routines.CloneItem(old)
	if err := routines.SetField(upd, field, value); err != nil {
		m.t.Fatal(err)
	}
	src, err := routines.UpdateItem(m.read(kind.File()), old, upd)
	if err != nil {
		m.t.Fatal(err)
	}
	m.commit(fmt.Sprintf("%s: set %s %s", kind, id, field), store.Change{Path: kind.File(), Data: src})
}

func (m *machine) remove(kind routines.Kind, id string) {
	m.t.Helper()
	src, err := routines.RemoveItem(m.read(kind.File()), kind, id)
	if err != nil {
		m.t.Fatal(err)
	}
	m.commit(fmt.Sprintf("%s: remove %s", kind, id), store.Change{Path: kind.File(), Data: src})
}

func (m *machine) field(kind routines.Kind, id, field string) (string, bool) {
	m.t.Helper()
	it := m.os().Find(kind, id)
	if it == nil {
		return "", false
	}
	v, _ := routines.FieldValue(it, field)
	return routines.FormatValue(v), true
}

func (m *machine) head() string {
	m.t.Helper()
	h, err := m.repo.Head()
	if err != nil {
		m.t.Fatal(err)
	}
	return h.Hash
}

// snapshot is everything a refused sync must leave alone: the work tree's
// files, the index, HEAD and the branches.
func (m *machine) snapshot() string {
	m.t.Helper()
	var b strings.Builder
	root := m.repo.Dir()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %x\n", rel, sha256.Sum256(data))
		return nil
	})
	if err != nil {
		m.t.Fatal(err)
	}
	for _, p := range []string{"HEAD", "index", "refs/heads/main", "packed-refs"} {
		data, _ := os.ReadFile(filepath.Join(root, ".git", p))
		fmt.Fprintf(&b, ".git/%s %x\n", p, sha256.Sum256(data))
	}
	return b.String()
}

// fsck runs the real git fsck --strict on dir, when git is there.
func fsck(t *testing.T, dir string) {
	t.Helper()
	gitBin, err := exec.LookPath("git")
	if err != nil {
		return
	}
	cmd := exec.Command(gitBin, "fsck", "--strict", "--no-progress")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("git fsck --strict in %s: %v\n%s", dir, err, out)
	}
}

// world is a bare remote and two machines with clones of one OS.
type world struct {
	t           *testing.T
	url, remote string
	a, b        *machine
}

// newWorld publishes the calendar template from machine a and clones it on
// machine b.
func newWorld(t *testing.T, kind remoteKind) *world {
	t.Helper()
	url, dir, auth := kind.make(t)
	tp, err := tmpl.Builtin("calendar")
	if err != nil {
		t.Fatal(err)
	}
	files, err := tp.Render(tmpl.Vars{Name: "TestOS", Owner: "Andy"})
	if err != nil {
		t.Fatal(err)
	}
	ra, err := store.Init(filepath.Join(t.TempDir(), "laptop"), "")
	if err != nil {
		t.Fatal(err)
	}
	a := &machine{t: t, name: "laptop", repo: ra, auth: auth}
	var chs []store.Change
	for _, f := range routines.ModelFiles() {
		if data, ok := files[f]; ok {
			chs = append(chs, store.Change{Path: f, Data: data})
		}
	}
	chs = append(chs, store.Change{Path: "README.md", Data: []byte("# TestOS\n")},
		store.Change{Path: "notes.md", Data: []byte("# Notes\n\none\ntwo\nthree\nfour\nfive\n")})
	a.commit("init", chs...)
	if err := a.locked(func() error { return ra.SetRemote(store.DefaultRemote, url) }); err != nil {
		t.Fatal(err)
	}
	if res := a.mustSync(nil); !res.Pushed || res.Sent != 1 {
		t.Fatalf("first sync: got %+v, want one commit pushed", res)
	}
	rb, err := store.Clone(context.Background(), url, filepath.Join(t.TempDir(), "desktop"), auth.Method)
	if err != nil {
		t.Fatalf("clone: %v", err)
	}
	t.Cleanup(func() { ra.Close(); rb.Close() })
	return &world{t: t, url: url, remote: dir, a: a, b: &machine{t: t, name: "desktop", repo: rb, tick: 30, auth: auth}}
}

// converge syncs a, then b, then a again, and checks that both machines
// end on the same commit with clean work trees, and that every repository
// passes git fsck --strict.
func (w *world) converge() {
	w.t.Helper()
	w.a.mustSync(nil)
	w.b.mustSync(nil)
	w.a.mustSync(nil)
	if ha, hb := w.a.head(), w.b.head(); ha != hb {
		w.t.Fatalf("machines differ after sync: %s and %s", ha[:7], hb[:7])
	}
	for _, m := range []*machine{w.a, w.b} {
		st, err := m.repo.Status()
		if err != nil {
			w.t.Fatal(err)
		}
		if len(st) > 0 {
			w.t.Errorf("%s: work tree differs from HEAD after sync: %v", m.name, st)
		}
		fsck(w.t, m.repo.Dir())
	}
	fsck(w.t, w.remote)
}

func forEachRemote(t *testing.T, f func(t *testing.T, w *world)) {
	for _, kind := range remoteKinds {
		t.Run(kind.name, func(t *testing.T) {
			f(t, newWorld(t, kind))
		})
	}
}

func TestSyncUpToDateAndFastForward(t *testing.T) {
	forEachRemote(t, func(t *testing.T, w *world) {
		res := w.b.mustSync(nil)
		if !res.UpToDate || res.Pushed || res.Before != res.Head {
			t.Errorf("fresh clone: got %+v, want up to date", res)
		}
		w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
		if res := w.a.mustSync(nil); !res.Pushed || res.Sent != 1 || res.Received != 0 {
			t.Errorf("push: got %+v, want 1 sent", res)
		}
		res = w.b.mustSync(nil)
		if !res.FastForward || res.Received != 1 || res.Pushed || len(res.Merges) != 0 {
			t.Errorf("fast-forward: got %+v", res)
		}
		if v, _ := w.b.field(routines.KindRoutine, "sleep", "at"); v != "22:00" {
			t.Errorf("sleep.at after fast-forward: got %q, want 22:00", v)
		}
		w.converge()
	})
}

func TestSyncDifferentItems(t *testing.T) {
	forEachRemote(t, func(t *testing.T, w *world) {
		w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
		w.b.set(routines.KindRoutine, "move", "duration", "45m")
		w.b.set(routines.KindPriority, "main-project", "title", "Ship the book")
		w.a.mustSync(nil)
		res := w.b.mustSync(nil)
		if len(res.Merges) != 1 || !res.Pushed || res.Received != 1 || res.Sent != 3 {
			t.Fatalf("merge: got %+v, want one merge, 1 received, 3 sent", res)
		}
		if !strings.Contains(res.Merges[0].Subject, "sleep") {
			t.Errorf("merge subject: got %q, want it to name sleep", res.Merges[0].Subject)
		}
		w.converge()
		for _, m := range []*machine{w.a, w.b} {
			checkField(t, m, routines.KindRoutine, "sleep", "at", "22:00")
			checkField(t, m, routines.KindRoutine, "move", "duration", "45m")
			checkField(t, m, routines.KindPriority, "main-project", "title", "Ship the book")
		}
		// The merge commit has both machines' commits as parents.
		var parents int
		w.a.locked(func() error {
			c, err := w.a.repo.Head()
			parents = len(c.Parents)
			return err
		})
		if parents != 2 {
			t.Errorf("merge commit parents: got %d, want 2", parents)
		}
	})
}

func checkField(t *testing.T, m *machine, kind routines.Kind, id, field, want string) {
	t.Helper()
	got, ok := m.field(kind, id, field)
	if !ok {
		t.Errorf("%s: %s %s is missing", m.name, kind, id)
		return
	}
	if got != want {
		t.Errorf("%s: %s/%s.%s: got %q, want %q", m.name, kind, id, field, got, want)
	}
}

func TestSyncSameItemDifferentFields(t *testing.T) {
	forEachRemote(t, func(t *testing.T, w *world) {
		w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
		w.b.set(routines.KindRoutine, "sleep", "duration", "7h30m")
		w.a.mustSync(nil)
		w.b.mustSync(nil)
		w.converge()
		for _, m := range []*machine{w.a, w.b} {
			checkField(t, m, routines.KindRoutine, "sleep", "at", "22:00")
			checkField(t, m, routines.KindRoutine, "sleep", "duration", "7h30m")
		}
	})
}

func TestSyncSameFieldConflict(t *testing.T) {
	for _, decide := range []string{TakeMine, TakeTheirs} {
		t.Run(decide, func(t *testing.T) {
			forEachRemote(t, func(t *testing.T, w *world) {
				w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
				w.b.set(routines.KindRoutine, "sleep", "at", "23:00")
				w.b.set(routines.KindRoutine, "move", "at", "07:00")
				w.a.mustSync(nil)

				before := w.b.snapshot()
				_, err := w.b.sync(nil)
				var ce *ConflictError
				if !errors.As(err, &ce) {
					t.Fatalf("sync: got %v, want a ConflictError", err)
				}
				if len(ce.Conflicts) != 1 || ce.Conflicts[0].Key != "routine/sleep.at" ||
					ce.Conflicts[0].Mine != "23:00" || ce.Conflicts[0].Theirs != "22:00" || ce.Conflicts[0].Base != "22:30" {
					t.Fatalf("conflicts: got %+v, want routine/sleep.at mine 23:00 theirs 22:00 base 22:30", ce.Conflicts)
				}
				if !strings.Contains(err.Error(), "routine/sleep.at: mine 23:00, theirs 22:00 (base 22:30)") {
					t.Errorf("error: got %q", err)
				}
				if after := w.b.snapshot(); after != before {
					t.Fatalf("a conflicting sync changed the machine:\nbefore %s\nafter  %s", before, after)
				}

				res, err := w.b.sync(map[string]string{"routine/sleep.at": decide})
				if err != nil {
					t.Fatalf("sync --take: %v", err)
				}
				if len(res.Merges) != 1 || len(res.Merges[0].Decided) != 1 {
					t.Errorf("decided: got %+v", res.Merges)
				}
				w.converge()
				want := map[string]string{TakeMine: "23:00", TakeTheirs: "22:00"}[decide]
				for _, m := range []*machine{w.a, w.b} {
					checkField(t, m, routines.KindRoutine, "sleep", "at", want)
					checkField(t, m, routines.KindRoutine, "move", "at", "07:00")
				}
			})
		})
	}
}

// TestSyncResolve asks Resolve, as a person at a terminal would be asked,
// for the conflicts no take key decides.
func TestSyncResolve(t *testing.T) {
	w := newWorld(t, fileRemote)
	w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
	w.a.set(routines.KindRoutine, "move", "at", "06:45")
	w.b.set(routines.KindRoutine, "sleep", "at", "23:00")
	w.b.set(routines.KindRoutine, "move", "at", "07:15")
	w.a.mustSync(nil)
	run := func(answers map[string]string) (*Result, []string, error) {
		var asked []string
		var res *Result
		err := w.b.locked(func() error {
			var err error
			res, err = Run(context.Background(), w.b.repo, Options{
				Author: testAuthor,
				Auth:   w.b.auth,
				Take:   map[string]string{"routine/move.at": TakeMine},
				Resolve: func(remote string, cs []Conflict) (map[string]string, error) {
					if remote != "origin/main" {
						t.Errorf("Resolve remote: got %q, want origin/main", remote)
					}
					for _, c := range cs {
						asked = append(asked, c.Key)
					}
					return answers, nil
				},
			})
			return err
		})
		return res, asked, err
	}
	before := w.b.snapshot()
	_, asked, err := run(nil)
	var ce *ConflictError
	if !errors.As(err, &ce) || fmt.Sprint(asked) != "[routine/sleep.at]" {
		t.Fatalf("undecided: got %v after asking %v, want a ConflictError after asking [routine/sleep.at]", err, asked)
	}
	if w.b.snapshot() != before {
		t.Fatal("an undecided sync changed the machine")
	}
	res, _, err := run(map[string]string{"routine/sleep.at": TakeTheirs})
	if err != nil {
		t.Fatalf("decided: %v", err)
	}
	if got := res.Merges[0].Decided; len(got) != 2 {
		t.Errorf("decided: got %v, want both conflicts", got)
	}
	w.converge()
	checkField(t, w.a, routines.KindRoutine, "sleep", "at", "22:00")
	checkField(t, w.a, routines.KindRoutine, "move", "at", "07:15")
}

func TestSyncDeleteVersusEdit(t *testing.T) {
	for _, decide := range []string{TakeMine, TakeTheirs} {
		t.Run(decide, func(t *testing.T) {
			forEachRemote(t, func(t *testing.T, w *world) {
				w.a.remove(routines.KindPriority, "desk-setup")
				w.b.set(routines.KindPriority, "desk-setup", "rank", "1")
				w.b.set(routines.KindRoutine, "sleep", "at", "21:45")
				w.a.mustSync(nil)

				before := w.b.snapshot()
				_, err := w.b.sync(nil)
				var ce *ConflictError
				if !errors.As(err, &ce) || len(ce.Conflicts) != 1 || ce.Conflicts[0].Key != "priority/desk-setup" {
					t.Fatalf("sync: got %v, want one conflict on priority/desk-setup", err)
				}
				if ce.Conflicts[0].Reason != reasonRemovedTheirs || ce.Conflicts[0].Theirs != "removed" {
					t.Errorf("conflict: got %+v, want changed here, removed on the remote", ce.Conflicts[0])
				}
				if w.b.snapshot() != before {
					t.Fatal("a conflicting sync changed the machine")
				}
				w.b.mustSync(map[string]string{"priority/desk-setup": decide})
				w.converge()
				for _, m := range []*machine{w.a, w.b} {
					if decide == TakeMine {
						checkField(t, m, routines.KindPriority, "desk-setup", "rank", "1")
					} else if _, ok := m.field(routines.KindPriority, "desk-setup", "rank"); ok {
						t.Errorf("%s: desk-setup is still there after taking the removal", m.name)
					}
					checkField(t, m, routines.KindRoutine, "sleep", "at", "21:45")
				}
			})
		})
	}
}

// recordFile writes a review record as `myos review` would.
func recordFile(day routines.Date, answers map[string]string) store.Change {
	r := &review.Record{Date: day, Kind: review.Daily}
	ids := make([]string, 0, len(answers))
	for id := range answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r.Routines = append(r.Routines, review.RoutineAnswer{ID: id, Day: day, Answer: answers[id]})
	}
	return store.Change{Path: review.Path(day, review.Daily), Data: r.Marshal()}
}

func readRecord(t *testing.T, m *machine, day routines.Date) *review.Record {
	t.Helper()
	p := review.Path(day, review.Daily)
	data := m.read(p)
	if data == nil {
		t.Fatalf("%s: %s is missing", m.name, p)
	}
	r, err := review.Parse(p, data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSyncReviewRecords(t *testing.T) {
	day := routines.Date{Year: 2026, Month: 11, Day: 25}
	prev := day.AddDays(-1)
	forEachRemote(t, func(t *testing.T, w *world) {
		// Different days never conflict; the same day merges answer by
		// answer.
		w.a.commit("review: 2026-11-24", recordFile(prev, map[string]string{"sleep": "yes"}))
		w.b.commit("review: 2026-11-25", recordFile(day, map[string]string{"move": "no"}))
		w.a.commit("review: 2026-11-25", recordFile(day, map[string]string{"sleep": "yes"}))
		w.a.mustSync(nil)
		w.b.mustSync(nil)
		w.converge()
		for _, m := range []*machine{w.a, w.b} {
			if got := readRecord(t, m, prev).Answer("sleep", prev); got != "yes" {
				t.Errorf("%s: the day before: sleep got %q, want yes", m.name, got)
			}
			r := readRecord(t, m, day)
			if r.Answer("sleep", day) != "yes" || r.Answer("move", day) != "no" {
				t.Errorf("%s: same day: got %+v, want sleep yes and move no", m.name, r.Routines)
			}
		}

		// The same answer given both ways is a conflict until decided.
		w.a.commit("review again", recordFile(day, map[string]string{"sleep": "no", "move": "no"}))
		w.b.commit("review again", recordFile(day, map[string]string{"sleep": "skip", "move": "no"}))
		w.a.mustSync(nil)
		before := w.b.snapshot()
		_, err := w.b.sync(nil)
		var ce *ConflictError
		if !errors.As(err, &ce) || len(ce.Conflicts) != 1 || ce.Conflicts[0].Key != "review/2026-11-25/sleep@2026-11-25" {
			t.Fatalf("sync: got %v, want a conflict on review/2026-11-25/sleep@2026-11-25", err)
		}
		if w.b.snapshot() != before {
			t.Fatal("a conflicting sync changed the machine")
		}
		w.b.mustSync(map[string]string{"review/2026-11-25/sleep@2026-11-25": TakeTheirs})
		w.converge()
		if got := readRecord(t, w.b, day).Answer("sleep", day); got != "no" {
			t.Errorf("after taking theirs: sleep got %q, want no", got)
		}
	})
}

func TestSyncNotesByLine(t *testing.T) {
	forEachRemote(t, func(t *testing.T, w *world) {
		w.a.commit("notes", store.Change{Path: "notes.md", Data: []byte("# Notes\n\nONE\ntwo\nthree\nfour\nfive\n")})
		w.b.commit("notes", store.Change{Path: "notes.md", Data: []byte("# Notes\n\none\ntwo\nthree\nfour\nFIVE\n")})
		w.a.mustSync(nil)
		w.b.mustSync(nil)
		w.converge()
		if got, want := string(w.a.read("notes.md")), "# Notes\n\nONE\ntwo\nthree\nfour\nFIVE\n"; got != want {
			t.Errorf("notes.md: got %q, want %q", got, want)
		}

		w.a.commit("notes", store.Change{Path: "notes.md", Data: []byte("# Notes\n\nmine\n")})
		w.b.commit("notes", store.Change{Path: "notes.md", Data: []byte("# Notes\n\ntheirs\n")})
		w.a.mustSync(nil)
		_, err := w.b.sync(nil)
		var ce *ConflictError
		if !errors.As(err, &ce) || len(ce.Conflicts) != 1 || ce.Conflicts[0].Key != "notes.md" {
			t.Fatalf("sync: got %v, want a conflict on notes.md", err)
		}
		w.b.mustSync(map[string]string{"notes.md": TakeBoth})
		w.converge()
		if got, want := string(w.a.read("notes.md")), "# Notes\n\ntheirs\nmine\n"; got != want {
			t.Errorf("notes.md after both: got %q, want %q (the desktop's lines, then the laptop's)", got, want)
		}
	})
}

// TestSyncKeepsBothSidesComments guards against a merge of a model file
// keeping only this machine's text outside items: each machine put a note
// at the top of routines.toml, one also moved an item, and after syncing
// both ways the other machine's note was gone from both, with no conflict
// said. Comments changed on both sides with no item changed merge too.
func TestSyncKeepsBothSidesComments(t *testing.T) {
	w := newWorld(t, fileRemote)
	prepend := func(m *machine, line string) {
		m.commit("a note", store.Change{Path: routines.FileRoutines, Data: append([]byte(line+"\n"), m.read(routines.FileRoutines)...)})
	}
	prepend(w.a, "# note from machine A")
	prepend(w.b, "# note from machine B")
	w.b.set(routines.KindRoutine, "sleep", "at", "22:00")
	w.a.mustSync(nil)
	res := w.b.mustSync(nil)
	w.a.mustSync(nil)
	for _, m := range []*machine{w.a, w.b} {
		got := string(m.read(routines.FileRoutines))
		if !strings.HasPrefix(got, "# note from machine B\n# note from machine A\n") {
			t.Errorf("%s: routines.toml starts %q, want both notes, the desktop's first", m.name, got[:min(len(got), 60)])
		}
		checkField(t, m, routines.KindRoutine, "sleep", "at", "22:00")
	}
	if a, b := w.a.read(routines.FileRoutines), w.b.read(routines.FileRoutines); string(a) != string(b) {
		t.Errorf("routines.toml differs between the machines:\n%s\n---\n%s", a, b)
	}
	if len(res.Merges) != 1 || !slices.Contains(res.Merges[0].Applied, "routines.toml: comments merged by line") {
		t.Errorf("merge: got %+v, want one that says it merged routines.toml's comments", res.Merges)
	}
	heads := w.a.head()
	for _, m := range []*machine{w.b, w.a} {
		if res := m.mustSync(nil); !res.UpToDate || m.head() != heads {
			t.Errorf("%s: second sync: got %+v, want up to date at %s", m.name, res, heads[:7])
		}
	}

	// Only comments, on both sides.
	edited := strings.Replace(string(w.a.read(routines.FileRoutines)), "# note from machine A\n", "# note from machine A, edited\n", 1)
	w.a.commit("edit a note", store.Change{Path: routines.FileRoutines, Data: []byte(edited)})
	w.b.commit("a note at the end", store.Change{Path: routines.FileRoutines, Data: append(w.b.read(routines.FileRoutines), "# more from machine B\n"...)})
	w.converge()
	for _, m := range []*machine{w.a, w.b} {
		got := string(m.read(routines.FileRoutines))
		if !strings.Contains(got, "\n# note from machine A, edited\n") || !strings.HasSuffix(got, "\n# more from machine B\n") || strings.Contains(got, "machine A\n") {
			t.Errorf("%s: routines.toml: got\n%s\nwant the laptop's edit and the desktop's new note", m.name, got)
		}
	}
}

func TestSyncRefusesHandEdits(t *testing.T) {
	w := newWorld(t, fileRemote)
	w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
	w.a.mustSync(nil)
	if err := os.WriteFile(filepath.Join(w.b.repo.Dir(), "routines.toml"), append(w.b.read("routines.toml"), "\n# hand edit\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	before := w.b.snapshot()
	_, err := w.b.sync(nil)
	var de *DirtyError
	if !errors.As(err, &de) || len(de.Paths) != 1 || de.Paths[0] != "routines.toml" {
		t.Fatalf("sync with a hand edit: got %v, want a DirtyError naming routines.toml", err)
	}
	if w.b.snapshot() != before {
		t.Fatal("a refused sync changed the machine")
	}
}

// TestSyncBesideNotesUnderReviews: a file of the person's own under
// reviews/ that is no record is not a hand edit to the OS, and no more
// stops a sync than a file beside os.toml does; one the other machine
// brings is refused rather than written over (TestSyncKeepsUntrackedFiles).
// A sync used to refuse for any file under reviews/.
func TestSyncBesideNotesUnderReviews(t *testing.T) {
	w := newWorld(t, fileRemote)
	w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
	w.a.mustSync(nil)
	p := filepath.Join(w.b.repo.Dir(), "reviews", "notes.md")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("not committed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := w.b.mustSync(nil)
	if !res.FastForward {
		t.Errorf("sync beside reviews/notes.md: got %+v, want a fast-forward", res)
	}
	if got := w.b.read("reviews/notes.md"); string(got) != "not committed\n" {
		t.Errorf("reviews/notes.md: got %q, want it as it was", got)
	}
}

// TestSyncKeepsUntrackedFiles guards against a fast-forward or a merge
// overwriting a file nobody committed, in a folder status does not look
// into.
func TestSyncKeepsUntrackedFiles(t *testing.T) {
	// notes/ is a folder status does not look into; a file under
	// reviews/ that is no record is not the OS's either.
	for _, path := range []string{"notes/ideas.md", "reviews/notes.md"} {
		for _, diverged := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/diverged=%v", path, diverged), func(t *testing.T) {
				w := newWorld(t, fileRemote)
				w.a.commit("ideas", store.Change{Path: path, Data: []byte("from the laptop\n")})
				w.a.mustSync(nil)
				if diverged {
					w.b.set(routines.KindRoutine, "sleep", "at", "22:00")
				}
				p := filepath.Join(w.b.repo.Dir(), filepath.FromSlash(path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("not committed\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				before := w.b.snapshot()
				_, err := w.b.sync(nil)
				var de *DirtyError
				if !errors.As(err, &de) || fmt.Sprint(de.Paths) != "["+path+"]" {
					t.Fatalf("sync: got %v, want a DirtyError naming %s", err, path)
				}
				if w.b.snapshot() != before {
					t.Fatal("a refused sync changed the machine")
				}
			})
		}
	}
}

func TestSyncUnreachable(t *testing.T) {
	w := newWorld(t, fileRemote)
	w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := fmt.Sprintf("git://%s/os.git", ln.Addr())
	ln.Close()
	for _, url := range []string{closed, "file://" + filepath.Join(t.TempDir(), "gone.git")} {
		if err := w.a.locked(func() error { return w.a.repo.SetRemote(store.DefaultRemote, url) }); err != nil {
			t.Fatal(err)
		}
		before := w.a.snapshot()
		_, err := w.a.sync(nil)
		var re *RemoteError
		if !errors.As(err, &re) || re.Op != "fetch" || re.Hint == "" {
			t.Fatalf("sync with %s: got %v, want a fetch RemoteError with a hint", url, err)
		}
		if w.a.snapshot() != before {
			t.Fatalf("a failed sync with %s changed the machine", url)
		}
	}
}

// TestSyncPushRace runs both machines' syncs at once: one pushes first, and
// the other finds the remote moved, fetches, merges and pushes again.
func TestSyncPushRace(t *testing.T) {
	forEachRemote(t, func(t *testing.T, w *world) {
		for round := 0; round < 3; round++ {
			w.a.set(routines.KindRoutine, "sleep", "duration", fmt.Sprintf("%dh", 7+round))
			w.b.set(routines.KindRoutine, "move", "duration", fmt.Sprintf("%dm", 40+round))
			var wg gosync.WaitGroup
			errs := make([]error, 2)
			for i, m := range []*machine{w.a, w.b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					unlock, err := m.repo.Lock(10 * time.Second)
					if err != nil {
						errs[i] = err
						return
					}
					defer unlock()
					a := testAuthor
					a.When = time.Date(2026, 11, 25, 9, 0, round, 0, time.UTC)
					_, errs[i] = Run(context.Background(), m.repo, Options{Author: a, Auth: m.auth})
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("round %d: sync %d: %v", round, i, err)
				}
			}
			w.converge()
			for _, m := range []*machine{w.a, w.b} {
				checkField(t, m, routines.KindRoutine, "sleep", "duration", fmt.Sprintf("%dh", 7+round))
				checkField(t, m, routines.KindRoutine, "move", "duration", fmt.Sprintf("%dm", 40+round))
			}
		}
	})
}

// TestSyncRemoteMovesBeforePush makes the other machine push between this
// machine's fetch and its push, every round: the push is refused, and sync
// fetches and merges again, up to its bound.
func TestSyncRemoteMovesBeforePush(t *testing.T) {
	forEachRemote(t, func(t *testing.T, w *world) {
		w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
		moves, rank := 1, 1
		other := func(round int) {
			if round > moves {
				return
			}
			rank++
			w.b.set(routines.KindPriority, "main-project", "rank", fmt.Sprint(rank))
			w.b.mustSync(nil)
		}
		var res *Result
		err := w.a.locked(func() error {
			var err error
			res, err = Run(context.Background(), w.a.repo, Options{Author: testAuthor, Auth: w.a.auth, beforePush: other})
			return err
		})
		if err != nil {
			t.Fatalf("sync: %v", err)
		}
		// Round 1 only had to push; round 2 merges what came meanwhile.
		if res.Rounds != 2 || !res.Pushed || len(res.Merges) != 1 || res.Received != 1 {
			t.Errorf("sync: got %d rounds, pushed %v, %d merges, %d received; want 2, true, 1, 1", res.Rounds, res.Pushed, len(res.Merges), res.Received)
		}
		w.converge()
		checkField(t, w.b, routines.KindRoutine, "sleep", "at", "22:00")
		checkField(t, w.a, routines.KindPriority, "main-project", "rank", "2")

		// A remote that moves before every push wears sync out, and it
		// says so; what it merged stays committed here.
		moves = 10
		w.a.set(routines.KindRoutine, "sleep", "at", "21:30")
		err = w.a.locked(func() error {
			var err error
			res, err = Run(context.Background(), w.a.repo, Options{Author: testAuthor, Auth: w.a.auth, beforePush: other})
			return err
		})
		var re *RemoteError
		if !errors.As(err, &re) || !strings.Contains(re.Hint, "again") || res.Rounds != DefaultRounds {
			t.Fatalf("sync against a moving remote: got %v after %d rounds, want a RemoteError after %d", err, res.Rounds, DefaultRounds)
		}
		moves = 0
		w.converge()
		checkField(t, w.b, routines.KindRoutine, "sleep", "at", "21:30")
		checkField(t, w.a, routines.KindPriority, "main-project", "rank", fmt.Sprint(rank))
	})
}

// TestSyncWithoutGitBinary syncs over file:// with nothing on PATH.
func TestSyncWithoutGitBinary(t *testing.T) {
	t.Setenv("PATH", "")
	w := newWorld(t, fileRemote)
	w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
	w.b.set(routines.KindRoutine, "move", "at", "07:00")
	w.converge()
	checkField(t, w.a, routines.KindRoutine, "move", "at", "07:00")
	checkField(t, w.b, routines.KindRoutine, "sleep", "at", "22:00")
}

func TestSyncNoRemote(t *testing.T) {
	r, err := store.Init(filepath.Join(t.TempDir(), "os"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := Run(context.Background(), r, Options{}); !errors.Is(err, store.ErrNoRemote) {
		t.Errorf("sync without a remote: got %v, want ErrNoRemote", err)
	}
}

func TestSyncUnrelated(t *testing.T) {
	w := newWorld(t, fileRemote)
	other, err := store.Init(filepath.Join(t.TempDir(), "other"), "")
	if err != nil {
		t.Fatal(err)
	}
	m := &machine{t: t, name: "other", repo: other}
	m.commit("init", store.Change{Path: "os.toml", Data: w.a.read("os.toml")})
	if err := m.locked(func() error { return other.SetRemote(store.DefaultRemote, w.url) }); err != nil {
		t.Fatal(err)
	}
	before := m.snapshot()
	if _, err := m.sync(nil); !errors.Is(err, ErrUnrelated) {
		t.Errorf("sync with an unrelated remote: got %v, want ErrUnrelated", err)
	}
	if m.snapshot() != before {
		t.Error("a refused sync changed the machine")
	}
}

// TestSyncHTTPSRefusedToken: over https with a token the server does not
// take, sync fails saying which token was refused, and nothing changes.
func TestSyncHTTPSRefusedToken(t *testing.T) {
	w := newWorld(t, httpsRemote)
	w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
	before := w.a.head()
	w.a.auth = AuthFor(w.url, func(k string) string {
		if k == "MYOS_GIT_TOKEN" {
			return "not-the-token"
		}
		return ""
	})
	_, err := w.a.sync(nil)
	if err == nil {
		t.Fatalf("sync with a wrong token: no error")
	}
	var re *RemoteError
	if !errors.As(err, &re) || !strings.Contains(re.Hint, "MYOS_GIT_TOKEN was refused") {
		t.Errorf("sync with a wrong token: got %v (%#v), want a RemoteError saying the token in MYOS_GIT_TOKEN was refused", err, re)
	}
	if w.a.head() != before {
		t.Errorf("a refused sync moved HEAD")
	}
}
