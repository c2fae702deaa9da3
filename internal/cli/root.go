package cli

import (
	"time"

	"github.com/spf13/cobra"
)

// deps is what every command gets: streams, environment and clock, so
// that tests can run commands in-process with their own.
type deps struct {
	io     *IO
	getenv func(string) string
	now    func() time.Time

	dir string // --dir
}

// constructors holds the commands; each command's file registers its
// constructor in init, so that commands live one to a file.
var constructors []func(*deps) *cobra.Command

func register(c func(*deps) *cobra.Command) { constructors = append(constructors, c) }

func newRootCmd(d *deps) *cobra.Command {
	root := &cobra.Command{
		Use:   "myos",
		Short: "Keep the way you work as plain TOML in git, and review it every day",
		Long: `myos keeps your operating system for how you work — routines, priorities,
calendar blocks and focus themes — as plain TOML files in a git repository,
and reviews it with you every day.

The OS lives in $XDG_DATA_HOME/myos (usually ~/.local/share/myos); use
--dir or MYOS_DIR to keep it elsewhere. Every change is a commit whose
message says what changed, item by item.`,
		Example: `  myos init --template calendar --name "AndyOS"
  myos today
  myos add routine "Go to sleep on time" --cadence daily --at 22:30 --why "Rest is earned"
  myos review
  myos log`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       version(),
	}
	root.SetVersionTemplate("myos {{.Version}}\n")
	root.PersistentFlags().StringVar(&d.dir, "dir", "", "the OS folder (default $MYOS_DIR, else $XDG_DATA_HOME/myos)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usagef("%v", err) })
	root.CompletionOptions.HiddenDefaultCmd = true
	for _, c := range constructors {
		root.AddCommand(c(d))
	}
	return root
}
