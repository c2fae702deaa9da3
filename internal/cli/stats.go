package cli

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

func init() { register("stats", newStatsCmd) }

type statsOptions struct {
	date    string
	days    int
	routine string
	json    bool
}

func newStatsCmd(d *deps) *cobra.Command {
	var opts statsOptions
	cmd := &cobra.Command{
		Use:   "stats [--date DATE] [--days N] [--routine ID]",
		Short: "How your routines went: adherence, streaks and a habit graph",
		Long: `For each routine over the N days ending on DATE, from your daily review
records: times due, done, missed, skipped, adherence, the current and the
longest streak, and a consistency graph with one character a day:

  ● done   × missed   ○ skipped   · not due   (blank) today, not yet reviewed

A routine counts from its since date or, when it has none, from its first
answer ever, even one before the N days: days before it are not counted,
and a routine never answered is not counted at all. From then on a due day
with no answer counts as missed; only today is open until you review it.
A day's answer may come from its own review or from a later one, up to
` + fmt.Sprint(review.SearchDays) + ` days later: the review after days you skipped asks about them. So a
day gets the same mark whatever N is. A day, today as well as a past one,
is judged by the routine as it was that day, at its time that day: by the
cadence it had then, not missed (nor open, today) while it was paused or
retired or not in the OS, nor on the day it was added after its time.
Streaks count due days only: a weekdays routine is not broken by a
Saturday, and a skip neither breaks nor extends a streak.

The numbers cover all N days, or, when they reach back to before there
was anything to count (no routines yet, and no answer given for those
days), the days since; the graph shows as many of the last of them as
fit the width (--json has them all, from start), and the line above the
table says which days are which.`,
		Example: `  myos stats
  myos stats --days 90 --routine sleep
  myos stats --json | jq '.[] | {id, adherence}'`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStats(d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.date, "date", "", "the last `DATE` counted, today or earlier (default today)")
	cmd.Flags().IntVar(&opts.days, "days", 30, "count `N` days, ending on --date")
	cmd.Flags().StringVar(&opts.routine, "routine", "", "only the routine `ID` (retired ones too)")
	_ = cmd.RegisterFlagCompletionFunc("routine", completeIDs(d, routines.KindRoutine))
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the numbers as JSON")
	return cmd
}

func runStats(d *deps, opts statsOptions) error {
	if opts.days < 1 || opts.days > 36600 {
		return usagef("--days %d: want 1 to 36600", opts.days)
	}
	o, err := d.loadOS()
	if err != nil {
		return err
	}
	end, err := d.pastDateFlag(o, opts.date)
	if err != nil {
		return err
	}
	today := d.today(o)
	if end.After(today) {
		return usagef("--date %s is after today (%s): stats count days that have begun", end, today)
	}
	if r := o.Renamed(routines.KindRoutine, opts.routine); opts.routine != "" && o.Find(routines.KindRoutine, opts.routine) == nil && r != nil {
		// An id from before a rename: its answers are the routine's now.
		fmt.Fprintf(d.io.ErrOut, "myos: %s is routine %s now (renamed)\n", opts.routine, r.ItemID())
		opts.routine = r.ItemID()
	}
	if opts.routine != "" && o.Find(routines.KindRoutine, opts.routine) == nil {
		ids := make([]string, len(o.Routines))
		for i, r := range o.Routines {
			ids[i] = r.ID
		}
		err := fmt.Errorf("no routine %q", opts.routine)
		if s := routines.Suggest(opts.routine, ids); s != "" {
			return withHint(err, "did you mean %q?", s)
		}
		// Stats count the routines the OS has; one removed is still in
		// the history, answers and all.
		return withHint(err, "stats count the routines your OS has now (`myos stats` lists them); `myos history routine %s` shows one you removed", opts.routine)
	}
	span := review.Span{End: end, Days: opts.days, Today: today, Only: opts.routine}
	h, errs := d.loadHistory(nil, o, span)
	warnAll(d, errs)
	// Days before the OS had routines are not counted, nor shown: ten
	// years asked of an OS begun last month are a month. The history of
	// the longer span holds all the shorter one needs.
	if began, ok := h.Began(); ok && began.After(span.Start()) && !began.After(end) {
		span.Days = began.DaysUntil(end) + 1
	}
	stats := review.Stats(o, h, span)
	if opts.json {
		if stats == nil {
			stats = []review.RoutineStats{}
		}
		return writeJSON(d.io.Out, stats)
	}
	w := d.io.Out
	if len(stats) == 0 {
		fmt.Fprintln(w, "no routines yet: add one with `myos add routine TITLE --cadence daily`")
		return nil
	}
	if len(h.Records) == 0 {
		fmt.Fprintln(d.io.ErrOut, "myos: no review records in these days yet: `myos review` records what you did")
	}
	writeStats(w, d.io, stats, span.Start(), end, span.Days)
	return nil
}

// statsNumbers is the width of a stats row's numbers: due, done, miss and
// skip, adherence, and the current and the longest streak.
const statsNumbers = 4*5 + 6 + 2*5

// writeStats writes stats as a table fitted to io's width: a row a
// routine, its numbers over all days days from start to end, and its
// graph of as many of the last days as fit. The name column is as wide as
// the longest name, up to 24 columns. A terminal too narrow for the table
// with a week's graph gets each routine as a name, its numbers and its
// graph on lines of their own.
func writeStats(w io.Writer, streams *IO, stats []review.RoutineStats, start, end routines.Date, days int) {
	width := max(streams.Width, 40)
	names := make([]string, len(stats))
	nameW := len("routine")
	for i, s := range stats {
		names[i] = s.ID
		if s.Status == routines.RoutineAspiration {
			names[i] += " (asp.)"
		}
		nameW = max(nameW, min(textwidth.Width(names[i]), 24))
	}
	// The graph column holds a week's days and its heading, or the
	// routines are stacked.
	room := width - nameW - statsNumbers - 2
	graphDays := min(days, room)
	heading := "last " + plural(graphDays, "day", "days")
	stacked := room < 7 || room < len(heading)
	if stacked {
		graphDays = min(days, width-2)
	}
	graphs := make([]string, len(stats))
	for i, s := range stats {
		g := s.Graph
		if len(g) > graphDays {
			g = g[len(g)-graphDays:]
		}
		graphs[i] = review.GraphString(g)
	}
	for _, l := range textwidth.Wrap(spanLine(start, end, days, graphDays), width) {
		fmt.Fprintln(w, l)
	}
	if stacked {
		for i, s := range stats {
			fmt.Fprintln(w, streams.bold(textwidth.Truncate(names[i], width)))
			fields := []string{fmt.Sprintf("due %d", s.Due), fmt.Sprintf("done %d", s.Done), fmt.Sprintf("missed %d", s.Missed),
				fmt.Sprintf("skipped %d", s.Skipped), "adherence " + strings.TrimSpace(adherence(s)), fmt.Sprintf("streak %d", s.Current), fmt.Sprintf("best %d", s.Longest)}
			line := ""
			for _, f := range fields {
				if line != "" && 2+len(line)+2+len(f) > width {
					fmt.Fprintf(w, "  %s\n", line)
					line = ""
				}
				if line != "" {
					line += "  "
				}
				line += f
			}
			fmt.Fprintf(w, "  %s\n", line)
			fmt.Fprintf(w, "  %s\n", graphs[i])
		}
		return
	}
	fmt.Fprintln(w, streams.bold(fmt.Sprintf("%s %4s %4s %4s %4s %5s %4s %4s  %s", textwidth.Pad("routine", nameW), "due", "done", "miss", "skip", "adh%", "cur", "best", heading)))
	for i, s := range stats {
		fmt.Fprintf(w, "%s %4d %4d %4d %4d %s %4d %4d  %s\n", textwidth.Pad(names[i], nameW), s.Due, s.Done, s.Missed, s.Skipped, adherence(s), s.Current, s.Longest, graphs[i])
	}
}

// adherence is s's adherence as five columns: a whole percentage, or "-"
// when no day was counted.
func adherence(s review.RoutineStats) string {
	if s.Adherence == nil {
		return "  -  "
	}
	// Halves round up, as people round: 5 of 8 is 63%, not the 62% that
	// rounding to even gives.
	return fmt.Sprintf("%4d%%", int(math.Round(*s.Adherence)))
}

// spanLine says what the table covers: the numbers every day from start to
// end, the graph the last graphDays of them.
func spanLine(start, end routines.Date, days, graphDays int) string {
	line := fmt.Sprintf("%s to %s: %s counted", start, end, plural(days, "day", "days"))
	if graphDays < days {
		line += fmt.Sprintf("; the graph shows the last %d", graphDays)
	}
	return line
}
