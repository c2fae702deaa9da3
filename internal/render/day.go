package render

// The day view is an agenda: what the day is for (its themes), what is on
// the calendar with the free time between, the routines due and why, the
// work in progress and what comes next, and what was put off on purpose.
// Day is also the JSON of `myos today --json`, so the text and the JSON
// can never disagree about what is on the day.

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/fatih/color"

	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

// Day is one day as `myos today` shows it. Its JSON is the contract of
// `myos today --json`: field names are the TOML keys.
type Day struct {
	Date       routines.Date  `json:"date"`
	Weekday    string         `json:"weekday"`
	Themes     []DayTheme     `json:"themes"`
	Blocks     []DayBlock     `json:"blocks"`
	Routines   []DayRoutine   `json:"routines"`
	Priorities []DayPriority  `json:"priorities"`
	Events     []DayEvent     `json:"events"`
	Free       []Free         `json:"free"`
	LastReview *routines.Date `json:"last_review"`

	// PutOff are the priorities deferred past the day, soonest back first;
	// they are left out of Priorities.
	PutOff []PutOff `json:"put_off"`
	// Limit is how many priorities may be in doing at once; 0 is no limit.
	Limit int `json:"-"`
	// Today is the real date, which may differ from Date: how long ago the
	// last review was is counted from it.
	Today routines.Date `json:"-"`

	slots []routines.Slot // the day's blocks and events, in time order
	gaps  []routines.Gap  // the free time between them
}

// DayTheme is a theme the day serves.
type DayTheme struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Narrative string `json:"narrative"`
}

// DayBlock is a block of the weekly template on the day.
type DayBlock struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Start string `json:"start"`
	End   string `json:"end"`
	Theme string `json:"theme"`
	Kind  string `json:"kind"`
}

// DayRoutine is a routine due on the day: active, or an aspiration.
type DayRoutine struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Cadence  string `json:"cadence"`
	At       string `json:"at"`
	Duration string `json:"duration"`
	Why      string `json:"why"`
	Theme    string `json:"theme"`
	Status   string `json:"status"`
}

