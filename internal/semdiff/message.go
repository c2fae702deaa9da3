package semdiff

// This file writes commit messages from changes. The subject says what
// changed at item level, in the words a person would use ("move", "retire",
// "defer"), names the file it happened in, and stays within SubjectWidth;
// the body has one line per change.

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/myos-dev/myos/routines"
)

// SubjectWidth is the length a subject aims to stay within. A single change
// whose shortest wording is longer (a very long id) goes over it.
const SubjectWidth = 72

// phrase is how one change reads in a subject.
type phrase struct {
	file string // "routines", "calendar", "os"
	// long and short word the change alone: `add "sleep" (daily at 22:30)`
	// and `add "sleep"`.
	long, short string
	// verb, name and after word the change among others, where changes
	// with the same verb and after share it: `mark "a", "b" done`.
	verb, name, after string
	// complete is set when long says all a change of one field is, old
	// and new value: the message then needs no body.
	complete bool
}

// Subject is the first line of a commit message for changes, like
// `routines: add "sleep" (daily at 22:30)` or, for several,
// `routines: add "a", "b"; calendar: move "lunch"`, ending in "and N more
// changes" when the rest does not fit. It is "" for no changes. Values
// with control characters are quoted or escaped: a subject is one line.
func Subject(changes []Change) string {
	// Values are quoted or escaped where they are written; this is the
	// guarantee.
	return escapeControls(subject(changes))
}

func subject(changes []Change) string {
	changes, followers := withoutFollowers(changes)
	phraseAt := func(i int) phrase {
		p := phraseOf(changes[i])
		if n := followers[i]; n > 0 {
			serve := " that serve it"
			if n == 1 {
				serve = " that serves it"
			}
			p.long += ", and " + plural(n, "item") + serve
			p.after += " (and " + plural(n, "item") + ")"
		}
		return p
	}
	switch len(changes) {
	case 0:
		return ""
	case 1:
		p := phraseAt(0)
		s := p.file + ": " + p.long
		if width(s) > SubjectWidth {
			s = p.file + ": " + p.short
		}
		return s
	}
	ps := make([]phrase, len(changes))
	for i := range changes {
		ps[i] = phraseAt(i)
	}
	best := ""
	for k := 1; k <= len(ps); k++ {
		s := joinPhrases(ps[:k])
		if rest := len(ps) - k; rest > 0 {
			s += " and " + plural(rest, "more change")
		}
		if width(s) > SubjectWidth {
			break
		}
		best = s
	}
	if best == "" {
		best = countByFile(ps)
	}
	return best
}

// Message is a whole commit message: the Subject, then, when there is more
// than one change, one change of several fields, or one whose values the
// subject does not show, a blank line and one line per change. It has no final newline, and is "" for no changes.
func Message(changes []Change) string {
	subject := Subject(changes)
	if len(changes) == 0 || (len(changes) == 1 && (changes[0].Op != OpChange || (len(changes[0].Fields) < 2 && phraseOf(changes[0]).complete))) {
		return subject
	}
	var b strings.Builder
	b.WriteString(subject)
	b.WriteString("\n")
	for _, c := range changes {
		b.WriteString("\n")
		b.WriteString(c.String())
	}
	return b.String()
}

// withoutFollowers leaves out of a subject the changes that only follow
// a theme's rename: an item's theme, from the old id to the new. It
// returns the rest, and for each how many followed it; the rename says
// how many there were, and the body lists them.
func withoutFollowers(changes []Change) ([]Change, []int) {
	var out []Change
	var followers []int
	for _, c := range changes {
		if c.Kind != routines.KindTheme && c.Op == OpChange && len(c.Fields) == 1 && c.Fields[0].Key == "theme" {
			from, to := routines.FormatValue(c.Fields[0].Old), routines.FormatValue(c.Fields[0].New)
			if i := slices.IndexFunc(out, func(r Change) bool { return r.Kind == routines.KindTheme && r.OldID == from && r.ID == to }); i >= 0 {
				followers[i]++
				continue
			}
		}
		out = append(out, c)
		followers = append(followers, 0)
	}
	return out, followers
}

