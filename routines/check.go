package routines

// This file gives advice, never errors: an OS that Check complains about
// is still valid. Each piece of advice has a stable code, points at the
// item's line, and says in one sentence what to look at and what to do.
// Items validation rejects (a bad time, an unknown theme) are left to
// validation and not advised on twice.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Codes of advice findings.
const (
	CodeBlockOverlap  = "block-overlap"
	CodeOffGrid       = "off-grid"
	CodeShortGap      = "short-gap"
	CodeOverLimit     = "over-limit"
	CodeNoTheme       = "no-theme"
	CodeIdleTheme     = "idle-theme"
	CodeNoWhy         = "no-why"
	CodeNoBreak       = "no-break"
	CodeDeferredOften = "deferred-often"
	CodePastDue       = "past-due"
	CodeSharedRank    = "shared-rank"
	CodeEnded         = "ended"
	CodeSkippedTime   = "skipped-time"
	CodeNoFormerly    = "no-formerly"
	CodeDefaults      = "defaults"
)

// DeferralsTooMany is how many times a priority may be put off before
// Check asks whether to drop it.
const DeferralsTooMany = 3

// Check looks at an OS the way a careful colleague would: overlapping or
// off-grid blocks, odd gaps, days without a break, too much in progress,
// work that serves no theme, themes nothing serves, routines without a
// why, and priorities put off too often or past due. today is the day to
// judge due dates against; the zero Date skips the checks that need it.
// The findings have SeverityAdvice and are sorted with SortFindings.
//
// An item with no id is left out: its missing id is an error, and advice
// about it could name it only as "" ("\"\" is tied to no theme").
func Check(o *OS, today Date) []Finding {
	o = withIDs(o)
	c := &checker{o: o, today: today, step: o.Grid()}
	c.settings()
	c.blocks()
	c.offGrid()
	c.limit()
	c.themes()
	c.routines()
	c.events()
	c.priorities()
	SortFindings(c.out)
	return c.out
}

// withIDs is o without its items that have no id; o itself when every
// item has one.
func withIDs(o *OS) *OS {
	if !slices.ContainsFunc(o.Themes, func(t Theme) bool { return t.ID == "" }) &&
		!slices.ContainsFunc(o.Routines, func(r Routine) bool { return r.ID == "" }) &&
		!slices.ContainsFunc(o.Priorities, func(p Priority) bool { return p.ID == "" }) &&
		!slices.ContainsFunc(o.Blocks, func(b Block) bool { return b.ID == "" }) &&
		!slices.ContainsFunc(o.Events, func(e Event) bool { return e.ID == "" }) {
		return o
	}
	c := *o
	c.Themes = slices.DeleteFunc(slices.Clone(o.Themes), func(t Theme) bool { return t.ID == "" })
	c.Routines = slices.DeleteFunc(slices.Clone(o.Routines), func(r Routine) bool { return r.ID == "" })
	c.Priorities = slices.DeleteFunc(slices.Clone(o.Priorities), func(p Priority) bool { return p.ID == "" })
	c.Blocks = slices.DeleteFunc(slices.Clone(o.Blocks), func(b Block) bool { return b.ID == "" })
	c.Events = slices.DeleteFunc(slices.Clone(o.Events), func(e Event) bool { return e.ID == "" })
	return &c
}

type checker struct {
	o     *OS
	today Date
	step  time.Duration // the calendar grid
	out   []Finding
}

// advise adds a finding about it, at key's line when the key is set and
// otherwise at the item's table, column 1, as KeyPos gives a key that is
// not there: advice about a whole item (an idle theme) reads
// "themes.toml:26:1:" as advice about a missing key does.
func (c *checker) advise(it Item, key, code, format string, args ...any) {
	m := it.ItemMeta()
	p := m.KeyPos(key)
	if p.Line == 0 {
		p.Col = 0
	}
	file := m.File
	if file == "" {
		file = it.ItemKind().File()
	}
	c.out = append(c.out, Finding{Code: code, Severity: SeverityAdvice, File: file, Line: p.Line, Col: p.Col,
		Kind: it.ItemKind(), ID: it.ItemID(), Message: fmt.Sprintf(format, args...)})
}

// placed is a block with a valid span.
type placed struct {
	b          *Block
	start, end Clock
	days       []time.Weekday // in week order, Monday first
}

// placedBlocks lists the blocks with valid times, in file order.
func (c *checker) placedBlocks() []placed {
	var out []placed
	for i := range c.o.Blocks {
		b := &c.o.Blocks[i]
		start, end, ok := blockSpan(b)
		if !ok {
			continue
		}
		p := placed{b: b, start: start, end: end}
		for _, wd := range weekOrder {
			if onWeekday(b.Days, wd) {
				p.days = append(p.days, wd)
			}
		}
		out = append(out, p)
	}
	return out
}

