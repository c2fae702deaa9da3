package ics

// This file describes the OS's time zone as a VTIMEZONE, from the zone
// data Go has. Every change of offset (or of the zone's name) that
// touches the export becomes its own STANDARD or DAYLIGHT observance with
// an explicit DTSTART, TZOFFSETFROM and TZOFFSETTO: no recurrence rules
// to get wrong, and exactly the transitions Go itself would apply.

import (
	"fmt"
	"time"
)

// maxTransitions bounds the observances of one VTIMEZONE; zones change
// their offset at most a few times a year.
const maxTransitions = 1000

// observance is one STANDARD or DAYLIGHT component: from onset on, the
// zone is offset seconds east of UTC and named name.
type observance struct {
	onset    time.Time
	from, to int
	name     string
	dst      bool
}

// tzSpan is the span of time the VTIMEZONE has to describe: from the
// first start exported to the end of the export, or horizonYears past
// From when the export has no end.
func tzSpan(loc *time.Location, opts Options, events []Event) (from, until time.Time) {
	from = opts.From.Time(loc)
	var last time.Time
	for _, e := range events {
		s := e.Start.Date.At(e.Start.Clock, loc)
		if s.Before(from) {
			from = s
		}
		end := e.End.Date.At(e.End.Clock, loc)
		if e.HasEnd && end.After(last) {
			last = end
		}
		if s.After(last) {
			last = s
		}
	}
	if opts.Weeks > 0 {
		until = opts.From.AddDays(7*opts.Weeks + 2).Time(loc)
	} else {
		until = time.Date(opts.From.Year+horizonYears, time.January, 1, 0, 0, 0, 0, loc)
	}
	if last = last.Add(24 * time.Hour); last.After(until) {
		until = last
	}
	return from, until
}

// observances lists the zone's observances from the one in force at from
// to the last that starts before until. A zone that has never changed
// (UTC) gets one observance from 1970.
func observances(loc *time.Location, from, until time.Time) []observance {
	t := from.In(loc)
	name, off := t.Zone()
	start, end := t.ZoneBounds()
	first := observance{onset: start, from: off, to: off, name: name, dst: t.IsDST()}
	if start.IsZero() {
		first.onset = time.Date(1970, time.January, 1, 0, 0, 0, 0, time.FixedZone("", off))
		first.dst = false
	} else {
		_, first.from = start.Add(-time.Second).In(loc).Zone()
	}
	obs := []observance{first}
	for i := 0; !end.IsZero() && end.Before(until) && i < maxTransitions; i++ {
		t = end.In(loc)
		prev := off
		name, off = t.Zone()
		obs = append(obs, observance{onset: end, from: prev, to: off, name: name, dst: t.IsDST()})
		_, next := t.ZoneBounds()
		if !next.After(end) {
			break
		}
		end = next
	}
	return obs
}

// writeTimezone writes the VTIMEZONE of loc for the span from..until.
func writeTimezone(l *lineWriter, loc *time.Location, from, until time.Time) {
	l.line("BEGIN:VTIMEZONE")
	l.line("TZID:" + escapeText(loc.String()))
	for _, o := range observances(loc, from, until) {
		comp := "STANDARD"
		if o.dst {
			comp = "DAYLIGHT"
		}
		l.line("BEGIN:" + comp)
		// DTSTART is the wall-clock time the change happens at, on the
		// clock as it was before it.
		l.line("DTSTART:" + o.onset.In(time.FixedZone("", o.from)).Format(localLayout))
		l.line("TZOFFSETFROM:" + utcOffset(o.from))
		l.line("TZOFFSETTO:" + utcOffset(o.to))
		if o.name != "" {
			l.line("TZNAME:" + escapeText(o.name))
		}
		l.line("END:" + comp)
	}
	l.line("END:VTIMEZONE")
}

// utcOffset writes an offset in seconds as +HHMM, or +HHMMSS when it has
// seconds (old local mean times).
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
