package cli

import (
	"reflect"
	"testing"

	"github.com/myos-dev/myos/routines"
)

// TestRoutineVersionsRoundTrip guards the cache of past routines: what is
// written reads back the same, and a damaged entry is refused rather than
// read as fewer routines.
func TestRoutineVersionsRoundTrip(t *testing.T) {
	since := routines.Date{Year: 2026, Month: 7, Day: 1}
	v := routineVersions{
		"a1": {{ID: "run", Cadence: "daily", Status: "active", Since: &since, At: "07:00"}, {ID: "sleep", Cadence: "weekdays", Status: "paused"}},
		"b2": {},
	}
	b := v.append(nil)
	got, ok := readRoutineVersions(b)
	if !ok || !reflect.DeepEqual(got, v) {
		t.Fatalf("got %v (ok %v), want %v", got, ok, v)
	}
	for n := 0; n < len(b); n++ {
		if got, ok := readRoutineVersions(b[:n]); ok {
			t.Errorf("cut to %d bytes: got %v, want it refused", n, got)
		}
	}
}

// TestErasRoundTrip guards the cache of the versions in effect: it reads
// back for the HEAD and day it was written for, and for no other, and a
// damaged entry is refused.
func TestErasRoundTrip(t *testing.T) {
	eras := []versionEra{
		{routines.Date{Year: 2026, Month: 11, Day: 20}, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad", 8*60 + 30},
		{routines.Date{Year: 2026, Month: 7, Day: 31}, "8ab686eafeb1f44702738c8b0f24f2567c36da6d", 0},
		// Before routines.toml was first written.
		{routines.Date{Year: 2026, Month: 7, Day: 1}, "", 23*60 + 59},
	}
	key := "0123456789abcdef0123456789abcdef01234567 2016-11-27"
	b := appendEras(nil, key, eras)
	if got, ok := readEras(b, key); !ok || !reflect.DeepEqual(got, eras) {
		t.Fatalf("got %v (ok %v), want %v", got, ok, eras)
	}
	if _, ok := readEras(b, "0123456789abcdef0123456789abcdef01234567 2016-11-28"); ok {
		t.Errorf("read back for another first day")
	}
	for n := 0; n < len(b); n++ {
		if got, ok := readEras(b[:n], key); ok {
			t.Errorf("cut to %d bytes: got %v, want it refused", n, got)
		}
	}
	if got, ok := readEras(appendEras(nil, key, nil), key); !ok || len(got) != 0 {
		t.Errorf("no eras: got %v, %v", got, ok)
	}
}
