package review

import (
	"strings"
	"testing"
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
