package ics

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/myos-dev/myos/routines"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var stamp = time.Date(2026, time.November, 25, 6, 30, 0, 0, time.UTC)

func loadExample(t testing.TB, name string) *routines.OS {
	t.Helper()
	o, err := routines.Load(os.DirFS(filepath.Join("..", "..", "examples", name)))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return o
}

func loadFiles(t testing.TB, files map[string]string) *routines.OS {
	t.Helper()
	b := map[string][]byte{}
	for k, v := range files {
		b[k] = []byte(v)
	}
	o, err := routines.LoadFiles(b)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return o
}

func export(t testing.TB, o *routines.OS, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, o, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func parse(t testing.TB, b []byte) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the export: %v", err)
	}
	return cal
}

func TestGolden(t *testing.T) {
	tests := []struct {
		example string
		opts    Options
		golden  string
	}{
		{"calendar-first", Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Stamp: stamp}, "calendar-first.ics.golden"},
		{"calendar-first", Options{From: routines.Date{Year: 2027, Month: time.March, Day: 1}, Weeks: 4, Stamp: stamp}, "calendar-first-4-weeks.ics.golden"},
		{"tasks-first", Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Weeks: 12, Stamp: stamp}, "tasks-first-12-weeks.ics.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := export(t, loadExample(t, tt.example), tt.opts)
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("export differs from %s (run go test -update and review the diff):\n%s", path, firstDiff(got, want))
			}
		})
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, a, b)
		}
	}
	return "same lines, different bytes"
}

// checkLines checks the byte-level rules: CRLF endings, at most 75 octets
// a line, no line that splits a UTF-8 character.
func checkLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatalf("the export does not end with CRLF")
	}
	lines := bytes.Split(b[:len(b)-2], []byte("\r\n"))
	for i, line := range lines {
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets, want at most 75: %q", i+1, len(line), line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, line)
		}
		if len(line) == 0 {
			t.Errorf("line %d is empty", i+1)
		}
	}
}

func TestLinesCalendarFirst(t *testing.T) {
	checkLines(t, export(t, loadExample(t, "calendar-first"), Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Stamp: stamp}))
}

// vtimezone is a VTIMEZONE as a calendar program that reads it (instead
// of trusting the TZID's name) sees it.
type vtimezone struct {
	onsets []time.Time // in order
	to     []int       // offset in force from onsets[i]
	dst    []bool
}

func readVTimezone(t *testing.T, cal *ical.Calendar, tzid string) vtimezone {
	t.Helper()
	var tz *ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			if id, _ := c.Props.Text(ical.PropTimezoneID); id == tzid {
				tz = c
			}
		}
	}
	if tz == nil {
		t.Fatalf("no VTIMEZONE with TZID %s", tzid)
	}
	var v vtimezone
	for _, obs := range tz.Children {
		if obs.Name != ical.CompTimezoneStandard && obs.Name != ical.CompTimezoneDaylight {
			t.Fatalf("unexpected %s in VTIMEZONE", obs.Name)
		}
		dtstart := obs.Props.Get(ical.PropDateTimeStart)
		if dtstart == nil || len(dtstart.Value) != len("20060102T150405") {
			t.Fatalf("observance DTSTART %v: want a local date-time", dtstart)
		}
		wall, err := time.Parse("20060102T150405", dtstart.Value)
		if err != nil {
			t.Fatal(err)
		}
		from := parseOffset(t, obs.Props.Get(ical.PropTimezoneOffsetFrom).Value)
		to := parseOffset(t, obs.Props.Get(ical.PropTimezoneOffsetTo).Value)
		if obs.Props.Get(ical.PropRecurrenceRule) != nil || obs.Props.Get(ical.PropRecurrenceDates) != nil {
			t.Fatalf("observance at %s recurs; want one explicit DTSTART per transition", dtstart.Value)
		}
		onset := wall.Add(-time.Duration(from) * time.Second)
		if n := len(v.onsets); n > 0 && !onset.After(v.onsets[n-1]) {
			t.Fatalf("observance at %s is not after the one before", dtstart.Value)
		}
		if n := len(v.to); n > 0 && v.to[n-1] != from {
			t.Errorf("observance at %s: TZOFFSETFROM %d, want the previous TZOFFSETTO %d", dtstart.Value, from, v.to[n-1])
		}
		v.onsets = append(v.onsets, onset)
		v.to = append(v.to, to)
		v.dst = append(v.dst, obs.Name == ical.CompTimezoneDaylight)
	}
	if len(v.onsets) == 0 {
		t.Fatalf("VTIMEZONE %s has no observance", tzid)
	}
	return v
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		t.Fatalf("bad UTC offset %q", s)
	}
	var h, m, sec int
	fmt.Sscanf(s[1:3], "%d", &h)
	fmt.Sscanf(s[3:5], "%d", &m)
	if len(s) == 7 {
		fmt.Sscanf(s[5:7], "%d", &sec)
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off
}

// offsetAt is the VTIMEZONE's offset at instant u; false before its first
// observance.
func (v vtimezone) offsetAt(u time.Time) (int, bool) {
	i := -1
	for j, on := range v.onsets {
		if !on.After(u) {
			i = j
		}
	}
	if i < 0 {
		return 0, false
	}
	return v.to[i], true
}

// instant is the instant of wall-clock time wall (read as UTC fields) by
// the VTIMEZONE, as RFC 5545 (section 3.3.5) reads local times: the
// earlier one when the wall time happens twice, and by the offset before
// the gap when it does not happen at all.
func (v vtimezone) instant(wall time.Time) (time.Time, bool) {
	var found []time.Time
	for _, off := range slices.Compact(slices.Sorted(slices.Values(v.to))) {
		u := wall.Add(-time.Duration(off) * time.Second)
		if o, ok := v.offsetAt(u); ok && o == off {
			found = append(found, u)
		}
	}
	if len(found) > 0 {
		return slices.MinFunc(found, func(a, b time.Time) int { return a.Compare(b) }), true
	}
	for i := 1; i < len(v.onsets); i++ {
		from, to := v.to[i-1], v.to[i]
		gapStart := v.onsets[i].Add(time.Duration(from) * time.Second)
		gapEnd := v.onsets[i].Add(time.Duration(to) * time.Second)
		if !wall.Before(gapStart) && wall.Before(gapEnd) {
			return wall.Add(-time.Duration(from) * time.Second), true
		}
	}
	return time.Time{}, false
}

