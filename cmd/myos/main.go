// Command myos keeps a person's operating system for how they work as
// plain TOML in a git repository, and reviews it every day.
package main

import (
	"os"
	// The timezone database travels with the binary, so that an OS in
	// "Europe/Helsinki" schedules correctly on a machine without one.
	_ "time/tzdata"

	"github.com/myos-dev/myos/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Stdio()))
}
