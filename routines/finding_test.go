package routines

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestErrorsLead guards the one finding a command shows of an invalid OS:
// a misspelt key explains the missing field after it, so it leads, though
// the missing field comes first in the file.
func TestErrorsLead(t *testing.T) {
	_, err := LoadFiles(map[string][]byte{
		FileOS:       []byte("name = \"X\"\n"),
		FileRoutines: []byte("[[routine]]\nid = \"sleep\"\ntitle = \"Sleep\"\ncadance = \"daily\"\n"),
	})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) < 2 {
		t.Fatalf("got %v, want a missing cadence and an unknown key", err)
	}
	if errs[0].Code == CodeUnknownKey {
		t.Fatalf("the unknown key is first already (%v): the test shows nothing", errs)
	}
	lead := errs.Lead()
	if lead.Code != CodeUnknownKey || lead.Line != 4 {
		t.Errorf("Lead() = %v, want the unknown key on line 4", lead)
	}
	want := lead.String() + " (and 1 more)"
	if len(errs) != 2 {
		t.Fatalf("got %d findings, want 2: %v", len(errs), errs)
	}
	if got := errs.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	one := Errors{errs[0]}
	if one.Lead() != errs[0] || one.Summary() != errs[0].String() {
		t.Errorf("one finding: Lead %v, Summary %q", one.Lead(), one.Summary())
	}
}

// TestUnreadFileLeads guards against a file that does not read being
// hidden behind what follows from it: with themes.toml unreadable, every
// theme reference "did not exist", and those errors, sorted by file name,
// came before the one to fix and filled the few a command shows.
func TestUnreadFileLeads(t *testing.T) {
	routinesSrc := "[[routine]]\nid = \"sleep\"\ntitle = \"Sleep\"\ncadence = \"daily\"\ntheme = \"health\"\n"
	blocks := "[[block]]\nid = \"walk\"\ntitle = \"Walk\"\ndays = [\"mon\"]\nstart = \"12:00\"\nend = \"12:30\"\ntheme = \"health\"\nkind = \"break\"\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // every finding, in order
	}{
		{"references to a themes.toml that does not read", map[string]string{
			FileOS: goodOS, FileThemes: goodThemes + "x\n", FileRoutines: routinesSrc, FileCalendar: blocks,
		}, []string{
			`themes.toml:5:2: expected '.' or '=', but got '\n' instead (a line of a table is key = value, like title = "Deep work")`,
		}},
		{"other errors come after it", map[string]string{
			FileOS: strings.Replace(goodOS, "limit = 3", "limit = -1", 1), FileThemes: goodThemes + "x\n", FileRoutines: routinesSrc,
		}, []string{
			`themes.toml:5:2: expected '.' or '=', but got '\n' instead (a line of a table is key = value, like title = "Deep work")`,
			`os.toml:10:1: limit -1: want 0 (no limit) or more`,
		}},
		{"a file that is not text leads too", map[string]string{
			FileOS: goodOS, FileThemes: goodThemes, FileCalendar: "[[block]]\nid = \"a\"\n", FileRoutines: routinesSrc + "why = \"\xff\"\n",
		}, []string{
			"routines.toml:6:8: invalid UTF-8: save the file as UTF-8",
			`calendar.toml:1:1: block "a" has no title`,
			`calendar.toml:1:1: block "a" has no days: add days = ["mon", "tue", ...]`,
			`calendar.toml:1:1: block "a" has no start: add start = "09:00"`,
			`calendar.toml:1:1: block "a" has no end: add end = "10:00"`,
		}},
		// Only what follows from the file is left out: a theme that does
		// not exist is told when themes.toml reads.
		{"a reference when themes.toml reads", map[string]string{
			FileOS: goodOS, FileThemes: goodThemes, FileRoutines: strings.Replace(routinesSrc, `"health"`, `"helth"`, 1),
		}, []string{
			`routines.toml:5:1: theme "helth" does not exist (did you mean "health"?)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range tt.files {
				files[k] = []byte(v)
			}
			_, err := LoadFiles(files)
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("got %v, want Errors", err)
			}
			var got []string
			for _, f := range errs {
				got = append(got, f.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if s, want := errs.Summary(), tt.want[0]; len(tt.want) == 1 && s != want {
				t.Errorf("Summary() = %q, want %q", s, want)
			}
		})
	}
}

func TestSortFindingsUnreadFirst(t *testing.T) {
	fs := []Finding{
		{Code: CodeNoWhy, Severity: SeverityAdvice, File: "a.toml", Line: 1},
		{Code: CodeReference, Severity: SeverityError, File: "calendar.toml", Line: 3},
		{Code: CodeSyntax, Severity: SeverityError, File: "themes.toml", Line: 9},
		{Code: CodeUnknownKey, Severity: SeverityError, File: "calendar.toml", Line: 1},
		{Code: CodeFile, Severity: SeverityError, File: "routines.toml", Line: 2},
	}
	SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Code))
	}
	want := []string{"routines.toml:2 file", "themes.toml:9 syntax", "calendar.toml:1 unknown-key", "calendar.toml:3 unknown-reference", "a.toml:1 no-why"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestWithoutFollowOns: advice about an OS read in part is left out
// where the part missing would change it; the rest stays.
func TestWithoutFollowOns(t *testing.T) {
	syntax := func(file string) Finding {
		return Finding{Code: CodeSyntax, Severity: SeverityError, File: file, Line: 1}
	}
	idle := Finding{Code: CodeIdleTheme, Severity: SeverityAdvice, File: FileThemes, Line: 1}
	ref := Finding{Code: CodeReference, Severity: SeverityError, File: FileRoutines, Line: 5}
	overlap := Finding{Code: CodeBlockOverlap, Severity: SeverityAdvice, File: FileCalendar, Line: 9}
	tests := []struct {
		name string
		in   []Finding
		want []Finding
	}{
		{"all read", []Finding{ref, idle, overlap}, []Finding{ref, idle, overlap}},
		{"themes.toml unread", []Finding{ref, syntax(FileThemes), idle, overlap}, []Finding{syntax(FileThemes), idle, overlap}},
		{"calendar.toml unread", []Finding{ref, syntax(FileCalendar), idle}, []Finding{ref, syntax(FileCalendar)}},
		{"routines.toml unread", []Finding{idle, syntax(FileRoutines)}, []Finding{syntax(FileRoutines)}},
		{"priorities.toml unread", []Finding{idle, {Code: CodeFile, Severity: SeverityError, File: FilePriorities}}, []Finding{{Code: CodeFile, Severity: SeverityError, File: FilePriorities}}},
		{"os.toml unread", []Finding{ref, idle, syntax(FileOS)}, []Finding{ref, idle, syntax(FileOS)}},
	}
	for _, tt := range tests {
		if got := WithoutFollowOns(slices.Clone(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
