package cli

// The workspace is where commands meet the OS: which folder, its
// repository, the model loaded from it, and the one path every write takes
// (lock, refuse uncommitted hand edits, change, validate, commit).

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/adrg/xdg"

	"github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

// lockWait is how long a write waits for another myos to finish.
const lockWait = 3 * time.Second

// osDir is the OS folder: --dir, else $MYOS_DIR, else $XDG_DATA_HOME/myos.
func (d *deps) osDir() string {
	dir := d.dir
	if dir == "" {
		dir = d.getenv("MYOS_DIR")
	}
	if dir == "" {
		base := d.getenv("XDG_DATA_HOME")
		if base == "" {
			if home := d.getenv("HOME"); home != "" {
				base = filepath.Join(home, ".local", "share")
			} else {
				base = xdg.DataHome
			}
		}
		dir = filepath.Join(base, "myos")
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return dir
}

// notAFolder is the error for an OS folder (--dir, MYOS_DIR) that names
// a file; nil otherwise.
func notAFolder(dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return withHint(fmt.Errorf("%s is a file, not a folder", dir), "point --dir (or MYOS_DIR) at the folder that holds os.toml")
	}
	return nil
}

// openRepo opens the OS repository, with a hint when there is none.
func (d *deps) openRepo() (*store.Repo, error) {
	return d.openRepoFor(false)
}

// openRepoFor is openRepo; status says that the whole work tree is to be
// compared with HEAD next (see store.Options).
func (d *deps) openRepoFor(status bool) (*store.Repo, error) {
	dir := d.osDir()
	if err := notAFolder(dir); err != nil {
		return nil, err
	}
	r, err := store.OpenWith(dir, store.Options{Cache: cache.New(d.getenv, dir), Status: status})
	if errors.Is(err, store.ErrNotRepo) {
		return nil, d.noRepo(dir)
	}
	if err != nil {
		return nil, err
	}
	for _, what := range r.Repaired() {
		fmt.Fprintf(d.io.ErrOut, "myos: repaired %s\n", what)
	}
	return r, nil
}

// noRepo is the error for an OS folder that is not a repository: one of
// loose OS files, or no OS at all.
func (d *deps) noRepo(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, routines.FileOS)); err == nil {
		return withHint(fmt.Errorf("%s is not a git repository", dir), "%s", adoptHint(dir))
	}
	return d.noOS(dir)
}

// noOS is the one error for an OS folder that is missing, or holds no
// os.toml, whichever command meets it. The hint names --dir when the
// folder came from it: a plain `myos init` would make the OS elsewhere.
// A folder with other files in it is not offered to init, which writes
// only into an empty one and would answer "is not empty".
func (d *deps) noOS(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return withHint(fmt.Errorf("no OS at %s", dir), "it holds other files, and `myos init` writes only into an empty folder: point --dir (or MYOS_DIR) at your OS, or at a new folder to create one there")
	}
	create := "`myos init`"
	if d.dir != "" {
		create = fmt.Sprintf("`myos init --dir %s`", shellArg(dir))
	}
	return withHint(fmt.Errorf("no OS at %s", dir), "create one with %s, or point --dir (or MYOS_DIR) at yours", create)
}

// looseOSFiles reports whether dir holds an os.toml but no .git: a folder
// of OS files that myos can read but not yet write.
func looseOSFiles(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, routines.FileOS)); err != nil {
		return false
	}
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return errors.Is(err, fs.ErrNotExist)
}

// adoptHint says how to give a folder of OS files a history, step by
// step: myos init writes only into an empty folder.
func adoptHint(dir string) string {
	return fmt.Sprintf("myos keeps history in git: move the files aside, run `myos init --dir %s`, copy your files back over the new ones, and run `myos commit`", dir)
}

// loadOS loads and validates the OS in its folder, repository or not.
func (d *deps) loadOS() (*routines.OS, error) {
	return d.loadDir(d.osDir())
}