// rfcInstant is the instant of wall-clock time wall (UTC fields) in loc,
// read as RFC 5545 reads local times (see vtimezone.instant), from Go's
// zone data.
func rfcInstant(wall time.Time, loc *time.Location) time.Time {
	_, before := wall.Add(-24 * time.Hour).In(loc).Zone()
	_, after := wall.Add(24 * time.Hour).In(loc).Zone()
	var found []time.Time
	for _, off := range []int{before, after} {
		u := wall.Add(-time.Duration(off) * time.Second)
		if _, o := u.In(loc).Zone(); o == off {
			found = append(found, u)
		}
	}
	if len(found) == 0 {
		return wall.Add(-time.Duration(before) * time.Second)
	}
	return slices.MinFunc(found, func(a, b time.Time) int { return a.Compare(b) })
}

// checkVTimezone checks the VTIMEZONE gives Go's offset at every hour of
// the span.
func checkVTimezone(t *testing.T, v vtimezone, loc *time.Location, from, until time.Time) {
	t.Helper()
	for u := from; u.Before(until); u = u.Add(time.Hour) {
		_, want := u.In(loc).Zone()
		got, ok := v.offsetAt(u)
		if !ok || got != want {
			t.Fatalf("VTIMEZONE offset at %s: got %d (known %v), want %d", u.UTC().Format(time.RFC3339), got, ok, want)
		}
	}
}

// wallOf is the wall-clock fields of t as a UTC time, for the VTIMEZONE.
func wallOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

type parsed struct {
	cal    *ical.Calendar
	events map[string]ical.Event
	tz     vtimezone
}

func parseExport(t *testing.T, b []byte, tzid string) parsed {
	t.Helper()
	checkLines(t, b)
	p := parsed{cal: parse(t, b), events: map[string]ical.Event{}}
	for _, e := range p.cal.Events() {
		uid, err := e.Props.Text(ical.PropUID)
		if err != nil || uid == "" {
			t.Fatalf("event without UID: %v", err)
		}
		if _, dup := p.events[uid]; dup {
			t.Fatalf("UID %s is used twice", uid)
		}
		for _, req := range []string{ical.PropDateTimeStamp, ical.PropDateTimeStart, ical.PropSummary} {
			if e.Props.Get(req) == nil {
				t.Errorf("%s has no %s", uid, req)
			}
		}
		p.events[uid] = e
	}
	p.tz = readVTimezone(t, p.cal, tzid)
	return p
}

// occurrences expands an event's recurrence with rrule-go, as a calendar
// program would, over [from, until).
func occurrences(t *testing.T, e ical.Event, loc *time.Location, from, until time.Time) []time.Time {
	t.Helper()
	start, err := e.DateTimeStart(loc)
	if err != nil {
		t.Fatalf("DTSTART: %v", err)
	}
	opt, err := e.Props.RecurrenceRule()
	if err != nil {
		t.Fatalf("RRULE: %v", err)
	}
	if opt == nil {
		if !start.Before(from) && start.Before(until) {
			return []time.Time{start}
		}
		return nil
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		t.Fatalf("rrule-go cannot build the rule: %v", err)
	}
	set := &rrule.Set{}
	set.RRule(r)
	for _, ex := range e.Props.Values(ical.PropExceptionDates) {
		if tz := ex.Params.Get(ical.PropTimezoneID); tz != loc.String() {
			t.Errorf("EXDATE TZID: got %q, want %q", tz, loc.String())
		}
		for _, v := range strings.Split(ex.Value, ",") {
			at, err := time.ParseInLocation(localLayout, v, loc)
			if err != nil {
				t.Fatalf("EXDATE %q: %v", v, err)
			}
			set.ExDate(at)
		}
	}
	return set.Between(from, until, true)
}

func text(t *testing.T, e ical.Event, name string) string {
	t.Helper()
	s, err := e.Props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// TestExportReadBack reads an export of each example with go-ical and
// checks every block, routine and event against the model: which items
// are there, their first start and end, every occurrence for a year
// (right days, right wall-clock time, right instant by the VTIMEZONE),
// the theme and the why.
func TestExportReadBack(t *testing.T) {
	tests := []struct {
		example string
		from    routines.Date
		weeks   int
	}{
		{"calendar-first", routines.Date{Year: 2026, Month: time.November, Day: 25}, 0},
		{"calendar-first", routines.Date{Year: 2027, Month: time.February, Day: 28}, 10},
		{"tasks-first", routines.Date{Year: 2026, Month: time.November, Day: 25}, 0},
		{"tasks-first", routines.Date{Year: 2026, Month: time.March, Day: 23}, 2},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%d", tt.example, tt.from, tt.weeks), func(t *testing.T) {
			o := loadExample(t, tt.example)
			checkReadBack(t, o, Options{From: tt.from, Weeks: tt.weeks, Stamp: stamp})
		})
	}
}

