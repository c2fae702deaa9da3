package cli

// myos template: the templates a person uses (built in, folders, git
// repositories added by name), bringing a template's new version into an
// OS as a three-way merge, and exporting an OS as a template for a team.
// A template is someone else's input: it is read and checked in full
// before anything is written, and a refusal is one line.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("template", newTemplateCmd) }

func newTemplateCmd(d *deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "template",
		Short: "Share and reuse templates: list, show, add, update, rm, apply, leave, export",
		Long: `Templates are starting points for an OS that people share: a team's cadence,
a manager's one-on-one routine. A template is a folder with template.toml
(name, description, version, author, each on one line) and any of the OS
files; text may use {{.Name}} and {{.Owner}}, filled in with your OS's name
and owner.

A template comes from one of:
  NAME   a built-in template (` + strings.Join(tmpl.Builtins(), ", ") + `), or one added with
         ` + "`myos template add`" + `
  DIR    a folder, like ./team-template
  URL    a git repository over https://, ssh://, git:// or file://, with
         #FOLDER for a template inside it; fetched into
         $XDG_CACHE_HOME/myos/templates

Added templates are remembered in $XDG_CONFIG_HOME/myos/config.toml.

A template never runs code: symlinks, executables, hooks, files over 1 MiB
and more than 1,000 items are refused, and a git template is read from its
commit without being checked out.`,
		Example: `  myos template list
  myos template add platform https://git.example.com/platform/os-template.git
  myos template apply platform --dry-run
  myos template leave platform
  myos template export ~/team-template --git`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newTemplateListCmd(d), newTemplateShowCmd(d), newTemplateAddCmd(d),
		newTemplateUpdateCmd(d), newTemplateRmCmd(d), newTemplateApplyCmd(d), newTemplateLeaveCmd(d), newTemplateExportCmd(d))
	return cmd
}

// xdgHome is an XDG base folder: $env, else $HOME/rel, else adrg/xdg's.
func (d *deps) xdgHome(env, rel, fallback string) string {
	if v := d.getenv(env); v != "" {
		return v
	}
	if home := d.getenv("HOME"); home != "" {
		return filepath.Join(home, rel)
	}
	return fallback
}

// configPath is myos's config file.
func (d *deps) configPath() string {
	return filepath.Join(d.xdgHome("XDG_CONFIG_HOME", ".config", xdg.ConfigHome), "myos", "config.toml")
}

// templateLoader reads templates from every source, with the added ones
// from the config file.
func (d *deps) templateLoader() (*tmpl.Loader, error) {
	cfg, err := tmpl.LoadConfig(d.configPath())
	if err != nil {
		return nil, withHint(err, "fix or move the file, then try again")
	}
	cache := tmpl.Cache{Dir: filepath.Join(d.xdgHome("XDG_CACHE_HOME", ".cache", xdg.CacheHome), "myos", "templates")}
	net := func() (context.Context, func()) { return netContext(templateLimit) }
	return &tmpl.Loader{Cache: cache, Config: cfg, Net: net}, nil
}

// loadTemplate reads the template ref names. A URL given as it is is
// fetched afresh; an added name uses the cache (`myos template update`
// refreshes it).
func (d *deps) loadTemplate(ref string) (*tmpl.Template, error) {
	l, err := d.templateLoader()
	if err != nil {
		return nil, err
	}
	t, err := l.Load(ref, tmpl.IsURL(ref))
	if err != nil {
		if tmpl.KindOf(ref) == tmpl.SourceBuiltin && l.Config.Find(ref) == nil {
			// On another machine of the same OS, the name is in the
			// OS's record but not in this machine's config: say where
			// the OS got it from.
			recs, _ := tmpl.ReadRecords(workfile.DirFS(d.osDir()))
			if r := tmpl.FindRecord(recs, ref); r != nil && r.Source != "" && tmpl.KindOf(r.Source) != tmpl.SourceBuiltin {
				return nil, withHint(err, "your OS applied %s from %s: add it on this machine with `myos template add %s %s`", ref, tmpl.OneLine(r.Source), ref, shellArg(tmpl.OneLine(r.Source)))
			}
			return nil, withHint(err, "add it with `myos template add %s URL|DIR`, or give a folder path like ./%s", ref, ref)
		}
		if h := gitRepoHint(err); h != nil {
			return nil, h
		}
		if errors.Is(err, tmpl.ErrNoMeta) && tmpl.KindOf(ref) == tmpl.SourceFolder {
			if _, serr := os.Stat(filepath.Join(ref, routines.FileOS)); serr == nil {
				return nil, withHint(err, "it is a folder of OS files: make a template of it with `myos template export NEW-DIR --dir %s`, then use NEW-DIR", shellArg(ref))
			}
		}
		if errors.Is(err, tmpl.ErrNoMeta) || errors.Is(err, tmpl.ErrNoOS) {
			return nil, withHint(err, "a template is a folder or git repository with template.toml (its name and version) and os.toml; `myos template export NEW-DIR` makes one of your OS")
		}
		return nil, err
	}
	return t, nil
}

// unusableHint says, for a template refused for its own files, whose
// files those are to fix: the person's, in a folder, or its authors', in
// a git repository; and, for a command that would have changed something
// (changes), that nothing was.
func unusableHint(err error, changes bool) error {
	var u *tmpl.UnusableError
	if !errors.As(err, &u) {
		return err
	}
	nothing := ""
	if changes {
		nothing = "nothing was changed; "
	}
	switch tmpl.KindOf(u.Source) {
	case tmpl.SourceFolder:
		return withHint(err, "%sfix the template's files in %s, then try again", nothing, u.Source)
	case tmpl.SourceGit:
		return withHint(err, "%sthis version of the template cannot be used: tell its authors", nothing)
	}
	return err
}

// refKind is the kind of source ref reads: a name added with `myos
// template add` is the kind of its source, as `template list` says.
func (d *deps) refKind(ref string) tmpl.SourceKind {
	k := tmpl.KindOf(ref)
	if k != tmpl.SourceBuiltin {
		return k
	}
	if cfg, err := tmpl.LoadConfig(d.configPath()); err == nil {
		if s := cfg.Find(ref); s != nil {
			return s.Kind()
		}
	}
	return k
}

// gitRepoHint is err with a hint that says how to read a bare git
// repository given as a folder, or nil when err is another error.
func gitRepoHint(err error) error {
	var gr *tmpl.GitRepoError
	if !errors.As(err, &gr) {
		return nil
	}
	return withHint(err, "give it as a git URL: %s", gr.URL)
}

