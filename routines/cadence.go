package routines

// This file keeps one rule: every cadence a person can write maps onto
// exactly one RFC 5545 recurrence rule, and Occurs answers the same days
// that rule expands to when its DTSTART is the series' anchor.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/teambition/rrule-go"
)

// cadenceForms lists the accepted forms, for error messages.
const cadenceForms = "daily, weekdays, weekends, weekly on mon,thu, every 2 weeks on fri, every 3 days, monthly on 1, or RRULE:..."

// maxInterval bounds "every N ..." and INTERVAL: past a thousand periods a
// cadence is no longer a routine, and huge values would make expansion slow.
const maxInterval = 1000

// DefaultAnchor is the first day of a routine's series when it has no
// since date: Monday 2024-01-01. Interval cadences count their periods
// from it, and a routine without since is not due before it.
var DefaultAnchor = Date{2024, time.January, 1}

type cadenceForm uint8

const (
	formNone    cadenceForm = iota
	formDaily               // FREQ=DAILY;INTERVAL=n
	formWeekly              // FREQ=WEEKLY;INTERVAL=n;BYDAY=...
	formMonthly             // FREQ=MONTHLY;INTERVAL=n;BYMONTHDAY=...
	formRule                // a raw RRULE
)

// Weekday masks: bit i is time.Weekday(i).
const (
	maskWeekdays uint8 = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday
	maskWeekends uint8 = 1<<time.Saturday | 1<<time.Sunday
	maskAll            = maskWeekdays | maskWeekends
)

// Cadence is a parsed cadence: how often a routine comes round. The zero
// value is invalid; get one from ParseCadence. Cadences are comparable.
type Cadence struct {
	form     cadenceForm
	interval int
	// weekdays is the day mask of formWeekly.
	weekdays uint8
	// monthdays is the day set of formMonthly: bit d-1 for day d (1..31),
	// bit 31+k for day -k (-1..-31, counted from the month's end).
	monthdays uint64
	// rule is the canonical RRULE of formRule, without "RRULE:".
	rule string
}

// IsZero reports whether c is the zero, invalid Cadence.
func (c Cadence) IsZero() bool { return c.form == formNone }

// IsRule reports whether c is a raw RRULE (given as RRULE:... or
// FREQ=...), whose COUNT and BYSETPOS count from its since date.
func (c Cadence) IsRule() bool { return c.form == formRule }

// Interval is the number of periods between occurrences: 2 for "every 2
// weeks on fri", 1 for "daily" or "weekly on mon", 0 for the zero Cadence.
func (c Cadence) Interval() int { return c.interval }

// String is the canonical English form ("weekly on mon,thu"), or
// "RRULE:..." for a raw rule. ParseCadence reads it back to the same
// cadence.
func (c Cadence) String() string {
	n := strconv.Itoa(c.interval)
	switch c.form {
	case formDaily:
		if c.interval == 1 {
			return "daily"
		}
		return "every " + n + " days"
	case formWeekly:
		if c.interval == 1 {
			switch c.weekdays {
			case maskWeekdays:
				return "weekdays"
			case maskWeekends:
				return "weekends"
			}
			return "weekly on " + strings.Join(c.dayNames(), ",")
		}
		return "every " + n + " weeks on " + strings.Join(c.dayNames(), ",")
	case formMonthly:
		if c.interval == 1 {
			return "monthly on " + joinInts(c.monthDays())
		}
		return "every " + n + " months on " + joinInts(c.monthDays())
	case formRule:
		return "RRULE:" + c.rule
	}
	return ""
}

// RRule is the cadence as an RFC 5545 recurrence rule without DTSTART and
// without the "RRULE:" prefix, like "FREQ=WEEKLY;BYDAY=MO,TH". Exports set
// DTSTART to the series' anchor (or its first occurrence, see Next).
func (c Cadence) RRule() string {
	var b strings.Builder
	switch c.form {
	case formDaily:
		b.WriteString("FREQ=DAILY")
	case formWeekly:
		b.WriteString("FREQ=WEEKLY")
	case formMonthly:
		b.WriteString("FREQ=MONTHLY")
	case formRule:
		return c.rule
	default:
		return ""
	}
	if c.interval > 1 {
		b.WriteString(";INTERVAL=" + strconv.Itoa(c.interval))
	}
	switch c.form {
	case formWeekly:
		codes := make([]string, 0, 7)
		for _, wd := range weekOrder {
			if c.weekdays&(1<<wd) != 0 {
				codes = append(codes, strings.ToUpper(WeekdayName(wd)[:2]))
			}
		}
		b.WriteString(";BYDAY=" + strings.Join(codes, ","))
	case formMonthly:
		b.WriteString(";BYMONTHDAY=" + joinInts(c.monthDays()))
	}
	return b.String()
}

