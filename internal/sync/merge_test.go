package sync

import (
	"fmt"
	"strings"
	"testing"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/routines"
)

// templateModel is the calendar template's model files.
func templateModel(t testing.TB) map[string][]byte {
	t.Helper()
	tp, err := tmpl.Builtin("calendar")
	if err != nil {
		t.Fatal(err)
	}
	files, err := tp.Render(tmpl.Vars{Name: "TestOS", Owner: "Andy"})
	if err != nil {
		t.Fatal(err)
	}
	return modelOf(files)
}

func withFiles(model map[string][]byte, pairs ...string) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range model {
		out[k] = v
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "-" {
			delete(out, pairs[i])
		} else {
			out[pairs[i]] = []byte(pairs[i+1])
		}
	}
	return out
}

func TestMergeTreesFiles(t *testing.T) {
	model := templateModel(t)
	tests := []struct {
		name               string
		base, mine, theirs []string
		take               map[string]string
		readme             ReadmeFunc
		files              map[string]string
		deleted            []string
		conflicts, unused  []string
	}{
		{
			name: "a file only theirs changed", base: []string{"x.md", "1\n"}, mine: []string{"x.md", "1\n"}, theirs: []string{"x.md", "2\n"},
			files: map[string]string{"x.md": "2\n"},
		},
		{
			name: "a file only theirs removed", base: []string{"x.md", "1\n"}, mine: []string{"x.md", "1\n"}, theirs: []string{"x.md", "-"},
			deleted: []string{"x.md"},
		},
		{
			name: "removed here, changed there", base: []string{"x.md", "1\n"}, mine: []string{"x.md", "-"}, theirs: []string{"x.md", "2\n"},
			conflicts: []string{"x.md"},
		},
		{
			name: "removed here, changed there, both keeps the change", base: []string{"x.md", "1\n"}, mine: []string{"x.md", "-"}, theirs: []string{"x.md", "2\n"},
			take:  map[string]string{"x.md": TakeBoth},
			files: map[string]string{"x.md": "2\n"},
		},
		{
			name: "README changed on both sides: mine kept", base: []string{"README.md", "a\n"}, mine: []string{"README.md", "b\n"}, theirs: []string{"README.md", "c\n"},
		},
		{
			name: "README changed on one side: taken", base: []string{"README.md", "a\n"}, mine: []string{"README.md", "a\n"}, theirs: []string{"README.md", "c\n"},
			files: map[string]string{"README.md": "c\n"},
		},
		{
			name: "a take key that decides nothing", base: []string{"x.md", "1\n"}, mine: []string{"x.md", "1\n"}, theirs: []string{"x.md", "1\n"},
			take: map[string]string{"routine/nope.at": TakeMine}, unused: []string{"routine/nope.at"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := mergeTrees(withFiles(model, tt.base...), withFiles(model, tt.mine...), withFiles(model, tt.theirs...), tt.take)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, c := range res.Conflicts {
				keys = append(keys, c.Key)
			}
			if fmt.Sprint(keys) != fmt.Sprint(tt.conflicts) {
				t.Errorf("conflicts: got %v, want %v", keys, tt.conflicts)
			}
			got := map[string]string{}
			for p, b := range res.Files {
				got[p] = string(b)
			}
			if tt.files == nil {
				tt.files = map[string]string{}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.files) {
				t.Errorf("files: got %v, want %v", got, tt.files)
			}
			if fmt.Sprint(res.Deleted) != fmt.Sprint(tt.deleted) {
				t.Errorf("deleted: got %v, want %v", res.Deleted, tt.deleted)
			}
			if fmt.Sprint(res.Unused) != fmt.Sprint(tt.unused) {
				t.Errorf("unused: got %v, want %v", res.Unused, tt.unused)
			}
		})
	}
}

func TestMergeTreesBadTake(t *testing.T) {
	model := templateModel(t)
	if _, err := mergeTrees(model, model, model, map[string]string{"x": "yours"}); err == nil || !strings.Contains(err.Error(), "take mine, theirs or both") {
		t.Errorf("a bad take value: got %v", err)
	}
}

// editor applies random, valid edits to a copy of the model, driven by
// fuzz bytes, and remembers what it removed and added.
type editor struct {
	files   map[string][]byte
	data    []byte
	removed map[string]bool // "kind/id"
	added   map[string]bool
	tag     string
}

func (e *editor) next() int {
	if len(e.data) == 0 {
		return 0
	}
	b := int(e.data[0])
	e.data = e.data[1:]
	return b
}

func (e *editor) os() *routines.OS {
	o, err := routines.LoadFiles(e.files)
	if err != nil {
		return nil
	}
	return o
}

