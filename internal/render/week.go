package render

// The week view is a timetable: times down the side, the seven days
// across, each block, event and timed routine drawn where it sits and
// coloured by its theme; then where the week's hours go, theme by theme,
// and which routines come round. Week is also the JSON of
// `myos week --json`.

import (
	"cmp"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/fatih/color"

	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

// Week is one week as `myos week` shows it. Its JSON is the contract of
// `myos week --json`: field names are the TOML keys.
type Week struct {
	Start routines.Date `json:"start"`
	End   routines.Date `json:"end"`
	Days  []WeekDay     `json:"days"`
	// ThemeMinutes is the planned minutes per theme id; time that serves
	// no theme is left out.
	ThemeMinutes map[string]int `json:"theme_minutes"`

	os   *routines.OS
	plan routines.WeekPlan
}

// WeekDay is one day of a Week.
type WeekDay struct {
	Date     routines.Date `json:"date"`
	Weekday  string        `json:"weekday"`
	Blocks   []DayBlock    `json:"blocks"`
	Events   []DayEvent    `json:"events"`
	Routines []DayRoutine  `json:"routines"`
	Free     []Free        `json:"free"`
}

// NewWeek gathers what `myos week` shows of plan p, a plan of o.
func NewWeek(o *routines.OS, p routines.WeekPlan) Week {
	w := Week{Start: p.Start, End: p.Start.AddDays(len(p.Days) - 1), Days: []WeekDay{}, ThemeMinutes: map[string]int{}, os: o, plan: p}
	for _, dp := range p.Days {
		d := NewDay(o, dp, routines.Date{}, nil)
		w.Days = append(w.Days, WeekDay{Date: d.Date, Weekday: d.Weekday, Blocks: d.Blocks, Events: d.Events, Routines: d.Routines, Free: d.Free})
	}
	for id, m := range p.ThemeMinutes {
		if id != "" {
			w.ThemeMinutes[id] = m
		}
	}
	return w
}

// maxRows is how tall the grid may be before its rows get longer than the
// calendar grid.
const maxRows = 40

// rowSteps are the row lengths, in minutes, the grid falls back to when
// the calendar grid would make it too tall.
var rowSteps = []int{30, 60, 120, 180, 240, 360}

// gridWidth is the narrowest terminal the week is drawn on as a
// timetable; on a narrower one, its days are listed one under another.
const gridWidth = 80

// WriteWeek writes the week as a timetable (or, on a terminal narrower
// than gridWidth, day by day), then the hours per theme and the routines
// of the week.
func WriteWeek(w io.Writer, wk Week, opts Options) error {
	width := opts.Width
	if width <= 0 {
		width = gridWidth
	}
	width = max(width, 40)
	st := newStyle(opts.Color)
	var b strings.Builder
	b.WriteString(st.bold(weekRange(wk.Start, wk.End)) + "\n\n")
	draw := writeGrid
	if width < gridWidth {
		draw = writeDays
	}
	if !draw(&b, wk, width, st) {
		b.WriteString("nothing planned this week — add blocks with `myos add block`\n")
	}
	writeThemeHours(&b, wk, width, st)
	writeWeekRoutines(&b, wk, width, st)
	_, err := io.WriteString(w, b.String())
	return err
}

// weekRange is "29 Nov – 5 Dec 2026", or with both years when they differ.
func weekRange(start, end routines.Date) string {
	s, e := start.Time(time.UTC), end.Time(time.UTC)
	if start.Year != end.Year {
		return s.Format("2 Jan 2006") + " – " + e.Format("2 Jan 2006")
	}
	return s.Format("2 Jan") + " – " + e.Format("2 Jan 2006")
}

// cell is what one day shows in one row of the grid.
type cell struct {
	slot  int  // index into the day's timed slots; -1 when free
	title bool // the slot's title rather than fill
	more  int  // slots starting in the row that get no title anywhere
}

// gridSpan is the earliest start and latest end of the week's timed
// slots; ok is false when there are none.
func gridSpan(days [][]routines.Slot) (lo, hi int, ok bool) {
	lo, hi = 24*60, 0
	for _, slots := range days {
		for _, s := range slots {
			lo = min(lo, int(s.Start))
			hi = max(hi, int(s.End), int(s.Start)+1)
			ok = true
		}
	}
	return lo, min(hi, 24*60), ok
}

// rowStep is the length of a row: the calendar grid, unless that makes
// more than maxRows rows from lo to hi.
func rowStep(grid, lo, hi int) int {
	rows := func(step int) int { return (hi+step-1)/step - lo/step }
	if grid > 0 && rows(grid) <= maxRows {
		return grid
	}
	for _, s := range rowSteps {
		if s >= grid && rows(s) <= maxRows {
			return s
		}
	}
	return rowSteps[len(rowSteps)-1]
}

// overlap is how many minutes slot s has in [t0, t1); a moment in it
// counts as present.
func overlap(s routines.Slot, t0, t1 int) (minutes int, in bool) {
	start, end := int(s.Start), int(s.End)
	if start == end {
		return 0, start >= t0 && start < t1
	}
	m := min(end, t1) - max(start, t0)
	return max(m, 0), m > 0
}

// dayCells decides what each row shows for one day: a slot starting in
// the row gets its title there; otherwise a slot that has not shown its
// title yet gets it; otherwise the slot taking most of the row fills it.
func dayCells(slots []routines.Slot, first, step, rows int) []cell {
	cells := make([]cell, rows)
	titled := make([]bool, len(slots))
	starts := func(s routines.Slot, t0, t1 int) bool { return int(s.Start) >= t0 && int(s.Start) < t1 }
	for r := range cells {
		t0, t1 := first+r*step, first+(r+1)*step
		pick := -1
		for i, s := range slots {
			if starts(s, t0, t1) {
				pick = i
				break
			}
		}
		if pick < 0 {
			for i, s := range slots {
				if _, in := overlap(s, t0, t1); in && !titled[i] {
					pick = i
					break
				}
			}
		}
		if pick < 0 {
			best := 0
			for i, s := range slots {
				if m, _ := overlap(s, t0, t1); m > best {
					best, pick = m, i
				}
			}
		}
		cells[r] = cell{slot: pick}
		if pick >= 0 {
			cells[r].title = !titled[pick]
			titled[pick] = true
		}
	}
	for r := range cells {
		t0, t1 := first+r*step, first+(r+1)*step
		for i, s := range slots {
			if starts(s, t0, t1) && !titled[i] {
				cells[r].more++
			}
		}
	}
	return cells
}

// fill is what a slot's rows after its title show.
const fill = "░"

// writeGrid draws the timetable; false when the week has nothing on it.
func writeGrid(b *strings.Builder, wk Week, width int, st style) bool {
	const labelW = 5
	colW := min((width-labelW)/7-1, 28)
	timed := make([][]routines.Slot, len(wk.plan.Days))
	allDay := make([][]routines.Slot, len(wk.plan.Days))
	anyAllDay := false
	for i, d := range wk.plan.Days {
		for _, s := range d.Slots {
			switch {
			case s.AllDay:
				allDay[i] = append(allDay[i], s)
				anyAllDay = true
			case s.Timed():
				timed[i] = append(timed[i], s)
			}
		}
	}
	lo, hi, ok := gridSpan(timed)
	if !ok && !anyAllDay {
		return false
	}

	head := strings.Repeat(" ", labelW)
	for _, d := range wk.plan.Days {
		t := d.Date.Time(time.UTC)
		label := t.Format("Mon 2")
		if colW >= 10 {
			label = t.Format("Mon 2 Jan")
		}
		head += " " + st.bold(textwidth.Pad(label, colW))
	}
	b.WriteString(strings.TrimRight(head, " ") + "\n")

	cellText := func(s routines.Slot, title bool, more int) string {
		if !title {
			return st.theme(s.Theme, strings.Repeat(fill, colW))
		}
		suffix := ""
		if more > 0 {
			suffix = fmt.Sprintf(" +%d", more)
		}
		text := textwidth.Truncate(s.Title, colW-textwidth.Width(suffix)) + suffix
		return st.theme(s.Theme, text) + strings.Repeat(" ", colW-textwidth.Width(text))
	}
	if anyAllDay {
		line := textwidth.Pad("all", labelW)
		for _, slots := range allDay {
			line += " "
			if len(slots) == 0 {
				line += strings.Repeat(" ", colW)
				continue
			}
			line += cellText(slots[0], true, len(slots)-1)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if !ok {
		return true
	}

	step := rowStep(int(wk.os.Grid()/time.Minute), lo, hi)
	first := lo / step * step
	rows := (hi+step-1)/step - lo/step
	cells := make([][]cell, len(timed))
	for i, slots := range timed {
		cells[i] = dayCells(slots, first, step, rows)
	}
	for r := range rows {
		t := first + r*step
		label := routines.Clock(t).String()
		if t%60 != 0 {
			label = st.faint(label)
		}
		line := label
		for i := range timed {
			line += " "
			c := cells[i][r]
			if c.slot < 0 {
				line += strings.Repeat(" ", colW)
				continue
			}
			line += cellText(timed[i][c.slot], c.title, c.more)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return true
}

// writeDays lists the week day by day, each day's blocks, events and
// routines in time order, for a terminal too narrow for the timetable. It
// reports whether anything is planned.
func writeDays(b *strings.Builder, wk Week, width int, st style) bool {
	const whenW = 11 // "09:00–10:30"
	planned := false
	for _, d := range wk.plan.Days {
		var lines []string
		for _, s := range d.Slots {
			when := "all day"
			switch {
			case s.AllDay:
			case s.Timed():
				when = s.Start.String() + "–" + s.End.String()
			default:
				continue
			}
			title := textwidth.Truncate(s.Title, width-2-whenW-2)
			lines = append(lines, "  "+st.faint(textwidth.Pad(when, whenW))+"  "+st.theme(s.Theme, title))
		}
		if len(lines) == 0 {
			continue
		}
		if planned {
			b.WriteString("\n")
		}
		planned = true
		b.WriteString(st.bold(d.Date.Time(time.UTC).Format("Monday 2 January")) + "\n")
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	return planned
}

// writeThemeHours shows where the week's planned hours go, most first,
// with the active themes nothing is planned for at the end.
func writeThemeHours(b *strings.Builder, wk Week, width int, st style) {
	minutes := maps.Clone(wk.plan.ThemeMinutes)
	if minutes == nil {
		minutes = map[string]int{}
	}
	for _, t := range wk.os.Themes {
		if _, ok := minutes[t.ID]; !ok && (t.Status == "" || t.Status == routines.ThemeActive) {
			minutes[t.ID] = 0
		}
	}
	for id, m := range minutes {
		if m <= 0 && id == "" {
			delete(minutes, id)
		}
	}
	if len(minutes) == 0 {
		return
	}
	ids := slices.Collect(maps.Keys(minutes))
	slices.SortFunc(ids, func(a, c string) int {
		return cmp.Or(cmp.Compare(minutes[c], minutes[a]), cmp.Compare(a, c))
	})
	label := func(id string) string {
		if id == "" {
			return "no theme"
		}
		return id
	}
	idW, most, total := 0, 0, 0
	for _, id := range ids {
		idW = max(idW, textwidth.Width(label(id)))
		most = max(most, minutes[id])
		total += minutes[id]
	}
	idW = min(idW, 24)
	const hoursW = 7 // "112h45m"
	barW := min(40, width-2-idW-2-hoursW-2)
	b.WriteString("\n" + st.bold("Hours per theme") + "  " + st.faint(fmtMinutes(total)+" planned") + "\n")
	for _, id := range ids {
		m := minutes[id]
		line := "  " + textwidth.Pad(label(id), idW) + "  " + textwidth.PadLeft(fmtMinutes(m), hoursW)
		if m > 0 && most > 0 {
			n := max(1, (m*barW+most/2)/most)
			line += "  " + st.theme(id, strings.Repeat("█", n))
		}
		b.WriteString(line + "\n")
	}
}

// writeWeekRoutines lists the routines that come round this week, in
// file order: title, cadence, on how many days.
func writeWeekRoutines(b *strings.Builder, wk Week, width int, st style) {
	type due struct {
		r    *routines.Routine
		days int
	}
	var list []due
	for i := range wk.os.Routines {
		r := &wk.os.Routines[i]
		n := 0
		for _, d := range wk.plan.Days {
			if slices.ContainsFunc(d.Routines, func(s routines.Slot) bool { return s.ID == r.ID }) {
				n++
			}
		}
		if n > 0 {
			list = append(list, due{r, n})
		}
	}
	if len(list) == 0 {
		return
	}
	titleW, cadW := 0, 0
	for _, d := range list {
		titleW = max(titleW, textwidth.Width(d.r.Title))
		cadW = max(cadW, textwidth.Width(d.r.Cadence))
	}
	const daysW = 6 // "7 days"
	cadW = min(cadW, 24)
	// On a terminal narrower than the timetable, the cadence makes room
	// for the title.
	showCadence := width >= gridWidth
	if !showCadence {
		cadW = -2 // and the space before it
	}
	titleW = max(min(titleW, width-2-2-cadW-2-daysW-2-len("aspiration")), 8)
	b.WriteString("\n" + st.bold("Routines this week") + "\n")
	for _, d := range list {
		line := "  " + st.theme(d.r.Theme, textwidth.Pad(d.r.Title, titleW)) + "  "
		if showCadence {
			line += st.faint(textwidth.Pad(d.r.Cadence, cadW)) + "  "
		}
		line += textwidth.PadLeft(plural(d.days, "day"), daysW)
		if d.r.Status == routines.RoutineAspiration {
			line += "  " + st.yellow("aspiration")
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
}

// PaletteSize is how many colours themes are drawn in. The terminal uses
// the ANSI colours of palette; other views can map the same indexes onto
// their own colours so that a theme looks alike everywhere.
const PaletteSize = 6

// palette is the terminal's theme colours, PaletteSize of them.
var palette = [PaletteSize]color.Attribute{color.FgCyan, color.FgMagenta, color.FgBlue, color.FgGreen, color.FgYellow, color.FgRed}

// ThemeColorIndex is which of the PaletteSize colours theme id is drawn
// in: always the same for the same id, on any machine, so a theme keeps
// its colour from one week to the next. (CRC-32 spreads the themes of the
// built-in templates over different colours; FNV does not.)
func ThemeColorIndex(id string) int {
	return int(crc32.ChecksumIEEE([]byte(id)) % PaletteSize)
}
