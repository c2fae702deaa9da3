package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/ics"
)

func init() { register("export", newExportCmd) }

func newExportCmd(d *deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export FORMAT",
		Short: "Export the OS for other programs",
		Long: `Export the OS in a format other programs read. The one format so far is
ics: the calendar, for the calendar program you already use.`,
		Example: `  myos export ics --out week.ics`,
		Args:    argsN(0, 1, "FORMAT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("name a format: ics")
			}
			err := usagef("unknown format %q: the only format is ics", args[0])
			if f := strings.ToLower(args[0]); f == "html" || f == "htm" {
				return withHint(err, "the week as a web page is `myos week --html`")
			}
			return err
		},
	}
	cmd.AddCommand(newExportICSCmd(d))
	return cmd
}

type exportICSOptions struct {
	out   string
	from  string
	weeks int
}

func newExportICSCmd(d *deps) *cobra.Command {
	var opts exportICSOptions
	cmd := &cobra.Command{
		Use:   "ics [--out FILE] [--from DATE] [--weeks N]",
		Short: "Export blocks, timed routines and events as an iCalendar file",
		Long: `Export the calendar as iCalendar (RFC 5545), for Google Calendar, Apple
Calendar, Outlook, Thunderbird and the rest:

  - every block of the weekly calendar, as an event that repeats on its days
  - every active routine with a time (at), as an event that repeats on its
    cadence; aspirations too, marked tentative; paused and retired ones
    and routines without a time are left out
  - every dated event from --from on

Times are in the OS's timezone, with its daylight-saving changes, so a
09:00 block stays at 09:00 all year. Each event's category is its theme
and its description the routine's why and the notes.

Each item keeps the same UID from one export to the next, so importing a
newer export updates the events instead of adding copies.

Series start on --from (default today) and repeat without end; --weeks N
ends them after N weeks and leaves out events after that. A routine whose
RRULE ends (COUNT or UNTIL) ends there too: the export has the days
` + "`myos week`" + ` has from --from on, whatever day the count started on.

Calendar programs give every day of a series the length of its first. So
no series starts on a night the clocks change under it (01:00-04:00 is two
hours the night they skip 02:00-03:00): that night is an event of its own,
at the real times of the plan (a time the clocks skip is the moment they
jump), and the series starts the next time round. A later such night is
taken out of the series (EXDATE) and is an event of its own too, with the
times ` + "`myos week`" + ` shows, up to the end of --weeks (without --weeks, for
the next five years).`,
		Example: `  myos export ics > week.ics
  myos export ics --out ~/week.ics
  myos export ics --from 2027-01-04 --weeks 12 --out winter.ics`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.weeks < 0 {
				return usagef("--weeks %d: want 0 (no end) or more", opts.weeks)
			}
			if fi, err := os.Stat(opts.out); opts.out != "" && opts.out != "-" && err == nil && fi.IsDir() {
				return usagef("--out %s is a folder: give a file name", opts.out)
			}
			return runExportICS(d, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write to `FILE` instead of standard output")
	cmd.Flags().StringVar(&opts.from, "from", "", "the first `DATE` of the export: YYYY-MM-DD, today, yesterday, tomorrow, +3d, -3d or +2w (default today)")
	cmd.Flags().IntVar(&opts.weeks, "weeks", 0, "end the series after `N` weeks (0: no end)")
	return cmd
}

func runExportICS(d *deps, opts exportICSOptions) error {
	o, err := d.loadOS()
	if err != nil {
		return err
	}
	from, err := d.dayFlag(o, "--from", opts.from)
	if err != nil {
		return err
	}
	eo := ics.Options{From: from, Weeks: opts.weeks, Stamp: d.now()}
	var buf bytes.Buffer
	if err := ics.Write(&buf, o, eo); err != nil {
		return err
	}
	if opts.out == "" || opts.out == "-" {
		_, err := d.io.Out.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(opts.out, buf.Bytes(), "week.ics"); err != nil {
		return err
	}
	n := len(ics.Events(o, eo))
	fmt.Fprintf(d.io.ErrOut, "wrote %s to %s\n", plural(n, "event"), opts.out)
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the
// same folder and a rename, so that a reader (or a crash) never sees half
// a file. A file that is there keeps its permissions. A symbolic link is
// written through, to the file it names, and stays a link. What is not a
// file (/dev/null, /dev/stdout, a named pipe) is written to, not replaced:
// a rename over it would put a file where the device or pipe was. The
// hints for a path that names no file in a folder that exists suggest
// example, the file name the command's own examples use.
func writeFileAtomic(path string, data []byte, example string) (err error) {
	path, err = followLinks(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		switch {
		case fi.IsDir():
			return withHint(fmt.Errorf("write %s: it is a folder", path), "name a file in it, such as %s", filepath.Join(path, example))
		case !fi.Mode().IsRegular():
			return writeInPlace(path, data)
		}
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if errors.Is(err, fs.ErrNotExist) {
		return withHint(fmt.Errorf("write %s: there is no folder %s", path, dir), "make it first, or name a file in a folder that exists, such as %s", example)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// followLinks is the path a write to path lands on: path itself, or the
// file its symbolic links name, which need not exist yet.
func followLinks(path string) (string, error) {
	for range 40 {
		target, err := os.Readlink(path)
		if err != nil {
			return path, nil // not a link (or not there): the path itself
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return path, errors.New("too many levels of symbolic links")
}

// writeInPlace writes data to path, which is not a regular file.
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
