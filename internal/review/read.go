package review

// Records are read with the rule the model's files keep: what keeps one
// from being read is reported at its file and line, and says what to
// write instead. Check goes further for a record a person edited by hand,
// before it is committed: what it says must agree with itself and with
// the name of its file.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/myos-dev/myos/routines"
)

// CodeAnsweredTwice is the code of a finding about a routine answered
// twice for one day in one record, or a prompt or decision answered twice
// in one (errors), or a routine's day answered differently in two records
// (advice, see AnsweredTwice); the other findings about records have the
// codes of the model's (routines.CodeSyntax, ...).
const CodeAnsweredTwice = "answered-twice"

// The keys of a record and of its tables, in the order Marshal writes
// them.
var (
	recordKeys   = []string{"date", "kind", "reviewed", "note", "routine", "prompt", "decision"}
	routineKeys  = []string{"id", "day", "answer", "note"}
	promptKeys   = []string{"key", "question", "answer"}
	decisionKeys = []string{"key", "question", "action"}
)

// Parse reads a record. name is used in errors. A record that cannot be
// read gives routines.Errors with one finding, the first in the file, at
// its line.
func Parse(name string, b []byte) (*Record, error) {
	rd := reader{name: name, src: b}
	r := rd.read()
	if len(rd.errs) > 0 {
		routines.SortFindings(rd.errs)
		return nil, rd.errs[:1]
	}
	return r, nil
}

// Check reads the record at p, a path ParsePath takes, as status and
// commit check one edited by hand, and returns every finding, sorted, or
// nil. Besides what keeps it from being read, a record must agree with
// itself and its file's name: its date is the day its name says, its
// kind the name's, no routine is answered twice for one day, no prompt
// or decision twice, and no answer is for a day after the record's, or
// more than SearchDays before it (answers for earlier days are fine: a
// review asks about the days since the last one, that far back).
func Check(p string, b []byte) routines.Errors {
	_, errs := CheckRecord(p, b)
	return errs
}

// CheckRecord is Check, and the record when it reads (nil when not).
func CheckRecord(p string, b []byte) (*Record, routines.Errors) {
	rd := reader{name: p, src: b}
	r := rd.read()
	// A record that does not read is told as that alone: what the rest
	// of it says is not known.
	if r != nil && len(rd.errs) == 0 {
		rd.agrees(r)
	}
	routines.SortFindings(rd.errs)
	return r, rd.errs
}

// reader reads one record's text.
type reader struct {
	name string
	src  []byte
	pos  *routines.Positions // read on first use: only findings need it
	errs routines.Errors
	// What the record leaves out, which reading fills in.
	noDate, noKind bool
	noDay          []int // the answers without a day
}

// unset is the date of a record or answer that gives none, as records
// have always been read: the day of the zero time.Time, 0001-01-01,
// which Marshal writes and Parse reads back.
var unset = routines.DateOf(time.Time{})

func (rd *reader) errorf(code string, p routines.Pos, format string, args ...any) {
	rd.errs = append(rd.errs, routines.Finding{Code: code, Severity: routines.SeverityError, File: rd.name,
		Line: p.Line, Col: p.Col, Message: fmt.Sprintf(format, args...)})
}

// at is where key is set in the n-th table named table ("" for the top
// of the file).
func (rd *reader) at(table string, n int, key string) routines.Pos {
	if rd.pos == nil {
		rd.pos = routines.PositionsOf(rd.src)
	}
	return rd.pos.Key(table, n, key)
}

// tableAt is the position of the n-th [[table]].
func (rd *reader) tableAt(table string, n int) routines.Pos {
	if rd.pos == nil {
		rd.pos = routines.PositionsOf(rd.src)
	}
	if p, ok := rd.pos.Table(table, n); ok {
		return p
	}
	return rd.pos.Key("", 0, table) // an inline list of tables
}