// weekOrder is the days of an ISO week, the order cadences list them in.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func (c Cadence) dayNames() []string {
	var names []string
	for _, wd := range weekOrder {
		if c.weekdays&(1<<wd) != 0 {
			names = append(names, WeekdayName(wd))
		}
	}
	return names
}

// monthDays lists the days of a monthly cadence: 1..31 ascending, then
// -1, -2, ... (last day, the one before it, ...).
func (c Cadence) monthDays() []int {
	var days []int
	for d := 1; d <= 31; d++ {
		if c.monthdays&(1<<(d-1)) != 0 {
			days = append(days, d)
		}
	}
	for k := 1; k <= 31; k++ {
		if c.monthdays&(1<<(31+k)) != 0 {
			days = append(days, -k)
		}
	}
	return days
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// Occurs reports whether d is a day of the cadence in the series that
// starts on anchor. Days before anchor are not. "every 3 days" counts from
// anchor; "every 2 weeks on fri" counts ISO weeks (Monday to Sunday, as
// RRULE's WKST=MO) from the week that holds anchor; "every 2 months on 1"
// counts months from anchor's month. A monthly day the month lacks (31 in
// April, 30 in February) is skipped, as RFC 5545 does.
func (c Cadence) Occurs(d, anchor Date) bool {
	if c.form == formNone {
		return false
	}
	dn, an := dayNumber(d), dayNumber(anchor)
	if dn < an {
		return false
	}
	switch c.form {
	case formDaily:
		return (dn-an)%c.interval == 0
	case formWeekly:
		if c.weekdays&(1<<weekdayOf(dn)) == 0 {
			return false
		}
		if c.interval == 1 {
			return true
		}
		weeks := (dn - mondayOf(an)) / 7
		return weeks%c.interval == 0
	case formMonthly:
		if c.interval > 1 && (monthIndex(d)-monthIndex(anchor))%c.interval != 0 {
			return false
		}
		return c.monthHas(d.Day, daysIn(d.Year, d.Month))
	case formRule:
		return seriesFor(c.rule, anchor).occurs(dn - an)
	}
	return false
}

// monthHas reports whether day (of a month with n days) is one of the
// cadence's month days.
func (c Cadence) monthHas(day, n int) bool {
	return c.monthdays&(1<<(day-1)) != 0 || c.monthdays&(1<<(31+n-day+1)) != 0
}

// Next is the first day on or after from (and on or after anchor) on which
// the cadence occurs, in the series that starts on anchor; false when there
// is none, as for "every 12 months on 31" anchored in April. Exports use
// Next(anchor, anchor) as DTSTART, which RFC 5545 wants to be an occurrence.
func (c Cadence) Next(from, anchor Date) (Date, bool) {
	if c.form == formNone {
		return Date{}, false
	}
	if from.Before(anchor) {
		from = anchor
	}
	fn, an := dayNumber(from), dayNumber(anchor)
	switch c.form {
	case formDaily:
		off := (fn - an) % c.interval
		if off != 0 {
			fn += c.interval - off
		}
		return dateOf(fn), true
	case formWeekly:
		for n := fn; n < fn+7*c.interval; n++ {
			if c.Occurs(dateOf(n), anchor) {
				return dateOf(n), true
			}
		}
		return Date{}, false
	case formMonthly:
		// The Gregorian calendar repeats every 400 years (4800 months), so
		// 4800 periods visit every month an interval can reach.
		m := monthIndex(from)
		if off := (m - monthIndex(anchor)) % c.interval; off != 0 {
			m += c.interval - off
		}
		for i := 0; i < 4800; i, m = i+1, m+c.interval {
			y, mo := m/12, time.Month(m%12+1)
			n := daysIn(y, mo)
			first := 1
			if y == from.Year && mo == from.Month {
				first = from.Day
			}
			for day := first; day <= n; day++ {
				if c.monthHas(day, n) {
					return Date{y, mo, day}, true
				}
			}
		}
		return Date{}, false
	case formRule:
		off, ok := seriesFor(c.rule, anchor).first(fn - an)
		if !ok {
			return Date{}, false
		}
		return dateOf(an + off), true
	}
	return Date{}, false
}

// Last is the last day of the series that starts on anchor, for a raw
// rule that ends: after COUNT occurrences, or at UNTIL. It is false for a
// series without end (every English cadence, a rule with neither) and for
// one that never occurs. Exports use it to turn COUNT, which counts from
// the series' first day, into the last day of a series that starts later.
func (c Cadence) Last(anchor Date) (Date, bool) {
	if c.form != formRule {
		return Date{}, false
	}
	opt, err := rrule.StrToROption(c.rule)
	if err != nil || opt.Count == 0 && opt.Until.IsZero() {
		return Date{}, false
	}
	s := seriesFor(c.rule, anchor)
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.done {
		s.pull()
	}
	if s.reached == 0 {
		return Date{}, false
	}
	return dateOf(s.anchor + s.reached - 1), true
}

// ParseCadence reads a cadence: daily, weekdays, weekends, "weekly on
// mon,thu", "every 2 weeks on fri", "every 3 days", "monthly on 1,15"
// ("monthly on -1" is the last day of the month), "every 2 months on 1",
// or a raw "RRULE:FREQ=..." of frequency DAILY, WEEKLY, MONTHLY or YEARLY.
// Day names may be written in full ("monday", "mondays") and words in any
// case. The error is one sentence that names the accepted forms and, for a
// typo, the form that was probably meant.
func ParseCadence(s string) (Cadence, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Cadence{}, fmt.Errorf("cadence is empty: use %s", cadenceForms)
	}
	u := strings.ToUpper(t)
	if strings.HasPrefix(u, "RRULE:") || strings.HasPrefix(u, "FREQ=") {
		return parseRule(s, strings.TrimSpace(strings.TrimPrefix(u, "RRULE:")))
	}
	c, err := parseEnglish(t)
	if !errors.Is(err, errUnknownCadence) {
		if err != nil {
			return Cadence{}, fmt.Errorf("cadence %q: %w", s, err)
		}
		return c, nil
	}
	msg := fmt.Sprintf("unknown cadence %q", s)
	if hint := suggestCadence(t); hint != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", hint)
	}
	return Cadence{}, errors.New(msg + ": use " + cadenceForms)
}

