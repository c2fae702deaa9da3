package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("history", newHistoryCmd) }

type historyOptions struct {
	kind routines.Kind
	id   string
	json bool
}

func newHistoryCmd(d *deps) *cobra.Command {
	var opts historyOptions
	cmd := &cobra.Command{
		Use:   "history KIND ID [--json]",
		Short: "Show every change of one item, newest first",
		Long: `Show how one item changed over the whole history of the OS, newest first:
the day, the commit and what changed ("at 22:30 → 22:00", "added (daily at
22:30)", "removed"). KIND is one of ` + kindNames() + `.

A renamed item is followed back to its old id: one that keeps the old id
in formerly (as ` + "`myos set KIND ID id=NEW`" + ` does for every kind but
events), whatever else changed with it, or one that kept its title. Hand
edits not committed yet come first, marked "uncommitted". In a shallow
clone (git clone --depth) the history ends at the oldest commit the clone
has, and what is there is told as added then "or earlier".

A change made on another machine, which a sync brought in with a merge,
is told under the commit that made it, on its day, with the merge it came
in by ("merged in 0778b5d on ..."); a change both machines made to the
item is the merge's.`,
		Example: `  myos history routine sleep
  myos history block lunch --json`,
		Args:              argsN(2, 2, "KIND and ID"),
		ValidArgsFunction: completeItem(d, itemKinds(), false),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := parseKindArg(args[0])
			if err != nil {
				return err
			}
			opts.kind, opts.id = k, args[1]
			return runHistory(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the changes as a JSON list")
	return cmd
}

// historyEntry is one change of the item, as `myos history --json` lists
// it: the commit ("" for hand edits not committed yet), its date and
// subject, and the change.
type historyEntry struct {
	Commit  string     `json:"commit"`
	Short   string     `json:"short"`
	Date    time.Time  `json:"date"`
	Subject string     `json:"subject"`
	Change  changeJSON `json:"change"`
	// Shallow is true at the oldest commit of a shallow clone (git clone
	// --depth): what it has is told as added, though it may be older.
	Shallow bool `json:"shallow,omitempty"`
	// MergedIn is the merge that brought a change made on another
	// machine into this history (see throughMerges).
	MergedIn string `json:"merged_in,omitempty"`

	change semdiff.Change
	merged store.CommitInfo // the merge MergedIn names
}

func runHistory(d *deps, opts historyOptions) error {
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	entries, err := itemHistory(repo, opts.kind, opts.id)
	if err != nil {
		return err
	}
	// Hand edits not committed yet come first.
	if _, hasHead, err := headOrNone(repo); err == nil && hasHead {
		if c, ok := uncommittedChange(repo, opts.kind, opts.id); ok {
			entries = append([]historyEntry{{Date: d.now(), Subject: "not committed yet", Change: toChangeJSON(c), change: c}}, entries...)
		}
	}
	if len(entries) == 0 {
		return unknownInHistory(d, opts.kind, opts.id)
	}
	if opts.json {
		return writeJSON(d.io.Out, entries)
	}
	days := newCommitDays(repo, osLocation(repo))
	w := d.io.Out
	title := entries[0].change.Title
	fmt.Fprintf(w, "%s %s: %s\n", opts.kind, d.io.bold(opts.id), title)
	for _, e := range entries {
		short := e.Short
		if short == "" {
			short = "uncommitted"
		}
		detail := e.change.Detail()
		if e.Shallow {
			detail += ", or earlier: this clone's history begins here"
		}
		if e.MergedIn != "" {
			on, err := days.of(e.merged.Hash, e.merged.Author.When)
			if err != nil {
				return err
			}
			detail += fmt.Sprintf(" (merged in %s on %s)", e.merged.Short, on)
		}
		on := routines.DateOf(e.Date.In(days.loc))
		if e.Commit != "" {
			if on, err = days.of(e.Commit, e.Date); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "%s %s %s\n", on, d.io.yellow(short), detail)
	}
	return nil
}

// itemHistory lists the changes of kind/id in the commits, newest first.
// Only the commits that touched the kind's file are read, and each
// version of that file is parsed once.
func itemHistory(repo *store.Repo, kind routines.Kind, id string) ([]historyEntry, error) {
	file := kind.File()
	commits, err := repo.Log(store.LogOptions{Path: file})
	if err != nil {
		return nil, err
	}
	// Log lists the commits whose version of the file differs from their
	// first parent's, following first parents: so a commit's parent has
	// the version of the next commit listed, and the oldest one's parent
	// has no such file.
	revs := make([]semdiff.Revision, len(commits))
	byID := make(map[string]store.CommitInfo, len(commits))
	for i, c := range commits {
		byID[c.Hash] = c
		revs[i].Commit = c.Hash
		if revs[i].Blob, err = repo.FileHash(c.Hash, file); err != nil {
			return nil, err
		}
		if i > 0 {
			revs[i-1].ParentBlob = revs[i].Blob
		}
	}
	found, err := cachedItemHistory(repo, kind, id, revs)
	if err != nil {
		return nil, err
	}
	out := make([]historyEntry, len(found))
	for i, e := range found {
		c := byID[e.Commit]
		subject, _ := splitMessage(c.Message)
		out[i] = historyEntry{Commit: c.Hash, Short: c.Short, Date: c.Author.When, Subject: subject,
			Change: toChangeJSON(e.Change), change: e.Change}
		// Only the oldest commit listed can be a boundary.
		out[i].Shallow = i == len(found)-1 && len(c.Parents) == 0 && repo.Boundary(c.Hash)
	}
	return throughMerges(repo, kind, out, byID)
}

// uncommittedChange is the hand edit of kind/id in the folder, if any.
func uncommittedChange(repo *store.Repo, kind routines.Kind, id string) (semdiff.Change, bool) {
	file := kind.File()
	before, _, err := readSide(repo, "HEAD", file)
	if err != nil {
		return semdiff.Change{}, false
	}
	after, _, err := readSide(repo, "", file)
	if err != nil || string(before) == string(after) {
		return semdiff.Change{}, false
	}
	changes, _ := semdiff.DiffFiles(map[string][]byte{file: before}, map[string][]byte{file: after})
	for _, c := range changes {
		if c.Kind == kind && (c.ID == id || c.OldID == id) {
			return c, true
		}
	}
	return semdiff.Change{}, false
}

// unknownInHistory is the error for an item that neither the folder nor
// any commit has, with the id that was probably meant.
func unknownInHistory(d *deps, kind routines.Kind, id string) error {
	var known []string
	if src, err := workfile.ReadFile(filepath.Join(d.osDir(), kind.File())); err == nil {
		o, _ := semdiff.ParseLenient(kind.File(), src)
		known = ids(o, kind)
	}
	err := fmt.Errorf("no %s %q, now or in the history", kind, id)
	if s := routines.Suggest(id, known); s != "" {
		err = fmt.Errorf("no %s %q, now or in the history (did you mean %q?)", kind, id, s)
	}
	slices.Sort(known)
	if len(known) == 0 {
		return withHint(err, "there are no %s yet", kind.Plural())
	}
	return withHint(err, "the %s are: %s", kind.Plural(), listShort(known, 12))
}
