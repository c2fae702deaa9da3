package review

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/routines"
)

// record is a record as myos writes it, for the tests to break.
const record = `# Daily review of wed 2026-11-25, written by myos.
date = 2026-11-25
kind = "daily"

[[routine]]
id = "read"
day = 2026-11-24
answer = "no"

[[routine]]
id = "sleep"
day = 2026-11-25
answer = "yes"
`

// TestParseErrorsAtLine guards against record errors without a line: an
// unknown key, a wrong answer or a value of the wrong type were told with
// the file's name alone, which left a person to search the file.
func TestParseErrorsAtLine(t *testing.T) {
	const name = "reviews/2026/2026-11-25.toml"
	tests := []struct {
		name string
		text string
		want string
	}{
		{"unknown key in a routine", record + "bogus = 1\n",
			name + `:14:1: unknown key "bogus" (a [[routine]] holds id, day, answer and note)`},
		{"unknown key in the first routine", strings.Replace(record, `answer = "no"`, "answer = \"no\"\n  anwser = \"no\"", 1),
			name + `:9:3: unknown key "anwser" (did you mean "answer"?)`},
		{"unknown key at the top", strings.Replace(record, "kind = \"daily\"\n", "kind = \"daily\"\nmood = \"ok\"\n", 1),
			name + `:4:1: unknown key "mood" (a record holds date, kind, reviewed, note and [[routine]], [[prompt]] and [[decision]] tables)`},
		{"unknown table", record + "\n[[promt]]\nkey = \"a\"\n",
			name + `:15:1: unknown key "promt" (did you mean "prompt"?)`},
		{"a table inside an answer", record + "\n[routine.extra]\nx = 1\n",
			name + `:15:1: unknown key "extra" (a [[routine]] holds id, day, answer and note)`},
		{"unknown key in a prompt", record + "\n[[prompt]]\nkey = \"one\"\nquestion = \"Q?\"\nanswr = \"A\"\n",
			name + `:18:1: unknown key "answr" (did you mean "answer"?)`},
		{"bad answer", strings.Replace(record, `answer = "yes"`, `answer = "maybe"`, 1),
			name + `:13:1: routine "sleep": answer "maybe": want yes, no or skip`},
		{"misspelt answer", strings.Replace(record, `answer = "yes"`, `answer = "yse"`, 1),
			name + `:13:1: routine "sleep": answer "yse": want yes, no or skip (did you mean "yes"?)`},
		{"no answer", strings.Replace(record, "answer = \"yes\"\n", "", 1),
			name + `:10:1: routine "sleep" has no answer: add answer = "yes" (or "no", or "skip")`},
		{"answer not a string", strings.Replace(record, `answer = "yes"`, `answer = true`, 1),
			name + `:13:1: answer: want a string in quotes, got true`},
		{"quoted date", strings.Replace(record, "date = 2026-11-25", `date = "2026-11-25"`, 1),
			name + `:2:1: date: write the date without quotes: 2026-11-25`},
		{"day with a time", strings.Replace(record, "day = 2026-11-25", "day = 2026-11-25T22:30:00", 1),
			name + `:12:1: day: want a date without time, like 2026-12-01`},
		{"kind", strings.Replace(record, `kind = "daily"`, `kind = "monthly"`, 1),
			name + `:3:1: kind "monthly": want daily or weekly`},
		{"not a list of tables", "date = 2026-11-25\nroutine = \"sleep\"\n",
			name + `:2:1: routine must be a list of tables: write each as [[routine]]`},
		{"syntax", record + "x\n",
			name + `:14:2: expected '.' or '=', but got '\n' instead (a line of a table is key = value, like title = "Deep work")`},
		{"conflict marker", strings.Replace(record, `answer = "yes"`, "<<<<<<< HEAD\nanswer = \"yes\"\n=======\nanswer = \"no\"\n>>>>>>> theirs", 1),
			name + `:13:1: a conflict marker left by git: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines`},
		// Of several, Parse gives the first in the file.
		{"the first of two", strings.Replace(record, `answer = "no"`, `answer = "nah"`, 1) + "bogus = 1\n",
			name + `:8:1: routine "read": answer "nah": want yes, no or skip`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(name, []byte(tt.text))
			if err == nil || err.Error() != tt.want {
				t.Errorf("Parse: got %v, want %s", err, tt.want)
			}
			errs := Check(name, []byte(tt.text))
			if len(errs) == 0 || errs[0].String() != tt.want {
				t.Errorf("Check: got %v, want %s first", errs, tt.want)
			}
		})
	}
}

