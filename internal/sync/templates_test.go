package sync

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/routines"
)

// tmplSide builds the template records and bases of one side: each
// "NAME VERSION DAY" records NAME, with its base routines.toml holding
// VERSION, as an apply writes them.
func tmplSide(model map[string][]byte, recs ...string) map[string][]byte {
	out := withFiles(model)
	var list []tmpl.Record
	for _, r := range recs {
		f := strings.Fields(r)
		day, err := routines.ParseDate(f[2])
		if err != nil {
			panic(err)
		}
		list = append(list, tmpl.Record{Name: f[0], Source: "/t/" + f[0], Version: f[1], Applied: day})
		out[tmpl.BaseDir+"/"+f[0]+"/routines.toml"] = []byte("# " + f[0] + " " + f[1] + "\n")
	}
	if len(list) > 0 {
		out[tmpl.RecordFile] = tmpl.EncodeRecords(list)
	}
	return out
}

// recordsOf is what the merge leaves of the records and bases, as
// "NAME VERSION DAY" and "base NAME VERSION", sorted.
func recordsOf(t *testing.T, mine map[string][]byte, res *treeMerge) []string {
	t.Helper()
	files := withFiles(mine)
	for p, data := range res.Files {
		files[p] = data
	}
	for _, p := range res.Deleted {
		delete(files, p)
	}
	var out []string
	if data, ok := files[tmpl.RecordFile]; ok {
		recs, err := tmpl.ParseRecords(data)
		if err != nil {
			t.Fatalf("merged %s: %v", tmpl.RecordFile, err)
		}
		for _, r := range recs {
			out = append(out, fmt.Sprintf("%s %s %s", r.Name, r.Version, r.Applied))
		}
	}
	for p, data := range files {
		if strings.HasPrefix(p, tmpl.BaseDir+"/") {
			out = append(out, "base "+strings.TrimSpace(strings.TrimPrefix(string(data), "# ")))
		}
	}
	sort.Strings(out)
	return out
}

// TestMergeTemplateRecords guards against merging .myos/template.toml by
// line: two machines' applies and leaves of different templates conflicted,
// and taking one side could keep a record without its base or a base
// without its record.
func TestMergeTemplateRecords(t *testing.T) {
	model := templateModel(t)
	both := []string{"cal 1.0.0 2026-11-20", "team 1.0.0 2026-11-20"}
	tests := []struct {
		name               string
		base, mine, theirs []string
		take               map[string]string
		want               []string
		conflicts          []string
		note               bool
	}{
		{
			name: "each side leaves another", base: both,
			mine: []string{"team 1.0.0 2026-11-20"}, theirs: []string{"cal 1.0.0 2026-11-20"},
			note: true,
		},
		{
			name: "the last record left here, another applied there", base: []string{"cal 1.0.0 2026-11-20"},
			mine: nil, theirs: []string{"cal 1.0.0 2026-11-20", "team 1.0.0 2026-11-25"},
			want: []string{"base team 1.0.0", "team 1.0.0 2026-11-25"},
			note: true,
		},
		{
			name: "first applies of two templates", base: nil,
			mine: []string{"cal 1.0.0 2026-11-25"}, theirs: []string{"team 1.0.0 2026-11-26"},
			want: []string{"base cal 1.0.0", "base team 1.0.0", "cal 1.0.0 2026-11-25", "team 1.0.0 2026-11-26"},
			note: true,
		},
		{
			name: "the same version applied on both sides, on different days", base: nil,
			mine: []string{"team 1.0.0 2026-11-26"}, theirs: []string{"team 1.0.0 2026-11-25"},
			want: []string{"base team 1.0.0", "team 1.0.0 2026-11-26"},
			note: true,
		},
		{
			name: "a new version here, another template left there", base: both,
			mine: []string{"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"}, theirs: []string{"team 1.0.0 2026-11-20"},
			want: []string{"base team 1.1.0", "team 1.1.0 2026-11-25"},
			note: true,
		},
		{
			name: "left here, a new version there", base: both,
			mine: []string{"cal 1.0.0 2026-11-20"}, theirs: []string{"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"},
			conflicts: []string{"template/team"},
		},
		{
			name: "left here, a new version there: mine leaves", base: both,
			mine: []string{"cal 1.0.0 2026-11-20"}, theirs: []string{"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"},
			take: map[string]string{"template/team": TakeMine},
			want: []string{"base cal 1.0.0", "cal 1.0.0 2026-11-20"},
			note: true,
		},
		{
			name: "left here, a new version there: theirs keeps the apply and its base", base: both,
			mine: []string{"cal 1.0.0 2026-11-20"}, theirs: []string{"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"},
			take: map[string]string{"template/team": TakeTheirs},
			want: []string{"base cal 1.0.0", "base team 1.1.0", "cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"},
			note: true,
		},
		{
			name: "two versions applied: * decides", base: both,
			mine: []string{"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"}, theirs: []string{"cal 1.0.0 2026-11-20", "team 1.2.0 2026-11-25"},
			take: map[string]string{TakeAll: TakeTheirs},
			want: []string{"base cal 1.0.0", "base team 1.2.0", "cal 1.0.0 2026-11-20", "team 1.2.0 2026-11-25"},
			note: true,
		},
		{
			name: "two versions applied: mine", base: both,
			mine: []string{"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"}, theirs: []string{"cal 1.1.0 2026-11-25", "team 1.2.0 2026-11-25"},
			take: map[string]string{"template/team": TakeMine},
			want: []string{"base cal 1.1.0", "base team 1.1.0", "cal 1.1.0 2026-11-25", "team 1.1.0 2026-11-25"},
			note: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, mine, theirs := tmplSide(model, tt.base...), tmplSide(model, tt.mine...), tmplSide(model, tt.theirs...)
			res, err := mergeTrees(base, mine, theirs, tt.take)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, c := range res.Conflicts {
				keys = append(keys, c.Key)
			}
			if !slices.Equal(keys, tt.conflicts) {
				t.Fatalf("conflicts: got %v, want %v", res.Conflicts, tt.conflicts)
			}
			if len(tt.conflicts) > 0 {
				return
			}
			if len(res.Unused) > 0 {
				t.Errorf("unused take keys: got %v, want none", res.Unused)
			}
			if got := recordsOf(t, mine, res); !slices.Equal(got, tt.want) {
				t.Errorf("records and bases: got %q, want %q", got, tt.want)
			}
			if got := slices.Contains(res.Notes, templateRecordsMerged); got != tt.note {
				t.Errorf("note %q: got %v, want %v (notes %q)", templateRecordsMerged, got, tt.note, res.Notes)
			}
		})
	}
}

