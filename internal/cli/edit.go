package cli

// edit hands one file to the person's editor and takes it back only when
// the whole OS is still valid with it: the real file is written once, at
// the end, or not at all.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/routines"
)

func init() { register("edit", newEditCmd) }

type editOptions struct {
	file string
}

func newEditCmd(d *deps) *cobra.Command {
	var opts editOptions
	cmd := &cobra.Command{
		Use:   "edit [FILE]",
		Short: "Edit a file of the OS in your editor, check it, and commit it",
		Long: `Open one file of the OS in $VISUAL (else $EDITOR, else vi on a terminal),
then check the whole OS with what you wrote. When it is valid and changed, the file is
saved and committed with a message that says what changed item by item.

Advice that ` + "`myos check`" + ` gives about the OS as edited and did not give
before (a block off the grid, a theme nothing serves) is told on stderr,
as add and set tell theirs.

When it is not valid, the errors are shown and, on a terminal, you choose
to edit again or abandon; elsewhere the edit is abandoned and your edited
copy is kept for you, in a file the error names. An abandoned edit leaves
the file exactly as it was. When the file changes while the editor is
open (saved by another editor, or in a commit made with git), nothing is
written either, and your edited copy is kept for you.

When the file has uncommitted hand edits (an invalid one included), the
editor starts from them, and the commit says what changed since the last
commit. Hand edits to other files block the edit, as they block every
write: commit them first, or throw them away with ` + "`myos restore`" + `.

FILE is routines.toml (the default), priorities.toml, calendar.toml,
themes.toml or os.toml, with or without .toml, or a kind: routine,
priority, block, event, theme, or os.`,
		Example: `  myos edit
  myos edit calendar
  EDITOR="code --wait" myos edit themes`,
		Args: argsN(0, 1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runEdit(d, opts)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return routines.ModelFiles(), cobra.ShellCompDirectiveNoFileComp
		},
	}
	return cmd
}

// editFile is the model file FILE names: a file name, with or without
// .toml, or a kind.
func editFile(arg string) (string, error) {
	if arg == "" {
		return routines.FileRoutines, nil
	}
	s := strings.ToLower(filepath.Base(arg))
	s = strings.TrimSuffix(s, ".toml")
	if s == "os" {
		return routines.FileOS, nil
	}
	for _, f := range routines.ModelFiles() {
		if s == strings.TrimSuffix(f, ".toml") {
			return f, nil
		}
	}
	if k, ok := routines.ParseKind(s); ok {
		return k.File(), nil
	}
	return "", usagef("unknown file %q: want %s, or a kind (%s)", arg, strings.Join(routines.ModelFiles(), ", "), kindNames())
}

