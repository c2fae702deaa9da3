package routines

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// handRoutines is a file as a person writes it: comments above and inside
// tables, aligned '=', an inline comment, a multi-line string and a blank
// line style of its own. Edits must keep all of it.
const handRoutines = `# The way I work: routines.
# Reviewed every Friday.

# Sleep comes first.
[[routine]]
id       = "sleep"
title    = "Go to sleep on time"
why      = "Rest is earned"   # really
cadence  = "daily"
at       = "22:30"
duration = "8h"

[[routine]]
id = 'inbox'
title = "Empty the inbox"
cadence = "weekdays"
notes = """
Twice a day,
no more."""
# trailing comment about inbox

# The gym, someday.
[[routine]]
id = "gym"
title = "Gym"
cadence = "weekly on mon,thu"
status = "aspiration"
`

func loadRoutines(t *testing.T, src string) *OS {
	t.Helper()
	o := &OS{}
	if errs := ParseFile(o, FileRoutines, []byte(src)); len(errs) > 0 {
		t.Fatalf("ParseFile: %v", errs)
	}
	applyDefaults(o)
	return o
}

func TestEditRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, src []byte, o *OS) []byte
		want string
	}{
		{
			name: "change one value keeps alignment and comments",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				old := &o.Routines[0]
				upd := *old
				upd.At = "22:00"
				return mustUpdate(t, src, old, &upd)
			},
			want: strings.Replace(handRoutines, `at       = "22:30"`, `at       = "22:00"`, 1),
		},
		{
			name: "inline comment survives a value change",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				old := &o.Routines[0]
				upd := *old
				upd.Why = "Tomorrow starts clean"
				return mustUpdate(t, src, old, &upd)
			},
			want: strings.Replace(handRoutines, `"Rest is earned"   # really`, `"Tomorrow starts clean"   # really`, 1),
		},
		{
			name: "new key goes after the last key in the table's style",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				old := &o.Routines[0]
				upd := *old
				upd.Theme = "health"
				return mustUpdate(t, src, old, &upd)
			},
			want: strings.Replace(handRoutines, "duration = \"8h\"\n", "duration = \"8h\"\ntheme    = \"health\"\n", 1),
		},
		{
			name: "new key after a multi-line string",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				old := &o.Routines[1]
				upd := *old
				upd.At = "09:00"
				return mustUpdate(t, src, old, &upd)
			},
			want: strings.Replace(handRoutines, "no more.\"\"\"\n", "no more.\"\"\"\nat = \"09:00\"\n", 1),
		},
		{
			name: "unset key is removed with its multi-line value",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				old := &o.Routines[1]
				upd := *old
				upd.Notes = ""
				return mustUpdate(t, src, old, &upd)
			},
			want: strings.Replace(handRoutines, "notes = \"\"\"\nTwice a day,\nno more.\"\"\"\n", "", 1),
		},
		{
			name: "single-quoted id is found and left as written",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				old := &o.Routines[1]
				upd := *old
				upd.Cadence = "daily"
				return mustUpdate(t, src, old, &upd)
			},
			want: strings.Replace(handRoutines, `cadence = "weekdays"`, `cadence = "daily"`, 1),
		},
		{
			name: "remove takes the comment above and one blank line",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				out, err := RemoveItem(src, KindRoutine, "gym")
				if err != nil {
					t.Fatal(err)
				}
				return out
			},
			want: strings.TrimSuffix(handRoutines[:strings.Index(handRoutines, "# The gym")], "\n"),
		},
		{
			name: "remove the first item keeps the file header",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				out, err := RemoveItem(src, KindRoutine, "sleep")
				if err != nil {
					t.Fatal(err)
				}
				return out
			},
			want: "# The way I work: routines.\n# Reviewed every Friday.\n\n" + handRoutines[strings.Index(handRoutines, "[[routine]]\nid = 'inbox'"):],
		},
		{
			name: "append mimics the last table",
			edit: func(t *testing.T, src []byte, o *OS) []byte {
				return AppendItem(src, &Routine{ID: "walk", Title: "Walk \"outside\"", Cadence: "daily", Status: "active"})
			},
			want: handRoutines + "\n[[routine]]\nid = \"walk\"\ntitle = \"Walk \\\"outside\\\"\"\ncadence = \"daily\"\nstatus = \"active\"\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := loadRoutines(t, handRoutines)
			got := string(tt.edit(t, []byte(handRoutines), o))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			// Whatever the edit, the result must still load.
			loadRoutines(t, got)
		})
	}
}

