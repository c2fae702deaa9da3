package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeQuickStart runs every myos line of the README's Quick start, in
// order, in an empty home: the Quick start must stay true whenever a
// command changes.
func TestReadmeQuickStart(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := quickStartLines(t, string(readme))
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("MYOS_DIR", "")
	t.Setenv("TZ", "Europe/Helsinki")
	t.Setenv("MYOS_NOW", "2026-11-25T08:30:00+02:00")
	ran := 0
	for _, line := range lines {
		args, err := shellWords(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if len(args) == 0 || args[0] != "myos" {
			continue // go install, export: setup a person does once
		}
		streams, out, errOut := TestIO("")
		if code := Main(args[1:], streams); code != 0 {
			t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", line, code, out, errOut)
		}
		if errOut.Len() > 0 {
			t.Errorf("%s: unexpected stderr:\n%s", line, errOut)
		}
		ran++
	}
	if ran < 8 {
		t.Fatalf("ran %d myos lines from the Quick start, want at least 8", ran)
	}
}

// quickStartLines are the lines of the first sh block under "## Quick start".
func quickStartLines(t *testing.T, readme string) []string {
	_, after, ok := strings.Cut(readme, "## Quick start")
	if !ok {
		t.Fatal("README.md has no Quick start section")
	}
	_, block, ok := strings.Cut(after, "```sh\n")
	if !ok {
		t.Fatal("Quick start has no sh block")
	}
	block, _, _ = strings.Cut(block, "```")
	return strings.Split(strings.TrimSpace(block), "\n")
}

// TestReadmeGoVersion guards the Install section's "with Go N or later"
// against naming an older Go than go.mod's go line requires: with an
// older one, go install stops, or fetches a newer toolchain first.
func TestReadmeGoVersion(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var want string
	for _, line := range strings.Split(string(mod), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			want = strings.TrimSpace(v)
		}
	}
	if want == "" {
		t.Fatal("go.mod has no go line")
	}
	_, install, ok := strings.Cut(string(readme), "## Install")
	if !ok {
		t.Fatal("README.md has no Install section")
	}
	install, _, _ = strings.Cut(install, "\n## ")
	if !strings.Contains(strings.Join(strings.Fields(install), " "), "Go "+want+" or later") {
		t.Errorf("README.md's Install section does not say %q, which go.mod's go line requires", "Go "+want+" or later")
	}
}
