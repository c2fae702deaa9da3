package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/routines"
)

func init() { register("init", newInitCmd) }

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
		Use:   "init [--template NAME|DIR|URL] [--name NAME] [--owner NAME]",
		Short: "Create your OS repository from a template",
		Long: `Create a new OS: a git repository with os.toml, themes.toml, routines.toml,
priorities.toml and calendar.toml, filled in from a template, and a first
commit that names the template.

Built-in templates: ` + strings.Join(tmpl.Builtins(), ", ") + `. A template added with
` + "`myos template add`" + `, a folder that holds a template.toml and OS files, or a
git URL (https://, ssh://, git:// or file://, with #FOLDER for a template
inside the repository) work too. The template is checked in full before
anything is created, and the OS records which template, version and commit
it came from, so that ` + "`myos template apply`" + ` can bring in later versions.

The OS is created in $XDG_DATA_HOME/myos unless --dir or MYOS_DIR says
otherwise; the folder must be empty or missing. The timezone is your
system's unless --timezone says otherwise.`,
		Example: `  myos init
  myos init --template calendar --name "AndyOS" --owner Andy
  myos init --template ./team-template --dir ~/work-os
  myos init --template https://git.example.com/platform/os-template.git`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(d, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.template, "template", "t", "minimal", "the `TEMPLATE` to start from: a built-in or added NAME, a DIR or a git URL")
	cmd.Flags().StringVar(&opts.name, "name", "", "the OS's `NAME` (default: the owner's name and \"OS\")")
	cmd.Flags().StringVar(&opts.owner, "owner", "", "whose OS it is, by `NAME` (default: your git user name, else $USER)")
	cmd.Flags().StringVar(&opts.timezone, "timezone", "", "the IANA timezone `ZONE`, like Europe/Helsinki (default: the system's)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	return cmd
}

func runInit(d *deps, opts initOptions) error {
	dir := d.osDir()
	if err := notAFolder(dir); err != nil {
		return err
	}
	// The name heads the README and the owner signs commits: one line each.
	for _, f := range []struct{ flag, val string }{{"--name", opts.name}, {"--owner", opts.owner}} {
		if strings.IndexFunc(f.val, unicode.IsControl) >= 0 {
			return usagef("%s %q: write it on one line, without control characters (line breaks, tabs)", f.flag, f.val)
		}
	}
	t, err := d.loadTemplate(opts.template)
	if err != nil {
		return unusableHint(err, true)
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
	if changed, err := routines.BeginFrom(files, o, d.today(o), nil); err != nil {
		return err
	} else if changed {
		if o, err = routines.LoadFiles(files); err != nil {
			return invalidOS(err, "the template is not valid with these values")
		}
	}

	repo, err := store.Init(dir, store.DefaultBranch)
	if errors.Is(err, store.ErrNotEmpty) {
		if looseOSFiles(dir) {
			return withHint(fmt.Errorf("%s is not empty: it holds OS files but no git history", dir), "%s", adoptHint(dir))
		}
		return withHint(fmt.Errorf("%s is not empty", dir), "myos init never writes into a folder with files; choose another with --dir, or run `myos today` if this is already your OS")
	}
	if err != nil {
		return err
	}
	unlock, err := repo.LockAs(lockWait, "myos init")
	if err != nil {
		return lockHint(err)
	}
	defer unlock()
	var chs []store.Change
	for _, fname := range routines.ModelFiles() {
		if b, ok := files[fname]; ok {
			chs = append(chs, store.Change{Path: fname, Data: b})
		}
	}
	// The record keeps the template's files as the template wrote them:
	// they are the base the next `myos template apply` merges against.
	chs = append(chs, tmpl.RecordChanges(nil, t.Meta.Name, t, nil, nil, routines.DateOf(d.now()))...)
	counts := countsLine(map[routines.Kind]int{routines.KindTheme: len(o.Themes), routines.KindRoutine: len(o.Routines),
		routines.KindPriority: len(o.Priorities), routines.KindBlock: len(o.Blocks), routines.KindEvent: len(o.Events)})
	msg := fmt.Sprintf("init: %q from template %s %s\n\n%s\n\nfrom %s", name, t.Meta.Name, t.Meta.Version, counts, t.Source)
	if t.Commit != "" {
		msg += " at " + t.Commit
	}
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
			"source": t.Source, "template_commit": t.Commit,
		})
	}
	fmt.Fprintf(d.io.Out, "Created %s for %s in %s\n", d.io.bold(name), owner, dir)
	fmt.Fprintf(d.io.Out, "from template %s %s: %s\n", t.Meta.Name, t.Meta.Version, counts)
	fmt.Fprintf(d.io.Out, "\nNext: `myos today` for your day, `myos week` for the week, `myos check` for advice.\n")
	return nil
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