var errUnknownCadence = errors.New("unknown cadence")

// cadenceHeads are the words an English cadence starts with.
var cadenceHeads = []string{"daily", "weekdays", "weekends", "weekly", "every", "monthly"}

// suggestCadence fixes a typo in the first word, when that is all it takes.
func suggestCadence(t string) string {
	first, rest, _ := strings.Cut(strings.ToLower(t), " ")
	if s := Suggest(first, cadenceHeads); s != "" && s != first {
		if c, err := parseEnglish(strings.TrimSpace(s + " " + rest)); err == nil {
			return c.String()
		}
	}
	return ""
}

func parseEnglish(t string) (Cadence, error) {
	toks := strings.Fields(strings.ReplaceAll(strings.ToLower(t), ",", " , "))
	head, rest := toks[0], toks[1:]
	switch head {
	case "daily":
		if len(rest) == 0 {
			return Cadence{form: formDaily, interval: 1}, nil
		}
	case "weekdays", "weekends":
		if len(rest) == 0 {
			m := maskWeekdays
			if head == "weekends" {
				m = maskWeekends
			}
			return Cadence{form: formWeekly, interval: 1, weekdays: m}, nil
		}
	case "weekly":
		return parseWeekly(1, rest, "weekly on mon,thu")
	case "monthly":
		return parseMonthly(1, rest, "monthly on 1")
	case "every":
		return parseEvery(rest)
	}
	return Cadence{}, errUnknownCadence
}

