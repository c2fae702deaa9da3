package routines

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// The nasty corpus: files a person, an editor, another program or an
// attacker could leave where myos reads its OS. Each must give a clear
// error (naming file, line and column) or load correctly, and what myos
// check and myos week do with what loaded must finish; within 1 s
// (BenchmarkNasty) and 200 MB (memBudget, checked here). Small files live
// in testdata/nasty, named <model file>-<case>.toml; the big ones are made
// here.

// memBudget is how much a nasty file may make Load, Check and Week
// allocate, all together.
const memBudget = 200 << 20

// nastyCase is one file and what must become of it: want is "" when it
// loads and otherwise a piece of the first error, which must also name the
// file and a line.
type nastyCase struct {
	name  string
	file  string // the model file it stands for
	data  []byte
	want  string
	items int // with want "", how many items of any kind it holds
}

// nastyFiles are the committed files' expectations, by file name.
var nastyFiles = map[string]struct {
	want  string
	items int
}{
	"themes-bom.toml":               {items: 1},
	"themes-crlf.toml":              {items: 1},
	"themes-bom-crlf.toml":          {items: 1},
	"themes-mixed-endings.toml":     {items: 1},
	"themes-empty.toml":             {},
	"themes-whitespace.toml":        {},
	"themes-cr-only.toml":           {want: "themes.toml:1:"},
	"themes-nul.toml":               {want: "themes.toml:3:13: NUL byte: this is not a text file"},
	"themes-invalid-utf8.toml":      {want: "themes.toml:3:13: invalid UTF-8: save the file as UTF-8"},
	"themes-utf16.toml":             {want: "themes.toml:1:"},
	"themes-png.toml":               {want: "themes.toml:3:1: NUL byte"},
	"themes-raw-control.toml":       {want: "themes.toml:3:"},
	"routines-unterminated.toml":    {want: "routines.toml:3:"},
	"routines-duplicate-key.toml":   {want: "routines.toml:4:"},
	"routines-unicode.toml":         {items: 1},
	"priorities-huge-int.toml":      {want: "priorities.toml:4:"},
	"calendar-bad-times.toml":       {want: "calendar.toml:5:"},
	"calendar-table-not-array.toml": {want: "calendar.toml:1:"},
	"os-wrong-types.toml":           {want: "os.toml:1:"},
}

