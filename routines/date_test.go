package routines

import (
	"testing"
	"time"
)

// TestDateAtClockChanges guards Date.At on the days the clocks change: a
// wall time the jump forward skips is the instant of the jump (never an
// hour past it, which gave 02:00–03:30 ninety minutes and 03:45–04:00 a
// negative length), and a wall time the clocks go through twice is the
// first time they show it.
func TestDateAtClockChanges(t *testing.T) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		d    Date
		c    string
		want string
	}{
		{ymd(2026, 3, 29), "02:59", "2026-03-29T02:59:00+02:00"},
		{ymd(2026, 3, 29), "03:00", "2026-03-29T04:00:00+03:00"},
		{ymd(2026, 3, 29), "03:30", "2026-03-29T04:00:00+03:00"},
		{ymd(2026, 3, 29), "03:59", "2026-03-29T04:00:00+03:00"},
		{ymd(2026, 3, 29), "04:00", "2026-03-29T04:00:00+03:00"},
		{ymd(2026, 3, 29), "04:01", "2026-03-29T04:01:00+03:00"},
		{ymd(2026, 10, 25), "02:59", "2026-10-25T02:59:00+03:00"},
		{ymd(2026, 10, 25), "03:00", "2026-10-25T03:00:00+03:00"},
		{ymd(2026, 10, 25), "03:30", "2026-10-25T03:30:00+03:00"},
		{ymd(2026, 10, 25), "04:00", "2026-10-25T04:00:00+02:00"},
		{ymd(2026, 10, 25), "24:00", "2026-10-26T00:00:00+02:00"},
		{ymd(2026, 6, 10), "12:34", "2026-06-10T12:34:00+03:00"},
	}
	for _, tt := range tests {
		c, err := ParseClock(tt.c)
		if err != nil {
			t.Fatal(err)
		}
		if got := tt.d.At(c, hel).Format(time.RFC3339); got != tt.want {
			t.Errorf("%s.At(%s): got %s, want %s", tt.d, tt.c, got, tt.want)
		}
	}
	// However the clocks change, a later wall time is never an earlier
	// instant, so no span of the plan can have a negative length.
	for _, d := range []Date{ymd(2026, 3, 29), ymd(2026, 10, 25)} {
		prev := d.At(0, hel)
		for c := Clock(1); c <= 24*60; c++ {
			at := d.At(c, hel)
			if at.Before(prev) {
				t.Fatalf("%s.At(%s) = %s is before At(%s) = %s", d, c, at, c-1, prev)
			}
			prev = at
		}
	}
}

// TestDaysUntil guards against the overflow of counting days through a
// time.Duration, which holds only about 292 years.
func TestDaysUntil(t *testing.T) {
	tests := []struct {
		d, e Date
		want int
	}{
		{ymd(2026, 3, 28), ymd(2026, 3, 30), 2},
		{ymd(2026, 3, 30), ymd(2026, 3, 28), -2},
		{ymd(2024, 2, 28), ymd(2024, 3, 1), 2},
		{ymd(1900, 1, 1), ymd(2999, 12, 31), 401766},
		{ymd(2999, 12, 31), ymd(1900, 1, 1), -401766},
		{ymd(1600, 1, 1), ymd(2000, 1, 1), 146097},
		{ymd(1, 1, 1), ymd(9999, 12, 31), 3652058},
	}
	for _, tt := range tests {
		if got := tt.d.DaysUntil(tt.e); got != tt.want {
			t.Errorf("%s.DaysUntil(%s): got %d, want %d", tt.d, tt.e, got, tt.want)
		}
	}
}

// TestDateAtSkippedDay guards At where a whole day was skipped: Samoa
// went from 2011-12-29 to 2011-12-31, so any time on the 30th is the
// instant of that jump.
func TestDateAtSkippedDay(t *testing.T) {
	apia, err := time.LoadLocation("Pacific/Apia")
	if err != nil {
		t.Fatal(err)
	}
	want := "2011-12-31T00:00:00+14:00"
	for _, c := range []Clock{0, 12*60 + 30, 23*60 + 59} {
		if got := (Date{2011, 12, 30}).At(c, apia).Format(time.RFC3339); got != want {
			t.Errorf("2011-12-30.At(%s) in Apia: got %s, want %s", c, got, want)
		}
	}
}

// TestParseDateErrors guards what a mistyped date is told: a day or month
// that is not there is named, so 29 February in a common year reads as
// that, not as a wrong shape.
func TestParseDateErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2027-02-29", `bad date "2027-02-29": February 2027 has 28 days`},
		{"2026-04-31", `bad date "2026-04-31": April 2026 has 30 days`},
		{"2026-13-01", `bad date "2026-13-01": there is no month 13`},
		{"2026-00-10", `bad date "2026-00-10": there is no month 0`},
		{"2026-11-00", `bad date "2026-11-00": November 2026 has 30 days`},
		{"26-11-25", `bad date "26-11-25": want YYYY-MM-DD`},
		{"2026-1-5", `bad date "2026-1-5": want YYYY-MM-DD`},
		{"tomorrow", `bad date "tomorrow": want YYYY-MM-DD`},
		{"1850-01-01", `bad date "1850-01-01": want a year from 1900 to 2999`},
	} {
		_, err := ParseDate(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseDate(%q): %v, want %s", tt.in, err, tt.want)
		}
	}
	if d, err := ParseDate("2028-02-29"); err != nil || d != (Date{2028, time.February, 29}) {
		t.Errorf("ParseDate(2028-02-29) = %v, %v: a leap day", d, err)
	}
}

// TestClockOf guards the time of day of an instant, in its own location.
func TestClockOf(t *testing.T) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip("no time zone data")
	}
	at := time.Date(2026, 11, 26, 6, 45, 59, 0, time.UTC)
	if got := ClockOf(at); got != 6*60+45 {
		t.Errorf("ClockOf(06:45:59 UTC) = %s, want 06:45", got)
	}
	if got := ClockOf(at.In(hel)); got != 8*60+45 {
		t.Errorf("ClockOf in Helsinki = %s, want 08:45", got)
	}
}
