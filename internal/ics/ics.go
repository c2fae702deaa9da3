// Package ics writes an OS's calendar as iCalendar (RFC 5545), for the
// calendar programs people already use: the weekly blocks and the timed
// routines as recurring events, dated events as single ones.
//
// The output keeps three promises. Times are wall-clock times in the OS's
// time zone (DTSTART;TZID=...), with a VTIMEZONE that describes that zone,
// so a 09:00 block stays at 09:00 across a daylight-saving change. UIDs
// are made from the item's kind and id and the OS's name, so importing a
// newer export updates events instead of duplicating them. And the bytes
// follow the format to the letter: CRLF line endings, lines folded at 75
// octets without splitting a UTF-8 character, text escaped.
//
// A series never starts on a day the clocks change under it. RFC 5545
// gives every instance the exact length of the first, and reads a start
// the clocks skip with the offset from before the jump; a first instance
// that starts in the gap, or lasts another span of real time than of wall
// clock (01:00-04:00 is two hours the night the clocks go forward), would
// pass that on to every day of the series, or end before it starts. So
// the occurrences before the first ordinary one are single events, at the
// instants the plan gives them (see routines.Date.At), and the series
// starts on the ordinary one. A later occurrence that a clock change
// touches is taken out of the series (EXDATE) and is a single event too,
// up to the export's end, or for horizonYears when it has none: calendar
// programs differ in what they make of a series' instance across a change,
// and every one of them shows a single event at its own times.
package ics

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/myos-dev/myos/routines"
)

// DefaultRoutineDuration is how long a timed routine without a duration
// lasts on the calendar.
const DefaultRoutineDuration = 15 * time.Minute

// horizonYears is how many years past From the VTIMEZONE describes when
// the export has no end: clients that read the VTIMEZONE (instead of the
// TZID's name) need the zone's transitions for as long as the series
// runs, and a weekly calendar is usually exported again well before then.
// It also bounds the search for the day a series can start on (see
// exporter.start).
const horizonYears = 5

// Options says what to export.
type Options struct {
	// From is the first day of the export: recurring series start on
	// their first ordinary occurrence on or after it (the ones before
	// fall on clock changes and are single events), and dated events
	// before it are left out.
	From routines.Date
	// Weeks limits the export to that many weeks from From (series end
	// with UNTIL); 0 means series repeat without end, or to the end of a
	// routine's own rule.
	Weeks int
	// Stamp is when the export was made (DTSTAMP); the caller's clock.
	Stamp time.Time
}

// LocalTime is a wall-clock time in the OS's time zone.
type LocalTime struct {
	Date  routines.Date
	Clock routines.Clock
}

// Event is one VEVENT of the export.
type Event struct {
	// UID is "<kind>-<id>@<os>.myos": the same item has the same UID in
	// every export; a renamed routine or block keeps the one of its first
	// id. An occurrence written on its own because the clocks change that
	// day is "<kind>-<id>.<YYYYMMDD>@<os>.myos": ids have no dots, so it
	// is unique, and the same in every export that has it.
	UID  string
	Kind routines.Kind
	ID   string
	// Summary is the item's title.
	Summary string
	// Start is the first occurrence. For an all-day event its Clock is 0
	// and End is the next day.
	Start LocalTime
	// End is when the first occurrence ends; HasEnd is false for a
	// moment (an event with a start and no end).
	End    LocalTime
	HasEnd bool
	// Length, when not 0, is written as DURATION instead of End as DTEND:
	// an occurrence on a clock change day can end in the hour the clocks
	// show twice, at the second showing, which no wall-clock time names.
	Length time.Duration
	AllDay bool
	// RRule is the recurrence rule without "RRULE:"; "" for a single event.
	RRule string
	// ExDates are the series' later occurrences on nights the clocks
	// change, taken out of it (EXDATE) and written as single events.
	ExDates []LocalTime
	// Categories holds the theme's title.
	Categories []string
	// Description is a routine's why, and the notes.
	Description string
	// Tentative marks an aspiration: a routine wanted, not yet lived.
	Tentative bool
}