// TestCheckGood: what myos writes passes, and so does what a person may
// write by hand that means the same.
func TestCheckGood(t *testing.T) {
	tests := []struct{ name, path, text string }{
		{"as written", "reviews/2026/2026-11-25.toml", record},
		{"marshalled", "reviews/2026/2026-11-25.toml", string((&Record{Date: date("2026-11-25"), Kind: Daily, Note: "ok",
			Routines:  []RoutineAnswer{{ID: "a", Day: date("2026-11-24"), Answer: Skip, Note: "ill"}, {ID: "a", Day: date("2026-11-25"), Answer: Yes}},
			Prompts:   []PromptAnswer{{Key: "one", Question: "Q?", Answer: "A"}},
			Decisions: []Decision{{Key: "no-theme/x", Question: "link?", Action: "link health"}}}).Marshal())},
		{"no kind", "reviews/2026/2026-11-25.toml", strings.Replace(record, "kind = \"daily\"\n", "", 1)},
		{"inline answers", "reviews/2026/2026-11-25.toml", "date = 2026-11-25\nroutine = [{ id = \"sleep\", day = 2026-11-25, answer = \"no\" }]\n"},
		{"weekly", "reviews/2026/2026-11-27-weekly.toml", string((&Record{Date: date("2026-11-27"), Kind: Weekly,
			Decisions: []Decision{{Key: "routine/sleep", Question: "keep?", Action: "keep"}}}).Marshal())},
		{"empty", "reviews/2026/2026-11-25.toml", "date = 2026-11-25\n"},
	}
	for _, tt := range tests {
		if errs := Check(tt.path, []byte(tt.text)); len(errs) > 0 {
			t.Errorf("%s: got %v, want no findings", tt.name, errs)
		}
		if _, err := Parse(tt.path, []byte(tt.text)); err != nil {
			t.Errorf("%s: Parse: %v", tt.name, err)
		}
	}
}

