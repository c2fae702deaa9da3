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
		"a1": {{ID: "run", Cadence: "daily", Status: "active", Since: &since}, {ID: "sleep", Cadence: "weekdays", Status: "paused"}},
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
