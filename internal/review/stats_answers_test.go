package review

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/myos-dev/myos/routines"
)

// TestStatsAnswerPrecedence checks which answer a day gets when records
// hold several: the first in the day's own record, then, when it is
// missing or empty, the first in the next day's record (a late answer);
// an answer for another day counts for neither.
func TestStatsAnswerPrecedence(t *testing.T) {
	d1, d2, d3 := date("2026-03-01"), date("2026-03-02"), date("2026-03-03")
	ans := func(id string, day routines.Date, a string) RoutineAnswer {
		return RoutineAnswer{ID: id, Day: day, Answer: a}
	}
	tests := []struct {
		name      string
		own, next []RoutineAnswer
		want      Mark
	}{
		{"own record", []RoutineAnswer{ans("r", d2, Yes)}, nil, MarkDone},
		{"late, in the next record", nil, []RoutineAnswer{ans("r", d2, Skip)}, MarkSkipped},
		{"own before late", []RoutineAnswer{ans("r", d2, No)}, []RoutineAnswer{ans("r", d2, Yes)}, MarkMissed},
		{"first of two in one record", []RoutineAnswer{ans("r", d2, Yes), ans("r", d2, No)}, nil, MarkDone},
		{"empty own answer gives way to a late one", []RoutineAnswer{ans("r", d2, "")}, []RoutineAnswer{ans("r", d2, Yes)}, MarkDone},
		{"empty first answer hides the second", []RoutineAnswer{ans("r", d2, ""), ans("r", d2, Yes)}, nil, MarkMissed},
		{"another routine", []RoutineAnswer{ans("s", d2, Yes)}, nil, MarkMissed},
		{"another day", []RoutineAnswer{ans("r", d1, Yes)}, []RoutineAnswer{ans("r", d3, Yes)}, MarkMissed},
		{"unknown word is a miss", []RoutineAnswer{ans("r", d2, "maybe")}, nil, MarkMissed},
	}
	since := d1
	o := &routines.OS{Routines: []routines.Routine{
		{ID: "r", Title: "R", Cadence: "daily", Status: routines.RoutineActive, Since: &since},
		{ID: "s", Title: "S", Cadence: "daily", Status: routines.RoutineActive, Since: &since},
	}}
	for _, tt := range tests {
		recs := Records{
			d2: {Date: d2, Kind: Daily, Routines: tt.own},
			d3: {Date: d3, Kind: Daily, Routines: tt.next},
		}
		span := Span{End: d2, Days: 1, Today: d3}
		got := Stats(o, History{Records: recs}, span)
		if len(got) != 2 || got[0].ID != "r" {
			t.Fatalf("%s: got %+v, want stats of r and s", tt.name, got)
		}
		if g := Mark(got[0].Graph[0]); g != tt.want {
			t.Errorf("%s: got mark %c, want %c", tt.name, g, tt.want)
		}
	}
}

// TestStatsLateAnswers guards against stats reading a day's answer only
// from its own record and the next day's: the review after skipped days
// asks about all of them, and its answers count for each, from the
// nearest record that has one, up to SearchDays later.
func TestStatsLateAnswers(t *testing.T) {
	d := date("2026-11-27")
	ans := func(a string) []RoutineAnswer { return []RoutineAnswer{{ID: "r", Day: d, Answer: a}} }
	tests := []struct {
		name string
		late map[int][]RoutineAnswer // records by days after d
		want Mark
	}{
		{"two days later, the 28th not reviewed", map[int][]RoutineAnswer{2: ans(Yes)}, MarkDone},
		{"the nearest record first", map[int][]RoutineAnswer{3: ans(Skip), 5: ans(Yes)}, MarkSkipped},
		{"an empty answer gives way to a later record", map[int][]RoutineAnswer{3: ans(""), 5: ans(Yes)}, MarkDone},
		{"SearchDays later", map[int][]RoutineAnswer{SearchDays: ans(Yes)}, MarkDone},
		{"more than SearchDays later", map[int][]RoutineAnswer{SearchDays + 1: ans(Yes)}, MarkMissed},
	}
	since := d
	o := &routines.OS{Routines: []routines.Routine{{ID: "r", Title: "R", Cadence: "daily", Status: routines.RoutineActive, Since: &since}}}
	for _, tt := range tests {
		recs := Records{}
		for k, as := range tt.late {
			day := d.AddDays(k)
			recs[day] = &Record{Date: day, Kind: Daily, Routines: as}
		}
		for _, days := range []int{1, 3} {
			span := Span{End: d.AddDays(days - 1), Days: days, Today: d.AddDays(SearchDays + 2)}
			got := Stats(o, History{Records: recs}, span)
			if g := Mark(got[0].Graph[0]); g != tt.want {
				t.Errorf("%s, %d days: got mark %c, want %c", tt.name, days, g, tt.want)
			}
		}
		if got, want := recs.Answer("r", d), map[Mark]string{MarkDone: Yes, MarkSkipped: Skip, MarkMissed: ""}[tt.want]; got != want {
			t.Errorf("%s: Records.Answer: got %q, want %q", tt.name, got, want)
		}
	}
}