// TestCheckContradictions guards against records that contradict
// themselves or their file being committed: a date that is not the file's
// day labelled the next review with the wrong day; two answers for one
// routine and day, or an answer for a day to come, made stats count what
// no one did; two answers to one prompt or decision left which one holds
// to chance.
func TestCheckContradictions(t *testing.T) {
	const daily = "reviews/2026/2026-11-25.toml"
	const weekly = "reviews/2026/2026-11-27-weekly.toml"
	weeklyRecord := "# Weekly review of fri 2026-11-27, written by myos.\ndate = 2026-11-27\nkind = \"weekly\"\n"
	answer := func(id, day, ans string) string {
		return "\n[[routine]]\nid = \"" + id + "\"\nday = " + day + "\nanswer = \"" + ans + "\"\n"
	}
	prompt := func(key, ans string) string {
		return "\n[[prompt]]\nkey = \"" + key + "\"\nquestion = \"Q?\"\nanswer = \"" + ans + "\"\n"
	}
	decision := func(key, action string) string {
		return "\n[[decision]]\nkey = \"" + key + "\"\nquestion = \"Keep?\"\naction = \"" + action + "\"\n"
	}
	tests := []struct {
		name string
		path string
		text string
		want []string
	}{
		{"date not the file's day", daily, strings.Replace(record, "date = 2026-11-25", "date = 2026-11-24", 1), []string{
			daily + `:2:1: date 2026-11-24 is not the day of this record's file name (2026-11-25): write date = 2026-11-25`}},
		{"no date", daily, strings.Replace(record, "date = 2026-11-25\n", "", 1), []string{
			daily + `:1:1: the record has no date: add date = 2026-11-25`}},
		{"weekly kind in a daily file", daily, strings.Replace(record, `kind = "daily"`, `kind = "weekly"`, 1), []string{
			daily + `:3:1: kind "weekly" is not the kind of this record's file name (daily): write kind = "daily"`}},
		{"daily kind in a weekly file", weekly, strings.Replace(weeklyRecord, `"weekly"`, `"daily"`, 1), []string{
			weekly + `:3:1: kind "daily" is not the kind of this record's file name (weekly): write kind = "weekly"`}},
		{"no kind in a weekly file", weekly, strings.Replace(weeklyRecord, "kind = \"weekly\"\n", "", 1), []string{
			weekly + `:1:1: the record has no kind, and its file name is a weekly review's: add kind = "weekly"`}},
		{"yes and no for one day", daily, record + answer("sleep", "2026-11-25", "no"), []string{
			daily + `:18:1: routine "sleep" is answered both yes (line 10) and no for 2026-11-25: keep the answer that is true and delete the other`}},
		{"the same answer twice", daily, record + answer("read", "2026-11-24", "no"), []string{
			daily + `:15:1: routine "read" is answered twice for 2026-11-24 (first at line 5): delete one of the answers`}},
		{"a day after the record's", daily, record + answer("sleep", "2026-12-25", "yes"), []string{
			daily + `:17:1: routine "sleep": day 2026-12-25 is after the day of this record (2026-11-25): a review answers for its day and the days before it; write the day it was done`}},
		{"a day too long before the record's", daily, record + answer("sleep", "2026-09-25", "yes"), []string{
			daily + `:17:1: routine "sleep": day 2026-09-25 is more than 60 days before this record (2026-11-25), and its answer would not count: move it to the record of that day (myos review --date 2026-09-25), or delete it`}},
		{"sixty days before is fine", daily, record + answer("sleep", "2026-09-26", "yes"), nil},
		{"a day after the weekly record's", weekly, weeklyRecord + answer("sleep", "2026-11-28", "yes"), []string{
			weekly + `:7:1: routine "sleep": day 2026-11-28 is after the day of this record (2026-11-27): a review answers for its day and the days before it; write the day it was done`}},
		{"an answer without a routine", daily, record + "\n[[routine]]\nday = 2026-11-25\nanswer = \"yes\"\n", []string{
			daily + `:15:1: an answer has no routine: add id = "the-routine's-id"`}},
		{"an answer without a day", daily, record + "\n[[routine]]\nid = \"walk\"\nanswer = \"yes\"\n", []string{
			daily + `:15:1: routine "walk": the answer has no day: add day = 2026-11-25`}},
		// A prompt or a decision answered twice is as ambiguous: a review
		// asks only what its record has no answer to, and of two, which
		// one holds is not known.
		{"a prompt answered twice, differently", daily, record + prompt("one-thing", "Ship the draft") + prompt("one-thing", "Sleep"), []string{
			daily + `:23:1: prompt "one-thing" is answered twice, differently (first at line 15): keep the answer that is true and delete the other`}},
		{"a prompt answered twice alike", daily, record + prompt("one-thing", "Ship") + prompt("put-off", "Mail") + prompt("one-thing", "Ship"), []string{
			daily + `:25:1: prompt "one-thing" is answered twice (first at line 15): delete one of the answers`}},
		{"a decision made twice", weekly, weeklyRecord + decision("routine/sleep", "keep") + decision("routine/sleep", "retire"), []string{
			weekly + `:13:1: decision "routine/sleep" is answered twice, differently (first at line 5): keep the action you chose and delete the other`}},
		// Two questions an earlier myos gave one key: a priority and a
		// block of one id, both tied to no theme.
		{"two questions of one key", daily, record + "\n[[decision]]\nkey = \"no-theme/writing\"\nquestion = \"\\\"Writing\\\" is tied to no active theme: link it to a theme, drop it, or keep it?\"\naction = \"keep\"\n" +
			"\n[[decision]]\nkey = \"no-theme/writing\"\nquestion = \"The block \\\"Writing\\\" is tied to no active theme: link it, remove it, or keep it?\"\naction = \"remove\"\n", nil},
		{"prompts without a key", daily, record + "\n[[prompt]]\nanswer = \"a\"\n\n[[prompt]]\nanswer = \"b\"\n", nil},
		{"a prompt and a decision of one key", daily, record + prompt("x", "a") + decision("x", "keep"), nil},
		// Each is told, in the order of the file.
		{"all at once", daily, strings.Replace(record, "date = 2026-11-25", "date = 2026-11-26", 1) + answer("sleep", "2026-11-25", "skip") + answer("read", "2026-11-27", "yes"), []string{
			daily + `:2:1: date 2026-11-26 is not the day of this record's file name (2026-11-25): write date = 2026-11-25`,
			daily + `:18:1: routine "sleep" is answered both yes (line 10) and skip for 2026-11-25: keep the answer that is true and delete the other`,
			daily + `:22:1: routine "read": day 2026-11-27 is after the day of this record (2026-11-25): a review answers for its day and the days before it; write the day it was done`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findings(Check(tt.path, []byte(tt.text)))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			// Reading is lenient: stats and the review still read such a
			// record, as they did what was committed before.
			if _, err := Parse(tt.path, []byte(tt.text)); err != nil {
				t.Errorf("Parse: %v, want the record read", err)
			}
		})
	}
}

