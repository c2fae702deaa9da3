package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestAnswersFromTerminal guards --answers - typed at a terminal: it says
// it is reading and how to end, rather than wait in silence; piped in, it
// says nothing.
func TestAnswersFromTerminal(t *testing.T) {
	for _, tty := range []bool{true, false} {
		var errOut bytes.Buffer
		s := &IO{In: strings.NewReader("[answers]\nsleep = \"yes\"\n"), ErrOut: &errOut, InTTY: tty}
		g, err := parseGiven(reviewOptions{file: "-"}, s)
		if err != nil || g.answers["sleep"] != "yes" {
			t.Fatalf("tty %v: got %v, %v", tty, g.answers, err)
		}
		if told := strings.Contains(errOut.String(), "end with Ctrl-D"); told != tty {
			t.Errorf("tty %v: got %q on stderr", tty, errOut.String())
		}
	}
}
