package review

// A renamed routine keeps the ids it had before (formerly, in
// routines.toml), and records keep the ids they were written with: a
// rename never rewrites a record. What reads records for a routine's
// history reads them renamed, with every answer under a former id taken
// as one under the routine's id now, so that stats, streaks and the
// review see one routine however often it was renamed.

import (
	"slices"

	"github.com/myos-dev/myos/routines"
)

// CurrentIDs maps each former id of o's routines to the routine's id now;
// nil when no routine was renamed.
func CurrentIDs(o *routines.OS) map[string]string {
	var ids map[string]string
	for _, r := range o.Routines {
		for _, f := range r.Formerly {
			if ids == nil {
				ids = map[string]string{}
			}
			ids[f] = r.ID
		}
	}
	return ids
}

// Renamed returns recs with each record renamed (see Record.Renamed):
// recs itself when ids is empty. The records that name no former id are
// shared with recs, and recs is left as it is: its records may be held in
// a cache.
func (recs Records) Renamed(ids map[string]string) Records {
	if len(ids) == 0 {
		return recs
	}
	out := make(Records, len(recs))
	for d, r := range recs {
		out[d] = r.Renamed(ids)
	}
	return out
}

// answerKey is what an answer answers: a routine on a day.
type answerKey struct {
	id  string
	day routines.Date
}

// Renamed returns r with its answers under a former id (a key of ids)
// under the routine's id now: r itself when it has none, else a copy. A
// day answered under two ids of one routine (a record from before a
// rename merged by sync with one from after it, or a hand edit) keeps one
// answer: the one under the id now, given knowing the rename, or else the
// first.
func (r *Record) Renamed(ids map[string]string) *Record {
	if r == nil || !slices.ContainsFunc(r.Routines, func(a RoutineAnswer) bool { _, ok := ids[a.ID]; return ok }) {
		return r
	}
	c := *r
	c.Routines = make([]RoutineAnswer, 0, len(r.Routines))
	c.Prompts = slices.Clone(r.Prompts)
	c.Decisions = slices.Clone(r.Decisions)
	at := map[answerKey]int{}           // where the answer of a routine and day stands in c
	underFormer := map[answerKey]bool{} // whether that answer was under a former id
	for _, a := range r.Routines {
		now, former := ids[a.ID]
		if former {
			a.ID = now
		}
		k := answerKey{a.ID, a.Day}
		i, dup := at[k]
		switch {
		case !dup:
			at[k], underFormer[k] = len(c.Routines), former
			c.Routines = append(c.Routines, a)
		case underFormer[k] && !former:
			c.Routines[i], underFormer[k] = a, false
		}
	}
	return &c
}