var fuzzValues = map[routines.Kind]map[string][]string{
	routines.KindRoutine: {
		"at":       {"06:00", "07:15", "21:45", "22:00", "23:00"},
		"duration": {"15m", "30m", "1h", "7h30m"},
		"status":   {"active", "paused", "aspiration", "retired"},
		"title":    {"Walk", "Sleep early", "Read", "Stretch"},
		"cadence":  {"daily", "weekdays", "weekly on mon,thu"},
	},
	routines.KindPriority: {
		"rank":   {"1", "2", "5", "9"},
		"status": {"next", "later", "done", "dropped"},
		"title":  {"Ship it", "Write", "Plan the quarter"},
	},
	routines.KindTheme: {
		"narrative": {"Why this matters", "The long story"},
		"title":     {"Health first", "Deep work"},
	},
}

func (e *editor) edit() {
	kinds := []routines.Kind{routines.KindRoutine, routines.KindPriority, routines.KindTheme}
	k := kinds[e.next()%len(kinds)]
	o := e.os()
	if o == nil {
		return
	}
	items := o.Items(k)
	switch op := e.next() % 4; {
	case op == 0 && k != routines.KindTheme && len(items) > 0:
		it := items[e.next()%len(items)]
		src, err := routines.RemoveItem(e.files[k.File()], k, it.ItemID())
		if err == nil {
			key := string(k) + "/" + it.ItemID()
			e.try(k.File(), src, func() {
				if e.added[key] {
					delete(e.added, key)
				} else {
					e.removed[key] = true
				}
			})
		}
	case op == 1 && k != routines.KindTheme:
		it := routines.NewItem(k)
		id := fmt.Sprintf("new-%s-%d", e.tag, e.next())
		routines.SetField(it, "id", id)
		routines.SetField(it, "title", "New "+id)
		routines.SetField(it, "theme", "health")
		if k == routines.KindRoutine {
			routines.SetField(it, "cadence", "daily")
			routines.SetField(it, "status", "active")
		} else {
			routines.SetField(it, "status", "later")
		}
		if o.Find(k, id) == nil {
			e.try(k.File(), routines.AppendItem(e.files[k.File()], it), func() { e.added[string(k)+"/"+id] = true })
		}
	default:
		if len(items) == 0 {
			return
		}
		old := items[e.next()%len(items)]
		fields := fuzzValues[k]
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		sortStrings(names)
		name := names[e.next()%len(names)]
		vals := fields[name]
		upd := routines.CloneItem(old)
		if routines.SetField(upd, name, vals[e.next()%len(vals)]) != nil {
			return
		}
		if src, err := routines.UpdateItem(e.files[k.File()], old, upd); err == nil {
			e.try(k.File(), src, func() {})
		}
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// try keeps an edit only when the OS stays valid.
func (e *editor) try(file string, src []byte, ok func()) {
	old := e.files[file]
	e.files[file] = src
	if e.os() == nil {
		e.files[file] = old
		return
	}
	ok()
}

func newEditor(model map[string][]byte, data []byte, tag string) *editor {
	files := map[string][]byte{}
	for k, v := range model {
		files[k] = v
	}
	return &editor{files: files, data: data, removed: map[string]bool{}, added: map[string]bool{}, tag: tag}
}

func itemKeys(files map[string][]byte) (map[string]bool, error) {
	o, err := routines.LoadFiles(files)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, k := range routines.Kinds() {
		for _, it := range o.Items(k) {
			out[string(k)+"/"+it.ItemID()] = true
		}
	}
	return out, nil
}

// FuzzMergeItems drives the merge with random pairs of edits — changed
// fields, removed and added items — and checks that it never loses an
// item nobody removed, nor one that either side added, whichever way the
// conflicts are decided, and that the result is a valid OS.
func FuzzMergeItems(f *testing.F) {
	model := templateModel(f)
	f.Add([]byte{0, 2, 0, 1, 1, 3}, []byte{0, 2, 0, 1, 2, 4})
	f.Add([]byte{0, 0, 1, 1, 0, 7}, []byte{0, 2, 1, 2, 1})
	f.Add([]byte{1, 1, 9, 2, 2, 0, 1}, []byte{1, 1, 9, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 0, 3, 3, 3, 1, 1, 1}, []byte{0, 3, 0, 2, 1})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > 64 || len(b) > 64 {
			return
		}
		mine, theirs := newEditor(model, a, "m"), newEditor(model, b, "t")
		for len(mine.data) > 0 {
			mine.edit()
		}
		for len(theirs.data) > 0 {
			theirs.edit()
		}
		baseItems, err := itemKeys(model)
		if err != nil {
			t.Fatal(err)
		}
		for _, take := range []map[string]string{nil, {TakeAll: TakeMine}, {TakeAll: TakeTheirs}, {TakeAll: TakeBoth}} {
			res, err := mergeTrees(model, mine.files, theirs.files, take)
			if err != nil {
				t.Fatalf("merge with %v: %v", take, err)
			}
			if len(res.Conflicts) > 0 {
				if take != nil {
					t.Fatalf("take %v left conflicts %v", take, res.Conflicts)
				}
				continue
			}
			merged := map[string][]byte{}
			for k, v := range mine.files {
				merged[k] = v
			}
			for p, data := range res.Files {
				merged[p] = data
			}
			for _, p := range res.Deleted {
				delete(merged, p)
			}
			got, err := itemKeys(merged)
			if err != nil {
				t.Fatalf("take %v: the merged OS is not valid: %v", take, err)
			}
			for key := range baseItems {
				if !mine.removed[key] && !theirs.removed[key] && !got[key] {
					t.Fatalf("take %v: lost %s, which nobody removed", take, key)
				}
			}
			for key := range mine.added {
				if !got[key] {
					t.Fatalf("take %v: lost %s, which mine added", take, key)
				}
			}
			for key := range theirs.added {
				if !got[key] {
					t.Fatalf("take %v: lost %s, which theirs added", take, key)
				}
			}
		}
	})
}