// countsLine is "3 themes, 4 routines, 3 priorities, 6 blocks, 0 events".
func countsLine(c map[routines.Kind]int) string {
	parts := make([]string, 0, len(routines.Kinds()))
	for _, k := range routines.Kinds() {
		parts = append(parts, plural(c[k], string(k), k.Plural()))
	}
	return strings.Join(parts, ", ")
}

// templateInfo is a template as list and show print it; the field names
// are the JSON contract.
type templateInfo struct {
	Name        string                `json:"name"`
	Template    string                `json:"template"`
	Kind        tmpl.SourceKind       `json:"kind"`
	Source      string                `json:"source"`
	Version     string                `json:"version"`
	Description string                `json:"description"`
	Author      string                `json:"author,omitempty"`
	Commit      string                `json:"commit,omitempty"`
	Items       map[routines.Kind]int `json:"items"`
	Error       string                `json:"error,omitempty"`
}

func infoOf(name string, kind tmpl.SourceKind, t *tmpl.Template) templateInfo {
	info := templateInfo{Name: name, Template: t.Meta.Name, Kind: kind, Source: t.Source, Version: t.Meta.Version,
		Description: t.Meta.Description, Author: t.Meta.Author, Commit: t.Commit, Items: map[routines.Kind]int{}}
	if files, err := t.Render(tmpl.Vars{Name: "OS", Owner: "Owner"}); err == nil {
		if c, err := tmpl.Counts(files); err == nil {
			info.Items = c
		}
	}
	return info
}

// ---- list ----

type templateListOptions struct{ json, applied bool }

func newTemplateListCmd(d *deps) *cobra.Command {
	var opts templateListOptions
	cmd := &cobra.Command{
		Use:   "list [--applied] [--json]",
		Short: "List the built-in templates and the ones you added, and those your OS follows",
		Long: `List every template you can start from or apply: the built-in ones and the
ones added with ` + "`myos template add`" + `, with their version, source,
description and how many items of each kind they hold. A git template is
read from the cache; ` + "`myos template update`" + ` fetches new versions.

When there is an OS, the list ends with the templates it follows: those
it was made from or had applied, by the name it records each under, with
the version last applied, where it came from and when, and the items it
keeps under ids of their own. --applied lists only those (with --json, as
a list of name, source, version, applied, and commit and ids when
there are any);
` + "`myos template leave NAME`" + ` stops following one.`,
		Example: `  myos template list
  myos template list --applied
  myos template list --json`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error { return runTemplateList(d, opts) },
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the templates as a JSON list")
	cmd.Flags().BoolVar(&opts.applied, "applied", false, "list only the templates your OS follows")
	return cmd
}

func runTemplateList(d *deps, opts templateListOptions) error {
	if opts.applied {
		return runTemplateListApplied(d, opts)
	}
	l, err := d.templateLoader()
	if err != nil {
		return err
	}
	var infos []templateInfo
	for _, name := range tmpl.Builtins() {
		t, err := tmpl.Builtin(name)
		if err != nil {
			return err
		}
		infos = append(infos, infoOf(name, tmpl.SourceBuiltin, t))
	}
	for _, s := range l.Config.Templates {
		t, err := l.Load(s.Source, false)
		if err != nil {
			fmt.Fprintf(d.io.ErrOut, "myos: %s: %v\n", s.Name, err)
			infos = append(infos, templateInfo{Name: s.Name, Kind: s.Kind(), Source: s.Source, Items: map[routines.Kind]int{}, Error: err.Error()})
			continue
		}
		infos = append(infos, infoOf(s.Name, s.Kind(), t))
	}
	if opts.json {
		return writeJSON(d.io.Out, infos)
	}
	for _, in := range infos {
		src := in.Source
		if in.Kind == tmpl.SourceBuiltin {
			src = "built in"
		}
		fmt.Fprintf(d.io.Out, "%s %s  %s\n", d.io.bold(in.Name), in.Version, d.io.faint(src))
		if in.Error != "" {
			fmt.Fprintf(d.io.Out, "  %s\n", d.io.red("unavailable: "+in.Error))
			continue
		}
		if in.Description != "" {
			fmt.Fprintf(d.io.Out, "  %s\n", in.Description)
		}
		fmt.Fprintf(d.io.Out, "  %s\n", countsLine(in.Items))
	}
	// What the OS follows, when there is one; a list without an OS, or
	// with a record that does not read, is the templates alone.
	if recs, err := tmpl.ReadRecords(workfile.DirFS(d.osDir())); err == nil && len(recs) > 0 {
		fmt.Fprintf(d.io.Out, "\nYour OS follows:\n")
		printRecords(d, recs)
	}
	return nil
}

// runTemplateListApplied is `template list --applied`: the templates the
// OS records.
func runTemplateListApplied(d *deps, opts templateListOptions) error {
	dir := d.osDir()
	if err := notAFolder(dir); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, routines.FileOS)); errors.Is(err, fs.ErrNotExist) {
		return d.noOS(dir)
	}
	recs, err := tmpl.ReadRecords(workfile.DirFS(dir))
	if err != nil {
		return err
	}
	if opts.json {
		if recs == nil {
			recs = []tmpl.Record{}
		}
		return writeJSON(d.io.Out, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintln(d.io.Out, "your OS follows no template (apply one with `myos template apply NAME`)")
		return nil
	}
	printRecords(d, recs)
	return nil
}

// printRecords lists the templates an OS records, one a line, with the
// items each keeps under ids of their own below it.
func printRecords(d *deps, recs []tmpl.Record) {
	for _, r := range recs {
		src := tmpl.OneLine(r.Source)
		if strings.HasPrefix(r.Source, tmpl.BuiltinPrefix) {
			src = "built in"
		}
		if r.Commit != "" {
			src += " at " + store.ShortID(r.Commit)
		}
		if !r.Applied.IsZero() {
			src += ", applied " + r.Applied.String()
		}
		fmt.Fprintf(d.io.Out, "%s %s  %s\n", d.io.bold(r.Name), tmpl.OneLine(r.Version), d.io.faint(src))
		for _, k := range r.Kept() {
			fmt.Fprintf(d.io.Out, "  keeps %s\n", k)
		}
	}
}

// ---- show ----

type templateShowOptions struct {
	ref  string
	json bool
}

