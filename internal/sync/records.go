package sync

// Review records are files of their own per day, so records of different
// days never meet. The same day reviewed on two machines merges answer by
// answer against the base: an answer given on one side only is kept; the
// same answer given both ways is a conflict, keyed
//
//	review/DAY/ROUTINE@DATE   a routine's answer ("review/2026-11-25/sleep@2026-11-25")
//	review/DAY/prompt:KEY     the answer to one of the OS's prompts
//	review/DAY/decision:KEY   a decision taken in the review
//	review/DAY/note           the review's note
//
// where DAY is the record's name ("2026-11-27-weekly" for a weekly one).
// A note and a prompt's answer can take both (mine's text, then theirs');
// the rest take mine or theirs. Which commit the review looked at
// ("reviewed") is bookkeeping: when both sides set it, mine's is kept.

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/myos-dev/myos/internal/review"
)

// recordMerge is the result of merging one day's records.
type recordMerge struct {
	data      []byte
	conflicts []Conflict
	decided   []string
}

// mergeRecord merges theirs into mine for the record at p; base is nil
// when the day's record was new on both sides. ok is false when one of the
// versions cannot be read as a record, for the caller to merge it by line.
func mergeRecord(p string, base, mine, theirs []byte, take func(key string) string) (res recordMerge, ok bool, err error) {
	mr, err := review.Parse(p, mine)
	if err != nil {
		return res, false, nil
	}
	tr, err := review.Parse(p, theirs)
	if err != nil {
		return res, false, nil
	}
	br := &review.Record{Date: mr.Date, Kind: mr.Kind}
	if base != nil {
		if br, err = review.Parse(p, base); err != nil {
			return res, false, nil
		}
	}
	day := strings.TrimSuffix(path.Base(p), ".toml")
	m := &recMerger{file: p, prefix: "review/" + day + "/", take: take}

	out := *mr
	out.Reviewed = pick3(br.Reviewed, mr.Reviewed, tr.Reviewed, mr.Reviewed)
	out.Note = m.text("note", br.Note, mr.Note, tr.Note)

	routineKey := func(a review.RoutineAnswer) string { return a.ID + "@" + a.Day.String() }
	routineText := func(a review.RoutineAnswer) string {
		if a.Note != "" {
			return a.Answer + " (" + a.Note + ")"
		}
		return a.Answer
	}
	out.Routines = mergeList(m, br.Routines, mr.Routines, tr.Routines, routineKey, routineText, "", false)
	out.Prompts = mergeList(m, br.Prompts, mr.Prompts, tr.Prompts,
		func(a review.PromptAnswer) string { return a.Key },
		func(a review.PromptAnswer) string { return a.Answer }, "prompt:", true)
	// A record an earlier myos wrote may hold two decisions of one key on
	// different questions (a block and a priority of one id): those are
	// told apart by their question too, so that neither is lost.
	shared := map[string]string{} // key: a question of it
	many := map[string]bool{}
	for _, list := range [][]review.Decision{br.Decisions, mr.Decisions, tr.Decisions} {
		for _, dc := range list {
			if q, ok := shared[dc.Key]; ok && q != dc.Question {
				many[dc.Key] = true
			}
			shared[dc.Key] = dc.Question
		}
	}
	out.Decisions = mergeList(m, br.Decisions, mr.Decisions, tr.Decisions,
		func(a review.Decision) string {
			if many[a.Key] {
				return a.Key + " (" + a.Question + ")"
			}
			return a.Key
		},
		func(a review.Decision) string { return a.Action }, "decision:", false)
	if m.err != nil {
		return res, true, m.err
	}
	res.conflicts, res.decided = m.conflicts, m.decided
	if len(m.conflicts) > 0 {
		res.data = mine
		return res, true, nil
	}
	res.data = out.Marshal()
	return res, true, nil
}

// pick3 is the three-way choice of a value that never conflicts: the side
// that changed it, or onBoth when both did.
func pick3(base, mine, theirs, onBoth string) string {
	switch {
	case mine == theirs, theirs == base:
		return mine
	case mine == base:
		return theirs
	}
	return onBoth
}

