package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// failWriter fails every write with err, as a full disk or a closed pipe
// does.
type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: f.err}
}

// TestStdoutWriteFails guards against commands that exited 0 when their
// output could not be written (myos log > /dev/full): a script would take
// the short output for the answer. A reader that stopped reading (a
// closed pipe) is not an error.
func TestStdoutWriteFails(t *testing.T) {
	home := scriptEnv(t)
	osDir := filepath.Join(home, "os")
	streams, _, errOut := TestIO("")
	if code := Main([]string{"init", "--template", "minimal", "--name", "TestOS", "--owner", "Andy", "--dir", osDir}, streams); code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	for _, args := range [][]string{{"log"}, {"status"}, {"check"}, {"today"}, {"log", "--json"}, {"log", "--help"}} {
		for _, tt := range []struct {
			err      error
			wantCode int
			wantErr  string
		}{
			{syscall.ENOSPC, ExitFailure, "no space left on device\n"},
			{syscall.EPIPE, ExitOK, ""},
		} {
			streams, _, errOut := TestIO("")
			streams.Out = failWriter{tt.err}
			code := Main(append(args, "--dir", osDir), streams)
			name := strings.Join(args, " ")
			if code != tt.wantCode {
				t.Errorf("myos %s (%v): exit %d, want %d (stderr %q)", name, tt.err, code, tt.wantCode, errOut)
			}
			if got := errOut.String(); tt.wantErr == "" && got != "" ||
				!strings.HasPrefix(got, "myos: write ") || !strings.HasSuffix(got, tt.wantErr) || strings.Count(got, "\n") != 1 {
				if !(tt.wantErr == "" && got == "") {
					t.Errorf("myos %s (%v): stderr %q, want one line ending %q", name, tt.err, got, tt.wantErr)
				}
			}
			if _, ok := streams.Out.(failWriter); !ok {
				t.Errorf("myos %s: streams.Out not given back", name)
			}
		}
	}
}