// read decodes the record, or returns nil when its text is not TOML;
// what is wrong is in rd.errs.
func (rd *reader) read() *Record {
	if len(rd.src) > routines.MaxFileSize {
		rd.errorf(routines.CodeFile, routines.Pos{}, "file is %d bytes, more than the 1 MiB a record may have", len(rd.src))
		return nil
	}
	m, err := routines.DecodeTOML(rd.src)
	if err != nil {
		rd.errs = append(rd.errs, routines.SyntaxFinding(rd.name, rd.src, err))
		return nil
	}
	r := &Record{}
	_, hasDate := m["date"]
	_, hasKind := m["kind"]
	rd.noDate, rd.noKind = !hasDate, !hasKind
	if !hasDate {
		r.Date = unset
	}
	kindOK := true
	for k, v := range m {
		switch k {
		case "date":
			r.Date, _ = rd.date("", 0, k, v)
		case "kind":
			r.Kind, kindOK = rd.text("", 0, k, v)
		case "reviewed":
			r.Reviewed, _ = rd.text("", 0, k, v)
		case "note":
			r.Note, _ = rd.text("", 0, k, v)
		case "routine":
			for i, t := range rd.tables(k, v) {
				a := rd.routine(i, t)
				if _, ok := t["day"]; !ok {
					a.Day = unset
					rd.noDay = append(rd.noDay, i)
				}
				r.Routines = append(r.Routines, a)
			}
		case "prompt":
			for i, t := range rd.tables(k, v) {
				var a PromptAnswer
				rd.fill(k, i, t, promptKeys, &a.Key, &a.Question, &a.Answer)
				r.Prompts = append(r.Prompts, a)
			}
		case "decision":
			for i, t := range rd.tables(k, v) {
				var dc Decision
				rd.fill(k, i, t, decisionKeys, &dc.Key, &dc.Question, &dc.Action)
				r.Decisions = append(r.Decisions, dc)
			}
		default:
			rd.unknown("", 0, k, recordKeys, "a record holds date, kind, reviewed, note and [[routine]], [[prompt]] and [[decision]] tables")
		}
	}
	if r.Kind == "" && kindOK {
		r.Kind = Daily
	}
	if kindOK && r.Kind != Daily && r.Kind != Weekly {
		rd.errorf(routines.CodeValue, rd.at("", 0, "kind"), "kind %q: want daily or weekly", r.Kind)
	}
	return r
}

// routine reads the n-th [[routine]], t.
func (rd *reader) routine(n int, t map[string]any) RoutineAnswer {
	var a RoutineAnswer
	answerOK := true
	for k, v := range t {
		switch k {
		case "id":
			a.ID, _ = rd.text("routine", n, k, v)
		case "day":
			a.Day, _ = rd.date("routine", n, k, v)
		case "answer":
			a.Answer, answerOK = rd.text("routine", n, k, v)
		case "note":
			a.Note, _ = rd.text("routine", n, k, v)
		default:
			rd.unknown("routine", n, k, routineKeys, "a [[routine]] holds id, day, answer and note")
		}
	}
	switch {
	case !answerOK:
	case a.Answer == Yes || a.Answer == No || a.Answer == Skip:
	case a.Answer == "" && !hasKey(t, "answer"):
		rd.errorf(routines.CodeMissing, rd.tableAt("routine", n), "routine %q has no answer: add answer = \"yes\" (or \"no\", or \"skip\")", a.ID)
	default:
		msg := fmt.Sprintf("routine %q: answer %q: want yes, no or skip", a.ID, a.Answer)
		if s := routines.Suggest(a.Answer, []string{Yes, No, Skip}); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		rd.errorf(routines.CodeValue, rd.at("routine", n, "answer"), "%s", msg)
	}
	return a
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// fill reads the n-th [[table]], t, whose keys, all strings, are keys,
// into fields, one for each key.
func (rd *reader) fill(table string, n int, t map[string]any, keys []string, fields ...*string) {
	for k, v := range t {
		i := slices.Index(keys, k)
		if i < 0 {
			rd.unknown(table, n, k, keys, fmt.Sprintf("a [[%s]] holds %s and %s", table, strings.Join(keys[:len(keys)-1], ", "), keys[len(keys)-1]))
			continue
		}
		*fields[i], _ = rd.text(table, n, k, v)
	}
}

// tables is v, the value of key, as the list of tables [[key]] makes.
func (rd *reader) tables(key string, v any) []map[string]any {
	switch x := v.(type) {
	case []map[string]any:
		return x
	case []any:
		out := make([]map[string]any, 0, len(x))
		for _, e := range x {
			t, ok := e.(map[string]any)
			if !ok {
				break
			}
			out = append(out, t)
		}
		if len(out) == len(x) {
			return out
		}
	}
	rd.errorf(routines.CodeType, rd.at("", 0, key), "%s must be a list of tables: write each as [[%s]]", key, key)
	return nil
}

// text is v, the value of key, as a string.
func (rd *reader) text(table string, n int, key string, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		rd.errorf(routines.CodeType, rd.at(table, n, key), "%s: want a string in quotes, got %s", key, routines.DescribeValue(v))
	}
	return s, ok
}

// date is v, the value of key, as a date.
func (rd *reader) date(table string, n int, key string, v any) (routines.Date, bool) {
	d, msg := routines.DateValue(v)
	if msg != "" {
		rd.errorf(routines.CodeType, rd.at(table, n, key), "%s: %s", key, msg)
		return d, false
	}
	return d, true
}

// unknown reports key, not one of known, in the n-th table named table.
func (rd *reader) unknown(table string, n int, key string, known []string, why string) {
	msg := fmt.Sprintf("unknown key %q", key)
	if s := routines.Suggest(key, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += " (" + why + ")"
	}
	rd.errorf(routines.CodeUnknownKey, rd.at(table, n, key), "%s", msg)
}