func (d *deps) loadDir(dir string) (*routines.OS, error) {
	if err := notAFolder(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, routines.FileOS)); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(dir); err == nil && differsFromHead(dir, routines.FileOS) {
			return nil, withHint(fmt.Errorf("%s has no os.toml", dir), "it was deleted since the last commit: put it back with `myos restore os.toml`")
		}
		return nil, d.noOS(dir)
	}
	o, err := d.loadFolder(dir)
	if err != nil {
		// Conflict markers a git merge left are git's to finish: edit and
		// restore would refuse while it is in progress.
		if op, ok := gitOperation(dir); ok {
			return o, invalidOS(err, "%s: %s", op.Message, op.Advice)
		}
		// A model file deleted by hand is what to mend, not every
		// reference to what it held.
		var errs routines.Errors
		if errors.As(err, &errs) {
			errs, _ = deletedFiles(dir, errs)
			if lead := errs.Lead(); lead.Code == routines.CodeFile && lead.Message == deletedMessage(lead.File) {
				return o, invalidOS(errs, "or take out what refers to what it held, and `myos commit` commits its removal")
			}
		}
		if file := firstErrorFile(err); differsFromHead(dir, file) {
			return o, invalidOS(err, "fix it with %s, or throw the hand edit away with `myos restore %s`", editCmd(file), file)
		}
		return o, invalidOS(err, "fix it, then run `myos check`")
	}
	return o, nil
}

// gitOperation is the first git command stopped halfway in the OS folder
// dir (a merge with conflicts, say), when it is a repository with one.
func gitOperation(dir string) (store.Problem, bool) {
	repo, err := store.Open(dir)
	if err != nil {
		return store.Problem{}, false
	}
	defer repo.Close()
	if ops := repo.Operations(); len(ops) > 0 {
		return ops[0], true
	}
	return store.Problem{}, false
}

// differsFromHead reports whether the OS folder dir is a repository whose
// HEAD has model file name with other bytes than the folder's (or the
// folder lacks it): a hand edit `myos restore` can throw away.
func differsFromHead(dir, name string) bool {
	if !isModelFile(name) {
		return false
	}
	repo, err := store.Open(dir)
	if err != nil {
		return false
	}
	defer repo.Close()
	committed, err := repo.ReadFile("HEAD", name)
	if err != nil {
		return false
	}
	b, err := workfile.ReadFile(filepath.Join(dir, name))
	return err != nil || !bytes.Equal(b, committed)
}

// deletedFiles words what errs, the load errors of the OS folder dir,
// say of the model files deleted (or renamed) by hand since the last
// commit. A deleted os.toml is not a folder that is no OS, to be made
// with myos init; a deleted themes.toml is not every theme "does not
// exist" in the other files. Such a file is one error, with the way
// back, in place of the errors that follow from it; a file whose loss
// leaves the OS valid is advice, which check gives.
func deletedFiles(dir string, errs routines.Errors) (routines.Errors, []routines.Finding) {
	deleted := deletedSinceCommit(dir)
	if len(deleted) == 0 {
		return errs, nil
	}
	errs = slices.Clone(errs) // a cache may hold errs
	var advice []routines.Finding
	for _, name := range deleted {
		msg := deletedMessage(name)
		if name == routines.FileOS {
			for i, f := range errs {
				if f.File == routines.FileOS && f.Code == routines.CodeFile && f.Line == 0 {
					errs[i].Message = msg
				}
			}
			continue
		}
		n := len(errs)
		errs = slices.DeleteFunc(errs, func(f routines.Finding) bool { return routines.FollowsFrom(f, []string{name}) })
		if len(errs) < n {
			errs = append(errs, routines.Finding{Code: routines.CodeFile, Severity: routines.SeverityError, File: name, Message: msg})
			routines.SortFindings(errs) // the file leads
			continue
		}
		advice = append(advice, routines.Finding{Code: routines.CodeFile, Severity: routines.SeverityAdvice, File: name,
			Message: fmt.Sprintf("deleted since the last commit: `myos commit` commits that, `myos restore %s` puts it back", name)})
	}
	return errs, advice
}

// deletedMessage is the error about model file name, deleted by hand.
func deletedMessage(name string) string {
	return fmt.Sprintf("deleted since the last commit: put it back with `myos restore %s`", name)
}