// findings is Check's findings as strings.
func findings(errs routines.Errors) []string {
	var out []string
	for _, f := range errs {
		out = append(out, f.String())
	}
	return out
}

// TestParseLeftOut guards the round trip of a record that leaves out its
// date or an answer's day: they read as 0001-01-01, as they always have,
// which Marshal writes and Parse reads back, not as a zero Date that
// Marshal writes as 0000-00-00.
func TestParseLeftOut(t *testing.T) {
	for _, text := range []string{"", "kind = \"daily\"\n", "date = 2026-11-25\n[[routine]]\nid = \"sleep\"\nanswer = \"yes\"\n"} {
		r, err := Parse("r.toml", []byte(text))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if _, err := Parse("again.toml", r.Marshal()); err != nil {
			t.Errorf("%q: Marshal gives a record that does not read: %v\n%s", text, err, r.Marshal())
		}
	}
}

// TestPaths: every record in the folder is listed for check, daily and
// weekly, and nothing else under reviews/ is: notes, drafts and files
// whose names are no day's are not records.
func TestPaths(t *testing.T) {
	fsys := fstest.MapFS{
		"reviews/2025/2025-12-31.toml":        {},
		"reviews/2026/2026-11-25.toml":        {},
		"reviews/2026/2026-11-27-weekly.toml": {},
		"reviews/2026/notes.txt":              {},
		"reviews/2026/2026-1-5.toml":          {},
		"reviews/2026/2025-11-25.toml":        {}, // in another year's folder
		"reviews/2026/draft/2026-11-26.toml":  {},
		"reviews/2026-11-24.toml":             {},
		"reviews/notes.md":                    {},
		"routines.toml":                       {},
	}
	got, err := Paths(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"reviews/2025/2025-12-31.toml", "reviews/2026/2026-11-25.toml", "reviews/2026/2026-11-27-weekly.toml"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, err := Paths(fstest.MapFS{"os.toml": {}}); err != nil || got != nil {
		t.Errorf("no reviews folder: got %v, %v, want none", got, err)
	}
}

// TestOwned: of reviews/, myos owns the records and the years' folders
// (a link in place of one is a file to git), nothing else; a note there
// was committed by myos commit as if it were a record.
func TestOwned(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"reviews/2026/2026-11-25.toml", true},
		{"reviews/2026/2026-11-27-weekly.toml", true},
		{"reviews/2026", true},
		{"reviews/notes.txt", false},
		{"reviews/photos", false},
		{"reviews/2026/draft.md", false},
		{"reviews/2026/2026-11-5.toml", false},
		{"reviews/2025/2026-11-25.toml", false},
		{"reviews/2026/drafts/2026-11-25.toml", false},
		{"reviews/202", false},
		{"reviews/20x6", false},
		{"reviews", false},
		{"routines.toml", false},
		{"notes/2026/2026-11-25.toml", false},
	}
	for _, tt := range tests {
		if got := Owned(tt.path); got != tt.want {
			t.Errorf("Owned(%q): got %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestRecordReadsFast guards against reading records with the general
// TOML decoder: `myos check --records` reads every record of ten years,
// 3,650 files, and took a second where the half second its help promises
// was the aim; stats with an empty cache paid the same. A record as myos
// writes it is read by the model's fast decoder, which allocates a quarter of
// what BurntSushi/toml does (43 against 181 here).
func TestRecordReadsFast(t *testing.T) {
	b := (&Record{Date: date("2026-11-25"), Kind: Daily, Reviewed: "26ee63a646a9ba4f9035bd5e657b692ab5ea72a9",
		Routines: []RoutineAnswer{{ID: "read", Day: date("2026-11-24"), Answer: No}, {ID: "sleep", Day: date("2026-11-25"), Answer: Yes},
			{ID: "water", Day: date("2026-11-25"), Answer: Skip, Note: "away"}},
		Prompts: []PromptAnswer{{Key: "one", Question: "What is the one thing today?", Answer: "Finish the chapter"}}}).Marshal()
	allocs := testing.AllocsPerRun(20, func() {
		if _, errs := CheckRecord("reviews/2026/2026-11-25.toml", b); len(errs) > 0 {
			t.Fatal(errs)
		}
	})
	if allocs > 100 {
		t.Errorf("got %.0f allocations to read a record, want at most 100", allocs)
	}
}