func dayNames(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, wd := range days {
		names[i] = WeekdayName(wd)
	}
	return strings.Join(names, ", ")
}

// blocks checks the weekly template day by day: overlaps, gaps shorter
// than the grid, and days without a break.
func (c *checker) blocks() {
	bs := c.placedBlocks()
	// Overlaps: a block's times are the same on each of its days, so a
	// pair overlaps in the same window on every day they share. Each block
	// names the first earlier block it overlaps and counts the others, so
	// that a calendar of many overlapping blocks gives one finding per
	// block, not one per pair.
	days := make([]uint8, len(bs))
	for i, p := range bs {
		for _, wd := range p.days {
			days[i] |= 1 << wd
		}
	}
	for j := range bs {
		first, more := -1, 0
		for i := range j {
			a, b := bs[i], bs[j]
			if max(a.start, b.start) >= min(a.end, b.end) || days[i]&days[j] == 0 {
				continue
			}
			if first < 0 {
				first = i
			} else {
				more++
			}
		}
		if first < 0 {
			continue
		}
		a, b := bs[first], bs[j]
		from, to := max(a.start, b.start), min(a.end, b.end)
		others := ""
		if more > 0 {
			others = fmt.Sprintf(" (and %d more)", more)
		}
		c.advise(b.b, "start", CodeBlockOverlap, "%q overlaps %q on %s %s–%s%s", b.b.ID, a.b.ID, dayNames(sharedDays(a.days, b.days)), from, to, others)
	}
	// Short gaps, by day, grouped into one finding per pair of blocks.
	type pair struct {
		a, b *Block
		gap  Clock
	}
	var pairs []pair
	gapDays := map[pair][]time.Weekday{}
	var noBreak []time.Weekday
	var firstNoBreak *Block
	for _, wd := range weekOrder {
		var day []placed
		for _, p := range bs {
			if slices.Contains(p.days, wd) {
				day = append(day, p)
			}
		}
		if len(day) == 0 {
			continue
		}
		if !slices.ContainsFunc(day, func(p placed) bool { return p.b.Kind == BlockBreak }) {
			noBreak = append(noBreak, wd)
			if firstNoBreak == nil || c.blockIndex(day[0].b) < c.blockIndex(firstNoBreak) {
				firstNoBreak = day[0].b
			}
		}
		slices.SortStableFunc(day, func(x, y placed) int { return cmp.Compare(x.start, y.start) })
		last := day[0]
		for _, p := range day[1:] {
			if gap := p.start - last.end; gap > 0 && time.Duration(gap)*time.Minute < c.step {
				k := pair{last.b, p.b, gap}
				if _, seen := gapDays[k]; !seen {
					pairs = append(pairs, k)
				}
				gapDays[k] = append(gapDays[k], wd)
			}
			if p.end > last.end {
				last = p
			}
		}
	}
	for _, k := range pairs {
		c.advise(k.b, "start", CodeShortGap, "only %s between %q and %q on %s: join them or leave a whole slot",
			formatMinutes(int(k.gap)), k.a.ID, k.b.ID, dayNames(gapDays[k]))
	}
	if len(noBreak) > 0 {
		c.advise(firstNoBreak, "", CodeNoBreak, "no break on %s: add a block of kind \"break\" (lunch, a walk) between the work",
			dayNames(noBreak))
	}
}

// blockIndex is b's position in the calendar file.
func (c *checker) blockIndex(b *Block) int {
	for i := range c.o.Blocks {
		if &c.o.Blocks[i] == b {
			return i
		}
	}
	return -1
}

func sharedDays(a, b []time.Weekday) []time.Weekday {
	var out []time.Weekday
	for _, wd := range a {
		if slices.Contains(b, wd) {
			out = append(out, wd)
		}
	}
	return out
}

