package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/render"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("render", newRenderCmd) }

type renderCmdOptions struct {
	force  bool
	stdout bool
}

func newRenderCmd(d *deps) *cobra.Command {
	var opts renderCmdOptions
	cmd := &cobra.Command{
		Use:   "render [--force] [--stdout]",
		Short: "Regenerate README.md from the OS",
		Long: `Write README.md, "This is the way I work", from the OS's files and commit
it: who the OS belongs to, the themes and their narratives, the routines
and why, how work is chosen and what is put off, the week as a table, the
review prompts and the last ten changes.

With render = true in os.toml (the templates set it), every commit that
changes the OS regenerates the README in the same commit, and this command
is only needed after a hand edit to the README, which it replaces (when
README.md is the only file with hand edits), or an upgrade of myos.
Without it the README is yours: --force replaces it anyway, and --stdout
prints the generated one without writing anything.`,
		Example: `  myos render
  myos render --stdout | less
  myos set os render=true`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRender(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "replace README.md even though os.toml does not say render = true")
	cmd.Flags().BoolVar(&opts.stdout, "stdout", false, "print the README instead of writing and committing it")
	return cmd
}

func runRender(d *deps, opts renderCmdOptions) error {
	if opts.stdout {
		return printReadme(d)
	}
	t, err := d.beginWith("myos render", beginOptions{readme: true})
	if err != nil {
		return err
	}
	defer t.close()
	if !renders(t.before) && !opts.force {
		return withHint(errors.New("os.toml does not say render = true, so README.md is yours"),
			"`myos render --force` replaces it with the generated one; `myos set os render=true` keeps it generated from now on")
	}
	changes, err := recentChanges(t.repo, t.before.Location(), readmeChanges)
	if err != nil {
		return fmt.Errorf("readme: %w", err)
	}
	b := render.README(t.before, changes)
	cur, err := workfile.ReadFile(filepath.Join(t.repo.Dir(), readmeFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("readme: %w", err)
	}
	if err == nil && bytes.Equal(cur, b) && !t.readmeEdited {
		fmt.Fprintln(d.io.Out, "README.md is up to date")
		return nil
	}
	t.extra = append(t.extra, store.Change{Path: readmeFile, Data: b})
	t.message = "readme: regenerate"
	res, _, err := t.commit()
	if err != nil {
		return err
	}
	if t.readmeEdited {
		fmt.Fprintln(d.io.Out, "README.md had hand edits: they were replaced by the README written from the OS")
		if res.Nothing {
			res.Message = "README.md is as committed"
		}
	}
	d.printCommit(res)
	return nil
}

// printReadme writes the README the OS would have to standard output;
// the recent changes come from the history when the OS is a repository.
func printReadme(d *deps) error {
	o, err := d.loadOS()
	if err != nil {
		return err
	}
	var changes []string
	if repo, err := store.Open(d.osDir()); err == nil {
		if changes, err = recentChanges(repo, o.Location(), readmeChanges); err != nil {
			return fmt.Errorf("readme: %w", err)
		}
	}
	_, err = d.io.Out.Write(render.README(o, changes))
	return err
}

// writeWeekHTML writes the week that holds date as one self-contained web
// page to path (`myos week --html FILE`); a path of "-" is standard
// output, as it is for `myos export ics --out -`.
func writeWeekHTML(d *deps, o *routines.OS, date routines.Date, path string) error {
	plan := o.Week(date)
	var buf bytes.Buffer
	if err := render.WeekHTML(&buf, o, plan); err != nil {
		return fmt.Errorf("week page: %w", err)
	}
	if path == "-" {
		_, err := d.io.Out.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(path, buf.Bytes(), "week.html"); err != nil {
		return err
	}
	fmt.Fprintf(d.io.ErrOut, "wrote the week of %s to %s\n", plan.Start, path)
	return nil
}
