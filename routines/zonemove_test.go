package routines

import (
	"fmt"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestSameMoment holds the conversion of an event to the clock times of
// the same moment in another zone, over the edges where dates and clocks
// change.
func TestSameMoment(t *testing.T) {
	berlin, ny, tokyo := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York"), mustZone(t, "Asia/Tokyo")
	tests := []struct {
		name             string
		date             Date
		start, end       string
		from, to         *time.Location
		want             Date
		wantStart, wantE string
		over             bool
	}{
		{"flight", ymd(2026, 12, 10), "10:00", "12:00", berlin, ny, ymd(2026, 12, 10), "04:00", "06:00", false},
		{"a moment keeps no end", ymd(2026, 12, 1), "16:00", "", berlin, ny, ymd(2026, 12, 1), "10:00", "", false},
		{"early in Berlin is the date before in New York", ymd(2026, 12, 11), "02:30", "03:00", berlin, ny, ymd(2026, 12, 10), "20:30", "21:00", false},
		{"23:30 in New York is the next date in Berlin", ymd(2026, 12, 10), "23:30", "", ny, berlin, ymd(2026, 12, 11), "05:30", "", false},
		// New York's clocks go forward two weeks before Berlin's: the
		// zones are five hours apart, not six.
		{"between the two springs", ymd(2027, 3, 20), "10:00", "11:00", berlin, ny, ymd(2027, 3, 20), "05:00", "06:00", false},
		// 02:30 Berlin time on the night New York skips 02:00-03:00 is
		// 20:30 the evening before there, a time that exists.
		{"a Berlin time in New York's skipped hour", ymd(2027, 3, 14), "02:30", "", berlin, ny, ymd(2027, 3, 13), "20:30", "", false},
		// A time New York skips is the moment its clocks jump (03:00
		// EDT, 07:00 UTC), as calendars show it.
		{"a time the old zone skips", ymd(2027, 3, 14), "02:30", "04:00", ny, berlin, ymd(2027, 3, 14), "08:00", "09:00", false},
		// 02:30 is shown twice in Berlin that night: the first, in CEST.
		{"a time the old zone shows twice", ymd(2026, 10, 25), "02:30", "", berlin, ny, ymd(2026, 10, 24), "20:30", "", false},
		{"an end at the old zone's midnight", ymd(2026, 12, 10), "22:00", "24:00", berlin, ny, ymd(2026, 12, 10), "16:00", "18:00", false},
		{"an end at the new zone's midnight", ymd(2026, 12, 10), "15:00", "16:00", berlin, tokyo, ymd(2026, 12, 10), "23:00", "24:00", false},
		{"over midnight in the new zone", ymd(2026, 12, 10), "14:00", "17:00", berlin, tokyo, ymd(2026, 12, 10), "22:00", "01:00", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Event{ID: "e", Date: tt.date, Start: tt.start, End: tt.end}
			got, ok := SameMoment(e, tt.from, tt.to)
			if !ok {
				t.Fatal("got not ok, want a shift")
			}
			if got.Date != tt.want || got.Start != tt.wantStart || got.End != tt.wantE || got.OverMidnight != tt.over {
				t.Errorf("got %s %s–%s (over midnight %v), want %s %s–%s (%v)",
					got.Date, got.Start, got.End, got.OverMidnight, tt.want, tt.wantStart, tt.wantE, tt.over)
			}
		})
	}
	if _, ok := SameMoment(&Event{ID: "conf", Date: ymd(2026, 12, 14)}, berlin, ny); ok {
		t.Error("all-day event: got a shift, want none: a date is a date in any zone")
	}
}

// TestZoneShifts holds which events a change of zone asks about: future
// ones with times whose moment would change, never past ones, ones under
// way or all-day ones.
func TestZoneShifts(t *testing.T) {
	berlin, ny, paris := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York"), mustZone(t, "Europe/Paris")
	o := &OS{Events: []Event{
		{ID: "past", Date: ymd(2026, 11, 20), Start: "10:00"},
		{ID: "under-way", Date: ymd(2026, 11, 26), Start: "09:00", End: "11:00"},
		{ID: "later-today", Date: ymd(2026, 11, 26), Start: "16:00"},
		{ID: "all-day", Date: ymd(2026, 12, 14)},
		{ID: "flight", Date: ymd(2026, 12, 10), Start: "10:00", End: "12:00"},
		{ID: "skipped", Date: ymd(2027, 3, 28), Start: "02:30"},
	}}
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)
	var got []string
	for _, s := range ZoneShifts(o, berlin, ny, now) {
		got = append(got, s.Event.ID)
	}
	if want := "[later-today flight skipped]"; fmt.Sprint(got) != want {
		t.Errorf("Berlin to New York: got %s, want %s", fmt.Sprint(got), want)
	}
	// Paris keeps Berlin's clocks: nothing moves, not even 02:30 on the
	// night both skip it.
	if got := ZoneShifts(o, berlin, paris, now); len(got) != 0 {
		t.Errorf("Berlin to Paris: got %d events, want none", len(got))
	}
}
