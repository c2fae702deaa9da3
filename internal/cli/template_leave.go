package cli

// myos template leave: the OS stops following a template. It forgets the
// template's record and base, in one commit, and changes nothing else:
// what the template brought is the person's own from then on. It lives in
// a file of its own, as a command should; the other template commands
// share template.go.

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/internal/workfile"
)

type templateLeaveOptions struct {
	name   string
	dryRun bool
	json   bool
}

func newTemplateLeaveCmd(d *deps) *cobra.Command {
	var opts templateLeaveOptions
	cmd := &cobra.Command{
		Use:   "leave NAME [--dry-run] [--json]",
		Short: "Stop following a template; keep what it brought as your own",
		Long: `Stop your OS following a template it records: when you moved teams, or no
longer want a team's cadence to reach your OS. NAME is the name your OS
records the template under (` + "`myos template list --applied`" + ` lists them).

Nothing in your routines, priorities, calendar, themes or os.toml changes:
every item the template brought stays, as your own. Only the record goes:
its entry in .myos/template.toml, the ids it kept template items under
(standup-2, kept beside your own standup, stays standup-2), and the
template's files as last applied in .myos/templates/NAME/, which were the
base of its next apply. That is one commit, "template: leave NAME
(applied VERSION)"; the history keeps the record, and ` + "`myos undo`" + `
right after brings it back.

Applying the template again later is a first apply, with no base, as for
a template your OS was never made from: what it has that your OS lacks is
added, and whatever else differs is a conflict for you to decide (your
OS's name, owner and timezone, and your routines' since, stay yours).

Like every write, leave refuses while your OS files, or the record and
base it removes, have uncommitted hand edits. In a template's own
repository, template.toml is what makes it a template: leave never touches
it, and only forgets templates that repository itself applied.

Added templates (` + "`myos template add`" + `) stay added: ` + "`myos template rm`" + `
forgets the name on this machine.`,
		Example: `  myos template list --applied
  myos template leave platform --dry-run
  myos template leave platform
  myos template leave platform --json | jq .removed`,
		Args: argsN(1, 1, "the NAME of a template your OS follows"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			const none = cobra.ShellCompDirectiveNoFileComp
			if len(args) > 0 {
				return nil, none
			}
			recs, err := tmpl.ReadRecords(workfile.DirFS(d.osDir()))
			if err != nil {
				return nil, none
			}
			var names []cobra.Completion
			for _, r := range recs {
				names = append(names, cobra.CompletionWithDesc(r.Name, tmpl.OneLine(r.Version)))
			}
			return names, none
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runTemplateLeave(d, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.dryRun, "dry-run", "n", false, "show what would go, and change nothing")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: name, record, dry_run, commit, short, message, removed, kept")
	return cmd
}

// leaveJSON is what template leave --json prints.
type leaveJSON struct {
	Name    string      `json:"name"`
	Record  tmpl.Record `json:"record"` // the record that goes
	DryRun  bool        `json:"dry_run"`
	Commit  string      `json:"commit"`
	Short   string      `json:"short"`
	Message string      `json:"message"`
	Removed []string    `json:"removed"` // paths deleted or rewritten
	Kept    []string    `json:"kept"`    // items kept under ids of their own
}

func runTemplateLeave(d *deps, opts templateLeaveOptions) error {
	t, err := d.begin("myos template leave")
	if err != nil {
		return err
	}
	defer t.close()
	// The record and the template's base are what leave writes: a hand
	// edit to them is refused, as every write refuses one to a file it
	// writes, before anything is read from them.
	if err := refuseEdited(t.repo, tmpl.RecordFile); err != nil {
		return err
	}
	osFS := workfile.DirFS(t.repo.Dir())
	l, err := tmpl.Leave(osFS, opts.name)
	var nr *tmpl.NotRecordedError
	if errors.As(err, &nr) {
		return notRecordedHint(d, nr, t.repo.Dir())
	}
	if err != nil {
		return err
	}
	if base := pathsUnder(t.repo, path.Join(tmpl.BaseDir, l.Record.Name)); len(base) > 0 {
		if err := refuseEdited(t.repo, base...); err != nil {
			return err
		}
		// The folder was read before the base was checked: read again
		// now that it is known to be as committed.
		if l, err = tmpl.Leave(osFS, opts.name); err != nil {
			return err
		}
	}
	j := leaveJSON{Name: l.Record.Name, Record: l.Record, DryRun: opts.dryRun, Removed: l.Removed(), Kept: l.Kept()}
	if j.Kept == nil {
		j.Kept = []string{}
	}
	if opts.dryRun {
		if opts.json {
			j.Message = firstLineOf(l.Message()) // what the commit would say
			return writeJSON(d.io.Out, j)
		}
		fmt.Fprintf(d.io.Out, "Would leave %s\n", d.io.bold(l.Record.String()))
		printLeft(d, l)
		fmt.Fprintln(d.io.Out, "\nNothing was changed (--dry-run).")
		return nil
	}
	t.extra = append(t.extra, l.Changes...)
	t.message = l.Message()
	res, _, err := t.commit()
	if err != nil {
		return err
	}
	if opts.json {
		j.Commit, j.Short, j.Message = res.Hash, res.Commit, res.Message
		return writeJSON(d.io.Out, j)
	}
	d.printCommit(res)
	printLeft(d, l)
	return nil
}

// printLeft says what a leave removes and what stays.
func printLeft(d *deps, l *tmpl.Left) {
	w := d.io.Out
	for _, p := range l.Removed() {
		what := "removed"
		if p == tmpl.RecordFile {
			what = "record of " + l.Record.Name + " removed"
			if len(l.Others) == 0 {
				what = "removed (it was the only record)"
			}
		}
		fmt.Fprintf(w, "  %s %s\n", p, what)
	}
	fmt.Fprintln(w, "  every item it brought stays as your own: routines, priorities, calendar and themes are as they were")
	for _, k := range l.Kept() {
		fmt.Fprintf(w, "  %s stays yours\n", k)
	}
	fmt.Fprintf(w, "  applying %s again is a first apply, with no base: whatever else differs is a conflict\n", l.Record.Name)
}

// notRecordedHint is the refusal of a leave of a template the OS does not
// record, with a hint: the name it records the template under, when NAME
// is that template's source or a name added for it (a template is
// recorded under the name in its template.toml, not the one it was added
// under); what a template's own repository is; or the names it does
// record.
func notRecordedHint(d *deps, nr *tmpl.NotRecordedError, dir string) error {
	ref := nr.Name
	if tmpl.KindOf(ref) == tmpl.SourceBuiltin {
		if cfg, err := tmpl.LoadConfig(d.configPath()); err == nil {
			if s := cfg.Find(ref); s != nil {
				ref = s.Source
			}
		}
	}
	if tmpl.KindOf(ref) == tmpl.SourceFolder {
		if abs, err := filepath.Abs(ref); err == nil {
			ref = abs // a record holds a folder by its absolute path
		}
	}
	for _, r := range nr.Records {
		if r.Source != "" && (tmpl.SameSource(r.Source, ref) || r.Source == tmpl.BuiltinPrefix+ref) {
			return withHint(nr, "your OS follows the template from %s as %s: `myos template leave %s`", tmpl.OneLine(r.Source), r.Name, r.Name)
		}
	}
	var follows []string
	for _, r := range nr.Records {
		follows = append(follows, strings.TrimSpace(r.Name+" "+tmpl.OneLine(r.Version)))
	}
	list := "it follows none: there is nothing to leave"
	if len(follows) > 0 {
		list = "it follows " + strings.Join(follows, ", ") + " (`myos template list --applied` shows them)"
	}
	if b, err := workfile.ReadFile(filepath.Join(dir, tmpl.MetaFile)); err == nil {
		if m, err := tmpl.ParseMeta(b); err == nil && m.Name == nr.Name {
			return withHint(nr, "this is template %s's own repository: its %s makes it the template, and leave does not touch it; to make the repository no template's, remove the file with git (`git rm %[2]s`, then `git commit`); %s",
				nr.Name, tmpl.MetaFile, list)
		}
	}
	return withHint(nr, "%s", list)
}
