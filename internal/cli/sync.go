package cli

// myos sync: fetch, fast-forward or merge item by item, push. Like every
// write it refuses uncommitted hand edits; like every refusal it leaves
// the OS exactly as it was. Conflicts are asked about on a terminal and
// decided with --take elsewhere.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/render"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	ossync "github.com/myos-dev/myos/internal/sync"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("sync", newSyncCmd) }

type syncOptions struct {
	take []string
	json bool
}

func newSyncCmd(d *deps) *cobra.Command {
	var opts syncOptions
	cmd := &cobra.Command{
		Use:   "sync [--take KEY=mine|theirs|both]...",
		Short: "Bring in the other machines' changes and send yours, item by item",
		Long: `Sync the OS with its git remote (see ` + "`myos remote`" + `): fetch, then

  - nothing to do, or a fast-forward when only one side changed;
  - when both changed, a merge against the last commit they shared: changes
    to different items, or to different fields of one item, merge cleanly;
    review records of different days never meet, and the same day's merge
    answer by answer; the templates the OS follows (.myos/template.toml)
    merge template by template, each with its files as last applied;
    README.md is regenerated; other files merge by line;
    the result is validated and committed with both sides as parents;
  - then a push that only succeeds if nobody pushed meanwhile; if someone
    did, sync fetches and merges again (up to 3 times).

A true conflict — the same field changed both ways, an item changed on one
side and removed on the other — loses nothing: on a terminal you see both
values and choose; otherwise decide with --take, by the key sync printed:
KIND/ID.FIELD or KIND/ID (the whole item), os.FIELD, review/DAY/...,
template/NAME, or a file's path, or * for every conflict. Without a decision sync exits 1 and
leaves the OS exactly as it was.

Uncommitted hand edits block sync, as they block every write: commit them
first with ` + "`myos commit`" + `.`,
		Example: `  myos sync
  myos sync --take routine/sleep.at=theirs
  myos sync --take priority/keynote=mine --take notes.md=both
  myos sync --json`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSync(d, opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.take, "take", nil, "decide a conflict: `KEY=CHOICE`, where CHOICE is mine, theirs or both (repeatable)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	return cmd
}

func runSync(d *deps, opts syncOptions) error {
	take, err := parseTakes(opts.take)
	if err != nil {
		return err
	}
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	info, err := repo.Remote(store.DefaultRemote)
	if errors.Is(err, store.ErrNoRemote) {
		return withHint(errors.New("sync: no remote is set"), "point this OS at a git remote with `myos remote set URL`; on another machine, `myos clone URL` sets it up")
	}
	if err != nil {
		return err
	}
	unlock, err := lockRepo(repo, "myos sync")
	if err != nil {
		return err
	}
	defer d.release(unlock)

	owner := ""
	if o, err := d.loadDir(repo.Dir()); err == nil {
		owner = o.Settings.Owner
	}
	author := store.ResolveAuthor(repo.Dir(), d.getenv, owner)
	author.When = d.now()
	sopts := ossync.Options{
		Auth:   ossync.AuthFor(info.URL, d.getenv),
		Take:   take,
		Author: author,
		Readme: syncReadme(d, repo),
	}
	if d.io.CanPrompt() && !opts.json {
		sopts.Resolve = func(remote string, cs []ossync.Conflict) (map[string]string, error) {
			return askConflicts(d, remote, cs)
		}
	}
	ctx, stop := netContext(remoteLimit)
	res, err := ossync.Run(ctx, repo, sopts)
	stop()
	if err != nil {
		if res != nil && len(res.Merges) > 0 {
			// The merge is committed here though sending it failed: what
			// it brought in is told now, or no later sync would.
			warnAnsweredTwice(d, repo, res)
		}
		return syncError(d, err, res, opts.json)
	}
	for _, k := range res.Unused {
		fmt.Fprintf(d.io.ErrOut, "myos: warning: --take %s decided nothing: no conflict has that key\n", k)
	}
	if opts.json {
		err = writeJSON(d.io.Out, res)
	} else {
		err = printSync(d, repo, res)
	}
	if err == nil && res.FastForward {
		warnBroughtIn(d, repo, res)
	}
	if err == nil && res.Received > 0 {
		warnAnsweredTwice(d, repo, res)
	}
	return err
}

// maxTwiceWarnings is how many days answered twice a sync tells one by
// one. A machine that was not synced for a few days while the other
// reviewed gives one for most routines of each day (20 after three days
// on a ten-year OS, 200 characters each); check --records lists them all.
const maxTwiceWarnings = 5

// warnAnsweredTwice warns about the days the review records that came in
// answer differently from the records here (review.AnsweredTwice): each
// machine answered the day before they synced, the records of different
// days merged without a conflict, and stats count one answer without a
// word. The records within SearchDays of those that came in are read, and
// a pair is told when one of those is in it and the records here did not
// have it before: it was told by the sync that brought it (check
// --records lists them all).
func warnAnsweredTwice(d *deps, repo *store.Repo, res *ossync.Result) {
	files, err := changedFiles(repo, diffSide{rev: res.Before}, diffSide{rev: res.Head})
	if err != nil {
		return
	}
	var first, last routines.Date
	came := map[string]bool{}
	for _, f := range files {
		if day, kind, ok := review.ParsePath(f.path); ok && kind == review.Daily {
			came[f.path] = true
			if first.IsZero() || day.Before(first) {
				first = day
			}
			if last.IsZero() || last.Before(day) {
				last = day
			}
		}
	}
	if first.IsZero() {
		return
	}
	all, err := review.Paths(workfile.DirFS(repo.Dir()))
	if err != nil {
		return
	}
	var near []string
	for _, p := range all {
		if day, _, ok := review.ParsePath(p); ok && !day.Before(first.AddDays(-review.SearchDays)) && !last.AddDays(review.SearchDays).Before(day) {
			near = append(near, p)
		}
	}
	_, recs := readRecords(repo.Dir(), near)
	// What the records here said before the sync: a pair they had was
	// told when it came.
	was := map[string]*review.Record{}
	for _, p := range near {
		if b, err := repo.ReadFile(res.Before, p); err == nil {
			if rec, err := review.Parse(p, b); err == nil {
				was[p] = rec
			}
		}
	}
	known := map[string]bool{}
	for _, t := range review.AnsweredTwice(was) {
		known[t.String()] = true
	}
	told := 0
	for _, t := range review.AnsweredTwice(recs) {
		if (came[t.File] || came[t.Counted]) && !known[t.String()] {
			if told < maxTwiceWarnings {
				fmt.Fprintf(d.io.ErrOut, "myos: warning: %s\n", t.String())
			}
			told++
		}
	}
	if more := told - maxTwiceWarnings; more > 0 {
		fmt.Fprintf(d.io.ErrOut, "myos: warning: and %s that another record gives differently\n", plural(more, "more answer"))
	}
	if told > 0 {
		fmt.Fprintln(d.io.ErrOut, "hint: the two machines answered the same day; keep the true answer: edit the other record by hand and `myos commit` it (`myos check --records` lists them all)")
	}
}

// syncReadme regenerates README.md for a merge, as every commit does when
// the OS renders it.
func syncReadme(d *deps, repo *store.Repo) ossync.ReadmeFunc {
	return func(model map[string][]byte, subject string) ([]byte, bool, error) {
		o, err := routines.LoadFiles(model)
		if err != nil {
			return nil, false, err
		}
		if !renders(o) {
			return nil, false, nil
		}
		changes, err := recentChanges(repo, o.Location(), readmeChanges)
		if err != nil {
			return nil, false, err
		}
		if line, ok := changeLine(d.now(), o.Location(), subject); ok {
			changes = append([]string{line}, changes...)
		}
		return render.README(o, changes), true, nil
	}
}

// syncError gives a failed sync its hint; with --json, conflicts are also
// printed as JSON.
func syncError(d *deps, err error, res *ossync.Result, asJSON bool) error {
	var dirty *ossync.DirtyError
	var conflict *ossync.ConflictError
	var invalid *ossync.InvalidError
	switch {
	case errors.As(err, &dirty):
		return withHint(err, "run `myos commit` to commit them (or `myos status` to see them), then sync again")
	case errors.As(err, &conflict):
		if asJSON {
			if jerr := writeJSON(d.io.Out, map[string]any{"remote": conflict.Remote, "conflicts": conflict.Conflicts, "merged": conflict.Merged}); jerr != nil {
				return jerr
			}
		}
		example := conflict.Conflicts[0].Key + "=" + ossync.TakeTheirs
		if n := len(conflict.Conflicts); n > 1 {
			// Two machines that reviewed the same day differ in a dozen
			// answers: one flag for each is not what a person types.
			return withHint(err, "decide with --take KEY=mine or KEY=theirs (or KEY=both where offered: yours stays and theirs is added too, an item as a copy under a new id), e.g. `myos sync --take %s`, or `myos sync --take '%s=%s'` for all %d", example, ossync.TakeAll, ossync.TakeTheirs, n)
		}
		return withHint(err, "decide with --take KEY=mine or KEY=theirs (or KEY=both where offered: yours stays and theirs is added too, an item as a copy under a new id), e.g. `myos sync --take %s`", example)
	case errors.As(err, &invalid):
		edit := "`myos edit`"
		if invalid.File != "" {
			edit = "`myos edit " + invalid.File + "`"
		}
		if invalid.Theirs {
			return withHint(err, "it was committed there without myos: mend it where it was made, or on a machine with nothing to send (`myos sync` brings it in there, %s mends it, `myos sync` sends the fix), then run `myos sync` here again", edit)
		}
		return withHint(err, "`myos check` lists the errors: mend them with %s, then run `myos sync` again", edit)
	case errors.Is(err, ossync.ErrUnrelated):
		return withHint(err, "this OS and the remote's began apart: clone the remote into another folder (`myos clone URL --dir DIR`), or point this OS at an empty remote")
	}
	var re *ossync.RemoteError
	if errors.As(err, &re) && res != nil && len(res.Merges) > 0 {
		// The merge stays committed here; only sending it failed.
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return withHint(err, "the merge is committed here and the next `myos sync` sends it")
		}
		if re.Hint == "" {
			return withHint(err, "the merge is committed here and the next `myos sync` sends it")
		}
		return withHint(err, "%s; the merge is committed here and the next `myos sync` sends it", strings.TrimSuffix(re.Hint, "."))
	}
	return remoteHint(err)
}

// warnBroughtIn warns when a fast-forward brought in an OS that does not
// load: it was committed elsewhere, perhaps with git, and the next command
// that reads it would refuse with no word of where it came from.
func warnBroughtIn(d *deps, repo *store.Repo, res *ossync.Result) {
	files, err := revFiles(repo, res.Head)
	if err != nil {
		return
	}
	_, err = routines.LoadFiles(files)
	if err == nil {
		return
	}
	fmt.Fprintf(d.io.ErrOut, "myos: warning: the OS brought in from %s does not load: %s\n", res.Remote, loadErrorLine(err))
	fmt.Fprintln(d.io.ErrOut, "hint: `myos check` lists the errors; mend them with `myos edit`, then `myos sync` sends the fix")
}

// printSync says what sync did: what came in, item by item, and what went
// out.
func printSync(d *deps, repo *store.Repo, res *ossync.Result) error {
	w := d.io.Out
	if res.UpToDate {
		fmt.Fprintf(w, "Up to date with %s at %s.\n", res.Remote, res.Head[:7])
		return nil
	}
	if res.FastForward {
		fmt.Fprintf(w, "Brought in %s from %s:\n", plural(res.Received, "commit"), res.Remote)
		before, err := revFiles(repo, res.Before)
		if err != nil {
			return err
		}
		after, err := revFiles(repo, res.Head)
		if err != nil {
			return err
		}
		changes, unreadable := semdiff.DiffFiles(before, after)
		printLines(w, changeStrings(changes))
		// Review records and other files that came in, by path, as
		// `myos diff` names them; README.md is derived from the rest.
		files, err := changedFiles(repo, diffSide{rev: res.Before}, diffSide{rev: res.Head})
		if err != nil {
			return err
		}
		var paths []string
		for _, f := range files {
			paths = append(paths, f.path)
		}
		quiet := quietFiles(paths, changes, unreadable)
		for _, p := range quiet {
			fmt.Fprintf(w, "  %s: comments or layout only\n", p)
		}
		others := len(quiet)
		for _, f := range files {
			if !isModelFile(f.path) && f.path != ossync.ReadmePath {
				fmt.Fprintf(w, "  %s: %s\n", f.path, stateWords(string(f.state())))
				others++
			}
		}
		if len(changes) == 0 && others == 0 {
			fmt.Fprintln(w, "  (no change to items)")
		}
	}
	for _, m := range res.Merges {
		fmt.Fprintf(w, "Merged %s in %s:\n", res.Remote, d.io.faint(m.Commit[:7]))
		printLines(w, m.Applied)
		for _, dec := range m.Decided {
			fmt.Fprintf(w, "  %s\n", dec)
		}
	}
	if res.Pushed {
		fmt.Fprintf(w, "Sent %s to %s (%s).\n", plural(res.Sent, "commit"), res.Remote, res.URL)
	}
	fmt.Fprintf(w, "Now at %s.\n", res.Head[:7])
	return nil
}

func changeStrings(cs []semdiff.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

func printLines(w io.Writer, lines []string) {
	for _, l := range lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

// askConflicts shows each conflict's sides and asks which to keep. An
// empty answer or the end of input stops asking; what is left undecided
// makes sync stop with nothing changed.
func askConflicts(d *deps, remote string, cs []ossync.Conflict) (map[string]string, error) {
	w := d.io.Out
	fmt.Fprintf(w, "%s changed on both sides (here and on %s):\n", plural(len(cs), "thing"), remote)
	out := map[string]string{}
	for i, c := range cs {
		fmt.Fprintf(w, "\n%d/%d %s — %s, %s\n", i+1, len(cs), d.io.bold(c.Key), c.File, c.Reason)
		side(w, "was   ", c.Base)
		side(w, d.io.green("mine  "), c.Mine)
		side(w, d.io.yellow("theirs"), c.Theirs)
		words := make([]string, len(c.Takes))
		for j, t := range c.Takes {
			words[j] = "[" + t[:1] + "]" + t[1:]
		}
		for {
			fmt.Fprintf(w, "keep %s? (empty to stop) ", strings.Join(words, ", "))
			line, err := d.io.ReadLine()
			if errors.Is(err, io.EOF) {
				fmt.Fprintln(w)
				return out, nil
			}
			if err != nil {
				return nil, err
			}
			line = strings.ToLower(strings.TrimSpace(line))
			if line == "" {
				return out, nil
			}
			choice := ""
			for _, t := range c.Takes {
				if line == t || line == t[:1] {
					choice = t
				}
			}
			if choice != "" {
				out[c.Key] = choice
				break
			}
			fmt.Fprintf(w, "  answer %s\n", strings.Join(c.Takes, ", "))
		}
	}
	return out, nil
}

// side prints one side of a conflict, several lines indented.
func side(w io.Writer, label, value string) {
	switch value {
	case "":
		value = "none"
	case "none": // the word itself, not the absence shown so
		value = `"none"`
	}
	lines := strings.Split(strings.TrimRight(value, "\n"), "\n")
	fmt.Fprintf(w, "  %s  %s\n", label, lines[0])
	for _, l := range lines[1:] {
		fmt.Fprintf(w, "          %s\n", l)
	}
}