func mustUpdate(t *testing.T, src []byte, old, upd Item) []byte {
	t.Helper()
	out, err := UpdateItem(src, old, upd)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRemoveItemComments guards against a removal that took the comment
// opening the file along with the first item, when no blank line parted
// them, and against one that left the comment lines right below an
// item's last key behind, to read as the comment of the item above.
func TestRemoveItemComments(t *testing.T) {
	const (
		wake = "[[routine]]\nid = \"wake\"\ntitle = \"Wake up\"\n"
		plan = "[[routine]]\nid = \"plan\"\ntitle = \"Plan the day\"\n"
		walk = "[[routine]]\nid = \"walk\"\ntitle = \"Walk\"\n"
	)
	tests := []struct {
		name, src, id, want string
	}{
		// It stays apart from the next item, whose comment it is not.
		{"the file's comment right above the first item stays",
			"# How my days run. Reviewed every Sunday.\n" + wake + "\n" + plan,
			"wake",
			"# How my days run. Reviewed every Sunday.\n\n" + plan},
		{"the file's comment after blank lines stays",
			"\n\n# How my days run.\n" + wake + "\n" + plan,
			"wake",
			"\n\n# How my days run.\n\n" + plan},
		{"the file's comment stays apart from the next item's",
			"# How my days run.\n" + wake + "\n# Before the mail.\n" + plan,
			"wake",
			"# How my days run.\n\n# Before the mail.\n" + plan},
		{"the file's comment above the only item stays",
			"# How my days run.\n" + wake,
			"wake",
			"# How my days run.\n"},
		{"the file's comment stays with CRLF",
			crlf("# How my days run.\n" + wake + "\n" + plan),
			"wake",
			crlf("# How my days run.\n\n" + plan)},
		{"a later item's comment goes with it",
			"# How my days run.\n" + wake + "\n# Before the mail.\n" + plan + "\n" + walk,
			"plan",
			"# How my days run.\n" + wake + "\n" + walk},
		{"the first item's comment goes, below the file's",
			"# How my days run.\n\n# Early.\n" + wake + "\n" + plan,
			"wake",
			"# How my days run.\n\n" + plan},
		{"keys put aside right below the last key go with the item",
			wake + "\n" + plan + "# at = \"09:00\"\n# duration = \"15m\"\n\n" + walk,
			"plan",
			wake + "\n" + walk},
		// Only the keys that come first: any other comment may be the
		// user's about what follows, and stays.
		{"a note after keys put aside stays",
			wake + "\n" + plan + "# at = \"09:00\"\n# later, maybe\n\n" + walk,
			"plan",
			wake + "\n# later, maybe\n\n" + walk},
		// A block that runs into the next header is that item's, keys
		// put aside and all, whichever item goes.
		{"a block right above the next header stays when the item above goes",
			wake + "\n" + plan + "# at = \"09:00\"\n# Walk it off:\n" + walk,
			"plan",
			wake + "\n# at = \"09:00\"\n# Walk it off:\n" + walk},
		{"a block right above the next header goes with that item",
			wake + "\n" + plan + "# at = \"09:00\"\n# Walk it off:\n" + walk,
			"walk",
			wake + "\n" + plan},
		{"a divider after a key put aside stays",
			wake + "\n" + plan + "# at = \"09:00\"\n# ---- Evening ----\n\n" + walk,
			"plan",
			wake + "\n# ---- Evening ----\n\n" + walk},
		{"a divider right below the last key stays",
			wake + "\n" + plan + "# ---- Evening ----\n\n" + walk,
			"plan",
			wake + "\n# ---- Evening ----\n\n" + walk},
		{"a comment right above the next header is the next item's",
			wake + "\n" + plan + "# Walk it off.\n" + walk,
			"plan",
			wake + "\n# Walk it off.\n" + walk},
		{"the comment that closes the file stays, right below the last key",
			wake + "\n" + plan + "# New ones go above this line.\n",
			"plan",
			wake + "\n# New ones go above this line.\n"},
		{"the comment that closes the file stays, after a blank line",
			wake + "\n" + plan + "\n# New ones go above this line.\n",
			"plan",
			wake + "\n# New ones go above this line.\n"},
		{"the file's comments stay around its only item",
			"# How my days run.\n" + wake + "# New ones go above this line.\n",
			"wake",
			"# How my days run.\n# New ones go above this line.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RemoveItem([]byte(tt.src), KindRoutine, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			loadRoutines(t, string(got))
		})
	}
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// TestItemComments: the comments inside an item's table are read by
// where they stand, and written back at those places into the table
// AppendItem writes for the item in another file, in that file's style.
func TestItemComments(t *testing.T) {
	const theirs = "[[routine]]\nid = \"other\"\n\n[[routine]]  # new\n# Ask first.\nid = \"pair\"\ntitle = \"Pair #1\" # the first\n# Wednesdays.\n\n# After lunch.\ncadence = \"weekly on wed\"\nnotes = \"\"\"\n# not a comment\n\"\"\"   # a note\n"
	got, err := TableComments([]byte(theirs), KindRoutine, "pair")
	if err != nil {
		t.Fatal(err)
	}
	want := ItemComments{
		Header: "  # new",
		Before: map[string][]string{"id": {"# Ask first."}, "cadence": {"# Wednesdays.", "", "# After lunch."}},
		End:    map[string]string{"title": " # the first", "notes": "   # a note"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("TableComments: got %+v, want %+v", got, want)
	}
	got.Above = []string{"# Pairing."}
	got.Below = []string{"# at = \"14:00\""}
	it := &Routine{ID: "pair", Title: "Pair #1", Cadence: "weekly on wed", Notes: "# not a comment\n"}
	for _, tt := range []struct{ name, mine, want string }{
		{"aligned",
			"[[routine]]\nid    = \"a\"\ntitle = \"A\"\n",
			"[[routine]]\nid    = \"a\"\ntitle = \"A\"\n\n# Pairing.\n[[routine]]  # new\n# Ask first.\nid    = \"pair\"\ntitle = \"Pair #1\" # the first\n# Wednesdays.\n\n# After lunch.\ncadence = \"weekly on wed\"\nnotes = \"\"\"\n# not a comment\n\"\"\"   # a note\n# at = \"14:00\"\n"},
		{"CRLF",
			"[[routine]]\r\nid = \"a\"\r\n",
			"[[routine]]\r\nid = \"a\"\r\n\r\n# Pairing.\r\n[[routine]]  # new\r\n# Ask first.\r\nid = \"pair\"\r\ntitle = \"Pair #1\" # the first\r\n# Wednesdays.\r\n\r\n# After lunch.\r\ncadence = \"weekly on wed\"\r\nnotes = \"\"\"\n# not a comment\n\"\"\"   # a note\r\n# at = \"14:00\"\r\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := string(AddComments(AppendItem([]byte(tt.mine), it), KindRoutine, "pair", got))
			if out != tt.want {
				t.Errorf("got\n%q\nwant\n%q", out, tt.want)
			}
			loadRoutines(t, out)
		})
	}
	// A comment for a key the table does not have is left out; text
	// that is not a comment changes nothing.
	src := AppendItem(nil, &Routine{ID: "pair", Title: "Pair", Cadence: "daily"})
	if out := AddComments(src, KindRoutine, "pair", ItemComments{Before: map[string][]string{"at": {"# at nine"}}, End: map[string]string{"why": " # because"}}); !bytes.Equal(out, src) {
		t.Errorf("comments for keys not there: got\n%s\nwant it as it was", out)
	}
	if out := AddComments(src, KindRoutine, "pair", ItemComments{Below: []string{"at = \"09:00\""}}); !bytes.Equal(out, src) {
		t.Errorf("a line that is not a comment: got\n%s\nwant it as it was", out)
	}
}

func TestAppendItemStyles(t *testing.T) {
	th := &Theme{ID: "x", Title: "X", Status: "active"}
	tests := []struct {
		name, src, want string
	}{
		{"empty file", "", "[[theme]]\nid = \"x\"\ntitle = \"X\"\nstatus = \"active\"\n"},
		{"comment only", "# themes\n", "# themes\n\n[[theme]]\nid = \"x\"\ntitle = \"X\"\nstatus = \"active\"\n"},
		{"no final newline", "[[theme]]\nid = \"a\"\ntitle = \"A\"", "[[theme]]\nid = \"a\"\ntitle = \"A\"\n\n[[theme]]\nid = \"x\"\ntitle = \"X\"\nstatus = \"active\"\n"},
		{"CRLF and two blank lines", "[[theme]]\r\nid = \"a\"\r\n\r\n\r\n[[theme]]\r\nid = \"b\"\r\n", "[[theme]]\r\nid = \"a\"\r\n\r\n\r\n[[theme]]\r\nid = \"b\"\r\n\r\n\r\n[[theme]]\r\nid = \"x\"\r\ntitle = \"X\"\r\nstatus = \"active\"\r\n"},
		{"indented and aligned", "[[theme]]\n  id    = \"a\"\n  title = \"A\"\n", "[[theme]]\n  id    = \"a\"\n  title = \"A\"\n\n[[theme]]\n  id    = \"x\"\n  title = \"X\"\n  status = \"active\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(AppendItem([]byte(tt.src), th)); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestAppendBlockBeforeEvents(t *testing.T) {
	src := "[[block]]\nid = \"a\"\ntitle = \"A\"\n\n# Dated things.\n[[event]]\nid = \"e\"\n"
	got := string(AppendItem([]byte(src), &Block{ID: "b", Title: "B", Days: []string{"mon"}, Start: "09:00", End: "10:00"}))
	want := "[[block]]\nid = \"a\"\ntitle = \"A\"\n\n[[block]]\nid = \"b\"\ntitle = \"B\"\ndays = [\"mon\"]\nstart = \"09:00\"\nend = \"10:00\"\n\n# Dated things.\n[[event]]\nid = \"e\"\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestUpdateSettings(t *testing.T) {
	src := "# My OS\nname = \"AndyOS\"   # the name\n\n[calendar]\ngrid = \"15m\"\n"
	o := &OS{}
	if errs := ParseFile(o, FileOS, []byte(src)); len(errs) > 0 {
		t.Fatal(errs)
	}
	upd := o.Settings
	upd.Name = "KelOS"
	upd.Calendar.Grid = "30m"
	upd.Priorities.Limit = 3
	got, err := UpdateSettings([]byte(src), &o.Settings, &upd)
	if err != nil {
		t.Fatal(err)
	}
	want := "# My OS\nname = \"KelOS\"   # the name\n\n[calendar]\ngrid = \"30m\"\n\n[priorities]\nlimit = 3\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEncodeValue(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"plain", `"plain"`},
		{`a "quote" and \ slash`, `"a \"quote\" and \\ slash"`},
		{"tab\there", `"tab\there"`},
		{"two\nlines", "\"\"\"\ntwo\nlines\"\"\""},
		{"bell\x07", `"bell\u0007"`},
		{42, "42"},
		{true, "true"},
		{Date{2026, 12, 1}, "2026-12-01"},
		{[]string{"mon", "tue"}, `["mon", "tue"]`},
	}
	for _, tt := range tests {
		if got := EncodeValue(tt.in); got != tt.want {
			t.Errorf("EncodeValue(%#v): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzEditRoundTrip: any string value written by an edit reads back as
// exactly that string.
func FuzzEditRoundTrip(f *testing.F) {
	for _, s := range []string{"x", "two\nlines", `"""`, "a\\", "ends with \"", "\r\n", "tab\t", "é ✓"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
			return
		}
		o := loadRoutines(t, handRoutines)
		old := &o.Routines[1]
		upd := *old
		upd.Notes = s
		out, err := UpdateItem([]byte(handRoutines), old, &upd)
		if err != nil {
			t.Fatal(err)
		}
		o2 := &OS{}
		if errs := ParseFile(o2, FileRoutines, out); len(errs) > 0 {
			t.Fatalf("edited file does not load: %v\n%s", errs, out)
		}
		if got := o2.Routines[1].Notes; got != s {
			t.Fatalf("notes: got %q, want %q", got, s)
		}
	})
}

// FuzzEditAnyFile holds the editors to their promise on any file the
// decoder accepts: after an append, a change or a removal the file still
// loads, the item changed as asked, every other item is as it was, and
// every byte outside the edited table is kept. Changes replace a value
// (title), add a key (at) and remove one (why), alone and together. An
// item appended to another file with its table's comments is the same
// item.
func FuzzEditAnyFile(f *testing.F) {
	f.Add(handRoutines)
	f.Add("[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\n")
	f.Add("# [[routine]]\n[[routine]]\nid=\"a\" # c\ntitle=\"\"\"\n[[routine]]\n\"\"\"\ncadence = 'daily'\n[[routine]]\nid = \"b\"\n")
	f.Add("[[routine]]\n  id = \"a\"\n  notes = '''\n[[routine]] ]\n'''\n  title = 'T' # ]]\n\n\n[[routine]]\r\nid = \"b\"\r\n")
	f.Add("[[ routine ]]\nid = \"a\"\n\"title\" = \"x\\\"y\"\n[[routine]]\nid = \"b\"")
	f.Add("\ufeff# mine\r\n[[routine]]\r\nid = \"a\"\r\nwhy = \"\"\"\r\nTwo\r\nlines\"\"\"\r\nat = \"07:00\"\r\n# after\r\n\r\n[[routine]]\r\nid = \"b\"\r\nwhy = \"b\"\r\n")
	f.Add("[[routine]]\nid = \"a\"\nwhy = \"w\" # why\n\n[[routine]]\nid = \"b\"\ntitle = \"B\"")
	f.Fuzz(func(t *testing.T, text string) {
		o := &OS{}
		if errs := ParseFile(o, FileRoutines, []byte(text)); len(errs) > 0 || len(o.Routines) == 0 {
			return
		}
		src := []byte(text)
		first := o.Routines[0]
		reload := func(b []byte, what string) []Routine {
			n := &OS{}
			if errs := ParseFile(n, FileRoutines, b); len(errs) > 0 {
				t.Fatalf("%s: the file no longer loads: %v\n--- before\n%s\n--- after\n%s", what, errs, text, b)
			}
			return n.Routines
		}
		same := func(a, b Routine) bool { return EqualFields(&a, &b) }

		b := AppendItem(src, &Routine{ID: "zz-new", Title: "New", Cadence: "daily"})
		got := reload(b, "append")
		if len(got) != len(o.Routines)+1 || got[len(got)-1].ID != "zz-new" {
			t.Fatalf("append: got %d routines, want %d with zz-new last", len(got), len(o.Routines)+1)
		}
		for i := range o.Routines {
			if !same(got[i], o.Routines[i]) {
				t.Fatalf("append changed routine %d", i)
			}
		}
		if p, q := commonPrefix(src, b), commonSuffix(src, b); p+q < len(src) {
			t.Fatalf("append: the file's bytes are not all kept: %d of %d before the new table, %d after\n--- before\n%q\n--- after\n%q", p, len(src), q, src, b)
		}

		if first.ID == "" || countID(o.Routines, first.ID) != 1 {
			return
		}
		l := scanLayout(src)
		table, err := l.findItem(src, KindRoutine, first.ID)
		if err != nil {
			return // inline arrays cannot be edited in place; said so
		}
		tl := &l.tables[table]
		tableStart, tableEnd := l.lines[tl.header].start, l.afterLine(tl.lastLine())

		// The table's comments go with the item into another file, and
		// change nothing the item says.
		c, err := TableComments(src, KindRoutine, first.ID)
		if err != nil {
			t.Fatalf("TableComments: %v", err)
		}
		b = AddComments(AppendItem([]byte("# other\n"), &first), KindRoutine, first.ID, c)
		if got := reload(b, "comments"); len(got) != 1 || !same(got[0], first) {
			t.Fatalf("comments: got %+v, want %+v\n%s", got, first, b)
		}

		at := "06:15"
		if first.At == at {
			at = "06:30"
		}
		edits := []struct {
			name string
			edit func(r *Routine)
		}{
			{"replace the title", func(r *Routine) { r.Title = "Changed \"title\"" }},
			{"add at", func(r *Routine) { r.At = at }},
			{"remove why", func(r *Routine) { r.Why = "" }},
			{"all three", func(r *Routine) { r.Title, r.At, r.Why = "T\nU", at, "" }},
		}
		for _, e := range edits {
			upd := first
			e.edit(&upd)
			b, err := UpdateItem(src, &first, &upd)
			if err != nil {
				t.Fatalf("update, %s: %v", e.name, err)
			}
			got = reload(b, "update, "+e.name)
			want := append([]Routine{}, o.Routines...)
			want[0] = upd
			for i := range want {
				if !same(got[i], want[i]) {
					t.Fatalf("update, %s: routine %d is %+v, want %+v\n%s", e.name, i, got[i], want[i], b)
				}
			}
			if !bytes.HasPrefix(b, src[:tableStart]) || !bytes.HasSuffix(b, src[tableEnd:]) || len(b) < tableStart+len(src)-tableEnd {
				t.Fatalf("update, %s: bytes before line %d or after line %d changed\n--- before\n%q\n--- after\n%q",
					e.name, tl.header+1, tl.lastLine()+1, src, b)
			}
		}

		b, err = RemoveItem(src, KindRoutine, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		got = reload(b, "remove")
		if len(got) != len(o.Routines)-1 {
			t.Fatalf("remove: got %d routines, want %d", len(got), len(o.Routines)-1)
		}
		for i := range got {
			if !same(got[i], o.Routines[i+1]) {
				t.Fatalf("remove changed routine %d", i+1)
			}
		}
		// What is gone is one span of src that holds the whole table
		// (with comments and blank lines around it); the rest is kept.
		k := min(commonPrefix(src, b), tableStart)
		rest := len(b) - k
		if rest > len(src)-k || !bytes.Equal(b[k:], src[len(src)-rest:]) || len(src)-rest < tableEnd {
			t.Fatalf("remove: not just the table's span %d..%d of the file is gone\n--- before\n%q\n--- after\n%q", tableStart, tableEnd, src, b)
		}
	})
}

func commonPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func countID(rs []Routine, id string) int {
	n := 0
	for _, r := range rs {
		if r.ID == id {
			n++
		}
	}
	return n
}

// TestUpdateSettingsDottedAndInline guards against a second [review] table
// after review's keys were written as dotted keys in the root (invalid
// TOML 1.0, though BurntSushi reads it) and against an inline table being
// edited as if it were not there.
func TestUpdateSettingsDottedAndInline(t *testing.T) {
	tests := []struct {
		name, src string
		edit      func(s *Settings)
		want      string // "" when the edit must fail
		wantErr   string
	}{
		{
			name: "add a key next to dotted keys in the root",
			src:  "name = \"A\"\nreview.weekly_day = \"fri\"\n\n[calendar]\ngrid = \"15m\"\n",
			edit: func(s *Settings) { s.Review.Prompts = []string{"Why?"} },
			want: "name = \"A\"\nreview.weekly_day = \"fri\"\nreview.prompts = [\"Why?\"]\n\n[calendar]\ngrid = \"15m\"\n",
		},
		{
			name: "dotted keys spaced and quoted, root key after them",
			src:  "review . weekly_day = \"fri\"\n\"review\".prompts = [\"a\"]\nowner = \"B\"\n",
			edit: func(s *Settings) { s.Review.WeeklyDay = "mon"; s.Review.Prompts = nil },
			want: "review . weekly_day = \"mon\"\nowner = \"B\"\n",
		},
		{
			name: "change one dotted key, add another of the same table",
			src:  "calendar.grid = \"15m\"\nname = \"A\"\n",
			edit: func(s *Settings) { s.Calendar.Grid = "30m"; s.Review.WeeklyDay = "fri" },
			want: "calendar.grid = \"30m\"\nname = \"A\"\n\n[review]\nweekly_day = \"fri\"\n",
		},
		{
			name:    "inline table",
			src:     "name = \"A\"\nreview = { weekly_day = \"fri\" }\n",
			edit:    func(s *Settings) { s.Review.Prompts = []string{"Why?"} },
			wantErr: "os.toml: cannot edit review.prompts in place: review is an inline table; write [review] as a table",
		},
		{
			name:    "inline table, removing a key",
			src:     "name = \"A\"\nreview = { weekly_day = \"fri\" }\n",
			edit:    func(s *Settings) { s.Review.WeeklyDay = "" },
			wantErr: "os.toml: cannot edit review.weekly_day in place: review is an inline table; write [review] as a table",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &OS{}
			if errs := ParseFile(o, FileOS, []byte(tt.src)); len(errs) > 0 {
				t.Fatal(errs)
			}
			upd := o.Settings
			upd.Review.Prompts = slices.Clone(upd.Review.Prompts)
			tt.edit(&upd)
			got, err := UpdateSettings([]byte(tt.src), &o.Settings, &upd)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got error %v and\n%s\nwant error %q", err, got, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
			o2 := &OS{}
			if errs := ParseFile(o2, FileOS, got); len(errs) > 0 {
				t.Fatalf("edited file does not load: %v", errs)
			}
			if diff := ChangedSettingsFields(&o2.Settings, &upd); len(diff) > 0 {
				t.Errorf("got changed fields %v after reloading, want none", diff)
			}
		})
	}
}

// TestEditKeepsBOM guards against edits that put text before a file's
// UTF-8 byte order mark, copy the mark into a new line as if it were
// indentation, or remove it with the first table.
func TestEditKeepsBOM(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	th := &Theme{ID: "x", Title: "X"}
	remove := func(id string) func([]byte) ([]byte, error) {
		return func(src []byte) ([]byte, error) { return RemoveItem(src, KindTheme, id) }
	}
	setOS := func(edit func(*Settings)) func([]byte) ([]byte, error) {
		return func(src []byte) ([]byte, error) {
			o := &OS{}
			if errs := ParseFile(o, FileOS, src); len(errs) > 0 {
				return nil, errs
			}
			upd := o.Settings
			edit(&upd)
			return UpdateSettings(src, &o.Settings, &upd)
		}
	}
	tests := []struct {
		name, file, src, want string
		edit                  func([]byte) ([]byte, error)
	}{
		{"root key into a file with no root keys", FileOS,
			bom + "[calendar]\ngrid = \"15m\"\n",
			bom + "name = \"A\"\n\n[calendar]\ngrid = \"15m\"\n",
			setOS(func(s *Settings) { s.Name = "A" })},
		{"root key after a first key that follows the mark", FileOS,
			bom + "name = \"A\"\n",
			bom + "name = \"A\"\nowner = \"B\"\n",
			setOS(func(s *Settings) { s.Owner = "B" })},
		{"aligned keys, the first after the mark", FileOS,
			bom + "name  = \"A\"\nowner = \"B\"\n",
			bom + "name  = \"A\"\nowner = \"B\"\nrender = true\n",
			setOS(func(s *Settings) { s.Render = new(true) })},
		{"new table into a file that is only the mark", FileOS,
			bom,
			bom + "[calendar]\ngrid = \"15m\"\n",
			setOS(func(s *Settings) { s.Calendar.Grid = "15m" })},
		{"append to a file that is only the mark", FileThemes,
			bom,
			bom + "[[theme]]\nid = \"x\"\ntitle = \"X\"\n",
			func(src []byte) ([]byte, error) { return AppendItem(src, th), nil }},
		{"append after a table on the mark's line", FileThemes,
			bom + "[[theme]]\nid = \"a\"\ntitle = \"A\"\n",
			bom + "[[theme]]\nid = \"a\"\ntitle = \"A\"\n\n[[theme]]\nid = \"x\"\ntitle = \"X\"\n",
			func(src []byte) ([]byte, error) { return AppendItem(src, th), nil }},
		{"remove the first table, header on the mark's line", FileThemes,
			bom + "[[theme]]\nid = \"a\"\ntitle = \"A\"\n\n[[theme]]\nid = \"b\"\ntitle = \"B\"\n",
			bom + "[[theme]]\nid = \"b\"\ntitle = \"B\"\n",
			remove("a")},
		{"remove the first table, the file's comment on the mark's line", FileThemes,
			bom + "# A first.\n[[theme]]\nid = \"a\"\ntitle = \"A\"\n\n[[theme]]\nid = \"b\"\ntitle = \"B\"\n",
			bom + "# A first.\n\n[[theme]]\nid = \"b\"\ntitle = \"B\"\n",
			remove("a")},
		{"remove the first table, its comment below the file's", FileThemes,
			bom + "# Themes.\n\n# A first.\n[[theme]]\nid = \"a\"\ntitle = \"A\"\n\n[[theme]]\nid = \"b\"\ntitle = \"B\"\n",
			bom + "# Themes.\n\n[[theme]]\nid = \"b\"\ntitle = \"B\"\n",
			remove("a")},
		{"remove the only table", FileThemes,
			bom + "[[theme]]\nid = \"a\"\ntitle = \"A\"\n",
			bom,
			remove("a")},
		{"remove the second table", FileThemes,
			bom + "# A first.\n[[theme]]\nid = \"a\"\ntitle = \"A\"\n\n[[theme]]\nid = \"b\"\ntitle = \"B\"\n",
			bom + "# A first.\n[[theme]]\nid = \"a\"\ntitle = \"A\"\n",
			remove("b")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.edit([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if errs := ParseFile(&OS{}, tt.file, got); len(errs) > 0 {
				t.Errorf("edited file does not load: %v", errs)
			}
		})
	}
}

// TestUpdateSettingsRenderFalse guards against the editors' own notion of
// unset, which took render = false for no render at all and removed the
// key instead of writing false. What a file writes is what Fields and
// SettingsFields list.
func TestUpdateSettingsRenderFalse(t *testing.T) {
	tests := []struct {
		src    string
		render *bool
		want   string
	}{
		{"name = \"A\"\nrender = true\n", new(false), "name = \"A\"\nrender = false\n"},
		{"name = \"A\"\n", new(false), "name = \"A\"\nrender = false\n"},
		{"name = \"A\"\nrender = false\n", nil, "name = \"A\"\n"},
		{"name = \"A\"\nrender = false\n", new(true), "name = \"A\"\nrender = true\n"},
	}
	for _, tt := range tests {
		o := &OS{}
		if errs := ParseFile(o, FileOS, []byte(tt.src)); len(errs) > 0 {
			t.Fatal(errs)
		}
		upd := o.Settings
		upd.Render = tt.render
		got, err := UpdateSettings([]byte(tt.src), &o.Settings, &upd)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("render %v on %q: got %q, want %q", FormatValue(tt.render), tt.src, got, tt.want)
		}
	}
}
