package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/routines"
)

func init() { register("rm", newRmCmd) }

type rmOptions struct {
	kind  string
	id    string
	force bool
	json  bool
}

func newRmCmd(d *deps) *cobra.Command {
	var opts rmOptions
	cmd := &cobra.Command{
		Use:   "rm KIND ID",
		Short: "Remove one item",
		Long: `Remove one item from its file, with the comment lines right above it and
right below it, and commit it with a message that names it. The rest of
the file stays as it was, the comments that open and close the file too.
The item stays in the history: ` + "`myos history KIND ID`" + ` shows it.

A theme that items still serve is not removed: point them at another theme
first (myos set routine ID theme=OTHER), or add --force to unlink them
(clear their theme) in the same commit.

To stop doing something without forgetting it, a status often says more
than removing it: retire a routine, drop a priority.`,
		Example: `  myos rm block friday-learning
  myos rm theme old-project --force
  myos set routine journal status=retired   # keeps it, marked retired`,
		Args:              argsN(2, 2, "KIND and ID"),
		ValidArgsFunction: completeItem(d, itemKinds(), false),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.kind, opts.id = args[0], args[1]
			return runRm(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "remove a theme even when items serve it, clearing their theme")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: commit, short, message, nothing, changes, kind, id")
	return cmd
}

func runRm(d *deps, opts rmOptions) error {
	k, err := parseKindArg(opts.kind)
	if err != nil {
		return err
	}
	if opts.force && k != routines.KindTheme {
		return usagef("--force is for themes that items still serve")
	}
	t, err := d.begin("myos rm")
	if err != nil {
		return err
	}
	defer t.close()
	it, err := findItem(t.before, k, opts.id)
	if err != nil {
		return err
	}
	if k == routines.KindTheme {
		if users := themeUsers(t.before, it.ItemID()); len(users) > 0 {
			if !opts.force {
				return withHint(fmt.Errorf("theme %q is still served by %s", it.ItemID(), itemNames(users)),
					"give them another theme first (`myos set %s %s theme=OTHER`), or run `myos rm theme %s --force` to unlink them in the same commit",
					users[0].ItemKind(), users[0].ItemID(), it.ItemID())
			}
			if err := t.relinkTheme(it.ItemID(), ""); err != nil {
				return err
			}
		}
	}
	name := k.File()
	b, err := routines.RemoveItem(t.file(name), k, it.ItemID())
	if err != nil {
		return err
	}
	t.setFile(name, b)
	res, _, err := t.commit()
	if err != nil {
		return err
	}
	return d.writeResult(res, string(k), it.ItemID(), opts.json)
}