// joinPhrases writes several phrases: grouped by file in the order files
// first appear, and within a file by verb.
func joinPhrases(ps []phrase) string {
	type group struct {
		verb, after string
		names       []string
	}
	var files []string
	groups := make(map[string][]*group)
	for _, p := range ps {
		gs, seen := groups[p.file]
		if !seen {
			files = append(files, p.file)
		}
		i := slices.IndexFunc(gs, func(g *group) bool { return g.verb == p.verb && g.after == p.after })
		if i < 0 {
			gs = append(gs, &group{verb: p.verb, after: p.after})
			i = len(gs) - 1
		}
		gs[i].names = append(gs[i].names, p.name)
		groups[p.file] = gs
	}
	parts := make([]string, len(files))
	for i, f := range files {
		var words []string
		for _, g := range groups[f] {
			w := strings.Join(g.names, ", ")
			if g.verb != "" {
				w = g.verb + " " + w
			}
			words = append(words, w+g.after)
		}
		parts[i] = f + ": " + strings.Join(words, ", ")
	}
	return strings.Join(parts, "; ")
}

// countByFile is the subject of last resort: how many changes per file.
func countByFile(ps []phrase) string {
	var files []string
	n := make(map[string]int)
	for _, p := range ps {
		if n[p.file] == 0 {
			files = append(files, p.file)
		}
		n[p.file]++
	}
	parts := make([]string, len(files))
	for i, f := range files {
		parts[i] = f + ": " + plural(n[f], "change")
	}
	return strings.Join(parts, "; ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func width(s string) int { return utf8.RuneCountInString(s) }

// fileOf is the file part of a subject: the name of the kind's file
// without ".toml" (routines, priorities, calendar, themes, os).
func fileOf(k routines.Kind) string {
	if k == KindOS {
		return "os"
	}
	if f := k.File(); f != "" {
		return strings.TrimSuffix(f, ".toml")
	}
	return string(k)
}

// phraseOf words one change.
func phraseOf(c Change) phrase {
	file := fileOf(c.Kind)
	name := strconv.Quote(c.ID)
	p := func(verb, nm, after, extra string) phrase {
		short := verb + " " + nm + after
		return phrase{file: file, long: short + extra, short: short, verb: verb, name: nm, after: after}
	}
	if c.Kind == KindOS {
		return settingsPhrase(c)
	}
	switch c.Op {
	case OpAdd:
		extra := ""
		if d := addDetail(c); d != "" {
			extra = " (" + d + ")"
		}
		return p("add", name, "", extra)
	case OpRemove:
		return p("remove", name, "", "")
	}
	keys := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		keys[i] = f.Key
	}
	if c.OldID != "" {
		ph := p("rename", strconv.Quote(c.OldID), " to "+name, "")
		var others []string
		for _, f := range c.Fields {
			if f.Key != "id" && !renameKept(c, f) {
				others = append(others, f.Key)
			}
		}
		if len(others) > 0 {
			ph.long += " (" + strings.Join(others, ", ") + ")"
		}
		ph.complete = len(others) == 0
		return ph
	}
	if f, ok := c.Field("deferred_until"); ok && c.Kind == routines.KindPriority && routines.FormatValue(f.New) != "" {
		return p("defer", name, "", " to "+routines.FormatValue(f.New))
	}
	if f, ok := c.Field("status"); ok && routines.FormatValue(f.New) != "" {
		oldS, newS := routines.FormatValue(f.Old), routines.FormatValue(f.New)
		switch {
		case c.Kind == routines.KindRoutine && newS == routines.RoutineRetired,
			c.Kind == routines.KindTheme && newS == routines.ThemeRetired:
			return p("retire", name, "", "")
		case newS == routines.RoutineAspiration && c.Kind == routines.KindRoutine:
			return p("aspire to", name, "", "")
		}
		ph := p("mark", name, " "+newS, "")
		if oldS != "" {
			ph.long = name + " " + oldS + "→" + newS
		}
		// What else changed with it, but for what follows from the
		// status (a priority taken up is started, and no longer put off).
		var others []string
		for _, k := range keys {
			switch k {
			case "status", "started", "deferred_until", "defer_reason":
			default:
				others = append(others, k)
			}
		}
		switch {
		case len(others) == 1:
			f, _ := c.Field(others[0])
			if v := oneValue(f); v != "" {
				ph.long += ", " + f.Key + " " + v
			} else {
				ph.long += " (also " + f.Key + ")"
			}
		case len(others) > 1:
			ph.long += " (also " + strings.Join(others, ", ") + ")"
		}
		ph.complete = len(keys) == 1
		return ph
	}
	if span, ok := moveSpan(c); ok {
		return p("move", name, "", " "+span)
	}
	if len(keys) == 0 {
		return p("change", name, "", "")
	}
	if len(c.Fields) == 1 {
		// One short value changed: say it, "at 22:30→22:00", "due
		// none→2026-12-01".
		f := c.Fields[0]
		if v := oneValue(f); v != "" {
			ph := p("change", name, "", " "+f.Key+" "+v)
			if c.Kind == routines.KindRoutine && f.Key == "at" && compact(f.Old) != "" && compact(f.New) != "" {
				ph = p("move", name, "", " "+v)
			}
			ph.complete = true
			return ph
		}
	}
	return p("change", name, "", " ("+strings.Join(keys, ", ")+")")
}

// oneValue words a field's change as "old→new" ("none" for no value), or
// "" when either is too long for a subject or a list.
func oneValue(f FieldChange) string {
	if _, isList := f.New.([]string); isList {
		return ""
	}
	if _, isList := f.Old.([]string); isList {
		return ""
	}
	oldS, newS := compact(f.Old), compact(f.New)
	if width(oldS) > 24 || width(newS) > 24 {
		return ""
	}
	if oldS == "" {
		oldS = unset
	}
	if newS == "" {
		newS = unset
	}
	return oldS + "→" + newS
}

// settingsPhrase words a change to os.toml: `set priorities.limit 3→4` for
// one field, `set name, owner` for several.
func settingsPhrase(c Change) phrase {
	keys := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		keys[i] = f.Key
	}
	ph := phrase{file: "os", verb: "set", name: strings.Join(keys, ", ")}
	ph.long = "set " + ph.name
	if width(ph.name) > SubjectWidth/2 {
		ph.name = plural(len(keys), "setting")
	}
	ph.short = "set " + ph.name
	if len(c.Fields) == 1 {
		f := c.Fields[0]
		oldS, newS := compact(f.Old), compact(f.New)
		switch {
		case newS == "":
			ph.short = "unset " + f.Key
			ph.long = ph.short
			ph.verb, ph.name = "unset", f.Key
		case oldS == "":
			ph.long = "set " + f.Key + " " + newS
		default:
			ph.long = "set " + f.Key + " " + oldS + "→" + newS
		}
	}
	return ph
}

