package cli

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

func init() { register("undo", newUndoCmd) }

type undoOptions struct {
	json bool
}

func newUndoCmd(d *deps) *cobra.Command {
	var opts undoOptions
	cmd := &cobra.Command{
		Use:   "undo",
		Short: "Undo the last commit with a new commit",
		Long: `Undo the last commit: every file it changed goes back to how it was before,
and that is committed as a new commit ("undo: <what it undid>"). History is
never rewritten, so an undo can itself be undone, which redoes the change.

The first commit, which created the OS, cannot be undone, nor the oldest
commit of a shallow clone (git clone --depth) until ` + "`git fetch --unshallow`" + `
brings in its parent. A merge that
sync brought is undone against the side this machine was on: what came in
from the other machine goes, what was here stays. Like every write, undo
refuses while there are hand edits not committed yet. When os.toml says
render = true, the README is written anew from the OS rather than restored.`,
		Example: `  myos undo
  myos undo      # again: redo what the first undo undid
  myos undo --json`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUndo(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: commit, short, message, nothing, changes")
	return cmd
}

func runUndo(d *deps, opts undoOptions) error {
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	unlock, err := lockRepo(repo, "myos undo")
	if err != nil {
		return err
	}
	defer d.release(unlock)

	mine, other, err := handEdits(repo)
	if err != nil {
		return err
	}
	if len(mine) > 0 {
		return handEditsError(repo.Dir(), dirtyOSPaths(mine))
	}
	if err := refuseStaged(repo); err != nil {
		return err
	}
	head, hasHead, err := headOrNone(repo)
	if err != nil {
		return err
	}
	if !hasHead {
		return withHint(errors.New("nothing to undo: no commits yet"), "create the OS with `myos init`")
	}
	subject, _ := splitMessage(head.Message)
	if len(head.Parents) == 0 && repo.Boundary(head.Hash) {
		// The oldest commit of a shallow clone: it has a parent, which
		// the clone does not have.
		return withHint(fmt.Errorf("cannot undo %s (%s): this clone's history begins there, without its parent (a shallow clone)", head.Short, subject),
			"bring in the rest with `git fetch --unshallow`, then undo again")
	}
	if len(head.Parents) == 0 {
		return withHint(fmt.Errorf("cannot undo %s (%s): it is the first commit, which created the OS", head.Short, subject),
			"change the OS with `myos set`, `myos rm` or `myos edit`; to start over, move the folder aside and run `myos init`")
	}
	// A merge is undone against this machine's side: the commit the
	// branch was on before the sync that brought the merge, when ORIG_HEAD
	// names one of its parents (a fast-forward to a merge made elsewhere
	// has this machine's last commit second), else its first parent.
	parent := head.Parents[0]
	if oh, ok := repo.OrigHead(); ok && len(head.Parents) > 1 && slices.Contains(head.Parents, oh) {
		parent = oh
	}
	paths, err := repo.Changed(parent, head.Hash)
	if err != nil {
		return err
	}
	before, err := revFiles(repo, head.Hash)
	if err != nil {
		return err
	}
	after := maps.Clone(before)
	readParent, err := sideReader(repo, parent)
	if err != nil {
		return err
	}
	var chs []store.Change
	for _, p := range paths {
		data, ok, err := readParent(p)
		if err != nil {
			return err
		}
		if ok {
			chs = append(chs, store.Change{Path: p, Data: data})
			if isModelFile(p) {
				after[p] = data
			}
		} else {
			chs = append(chs, store.Change{Path: p, Delete: true})
			delete(after, p)
		}
	}
	if len(chs) == 0 {
		return fmt.Errorf("nothing to undo: %s (%s) changed no files", head.Short, subject)
	}
	// A file that is not the OS's (a note under reviews/ committed with
	// git) has changes no hand-edit check above stops at: the undo would
	// write over them.
	var over []string
	for _, s := range other {
		if slices.Contains(paths, s.Path) {
			over = append(over, s.Path)
		}
	}
	if len(over) > 0 {
		return withHint(fmt.Errorf("undoing %s (%s) would write over uncommitted changes to %s: nothing was changed", head.Short, subject, strings.Join(over, ", ")),
			"commit them with git, or move them aside, then undo again")
	}
	o, err := routines.LoadFiles(after)
	if err != nil {
		return withHint(fmt.Errorf("undoing %s would leave the OS invalid: %s", head.Short, loadErrorLine(err)),
			"nothing was changed; change the OS by hand with `myos edit` instead")
	}
	changes, _ := semdiff.DiffFiles(before, after)
	msg := undoMessage(head, changes)
	if renders(o) {
		// The README is written from the OS: rather than the old one, the
		// one that goes with the OS as the undo leaves it.
		chs = slices.DeleteFunc(chs, func(c store.Change) bool { return c.Path == readmeFile })
		readme, ok, err := commitReadme(d, repo, o, msg, chs)
		if err != nil {
			return err
		}
		if ok {
			chs = append(chs, store.Change{Path: readmeFile, Data: readme})
		}
		if len(chs) == 0 {
			return fmt.Errorf("nothing to undo: %s (%s) changed only %s, which myos writes from the OS (render = true)", head.Short, subject, readmeFile)
		}
	}

	author := store.ResolveAuthor(repo.Dir(), d.getenv, o.Settings.Owner)
	author.When = d.now()
	ci, err := repo.Commit(chs, msg, author)
	if errors.Is(err, store.ErrNothingToCommit) {
		return fmt.Errorf("nothing to undo: %s (%s) changed no files", head.Short, subject)
	}
	if err != nil {
		return err
	}
	if err := repo.Maintain(); err != nil {
		fmt.Fprintf(d.io.ErrOut, "myos: packing objects: %v\n", err)
	}
	res := commitResult{Commit: ci.Short, Hash: ci.Hash, Message: firstLineOf(ci.Message), Changes: changes}
	if err := d.writeResult(res, "", "", opts.json); err != nil || opts.json {
		return err
	}
	for _, c := range changes {
		fmt.Fprintf(d.io.Out, "  %s\n", c.String())
	}
	return nil
}

// undoMessage is the message of the commit that undoes head: "undo: " and
// head's subject (an undo of an undo is a "redo: "), the commit it
// reverts, and the item-level changes.
func undoMessage(head store.CommitInfo, changes []semdiff.Change) string {
	subject, _ := splitMessage(head.Message)
	switch {
	case strings.HasPrefix(subject, "undo: "):
		subject = "redo: " + strings.TrimPrefix(subject, "undo: ")
	case strings.HasPrefix(subject, "redo: "):
		subject = "undo: " + strings.TrimPrefix(subject, "redo: ")
	default:
		subject = "undo: " + subject
	}
	msg := subject + "\n\nThis reverts commit " + head.Hash + "."
	if len(changes) > 0 {
		lines := make([]string, len(changes))
		for i, c := range changes {
			lines[i] = c.String()
		}
		msg += "\n\n" + strings.Join(lines, "\n")
	}
	return msg
}