func TestMergeTemplateRecordsConflict(t *testing.T) {
	model := templateModel(t)
	base := tmplSide(model, "team 1.0.0 2026-11-20")
	mine := tmplSide(model, "team 1.1.0 2026-11-25")
	theirs := tmplSide(model)
	res, err := mergeTrees(base, mine, theirs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conflicts) != 1 {
		t.Fatalf("got conflicts %v, want one", res.Conflicts)
	}
	c := res.Conflicts[0]
	want := Conflict{
		Key: "template/team", File: tmpl.RecordFile, Reason: reasonTmplLeftTheirs,
		Base:   "team 1.0.0 from /t/team, applied 2026-11-20",
		Mine:   "team 1.1.0 from /t/team, applied 2026-11-25",
		Theirs: "left",
		Takes:  []string{TakeMine, TakeTheirs},
	}
	if fmt.Sprint(c) != fmt.Sprint(want) {
		t.Errorf("got %#v, want %#v", c, want)
	}
	if got, want := c.String(), "template/team: applied anew here, left on the remote"; got != want {
		t.Errorf("String: got %q, want %q", got, want)
	}
	if len(res.Files) > 0 || len(res.Deleted) > 0 {
		t.Errorf("a conflict changed files: %v, deleted %v", res.Files, res.Deleted)
	}
	if _, err := mergeTrees(base, mine, theirs, map[string]string{"template/team": TakeBoth}); err == nil || !strings.Contains(err.Error(), "take mine or theirs") {
		t.Errorf("--take template/team=both: got %v, want a refusal", err)
	}
}

