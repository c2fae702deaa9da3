package cli

// restore is the way out of a hand edit that went wrong: the files go back
// to how HEAD has them. It throws work away, so it shows what goes, item by
// item, and asks first; off a terminal it wants --yes.

import (
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
)

func init() { register("restore", newRestoreCmd) }

type restoreOptions struct {
	files  []string
	yes    bool
	dryRun bool
}

func newRestoreCmd(d *deps) *cobra.Command {
	var opts restoreOptions
	cmd := &cobra.Command{
		Use:   "restore [FILE...] [--dry-run] [--yes]",
		Short: "Put files back as they are in HEAD, throwing away hand edits to them",
		Long: `Put files of the OS back as they are in the last commit (HEAD), throwing
away the hand edits to them: a changed file gets its committed content
back, a deleted one comes back, a new one (a review record, say) is
removed, and a deletion staged with git is unstaged.

Without FILE, every OS file with hand edits is restored. FILE is a model
file (routines.toml, or routines, or a kind such as block), README.md, a
review record (reviews/YYYY/YYYY-MM-DD.toml) or a path under .myos/.

restore first lists what it throws away, item by item. On a terminal it
asks before it does anything; elsewhere it needs --yes. --dry-run only
lists. Files that are not part of the OS are never touched.`,
		Example: `  myos restore --dry-run
  myos restore os.toml
  myos restore calendar --yes`,
		Args: argsN(0, -1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			return runRestore(d, opts)
		},
		// The files with hand edits, those restore would put back.
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			const none = cobra.ShellCompDirectiveNoFileComp
			repo, err := d.openRepo()
			if err != nil {
				return nil, none
			}
			mine, _, err := handEdits(repo)
			if err != nil {
				return nil, none
			}
			var out []cobra.Completion
			for _, s := range mine {
				if !slices.Contains(args, s.Path) {
					out = append(out, s.Path)
				}
			}
			return out, none
		},
	}
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, "restore without asking (needed off a terminal)")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "list what would be thrown away; change nothing")
	return cmd
}

// restoreArg is the OS path a FILE argument names: an OS path as it is,
// or a model file by name or kind as `myos edit` takes them.
func restoreArg(arg string) (string, error) {
	p := path.Clean(filepath.ToSlash(arg))
	if osPath(p) {
		return p, nil
	}
	if strings.Contains(p, "/") {
		return "", usagef("%s is not a file of the OS: restore puts back model files, README.md, review records (reviews/YYYY/YYYY-MM-DD.toml), .myos/ and template.toml", arg)
	}
	return editFile(arg)
}

// restoreItem is one path restore puts back and what that throws away.
type restoreItem struct {
	path  string
	what  string   // "modified", "deleted: it comes back", ...
	lines []string // the item-level hand edits that go
}

func runRestore(d *deps, opts restoreOptions) error {
	var want []string
	for _, a := range opts.files {
		p, err := restoreArg(a)
		if err != nil {
			return err
		}
		if !slices.Contains(want, p) {
			want = append(want, p)
		}
	}
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	head, hasHead, err := headOrNone(repo)
	if err != nil {
		return err
	}
	if !hasHead {
		return withHint(errors.New("nothing to restore to: no commits yet"), "commit the OS first with `myos commit`")
	}
	unlock, err := lockRepo(repo, "myos restore")
	if err != nil {
		return err
	}
	defer d.release(unlock)

	items, err := d.restoreItems(repo)
	if err != nil {
		return err
	}
	if len(want) > 0 {
		var picked []restoreItem
		for _, p := range want {
			i := slices.IndexFunc(items, func(it restoreItem) bool { return it.path == p })
			if i < 0 {
				fmt.Fprintf(d.io.ErrOut, "%s has no hand edits: it is as committed\n", p)
				continue
			}
			picked = append(picked, items[i])
		}
		items = picked
	}
	if len(items) == 0 {
		fmt.Fprintln(d.io.Out, "nothing to restore: no hand edits")
		return nil
	}

	// A file put back through a link would land beyond it, and a link
	// thrown away as a new file is the user's: neither is restored.
	paths := make([]string, len(items))
	for i, it := range items {
		paths[i] = it.path
	}
	if err := refuseLinks(repo.Dir(), paths); err != nil {
		return err
	}
	subject, _ := splitMessage(head.Message)
	fmt.Fprintf(d.io.Out, "Hand edits to throw away, back to %s (%s):\n", head.Short, subject)
	printRestoreItems(d.io.Out, items)
	if opts.dryRun {
		fmt.Fprintln(d.io.Out, "Nothing was changed (--dry-run).")
		return nil
	}
	if !opts.yes {
		if !d.io.CanPrompt() {
			return withHint(errors.New("restore throws these hand edits away: nothing was changed"),
				"run `myos restore --yes` (with the same files) to restore off a terminal")
		}
		ok, err := askYes(d, "Throw them away? [y/N] ")
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(d.io.ErrOut, "restore abandoned: nothing was changed")
			return exitCode(ExitFailure)
		}
	}
	if err := repo.Restore(paths); err != nil {
		return err
	}
	fmt.Fprintf(d.io.Out, "restored %s as in %s\n", strings.Join(paths, ", "), head.Short)
	return nil
}