func checkReadBack(t *testing.T, o *routines.OS, opts Options) {
	t.Helper()
	loc := o.Location()
	p := parseExport(t, export(t, o, opts), loc.String())
	host := routines.Slug(o.Settings.Name) + ".myos"
	from := opts.From.Time(loc)
	until := opts.From.AddDays(366).Time(loc)
	spanEnd := until
	if opts.Weeks > 0 {
		spanEnd = opts.From.AddDays(7 * opts.Weeks).Time(loc)
	}
	checkVTimezone(t, p.tz, loc, from, spanEnd.Add(24*time.Hour))
	themeTitle := func(id string) string {
		if th := o.Theme(id); th != nil {
			return th.Title
		}
		return id
	}
	plans := map[routines.Date]routines.DayPlan{}
	// planned is the item's occurrence on d as `myos today` and `myos
	// week` lay it out: the plan's instants, a routine lasting its
	// export length of real time.
	planned := func(kind routines.Kind, id string, length time.Duration) func(routines.Date) (time.Time, time.Time) {
		return func(d routines.Date) (time.Time, time.Time) {
			dp, ok := plans[d]
			if !ok {
				dp = o.Day(d)
				plans[d] = dp
			}
			for _, s := range dp.Slots {
				if s.Kind == kind && s.ID == id {
					if kind == routines.KindRoutine {
						return s.StartAt, s.StartAt.Add(length)
					}
					return s.StartAt, s.EndAt
				}
			}
			t.Fatalf("%s %s is not in the plan of %s", kind, id, d)
			return time.Time{}, time.Time{}
		}
	}
	// ordinary reports whether no clock change touches an occurrence: its
	// start is on the wall clock as planned, and the wall clock moves on
	// as much as real time does until its end.
	ordinary := func(d routines.Date, start routines.Clock, s, e time.Time) bool {
		ws, we := wallOf(s.In(loc)), wallOf(e.In(loc))
		return ws.Equal(d.At(start, time.UTC)) && we.Sub(ws) == e.Sub(s)
	}
	seen := map[string]bool{}
	type occurrence struct {
		day    routines.Date
		start  time.Time
		end    time.Time
		single bool // an event of its own, not an instance of the series
	}
	// check finds the events of one item: the series (or single event)
	// under uid, and the occurrences on clock change days before it,
	// under uid with the day. It checks their days against days, and
	// their instants against plan: every single event and every
	// instance on an ordinary day has exactly the plan's start and end.
	// Instances on later clock change days start at their wall-clock
	// time or, when the clocks skip it, where RFC 5545 reads it.
	check := func(uid string, title, theme string, days func(routines.Date) bool, plan func(routines.Date) (time.Time, time.Time), start, end routines.Clock, endNextDay bool) []ical.Event {
		t.Helper()
		key := strings.TrimSuffix(uid, "@"+host)
		var items []ical.Event
		var got []occurrence
		for u, e := range p.events {
			v, ok1 := strings.CutPrefix(u, key+".")
			v, ok2 := strings.CutSuffix(v, "@"+host)
			if !ok1 || !ok2 {
				continue
			}
			seen[u] = true
			items = append(items, e)
			day, err := time.Parse(dateLayout, v)
			if err != nil {
				t.Fatalf("%s: the UID's day %q: %v", u, v, err)
			}
			if e.Props.Get(ical.PropRecurrenceRule) != nil {
				t.Errorf("%s recurs; want a single event", u)
			}
			if !routines.DateOf(day).Before(routines.DateOf(spanEnd)) {
				continue // past the days checked, as the series' instances are
			}
			s, end := p.span(t, e)
			got = append(got, occurrence{routines.DateOf(day), s, end, true})
		}
		var want, gotDays []routines.Date
		for d := opts.From; d.Before(routines.DateOf(spanEnd)); d = d.AddDays(1) {
			if days(d) {
				want = append(want, d)
			}
		}
		series, ok := p.events[uid]
		if !ok && len(items) == 0 {
			if len(want) > 0 {
				t.Fatalf("no event %s", uid)
			}
			return nil
		}
		var length time.Duration
		if ok {
			seen[uid] = true
			items = append(items, series)
			if tz := series.Props.Get(ical.PropDateTimeStart).Params.Get(ical.PropTimezoneID); tz != loc.String() {
				t.Errorf("%s DTSTART TZID: got %q, want %q", uid, tz, loc.String())
			}
			s, e := p.span(t, series)
			if length = e.Sub(s); length <= 0 && series.Props.Get(ical.PropDateTimeEnd) != nil {
				t.Errorf("%s DTEND is %s after DTSTART, want later (RFC 5545, 3.8.2.2)", uid, length)
			}
			if series.Props.Get(ical.PropRecurrenceRule) == nil {
				got = append(got, occurrence{routines.DateOf(s.In(loc)), s, e, true})
			} else {
				for _, u := range occurrences(t, series, loc, from, until) {
					// rrule-go gives an instance's wall-clock time; where
					// the clocks show it twice, RFC 5545 means the first.
					if vu, ok := p.tz.instant(wallOf(u.In(loc))); ok {
						u = vu
					}
					got = append(got, occurrence{routines.DateOf(u.In(loc)), u, u.Add(length), false})
				}
			}
		}
		for _, e := range items {
			if got := text(t, e, ical.PropSummary); got != title {
				t.Errorf("%s SUMMARY: got %q, want %q", uid, got, title)
			}
			var cats []string
			if prop := e.Props.Get(ical.PropCategories); prop != nil {
				cats, _ = prop.TextList()
			}
			if want := []string{themeTitle(theme)}; theme != "" && !slices.Equal(cats, want) || theme == "" && cats != nil {
				t.Errorf("%s CATEGORIES: got %q, want %q", uid, cats, themeTitle(theme))
			}
		}
		slices.SortFunc(got, func(a, b occurrence) int { return a.start.Compare(b.start) })
		firstInstance := routines.Date{}
		// Instances off the plan are reported once an item, with a count:
		// a series' wrong length is wrong on every day.
		var offPlan []string
		for _, oc := range got {
			d := oc.day
			gotDays = append(gotDays, d)
			if !days(d) {
				continue
			}
			ps, pe := plan(d)
			if oc.single {
				if !oc.start.Equal(ps) || !oc.end.Equal(pe) {
					t.Errorf("%s on %s: the single event is %s to %s, want the plan's %s to %s", uid, d, oc.start.In(loc), oc.end.In(loc), ps.In(loc), pe.In(loc))
				}
				if ok && series.Props.Get(ical.PropRecurrenceRule) != nil && ordinary(d, start, ps, pe) {
					t.Errorf("%s on %s is a single event, but no clock change touches it: the series should start there", uid, d)
				}
				continue
			}
			if firstInstance.IsZero() {
				firstInstance = d
			}
			wall := wallOf(d.At(start, time.UTC))
			rfc := rfcInstant(wall, loc)
			if vu, ok := p.tz.instant(wall); !ok || !vu.Equal(rfc) {
				t.Errorf("%s on %s: by the VTIMEZONE it starts at %s, want %s", uid, d, vu.UTC(), rfc.UTC())
			}
			if ordinary(d, start, ps, pe) {
				if !oc.start.Equal(ps) || !oc.end.Equal(pe) {
					offPlan = append(offPlan, fmt.Sprintf("on %s it is %s to %s (%s), want %s to %s (%s), as the plan has it", d,
						oc.start.In(loc).Format("15:04 MST"), oc.end.In(loc).Format("15:04 MST"), oc.end.Sub(oc.start),
						ps.In(loc).Format("15:04 MST"), pe.In(loc).Format("15:04 MST"), pe.Sub(ps)))
				}
				continue
			}
			// A later clock change day is taken out of the series
			// (EXDATE) and is a single event: the series' length would
			// not be the plan's.
			t.Errorf("%s on %s is an instance of the series, but a clock change touches it: want it out of the series (EXDATE), as a single event", uid, d)
		}
		if len(offPlan) > 0 {
			t.Errorf("%s: %d instances on days without a clock change are off the plan; first, %s", uid, len(offPlan), offPlan[0])
		}
		if !slices.Equal(gotDays, want) {
			t.Errorf("%s occurs on\n%v\nwant\n%v", uid, gotDays, want)
		}
		if ok && series.Props.Get(ical.PropRecurrenceRule) != nil {
			dtstart, dtend := p.span(t, series)
			sd := routines.DateOf(dtstart.In(loc))
			if !firstInstance.IsZero() && sd != firstInstance {
				t.Errorf("%s DTSTART on %s, want its first instance %s", uid, sd, firstInstance)
			}
			for _, oc := range got {
				if oc.single && oc.day == sd {
					t.Errorf("%s has a single event on %s, the series' start", uid, oc.day)
				}
			}
			ed := sd
			if endNextDay {
				ed = ed.AddDays(1)
			}
			if wantEnd := wallTime(ed, end, loc); !dtend.Equal(wantEnd) {
				t.Errorf("%s DTEND: got %s, want %s", uid, dtend, wantEnd)
			}
		}
		return items
	}

	for _, b := range o.Blocks {
		start, _ := routines.ParseClock(b.Start)
		end, _ := routines.ParseClock(b.End)
		for _, e := range check("block-"+b.ID+"@"+host, b.Title, b.Theme, func(d routines.Date) bool {
			return slices.Contains(b.Days, routines.WeekdayName(d.Weekday()))
		}, planned(routines.KindBlock, b.ID, 0), start, end, false) {
			if got := text(t, e, ical.PropDescription); got != b.Notes {
				t.Errorf("block %s DESCRIPTION: got %q, want %q", b.ID, got, b.Notes)
			}
		}
	}
	for _, r := range o.Routines {
		if r.At == "" || r.Status == routines.RoutinePaused || r.Status == routines.RoutineRetired {
			continue
		}
		at, _ := routines.ParseClock(r.At)
		dur := DefaultRoutineDuration
		if r.Duration != "" {
			dur, _ = routines.ParseDuration(r.Duration)
		}
		endClock := at + routines.Clock(dur/time.Minute)
		for _, e := range check("routine-"+r.ID+"@"+host, r.Title, r.Theme, r.DueOn, planned(routines.KindRoutine, r.ID, dur), at, endClock%(24*60), endClock >= 24*60) {
			desc := text(t, e, ical.PropDescription)
			if !strings.HasPrefix(desc, r.Why) || r.Notes != "" && !strings.Contains(desc, r.Notes) {
				t.Errorf("routine %s DESCRIPTION %q: want the why %q and the notes %q", r.ID, desc, r.Why, r.Notes)
			}
			status := text(t, e, ical.PropStatus)
			if wantTentative := r.Status == routines.RoutineAspiration; (status == "TENTATIVE") != wantTentative {
				t.Errorf("routine %s (%s) STATUS %q", r.ID, r.Status, status)
			}
		}
	}
	for _, ev := range o.Events {
		uid := "event-" + ev.ID + "@" + host
		in := !ev.Date.Before(opts.From) && ev.Date.Before(routines.DateOf(spanEnd))
		if !in {
			if _, ok := p.events[uid]; ok {
				t.Errorf("event %s on %s is outside the export and should be left out", ev.ID, ev.Date)
			}
			continue
		}
		if ev.Start == "" {
			seen[uid] = true
			e := p.events[uid]
			prop := e.Props.Get(ical.PropDateTimeStart)
			if prop == nil || prop.ValueType() != ical.ValueDate || prop.Value != dateValue(ev.Date) {
				t.Errorf("all-day event %s DTSTART %v, want VALUE=DATE:%s", ev.ID, prop, dateValue(ev.Date))
			}
			if end := e.Props.Get(ical.PropDateTimeEnd); end == nil || end.Value != dateValue(ev.Date.AddDays(1)) {
				t.Errorf("all-day event %s DTEND %v, want %s", ev.ID, end, dateValue(ev.Date.AddDays(1)))
			}
			continue
		}
		start, _ := routines.ParseClock(ev.Start)
		end, _ := routines.ParseClock(ev.End)
		for _, e := range check(uid, ev.Title, ev.Theme, func(d routines.Date) bool { return d == ev.Date }, planned(routines.KindEvent, ev.ID, 0), start, end, false) {
			if e.Props.Get(ical.PropRecurrenceRule) != nil {
				t.Errorf("event %s recurs; want a single event", ev.ID)
			}
		}
	}
	for uid := range p.events {
		if !seen[uid] {
			t.Errorf("unexpected event %s", uid)
		}
	}
}

