package routines

// This file says what a change of the OS's zone does to its dated events.
// Blocks and routines are clock times wherever the person is (lunch is at
// 12:00), and so is an event while it keeps its clock times; an event that
// is a moment (a flight, a call across zones) moves to the clock times the
// same moment has in the new zone. Which it is, only the person knows:
// this file works out both, and leaves the choice to them.

import "time"

// EventShift is a dated event with times that a change of the OS's zone
// would move: as the file has it, and at the same moment in the new zone.
type EventShift struct {
	Event *Event
	// Date, Start and End are the event's date and times at the same
	// moment in the new zone; End is "" for an event with no end (a
	// moment), and "24:00" for one that ends at the new zone's midnight.
	Date       Date
	Start, End string
	// OverMidnight says the event would end on a later date than it
	// starts in the new zone, which one event cannot: it is not moved,
	// and Date, Start and End say where it would begin (End is its end on
	// the next date).
	OverMidnight bool
}

// SameMoment is e's date and times at the same moment in to as it has in
// from: a flight at 10:00 in Berlin is at 04:00 in New York, and one at
// 02:00 on a Berlin date is on the date before in New York. A time the
// clocks skip in from is the moment they jump, as At reads it. ok is
// false for an event with no times, or times that do not read.
func SameMoment(e *Event, from, to *time.Location) (s EventShift, ok bool) {
	start, end, timed, valid := eventSpan(e)
	if !timed || !valid || e.Date.IsZero() {
		return EventShift{}, false
	}
	s.Event = e
	begin := e.Date.At(start, from).In(to)
	s.Date, s.Start = DateOf(begin), ClockOf(begin).String()
	if e.End == "" {
		return s, true
	}
	finish := e.Date.At(end, from).In(to)
	switch day, c := DateOf(finish), ClockOf(finish); {
	case day == s.Date:
		s.End = c.String()
	case day == s.Date.AddDays(1) && c == 0:
		s.End = "24:00"
	default:
		s.End, s.OverMidnight = c.String(), true
	}
	return s, true
}

// ZoneShifts lists the dated events with times, starting at now or later
// in from, whose clock times would be another moment in to than in from,
// in the order of the file: the events a change of zone from from to to
// moves unless they move with it. Past events, events under
// way and all-day events are not in it: the first two were lived in from,
// and an all-day event is a date, in any zone.
func ZoneShifts(o *OS, from, to *time.Location, now time.Time) []EventShift {
	var out []EventShift
	for i := range o.Events {
		e := &o.Events[i]
		s, ok := SameMoment(e, from, to)
		if !ok {
			continue
		}
		start, end, _, _ := eventSpan(e)
		at := e.Date.At(start, from)
		if at.Before(now) {
			continue
		}
		// Compared as moments, not as clock times: 02:30 on the night
		// the clocks skip it is 03:00 in Berlin and in Paris alike.
		if at.Equal(e.Date.At(start, to)) && e.Date.At(end, from).Equal(e.Date.At(end, to)) {
			continue
		}
		out = append(out, s)
	}
	return out
}
