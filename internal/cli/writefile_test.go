package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFileAtomic guards what --out and --html do to what is already
// at the path they name: a file keeps its permissions, a symbolic link
// stays a link and the file it names gets the data, and a folder is
// refused with a hint.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()

	private := filepath.Join(dir, "private.ics")
	if err := os.WriteFile(private, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(private, []byte("new"), "week.ics"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(private); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("a private file's mode after a write: %v, %v; want -rw-------", fi.Mode(), err)
	}

	fresh := filepath.Join(dir, "fresh.ics")
	if err := writeFileAtomic(fresh, []byte("data"), "week.ics"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("a new file's mode: %v, %v; want -rw-r--r--", fi.Mode(), err)
	}

	// Links, one relative to its folder and one to a file not there yet.
	if err := os.Mkdir(filepath.Join(dir, "cal"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ link, target, lands string }{
		{"link.ics", "cal/real.ics", "cal/real.ics"},
		{"chain.ics", "link.ics", "cal/real.ics"},
		{"dangling.ics", "cal/later.ics", "cal/later.ics"},
	} {
		link := filepath.Join(dir, tt.link)
		if err := os.Symlink(tt.target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		if err := writeFileAtomic(link, []byte(tt.link), "week.ics"); err != nil {
			t.Fatalf("%s: %v", tt.link, err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link: %v, %v", tt.link, fi.Mode(), err)
		}
		if b, err := os.ReadFile(filepath.Join(dir, tt.lands)); err != nil || string(b) != tt.link {
			t.Errorf("%s: %s holds %q, %v; want %q", tt.link, tt.lands, b, err, tt.link)
		}
	}

	// A loop of links is refused, and stays as it was.
	loop := filepath.Join(dir, "loop.ics")
	if err := os.Symlink("loop.ics", loop); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(loop, []byte("x"), "week.ics"); err == nil || !strings.Contains(err.Error(), "too many levels of symbolic links") {
		t.Errorf("a write to a loop of links: %v, want too many levels of symbolic links", err)
	}
	if fi, err := os.Lstat(loop); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the loop of links was replaced: %v", err)
	}

	err := writeFileAtomic(filepath.Join(dir, "cal"), []byte("x"), "week.ics")
	if err == nil || !strings.Contains(err.Error(), "it is a folder") {
		t.Errorf("a write to a folder: %v, want it refused", err)
	}
	if fi, serr := os.Stat(filepath.Join(dir, "cal")); serr != nil || !fi.IsDir() {
		t.Errorf("the folder is gone after a refused write: %v", serr)
	}
}

// TestShellWord guards the paths a hint gives to paste into a shell: a
// folder with a space (macOS's "Application Support") or a quote in it is
// one word.
func TestShellWord(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/home/andy/.local/share/myos/routines.toml", "/home/andy/.local/share/myos/routines.toml"},
		{"/Users/andy/Library/Application Support/myos/routines.toml", "'/Users/andy/Library/Application Support/myos/routines.toml'"},
		{"/tmp/andy's os/routines.toml", `'/tmp/andy'\''s os/routines.toml'`},
		{"/tmp/$HOME", "'/tmp/$HOME'"},
		{"", "''"},
	} {
		if got := shellWord(tt.in); got != tt.want {
			t.Errorf("shellWord(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