// offGrid checks that blocks and timed events start and end on the grid:
// the blocks, and the events from today on (a past one cannot be moved).
func (c *checker) offGrid() {
	g := Clock(c.step / time.Minute)
	if g <= 0 {
		return
	}
	check := func(it Item, start, end Clock) {
		offStart, offEnd := start%g != 0, end%g != 0
		grid := formatMinutes(int(g))
		switch {
		case offStart && offEnd:
			c.advise(it, "start", CodeOffGrid, "%q starts at %s and ends at %s, off the %s grid: start it at %s or %s and end it at %s or %s",
				it.ItemID(), start, end, grid, start/g*g, start/g*g+g, end/g*g, end/g*g+g)
		case offStart:
			c.advise(it, "start", CodeOffGrid, "%q starts at %s, off the %s grid: move it to %s or %s", it.ItemID(), start, grid, start/g*g, start/g*g+g)
		case offEnd:
			c.advise(it, "end", CodeOffGrid, "%q ends at %s, off the %s grid: move it to %s or %s", it.ItemID(), end, grid, end/g*g, end/g*g+g)
		}
	}
	for i := range c.o.Blocks {
		b := &c.o.Blocks[i]
		if start, end, ok := blockSpan(b); ok {
			check(b, start, end)
		}
	}
	for i := range c.o.Events {
		e := &c.o.Events[i]
		if !c.today.IsZero() && e.Date.Before(c.today) {
			// It happened: there is nothing left to move.
			continue
		}
		if start, end, timed, ok := eventSpan(e); ok && timed {
			check(e, start, end)
		}
	}
}

// formatMinutes writes a number of minutes the way durations are written
// in the OS files: 5m, 1h, 1h30m.
func formatMinutes(m int) string {
	h, mm := m/60, m%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", mm)
	case mm == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%dm", h, mm)
}

// settings checks for an os.toml that names no timezone, and so leaves
// the day to UTC, without a word: an emptied os.toml is a valid one.
// The other settings left to their defaults are named with it. An OS
// whose settings were not read from os.toml (made in code) is left be.
func (c *checker) settings() {
	s := c.o.Settings
	if s.Meta.File != FileOS || s.Timezone != "" {
		return
	}
	unset := []string{"no timezone (days begin and end in UTC)"}
	// The zone is the person's: named as a place to fill in, never one
	// that a pasted command would set for them.
	set := []string{"timezone=Area/City"}
	if strings.TrimSpace(s.Name) == "" {
		unset = append(unset, "no name")
		set = append(set, "name=MyOS")
	}
	if s.Calendar.Grid == "" {
		unset = append(unset, fmt.Sprintf("no calendar grid (%s is used)", formatMinutes(int(DefaultGrid/time.Minute))))
		set = append(set, "calendar.grid=15m")
	}
	c.out = append(c.out, Finding{Code: CodeDefaults, Severity: SeverityAdvice, File: FileOS,
		Message: fmt.Sprintf("%s: set yours with `myos set os %s`, Area/City your timezone's name, like Europe/Helsinki", strings.Join(unset, ", "), strings.Join(set, " "))})
}

// limit checks the number of priorities in doing.
func (c *checker) limit() {
	limit := c.o.Settings.Priorities.Limit
	doing := c.o.doing()
	if limit <= 0 || len(doing) <= limit {
		return
	}
	ids := make([]string, len(doing))
	for i, p := range doing {
		ids[i] = fmt.Sprintf("%q", p.ID)
	}
	c.advise(doing[limit], "status", CodeOverLimit, "%d priorities in doing, over the limit of %d: %s; finish one, or move it back to next",
		len(doing), limit, strings.Join(ids, ", "))
}

// themes checks that work serves an active theme and that every active
// theme is served.
func (c *checker) themes() {
	noTheme := func(it Item, ref string) {
		if ref == "" {
			c.advise(it, "theme", CodeNoTheme, "%q is tied to no theme: does it contribute to the whole? link it to a theme or drop it", it.ItemID())
			return
		}
		t := c.o.Theme(ref)
		if t == nil || themeActive(t.Status) {
			return // an unknown theme is a validation error
		}
		c.advise(it, "theme", CodeNoTheme, "%q is tied to theme %q, which is %s: does it contribute to the whole? link it to an active theme or drop it",
			it.ItemID(), ref, t.Status)
	}
	served := map[string]bool{}
	for i := range c.o.Priorities {
		p := &c.o.Priorities[i]
		if priorityOpen(p.Status) {
			noTheme(p, p.Theme)
		}
		if s := priorityStatus(p.Status); s == PriorityDoing || s == PriorityNext {
			served[p.Theme] = true
		}
	}
	for i := range c.o.Blocks {
		b := &c.o.Blocks[i]
		// A break serves the person, not a narrative.
		if b.Kind != BlockBreak {
			noTheme(b, b.Theme)
		}
		served[b.Theme] = true
	}
	for i := range c.o.Routines {
		if r := &c.o.Routines[i]; routinePlanned(r.Status) {
			served[r.Theme] = true
		}
	}
	for i := range c.o.Events {
		if e := &c.o.Events[i]; c.today.IsZero() || !e.Date.Before(c.today) {
			served[e.Theme] = true
		}
	}
	for i := range c.o.Themes {
		t := &c.o.Themes[i]
		if themeActive(t.Status) && !served[t.ID] {
			c.advise(t, "", CodeIdleTheme, "theme %q is active but nothing serves it: give it a routine, a priority or time on the calendar, or pause it", t.ID)
		}
	}
}

