package render

// The README is the OS told in the first person: "This is the way I
// work". It is written from the model alone (and the history the caller
// passes in), with no clock and no map order, so the same OS always gives
// the same bytes and a commit that changes the OS can regenerate it in the
// same commit without noise.

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/myos-dev/myos/routines"
)

// readmeWidth is where the README's prose wraps, as a person would wrap
// it in an editor.
const readmeWidth = 72

// README writes the OS's README.md: who it belongs to, the focus themes
// and their narratives, the routines and why (aspirations apart, retired
// ones left out), how work is chosen and put off, the weekly calendar as a
// table, the review prompts, and changes, the last changes to the OS
// already in words, newest first (only the first ten are shown).
func README(o *routines.OS, changes []string) []byte {
	w := &mdWriter{o: o}
	w.intro()
	w.themes()
	w.routines()
	w.priorities()
	w.week()
	w.reviews()
	w.changes(changes)
	w.footer()
	return []byte(strings.TrimRight(w.b.String(), "\n") + "\n")
}

// mdWriter builds the README one section at a time.
type mdWriter struct {
	o *routines.OS
	b strings.Builder
}

func (w *mdWriter) heading(level int, s string) {
	w.b.WriteString(strings.Repeat("#", level) + " " + s + "\n\n")
}

// para writes prose wrapped at readmeWidth, then a blank line.
func (w *mdWriter) para(s string) {
	w.b.WriteString(mdWrap(s, "", ""))
	w.b.WriteString("\n")
}

// item writes one list item, wrapped with a hanging indent.
func (w *mdWriter) item(marker, s string) {
	w.b.WriteString(mdWrap(s, marker+" ", strings.Repeat(" ", utf8.RuneCountInString(marker)+1)))
}

func (w *mdWriter) endList() { w.b.WriteString("\n") }

func (w *mdWriter) intro() {
	s := w.o.Settings
	name := strings.TrimSpace(s.Name)
	if name == "" {
		name = "The way I work"
	}
	w.heading(1, mdText(name))
	intro := "This is the way I work."
	if owner := strings.TrimSpace(s.Owner); owner != "" {
		intro += " I'm " + mdText(owner) + ", and this"
	} else {
		intro += " This"
	}
	intro += " is how I run my weeks: what it is all for, the routines that keep me going, how I choose what to work on, what my week looks like and how I look back on it."
	w.para(intro)
	w.para("It is the direction I steer by rather than a record of every day, and when it turns out to be wrong, I change it.")
}

// themeTitle is the title of theme id, or the id when there is no such
// theme.
func (w *mdWriter) themeTitle(id string) string {
	if t := w.o.Theme(id); t != nil && t.Title != "" {
		return t.Title
	}
	return id
}

func (w *mdWriter) themes() {
	w.heading(2, "What it is all for")
	var active, paused, done, retired []routines.Theme
	for _, t := range w.o.Themes {
		switch t.Status {
		case routines.ThemePaused:
			paused = append(paused, t)
		case routines.ThemeDone:
			done = append(done, t)
		case routines.ThemeRetired:
			retired = append(retired, t)
		default:
			active = append(active, t)
		}
	}
	switch {
	case len(w.o.Themes) == 0:
		w.para("I haven't written down my themes yet: the few big stories everything else is for.")
	case len(active) == 0:
		w.para("No theme is in focus right now.")
	default:
		what := "one theme"
		if len(active) > 1 {
			what = "one of " + numberWord(len(active)) + " themes"
		}
		w.para(fmt.Sprintf("Everything here serves %s. If a routine, a block on the calendar or a piece of work serves none of them, I ask why I am doing it at all.", what))
		for _, t := range active {
			w.heading(3, mdText(t.Title))
			if n := strings.TrimSpace(t.Narrative); n != "" {
				w.para(mdText(n))
			}
			switch h := strings.TrimSpace(t.Horizon); {
			case strings.EqualFold(h, "ongoing"):
				w.para("_This one is ongoing._")
			case h != "":
				w.para("_Horizon: " + mdText(h) + "._")
			}
		}
	}
	if len(paused)+len(done)+len(retired) == 0 {
		return
	}
	if len(active) > 0 {
		// Under the last active theme's heading, these lines would
		// read as being about that theme.
		w.heading(3, "Not in focus now")
	}
	if len(paused) > 0 {
		w.para("On hold for now: " + joinAnd(themeNames(paused)) + ".")
	}
	if len(done) > 0 {
		w.para("Finished, and kept here for the record: " + joinAnd(themeNames(done)) + ".")
	}
	if len(retired) > 0 {
		w.para("Retired, and kept here for the record: " + joinAnd(themeNames(retired)) + ".")
	}
}

