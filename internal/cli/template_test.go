package cli

import (
	"bytes"
	"fmt"
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

// TestTemplateApplyAsks decides a conflict on a terminal by asking, and
// abandons without writing when input ends.
func TestTemplateApplyAsks(t *testing.T) {
	home := scriptEnv(t)
	tpl := filepath.Join(home, "team")
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