// deletedSinceCommit lists the model files the OS folder dir lacks and
// its repository's HEAD has: deleted, or renamed, by hand.
func deletedSinceCommit(dir string) []string {
	var missing []string
	for _, name := range routines.ModelFiles() {
		if _, err := os.Lstat(filepath.Join(dir, name)); errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	repo, err := store.Open(dir)
	if err != nil {
		return nil
	}
	defer repo.Close()
	return slices.DeleteFunc(missing, func(name string) bool {
		_, err := repo.ReadFile("HEAD", name)
		return err != nil
	})
}

// invalidOS turns load errors into one error: the first finding, and how
// many more there are, with the hint made of format and args.
func invalidOS(err error, format string, args ...any) error {
	var errs routines.Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		return err
	}
	hint := fmt.Sprintf(format, args...)
	if len(errs) > 1 {
		hint = "run `myos check` to see them all; " + hint
	}
	return withHint(errors.New(errs.Summary()), "%s", hint)
}

// loadErrorLine is a load error as one line: its lead finding and how many
// more there are.
func loadErrorLine(err error) string {
	var errs routines.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		return errs.Summary()
	}
	return err.Error()
}

// firstErrorFile is the file of the lead finding in load errors; "" when
// err is not a list of findings.
func firstErrorFile(err error) string {
	var errs routines.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		return errs.Lead().File
	}
	return ""
}

// editCmd is the `myos edit` command that opens file, for hints.
func editCmd(file string) string {
	if !isModelFile(file) {
		return "`myos edit`"
	}
	return "`myos edit " + strings.TrimSuffix(file, ".toml") + "`"
}

// now is the current time in the OS's timezone.
func (d *deps) today(o *routines.OS) routines.Date {
	return routines.DateOf(d.now().In(o.Location()))
}

// dateFlag reads --date: a date, today, yesterday, tomorrow, +3d, -3d or +2w,
// defaulting to today in the OS's timezone.
func (d *deps) dateFlag(o *routines.OS, s string) (routines.Date, error) {
	return d.dayFlag(o, "--date", s)
}

// dayFlag is dateFlag for a flag of another name ("--from"), which errors
// name.
func (d *deps) dayFlag(o *routines.OS, name, s string) (routines.Date, error) {
	if s == "" {
		return d.today(o), nil
	}
	return dateArg(d.today(o), name, s)
}

// pastDateFlag is dateFlag for a command that looks back at a day that
// has begun (review, stats): see pastDateArg.
func (d *deps) pastDateFlag(o *routines.OS, s string) (routines.Date, error) {
	if s == "" {
		return d.today(o), nil
	}
	return pastDateArg(d.today(o), "--date", s)
}

// osPath reports whether p is one of the files myos owns in the OS
// folder: a hand edit to any of them blocks writes until it is committed.
// Of reviews/, only the records are (see review.Owned): a file of the
// person's own there, notes or a record misnamed, is left alone as any
// other file in the folder is, never committed by myos. A template's
// own repository has template.toml too (see tmpl.ParseMeta).
func osPath(p string) bool {
	return p == readmeFile || review.Owned(p) || strings.HasPrefix(p, ".myos/") || isModelFile(p) || p == tmpl.MetaFile
}

// isModelFile reports whether p is one of the files that hold the model.
func isModelFile(p string) bool {
	return slices.Contains(routines.ModelFiles(), p)
}

// dirtyOSPaths are the paths in st that belong to the OS: the hand edits
// that block writes.
func dirtyOSPaths(st []store.FileStatus) []string {
	var out []string
	for _, s := range st {
		if osPath(s.Path) {
			out = append(out, s.Path)
		}
	}
	return out
}