// routines checks that every routine lived or wanted says why, and that
// its cadence still comes round: a rule whose UNTIL or COUNT has run out
// (or ran out before its since date) leaves a routine that is never due,
// never asked about and never counted.
func (c *checker) routines() {
	for i := range c.o.Routines {
		r := &c.o.Routines[i]
		if !routinePlanned(r.Status) {
			continue
		}
		if strings.TrimSpace(r.Why) == "" {
			c.advise(r, "why", CodeNoWhy, "routine %q has no why: write down what it is for, or retire it", r.ID)
		}
		cad := cadenceOf(r.Cadence)
		if c.today.IsZero() || !cad.IsRule() {
			continue
		}
		anchor := r.Anchor()
		if _, ok := cad.Next(anchor, anchor); !ok {
			c.advise(r, "cadence", CodeEnded, "routine %q is never due: its cadence ends before it begins (%s): give it a cadence that comes round, or retire it", r.ID, anchor)
		} else if _, ok := cad.Next(c.today, anchor); !ok {
			last, _ := cad.Last(anchor)
			c.advise(r, "cadence", CodeEnded, "routine %q is not due again: its cadence ended on %s: give it a cadence that goes on, or retire it", r.ID, last)
		}
	}
}

// events checks dated events, today's and later ones, against the OS's
// zone: a start or end at a time the clocks skip that night (02:30 on
// the night they go from 02:00 to 03:00) is not a time the person will
// live, and calendars show it at the moment the clocks jump, as the plan
// counts it; without a word, the day's plan still shows 02:30.
func (c *checker) events() {
	loc := c.o.Location()
	for i := range c.o.Events {
		e := &c.o.Events[i]
		start, end, timed, ok := eventSpan(e)
		if !ok || !timed || (!c.today.IsZero() && e.Date.Before(c.today)) {
			continue
		}
		for _, at := range []struct {
			key, verb string
			clock     Clock
		}{{"start", "starts", start}, {"end", "ends", end}} {
			if at.key == "end" && e.End == "" || at.clock >= 24*60 {
				continue
			}
			jump := e.Date.At(at.clock, loc)
			if ClockOf(jump) == at.clock {
				continue
			}
			// The skipped span ends where the clocks jump to, and
			// begins where they jumped from: 24:00 is midnight here.
			from := (ClockOf(jump.Add(-time.Minute)) + 1) % (24 * 60)
			c.advise(e, at.key, CodeSkippedTime, "event %q %s at %s on %s, a time the clocks skip in %s: calendars show it at %s; move it out of %s–%s",
				e.ID, at.verb, at.clock, e.Date, loc, ClockOf(jump), from, ClockOf(jump))
			break
		}
	}
}

// priorities checks open priorities for being put off too often, being
// past their due date, or sharing a rank with another: two firsts leave
// the order to the file's.
func (c *checker) priorities() {
	ranked := map[int]*Priority{}
	for i := range c.o.Priorities {
		p := &c.o.Priorities[i]
		if !priorityOpen(p.Status) {
			continue
		}
		if p.Rank > 0 {
			if first, ok := ranked[p.Rank]; ok {
				c.advise(p, "rank", CodeSharedRank, "%q has rank %d, as %q has: give each its own rank", p.ID, p.Rank, first.ID)
			} else {
				ranked[p.Rank] = p
			}
		}
		if p.Deferrals >= DeferralsTooMany {
			why := ""
			if p.DeferReason != "" {
				why = fmt.Sprintf(", last because %q", p.DeferReason)
			}
			c.advise(p, "deferrals", CodeDeferredOften, "%q was put off %d times%s: drop it?", p.ID, p.Deferrals, why)
		}
		if !c.today.IsZero() && p.Due != nil && p.Due.Before(c.today) {
			n := p.Due.DaysUntil(c.today)
			ago := fmt.Sprintf("%d days ago", n)
			if n == 1 {
				ago = "yesterday"
			}
			c.advise(p, "due", CodePastDue, "%q was due %s, %s: finish it, move the date or drop it", p.ID, p.Due, ago)
		}
	}
}

// priorityStatus is a priority's status with the default filled in.
func priorityStatus(s string) string {
	if s == "" {
		return PriorityNext
	}
	return s
}

// priorityOpen reports whether a priority with status s is still to do:
// doing, next (the default) or later.
func priorityOpen(s string) bool {
	switch priorityStatus(s) {
	case PriorityDoing, PriorityNext, PriorityLater:
		return true
	}
	return false
}

// themeActive reports whether a theme with status s is active, the default.
func themeActive(s string) bool { return s == "" || s == ThemeActive }
