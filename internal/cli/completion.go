package cli

import (
	"github.com/spf13/cobra"
)

func init() { register("completion", newCompletionCmd) }

func newCompletionCmd(d *deps) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script",
		Long: `Print a completion script for your shell. Load it in the current shell, or
install it where your shell looks for completions.`,
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
