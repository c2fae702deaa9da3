package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/routines"
)

func init() { register("completion", newCompletionCmd) }

func newCompletionCmd(d *deps) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script",
		Long: `Print a completion script for your shell. Load it in the current shell, or
install it where your shell looks for completions. It completes commands,
flags, kinds, and the ids of your items: ` + "`myos set routine <TAB>`" + ` lists your
routines, and ` + "`myos set routine sleep <TAB>`" + ` its fields.`,
		Example: `  source <(myos completion bash)
  myos completion zsh > "${fpath[1]}/_myos"
  myos completion fish > ~/.config/fish/completions/myos.fish`,
		Args:      argsN(1, 1, "the shell: bash, zsh or fish"),
		ValidArgs: []string{"bash", "zsh", "fish"},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(d.io.Out, true)
			case "zsh":
				return root.GenZshCompletion(d.io.Out)
			case "fish":
				return root.GenFishCompletion(d.io.Out, true)
			}
			return usagef("unknown shell %q: use bash, zsh or fish", args[0])
		},
	}
}

// completeItem completes the KIND ID arguments of the commands about one
// item (set, rm, history, defer): KIND from kinds, then the ids of that
// kind in the OS, then, when fields is true, the item's FIELD= keys (for
// set; "set os" goes straight to the keys of os.toml). A completion
// never fails aloud: when the OS does not load, it offers nothing.
func completeItem(d *deps, kinds []string, fields bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		const none = cobra.ShellCompDirectiveNoFileComp
		if len(args) == 0 {
			return kinds, none
		}
		if fields && strings.EqualFold(args[0], "os") { // as set takes it
			return withEquals(routines.SettingsFieldNames()), none | cobra.ShellCompDirectiveNoSpace
		}
		if fields && strings.EqualFold(args[0], "template") {
			return withEquals(tmpl.MetaKeys), none | cobra.ShellCompDirectiveNoSpace
		}
		k, ok := routines.ParseKind(strings.ToLower(args[0]))
		if !ok || !slices.Contains(kinds, string(k)) {
			return nil, none
		}
		if len(args) == 1 {
			o, _ := d.loadFolder(d.osDir())
			if o == nil {
				return nil, none
			}
			return ids(o, k), none
		}
		if fields {
			return withEquals(routines.FieldNames(k)), none | cobra.ShellCompDirectiveNoSpace
		}
		return nil, none
	}
}

// completeIDs completes a flag that takes the id of an item of kind k
// (stats --routine, add --theme).
func completeIDs(d *deps, k routines.Kind) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		o, _ := d.loadFolder(d.osDir())
		if o == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return ids(o, k), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeKind completes the KIND of add; its TITLE is the user's own.
func completeKind(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return itemKinds(), cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// itemKinds are the KIND words of add, rm and history.
func itemKinds() []string {
	var out []string
	for _, k := range routines.Kinds() {
		out = append(out, string(k))
	}
	return out
}

func withEquals(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "="
	}
	return out
}
