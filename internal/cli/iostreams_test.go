package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoColor guards when colour is turned off: NO_COLOR set to an empty
// string does not turn it off (https://no-color.org), and TERM=dumb does.
func TestNoColor(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"TERM": "xterm-256color"}, false},
		{map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, true},
		{map[string]string{"TERM": "xterm-256color", "NO_COLOR": ""}, false},
		{map[string]string{"TERM": "dumb"}, true},
		{map[string]string{}, false},
	}
	for _, tt := range tests {
		if got := noColor(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("noColor(%v): got %v, want %v", tt.env, got, tt.want)
		}
	}
}

// TestNoColorOnRedirectedStderr guards against escape codes in standard
// error sent to a file while standard output is a terminal (myos add
// 2>log): the advice took its colour from standard output.
func TestNoColorOnRedirectedStderr(t *testing.T) {
	for _, errTTY := range []bool{false, true} {
		d, _ := editTestOS(t, "", "true")
		d.io.NoColor, d.io.ErrTTY = false, errTTY
		errOut := d.io.ErrOut.(*bytes.Buffer)
		errOut.Reset()
		if err := runAdd(d, addOptions{kind: "priority", title: "Answer old email", values: map[string]string{}}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(errOut.String(), "\x1b["); got != errTTY {
			t.Errorf("stderr a terminal %v: got colour %v, want %v:\n%q", errTTY, got, errTTY, errOut.String())
		}
		if !strings.Contains(errOut.String(), "advice") {
			t.Errorf("no advice on stderr: %q", errOut.String())
		}
	}
}

// TestNoColorOnRedirectedStderrCommit guards the same for the errors of
// a commit refused (myos commit 2>log): they took their colour from
// standard output.
func TestNoColorOnRedirectedStderrCommit(t *testing.T) {
	for _, errTTY := range []bool{false, true} {
		d, dir := editTestOS(t, "", "true")
		d.io.NoColor, d.io.ErrTTY = false, errTTY
		if err := os.WriteFile(filepath.Join(dir, "routines.toml"), []byte("[[routine]]\nid = \"x\"\ncadance = \"daily\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		errOut := d.io.ErrOut.(*bytes.Buffer)
		errOut.Reset()
		if err := runCommit(d, commitOptions{}); err == nil {
			t.Fatal("commit of an invalid OS: got no error")
		}
		if got := strings.Contains(errOut.String(), "\x1b["); got != errTTY {
			t.Errorf("stderr a terminal %v: got colour %v, want %v:\n%q", errTTY, got, errTTY, errOut.String())
		}
		if !strings.Contains(errOut.String(), "cadance") {
			t.Errorf("no error on stderr: %q", errOut.String())
		}
	}
}

// ttyReader hands over its chunks one Read at a time, as a terminal does;
// an empty chunk is an end of input (Ctrl-D) that, on a terminal, does
// not stay: the next Read waits for more.
type ttyReader struct{ chunks []string }

func (r *ttyReader) Read(p []byte) (int, error) {
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	c := r.chunks[0]
	r.chunks = r.chunks[1:]
	if c == "" {
		return 0, io.EOF
	}
	return copy(p, c), nil
}

// TestReadLinesKeepsEndOfInput guards against Ctrl-D typed right after
// an answer's Enter being lost while ReadLines looks for a paste's next
// line: the question after it waited for input instead of ending.
func TestReadLinesKeepsEndOfInput(t *testing.T) {
	s := &IO{In: &ttyReader{chunks: []string{"y\n", "", "n\n"}}, pending: func() bool { return true }}
	lines, err := s.ReadLines()
	if err != nil || len(lines) != 1 || lines[0] != "y" {
		t.Fatalf("got %q, %v; want [y], nil", lines, err)
	}
	if line, err := s.ReadLine(); err != io.EOF {
		t.Errorf("next read: got %q, %v; want the end of input", line, err)
	}
}
