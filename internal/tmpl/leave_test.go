package tmpl

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/internal/store"
)

// commitChanges writes chs into fsys as a commit of them would leave the
// folder.
func commitChanges(fsys fstest.MapFS, chs []store.Change) {
	for _, c := range chs {
		if c.Delete {
			delete(fsys, c.Path)
		} else {
			fsys[c.Path] = &fstest.MapFile{Data: c.Data}
		}
	}
}

// twoTemplates is an OS made from the built-in minimal template with sre
// applied on top, its "sleep" kept beside the person's as "sleep-2"; and
// the sre template.
func twoTemplates(t *testing.T) (map[string][]byte, fstest.MapFS, *Template) {
	t.Helper()
	mine, fsys := newOS(t, "minimal", true)
	sre := &Template{Source: "/srv/sre", Meta: Meta{Name: "sre", Version: "1.2.0"}, Files: map[string][]byte{
		"os.toml":       []byte("name = \"{{.Name}}\"\nowner = \"{{.Owner}}\"\ntimezone = \"UTC\"\n"),
		"routines.toml": []byte("[[routine]]\nid = \"sleep\"\ntitle = \"Sleep before the pager\"\ncadence = \"weekly on wed\"\nduration = \"8h\"\nstatus = \"active\"\n\n[[routine]]\nid = \"pager\"\ntitle = \"Pager review\"\ncadence = \"weekly on mon\"\nduration = \"30m\"\nstatus = \"active\"\n"),
	}}
	a, err := Apply(sre, fsys, mine, ApplyOptions{Take: map[string]string{"sleep": "both"}}, day(t, "2026-11-20"))
	if err != nil || len(a.Conflicts) > 0 {
		t.Fatalf("apply sre: %v %v", err, a.Conflicts)
	}
	commitChanges(fsys, a.Record)
	// A stray file in the base folder goes with it.
	fsys[BaseDir+"/sre/notes.md"] = &fstest.MapFile{Data: []byte("why we copied sleep\n")}
	return a.Files, fsys, sre
}

func TestLeave(t *testing.T) {
	_, fsys, _ := twoTemplates(t)
	before, err := ReadRecords(fsys)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Leave(fsys, "sre")
	if err != nil {
		t.Fatal(err)
	}
	if l.Record.Name != "sre" || l.Record.Version != "1.2.0" || l.Record.IDs["routine/sleep"] != "sleep-2" {
		t.Errorf("Record: got %+v, want sre 1.2.0 keeping sleep as sleep-2", l.Record)
	}
	if len(l.Others) != 1 || l.Others[0].Name != "minimal" {
		t.Errorf("Others: got %+v, want minimal", l.Others)
	}
	wantRemoved := []string{RecordFile, BaseDir + "/sre/notes.md", BaseDir + "/sre/os.toml", BaseDir + "/sre/routines.toml"}
	if got := l.Removed(); !slices.Equal(got, wantRemoved) {
		t.Errorf("Removed: got %q, want %q", got, wantRemoved)
	}
	for _, c := range l.Changes {
		if c.Path == RecordFile && c.Delete {
			t.Errorf("%s deleted, want it rewritten with minimal's record", RecordFile)
		}
		if c.Path != RecordFile && !c.Delete {
			t.Errorf("%s: got written, want deleted", c.Path)
		}
		if strings.HasPrefix(c.Path, BaseDir+"/minimal/") {
			t.Errorf("%s: another template's base changed", c.Path)
		}
	}
	if got, want := l.Kept(), []string{"routine sleep-2 (the template's sleep)"}; !slices.Equal(got, want) {
		t.Errorf("Kept: got %q, want %q", got, want)
	}

	commitChanges(fsys, l.Changes)
	recs, err := ReadRecords(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || !reflect.DeepEqual(recs[0], before[0]) {
		t.Errorf("records after: got %+v, want minimal's alone, as it was: %+v", recs, before[0])
	}
	if base, _ := ReadBase(fsys, "minimal"); base == nil {
		t.Errorf("minimal's base: got none, want it kept")
	}
	if base, _ := ReadBase(fsys, "sre"); base != nil {
		t.Errorf("sre's base: got %d files, want none", len(base))
	}
}

func TestLeaveMessage(t *testing.T) {
	_, fsys, _ := twoTemplates(t)
	l, err := Leave(fsys, "sre")
	if err != nil {
		t.Fatal(err)
	}
	msg := l.Message()
	subject, body, _ := strings.Cut(msg, "\n\n")
	if want := "template: leave sre (applied 1.2.0)"; subject != want {
		t.Errorf("subject: got %q, want %q", subject, want)
	}
	for _, want := range []string{"from /srv/sre\n", "last applied 2026-11-20\n", "kept as the OS's own: routine sleep-2 (the template's sleep)\n", "applying it again is a first apply"} {
		if !strings.Contains(body, want) {
			t.Errorf("body: got\n%s\nwant %q in it", body, want)
		}
	}
	// A version from an old record with a line break stays on one line.
	l.Record.Version = "1.2.0\n\x1b[31m"
	if subject, _, _ := strings.Cut(l.Message(), "\n"); subject != `template: leave sre (applied "1.2.0\n\x1b[31m")` {
		t.Errorf("subject with control characters: got %q", subject)
	}
}

func TestLeaveLastRecord(t *testing.T) {
	_, fsys := newOS(t, "minimal", true)
	l, err := Leave(fsys, "minimal")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Others) != 0 || len(l.Changes) == 0 || l.Changes[0].Path != RecordFile || !l.Changes[0].Delete {
		t.Fatalf("Changes: got %+v, want %s deleted first", l.Changes, RecordFile)
	}
	commitChanges(fsys, l.Changes)
	for p := range fsys {
		t.Errorf("%s: left behind", p)
	}
}

