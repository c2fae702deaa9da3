package routines

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

func ymd(y int, m time.Month, d int) Date { return Date{y, m, d} }

func TestParseCadence(t *testing.T) {
	tests := []struct {
		in       string
		str      string
		rule     string
		interval int
	}{
		{"daily", "daily", "FREQ=DAILY", 1},
		{"  Daily ", "daily", "FREQ=DAILY", 1},
		{"every day", "daily", "FREQ=DAILY", 1},
		{"every 1 days", "daily", "FREQ=DAILY", 1},
		{"weekdays", "weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 1},
		{"weekends", "weekends", "FREQ=WEEKLY;BYDAY=SA,SU", 1},
		{"weekly on mon,thu", "weekly on mon,thu", "FREQ=WEEKLY;BYDAY=MO,TH", 1},
		{"weekly on mon, thu", "weekly on mon,thu", "FREQ=WEEKLY;BYDAY=MO,TH", 1},
		{"weekly on thu,mon,thu", "weekly on mon,thu", "FREQ=WEEKLY;BYDAY=MO,TH", 1},
		{"Weekly on Monday and Thursday", "weekly on mon,thu", "FREQ=WEEKLY;BYDAY=MO,TH", 1},
		{"weekly on mondays", "weekly on mon", "FREQ=WEEKLY;BYDAY=MO", 1},
		{"weekly on mon,", "weekly on mon", "FREQ=WEEKLY;BYDAY=MO", 1},
		{"weekly on sun", "weekly on sun", "FREQ=WEEKLY;BYDAY=SU", 1},
		{"weekly on mon,tue,wed,thu,fri", "weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 1},
		{"weekly on mon,tue,wed,thu,fri,sat,sun", "daily", "FREQ=DAILY", 1},
		{"every week on fri", "weekly on fri", "FREQ=WEEKLY;BYDAY=FR", 1},
		{"every 2 weeks on fri", "every 2 weeks on fri", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", 2},
		{"every other week on sat,sun", "every 2 weeks on sat,sun", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU", 2},
		{"every 3 weeks on mon,tue,wed,thu,fri,sat,sun", "every 3 weeks on mon,tue,wed,thu,fri,sat,sun", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR,SA,SU", 3},
		{"every 3 days", "every 3 days", "FREQ=DAILY;INTERVAL=3", 3},
		{"monthly on 1", "monthly on 1", "FREQ=MONTHLY;BYMONTHDAY=1", 1},
		{"monthly on 15,1", "monthly on 1,15", "FREQ=MONTHLY;BYMONTHDAY=1,15", 1},
		{"monthly on -1", "monthly on -1", "FREQ=MONTHLY;BYMONTHDAY=-1", 1},
		{"monthly on -2, 31, -1", "monthly on 31,-1,-2", "FREQ=MONTHLY;BYMONTHDAY=31,-1,-2", 1},
		{"monthly on the 1st", "monthly on 1", "FREQ=MONTHLY;BYMONTHDAY=1", 1},
		{"monthly on the 1st and 15th", "monthly on 1,15", "FREQ=MONTHLY;BYMONTHDAY=1,15", 1},
		{"monthly on the 2nd, 3rd and last", "monthly on 2,3,-1", "FREQ=MONTHLY;BYMONTHDAY=2,3,-1", 1},
		{"monthly on the 11th, 21st and 22nd", "monthly on 11,21,22", "FREQ=MONTHLY;BYMONTHDAY=11,21,22", 1},
		{"monthly on 22th and 010", "monthly on 10,22", "FREQ=MONTHLY;BYMONTHDAY=10,22", 1},
		{"every 2 months on 1", "every 2 months on 1", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1", 2},
		{"RRULE:FREQ=WEEKLY;BYDAY=FR,MO;INTERVAL=1", "RRULE:FREQ=WEEKLY;BYDAY=MO,FR", "FREQ=WEEKLY;BYDAY=MO,FR", 1},
		{"rrule:freq=monthly;byday=-1fr", "RRULE:FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR", 1},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", 1},
		{"RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5;", "RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5", "FREQ=DAILY;INTERVAL=10;COUNT=5", 10},
		{"RRULE:FREQ=DAILY;UNTIL=20261231", "RRULE:FREQ=DAILY;UNTIL=20261231T000000Z", "FREQ=DAILY;UNTIL=20261231T000000Z", 1},
		{"RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", 1},
	}
	for _, tt := range tests {
		c, err := ParseCadence(tt.in)
		if err != nil {
			t.Errorf("ParseCadence(%q): got error %v, want none", tt.in, err)
			continue
		}
		if got := c.String(); got != tt.str {
			t.Errorf("ParseCadence(%q).String(): got %q, want %q", tt.in, got, tt.str)
		}
		if got := c.RRule(); got != tt.rule {
			t.Errorf("ParseCadence(%q).RRule(): got %q, want %q", tt.in, got, tt.rule)
		}
		if got := c.Interval(); got != tt.interval {
			t.Errorf("ParseCadence(%q).Interval(): got %d, want %d", tt.in, got, tt.interval)
		}
		again, err := ParseCadence(c.String())
		if err != nil || again != c {
			t.Errorf("ParseCadence(%q) does not read back its String %q: got %v, %v", tt.in, c.String(), again, err)
		}
	}
}

func TestParseCadenceErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string // the whole message, or a part of it after "..."
	}{
		{"", "cadence is empty: use daily, weekdays, weekends, weekly on mon,thu, every 2 weeks on fri, every 3 days, monthly on 1, or RRULE:..."},
		{"wekly on mon", `unknown cadence "wekly on mon" (did you mean "weekly on mon"?): use daily, weekdays, weekends, weekly on mon,thu, every 2 weeks on fri, every 3 days, monthly on 1, or RRULE:...`},
		{"dayly", `unknown cadence "dayly" (did you mean "daily"?): use daily,`},
		{"montly on 1,15", `unknown cadence "montly on 1,15" (did you mean "monthly on 1,15"?)`},
		{"sometimes", `unknown cadence "sometimes": use daily,`},
		{"daily at 9", `unknown cadence "daily at 9": use`},
		{"every 2 fortnights", `unknown cadence "every 2 fortnights": use`},
		{"every 3 days on mon", `unknown cadence "every 3 days on mon"`},
		{"weekly", `cadence "weekly": name the days, like weekly on mon,thu`},
		{"weekly on", `cadence "weekly on": name the days, like weekly on mon,thu`},
		{"every 2 weeks", `cadence "every 2 weeks": name the days, like every 2 weeks on fri`},
		{"weekly on mno", `cadence "weekly on mno": "mno" is not a day (did you mean "mon"?): use mon, tue, wed, thu, fri, sat, sun`},
		{"weekly on funday", `"funday" is not a day`},
		{"weekly on tusday", `"tusday" is not a day (did you mean "tue"?)`},
		{"monthly", `cadence "monthly": name the days of the month, like monthly on 1`},
		{"monthly on 32", `cadence "monthly on 32": "32" is not a day of the month: use 1 to 31, or -1 for the last day`},
		{"monthly on 0", `"0" is not a day of the month`},
		{"monthly on -32", `"-32" is not a day of the month`},
		{"monthly on first", `"first" is not a day of the month`},
		{"monthly on th", `"th" is not a day of the month`},
		{"monthly on -1st", `"-1st" is not a day of the month`},
		{"monthly on the", `cadence "monthly on the": name the days of the month, like monthly on 1`},
		{"every 0 days", `cadence "every 0 days": the interval must be between 1 and 1000, not 0`},
		{"every 1001 days", `the interval must be between 1 and 1000, not 1001`},
		{"every -2 days", `the interval must be between 1 and 1000, not -2`},
		{"every 2.5 days", `"2.5" is not a whole number`},
		{"RRULE:FREQ=SECONDLY", `cadence "RRULE:FREQ=SECONDLY": FREQ=SECONDLY is finer than a day: use DAILY, WEEKLY, MONTHLY or YEARLY`},
		{"RRULE:FREQ=MINUTELY", `FREQ=MINUTELY is finer than a day`},
		{"RRULE:FREQ=HOURLY", `FREQ=HOURLY is finer than a day`},
		{"RRULE:FREQ=FORTNIGHTLY", `cadence "RRULE:FREQ=FORTNIGHTLY": FREQ=FORTNIGHTLY: want DAILY, WEEKLY, MONTHLY or YEARLY`},
		{"RRULE:INTERVAL=2", `cadence "RRULE:INTERVAL=2": an RRULE needs FREQ, like RRULE:FREQ=WEEKLY;BYDAY=MO,TH`},
		{"RRULE:", `an RRULE needs FREQ`},
		{"RRULE:FREQ=WEEKLY;BYDAY=XX", `BYDAY=XX: want days like MO,TH, or numbered days like -1FR in a monthly or yearly rule`},
		{"RRULE:FREQ=WEEKLY;BYDAY=MO,,TH", `BYDAY=MO,,TH: want days like MO,TH`},
		{"RRULE:FREQ=MONTHLY;BYDAY=XFR", `BYDAY=XFR: want days like MO,TH`},
		{"RRULE:FREQ=MONTHLY;BYMONTHDAY=a", `BYMONTHDAY=A: want whole numbers separated by commas, like BYMONTHDAY=1,2`},
		{"RRULE:FREQ=WEEKLY;WKST=SUN", `WKST=SUN: want one day: MO, TU, WE, TH, FR, SA or SU`},
		{"RRULE:FREQ=DAILY;COUNT=many", `COUNT=MANY: want a whole number`},
		{"RRULE:FREQ=DAILY;DTSTART=20240101", `the series starts on the routine's since date: remove DTSTART`},
		{"RRULE:FREQ=DAILY;UNTIL=garbage", `UNTIL=GARBAGE: want a date like 20261231`},
		{"RRULE:FREQ=DAILY;UNTIL=2026", `UNTIL=2026: want a date`},
		{"RRULE:FREQ=DAILY;UNTIL=20261340", `UNTIL=20261340: want a date`},
		{"RRULE:FREQ=DAILY;BYHOUR=9", `the time of day goes in at`},
		{"RRULE:FREQ=DAILY;BYEASTER=0", `BYEASTER is not part of RFC 5545`},
		{"RRULE:FREQ=DAILY;INTERVL=2", `unknown RRULE part "INTERVL" (did you mean "INTERVAL"?)`},
		{"RRULE:FREQ=DAILY;FREQ=WEEKLY", `FREQ is given twice`},
		{"RRULE:FREQ=DAILY;INTERVAL=0", `INTERVAL=0 must be between 1 and 1000`},
		{"RRULE:FREQ=DAILY;INTERVAL=99999999999", `INTERVAL=99999999999 must be between 1 and 1000`},
		{"RRULE:FREQ=DAILY;COUNT=0", `COUNT=0 must be 1 or more`},
		{"RRULE:FREQ=DAILY;COUNT", `"COUNT" is not KEY=VALUE`},
		{"RRULE:FREQ=WEEKLY; BYDAY=MO", `an RRULE is one line with no spaces`},
		{"RRULE:FREQ=WEEKLY;BYMONTHDAY=1", `BYMONTHDAY cannot be used with FREQ=WEEKLY`},
		{"RRULE:FREQ=MONTHLY;BYYEARDAY=100", `BYYEARDAY needs FREQ=YEARLY`},
		{"RRULE:FREQ=MONTHLY;BYWEEKNO=1", `BYWEEKNO needs FREQ=YEARLY`},
		{"RRULE:FREQ=WEEKLY;BYDAY=1MO", `a numbered BYDAY like +1MO needs FREQ=MONTHLY or FREQ=YEARLY`},
		{"RRULE:FREQ=MONTHLY;BYSETPOS=1", `BYSETPOS needs another BY part`},
		{"RRULE:FREQ=MONTHLY;BYMONTHDAY=32", `bymonthday must be between 1 and 31`},
		{"RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", `cadence "RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30": the rule never occurs`},
		{"RRULE:FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", `the rule never occurs`},
		{"RRULE:FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1", `the rule never occurs`},
	}
	for _, tt := range tests {
		c, err := ParseCadence(tt.in)
		if err == nil {
			t.Errorf("ParseCadence(%q): got %q, want error %q", tt.in, c, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCadence(%q): got error %q, want it to contain %q", tt.in, err, tt.want)
		}
		if !c.IsZero() {
			t.Errorf("ParseCadence(%q): got cadence %q with the error, want the zero Cadence", tt.in, c)
		}
	}
}

// expandRRule is the day set rrule-go makes of c's RRULE with DTSTART on
// anchor, between from and to.
func expandRRule(t *testing.T, c Cadence, anchor, from, to Date) map[Date]bool {
	t.Helper()
	opt, err := rrule.StrToROption(c.RRule())
	if err != nil {
		t.Fatalf("rrule-go cannot read %q: %v", c.RRule(), err)
	}
	opt.Dtstart = anchor.Time(time.UTC)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		t.Fatalf("rrule-go rejects %q: %v", c.RRule(), err)
	}
	days := map[Date]bool{}
	for _, tm := range r.Between(from.Time(time.UTC), to.Time(time.UTC), true) {
		days[DateOf(tm)] = true
	}
	return days
}

// TestCadenceOccursAgreesWithRRule guards the one-to-one mapping: the days
// Occurs answers are the days the exported RRULE expands to.
func TestCadenceOccursAgreesWithRRule(t *testing.T) {
	forms := []string{
		"daily", "weekdays", "weekends", "weekly on mon,thu", "weekly on sun",
		"every 2 weeks on fri", "every 2 weeks on mon,sun", "every 3 weeks on wed",
		"every 3 days", "every 7 days", "monthly on 1", "monthly on 1,15",
		"monthly on 31", "monthly on 30", "monthly on 29", "monthly on -1", "monthly on -31,-2",
		"every 2 months on 1", "every 3 months on 31", "every 12 months on 29",
		"RRULE:FREQ=MONTHLY;BYDAY=-1FR", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
		"RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,TU", "RRULE:FREQ=DAILY;COUNT=10",
		"RRULE:FREQ=WEEKLY;UNTIL=20250301", "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
		"RRULE:FREQ=WEEKLY",
	}
	anchors := []Date{ymd(2024, 1, 1), ymd(2024, 2, 29), ymd(2025, 3, 19), ymd(2026, 1, 31), ymd(2023, 12, 31)}
	for _, form := range forms {
		c, err := ParseCadence(form)
		if err != nil {
			t.Fatalf("ParseCadence(%q): %v", form, err)
		}
		for _, anchor := range anchors {
			from := anchor.AddDays(-10)
			to := anchor.AddDays(2 * 366)
			want := expandRRule(t, c, anchor, from, to)
			for d := from; !d.After(to); d = d.AddDays(1) {
				if got := c.Occurs(d, anchor); got != want[d] {
					t.Errorf("%q anchored %s: Occurs(%s) got %v, want %v (RRULE %s)", form, anchor, d, got, want[d], c.RRule())
				}
			}
		}
	}
}

func TestCadenceNext(t *testing.T) {
	tests := []struct {
		cadence      string
		from, anchor Date
		want         Date
		ok           bool
	}{
		{"daily", ymd(2026, 3, 1), ymd(2024, 1, 1), ymd(2026, 3, 1), true},
		{"every 3 days", ymd(2024, 1, 2), ymd(2024, 1, 1), ymd(2024, 1, 4), true},
		{"every 3 days", ymd(2023, 1, 1), ymd(2024, 1, 1), ymd(2024, 1, 1), true},
		{"weekly on fri", ymd(2026, 7, 4), ymd(2024, 1, 1), ymd(2026, 7, 10), true},
		{"every 2 weeks on mon", ymd(2024, 1, 2), ymd(2024, 1, 1), ymd(2024, 1, 15), true},
		{"monthly on 31", ymd(2026, 4, 1), ymd(2024, 1, 1), ymd(2026, 5, 31), true},
		{"monthly on -1", ymd(2026, 2, 10), ymd(2024, 1, 1), ymd(2026, 2, 28), true},
		{"every 12 months on 29", ymd(2024, 3, 1), ymd(2024, 2, 1), ymd(2028, 2, 29), true},
		{"every 12 months on 31", ymd(2024, 4, 1), ymd(2024, 4, 1), Date{}, false},
		{"RRULE:FREQ=MONTHLY;BYDAY=-1FR", ymd(2026, 5, 30), ymd(2024, 1, 1), ymd(2026, 6, 26), true},
		{"RRULE:FREQ=DAILY;COUNT=3", ymd(2024, 1, 10), ymd(2024, 1, 1), Date{}, false},
		{"RRULE:FREQ=DAILY;COUNT=3", ymd(2024, 1, 3), ymd(2024, 1, 1), ymd(2024, 1, 3), true},
	}
	for _, tt := range tests {
		c, err := ParseCadence(tt.cadence)
		if err != nil {
			t.Fatalf("ParseCadence(%q): %v", tt.cadence, err)
		}
		got, ok := c.Next(tt.from, tt.anchor)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q anchored %s: Next(%s) got %s, %v; want %s, %v", tt.cadence, tt.anchor, tt.from, got, ok, tt.want, tt.ok)
		}
		if ok && !c.Occurs(got, tt.anchor) {
			t.Errorf("%q anchored %s: Next(%s) = %s, which Occurs denies", tt.cadence, tt.anchor, tt.from, got)
		}
	}
	if _, ok := (Cadence{}).Next(ymd(2026, 1, 1), DefaultAnchor); ok {
		t.Errorf("zero Cadence: Next got ok, want none")
	}
}

// TestCadenceLast guards the end of a counted series: COUNT counts from
// the anchor's first occurrence, so the last day depends on the anchor.
func TestCadenceLast(t *testing.T) {
	tests := []struct {
		cadence string
		anchor  Date
		want    Date
		ok      bool
	}{
		{"RRULE:FREQ=DAILY;COUNT=3", ymd(2024, 1, 1), ymd(2024, 1, 3), true},
		{"RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=100", ymd(2026, 1, 5), ymd(2027, 11, 29), true},
		// The anchor is a Wednesday: the first of the 4 Mondays is the 8th.
		{"RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4", ymd(2026, 4, 1), ymd(2026, 4, 27), true},
		{"RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=2", ymd(2026, 1, 1), ymd(2026, 3, 31), true},
		{"RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20260617", ymd(2026, 6, 1), ymd(2026, 6, 17), true},
		{"RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20260617", ymd(2026, 6, 18), Date{}, false},
		{"RRULE:FREQ=MONTHLY;BYDAY=1MO", ymd(2024, 1, 1), Date{}, false},
		{"daily", ymd(2024, 1, 1), Date{}, false},
	}
	for _, tt := range tests {
		c, err := ParseCadence(tt.cadence)
		if err != nil {
			t.Fatalf("ParseCadence(%q): %v", tt.cadence, err)
		}
		got, ok := c.Last(tt.anchor)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q anchored %s: Last got %s, %v; want %s, %v", tt.cadence, tt.anchor, got, ok, tt.want, tt.ok)
		}
		if _, more := c.Next(got.AddDays(1), tt.anchor); ok && (!c.Occurs(got, tt.anchor) || more) {
			t.Errorf("%q anchored %s: Last = %s, which is not the series' last day by Occurs and Next", tt.cadence, tt.anchor, got)
		}
	}
	if _, ok := (Cadence{}).Last(DefaultAnchor); ok {
		t.Errorf("zero Cadence: Last got ok, want none")
	}
}

func TestZeroCadence(t *testing.T) {
	var c Cadence
	if c.Occurs(ymd(2026, 1, 1), DefaultAnchor) || c.String() != "" || c.RRule() != "" || c.Interval() != 0 || !c.IsZero() {
		t.Errorf("zero Cadence: got Occurs true or a non-empty form (%q, %q, %d), want nothing", c.String(), c.RRule(), c.Interval())
	}
}

// TestRawRuleConcurrent guards the cached expansion of raw rules against
// data races when several goroutines ask about the same series.
func TestRawRuleConcurrent(t *testing.T) {
	c, err := ParseCadence("RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU")
	if err != nil {
		t.Fatal(err)
	}
	anchor := ymd(2025, 6, 4)
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for g := range counts {
		wg.Go(func() {
			for d := anchor; d.Before(ymd(2027, 6, 4)); d = d.AddDays(1) {
				if c.Occurs(d, anchor) {
					counts[g]++
				}
			}
		})
	}
	wg.Wait()
	for g, n := range counts {
		if n != 34 {
			t.Errorf("goroutine %d: got %d occurrences in two years, want 34", g, n)
		}
	}
}

func TestDayNumber(t *testing.T) {
	start := time.Date(1599, 12, 25, 0, 0, 0, 0, time.UTC) // midnight: Unix() is a whole number of days
	for i := 0; i < 366*1000; i += 7 {
		tm := start.AddDate(0, 0, i)
		d := DateOf(tm)
		want := int(tm.Unix() / 86400)
		if got := dayNumber(d); got != want {
			t.Fatalf("dayNumber(%s): got %d, want %d", d, got, want)
		}
		if got := dateOf(want); got != d {
			t.Fatalf("dateOf(%d): got %s, want %s", want, got, d)
		}
		if got := weekdayOf(want); got != tm.Weekday() {
			t.Fatalf("weekdayOf(%s): got %v, want %v", d, got, tm.Weekday())
		}
	}
}

func TestRoutineDueOn(t *testing.T) {
	since := ymd(2026, 3, 4) // a Wednesday
	tests := []struct {
		name string
		r    Routine
		d    Date
		want bool
	}{
		{"daily", Routine{Cadence: "daily"}, ymd(2026, 3, 1), true},
		{"before the default anchor", Routine{Cadence: "daily"}, ymd(2023, 12, 31), false},
		{"before since", Routine{Cadence: "daily", Since: &since}, ymd(2026, 3, 3), false},
		{"on since", Routine{Cadence: "daily", Since: &since}, since, true},
		{"interval from since", Routine{Cadence: "every 2 weeks on fri", Since: &since}, ymd(2026, 3, 6), true},
		{"off week from since", Routine{Cadence: "every 2 weeks on fri", Since: &since}, ymd(2026, 3, 13), false},
		{"interval from default anchor", Routine{Cadence: "every 2 weeks on mon"}, ymd(2024, 1, 15), true},
		{"off week from default anchor", Routine{Cadence: "every 2 weeks on mon"}, ymd(2024, 1, 8), false},
		{"invalid cadence", Routine{Cadence: "wekly on mon"}, ymd(2026, 3, 2), false},
		{"no cadence", Routine{}, ymd(2026, 3, 2), false},
		{"status is ignored", Routine{Cadence: "weekdays", Status: RoutineRetired}, ymd(2026, 3, 2), true},
	}
	for _, tt := range tests {
		if got := tt.r.DueOn(tt.d); got != tt.want {
			t.Errorf("%s: DueOn(%s) got %v, want %v", tt.name, tt.d, got, tt.want)
		}
	}
	if got := (&Routine{}).Anchor(); got != DefaultAnchor || got.Weekday() != time.Monday {
		t.Errorf("Anchor without since: got %s (%v), want %s, a Monday", got, got.Weekday(), DefaultAnchor)
	}
}

func TestOSSettings(t *testing.T) {
	tests := []struct {
		s     Settings
		loc   string
		start time.Weekday
		grid  time.Duration
	}{
		{Settings{}, "UTC", time.Monday, 15 * time.Minute},
		{Settings{Timezone: "Europe/Helsinki", WeekStart: "sun", Calendar: CalendarSettings{Grid: "30m"}}, "Europe/Helsinki", time.Sunday, 30 * time.Minute},
		{Settings{Timezone: "Mars/Olympus", WeekStart: "funday", Calendar: CalendarSettings{Grid: "7m"}}, "UTC", time.Monday, 15 * time.Minute},
		{Settings{Timezone: "Local", Calendar: CalendarSettings{Grid: "-15m"}}, "UTC", time.Monday, 15 * time.Minute},
		{Settings{Timezone: "America/New_York", WeekStart: "sat", Calendar: CalendarSettings{Grid: "1h"}}, "America/New_York", time.Saturday, time.Hour},
	}
	for _, tt := range tests {
		o := &OS{Settings: tt.s}
		if got := o.Location().String(); got != tt.loc {
			t.Errorf("%+v: Location got %s, want %s", tt.s, got, tt.loc)
		}
		if got := o.WeekStart(); got != tt.start {
			t.Errorf("%+v: WeekStart got %v, want %v", tt.s, got, tt.start)
		}
		if got := o.Grid(); got != tt.grid {
			t.Errorf("%+v: Grid got %v, want %v", tt.s, got, tt.grid)
		}
	}
}

func FuzzParseCadence(f *testing.F) {
	for _, s := range []string{
		"daily", "weekdays", "weekends", "weekly on mon,thu", "weekly on mon, thu",
		"every 2 weeks on fri", "every 3 days", "monthly on 1", "monthly on 1,15",
		"monthly on -1", "every other week on sat and sun", "every 2 months on 31",
		"RRULE:FREQ=WEEKLY;BYDAY=MO,TH", "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
		"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3", "RRULE:FREQ=DAILY;UNTIL=20261231",
		"RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "wekly on mon", "", "every",
		"RRULE:", "FREQ=", "RRULE:FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCadence(s)
		if err != nil {
			if !c.IsZero() {
				t.Fatalf("ParseCadence(%q): got %q with error %v, want the zero Cadence", s, c, err)
			}
			return
		}
		again, err := ParseCadence(c.String())
		if err != nil {
			t.Fatalf("ParseCadence(%q).String() = %q does not parse: %v", s, c.String(), err)
		}
		if again.RRule() != c.RRule() {
			t.Fatalf("ParseCadence(%q): String %q reads back as RRULE %q, want %q", s, c.String(), again.RRule(), c.RRule())
		}
		if _, err := rrule.StrToRRule(c.RRule()); err != nil {
			t.Fatalf("ParseCadence(%q): rrule-go rejects its RRULE %q: %v", s, c.RRule(), err)
		}
		c.Occurs(ymd(2026, 3, 29), DefaultAnchor)
	})
}

// BenchmarkDueOn is the hot path of stats: ten years of days for 40
// routines of every cadence form.
func BenchmarkDueOn(b *testing.B) {
	o := benchOS()
	start := ymd(2016, 1, 1)
	for b.Loop() {
		for i := range 3650 {
			d := start.AddDays(i)
			for j := range o.Routines {
				o.Routines[j].DueOn(d)
			}
		}
	}
}
