package cli

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/templates"
)

// cmdGitDaemon starts `git daemon` serving every repository under DIR on
// a free port of 127.0.0.1 for the rest of the script, and sets $GITPORT.
// Scripts that use it check [exec:git] first.
//
//	gitdaemon DIR
func cmdGitDaemon(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gitdaemon DIR")
	}
	dir := ts.MkAbs(args[0])
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := l.Addr().(*net.TCPAddr).Port
	ts.Check(l.Close())
	// `git daemon` runs git-daemon as a child of its own, which killing
	// git would leave behind: start git-daemon itself. Its output goes to
	// the null device, so that waiting for it never waits on a pipe a
	// child of it still holds.
	out, err := exec.Command("git", "--exec-path").Output()
	ts.Check(err)
	daemon := filepath.Join(strings.TrimSpace(string(out)), "git-daemon")
	cmd := exec.Command(daemon, "--reuseaddr", "--base-path="+dir, "--export-all",
		"--port="+strconv.Itoa(port), "--listen=127.0.0.1", dir)
	ts.Check(cmd.Start())
	ts.Defer(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 200 {
			ts.Fatalf("git daemon on %s: %v", addr, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	ts.Setenv("GITPORT", strconv.Itoa(port))
}

// cmdBigFile writes a TOML file of comment lines of at least N bytes.
//
//	bigfile PATH N
func cmdBigFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bigfile PATH N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	line := []byte("# padding padding padding padding padding padding padding padding\n")
	b := bytes.Repeat(line, n/len(line)+1)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
	fmt.Fprintf(ts.Stdout(), "wrote %d bytes\n", len(b))
}

// cmdNoPath removes from $PATH every folder that holds one of the
// programs, so that a script can show myos works without them.
//
//	nopath PROG...
func cmdNoPath(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: nopath PROG...")
	}
	var keep []string
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		found := false
		for _, prog := range args {
			if fi, err := os.Stat(filepath.Join(dir, prog)); err == nil && !fi.IsDir() {
				found = true
			}
		}
		if !found {
			keep = append(keep, dir)
		}
	}
	ts.Setenv("PATH", strings.Join(keep, string(filepath.ListSeparator)))
}