// A side whose model files do not load (committed with git) is named as
// that side, whether the merge would have read it item by item or kept
// its files whole. Regression: the error said "merge items: theirs: ..."
// or "the merged OS is not valid" and could not say which machine to
// mend.
func TestMergeTreesSideDoesNotLoad(t *testing.T) {
	base := templateModel(t)
	bad := string(base["routines.toml"]) + "\n[[routine]]\nid = \"x\"\ntitle = \"X\"\ncadance = \"daily\"\n"
	moved := strings.Replace(string(base["routines.toml"]), `at = "22:30"`, `at = "22:00"`, 1)
	if moved == string(base["routines.toml"]) {
		t.Fatal("the template's sleep is not at 22:30")
	}
	tests := []struct {
		name         string
		mine, theirs map[string][]byte
		wantTheirs   bool
	}{
		{"theirs bad, mine changed the model", withFiles(base, "routines.toml", moved), withFiles(base, "routines.toml", bad), true},
		{"theirs bad, mine changed a record", withFiles(base, "reviews/2026/2026-11-25.toml", "date = 2026-11-25\nkind = \"daily\"\n"), withFiles(base, "routines.toml", bad), true},
		{"mine bad, theirs changed the model", withFiles(base, "routines.toml", bad), withFiles(base, "themes.toml", string(base["themes.toml"])+"\n# a comment\n"), false},
		{"mine bad, theirs changed a record", withFiles(base, "routines.toml", bad), withFiles(base, "reviews/2026/2026-11-25.toml", "date = 2026-11-25\nkind = \"daily\"\n"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mergeTrees(base, tt.mine, tt.theirs, nil)
			se, ok := err.(*sideError)
			if !ok {
				t.Fatalf("got %v, want a sideError", err)
			}
			if se.theirs != tt.wantTheirs {
				t.Errorf("theirs: got %v, want %v", se.theirs, tt.wantTheirs)
			}
			// The misspelt key leads: it is why the routine has no cadence.
			if !strings.Contains(se.Error(), `unknown key "cadance"`) && !strings.Contains(se.Error(), `routine "x" has no cadence`) {
				t.Errorf("got %q, want the load error", se.Error())
			}
		})
	}
}

// TestMergeSubject guards the count of commits in a merge's subject.
// Regression: three commits that added a priority, a review and a comment
// merged as "sync: merge origin/main: priorities: add "plan-q1"", as if
// the priority were all that came in.
func TestMergeSubject(t *testing.T) {
	add := func(id string) semdiff.Change {
		return semdiff.Change{Kind: routines.KindPriority, ID: id, Title: id, Op: semdiff.OpAdd}
	}
	many := make([]semdiff.Change, 12)
	for i := range many {
		many[i] = add(fmt.Sprintf("a-long-priority-id-%d", i))
	}
	tests := []struct {
		commits int
		changes []semdiff.Change
		want    string
	}{
		{1, []semdiff.Change{add("plan-q1")}, `sync: merge origin/main: priorities: add "plan-q1"`},
		{3, []semdiff.Change{add("plan-q1")}, `sync: merge 3 commits from origin/main: priorities: add "plan-q1"`},
		{2, nil, `sync: merge 2 commits from origin/main`},
		{1, nil, `sync: merge origin/main`},
		{5, many, `sync: merge 5 commits from origin/main: 12 item changes`},
		{5, []semdiff.Change{add("a-priority-whose-id-is-far-too-long-for-one-subject-line")}, `sync: merge 5 commits from origin/main: 1 item change`},
	}
	for _, tt := range tests {
		got := mergeSubject("origin/main", tt.commits, tt.changes)
		if got != tt.want {
			t.Errorf("%d commits, %d changes: got %q, want %q", tt.commits, len(tt.changes), got, tt.want)
		}
		if n := len([]rune(got)); n > 72 || strings.Contains(got, "\n") {
			t.Errorf("%d commits: got %q, %d characters, want one line of at most 72", tt.commits, got, n)
		}
	}
}