func newTemplateShowCmd(d *deps) *cobra.Command {
	var opts templateShowOptions
	cmd := &cobra.Command{
		Use:   "show NAME|DIR|URL [--json]",
		Short: "Show what a template holds",
		Long: `Show a template: its name, version, author, source and commit, and every
item it holds by kind, id and title, with placeholders filled in with your
OS's name and owner when there is an OS. When your OS records the template,
show says which version it last applied.`,
		Example: `  myos template show team
  myos template show ./team-template --json`,
		Args: argsN(1, 1, "a template NAME, DIR or URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			return runTemplateShow(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the template as JSON")
	return cmd
}

// templateShow is `template show --json`.
type templateShow struct {
	templateInfo
	Contents map[routines.Kind][]itemRef `json:"contents"`
	Applied  *tmpl.Record                `json:"applied,omitempty"`
}

type itemRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func runTemplateShow(d *deps, opts templateShowOptions) error {
	t, err := d.loadTemplate(opts.ref)
	if err != nil {
		return unusableHint(err, false)
	}
	vars := tmpl.Vars{Name: "{{.Name}}", Owner: "{{.Owner}}"}
	var applied *tmpl.Record
	if o, err := d.loadDir(d.osDir()); err == nil {
		vars = tmpl.Vars{Name: o.Settings.Name, Owner: o.Settings.Owner}
		if recs, err := tmpl.ReadRecords(workfile.DirFS(d.osDir())); err == nil {
			applied = tmpl.RecordOf(recs, t)
		}
	}
	files, err := t.Render(vars)
	if err != nil {
		return err
	}
	o, err := routines.LoadFiles(files)
	if err != nil {
		return invalidOS(err, "the template is not valid with your OS's name and owner")
	}
	show := templateShow{templateInfo: infoOf(opts.ref, d.refKind(opts.ref), t), Contents: map[routines.Kind][]itemRef{}, Applied: applied}
	for _, k := range routines.Kinds() {
		refs := []itemRef{}
		for _, it := range o.Items(k) {
			refs = append(refs, itemRef{ID: it.ItemID(), Title: it.ItemTitle()})
		}
		show.Contents[k] = refs
	}
	if opts.json {
		return writeJSON(d.io.Out, show)
	}
	w := d.io.Out
	fmt.Fprintf(w, "%s %s\n", d.io.bold(t.Meta.Name), t.Meta.Version)
	if t.Meta.Description != "" {
		fmt.Fprintf(w, "%s\n", t.Meta.Description)
	}
	if t.Meta.Author != "" {
		fmt.Fprintf(w, "author: %s\n", t.Meta.Author)
	}
	fmt.Fprintf(w, "source: %s\n", t.Source)
	if t.Commit != "" {
		fmt.Fprintf(w, "commit: %s\n", t.Commit)
	}
	if applied != nil {
		as := ""
		if applied.Name != t.Meta.Name {
			as = " as " + applied.Name
		}
		fmt.Fprintf(w, "applied to your OS%s: %s on %s\n", as, tmpl.OneLine(applied.Version), applied.Applied)
	}
	for _, k := range routines.Kinds() {
		if len(show.Contents[k]) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", d.io.bold(k.Plural()))
		for _, r := range show.Contents[k] {
			fmt.Fprintf(w, "  %-20s %s\n", r.ID, r.Title)
		}
	}
	return nil
}

// ---- add ----

type templateAddOptions struct{ name, source string }

func newTemplateAddCmd(d *deps) *cobra.Command {
	var opts templateAddOptions
	cmd := &cobra.Command{
		Use:   "add NAME URL|DIR",
		Short: "Remember a template source under a name",
		Long: `Add a template source under a name of your own, so that init, apply and
show can use the name. The template is fetched (for a URL) and checked in
full now; the source is remembered in $XDG_CONFIG_HOME/myos/config.toml.
When a name you added already reads the same git repository, the new name
reads the same cached copy: ` + "`myos template update`" + ` moves them on together.`,
		Example: `  myos template add platform https://git.example.com/platform/os-template.git
  myos template add oneonone ssh://git@git.example.com/managers/templates.git#one-on-one
  myos template add mine ~/my-template`,
		Args: argsN(2, 2, "NAME and URL or DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name, opts.source = args[0], args[1]
			return runTemplateAdd(d, opts)
		},
	}
	return cmd
}

func runTemplateAdd(d *deps, opts templateAddOptions) error {
	if !routines.ValidID(opts.name) {
		return usagef("name %q: use lowercase letters, digits and dashes, like %q", opts.name, routines.Slug(opts.name))
	}
	for _, b := range tmpl.Builtins() {
		if b == opts.name {
			return usagef("%s is a built-in template's name: choose another", opts.name)
		}
	}
	l, err := d.templateLoader()
	if err != nil {
		return err
	}
	if l.Config.Find(opts.name) != nil {
		return withHint(fmt.Errorf("template %s is already added", opts.name), "remove it first with `myos template rm %s`, or choose another name", opts.name)
	}
	src := opts.source
	var t *tmpl.Template
	switch tmpl.KindOf(src) {
	case tmpl.SourceGit:
		if t, err = addGit(l, src); err != nil {
			err = unusableHint(err, true)
		}
	case tmpl.SourceFolder:
		if t, err = tmpl.ReadFolder(src); err == nil {
			src = t.Source
		} else if h := gitRepoHint(err); h != nil {
			err = h
		} else {
			err = unusableHint(err, true)
		}
	default:
		return usagef("%s: give a URL (https://, ssh://, git:// or file://) or a folder path like ./%s", src, src)
	}
	if err != nil {
		return err
	}
	if err := l.Config.Add(tmpl.Source{Name: opts.name, Source: src}); err != nil {
		return err
	}
	if err := l.Config.Save(); err != nil {
		return err
	}
	info := infoOf(opts.name, tmpl.KindOf(src), t)
	fmt.Fprintf(d.io.Out, "Added %s: %s %s from %s\n", d.io.bold(opts.name), t.Meta.Name, t.Meta.Version, src)
	fmt.Fprintf(d.io.Out, "%s\n", countsLine(info.Items))
	return nil
}

// addGit fetches the git template src for `template add`. When another
// added name reads the same repository from the cache, the new name reads
// that cached copy too, rather than moving the other one's to the newest
// commit behind its back: `myos template update` moves them together.
func addGit(l *tmpl.Loader, src string) (*tmpl.Template, error) {
	repo, _, err := tmpl.ParseURL(src)
	if err != nil {
		return nil, err
	}
	for _, o := range l.Config.Templates {
		if r, _, err := tmpl.ParseURL(o.Source); err != nil || r != repo || !l.Cache.Cached(o.Source) {
			continue
		}
		ctx, stop := l.NetContext()
		t, err := l.Cache.Get(ctx, src, false)
		stop()
		if err != nil {
			return nil, withHint(err, "the cached copy is the one %s reads: fetch the newest with `myos template update %s`, then add again", o.Name, o.Name)
		}
		return t, nil
	}
	ctx, stop := l.NetContext()
	defer stop()
	return l.Cache.Update(ctx, src)
}

// ---- update ----

type templateUpdateOptions struct{ name string }

func newTemplateUpdateCmd(d *deps) *cobra.Command {
	var opts templateUpdateOptions
	cmd := &cobra.Command{
		Use:   "update [NAME]",
		Short: "Fetch the newest version of added git templates",
		Long: `Fetch the newest commit of a git template added by name, or of every added
git template, into the cache, and say what changed. The new commit's
template is read and checked in full first: when it is not valid, the
cached version is kept, so that show and apply still have it, and the exit
code is 1. Folders are read as they are each time and need no update.
Your OS is not changed: run ` + "`myos template apply NAME`" + ` to bring a new
version in.`,
		Example: `  myos template update
  myos template update platform`,
		Args: argsN(0, 1, "a template NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.name = args[0]
			}
			return runTemplateUpdate(d, opts)
		},
	}
	return cmd
}

