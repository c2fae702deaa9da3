package tmpl

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/routines"
)

// newOS makes an OS from the built-in template name as init does: the
// model files, rendered, in the Helsinki timezone, and an fs.FS of the OS
// folder with the template's record.
func newOS(t *testing.T, name string, record bool) (map[string][]byte, fstest.MapFS) {
	t.Helper()
	tp, err := Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	files, err := tp.Render(Vars{Name: "TestOS", Owner: "Andy"})
	if err != nil {
		t.Fatal(err)
	}
	files = replace(t, files, routines.FileOS, `timezone = "UTC"`, `timezone = "Europe/Helsinki"`)
	fsys := fstest.MapFS{}
	if record {
		// As if made from the template's repository, where its next
		// version (teamV11) comes from.
		tp.Source = "file:///srv/" + name + ".git"
		for _, c := range RecordChanges(nil, name, tp, nil, nil, day(t, "2026-11-01")) {
			fsys[c.Path] = &fstest.MapFile{Data: c.Data}
		}
	}
	return files, fsys
}

func day(t testing.TB, s string) routines.Date {
	d, err := routines.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func replace(t testing.TB, files map[string][]byte, name, old, new string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for k, v := range files {
		out[k] = v
	}
	if !strings.Contains(string(out[name]), old) {
		t.Fatalf("%s: %q not found", name, old)
	}
	out[name] = []byte(strings.Replace(string(out[name]), old, new, 1))
	return out
}

// teamV11 is the team template's next version: the retro is longer, a
// demo block is new, and the version says so.
func teamV11(t *testing.T) *Template {
	t.Helper()
	tp, err := Builtin("team")
	if err != nil {
		t.Fatal(err)
	}
	files := tp.Files
	files = replace(t, files, routines.FileRoutines, `duration = "45m"`, `duration = "1h"`)
	files = replace(t, files, routines.FileCalendar, "[[block]]\nid = \"learning\"", "[[block]]\nid = \"demo\"\ntitle = \"Demo what shipped\"\ndays = [\"thu\"]\nstart = \"15:00\"\nend = \"15:30\"\ntheme = \"delivery\"\nkind = \"meeting\"\n\n[[block]]\nid = \"learning\"")
	out := *tp
	out.Files = files
	out.Meta.Version = "1.1.0"
	out.Source = "file:///srv/team.git"
	out.Commit = "0123456789abcdef0123456789abcdef01234567"
	return &out
}

func TestApplyUpstreamOnTopOfMine(t *testing.T) {
	mine, fsys := newOS(t, "team", true)
	mine = replace(t, mine, routines.FileRoutines, `at = "15:15"`, `at = "15:30"  # after the demo`)
	b, err := routines.RemoveItem(mine[routines.FileRoutines], routines.KindRoutine, "game-day")
	if err != nil {
		t.Fatal(err)
	}
	mine[routines.FileRoutines] = append(b, []byte("\n[[routine]]\nid = \"walk\"\ntitle = \"Walk at lunch\"\ncadence = \"weekdays\"\nstatus = \"active\"\n")...)

	a, err := Apply(teamV11(t), fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if len(a.Conflicts) > 0 {
		t.Fatalf("got conflicts %v, want none", a.Conflicts)
	}
	o, err := routines.LoadFiles(a.Files)
	if err != nil {
		t.Fatal(err)
	}
	retro := o.Find(routines.KindRoutine, "retro").(*routines.Routine)
	if retro.At != "15:30" || retro.Duration != "1h" {
		t.Errorf("retro: got at %s for %s, want mine's 15:30 and the template's 1h", retro.At, retro.Duration)
	}
	if o.Find(routines.KindRoutine, "game-day") != nil {
		t.Errorf("game-day: got it back, want it to stay deleted")
	}
	if o.Find(routines.KindRoutine, "walk") == nil || o.Find(routines.KindBlock, "demo") == nil {
		t.Errorf("got walk %v demo %v, want mine's walk kept and the new demo added",
			o.Find(routines.KindRoutine, "walk") != nil, o.Find(routines.KindBlock, "demo") != nil)
	}
	if o.Settings.Timezone != "Europe/Helsinki" || o.Settings.Name != "TestOS" {
		t.Errorf("got timezone %s name %s, want mine", o.Settings.Timezone, o.Settings.Name)
	}
	if !strings.Contains(string(a.Files[routines.FileRoutines]), "# after the demo") {
		t.Errorf("routines.toml: got the comment dropped, want it kept")
	}
	if a.Previous == nil || a.Previous.Version != "1.0.0" {
		t.Errorf("Previous: got %+v, want the 1.0.0 record", a.Previous)
	}
	msg := a.Message()
	for _, want := range []string{
		"template: apply team 1.1.0 (was 1.0.0): 1 added, 1 changed",
		`block "demo" added`,
		"routine retro: duration 45m → 1h",
		"from file:///srv/team.git at 0123456789ab",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("Message: got\n%s\nwant it to hold %q", msg, want)
		}
	}
	var rec []byte
	for _, c := range a.Record {
		if c.Path == RecordFile {
			rec = c.Data
		}
	}
	recs, err := ReadRecords(fstest.MapFS{RecordFile: &fstest.MapFile{Data: rec}})
	if err != nil || len(recs) != 1 || recs[0].Version != "1.1.0" || recs[0].Commit != teamV11(t).Commit {
		t.Errorf("new record: got %+v %v, want team 1.1.0 at its commit", recs, err)
	}
}

// TestApplyBringsTheTemplatesComments guards against an apply keeping
// only the person's text outside items: the template's later edits to its
// comments were lost whenever the merge edited the person's file.
func TestApplyBringsTheTemplatesComments(t *testing.T) {
	mine, fsys := newOS(t, "team", true)
	mine = replace(t, mine, routines.FileRoutines, "# Recurring team practices.", "# Ours, from the team template.\n# Recurring team practices.")
	mine = replace(t, mine, routines.FileRoutines, `at = "15:15"`, `at = "15:30"`)
	tp := teamV11(t)
	tp.Files = replace(t, tp.Files, routines.FileRoutines, "these are the practices that are not daily.", "these are the practices that are not daily.\n# Reviewed each quarter.")
	tp.Files = replace(t, tp.Files, routines.FileRoutines, `duration = "1h"`, "# Long enough to get to the actions.\nduration = \"1h\"")
	a, err := Apply(tp, fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if len(a.Conflicts) > 0 {
		t.Fatalf("got conflicts %v, want none", a.Conflicts)
	}
	got := string(a.Files[routines.FileRoutines])
	for _, want := range []string{
		"# Ours, from the team template.\n# Recurring team practices.",
		"not daily.\n# Reviewed each quarter.\n",
		"# Long enough to get to the actions.\nduration = \"1h\"",
		`at = "15:30"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("routines.toml: got\n%s\nwant it to hold %q", got, want)
		}
	}
	if msg := a.Message(); !strings.Contains(msg, "routines.toml: comments merged by line") {
		t.Errorf("Message: got\n%s\nwant it to say the comments were merged", msg)
	}
}

// TestApplyCommentsOnly: a version that changes only comments is applied
// and says so; it read "nothing new", with a commit that changed a file.
func TestApplyCommentsOnly(t *testing.T) {
	mine, fsys := newOS(t, "team", true)
	tp, err := Builtin("team")
	if err != nil {
		t.Fatal(err)
	}
	next := *tp
	next.Files = replace(t, tp.Files, routines.FileRoutines, "these are the practices that are not daily.", "these are the practices that are not daily.\n# Reviewed each quarter.")
	next.Meta.Version = "1.0.1"
	next.Source = "file:///srv/team.git"
	a, err := Apply(&next, fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if !strings.Contains(string(a.Files[routines.FileRoutines]), "# Reviewed each quarter.") {
		t.Errorf("routines.toml lacks the template's new comment:\n%s", a.Files[routines.FileRoutines])
	}
	if msg, _, _ := strings.Cut(a.Message(), "\n"); !strings.HasSuffix(msg, ": comments only") {
		t.Errorf("subject %q, want it to end in \": comments only\"", msg)
	}
}

func TestApplyConflict(t *testing.T) {
	mine, fsys := newOS(t, "team", true)
	mine = replace(t, mine, routines.FileRoutines, `duration = "45m"`, `duration = "30m"`)
	tp := teamV11(t)
	a, err := Apply(tp, fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Conflicts) != 1 || a.Conflicts[0].Key != "routine/retro.duration" {
		t.Fatalf("conflicts: got %v, want routine/retro.duration", a.Conflicts)
	}
	for take, want := range map[string]string{"mine": "30m", "theirs": "1h", "both": "30m"} {
		a, err := Apply(tp, fsys, mine, ApplyOptions{Take: map[string]string{"retro": take}}, day(t, "2026-11-25"))
		if err != nil || len(a.Conflicts) > 0 {
			t.Fatalf("%s: %v %v", take, err, a.Conflicts)
		}
		o, _ := routines.LoadFiles(a.Files)
		if got := o.Find(routines.KindRoutine, "retro").(*routines.Routine).Duration; got != want {
			t.Errorf("%s: got %s, want %s", take, got, want)
		}
		if got := o.Find(routines.KindRoutine, "retro-2") != nil; got != (take == "both") {
			t.Errorf("%s: retro-2 there: got %v", take, got)
		}
		if !strings.Contains(a.Message(), "routine/retro.duration: ") {
			t.Errorf("%s: Message: got\n%s\nwant the decision", take, a.Message())
		}
	}
}

func TestApplyWithoutBase(t *testing.T) {
	mine, fsys := newOS(t, "minimal", true) // made from minimal, not team
	a, err := Apply(teamV11(t), fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Previous != nil {
		t.Errorf("Previous: got %+v, want none", a.Previous)
	}
	for _, c := range a.Conflicts {
		if c.Kind == semdiff.KindOS && (c.Field == "name" || c.Field == "owner" || c.Field == "timezone") {
			t.Errorf("conflict %s: want the OS's identity kept without asking", c.Key)
		}
		if !strings.HasPrefix(c.Key, "block/lunch.") && !strings.HasPrefix(c.Key, "os.") {
			t.Errorf("conflict %s: only what both have and differs should conflict", c)
		}
	}
	if len(a.Conflicts) == 0 {
		t.Fatalf("got no conflicts, want the lunch blocks' differences")
	}
	a, err = Apply(teamV11(t), fsys, mine, ApplyOptions{Take: map[string]string{"*": "mine"}}, day(t, "2026-11-25"))
	if err != nil || len(a.Conflicts) > 0 {
		t.Fatalf("with every conflict decided: %v %v", err, a.Conflicts)
	}
	o, _ := routines.LoadFiles(a.Files)
	for _, id := range []string{"retro", "on-call-handover", "sleep"} {
		if o.Find(routines.KindRoutine, id) == nil {
			t.Errorf("routine %s: got none, want mine's and the template's", id)
		}
	}
	if o.Settings.Name != "TestOS" || o.Settings.Timezone != "Europe/Helsinki" {
		t.Errorf("got %s in %s, want mine", o.Settings.Name, o.Settings.Timezone)
	}
	if !strings.Contains(a.Message(), "template: apply team 1.1.0 (first apply)") {
		t.Errorf("Message: got %q", a.Message())
	}
}

func TestExport(t *testing.T) {
	mine, _ := newOS(t, "team", false)
	mine = replace(t, mine, routines.FileRoutines, `status = "aspiration"`, "status = \"aspiration\"\nnotes = \"My private reminder\"\nformerly = [\"chaos-day\"]")
	// Ids the exporter's items had before the template existed.
	mine = replace(t, mine, routines.FileThemes, `id = "delivery"`, "id = \"delivery\"\nformerly = [\"shipping\"]")
	mine = replace(t, mine, routines.FilePriorities, `id = "runbooks"`, "id = \"runbooks\"\nformerly = [\"playbooks\"]")
	mine = replace(t, mine, routines.FileCalendar, `id = "standup"`, "id = \"standup\"\nformerly = [\"daily\"]")
	// The exporter's own history of its work: started, put off twice.
	mine = replace(t, mine, routines.FilePriorities, `id = "learning-topic"`, "id = \"learning-topic\"\nstarted = 2026-10-01\ndeferred_until = 2026-12-01\ndeferrals = 2\ndefer_reason = \"keynote first\"")
	out, err := Export(mine, ExportOptions{Meta: Meta{Name: "platform", Description: "Our cadence", Author: "Andy"}})
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	for _, key := range []string{"started", "deferred_until", "deferrals", "defer_reason"} {
		if strings.Contains(string(out[routines.FilePriorities]), key) {
			t.Errorf("priorities.toml: got %s exported, want the exporter's history left out:\n%s", key, out[routines.FilePriorities])
		}
	}
	if strings.Contains(string(out[routines.FileRoutines]), "notes") {
		t.Errorf("routines.toml: got notes exported, want none without WithNotes")
	}
	for _, f := range []string{routines.FileRoutines, routines.FileThemes, routines.FilePriorities, routines.FileCalendar} {
		if strings.Contains(string(out[f]), "formerly") {
			t.Errorf("%s: got former ids exported, want none:\n%s", f, out[f])
		}
	}
	if !strings.Contains(string(out[routines.FileRoutines]), "# Recurring team practices.") {
		t.Errorf("routines.toml: got its comments dropped, want them kept")
	}
	if !strings.Contains(string(out[routines.FileOS]), `name = "{{.Name}}"`) || !strings.Contains(string(out[routines.FileOS]), `owner = "{{.Owner}}"`) {
		t.Errorf("os.toml: got\n%s\nwant placeholders for name and owner", out[routines.FileOS])
	}
	if !strings.Contains(string(out[routines.FileThemes]), "Everyone on {{.Name}} learns") {
		t.Errorf("themes.toml: got\n%s\nwant the OS's name in the narrative as a placeholder", out[routines.FileThemes])
	}
	tp, err := Read(flatFS(out), "export")
	if err != nil {
		t.Fatal(err)
	}
	if tp.Meta != (Meta{Name: "platform", Description: "Our cadence", Version: "1.0.0", Author: "Andy"}) {
		t.Errorf("Meta: got %+v", tp.Meta)
	}

	out, err = Export(mine, ExportOptions{Meta: Meta{Name: "rituals"}, Include: []routines.Kind{routines.KindRoutine}, WithNotes: true})
	if err != nil {
		t.Fatal(err)
	}
	o, err := routines.LoadFiles(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Blocks) != 0 || len(o.Priorities) != 0 || len(o.Routines) != 4 {
		t.Errorf("routines only: got %d blocks, %d priorities, %d routines", len(o.Blocks), len(o.Priorities), len(o.Routines))
	}
	if o.Theme("learning") != nil || o.Theme("reliability") == nil || o.Theme("delivery") == nil {
		t.Errorf("themes: got %v, want only those the routines use", o.Themes)
	}
	if strings.Contains(string(out[routines.FilePriorities]), "defer_reason") {
		t.Errorf("WithNotes: got a reason for putting work off without its date:\n%s", out[routines.FilePriorities])
	}
	if r := o.Find(routines.KindRoutine, "game-day").(*routines.Routine); r.Notes != "My private reminder" {
		t.Errorf("WithNotes: got the note dropped")
	} else if len(r.Formerly) != 0 {
		// Former ids name the exporter's own review records.
		t.Errorf("WithNotes: got formerly %q exported, want none", r.Formerly)
	}
	if _, err := Export(mine, ExportOptions{Meta: Meta{Name: "Bad Name"}}); err == nil {
		t.Errorf("a bad name: got no error")
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Andy's one-on-ones", "{{.Owner}}'s one-on-ones"},
		{"Everyone on TeamOS learns", "Everyone on {{.Name}} learns"},
		{"TeamOSes", "TeamOSes"},
		{"Candy for Andy", "Candy for {{.Owner}}"},
		{"TeamOS", "{{.Name}}"},
	}
	for _, tt := range tests {
		it := &routines.Routine{ID: "x", Title: tt.in}
		placeholders(it, "TeamOS", "Andy")
		if it.Title != tt.want {
			t.Errorf("placeholders(%q): got %q, want %q", tt.in, it.Title, tt.want)
		}
	}
	it := &routines.Routine{ID: "x", Title: "Me and OS"}
	placeholders(it, "OS", "Me")
	if it.Title != "Me and OS" {
		t.Errorf("names under three letters: got %q, want them left alone", it.Title)
	}
}

// TestApplySourceClash guards against a template that only shares its
// name with one the OS came from being merged against that one's base,
// which read everything the first template brought as removed.
func TestApplySourceClash(t *testing.T) {
	mine, fsys := newOS(t, "minimal", true) // recorded from file:///srv/minimal.git
	other := &Template{
		Meta:   Meta{Name: "minimal", Version: "2.0.0"},
		Source: "/home/ann/other",
		Files: map[string][]byte{
			routines.FileOS:       []byte("name = \"{{.Name}}\"\nowner = \"{{.Owner}}\"\ntimezone = \"UTC\"\n"),
			routines.FileRoutines: []byte("[[routine]]\nid = \"stretch\"\ntitle = \"Stretch\"\ncadence = \"daily\"\nstatus = \"active\"\n"),
		},
	}
	// The same OS once other was applied under a name of its own.
	asOther, err := Apply(other, fsys, mine, ApplyOptions{As: "other", Take: map[string]string{"*": "mine"}}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	applied := fstest.MapFS{}
	for p, f := range fsys {
		applied[p] = f
	}
	for _, c := range asOther.Record {
		applied[c.Path] = &fstest.MapFile{Data: c.Data}
	}

	tests := []struct {
		name       string
		fsys       fstest.MapFS
		opts       ApplyOptions
		wantClash  string // the clash's Under, or "-" for no clash
		wantName   string
		wantBase   bool // the earlier record is the base
		wantRemove bool // some of the OS's items are removed
	}{
		{"same name, other source", fsys, ApplyOptions{}, "", "", false, false},
		{"applied before under another name", applied, ApplyOptions{}, "other", "", false, false},
		{"under a name of its own", fsys, ApplyOptions{As: "other"}, "-", "other", false, false},
		{"again under that name", applied, ApplyOptions{As: "other"}, "-", "other", true, false},
		{"moved", fsys, ApplyOptions{Moved: true}, "-", "minimal", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Take = map[string]string{"*": "mine"}
			a, err := Apply(other, tt.fsys, mine, tt.opts, day(t, "2026-11-26"))
			var clash *SourceClashError
			if tt.wantClash != "-" {
				if !errors.As(err, &clash) || clash.Under != tt.wantClash || clash.Recorded != "file:///srv/minimal.git" {
					t.Fatalf("got %v (%+v), want a clash with the record of file:///srv/minimal.git, under %q", err, clash, tt.wantClash)
				}
				if strings.ContainsAny(err.Error(), "\n") {
					t.Errorf("error: got %q, want one line", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Name != tt.wantName || (a.Previous != nil) != tt.wantBase {
				t.Errorf("got name %s, previous %+v; want name %s, a base %v", a.Name, a.Previous, tt.wantName, tt.wantBase)
			}
			removed := false
			for _, c := range a.Changes {
				removed = removed || c.Op == semdiff.OpRemove
			}
			if removed != tt.wantRemove {
				t.Errorf("got removals %v, want %v: %v", removed, tt.wantRemove, a.Applied)
			}
			var rec []byte
			for _, c := range a.Record {
				if c.Path == RecordFile {
					rec = c.Data
				} else if !strings.HasPrefix(c.Path, BaseDir+"/"+tt.wantName+"/") {
					t.Errorf("record change %s: want it under %s/%s", c.Path, BaseDir, tt.wantName)
				}
			}
			recs, _ := ReadRecords(fstest.MapFS{RecordFile: &fstest.MapFile{Data: rec}})
			if r := FindRecord(recs, tt.wantName); r == nil || r.Source != other.Source {
				t.Errorf("records: got %+v, want %s from %s", recs, tt.wantName, other.Source)
			}
			if tt.wantName == "other" && FindRecord(recs, "minimal").Source != "file:///srv/minimal.git" {
				t.Errorf("records: got %+v, want minimal's kept as it was", recs)
			}
			if tt.opts.Moved && !strings.Contains(a.Message(), "from /home/ann/other, moved from file:///srv/minimal.git") {
				t.Errorf("Message: got\n%s\nwant it to say where the template moved from", a.Message())
			}
			if tt.opts.As != "" && !strings.HasPrefix(a.Message(), "template: apply minimal 2.0.0 as other") {
				t.Errorf("Message: got\n%s\nwant the name it is recorded under", a.Message())
			}
		})
	}
}

// TestApplyCleanWithConflicts guards against a dry run with undecided
// conflicts showing nothing new: the changes no conflict holds up (an
// added item, a changed field, a removed item) are in Clean, and what a
// conflict holds up is not.
func TestApplyCleanWithConflicts(t *testing.T) {
	mine, fsys := newOS(t, "team", true)
	mine = replace(t, mine, routines.FileRoutines, `duration = "45m"`, `duration = "30m"`)
	tp := teamV11(t) // retro 1h: a conflict with mine's 30m; demo added
	tp.Files = replace(t, tp.Files, routines.FileCalendar, `end = "09:45"`, `end = "10:00"`)
	b, err := routines.RemoveItem(tp.Files[routines.FileRoutines], routines.KindRoutine, "game-day")
	if err != nil {
		t.Fatal(err)
	}
	tp.Files[routines.FileRoutines] = b

	tests := []struct {
		name      string
		take      map[string]string
		conflicts int
		want      []string
		notWant   []string
	}{
		{"undecided", nil, 1,
			[]string{`block "demo" added`, "block standup: end 09:45 → 10:00", `routine "game-day" removed`},
			[]string{"retro"}},
		{"decided", map[string]string{"retro": "theirs"}, 0,
			[]string{`block "demo" added`, "routine retro: duration 30m → 1h"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Apply(tp, fsys, mine, ApplyOptions{Take: tt.take}, day(t, "2026-11-25"))
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Conflicts) != tt.conflicts {
				t.Fatalf("got conflicts %v, want %d", a.Conflicts, tt.conflicts)
			}
			lines := a.Applied
			if tt.conflicts > 0 {
				if len(a.Applied) != 0 {
					t.Errorf("Applied: got %q, want nothing while a conflict is undecided", a.Applied)
				}
				lines = a.Clean
			} else if a.Clean != nil {
				t.Errorf("Clean: got %q, want nil with nothing undecided", a.Clean)
			}
			got := strings.Join(lines, "\n")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got\n%s\nwant a line with %q", got, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("got\n%s\nwant nothing about %q", got, w)
				}
			}
		})
	}
}

// TestApplyCleanInvalidTogether: keeping yours for a field whose item
// takes another field from the template can leave the item invalid
// (a block that ends before it starts); Clean then keeps the whole item.
func TestApplyCleanInvalidTogether(t *testing.T) {
	mine, fsys := newOS(t, "team", true)
	mine = replace(t, mine, routines.FileCalendar, `end = "09:45"`, `end = "09:40"`)
	tp := teamV11(t)
	tp.Files = replace(t, tp.Files, routines.FileCalendar, "start = \"09:30\"\nend = \"09:45\"", "start = \"09:50\"\nend = \"10:00\"")
	a, err := Apply(tp, fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Conflicts) != 1 || a.Conflicts[0].Key != "block/standup.end" {
		t.Fatalf("got conflicts %v, want block/standup.end", a.Conflicts)
	}
	got := strings.Join(a.Clean, "\n")
	if strings.Contains(got, "standup") || !strings.Contains(got, `block "demo" added`) {
		t.Errorf("Clean: got\n%s\nwant the demo and nothing of standup, kept whole as yours", got)
	}
}

// TestSameSource guards against an apply of the same template, named
// another way, being taken for another template of the same name.
func TestSameSource(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home folder")
	}
	tests := []struct {
		a, b string
		same bool
	}{
		{"https://example.com/team/os.git", "https://example.com/team/os", true},
		{"https://example.com/team/os/", "https://EXAMPLE.com/team/os.git", true},
		{"https://example.com/team/os.git#templates/a", "https://example.com/team/os#templates/a/", true},
		{"https://example.com/team/os.git#templates/a", "https://example.com/team/os.git#templates/b", false},
		{"https://example.com/team/os.git", "https://example.com/other/os.git", false},
		{"ssh://git@example.com/team/os.git", "https://example.com/team/os.git", false},
		{"file:///srv/team.git", "file:///srv/team", false},
		{"file:///srv/team.git/", "file:///srv/team.git", true},
		{"~/team", filepath.Join(home, "team"), true},
		{filepath.Join(home, "team") + "/", filepath.Join(home, "team"), true},
		{"~/team", "~/other", false},
		{"minimal", "minimal", true},
		{"minimal", "team", false},
	}
	for _, tt := range tests {
		if got := SameSource(tt.a, tt.b); got != tt.same {
			t.Errorf("SameSource(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// A template whose os.toml leaves settings out, applied without a base,
// leaves the OS's own: regression test for a first apply that read each
// setting the template did not mention as the template removing it, so
// that --take '*=theirs' threw the person's review prompts, grid and
// week start away.
func TestApplyWithoutBaseKeepsUnsetSettings(t *testing.T) {
	mine, fsys := newOS(t, "minimal", false)
	tp := &Template{Source: "/srv/sre", Meta: Meta{Name: "sre", Version: "1.0.0"}, Files: map[string][]byte{
		routines.FileOS:       []byte("name = \"{{.Name}}\"\nowner = \"{{.Owner}}\"\ntimezone = \"UTC\"\n\n[priorities]\nlimit = 5\n"),
		routines.FileRoutines: []byte("[[routine]]\nid = \"toil-review\"\ntitle = \"Toil review\"\ncadence = \"monthly on 1\"\nstatus = \"active\"\n"),
	}}
	before, err := routines.LoadFiles(mine)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Apply(tp, fsys, mine, ApplyOptions{}, day(t, "2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, c := range a.Conflicts {
		keys = append(keys, c.Key)
	}
	if want := []string{"os.priorities.limit"}; !slices.Equal(keys, want) {
		t.Errorf("conflicts: got %v, want %v: only what the template sets and differs", keys, want)
	}
	a, err = Apply(tp, fsys, mine, ApplyOptions{Take: map[string]string{"*": "theirs"}}, day(t, "2026-11-25"))
	if err != nil || len(a.Conflicts) > 0 {
		t.Fatalf("with every conflict decided: %v %v", err, a.Conflicts)
	}
	o, err := routines.LoadFiles(a.Files)
	if err != nil {
		t.Fatal(err)
	}
	s, was := o.Settings, before.Settings
	if !slices.Equal(s.Review.Prompts, was.Review.Prompts) || s.WeekStart != was.WeekStart || s.Calendar.Grid != was.Calendar.Grid || s.Review.WeeklyDay != was.Review.WeeklyDay {
		t.Errorf("settings: got prompts %q, week_start %q, grid %q, weekly_day %q; want the OS's %q, %q, %q, %q",
			s.Review.Prompts, s.WeekStart, s.Calendar.Grid, s.Review.WeeklyDay, was.Review.Prompts, was.WeekStart, was.Calendar.Grid, was.Review.WeeklyDay)
	}
	if s.Priorities.Limit != 5 {
		t.Errorf("priorities.limit: got %d, want the template's 5 (taken)", s.Priorities.Limit)
	}
	if o.Find(routines.KindRoutine, "toil-review") == nil {
		t.Errorf("routine toil-review: got none, want the template's")
	}
}

// A template's item kept beside the person's own item of the same id
// ("both") stays the template's under its new id: regression test for a
// later apply that merged the template's changes to it into the person's
// item, silently when the person had not changed that field, and never
// into the copy. The same goes for a theme: the template's later items
// that use it use the copy.
func TestApplyBothFollowsCopy(t *testing.T) {
	mine, fsys := newOS(t, "minimal", true) // routine "sleep" and theme "steady" are the person's
	sre := func(version, duration, title string, pager bool) *Template {
		routinesFile := "[[routine]]\nid = \"sleep\"\ntitle = \"Sleep before the pager\"\ncadence = \"weekly on wed\"\nduration = \"" + duration + "\"\ntheme = \"steady\"\nstatus = \"active\"\n"
		if pager {
			routinesFile += "\n[[routine]]\nid = \"pager\"\ntitle = \"Pager review\"\ncadence = \"weekly on mon\"\nduration = \"30m\"\ntheme = \"steady\"\nstatus = \"active\"\n"
		}
		return &Template{Source: "/srv/sre", Meta: Meta{Name: "sre", Version: version}, Files: map[string][]byte{
			routines.FileOS:       []byte("name = \"{{.Name}}\"\nowner = \"{{.Owner}}\"\ntimezone = \"UTC\"\n"),
			routines.FileThemes:   []byte("[[theme]]\nid = \"steady\"\ntitle = \"" + title + "\"\nstatus = \"active\"\n"),
			routines.FileRoutines: []byte(routinesFile),
		}}
	}
	before, err := routines.LoadFiles(mine)
	if err != nil {
		t.Fatal(err)
	}
	mySleep := before.Find(routines.KindRoutine, "sleep").(*routines.Routine)
	mySteady := before.Find(routines.KindTheme, "steady").(*routines.Theme)
	const wantRecord = `ids = { "routine/sleep" = "sleep-2", "theme/steady" = "steady-2" }`

	steps := []struct {
		t         *Template
		take      map[string]string
		wantSleep string // the copy's duration after the step
		wantTheme string // the theme copy's title after the step
		wantPager string // the theme of the template's routine pager; "" for none
	}{
		// The template's sleep is as long as the person's: its change
		// to it would come in on theirs without a conflict.
		{sre("1.0.0", "8h", "Calm operations", false), map[string]string{"sleep": "both", "steady": "both"}, "8h", "Calm operations", ""},
		{sre("1.1.0", "45m", "Calm operations", true), nil, "45m", "Calm operations", "steady-2"},
		{sre("1.2.0", "1h", "Quiet operations", true), nil, "1h", "Quiet operations", "steady-2"},
	}
	for _, s := range steps {
		v := s.t.Meta.Version
		a, err := Apply(s.t, fsys, mine, ApplyOptions{Take: s.take}, day(t, "2026-11-25"))
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if len(a.Conflicts) > 0 {
			t.Fatalf("%s: got conflicts %v, want none", v, a.Conflicts)
		}
		o, err := routines.LoadFiles(a.Files)
		if err != nil {
			t.Fatal(err)
		}
		got := o.Find(routines.KindRoutine, "sleep").(*routines.Routine)
		if got.Duration != mySleep.Duration || got.Title != mySleep.Title || got.Cadence != mySleep.Cadence {
			t.Errorf("%s: routine sleep: got %q %s %s, want the person's %q %s %s", v, got.Title, got.Cadence, got.Duration, mySleep.Title, mySleep.Cadence, mySleep.Duration)
		}
		if cp, _ := o.Find(routines.KindRoutine, "sleep-2").(*routines.Routine); cp == nil || cp.Duration != s.wantSleep {
			t.Errorf("%s: routine sleep-2: got %+v, want the template's with duration %s", v, cp, s.wantSleep)
		}
		if th := o.Find(routines.KindTheme, "steady").(*routines.Theme); th.Title != mySteady.Title {
			t.Errorf("%s: theme steady: got %q, want the person's %q", v, th.Title, mySteady.Title)
		}
		if cp, _ := o.Find(routines.KindTheme, "steady-2").(*routines.Theme); cp == nil || cp.Title != s.wantTheme {
			t.Errorf("%s: theme steady-2: got %+v, want the template's titled %q", v, cp, s.wantTheme)
		}
		if p, _ := o.Find(routines.KindRoutine, "pager").(*routines.Routine); s.wantPager != "" && (p == nil || p.Theme != s.wantPager) {
			t.Errorf("%s: routine pager: got %+v, want the template's with theme %s", v, p, s.wantPager)
		}
		for _, c := range a.Record {
			fsys[c.Path] = &fstest.MapFile{Data: c.Data}
			if c.Path == RecordFile && !strings.Contains(string(c.Data), wantRecord) {
				t.Errorf("%s: %s: got\n%s\nwant %s", v, RecordFile, c.Data, wantRecord)
			}
		}
		mine = a.Files
	}
}

// A template that later adds an item of its own under the id the OS keeps
// its copy under: regression test for an apply that read the template's
// new item as the copy (its fields came in as changes to it) and the
// template's item the copy was of as new, clashing again with the
// person's own item.
func TestApplyBothNewItemTakesCopyID(t *testing.T) {
	mine, fsys := newOS(t, "minimal", true) // routine "sleep" is the person's
	sleep := func(at string) string {
		return "[[routine]]\nid = \"sleep\"\ntitle = \"Sleep before the pager\"\ncadence = \"weekly on wed\"\nat = \"" + at + "\"\nduration = \"8h\"\nstatus = \"active\"\n"
	}
	const sleep2 = "\n[[routine]]\nid = \"sleep-2\"\ntitle = \"Nap after the pager\"\ncadence = \"weekly on thu\"\nduration = \"30m\"\nstatus = \"active\"\n"
	sre := func(version, routinesFile string) *Template {
		return &Template{Source: "/srv/sre", Meta: Meta{Name: "sre", Version: version}, Files: map[string][]byte{
			routines.FileOS:       []byte("name = \"{{.Name}}\"\nowner = \"{{.Owner}}\"\ntimezone = \"UTC\"\n"),
			routines.FileRoutines: []byte(routinesFile),
		}}
	}
	before, err := routines.LoadFiles(mine)
	if err != nil {
		t.Fatal(err)
	}
	mySleep := before.Find(routines.KindRoutine, "sleep").(*routines.Routine)
	steps := []struct {
		t          *Template
		take       map[string]string
		wantCopyAt string // the at of sleep-2, the copy of the template's sleep
		wantNew    bool   // whether sleep-2-2 is the template's sleep-2
		wantRecord string
	}{
		{sre("1.0.0", sleep("22:00")), map[string]string{"sleep": "both"}, "22:00", false, `ids = { "routine/sleep" = "sleep-2" }`},
		{sre("2.0.0", sleep("23:00")+sleep2), nil, "23:00", true, `ids = { "routine/sleep" = "sleep-2", "routine/sleep-2" = "sleep-2-2" }`},
		{sre("3.0.0", sleep("21:00")+sleep2), nil, "21:00", true, `ids = { "routine/sleep" = "sleep-2", "routine/sleep-2" = "sleep-2-2" }`},
	}
	for _, s := range steps {
		v := s.t.Meta.Version
		a, err := Apply(s.t, fsys, mine, ApplyOptions{Take: s.take}, day(t, "2026-11-25"))
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if len(a.Conflicts) > 0 {
			t.Fatalf("%s: got conflicts %v, want none", v, a.Conflicts)
		}
		o, err := routines.LoadFiles(a.Files)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.Find(routines.KindRoutine, "sleep").(*routines.Routine); got.Title != mySleep.Title || got.At != mySleep.At {
			t.Errorf("%s: routine sleep: got %q at %s, want the person's %q at %s", v, got.Title, got.At, mySleep.Title, mySleep.At)
		}
		if cp, _ := o.Find(routines.KindRoutine, "sleep-2").(*routines.Routine); cp == nil || cp.Title != "Sleep before the pager" || cp.At != s.wantCopyAt {
			t.Errorf("%s: routine sleep-2: got %+v, want the template's sleep at %s", v, cp, s.wantCopyAt)
		}
		if nw, _ := o.Find(routines.KindRoutine, "sleep-2-2").(*routines.Routine); s.wantNew != (nw != nil && nw.Title == "Nap after the pager") {
			t.Errorf("%s: routine sleep-2-2: got %+v, want the template's sleep-2: %v", v, nw, s.wantNew)
		}
		for _, c := range a.Record {
			fsys[c.Path] = &fstest.MapFile{Data: c.Data}
			if c.Path == RecordFile && !strings.Contains(string(c.Data), s.wantRecord) {
				t.Errorf("%s: %s: got\n%s\nwant %s", v, RecordFile, c.Data, s.wantRecord)
			}
		}
		mine = a.Files
	}
}
