package routines

// This file lays out a day and a week from the weekly template (blocks),
// dated events and the routines due. Times are wall-clock times in the
// OS's time zone; StartAt and EndAt are the real instants, so durations
// are right on the days the clocks change. Items that validation rejects
// (a bad time, an end before its start) are left out of the plan, not
// guessed at.

import (
	"cmp"
	"slices"
	"time"
)

// Slot is one thing on a day's plan: a block of the weekly template, a
// dated event or a routine that is due.
type Slot struct {
	Kind  Kind // KindBlock, KindEvent or KindRoutine
	ID    string
	Title string
	Theme string
	// BlockKind is a block's kind: focus, learning, break, meeting or admin.
	BlockKind string
	// Start and End are wall-clock times in the OS's time zone; End may be
	// 24:00. A routine with at but no duration has End == Start.
	Start Clock
	End   Clock
	// StartAt and EndAt are the real instants of Start and End on the day,
	// in the OS's location (see Date.At): a 02:00–04:00 block lasts one
	// hour on the day the clocks go forward. A routine is the exception:
	// it lasts its duration of real time, so its EndAt is StartAt plus
	// its duration (cut at the end of the day) even when the clocks
	// change in between.
	StartAt time.Time
	EndAt   time.Time
	// Length is the real time a routine with a duration takes, the part
	// after midnight included, where EndAt stops at the end of the day;
	// 0 for other slots.
	Length time.Duration
	// Why is a routine's reason.
	Why string
	// AllDay marks an event without a start time; it spans the whole day.
	AllDay bool
	// Status is a routine's status: active or aspiration.
	Status string
}

// Timed reports whether the slot sits at a time of day: every block and
// timed event, and a routine with at. An untimed routine has zero StartAt
// and EndAt.
func (s Slot) Timed() bool { return !s.AllDay && !s.StartAt.IsZero() }

// Minutes is the real length of the slot in minutes, for the hours a
// theme gets; 0 for an all-day event or an untimed routine. A routine that
// runs past midnight counts in full on the day it starts: sleep at 22:30
// for 8h is eight hours, though the day's plan shows it to 24:00.
func (s Slot) Minutes() int {
	if !s.Timed() {
		return 0
	}
	if s.Kind == KindRoutine && s.Length > 0 {
		return int(s.Length / time.Minute)
	}
	return int(s.EndAt.Sub(s.StartAt) / time.Minute)
}

// Gap is free time between the blocks and events of a day (routines do not
// fill it). Minutes is its real length, which differs from End-Start on the
// days the clocks change.
type Gap struct {
	Start   Clock
	End     Clock
	Minutes int
}

// DayPlan is the plan of one date.
type DayPlan struct {
	Date    Date
	Weekday string // "mon" to "sun"
	// Slots are the day's blocks, events and timed routines in time order:
	// all-day events first; at the same start, blocks, then events, then
	// routines, each by title.
	Slots []Slot
	// Routines are the routines due on the day, active or aspiration:
	// timed ones first by time, then untimed ones by title. Timed routines
	// are in Slots too.
	Routines []Slot
	// Free is the free time between the first start and the last end of
	// the day's blocks and timed events.
	Free []Gap
	// Themes are the ids of the themes the day's slots and routines and the
	// priorities in doing touch, most planned minutes first.
	Themes []string
}

// WeekPlan is the plan of the seven days from Start.
type WeekPlan struct {
	Start Date
	Days  []DayPlan
	// ThemeMinutes is the planned minutes per theme id over the week, from
	// the real length of every timed slot; "" holds slots with no theme.
	ThemeMinutes map[string]int
}