// span is when a single event, or a series' first instance, starts and
// ends as RFC 5545 reads them by the export's VTIMEZONE: DTEND, or
// DTSTART plus DURATION, or a moment at DTSTART.
func (p parsed) span(t *testing.T, e ical.Event) (start, end time.Time) {
	t.Helper()
	start = p.localProp(t, e, ical.PropDateTimeStart)
	switch {
	case e.Props.Get(ical.PropDateTimeEnd) != nil:
		if e.Props.Get(ical.PropDuration) != nil {
			t.Errorf("an event has both DTEND and DURATION")
		}
		return start, p.localProp(t, e, ical.PropDateTimeEnd)
	case e.Props.Get(ical.PropDuration) != nil:
		d, err := e.Props.Get(ical.PropDuration).Duration()
		if err != nil {
			t.Fatalf("DURATION: %v", err)
		}
		return start, start.Add(d)
	}
	return start, start
}

// localProp is the instant of a DATE-TIME property with a TZID, by the
// VTIMEZONE.
func (p parsed) localProp(t *testing.T, e ical.Event, name string) time.Time {
	t.Helper()
	prop := e.Props.Get(name)
	wall, err := time.Parse(localLayout, prop.Value)
	if err != nil || prop.Params.Get(ical.PropTimezoneID) == "" {
		t.Fatalf("%s %q: want a local date-time with a TZID (%v)", name, prop.Value, err)
	}
	u, ok := p.tz.instant(wall)
	if !ok {
		t.Fatalf("%s %s: the VTIMEZONE does not say when that is", name, prop.Value)
	}
	return u
}

// wallTime is clock c on d in loc, 24:00 being the next midnight.
func wallTime(d routines.Date, c routines.Clock, loc *time.Location) time.Time {
	return d.AddDays(int(c)/(24*60)).At(c%(24*60), loc)
}

const helsinkiOS = `name = "Test OS"
owner = "Andy"
timezone = "Europe/Helsinki"
`

const helsinkiCalendar = `[[block]]
id = "deep-work"
title = "Deep work"
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "11:00"
kind = "focus"

[[block]]
id = "late"
title = "Late shift, into the night"
days = ["sat"]
start = "22:00"
end = "24:00"
`

