package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("commit", newCommitCmd) }

type commitOptions struct {
	message string
	json    bool
}

func newCommitCmd(d *deps) *cobra.Command {
	var opts commitOptions
	cmd := &cobra.Command{
		Use:   "commit [-m MSG]",
		Short: "Commit hand edits to the OS files",
		Long: `Commit what you changed by hand in the OS folder: the model files, README.md,
review records and .myos. The OS is checked first; nothing is committed
while it is invalid.

The message says what changed, item by item. With -m, your message is the
subject and the item-level lines follow it. Files that are not part of the
OS are left alone, and so are files under reviews/ that are not records
(reviews/YYYY/YYYY-MM-DD.toml): commit names those it leaves. When
os.toml says render = true, the README written from the OS goes with the
commit, unless you edited the README yourself.`,
		Example: `  myos commit
  myos commit -m "Sleep earlier in winter"`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("message") && strings.TrimSpace(opts.message) == "" {
				return usagef("-m: the message is empty")
			}
			return runCommit(d, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.message, "message", "m", "", "the commit's subject, `MSG` (default: written from the changes)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: commit, short, message, nothing, changes")
	return cmd
}

func runCommit(d *deps, opts commitOptions) (err error) {
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	unlock, err := lockRepo(repo, "myos commit")
	if err != nil {
		return err
	}
	defer d.release(unlock)

	mine, other, err := handEdits(repo)
	if err != nil {
		return err
	}
	if err := refuseStaged(repo); err != nil {
		return err
	}
	defer func() {
		if err == nil {
			d.noteNotRecords(other)
		}
	}()
	if len(mine) == 0 {
		return d.writeResult(commitResult{Nothing: true, Message: "nothing to commit"}, "", "", opts.json)
	}
	dir := repo.Dir()
	if err := refuseLinksIn(dir, mine); err != nil {
		return err
	}
	o, err := routines.Load(workfile.DirFS(dir))
	var errs routines.Errors
	if err != nil && !errors.As(err, &errs) {
		return err
	}
	errs, _ = deletedFiles(dir, errs)
	errs = append(errs, recordErrors(dir, mine)...)
	errs = append(errs, metaErrors(dir)...)
	errs = append(errs, templateRecordErrors(dir)...)
	if len(errs) > 0 {
		routines.SortFindings(errs) // a file that does not read leads
		d.printErrors(d.io.ErrOut, errs, "")
		return withHint(fmt.Errorf("the OS is not valid (%s): nothing was committed", plural(len(errs), "error")),
			"fix it, then run `myos commit` again; `myos restore FILE` throws away the hand edits to FILE")
	}

	_, hasHead, err := headOrNone(repo)
	if err != nil {
		return err
	}
	var before map[string][]byte
	if hasHead {
		if before, err = revFiles(repo, "HEAD"); err != nil {
			return err
		}
	}
	after, err := dirFiles(dir)
	if err != nil {
		return err
	}
	changes, _ := semdiff.DiffFiles(before, after)

	var chs []store.Change
	for _, s := range mine {
		if s.State == store.StateDeleted {
			chs = append(chs, store.Change{Path: s.Path, Delete: true})
			continue
		}
		b, err := workfile.ReadFile(filepath.Join(dir, filepath.FromSlash(s.Path)))
		if err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		chs = append(chs, store.Change{Path: s.Path, Data: b})
	}
	meta, err := changedMeta(repo, mine)
	if err != nil {
		return err
	}
	alone := opts.message == "" && len(changes) == 0 && len(chs) == 1 && chs[0].Path == tmpl.MetaFile
	msg := withMetaLines(commitMessage(opts.message, changes, chs), meta, alone)
	// A README written from the OS goes with the edits, unless the README
	// is itself among them.
	if readme, ok, err := commitReadme(d, repo, o, msg, chs); err != nil {
		return err
	} else if ok {
		chs = append(chs, store.Change{Path: readmeFile, Data: readme})
	}

	author := store.ResolveAuthor(dir, d.getenv, o.Settings.Owner)
	author.When = d.now()
	ci, err := repo.Commit(chs, msg, author)
	if errors.Is(err, store.ErrNothingToCommit) {
		return d.writeResult(commitResult{Nothing: true, Message: "nothing to commit"}, "", "", opts.json)
	}
	if err != nil {
		return err
	}
	if err := repo.Maintain(); err != nil {
		fmt.Fprintf(d.io.ErrOut, "myos: packing objects: %v\n", err)
	}
	return d.writeResult(commitResult{Commit: ci.Short, Hash: ci.Hash, Message: firstLineOf(ci.Message), Changes: changes,
		Advice: renameAdvice(changes), advised: true}, "", "", opts.json)
}

// renameAdvice is advice about each rename in changes that only the
// item's title told: a routine whose id was changed by hand, without
// the old id in its formerly, is committed as renamed, yet its answers,
// stats, history and a template's later changes stay with the old id.
func renameAdvice(changes []semdiff.Change) []routines.Finding {
	var out []routines.Finding
	for _, c := range changes {
		if !c.Unrecorded {
			continue
		}
		what := "its history stays"
		if c.Kind == routines.KindRoutine {
			what = "its answers, stats and history stay"
		}
		// An item renamed before has its formerly already: a second
		// formerly key would not read, so the advice gives the list whole.
		todo := fmt.Sprintf("add formerly = [%q] to it", c.OldID)
		if len(c.Formerly) > 0 {
			ids := routines.FormerlyAfterRename(c.Formerly, c.OldID, c.ID)
			for i, id := range ids {
				ids[i] = strconv.Quote(id) // ids are slugs: a TOML string as Go quotes it
			}
			todo = "make its formerly [" + strings.Join(ids, ", ") + "]"
		}
		out = append(out, routines.Finding{Code: routines.CodeNoFormerly, Severity: routines.SeverityAdvice,
			File: c.Kind.File(), Line: c.IDAt.Line, Col: c.IDAt.Col, Kind: c.Kind, ID: c.ID,
			Message: fmt.Sprintf("%s %q was %q: %s, or %s with %q", c.Kind, c.ID, c.OldID, todo, what, c.OldID)})
	}
	return out
}

// noteNotRecords says, after a commit, which changed files under reviews/
// it left alone for not being records (notes, a draft, a record misnamed:
// see review.Owned). They are no more the OS's than a file beside os.toml,
// but a person who put one there may well have meant it for the OS.
func (d *deps) noteNotRecords(other []store.FileStatus) {
	var paths []string
	for _, s := range other {
		if notRecord(s.Path) {
			paths = append(paths, s.Path)
		}
	}
	if len(paths) > 0 {
		fmt.Fprintf(d.io.ErrOut, "note: not review records, so not committed: %s (records are %s)\n", strings.Join(paths, ", "), recordNames)
	}
}

// recordNames are the names of records, for messages.
const recordNames = "reviews/YYYY/YYYY-MM-DD.toml, or YYYY-MM-DD-weekly.toml"

// notRecord reports whether p, a path that is not the OS's, lies under
// reviews/.
func notRecord(p string) bool {
	return strings.HasPrefix(p, review.Dir+"/") && !review.Owned(p)
}

// changedMeta is what changed in template.toml when mine, the OS paths
// with hand edits, has it: a template's own repository. An error is what
// is wrong with the file as it is now, which a member's template update
// would refuse: with no template.toml at all, it refuses the repository
// as no template.
func changedMeta(repo *store.Repo, mine []store.FileStatus) (metaChange, error) {
	i := slices.IndexFunc(mine, func(s store.FileStatus) bool { return s.Path == tmpl.MetaFile })
	if i < 0 {
		return metaChange{}, nil
	}
	if mine[i].State == store.StateDeleted {
		return metaChange{}, withHint(fmt.Errorf("%s is deleted: without it a member's template update refuses this repository as no template: nothing was committed", tmpl.MetaFile),
			"`myos restore %s` puts it back; to make this repository no template's, remove the file with git (`git rm %[1]s`, then `git commit`)", tmpl.MetaFile)
	}
	now, err := workfile.ReadFile(filepath.Join(repo.Dir(), tmpl.MetaFile))
	if err != nil {
		return metaChange{}, err
	}
	m, err := tmpl.ParseMeta(now)
	if err != nil {
		return metaChange{}, err
	}
	var was tmpl.Meta
	if b, err := repo.ReadFile("HEAD", tmpl.MetaFile); err == nil {
		was, _ = tmpl.ParseMeta(b)
	}
	return metaChange{was, m}, nil
}

// metaChange is template.toml as committed and as it is now.
type metaChange struct{ was, now tmpl.Meta }

// withMetaLines puts what changed in template.toml in msg: as the message
// when it alone changed and no message was given, else below msg.
func withMetaLines(msg string, m metaChange, alone bool) string {
	lines := tmpl.MetaChanges(m.was, m.now)
	switch {
	case len(lines) == 0:
		return msg
	case alone:
		return tmpl.MetaMessage(m.was, m.now)
	case strings.Contains(msg, "\n\n"):
		return msg + "\n" + strings.Join(lines, "\n")
	}
	return msg + "\n\n" + strings.Join(lines, "\n")
}
