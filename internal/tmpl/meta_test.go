package tmpl

import (
	"errors"
	"strings"
	"testing"
)

// TestSetMetaField guards the one-line change set template makes: the
// key's line is replaced, comments and the other lines stay, a key not
// written yet is added, and nothing a member's update would refuse is
// made.
func TestSetMetaField(t *testing.T) {
	const src = "# Bump the version with each change.\nname = \"platform\" # the team's\nversion = \"1.0.0\"\n"
	for _, tt := range []struct {
		name, src, key, value string
		want                  string
		err                   string
	}{
		{name: "replaces the key's line", src: src, key: "version", value: "1.1.0",
			want: "# Bump the version with each change.\nname = \"platform\" # the team's\nversion = \"1.1.0\"\n"},
		{name: "adds a key not written", src: src, key: "author", value: "Lena",
			want: src + "author = \"Lena\"\n"},
		{name: "adds after a last line without a newline", src: "name = \"platform\"", key: "version", value: "2",
			want: "name = \"platform\"\nversion = \"2\""},
		// Regression: the whole line was written anew, and a key was
		// looked for line by line, inside strings too.
		{name: "keeps a comment after the value", src: "name = \"p\"\nversion = \"1.0.0\" # bump with each change\n", key: "version", value: "1.1.0",
			want: "name = \"p\"\nversion = \"1.1.0\" # bump with each change\n"},
		{name: "keeps CRLF line endings", src: "name = \"p\"\r\nversion = \"1\"\r\n", key: "author", value: "Lena",
			want: "name = \"p\"\r\nversion = \"1\"\r\nauthor = \"Lena\"\r\n"},
		{name: "a quoted key", src: "name = \"p\"\n\"version\" = \"1\"\n", key: "version", value: "2",
			want: "name = \"p\"\n\"version\" = \"2\"\n"},
		{name: "a value on several lines", src: "name = \"p\"\ndescription = \"\"\"\\\n  The way \\\n  we work\"\"\"\nversion = \"1\"\n", key: "description", value: "New",
			want: "name = \"p\"\ndescription = \"New\"\nversion = \"1\"\n"},
		{name: "a key's name inside a string", src: "name = \"p\"\ndescription = \"\"\"\\\n  version = 2 \\\n  \"\"\"\nversion = \"1\"\n", key: "version", value: "2",
			want: "name = \"p\"\ndescription = \"\"\"\\\n  version = 2 \\\n  \"\"\"\nversion = \"2\"\n"},
		{name: "a byte order mark", src: "\ufeffname = \"p\"\n", key: "name", value: "q",
			want: "\ufeffname = \"q\"\n"},
		{name: "quotes what needs it", src: src, key: "description", value: `The "core" team`,
			want: src + "description = \"The \\\"core\\\" team\"\n"},
		{name: "unknown key", src: src, key: "owner", value: "x", err: `unknown field "owner"`},
		{name: "bad name", src: src, key: "name", value: "Platform Team", err: `template.toml: name "Platform Team"`},
		{name: "a line break", src: src, key: "version", value: "1\n2", err: "write it on one line"},
		{name: "a file that does not read", src: "name = \"platform\"\nowner = \"x\"\n", key: "version", value: "2", err: `template.toml:2: unknown key "owner"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SetMetaField([]byte(tt.src), tt.key, tt.value)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %q, %v; want an error with %q", got, err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestParseMeta guards the errors status, check and commit print: the
// line where it is known, and a template without a name refused.
func TestParseMeta(t *testing.T) {
	for _, tt := range []struct {
		src  string
		line int
		msg  string
	}{
		{"name = \"p\"\n\nversion = 1\n", 3, "version: want text in quotes"},
		{"version = \"1\"\n", 0, "name is missing"},
		{"name = \"p\"\nrun = \"make\"\n", 2, "a template never runs code"},
		{"name = \"p\n", 1, ""},
		// Keys are case-sensitive, as in the OS files.
		{"Name = \"p\"\n", 1, `unknown key "Name" (did you mean "name"?)`},
		{"name = \"p\"\nversoin = \"1\"\n", 2, `unknown key "versoin" (did you mean "version"?)`},
	} {
		_, err := ParseMeta([]byte(tt.src))
		var me *MetaError
		if !errors.As(err, &me) || me.Line != tt.line || !strings.Contains(me.Err.Error(), tt.msg) {
			t.Errorf("%q: got %v (%#v), want line %d and %q", tt.src, err, me, tt.line, tt.msg)
		}
	}
	if m, err := ParseMeta([]byte("name = \"p\"\nversion = \"1.0.0\"\n")); err != nil || m.Version != "1.0.0" {
		t.Errorf("got %+v, %v", m, err)
	}
}

// TestMetaMessage guards the commit message of a change of template.toml.
func TestMetaMessage(t *testing.T) {
	old := Meta{Name: "p", Version: "1.0.0", Description: "Old"}
	if got, want := MetaMessage(old, old), ""; got != want {
		t.Errorf("no change: got %q, want %q", got, want)
	}
	now := old
	now.Version = "1.1.0"
	if got, want := MetaMessage(old, now), `template: version "1.0.0" → "1.1.0"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	now.Description = "New"
	want := "template: change description, version\n\ntemplate: description \"Old\" → \"New\"\ntemplate: version \"1.0.0\" → \"1.1.0\""
	if got := MetaMessage(old, now); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzSetMetaField holds set template to its promise for any file and
// value: either it refuses, or what it writes reads back, as a member's
// update reads it, with the key set to the value and the other keys as
// they were.
func FuzzSetMetaField(f *testing.F) {
	f.Add("name = \"p\"\nversion = \"1.0.0\" # bump\n", "version", "1.1.0")
	f.Add("\ufeffname = \"p\"\r\ndescription = \"\"\"\\\n  version = 1\"\"\"\r\n", "description", "two\nlines")
	f.Add("# only a comment", "name", "team")
	f.Add("name = 'p'\n\"version\" = '1'\n", "author", `Lena "L" Ö`)
	f.Add("", "name", "x")
	f.Fuzz(func(t *testing.T, src, key, value string) {
		key = MetaKeys[len(key)%len(MetaKeys)]
		before, beforeErr := ParseMeta([]byte(src))
		out, err := SetMetaField([]byte(src), key, value)
		if err != nil {
			return
		}
		m, err := ParseMeta(out)
		if err != nil {
			t.Fatalf("SetMetaField(%q, %s, %q) wrote %q, which does not read: %v", src, key, value, out, err)
		}
		got := map[string]string{"name": m.Name, "description": m.Description, "version": m.Version, "author": m.Author}
		if got[key] != value {
			t.Fatalf("SetMetaField(%q, %s, %q) wrote %q: %s reads %q", src, key, value, out, key, got[key])
		}
		if beforeErr != nil {
			return
		}
		was := map[string]string{"name": before.Name, "description": before.Description, "version": before.Version, "author": before.Author}
		for _, k := range MetaKeys {
			if k != key && got[k] != was[k] {
				t.Fatalf("SetMetaField(%q, %s, %q) wrote %q: %s went from %q to %q", src, key, value, out, k, was[k], got[k])
			}
		}
	})
}