// TestStatsManyRoutinesMatchAnswer checks Stats against Records.Answer on
// random records of many routines: duplicate, empty, late (by a day, by
// many, by too many), misdated and unknown answers, in any order.
func TestStatsManyRoutinesMatchAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const nr, days = 40, 60
	start := date("2026-01-01")
	since := start
	o := &routines.OS{}
	for i := range nr {
		o.Routines = append(o.Routines, routines.Routine{ID: fmt.Sprint("r", i), Title: "R", Cadence: "daily", Status: routines.RoutineActive, Since: &since})
	}
	words := []string{Yes, No, Skip, "", "other"}
	recs := Records{}
	for i := range days + SearchDays + 5 {
		d := start.AddDays(i)
		if rng.IntN(10) == 0 {
			continue
		}
		rec := &Record{Date: d, Kind: Daily}
		for range rng.IntN(2 * nr) {
			late := rng.IntN(3)
			if rng.IntN(5) == 0 {
				late = rng.IntN(SearchDays+6) - 1 // now and then much later, or a day early
			}
			day := d.AddDays(-late)
			rec.Routines = append(rec.Routines, RoutineAnswer{ID: fmt.Sprint("r", rng.IntN(nr+3)), Day: day, Answer: words[rng.IntN(len(words))]})
		}
		recs[d] = rec
	}
	end := start.AddDays(days - 1)
	today := end
	got := Stats(o, History{Records: recs}, Span{End: end, Days: days, Today: today})
	for k, s := range got {
		id := o.Routines[k].ID
		for i := range days {
			d := start.AddDays(i)
			ans := recs.Answer(id, d)
			want := MarkMissed
			switch {
			case ans == Yes:
				want = MarkDone
			case ans == Skip:
				want = MarkSkipped
			case ans == "" && !d.Before(today):
				want = MarkOpen
			}
			if g := Mark(s.Graph[i]); g != want {
				t.Errorf("%s on %s: got %c, want %c (answer %q)", id, d, g, want, ans)
			}
		}
	}
}

// BenchmarkStatsManyRoutines is `myos stats --days 3650` for 300 daily
// routines, each answered every day.
func BenchmarkStatsManyRoutines(b *testing.B) {
	const nr, days = 300, 3650
	start := date("2016-01-01")
	o := &routines.OS{}
	for i := range nr {
		o.Routines = append(o.Routines, routines.Routine{ID: fmt.Sprint("r", i), Title: "R", Cadence: "daily", Status: routines.RoutineActive, Since: &start})
	}
	recs := Records{}
	for i := range days {
		d := start.AddDays(i)
		rec := &Record{Date: d, Kind: Daily}
		for k := range nr {
			rec.Routines = append(rec.Routines, RoutineAnswer{ID: fmt.Sprint("r", k), Day: d, Answer: Yes})
		}
		recs[d] = rec
	}
	span := Span{End: start.AddDays(days - 1), Days: days, Today: start.AddDays(days)}
	for b.Loop() {
		Stats(o, History{Records: recs}, span)
	}
}

// TestStatsDuplicateIDs guards Stats against an OS with two routines of
// one id, which validation refuses but a caller may still hand it: it
// counts them, it does not panic.
func TestStatsDuplicateIDs(t *testing.T) {
	d := date("2026-03-02")
	o := &routines.OS{Routines: []routines.Routine{
		{ID: "a", Title: "A", Cadence: "daily", Status: routines.RoutineActive, Since: &d},
		{ID: "a", Title: "A again", Cadence: "daily", Status: routines.RoutineActive, Since: &d},
	}}
	recs := Records{d: {Date: d, Kind: Daily, Routines: []RoutineAnswer{{ID: "a", Day: d, Answer: Yes}}}}
	got := Stats(o, History{Records: recs}, Span{End: d, Days: 1, Today: d.AddDays(1)})
	if len(got) != 2 || got[0].Done != 1 || got[1].Done != 1 {
		t.Errorf("got %+v, want both counted from the one answer", got)
	}
}