// Write writes o's calendar as an iCalendar stream: a VTIMEZONE for the
// OS's zone and the VEVENTs of Events.
func Write(w io.Writer, o *routines.OS, opts Options) error {
	if opts.From.IsZero() {
		return errors.New("ics: no start date")
	}
	if opts.Stamp.IsZero() {
		return errors.New("ics: no time stamp")
	}
	if opts.Weeks < 0 {
		return fmt.Errorf("ics: weeks %d: want 0 (no end) or more", opts.Weeks)
	}
	loc := o.Location()
	tzid := loc.String()
	events := Events(o, opts)

	l := &lineWriter{}
	l.line("BEGIN:VCALENDAR")
	l.line("VERSION:2.0")
	l.line("PRODID:-//myos//myos export ics//EN")
	l.line("CALSCALE:GREGORIAN")
	if o.Settings.Name != "" {
		l.line("X-WR-CALNAME:" + escapeText(o.Settings.Name))
	}
	l.line("X-WR-TIMEZONE:" + escapeText(tzid))
	from, until := tzSpan(loc, opts, events)
	writeTimezone(l, loc, from, until)
	stamp := opts.Stamp.UTC().Format(utcLayout)
	for _, e := range events {
		l.line("BEGIN:VEVENT")
		l.line("UID:" + escapeText(e.UID))
		l.line("DTSTAMP:" + stamp)
		if e.AllDay {
			l.line("DTSTART;VALUE=DATE:" + dateValue(e.Start.Date))
			l.line("DTEND;VALUE=DATE:" + dateValue(e.End.Date))
		} else {
			l.line("DTSTART;TZID=" + paramValue(tzid) + ":" + e.Start.value())
			switch {
			case e.Length > 0:
				l.line("DURATION:" + durationValue(e.Length))
			case e.HasEnd:
				l.line("DTEND;TZID=" + paramValue(tzid) + ":" + e.End.value())
			}
		}
		if e.RRule != "" {
			l.line("RRULE:" + e.RRule)
		}
		if len(e.ExDates) > 0 {
			vals := make([]string, len(e.ExDates))
			for i, d := range e.ExDates {
				vals[i] = d.value()
			}
			l.line("EXDATE;TZID=" + paramValue(tzid) + ":" + strings.Join(vals, ","))
		}
		l.line("SUMMARY:" + escapeText(e.Summary))
		if e.Description != "" {
			l.line("DESCRIPTION:" + escapeText(e.Description))
		}
		if len(e.Categories) > 0 {
			cats := make([]string, len(e.Categories))
			for i, c := range e.Categories {
				cats[i] = escapeText(c)
			}
			l.line("CATEGORIES:" + strings.Join(cats, ","))
		}
		if e.Tentative {
			l.line("STATUS:TENTATIVE")
		}
		l.line("END:VEVENT")
	}
	l.line("END:VCALENDAR")
	_, err := io.WriteString(w, l.b.String())
	return err
}

// Events lists what Write exports, in file order: the blocks, the timed
// routines that are active or aspiration, then the dated events from
// opts.From on. A block or routine whose first occurrences fall on clock
// changes has them as single events before its series. A series with no
// occurrence in the export's span is left out, and so is anything
// validation would reject.
func Events(o *routines.OS, opts Options) []Event {
	x := exporter{o: o, opts: opts, loc: o.Location(), host: hostOf(o.Settings.Name)}
	x.horizon = routines.Date{Year: opts.From.Year + horizonYears, Month: time.January, Day: 1}
	if opts.Weeks > 0 {
		x.end = opts.From.AddDays(7 * opts.Weeks)
		x.horizon = x.end
	}
	var out []Event
	for i := range o.Blocks {
		out = append(out, x.block(&o.Blocks[i])...)
	}
	for i := range o.Routines {
		out = append(out, x.routine(&o.Routines[i])...)
	}
	for i := range o.Events {
		if e, ok := x.event(&o.Events[i]); ok {
			out = append(out, e)
		}
	}
	return out
}