func runTemplateUpdate(d *deps, opts templateUpdateOptions) error {
	l, err := d.templateLoader()
	if err != nil {
		return err
	}
	sources := l.Config.Templates
	if opts.name != "" {
		s := l.Config.Find(opts.name)
		switch {
		case s != nil:
			sources = []tmpl.Source{*s}
		case tmpl.IsURL(opts.name):
			sources = []tmpl.Source{{Name: opts.name, Source: opts.name}}
		default:
			// The OS may record the name from init or apply: its source is
			// the way to it.
			recs, _ := tmpl.ReadRecords(workfile.DirFS(d.osDir()))
			for _, r := range recs {
				if r.Name == opts.name && r.Source != "" && tmpl.IsURL(r.Source) {
					return withHint(fmt.Errorf("no template %s added: this OS came from %s", opts.name, r.Source),
						"`myos template apply %s` fetches it anew and applies it; `myos template add %s %s` lets you update it by name", r.Source, opts.name, r.Source)
				}
			}
			return withHint(fmt.Errorf("no template %s added", opts.name), "see them with `myos template list`")
		}
	}
	if len(sources) == 0 {
		fmt.Fprintln(d.io.Out, "no templates added: nothing to fetch (add one with `myos template add NAME URL`)")
		return nil
	}
	failed := 0
	for _, s := range sources {
		if s.Kind() != tmpl.SourceGit {
			if opts.name != "" {
				fmt.Fprintf(d.io.Out, "%s: %s is read as it is each time: nothing to fetch\n", s.Name, s.Source)
			}
			continue
		}
		var old *tmpl.Template
		if l.Cache.Cached(s.Source) {
			old, _ = l.Cache.Get(context.Background(), s.Source, false) // cached: read, not fetched
		}
		ctx, stop := l.NetContext()
		t, err := l.Cache.Update(ctx, s.Source)
		stop()
		if err != nil {
			fmt.Fprintf(d.io.ErrOut, "myos: %s: %v\n", s.Name, err)
			if old != nil {
				fmt.Fprintf(d.io.Out, "%s: kept %s at %s\n", s.Name, old.Meta.Version, store.ShortID(old.Commit))
			}
			failed++
			continue
		}
		switch {
		case old == nil:
			fmt.Fprintf(d.io.Out, "%s: fetched %s at %s\n", s.Name, t.Meta.Version, store.ShortID(t.Commit))
		case old.Commit == t.Commit:
			fmt.Fprintf(d.io.Out, "%s: up to date (%s at %s)\n", s.Name, t.Meta.Version, store.ShortID(t.Commit))
		default:
			fmt.Fprintf(d.io.Out, "%s: %s → %s (%s → %s)\n", s.Name, old.Meta.Version, t.Meta.Version, store.ShortID(old.Commit), store.ShortID(t.Commit))
		}
		if opts.name != "" && (old == nil || old.Commit != t.Commit) {
			if others := sameRepository(l.Config, s); len(others) > 0 {
				verb, them := "read", "they read"
				if len(others) == 1 {
					verb, them = "reads", "it reads"
				}
				fmt.Fprintf(d.io.Out, "  %s %s the same repository, so %s this commit too\n", strings.Join(others, ", "), verb, them)
			}
		}
	}
	if failed > 0 {
		return exitCode(ExitFailure)
	}
	return nil
}

// sameRepository lists the other added templates that read the git
// repository s reads (another folder of it, or the same one under another
// name): the cache holds one copy of a repository, so an update of s moves
// them too.
func sameRepository(cfg *tmpl.Config, s tmpl.Source) []string {
	repo, _, err := tmpl.ParseURL(s.Source)
	if err != nil || cfg == nil {
		return nil
	}
	var names []string
	for _, o := range cfg.Templates {
		if o.Name == s.Name || o.Kind() != tmpl.SourceGit {
			continue
		}
		if r, _, err := tmpl.ParseURL(o.Source); err == nil && r == repo {
			names = append(names, o.Name)
		}
	}
	return names
}

// ---- rm ----

type templateRmOptions struct{ name string }

func newTemplateRmCmd(d *deps) *cobra.Command {
	var opts templateRmOptions
	cmd := &cobra.Command{
		Use:   "rm NAME",
		Short: "Forget a template added by name",
		Long: `Remove a template added with ` + "`myos template add`" + ` from the config file,
and its fetched copy from the cache. OSes made from it are not changed:
` + "`myos template leave NAME`" + ` stops your OS following it.`,
		Example: `  myos template rm platform`,
		Args:    argsN(1, 1, "a template NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runTemplateRm(d, opts)
		},
	}
	return cmd
}

func runTemplateRm(d *deps, opts templateRmOptions) error {
	l, err := d.templateLoader()
	if err != nil {
		return err
	}
	s := l.Config.Find(opts.name)
	if s == nil {
		return withHint(fmt.Errorf("no template %s added", opts.name), "see them with `myos template list`; built-in templates cannot be removed")
	}
	src := *s
	if err := l.Config.Remove(opts.name); err != nil {
		return err
	}
	if err := l.Config.Save(); err != nil {
		return err
	}
	if src.Kind() == tmpl.SourceGit {
		repo, _, _ := tmpl.ParseURL(src.Source)
		shared := false
		for _, o := range l.Config.Templates {
			if r, _, err := tmpl.ParseURL(o.Source); err == nil && r == repo {
				shared = true
			}
		}
		if !shared {
			if err := l.Cache.Remove(src.Source); err != nil {
				fmt.Fprintf(d.io.ErrOut, "myos: removing the cached copy: %v\n", err)
			}
		}
	}
	fmt.Fprintf(d.io.Out, "Removed %s (%s)\n", opts.name, src.Source)
	return nil
}

