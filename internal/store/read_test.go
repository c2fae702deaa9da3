package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestInitAndOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "os")
	r, err := Init(dir, "")
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	if _, err := r.Head(); !errors.Is(err, ErrNoCommits) {
		t.Errorf("Head on empty repo: got %v, want ErrNoCommits", err)
	}
	if got, err := r.Log(LogOptions{}); err != nil || len(got) != 0 {
		t.Errorf("Log on empty repo: got %v, %v, want empty, nil", got, err)
	}
	head, err := os.ReadFile(filepath.Join(dir, ".git", "HEAD"))
	if err != nil || string(head) != "ref: refs/heads/main\n" {
		t.Errorf(".git/HEAD: got %q, %v, want ref: refs/heads/main", head, err)
	}
	if _, err := Init(dir, ""); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "dir is not empty") {
		t.Errorf("Init on existing repo: got %v, want ErrNotEmpty", err)
	}
	if _, err := Open(dir); err != nil {
		t.Errorf("Open: %v", err)
	}

	empty := t.TempDir()
	if _, err := Init(empty, "trunk"); err != nil {
		t.Errorf("Init in empty dir: %v", err)
	}

	plain := t.TempDir()
	_, err = Open(plain)
	if !errors.Is(err, ErrNotRepo) {
		t.Errorf("Open plain dir: got %v, want ErrNotRepo", err)
	}
	if want := "open " + plain + ": not a myos repository (no .git)"; err == nil || err.Error() != want {
		t.Errorf("Open plain dir: got %q, want %q", err, want)
	}
	if _, err := Open(filepath.Join(plain, "missing")); !errors.Is(err, ErrNotRepo) {
		t.Errorf("Open missing dir: got %v, want ErrNotRepo", err)
	}
}

func TestOpenUnknownExtension(t *testing.T) {
	r := newRepo(t)
	cfg := filepath.Join(r.Dir(), ".git", "config")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "repositoryformatversion = 0", "repositoryformatversion = 1", 1))
	data = append(data, "[extensions]\n\tworktreeConfig = true\n\tsomethingNew = true\n"...)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(r.Dir())
	if !errors.Is(err, ErrUnsupportedRepo) {
		t.Fatalf("Open: got %v, want ErrUnsupportedRepo", err)
	}
	if !strings.Contains(err.Error(), "extension") {
		t.Errorf("Open: got %q, want the extension named", err)
	}
}

func TestResolve(t *testing.T) {
	r, ids := history(t)
	full := ids["three"]
	tests := []struct {
		rev     string
		want    string // a key of ids
		wantErr error
	}{
		{"HEAD", "five", nil},
		{"@", "five", nil},
		{"main", "five", nil},
		{"refs/heads/main", "five", nil},
		{"HEAD~0", "five", nil},
		{"HEAD^0", "five", nil},
		{"HEAD~1", "merge", nil},
		{"HEAD^", "merge", nil},
		{"HEAD^^", "four", nil},
		{"HEAD~2", "four", nil},
		{"HEAD~1^2", "side", nil},
		{"HEAD^^2", "side", nil},
		{"HEAD~1^2~1", "three", nil},
		{"HEAD~5", "one", nil},
		{"main~3", "three", nil},
		{full, "three", nil},
		{strings.ToUpper(full), "three", nil},
		{full[:7], "three", nil},
		{full[:5], "three", nil},
		{full[:4], "three", nil},
		{full[:7] + "~1", "two", nil},
		{"HEAD~6", "", ErrUnknownRevision},
		{"HEAD^3", "", ErrUnknownRevision},
		{"HEAD~1^3", "", ErrUnknownRevision},
		{"nope", "", ErrUnknownRevision},
		{full[:3], "", ErrUnknownRevision},
		{"", "", ErrUnknownRevision},
		{"0000000", "", ErrUnknownRevision},
	}
	for _, tt := range tests {
		got, err := r.Resolve(tt.rev)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Resolve(%q): got %q, %v, want error %v", tt.rev, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != ids[tt.want] {
			t.Errorf("Resolve(%q): got %q, %v, want %s (%s)", tt.rev, got, err, tt.want, ids[tt.want])
		}
	}

	empty := newRepo(t)
	if _, err := empty.Resolve("HEAD~1"); !errors.Is(err, ErrNoCommits) {
		t.Errorf("Resolve on empty repo: got %v, want ErrNoCommits", err)
	}
}

