package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/routines"
)

func init() { register(newInitCmd) }

type initOptions struct {
	template string
	name     string
	owner    string
	timezone string
	json     bool
}

func newInitCmd(d *deps) *cobra.Command {
	var opts initOptions
	cmd := &cobra.Command{
		Use:   "init [--template NAME|DIR] [--name NAME] [--owner NAME]",
		Short: "Create your OS repository from a template",
		Long: `Create a new OS: a git repository with os.toml, themes.toml, routines.toml,
priorities.toml and calendar.toml, filled in from a template, and a first
commit that names the template.

Built-in templates: ` + strings.Join(tmpl.Builtins(), ", ") + `. A folder that holds a
template.toml and OS files works too.

The OS is created in $XDG_DATA_HOME/myos unless --dir or MYOS_DIR says
otherwise; the folder must be empty or missing. The timezone is your
system's unless --timezone says otherwise.`,
		Example: `  myos init
  myos init --template calendar --name "AndyOS" --owner Andy
  myos init --template ./team-template --dir ~/work-os`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(d, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.template, "template", "t", "minimal", "built-in template name or template folder")
	cmd.Flags().StringVar(&opts.name, "name", "", "the OS's name (default: the owner's name and \"OS\")")
	cmd.Flags().StringVar(&opts.owner, "owner", "", "whose OS it is (default: your git user name, else $USER)")
	cmd.Flags().StringVar(&opts.timezone, "timezone", "", "IANA timezone, like Europe/Helsinki (default: the system's)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	return cmd
}

// loadTemplate reads a template by built-in name or folder.
func loadTemplate(src string) (*tmpl.Template, error) {
	if strings.ContainsAny(src, `/\`) || strings.HasPrefix(src, ".") {
		info, err := os.Stat(src)
		if err != nil {
			return nil, withHint(fmt.Errorf("template %s: %w", src, errors.Unwrap(err)), "give a built-in name (%s) or a template folder", strings.Join(tmpl.Builtins(), ", "))
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("template %s: not a folder", src)
		}
		abs, _ := filepath.Abs(src)
		return tmpl.Read(os.DirFS(abs), abs)
	}
	t, err := tmpl.Builtin(src)
	if err != nil {
		return nil, withHint(err, "run `myos init --help` for the list, or give a folder path like ./my-template")
	}
	return t, nil
}

func runInit(d *deps, opts initOptions) error {
	dir := d.osDir()
	t, err := loadTemplate(opts.template)
	if err != nil {
		return err
	}
	owner := opts.owner
	if owner == "" {
		owner = store.ResolveAuthor(dir, d.getenv, "").Name
	}
	if owner == "" {
		owner = "Me"
	}
	name := opts.name
	if name == "" {
		name = firstWord(owner) + "OS"
	}
	files, err := t.Render(tmpl.Vars{Name: name, Owner: owner})
	if err != nil {
		return err
	}
	tz := opts.timezone
	if tz == "" {
		tz = localZone(d.getenv)
	}
	if tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			return usagef("--timezone %q: want an IANA name like Europe/Helsinki", tz)
		}
		o, _ := routines.LoadFiles(files)
		if o != nil && o.Settings.Timezone != tz {
			upd := o.Settings
			upd.Timezone = tz
			b, err := routines.UpdateSettings(files[routines.FileOS], &o.Settings, &upd)
			if err != nil {
				return err
			}
			files[routines.FileOS] = b
		}
	}
	o, err := routines.LoadFiles(files)
	if err != nil {
		return invalidOS(err, "the template is not valid with these values")
	}

	repo, err := store.Init(dir, store.DefaultBranch)
	if errors.Is(err, store.ErrNotEmpty) {
		return withHint(fmt.Errorf("%s is not empty", dir), "myos init never writes into a folder with files; choose another with --dir, or run `myos today` if this is already your OS")
	}
	if err != nil {
		return err
	}
	unlock, err := repo.LockAs(lockWait, "myos init")
	if err != nil {
		return err
	}
	defer unlock()
	var chs []store.Change
	for _, fname := range routines.ModelFiles() {
		if b, ok := files[fname]; ok {
			chs = append(chs, store.Change{Path: fname, Data: b})
		}
	}
	chs = append(chs, templateRecord(t, files, d.now())...)
	counts := fmt.Sprintf("%d themes, %d routines, %d priorities, %d blocks, %d events",
		len(o.Themes), len(o.Routines), len(o.Priorities), len(o.Blocks), len(o.Events))
	msg := fmt.Sprintf("init: %q from template %s %s\n\n%s", name, t.Meta.Name, t.Meta.Version, counts)
	if readme, ok := initReadme(d, o, msg); ok {
		chs = append(chs, store.Change{Path: "README.md", Data: readme})
	}
	author := store.ResolveAuthor(dir, d.getenv, owner)
	author.When = d.now()
	ci, err := repo.Commit(chs, msg, author)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(d.io.Out, map[string]any{
			"dir": dir, "name": name, "owner": owner, "template": t.Meta.Name,
			"version": t.Meta.Version, "commit": ci.Hash, "timezone": o.Settings.Timezone,
		})
	}
	fmt.Fprintf(d.io.Out, "Created %s for %s in %s\n", d.io.bold(name), owner, dir)
	fmt.Fprintf(d.io.Out, "from template %s %s: %s\n", t.Meta.Name, t.Meta.Version, counts)
	fmt.Fprintf(d.io.Out, "\nNext: `myos today` for your day, `myos week` for the week, `myos check` for advice.\n")
	return nil
}

// templateRecord is what the OS keeps of the template it came from, so
// that later versions can be applied on top of the person's own changes:
// .myos/template.toml and the template's files as they were applied.
func templateRecord(t *tmpl.Template, files map[string][]byte, now time.Time) []store.Change {
	rec := fmt.Sprintf("# The template this OS started from; `myos template apply` reads it.\n[[template]]\nname = %s\nsource = %s\nversion = %s\ncommit = %s\napplied = %s\n",
		routines.EncodeValue(t.Meta.Name), routines.EncodeValue(t.Source), routines.EncodeValue(t.Meta.Version),
		routines.EncodeValue(t.Commit), routines.DateOf(now).String())
	chs := []store.Change{{Path: ".myos/template.toml", Data: []byte(rec)}}
	for _, fname := range routines.ModelFiles() {
		if b, ok := files[fname]; ok {
			chs = append(chs, store.Change{Path: ".myos/templates/" + t.Meta.Name + "/" + fname, Data: b})
		}
	}
	return chs
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return s
	}
	return f[0]
}

// localZone is the system's IANA timezone name: $TZ, else where
// /etc/localtime points; "" when unknown.
func localZone(getenv func(string) string) string {
	if tz := strings.TrimPrefix(getenv("TZ"), ":"); tz != "" {
		if _, err := time.LoadLocation(tz); err == nil && tz != "Local" {
			return tz
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			tz := target[i+len("zoneinfo/"):]
			if _, err := time.LoadLocation(tz); err == nil {
				return tz
			}
		}
	}
	return ""
}

// writeJSON writes v as indented JSON and a newline.
func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
