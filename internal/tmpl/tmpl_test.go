package tmpl

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/myos-dev/myos/routines"
	"github.com/myos-dev/myos/templates"
)

// builtinFiles is the built-in template name's files, template.toml
// included, as written.
func builtinFiles(t testing.TB, name string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := fs.ReadDir(templates.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(templates.FS, name+"/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// writeFolder writes files into a new folder and returns it.
func writeFolder(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuiltins(t *testing.T) {
	names := Builtins()
	if len(names) < 4 {
		t.Fatalf("Builtins: got %v, want minimal, andyos, calendar and team", names)
	}
	for _, name := range names {
		tp, err := Builtin(name)
		if err != nil {
			t.Errorf("Builtin(%s): %v", name, err)
			continue
		}
		if tp.Meta.Name != name || tp.Source != BuiltinPrefix+name {
			t.Errorf("Builtin(%s): got name %q source %q", name, tp.Meta.Name, tp.Source)
		}
	}
	if _, err := Builtin("nope"); err == nil || !strings.Contains(err.Error(), "no built-in template") {
		t.Errorf("Builtin(nope): got %v, want no built-in template", err)
	}
}

func TestRender(t *testing.T) {
	tp, err := Builtin("team")
	if err != nil {
		t.Fatal(err)
	}
	files, err := tp.Render(Vars{Name: `Ops "Crew"`, Owner: "Andy"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := routines.LoadFiles(files)
	if err != nil {
		t.Fatalf("rendered team is not valid: %v", err)
	}
	if o.Settings.Name != `Ops "Crew"` || o.Settings.Owner != "Andy" {
		t.Errorf("got name %q owner %q", o.Settings.Name, o.Settings.Owner)
	}
	if got := o.Theme("learning").Narrative; !strings.Contains(got, `Ops "Crew"`) {
		t.Errorf("narrative: got %q, want the name filled in", got)
	}
	bad := &Template{Source: "x", Files: map[string][]byte{routines.FileOS: []byte(`name = "{{.Env}}"`)}}
	if _, err := bad.Render(Vars{}); err == nil || !strings.Contains(err.Error(), "unknown placeholder {{.Env}}") {
		t.Errorf("unknown placeholder: got %v", err)
	}
}

func TestReadFolderRefusals(t *testing.T) {
	big := bytes.Repeat([]byte("# padding\n"), routines.MaxFileSize/10+1)
	items := func(n int) []byte {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[[theme]]\nid = \"t%d\"\ntitle = \"T\"\nstatus = \"active\"\n\n", i)
		}
		return []byte(b.String())
	}
	tests := []struct {
		name  string
		edit  func(dir string) error
		files map[string]string // replaced or added files
		want  string
	}{
		{"symlink", func(dir string) error {
			os.Remove(filepath.Join(dir, "routines.toml"))
			return os.Symlink("/etc/passwd", filepath.Join(dir, "routines.toml"))
		}, nil, `"routines.toml" is a symlink`},
		{"symlink deep", func(dir string) error {
			os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
			return os.Symlink("..", filepath.Join(dir, "docs", "up"))
		}, nil, `"docs/up" is a symlink`},
		{"executable", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "setup.sh"), []byte("#!/bin/sh\n"), 0o755)
		}, nil, `"setup.sh" is executable`},
		{"hooks folder", nil, map[string]string{"hooks/post-apply": "rm -rf ~\n"}, `"hooks" is a hooks folder`},
		{"hook key", nil, map[string]string{"template.toml": "name = \"x\"\n[hooks]\npost_apply = \"sh evil.sh\"\n"}, "template.toml:2: \"hooks\": a template never runs code"},
		{"unknown meta key", nil, map[string]string{"template.toml": "name = \"x\"\nhomepage = \"y\"\n"}, `template.toml:2: unknown key "homepage"`},
		{"unknown meta table", nil, map[string]string{"template.toml": "name = \"x\"\n\n[ links ]\nhome = \"y\"\n"}, `template.toml:3: unknown key "links`},
		{"meta value of the wrong type", nil, map[string]string{"template.toml": "name = \"x\"\nversion = 1.0\n"}, `template.toml:2: version: want text in quotes, like version = "1.0.0"`},
		{"meta syntax", nil, map[string]string{"template.toml": "name = \"x\"\nversion = \n"}, `template.toml:2: `},
		{"traversal name", nil, map[string]string{"template.toml": "name = \"../../evil\"\n"}, `name "../../evil"`},
		{"oversize", nil, map[string]string{"README.md": string(big)}, "over the 1 MiB"},
		{"invalid TOML", nil, map[string]string{"routines.toml": "[[routine]\nid = \n"}, "routines.toml:2"},
		{"invalid value", nil, map[string]string{"routines.toml": "[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"sometimes\"\nstatus = \"active\"\n"}, "cadence"},
		{"too many items", func(dir string) error {
			f, err := os.OpenFile(filepath.Join(dir, "themes.toml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.Write(items(MaxItems))
			return err
		}, nil, "items, more than the 1000"},
		// Metadata goes to terminals, commit messages and the README:
		// a line break could forge a commit trailer, an escape rewrite
		// the screen.
		{"version with escapes", nil, map[string]string{"template.toml": "name = \"x\"\nversion = \"1.0.0\\u001b[2J\\nSigned-off-by: Mallory <m@evil>\"\n"},
			`template.toml: version "1.0.0\x1b[2J\nSigned-off-by: Mallory <m@evil>": write it on one line`},
		{"description with a line break", nil, map[string]string{"template.toml": "name = \"x\"\ndescription = \"\"\"\nOurs.\nSigned-off-by: M\"\"\"\n"},
			`template.toml: description "Ours.\nSigned-off-by: M": write it on one line`},
		{"author with a bell", nil, map[string]string{"template.toml": "name = \"x\"\nauthor = \"Team\\u0007\"\n"},
			`template.toml: author "Team\a": write it on one line`},
		{"author with a C1 control", nil, map[string]string{"template.toml": "name = \"x\"\nauthor = \"Team\\u009b2J\"\n"},
			`template.toml: author "Team\u009b2J"`},
		{"escape in a file name", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "run\x1b]0;pwned\a.sh"), []byte("#!/bin/sh\n"), 0o755)
		}, nil, `"run\x1b]0;pwned\a.sh" is executable`},
		{"no os.toml", func(dir string) error { return os.Remove(filepath.Join(dir, "os.toml")) }, nil, "no os.toml"},
		{"no template.toml", func(dir string) error { return os.Remove(filepath.Join(dir, "template.toml")) }, nil, "no template.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := builtinFiles(t, "minimal")
			for k, v := range tt.files {
				files[k] = []byte(v)
			}
			dir := writeFolder(t, files)
			if tt.edit != nil {
				if err := tt.edit(dir); err != nil {
					t.Fatal(err)
				}
			}
			_, err := ReadFolder(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
			if strings.ContainsFunc(err.Error(), unicode.IsControl) {
				t.Errorf("got a refusal with line breaks or control characters, want one plain line: %q", err)
			}
		})
	}
}