// handEditsError is the refusal of a write while paths, in the OS folder
// dir, have hand edits.
func handEditsError(dir string, paths []string) error {
	// A link in place of a folder makes every file beyond it look
	// deleted: the link is what to mend, not those files.
	if err := refuseLinks(dir, paths); err != nil {
		return err
	}
	err := fmt.Errorf("uncommitted hand edits in %s", strings.Join(paths, ", "))
	if len(paths) == 1 && paths[0] == readmeFile && rendersFolder(dir) {
		return withHint(err, "README.md is generated (render = true): run `myos render` to regenerate it, or set render = false in os.toml and run `myos commit` to keep your own")
	}
	return withHint(err, "run `myos commit` to commit them, or `myos restore` to throw them away (`myos status` shows them), then try again")
}

// rendersFolder reports whether os.toml in dir says render = true, read
// leniently: a hand-edited os.toml may not be valid.
func rendersFolder(dir string) bool {
	src, err := workfile.ReadFile(filepath.Join(dir, routines.FileOS))
	if err != nil {
		return false
	}
	o, _ := semdiff.ParseLenient(routines.FileOS, src)
	return o != nil && renders(o)
}

// lockHint gives a write refused by another process's lock what to do:
// wait, or clear a lock that no myos holds. A lock is cleared by itself
// only when its process is certainly gone; one that names a live process
// that is not myos (its pid reused) or another machine stays until a
// person says so.
func lockHint(err error) error {
	var notWritable *store.NotWritableError
	if errors.As(err, &notWritable) {
		return withHint(err, "check who owns it and its permissions (ls -ld %s); commands that only read, such as today, week, status and log, work as they are", shellArg(notWritable.Dir))
	}
	var locked *store.LockedError
	if !errors.As(err, &locked) {
		return err
	}
	return withHint(err, "wait for the other myos to finish; if no myos is running (the pid was reused, or the lock names another machine), remove %s, or run `myos repair --unlock`", locked.Path)
}

// stagedOSDeletions are the OS files that git has staged for deletion
// (`git rm --cached`): the folder still has them, so only the index shows
// it.
func stagedOSDeletions(repo *store.Repo) ([]string, error) {
	staged, err := repo.StagedDeletions()
	if err != nil {
		return nil, err
	}
	return osPaths(staged), nil
}

// osPaths keeps the OS's own files of paths.
func osPaths(paths []string) []string {
	var out []string
	for _, p := range paths {
		if osPath(p) {
			out = append(out, p)
		}
	}
	return out
}

// refuseStaged fails a write while git has OS files staged for deletion:
// myos commits on top of HEAD and never stages, so its commit would leave
// the deletion staged for the next `git commit` to make behind its back.
func refuseStaged(repo *store.Repo) error {
	staged, err := stagedOSDeletions(repo)
	if err != nil {
		return err
	}
	if len(staged) == 0 {
		return nil
	}
	verb := "is"
	if len(staged) > 1 {
		verb = "are"
	}
	return withHint(fmt.Errorf("%s %s staged for deletion by git", strings.Join(staged, ", "), verb),
		"myos never stages files: unstage with `git restore --staged %s` to keep them, or delete them with `git commit`, then try again", strings.Join(staged, " "))
}

// txn is one write: the OS as it was, the files as they are being
// changed, and what else to commit with them.
type txn struct {
	d      *deps
	repo   *store.Repo
	unlock func() error

	before      *routines.OS
	beforeValid bool              // before loaded without errors, from orig
	orig        map[string][]byte // model files as they were
	files       map[string][]byte // model files as the command leaves them
	extra       []store.Change    // other paths: review records, README

	// message replaces the item-level commit message when set; notes are
	// extra lines for the message body (e.g. "over the limit on purpose").
	message string
	notes   []string
	// subject, when set, words the subject from the item-level changes
	// in place of semdiff's; the body still lists them.
	subject func([]semdiff.Change) string
	// dryRun makes commit stop short of writing: it validates and
	// words the commit it would make (set --dry-run).
	dryRun bool

	// handEdit is set when the file beginOptions.edit names had hand
	// edits: orig holds it as in HEAD, files as in the folder.
	handEdit bool
	// readmeEdited is set when README.md had hand edits that
	// beginOptions.readme let through.
	readmeEdited bool

	// head is the commit HEAD named when the write began ("" before the
	// first), and disk the model files and README.md as the folder had
	// them then: the commit refuses when either changed meanwhile (git
	// run beside a long myos edit or review), rather than write over it.
	head string
	disk map[string]diskFile
}

