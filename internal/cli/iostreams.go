package cli

// This file is the only way myos reaches the terminal: data goes to Out,
// messages and progress to ErrOut, and questions are asked only when both
// In and Out are terminals.

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/fatih/color"
	"golang.org/x/term"

	"github.com/myos-dev/myos/internal/textwidth"
)

// IO is the streams a command talks through, and what they are.
type IO struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// InTTY, OutTTY and ErrTTY say whether In, Out and ErrOut are
	// terminals; color is on for a stream only when it is one and
	// noColor(getenv) is false.
	InTTY, OutTTY, ErrTTY bool
	NoColor               bool
	Width                 int

	lines *bufio.Reader
	// pending reports whether another line of input came with the one
	// just read (a paste of several lines); nil when In is no terminal,
	// where every line is an answer of its own.
	pending func() bool
	// held is the end of input (or error) met while looking for the lines
	// of a paste, kept for the next read: on a terminal, Ctrl-D right
	// after Enter is not read again.
	held error
}

// Stdio is the process's own streams.
//
// A reader that stops reading (myos review | head -1, a pager quit early)
// must not kill myos: Go ends a program with SIGPIPE on a write to a
// closed pipe on standard output or error unless SIGPIPE is ignored or
// notified, and a review or a write killed so would never commit what it
// was given. Ignored, the write fails with EPIPE instead, which Main takes
// as the reader's choice: the command finishes, and exits 0. Ignoring
// costs nothing; notifying starts two threads to receive the signals, and
// waits for them, half a millisecond of every command on a small machine.
// An ignored signal is inherited by the programs myos starts, so
// runEditor notifies it first (see defaultSIGPIPEForChildren).
func Stdio() *IO {
	signal.Ignore(syscall.SIGPIPE)
	inTTY := term.IsTerminal(int(os.Stdin.Fd()))
	outTTY := term.IsTerminal(int(os.Stdout.Fd()))
	errTTY := term.IsTerminal(int(os.Stderr.Fd()))
	width := 80
	if outTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			width = w
		}
	}
	s := &IO{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, InTTY: inTTY, OutTTY: outTTY, ErrTTY: errTTY, NoColor: noColor(os.Getenv), Width: width}
	if inTTY {
		s.pending = inputWaiting(int(os.Stdin.Fd()))
	}
	return s
}

// defaultSIGPIPEForChildren gives the programs myos starts from now on
// the default SIGPIPE, which Stdio ignores in myos: a program started
// with it ignored would go on writing to a pipe nobody reads. Notified,
// SIGPIPE has a handler, which a new program does not inherit, and myos's
// own writes to a closed pipe still fail with EPIPE.
func defaultSIGPIPEForChildren() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}

// noColor reports whether the environment asks for no colour: NO_COLOR set
// to anything but the empty string (https://no-color.org), or a terminal
// that says it understands no escape codes (TERM=dumb, as in Emacs's shell).
func noColor(getenv func(string) string) bool {
	return getenv("NO_COLOR") != "" || getenv("TERM") == "dumb"
}

// TestIO returns streams backed by buffers, as a pipe would be: no
// terminal, no colour, no prompts.
func TestIO(in string) (*IO, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IO{In: strings.NewReader(in), Out: out, ErrOut: errOut, Width: 80, NoColor: true}, out, errOut
}

// CanPrompt reports whether myos may ask the user a question.
func (s *IO) CanPrompt() bool { return s.InTTY && s.OutTTY }

// Color reports whether output may be coloured.
func (s *IO) Color() bool { return s.OutTTY && !s.NoColor }

// ColorErr reports whether messages on ErrOut may be coloured: standard
// error sent to a file (myos edit 2>log) takes no escape codes, whatever
// standard output is.
func (s *IO) ColorErr() bool { return s.ErrTTY && !s.NoColor }