func TestReadFolderSkipsOwnRepository(t *testing.T) {
	files := builtinFiles(t, "minimal")
	// A folder template that is a git work tree: its .git, with hooks,
	// is never read.
	files[".git/hooks/post-checkout"] = []byte("#!/bin/sh\ntouch pwned\n")
	dir := writeFolder(t, files)
	if err := os.Chmod(filepath.Join(dir, ".git/hooks/post-checkout"), 0o755); err != nil {
		t.Fatal(err)
	}
	tp, err := ReadFolder(dir)
	if err != nil {
		t.Fatalf("ReadFolder: %v", err)
	}
	if tp.Meta.Name != "minimal" || tp.Source != dir {
		t.Errorf("got %q from %q", tp.Meta.Name, tp.Source)
	}
	if _, err := ReadFolder(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "no such folder") {
		t.Errorf("missing folder: got %v", err)
	}
	if _, err := ReadFolder(filepath.Join(dir, "os.toml")); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file: got %v", err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFolder(link); err == nil || !strings.Contains(err.Error(), "is a symlink") {
		t.Errorf("symlinked folder: got %v", err)
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		ref  string
		want SourceKind
	}{
		{"team", SourceBuiltin},
		{"./team", SourceFolder},
		{"/srv/team", SourceFolder},
		{"~/team", SourceFolder},
		{"..", SourceFolder},
		{"https://example.com/team.git", SourceGit},
		{"file:///srv/team.git#sub", SourceGit},
	}
	for _, tt := range tests {
		if got := KindOf(tt.ref); got != tt.want {
			t.Errorf("KindOf(%q): got %s, want %s", tt.ref, got, tt.want)
		}
	}
}

// FuzzRead reads templates with any template.toml and routines.toml: Read
// never panics, and a template it accepts renders into a valid OS.
func FuzzRead(f *testing.F) {
	base := builtinFiles(f, "minimal")
	f.Add(string(base[MetaFile]), string(base[routines.FileRoutines]))
	f.Add("name = \"x\"\n[hooks]\nrun = \"sh\"\n", "")
	f.Add("name = \"x\"\n", "[[routine]]\nid = \"{{.Name}}\"\ntitle = \"{{.Owner}}\"\ncadence = \"daily\"\nstatus = \"active\"\n")
	f.Add("name = \"x\"\n", "[[routine]]\nid = \"a\"\ntitle = \"{{ .Env }}\"\n")
	f.Fuzz(func(t *testing.T, meta, rts string) {
		files := map[string][]byte{}
		for k, v := range base {
			files[k] = v
		}
		files[MetaFile] = []byte(meta)
		files[routines.FileRoutines] = []byte(rts)
		tp, err := Read(flatFS(files), "fuzz")
		if err != nil {
			return
		}
		out, err := tp.Render(Vars{Name: "A \"quoted\" name", Owner: "O\\wner"})
		if err != nil {
			t.Fatalf("Render of an accepted template: %v", err)
		}
		if _, err := routines.LoadFiles(out); err != nil {
			t.Fatalf("an accepted template renders invalid: %v", err)
		}
	})
}
