package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func init() { register("version", newVersionCmd) }

// version is the module version the binary was built from, with the VCS
// revision when built from a checkout.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	return v
}

func newVersionCmd(d *deps) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version of myos",
		Args:    argsN(0, 0, ""),
		Example: "  myos version",
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(d.io.Out, "myos %s\n", version())
			return err
		},
	}
}
