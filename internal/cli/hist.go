package cli

// What the history commands (status, commit, diff, log, history, undo)
// share: the model files at a revision or in the folder, the paths a hand
// edit touched, and how an item-level change and a commit look as JSON.
// History may hold an OS that was never valid, so everything here reads
// leniently and compares what it can.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

// maxErrorsShown is how many validation errors status and commit print
// before pointing at `myos check`.
const maxErrorsShown = 5

// lockRepo takes the repository lock for a write that does not go through
// d.begin.
func lockRepo(repo *store.Repo, command string) (func() error, error) {
	unlock, err := repo.LockAs(lockWait, command)
	if err != nil {
		return nil, lockHint(err)
	}
	return unlock, nil
}

// release gives the lock back, saying so on stderr if that failed: the
// command's own result stands either way.
func (d *deps) release(unlock func() error) {
	if err := unlock(); err != nil {
		fmt.Fprintf(d.io.ErrOut, "myos: %v\n", err)
	}
}

// revFiles reads the model files at rev, by name; a file the commit does
// not have is left out.
func revFiles(repo *store.Repo, rev string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, name := range routines.ModelFiles() {
		b, err := repo.ReadFile(rev, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	return files, nil
}

// dirFiles reads the model files in the OS folder, by name.
func dirFiles(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, name := range routines.ModelFiles() {
		b, err := workfile.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	return files, nil
}

// readSide reads one path at rev, or in the folder when rev is "". ok is
// false when there is no such file.
func readSide(repo *store.Repo, rev, path string) (data []byte, ok bool, err error) {
	read, err := sideReader(repo, rev)
	if err != nil {
		return nil, false, err
	}
	return read(path)
}

// sideReader returns readSide for many paths at one rev: the revision is
// resolved and its commit read once, not once per path, which for a diff
// across years of reviews is most of the work.
func sideReader(repo *store.Repo, rev string) (func(path string) (data []byte, ok bool, err error), error) {
	var fsys fs.FS
	if rev != "" {
		t, err := repo.TreeFS(rev)
		if err != nil {
			return nil, err
		}
		fsys = t
	}
	return func(path string) ([]byte, bool, error) {
		var data []byte
		var err error
		if fsys == nil {
			data, err = workfile.ReadFile(filepath.Join(repo.Dir(), filepath.FromSlash(path)))
		} else {
			data, err = fs.ReadFile(fsys, path)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		return data, true, nil
	}, nil
}

// headOrNone is HEAD's commit, with ok false on a repository with no
// commits yet.
func headOrNone(repo *store.Repo) (ci store.CommitInfo, ok bool, err error) {
	ci, err = repo.Head()
	if errors.Is(err, store.ErrNoCommits) {
		return ci, false, nil
	}
	return ci, err == nil, err
}

// handEdits lists the OS paths that differ from HEAD (what `myos commit`
// would commit), and apart from them the other paths that do.
func handEdits(repo *store.Repo) (mine, other []store.FileStatus, err error) {
	st, err := repo.Status()
	if err != nil {
		return nil, nil, fmt.Errorf("status: %w", err)
	}
	mine, other = splitOS(st)
	return mine, other, nil
}

// handEditsAndStaged is handEdits and stagedOSDeletions from one look at
// the folder and the index.
func handEditsAndStaged(repo *store.Repo) (mine, other []store.FileStatus, staged []string, err error) {
	st, all, err := repo.StatusAndStaged()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("status: %w", err)
	}
	mine, other = splitOS(st)
	return mine, other, osPaths(all), nil
}

// splitOS parts the OS's own files from the others.
func splitOS(st []store.FileStatus) (mine, other []store.FileStatus) {
	for _, s := range st {
		if osPath(s.Path) {
			mine = append(mine, s)
		} else {
			other = append(other, s)
		}
	}
	return mine, other
}

// fileOfChange is the model file a change happened in.
func fileOfChange(c semdiff.Change) string {
	if c.Kind == semdiff.KindOS {
		return routines.FileOS
	}
	return c.Kind.File()
}

// quietFiles lists the changed model files that no item-level change
// accounts for: only their comments or layout changed.
func quietFiles(paths []string, changes []semdiff.Change, unreadable []string) []string {
	told := map[string]bool{}
	for _, c := range changes {
		told[fileOfChange(c)] = true
	}
	for _, u := range unreadable {
		told[u] = true
	}
	var out []string
	for _, p := range paths {
		if isModelFile(p) && !told[p] {
			out = append(out, p)
		}
	}
	return out
}

// osLocation is the OS's timezone, read leniently from os.toml in the
// folder, else at HEAD; UTC when neither says.
func osLocation(repo *store.Repo) *time.Location {
	src, err := workfile.ReadFile(filepath.Join(repo.Dir(), routines.FileOS))
	if err != nil {
		if src, err = repo.ReadFile("HEAD", routines.FileOS); err != nil {
			return time.UTC
		}
	}
	o, _ := semdiff.ParseLenient(routines.FileOS, src)
	return o.Location()
}

// commitDays tells a commit's day as diff, stats and the review read it:
// in the OS's zone as os.toml named it in that commit (see zoneAt), not
// in the zone the OS is in now. What was done in Berlin on the 29th at
// 00:30 stays the 29th's after a move to New York, where that moment was
// still the 28th.
type commitDays struct {
	repo  *store.Repo
	loc   *time.Location // the OS's zone now, for a commit whose os.toml names none
	zones map[string]*time.Location
}

func newCommitDays(repo *store.Repo, loc *time.Location) *commitDays {
	return &commitDays{repo: repo, loc: loc, zones: folderZone(repo.Dir(), map[string]*time.Location{})}
}

// of is the day of the commit hash, made at when.
func (c *commitDays) of(hash string, when time.Time) (routines.Date, error) {
	zone, err := zoneAt(c.repo, hash, c.loc, c.zones)
	if err != nil {
		return routines.Date{}, err
	}
	return routines.DateOf(when.In(zone)), nil
}

// changeJSON is an item-level change as JSON: the kind ("os" for
// settings), the item's id and title, the op (add, remove, change), the
// id it had before a rename, and the fields with their old and new values.
type changeJSON struct {
	Kind   string      `json:"kind"`
	ID     string      `json:"id,omitempty"`
	Title  string      `json:"title,omitempty"`
	Op     string      `json:"op"`
	OldID  string      `json:"old_id,omitempty"`
	Fields []fieldJSON `json:"fields"`
}

type fieldJSON struct {
	Key string `json:"key"`
	Old any    `json:"old"`
	New any    `json:"new"`
}

func toChangeJSON(c semdiff.Change) changeJSON {
	j := changeJSON{Kind: string(c.Kind), ID: c.ID, Title: c.Title, Op: string(c.Op), OldID: c.OldID, Fields: []fieldJSON{}}
	for _, f := range c.Fields {
		j.Fields = append(j.Fields, fieldJSON{Key: f.Key, Old: valueJSON(f.Old), New: valueJSON(f.New)})
	}
	return j
}

// valueJSON is a field's value in JSON: null for no value, whatever the
// field's type ("" for a text, a nil date, an empty list).
func valueJSON(v any) any {
	if routines.FormatValue(v) == "" {
		return nil
	}
	return v
}

func changesJSON(cs []semdiff.Change) []changeJSON {
	out := make([]changeJSON, len(cs))
	for i, c := range cs {
		out[i] = toChangeJSON(c)
	}
	return out
}

// fileJSON is a changed path and how: added, modified or deleted.
type fileJSON struct {
	Path  string `json:"path"`
	State string `json:"state"`
}

// commitJSON is a commit as log and history print it.
type commitJSON struct {
	Commit  string    `json:"commit"`
	Short   string    `json:"short"`
	Date    time.Time `json:"date"`
	Author  string    `json:"author"`
	Email   string    `json:"email"`
	Subject string    `json:"subject"`
	Body    string    `json:"body,omitempty"`
	Parents []string  `json:"parents"`
	// Merged are the commits a merge brought in from the other side (for
	// log): newest first, back to where the two sides met, at most 20;
	// MergedMore counts the rest.
	Merged     []commitJSON `json:"merged,omitempty"`
	MergedMore int          `json:"merged_more,omitempty"`
}

func toCommitJSON(ci store.CommitInfo) commitJSON {
	subject, body := splitMessage(ci.Message)
	parents := ci.Parents
	if parents == nil {
		parents = []string{}
	}
	return commitJSON{Commit: ci.Hash, Short: ci.Short, Date: ci.Author.When, Author: ci.Author.Name,
		Email: ci.Author.Email, Subject: subject, Body: body, Parents: parents}
}

// splitMessage cuts a commit message into its subject and its body, the
// blank line between them dropped.
func splitMessage(msg string) (subject, body string) {
	subject, body, _ = strings.Cut(msg, "\n")
	return subject, strings.Trim(body, "\n")
}

// printErrors shows the first few validation errors of an OS on w, in
// the colour of the stream w is (see ColorErr).
func (d *deps) printErrors(w io.Writer, errs routines.Errors, indent string) {
	red := d.io.red
	if w == d.io.ErrOut {
		red = d.io.errRed
	}
	for i, f := range errs {
		if i == maxErrorsShown {
			fmt.Fprintf(w, "%s(and %d more: `myos check` lists them all)\n", indent, len(errs)-i)
			break
		}
		fmt.Fprintf(w, "%s%s: %s\n", indent, red("error"), f.String())
	}
}

// recordErrors reads the review records among hand edits (mine) and
// returns what makes any of them unreadable or contradicts itself (see
// review.Check), with the line where the file says it. A record is
// checked before it is committed, as the model files are: stats and the
// review read every record, and one they cannot read loses that day's
// answers.
func recordErrors(dir string, mine []store.FileStatus) routines.Errors {
	var paths []string
	for _, s := range mine {
		if s.State != store.StateDeleted {
			paths = append(paths, s.Path)
		}
	}
	return checkRecords(dir, paths)
}

// metaErrors checks template.toml in the OS folder dir, when there is
// one (a template's own repository), as a member's template update will
// read it: the check that status, commit and check share.
func metaErrors(dir string) routines.Errors {
	b, err := workfile.ReadFile(filepath.Join(dir, tmpl.MetaFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		_, err = tmpl.ParseMeta(b)
	}
	if err == nil {
		return nil
	}
	f := routines.Finding{Code: routines.CodeFile, Severity: routines.SeverityError, File: tmpl.MetaFile, Message: err.Error()}
	if me := (*tmpl.MetaError)(nil); errors.As(err, &me) {
		f.Line, f.Message = me.Line, me.Err.Error()
	}
	return routines.Errors{f}
}

// templateRecordErrors checks .myos/template.toml in the OS folder dir,
// when there is one, as template apply, list and leave and sync read it:
// the check that status, commit and check share, so that a hand edit
// that breaks it is told where it is and not committed.
func templateRecordErrors(dir string) routines.Errors {
	b, err := workfile.ReadFile(filepath.Join(dir, filepath.FromSlash(tmpl.RecordFile)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		_, err = tmpl.ParseRecords(b)
	}
	if err == nil {
		return nil
	}
	if re := (*tmpl.RecordError)(nil); errors.As(err, &re) {
		return routines.Errors{re.Finding}
	}
	return routines.Errors{{Code: routines.CodeFile, Severity: routines.SeverityError, File: tmpl.RecordFile,
		Message: strings.TrimPrefix(err.Error(), tmpl.RecordFile+": ")}}
}

// checkRecords reads the review records among paths, in the OS folder
// dir, and returns their findings (see recordErrors); paths that are not
// a record's are passed over. It is the check of records status, commit
// and check share.
func checkRecords(dir string, paths []string) routines.Errors {
	errs, _ := readRecords(dir, paths)
	return errs
}

// readRecords is checkRecords, and the records that read, by path.
func readRecords(dir string, paths []string) (routines.Errors, map[string]*review.Record) {
	var errs routines.Errors
	recs := map[string]*review.Record{}
	for _, p := range paths {
		if _, _, ok := review.ParsePath(p); !ok {
			continue
		}
		b, err := workfile.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			errs = append(errs, routines.Finding{Code: routines.CodeFile, Severity: routines.SeverityError, File: p,
				Message: strings.TrimPrefix(err.Error(), p+": ")})
			continue
		}
		rec, found := review.CheckRecord(p, b)
		errs = append(errs, found...)
		if rec != nil {
			recs[p] = rec
		}
	}
	return errs, recs
}

// validationErrors loads the OS in dir and returns what makes it invalid;
// nil when it is valid. Files the model cache holds the OS of are valid
// without reading it back.
func (d *deps) validationErrors(dir string) (routines.Errors, error) {
	errs, err := d.modelErrors(dir)
	if err != nil {
		return nil, err
	}
	errs = append(errs, metaErrors(dir)...)
	return append(errs, templateRecordErrors(dir)...), nil
}

// modelErrors is validationErrors of the model files alone.
func (d *deps) modelErrors(dir string) (routines.Errors, error) {
	files, ok := readModelFiles(dir)
	var err error
	switch {
	case !ok:
		_, err = routines.Load(workfile.DirFS(dir)) // it words the unreadable file
	case d.cachedValid(dir, files):
		return nil, nil
	default:
		_, err = d.loadFiles(dir, files)
	}
	if err == nil {
		return nil, nil
	}
	var errs routines.Errors
	if errors.As(err, &errs) {
		errs, _ = deletedFiles(dir, errs)
		return errs, nil
	}
	return nil, err
}