// DayPriority is a priority in doing or next.
type DayPriority struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`
	Theme  string         `json:"theme"`
	Status string         `json:"status"`
	Rank   int            `json:"rank"`
	Due    *routines.Date `json:"due"`
	// Started is when work in progress began (null when it has not);
	// Deferrals how often it was put off; Notes what the person wrote.
	Started   *routines.Date `json:"started"`
	Deferrals int            `json:"deferrals"`
	Notes     string         `json:"notes"`
}

// DayEvent is a dated event on the day; Start and End are empty for an
// all-day event.
type DayEvent struct {
	ID    string        `json:"id"`
	Title string        `json:"title"`
	Date  routines.Date `json:"date"`
	Start string        `json:"start"`
	End   string        `json:"end"`
	Theme string        `json:"theme"`
}

// Free is free time between the day's blocks and events.
type Free struct {
	Start   string `json:"start"`
	End     string `json:"end"`
	Minutes int    `json:"minutes"`
}

// PutOff is a priority deferred on purpose past the day.
type PutOff struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	Theme     string        `json:"theme"`
	Status    string        `json:"status"`
	Rank      int           `json:"rank"`
	Until     routines.Date `json:"deferred_until"`
	Reason    string        `json:"defer_reason"`
	Deferrals int           `json:"deferrals"`
}

// NewDay gathers what `myos today` shows of plan p, a plan of o. today is
// the real date and lastReview the date of the newest review record (nil
// when there is none).
func NewDay(o *routines.OS, p routines.DayPlan, today routines.Date, lastReview *routines.Date) Day {
	d := Day{
		Date: p.Date, Weekday: p.Weekday, LastReview: lastReview, Today: today,
		Limit:  o.Settings.Priorities.Limit,
		Themes: []DayTheme{}, Blocks: []DayBlock{}, Routines: []DayRoutine{},
		Priorities: []DayPriority{}, Events: []DayEvent{}, Free: []Free{}, PutOff: []PutOff{},
	}
	for _, id := range p.Themes {
		t := DayTheme{ID: id, Title: id}
		if th := o.Theme(id); th != nil {
			t.Title, t.Narrative = th.Title, th.Narrative
		}
		d.Themes = append(d.Themes, t)
	}
	for _, s := range p.Slots {
		switch s.Kind {
		case routines.KindBlock:
			d.Blocks = append(d.Blocks, DayBlock{ID: s.ID, Title: s.Title, Start: s.Start.String(), End: s.End.String(), Theme: s.Theme, Kind: s.BlockKind})
		case routines.KindEvent:
			e := DayEvent{ID: s.ID, Title: s.Title, Date: p.Date, Theme: s.Theme}
			if !s.AllDay {
				e.Start, e.End = s.Start.String(), s.End.String()
			}
			d.Events = append(d.Events, e)
		default:
			continue
		}
		d.slots = append(d.slots, s)
	}
	for _, s := range p.Routines {
		r := DayRoutine{ID: s.ID, Title: s.Title, Why: s.Why, Theme: s.Theme, Status: s.Status}
		if it, ok := o.Find(routines.KindRoutine, s.ID).(*routines.Routine); ok {
			r.Cadence, r.At, r.Duration = it.Cadence, it.At, it.Duration
		}
		d.Routines = append(d.Routines, r)
	}
	d.gaps = p.Free
	for _, g := range p.Free {
		d.Free = append(d.Free, Free{Start: g.Start.String(), End: g.End.String(), Minutes: g.Minutes})
	}
	var off []PutOff
	d.Priorities, off = dayPriorities(o, p.Date)
	d.PutOff = append(d.PutOff, off...)
	return d
}

// dayPriorities lists the priorities in doing, then next, by rank; those
// of next and later deferred past day go to the put-off list instead.
func dayPriorities(o *routines.OS, day routines.Date) ([]DayPriority, []PutOff) {
	var doing, next []DayPriority
	var off []PutOff
	for _, p := range o.Priorities {
		switch p.Status {
		case routines.PriorityDoing, routines.PriorityNext, routines.PriorityLater:
		default:
			continue
		}
		// A priority in doing is in progress, as the limit counts it,
		// even when a hand edit left a deferral on it.
		if p.Status != routines.PriorityDoing && p.DeferredUntil != nil && p.DeferredUntil.After(day) {
			off = append(off, PutOff{ID: p.ID, Title: p.Title, Theme: p.Theme, Status: p.Status, Rank: p.Rank,
				Until: *p.DeferredUntil, Reason: p.DeferReason, Deferrals: p.Deferrals})
			continue
		}
		dp := DayPriority{ID: p.ID, Title: p.Title, Theme: p.Theme, Status: p.Status, Rank: p.Rank, Due: p.Due,
			Started: p.Started, Deferrals: p.Deferrals, Notes: p.Notes}
		switch p.Status {
		case routines.PriorityDoing:
			doing = append(doing, dp)
		case routines.PriorityNext:
			next = append(next, dp)
		}
	}
	byRank := func(a, b DayPriority) int { return compareRank(a.Rank, b.Rank) }
	slices.SortStableFunc(doing, byRank)
	slices.SortStableFunc(next, byRank)
	slices.SortStableFunc(off, func(a, b PutOff) int {
		return cmp.Or(a.Until.Compare(b.Until), compareRank(a.Rank, b.Rank))
	})
	return append(append([]DayPriority{}, doing...), next...), off
}

// compareRank orders ranks 1, 2, 3, ... with 0 (unranked) last.
func compareRank(a, b int) int {
	if (a == 0) != (b == 0) {
		if a == 0 {
			return 1
		}
		return -1
	}
	return cmp.Compare(a, b)
}

// reviewOverdue is how many days without a review make the day view ask
// for one.
const reviewOverdue = 1

// WriteDay writes the day as an agenda for people.
func WriteDay(w io.Writer, d Day, opts Options) error {
	width := opts.Width
	if width <= 0 {
		width = 80
	}
	width = max(width, 40)
	st := newStyle(opts.Color)
	var b strings.Builder

	b.WriteString(st.bold(longDate(d.Date)) + "\n")
	if len(d.Themes) > 0 {
		titles := make([]string, len(d.Themes))
		for i, t := range d.Themes {
			titles[i] = t.Title
		}
		for _, line := range textwidth.Wrap(strings.Join(titles, " · "), width-2) {
			b.WriteString(st.faint(line) + "\n")
		}
	}

	b.WriteString("\n" + st.bold("Calendar") + "\n")
	writeTimeline(&b, d, width, st)

	if len(d.Routines) > 0 {
		b.WriteString("\n" + st.bold("Routines") + "\n")
		writeRoutines(&b, d.Routines, width, st)
	}

	writePriorities(&b, d, width, st)

	if line := reviewLine(d.LastReview, d.Today); line != "" {
		b.WriteString("\n" + st.yellow(line) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTimeline lists blocks and events in time order, all-day events
// first, with the free time between them.
func writeTimeline(b *strings.Builder, d Day, width int, st style) {
	if len(d.slots) == 0 {
		b.WriteString(st.faint("  nothing on the calendar — add blocks with `myos add block`") + "\n")
		return
	}
	type row struct {
		span, title, meta string
		theme             string
		free              bool
	}
	var rows []row
	free := d.gaps
	for _, s := range d.slots {
		// A gap goes before the first slot at or after its start: a moment
		// (an event with no end) sits inside free time without ending it.
		for len(free) > 0 && !s.AllDay && free[0].Start <= s.Start {
			g := free[0]
			rows = append(rows, row{span: g.Start.String() + "–" + g.End.String(), title: "free " + fmtMinutes(g.Minutes), free: true})
			free = free[1:]
		}
		r := row{span: s.Start.String() + "–" + s.End.String(), title: s.Title, theme: s.Theme}
		meta := []string{}
		switch {
		case s.Kind == routines.KindEvent:
			meta = append(meta, "event")
			if s.AllDay {
				r.span = "all day"
			} else if s.Start == s.End {
				r.span = s.Start.String()
			}
		case s.BlockKind != "":
			meta = append(meta, s.BlockKind)
		}
		if s.Theme != "" {
			meta = append(meta, s.Theme)
		}
		r.meta = strings.Join(meta, " · ")
		rows = append(rows, r)
	}
	spanW, titleW, metaW := 0, 0, 0
	for _, r := range rows {
		spanW = max(spanW, textwidth.Width(r.span))
		if !r.free {
			titleW = max(titleW, textwidth.Width(r.title))
			metaW = max(metaW, textwidth.Width(r.meta))
		}
	}
	avail := width - 2 - spanW - 2
	if titleW+2+metaW > avail {
		titleW = max(avail-2-metaW, avail*3/5)
		metaW = max(avail-2-titleW, 0)
	}
	for _, r := range rows {
		line := "  " + textwidth.Pad(r.span, spanW) + "  "
		if r.free {
			b.WriteString(st.faint(strings.TrimRight(line+textwidth.Truncate(r.title, avail), " ")) + "\n")
			continue
		}
		title := textwidth.Truncate(r.title, titleW)
		line += st.theme(r.theme, title)
		if r.meta != "" && metaW > 0 {
			line += strings.Repeat(" ", titleW-textwidth.Width(title)+2) + st.faint(textwidth.Truncate(r.meta, metaW))
		}
		b.WriteString(line + "\n")
	}
}

// writeRoutines lists the routines due: time, title, how long, and why
// underneath. A routine with no time has a dot where the time goes:
// with blanks there, its title would read as the why of the one above.
func writeRoutines(b *strings.Builder, rs []DayRoutine, width int, st style) {
	for _, r := range rs {
		at := r.At
		if at == "" {
			at = "·"
		}
		line := "  " + textwidth.Pad(at, 5) + "  " + textwidth.Truncate(r.Title, width-9)
		if r.Duration != "" && textwidth.Width(line)+2+textwidth.Width(r.Duration) <= width {
			line += "  " + st.faint(r.Duration)
		}
		if r.Status == routines.RoutineAspiration {
			line += "  " + st.yellow("aspiration")
		}
		b.WriteString(line + "\n")
		if r.Why != "" {
			for _, l := range textwidth.Wrap(r.Why, width-9) {
				b.WriteString("         " + st.faint(l) + "\n")
			}
		}
	}
}

// writePriorities lists doing (against the limit), next, and what was
// put off on purpose.
func writePriorities(b *strings.Builder, d Day, width int, st style) {
	var doing, next []DayPriority
	for _, p := range d.Priorities {
		if p.Status == routines.PriorityDoing {
			doing = append(doing, p)
		} else {
			next = append(next, p)
		}
	}
	rankW, titleW := 1, 0
	for _, p := range d.Priorities {
		rankW = max(rankW, textwidth.Width(rankText(p.Rank)))
		titleW = max(titleW, textwidth.Width(p.Title))
	}
	for _, p := range d.PutOff {
		rankW = max(rankW, textwidth.Width(rankText(p.Rank)))
	}
	// Room for a due date is kept only when one is shown: otherwise a
	// narrow terminal cut titles short beside an empty column.
	avail := width - 2 - rankW - 2
	if slices.ContainsFunc(d.Priorities, func(p DayPriority) bool { return p.Due != nil }) {
		const dueW = 30 // "due 2026-12-01 (in 16 days)"
		titleW = min(titleW, max(avail-2-dueW, avail*3/5))
	} else {
		titleW = min(titleW, avail)
	}
	list := func(ps []DayPriority) {
		for _, p := range ps {
			line := "  " + textwidth.PadLeft(rankText(p.Rank), rankW) + "  "
			title := textwidth.Truncate(p.Title, titleW)
			line += st.theme(p.Theme, title)
			if p.Due != nil {
				line += strings.Repeat(" ", titleW-textwidth.Width(title)+2) + dueText(*p.Due, d.Date, st)
			}
			b.WriteString(line + "\n")
		}
	}
	if len(doing) > 0 || d.Limit > 0 {
		head := st.bold("Doing")
		if d.Limit > 0 {
			count := fmt.Sprintf("%d of %d", len(doing), d.Limit)
			if len(doing) > d.Limit {
				count = st.yellow(count)
			} else {
				count = st.faint(count)
			}
			head += "  " + count
		}
		b.WriteString("\n" + head + "\n")
		if len(doing) == 0 {
			b.WriteString(st.faint("  nothing in progress — start one with `myos set priority ID status=doing`") + "\n")
		}
		list(doing)
	}
	if len(next) > 0 {
		b.WriteString("\n" + st.bold("Next") + "\n")
		list(next)
	}
	if len(d.PutOff) > 0 {
		b.WriteString("\n" + st.bold("Put off, on purpose") + "\n")
		for _, p := range d.PutOff {
			b.WriteString("  " + textwidth.PadLeft(rankText(p.Rank), rankW) + "  " + textwidth.Truncate(p.Title, width-4-rankW) + "\n")
			note := "put off until " + p.Until.String()
			if p.Reason != "" {
				note += ": " + p.Reason
			}
			indent := strings.Repeat(" ", 4+rankW)
			for _, l := range textwidth.Wrap(note, width-4-rankW) {
				b.WriteString(indent + st.faint(l) + "\n")
			}
		}
	}
}

func rankText(rank int) string {
	if rank == 0 {
		return "·"
	}
	return fmt.Sprint(rank)
}

// dueText is "due 2026-12-18 (in 16 days)", yellow on the day and red when
// late.
func dueText(due, day routines.Date, st style) string {
	n := day.DaysUntil(due)
	s := "due " + due.String()
	switch {
	case n == 0:
		return st.yellow(s + " (today)")
	case n < 0:
		return st.red(s + " (" + plural(-n, "day") + " late)")
	case n == 1:
		return st.faint(s + " (tomorrow)")
	}
	return st.faint(s + " (in " + plural(n, "day") + ")")
}

// reviewLine asks for a review when the last one is more than
// reviewOverdue days before today; "" when it is recent enough.
func reviewLine(last *routines.Date, today routines.Date) string {
	if last == nil {
		return "no review yet — run `myos review`"
	}
	n := last.DaysUntil(today)
	if n <= reviewOverdue {
		return ""
	}
	return fmt.Sprintf("last review: %s (%s ago) — run `myos review`", last, plural(n, "day"))
}

// longDate is "Wednesday 2 December 2026".
func longDate(d routines.Date) string {
	return d.Time(time.UTC).Format("Monday 2 January 2006")
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// Minutes is a length of time the way durations are written in the OS
// and every view shows them: "45m", "2h", "1h15m".
func Minutes(m int) string { return fmtMinutes(m) }

// fmtMinutes is Minutes.
func fmtMinutes(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%dm", m)
	case m%60 == 0:
		return fmt.Sprintf("%dh", m/60)
	}
	return fmt.Sprintf("%dh%dm", m/60, m%60)
}

// style applies ANSI attributes when colour is on and returns text
// untouched otherwise.
type style struct{ on bool }

func newStyle(on bool) style { return style{on: on} }

func (st style) paint(s string, attrs ...color.Attribute) string {
	if !st.on || s == "" {
		return s
	}
	c := color.New(attrs...)
	c.EnableColor()
	return c.Sprint(s)
}

func (st style) bold(s string) string   { return st.paint(s, color.Bold) }
func (st style) faint(s string) string  { return st.paint(s, color.Faint) }
func (st style) red(s string) string    { return st.paint(s, color.FgRed) }
func (st style) yellow(s string) string { return st.paint(s, color.FgYellow) }

// theme paints s in the colour of theme id (see ThemeColorIndex); text of
// no theme stays as it is.
func (st style) theme(id, s string) string {
	if id == "" {
		return s
	}
	return st.paint(s, palette[ThemeColorIndex(id)])
}
