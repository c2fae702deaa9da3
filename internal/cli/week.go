package cli

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/render"
)

func init() { register("week", newWeekCmd) }

type weekOptions struct {
	date string
	json bool
	html string
}

func newWeekCmd(d *deps) *cobra.Command {
	var opts weekOptions
	cmd := &cobra.Command{
		Use:   "week [--date DATE] [--json | --html FILE]",
		Short: "Show the week as a timetable, with hours per theme",
		Long: `Show the week that holds a day as a timetable: the times down the side, the
seven days across (from the OS's week_start), every block, event and timed
routine where it sits, coloured by theme on a terminal (on one narrower
than 80 columns, the days one under another). Under it: the hours the
week plans for each theme, and the routines that come round.

--date takes YYYY-MM-DD, today, yesterday, tomorrow, +3d, -3d or +2w. --json
prints the week as an object with start, end, days (date, weekday,
blocks, events, routines, free) and theme_minutes. --html FILE writes
the week instead as one self-contained web page, to print or to open on a
phone; --html - prints the page to standard output.`,
		Example: `  myos week
  myos week --date 2026-12-03
  myos week --json | jq .theme_minutes
  myos week --html week.html`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.json && opts.html != "" {
				return usagef("--json and --html do not go together")
			}
			if fi, err := os.Stat(opts.html); opts.html != "" && opts.html != "-" && err == nil && fi.IsDir() {
				return usagef("--html %s is a folder: give a file name", opts.html)
			}
			return runWeek(d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.date, "date", "", "a `DATE` in the week to show: YYYY-MM-DD, today, yesterday, tomorrow, +3d, -3d or +2w (default today)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the week as a JSON object")
	cmd.Flags().StringVar(&opts.html, "html", "", "write the week as a self-contained web page to `FILE` (- for standard output) instead")
	return cmd
}

func runWeek(d *deps, opts weekOptions) error {
	o, err := d.loadOS()
	if err != nil {
		return err
	}
	day, err := d.dateFlag(o, opts.date)
	if err != nil {
		return err
	}
	if opts.html != "" {
		return writeWeekHTML(d, o, day, opts.html)
	}
	view := render.NewWeek(o, o.Week(day))
	if opts.json {
		return writeJSON(d.io.Out, view)
	}
	return render.WriteWeek(d.io.Out, view, d.renderOptions())
}
