package render

// The week page is one self-contained HTML file: inline CSS, no scripts,
// no fonts or images to fetch, so it opens from a file on any device and
// prints as it looks. The timetable is a CSS grid, one row per step of the
// calendar grid; each block, event and timed routine is placed on its rows
// and coloured by its theme. On a narrow screen the days stack into a list,
// and on paper the timetable keeps its colours.

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/myos-dev/myos/routines"
)

// pageColors are the theme colours of the page. The first PaletteSize
// follow the terminal's palette (cyan, magenta, blue, green, yellow, red)
// so a theme looks alike in both; the rest are for OSes with more themes.
var pageColors = []string{
	"#0e7c86", // cyan
	"#a03a8c", // magenta
	"#2f5fb3", // blue
	"#2e8540", // green
	"#b7791f", // yellow
	"#c0392b", // red
	"#6b4fa3", // violet
	"#8a5a2b", // brown
	"#1f8fbf", // sky
	"#6f7d1c", // olive
	"#b0476e", // rose
	"#3f7068", // slate green
}

// noThemeColor is the colour of time that serves no theme.
const noThemeColor = "#6e6e6e"

// ThemeColors assigns each theme of o a colour of the week page, as a
// CSS hex colour. A theme takes the colour the terminal gives it (see
// ThemeColorIndex) unless a theme before it in themes.toml already has
// that colour; then it takes the next free one, so no two themes look
// alike on the page while there are colours left.
func ThemeColors(o *routines.OS) map[string]string {
	colors := map[string]string{}
	used := make([]bool, len(pageColors))
	assign := func(id string) {
		if _, ok := colors[id]; ok || id == "" {
			return
		}
		i := ThemeColorIndex(id) % len(pageColors)
		for n := 0; n < len(pageColors) && used[i]; n++ {
			i = (i + 1) % len(pageColors)
		}
		used[i] = true
		if slices.Index(used, false) < 0 {
			clear(used)
		}
		colors[id] = pageColors[i]
	}
	for _, t := range o.Themes {
		assign(t.ID)
	}
	return colors
}

// tint mixes a #rrggbb colour with white: amount 0 is white, 1 the colour.
func tint(hex string, amount float64) string {
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return "#ffffff"
	}
	mix := func(c int) int { return int(255 - (255-float64(c))*amount + 0.5) }
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(b))
}

// pageTheme is one theme in the legend: its class and name.
type pageTheme struct {
	Class string
	Name  string
}

type pageSlot struct {
	Class string
	Style template.CSS
	Time  string
	Title string
	Tip   string
	Mark  string // "↻" for a routine
	Note  string // "aspiration", "event"
}

type pageDay struct {
	Name    string // "Mon 30 Nov"
	Long    string // "Monday 30 November"
	Style   template.CSS
	AllDay  []pageSlot
	Slots   []pageSlot // in time order, for the stacked list
	Untimed []pageSlot // routines without a time
	Empty   bool
}

type pageLabel struct {
	Class string
	Text  string
	Style template.CSS
}

type pageBar struct {
	Class string
	Name  string
	Hours string
	Width template.CSS
}

type pageRoutine struct {
	Class string
	Title string
	When  string
	Days  string
	Note  string
}

type pageView struct {
	Title    string
	Heading  string
	Range    string
	Owner    string
	Zone     string
	CSS      template.CSS
	Grid     template.CSS
	Days     []pageDay
	Hours    []pageLabel
	Lines    []pageLabel
	Columns  []pageLabel
	Slots    []pageSlot
	HasAll   bool
	Legend   []pageTheme
	Bars     []pageBar
	Routines []pageRoutine
	Total    string
}

// pageHourHeight is how tall an hour of the timetable is, in rem.
const pageHourHeight = 4

// WeekHTML writes plan, a week of o, as one self-contained HTML page: the
// week as a timetable with blocks coloured by theme and a legend, timed
// routines marked at their times, all-day events above the days, and the
// hours per theme as a bar chart. It needs no network and no scripts.
func WeekHTML(w io.Writer, o *routines.OS, plan routines.WeekPlan) error {
	v := weekPage(o, plan)
	return weekTemplate().Execute(w, v)
}

