package cli

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

// TestWriteStatsFits checks that every line of the stats table fits the
// terminal, from the narrowest width myos draws for to a wide one, with
// a routine id longer than the name column, and that each routine's
// numbers and as much of its graph as the first line promises are there.
func TestWriteStatsFits(t *testing.T) {
	pct := 62.5
	graph := strings.Repeat("dmsn", 100) // 400 days
	stats := []review.RoutineStats{
		{ID: "sleep", Status: routines.RoutineActive, Due: 300, Done: 250, Missed: 30, Skipped: 20, Adherence: &pct, Current: 4, Longest: 41, Graph: graph},
		{ID: "read-one-chapter-of-a-book-before-bed", Status: routines.RoutineAspiration, Due: 12, Done: 3, Missed: 9, Graph: graph},
	}
	end := routines.DateOf(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	start := end.AddDays(-399)
	for _, width := range []int{40, 52, 60, 68, 69, 79, 80, 120, 300} {
		for _, days := range []int{3, 30, 400} {
			t.Run(fmt.Sprintf("%d columns, %d days", width, days), func(t *testing.T) {
				streams, _, _ := TestIO("")
				streams.Width = width
				var b bytes.Buffer
				writeStats(&b, streams, stats, start, end, days)
				lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
				for _, l := range lines {
					if textwidth.Width(l) > width {
						t.Errorf("%d columns wide, over %d:\n%s", textwidth.Width(l), width, l)
					}
				}
				shown := days
				if m := regexp.MustCompile(`the\s+graph\s+shows\s+the\s+last\s+(\d+)`).FindStringSubmatch(b.String()); m != nil {
					shown, _ = strconv.Atoi(m[1])
				}
				want := review.GraphString(graph[len(graph)-shown:])
				if shown < 7 && days >= 7 {
					t.Errorf("a graph of %d days: too short to read", shown)
				}
				out := b.String()
				if n := strings.Count(out, want); n != len(stats) {
					t.Errorf("the last %d days of the graph appear %d times, want %d:\n%s", shown, n, len(stats), out)
				}
				for _, num := range []string{"250", "41", "63%"} {
					if !strings.Contains(out, num) {
						t.Errorf("no %s in\n%s", num, out)
					}
				}
				if !strings.Contains(out, "read-one-chapter") {
					t.Errorf("the long id is not there:\n%s", out)
				}
			})
		}
	}
}