// Day is the plan of date d.
//
// Blocks come on their days, events on their date (an event without a
// start is all-day; one with a start and no end is a moment), and routines
// that are active or aspiration when their cadence is due (see
// Routine.DueOn). A routine with at and duration is a timed slot, one with
// at alone a zero-length slot at that time, one without at is untimed. A
// routine that runs past midnight (sleep at 22:30 for 8h) ends at 24:00 in
// the plan of its day; the next day's plan does not show the rest, and its
// hours count in full on its day (see Slot.Minutes).
func (o *OS) Day(d Date) DayPlan {
	loc := o.Location()
	wd := d.Weekday()
	p := DayPlan{Date: d, Weekday: WeekdayName(wd)}
	for i := range o.Blocks {
		b := &o.Blocks[i]
		if !onWeekday(b.Days, wd) {
			continue
		}
		start, end, ok := blockSpan(b)
		if !ok {
			continue
		}
		p.Slots = append(p.Slots, Slot{Kind: KindBlock, ID: b.ID, Title: b.Title, Theme: b.Theme, BlockKind: b.Kind,
			Start: start, End: end, StartAt: d.At(start, loc), EndAt: d.At(end, loc)})
	}
	for i := range o.Events {
		e := &o.Events[i]
		if e.Date != d {
			continue
		}
		s := Slot{Kind: KindEvent, ID: e.ID, Title: e.Title, Theme: e.Theme}
		start, end, timed, ok := eventSpan(e)
		if !ok {
			continue
		}
		if timed {
			s.Start, s.End = start, end
			s.StartAt, s.EndAt = d.At(start, loc), d.At(end, loc)
		} else {
			s.AllDay, s.End = true, 24*60
			s.StartAt, s.EndAt = d.Time(loc), d.AddDays(1).Time(loc)
		}
		p.Slots = append(p.Slots, s)
	}
	for i := range o.Routines {
		r := &o.Routines[i]
		if !routinePlanned(r.Status) || !r.DueOn(d) {
			continue
		}
		s := Slot{Kind: KindRoutine, ID: r.ID, Title: r.Title, Theme: r.Theme, Why: r.Why, Status: routineStatus(r.Status)}
		if start, end, dur, ok := routineSpan(r); ok {
			s.Start, s.End = start, end
			s.StartAt = d.At(start, loc)
			s.EndAt = s.StartAt
			if dur > 0 {
				// The routine takes its duration of real time, whatever
				// the clocks do meanwhile, up to the end of the day.
				s.EndAt, s.Length = s.StartAt.Add(dur), dur
				if midnight := d.AddDays(1).Time(loc); s.EndAt.After(midnight) {
					s.EndAt = midnight
				}
			}
			p.Slots = append(p.Slots, s)
		}
		p.Routines = append(p.Routines, s)
	}
	slices.SortStableFunc(p.Slots, compareSlots)
	slices.SortStableFunc(p.Routines, func(a, b Slot) int {
		if a.Timed() != b.Timed() {
			if a.Timed() {
				return -1
			}
			return 1
		}
		if a.Timed() {
			if c := cmp.Compare(a.Start, b.Start); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
	p.Free = freeTime(d, loc, p.Slots)
	p.Themes = o.dayThemes(d, p)
	return p
}

// Week is the plan of the week that holds d and starts on o.WeekStart().
func (o *OS) Week(d Date) WeekPlan {
	start := d.AddDays(-((int(d.Weekday()) - int(o.WeekStart()) + 7) % 7))
	w := WeekPlan{Start: start, Days: make([]DayPlan, 7), ThemeMinutes: map[string]int{}}
	for i := range w.Days {
		w.Days[i] = o.Day(start.AddDays(i))
		for _, s := range w.Days[i].Slots {
			if m := s.Minutes(); m > 0 {
				w.ThemeMinutes[s.Theme] += m
			}
		}
	}
	return w
}

// kindOrder breaks ties between slots that start together.
func kindOrder(k Kind) int {
	switch k {
	case KindBlock:
		return 0
	case KindEvent:
		return 1
	}
	return 2
}

func compareSlots(a, b Slot) int {
	if a.AllDay != b.AllDay {
		if a.AllDay {
			return -1
		}
		return 1
	}
	return cmp.Or(
		cmp.Compare(a.Start, b.Start),
		cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.ID, b.ID),
	)
}

// freeTime is the gaps between the day's blocks and timed events, from
// the first start to the last end. Moments (zero-length events) do not
// split free time.
func freeTime(d Date, loc *time.Location, slots []Slot) []Gap {
	var spans [][2]Clock
	for _, s := range slots {
		if s.Kind != KindRoutine && !s.AllDay && s.End > s.Start {
			spans = append(spans, [2]Clock{s.Start, s.End})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]Clock) int { return cmp.Compare(a[0], b[0]) })
	var gaps []Gap
	end := spans[0][1]
	for _, sp := range spans[1:] {
		if sp[0] > end {
			gaps = append(gaps, Gap{Start: end, End: sp[0],
				Minutes: int(d.At(sp[0], loc).Sub(d.At(end, loc)) / time.Minute)})
		}
		end = max(end, sp[1])
	}
	return gaps
}

// dayThemes lists the themes of the day's slots, routines and doing
// priorities, most minutes first and otherwise in the order they come.
func (o *OS) dayThemes(d Date, p DayPlan) []string {
	var ids []string
	minutes := map[string]int{}
	touch := func(id string, m int) {
		if id == "" {
			return
		}
		if _, ok := minutes[id]; !ok {
			ids = append(ids, id)
		}
		minutes[id] += m
	}
	for _, s := range p.Slots {
		touch(s.Theme, s.Minutes())
	}
	for _, s := range p.Routines {
		touch(s.Theme, 0)
	}
	for _, pr := range o.doing() {
		touch(pr.Theme, 0)
	}
	slices.SortStableFunc(ids, func(a, b string) int { return cmp.Compare(minutes[b], minutes[a]) })
	return ids
}

// doing lists the priorities in doing, by rank (unranked last): all of
// them, as the limit counts them, even one a hand edit left deferred.
func (o *OS) doing() []*Priority {
	var out []*Priority
	for i := range o.Priorities {
		p := &o.Priorities[i]
		if p.Status != PriorityDoing {
			continue
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b *Priority) int { return compareRank(a.Rank, b.Rank) })
	return out
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

// onWeekday reports whether days names wd.
func onWeekday(days []string, wd time.Weekday) bool {
	for _, s := range days {
		if w, ok := ParseWeekday(s); ok && w == wd {
			return true
		}
	}
	return false
}

// blockSpan is a block's start and end, false unless both are times and
// the end comes after the start.
func blockSpan(b *Block) (start, end Clock, ok bool) {
	start, err1 := ParseClock(b.Start)
	end, err2 := ParseClock(b.End)
	return start, end, err1 == nil && err2 == nil && end > start
}

// eventSpan is an event's start and end: timed is false for an all-day
// event (no start, no end); an end without a start, or a bad time, is not
// ok. A start without an end is a moment.
func eventSpan(e *Event) (start, end Clock, timed, ok bool) {
	if e.Start == "" {
		return 0, 0, false, e.End == ""
	}
	start, err := ParseClock(e.Start)
	if err != nil || start >= 24*60 {
		return 0, 0, false, false
	}
	if e.End == "" {
		return start, start, true, true
	}
	end, err = ParseClock(e.End)
	if err != nil || end < start {
		return 0, 0, false, false
	}
	return start, end, true, true
}

// routineSpan is a routine's time on its day: from at for its duration
// (0 when it has none or a bad one), with end on the wall clock cut at
// 24:00; with no duration it is a moment. Not ok without a valid at.
func routineSpan(r *Routine) (start, end Clock, dur time.Duration, ok bool) {
	if r.At == "" {
		return 0, 0, 0, false
	}
	start, err := ParseClock(r.At)
	if err != nil || start >= 24*60 {
		return 0, 0, 0, false
	}
	end = start
	if r.Duration != "" {
		if d, err := ParseDuration(r.Duration); err == nil {
			dur = d
			mins := int((dur + time.Minute - 1) / time.Minute)
			end = min(start+Clock(mins), 24*60)
		}
	}
	return start, end, dur, true
}

// routineStatus is a routine's status with the default filled in.
func routineStatus(s string) string {
	if s == "" {
		return RoutineActive
	}
	return s
}

// routinePlanned reports whether a routine with status s belongs on the
// plan: active (the default) or aspiration.
func routinePlanned(s string) bool {
	s = routineStatus(s)
	return s == RoutineActive || s == RoutineAspiration
}