// A record whose base is missing (an OS whose base files were removed
// by hand, or an old record) is left all the same.
func TestLeaveWithoutBase(t *testing.T) {
	_, fsys := newOS(t, "minimal", true)
	for p := range fsys {
		if strings.HasPrefix(p, BaseDir+"/") {
			delete(fsys, p)
		}
	}
	l, err := Leave(fsys, "minimal")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Removed(); !slices.Equal(got, []string{RecordFile}) {
		t.Errorf("Removed: got %q, want the record alone", got)
	}
}

func TestLeaveNotRecorded(t *testing.T) {
	_, fsys, _ := twoTemplates(t)
	for _, name := range []string{"team", "/srv/sre", "../sre", ""} {
		_, err := Leave(fsys, name)
		var nr *NotRecordedError
		if !errors.As(err, &nr) {
			t.Fatalf("%q: got %v, want a NotRecordedError", name, err)
		}
		var names []string
		for _, r := range nr.Records {
			names = append(names, r.Name)
		}
		if !slices.Equal(names, []string{"minimal", "sre"}) {
			t.Errorf("%q: Records: got %q, want minimal and sre", name, names)
		}
	}
	_, err := Leave(fstest.MapFS{}, "sre")
	var nr *NotRecordedError
	if !errors.As(err, &nr) || len(nr.Records) != 0 {
		t.Errorf("an OS with no record: got %v, want a NotRecordedError with no records", err)
	}
}

// After a leave, the template's next apply is a first apply: no base, so
// nothing the person changed reads as the template's to take back, and
// the copy kept as sleep-2 is the person's own item, which the template's
// sleep no longer reaches. Regression guard for a leave that left the
// base, or the ids, behind.
func TestApplyAfterLeaveIsFirstApply(t *testing.T) {
	mine, fsys, sre := twoTemplates(t)
	l, err := Leave(fsys, "sre")
	if err != nil {
		t.Fatal(err)
	}
	commitChanges(fsys, l.Changes)
	a, err := Apply(sre, fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Previous != nil {
		t.Errorf("Previous: got %+v, want none", a.Previous)
	}
	if !strings.Contains(a.Message(), "template: apply sre 1.2.0 (first apply)") {
		t.Errorf("Message: got %q, want a first apply", a.Message())
	}
	// The template's sleep meets the person's sleep again, with no
	// base: a conflict, not a quiet change to sleep-2.
	var keys []string
	for _, c := range a.Conflicts {
		keys = append(keys, c.Key)
	}
	if !slices.Contains(keys, "routine/sleep.title") {
		t.Errorf("conflicts: got %q, want routine/sleep.title", keys)
	}
	for _, k := range keys {
		if strings.HasPrefix(k, "routine/sleep-2") {
			t.Errorf("conflict %s: sleep-2 is the person's own after the leave", k)
		}
	}
	for _, c := range a.Record {
		if c.Path == RecordFile && strings.Contains(string(c.Data), "sleep-2") {
			t.Errorf("%s: got\n%s\nwant no ids from the record that was left", RecordFile, c.Data)
		}
	}
}
