package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

func init() { register("status", newStatusCmd) }

type statusOptions struct {
	json bool
}

func newStatusCmd(d *deps) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:   "status [--json]",
		Short: "Show hand edits that are not committed yet, item by item",
		Long: `Show what changed in the OS folder since the last commit: item by item for
the model files ("routine sleep: at 22:30 → 22:00"), by path for README.md,
review records and other files myos keeps.

Hand edits block every other write until they are committed with
` + "`myos commit`" + `. When the OS is not valid, status shows the first errors; fix
them (` + "`myos edit`" + ` helps), then commit.

Exits 0 whenever it can compare the folder with the last commit, an
invalid OS included; 1 when it cannot: no OS there, or a repository in a
state myos does not work in, such as a detached HEAD (` + "`myos repair`" + `
says how to get back).`,
		Example: `  myos status
  myos status --json | jq .clean`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStatus(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the status as a JSON object")
	return cmd
}

// statusReport is what status finds; as JSON it is the contract of
// `myos status --json`.
type statusReport struct {
	// Clean is true when nothing myos would commit differs from HEAD and
	// git has staged no OS file for deletion.
	Clean bool `json:"clean"`
	// Head is HEAD's full commit id; "" before the first commit.
	Head string `json:"head"`
	// Remote is how HEAD stands with the remote branch as of the last
	// fetch; absent when no remote is set.
	Remote *remoteJSON `json:"remote,omitempty"`

	// Changes are the item-level hand edits of the model files.
	Changes []changeJSON `json:"changes"`
	// Files are the OS paths that differ from HEAD, model files included.
	Files []fileJSON `json:"files"`
	// Errors make the OS in the folder invalid: it cannot be committed.
	Errors []routines.Finding `json:"errors"`
	// Advice is about the hand edits: a rename that the item's formerly
	// does not record (see renameAdvice).
	Advice []routines.Finding `json:"advice"`
	// Other are changed paths that are not part of the OS; myos commit
	// leaves them alone.
	Other []fileJSON `json:"other,omitempty"`
	// Staged are OS files that git has staged for deletion (`git rm
	// --cached`); writes refuse until they are unstaged or committed with
	// git.
	Staged []string `json:"staged"`
	// Operations are git commands stopped halfway (a merge with
	// conflicts); writes wait until they are finished or undone.
	Operations []operationJSON `json:"operations"`
	// Links are symbolic links found in place of changed OS files or of
	// the folders of deleted ones (Files and Other list those too): myos
	// commits none of them, nor what lies beyond them.
	Links []linkJSON `json:"links,omitempty"`

	head       store.CommitInfo
	changes    []semdiff.Change
	quiet      []string // model files changed in comments or layout only
	unreadable []string // model files that cannot be decoded
	invalid    []string // model files that decode but hold errors
}

func runStatus(d *deps, opts statusOptions) error {
	// Whether the folder's OS is valid is found while the repository is
	// opened and the folder compared with HEAD: they share nothing.
	valid := make(chan validation, 1)
	go func() {
		dir, err := filepath.Abs(d.osDir())
		if err != nil {
			valid <- validation{nil, err}
			return
		}
		errs, err := d.validationErrors(dir)
		valid <- validation{errs, err}
	}()
	repo, err := d.openRepoFor(true)
	if err != nil {
		<-valid // nothing left running behind the error
		return err
	}
	rep, err := buildStatus(repo, valid)
	if err != nil {
		return err
	}
	if rep.Remote, err = remoteState(d, repo, false); err != nil {
		return err
	}
	if opts.json {
		if err := writeJSON(d.io.Out, rep); err != nil {
			return err
		}
	} else {
		d.printStatus(rep)
	}
	if n := repo.LeftTemps(); n > 0 {
		them := "them"
		if n == 1 {
			them = "it"
		}
		fmt.Fprintf(d.io.ErrOut, "hint: %s left by an interrupted write; `myos repair` removes %s\n", plural(n, "temporary file was", "temporary files were"), them)
	}
	if n := repo.StaleStat(); n >= store.StaleStatMin {
		fmt.Fprintf(d.io.ErrOut, "hint: status read %d files only to find them unchanged: the index has their stat data out of date (the folder was copied or restored?); `myos repair` records it, and status is quick again\n", n)
	}
	return nil
}

// operationJSON is a git command stopped halfway, and how to end it.
type operationJSON struct {
	Message string `json:"message"`
	Advice  string `json:"advice"`
}

// validation is what validationErrors found.
type validation struct {
	errs []routines.Finding
	err  error
}