// parseEvery reads what follows "every": "3 days", "day", "other week on
// fri", "2 weeks on fri", "2 months on 1".
func parseEvery(toks []string) (Cadence, error) {
	n := 1
	if len(toks) > 0 {
		if toks[0] == "other" {
			n, toks = 2, toks[1:]
		} else if v, err := strconv.Atoi(toks[0]); err == nil {
			if v < 1 || v > maxInterval {
				return Cadence{}, fmt.Errorf("the interval must be between 1 and %d, not %d", maxInterval, v)
			}
			n, toks = v, toks[1:]
		} else if toks[0][0] >= '0' && toks[0][0] <= '9' || toks[0][0] == '-' {
			return Cadence{}, fmt.Errorf("%q is not a whole number: write it like every 3 days", toks[0])
		}
	}
	if len(toks) == 0 {
		return Cadence{}, errUnknownCadence
	}
	unit, rest := toks[0], toks[1:]
	switch unit {
	case "day", "days":
		if len(rest) == 0 {
			return Cadence{form: formDaily, interval: n}, nil
		}
	case "week", "weeks":
		return parseWeekly(n, rest, "every 2 weeks on fri")
	case "month", "months":
		return parseMonthly(n, rest, "every 2 months on 1")
	}
	return Cadence{}, errUnknownCadence
}

// listItems splits what follows "on" into items; commas and "and"
// separate them, and the "on" itself may be left out.
func listItems(toks []string) []string {
	if len(toks) > 0 && toks[0] == "on" {
		toks = toks[1:]
	}
	var items []string
	for _, t := range toks {
		if t != "," && t != "and" {
			items = append(items, t)
		}
	}
	return items
}

var fullDayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

func parseWeekly(n int, toks []string, example string) (Cadence, error) {
	items := listItems(toks)
	if len(items) == 0 {
		return Cadence{}, fmt.Errorf("name the days, like %s", example)
	}
	var mask uint8
	for _, it := range items {
		wd, ok := ParseWeekday(it)
		if !ok {
			if i := slices.Index(fullDayNames, strings.TrimSuffix(it, "s")); i >= 0 {
				wd, ok = weekOrder[i], true
			}
		}
		if !ok {
			msg := fmt.Sprintf("%q is not a day", it)
			if s := SuggestDay(it); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return Cadence{}, errors.New(msg + ": use mon, tue, wed, thu, fri, sat, sun")
		}
		mask |= 1 << wd
	}
	if n == 1 && mask == maskAll {
		return Cadence{form: formDaily, interval: 1}, nil
	}
	return Cadence{form: formWeekly, interval: n, weekdays: mask}, nil
}

func parseMonthly(n int, toks []string, example string) (Cadence, error) {
	items := listItems(toks)
	if len(items) == 0 {
		return Cadence{}, fmt.Errorf("name the days of the month, like %s", example)
	}
	var set uint64
	for _, it := range items {
		if it == "the" {
			continue // "monthly on the 1st"
		}
		d, err := monthDay(it)
		switch {
		case err != nil || d == 0 || d > 31 || d < -31:
			return Cadence{}, fmt.Errorf("%q is not a day of the month: use 1 to 31, or -1 for the last day", it)
		case d > 0:
			set |= 1 << (d - 1)
		default:
			set |= 1 << (31 - d)
		}
	}
	if set == 0 {
		return Cadence{}, fmt.Errorf("name the days of the month, like %s", example)
	}
	return Cadence{form: formMonthly, interval: n, monthdays: set}, nil
}

// monthDay reads a day of the month as a cadence names it: 15, 15th,
// -1, or last (-1). Any of the endings st, nd, rd and th is taken on a
// number (22th is the 22nd: the day is clear).
func monthDay(s string) (int, error) {
	if s == "last" {
		return -1, nil
	}
	for _, end := range []string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(s, end); ok && n != "" && n[0] >= '0' && n[0] <= '9' {
			return strconv.Atoi(n)
		}
	}
	return strconv.Atoi(s)
}

// rulePartsBanned are RRULE parts a cadence may not use, and why.
var rulePartsBanned = map[string]string{
	"DTSTART":  "the series starts on the routine's since date: remove DTSTART",
	"BYHOUR":   "a cadence says which days; the time of day goes in at",
	"BYMINUTE": "a cadence says which days; the time of day goes in at",
	"BYSECOND": "a cadence says which days; the time of day goes in at",
	"BYEASTER": "BYEASTER is not part of RFC 5545",
}