const helsinkiRoutines = `[[routine]]
id = "sleep"
title = "Sleep"
why = "Rest"
cadence = "daily"
at = "23:00"
duration = "8h"

[[routine]]
id = "night-owl"
title = "Night check, inside the hour that repeats"
why = "Edge"
cadence = "weekly on sun"
at = "03:30"
duration = "20m"

[[routine]]
id = "fortnight"
title = "Fortnightly review"
why = "Look back"
cadence = "every 2 weeks on mon,fri"
at = "15:00"
since = 2026-01-09

[[routine]]
id = "every-third"
title = "Every third day"
why = "Rhythm"
cadence = "every 3 days"
at = "07:00"
since = 2026-02-27

[[routine]]
id = "first-monday"
title = "First Monday"
why = "Rules"
cadence = "RRULE:FREQ=MONTHLY;BYDAY=1MO"
at = "10:00"
duration = "1h"

[[routine]]
id = "until-summer"
title = "Until the summer"
why = "Ends"
cadence = "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20260617"
at = "18:00"

[[routine]]
id = "counted"
title = "Six times only"
why = "Counted"
cadence = "RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=6"
at = "12:00"
since = 2026-03-05
`

// TestDaylightSaving exports a Helsinki week across the spring-forward on
// 2026-03-29 and the fall-back on 2026-10-25: every block stays at its
// wall-clock time on both sides, which means a different UTC time.
func TestDaylightSaving(t *testing.T) {
	o := loadFiles(t, map[string]string{
		routines.FileOS:       helsinkiOS,
		routines.FileCalendar: helsinkiCalendar,
		routines.FileRoutines: helsinkiRoutines,
	})
	loc := o.Location()
	for _, weeks := range []int{0, 40} {
		opts := Options{From: routines.Date{Year: 2026, Month: time.March, Day: 2}, Weeks: weeks, Stamp: stamp}
		checkReadBack(t, o, opts)
		p := parseExport(t, export(t, o, opts), "Europe/Helsinki")
		e := p.events["block-deep-work@test-os.myos"]
		occ := occurrences(t, e, loc, opts.From.Time(loc), opts.From.AddDays(300).Time(loc))
		utc := map[routines.Date]string{}
		for _, u := range occ {
			utc[routines.DateOf(u.In(loc))] = u.UTC().Format("15:04")
		}
		for _, tc := range []struct {
			day  routines.Date
			want string
		}{
			{routines.Date{Year: 2026, Month: time.March, Day: 27}, "07:00"},   // Friday before spring-forward: EET, +02
			{routines.Date{Year: 2026, Month: time.March, Day: 30}, "06:00"},   // Monday after: EEST, +03
			{routines.Date{Year: 2026, Month: time.October, Day: 23}, "06:00"}, // Friday before fall-back
			{routines.Date{Year: 2026, Month: time.October, Day: 26}, "07:00"}, // Monday after
		} {
			if got := utc[tc.day]; got != tc.want {
				t.Errorf("weeks %d: deep work on %s at %s UTC, want %s UTC (09:00 local)", weeks, tc.day, got, tc.want)
			}
		}
		wantObs := []struct {
			onset time.Time
			to    int
			dst   bool
		}{
			{time.Date(2026, time.March, 29, 1, 0, 0, 0, time.UTC), 3 * 3600, true},
			{time.Date(2026, time.October, 25, 1, 0, 0, 0, time.UTC), 2 * 3600, false},
		}
		for _, w := range wantObs {
			i := slices.IndexFunc(p.tz.onsets, func(u time.Time) bool { return u.Equal(w.onset) })
			if i < 0 {
				t.Errorf("weeks %d: no observance at %s", weeks, w.onset)
				continue
			}
			if p.tz.to[i] != w.to || p.tz.dst[i] != w.dst {
				t.Errorf("weeks %d: observance at %s: got offset %d dst %v, want %d %v", weeks, w.onset, p.tz.to[i], p.tz.dst[i], w.to, w.dst)
			}
		}
		if weeks > 0 {
			last := occ[len(occ)-1]
			if got, want := routines.DateOf(last.In(loc)), (routines.Date{Year: 2026, Month: time.December, Day: 4}); got != want {
				t.Errorf("weeks %d: the last deep work is on %s, want %s (the last weekday before the export ends)", weeks, got, want)
			}
		}
		counted := p.events["routine-counted@test-os.myos"]
		if got := len(occurrences(t, counted, loc, time.Time{}, opts.From.AddDays(400).Time(loc))); got != 6 {
			t.Errorf("weeks %d: the counted routine occurs %d times, want 6", weeks, got)
		}
		if rr := counted.Props.Get(ical.PropRecurrenceRule).Value; strings.Contains(rr, "COUNT") {
			t.Errorf("weeks %d: RRULE %s keeps COUNT, which would count from the series' DTSTART", weeks, rr)
		}
	}
}