func themeNames(ts []routines.Theme) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = mdText(t.Title)
		if h := strings.TrimSpace(t.Horizon); h != "" && !strings.EqualFold(h, "ongoing") {
			out[i] += " (" + mdText(h) + ")"
		}
	}
	return out
}

func (w *mdWriter) routines() {
	w.heading(2, "Routines")
	var active, wanted, paused []routines.Routine
	for _, r := range w.o.Routines {
		switch r.Status {
		case routines.RoutineAspiration:
			wanted = append(wanted, r)
		case routines.RoutinePaused:
			paused = append(paused, r)
		case routines.RoutineRetired:
		default:
			active = append(active, r)
		}
	}
	if len(active) == 0 && len(wanted) == 0 && len(paused) == 0 {
		w.para("No routines yet.")
		return
	}
	if len(active) > 0 {
		w.para("What I do again and again, and why:")
		for _, r := range active {
			w.item("-", routineLine(r, false))
		}
		w.endList()
	}
	if len(wanted) > 0 {
		w.para("What I want to do, and don't yet. These are aspirations: the review keeps asking about them until I live them or let them go.")
		for _, r := range wanted {
			w.item("-", routineLine(r, true))
		}
		w.endList()
	}
	if len(paused) > 0 {
		w.para("On pause, on purpose:")
		for _, r := range paused {
			w.item("-", routineLine(r, true))
		}
		w.endList()
	}
}

// routineLine is "**Title**, every day at 22:30 for 8 hours. Why. Notes."
func routineLine(r routines.Routine, notes bool) string {
	s := "**" + mdText(r.Title) + "**, " + cadenceWords(r.Cadence)
	if r.At != "" {
		s += " at " + r.At
		if r.Duration != "" {
			if d, err := routines.ParseDuration(r.Duration); err == nil {
				s += " for " + durationWords(d)
			}
		}
	}
	s += "."
	if why := sentence(r.Why); why != "" {
		s += " " + mdText(why)
	}
	if n := sentence(r.Notes); notes && n != "" {
		s += " " + mdText(n)
	}
	return s
}