var ruleParts = []string{"FREQ", "INTERVAL", "WKST", "COUNT", "UNTIL", "BYSETPOS", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY"}

// parseRule reads a raw RRULE (body is upper case, without "RRULE:").
func parseRule(orig, body string) (c Cadence, err error) {
	fail := func(format string, args ...any) (Cadence, error) {
		return Cadence{}, fmt.Errorf("cadence %q: %s", orig, fmt.Sprintf(format, args...))
	}
	if strings.ContainsAny(body, " \t\r\n") {
		return fail("an RRULE is one line with no spaces, like RRULE:FREQ=WEEKLY;BYDAY=MO,TH")
	}
	seen := map[string]bool{}
	var parts []string
	for _, p := range strings.Split(body, ";") {
		if p == "" {
			continue
		}
		key, val, ok := strings.Cut(p, "=")
		if !ok || val == "" {
			return fail("%q is not KEY=VALUE", p)
		}
		if why, bad := rulePartsBanned[key]; bad {
			return fail("%s", why)
		}
		if !slices.Contains(ruleParts, key) {
			msg := fmt.Sprintf("unknown RRULE part %q", key)
			if s := Suggest(key, ruleParts); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return fail("%s", msg)
		}
		if seen[key] {
			return fail("%s is given twice", key)
		}
		if why := badRuleValue(key, val); why != "" {
			return fail("%s", why)
		}
		seen[key] = true
		parts = append(parts, p)
	}
	if !seen["FREQ"] {
		return fail("an RRULE needs FREQ, like RRULE:FREQ=WEEKLY;BYDAY=MO,TH")
	}
	opt, err := rrule.StrToROption(strings.Join(parts, ";"))
	if err != nil {
		return fail("%v", err)
	}
	if seen["INTERVAL"] && (opt.Interval < 1 || opt.Interval > maxInterval) {
		return fail("INTERVAL=%d must be between 1 and %d", opt.Interval, maxInterval)
	}
	if seen["COUNT"] && opt.Count < 1 {
		return fail("COUNT=%d must be 1 or more", opt.Count)
	}
	if why := ruleShape(opt); why != "" {
		return fail("%s", why)
	}
	normalizeRule(opt)
	if _, err := rrule.NewRRule(*opt); err != nil {
		return fail("%v", err)
	}
	if !ruleEverOccurs(*opt) {
		return fail("the rule never occurs")
	}
	interval := max(opt.Interval, 1)
	return Cadence{form: formRule, interval: interval, rule: opt.RRuleString()}, nil
}

// badRuleValue says what is wrong with the value of an RRULE part, or ""
// when rrule-go can read it.
func badRuleValue(key, val string) string {
	switch key {
	case "FREQ":
		switch val {
		case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
		case "HOURLY", "MINUTELY", "SECONDLY":
			return "FREQ=" + val + " is finer than a day: use DAILY, WEEKLY, MONTHLY or YEARLY"
		default:
			return "FREQ=" + val + ": want DAILY, WEEKLY, MONTHLY or YEARLY"
		}
	case "UNTIL":
		if !validUntil(val) {
			return "UNTIL=" + val + ": want a date like 20261231 or a UTC time like 20261231T235959Z"
		}
	case "INTERVAL", "COUNT":
		if _, err := strconv.Atoi(val); err != nil {
			return key + "=" + val + ": want a whole number"
		}
	case "BYSETPOS", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO":
		for _, v := range strings.Split(val, ",") {
			if _, err := strconv.Atoi(v); err != nil {
				return key + "=" + val + ": want whole numbers separated by commas, like " + key + "=1,2"
			}
		}
	case "WKST":
		if !slices.Contains(ruleDays, val) {
			return "WKST=" + val + ": want one day: MO, TU, WE, TH, FR, SA or SU"
		}
	case "BYDAY":
		for _, v := range strings.Split(val, ",") {
			day := v[max(len(v)-2, 0):]
			n := v[:len(v)-len(day)]
			if _, err := strconv.Atoi(n); !slices.Contains(ruleDays, day) || n != "" && err != nil {
				return "BYDAY=" + val + ": want days like MO,TH, or numbered days like -1FR in a monthly or yearly rule"
			}
		}
	}
	return ""
}

var ruleDays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// validUntil reports whether v is an RFC 5545 DATE or DATE-TIME.
func validUntil(v string) bool {
	for _, layout := range []string{rrule.DateFormat, rrule.LocalDateTimeFormat, rrule.DateTimeFormat} {
		if len(v) == len(layout) {
			if _, err := time.Parse(layout, v); err == nil {
				return true
			}
		}
	}
	return false
}

// ruleShape checks the combinations RFC 5545 (section 3.3.10) forbids.
func ruleShape(o *rrule.ROption) string {
	if len(o.Bymonthday) > 0 && o.Freq == rrule.WEEKLY {
		return "BYMONTHDAY cannot be used with FREQ=WEEKLY"
	}
	if len(o.Byyearday) > 0 && o.Freq != rrule.YEARLY {
		return "BYYEARDAY needs FREQ=YEARLY"
	}
	if len(o.Byweekno) > 0 && o.Freq != rrule.YEARLY {
		return "BYWEEKNO needs FREQ=YEARLY"
	}
	for _, wd := range o.Byweekday {
		if wd.N() != 0 && (o.Freq != rrule.MONTHLY && o.Freq != rrule.YEARLY || len(o.Byweekno) > 0) {
			return "a numbered BYDAY like " + wd.String() + " needs FREQ=MONTHLY or FREQ=YEARLY without BYWEEKNO"
		}
	}
	if len(o.Bysetpos) > 0 && len(o.Bymonth)+len(o.Bymonthday)+len(o.Byyearday)+len(o.Byweekno)+len(o.Byweekday) == 0 {
		return "BYSETPOS needs another BY part to pick from"
	}
	return ""
}

// normalizeRule makes equal rules print the same: INTERVAL=1 is left out,
// and every list is sorted without repeats.
func normalizeRule(o *rrule.ROption) {
	if o.Interval == 1 {
		o.Interval = 0
	}
	for _, l := range []*[]int{&o.Bysetpos, &o.Bymonth, &o.Bymonthday, &o.Byyearday, &o.Byweekno} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	slices.SortFunc(o.Byweekday, func(a, b rrule.Weekday) int {
		if a.Day() != b.Day() {
			return a.Day() - b.Day()
		}
		return a.N() - b.N()
	})
	o.Byweekday = slices.CompactFunc(o.Byweekday, func(a, b rrule.Weekday) bool {
		return a.Day() == b.Day() && a.N() == b.N()
	})
}

// probeStart is 9624-01-01, a Monday 400 years (one whole Gregorian cycle)
// after a day with the same weekday and leap-year position as
// DefaultAnchor, and 376 years before rrule-go's last year. A rule that
// does not occur between it and 9999 will not occur from DefaultAnchor
// either, and rrule-go's search ends at 9999 instead of running for 8000
// years.
var probeStart = time.Date(9624, time.January, 1, 0, 0, 0, 0, time.UTC)

// ruleEverOccurs reports whether the rule, ignoring COUNT and UNTIL, has
// an occurrence. It recovers from a panic in rrule-go, treating the rule as
// one that never occurs: a broken rule must not bring the program down.
func ruleEverOccurs(o rrule.ROption) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	o.Count, o.Until, o.Dtstart = 0, time.Time{}, probeStart
	r, err := rrule.NewRRule(o)
	if err != nil {
		return false
	}
	_, ok = r.Iterator()()
	return ok
}