type exporter struct {
	o    *routines.OS
	opts Options
	loc  *time.Location
	host string
	end  routines.Date // first day after the export; zero when it has no end
	// horizon is the first day start does not look at: end, or
	// horizonYears past From when the export has no end.
	horizon routines.Date
}

// inSpan reports whether d is on or after From and before the end.
func (x *exporter) inSpan(d routines.Date) bool {
	return !d.Before(x.opts.From) && (x.end.IsZero() || d.Before(x.end))
}

// base is the event of item it, with the UID of its first id: a renamed
// item keeps the UID of the oldest of its former ids, so that a calendar
// that imported it before the rename updates it rather than showing it
// twice. No other item of its kind can take a former id. (A rename back
// to an id takes it out of formerly: the UID then moves on once, to the
// next one.)
func (x *exporter) base(it routines.Item, theme string) Event {
	k, id := it.ItemKind(), it.ItemID()
	uidID := id
	if former := routines.FormerIDs(it); len(former) > 0 {
		uidID = former[0]
	}
	e := Event{UID: string(k) + "-" + uidID + "@" + x.host, Kind: k, ID: id, Summary: it.ItemTitle()}
	if theme != "" {
		name := theme
		if t := x.o.Theme(theme); t != nil && t.Title != "" {
			name = t.Title
		}
		e.Categories = []string{name}
	}
	return e
}

// until is the UNTIL part that ends a series after its occurrences on day
// last: the end of that day in the OS's zone, in UTC as RFC 5545 wants
// when DTSTART has a TZID.
func (x *exporter) until(last routines.Date) string {
	t := last.AddDays(1).Time(x.loc).Add(-time.Second)
	return "UNTIL=" + t.UTC().Format(utcLayout)
}

var byDay = map[time.Weekday]string{
	time.Monday: "MO", time.Tuesday: "TU", time.Wednesday: "WE", time.Thursday: "TH",
	time.Friday: "FR", time.Saturday: "SA", time.Sunday: "SU",
}

func (x *exporter) block(b *routines.Block) []Event {
	start, err1 := routines.ParseClock(b.Start)
	end, err2 := routines.ParseClock(b.End)
	if err1 != nil || err2 != nil || end <= start || b.ID == "" {
		return nil
	}
	var days []time.Weekday
	for _, s := range b.Days {
		if wd, ok := routines.ParseWeekday(s); ok && !slices.Contains(days, wd) {
			days = append(days, wd)
		}
	}
	if len(days) == 0 {
		return nil
	}
	after := func(d routines.Date) (routines.Date, bool) {
		d = d.AddDays(1)
		for !slices.Contains(days, d.Weekday()) {
			d = d.AddDays(1)
		}
		return d, true
	}
	first, _ := after(x.opts.From.AddDays(-1))
	if !x.inSpan(first) {
		return nil
	}
	codes := make([]string, 0, len(days))
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		if slices.Contains(days, wd) {
			codes = append(codes, byDay[wd])
		}
	}
	e := x.base(b, b.Theme)
	e.Description = strings.TrimSpace(b.Notes)
	rec := recurrence{at: start, after: after,
		// From its start to its end on the wall clock, whatever the
		// clocks do in between.
		plan: func(d routines.Date) (time.Time, time.Time) {
			return d.At(start, x.loc), wallClock(d, end).at(x.loc)
		},
	}
	singles, first, ok := x.start(e, first, rec)
	if !ok {
		return singles
	}
	later, ex := x.exceptions(e, first, rec)
	e.Start = LocalTime{first, start}
	e.End, e.HasEnd = wallClock(first, end), true
	e.RRule = "FREQ=WEEKLY;BYDAY=" + strings.Join(codes, ",")
	if !x.end.IsZero() {
		e.RRule += ";" + x.until(x.end.AddDays(-1))
	}
	e.ExDates = ex
	return append(append(singles, e), later...)
}