// buildStatus compares the folder with HEAD; valid brings the folder's
// validation.
func buildStatus(repo *store.Repo, valid <-chan validation) (*statusReport, error) {
	head, hasHead, err := headOrNone(repo)
	if err != nil {
		return nil, err
	}
	mine, other, staged, err := handEditsAndStaged(repo)
	if err != nil {
		return nil, err
	}
	rep := &statusReport{Clean: len(mine) == 0 && len(staged) == 0, Head: head.Hash, head: head,
		Changes: []changeJSON{}, Files: []fileJSON{}, Errors: []routines.Finding{}, Advice: []routines.Finding{}, Staged: []string{}}
	rep.Staged = append(rep.Staged, staged...)
	rep.Operations = []operationJSON{}
	for _, p := range repo.Operations() {
		rep.Operations = append(rep.Operations, operationJSON{Message: p.Message, Advice: p.Advice})
	}
	var paths []string
	for _, s := range mine {
		rep.Files = append(rep.Files, fileJSON{Path: s.Path, State: string(s.State)})
		paths = append(paths, s.Path)
	}
	for _, s := range other {
		rep.Other = append(rep.Other, fileJSON{Path: s.Path, State: string(s.State)})
	}
	rep.Links = foundLinks(repo.Dir(), mine)
	if len(mine) > 0 {
		var before map[string][]byte
		if hasHead {
			if before, err = revFiles(repo, "HEAD"); err != nil {
				return nil, err
			}
		}
		after, err := dirFiles(repo.Dir())
		if err != nil {
			return nil, err
		}
		changes, unreadable := semdiff.DiffFiles(before, after)
		// A model file that is a link was read through it: what it holds
		// is not what a commit would take (see diff).
		changes = slices.DeleteFunc(changes, func(c semdiff.Change) bool { return atLink(rep.Links, fileOfChange(c)) })
		rep.changes = changes
		rep.Changes = changesJSON(changes)
		rep.Advice = append(rep.Advice, renameAdvice(changes)...)
		for _, u := range unreadable {
			if slices.Contains(paths, u) {
				rep.unreadable = append(rep.unreadable, u)
			}
		}
		rep.quiet = quietFiles(paths, changes, rep.unreadable)
	}
	v := <-valid
	if v.err != nil {
		return nil, v.err
	}
	rep.Errors = append(rep.Errors, v.errs...)
	rep.Errors = append(rep.Errors, recordErrors(repo.Dir(), mine)...)
	// A file that does not read leads, a review record's as a model
	// file's: what else is wrong may follow from it.
	routines.SortFindings(rep.Errors)
	rep.setInvalid(paths)
	return rep, nil
}

// setInvalid sets apart the hand-edited model files that the errors are
// in: what a lenient read makes of such a file is not what the person
// wrote (a rank of "three" reads as 0, an unknown key not at all), so
// status says the file changed and is not valid rather than list item
// changes or call the edit layout only.
func (rep *statusReport) setInvalid(paths []string) {
	rep.invalid = invalidEdits(rep.Errors, paths, rep.unreadable)
	if len(rep.invalid) == 0 {
		return
	}
	rep.changes = dropChangesIn(rep.changes, rep.invalid)
	rep.Changes = changesJSON(rep.changes)
	rep.quiet = slices.DeleteFunc(rep.quiet, func(p string) bool { return slices.Contains(rep.invalid, p) })
}

// invalidEdits are the changed model files among paths that decode but
// hold errors: status, diff and restore say such a file changed and is
// not valid, rather than describe what a lenient read makes of it.
func invalidEdits(errs []routines.Finding, paths, unreadable []string) []string {
	var out []string
	for _, p := range paths {
		if !isModelFile(p) || slices.Contains(unreadable, p) || slices.Contains(out, p) {
			continue
		}
		if slices.ContainsFunc(errs, func(f routines.Finding) bool { return f.File == p }) {
			out = append(out, p)
		}
	}
	return out
}

// dropChangesIn leaves out the changes of the files in paths.
func dropChangesIn(cs []semdiff.Change, paths []string) []semdiff.Change {
	return slices.DeleteFunc(cs, func(c semdiff.Change) bool { return slices.Contains(paths, fileOfChange(c)) })
}

// stateWords is how the text output names a path's state.
func stateWords(s string) string {
	if s == string(store.StateAdded) {
		return "new file"
	}
	return s
}