// ReadLine reads one line of an answer; io.EOF when input ends.
func (s *IO) ReadLine() (string, error) {
	if err := s.held; err != nil {
		s.held = nil
		return "", err
	}
	if s.lines == nil {
		s.lines = bufio.NewReader(s.In)
	}
	line, err := s.lines.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// ReadLines reads one line of an answer and the lines that came with it,
// as a paste of several lines does on a terminal: a terminal in line mode
// hands them over one by one, and each would otherwise answer the next
// question. io.EOF when input ends before a line.
func (s *IO) ReadLines() ([]string, error) {
	line, err := s.ReadLine()
	if err != nil {
		return nil, err
	}
	lines := []string{line}
	for s.morePending() {
		next, err := s.ReadLine()
		if err != nil {
			s.held = err
			break
		}
		lines = append(lines, next)
	}
	return lines, nil
}

// ReadText reads a free-text answer. A single line is the answer, as
// typed. Several lines at once (a paste) are one answer: the lines that
// came with the first, and then those typed or pasted after them, up to
// an empty line, which says the answer is complete (the last line of a
// paste often comes without its Enter). more is told once, when the
// answer turns out to have several lines. End of input ends the answer
// too, with what was given.
func (s *IO) ReadText(more func()) (string, error) {
	lines, err := s.ReadLines()
	if err != nil {
		return "", err
	}
	if len(lines) == 1 {
		return lines[0], nil
	}
	if more != nil {
		more()
	}
	for {
		next, err := s.ReadLines()
		if err != nil || len(next) == 1 && strings.TrimSpace(next[0]) == "" {
			break
		}
		lines = append(lines, next...)
	}
	return strings.Join(lines, "\n"), nil
}

// morePending reports whether another line is waiting now, with the one
// just read.
func (s *IO) morePending() bool {
	if s.pending == nil {
		return false
	}
	return s.lines != nil && s.lines.Buffered() > 0 || s.pending()
}

// style returns a function that colours text with attrs when colour is on.
func (s *IO) style(attrs ...color.Attribute) func(string) string {
	return styleIf(s.Color(), attrs...)
}

// errStyle is style for messages on ErrOut.
func (s *IO) errStyle(attrs ...color.Attribute) func(string) string {
	return styleIf(s.ColorErr(), attrs...)
}

func styleIf(on bool, attrs ...color.Attribute) func(string) string {
	c := color.New(attrs...)
	if on {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return func(text string) string { return c.Sprint(text) }
}

// Styles used across commands.
func (s *IO) bold(t string) string  { return s.style(color.Bold)(t) }
func (s *IO) faint(t string) string { return s.style(color.Faint)(t) }
func (s *IO) red(t string) string   { return s.style(color.FgRed)(t) }
func (s *IO) green(t string) string { return s.style(color.FgGreen)(t) }
func (s *IO) yellow(t string) string {
	return s.style(color.FgYellow)(t)
}

// Styles for messages on ErrOut.
func (s *IO) errRed(t string) string    { return s.errStyle(color.FgRed)(t) }
func (s *IO) errYellow(t string) string { return s.errStyle(color.FgYellow)(t) }

// fit breaks text into lines that fit the terminal, the lines after the
// first behind indent, each styled by style: a question the width of two
// lines at 40 columns otherwise breaks in the middle of a word. Off a
// terminal text is one line, as scripts read it.
func (s *IO) fit(text, indent string, style func(string) string) string {
	lines := s.wrap(text, indent, 0)
	if lines == nil {
		return style(text)
	}
	for i := range lines {
		lines[i] = style(lines[i])
	}
	return strings.Join(lines, "\n"+indent)
}

// column is the width of a table's first column, indented two columns
// and followed by rest columns on its row: most, or on a terminal too
// narrow for that, what is left of its width, but never under 10. A
// cell wider than its column is cut short (textwidth.Pad).
func (s *IO) column(most, rest int) int {
	if !s.OutTTY || s.Width <= 0 || 2+most+rest <= s.Width {
		return most
	}
	return max(s.Width-2-rest, 10)
}

// asIs is the style of text fit leaves as it is.
func asIs(t string) string { return t }

// prompt is p, a prompt the answer is typed after ("  [y]es, [n]o: "),
// fitted to the terminal as fit fits text, its lines behind p's own
// indent: at 40 columns "Enter to leave it: " otherwise breaks in the
// middle of a word. The last line keeps a column for the cursor.
func (s *IO) prompt(p string) string {
	if textwidth.Width(p) < s.Width {
		return p
	}
	body := strings.TrimLeft(p, " ")
	indent := p[:len(p)-len(body)]
	lines := s.wrap(body, indent, 1)
	if lines == nil {
		return p
	}
	return indent + strings.Join(lines, "\n"+indent) + " "
}

// wrap breaks text into lines of the terminal's width less indent and
// keep columns; nil off a terminal, where text stays one line.
func (s *IO) wrap(text, indent string, keep int) []string {
	if !s.OutTTY || s.Width <= 0 {
		return nil
	}
	lines := textwidth.Wrap(text, max(s.Width-textwidth.Width(indent)-keep, 20))
	if len(lines) == 0 {
		return nil
	}
	return lines
}
