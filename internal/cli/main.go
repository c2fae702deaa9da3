// Package cli is the myos command tree. It parses flags into options,
// calls the feature packages, and turns their values into text or JSON.
// It is the only package that writes to the terminal.
package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/internal/workfile"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1 // a failure, or findings (check)
	ExitUsage   = 2
)

// Main runs myos with args (without the program name) and returns the
// process's exit code. Every error is printed here, once, as
// "myos: ..." with an optional "hint: ..." line.
func Main(args []string, streams *IO) int {
	tuneGC()
	d := &deps{io: streams, getenv: os.Getenv, now: time.Now}
	if v := os.Getenv("MYOS_NOW"); v != "" {
		// MYOS_NOW pins the clock (RFC 3339) for scripts and tests. A
		// mistyped one is refused: the real clock would review, count and
		// date everything as another day without a word.
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			fmt.Fprintf(streams.ErrOut, "myos: MYOS_NOW=%q is not a time\nhint: give one like 2026-11-25T08:30:00+02:00 (RFC 3339), or unset MYOS_NOW for the real clock\n", v)
			return ExitUsage
		}
		d.now = func() time.Time { return t }
	}
	// Output that could not be written (a full disk, a closed stdout)
	// fails the command, as it does git's: a script must not take a
	// short file for the whole answer.
	out := &outWriter{w: streams.Out}
	streams.Out = out
	defer func() { streams.Out = out.w }()
	root := newRootCmd(d, args)
	root.SetArgs(args)
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	cmd, err := root.ExecuteC()
	if brokenPipe(out.err) && (err == nil || brokenPipe(err)) {
		return ExitOK // the reader stopped reading (myos log | head -1)
	}
	if err == nil && out.err != nil {
		err = fmt.Errorf("write standard output: %w", unwrapPath(out.err))
	}
	if err == nil {
		return ExitOK
	}
	return report(streams.ErrOut, cmd, err)
}

// brokenPipe reports whether err is a write to a pipe whose reader is
// gone: EPIPE, or on Windows, which has no EPIPE of its own, the pipe's
// "being closed" and "ended" errors.
func brokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE) || osBrokenPipe(err)
}

// outWriter keeps the first error writing to standard output; once there
// is one, it writes no more.
type outWriter struct {
	w   io.Writer
	err error
}

func (o *outWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// unwrapPath drops the "write /dev/stdout" an *os.PathError adds.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// report prints err and returns its exit code.
func report(w io.Writer, cmd *cobra.Command, err error) int {
	var silent *silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	var usage *usageError
	if errors.As(err, &usage) || isCobraUsage(err) {
		fmt.Fprintf(w, "myos: %v\n", err)
		if cmd != nil {
			use := cmd.UseLine()
			if !cmd.HasParent() {
				use = "myos COMMAND [flags]" // cobra's "myos [flags]" names no command
			}
			fmt.Fprintf(w, "usage: %s\n", use)
		}
		// A mistake with a hint of its own says it; others send to --help.
		if h := (*hintError)(nil); errors.As(err, &h) && h.hint != "" {
			fmt.Fprintf(w, "hint: %s\n", h.hint)
		} else if cmd != nil {
			fmt.Fprintf(w, "hint: run `%s --help` for examples\n", cmd.CommandPath())
		}
		return ExitUsage
	}
	err = repairHint(err)
	err = notRegularHint(err)
	err = linkHint(err)
	err = templateRecordHint(err)
	fmt.Fprintf(w, "myos: %v\n", err)
	var h *hintError
	if errors.As(err, &h) && h.hint != "" {
		fmt.Fprintf(w, "hint: %s\n", h.hint)
	}
	return ExitFailure
}

// repairHint words a refusal because of the repository's state (a
// detached HEAD, a merge in progress, ...) as the store's one line of what
// is wrong, with what to do about it on the hint line instead of after a
// colon. An error that already has a hint keeps it.
func repairHint(err error) error {
	var se *store.StateError
	var h *hintError
	if !errors.As(err, &se) || errors.As(err, &h) || len(se.Problems) == 0 {
		return err
	}
	what := se.Problems[0].Message
	if n := len(se.Problems) - 1; n > 0 {
		what += fmt.Sprintf(" (and %s)", plural(n, "more problem", "more problems"))
	}
	msg := strings.Replace(err.Error(), se.Error(), what, 1)
	return withHint(errors.New(msg), "run `myos repair --dry-run` to see how to fix it, then `myos repair`")
}

// notRegularHint gives a named pipe or a device found where a file of the
// OS should be a way out, unless the error has a hint already.
func notRegularHint(err error) error {
	var nr *workfile.NotRegularError
	var h *hintError
	if !errors.As(err, &nr) || errors.As(err, &h) {
		return err
	}
	return withHint(err, "myos reads only regular files: move it away, then `myos restore` puts the committed file back")
}

// templateRecordHint gives an error that .myos/template.toml does not
// read, a hand edit gone wrong, what to do about it, unless the error has
// a hint already.
func templateRecordHint(err error) error {
	var re *tmpl.RecordError
	var h *hintError
	if !errors.As(err, &re) || errors.As(err, &h) {
		return err
	}
	return withHint(err, "fix that line of %s by hand and `myos commit` it (`myos check` says what is wrong with it); an edit not committed yet is thrown away with `myos restore %[1]s`", tmpl.RecordFile)
}

func isCobraUsage(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "unknown command") || strings.HasPrefix(s, "unknown flag") ||
		strings.HasPrefix(s, "unknown shorthand flag") || strings.Contains(s, "flag needs an argument") ||
		strings.HasPrefix(s, "invalid argument")
}

// usageError is a mistake in how the command was called: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// hintError is a failure with a next step for the user.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

func withHint(err error, format string, args ...any) error {
	return &hintError{err: err, hint: fmt.Sprintf(format, args...)}
}

// shellArg is s as one argument of a command line a hint shows, to be
// pasted: as it is when it holds only letters, digits and the marks paths
// and URLs are made of, else in single quotes (a folder under
// "Application Support", a name with a space).
func shellArg(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./~:@%+=,#", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// silentError ends the command with a code after it has already said
// everything (check's findings, review's unanswered questions).
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode makes a silentError.
func exitCode(code int) error { return &silentError{code: code} }

// argsN checks the number of positional arguments as a usage error. names
// says what the required ones are, joined by " and " ("KIND and ID"), so
// that the message names only what is missing.
func argsN(min, max int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min {
			missing := names
			if parts := strings.Split(names, " and "); len(parts) == min {
				missing = strings.Join(parts[len(args):], " and ")
			}
			return usagef("missing %s", missing)
		}
		if max >= 0 && len(args) > max {
			return usagef("too many arguments: %s", strings.Join(args[max:], " "))
		}
		return nil
	}
}