func runEdit(d *deps, opts editOptions) error {
	name, err := editFile(opts.file)
	if err != nil {
		return err
	}
	// A missing OS is the bigger problem, and its hint (myos init) comes
	// first: the editor is asked for only once there is a file to edit.
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	editor, err := editorCommand(d.getenv, d.io.CanPrompt())
	if err != nil {
		return err
	}
	t, err := d.beginOn(repo, "myos edit", beginOptions{edit: name})
	if err != nil {
		return err
	}
	defer t.close()
	// The lock is held while the person edits. Ctrl-C (or the terminal
	// closing) must not end myos with it held and the copy left behind:
	// it abandons the edit, and the deferred clean-up runs.
	stopped := make(chan os.Signal, 1)
	signal.Notify(stopped, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(stopped)
	// orig is the file as committed; the editor starts from the folder's,
	// which differs from it when the person edited it by hand (or deleted
	// it: then from HEAD's).
	orig := t.orig[name]
	start, present := t.files[name]
	if !present {
		start = orig
	}
	switch {
	case t.handEdit && !present:
		fmt.Fprintf(d.io.ErrOut, "%s was deleted by hand: the editor starts from the committed file\n", name)
	case t.handEdit:
		fmt.Fprintf(d.io.ErrOut, "%s has uncommitted hand edits: the editor starts from them\n", name)
	}

	tmpDir, err := os.MkdirTemp("", "myos-edit-")
	if err != nil {
		return fmt.Errorf("edit: %w", err)
	}
	keep := false // the edited copy outlives a commit that failed
	defer func() {
		if !keep {
			os.RemoveAll(tmpDir)
		}
	}()
	// The copy keeps the file's own name, so that editors know it is TOML.
	tmp := filepath.Join(tmpDir, name)
	if err := os.WriteFile(tmp, start, 0o600); err != nil {
		return fmt.Errorf("edit: %w", err)
	}

	for {
		err := runEditor(d, editor, tmp)
		// A Ctrl-C abandons the edit when it ended the editor. An editor
		// that caught it, went on and exited cleanly saved what the
		// person meant to save: the signal myos got too is forgotten.
		signalled := interrupted(stopped)
		if errors.Is(err, errEditInterrupted) || err != nil && signalled {
			if d.io.OutTTY {
				fmt.Fprintln(d.io.ErrOut) // end the line the terminal echoed ^C on
			}
			return withHint(errEditInterrupted, "%s is as it was", name)
		}
		if err != nil {
			return withHint(err, "%s is as it was", name)
		}
		edited, err := os.ReadFile(tmp)
		if err != nil {
			return fmt.Errorf("edit: %w", err)
		}
		if t.handEdit && !present && bytes.Equal(edited, start) {
			// Deleted by hand, and nothing done in the editor: the
			// deletion stays, uncommitted, as an abandoned edit would.
			fmt.Fprintf(d.io.Out, "no change made in the editor: %s stays deleted, uncommitted\n", name)
			return nil
		}
		if bytes.Equal(edited, orig) {
			if t.handEdit {
				// Back to what HEAD has: the folder's file is put back.
				if err := t.repo.Restore([]string{name}); err != nil {
					return err
				}
				fmt.Fprintf(d.io.Out, "%s is as committed again: nothing to commit\n", name)
				return nil
			}
			d.printCommit(commitResult{Nothing: true})
			return nil
		}
		t.setFile(name, edited)
		_, lerr := routines.LoadFiles(t.files)
		if lerr == nil {
			break
		}
		printEditErrors(d, lerr)
		if !d.io.CanPrompt() {
			// Nobody was asked whether to throw the edit away: what was
			// typed is kept, as after a commit that failed.
			keep = true
			return withHint(fmt.Errorf("%s is not valid: the edit was abandoned", name), "%s is as it was, and your edit is kept in %s: to go on from it, copy it over %s in your OS and fix it there (`myos check` says what is wrong); `myos edit %s` starts again from the committed file", name, tmp, name, strings.TrimSuffix(name, ".toml"))
		}
		again, err := askEditAgain(d, stopped)
		if errors.Is(err, errEditInterrupted) {
			return withHint(err, "%s is as it was", name)
		}
		if err != nil {
			return err
		}
		if !again {
			fmt.Fprintf(d.io.ErrOut, "abandoned: %s is as it was\n", name)
			return exitCode(ExitFailure)
		}
	}
	res, after, err := t.commit()
	if err != nil {
		keep = true
		return withHint(err, "your edit is kept in %s", tmp)
	}
	// The advice the edit brought in, as add and set tell theirs; an OS
	// that was not valid before has no advice to compare with.
	if t.beforeValid {
		res = d.withAdvice(res, t.before, after)
	}
	// An id changed in the editor without formerly, as commit tells it:
	// once committed, status has nothing left to tell it by.
	res.Advice = append(res.Advice, renameAdvice(res.Changes)...)
	return d.writeResult(res, "", "", false)
}

// printEditErrors shows every problem the edited OS has.
func printEditErrors(d *deps, err error) {
	var errs routines.Errors
	if !errors.As(err, &errs) {
		fmt.Fprintf(d.io.ErrOut, "%s: %v\n", d.io.errRed("error"), err)
		return
	}
	for _, f := range errs {
		fmt.Fprintf(d.io.ErrOut, "%s: %s\n", d.io.errRed("error"), f.String())
	}
}

// errEditInterrupted is an edit stopped by Ctrl-C, in the editor or at
// the question after it.
var errEditInterrupted = errors.New("edit interrupted: nothing was committed")

// interrupted reports whether a signal has come on stopped.
func interrupted(stopped <-chan os.Signal) bool {
	select {
	case <-stopped:
		return true
	default:
		return false
	}
}

// askEditAgain asks whether to go back to the editor; end of input
// abandons, and a signal on stopped interrupts.
func askEditAgain(d *deps, stopped <-chan os.Signal) (bool, error) {
	type answer struct {
		line string
		err  error
	}
	for {
		fmt.Fprint(d.io.Out, "(e)dit again or (a)bandon? ")
		// The line is read aside, so that Ctrl-C ends the wait; the
		// reader left blocked ends with the process.
		got := make(chan answer, 1)
		go func() {
			line, err := d.io.ReadLine()
			got <- answer{line, err}
		}()
		var line string
		var err error
		select {
		case a := <-got:
			line, err = a.line, a.err
		case <-stopped:
			fmt.Fprintln(d.io.Out)
			return false, errEditInterrupted
		}
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(d.io.Out)
			return false, nil
		}
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "e", "edit", "":
			return true, nil
		case "a", "abandon", "q":
			return false, nil
		}
		fmt.Fprintln(d.io.Out, "  answer e to edit again (or Enter), or a to abandon")
	}
}