// TestClockChangeOnFirstDay guards series whose first occurrence falls on
// a day the clocks change under it. RFC 5545 gives every instance the
// exact length of the first and reads a skipped start with the offset
// from before the jump, so a series that started there would carry the
// odd length to every later day (01:00-04:00 as two hours), or end
// before it starts (02:30-03:00 read as 03:30-03:00). Such an occurrence
// is a single event at the plan's instants, and the series starts on the
// next ordinary one.
func TestClockChangeOnFirstDay(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		from     routines.Date
		singles  []string          // UIDs of the single events, without "@host"
		dtstart  map[string]string // DTSTART of each series, by UID without "@host"
		duration map[string]string // DURATION of a single event that has one
	}{
		{
			// The clocks go from 02:00 to 03:00 on 2026-03-29.
			name: "Berlin, spring forward",
			files: map[string]string{
				routines.FileOS: "name = \"X\"\ntimezone = \"Europe/Berlin\"\n",
				routines.FileCalendar: `[[block]]
id = "night-shift"
title = "Night shift"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
start = "01:00"
end = "04:00"

[[block]]
id = "sunday-2-30"
title = "Sunday 2:30"
days = ["sun"]
start = "02:30"
end = "03:00"

[[block]]
id = "morning"
title = "Untouched by the change"
days = ["sun"]
start = "09:00"
end = "10:00"

[[event]]
id = "in-the-gap"
title = "Dated, in the gap"
date = 2026-03-29
start = "02:15"
end = "02:45"

[[event]]
id = "across"
title = "Dated, across the gap"
date = 2026-03-29
start = "01:30"
end = "03:30"
`,
				routines.FileRoutines: `[[routine]]
id = "early-run"
title = "Early run"
cadence = "daily"
at = "02:30"
duration = "1h"

[[routine]]
id = "three-sundays"
title = "Three Sundays"
cadence = "RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=3"
at = "02:30"
duration = "30m"
since = 2026-03-29
`,
			},
			from:    routines.Date{Year: 2026, Month: time.March, Day: 29},
			singles: []string{"block-night-shift.20260329", "block-sunday-2-30.20260329", "routine-early-run.20260329", "routine-three-sundays.20260329"},
			dtstart: map[string]string{
				"block-night-shift":     "20260330T010000",
				"block-sunday-2-30":     "20260405T023000",
				"block-morning":         "20260329T090000",
				"routine-early-run":     "20260330T023000",
				"routine-three-sundays": "20260405T023000",
				"event-in-the-gap":      "20260329T030000",
				"event-across":          "20260329T013000",
			},
		},
		{
			// The clocks go from 02:00 back to 01:00 on 2026-11-01.
			name: "New York, fall back",
			files: map[string]string{
				routines.FileOS: "name = \"X\"\ntimezone = \"America/New_York\"\n",
				routines.FileCalendar: `[[block]]
id = "late"
title = "Late Sunday"
days = ["sun"]
start = "00:30"
end = "03:30"
`,
			},
			from:    routines.Date{Year: 2026, Month: time.November, Day: 1},
			singles: []string{"block-late.20261101"},
			dtstart: map[string]string{"block-late": "20261108T003000"},
		},
		{
			// The clocks go from 04:00 back to 03:00 on 2026-10-25.
			name: "Helsinki, fall back",
			files: map[string]string{
				routines.FileOS: "name = \"X\"\ntimezone = \"Europe/Helsinki\"\n",
				routines.FileCalendar: `[[block]]
id = "repeated"
title = "Inside the hour shown twice: no change inside it"
days = ["sun"]
start = "03:00"
end = "03:30"
`,
				routines.FileRoutines: `[[routine]]
id = "sleep"
title = "Sleep, the night the clocks go back"
cadence = "daily"
at = "22:30"
duration = "8h"

[[routine]]
id = "watch"
title = "Ends at the second 03:30"
cadence = "weekly on sun"
at = "00:00"
duration = "4h30m"
`,
			},
			from:     routines.Date{Year: 2026, Month: time.October, Day: 24},
			singles:  []string{"routine-sleep.20261024", "routine-watch.20261025"},
			dtstart:  map[string]string{"block-repeated": "20261025T030000", "routine-sleep": "20261025T223000", "routine-watch": "20261101T000000"},
			duration: map[string]string{"routine-watch.20261025": "PT4H30M"},
		},
	}
	for _, tt := range tests {
		for _, weeks := range []int{0, 3} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, weeks), func(t *testing.T) {
				o := loadFiles(t, tt.files)
				opts := Options{From: tt.from, Weeks: weeks, Stamp: stamp}
				checkReadBack(t, o, opts)
				p := parseExport(t, export(t, o, opts), o.Location().String())
				var singles []string
				for uid, e := range p.events {
					uid = strings.TrimSuffix(uid, "@x.myos")
					if want, ok := tt.dtstart[uid]; ok {
						if got := e.Props.Get(ical.PropDateTimeStart).Value; got != want {
							t.Errorf("%s DTSTART %s, want %s", uid, got, want)
						}
						continue
					}
					// The later clock changes, taken out of the series, are
					// TestLaterClockChanges's; here the first weeks.
					if _, day, _ := strings.Cut(uid, "."); day >= dateValue(tt.from.AddDays(21)) {
						continue
					}
					singles = append(singles, uid)
					want := tt.duration[uid]
					if got := e.Props.Get(ical.PropDuration); want != "" && (got == nil || got.Value != want) {
						t.Errorf("%s DURATION %v, want %s: its end is the second 03:30, which DTEND cannot name", uid, got, want)
					}
				}
				slices.Sort(singles)
				if !slices.Equal(singles, tt.singles) {
					t.Errorf("single events %q, want %q", singles, tt.singles)
				}
			})
		}
	}
}

// TestLaterClockChanges guards the nights the clocks change after a
// series has started: each is taken out of the series with an EXDATE that
// names the series' start that day, and written as a single event with the
// plan's times, so a calendar shows it as long as myos week does. A block
// from 01:00 to 04:00 is two hours the night New York skips 02:00-03:00 and
// four the night it goes back; a routine at 02:30 starts at 03:00, when the
// clocks jump past it.
func TestLaterClockChanges(t *testing.T) {
	o := loadFiles(t, map[string]string{
		routines.FileOS: "name = \"X\"\ntimezone = \"America/New_York\"\n",
		routines.FileCalendar: `[[block]]
id = "night-shift"
title = "Night shift"
days = ["sun"]
start = "01:00"
end = "04:00"
`,
		routines.FileRoutines: `[[routine]]
id = "early"
title = "Early run"
cadence = "daily"
at = "02:30"
duration = "30m"
`,
	})
	from := routines.Date{Year: 2026, Month: time.January, Day: 5}
	for _, weeks := range []int{52, 0} {
		t.Run(fmt.Sprint(weeks), func(t *testing.T) {
			opts := Options{From: from, Weeks: weeks, Stamp: stamp}
			checkReadBack(t, o, opts)
			b := export(t, o, opts)
			p := parseExport(t, b, "America/New_York")
			for _, tt := range []struct{ uid, exdate string }{
				{"block-night-shift@x.myos", "20260308T010000,20261101T010000"},
				{"routine-early@x.myos", "20260308T023000"},
			} {
				ex := p.events[tt.uid].Props.Get(ical.PropExceptionDates)
				if ex == nil {
					t.Fatalf("%s has no EXDATE", tt.uid)
				}
				if weeks > 0 && ex.Value != tt.exdate || weeks == 0 && !strings.HasPrefix(ex.Value, tt.exdate+",") {
					t.Errorf("%s EXDATE %s, want %s", tt.uid, ex.Value, tt.exdate)
				}
			}
			for _, tt := range []struct{ uid, start, length string }{
				{"block-night-shift.20260308@x.myos", "2026-03-08 01:00 EST", "2h0m0s"},
				{"block-night-shift.20261101@x.myos", "2026-11-01 01:00 EDT", "4h0m0s"},
				{"routine-early.20260308@x.myos", "2026-03-08 03:00 EDT", "30m0s"},
			} {
				e, ok := p.events[tt.uid]
				if !ok {
					t.Fatalf("no single event %s in\n%s", tt.uid, b)
				}
				s, end := p.span(t, e)
				if got := s.In(o.Location()).Format("2006-01-02 15:04 MST"); got != tt.start || end.Sub(s).String() != tt.length {
					t.Errorf("%s: %s for %s, want %s for %s", tt.uid, got, end.Sub(s), tt.start, tt.length)
				}
			}
		})
	}
}