func TestReadFile(t *testing.T) {
	r, ids := history(t)
	tests := []struct {
		rev, path string
		want      string
		wantErr   error
	}{
		{"HEAD", "b.toml", "2\n", nil},
		{"HEAD", "reviews/2026/02.toml", "r2\n", nil},
		{"HEAD", "a.toml", "", fs.ErrNotExist},
		{"HEAD~1", "a.toml", "side\n", nil},
		{ids["one"], "a.toml", "1\n", nil},
		{ids["one"], "b.toml", "", fs.ErrNotExist},
		{"HEAD", "reviews/2026/03.toml", "", fs.ErrNotExist},
		{"HEAD", "reviews/2027/01.toml", "", fs.ErrNotExist},
		{"HEAD", "b.toml/x", "", fs.ErrNotExist},
		{"HEAD", "reviews", "", errIsDir},
		{"HEAD", "../etc/passwd", "", fs.ErrInvalid},
		{"nope", "b.toml", "", ErrUnknownRevision},
	}
	for _, tt := range tests {
		got, err := r.ReadFile(tt.rev, tt.path)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("ReadFile(%q, %q): got %q, %v, want error %v", tt.rev, tt.path, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("ReadFile(%q, %q): got %q, %v, want %q", tt.rev, tt.path, got, err, tt.want)
		}
	}
}

func TestTreeFS(t *testing.T) {
	r, ids := history(t)
	fsys, err := r.TreeFS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(fsys, "b.toml", "reviews/2026/01.toml", "reviews/2026/02.toml"); err != nil {
		t.Error(err)
	}
	data, err := fs.ReadFile(fsys, "reviews/2026/01.toml")
	if err != nil || string(data) != "r1\n" {
		t.Errorf("ReadFile: got %q, %v, want r1", data, err)
	}
	if _, err := fsys.Open("a.toml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open deleted file: got %v, want fs.ErrNotExist", err)
	}
	fi, err := fs.Stat(fsys, "b.toml")
	if err != nil || fi.Size() != 2 || !fi.ModTime().Equal(t0.Add(6*time.Hour)) {
		t.Errorf("Stat: got %v, %v, want size 2 at the commit time", fi, err)
	}

	old, err := r.TreeFS(ids["one"])
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(old, "a.toml", "reviews/2026/01.toml"); err != nil {
		t.Error(err)
	}
	if _, err := r.TreeFS("nope"); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("TreeFS(nope): got %v, want ErrUnknownRevision", err)
	}
}

func TestChanged(t *testing.T) {
	r, ids := history(t)
	tests := []struct {
		from, to string
		want     string
	}{
		{"", ids["one"], "a.toml,reviews/2026/01.toml"},
		{ids["one"], ids["two"], "b.toml"},
		{ids["two"], ids["three"], "reviews/2026/02.toml"},
		{ids["four"], ids["merge"], "a.toml"},
		{ids["one"], "HEAD", "a.toml,b.toml,reviews/2026/02.toml"},
		{"HEAD", ids["one"], "a.toml,b.toml,reviews/2026/02.toml"},
		{"HEAD", "HEAD", ""},
		{ids["three"], "", "a.toml,b.toml,reviews/2026/01.toml,reviews/2026/02.toml"},
		{"", "", ""},
	}
	for _, tt := range tests {
		got, err := r.Changed(tt.from, tt.to)
		if err != nil || strings.Join(got, ",") != tt.want {
			t.Errorf("Changed(%.7s, %.7s): got %v, %v, want %s", tt.from, tt.to, got, err, tt.want)
		}
	}
	if _, err := r.Changed("nope", "HEAD"); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("Changed(nope): got %v, want ErrUnknownRevision", err)
	}
}

func TestIsAncestor(t *testing.T) {
	r, ids := history(t)
	tests := []struct {
		a, b string
		want bool
	}{
		{ids["one"], "HEAD", true},
		{ids["side"], "HEAD", true},
		{ids["side"], ids["four"], false},
		{"HEAD", ids["one"], false},
		{"HEAD", "HEAD", true},
	}
	for _, tt := range tests {
		got, err := r.IsAncestor(tt.a, tt.b)
		if err != nil || got != tt.want {
			t.Errorf("IsAncestor(%.7s, %.7s): got %v, %v, want %v", tt.a, tt.b, got, err, tt.want)
		}
	}
	// Bounded by time, the walk does not go back past commits older than
	// since: "one" is reached only through "two", made an hour after it.
	bounded := []struct {
		a     string
		since time.Time
		want  bool
	}{
		{ids["one"], t0.Add(-time.Hour), true},
		{ids["one"], t0.Add(90 * time.Minute), false},
		{ids["side"], t0.Add(2 * time.Hour), true},
		{ids["side"], t0.Add(5*time.Hour + time.Minute), false},
	}
	for _, tt := range bounded {
		got, err := r.IsAncestorSince(tt.a, "HEAD", tt.since)
		if err != nil || got != tt.want {
			t.Errorf("IsAncestorSince(%.7s, HEAD, %s): got %v, %v, want %v", tt.a, tt.since.Format("15:04"), got, err, tt.want)
		}
	}
}