// compact writes a value for a subject: quoted when it has spaces.
func compact(v any) string {
	s := routines.FormatValue(v)
	if s == "" {
		return ""
	}
	if list, isList := v.([]string); isList {
		// Items stand as they are, but for one that does not print.
		parts := make([]string, len(list))
		for i, item := range list {
			if strings.ContainsFunc(item, func(r rune) bool { return !strconv.IsPrint(r) }) {
				item = strconv.Quote(item)
			}
			parts[i] = item
		}
		return strings.Join(parts, ",")
	}
	return quoteSpaced(s)
}

// moveSpan words a change of a block's or event's times (and an event's
// date) from one value to another as a move: "12:30→12:00" when one thing
// moved, "end 12:45→13:00" when only the end did, "12:00–12:45 →
// 12:30–13:15" when several did.
func moveSpan(c Change) (string, bool) {
	if c.Kind != routines.KindBlock && c.Kind != routines.KindEvent {
		return "", false
	}
	var date, start, end *FieldChange
	for i := range c.Fields {
		f := &c.Fields[i]
		switch {
		case (f.Key == "start" || f.Key == "end") && (routines.FormatValue(f.Old) == "" || routines.FormatValue(f.New) == ""):
			// Gaining or losing a time is not a move.
			return "", false
		case f.Key == "start":
			start = f
		case f.Key == "end":
			end = f
		case f.Key == "date" && c.Kind == routines.KindEvent:
			date = f
		default:
			return "", false
		}
	}
	if len(c.Fields) == 1 {
		f := c.Fields[0]
		prefix := ""
		if f.Key == "end" {
			prefix = "end "
		}
		return prefix + orNone(f.Old) + "→" + orNone(f.New), true
	}
	// Several things moved: the date, then the time, with both ends of it
	// when both moved.
	var olds, news []string
	if date != nil {
		olds, news = append(olds, orNone(date.Old)), append(news, orNone(date.New))
	}
	switch {
	case start != nil && end != nil:
		olds = append(olds, timeRange(routines.FormatValue(start.Old), routines.FormatValue(end.Old)))
		news = append(news, timeRange(routines.FormatValue(start.New), routines.FormatValue(end.New)))
	case start != nil:
		olds, news = append(olds, orNone(start.Old)), append(news, orNone(start.New))
	case end != nil:
		olds, news = append(olds, "end "+orNone(end.Old)), append(news, "end "+orNone(end.New))
	}
	return strings.Join(olds, " ") + " → " + strings.Join(news, " "), true
}