// agrees checks that r, which rd read, agrees with itself and with the
// name of its file.
func (rd *reader) agrees(r *Record) {
	day, kind, named := ParsePath(rd.name)
	if !named {
		day, kind = r.Date, r.Kind
	}
	switch {
	case rd.noDate:
		rd.errorf(routines.CodeMissing, rd.at("", 0, "date"), "the record has no date: add date = %s", day)
	case r.Date != day:
		rd.errorf(routines.CodeValue, rd.at("", 0, "date"), "date %s is not the day of this record's file name (%s): write date = %s", r.Date, day, day)
	}
	switch {
	case r.Kind == kind:
	case rd.noKind:
		rd.errorf(routines.CodeMissing, rd.at("", 0, "kind"), "the record has no kind, and its file name is a %s review's: add kind = %q", kind, kind)
	default:
		rd.errorf(routines.CodeValue, rd.at("", 0, "kind"), "kind %q is not the kind of this record's file name (%s): write kind = %q", r.Kind, kind, kind)
	}
	type answerKey struct {
		id  string
		day routines.Date
	}
	first := map[answerKey]int{}
	for i, a := range r.Routines {
		switch {
		case a.ID == "":
			rd.errorf(routines.CodeMissing, rd.tableAt("routine", i), "an answer has no routine: add id = \"the-routine's-id\"")
		case slices.Contains(rd.noDay, i):
			rd.errorf(routines.CodeMissing, rd.tableAt("routine", i), "routine %q: the answer has no day: add day = %s", a.ID, day)
		case a.Day.After(day):
			rd.errorf(routines.CodeValue, rd.at("routine", i, "day"), "routine %q: day %s is after the day of this record (%s): a review answers for its day and the days before it; write the day it was done", a.ID, a.Day, day)
		case a.Day.Before(day.AddDays(-SearchDays)):
			rd.errorf(routines.CodeValue, rd.at("routine", i, "day"), "routine %q: day %s is more than %d days before this record (%s), and its answer would not count: move it to the record of that day (myos review --date %s), or delete it", a.ID, a.Day, SearchDays, day, a.Day)
		}
		if a.ID == "" || slices.Contains(rd.noDay, i) {
			continue
		}
		k := answerKey{a.ID, a.Day}
		j, twice := first[k]
		if !twice {
			first[k] = i
			continue
		}
		line := rd.tableAt("routine", j).Line
		if b := r.Routines[j]; b.Answer != a.Answer {
			rd.errorf(CodeAnsweredTwice, rd.at("routine", i, "answer"), "routine %q is answered both %s (line %d) and %s for %s: keep the answer that is true and delete the other", a.ID, b.Answer, line, a.Answer, a.Day)
		} else {
			rd.errorf(CodeAnsweredTwice, rd.tableAt("routine", i), "routine %q is answered twice for %s (first at line %d): delete one of the answers", a.ID, a.Day, line)
		}
	}
	// A prompt, or the question of a decision, is answered once in a
	// record: a review asks again only what its record has no answer
	// to, and a later review of the day replaces the answer, so of two
	// there is no telling which is meant.
	prompts := make([][3]string, len(r.Prompts))
	for i, p := range r.Prompts {
		prompts[i] = [3]string{p.Key, p.Question, p.Answer}
	}
	rd.once("prompt", "answer", "keep the answer that is true", prompts)
	decisions := make([][3]string, len(r.Decisions))
	for i, dc := range r.Decisions {
		decisions[i] = [3]string{dc.Key, dc.Question, dc.Action}
	}
	rd.once("decision", "action", "keep the action you chose", decisions)
}

// once reports a question answered twice among the [[table]]s of a
// record: each of answers is a table's key, its question and what it
// answered (under the key field), in the order of the file. Two tables
// with one key and different questions answer different questions (a
// block and a priority of one id, both tied to no theme, in a record an
// earlier myos wrote). A table without a key answers no question a
// review asks, and is left alone.
func (rd *reader) once(table, field, keep string, answers [][3]string) {
	first := map[[2]string]int{}
	for i, a := range answers {
		if a[0] == "" {
			continue
		}
		q := [2]string{a[0], a[1]}
		j, twice := first[q]
		if !twice {
			first[q] = i
			continue
		}
		line := rd.tableAt(table, j).Line
		if answers[j][2] != a[2] {
			rd.errorf(CodeAnsweredTwice, rd.at(table, i, field), "%s %q is answered twice, differently (first at line %d): %s and delete the other", table, a[0], line, keep)
		} else {
			rd.errorf(CodeAnsweredTwice, rd.tableAt(table, i), "%s %q is answered twice (first at line %d): delete one of the answers", table, a[0], line)
		}
	}
}
