package cli_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/benchdata"
	"github.com/myos-dev/myos/internal/cli"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/routines"
)

// BenchmarkTenYears runs the commands of scripts/bench in process on the
// ten-year repository, for profiling:
//
//	go test ./internal/cli -run '^$' -bench TenYears/stats -cpuprofile cpu.out
func BenchmarkTenYears(b *testing.B) {
	sum := benchdata.Cached(b)
	// One cache for every run, as one person's machine has.
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	o, err := routines.Load(os.DirFS(sum.Dir))
	if err != nil {
		b.Fatal(err)
	}
	today := routines.DateOf(sum.Now.In(o.Location()))
	answers := []string{"review"}
	for _, r := range o.Routines {
		if (r.Status == routines.RoutineActive || r.Status == routines.RoutineAspiration) && r.DueOn(today) {
			answers = append(answers, "--answer", r.ID+"=yes")
		}
	}
	reads := []struct {
		name string
		args []string
	}{
		{"today", []string{"today"}},
		{"week", []string{"week"}},
		{"check", []string{"check"}},
		{"status", []string{"status"}},
		{"log", []string{"log", "-n", "20"}},
		{"diff", []string{"diff", "HEAD~30"}},
		{"history", []string{"history", "routine", sum.HistoryItem}},
		{"stats", []string{"stats", "--days", "3650"}},
		// The weekly review's questions and what changed over the week,
		// written nowhere.
		{"review-weekly", []string{"review", "--weekly", "--dry-run"}},
	}
	for _, c := range reads {
		b.Run(c.name, func(b *testing.B) {
			env(b, sum.Dir, sum.Now)
			for b.Loop() {
				run(b, c.args, 0, 1)
			}
		})
	}
	b.Run("add", func(b *testing.B) {
		env(b, benchdata.Clone(b, sum.Dir), sum.Now)
		i := 0
		for b.Loop() {
			i++
			run(b, []string{"add", "priority", fmt.Sprintf("Bench item %d", i), "--theme", o.Themes[0].ID, "--status", "later"}, 0)
		}
	})
	b.Run("review", func(b *testing.B) {
		env(b, benchdata.Clone(b, sum.Dir), sum.Now)
		i := 0
		for b.Loop() {
			i++
			run(b, append(answers, "--partial", "--note", fmt.Sprintf("run %d", i)), 0)
		}
		if _, err := os.Stat(sum.Dir + "/" + review.Path(today, review.Daily)); err == nil {
			b.Errorf("review wrote into the shared repository, want only into its clone")
		}
	})
}

func env(b *testing.B, dir string, now time.Time) {
	b.Setenv("MYOS_DIR", dir)
	b.Setenv("MYOS_NOW", now.Format(time.RFC3339))
	b.Setenv("NO_COLOR", "1")
}

// run runs myos with args and fails unless it exits with one of codes.
func run(b *testing.B, args []string, codes ...int) {
	io, _, errOut := cli.TestIO("")
	code := cli.Main(args, io)
	for _, c := range codes {
		if code == c {
			return
		}
	}
	b.Fatalf("myos %v: exit %d\n%s", args, code, errOut)
}