// editor is the program to run and where it came from: "VISUAL",
// "EDITOR", or "" for the vi myos falls back to.
type editor struct {
	words []string
	from  string
}

// errNoEditor is the edit refused off a terminal when no editor is set:
// vi needs a terminal for its screen.
var errNoEditor = errors.New("no editor: set $EDITOR (or $VISUAL)")

// editorCommand is the editor to run: $VISUAL, else $EDITOR, else vi, but
// vi only when terminal says that input and output are a terminal.
func editorCommand(getenv func(string) string, terminal bool) (editor, error) {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		s := strings.TrimSpace(getenv(v))
		if s == "" {
			continue
		}
		words, err := shellWords(s)
		if err != nil {
			return editor{}, fmt.Errorf("$%s: %w", v, err)
		}
		if len(words) > 0 {
			return editor{words: words, from: v}, nil
		}
	}
	if !terminal {
		return editor{}, errNoEditor
	}
	return editor{words: []string{"vi"}}, nil
}

// runEditor runs the editor on path with no shell in between. Input is
// handed over only when it is a file (the terminal): an editor must not
// swallow answers that were piped in for the questions that follow it.
// Its output goes to standard output only when that is a terminal (its
// screen); elsewhere standard output is data, and the editor's chatter
// goes to standard error.
func runEditor(d *deps, ed editor, path string) error {
	name := ed.words[0]
	args := append(ed.words[1:len(ed.words):len(ed.words)], path)
	cmd := exec.Command(name, args...)
	if f, ok := d.io.In.(*os.File); ok {
		cmd.Stdin = f
	}
	cmd.Stdout, cmd.Stderr = d.io.ErrOut, d.io.ErrOut
	if d.io.OutTTY {
		cmd.Stdout = d.io.Out
	}
	defaultSIGPIPEForChildren()
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			// Ctrl-C reaches the editor and myos together, but the
			// editor's end may be seen before myos's own signal is.
			if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGINT {
				return errEditInterrupted
			}
			return fmt.Errorf("editor %s exited with status %d", name, exit.ExitCode())
		}
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
			from := ed.from
			if from == "" {
				from = "EDITOR"
			}
			return fmt.Errorf("editor %s not found: set $%s to an editor on your PATH", name, from)
		}
		return fmt.Errorf("editor %s: %w", name, err)
	}
	return nil
}

// shellWords splits s into words as a POSIX shell would, with single and
// double quotes and backslash escapes, but nothing else: no variables, no
// globs, no commands.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	const (
		plain = iota
		single
		double
	)
	state := plain
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch state {
		case single:
			if r == '\'' {
				state = plain
			} else {
				cur.WriteRune(r)
			}
		case double:
			switch {
			case r == '"':
				state = plain
			case r == '\\' && i+1 < len(rs) && strings.ContainsRune("\"\\$`", rs[i+1]):
				i++
				cur.WriteRune(rs[i])
			default:
				cur.WriteRune(r)
			}
		default:
			switch {
			case r == ' ' || r == '\t' || r == '\n':
				if inWord {
					words = append(words, cur.String())
					cur.Reset()
					inWord = false
				}
			case r == '\'':
				state, inWord = single, true
			case r == '"':
				state, inWord = double, true
			case r == '\\':
				if i+1 < len(rs) {
					i++
					cur.WriteRune(rs[i])
				}
				inWord = true
			default:
				cur.WriteRune(r)
				inWord = true
			}
		}
	}
	if state != plain {
		return nil, fmt.Errorf("unterminated quote in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