// copyTeamTemplate writes the built-in team template into dir/team, a
// folder template to apply, and returns that folder.
func copyTeamTemplate(t *testing.T, dir string) string {
	t.Helper()
	tpl := filepath.Join(dir, "team")
	if err := os.MkdirAll(tpl, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, _ := fs.ReadDir(templates.FS, "team")
	for _, e := range entries {
		b, _ := fs.ReadFile(templates.FS, "team/"+e.Name())
		if err := os.WriteFile(filepath.Join(tpl, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tpl
}

// TestTemplateApplyAsks decides a conflict on a terminal by asking, and
// abandons without writing when input ends.
func TestTemplateApplyAsks(t *testing.T) {
	home := scriptEnv(t)
	tpl := copyTeamTemplate(t, home)
	osDir := filepath.Join(home, "os")
	width := 80
	run := func(in string, tty bool, args ...string) (int, string, string) {
		streams, out, errOut := TestIO(in)
		streams.InTTY, streams.OutTTY = tty, tty
		streams.Width = width
		code := Main(append(args, "--dir", osDir), streams)
		return code, out.String(), errOut.String()
	}
	if code, _, errOut := run("", false, "init", "--template", tpl, "--name", "TestOS", "--owner", "Andy"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run("", false, "set", "routine", "retro", "duration=30m"); code != 0 {
		t.Fatalf("set: exit %d: %s", code, errOut)
	}
	edit := func(name, old, new string) {
		p := filepath.Join(tpl, name)
		b, _ := os.ReadFile(p)
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s: %q not found", name, old)
		}
		os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
	}
	edit("routines.toml", `duration = "45m"`, `duration = "1h"`)
	edit("template.toml", `version = "1.0.0"`, `version = "1.1.0"`)

	code, out, errOut := run("", true, "template", "apply", tpl)
	if code != ExitFailure || !strings.Contains(errOut, "apply abandoned: nothing was changed") || !strings.Contains(out, "conflict routine/retro.duration") {
		t.Errorf("end of input: got exit %d, stdout %q, stderr %q; want the conflict asked about, exit 1 and abandoned", code, out, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(osDir, "routines.toml")); !bytes.Contains(b, []byte(`duration = "30m"`)) {
		t.Errorf("after abandoning: got routines.toml changed")
	}

	// Regression: at 40 columns the conflict and the question were one
	// line each, broken by the terminal in the middle of words.
	width = 40
	_, out, _ = run("", true, "template", "apply", tpl)
	for _, want := range []string{
		"conflict routine/retro.duration: yours\n         30m, the template's 1h (was\n         45m)\n",
		"keep (m)ine, take (t)heirs, or keep\n(b)oth? ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("at 40 columns, want %q in:\n%s", want, out)
		}
	}
	width = 80

	code, out, errOut = run("x\nt\n", true, "template", "apply", tpl)
	if code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errOut)
	}
	if got := strings.Count(out, "keep (m)ine, take (t)heirs, or keep (b)oth? "); got != 2 {
		t.Errorf("got %d questions, want 2 (one answer was not understood):\n%s", got, out)
	}
	// Regression: the question was asked again without a word on why.
	if !strings.Contains(out, "answer m, t or b") {
		t.Errorf("x was asked again without saying what to answer:\n%s", out)
	}
	for _, want := range []string{
		"conflict routine/retro.duration: yours 30m, the template's 1h (was 45m)",
		"template: apply team 1.1.0 (was 1.0.0): 1 changed",
		"routine/retro.duration: took theirs (1h)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout: got\n%s\nwant %q", out, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(osDir, "routines.toml")); !bytes.Contains(b, []byte(`duration = "1h"`)) {
		t.Errorf("routines.toml: got\n%s\nwant the template's 1h", b)
	}
}

// TestTemplateApplyAsksWithoutTheLock guards the conflict questions of
// template apply against holding the repository's lock while they wait:
// another write failed with "repository is locked" for as long as a
// question stayed open, and Ctrl-C at it left the lock file behind. A
// write made while the person answers makes the answers ones for another
// OS: the apply is refused, with nothing changed.
func TestTemplateApplyAsksWithoutTheLock(t *testing.T) {
	home := scriptEnv(t)
	tpl := copyTeamTemplate(t, home)
	osDir := filepath.Join(home, "os")
	lock := filepath.Join(osDir, ".git", store.LockFile)
	run := func(in io.Reader, tty bool, args ...string) (int, string, string) {
		streams, out, errOut := TestIO("")
		streams.In = in
		streams.InTTY, streams.OutTTY = tty, tty
		code := Main(append(args, "--dir", osDir), streams)
		return code, out.String(), errOut.String()
	}
	for _, args := range [][]string{
		{"init", "--template", tpl, "--name", "TestOS", "--owner", "Andy"},
		{"set", "routine", "retro", "duration=30m"},
		{"set", "routine", "on-call-handover", "at=10:00"},
		{"set", "routine", "incident-review", "title=Incidents, mine"},
	} {
		if code, _, errOut := run(strings.NewReader(""), false, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
		}
	}
	edit := func(name, old, new string) {
		p := filepath.Join(tpl, name)
		b, _ := os.ReadFile(p)
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s: %q not found", name, old)
		}
		os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
	}
	edit("routines.toml", `duration = "45m"`, `duration = "1h"`)
	edit("routines.toml", `at = "09:45"`, `at = "09:30"`)
	edit("routines.toml", `title = "Review last week's incidents and alerts"`, `title = "Incidents, theirs"`)
	edit("template.toml", `version = "1.0.0"`, `version = "1.1.0"`)

	answers := map[string]string{
		"routine/retro.duration":        "m\n",
		"routine/on-call-handover.at":   "t\n",
		"routine/incident-review.title": "b\n",
	}
	// answering answers each question by the conflict above it, after
	// checking that the lock is let go; the first time, when write is
	// not nil, another command writes meanwhile. Input ends after the
	// answers, or at once with none.
	answering := func(out func() string, answers map[string]string, write []string) io.Reader {
		return readerFunc(func(p []byte) (int, error) {
			if _, err := os.Stat(lock); err == nil {
				t.Error("the lock is held while a question waits for an answer")
			}
			if write != nil {
				if code, _, errOut := run(strings.NewReader(""), false, write...); code != 0 {
					t.Errorf("%s while a question waits: exit %d: %s", strings.Join(write, " "), code, errOut)
				}
				write = nil
			}
			text := out()
			i := strings.LastIndex(text, "conflict ")
			if i < 0 {
				return 0, io.EOF
			}
			key, _, _ := strings.Cut(text[i+len("conflict "):], ":")
			a, ok := answers[key]
			if !ok {
				return 0, io.EOF
			}
			return copy(p, a), nil
		})
	}
	apply := func(answers map[string]string, write []string) (int, string, string) {
		streams, out, errOut := TestIO("")
		streams.In = answering(out.String, answers, write)
		streams.InTTY, streams.OutTTY = true, true
		code := Main([]string{"template", "apply", tpl, "--dir", osDir}, streams)
		return code, out.String(), errOut.String()
	}
	routinesNow := func() string {
		b, _ := os.ReadFile(filepath.Join(osDir, "routines.toml"))
		return string(b)
	}
	before := routinesNow()

	// End of input: abandoned, nothing changed, no lock left.
	code, _, errOut := apply(nil, nil)
	if code != ExitFailure || !strings.Contains(errOut, "apply abandoned: nothing was changed") {
		t.Errorf("end of input: got exit %d, stderr %q; want abandoned", code, errOut)
	}
	if got := routinesNow(); got != before {
		t.Errorf("after abandoning: got routines.toml\n%s\nwant it as it was", got)
	}
	if _, err := os.Stat(lock); err == nil {
		t.Errorf("after abandoning: %s left behind", lock)
	}

	// Another write while the questions wait: it goes through, and the
	// apply is refused with nothing changed.
	code, _, errOut = apply(answers, []string{"set", "routine", "game-day", "title=Game day"})
	if code != ExitFailure || !strings.Contains(errOut, "myos: your OS changed while you answered: nothing was changed\n") ||
		!strings.Contains(errOut, "hint: run `myos template apply "+tpl+"` again") {
		t.Errorf("a write meanwhile: got exit %d, stderr %q; want the apply refused", code, errOut)
	}
	after := routinesNow()
	if !strings.Contains(after, `title = "Game day"`) || !strings.Contains(after, `duration = "30m"`) || strings.Contains(after, "theirs") {
		t.Errorf("after the refusal: got routines.toml\n%s\nwant the other write only", after)
	}
	if b, _ := os.ReadFile(filepath.Join(osDir, ".myos", "template.toml")); !bytes.Contains(b, []byte(`version = "1.0.0"`)) {
		t.Errorf("after the refusal: got .myos/template.toml\n%s\nwant 1.0.0 still", b)
	}

	// Answered with nothing else writing: each answer is applied.
	code, out, errOut := apply(answers, nil)
	if code != ExitOK {
		t.Fatalf("apply: exit %d: %s", code, errOut)
	}
	if got := strings.Count(out, "keep (m)ine, take (t)heirs, or keep (b)oth? "); got != 3 {
		t.Errorf("got %d questions, want 3:\n%s", got, out)
	}
	after = routinesNow()
	for _, want := range []string{`duration = "30m"`, `at = "09:30"`, `title = "Incidents, mine"`, `id = "incident-review-2"`, `title = "Incidents, theirs"`} {
		if !strings.Contains(after, want) {
			t.Errorf("routines.toml: got\n%s\nwant %s", after, want)
		}
	}
	if _, err := os.Stat(lock); err == nil {
		t.Errorf("after the apply: %s left behind", lock)
	}
}

// TestTemplateExportOneLineMeta guards against export writing a
// template.toml whose description or version forges lines in commit
// messages or escapes on terminals: the flags are refused as usage.
func TestTemplateExportOneLineMeta(t *testing.T) {
	home := scriptEnv(t)
	osDir := filepath.Join(home, "os")
	streams, _, errOut := TestIO("")
	if code := Main([]string{"init", "--dir", osDir, "--owner", "Andy"}, streams); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	tests := []struct{ flag, val, want string }{
		{"--version", "1.0.0\nSigned-off-by: Mallory <m@evil>", `myos: --version "1.0.0\nSigned-off-by: Mallory <m@evil>": write it on one line`},
		{"--description", "Ours\x1b[2J", `myos: --description "Ours\x1b[2J": write it on one line`},
	}
	for _, tt := range tests {
		dir := filepath.Join(home, "export")
		streams, _, errOut := TestIO("")
		code := Main([]string{"template", "export", dir, "--dir", osDir, tt.flag, tt.val}, streams)
		if code != ExitUsage || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("%s %q: got exit %d, stderr %q; want exit %d and %q", tt.flag, tt.val, code, errOut, ExitUsage, tt.want)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s %q: got %s written, want nothing", tt.flag, tt.val, dir)
		}
	}
}

// scriptEnv gives a test the environment the scripts run in (see
// TestScripts): its own home and XDG folders, the clock and timezone
// pinned, no colour. It returns the home folder.
func scriptEnv(t *testing.T) string {
	home := t.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config", "XDG_CACHE_HOME": home + "/cache",
		"TZ": "Europe/Helsinki", "MYOS_NOW": "2026-11-25T08:30:00+02:00", "MYOS_DIR": "",
		"GIT_AUTHOR_NAME": "Andy", "GIT_AUTHOR_EMAIL": "andy@example.com", "NO_COLOR": "1",
	} {
		t.Setenv(k, v)
	}
	return home
}
