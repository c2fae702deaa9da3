package routines

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Date is a calendar date with no time and no zone: a TOML local date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Years a date may have: a life's plans, with room on both sides. Dates
// outside them are typing mistakes, and would overflow the formats of
// other programs (iCalendar's four-digit years).
const (
	MinYear = 1900
	MaxYear = 2999
)

// ParseDate reads YYYY-MM-DD, for a year from MinYear to MaxYear.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		// The right shape with a month or day that is not there: say which.
		var y, m, d int
		if n, _ := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); n == 3 && len(s) == len("2006-01-02") {
			switch {
			case m < 1 || m > 12:
				return Date{}, fmt.Errorf("bad date %q: there is no month %d", s, m)
			case d < 1 || d > daysIn(y, time.Month(m)):
				return Date{}, fmt.Errorf("bad date %q: %s %d has %d days", s, time.Month(m), y, daysIn(y, time.Month(m)))
			}
		}
		return Date{}, fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
	}
	d := DateOf(t)
	if d.Year < MinYear || d.Year > MaxYear {
		return Date{}, fmt.Errorf("bad date %q: want a year from %d to %d", s, MinYear, MaxYear)
	}
	return d, nil
}

// DateOf is the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String is YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time is midnight of d in loc, read as At reads a clock.
func (d Date) Time(loc *time.Location) time.Time {
	return d.At(0, loc)
}

// At is the instant of clock c on d in loc ("24:00" is the next midnight).
// On the days the clocks change, a wall time may not exist or may exist
// twice, and time.Date does not promise which instant it gives. At does:
// a time the clocks skip is the instant they jump (03:30 on a night they
// go from 03:00 to 04:00 is the instant the clocks show 04:00), and a time
// they show twice is the first time they show it, as RFC 5545 reads it.
// So a later wall time on d is never an earlier instant, and no span of a
// day's plan has a negative length.
func (d Date) At(c Clock, loc *time.Location) time.Time {
	h, m := int(c)/60, int(c)%60
	t := time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, loc)
	if loc == time.UTC {
		return t
	}
	start, end := t.ZoneBounds()
	if th, tm, _ := t.Clock(); th == h && tm == m && t.Day() == d.Day && (start.IsZero() || t.Sub(start) >= 24*time.Hour) {
		// The common case: the time exists, and no change of the clocks
		// in the day before can have shown it already.
		return t
	}
	want := time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, time.UTC)
	switch got := wallClock(t); {
	case got.After(want) && !start.IsZero():
		// Skipped, and read with the offset from before the jump: the
		// jump is where t's zone starts.
		return start
	case got.Before(want) && !end.IsZero():
		// Skipped, and read with the offset from after the jump.
		return end
	case got.Equal(want) && !start.IsZero():
		// Shown twice when the zone before t's reads it the same way at
		// an earlier instant.
		_, off := start.Add(-time.Nanosecond).In(loc).Zone()
		if first := want.Add(-time.Duration(off) * time.Second); first.Before(start) && first.Before(t) {
			return first.In(loc)
		}
	}
	return t
}

// wallClock is the date and clock time t shows, as the same reading in UTC.
func wallClock(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// AddDays is d moved by n days.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday {
	return d.Time(time.UTC).Weekday()
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

// DaysUntil is the number of days from d to e (negative when e is earlier),
// counted by day numbers: a time.Duration would overflow past 292 years.
func (d Date) DaysUntil(e Date) int {
	return dayNumber(e) - dayNumber(d)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalText writes YYYY-MM-DD; JSON output uses it.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Clock is a time of day in minutes since midnight, written HH:MM.
type Clock int

// ClockOf is the time of day t shows, to the minute, in t's location.
func ClockOf(t time.Time) Clock { return Clock(t.Hour()*60 + t.Minute()) }

// ParseClock reads HH:MM on a 24-hour clock; "24:00" is allowed as the end
// of a day.
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("bad time %q: want HH:MM, like 09:30", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad time %q: want HH:MM between 00:00 and 24:00", s)
	}
	return Clock(hh*60 + mm), nil
}

// String is HH:MM.
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// ParseDuration reads a Go duration ("45m", "1h30m") that is positive and
// at most a day, the span a routine or block can have.
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad duration %q: want a duration like 45m or 1h30m", s)
	}
	if d <= 0 || d > 24*time.Hour {
		return 0, fmt.Errorf("bad duration %q: want more than 0 and at most 24h", s)
	}
	return d, nil
}

// ParseWeekday reads a three-letter day name, "mon" to "sun".
func ParseWeekday(s string) (time.Weekday, bool) {
	for i, n := range Weekdays {
		if s == n {
			return time.Weekday((i + 1) % 7), true
		}
	}
	return 0, false
}

// SuggestDay returns the three-letter day a near miss of one was meant to
// be, or "" when it is none: a typo of the three letters ("tues", "mno"),
// or a day's full name or a typo of it ("tuesday", "wendesday"), which
// Suggest alone finds too far from the three letters to name.
//
// A word that ends in "day" is weighed by what comes before it, the part
// that tells the days apart, and must keep at least half of a day's: by
// the whole word, "today" and "midday" were two edits from "monday" and
// were told "mon". Two days as near ("sonday") name neither.
func SuggestDay(s string) string {
	if d := Suggest(s, Weekdays); d != "" {
		return d
	}
	w := strings.ToLower(s)
	stem, ok := strings.CutSuffix(strings.TrimSuffix(w, "s"), "day")
	if !ok {
		if d := Suggest(w, fullDayNames); d != "" {
			return d[:3]
		}
		return ""
	}
	best, bestDist, tied := "", 0, false
	for _, full := range fullDayNames {
		day := strings.TrimSuffix(full, "day")
		d := editDistance(stem, day)
		if len(stem) >= 3 && strings.HasPrefix(day, stem) {
			d = min(d, 1) // "satday", "wednday"
		}
		if d > 2 || 2*d > utf8.RuneCountInString(day) {
			continue
		}
		switch {
		case best == "" || d < bestDist:
			best, bestDist, tied = full[:3], d, false
		case d == bestDist:
			tied = true
		}
	}
	if tied {
		return ""
	}
	return best
}

// WeekdayName is the three-letter name of wd.
func WeekdayName(wd time.Weekday) string {
	return Weekdays[(int(wd)+6)%7]
}
