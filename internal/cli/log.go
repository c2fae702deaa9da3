package cli

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

func init() { register("log", newLogCmd) }

type logOptions struct {
	n     int
	since string
	long  bool
	json  bool
}

func newLogCmd(d *deps) *cobra.Command {
	var opts logOptions
	cmd := &cobra.Command{
		Use:   "log [-n N] [--since DATE] [--long] [--json]",
		Short: "List the commits of the OS, newest first",
		Long: `List the commits of the OS, newest first: short id, date (in the OS's
timezone) and subject. --long adds each commit's body, which says item by
item what changed.

Log follows the line of commits each one was made on (first parents). Under
a merge that sync made, it lists the commits the merge brought in from the
other side (↳), at most 20: after a sync that took in another machine's
merge, this machine's own commits are there. --json gives them as merged,
and how many more as merged_more.

--since takes a date (2026-11-01), today, yesterday, or a number of days
or weeks back (-7d, -2w; 7d and 2w say the same).`,
		Example: `  myos log
  myos log -n 5 --long
  myos log --since 2026-11-01
  myos log --since -2w --json | jq -r '.[].subject'`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.n < 0 {
				return usagef("-n %d: want 0 (all) or more", opts.n)
			}
			return runLog(d, opts)
		},
	}
	cmd.Flags().IntVarP(&opts.n, "max", "n", 20, "show at most `N` commits (0: all)")
	cmd.Flags().StringVar(&opts.since, "since", "", "only commits from `DATE` on: YYYY-MM-DD, today, yesterday, -7d or -2w")
	cmd.Flags().BoolVar(&opts.long, "long", false, "show each commit's body too")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the commits as a JSON list")
	return cmd
}

func runLog(d *deps, opts logOptions) error {
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	loc := osLocation(repo)
	lo := store.LogOptions{Max: opts.n}
	var since routines.Date
	if opts.since != "" {
		if since, err = sinceDay(opts.since, routines.DateOf(d.now().In(loc))); err != nil {
			return err
		}
		lo.Since = since.Time(loc)
	}
	commits, err := repo.Log(lo)
	if err != nil {
		return err
	}
	merged := map[string][]store.CommitInfo{}
	for _, c := range commits {
		if len(c.Parents) > 1 {
			if merged[c.Hash], err = mergedIn(repo, c); err != nil {
				return err
			}
		}
	}
	if opts.json {
		out := make([]commitJSON, len(commits))
		for i, c := range commits {
			out[i] = toCommitJSON(c)
			in := merged[c.Hash]
			for _, m := range in[:min(len(in), maxMerged)] {
				out[i].Merged = append(out[i].Merged, toCommitJSON(m))
			}
			out[i].MergedMore = max(len(in)-maxMerged, 0)
		}
		return writeJSON(d.io.Out, out)
	}
	if len(commits) == 0 {
		if _, hasHead, err := headOrNone(repo); err == nil && !hasHead {
			fmt.Fprintln(d.io.Out, "no commits yet")
		} else {
			fmt.Fprintf(d.io.Out, "no commits since %s\n", since)
		}
		return nil
	}
	for i, c := range commits {
		subject, body := splitMessage(c.Message)
		fmt.Fprintf(d.io.Out, "%s %s %s\n", d.io.yellow(c.Short), c.Author.When.In(loc).Format(time.DateOnly), subject)
		if opts.long && body != "" {
			for _, line := range strings.Split(body, "\n") {
				if line == "" {
					fmt.Fprintln(d.io.Out)
					continue
				}
				fmt.Fprintf(d.io.Out, "    %s\n", line)
			}
		}
		in := merged[c.Hash]
		for _, m := range in[:min(len(in), maxMerged)] {
			subject, _ := splitMessage(m.Message)
			fmt.Fprintf(d.io.Out, "  ↳ %s %s %s\n", d.io.yellow(m.Short), m.Author.When.In(loc).Format(time.DateOnly), subject)
		}
		if len(in) > maxMerged {
			fmt.Fprintf(d.io.Out, "  ↳ and %d more\n", len(in)-maxMerged)
		}
		if opts.long && body != "" && i < len(commits)-1 {
			fmt.Fprintln(d.io.Out)
		}
	}
	return nil
}

// maxMerged is how many of the commits a merge brought in log lists under
// it; a line says how many more there are.
const maxMerged = 20

// mergedIn lists the commits merge c brought in, newest first: those its
// second parent reaches and its first does not. A machine that
// fast-forwarded to a merge made elsewhere finds its own commits there, off
// the line log follows. The walk stops where the two sides meet.
func mergedIn(repo *store.Repo, c store.CommitInfo) ([]store.CommitInfo, error) {
	return repo.Only(c.Parents[1], c.Parents[0])
}

// sinceDay reads --since: what every date flag takes (dateArg), and a
// number of days or weeks back written without its sign, 7d or 2w, as
// log has always taken it.
func sinceDay(s string, today routines.Date) (routines.Date, error) {
	s = strings.TrimSpace(s)
	if unsignedDays().MatchString(s) {
		s = "-" + s
	}
	return dateArg(today, "--since", s)
}

// unsignedDays is a number of days or weeks with no sign: 7d, 2w.
var unsignedDays = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+[dw]$`) })