// ---- apply ----

type templateApplyOptions struct {
	ref    string
	dryRun bool
	take   []string
	as     string
	moved  bool
	json   bool
}

func newTemplateApplyCmd(d *deps) *cobra.Command {
	var opts templateApplyOptions
	cmd := &cobra.Command{
		Use:   "apply NAME|DIR|URL [--dry-run] [--take KEY=mine|theirs|both]... [--as NAME] [--moved]",
		Short: "Bring a template's changes into your OS, keeping yours",
		Long: `Bring a template into your OS item by item, as a three-way merge. The base
is the template as your OS last applied it (recorded in .myos/), so:

  - what the template changed since then comes in;
  - what you changed is kept, also in an item the template renamed (its
    formerly lists the id you have), which takes the new id;
  - new items of the template are added;
  - an item you deleted stays deleted;
  - a field both you and the template changed, to different values, is a
    conflict.

A version whose item lists in formerly the id of an item you made
yourself, which the template never had, is refused with nothing changed:
it would take your item over as its own.

For each conflict you keep yours (mine), take the template's (theirs), or
keep both (yours, and the template's under a new id like standup-2, which
your OS records: the template's later changes to it go to standup-2; for
os.toml's review prompts, yours and those the template added). On a terminal you are
asked; otherwise decide with --take, where KEY is the conflict's key
(routine/standup.at), an item (routine/standup), an id (standup) or * for
all. With conflicts left undecided nothing is written, the conflicts are
listed and the exit code is 1.

--dry-run shows what would come in and writes nothing. With conflicts
undecided it lists the changes no conflict holds up (what comes in if each
conflict keeps yours) and the conflicts, and exits 1 as apply would.

The first apply of a template your OS was not made from, or left with
` + "`myos template leave`" + `, has no base:
everything new is added and everything that differs is a conflict; your
OS's name, owner and timezone stay yours, and so does every setting the
template's os.toml leaves out.

Your OS records each template by its name and where it came from (built
in, a folder, a git URL). A template whose name your OS records from
another source is refused, since it may be another template that only
shares the name, and merging against that one's base would remove what it
brought. Apply it under a name of its own with --as NAME (a first apply,
and --as NAME again each time after), or, when it is the same template
from a new place (a repository that moved, the folder elsewhere), with
--moved, which keeps its base and records the new source. A template its
authors renamed (a new name in its template.toml, from the same place) is
applied under the name your OS records it by, against that record's base.

The result is one commit whose message names the template, its version and
what came in; the record in .myos/ becomes the new base. A git URL is
fetched afresh; a template added by name uses the cached copy, which only
` + "`myos template update`" + ` refreshes.`,
		Example: `  myos template apply platform --dry-run
  myos template apply platform --dry-run --json | jq '.conflicts[].key'
  myos template apply platform
  myos template apply platform --take routine/retro.at=mine --take standup=both
  myos template apply ./team-template --take '*=theirs'
  myos template apply ~/team --as team-mine
  myos template apply https://git.example.com/platform/cadence.git --moved`,
		Args: argsN(1, 1, "a template NAME, DIR or URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			return runTemplateApply(d, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.dryRun, "dry-run", "n", false, "show what would come in and the conflicts, and exit as apply would; change nothing")
	cmd.Flags().StringArrayVar(&opts.take, "take", nil, "decide a conflict: `KEY=CHOICE`, where CHOICE is mine, theirs or both (repeatable)")
	cmd.Flags().StringVar(&opts.as, "as", "", "record the template in your OS under this `NAME`, not its own")
	cmd.Flags().BoolVar(&opts.moved, "moved", false, "the template your OS records under its name now comes from here")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: template, version, name, source, dry_run, commit, short, message, nothing, applied, decided, conflicts (never asks)")
	return cmd
}

// applyJSON is what template apply --json prints: the template, and what
// came in or would, or the conflicts that stopped it.
type applyJSON struct {
	Template  string             `json:"template"`
	Version   string             `json:"version"`
	Name      string             `json:"name"` // what the OS records it under
	Source    string             `json:"source"`
	DryRun    bool               `json:"dry_run"`
	Commit    string             `json:"commit"`
	Short     string             `json:"short"`
	Message   string             `json:"message"`
	Nothing   bool               `json:"nothing"`
	Applied   []string           `json:"applied"`
	Decided   []semdiff.Decision `json:"decided"`
	Conflicts []semdiff.Conflict `json:"conflicts"`
}

// newApplyJSON starts applyJSON for a, an apply of tp.
func newApplyJSON(tp *tmpl.Template, a *tmpl.Applied, dryRun bool) applyJSON {
	j := applyJSON{Template: tp.Meta.Name, Version: tp.Meta.Version, Name: a.Name, Source: tp.Source, DryRun: dryRun,
		Applied: []string{}, Decided: []semdiff.Decision{}, Conflicts: []semdiff.Conflict{}, Nothing: true}
	j.Applied = append(j.Applied, a.Applied...)
	if len(a.Conflicts) > 0 {
		j.Applied = append(j.Applied[:0], a.Clean...)
	}
	j.Decided = append(j.Decided, a.Decided...)
	j.Conflicts = append(j.Conflicts, a.Conflicts...)
	return j
}

func parseTakes(flags []string) (map[string]string, error) {
	take := map[string]string{}
	for _, f := range flags {
		for part := range strings.SplitSeq(f, ",") {
			key, val, ok := strings.Cut(strings.TrimSpace(part), "=")
			key, val = strings.TrimSpace(key), strings.ToLower(strings.TrimSpace(val))
			if !ok || key == "" {
				return nil, usagef("--take %q: want KEY=mine, KEY=theirs or KEY=both", part)
			}
			switch val {
			case semdiff.TakeMine, semdiff.TakeTheirs, semdiff.TakeBoth:
			default:
				return nil, usagef("--take %s=%s: want mine, theirs or both", key, val)
			}
			take[key] = val
		}
	}
	return take, nil
}

// runTemplateApply brings a template in. On a terminal, its conflicts
// are asked about with the lock let go, as set os asks about the events
// ahead: a question left open kept every other write out ("repository is
// locked"), and Ctrl-C at it left the lock file behind. The apply is
// worked out under the lock up to the questions, and made again under it
// with the answers.
func runTemplateApply(d *deps, opts templateApplyOptions) error {
	take, err := parseTakes(opts.take)
	if err != nil {
		return err
	}
	if opts.as != "" && !routines.ValidID(opts.as) {
		return usagef("--as %q: use lowercase letters, digits and dashes, like %q", opts.as, routines.Slug(opts.as))
	}
	tp, err := d.loadTemplate(opts.ref)
	if err != nil {
		return unusableHint(err, true)
	}
	var asked *applyState
	for {
		err := applyTemplate(d, opts, tp, take, asked)
		var q *conflictQuestion
		if !errors.As(err, &q) {
			return err
		}
		for _, c := range q.conflicts {
			v, err := askConflict(d, c)
			if err != nil {
				return err
			}
			take[c.Key] = v
		}
		asked = q.state
	}
}

// applyState is what an apply's conflicts were worked out from: HEAD,
// and the model files and the files under .myos/ as the folder had them.
type applyState struct {
	head  string
	files map[string]string
}

// applyStateOf reads t's applyState.
func applyStateOf(t *txn) (*applyState, error) {
	st := &applyState{head: t.head, files: map[string]string{}}
	for name, b := range t.orig {
		st.files[name] = string(b)
	}
	for _, p := range pathsUnder(t.repo, path.Dir(tmpl.RecordFile)) {
		b, err := workfile.ReadFile(filepath.Join(t.repo.Dir(), filepath.FromSlash(p)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		st.files[p] = string(b)
	}
	return st, nil
}

// conflictQuestion is applyTemplate's word that the person must decide
// conflicts; runTemplateApply asks them with the lock let go. state is
// what they were worked out from.
type conflictQuestion struct {
	conflicts []semdiff.Conflict
	state     *applyState
}

func (q *conflictQuestion) Error() string { return "the conflicts need an answer" }

// applyTemplate is runTemplateApply under the lock. asked, when not nil,
// is what the answers in take were given about: an OS that is not that
// any more (another command wrote while the person answered) is refused
// with nothing changed, since the answers were for other conflicts.
func applyTemplate(d *deps, opts templateApplyOptions, tp *tmpl.Template, take map[string]string, asked *applyState) error {
	t, err := d.begin("myos template apply")
	if err != nil {
		return err
	}
	defer t.close()
	if asked != nil {
		now, err := applyStateOf(t)
		if err != nil {
			return err
		}
		if now.head != asked.head || !maps.Equal(now.files, asked.files) {
			return withHint(errors.New("your OS changed while you answered: nothing was changed"),
				"run `%s` again to be asked about the conflicts as they are now", applyCommand(opts))
		}
	}
	// The template's record and base under .myos/ are written too: say
	// now, before any conflict is asked, if they have hand edits.
	if err := refuseEdited(t.repo, pathsUnder(t.repo, path.Dir(tmpl.RecordFile))...); err != nil {
		return err
	}
	osFS := workfile.DirFS(t.repo.Dir())
	today := d.today(t.before)
	a, err := tmpl.Apply(tp, osFS, t.files, tmpl.ApplyOptions{Take: take, As: opts.as, Moved: opts.moved}, today)
	if err != nil {
		return clashHint(err, osFS, d.addedName(opts.ref))
	}
	if len(a.Conflicts) > 0 && d.io.CanPrompt() && !opts.dryRun && !opts.json {
		state, err := applyStateOf(t)
		if err != nil {
			return err
		}
		return &conflictQuestion{a.Conflicts, state}
	}
	if len(a.Unused) > 0 {
		return usagef("--take %s: no such conflict%s", strings.Join(a.Unused, ", "), conflictKeysHint(a))
	}
	name := tp.Meta.Name + " " + tp.Meta.Version
	if a.Name != tp.Meta.Name {
		name += " as " + a.Name
	}
	if opts.json && (opts.dryRun || len(a.Conflicts) > 0) {
		if err := writeJSON(d.io.Out, newApplyJSON(tp, a, opts.dryRun)); err != nil {
			return err
		}
		if len(a.Conflicts) > 0 {
			return undecided(name, a.Conflicts, noBaseHint(a, osFS))
		}
		return nil
	}
	if opts.dryRun {
		// A dry run shows what the apply would do, and ends as it would:
		// with conflicts undecided, the changes that no conflict holds up
		// are listed with the conflicts, and the exit code is 1.
		fmt.Fprintf(d.io.Out, "Would apply %s from %s\n", d.io.bold(name), tp.Source)
		if len(a.Conflicts) == 0 {
			printApplied(d, a.Applied, a.Decided)
			fmt.Fprintln(d.io.Out, "\nNothing was changed (--dry-run).")
			return nil
		}
		if len(a.Clean) == 0 && len(a.Decided) == 0 {
			fmt.Fprintln(d.io.Out, "  nothing new but the conflicts")
		} else {
			printApplied(d, a.Clean, a.Decided)
		}
		fmt.Fprintf(d.io.Out, "\n%d undecided:\n", len(a.Conflicts))
		printConflicts(d, a.Conflicts)
		return undecided(name, a.Conflicts, noBaseHint(a, osFS))
	}
	if len(a.Conflicts) > 0 {
		printConflicts(d, a.Conflicts)
		return undecided(name, a.Conflicts, noBaseHint(a, osFS))
	}
	for fname, b := range a.Files {
		t.setFile(fname, b)
	}
	// A routine the template brings begins here on its first day from
	// today on, not on the day it began in the OS the template came from.
	// One the template renamed is the member's own under a new id (its
	// formerly names the id it had here), and keeps the day it began.
	if added, err := routines.LoadFiles(t.files); err == nil {
		isNew := func(id string) bool {
			if t.before.Find(routines.KindRoutine, id) != nil {
				return false
			}
			if it := added.Find(routines.KindRoutine, id); it != nil {
				for _, f := range routines.FormerIDs(it) {
					if t.before.Find(routines.KindRoutine, f) != nil {
						return false
					}
				}
			}
			return true
		}
		if _, err := routines.BeginFrom(t.files, added, today, isNew); err != nil {
			return err
		}
	}
	t.extra = append(t.extra, a.Record...)
	t.message = a.Message()
	res, _, err := t.commit()
	if err != nil {
		return err
	}
	if opts.json {
		j := newApplyJSON(tp, a, false)
		j.Commit, j.Short, j.Message, j.Nothing = res.Hash, res.Commit, res.Message, res.Nothing
		if res.Nothing {
			j.Applied, j.Decided = []string{}, []semdiff.Decision{}
		}
		return writeJSON(d.io.Out, j)
	}
	d.printCommit(res)
	if !res.Nothing {
		printApplied(d, a.Applied, a.Decided)
	}
	return nil
}

// undecided is the error of an apply with conflicts left undecided; hint,
// when not "", says what to do instead of deciding them.
func undecided(name string, cs []semdiff.Conflict, hint string) error {
	err := fmt.Errorf("%s: %s undecided: nothing was changed", name, plural(len(cs), "conflict"))
	decide := "decide each with --take KEY=mine (keep yours), KEY=theirs (take the template's) or KEY=both (keep yours and add the template's under a new id; for review prompts, keep yours and add those the template added)"
	if hint != "" {
		decide += "; or, " + hint
	}
	return withHint(err, "%s", decide)
}

// applyCommand is the command line of the apply opts describe, to run
// again.
func applyCommand(opts templateApplyOptions) string {
	cmd := "myos template apply " + shellArg(opts.ref)
	if opts.as != "" {
		cmd += " --as " + shellArg(opts.as)
	}
	if opts.moved {
		cmd += " --moved"
	}
	for _, tk := range opts.take {
		cmd += " --take " + shellArg(tk)
	}
	return cmd
}

// noBaseHint is, for an apply with no base whose OS records other
// templates, how to apply it against one of those, to follow "or, ": a template that both
// moved and was renamed matches no record by name or by source, and
// merged with no base, everything the person changed is a conflict.
func noBaseHint(a *tmpl.Applied, osFS fs.FS) string {
	if a.Previous != nil {
		return ""
	}
	recs, _ := tmpl.ReadRecords(osFS)
	var others, names []string
	builtin := func(source string) bool { return strings.HasPrefix(source, tmpl.BuiltinPrefix) }
	for _, r := range recs {
		// Built-in templates never move: one is not another renamed.
		if builtin(r.Source) && builtin(a.Template.Source) {
			continue
		}
		if r.Name != a.Name {
			others = append(others, fmt.Sprintf("%s (from %s)", r.Name, tmpl.OneLine(r.Source)))
			names = append(names, r.Name)
		}
	}
	if len(others) == 0 {
		return ""
	}
	as := "NAME"
	if len(names) == 1 {
		as = names[0]
	}
	return fmt.Sprintf("if it is the template your OS records as %s, renamed and moved, apply it against that record with --as %s --moved",
		strings.Join(others, " or "), as)
}

// addedName is ref when it names a template added with `myos template
// add`, and "" when it is a built-in name, a folder or a URL.
func (d *deps) addedName(ref string) string {
	if tmpl.KindOf(ref) != tmpl.SourceBuiltin {
		return ""
	}
	l, err := d.templateLoader()
	if err != nil || l.Config.Find(ref) == nil {
		return ""
	}
	return ref
}

// clashHint says what to do about a template whose name the OS records
// from another source: apply it under the name it had before, or a new
// one, or say it moved; and about one that claims an item of the
// person's own. added is the name the template was given by, when it is
// one added with `myos template add`: the OS may have followed the
// template to a new place (an apply of its URL with --moved) while the
// name still reads the old one, and --moved would then take the old
// place's version back in.
func clashHint(err error, osFS fs.FS, added string) error {
	var claim *tmpl.ClaimError
	if errors.As(err, &claim) {
		return withHint(err, "nothing was changed; ask the template's authors to take %q out of formerly", claim.Former)
	}
	var clash *tmpl.SourceClashError
	if !errors.As(err, &clash) {
		return err
	}
	if clash.Under != "" {
		return withHint(err, "your OS applied it before as %s: add --as %s", clash.Under, clash.Under)
	}
	recs, _ := tmpl.ReadRecords(osFS)
	free := clash.Name
	for i := 2; tmpl.FindRecord(recs, free) != nil; i++ {
		free = fmt.Sprintf("%s-%d", clash.Name, i)
	}
	if added != "" && clash.Recorded != "" {
		return withHint(err, "the name %s reads %s; if the template moved there, add --moved; if it moved to %s, where your OS last applied it, point the name there: `myos template rm %s` and `myos template add %s %s`; if it is another template, apply it under a name of its own with --as %s",
			added, tmpl.OneLine(clash.Source), tmpl.OneLine(clash.Recorded), added, added, shellArg(tmpl.OneLine(clash.Recorded)), free)
	}
	return withHint(err, "if it is another template, apply it under a name of its own with --as %s; if it is the same one from a new place, add --moved", free)
}

func conflictKeysHint(a *tmpl.Applied) string {
	if len(a.Conflicts) == 0 && len(a.Decided) == 0 {
		return " (there are none)"
	}
	var keys []string
	for _, c := range a.Conflicts {
		keys = append(keys, c.Key)
	}
	for _, dc := range a.Decided {
		keys = append(keys, dc.Conflict.Key)
	}
	return " (conflicts: " + strings.Join(keys, ", ") + ")"
}

// printApplied lists what came in (or would) and how conflicts were
// decided.
func printApplied(d *deps, applied []string, decided []semdiff.Decision) {
	if len(applied) == 0 && len(decided) == 0 {
		fmt.Fprintln(d.io.Out, "  nothing new")
	}
	for _, line := range applied {
		fmt.Fprintf(d.io.Out, "  %s\n", line)
	}
	for _, dc := range decided {
		fmt.Fprintf(d.io.Out, "  %s\n", dc)
	}
}

// printConflicts lists conflicts in the words of an apply: yours and the
// template's.
func printConflicts(d *deps, cs []semdiff.Conflict) {
	for _, c := range cs {
		fmt.Fprintf(d.io.Out, "%s %s\n", d.io.red("conflict"), conflictLine(c))
	}
}

func conflictLine(c semdiff.Conflict) string {
	if c.Field == "" {
		r := strings.NewReplacer("in mine", "by you", "in theirs", "in the template").Replace(c.Reason)
		return c.Key + ": " + r
	}
	s := fmt.Sprintf("%s: yours %s, the template's %s", c.Key, showValue(c.Mine), showValue(c.Theirs))
	if c.Base != nil {
		s += fmt.Sprintf(" (was %s)", showValue(c.Base))
	} else if !strings.HasPrefix(c.Reason, "changed") {
		s += " (no base)"
	}
	return s
}

func showValue(v any) string {
	if list, ok := v.([]string); ok && len(list) > 0 {
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = fmt.Sprintf("%q", e)
		}
		return "[" + strings.Join(parts, "; ") + "]"
	}
	s := routines.FormatValue(v)
	if s == "" {
		return "none"
	}
	if strings.ContainsAny(s, " \t\"") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// askConflict asks which side a conflict takes; end of input abandons.
func askConflict(d *deps, c semdiff.Conflict) (string, error) {
	// Broken between words on a narrow terminal, under the line's
	// first word.
	fmt.Fprintf(d.io.Out, "%s %s\n", d.io.yellow("conflict"), d.io.fit(conflictLine(c), strings.Repeat(" ", len("conflict ")), asIs))
	for {
		fmt.Fprint(d.io.Out, d.io.prompt("keep (m)ine, take (t)heirs, or keep (b)oth? "))
		line, err := d.io.ReadLine()
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(d.io.Out)
			return "", errors.New("apply abandoned: nothing was changed")
		}
		if err != nil {
			return "", err
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "m", "mine":
			return semdiff.TakeMine, nil
		case "t", "theirs":
			return semdiff.TakeTheirs, nil
		case "b", "both":
			return semdiff.TakeBoth, nil
		}
		fmt.Fprintln(d.io.Out, "  answer m, t or b")
	}
}

// ---- export ----

type templateExportOptions struct {
	dir         string
	include     []string
	git         bool
	withNotes   bool
	name        string
	description string
	version     string
}

func newTemplateExportCmd(d *deps) *cobra.Command {
	var opts templateExportOptions
	cmd := &cobra.Command{
		Use:   "export DIR [--include KIND...] [--git] [--with-notes]",
		Short: "Write your OS as a template others can start from",
		Long: `Write your OS as a template into DIR, which must be empty or missing: the
OS files and a template.toml. Review records never go in, nor what your
own work went through (when it started, how often, until when and why it
was put off, the ids an item had before a rename), nor notes unless
--with-notes. Your OS's name and owner become {{.Name}} and {{.Owner}}.
--include takes only some kinds (` + kindNames() + `), with the themes
they use. Comments in your files go along.

With --git the folder is a git repository with a first commit, ready to
push for the team. Later versions are made in that repository, with myos
(myos --dir DIR set ...) or by hand: an item renamed there keeps its old
id in formerly, so that members who apply the new version keep their
changes to it.`,
		Example: `  myos template export ~/team-template --git
  myos template export ./rituals --include routine,block --name rituals --version 1.2.0`,
		Args: argsN(1, 1, "the DIR to write the template into"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			return runTemplateExport(d, opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.include, "include", nil, "only these `KINDS` (repeatable or comma-separated): "+kindNames())
	cmd.Flags().BoolVar(&opts.git, "git", false, "make DIR a git repository with a first commit")
	cmd.Flags().BoolVar(&opts.withNotes, "with-notes", false, "keep notes and deferral reasons")
	cmd.Flags().StringVar(&opts.name, "name", "", "the template's `NAME` (default: DIR's name)")
	cmd.Flags().StringVar(&opts.description, "description", "", "the template's description, as `TEXT`")
	cmd.Flags().StringVar(&opts.version, "version", "1.0.0", "the template's `VERSION`")
	return cmd
}

func runTemplateExport(d *deps, opts templateExportOptions) error {
	// template.toml's text reaches terminals and commit messages: one
	// line each, as a template's own is checked.
	for _, f := range []struct{ flag, val string }{{"--description", opts.description}, {"--version", opts.version}} {
		if strings.ContainsFunc(f.val, unicode.IsControl) {
			return usagef("%s %q: write it on one line, without control characters (line breaks, tabs, escapes)", f.flag, f.val)
		}
	}
	var kinds []routines.Kind
	for _, s := range opts.include {
		k, err := parseKindArg(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		kinds = append(kinds, k)
	}
	osDir := d.osDir()
	o, err := d.loadDir(osDir)
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(opts.dir)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(osDir, dir); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return usagef("%s is inside your OS folder: export into a folder of its own", opts.dir)
	}
	files := map[string][]byte{}
	for _, f := range routines.ModelFiles() {
		b, err := workfile.ReadFile(filepath.Join(osDir, f))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		files[f] = b
	}
	name := opts.name
	if name == "" {
		name = routines.Slug(filepath.Base(dir))
	}
	if !routines.ValidID(name) {
		return usagef("--name %q: use lowercase letters, digits and dashes", name)
	}
	desc := opts.description
	if desc == "" {
		desc = "The way " + o.Settings.Owner + " works, from " + o.Settings.Name + "."
	}
	out, err := tmpl.Export(files, tmpl.ExportOptions{
		Meta:      tmpl.Meta{Name: name, Description: desc, Version: opts.version, Author: o.Settings.Owner},
		Include:   kinds,
		WithNotes: opts.withNotes,
	})
	if err != nil {
		return err
	}
	author := store.ResolveAuthor("", d.getenv, o.Settings.Owner)
	author.When = d.now()
	if err := tmpl.WriteFolder(dir, out, opts.git, author); err != nil {
		if strings.Contains(err.Error(), "not empty") {
			return withHint(err, "export writes only into an empty or new folder")
		}
		return err
	}
	c, _ := tmpl.Counts(renderNeutral(out))
	fmt.Fprintf(d.io.Out, "Exported %s %s to %s: %s\n", d.io.bold(name), opts.version, dir, countsLine(c))
	if opts.git {
		fmt.Fprintf(d.io.Out, "It is a git repository with a first commit: publish it for your team with `myos --dir %s remote set URL` and `myos --dir %[1]s sync`; `myos --dir %[1]s set template version=...` names a new version.\n", shellArg(dir))
	}
	return nil
}

// renderNeutral fills in an exported template's placeholders for counting.
func renderNeutral(files map[string][]byte) map[string][]byte {
	t := &tmpl.Template{Files: map[string][]byte{}}
	for _, f := range routines.ModelFiles() {
		if b, ok := files[f]; ok {
			t.Files[f] = b
		}
	}
	out, err := t.Render(tmpl.Vars{Name: "OS", Owner: "Owner"})
	if err != nil {
		return nil
	}
	return out
}

// pathsUnder lists the files under the folder dir of the OS, in HEAD and
// in the folder, as slash paths; symbolic links are not followed.
func pathsUnder(repo *store.Repo, dir string) []string {
	seen := map[string]bool{}
	var out []string
	walk := func(fsys fs.FS) {
		fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
			return nil
		})
	}
	if head, err := repo.TreeFS("HEAD"); err == nil {
		walk(head)
	}
	walk(workfile.DirFS(repo.Dir()))
	return out
}
