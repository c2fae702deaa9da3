package review

import (
	"strings"
	"testing"

	"github.com/myos-dev/myos/routines"
)

func TestAnsweredTwice(t *testing.T) {
	d := func(s string) routines.Date {
		day, err := routines.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return day
	}
	rec := func(date, kind string, answers ...string) *Record {
		r := &Record{Date: d(date), Kind: kind}
		for i := 0; i+2 < len(answers)+1; i += 3 {
			r.Routines = append(r.Routines, RoutineAnswer{ID: answers[i], Day: d(answers[i+1]), Answer: answers[i+2]})
		}
		return r
	}
	recs := map[string]*Record{
		"reviews/2026/2026-11-25.toml":        rec("2026-11-25", Daily, "sleep", "2026-11-25", "no", "read", "2026-11-25", "yes", "gym", "2026-11-25", ""),
		"reviews/2026/2026-11-26.toml":        rec("2026-11-26", Daily, "sleep", "2026-11-25", "yes", "read", "2026-11-25", "yes", "gym", "2026-11-25", "no"),
		"reviews/2026/2026-11-27.toml":        rec("2026-11-27", Daily, "sleep", "2026-11-25", "skip"),
		"reviews/2026/2026-11-27-weekly.toml": rec("2026-11-27", Weekly, "sleep", "2026-11-25", "yes"),
	}
	got := AnsweredTwice(recs)
	var lines []string
	for _, f := range got {
		if f.Code != CodeAnsweredTwice || f.Severity != routines.SeverityAdvice || f.ID == "" || f.Counted != "reviews/2026/2026-11-25.toml" {
			t.Errorf("finding %+v: want advice %s about a routine, counted in the day's own record", f, CodeAnsweredTwice)
		}
		lines = append(lines, f.String())
	}
	want := []string{
		`reviews/2026/2026-11-26.toml: routine "sleep" on 2026-11-25 is answered "yes" here and "no" in reviews/2026/2026-11-25.toml, which stats count: remove the answer that is wrong, and commit`,
		`reviews/2026/2026-11-27.toml: routine "sleep" on 2026-11-25 is answered "skip" here and "no" in reviews/2026/2026-11-25.toml, which stats count: remove the answer that is wrong, and commit`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("AnsweredTwice:\n%s\nwant (read, the same twice; gym, empty in its own record; the weekly record: none):\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
