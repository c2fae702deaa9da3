package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run `myos` as this test binary.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"myos": func() { os.Exit(Main(os.Args[1:], Stdio())) },
	})
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