// nastyCorpus reads the committed files and makes the big ones.
func nastyCorpus(tb testing.TB) []nastyCase {
	tb.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", "nasty"))
	if err != nil {
		tb.Fatal(err)
	}
	var cases []nastyCase
	seen := map[string]bool{}
	for _, e := range entries {
		want, ok := nastyFiles[e.Name()]
		if !ok {
			tb.Errorf("testdata/nasty/%s: no expectation in nastyFiles", e.Name())
			continue
		}
		seen[e.Name()] = true
		data, err := os.ReadFile(filepath.Join("testdata", "nasty", e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		base, _, _ := strings.Cut(e.Name(), "-")
		cases = append(cases, nastyCase{name: e.Name(), file: base + ".toml", data: data, want: want.want, items: want.items})
	}
	for name := range nastyFiles {
		if !seen[name] {
			tb.Errorf("nastyFiles names %s, which is not in testdata/nasty", name)
		}
	}

	repeat := func(n int, format string) []byte {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i, i)
		}
		return []byte(b.String())
	}
	const n = 10000
	big := []byte(strings.Repeat("# a line of padding, again and again\n", 10<<20/37))
	return append(cases,
		nastyCase{name: "10 MB", file: FileThemes, data: big,
			want: fmt.Sprintf("themes.toml: file is %d bytes, more than the 1 MiB an OS file may have", len(big))},
		nastyCase{name: "10,000 themes", file: FileThemes, items: n,
			data: repeat(n, "[[theme]]\nid = \"t%d\"\ntitle = \"Theme %d\"\n")},
		nastyCase{name: "10,000 routines", file: FileRoutines, items: n,
			data: repeat(n, "[[routine]]\nid = \"r%d\"\ntitle = \"Routine %d\"\ncadence = \"weekdays\"\nat = \"07:00\"\nduration = \"15m\"\n")},
		nastyCase{name: "10,000 priorities", file: FilePriorities, items: n,
			data: repeat(n, "[[priority]]\nid = \"p%d\"\ntitle = \"Priority %d\"\nstatus = \"doing\"\n")},
		nastyCase{name: "10,000 overlapping blocks", file: FileCalendar, items: n,
			data: repeat(n, "[[block]]\nid=\"b%d\"\ntitle=\"B%d\"\ndays=[\"mon\"]\nstart=\"09:00\"\nend=\"10:00\"\n")},
		nastyCase{name: "10,000 events", file: FileCalendar, items: n,
			data: repeat(n, "[[event]]\nid = \"e%d\"\ntitle = \"Event %d\"\ndate = 2026-11-25\nstart = \"09:00\"\nend = \"10:00\"\n")},
		nastyCase{name: "10,000 unknown keys", file: FileThemes,
			data: append([]byte("[[theme]]\nid = \"a\"\ntitle = \"A\"\n"), repeat(n, "k%d = %d\n")...),
			want: "themes.toml:4:1: unknown key \"k0\""},
		nastyCase{name: "deeply nested inline tables", file: FileThemes,
			data: []byte("x = " + strings.Repeat("{a = ", n) + "1" + strings.Repeat("}", n) + "\n"), want: "themes.toml:1:165: arrays and tables nested"},
		nastyCase{name: "deeply nested arrays", file: FileThemes,
			data: []byte("x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n"), want: "themes.toml:1:37: arrays and tables nested"},
		nastyCase{name: "deeply nested table header", file: FileThemes,
			data: []byte("[" + strings.Repeat("a.", n) + "a]\nx = 1\n"), want: "themes.toml:1:34: a key of more than 16 dotted parts"},
		nastyCase{name: "deeply dotted key", file: FileThemes,
			data: []byte(strings.Repeat("a.", n) + "a = 1\n"), want: "themes.toml:1:33: a key of more than 16 dotted parts"},
		nastyCase{name: "a line of 1,000,000 characters", file: FileThemes, items: 1,
			data: []byte("[[theme]]\nid = \"a\"\ntitle = \"" + strings.Repeat("x", 1000000) + "\"\n")},
		nastyCase{name: "a key of 100,000 characters", file: FileThemes,
			data: []byte("[[theme]]\nid = \"a\"\ntitle = \"A\"\n" + strings.Repeat("k", 100000) + " = 1\n"), want: "themes.toml:4:1: a key of 100000 characters: keys are at most 128"},
		nastyCase{name: "100,000 comment lines", file: FileThemes, items: 1,
			data: []byte(strings.Repeat("#\n", 100000) + "[[theme]]\nid = \"a\"\ntitle = \"A\"\n")},
	)
}

// nastyFS is a valid OS with the nasty file in place of one of its files.
func nastyFS(c nastyCase) fstest.MapFS {
	fsys := osFS(map[string]string{FileOS: goodOS})
	fsys[c.file] = &fstest.MapFile{Data: c.data}
	return fsys
}

// nastyDay is the day Check and Week look at.
var nastyDay = Date{2026, 11, 25}

func TestNastyFiles(t *testing.T) {
	for _, c := range nastyCorpus(t) {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			o, err := Load(nastyFS(c))
			if o != nil {
				Check(o, nastyDay)
				o.Week(nastyDay)
			}
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%v, %d MB allocated", took.Round(time.Millisecond), alloc>>20)
			if alloc > memBudget {
				t.Errorf("allocated %d MB, want at most %d MB", alloc>>20, memBudget>>20)
			}

			if c.want == "" {
				if err != nil {
					t.Fatalf("Load: got %v, want it to load", err)
				}
				n := len(o.Themes) + len(o.Routines) + len(o.Priorities) + len(o.Blocks) + len(o.Events)
				if n != c.items {
					t.Errorf("items: got %d, want %d", n, c.items)
				}
				return
			}
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("Load: got %v, want findings", err)
			}
			first := errs[0].String()
			if !strings.Contains(first, c.want) {
				t.Errorf("first error: got %q, want it to contain %q", first, c.want)
			}
			if errs[0].File != c.file || (errs[0].Line == 0 && !strings.Contains(c.want, "bytes")) {
				t.Errorf("first error %q: want it to name %s and a line", first, c.file)
			}
			if len(first) > 300 {
				t.Errorf("first error is %d bytes long, want one readable line: %.300q", len(first), first)
			}
		})
	}
}

// BenchmarkNasty times each nasty file through Load, Check and Week: each
// must take well under a second.
func BenchmarkNasty(b *testing.B) {
	cases := nastyCorpus(b)
	sort.Slice(cases, func(i, j int) bool { return cases[i].name < cases[j].name })
	for _, c := range cases {
		fsys := nastyFS(c)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if o, _ := Load(fsys); o != nil {
					Check(o, nastyDay)
					o.Week(nastyDay)
				}
			}
		})
	}
}
