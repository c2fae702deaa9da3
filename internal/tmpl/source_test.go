package tmpl

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/routines"
)

func TestConfigAddRemoveKeepsTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "myos", "config.toml")
	c, err := LoadConfig(path)
	if err != nil || len(c.Templates) != 0 {
		t.Fatalf("missing file: got %v %v, want an empty config", c.Templates, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	orig := "# My settings.\n[user]\nname = \"Andy\"   # me\nemail = \"andy@example.com\"\n"
	if err := os.WriteFile(path, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err = LoadConfig(path); err != nil {
		t.Fatal(err)
	}
	for _, s := range []Source{{"platform", "https://example.com/platform.git"}, {"oneonone", "/srv/one-on-one"}, {"last", "team"}} {
		if err := c.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Add(Source{"platform", "x"}); err == nil {
		t.Errorf("Add of a name already there: got no error")
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c, err = LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Find("oneonone"); got == nil || got.Source != "/srv/one-on-one" || got.Kind() != SourceFolder {
		t.Errorf("Find(oneonone): got %+v", got)
	}
	for _, name := range []string{"oneonone", "last", "platform"} {
		if err := c.Remove(name); err != nil {
			t.Fatalf("Remove(%s): %v", name, err)
		}
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		again, err := LoadConfig(path)
		if err != nil {
			t.Fatalf("after Remove(%s): %v", name, err)
		}
		if again.Find(name) != nil || len(again.Templates) != len(c.Templates) {
			t.Errorf("after Remove(%s): got %+v", name, again.Templates)
		}
	}
	b, _ := os.ReadFile(path)
	if string(b) != orig {
		t.Errorf("after adding and removing: got\n%s\nwant the file as it was:\n%s", b, orig)
	}
	if err := c.Remove("nope"); err == nil {
		t.Errorf("Remove(nope): got no error")
	}
	os.WriteFile(path, []byte("[[template]]\nname = \"../x\"\nsource = \"y\"\n"), 0o644)
	if _, err := LoadConfig(path); err == nil {
		t.Errorf("a bad name in the config: got no error")
	}
}

// TestConfigRemoveKeepsOtherComments guards against a removal that took
// the comment opening the config along with the first source, and the
// comment above the next source along with the one removed.
func TestConfigRemoveKeepsOtherComments(t *testing.T) {
	const (
		team     = "[[template]]\nname = \"team\"\nsource = \"https://example.com/team.git\"\n"
		oneonone = "[[template]]\nname = \"oneonone\"\nsource = \"/srv/one-on-one\"\n"
	)
	tests := []struct{ name, src, remove, want string }{
		{"the first source, right below the file's comment",
			"# Templates I use.\n" + team + "\n# Ours, for one-on-ones.\n" + oneonone,
			"team",
			"# Templates I use.\n\n# Ours, for one-on-ones.\n" + oneonone},
		{"a source with a comment above it",
			"# Templates I use.\n" + team + "\n# Ours, for one-on-ones.\n" + oneonone + "\n# Add more below.\n",
			"oneonone",
			"# Templates I use.\n" + team + "\n# Add more below.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Remove(tt.remove); err != nil {
				t.Fatal(err)
			}
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(path)
			if string(b) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b, tt.want)
			}
			if again, err := LoadConfig(path); err != nil || again.Find(tt.remove) != nil || len(again.Templates) != 1 {
				t.Errorf("after Remove(%s): got %+v, %v", tt.remove, again, err)
			}
		})
	}
	c, err := LoadConfig(writeConfig(t, "template = [{ name = \"team\", source = \"team\" }]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Remove("team"); err == nil || !strings.Contains(err.Error(), "write each as its own [[template]] table") {
		t.Errorf("Remove from an inline list: got %v, want an error that says how to write it", err)
	}
}

func writeConfig(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoader(t *testing.T) {
	dir := writeFolder(t, builtinFiles(t, "andyos"))
	c := &Config{}
	_ = c.Add(Source{"mine", dir})
	_ = c.Add(Source{"alias", "calendar"})
	l := &Loader{Cache: Cache{Dir: t.TempDir()}, Config: c}
	tests := []struct{ ref, want string }{
		{"team", "team"},
		{"mine", "andyos"},
		{"alias", "calendar"},
		{dir, "andyos"},
	}
	for _, tt := range tests {
		tp, err := l.Load(tt.ref, false)
		if err != nil || tp.Meta.Name != tt.want {
			t.Errorf("Load(%s): got %v %v, want %s", tt.ref, tp, err, tt.want)
		}
	}
	if _, err := l.Load("file:///nowhere/at/all.git", false); err == nil || !strings.Contains(err.Error(), "no git repository there") {
		t.Errorf("Load of a missing repository: got %v", err)
	}
}

func TestRecords(t *testing.T) {
	tp, err := Builtin("team")
	if err != nil {
		t.Fatal(err)
	}
	day, _ := routines.ParseDate("2026-11-25")
	chs := RecordChanges(nil, "team", tp, nil, nil, day)
	fsys := fstest.MapFS{}
	for _, c := range chs {
		fsys[c.Path] = &fstest.MapFile{Data: c.Data}
	}
	recs, err := ReadRecords(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := Record{Name: "team", Source: "builtin:team", Version: "1.0.0", Applied: day}
	if len(recs) != 1 || !reflect.DeepEqual(recs[0], want) {
		t.Fatalf("ReadRecords: got %+v, want %+v", recs, want)
	}
	base, err := ReadBase(fsys, "team")
	if err != nil || len(base) != 5 || string(base[routines.FileOS]) != string(tp.Files[routines.FileOS]) {
		t.Errorf("ReadBase: got %d files, %v; want the template's five as written", len(base), err)
	}
	// A second template is added; the first one's new version replaces
	// its record and drops the base files it no longer has.
	other, _ := Builtin("minimal")
	chs = RecordChanges(recs, "minimal", other, nil, nil, day)
	upd := *tp
	upd.Meta.Version = "1.1.0"
	upd.Files = map[string][]byte{routines.FileOS: tp.Files[routines.FileOS]}
	recs2, _ := ReadRecords(fstest.MapFS{RecordFile: &fstest.MapFile{Data: chs[0].Data}})
	chs = RecordChanges(recs2, "team", &upd, base, nil, day)
	recs3, _ := ReadRecords(fstest.MapFS{RecordFile: &fstest.MapFile{Data: chs[0].Data}})
	if len(recs3) != 2 || recs3[0].Version != "1.1.0" || recs3[1].Name != "minimal" {
		t.Errorf("records: got %+v, want team 1.1.0 then minimal", recs3)
	}
	deletes := 0
	for _, c := range chs {
		if c.Delete {
			deletes++
		}
	}
	if deletes != 4 {
		t.Errorf("got %d deletions, want the 4 files team 1.1.0 no longer has", deletes)
	}
	if got := FindRecord(recs3, "minimal"); got == nil || FindRecord(recs3, "nope") != nil {
		t.Errorf("FindRecord: got %v", got)
	}
	if _, err := ReadBase(fsys, "../x"); err == nil {
		t.Errorf("ReadBase of a bad name: got no error")
	}
	if _, err := ReadRecords(fstest.MapFS{RecordFile: &fstest.MapFile{Data: []byte("[[template]]\nname = \"../../x\"\n")}}); err == nil {
		t.Errorf("ReadRecords with a bad name: got no error")
	}
	if base, err := ReadBase(fstest.MapFS{}, "team"); base != nil || err != nil {
		t.Errorf("ReadBase without one: got %v %v, want nil", base, err)
	}
}

// The ids of a template's items kept under other ids are read back as
// written; a record without them, as written before there were any, reads
// as none, and a malformed one is refused.
func TestRecordIDs(t *testing.T) {
	tp, err := Builtin("minimal")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"routine/sleep": "sleep-2", "theme/steady": "steady-2"}
	chs := RecordChanges(nil, "minimal", tp, nil, ids, day(t, "2026-11-25"))
	recs, err := ReadRecords(fstest.MapFS{RecordFile: &fstest.MapFile{Data: chs[0].Data}})
	if err != nil || len(recs) != 1 || !reflect.DeepEqual(recs[0].IDs, ids) {
		t.Errorf("ReadRecords: got %+v, %v; want ids %v", recs, err, ids)
	}
	for _, tt := range []struct {
		ids     string
		wantErr bool
	}{
		{"", false},
		{`ids = { "routine/sleep" = "sleep-2" }`, false},
		{`ids = { "sleep" = "sleep-2" }`, true},
		{`ids = { "routines/sleep" = "sleep-2" }`, true},
		{`ids = { "routine/sleep" = "Sleep 2" }`, true},
		// Not a table, or not text: refused, not dropped (dropped, the
		// template's changes went to the person's own items again).
		{`ids = 3`, true},
		{`ids = "routine/sleep"`, true},
		{`ids = { "routine/sleep" = 2 }`, true},
		{`ids = {}`, false},
		// Two of the template's items kept as one copy.
		{`ids = { "routine/a" = "c", "routine/b" = "c" }`, true},
		{`ids = { "routine/a" = "c", "theme/b" = "c" }`, false},
	} {
		rec := "[[template]]\nname = \"minimal\"\nsource = \"builtin:minimal\"\nversion = \"1.0.0\"\n" + tt.ids + "\n"
		_, err := ReadRecords(fstest.MapFS{RecordFile: &fstest.MapFile{Data: []byte(rec)}})
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: got error %v, want error %v", tt.ids, err, tt.wantErr)
		}
	}
}

// A key the record does not have is refused at its line, as the OS
// files refuse one: decoded in silence, a misspelt "sourse" left a record
// with no source, which check passed and commit took, and every later
// apply of the template refused as another's.
func TestRecordUnknownKeys(t *testing.T) {
	const rec = "# comment\n\n[[template]]\nname = \"minimal\"\nsource = \"builtin:minimal\"\nversion = \"1.0.0\"\napplied = 2026-11-25\nids = { \"routine/sleep\" = \"sleep-2\" }\n\n[[template]]\nname = \"team\"\nsource = \"builtin:team\"\n"
	for _, tt := range []struct {
		name, from, to string
		want           string // the error, or "" for none
	}{
		{"as written", "", "", ""},
		{"ids as a table", "ids = { \"routine/sleep\" = \"sleep-2\" }\n", "[template.ids]\n\"routine/sleep\" = \"sleep-2\"\n", ""},
		{"misspelt", "source = \"builtin:minimal\"", "sourse = \"builtin:minimal\"", `.myos/template.toml:5:1: unknown key "sourse" (did you mean "source"?)`},
		{"another case", "version = \"1.0.0\"", "Version = \"1.0.0\"", `.myos/template.toml:6:1: unknown key "Version" (did you mean "version"?)`},
		{"in the second", "source = \"builtin:team\"\n", "source = \"builtin:team\"\nbase = \"x\"\n", `.myos/template.toml:13:1: unknown key "base" (a template's record has name, source, version, commit, applied, ids)`},
		{"at the top", "# comment\n", "# comment\nfrom = \"x\"\n", `.myos/template.toml:2:1: unknown key "from" (a template's record has name, source, version, commit, applied, ids)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := strings.Replace(rec, tt.from, tt.to, 1)
			_, err := ParseRecords([]byte(b))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