func weekPage(o *routines.OS, plan routines.WeekPlan) pageView {
	colors := ThemeColors(o)
	taken := map[string]bool{}
	for _, c := range colors {
		taken[c] = true
	}
	// spare is a colour for a theme that is not in themes.toml: one no
	// other theme has, while one is left.
	spare := func(n int) string {
		for _, c := range pageColors {
			if !taken[c] {
				taken[c] = true
				return c
			}
		}
		return pageColors[n%len(pageColors)]
	}
	class := map[string]string{}
	var legendIDs []string
	var css strings.Builder
	addTheme := func(id string) string {
		if c, ok := class[id]; ok {
			return c
		}
		color := noThemeColor
		if id != "" {
			if c, ok := colors[id]; ok {
				color = c
			} else {
				color = spare(len(class))
			}
		}
		c := fmt.Sprintf("t%d", len(class))
		class[id] = c
		legendIDs = append(legendIDs, id)
		fmt.Fprintf(&css, ".%s{--c:%s;--tint:%s;--line:%s}\n", c, color, tint(color, 0.2), tint(color, 0.55))
		return c
	}
	themeName := func(id string) string {
		if id == "" {
			return "No theme"
		}
		if t := o.Theme(id); t != nil && t.Title != "" {
			return t.Title
		}
		return id
	}
	// Classes in themes.toml order first, so the legend reads like it.
	used := map[string]bool{}
	for _, d := range plan.Days {
		for _, s := range d.Slots {
			used[s.Theme] = true
		}
		for _, s := range d.Routines {
			used[s.Theme] = true
		}
	}
	for _, t := range o.Themes {
		if used[t.ID] {
			addTheme(t.ID)
		}
	}
	for _, d := range plan.Days {
		for _, s := range d.Slots {
			addTheme(s.Theme)
		}
		for _, s := range d.Routines {
			addTheme(s.Theme)
		}
	}

	v := pageView{Owner: o.Settings.Owner, Zone: o.Location().String()}
	name := strings.TrimSpace(o.Settings.Name)
	if name == "" {
		name = "My week"
	}
	v.Heading = name
	if len(plan.Days) > 0 {
		v.Range = pageRange(plan.Days[0].Date, plan.Days[len(plan.Days)-1].Date)
	}
	v.Title = name + " · " + v.Range

	// The timetable's rows: one per step, from the hour before the first
	// start to the hour after the last end.
	step := int(o.Grid() / time.Minute)
	first, last := 24*60, 0
	hasAll := false
	for _, d := range plan.Days {
		for _, s := range d.Slots {
			if s.AllDay {
				hasAll = true
				continue
			}
			first = min(first, int(s.Start))
			last = max(last, int(s.End), int(s.Start)+step)
			step = gcd(step, int(s.Start))
			step = gcd(step, int(s.End))
		}
	}
	step = max(step, 5)
	if first > last {
		first, last = 8*60, 18*60
	}
	first = first / 60 * 60
	last = min((last+59)/60*60, 24*60)
	rows := (last - first) / step
	head := 1
	if hasAll {
		head = 2
	}
	v.HasAll = hasAll
	rowOf := func(c int) int { return head + 1 + (c-first)/step }
	rowHeight := pageHourHeight * float64(step) / 60
	v.Grid = template.CSS(fmt.Sprintf("grid-template-rows:auto%s repeat(%d,%.4grem)", map[bool]string{true: " auto", false: ""}[hasAll], rows, rowHeight))
	for h := first; h < last; h += 60 {
		cls := "hour"
		if h == first {
			cls += " first"
		}
		v.Hours = append(v.Hours, pageLabel{Class: cls, Text: routines.Clock(h).String(), Style: template.CSS(fmt.Sprintf("grid-row:%d/span %d", rowOf(h), min(60, last-h)/step))})
		v.Lines = append(v.Lines, pageLabel{Style: template.CSS(fmt.Sprintf("grid-row:%d", rowOf(h)))})
	}

	for i, d := range plan.Days {
		col := i + 2
		day := pageDay{
			Name:  d.Date.Time(time.UTC).Format("Mon 2 Jan"),
			Long:  d.Date.Time(time.UTC).Format("Monday 2 January"),
			Style: template.CSS(fmt.Sprintf("grid-column:%d", col)),
		}
		v.Columns = append(v.Columns, pageLabel{Text: day.Name, Style: template.CSS(fmt.Sprintf("grid-column:%d;grid-row:%d/-1", col, head+1))})
		type placed struct {
			s           routines.Slot
			r0, r1      int
			lane, lanes int
		}
		var ps []*placed
		for _, s := range d.Slots {
			if s.AllDay {
				day.AllDay = append(day.AllDay, pageSlot{Class: "allday " + class[s.Theme], Title: s.Title, Tip: s.Title + " (all day)"})
				continue
			}
			r0 := rowOf(int(s.Start))
			r1 := head + 1 + (int(s.End)-first+step-1)/step
			if r1 <= r0 {
				r1 = r0 + 1
			}
			ps = append(ps, &placed{s: s, r0: r0, r1: r1})
		}
		// Slots that overlap share their day's width, side by side.
		slices.SortStableFunc(ps, func(a, b *placed) int { return cmp.Or(cmp.Compare(a.r0, b.r0), cmp.Compare(b.r1, a.r1)) })
		var cluster []*placed
		var laneEnds []int
		end := 0
		flush := func() {
			for _, p := range cluster {
				p.lanes = len(laneEnds)
			}
			cluster, laneEnds = nil, nil
		}
		for _, p := range ps {
			if p.r0 >= end {
				flush()
			}
			lane := slices.IndexFunc(laneEnds, func(e int) bool { return e <= p.r0 })
			if lane < 0 {
				lane = len(laneEnds)
				laneEnds = append(laneEnds, 0)
			}
			laneEnds[lane] = p.r1
			p.lane = lane
			cluster = append(cluster, p)
			end = max(end, p.r1)
		}
		flush()
		for _, p := range ps {
			slot := pageSlotOf(p.s, class[p.s.Theme], themeName(p.s.Theme))
			style := fmt.Sprintf("grid-column:%d;grid-row:%d/%d", col, p.r0, p.r1)
			if p.lanes > 1 {
				style += fmt.Sprintf(";margin-left:%.4g%%;width:%.4g%%", 100*float64(p.lane)/float64(p.lanes), 100/float64(p.lanes))
			}
			if p.r1-p.r0 <= 1 {
				slot.Class += " short"
			}
			slot.Style = template.CSS(style)
			v.Slots = append(v.Slots, slot)
			day.Slots = append(day.Slots, slot)
		}
		for _, r := range d.Routines {
			if !r.Timed() {
				s := pageSlotOf(r, class[r.Theme], themeName(r.Theme))
				s.Time = ""
				day.Untimed = append(day.Untimed, s)
			}
		}
		day.Empty = len(day.AllDay)+len(day.Slots)+len(day.Untimed) == 0
		v.Days = append(v.Days, day)
	}

	for _, id := range legendIDs {
		v.Legend = append(v.Legend, pageTheme{Class: class[id], Name: themeName(id)})
	}

	// Hours per theme: the real minutes of every timed slot, as the plan
	// counts them, most first.
	minutes := plan.ThemeMinutes
	ids := slices.Clone(legendIDs)
	ids = slices.DeleteFunc(ids, func(id string) bool { return minutes[id] == 0 })
	slices.SortStableFunc(ids, func(a, b string) int { return cmp.Compare(minutes[b], minutes[a]) })
	most, total := 0, 0
	for _, id := range ids {
		most = max(most, minutes[id])
		total += minutes[id]
	}
	for _, id := range ids {
		v.Bars = append(v.Bars, pageBar{Class: class[id], Name: themeName(id), Hours: fmtMinutes(minutes[id]),
			Width: template.CSS(fmt.Sprintf("width:%.4g%%", 100*float64(minutes[id])/float64(most)))})
	}
	v.Total = fmtMinutes(total)

	// Routines of the week, each once, with the days it comes round.
	type seen struct {
		r    routines.Slot
		days []string
	}
	var order []string
	byID := map[string]*seen{}
	for _, d := range plan.Days {
		for _, r := range d.Routines {
			s, ok := byID[r.ID]
			if !ok {
				s = &seen{r: r}
				byID[r.ID] = s
				order = append(order, r.ID)
			}
			s.days = append(s.days, d.Date.Time(time.UTC).Format("Mon"))
		}
	}
	for _, id := range order {
		s := byID[id]
		pr := pageRoutine{Class: class[s.r.Theme], Title: s.r.Title, Days: strings.Join(s.days, " ")}
		if len(s.days) == len(plan.Days) {
			pr.Days = "every day"
		}
		if s.r.Timed() {
			pr.When = s.r.Start.String()
		}
		if s.r.Status == routines.RoutineAspiration {
			pr.Note = "aspiration"
		}
		v.Routines = append(v.Routines, pr)
	}
	v.CSS = template.CSS(css.String())
	return v
}

