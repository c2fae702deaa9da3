package cli

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// deps is what every command gets: streams, environment and clock, so
// that tests can run commands in-process with their own.
type deps struct {
	io     *IO
	getenv func(string) string
	now    func() time.Time

	dir string // --dir
}

// commands holds the commands; each command's file registers its name and
// constructor in init, so that commands live one to a file.
var commands []command

// command is one registered command: its name, as the first word of its
// Use line, and how to build it.
type command struct {
	name string
	new  func(*deps) *cobra.Command
}

func register(name string, c func(*deps) *cobra.Command) {
	commands = append(commands, command{name, c})
}

// newRootCmd builds the root command for args. When args name a command,
// only that one is built: a run of one command does not pay for the
// flags of the other 26. Anything else (no command, help, the shell's
// completion calls to __complete, a misspelt name that cobra suggests a
// fix for) gets them all.
func newRootCmd(d *deps, args []string) *cobra.Command {
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
	root.PersistentFlags().StringVar(&d.dir, "dir", "", "the `DIR` that holds the OS (default $MYOS_DIR, else $XDG_DATA_HOME/myos)")
	root.SetFlagErrorFunc(flagError)
	// Known before cobra looks for the command, so that in `myos --help
	// --dir D` it is not taken for a flag that eats --dir as its value.
	root.InitDefaultHelpFlag()
	root.CompletionOptions.HiddenDefaultCmd = true
	name := commandName(args)
	only := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	for i, c := range commands {
		if only < 0 || i == only {
			root.AddCommand(c.new(d))
		}
	}
	return root
}

// flagError words a flag that could not be parsed as the other usage
// errors are worded, `--days abc: want a whole number`, rather than as
// pflag does, with Go's strconv error in it.
func flagError(_ *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if !errors.As(err, &bad) {
		return usagef("%v", err)
	}
	f := bad.GetFlag()
	name := "--" + f.Name
	if f.Shorthand != "" {
		name = "-" + f.Shorthand
	}
	want := "a " + f.Value.Type()
	switch f.Value.Type() {
	case "int", "int64", "uint", "uint64":
		want = "a whole number"
	case "bool":
		want = "true or false"
	}
	value := bad.GetValue()
	if value == "" || strings.ContainsAny(value, " \t\"") {
		value = strconv.Quote(value)
	}
	return usagef("%s %s: want %s", name, value, want)
}

// commandName is the first argument that is not a root flag or its value:
// the command cobra will run, if there is one by that name.
func commandName(args []string) string {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--":
			return ""
		case a == "--dir":
			i++ // its value follows
		case strings.HasPrefix(a, "-"):
		default:
			return a
		}
	}
	return ""
}