type recMerger struct {
	file, prefix string
	take         func(key string) string
	conflicts    []Conflict
	decided      []string
	err          error
}

// decide returns the decision for a conflict, or "" and records it as
// open. both says whether TakeBoth is allowed.
func (m *recMerger) decide(c Conflict, both bool) string {
	t := m.take(c.Key)
	switch {
	case t == "":
		c.Takes = []string{TakeMine, TakeTheirs}
		if both {
			c.Takes = append(c.Takes, TakeBoth)
		}
		m.conflicts = append(m.conflicts, c)
	case t == TakeBoth && !both:
		if m.err == nil {
			m.err = fmt.Errorf("--take %s=both: an answer is one value; take mine or theirs", c.Key)
		}
	default:
		m.decided = append(m.decided, decidedLine(c, t))
	}
	return t
}

// text merges one free-text field.
func (m *recMerger) text(name, base, mine, theirs string) string {
	if mine == theirs || theirs == base {
		return mine
	}
	if mine == base {
		return theirs
	}
	c := Conflict{Key: m.prefix + name, File: m.file, Reason: reasonBoth, Base: base, Mine: mine, Theirs: theirs, value: true}
	switch m.decide(c, true) {
	case TakeTheirs:
		return theirs
	case TakeBoth:
		return mine + "\n" + theirs
	}
	return mine
}

// mergeList merges answers keyed by key, three-way: mine's in mine's
// order, then those only theirs has.
func mergeList[T comparable](m *recMerger, base, mine, theirs []T, key func(T) string, show func(T) string, kind string, both bool) []T {
	index := func(xs []T) map[string]T {
		out := make(map[string]T, len(xs))
		for _, x := range xs {
			out[key(x)] = x
		}
		return out
	}
	bi, mi, ti := index(base), index(mine), index(theirs)
	var out []T
	emit := func(k string) {
		b, inB := bi[k]
		x, inM := mi[k]
		y, inT := ti[k]
		same := func(p T, inP bool, q T, inQ bool) bool { return inP == inQ && (!inP || p == q) }
		switch {
		case same(x, inM, y, inT), same(y, inT, b, inB):
			if inM {
				out = append(out, x)
			}
			return
		case same(x, inM, b, inB):
			if inT {
				out = append(out, y)
			}
			return
		}
		c := Conflict{Key: m.prefix + kind + k, File: m.file, Reason: reasonBoth}
		if inB {
			c.Base = show(b)
		}
		if inM {
			c.Mine = show(x)
		}
		if inT {
			c.Theirs = show(y)
		}
		if !inM || !inT {
			c.Reason = reasonRemovedMine
			if inM {
				c.Reason = reasonRemovedTheirs
			}
		} else {
			// Two answers are short values: the line that names the
			// conflict shows both, as it does for an item's field.
			c.value = true
		}
		okBoth := both && inM && inT
		switch m.decide(c, okBoth) {
		case TakeTheirs:
			if inT {
				out = append(out, y)
			}
		case TakeBoth:
			out = append(out, joinAnswers(x, y))
		default:
			if inM {
				out = append(out, x)
			}
		}
	}
	seen := map[string]bool{}
	for _, x := range mine {
		if k := key(x); !seen[k] {
			seen[k] = true
			emit(k)
		}
	}
	var rest []string
	for _, y := range theirs {
		if k := key(y); !seen[k] {
			seen[k] = true
			rest = append(rest, k)
		}
	}
	for k := range bi {
		if !seen[k] {
			seen[k] = true
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		emit(k)
	}
	return out
}

// joinAnswers keeps both answers to a prompt: mine's text, then theirs'.
func joinAnswers[T any](x, y T) T {
	if p, ok := any(x).(review.PromptAnswer); ok {
		q := any(y).(review.PromptAnswer)
		p.Answer = p.Answer + "\n" + q.Answer
		return any(p).(T)
	}
	return x
}
