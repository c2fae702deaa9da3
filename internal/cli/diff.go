package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"
	"github.com/go-git/go-git/v5/plumbing"
	utildiff "github.com/go-git/go-git/v5/utils/diff"
	"github.com/sergi/go-diff/diffmatchpatch"
	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

func init() { register("diff", newDiffCmd) }

type diffOptions struct {
	text bool
	json bool
	args []string
}

func newDiffCmd(d *deps) *cobra.Command {
	var opts diffOptions
	cmd := &cobra.Command{
		Use:   "diff [REV [REV2]] [--text] [--json]",
		Short: "Show what changed, item by item (or line by line with --text)",
		Long: `Show what changed between a commit and the OS folder, or between two
commits: item by item for the model files ("routine sleep: at 22:30 →
22:00"), by path for other files.

With no REV, the folder is compared with the last commit (HEAD): the hand
edits not committed yet. REV is a commit id (as ` + "`myos log`" + ` shows it), HEAD,
HEAD~N or a branch, or a day (2025-11-26, yesterday, or 30d or 2w back):
the OS as it was at the end of that day, in its timezone. REV..REV2 (or two
arguments) compares two of them: 2025-01-01..2025-12-31 is a year.
Review records added are named one by one up to three in a year, and
beyond that counted: "reviews/2026: 344 new records, 2026-01-01 to
2026-12-10" (--json lists each).

--text shows a unified diff of each changed file, as git diff does.
--json gives the commits compared as "from" and "to" (full ids); "to" is
"" when the other side is the folder.`,
		Example: `  myos diff
  myos diff HEAD~3
  myos diff 2025-11-26
  myos diff 2w..yesterday
  myos diff HEAD~1..HEAD --text
  myos diff 3f2a1c9 --json`,
		Args: argsN(0, 2, "REV"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.text && opts.json {
				return usagef("--text and --json do not go together")
			}
			opts.args = args
			return runDiff(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.text, "text", false, "show a unified diff of each changed file")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the changes as a JSON object")
	return cmd
}

// diffSide is one side of a comparison: a commit, or the folder.
type diffSide struct {
	rev   string // full commit id; "" for the folder
	label string // how the text names it
}

// diffReport is `myos diff --json`.
type diffReport struct {
	// From and To are full commit ids; To is "" for the OS folder.
	From       string       `json:"from"`
	To         string       `json:"to"`
	Changes    []changeJSON `json:"changes"`
	Files      []fileJSON   `json:"files"`
	Unreadable []string     `json:"unreadable,omitempty"`
	// Invalid are hand-edited model files that read but hold errors:
	// their changes are not listed, as a lenient read misstates them.
	Invalid []string `json:"invalid,omitempty"`
	// Links are the symbolic links in the folder in place of a file or
	// of a folder of files (see status); the files beyond them are
	// deleted in Files, as git sees the folder.
	Links []linkJSON `json:"links,omitempty"`
}

func runDiff(d *deps, opts diffOptions) error {
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	from, to, err := diffSides(repo, opts.args, d.now)
	if err != nil {
		return err
	}
	files, links, err := changedFilesLinks(repo, from, to)
	if err != nil {
		return err
	}
	if opts.text {
		for _, l := range links {
			what := "left out"
			if l.Files > 0 {
				what = "the files beyond it are deleted, as git sees the folder"
			}
			fmt.Fprintf(d.io.ErrOut, "myos: %s is a symbolic link to %s: %s\n", l.Path, l.Target, what)
		}
		return d.printTextDiff(files)
	}

	before, err := revFiles(repo, from.rev)
	if err != nil {
		return err
	}
	var after map[string][]byte
	if to.rev == "" {
		after, err = dirFiles(repo.Dir())
	} else {
		after, err = revFiles(repo, to.rev)
	}
	if err != nil {
		return err
	}
	changes, unreadable := semdiff.DiffFiles(before, after)
	// A model file that is a link was read through it: what it holds is
	// not what a commit would take.
	changes = slices.DeleteFunc(changes, func(c semdiff.Change) bool { return atLink(links, fileOfChange(c)) })
	var paths []string
	rep := diffReport{From: from.rev, To: to.rev, Changes: changesJSON(changes), Files: []fileJSON{}, Links: links}
	for _, f := range files {
		paths = append(paths, f.path)
		rep.Files = append(rep.Files, fileJSON{Path: f.path, State: string(f.state())})
	}
	// A file unreadable on both sides and unchanged is no news.
	for _, u := range unreadable {
		if slices.Contains(paths, u) {
			rep.Unreadable = append(rep.Unreadable, u)
		}
	}
	// Hand edits that make a file invalid are not described as a lenient
	// read takes them (a rank of "three" is not 0, an unknown key is not
	// layout), as status says too.
	// A model file deleted by hand is told as deleted, with the way back,
	// not as changed and not valid.
	var deleted []string
	if to.rev == "" {
		errs, err := d.validationErrors(repo.Dir())
		if err != nil {
			return err
		}
		deleted = deletedSinceCommit(repo.Dir())
		// Without os.toml every setting reads as none: no news.
		if slices.Contains(deleted, routines.FileOS) {
			changes = dropChangesIn(changes, []string{routines.FileOS})
			rep.Changes = changesJSON(changes)
		}
		if rep.Invalid = invalidEdits(errs, paths, append(slices.Clip(rep.Unreadable), deleted...)); len(rep.Invalid) > 0 {
			changes = dropChangesIn(changes, rep.Invalid)
			rep.Changes = changesJSON(changes)
		}
	}
	if opts.json {
		return writeJSON(d.io.Out, rep)
	}

	w := d.io.Out
	if len(files) == 0 && len(links) == 0 {
		fmt.Fprintf(w, "no changes between %s and %s\n", from.label, to.label)
		return nil
	}
	// The file first, as status names it, before the items it took.
	for _, p := range deleted {
		if slices.Contains(paths, p) {
			fmt.Fprintf(w, "%s: deleted since the last commit; `myos restore %s` brings it back\n", p, p)
		}
	}
	for _, c := range changes {
		fmt.Fprintln(w, c.String())
	}
	for _, u := range rep.Unreadable {
		fmt.Fprintf(w, "%s: cannot be read on one side; `myos diff --text` shows the lines\n", u)
	}
	for _, p := range rep.Invalid {
		fmt.Fprintf(w, "%s: changed, not valid yet; `myos check` says why\n", p)
	}
	for _, p := range quietFiles(paths, changes, slices.Concat(rep.Unreadable, rep.Invalid, deleted)) {
		fmt.Fprintf(w, "%s: comments or layout only\n", p)
	}
	added := addedRecords(files, links)
	for _, f := range files {
		if isModelFile(f.path) || atLink(links, f.path) {
			continue
		}
		if day, _, ok := review.ParsePath(f.path); ok && len(added[day.Year]) > manyRecords {
			if days := added[day.Year]; f.path == days[0].path {
				fmt.Fprintf(w, "%s/%04d: %d new records, %s to %s\n", review.Dir, day.Year, len(days), days[0].day, days[len(days)-1].day)
			}
			if f.state() == store.StateAdded {
				continue
			}
		}
		fmt.Fprintf(w, "%s: %s\n", f.path, stateWords(string(f.state())))
	}
	for _, l := range links {
		fmt.Fprintln(w, linkLine(l))
	}
	if len(links) > 0 {
		fmt.Fprintln(w, linkAdvice(links))
	}
	return nil
}

// manyRecords is how many review records added in one year diff names
// one by one; more are told as one line for the year. A diff over a year
// of daily reviews is otherwise 365 lines of "new file" below the few
// changes a person looks for.
const manyRecords = 3

type addedRecord struct {
	path string
	day  routines.Date
}

// addedRecords returns the review records files adds, by year, in the
// order of files.
func addedRecords(files []fileDiff, links []linkJSON) map[int][]addedRecord {
	added := map[int][]addedRecord{}
	for _, f := range files {
		if f.state() != store.StateAdded || atLink(links, f.path) {
			continue
		}
		if day, _, ok := review.ParsePath(f.path); ok {
			added[day.Year] = append(added[day.Year], addedRecord{f.path, day})
		}
	}
	return added
}

// diffSides reads the REV arguments: none (HEAD and the folder), one (REV
// and the folder, or REV..REV2), or two.
func diffSides(repo *store.Repo, args []string, now func() time.Time) (from, to diffSide, err error) {
	folder := diffSide{label: "the folder"}
	switch len(args) {
	case 0:
		from, err = resolveSide(repo, "HEAD", now)
		return from, folder, err
	case 1:
		a, b, isRange := strings.Cut(args[0], "..")
		if !isRange {
			from, err = resolveSide(repo, args[0], now)
			return from, folder, err
		}
		if a == "" {
			a = "HEAD"
		}
		if b == "" {
			b = "HEAD"
		}
		args = []string{a, b}
	}
	if from, err = resolveSide(repo, args[0], now); err != nil {
		return from, to, err
	}
	to, err = resolveSide(repo, args[1], now)
	return from, to, err
}

// resolveSide is the commit rev names, or, when rev names none and is a
// day (2025-11-26, yesterday, 30d or 2w back), the OS as it was at the end of
// that day in its zone: `myos diff 2025-11-26` is what changed in a year.
func resolveSide(repo *store.Repo, rev string, now func() time.Time) (diffSide, error) {
	// A number of days back shorter than the ids log shows (365d, 100d)
	// is a day first: its digits may also begin some commit's id, and a
	// year back would then be that commit.
	if len(rev) < 7 && unsignedDays().MatchString(rev) {
		if side, ok, err := daySide(repo, rev, now); ok {
			return side, err
		}
	}
	h, err := repo.Resolve(rev)
	if errors.Is(err, store.ErrNoCommits) {
		return diffSide{}, errNoCommitsYet()
	}
	if errors.Is(err, store.ErrUnknownRevision) {
		if side, ok, derr := daySide(repo, rev, now); ok {
			return side, derr
		}
		return diffSide{}, withHint(err, "`myos log` lists the commits; HEAD~1 is the one before the last, and a day (2025-11-26, 30d) is the OS at its end")
	}
	if err != nil {
		return diffSide{}, err
	}
	return diffSide{rev: h, label: h[:7]}, nil
}

// errNoCommitsYet is diff's error when there is no commit to compare with.
func errNoCommitsYet() error {
	return withHint(errors.New("no commits yet"), "make the first with `myos init` or `myos commit`")
}

// daySide is the OS at the end of day s, when s is a day; ok is false
// when it is not one.
func daySide(repo *store.Repo, s string, now func() time.Time) (side diffSide, ok bool, err error) {
	loc := osLocation(repo)
	today := routines.DateOf(now().In(loc))
	// 30d is thirty days back, as log --since takes it: -30d would be
	// read as a flag.
	day, err := sinceDay("REV", s, today)
	if err != nil {
		// Written as a day, it is a mistake in the day (2026-02-30),
		// not a revision to look for.
		if looksLikeDay().MatchString(s) {
			return diffSide{}, true, usagef("%v", err)
		}
		return diffSide{}, false, nil
	}
	if day.After(today) {
		return diffSide{}, true, usagef("%s is after today (%s): the OS has no such day yet", day, today)
	}
	zones := map[string]*time.Location{}
	h, err := endOfDay(repo, day, loc, zones)
	if err != nil {
		return diffSide{}, true, err
	}
	if h == "" {
		return diffSide{}, true, errNoCommitsYet()
	}
	// For a day before the OS began, endOfDay gives its first commit,
	// which is after the day.
	made, err := repo.Log(store.LogOptions{From: h, Max: 1})
	if err != nil || len(made) == 0 {
		return diffSide{}, true, err
	}
	began, err := commitDay(repo, made[0], loc, zones)
	if err != nil {
		return diffSide{}, true, err
	}
	if began.After(day) {
		return diffSide{}, true, withHint(fmt.Errorf("the OS began on %s, after %s: it has nothing from that day to compare with", began, day),
			"`myos diff %s` compares with the first commit", h[:7])
	}
	return diffSide{rev: h, label: fmt.Sprintf("%s (the end of %s)", h[:7], day)}, true, nil
}

// fileDiff is one path that differs between two sides, with its bytes.
type fileDiff struct {
	path         string
	from, to     diffSide
	old, new     []byte
	inOld, inNew bool
}

func (f fileDiff) state() store.FileState {
	switch {
	case !f.inOld:
		return store.StateAdded
	case !f.inNew:
		return store.StateDeleted
	}
	return store.StateModified
}

// changedFiles lists, sorted, the paths whose content differs between the
// two sides. Against the folder, new files count only where they are the
// OS's (osPath: the model files, README.md, review records), and other
// untracked files are left out, as git diff leaves them.
func changedFiles(repo *store.Repo, from, to diffSide) ([]fileDiff, error) {
	files, _, err := changedFilesLinks(repo, from, to)
	return files, err
}

// changedFilesLinks is changedFiles, and against the folder the symbolic
// links found there in place of a file or of a folder of one (see
// foundLinks): a link itself is no file of the diff, and a file beyond
// one is not in the folder, as git and myos commit see it.
func changedFilesLinks(repo *store.Repo, from, to diffSide) ([]fileDiff, []linkJSON, error) {
	var cand []string
	var links, all []linkJSON // the OS's, shown; all, other files' too
	if to.rev != "" {
		ps, err := repo.Changed(from.rev, to.rev)
		if err != nil {
			return nil, nil, err
		}
		cand = ps
	} else {
		ps, err := repo.Changed(from.rev, "HEAD")
		if err != nil {
			return nil, nil, err
		}
		cand = ps
		st, err := repo.Status()
		if err != nil {
			return nil, nil, fmt.Errorf("status: %w", err)
		}
		for _, s := range st {
			if s.State != store.StateAdded || osPath(s.Path) {
				cand = append(cand, s.Path)
			}
		}
		mine, _ := splitOS(st)
		links = foundLinks(repo.Dir(), mine)
		all = foundLinks(repo.Dir(), st)
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	readOld, err := sideReader(repo, from.rev)
	if err != nil {
		return nil, nil, err
	}
	readNew, err := sideReader(repo, to.rev)
	if err != nil {
		return nil, nil, err
	}
	var out []fileDiff
	for _, p := range cand {
		f := fileDiff{path: p, from: from, to: to}
		if slices.ContainsFunc(links, func(l linkJSON) bool { return l.Path == p }) {
			continue // the link: listed apart
		}
		linked := atLink(all, p) && !slices.ContainsFunc(all, func(l linkJSON) bool { return l.Path == p })
		var err error
		if f.old, f.inOld, err = readOld(p); err != nil {
			return nil, nil, err
		}
		if !linked {
			if f.new, f.inNew, err = readNew(p); err != nil {
				return nil, nil, err
			}
		}
		if f.inOld == f.inNew && bytes.Equal(f.old, f.new) {
			continue
		}
		out = append(out, f)
	}
	return out, links, nil
}

// printTextDiff writes a unified diff of every file, as git diff does.
func (d *deps) printTextDiff(files []fileDiff) error {
	styles := diffStyles{meta: d.io.bold, frag: d.io.style(color.FgCyan), old: d.io.red, new: d.io.green}
	var b strings.Builder
	for _, f := range files {
		writeFileDiff(&b, f, styles)
	}
	_, err := io.WriteString(d.io.Out, b.String())
	return err
}

// diffStyles colour the parts of a unified diff.
type diffStyles struct {
	meta, frag, old, new func(string) string
}

// writeFileDiff writes one file's part of a unified diff: the git
// header, then the hunks with three lines of context.
func writeFileDiff(w *strings.Builder, f fileDiff, st diffStyles) {
	blobID := func(data []byte, present bool) string {
		if !present {
			return strings.Repeat("0", 7)
		}
		return plumbing.ComputeHash(plumbing.BlobObject, data).String()[:7]
	}
	oldName, newName := "a/"+f.path, "b/"+f.path
	header := []string{fmt.Sprintf("diff --git %s %s", oldName, newName)}
	index := fmt.Sprintf("index %s..%s", blobID(f.old, f.inOld), blobID(f.new, f.inNew))
	switch f.state() {
	case store.StateAdded:
		header = append(header, "new file mode 100644", index)
		oldName = "/dev/null"
	case store.StateDeleted:
		header = append(header, "deleted file mode 100644", index)
		newName = "/dev/null"
	default:
		header = append(header, index+" 100644")
	}
	if isBinary(f.old) || isBinary(f.new) {
		header = append(header, fmt.Sprintf("Binary files %s and %s differ", oldName, newName))
		for _, h := range header {
			w.WriteString(st.meta(h) + "\n")
		}
		return
	}
	header = append(header, "--- "+oldName, "+++ "+newName)
	for _, h := range header {
		w.WriteString(st.meta(h) + "\n")
	}
	writeHunks(w, string(f.old), string(f.new), 3, st)
}

// isBinary is git's test: a NUL byte in the first 8000 bytes.
func isBinary(b []byte) bool {
	return bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0
}

// diffLine is one line of a line diff: ' ' kept, '-' removed, '+' added.
// Text keeps its newline; only a file's last line may lack one.
type diffLine struct {
	op   byte
	text string
}

// lineDiff is the line-by-line edit from a to b.
func lineDiff(a, b string) []diffLine {
	var out []diffLine
	for _, d := range utildiff.Do(a, b) {
		op := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = '-'
		case diffmatchpatch.DiffInsert:
			op = '+'
		}
		for rest := d.Text; rest != ""; {
			line := rest
			if i := strings.IndexByte(rest, '\n'); i >= 0 {
				line = rest[:i+1]
			}
			rest = rest[len(line):]
			out = append(out, diffLine{op: op, text: line})
		}
	}
	return out
}

// writeHunks writes the hunks of the unified diff from a to b: changes
// closer than twice the context share a hunk, as in git.
func writeHunks(w *strings.Builder, a, b string, context int, st diffStyles) {
	lines := lineDiff(a, b)
	// oldBefore[i] and newBefore[i] count the old and new lines before
	// lines[i].
	oldBefore := make([]int, len(lines)+1)
	newBefore := make([]int, len(lines)+1)
	var changed []int
	for i, l := range lines {
		oldBefore[i+1], newBefore[i+1] = oldBefore[i], newBefore[i]
		if l.op != '+' {
			oldBefore[i+1]++
		}
		if l.op != '-' {
			newBefore[i+1]++
		}
		if l.op != ' ' {
			changed = append(changed, i)
		}
	}
	for k := 0; k < len(changed); {
		first, last := changed[k], changed[k]
		for k++; k < len(changed) && changed[k]-last-1 <= 2*context; k++ {
			last = changed[k]
		}
		start, end := max(0, first-context), min(len(lines), last+context+1)
		w.WriteString(st.frag(fmt.Sprintf("@@ -%s +%s @@",
			hunkRange(oldBefore[start], oldBefore[end]-oldBefore[start]),
			hunkRange(newBefore[start], newBefore[end]-newBefore[start]))))
		if fn := funcName(lines[:start]); fn != "" {
			w.WriteString(" " + fn)
		}
		w.WriteString("\n")
		for _, l := range lines[start:end] {
			text, eol := strings.CutSuffix(l.text, "\n")
			s := string(l.op) + text
			switch l.op {
			case '-':
				s = st.old(s)
			case '+':
				s = st.new(s)
			}
			w.WriteString(s + "\n")
			if !eol {
				w.WriteString("\\ No newline at end of file\n")
			}
		}
	}
}

// funcName is what git writes after a hunk's header by default: the last
// line of the old file before the hunk that starts with a letter, "_" or
// "$" (for TOML, the last key above), cut to 80 bytes.
func funcName(before []diffLine) string {
	for i := len(before) - 1; i >= 0; i-- {
		l := before[i]
		if l.op == '+' || l.text == "" {
			continue
		}
		if c := l.text[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' {
			name := strings.TrimRight(l.text, " \t\r\n")
			if len(name) > 80 {
				name = name[:80]
			}
			return name
		}
	}
	return ""
}

// hunkRange is one side of a hunk header: "start,count", with the count
// left out when it is 1, and the start being the line before when the
// side has no lines.
func hunkRange(before, count int) string {
	switch count {
	case 0:
		return strconv.Itoa(before) + ",0"
	case 1:
		return strconv.Itoa(before + 1)
	}
	return strconv.Itoa(before+1) + "," + strconv.Itoa(count)
}

// looksLikeDay is a REV written as a day, YYYY-MM-DD, whether or not the
// day exists.
var looksLikeDay = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`) })