func timeRange(start, end string) string {
	switch {
	case start == "" && end == "":
		return "none"
	case end == "":
		return start
	case start == "":
		return "–" + end
	}
	return start + "–" + end
}

func orNone(v any) string {
	if s := routines.FormatValue(v); s != "" {
		return s
	}
	return "none"
}

// addDetail is the few words that say what an added item is: a routine's
// "daily at 22:30" (with its status when it is not active: "daily,
// aspiration"), a block's "mon–fri 12:00–12:45", an event's
// "2026-12-03 10:00", a priority's "doing, rank 1", a theme's horizon.
func addDetail(c Change) string {
	str := func(key string) string { return escapeControls(routines.FormatValue(c.value(key))) }
	var parts []string
	switch c.Kind {
	case routines.KindRoutine:
		if s := str("cadence"); s != "" {
			parts = append(parts, s)
		}
		if s := str("at"); s != "" {
			parts = append(parts, "at "+s)
		}
		detail := strings.Join(parts, " ")
		if s := str("status"); s != "" && s != routines.RoutineActive {
			detail = strings.TrimPrefix(detail+", "+s, ", ")
		}
		return detail
	case routines.KindBlock:
		days, _ := c.value("days").([]string)
		if s := compressDays(days); s != "" {
			parts = append(parts, s)
		}
		if s, e := str("start"), str("end"); s != "" || e != "" {
			parts = append(parts, timeRange(s, e))
		}
		return strings.Join(parts, " ")
	case routines.KindEvent:
		for _, k := range []string{"date", "start"} {
			if s := str(k); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	case routines.KindPriority:
		if s := str("status"); s != "" {
			parts = append(parts, s)
		}
		if s := str("rank"); s != "" && s != "0" {
			parts = append(parts, "rank "+s)
		}
		return strings.Join(parts, ", ")
	case routines.KindTheme:
		return str("horizon")
	}
	return ""
}

// compressDays writes a list of days short: "mon–fri", "weekends", "daily",
// "mon,wed,fri", "mon–wed,sat". Runs of three or more days take a dash. A
// list with a name that is not a day is written as it is.
func compressDays(days []string) string {
	var in [7]bool
	for _, d := range days {
		i := slices.Index(routines.Weekdays, d)
		if i < 0 {
			return strings.Join(days, ",")
		}
		in[i] = true
	}
	switch in {
	case [7]bool{}:
		return ""
	case [7]bool{true, true, true, true, true, true, true}:
		return "daily"
	case [7]bool{5: true, 6: true}:
		return "weekends"
	}
	var parts []string
	for i := 0; i < 7; {
		if !in[i] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && in[j+1] {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, routines.Weekdays[i]+"–"+routines.Weekdays[j])
		default:
			for d := i; d <= j; d++ {
				parts = append(parts, routines.Weekdays[d])
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}