// A series is the expansion of a raw rule from one anchor, made lazily and
// kept: stats ask about thousands of days of the same few routines.
type series struct {
	mu      sync.Mutex
	next    rrule.Next
	anchor  int      // day number of the anchor
	days    []uint64 // bit i: anchor + i days is an occurrence
	reached int      // whether days before anchor+reached occur is known
	done    bool
}

type seriesKey struct {
	rule   string
	anchor Date
}

var seriesCache sync.Map // seriesKey → *series

func seriesFor(rule string, anchor Date) *series {
	k := seriesKey{rule, anchor}
	if s, ok := seriesCache.Load(k); ok {
		return s.(*series)
	}
	s := &series{done: true, anchor: dayNumber(anchor)}
	if opt, err := rrule.StrToROption(rule); err == nil {
		opt.Dtstart = anchor.Time(time.UTC)
		if r, err := rrule.NewRRule(*opt); err == nil {
			s.next, s.done = r.Iterator(), false
		}
	}
	v, _ := seriesCache.LoadOrStore(k, s)
	return v.(*series)
}

// pull expands the series by one occurrence; the caller holds s.mu. A
// panic in rrule-go ends the series instead of the program.
func (s *series) pull() {
	defer func() {
		if recover() != nil {
			s.done = true
		}
	}()
	t, ok := s.next()
	if !ok {
		s.done = true
		return
	}
	off := dayNumber(DateOf(t)) - s.anchor
	for len(s.days) <= off/64 {
		s.days = append(s.days, 0)
	}
	s.days[off/64] |= 1 << (off % 64)
	s.reached = off + 1
}