func (x *exporter) routine(r *routines.Routine) []Event {
	switch r.Status {
	case "", routines.RoutineActive, routines.RoutineAspiration:
	default:
		return nil
	}
	if r.At == "" || r.ID == "" {
		return nil
	}
	at, err := routines.ParseClock(r.At)
	if err != nil || at >= 24*60 {
		return nil
	}
	dur := DefaultRoutineDuration
	if r.Duration != "" {
		if dur, err = routines.ParseDuration(r.Duration); err != nil {
			return nil
		}
	}
	c, err := routines.ParseCadence(r.Cadence)
	if err != nil {
		return nil
	}
	anchor := r.Anchor()
	next, ok := c.Next(x.opts.From, anchor)
	if !ok || !x.inSpan(next) {
		return nil
	}
	e := x.base(r, r.Theme)
	e.Description, e.Tentative = routineDescription(r)
	rec := recurrence{at: at,
		after: func(d routines.Date) (routines.Date, bool) { return c.Next(d.AddDays(1), anchor) },
		// Its duration of real time, whatever the clocks do meanwhile.
		plan: func(d routines.Date) (time.Time, time.Time) {
			s := d.At(at, x.loc)
			return s, s.Add(dur)
		},
	}
	singles, first, ok := x.start(e, next, rec)
	if !ok {
		return singles
	}
	rule, ok := x.ruleFrom(c, anchor)
	if !ok {
		return singles
	}
	later, ex := x.exceptions(e, first, rec)
	e.Start = LocalTime{first, at}
	e.End, e.HasEnd = localTime(first.At(at, x.loc).Add(dur), x.loc), true
	e.RRule = rule
	e.ExDates = ex
	return append(append(singles, e), later...)
}

// ruleFrom is c's rule for a series that starts on an occurrence on or
// after From, and ends where the export or the rule ends, whichever comes
// first: with UNTIL at the end of that day in the OS's zone. COUNT counts
// from the series' first occurrence, which may be long before From, so it
// becomes the UNTIL of its last occurrence: the series then has the days
// the plan has, whatever day it starts on.
func (x *exporter) ruleFrom(c routines.Cadence, anchor routines.Date) (string, bool) {
	last, limited, counted := routines.Date{}, false, false
	parts := slices.DeleteFunc(strings.Split(c.RRule(), ";"), func(p string) bool {
		if v, ok := strings.CutPrefix(p, "UNTIL="); ok {
			last, limited = untilDay(v), true
			return true
		}
		counted = counted || strings.HasPrefix(p, "COUNT=")
		return strings.HasPrefix(p, "COUNT=")
	})
	if counted {
		more := false
		if !x.end.IsZero() {
			// A count that runs on past the export's end need not be
			// expanded to its last day.
			_, more = c.Next(x.end, anchor)
		}
		if !more {
			if last, limited = c.Last(anchor); !limited {
				return "", false
			}
		}
	}
	if !x.end.IsZero() && (!limited || !last.Before(x.end)) {
		last, limited = x.end.AddDays(-1), true
	}
	if limited {
		parts = append(parts, x.until(last))
	}
	return strings.Join(parts, ";"), true
}

// routineDescription is what a routine's event says: its why and notes,
// and for an aspiration that it is one (and tentative).
func routineDescription(r *routines.Routine) (string, bool) {
	var desc []string
	for _, s := range []string{r.Why, r.Notes} {
		if s = strings.TrimSpace(s); s != "" {
			desc = append(desc, s)
		}
	}
	aspiration := r.Status == routines.RoutineAspiration
	if aspiration {
		desc = append(desc, "An aspiration: wanted, not lived yet.")
	}
	return strings.Join(desc, "\n\n"), aspiration
}