// diskFile is a file of the folder as a write read it: its bytes, or that
// it was not there.
type diskFile struct {
	data   []byte
	exists bool
}

// beginOptions are what a write may take over instead of refusing.
type beginOptions struct {
	// edit is a model file whose uncommitted hand edit the command takes
	// over (myos edit FILE), and the OS as committed may be invalid, for
	// the edit to fix it. Hand edits to other files still block.
	edit string
	// readme lets a hand edit to README.md through when it is the only
	// one: myos render replaces it.
	readme bool
}

// file is the current bytes of model file name.
func (t *txn) file(name string) []byte { return t.files[name] }

// setFile replaces model file name.
func (t *txn) setFile(name string, data []byte) { t.files[name] = data }

// begin opens and locks the repository and loads the OS for a write. The
// caller must call t.close.
func (d *deps) begin(command string) (*txn, error) {
	return d.beginWith(command, beginOptions{})
}

// beginWith is begin for a command that takes over a hand edit.
func (d *deps) beginWith(command string, opts beginOptions) (*txn, error) {
	repo, err := d.openRepo()
	if err != nil {
		return nil, err
	}
	return d.beginOn(repo, command, opts)
}

// beginOn is beginWith on a repository the command has open already, so
// that what it has read of it (HEAD's listing, the index) is not read
// again.
func (d *deps) beginOn(repo *store.Repo, command string, opts beginOptions) (*txn, error) {
	unlock, err := repo.LockAs(lockWait, command)
	if err != nil {
		return nil, lockHint(err)
	}
	t := &txn{d: d, repo: repo, unlock: unlock}
	if err := t.load(opts); err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

func (t *txn) load(opts beginOptions) error {
	for _, name := range readPaths() {
		if err := refuseLink(t.repo.Dir(), name); err != nil {
			return err
		}
	}
	st, err := t.repo.StatusOf(readPaths())
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	dirty := dirtyOSPaths(st)
	var blocking []string
	for _, p := range dirty {
		switch {
		case p == opts.edit:
			t.handEdit = true
		case p == readmeFile && opts.readme && len(dirty) == 1:
			t.readmeEdited = true
		default:
			blocking = append(blocking, p)
		}
	}
	if len(blocking) > 0 {
		return handEditsError(t.repo.Dir(), blocking)
	}
	if err := refuseStaged(t.repo); err != nil {
		return err
	}
	if t.head, err = headHashOrNone(t.repo); err != nil {
		return err
	}
	t.orig = map[string][]byte{}
	t.files = map[string][]byte{}
	t.disk = map[string]diskFile{}
	for _, name := range readPaths() {
		b, err := workfile.ReadFile(filepath.Join(t.repo.Dir(), name))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		t.disk[name] = diskFile{b, err == nil}
		if err == nil && name != readmeFile {
			t.orig[name] = b
			t.files[name] = b
		}
	}
	if t.handEdit {
		// The edit starts from the folder's file; what it changed is
		// measured against HEAD's.
		delete(t.orig, opts.edit)
		b, err := t.repo.ReadFile("HEAD", opts.edit)
		if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, store.ErrNoCommits) {
			return err
		}
		if err == nil {
			t.orig[opts.edit] = b
		}
	}
	o, err := t.d.loadFiles(t.repo.Dir(), t.orig)
	if err != nil && opts.edit == "" {
		return invalidOS(err, "fix it with %s, then try again", editCmd(firstErrorFile(err)))
	}
	t.before, t.beforeValid = o, err == nil
	return nil
}

