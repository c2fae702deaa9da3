package sync

import (
	"fmt"
	"sort"
	"strings"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/routines"
)

// The decisions a conflict takes: the same words as the item merge's.
const (
	TakeMine   = semdiff.TakeMine
	TakeTheirs = semdiff.TakeTheirs
	TakeBoth   = semdiff.TakeBoth
	// TakeAll is the key that decides every conflict no other key decides.
	TakeAll = semdiff.TakeAll
)

const (
	reasonBoth          = "changed on both sides"
	reasonRemovedMine   = "removed here, changed on the remote"
	reasonRemovedTheirs = "changed here, removed on the remote"
	reasonLines         = "the same lines changed on both sides"
)

// Conflict is one change made on both sides that sync cannot decide by
// itself. As JSON it is part of the contract of `myos sync --json`.
type Conflict struct {
	// Key names the conflict for --take KEY=mine|theirs|both:
	// "routine/sleep.at" (a field), "routine/sleep" (a whole item),
	// "os.calendar.grid" (a setting), "review/2026-11-25/sleep@2026-11-25"
	// (an answer in a review record), "template/team" (the record of a
	// template the OS follows), or a file's path ("notes.md").
	Key string `json:"key"`
	// File is the file it is in.
	File string `json:"file"`
	// Reason says in words why it is a conflict.
	Reason string `json:"reason"`
	// Base, Mine and Theirs are the values as text: before, here and on
	// the remote. "" is unset or gone.
	Base   string `json:"base"`
	Mine   string `json:"mine"`
	Theirs string `json:"theirs"`
	// Takes are the decisions it accepts.
	Takes []string `json:"takes"`

	value bool // Mine and Theirs are short values, not whole items or lines
}

// String is one line for people:
//
//	routine/sleep.at: mine 22:00, theirs 23:00 (base 22:30)
//	review/2026-11-27/move@2026-11-27: mine no, theirs yes (not in the base)
//	priority/keynote: changed here, removed on the remote
func (c Conflict) String() string {
	if !c.value {
		return c.Key + ": " + c.Reason
	}
	s := fmt.Sprintf("%s: mine %s, theirs %s", c.Key, shown(c.Mine), shown(c.Theirs))
	if c.Base == "" {
		// In words: "(base (unset))" nested its brackets.
		return s + " (not in the base)"
	}
	return s + " (base " + shown(c.Base) + ")"
}

// shown writes a value for a line of text as the item merge does: "none"
// when unset, quoted when it has spaces or is the word itself.
func shown(s string) string {
	if s == "" {
		return "none"
	}
	if s == "none" || strings.ContainsAny(s, " \t\n\"") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// fromItem turns the item merge's conflict into sync's.
func fromItem(c semdiff.Conflict) Conflict {
	out := Conflict{Key: c.Key, Reason: c.Reason, Takes: []string{TakeMine, TakeTheirs, TakeBoth}}
	if c.Kind == semdiff.KindOS {
		out.File = routines.FileOS
		out.Takes = []string{TakeMine, TakeTheirs}
		if c.Field == "review.prompts" {
			out.Takes = append(out.Takes, TakeBoth)
		}
	} else {
		out.File = c.Kind.File()
	}
	if c.Field != "" {
		out.value = true
		out.Base, out.Mine, out.Theirs = routines.FormatValue(c.Base), routines.FormatValue(c.Mine), routines.FormatValue(c.Theirs)
		out.Reason = strings.Replace(out.Reason, "mine", "here", 1)
		return out
	}
	base, _ := c.Base.(routines.Item)
	mine, _ := c.Mine.(routines.Item)
	theirs, _ := c.Theirs.(routines.Item)
	out.Base = describeItem(nil, base)
	out.Mine = describeItem(base, mine)
	out.Theirs = describeItem(base, theirs)
	switch {
	case mine == nil && theirs != nil:
		out.Reason = reasonRemovedMine
		out.Takes = []string{TakeMine, TakeTheirs}
	case theirs == nil && mine != nil:
		out.Reason = reasonRemovedTheirs
		out.Takes = []string{TakeMine, TakeTheirs}
	}
	return out
}

// describeItem says what an item is, or how it differs from base: the
// fields with their values, "key=value; ...", or "removed".
func describeItem(base, it routines.Item) string {
	if it == nil {
		if base == nil {
			return ""
		}
		return "removed"
	}
	var keys []string
	if base == nil {
		for _, f := range routines.Fields(it) {
			keys = append(keys, f.Key)
		}
	} else {
		keys = routines.ChangedFields(base, it)
	}
	var parts []string
	for _, k := range keys {
		v, ok := routines.FieldValue(it, k)
		if !ok {
			continue
		}
		parts = append(parts, k+"="+routines.FormatValue(v))
	}
	if len(parts) == 0 {
		return "unchanged"
	}
	return strings.Join(parts, "; ")
}

// decidedLine says how a conflict was decided, as the item merge's
// Decision.String does.
func decidedLine(c Conflict, take string) string {
	switch take {
	case TakeBoth:
		return c.Key + ": kept both"
	case TakeTheirs:
		if c.value {
			return fmt.Sprintf("%s: took theirs (%s)", c.Key, shown(c.Theirs))
		}
		return c.Key + ": took theirs"
	}
	if c.value {
		return fmt.Sprintf("%s: kept mine (%s)", c.Key, shown(c.Mine))
	}
	return c.Key + ": kept mine"
}

// ConflictError is a merge that conflicts. Sync changed nothing for it:
// files, index and HEAD are as they were (the remote-tracking ref records
// what was fetched).
type ConflictError struct {
	// Remote is the branch merged, as "origin/main".
	Remote string
	// Conflicts are the undecided conflicts, sorted by key.
	Conflicts []Conflict
	// Merged is set when an earlier round of the same sync already
	// committed a merge (the remote moved again before the push).
	Merged bool
}

func (e *ConflictError) Error() string {
	var b strings.Builder
	n := len(e.Conflicts)
	fmt.Fprintf(&b, "sync: %d conflict", n)
	if n != 1 {
		b.WriteString("s")
	}
	fmt.Fprintf(&b, " with %s; ", e.Remote)
	if e.Merged {
		b.WriteString("an earlier merge of this sync was committed, this one was not")
	} else {
		b.WriteString("nothing was changed")
	}
	for _, c := range e.Conflicts {
		b.WriteString("\n  ")
		b.WriteString(c.String())
	}
	return b.String()
}

func sortConflicts(cs []Conflict) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Key < cs[j].Key })
}