// The same record on both sides, with two different bases (a template's
// folder changed without a new version, applied on both machines on one
// day), is a conflict on the template, not two bases mixed by line.
func TestMergeTemplateRecordsSameRecordOtherBase(t *testing.T) {
	model := templateModel(t)
	base := tmplSide(model, "team 1.0.0 2026-11-20")
	mine := tmplSide(model, "team 1.0.0 2026-11-25")
	theirs := withFiles(mine, tmpl.BaseDir+"/team/routines.toml", "# team 1.0.0 changed\n")
	mine[tmpl.BaseDir+"/team/routines.toml"] = []byte("# team 1.0.0 mine\n")
	res, err := mergeTrees(base, mine, theirs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conflicts) != 1 || res.Conflicts[0].Key != "template/team" || res.Conflicts[0].Reason != reasonTmplBaseBoth {
		t.Fatalf("got conflicts %v, want template/team: %s", res.Conflicts, reasonTmplBaseBoth)
	}
	res, err = mergeTrees(base, mine, theirs, map[string]string{"template/team": TakeTheirs})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := recordsOf(t, mine, res), []string{"base team 1.0.0 changed", "team 1.0.0 2026-11-25"}; !slices.Equal(got, want) {
		t.Errorf("records and bases: got %q, want %q", got, want)
	}
}

// A record file that does not read (edited by hand) merges by line, as
// before: nothing is lost, and what conflicts is the file's.
func TestMergeTemplateRecordsUnreadable(t *testing.T) {
	model := templateModel(t)
	base := tmplSide(model, "team 1.0.0 2026-11-20")
	mine := withFiles(base, tmpl.RecordFile, "[[template]\n"+string(base[tmpl.RecordFile]))
	theirs := tmplSide(model, "team 1.1.0 2026-11-25")
	res, err := mergeTrees(base, mine, theirs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Notes, tmpl.RecordFile+": merged by line") {
		t.Errorf("notes: got %q, want the record file merged by line", res.Notes)
	}
}

// FuzzMergeTemplateRecords merges record files as two machines may have
// written them (by hand too): the merge never panics, and when both
// sides' record files read, whatever it keeps, a template's base is
// there exactly when its record is. (One that does not read merges by
// line, as any file of the person's.)
func FuzzMergeTemplateRecords(f *testing.F) {
	model := templateModel(f)
	base := tmplSide(model, "cal 1.0.0 2026-11-20", "team 1.0.0 2026-11-20")
	for _, seed := range [][2][]string{
		{{"team 1.0.0 2026-11-20"}, {"cal 1.0.0 2026-11-20"}},
		{{"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"}, {"team 1.0.0 2026-11-20"}},
		{{"cal 1.0.0 2026-11-20"}, {"cal 1.0.0 2026-11-20", "team 1.1.0 2026-11-25"}},
		{nil, {"team 1.0.0 2026-11-26", "cal 1.0.0 2026-11-20"}},
	} {
		f.Add(tmplSide(model, seed[0]...)[tmpl.RecordFile], tmplSide(model, seed[1]...)[tmpl.RecordFile])
	}
	f.Fuzz(func(t *testing.T, m, th []byte) {
		side := func(data []byte) map[string][]byte {
			out := withFiles(model)
			if len(data) > 0 {
				out[tmpl.RecordFile] = data
			}
			recs, _ := tmpl.ParseRecords(data)
			for _, r := range recs {
				out[tmpl.BaseDir+"/"+r.Name+"/routines.toml"] = []byte("# " + r.Name + " " + r.Version + "\n")
			}
			return out
		}
		for _, data := range [][]byte{m, th} {
			if _, err := tmpl.ParseRecords(data); err != nil {
				return
			}
		}
		mine, theirs := side(m), side(th)
		res, err := mergeTrees(base, mine, theirs, map[string]string{TakeAll: TakeTheirs})
		if err != nil || len(res.Conflicts) > 0 {
			return
		}
		files := withFiles(mine)
		for p, data := range res.Files {
			files[p] = data
		}
		for _, p := range res.Deleted {
			delete(files, p)
		}
		recs, err := tmpl.ParseRecords(files[tmpl.RecordFile])
		if err != nil {
			t.Fatalf("the merged %s does not read: %v", tmpl.RecordFile, err)
		}
		for p := range files {
			name, ok := strings.CutPrefix(p, tmpl.BaseDir+"/")
			if !ok {
				continue
			}
			name, _, _ = strings.Cut(name, "/")
			if tmpl.FindRecord(recs, name) == nil {
				t.Errorf("%s is kept without a record of %s", p, name)
			}
		}
		for _, r := range recs {
			p := tmpl.BaseDir + "/" + r.Name + "/routines.toml"
			if _, ok := files[p]; !ok && routines.ValidID(r.Name) {
				t.Errorf("the record of %s is kept without its base", r.Name)
			}
		}
	})
}