func (s *series) has(off int) bool {
	return off/64 < len(s.days) && s.days[off/64]&(1<<(off%64)) != 0
}

// occurs reports whether the day off days after the anchor is an
// occurrence.
func (s *series) occurs(off int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.done && off >= s.reached {
		s.pull()
	}
	return s.has(off)
}

// first is the offset of the first occurrence at or after off.
func (s *series) first(off int) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := off; ; i++ {
		for !s.done && i >= s.reached {
			s.pull()
		}
		if i >= s.reached {
			return 0, false
		}
		if s.has(i) {
			return i, true
		}
	}
}

// dayNumber is the number of days from 1970-01-01 to d, by arithmetic:
// it is on the hot path of stats, where time.Date would dominate.
func dayNumber(d Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateOf is the date of day number n, the inverse of dayNumber.
func dateOf(n int) Date {
	z := n + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

// weekdayOf is the weekday of day number n (1970-01-01 was a Thursday).
func weekdayOf(n int) time.Weekday {
	return time.Weekday(((n+4)%7 + 7) % 7)
}

// mondayOf is the day number of the Monday that starts n's ISO week.
func mondayOf(n int) int {
	return n - (int(weekdayOf(n))+6)%7
}

// monthIndex counts months from year 0: Year*12 + Month-1.
func monthIndex(d Date) int { return d.Year*12 + int(d.Month) - 1 }

// daysIn is the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// Anchor is the first day of the routine's series: its since date, or
// DefaultAnchor (Monday 2024-01-01) when it has none. Interval cadences
// count their periods from it.
func (r *Routine) Anchor() Date {
	if r.Since != nil && !r.Since.IsZero() {
		return *r.Since
	}
	return DefaultAnchor
}

// cadenceCache holds parsed routine cadences by their text: DueOn runs for
// every routine on every day stats look at. Invalid text maps to the zero
// Cadence.
var cadenceCache sync.Map // string → Cadence

// cadenceOf is the parsed cadence of text, or the zero Cadence.
func cadenceOf(text string) Cadence {
	if c, ok := cadenceCache.Load(text); ok {
		return c.(Cadence)
	}
	c, _ := ParseCadence(text)
	cadenceCache.Store(text, c)
	return c
}

// DueOn reports whether the routine's cadence comes round on d. It ignores
// the status (callers decide what paused and retired mean); it is false
// when the cadence is invalid and before the routine's Anchor.
func (r *Routine) DueOn(d Date) bool {
	return cadenceOf(r.Cadence).Occurs(d, r.Anchor())
}

var locationCache sync.Map // zone name → *time.Location

// Location is the OS's time zone, from Settings.Timezone. It is UTC when
// the name is empty, "Local" (which would make the plan depend on the
// machine) or unknown; validation reports the last two.
func (o *OS) Location() *time.Location {
	name := o.Settings.Timezone
	if name == "" || strings.EqualFold(name, "local") {
		return time.UTC
	}
	if l, ok := locationCache.Load(name); ok {
		return l.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	locationCache.Store(name, loc)
	return loc
}

// WeekStart is the first day of the OS's week, from Settings.WeekStart;
// Monday when it is empty or not a day.
func (o *OS) WeekStart() time.Weekday {
	if wd, ok := ParseWeekday(o.Settings.WeekStart); ok {
		return wd
	}
	return time.Monday
}

// DefaultGrid is the calendar grid when os.toml names none.
const DefaultGrid = 15 * time.Minute

// Grid is the calendar grid, from Settings.Calendar.Grid; DefaultGrid when
// it is empty or not whole minutes that divide a day.
func (o *OS) Grid() time.Duration {
	g, err := time.ParseDuration(o.Settings.Calendar.Grid)
	if err != nil || g < time.Minute || g%time.Minute != 0 || (24*time.Hour)%g != 0 {
		return DefaultGrid
	}
	return g
}
