package cli

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
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