// pageSlotOf is the page's view of one slot.
func pageSlotOf(s routines.Slot, class, theme string) pageSlot {
	p := pageSlot{Class: string(s.Kind) + " " + class, Title: s.Title}
	if s.End > s.Start {
		p.Time = s.Start.String() + "–" + s.End.String()
	} else {
		p.Time = s.Start.String()
	}
	switch s.Kind {
	case routines.KindRoutine:
		p.Mark = "↻"
		if s.Status == routines.RoutineAspiration {
			p.Note = "aspiration"
		}
	case routines.KindEvent:
		p.Note = "event"
	}
	tip := []string{p.Time, s.Title}
	if s.Kind == routines.KindRoutine {
		tip[1] = "Routine: " + s.Title
	}
	if p.Note != "" {
		tip = append(tip, "("+p.Note+")")
	}
	if s.Why != "" {
		tip = append(tip, "— "+s.Why)
	}
	tip = append(tip, "· "+theme)
	p.Tip = strings.Join(tip, " ")
	return p
}

func pageRange(start, end routines.Date) string {
	s, e := start.Time(time.UTC), end.Time(time.UTC)
	switch {
	case start.Year != end.Year:
		return s.Format("2 January 2006") + " – " + e.Format("2 January 2006")
	case start.Month != end.Month:
		return s.Format("2 January") + " – " + e.Format("2 January 2006")
	}
	return s.Format("2") + " – " + e.Format("2 January 2006")
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// weekTemplate is parsed when a page is first written, not when myos
// starts: most commands write none.
var weekTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("week").Parse(weekHTML))
})

const weekHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{.Title}}</title>
<style>
{{.CSS}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;padding:1.5rem;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d1d1f;background:#fafaf8}
h1{font-size:1.6rem;margin:0}
h2{font-size:1.1rem;margin:2rem 0 .6rem}
.sub{color:#555;margin:.2rem 0 1rem}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;margin:0 0 1rem;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:.4rem}
.swatch{display:inline-block;width:1rem;height:1rem;border-radius:3px;background:var(--c)}
.key{color:#555;font-size:.85rem;margin:.2rem 0 1rem}
.tt{display:grid;grid-template-columns:3.2rem repeat(7,minmax(0,1fr));background:#fff;border:1px solid #ddd;border-radius:8px;overflow:hidden}
.colhead{grid-row:1;position:sticky;top:0;z-index:3;background:#fff;border-bottom:1px solid #ddd;padding:.45rem .3rem;font-weight:600;font-size:.85rem;text-align:center}
.alllabel,.hour{font-size:.72rem;color:#777;text-align:right;padding:0 .35rem 0 0;grid-column:1}
.alllabel{grid-row:2;align-self:center}
.hour{transform:translateY(-.5em)}
.hour.first{transform:none}
.line{grid-column:2/-1;border-top:1px solid #ececec;z-index:0}
.col{border-left:1px solid #ececec;z-index:0}
.allcell{grid-row:2;display:flex;flex-direction:column;gap:2px;padding:2px;border-bottom:1px solid #ddd;border-left:1px solid #ececec}
.slot{position:relative;z-index:1;margin:1px 2px;padding:1px 4px;border-radius:4px;overflow:hidden;font-size:.72rem;line-height:1.2;background:var(--tint);border-left:4px solid var(--c);color:#1d1d1f}
.slot .tm{display:block;color:#444;font-variant-numeric:tabular-nums}
.slot.short .tm{display:inline;margin-right:.3em}
.slot .ti{font-weight:500}
.event{background:var(--c);color:#fff;border-left-color:#1d1d1f}
.event .tm{color:#f4f4f4}
.routine{z-index:2;background:#fff;border:1.5px dashed var(--c);border-left:4px solid var(--c)}
.allday{background:var(--c);color:#fff;border-radius:4px;padding:1px 4px;font-size:.72rem}
.mark{font-weight:700;color:var(--c);margin-right:.2em}
.note{font-style:italic;opacity:.85}
.bars{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr auto;gap:.35rem .8rem;align-items:center;max-width:46rem}
.bar-name{font-size:.9rem}
.track{height:1.1rem;background:#ececec;border-radius:3px;overflow:hidden}
.track i{display:block;height:100%;background:var(--c)}
.bar-val{font-variant-numeric:tabular-nums;font-size:.9rem;text-align:right}
.routines{list-style:none;padding:0;margin:0;columns:2 22rem}
.routines li{break-inside:avoid;padding:.2rem 0 .2rem .7rem;border-left:4px solid var(--c);margin:0 0 .35rem}
.routines .when{color:#555;font-size:.85rem}
.agenda{display:none}
.agenda section{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.6rem .8rem;margin:0 0 .8rem}
.agenda h3{margin:0 0 .4rem;font-size:1rem}
.agenda ul{list-style:none;margin:0;padding:0}
.agenda li{padding:.25rem .5rem;margin:0 0 .25rem;border-left:4px solid var(--c);background:var(--tint);border-radius:4px}
.agenda li.event,.agenda li.allday{background:var(--c);color:#fff}
.agenda li.routine{background:#fff;border:1.5px dashed var(--c);border-left:4px solid var(--c)}
.agenda .tm{font-variant-numeric:tabular-nums;margin-right:.5em}
.agenda .free{color:#777;font-style:italic}
footer{margin-top:2rem;color:#777;font-size:.8rem}
@media screen and (max-width:760px){
body{padding:1rem}
.tt{display:none}
.agenda{display:block}
.bars{grid-template-columns:minmax(6rem,max-content) 1fr auto}
}
@media print{
@page{size:A4 landscape;margin:10mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;padding:0;font-size:10pt}
.tt{border-color:#bbb}
.colhead{position:static}
.slot{break-inside:avoid}
.agenda{display:none}
h2{break-after:avoid}
.bars,.routines{break-inside:avoid}
}
</style>
</head>
<body>
<header>
<h1>{{.Heading}}</h1>
<p class="sub">The week of {{.Range}}{{if .Owner}} · {{.Owner}}{{end}} · times in {{.Zone}}</p>
</header>
<ul class="legend" aria-label="Themes">
{{- range .Legend}}
<li class="{{.Class}}"><span class="swatch"></span>{{.Name}}</li>
{{- end}}
</ul>
<p class="key">Tinted: a block of the weekly calendar. Solid: a dated event. Dashed, marked ↻: a routine at its time.</p>
<main>
<div class="tt" style="{{.Grid}}">
{{- range .Days}}
<div class="colhead" style="{{.Style}}">{{.Name}}</div>
{{- end}}
{{- if .HasAll}}
<div class="alllabel">all day</div>
{{- range .Days}}
<div class="allcell" style="{{.Style}}">{{range .AllDay}}<div class="{{.Class}}" title="{{.Tip}}">{{.Title}}</div>{{end}}</div>
{{- end}}
{{- end}}
{{- range .Columns}}
<div class="col" style="{{.Style}}"></div>
{{- end}}
{{- range .Lines}}
<div class="line" style="{{.Style}}"></div>
{{- end}}
{{- range .Hours}}
<div class="{{.Class}}" style="{{.Style}}">{{.Text}}</div>
{{- end}}
{{- range .Slots}}
<div class="slot {{.Class}}" style="{{.Style}}" title="{{.Tip}}"><span class="tm">{{if .Mark}}<span class="mark">{{.Mark}}</span>{{end}}{{.Time}}</span> <span class="ti">{{.Title}}</span>{{if .Note}} <span class="note">{{.Note}}</span>{{end}}</div>
{{- end}}
</div>
<div class="agenda">
{{- range .Days}}
<section>
<h3>{{.Long}}</h3>
{{- if .Empty}}
<p class="free">Nothing planned.</p>
{{- else}}
<ul>
{{- range .AllDay}}
<li class="{{.Class}}"><span class="tm">all day</span>{{.Title}}</li>
{{- end}}
{{- range .Slots}}
<li class="{{.Class}}"><span class="tm">{{if .Mark}}{{.Mark}} {{end}}{{.Time}}</span>{{.Title}}{{if .Note}} <span class="note">{{.Note}}</span>{{end}}</li>
{{- end}}
{{- range .Untimed}}
<li class="{{.Class}}"><span class="tm">↻ any time</span>{{.Title}}{{if .Note}} <span class="note">{{.Note}}</span>{{end}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- end}}
</div>
{{- if .Bars}}
<h2>Hours per theme</h2>
<div class="bars">
{{- range .Bars}}
<span class="bar-name {{.Class}}">{{.Name}}</span><span class="track {{.Class}}"><i style="{{.Width}}"></i></span><span class="bar-val">{{.Hours}}</span>
{{- end}}
</div>
<p class="key">{{.Total}} planned this week.</p>
{{- end}}
{{- if .Routines}}
<h2>Routines this week</h2>
<ul class="routines">
{{- range .Routines}}
<li class="{{.Class}}">{{.Title}}{{if .Note}} <span class="note">({{.Note}})</span>{{end}}<br><span class="when">{{if .When}}at {{.When}}, {{end}}{{.Days}}</span></li>
{{- end}}
</ul>
{{- end}}
</main>
<footer>Made by myos from the files of {{.Heading}}.</footer>
</body>
</html>
`
