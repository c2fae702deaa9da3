package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
)

func init() { register("repair", newRepairCmd) }

type repairOptions struct {
	dryRun bool
	ref    string
	unlock bool
	json   bool
}

func newRepairCmd(d *deps) *cobra.Command {
	var opts repairOptions
	cmd := &cobra.Command{
		Use:   "repair [--dry-run] [--ref COMMIT]",
		Short: "Find and fix what a crash or a stopped git command left behind",
		Long: `Look for what a crash, a git command stopped halfway or a hand in .git can
leave behind, say what each problem is, and fix what can be fixed without
losing anything. Other commands refuse to write while a problem blocks
writes, and send you here.

--dry-run only lists the problems and what repair would do: run it first.

Without it, repair does only safe things: it clears a stale lock, removes
git lock files and temporary files left by a process that stopped, rebuilds
the index from HEAD (your files stay as they are), points an empty or
unreadable branch back at the commit it was on when that commit is certain,
and re-attaches a detached HEAD to main when main only moves forward. It
never deletes a commit or an object and never moves main backwards.

A folder copied with cp -a, restored from a backup or rewritten by a sync
tool keeps its files but not their stat data, and every status then reads
them all (status says so). repair records their new stat data in the
index, as git status would; what git has staged stays staged.

A lock (.git/myos.lock) that names a process which is gone is cleared by
itself. One that names a live process which cannot be confirmed to be
myos (its pid was reused) or a process on another machine blocks writes
until you say it is safe: --unlock removes it. Use it only when no myos is
running.

A merge, rebase, cherry-pick, revert or bisect in progress is left to git:
repair prints the git command that finishes it or gives it up. When the
branch is lost and several commits could be its last one, repair lists
them and --ref COMMIT picks one.

Exits 0 when nothing is left to fix, 1 otherwise.`,
		Example: `  myos repair --dry-run
  myos repair
  myos repair --ref 3f2a9c1
  myos repair --unlock
  myos repair --dry-run --json`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRepair(d, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.dryRun, "dry-run", false, "list the problems and what repair would do; change nothing")
	f.StringVar(&opts.ref, "ref", "", "the `COMMIT` to point a lost branch at, when repair cannot tell which it was")
	f.BoolVar(&opts.unlock, "unlock", false, "remove a lock whose holder cannot be confirmed to be a running myos")
	f.BoolVar(&opts.json, "json", false, "print the problems as JSON")
	return cmd
}

// repairReport is what repair prints as JSON.
type repairReport struct {
	DryRun    bool            `json:"dry_run"`
	Fixed     []store.Problem `json:"fixed"`
	Remaining []store.Problem `json:"remaining"`
}

func runRepair(d *deps, opts repairOptions) error {
	dir := d.osDir()
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		return d.noRepo(dir)
	}
	if opts.dryRun && opts.ref != "" {
		return usagef("--ref picks what repair does: use it without --dry-run")
	}
	rep := repairReport{DryRun: opts.dryRun}
	var err error
	if opts.dryRun {
		rep.Remaining, err = store.Diagnose(dir)
	} else {
		rep.Fixed, rep.Remaining, err = store.Repair(dir, store.RepairOptions{Ref: opts.ref, Unlock: opts.unlock})
	}
	if errors.Is(err, store.ErrLocked) {
		if opts.unlock {
			return withHint(err, "a running myos holds it: wait for it to finish, then run repair again")
		}
		return lockHint(err)
	}
	if err != nil {
		return lockHint(err) // a folder that cannot be written to says so
	}
	if opts.json {
		if rep.Fixed == nil {
			rep.Fixed = []store.Problem{}
		}
		if rep.Remaining == nil {
			rep.Remaining = []store.Problem{}
		}
		if err := writeJSON(d.io.Out, rep); err != nil {
			return err
		}
	} else {
		printRepair(d, rep)
	}
	if len(rep.Remaining) > 0 {
		return exitCode(ExitFailure)
	}
	return nil
}

func printRepair(d *deps, rep repairReport) {
	out := d.io.Out
	for _, p := range rep.Fixed {
		fmt.Fprintf(out, "%s %s\n", d.io.green("fixed:"), p.Message)
		fmt.Fprintf(out, "  %s\n", d.io.faint(p.Repair))
	}
	var todo, left []store.Problem
	for _, p := range rep.Remaining {
		if rep.DryRun && p.Repair != "" {
			todo = append(todo, p)
		} else {
			left = append(left, p)
		}
	}
	for _, p := range todo {
		fmt.Fprintf(out, "%s %s\n", d.io.yellow("would fix:"), p.Message)
		fmt.Fprintf(out, "  %s\n", p.Repair)
	}
	for _, p := range left {
		label := "left to you:"
		if p.Blocking {
			label = "blocks writes:"
		}
		fmt.Fprintf(out, "%s %s\n", d.io.red(label), p.Message)
		if p.Advice != "" {
			fmt.Fprintf(out, "  %s\n", p.Advice)
		}
	}
	switch {
	case len(rep.Fixed) == 0 && len(rep.Remaining) == 0:
		fmt.Fprintln(out, "nothing to repair: the repository is healthy")
	case rep.DryRun && len(todo) > 0:
		fmt.Fprintln(out, d.io.faint("run `myos repair` to fix what it can; nothing was changed"))
	case !rep.DryRun && len(rep.Remaining) == 0:
		fmt.Fprintln(out, "the repository is healthy")
	}
}
