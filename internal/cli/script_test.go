package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run `myos` and `replace` as this test binary.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"myos":    func() { os.Exit(Main(os.Args[1:], Stdio())) },
		"replace": func() { os.Exit(replaceMain(os.Args[1:])) },
	})
}

// replaceMain is the scripts' way to edit a file in place:
//
//	replace REGEXP REPLACEMENT FILE
//
// It replaces every match of REGEXP in FILE, as `sed -i
// 's/REGEXP/REPLACEMENT/g'` does with GNU sed, but alike on every system:
// BSD sed (macOS) wants a suffix after -i, and only GNU sed reads \n as a
// line break. REGEXP is Go's, with ^ and $ matching at line breaks; in
// REPLACEMENT, \n is a line break and $1 a group. A REGEXP that matches
// nothing fails, so a script never goes on testing a file it did not
// change. Like sed -i, it puts a new file in the old one's place. FILE
// comes last so that it can stand as $EDITOR, and as a program rather
// than a script command so that an editor script can run it too.
func replaceMain(args []string) int {
	if err := replace(args); err != nil {
		fmt.Fprintln(os.Stderr, "replace:", err)
		return 1
	}
	return 0
}

func replace(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: replace REGEXP REPLACEMENT FILE")
	}
	re, err := regexp.Compile("(?m)" + args[0])
	if err != nil {
		return err
	}
	file := args[2]
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if !re.Match(data) {
		return fmt.Errorf("%q matches nothing in %s", args[0], file)
	}
	data = re.ReplaceAll(data, []byte(strings.ReplaceAll(args[1], `\n`, "\n")))
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".replace-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), info.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

// TestScripts runs the end-to-end scenarios in testdata/script. Each runs
// in its own HOME and XDG folders, with a fixed clock and timezone.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: false,
		Setup: func(env *testscript.Env) error {
			home := env.WorkDir + "/home"
			env.Setenv("HOME", home)
			env.Setenv("XDG_DATA_HOME", home+"/.local/share")
			env.Setenv("XDG_CONFIG_HOME", home+"/.config")
			env.Setenv("XDG_CACHE_HOME", home+"/.cache")
			env.Setenv("TZ", "Europe/Helsinki")
			env.Setenv("MYOS_NOW", "2026-11-25T08:30:00+02:00")
			env.Setenv("GIT_AUTHOR_NAME", "Andy")
			env.Setenv("GIT_AUTHOR_EMAIL", "andy@example.com")
			env.Setenv("NO_COLOR", "1")
			return os.MkdirAll(home, 0o755)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gitdaemon": cmdGitDaemon, // template_test.go
			"bigfile":   cmdBigFile,   // template_test.go
			"nopath":    cmdNoPath,    // template_test.go
		},
		Condition: func(cond string) (bool, error) {
			return false, nil
		},
	})
}