// recurrence is how a block or routine comes round, for start.
type recurrence struct {
	// at is the wall-clock start of every occurrence.
	at routines.Clock
	// after is the first occurrence after a day; false when there is none.
	after func(routines.Date) (routines.Date, bool)
	// plan is when the occurrence on a day starts and ends, as the plan
	// has it (see routines.OS.Day).
	plan func(routines.Date) (start, end time.Time)
}

// start finds the day e's series can start on: its first occurrence, from
// first on, that no clock change touches (see ordinary). The occurrences
// before it come back as single events at the plan's instants. ok is
// false when no ordinary occurrence comes before the horizon (a rule that
// only ever falls on the night the clocks change): then the single events
// are all there is of the item.
func (x *exporter) start(e Event, first routines.Date, r recurrence) (singles []Event, day routines.Date, ok bool) {
	for d := first; x.inSpan(d) && d.Before(x.horizon); {
		s, end := r.plan(d)
		if ordinary(d, r.at, s, end, x.loc) {
			return singles, d, true
		}
		singles = append(singles, x.single(e, d, s, end))
		if d, ok = r.after(d); !ok {
			break
		}
	}
	return singles, routines.Date{}, false
}

// exceptions finds the occurrences of e's series, which starts on day
// first, that fall on a later clock change before the export's end (or
// the horizon, when it has none): each comes back as a single event at
// the plan's instants, and its start as an EXDATE that takes it out of the
// series. Only the days around a change can be touched by it: a block or
// routine lasts at most a day, so one that starts two days before a change
// ends before it.
func (x *exporter) exceptions(e Event, first routines.Date, r recurrence) (singles []Event, ex []LocalTime) {
	obs := observances(x.loc, first.Time(x.loc), x.horizon.Time(x.loc))
	var seen routines.Date
	for _, o := range obs[1:] {
		day := routines.DateOf(o.onset.In(x.loc))
		for d := day.AddDays(-2); !d.After(day); d = d.AddDays(1) {
			if !d.After(first) || !d.After(seen) || !x.inSpan(d) || !d.Before(x.horizon) {
				continue
			}
			seen = d
			if next, ok := r.after(d.AddDays(-1)); !ok || next != d {
				continue
			}
			s, end := r.plan(d)
			if ordinary(d, r.at, s, end, x.loc) {
				continue
			}
			singles = append(singles, x.single(e, d, s, end))
			ex = append(ex, LocalTime{d, r.at})
		}
	}
	return singles, ex
}

// ordinary reports whether an occurrence on day d from instant s to end
// is one a series can start with: s shows clock at on d, and the wall
// clock moves on by as much as real time does until end. Then a calendar
// program reads DTSTART as s and DTEND as end, and their difference, the
// length of every instance, is the length the occurrence has on any day
// without a clock change.
func ordinary(d routines.Date, at routines.Clock, s, end time.Time, loc *time.Location) bool {
	ws, we := wallReading(s.In(loc)), wallReading(end.In(loc))
	return ws.Equal(d.At(at, time.UTC)) && we.Sub(ws) == end.Sub(s)
}

// wallReading is the date and clock time t shows, as the same reading in UTC.
func wallReading(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.UTC)
}

// single is e's occurrence on day d, from instant s to end, as an event of
// its own.
func (x *exporter) single(e Event, d routines.Date, s, end time.Time) Event {
	e.UID = fmt.Sprintf("%s.%s@%s", strings.TrimSuffix(e.UID, "@"+x.host), dateValue(d), x.host)
	return x.instants(e, s, end)
}

// instants is e, a single event, from instant s to end. The plan gives a
// start the clocks skip as the instant of the jump, so s always has a
// wall-clock time that names it; end may not (it may fall in the second
// showing of a repeated hour), and then the event has a DURATION. An
// event with no length (02:30-03:00 the night the clocks jump from 02:00
// to 03:00) is a moment, with no DTEND: RFC 5545 wants DTEND later than
// DTSTART.
func (x *exporter) instants(e Event, s, end time.Time) Event {
	e.Start = localTime(s, x.loc)
	e.End, e.HasEnd, e.Length = LocalTime{}, false, 0
	if end.After(s) {
		e.End, e.HasEnd = localTime(end, x.loc), true
		if !e.End.at(x.loc).Equal(end) {
			e.Length = end.Sub(s)
		}
	}
	return e
}

