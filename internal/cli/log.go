package cli

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

func init() { register("log", newLogCmd) }

type logOptions struct {
	n     int
	since string
	long  bool
	json  bool
	path  string // only the commits that changed it; "" for all
}

func newLogCmd(d *deps) *cobra.Command {
	var opts logOptions
	cmd := &cobra.Command{
		Use:   "log [PATH] [-n N] [--since DATE] [--long] [--json]",
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
or weeks back (-7d, -2w; 7d and 2w say the same).

PATH lists only the commits that changed it: a file or folder of the OS,
from its top (reviews/2026), or a model file by name or kind as edit
takes it (routines, calendar). Under a merge, only the commits it
brought in that changed PATH are listed. ` + "`myos history KIND ID`" + ` follows one
item.`,
		Example: `  myos log
  myos log -n 5 --long
  myos log --since 2026-11-01
  myos log --since -2w --json | jq -r '.[].subject'
  myos log routines --long`,
		Args: argsN(0, 1, "PATH"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.n < 0 {
				return usagef("-n %d: want 0 (all) or more", opts.n)
			}
			if len(args) == 1 {
				p, err := logPath(args[0])
				if err != nil {
					return err
				}
				opts.path = p
			}
			return runLog(d, opts)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return append(routines.ModelFiles(), readmeFile, review.Dir), cobra.ShellCompDirectiveNoFileComp
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
	lo := store.LogOptions{Max: opts.n, Path: opts.path}
	var since routines.Date
	if opts.since != "" {
		if since, err = sinceDay("--since", opts.since, routines.DateOf(d.now().In(loc))); err != nil {
			return err
		}
		// The walk stops a day early in UTC, before the day began in
		// any zone; each commit's own day decides (see commitDays).
		lo.Since = since.AddDays(-1).Time(time.UTC)
	}
	commits, err := repo.Log(lo)
	if err != nil {
		return err
	}
	days := newCommitDays(repo, loc)
	if opts.since != "" {
		kept := commits[:0]
		for _, c := range commits {
			on, err := days.of(c.Hash, c.Author.When)
			if err != nil {
				return err
			}
			if !on.Before(since) {
				kept = append(kept, c)
			}
		}
		commits = kept
	}
	merged := map[string][]store.CommitInfo{}
	for _, c := range commits {
		if len(c.Parents) > 1 {
			if merged[c.Hash], err = mergedIn(repo, c); err != nil {
				return err
			}
			if opts.path != "" {
				if merged[c.Hash], err = changing(repo, merged[c.Hash], opts.path); err != nil {
					return err
				}
			}
		}
	}
	if len(commits) == 0 && opts.path != "" && opts.since == "" {
		if err := inOS(repo, opts.path); err != nil {
			return err
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
		switch _, hasHead, err := headOrNone(repo); {
		case err == nil && !hasHead:
			fmt.Fprintln(d.io.Out, "no commits yet")
		case opts.path != "" && opts.since != "":
			fmt.Fprintf(d.io.Out, "no commits changed %s since %s\n", opts.path, since)
		case opts.path != "":
			fmt.Fprintf(d.io.Out, "no commits changed %s\n", opts.path)
		default:
			fmt.Fprintf(d.io.Out, "no commits since %s\n", since)
		}
		return nil
	}
	for i, c := range commits {
		subject, body := splitMessage(c.Message)
		on, err := days.of(c.Hash, c.Author.When)
		if err != nil {
			return err
		}
		fmt.Fprintf(d.io.Out, "%s %s %s\n", d.io.yellow(c.Short), on, subject)
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
			on, err := days.of(m.Hash, m.Author.When)
			if err != nil {
				return err
			}
			fmt.Fprintf(d.io.Out, "  ↳ %s %s %s\n", d.io.yellow(m.Short), on, subject)
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

// sinceDay reads a day given as flag (--since) or argument (diff's REV):
// what every date flag takes (dateArg), and a number of days or weeks
// back written without its sign, 7d or 2w, as log has always taken it.
func sinceDay(flag, s string, today routines.Date) (routines.Date, error) {
	s = strings.TrimSpace(s)
	if unsignedDays().MatchString(s) {
		s = "-" + s
	}
	return pastDateArg(today, flag, s)
}

// unsignedDays is a number of days or weeks with no sign: 7d, 2w.
var unsignedDays = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+[dw]$`) })

// logPath is the OS path log's PATH argument names: a model file by name
// or kind, as edit takes it, or a path from the top of the OS folder.
func logPath(arg string) (string, error) {
	if !strings.ContainsAny(arg, `/\`) {
		if f, err := editFile(arg); err == nil {
			return f, nil
		}
	}
	// An OS path has no backslash (store refuses one): reviews\2026 is
	// reviews/2026 written as Windows writes it, on any system.
	p := path.Clean(strings.ReplaceAll(arg, `\`, "/"))
	if p == "." || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") || filepath.IsAbs(arg) {
		return "", usagef("%s: give a path from the top of the OS folder (reviews/2026, routines.toml), or a kind (routines)", arg)
	}
	return p, nil
}

// inOS fails when p, which no commit changed, is not in the OS either:
// a mistyped path (review, routine.tml) would otherwise read as a file
// that never changed.
func inOS(repo *store.Repo, p string) error {
	h, hasHead, err := headOrNone(repo)
	if err != nil || !hasHead {
		return err
	}
	if id, err := repo.PathHash(h.Hash, p); err != nil || id != "" {
		return err
	}
	return withHint(fmt.Errorf("%s: no such file or folder in the OS", p),
		"give a path from the top of the OS folder (reviews/2026, routines.toml), or a kind (routines)")
}

// changing keeps the commits of cs that changed p, a file or a folder,
// against their first parent.
func changing(repo *store.Repo, cs []store.CommitInfo, p string) ([]store.CommitInfo, error) {
	var out []store.CommitInfo
	for _, c := range cs {
		if len(c.Parents) == 0 {
			continue
		}
		now, err := repo.PathHash(c.Hash, p)
		if err != nil {
			return nil, err
		}
		was, err := repo.PathHash(c.Parents[0], p)
		if err != nil {
			return nil, err
		}
		if now != was {
			out = append(out, c)
		}
	}
	return out, nil
}
