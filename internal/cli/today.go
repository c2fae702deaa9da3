package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/render"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("today", newTodayCmd) }

type todayOptions struct {
	date string
	json bool
}

func newTodayCmd(d *deps) *cobra.Command {
	var opts todayOptions
	cmd := &cobra.Command{
		Use:   "today [--date DATE] [--json]",
		Short: "Show the day: themes, calendar, routines due, work in progress",
		Long: `Show the agenda of a day: the themes it serves, the blocks and events on the
calendar with the free time between them, the routines due and why, the
priorities in doing and next (with what was put off on purpose, and until
when), and a reminder when the last review was more than a day ago.

--date takes YYYY-MM-DD, today, yesterday, tomorrow, +3d, -3d or +2w; the day
is in the OS's timezone. --json prints the day as an object with date,
weekday, themes, blocks, routines, priorities (with started, deferrals and
notes: "in progress since" is started), events, free, last_review and
put_off (the priorities put off past the day, with deferred_until,
defer_reason and deferrals).`,
		Example: `  myos today
  myos today --date tomorrow
  myos today --date 2026-12-03 --json | jq '.blocks[].title'`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runToday(d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.date, "date", "", "the `DATE` to show: YYYY-MM-DD, today, yesterday, tomorrow, +3d, -3d or +2w (default today)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the day as a JSON object")
	return cmd
}

func runToday(d *deps, opts todayOptions) error {
	o, err := d.loadOS()
	if err != nil {
		return err
	}
	day, err := d.dateFlag(o, opts.date)
	if err != nil {
		return err
	}
	today := d.today(o)
	last, err := lastReview(workfile.DirFS(d.osDir()), today)
	if err != nil {
		return err
	}
	view := render.NewDay(o, o.Day(day), today, last)
	if opts.json {
		return writeJSON(d.io.Out, view)
	}
	return render.WriteDay(d.io.Out, view, d.renderOptions())
}

// lastReview is the date of the newest review record, daily or weekly, on
// or before today; nil when there is none. A record's folder is its year,
// so the year folders are read newest first and the first one with a
// record on or before today answers: one folder, not ten years of them.
func lastReview(fsys fs.FS, today routines.Date) (*routines.Date, error) {
	// Most days the last review is today's or yesterday's: look for the
	// records of the last week by name before reading a year of them.
	for i := 0; i < 7; i++ {
		d := today.AddDays(-i)
		if fi, err := fs.Lstat(fsys, path.Dir(review.Path(d, review.Daily))); err != nil || !fi.IsDir() {
			break // no year folder: let the listing below tell
		}
		found := false
		for _, kind := range []string{review.Daily, review.Weekly} {
			fi, err := fs.Lstat(fsys, review.Path(d, kind))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				found = false
				i = 7 // something odd: let the listing below tell
				break
			}
			if err == nil && !fi.IsDir() {
				found = true
			}
		}
		if found {
			return &d, nil
		}
	}
	years, err := fs.ReadDir(fsys, review.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading review records: %w", err)
	}
	for i := len(years) - 1; i >= 0; i-- {
		y := years[i]
		if len(y.Name()) != 4 || y.Name() > fmt.Sprintf("%04d", today.Year) || !review.YearFolder(fsys, y) {
			continue
		}
		dir := review.Dir + "/" + y.Name()
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, fmt.Errorf("reading review records: %w", err)
		}
		var last *routines.Date
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			day, _, ok := review.ParsePath(dir + "/" + e.Name())
			if ok && !day.After(today) && (last == nil || day.After(*last)) {
				last = &day
			}
		}
		if last != nil {
			return last, nil
		}
	}
	return nil, nil
}

// renderOptions is how wide and colourful the views may be on Out.
func (d *deps) renderOptions() render.Options {
	return render.Options{Width: d.io.Width, Color: d.io.Color()}
}