func (w *mdWriter) priorities() {
	w.heading(2, "How I choose what to work on")
	limit := w.o.Settings.Priorities.Limit
	intro := "Work is ranked: rank 1 is what I do first, and every piece of work serves one of the themes."
	if limit > 0 {
		intro += fmt.Sprintf(" No more than %s in progress at once; another one waits until one is finished, dropped or put off on purpose.", countWords(limit, "thing", "things"))
	} else {
		intro += " I set no limit on how much is in progress, so I watch it at every review."
	}
	w.para(intro)

	var doing, next, later, deferred, dropped []routines.Priority
	for _, p := range w.o.Priorities {
		switch {
		case p.Status == routines.PriorityDone:
		case p.Status == routines.PriorityDropped:
			if strings.TrimSpace(p.Notes) != "" {
				dropped = append(dropped, p)
			}
		case p.Status == routines.PriorityDoing:
			// Work in progress is in progress, even when a hand edit
			// left a deferral on it: it counts against the limit.
			doing = append(doing, p)
		case p.DeferredUntil != nil || strings.TrimSpace(p.DeferReason) != "":
			deferred = append(deferred, p)
		case p.Status == routines.PriorityNext:
			next = append(next, p)
		default:
			later = append(later, p)
		}
	}
	byRank := func(a, b routines.Priority) int {
		if (a.Rank == 0) != (b.Rank == 0) {
			if a.Rank == 0 {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Rank, b.Rank)
	}
	for _, l := range [][]routines.Priority{doing, next, later, deferred} {
		slices.SortStableFunc(l, byRank)
	}

	w.heading(3, "In progress")
	if len(doing) == 0 {
		w.para("Nothing right now.")
	} else {
		for i, p := range doing {
			w.item(strconv.Itoa(i+1)+".", w.priorityLine(p))
		}
		w.endList()
		if limit > 0 && len(doing) > limit {
			w.para(fmt.Sprintf("That is %s over the limit of %d: something has to finish, drop or wait.", countWords(len(doing)-limit, "thing", "things"), limit))
		}
	}
	if len(next) > 0 {
		w.heading(3, "Next")
		for _, p := range next {
			w.item("-", w.priorityLine(p))
		}
		w.endList()
	}
	if len(later) > 0 {
		w.heading(3, "Later, when there is room")
		for _, p := range later {
			w.item("-", w.priorityLine(p))
		}
		w.endList()
	}

	w.heading(3, "What I put off, and why")
	if len(deferred) == 0 {
		w.para("Nothing is put off right now. When something is, it gets a date and a reason: putting work off is a decision, not forgetting.")
	} else {
		w.para("Putting work off is a decision, not forgetting: each of these has a date and a reason.")
		for _, p := range deferred {
			s := "**" + mdText(p.Title) + "**"
			if p.DeferredUntil != nil {
				s += " waits until " + longDay(*p.DeferredUntil)
			} else {
				s += " waits"
			}
			s += "."
			if r := sentence(p.DeferReason); r != "" {
				s += " " + mdText(r)
			}
			if p.Deferrals > 0 {
				s += " Put off " + timesWord(p.Deferrals) + " so far."
			}
			w.item("-", s)
		}
		w.endList()
	}
	if len(dropped) > 0 {
		w.heading(3, "What I said no to")
		for _, p := range dropped {
			w.item("-", "**"+mdText(p.Title)+"**: "+mdText(sentence(p.Notes)))
		}
		w.endList()
	}
}

// priorityLine is "Title (for Theme), due 1 December 2026".
func (w *mdWriter) priorityLine(p routines.Priority) string {
	s := mdText(p.Title)
	if p.Theme != "" {
		s += " (for " + mdText(w.themeTitle(p.Theme)) + ")"
	}
	if p.Due != nil {
		s += ", due " + longDay(*p.Due)
	}
	return s
}

// weekCell is one block in the README's week table.
type weekCell struct {
	start, end routines.Clock
	title      string
	theme      string
}

func (w *mdWriter) week() {
	w.heading(2, "My week")
	o := w.o
	first := o.WeekStart()
	days := make([]time.Weekday, 7)
	for i := range days {
		days[i] = time.Weekday((int(first) + i) % 7)
	}
	cells := map[time.Weekday][]weekCell{}
	minutes := map[string]int{}
	var themeOrder []string
	for _, b := range o.Blocks {
		start, err1 := routines.ParseClock(b.Start)
		end, err2 := routines.ParseClock(b.End)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		for _, s := range b.Days {
			wd, ok := routines.ParseWeekday(s)
			if !ok || slices.ContainsFunc(cells[wd], func(c weekCell) bool { return c.title == b.Title && c.start == start }) {
				continue
			}
			cells[wd] = append(cells[wd], weekCell{start, end, b.Title, b.Theme})
			if _, seen := minutes[b.Theme]; !seen {
				themeOrder = append(themeOrder, b.Theme)
			}
			minutes[b.Theme] += int(end - start)
		}
	}
	if len(cells) == 0 {
		w.para("There is nothing on the weekly calendar yet. Lunch, breaks and learning are worth a place there before anything else is.")
		return
	}
	var shown, free []time.Weekday
	for _, d := range days {
		if len(cells[d]) > 0 {
			shown = append(shown, d)
		} else {
			free = append(free, d)
		}
	}
	grid := o.Settings.Calendar.Grid
	intro := "This is the week as I plan it, before anyone else's plans arrive: lunch, breaks and learning have their place on it like everything else."
	intro += " Times are " + mdCode(o.Location().String()) + " time"
	if grid != "" {
		intro += ", and blocks sit on a " + gridWords(o.Grid()) + " grid"
	}
	intro += "."
	w.para(intro)

	// One row per span (start and end), so that a cell is only a title.
	type span struct{ start, end routines.Clock }
	var spans []span
	for _, d := range shown {
		for _, c := range cells[d] {
			if sp := (span{c.start, c.end}); !slices.Contains(spans, sp) {
				spans = append(spans, sp)
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	w.b.WriteString("| Time |")
	for _, d := range shown {
		w.b.WriteString(" " + shortDayName(d) + " |")
	}
	w.b.WriteString("\n|---|")
	for range shown {
		w.b.WriteString("---|")
	}
	w.b.WriteString("\n")
	for _, sp := range spans {
		w.b.WriteString("| " + sp.start.String() + "–" + sp.end.String() + " |")
		for _, d := range shown {
			var parts []string
			for _, c := range cells[d] {
				if c.start == sp.start && c.end == sp.end {
					parts = append(parts, mdCell(c.title))
				}
			}
			slices.Sort(parts)
			cell := strings.Join(parts, "; ")
			if cell == "" {
				w.b.WriteString(" |")
			} else {
				w.b.WriteString(" " + cell + " |")
			}
		}
		w.b.WriteString("\n")
	}
	w.b.WriteString("\n")
	if len(free) > 0 {
		names := make([]string, len(free))
		for i, d := range free {
			names[i] = longDayName(d)
		}
		verb := "has"
		if len(free) > 1 {
			verb = "have"
		}
		w.para(joinAnd(names) + " " + verb + " no blocks: that time is not planned.")
	}

	w.para("Where the hours of a week go, theme by theme:")
	slices.SortStableFunc(themeOrder, func(a, b string) int { return cmp.Compare(minutes[b], minutes[a]) })
	w.b.WriteString("| Theme | Hours a week |\n|---|---:|\n")
	total := 0
	for _, id := range themeOrder {
		name := "No theme"
		if id != "" {
			name = mdCell(w.themeTitle(id))
		}
		w.b.WriteString("| " + name + " | " + fmtMinutes(minutes[id]) + " |\n")
		total += minutes[id]
	}
	w.b.WriteString("\n")
	w.para("That is " + durationWords(time.Duration(total)*time.Minute) + " a week on the calendar.")
}

func (w *mdWriter) reviews() {
	w.heading(2, "Looking back")
	r := w.o.Settings.Review
	var prompts []string
	for _, p := range r.Prompts {
		if p = strings.TrimSpace(p); p != "" {
			prompts = append(prompts, p)
		}
	}
	if len(prompts) > 0 {
		w.para("Every day I ask myself:")
		for _, p := range prompts {
			w.item("-", mdText(p))
		}
		w.endList()
	} else {
		w.para("Every day I look at the day I had against the day I planned.")
	}
	if wd, ok := routines.ParseWeekday(r.WeeklyDay); ok {
		w.para("Every " + longDayName(wd) + " I read these files against the week I actually had. Routines I stopped doing and miss become aspirations; routines I stopped doing and don't miss are retired, with a note saying why.")
	}
}

// maxChanges is how many changes the README shows.
const maxChanges = 10

func (w *mdWriter) changes(changes []string) {
	var lines []string
	for _, c := range changes {
		if c = strings.TrimSpace(c); c != "" {
			lines = append(lines, c)
		}
	}
	if len(lines) == 0 {
		return
	}
	if len(lines) > maxChanges {
		lines = lines[:maxChanges]
	}
	w.heading(2, "Recent changes")
	if len(lines) == 1 {
		w.para("The last change to the way I work:")
	} else {
		w.para("The last " + numberWord(len(lines)) + " changes to the way I work, newest first:")
	}
	for _, c := range lines {
		w.item("-", mdText(c))
	}
	w.endList()
}

func (w *mdWriter) footer() {
	w.b.WriteString("---\n\n")
	w.para("_Written by myos from os.toml, themes.toml, routines.toml, priorities.toml and calendar.toml. To change this page, change those files (`myos add`, `myos set`, `myos edit`) and it is written again._")
}

// cadenceWords says a cadence in words: "every day", "every other
// Friday", "on the 1st and 15th of every month". A cadence that cannot be
// parsed, or a raw rule beyond the simple ones, is quoted as written.
func cadenceWords(text string) string {
	c, err := routines.ParseCadence(text)
	if err != nil {
		return "`" + strings.ReplaceAll(text, "`", "'") + "`"
	}
	s := c.String()
	if rule, ok := strings.CutPrefix(s, "RRULE:"); ok {
		if words := ruleWords(rule); words != "" {
			return words
		}
		return "by the rule `" + rule + "`"
	}
	f := strings.Fields(s)
	every := func(n int, unit string) string {
		switch n {
		case 1:
			return "every " + unit
		case 2:
			return "every other " + unit
		}
		return fmt.Sprintf("every %d %ss", n, unit)
	}
	switch {
	case s == "daily":
		return "every day"
	case s == "weekdays":
		return "every weekday"
	case s == "weekends":
		return "every weekend"
	case len(f) == 3 && f[0] == "weekly":
		return "every " + dayList(f[2])
	case len(f) == 3 && f[0] == "monthly":
		return "on the " + monthDayList(f[2]) + " of every month"
	case len(f) == 3 && f[0] == "every" && f[2] == "days":
		return s
	case len(f) == 5 && f[0] == "every" && f[2] == "weeks":
		n, _ := strconv.Atoi(f[1])
		if n == 2 && !strings.Contains(f[4], ",") {
			return "every other " + dayList(f[4])
		}
		return every(n, "week") + " on " + dayList(f[4])
	case len(f) == 5 && f[0] == "every" && f[2] == "months":
		n, _ := strconv.Atoi(f[1])
		return "on the " + monthDayList(f[4]) + " of " + every(n, "month")
	}
	return s
}

// ruleWords says the raw rules people write most in words: "the first
// Monday of every month". It is "" for any other rule.
func ruleWords(rule string) string {
	parts := strings.Split(rule, ";")
	if len(parts) != 2 || parts[0] != "FREQ=MONTHLY" {
		return ""
	}
	day, ok := strings.CutPrefix(parts[1], "BYDAY=")
	if !ok || strings.Contains(day, ",") || len(day) < 3 {
		return ""
	}
	n, err := strconv.Atoi(day[:len(day)-2])
	name := map[string]string{"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}[day[len(day)-2:]]
	if err != nil || name == "" {
		return ""
	}
	switch {
	case n >= 1 && n <= 4:
		return "on the " + []string{"first", "second", "third", "fourth"}[n-1] + " " + name + " of every month"
	case n == -1:
		return "on the last " + name + " of every month"
	}
	return ""
}

// dayList says "mon,thu" as "Monday and Thursday".
func dayList(s string) string {
	var names []string
	for _, d := range strings.Split(s, ",") {
		if wd, ok := routines.ParseWeekday(d); ok {
			names = append(names, longDayName(wd))
		}
	}
	return joinAnd(names)
}

// monthDayList says "1,15,-1" as "1st, 15th and last day".
func monthDayList(s string) string {
	var out []string
	for _, d := range strings.Split(s, ",") {
		n, err := strconv.Atoi(d)
		switch {
		case err != nil:
			out = append(out, d)
		case n == -1:
			out = append(out, "last day")
		case n < 0:
			out = append(out, ordinal(-n)+" day from the end")
		default:
			out = append(out, ordinal(n))
		}
	}
	return joinAnd(out)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// durationWords says a duration as "8 hours", "45 minutes", "1 hour 30
// minutes".
func durationWords(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if h > 0 {
		parts = append(parts, countWord(h, "hour", "hours"))
	}
	if m > 0 || h == 0 {
		parts = append(parts, countWord(m, "minute", "minutes"))
	}
	return strings.Join(parts, " ")
}

// gridWords says a calendar grid as "15-minute" or "1-hour".
func gridWords(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d-hour", d/time.Hour)
	}
	return fmt.Sprintf("%d-minute", d/time.Minute)
}

func countWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// countWords is countWord with small numbers spelled out.
func countWords(n int, one, many string) string {
	if n == 1 {
		return "one " + one
	}
	return numberWord(n) + " " + many
}

// numberWord spells out numbers to twelve, as prose does.
func numberWord(n int) string {
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return strconv.Itoa(n)
}

func timesWord(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return numberWord(n) + " times"
}

func longDay(d routines.Date) string {
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

func longDayName(wd time.Weekday) string { return wd.String() }

func shortDayName(wd time.Weekday) string { return wd.String()[:3] }

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// sentence is s on one line, ending in a full stop unless it already ends
// in punctuation.
func sentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	// It follows a full stop, so it starts with a capital, unless its first
	// word is written with one inside (iOS, eBay), as a name is.
	first, _, _ := strings.Cut(s, " ")
	if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) && !strings.ContainsFunc(first[n:], unicode.IsUpper) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsRune(".!?…:;)\"'”’", r) {
		s += "."
	}
	return s
}

// mdText makes user text safe as Markdown prose: on one line, with the
// characters that would start emphasis, code, links or HTML escaped.
func mdText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '`', '[', ']', '<', '>', '|':
			b.WriteByte('\\')
		case '#', '-', '+':
			// At the start of a paragraph these would make a heading or
			// a list item (mdWrap never starts a later line with them).
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1." at the start would make a numbered list.
			if i > 0 && strings.Trim(s[:i], "0123456789") == "" {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode writes s as inline code.
func mdCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdCell is mdText for a table cell.
func mdCell(s string) string { return mdText(s) }

// mdWrap wraps s at readmeWidth: the first line starts with first, the
// others with rest. It breaks only at spaces, and never before a word
// that would start a list item or a heading.
func mdWrap(s, first, rest string) string {
	// The text goes straight into one builder: growing the current line
	// by concatenation would copy it once per word, and a line that may
	// not break (a long run of "-" or "1." words) would cost the square
	// of its length.
	var b strings.Builder
	b.Grow(len(first) + len(s) + (len(s)/readmeWidth+1)*(len(rest)+1))
	b.WriteString(first)
	n := utf8.RuneCountInString(first)
	restN := utf8.RuneCountInString(rest)
	empty := true
	for _, word := range strings.Fields(s) {
		wl := utf8.RuneCountInString(word)
		if !empty && n+1+wl > readmeWidth && !startsBlock(word) {
			b.WriteByte('\n')
			b.WriteString(rest)
			b.WriteString(word)
			n = restN + wl
			continue
		}
		if !empty {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += wl
		empty = false
	}
	b.WriteByte('\n')
	return b.String()
}

// startsBlock reports whether word at the start of a line would make
// Markdown read a list item or a heading: "1.", "-", "+", "#".
func startsBlock(word string) bool {
	if word == "-" || word == "+" || word == "*" || strings.HasPrefix(word, "#") {
		return true
	}
	digits := strings.TrimRightFunc(word, func(r rune) bool { return r == '.' || r == ')' })
	if digits != word && digits != "" && strings.Trim(digits, "0123456789") == "" {
		return true
	}
	return false
}