// untilDay is the last day a cadence's UNTIL lets through. Cadences keep
// UNTIL as a UTC date-time and their occurrences are whole days, so every
// day up to UNTIL's date in UTC is in.
func untilDay(v string) routines.Date {
	for _, layout := range []string{utcLayout, localLayout, dateLayout} {
		if t, err := time.Parse(layout, v); err == nil {
			return routines.DateOf(t)
		}
	}
	return routines.Date{}
}

func (x *exporter) event(ev *routines.Event) (Event, bool) {
	if ev.ID == "" || ev.Date.IsZero() || !x.inSpan(ev.Date) {
		return Event{}, false
	}
	e := x.base(ev, ev.Theme)
	e.Description = strings.TrimSpace(ev.Notes)
	if ev.Start == "" {
		if ev.End != "" {
			return Event{}, false
		}
		e.AllDay, e.HasEnd = true, true
		e.Start = LocalTime{Date: ev.Date}
		e.End = LocalTime{Date: ev.Date.AddDays(1)}
		return e, true
	}
	start, err := routines.ParseClock(ev.Start)
	if err != nil || start >= 24*60 {
		return Event{}, false
	}
	e.Start = LocalTime{ev.Date, start}
	if ev.End != "" {
		end, err := routines.ParseClock(ev.End)
		if err != nil || end < start {
			return Event{}, false
		}
		e.End, e.HasEnd = wallClock(ev.Date, end), true
	}
	// On a clock change day, the instants the plan gives: a start the
	// clocks skip read by RFC 5545 would come after the end.
	s, end := e.Start.at(x.loc), e.Start.at(x.loc)
	if e.HasEnd {
		end = e.End.at(x.loc)
	}
	if !ordinary(ev.Date, start, s, end, x.loc) {
		e = x.instants(e, s, end)
	}
	return e, true
}

// wallClock is clock c on day d, with 24:00 written as the next midnight.
func wallClock(d routines.Date, c routines.Clock) LocalTime {
	if c >= 24*60 {
		return LocalTime{d.AddDays(int(c) / (24 * 60)), c % (24 * 60)}
	}
	return LocalTime{d, c}
}

// localTime is the wall-clock time of t in loc, to the minute.
func localTime(t time.Time, loc *time.Location) LocalTime {
	t = t.In(loc)
	return LocalTime{routines.DateOf(t), routines.ClockOf(t)}
}

// at is the instant t names in loc, as RFC 5545 reads a local time that
// the clocks show twice: the first time.
func (t LocalTime) at(loc *time.Location) time.Time {
	return t.Date.At(t.Clock, loc)
}

// hostOf is the right-hand side of the UIDs: the OS's name as a slug.
func hostOf(name string) string {
	if strings.TrimSpace(name) == "" {
		return "os.myos"
	}
	return routines.Slug(name) + ".myos"
}

const (
	utcLayout   = "20060102T150405Z"
	localLayout = "20060102T150405"
	dateLayout  = "20060102"
)

func dateValue(d routines.Date) string {
	return fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
}

// durationValue writes an exact length as a DURATION value: PT1H30M.
func durationValue(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	v := "PT"
	if h > 0 {
		v += fmt.Sprintf("%dH", h)
	}
	if m > 0 {
		v += fmt.Sprintf("%dM", m)
	}
	if s > 0 || h == 0 && m == 0 {
		v += fmt.Sprintf("%dS", s)
	}
	return v
}

// value is the DATE-TIME form of t, without zone: 20261203T100000.
func (t LocalTime) value() string {
	return fmt.Sprintf("%sT%02d%02d00", dateValue(t.Date), int(t.Clock)/60, int(t.Clock)%60)
}