// shellWord is s as one word of a command a person pastes into a shell:
// as it is when it has nothing a shell reads specially, else in single
// quotes (a macOS OS folder is under "Application Support").
func shellWord(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+,:@%=", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// readPaths are the files every write reads and may rewrite: the model
// files and README.md. A write checks them for hand edits before it
// starts, and the other paths it writes (t.extra) before it commits;
// hand edits anywhere else are left alone, uncommitted, for `myos commit`.
func readPaths() []string {
	return append(slices.Clone(routines.ModelFiles()), readmeFile)
}

// refuseTouched fails when a path the write is about to commit besides the
// model files and README.md (a review record, a template's files) has
// hand edits of its own: the write would take them over unseen.
func (t *txn) refuseTouched() error {
	var paths []string
	for _, c := range t.extra {
		if !slices.Contains(readPaths(), c.Path) {
			paths = append(paths, c.Path)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	return refuseEdited(t.repo, paths...)
}

// refuseEdited fails when any of paths, OS files, differs from HEAD, or
// is a symbolic link or lies beyond one: a write would go through it.
func refuseEdited(repo *store.Repo, paths ...string) error {
	if err := refuseLinks(repo.Dir(), paths); err != nil {
		return err
	}
	st, err := repo.StatusOf(paths)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if stray := strayFiles(st); len(stray) > 0 {
		return withHint(fmt.Errorf("%s: a file myos did not write, in the folder it keeps", strings.Join(stray, ", ")),
			"`myos status`, `myos commit` and `myos restore` leave it alone: move it out of %s, then try again", path.Dir(stray[0])+"/")
	}
	if dirty := dirtyOSPaths(st); len(dirty) > 0 {
		return handEditsError(repo.Dir(), dirty)
	}
	return nil
}

// strayFiles are the files of st new under .myos/ (a note left in a
// template's base, say): status walks only the top of the OS and
// reviews/ for new files, so neither it nor commit nor restore knows
// them, and a write that would remove or replace one is refused with
// another way out than theirs.
func strayFiles(st []store.FileStatus) []string {
	var out []string
	for _, s := range st {
		if s.State == store.StateAdded && strings.HasPrefix(s.Path, ".myos/") {
			out = append(out, s.Path)
		}
	}
	return out
}

// sameAsHead reports whether c would leave its path as HEAD and the
// folder both have it (a review record written again with no new answer,
// the template record of an apply that brought nothing). A change that
// puts back a hand-edited file is not the same: it still has a file to
// write.
func (t *txn) sameAsHead(c store.Change) bool {
	if t.head == "" {
		return false
	}
	// The folder first: reading HEAD's version walks trees, and most
	// writes change the file.
	disk, derr := workfile.ReadFile(filepath.Join(t.repo.Dir(), filepath.FromSlash(c.Path)))
	if c.Delete != errors.Is(derr, fs.ErrNotExist) || !c.Delete && (derr != nil || !bytes.Equal(disk, c.Data)) {
		return false
	}
	b, err := t.repo.ReadFile(t.head, c.Path)
	if c.Delete {
		return errors.Is(err, fs.ErrNotExist)
	}
	return err == nil && bytes.Equal(b, c.Data)
}

// refuseMoved fails when, since the write began, a commit made outside
// myos changed a file the write reads or writes, or a file it is about to
// write changed in the folder: the lock keeps other myos commands out,
// not git or an editor, and a write started from the older files would
// undo those changes unseen. A commit that touched none of them (a review
// record made with git) lets the write through.
func (t *txn) refuseMoved(chs []store.Change) error {
	head, err := headHashOrNone(t.repo)
	if err != nil {
		return err
	}
	paths := readPaths()
	for _, c := range chs {
		if !slices.Contains(paths, c.Path) {
			paths = append(paths, c.Path)
		}
	}
	if head != t.head {
		var moved []string
		for _, p := range paths {
			was, now := "", ""
			if t.head != "" {
				if was, err = t.repo.FileHash(t.head, p); err != nil {
					return err
				}
			}
			if head != "" {
				if now, err = t.repo.FileHash(head, p); err != nil {
					return err
				}
			}
			if was != now {
				moved = append(moved, p)
			}
		}
		if len(moved) > 0 {
			return withHint(fmt.Errorf("%s changed in a commit made while this command ran (HEAD is now %s): nothing was written", strings.Join(moved, ", "), shortHash(head)),
				"see it with `myos log -n 1`, then run the command again")
		}
	}
	return t.refuseChanged(chs)
}

// refuseChanged fails when a file of chs that the write read at its start
// (the model files and README.md) is not as it was in the folder then.
func (t *txn) refuseChanged(chs []store.Change) error {
	var changed []string
	for _, c := range chs {
		was, ok := t.disk[c.Path]
		if !ok {
			continue // a new record: refuseTouched checked it
		}
		b, err := workfile.ReadFile(filepath.Join(t.repo.Dir(), c.Path))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if (err == nil) != was.exists || !bytes.Equal(b, was.data) {
			changed = append(changed, c.Path)
		}
	}
	if len(changed) > 0 {
		return changedBeside(changed)
	}
	return nil
}

// changedBeside is the refusal of a write whose files changed in the
// folder while it ran.
func changedBeside(paths []string) error {
	return withHint(fmt.Errorf("%s changed in the folder while this command ran: nothing was written", strings.Join(paths, ", ")),
		"see it with `myos status`, then run the command again")
}

// headHashOrNone is the commit HEAD names, or "" before the first commit.
func headHashOrNone(repo *store.Repo) (string, error) {
	return repo.HeadHash()
}

// shortHash is a commit's abbreviated name, or "no commit" for "".
func shortHash(h string) string {
	if len(h) < 7 {
		return "no commit"
	}
	return h[:7]
}

func (t *txn) close() {
	if t.unlock != nil {
		t.d.release(t.unlock)
		t.unlock = nil
	}
}

// after loads the OS as the command has changed it.
func (t *txn) after() (*routines.OS, error) {
	var base *routines.OS
	if t.beforeValid {
		base = t.before // files the command did not change are not decoded again
	}
	o, err := t.d.loadFilesFrom(t.repo.Dir(), base, t.orig, t.files)
	if err != nil {
		return nil, invalidOS(t.byItem(err), "nothing was changed")
	}
	return o, nil
}

// byItem names the findings in files the command changed by their item
// (routine "sleep": ...) rather than by a line: the file on disk is left
// as it was, so a line of the version the command was about to write
// would point at the wrong text, or past the end of the file.
func (t *txn) byItem(err error) error {
	var errs routines.Errors
	if !errors.As(err, &errs) {
		return err
	}
	out := make(routines.Errors, len(errs))
	for i, f := range errs {
		if f.Kind != "" && f.ID != "" && !bytes.Equal(t.files[f.File], t.orig[f.File]) {
			f.File, f.Line, f.Col = fmt.Sprintf("%s %q", f.Kind, f.ID), 0, 0
			if strings.HasPrefix(f.Message, f.File+" ") {
				// The message names the item already ("block "gym" has
				// no days"): once is enough.
				f.File = ""
			}
		}
		out[i] = f
	}
	return out
}

// commitResult is what a write reports.
type commitResult struct {
	Commit  string // short id; "" when nothing was committed
	Hash    string // full id; "" when nothing was committed
	Message string // the subject, or what to say when nothing was
	Changes []semdiff.Change
	Nothing bool
	// Advice is what the write brought in (see withAdvice); advised says
	// that the write tells it, none or some.
	Advice  []routines.Finding
	advised bool
	// DryRun says nothing was written on purpose; Body is then the rest
	// of the message the commit would have had.
	DryRun bool
	Body   string
	// zone is what set os did to the events ahead when it changed the
	// timezone; nil otherwise.
	zone *zoneMove
}

// commit validates the changed OS and commits it with an item-level
// message. Nothing is written when the OS would be invalid.
func (t *txn) commit() (commitResult, *routines.OS, error) {
	after, err := t.after()
	if err != nil {
		return commitResult{}, nil, err
	}
	changes := semdiff.Diff(t.before, after)
	var chs []store.Change
	for name, b := range t.files {
		if string(b) != string(t.orig[name]) {
			chs = append(chs, store.Change{Path: name, Data: b})
		}
	}
	for _, c := range t.extra {
		if !t.sameAsHead(c) {
			chs = append(chs, c)
		}
	}
	if len(chs) == 0 {
		// Nothing but the README would change, and only to list this
		// commit among the recent ones: a commit of nothing.
		return commitResult{Nothing: true, Message: "nothing changed"}, after, nil
	}
	msg := t.message
	switch {
	case msg == "" && t.subject != nil:
		msg = commitMessage(t.subject(changes), changes, chs)
	case msg == "":
		msg = commitMessage("", changes, chs)
	}
	if len(t.notes) > 0 {
		msg += "\n\n" + strings.Join(t.notes, "\n")
	}
	if t.dryRun {
		subject, body, _ := strings.Cut(msg, "\n")
		return commitResult{DryRun: true, Message: subject, Body: strings.TrimLeft(body, "\n"), Changes: changes}, after, nil
	}
	if err := t.refuseTouched(); err != nil {
		return commitResult{}, nil, err
	}
	if err := t.refuseMoved(chs); err != nil {
		return commitResult{}, nil, err
	}
	if readme, ok, err := t.readme(after, msg); err != nil {
		return commitResult{}, nil, err
	} else if ok {
		readmeCh := store.Change{Path: readmeFile, Data: readme}
		if err := t.refuseChanged([]store.Change{readmeCh}); err != nil {
			return commitResult{}, nil, err
		}
		chs = append(chs, readmeCh)
	}
	author := store.ResolveAuthor(t.repo.Dir(), t.d.getenv, after.Settings.Owner)
	author.When = t.d.now()
	// The store looks again just before it writes: an editor's save in
	// the time since refuseChanged looked is not overwritten either.
	beside := map[string]store.FolderFile{}
	for _, c := range chs {
		if was, ok := t.disk[c.Path]; ok {
			beside[c.Path] = store.FolderFile{Data: was.data, Exists: was.exists}
		}
	}
	ci, err := t.repo.CommitWith(chs, msg, author, store.CommitOptions{Beside: beside})
	if errors.Is(err, store.ErrNothingToCommit) {
		return commitResult{Nothing: true, Message: "nothing changed"}, after, nil
	}
	var besideErr *store.ChangedBesideError
	if errors.As(err, &besideErr) {
		return commitResult{}, nil, changedBeside(besideErr.Paths)
	}
	if err != nil {
		return commitResult{}, nil, err
	}
	if err := t.repo.Maintain(); err != nil {
		fmt.Fprintf(t.d.io.ErrOut, "myos: packing objects: %v\n", err)
	}
	return commitResult{Commit: ci.Short, Hash: ci.Hash, Message: firstLineOf(ci.Message), Changes: changes}, after, nil
}

// commitMessage is the message of a commit of chs: the subject given, with
// a line per item-level change below it; without one, the item-level
// message, or the paths when no item changed.
func commitMessage(given string, changes []semdiff.Change, chs []store.Change) string {
	given = strings.TrimSpace(given)
	if given == "" {
		if msg := semdiff.Message(changes); msg != "" {
			return msg
		}
		return "os: update " + changedNames(chs)
	}
	if len(changes) == 0 {
		return given
	}
	lines := make([]string, len(changes))
	for i, c := range changes {
		lines[i] = c.String()
	}
	return given + "\n\n" + strings.Join(lines, "\n")
}

func changedNames(chs []store.Change) string {
	names := make([]string, len(chs))
	for i, c := range chs {
		names[i] = c.Path
	}
	return strings.Join(names, ", ")
}

func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// printCommit tells the user what was committed, or that nothing was.
func (d *deps) printCommit(res commitResult) {
	if res.DryRun {
		fmt.Fprintf(d.io.Out, "would commit: %s\n", res.Message)
		for _, l := range strings.Split(res.Body, "\n") {
			if l != "" {
				fmt.Fprintf(d.io.Out, "  %s\n", l)
			}
		}
		fmt.Fprintln(d.io.Out, "Nothing was changed (--dry-run).")
		return
	}
	if res.Nothing {
		msg := res.Message
		if msg == "" {
			msg = "nothing changed"
		}
		fmt.Fprintln(d.io.Out, msg)
		return
	}
	fmt.Fprintf(d.io.Out, "%s %s\n", d.io.faint(res.Commit), res.Message)
}