// TestCountedRuleInExport guards a routine whose rule ends after COUNT
// occurrences, counted from its since date: the export has the
// occurrences the plan has from --from on, up to the end of --weeks, and
// no more. A COUNT kept with a later DTSTART would count again from there.
func TestCountedRuleInExport(t *testing.T) {
	o := loadFiles(t, map[string]string{
		routines.FileOS: helsinkiOS,
		routines.FileRoutines: `[[routine]]
id = "course"
title = "Course"
cadence = "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=100"
at = "18:00"
duration = "1h"
since = 2026-01-05

[[routine]]
id = "done"
title = "Over before the export"
cadence = "RRULE:FREQ=DAILY;COUNT=5"
at = "07:00"
since = 2026-01-05
`,
	})
	loc := o.Location()
	course := &o.Routines[0]
	tests := []struct {
		weeks   int
		dtstart string
		until   string // the series' last day
		n       int    // its occurrences
	}{
		{2, "20261130T180000", "20261207", 2},
		{0, "20261130T180000", "20271129", 53}, // the 100th Monday from 2026-01-05
	}
	for _, tt := range tests {
		opts := Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Weeks: tt.weeks, Stamp: stamp}
		checkReadBack(t, o, opts)
		p := parseExport(t, export(t, o, opts), loc.String())
		if _, ok := p.events["routine-done@test-os.myos"]; ok {
			t.Errorf("weeks %d: a routine whose count ran out before the export is in it", tt.weeks)
		}
		e := p.events["routine-course@test-os.myos"]
		if got := e.Props.Get(ical.PropDateTimeStart).Value; got != tt.dtstart {
			t.Errorf("weeks %d: DTSTART %s, want %s", tt.weeks, got, tt.dtstart)
		}
		if rr := e.Props.Get(ical.PropRecurrenceRule).Value; strings.Contains(rr, "COUNT") {
			t.Errorf("weeks %d: RRULE %s keeps COUNT, which would count from DTSTART", tt.weeks, rr)
		}
		occ := occurrences(t, e, loc, time.Time{}, time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC))
		var want int
		last := opts.From.AddDays(3 * 366)
		if tt.weeks > 0 {
			last = opts.From.AddDays(7*tt.weeks - 1)
		}
		for d := opts.From; !d.After(last); d = d.AddDays(1) {
			if course.DueOn(d) {
				want++
			}
		}
		if len(occ) != tt.n || want != tt.n {
			t.Fatalf("weeks %d: %d occurrences in all, the plan has %d, want %d", tt.weeks, len(occ), want, tt.n)
		}
		if got := dateValue(routines.DateOf(occ[len(occ)-1].In(loc))); got != tt.until {
			t.Errorf("weeks %d: the last occurrence is on %s, want %s", tt.weeks, got, tt.until)
		}
	}
}

