package review

import (
	"fmt"
	"sort"

	"github.com/myos-dev/myos/routines"
)

// AnsweredTwice finds the routine days that the daily records in recs
// (by path) answer differently, and says of each answer stats do not
// count (see Records.Answer: the day's own record first, then the
// nearest later one) which one they count: advice with the code
// CodeAnsweredTwice. Two machines that each answered a day before they
// synced leave such a pair: records of different days never conflict in
// a merge, so both come through. Empty answers are left out.
func AnsweredTwice(recs map[string]*Record) []Twice {
	type given struct {
		path   string
		rec    routines.Date
		answer string
		code   byte
	}
	type key struct {
		id  string
		day routines.Date
	}
	all := map[key][]given{}
	paths := make([]string, 0, len(recs))
	for p := range recs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		rec := recs[p]
		if rec == nil || rec.Kind != Daily {
			continue
		}
		seen := map[key]bool{} // the first in a record is the one read
		for _, a := range rec.Routines {
			k := key{a.ID, a.Day}
			if a.Answer == "" || seen[k] || rec.Date.Before(a.Day) {
				continue
			}
			seen[k] = true
			all[k] = append(all[k], given{p, rec.Date, a.Answer, answerCode(a.Answer)})
		}
	}
	var out []Twice
	for k, gs := range all {
		if len(gs) < 2 {
			continue
		}
		// The day's own record counts first, then the nearest after it.
		sort.SliceStable(gs, func(i, j int) bool { return gs[i].rec.Before(gs[j].rec) })
		counted := gs[0]
		for _, g := range gs[1:] {
			if g.code == counted.code {
				continue
			}
			out = append(out, Twice{Counted: counted.path, Finding: routines.Finding{Code: CodeAnsweredTwice, Severity: routines.SeverityAdvice, File: g.path,
				Kind: routines.KindRoutine, ID: k.id,
				Message: fmt.Sprintf("routine %q on %s is answered %q here and %q in %s, which stats count: remove the answer that is wrong, and commit", k.id, k.day, g.answer, counted.answer, counted.path)}})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Message < out[j].Message
	})
	return out
}

// Twice is a finding of AnsweredTwice: the answer stats do not count is
// in Finding.File, the one they count in Counted.
type Twice struct {
	routines.Finding
	Counted string
}
