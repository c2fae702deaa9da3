package routines

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Severity says whether a finding makes the OS invalid (error) or is
// advice a person may take or leave.
type Severity string

// Severities of a Finding.
const (
	SeverityError  Severity = "error"
	SeverityAdvice Severity = "advice"
)

// Finding is one problem or piece of advice about an OS, tied to a file and
// line so that a person can go and look. Code is stable across releases and
// is what scripts should match on; Message is for people.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col,omitempty"`
	Kind     Kind     `json:"kind,omitempty"`
	ID       string   `json:"id,omitempty"`
	Message  string   `json:"message"`
}

// String is "file:line:col: message", the form editors jump to.
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Line > 0 {
		fmt.Fprintf(&b, ":%d", f.Line)
		if f.Col > 0 {
			fmt.Fprintf(&b, ":%d", f.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(f.Message)
	return b.String()
}

// Errors is a list of error findings; it is the error Load returns, so that
// every problem in every file is reported at once.
type Errors []Finding

// Error lists every finding, one a line.
func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, f := range e {
		lines[i] = f.String()
	}
	return strings.Join(lines, "\n")
}

// Lead is the finding to show when only one is: the first syntax error
// or unknown key, which often explains the rest (a misspelt "cadance"
// leaves its routine with no cadence), else the first finding. e must not
// be empty. Sorted with SortFindings, a file that does not read leads.
func (e Errors) Lead() Finding {
	for _, f := range e {
		if f.Code == CodeSyntax || f.Code == CodeUnknownKey {
			return f
		}
	}
	return e[0]
}

// Summary is Lead as one line, with how many findings there are besides:
// "routines.toml:4:1: unknown key ... (and 1 more)". e must not be empty.
func (e Errors) Summary() string {
	s := e.Lead().String()
	if len(e) > 1 {
		s += fmt.Sprintf(" (and %d more)", len(e)-1)
	}
	return s
}

// SortFindings orders findings by file, line and column, errors first,
// and of the errors first those of files that do not read (Unread): what
// else is wrong may follow from them, and a list cut short must show them.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity == SeverityError
		}
		if ua, ub := a.unread(), b.unread(); ua != ub {
			return ua
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func errAt(code, file string, p Pos, format string, args ...any) Finding {
	return Finding{Code: code, Severity: SeverityError, File: file, Line: p.Line, Col: p.Col, Message: fmt.Sprintf(format, args...)}
}

// unread reports whether f keeps its file from being read at all: a
// syntax error, or a file that is missing, too big or not text. The OS
// read with it has none of the file's items or settings.
func (f Finding) unread() bool {
	return f.Severity == SeverityError && (f.Code == CodeSyntax || f.Code == CodeFile)
}

// Unread lists the files that findings say do not read at all, in the
// order of the findings.
func Unread(findings []Finding) []string {
	var out []string
	for _, f := range findings {
		if f.unread() && !slices.Contains(out, f.File) {
			out = append(out, f.File)
		}
	}
	return out
}

// WithoutFollowOns is findings without those that only follow from
// another: from a file that does not read, whose items are missing from
// the OS (a theme that "does not exist" because themes.toml does not
// read, a theme that nothing serves because a file of the items that
// could serve it does not read), or from a value of the wrong type,
// which leaves its key unset (a block "has no start" after start = 900
// was told to be a string in quotes). Each would be told again, or be
// gone, once the file reads or the value is mended; until then they hide
// the one thing to fix. findings is reused.
func WithoutFollowOns(findings []Finding) []Finding {
	unread := Unread(findings)
	var wrongType []Finding
	for _, f := range findings {
		if f.Code == CodeType && f.Severity == SeverityError {
			wrongType = append(wrongType, f)
		}
	}
	if len(unread) == 0 && len(wrongType) == 0 {
		return findings
	}
	return slices.DeleteFunc(findings, func(f Finding) bool {
		return FollowsFrom(f, unread) || f.Code == CodeMissing && slices.ContainsFunc(wrongType, func(t Finding) bool {
			return t.File == f.File && t.Line == f.Line && t.Col == f.Col
		})
	})
}

// FollowsFrom reports whether f only follows from the items of the
// files missing from the OS, because they do not read or are not there
// at all: a theme that "does not exist" while themes.toml is missing, a
// theme nothing serves while a file of the items that could serve it is.
func FollowsFrom(f Finding, missing []string) bool {
	themes := slices.Contains(missing, FileThemes)
	servers := slices.ContainsFunc(missing, func(f string) bool {
		return f == FileRoutines || f == FilePriorities || f == FileCalendar
	})
	return themes && f.Code == CodeReference || servers && f.Code == CodeIdleTheme
}