// restoreItems lists every OS path with hand edits, or staged for
// deletion by git, and what restoring it throws away.
func (d *deps) restoreItems(repo *store.Repo) ([]restoreItem, error) {
	mine, _, staged, err := handEditsAndStaged(repo)
	if err != nil {
		return nil, err
	}
	before, err := revFiles(repo, "HEAD")
	if err != nil {
		return nil, err
	}
	after, err := dirFiles(repo.Dir())
	if err != nil {
		return nil, err
	}
	changes, unreadable := semdiff.DiffFiles(before, after)
	errs, err := d.validationErrors(repo.Dir())
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, s := range mine {
		if s.State == store.StateModified {
			paths = append(paths, s.Path)
		}
	}
	invalid := invalidEdits(errs, paths, unreadable)

	var items []restoreItem
	for _, s := range mine {
		it := restoreItem{path: s.Path}
		switch s.State {
		case store.StateDeleted:
			it.what = "deleted: it comes back"
		case store.StateAdded:
			it.what = "new file: it is removed"
		default:
			it.what = "modified"
		}
		if isModelFile(s.Path) && s.State == store.StateModified {
			for _, c := range changes {
				if fileOfChange(c) == s.Path {
					it.lines = append(it.lines, c.String())
				}
			}
			switch {
			case slices.Contains(unreadable, s.Path):
				it.what = "cannot be read: the whole file goes back"
			case slices.Contains(invalid, s.Path):
				// What a lenient read makes of it is not what was written.
				it.lines = nil
				it.what = "changed, not valid yet: the whole file goes back"
			case len(it.lines) == 0:
				it.what = "comments or layout only"
			}
		}
		if slices.Contains(staged, s.Path) {
			it.what += "; staged for deletion by git: unstaged"
		}
		items = append(items, it)
	}
	for _, p := range staged {
		if !slices.ContainsFunc(items, func(it restoreItem) bool { return it.path == p }) {
			items = append(items, restoreItem{path: p, what: "staged for deletion by git: unstaged"})
		}
	}
	slices.SortFunc(items, func(a, b restoreItem) int { return strings.Compare(a.path, b.path) })
	return items, nil
}

func printRestoreItems(w io.Writer, items []restoreItem) {
	for _, it := range items {
		if len(it.lines) > 0 {
			fmt.Fprintf(w, "  %s:\n", it.path)
			for _, l := range it.lines {
				fmt.Fprintf(w, "    %s\n", l)
			}
			continue
		}
		fmt.Fprintf(w, "  %s: %s\n", it.path, it.what)
	}
}

// askYes asks a yes/no question whose default is no; end of input is no.
func askYes(d *deps, question string) (bool, error) {
	fmt.Fprint(d.io.Out, question)
	line, err := d.io.ReadLine()
	if errors.Is(err, io.EOF) {
		fmt.Fprintln(d.io.Out)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}
