package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRestorePrompt covers restore on a terminal: it lists the hand edits,
// asks, and throws them away only on a yes.
func TestRestorePrompt(t *testing.T) {
	home := t.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_CACHE_HOME": filepath.Join(home, ".cache"),
		"GIT_AUTHOR_NAME": "Andy", "GIT_AUTHOR_EMAIL": "andy@example.com", "TZ": "UTC",
	} {
		t.Setenv(k, v)
	}
	osDir := filepath.Join(home, "os")
	run := func(in string, args ...string) (int, string, string) {
		streams, out, errOut := TestIO(in)
		streams.InTTY, streams.OutTTY = true, true
		code := Main(append(args, "--dir", osDir), streams)
		return code, out.String(), errOut.String()
	}
	if code, _, errOut := run("", "init", "--template", "minimal", "--name", "TestOS", "--owner", "Andy"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	routines := filepath.Join(osDir, "routines.toml")
	committed, err := os.ReadFile(routines)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(committed), `at = "22:30"`, `at = "23:00"`, 1)

	tests := []struct {
		name     string
		answer   string
		wantCode int
		wantFile string
	}{
		{"end of input", "", ExitFailure, edited},
		{"no", "n\n", ExitFailure, edited},
		{"anything else", "sure\n", ExitFailure, edited},
		{"yes", "y\n", ExitOK, string(committed)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(routines, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := run(tt.answer, "restore")
			if code != tt.wantCode {
				t.Errorf("exit: got %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			for _, want := range []string{"routine sleep: at 22:30 → 23:00", "Throw them away? [y/N] "} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout: got\n%s\nwant %q", out, want)
				}
			}
			if tt.wantCode != ExitOK && !strings.Contains(errOut, "restore abandoned: nothing was changed") {
				t.Errorf("stderr: got %q, want the restore abandoned", errOut)
			}
			got, _ := os.ReadFile(routines)
			if string(got) != tt.wantFile {
				t.Errorf("routines.toml: got\n%s\nwant\n%s", got, tt.wantFile)
			}
		})
	}
}
