package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("check", newCheckCmd) }

type checkOptions struct {
	date    string
	json    bool
	records bool
}

func newCheckCmd(d *deps) *cobra.Command {
	var opts checkOptions
	cmd := &cobra.Command{
		Use:   "check [--records] [--date DATE] [--json]",
		Short: "Report errors, then advice, about the OS",
		Long: `Check the OS's files (os.toml, routines, priorities, calendar, themes) and
report what is wrong (errors) and what could be better (advice): overlapping
blocks, blocks off the calendar grid, short gaps, too much in progress, work
tied to no theme, themes nothing serves, routines without a why, routines
whose rule (UNTIL, COUNT) has run out, days without a break, work put off
again and again.

Review records edited by hand are checked by ` + "`myos status`" + ` and ` + "`myos commit`" + `
(those not committed yet), and all of them by check --records: a record
that does not read, contradicts its file's name, answers a question twice
or answers for a day it cannot is an error, and a day two records answer
differently (two machines that each answered it) is advice. Ten years of
records take about half a second.

Works on any folder of OS files, whether or not it is a repository.
Exits 1 when there are errors; advice alone exits 0.`,
		Example: `  myos check
  myos check --dir ./team-template
  myos check --records
  myos check --json | jq '.[] | select(.severity == "error")'`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.date, "date", "", "the `DATE` to check due dates against (default today)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print findings as a JSON list")
	cmd.Flags().BoolVar(&opts.records, "records", false, "check every review record too")
	return cmd
}

func runCheck(d *deps, opts checkOptions) error {
	dir := d.osDir()
	if err := notAFolder(dir); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, routines.FileOS)); err != nil {
		if _, err := os.Stat(dir); err != nil {
			return d.noOS(dir)
		}
	}
	// The review records are read while the model is checked.
	records := make(chan recordCheck, 1)
	go func() {
		if !opts.records {
			records <- recordCheck{}
			return
		}
		errs, advice, err := allRecordErrors(dir)
		records <- recordCheck{errs, advice, err}
	}()
	findings, errs, err := d.checkModel(dir, opts)
	rc := <-records // nothing left running behind an error
	if err != nil {
		return err
	}
	if rc.err != nil {
		return rc.err
	}
	findings = append(findings, rc.errs...)
	findings = append(findings, rc.advice...)
	routines.SortFindings(findings)
	if opts.json {
		if findings == nil {
			findings = []routines.Finding{}
		}
		if err := writeJSON(d.io.Out, findings); err != nil {
			return err
		}
	} else {
		printFindings(d, findings)
	}
	if len(errs) > 0 || len(rc.errs) > 0 {
		return exitCode(ExitFailure)
	}
	return nil
}

// checkModel loads the OS in dir and returns its findings, errors and
// advice, and apart the errors alone.
func (d *deps) checkModel(dir string, opts checkOptions) ([]routines.Finding, routines.Errors, error) {
	o, err := d.loadFolder(dir)
	var findings []routines.Finding
	var errs routines.Errors
	if err != nil && !errors.As(err, &errs) {
		return nil, nil, err
	}
	errs, deleted := deletedFiles(dir, errs)
	findings = append(findings, errs...)
	findings = append(findings, deleted...)
	if o != nil {
		var today routines.Date
		if opts.date != "" || len(errs) == 0 {
			if today, err = d.dateFlag(o, opts.date); err != nil {
				return nil, nil, err
			}
		}
		findings = append(findings, routines.Check(o, today)...)
	}
	// A template's own repository: its template.toml too.
	meta := append(metaErrors(dir), templateRecordErrors(dir)...)
	errs = append(errs, meta...)
	findings = append(findings, meta...)
	// Advice about an OS read in part can be wrong for what is missing:
	// a theme served only by blocks is idle while calendar.toml does not
	// read.
	return routines.WithoutFollowOns(findings), errs, nil
}

// recordCheck is what allRecordErrors found.
type recordCheck struct {
	errs   routines.Errors
	advice []routines.Finding
	err    error
}

// allRecordErrors checks every review record in the OS folder dir, as
// status and commit check the ones they commit, and advises about the
// days two records answer differently (review.AnsweredTwice).
func allRecordErrors(dir string) (routines.Errors, []routines.Finding, error) {
	paths, err := review.Paths(workfile.DirFS(dir))
	if err != nil {
		return nil, nil, fmt.Errorf("reading review records: %w", err)
	}
	errs, recs := readRecords(dir, paths)
	var advice []routines.Finding
	for _, t := range review.AnsweredTwice(recs) {
		advice = append(advice, t.Finding)
	}
	return errs, advice, nil
}

func printFindings(d *deps, findings []routines.Finding) {
	nErr, nAdv := 0, 0
	for _, f := range findings {
		label := d.io.yellow("advice")
		if f.Severity == routines.SeverityError {
			label = d.io.red("error")
			nErr++
		} else {
			nAdv++
		}
		fmt.Fprintf(d.io.Out, "%s: %s [%s]\n", label, f.String(), f.Code)
	}
	switch {
	case nErr == 0 && nAdv == 0:
		fmt.Fprintln(d.io.Out, d.io.green("ok")+": no errors, no advice")
	default:
		fmt.Fprintf(d.io.Out, "%s, %s\n", plural(nErr, "error"), plural(nAdv, "piece of advice", "pieces of advice"))
	}
}

// plural is "1 error", "2 errors"; the optional second form is the plural.
func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %ss", n, one)
}