func (d *deps) printStatus(rep *statusReport) {
	w := d.io.Out
	where := "no commits yet"
	if rep.Head != "" {
		subject, _ := splitMessage(rep.head.Message)
		where = fmt.Sprintf("%s (%s)", rep.head.Short, subject)
	}
	if rep.Remote != nil {
		fmt.Fprintln(w, remoteLine(rep.Remote))
	}
	for _, op := range rep.Operations {
		fmt.Fprintf(w, "%s: myos writes wait until it is done; %s.\n", upperFirst(op.Message), op.Advice)
	}
	// A link, and the committed files beyond it, are told once, as the
	// link: what is beyond it is not what a commit would take.
	files := slices.DeleteFunc(slices.Clone(rep.Files), func(f fileJSON) bool { return atLink(rep.Links, f.Path) })
	other := slices.DeleteFunc(slices.Clone(rep.Other), func(f fileJSON) bool { return atLink(rep.Links, f.Path) })
	unlinked := func(ps []string) []string {
		return slices.DeleteFunc(slices.Clone(ps), func(p string) bool { return atLink(rep.Links, p) })
	}
	if len(rep.Files) == 0 && len(rep.Staged) == 0 && len(rep.Links) == 0 {
		if rep.Head == "" {
			fmt.Fprintln(w, "nothing to commit: no commits yet")
		} else {
			fmt.Fprintf(w, "nothing to commit: the OS is as committed in %s\n", where)
		}
	} else if len(files) > 0 {
		if rep.Head == "" {
			fmt.Fprintln(w, "Not committed yet (no commits so far):")
		} else {
			fmt.Fprintf(w, "Hand edits since %s:\n", where)
		}
		// A model file deleted, or renamed, by hand shows as every item
		// of it removed: the file is named first, with the way back.
		var deleted []string
		for _, f := range files {
			if isModelFile(f.Path) && f.State == string(store.StateDeleted) {
				fmt.Fprintf(w, "  %s: deleted; `myos restore %s` brings it back\n", f.Path, f.Path)
				deleted = append(deleted, f.Path)
			}
		}
		for _, c := range rep.changes {
			fmt.Fprintf(w, "  %s\n", c.String())
		}
		for _, p := range unlinked(rep.unreadable) {
			fmt.Fprintf(w, "  %s: cannot be read (see the errors below)\n", p)
		}
		for _, p := range unlinked(rep.invalid) {
			if !slices.Contains(deleted, p) {
				fmt.Fprintf(w, "  %s: changed, not valid yet (see the errors below)\n", p)
			}
		}
		for _, p := range unlinked(rep.quiet) {
			fmt.Fprintf(w, "  %s: comments or layout only\n", p)
		}
		for _, f := range files {
			if !isModelFile(f.Path) {
				fmt.Fprintf(w, "  %s: %s\n", f.Path, stateWords(f.State))
			}
		}
	}
	if len(rep.Links) > 0 {
		if len(files) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, "Symbolic links, which myos does not commit or write through:")
		for _, l := range rep.Links {
			fmt.Fprintf(w, "  %s\n", linkLine(l))
		}
		fmt.Fprintln(w, linkAdvice(rep.Links))
	}
	if len(rep.Staged) > 0 {
		if len(files) > 0 || len(rep.Links) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, "Staged for deletion by git (myos writes refuse until you unstage them):")
		for _, p := range rep.Staged {
			fmt.Fprintf(w, "  %s\n", p)
		}
		fmt.Fprintf(w, "Run `git restore --staged %s` to keep them, or `git commit` to delete them.\n", strings.Join(rep.Staged, " "))
	}
	if len(rep.Errors) > 0 {
		if len(rep.Files) == 0 && rep.Head != "" {
			fmt.Fprintln(w, "\nThe OS as committed is not valid:")
		} else {
			fmt.Fprintln(w, "\nThe OS is not valid, so it cannot be committed yet:")
		}
		d.printErrors(w, rep.Errors, "  ")
		if len(rep.Operations) > 0 {
			fmt.Fprintln(w, "Fix it in your editor, then finish the git command as said above.")
		} else {
			fmt.Fprintf(w, "Fix it %s, then run `myos commit`.\n", fixWith(rep))
		}
	} else if len(files) > 0 && len(rep.Operations) == 0 && len(rep.Links) == 0 {
		fmt.Fprintln(w, "\nRun `myos commit` to commit them; `myos diff --text` shows the lines.")
	}
	for _, f := range rep.Advice {
		fmt.Fprintf(w, "%s: %s [%s]\n", d.io.yellow("advice"), f.String(), f.Code)
	}
	if len(other) > 0 {
		fmt.Fprintln(w, "\nNot part of the OS (myos commit leaves them alone):")
		for _, f := range other {
			fmt.Fprintf(w, "  %s: %s\n", f.Path, stateWords(f.State))
		}
		if slices.ContainsFunc(other, func(f fileJSON) bool { return notRecord(f.Path) }) {
			fmt.Fprintf(w, "Files under reviews/ other than records (%s) are yours: myos neither reads nor commits them.\n", recordNames)
		}
	}
}

// fixWith says where to fix the errors status shows: `myos edit FILE`
// when that file holds the first error and no other OS file has hand
// edits (which would block the edit), else the person's own editor.
func fixWith(rep *statusReport) string {
	file := rep.Errors[0].File
	edited := slices.ContainsFunc(rep.Files, func(f fileJSON) bool { return f.Path == file })
	restore := ""
	if edited {
		restore = ", or throw the hand edit away with `myos restore " + file + "`"
	}
	for _, f := range rep.Files {
		if f.Path != file {
			return "in your editor" + restore
		}
	}
	if !isModelFile(file) {
		return "in your editor" + restore // a review record: edit takes model files only
	}
	return "with " + editCmd(file) + " (or in your editor)" + restore
}

// upperFirst is s with its first letter in upper case, for a message that
// starts a line.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
