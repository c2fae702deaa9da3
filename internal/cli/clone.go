package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
	ossync "github.com/myos-dev/myos/internal/sync"
)

func init() { register("clone", newCloneCmd) }

type cloneOptions struct {
	url  string
	json bool
}

func newCloneCmd(d *deps) *cobra.Command {
	var opts cloneOptions
	cmd := &cobra.Command{
		Use:   "clone URL [--dir DIR]",
		Short: "Set up your OS on another machine from its git remote",
		Long: `Set up the same OS on another machine: clone it from the git remote another
machine syncs with (see ` + "`myos remote`" + ` for URLs and credentials), into
$XDG_DATA_HOME/myos unless --dir or MYOS_DIR says otherwise, as for init.
The folder must be empty or missing; a failed clone leaves nothing behind.

From then on, ` + "`myos sync`" + ` on either machine brings the other's changes in.`,
		Example: `  myos clone git@github.com:andy/os.git
  myos clone https://gitea.example.com/andy/os.git --dir ~/os
  myos clone /mnt/backup/os.git`,
		Args: argsN(1, 1, "the remote's URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.url = args[0]
			return runClone(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	return cmd
}

func runClone(d *deps, opts cloneOptions) error {
	url, err := ossync.NormalizeURL(opts.url)
	if err != nil {
		return usagef("%v", err)
	}
	dir := d.osDir()
	auth := ossync.AuthFor(url, d.getenv)
	if auth.Err != nil {
		return remoteHint(&ossync.RemoteError{Op: "clone", URL: url, Err: auth.Err, Hint: auth.Hint})
	}
	ctx, stop := netContext(remoteLimit)
	repo, err := store.Clone(ctx, url, dir, auth.Method)
	stop()
	switch {
	case errors.Is(err, store.ErrNotEmpty):
		return withHint(fmt.Errorf("%s is not empty", dir), "myos clone never writes into a folder with files; choose another with --dir, or run `myos sync` there if it is already this OS")
	case errors.Is(err, store.ErrRemoteEmpty):
		return withHint(fmt.Errorf("clone %s: %w", url, store.ErrRemoteEmpty), "on the machine that has the OS, run `myos remote set %s` and `myos sync` first", shellArg(url))
	case err != nil:
		return remoteHint(ossync.Explain("clone", url, err, auth))
	}
	defer repo.Close()
	head, err := repo.Head()
	if err != nil {
		return err
	}
	o, lerr := d.loadDir(dir)
	if opts.json {
		out := map[string]any{"dir": dir, "url": url, "commit": head.Hash}
		if o != nil {
			out["name"] = o.Settings.Name
		}
		return writeJSON(d.io.Out, out)
	}
	name := "the OS"
	if o != nil && o.Settings.Name != "" {
		name = d.io.bold(o.Settings.Name)
	}
	subject, _ := splitMessage(head.Message)
	fmt.Fprintf(d.io.Out, "Cloned %s from %s into %s\n", name, url, dir)
	fmt.Fprintf(d.io.Out, "at %s %s\n", d.io.faint(head.Short), subject)
	if lerr != nil {
		fmt.Fprintf(d.io.ErrOut, "myos: warning: the OS as cloned is not valid: %v\n", lerr)
	}
	fmt.Fprintln(d.io.Out, "\nNext: `myos today` for your day; `myos sync` here and on the other machine keeps them together.")
	return nil
}

// remoteHint turns a sync.RemoteError into an error with its hint.
func remoteHint(err error) error {
	var re *ossync.RemoteError
	if errors.As(err, &re) && re.Hint != "" {
		return withHint(err, "%s", re.Hint)
	}
	return err
}