func TestWriteText(t *testing.T) {
	o := loadFiles(t, map[string]string{
		routines.FileOS: helsinkiOS,
		routines.FileCalendar: `[[block]]
id = "b"
title = "Lunch, then; a walk\\back"
days = ["mon"]
start = "12:00"
end = "13:00"
theme = "t"
notes = """Line one
Line two, with a comma"""
`,
		routines.FileThemes: `[[theme]]
id = "t"
title = "Health, body; and mind"
`,
	})
	got := string(export(t, o, Options{From: routines.Date{Year: 2026, Month: time.June, Day: 1}, Stamp: stamp}))
	for _, want := range []string{
		"SUMMARY:Lunch\\, then\\; a walk\\\\back\r\n",
		"DESCRIPTION:Line one\\nLine two\\, with a comma\r\n",
		"CATEGORIES:Health\\, body\\; and mind\r\n",
		"UID:block-b@test-os.myos\r\n",
		"DTSTAMP:20261125T063000Z\r\n",
		"DTSTART;TZID=Europe/Helsinki:20260601T120000\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki\r\nBEGIN:DAYLIGHT\r\nDTSTART:20260329T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nTZNAME:EEST\r\nEND:DAYLIGHT\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	cal := parse(t, []byte(got))
	cats, _ := cal.Events()[0].Props.Get(ical.PropCategories).TextList()
	if !slices.Equal(cats, []string{"Health, body; and mind"}) {
		t.Errorf("CATEGORIES read back as %q, want one category", cats)
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"SHORT:x", "SHORT:x\r\n"},
		{strings.Repeat("a", 75), strings.Repeat("a", 75) + "\r\n"},
		{strings.Repeat("a", 76), strings.Repeat("a", 75) + "\r\n a\r\n"},
		{strings.Repeat("a", 75+74+1), strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 74) + "\r\n a\r\n"},
		// "é" is two octets: at octet 74 it does not fit, so it moves whole.
		{strings.Repeat("a", 74) + "é", strings.Repeat("a", 74) + "\r\n é\r\n"},
		{strings.Repeat("a", 73) + "é", strings.Repeat("a", 73) + "é\r\n"},
		// A four-octet character at the end of a continuation line.
		{strings.Repeat("a", 75) + strings.Repeat("b", 72) + "😀", strings.Repeat("a", 75) + "\r\n " + strings.Repeat("b", 72) + "\r\n 😀\r\n"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q):\ngot  %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a,b;c\d`, `a\,b\;c\\d`},
		{"one\ntwo\r\nthree\rfour", `one\ntwo\nthree\nfour`},
		{"tab\there", "tab\there"},
		{"bell\athere", "bellthere"},
		{"ümlaut, ok", `ümlaut\, ok`},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStableUIDs guards re-import: exporting again later, from another
// day, gives each item the same UID, so a calendar program updates the
// events instead of adding copies.
func TestStableUIDs(t *testing.T) {
	o := loadExample(t, "calendar-first")
	uids := func(opts Options) map[string]bool {
		m := map[string]bool{}
		for _, e := range Events(o, opts) {
			if m[e.UID] {
				t.Fatalf("UID %s is used twice", e.UID)
			}
			m[e.UID] = true
		}
		return m
	}
	a := uids(Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Stamp: stamp})
	b := uids(Options{From: routines.Date{Year: 2026, Month: time.November, Day: 30}, Weeks: 6, Stamp: stamp.Add(48 * time.Hour)})
	for uid := range b {
		if !a[uid] {
			t.Errorf("UID %s is new in the second export", uid)
		}
	}
	if !a["block-lunch@rosaos.myos"] || !a["routine-sleep@rosaos.myos"] || !a["event-devops-keynote@rosaos.myos"] {
		t.Errorf("UIDs %v lack the expected kind-id@os forms", a)
	}
	// A rename keeps a routine's UID: a calendar that imported it updates
	// it instead of showing the old one beside the new.
	r := o.Find(routines.KindRoutine, "sleep").(*routines.Routine)
	r.ID, r.Formerly = "rest", []string{"sleep"}
	if c := uids(Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Stamp: stamp}); !c["routine-sleep@rosaos.myos"] || c["routine-rest@rosaos.myos"] {
		t.Errorf("after renaming sleep to rest: UIDs %v, want routine-sleep@rosaos.myos still", c)
	}
	// So does a block's, renamed twice.
	bl := o.Find(routines.KindBlock, "lunch").(*routines.Block)
	bl.ID, bl.Formerly = "long-lunch", []string{"lunch", "midday"}
	if c := uids(Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Stamp: stamp}); !c["block-lunch@rosaos.myos"] || c["block-long-lunch@rosaos.myos"] {
		t.Errorf("after renaming lunch to long-lunch: UIDs %v, want block-lunch@rosaos.myos still", c)
	}
}

func TestEventsLeaveOut(t *testing.T) {
	o := loadExample(t, "calendar-first")
	got := map[string]bool{}
	for _, e := range Events(o, Options{From: routines.Date{Year: 2026, Month: time.December, Day: 3}, Stamp: stamp}) {
		got[string(e.Kind)+"/"+e.ID] = true
	}
	for _, tt := range []struct {
		key  string
		want bool
		why  string
	}{
		{"routine/sleep", true, "active with at"},
		{"routine/meditate", true, "aspiration with at"},
		{"routine/learn-rust", false, "paused"},
		{"routine/hourly-email", false, "retired"},
		{"routine/weekly-review", false, "no at"},
		{"event/keynote-rehearsal", false, "before From"},
		{"event/devops-keynote", true, "on From"},
		{"event/signing-workshop", true, "after From"},
		{"block/lunch", true, "a block"},
	} {
		if got[tt.key] != tt.want {
			t.Errorf("%s (%s): exported %v, want %v", tt.key, tt.why, got[tt.key], tt.want)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	o := loadExample(t, "calendar-first")
	for _, opts := range []Options{
		{Stamp: stamp},
		{From: routines.Date{Year: 2026, Month: time.June, Day: 1}},
		{From: routines.Date{Year: 2026, Month: time.June, Day: 1}, Stamp: stamp, Weeks: -1},
	} {
		if err := Write(&bytes.Buffer{}, o, opts); err == nil {
			t.Errorf("Write(%+v): got no error, want one", opts)
		}
	}
}

func TestFixedZone(t *testing.T) {
	for _, tz := range []string{"UTC", "Asia/Tokyo"} {
		o := loadFiles(t, map[string]string{
			routines.FileOS: "name = \"Z\"\ntimezone = \"" + tz + "\"\n",
			routines.FileCalendar: `[[block]]
id = "b"
title = "B"
days = ["mon"]
start = "09:00"
end = "10:00"
`,
		})
		opts := Options{From: routines.Date{Year: 2026, Month: time.June, Day: 1}, Stamp: stamp}
		b := export(t, o, opts)
		p := parseExport(t, b, tz)
		if len(p.tz.onsets) != 1 || p.tz.dst[0] {
			t.Errorf("%s: %d observances (dst %v), want one STANDARD", tz, len(p.tz.onsets), p.tz.dst)
		}
		checkReadBack(t, o, opts)
	}
}

// FuzzTitle writes any title and reads it back with go-ical: the title
// survives escaping and folding exactly, line breaks as \n and control
// characters left out.
func FuzzTitle(f *testing.F) {
	for _, s := range []string{
		"Lunch, away; from the desk",
		`back\slash \n not a newline`,
		"two\nlines\r\nand more\r",
		strings.Repeat("Pitkä päivä, ", 20),
		strings.Repeat("日本語のタイトル", 12),
		strings.Repeat("😀", 40) + ",;\\",
		" leading and trailing space ",
		"tab\tand\x00nul",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		if !utf8.ValidString(title) {
			t.Skip("TOML titles are UTF-8")
		}
		o := &routines.OS{
			Settings: routines.Settings{Name: "Fuzz", Timezone: "Europe/Helsinki"},
			Themes:   []routines.Theme{{ID: "t", Title: title}},
			Blocks:   []routines.Block{{ID: "b", Title: title, Days: []string{"mon"}, Start: "09:00", End: "10:00", Theme: "t", Notes: title}},
			Events:   []routines.Event{{ID: "e", Title: title, Date: routines.Date{Year: 2026, Month: time.June, Day: 3}}},
		}
		b := export(t, o, Options{From: routines.Date{Year: 2026, Month: time.June, Day: 1}, Stamp: stamp})
		checkLines(t, b)
		cal := parse(t, b)
		want := readable(title)
		events := cal.Events()
		if len(events) != 2 {
			t.Fatalf("%d events, want 2", len(events))
		}
		for _, e := range events {
			if got := text(t, e, ical.PropSummary); got != want {
				t.Errorf("SUMMARY read back as %q, want %q", got, want)
			}
		}
		wantCat := want
		if title == "" {
			wantCat = "t" // a theme without a title goes by its id
		}
		cats, err := events[0].Props.Get(ical.PropCategories).TextList()
		if err != nil || !slices.Equal(cats, []string{wantCat}) {
			t.Errorf("CATEGORIES read back as %q (%v), want [%q]", cats, err, wantCat)
		}
		desc := events[0].Props.Get(ical.PropDescription)
		if trimmed := strings.TrimSpace(title); trimmed != "" && desc == nil {
			t.Errorf("no DESCRIPTION for notes %q", trimmed)
		} else if desc != nil {
			if got, want := text(t, events[0], ical.PropDescription), readable(trimmed); got != want {
				t.Errorf("DESCRIPTION read back as %q, want %q", got, want)
			}
		}
	})
}

// readable is s as a TEXT value can hold it.
func readable(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func BenchmarkWrite(b *testing.B) {
	o := loadExample(b, "calendar-first")
	opts := Options{From: routines.Date{Year: 2026, Month: time.November, Day: 25}, Stamp: stamp}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, o, opts); err != nil {
			b.Fatal(err)
		}
	}
}
