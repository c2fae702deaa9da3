package routines

import (
	"os"
	"testing"
)

// BenchmarkLoadAndWeek loads the largest example OS from disk and computes
// the plan of a week: what `myos week` does before it prints. Target: under
// 1 ms (README, Performance).
func BenchmarkLoadAndWeek(b *testing.B) {
	fsys := os.DirFS("../examples/calendar-first")
	day := Date{2026, 11, 25}
	if _, err := Load(fsys); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		o, err := Load(fsys)
		if err != nil {
			b.Fatal(err)
		}
		if w := o.Week(day); len(w.Days) != 7 {
			b.Fatalf("got %d days, want 7", len(w.Days))
		}
	}
}
