package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/textwidth"
)

// zoneTestOS makes an OS in Europe/Berlin with a flight ahead, and
// returns its folder and how to run myos on it: in is standard input,
// tty whether both ends are a terminal, width the terminal's columns (0
// wraps nothing; TestIO's terminal has 80).
func zoneTestOS(t *testing.T) (osDir string, run func(in io.Reader, tty bool, width int, args ...string) (int, string, string)) {
	t.Helper()
	home := t.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_CACHE_HOME": filepath.Join(home, ".cache"),
		"GIT_AUTHOR_NAME": "Andy", "GIT_AUTHOR_EMAIL": "andy@example.com", "TZ": "UTC",
		"MYOS_NOW": "2026-11-26T10:00:00+01:00",
	} {
		t.Setenv(k, v)
	}
	osDir = filepath.Join(home, "os")
	run = func(in io.Reader, tty bool, width int, args ...string) (int, string, string) {
		streams, out, errOut := TestIO("")
		streams.In = in
		streams.InTTY, streams.OutTTY = tty, tty
		streams.Width = width
		code := Main(append(args, "--dir", osDir), streams)
		return code, out.String(), errOut.String()
	}
	for _, args := range [][]string{
		{"init", "--template", "minimal", "--name", "TestOS", "--owner", "Andy", "--timezone", "Europe/Berlin"},
		{"add", "event", "Flight", "--date", "2026-12-10", "--start", "10:00", "--end", "12:00"},
	} {
		if code, _, errOut := run(strings.NewReader(""), false, 0, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", args[0], code, errOut)
		}
	}
	return osDir, run
}

// TestSetZonePrompt covers set os timezone=ZONE on a terminal without
// --events: it lists the events ahead, asks whether they keep their clock
// times or move to the same moment, and does what the answer says; end
// of input or cancel changes nothing.
func TestSetZonePrompt(t *testing.T) {
	osDir, runOn := zoneTestOS(t)
	width := 200 // wide enough for each sentence on one line; see "40 columns"
	run := func(in string, tty bool, args ...string) (int, string, string) {
		return runOn(strings.NewReader(in), tty, width, args...)
	}
	calendar := filepath.Join(osDir, "calendar.toml")
	osFile := filepath.Join(osDir, "os.toml")
	before, err := os.ReadFile(calendar)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		answer    string
		wantCode  int
		wantStart string // the flight's start after; "" when nothing changed
		wantAsked int    // how many times the question was asked
	}{
		{"move", "move\n", ExitOK, "04:00", 1},
		{"m", "m\n", ExitOK, "04:00", 1},
		{"Enter keeps", "\n", ExitOK, "10:00", 1},
		{"keep", "keep\n", ExitOK, "10:00", 1},
		{"anything else asks again", "later\nmove\n", ExitOK, "04:00", 2},
		{"cancel", "cancel\n", ExitFailure, "", 1},
		{"end of input", "", ExitFailure, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(tt.answer, true, "set", "os", "timezone=America/New_York")
			if code != tt.wantCode {
				t.Fatalf("exit: got %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			for _, want := range []string{
				"1 event ahead has clock times in Europe/Berlin; at the same moment in America/New_York:",
				"  flight  2026-12-10 10:00–12:00 → 2026-12-10 04:00–06:00",
				"Keep its clock times (now America/New_York time), or move it to the same moment?",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout: got\n%s\nwant %q", out, want)
				}
			}
			if n := strings.Count(out, "[keep/move/cancel] (keep)"); n != tt.wantAsked {
				t.Errorf("asked %d times, want %d:\n%s", n, tt.wantAsked, out)
			}
			// Asked again in silence, a wrong answer reads as unseen.
			if n := strings.Count(out, "answer keep (or Enter), move or cancel"); n != tt.wantAsked-1 {
				t.Errorf("told what it takes %d times, want %d:\n%s", n, tt.wantAsked-1, out)
			}
			cal, _ := os.ReadFile(calendar)
			osToml, _ := os.ReadFile(osFile)
			if tt.wantStart == "" {
				if string(cal) != string(before) || !strings.Contains(string(osToml), `timezone = "Europe/Berlin"`) {
					t.Errorf("got a change, want none:\n%s\n%s", osToml, cal)
				}
				if !strings.Contains(errOut, "set abandoned: nothing was changed") {
					t.Errorf("stderr: got %q, want the set abandoned", errOut)
				}
				return
			}
			if !strings.Contains(string(cal), `start = "`+tt.wantStart+`"`) || !strings.Contains(string(osToml), `timezone = "America/New_York"`) {
				t.Errorf("got\n%s\n%s\nwant the flight at %s in America/New_York", osToml, cal, tt.wantStart)
			}
			if strings.Contains(errOut, "hint:") {
				t.Errorf("stderr: got %q, want no hint after an answer", errOut)
			}
			if code, _, errOut := run("", false, "undo"); code != 0 {
				t.Fatalf("undo: exit %d: %s", code, errOut)
			}
		})
	}

	// On a narrow terminal the heading, the question and the word a
	// wrong answer gets break between words, not in the middle of one;
	// only the table's rows stay whole.
	t.Run("40 columns", func(t *testing.T) {
		width = 40
		defer func() { width = 200 }()
		code, out, errOut := run("later\n\n", true, "set", "os", "timezone=America/New_York")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		// A terminal shows the Enter that ends each answer.
		out = strings.ReplaceAll(out, "(keep) ", "(keep) \n")
		for _, line := range strings.Split(out, "\n") {
			if w := textwidth.Width(line); w > 40 && !strings.HasPrefix(line, "  flight") && !strings.Contains(line, "os: set timezone") {
				t.Errorf("line of %d columns at 40: %q", w, line)
			}
		}
		for _, want := range []string{"Europe/Berlin; at the same moment in\nAmerica/New_York:\n", "\nthe same moment? [keep/move/cancel]\n(keep) \n  answer keep (or Enter), move or cancel\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("want %q in:\n%s", want, out)
			}
		}
		if code, _, errOut := run("", false, "undo"); code != 0 {
			t.Fatalf("undo: exit %d: %s", code, errOut)
		}
	})
}

// TestSetZoneInvalidAsksNothing guards against a timezone the OS does
// not take being treated as UTC until the commit refused it: the events
// ahead were listed at the "same moment" in it, and on a terminal the
// person was asked whether to move them, before hearing that the zone
// was not one.
func TestSetZoneInvalidAsksNothing(t *testing.T) {
	_, runOn := zoneTestOS(t)
	run := func(in string, tty bool, args ...string) (int, string, string) {
		return runOn(strings.NewReader(in), tty, 80, args...)
	}
	for _, tt := range []struct {
		name string
		tty  bool
		args []string
	}{
		{"terminal", true, nil},
		{"not a terminal", false, nil},
		{"--events move", false, []string{"--events", "move"}},
		{"--dry-run", false, []string{"--dry-run"}},
	} {
		for _, zone := range []string{"Bogus/Zone", "europe/berlin"} {
			t.Run(tt.name+" "+zone, func(t *testing.T) {
				code, out, errOut := run("move\n", tt.tty, append([]string{"set", "os", "timezone=" + zone}, tt.args...)...)
				if code != ExitFailure {
					t.Errorf("exit: got %d, want %d", code, ExitFailure)
				}
				if strings.Contains(out+errOut, "flight") || strings.Contains(out, "[keep/move/cancel]") {
					t.Errorf("got the events listed or a question:\nstdout %q\nstderr %q\nwant only the timezone refused", out, errOut)
				}
				if want := `timezone "` + zone + `": want an IANA name`; !strings.Contains(errOut, want) {
					t.Errorf("stderr: got %q, want %q", errOut, want)
				}
			})
		}
	}
}

// TestSetZoneAsksWithoutTheLock guards the question about the events
// ahead against holding the repository's lock while it waits: another
// write failed with "repository is locked" for as long as the question
// stayed open, and Ctrl-C at it left the lock file behind. An event
// added while the person answers makes the answer one for other events:
// the change is refused, with nothing changed.
func TestSetZoneAsksWithoutTheLock(t *testing.T) {
	osDir, runOn := zoneTestOS(t)
	run := func(in io.Reader, tty bool, args ...string) (int, string, string) {
		return runOn(in, tty, 80, args...)
	}
	// While the question waits, another command writes.
	answering := func(answer string, write []string) io.Reader {
		done := false
		return readerFunc(func(p []byte) (int, error) {
			if done {
				return 0, io.EOF
			}
			done = true
			if _, err := os.Stat(filepath.Join(osDir, ".git", store.LockFile)); err == nil {
				t.Error("the lock is held while the question waits for an answer")
			}
			if write != nil {
				if code, _, errOut := run(strings.NewReader(""), false, write...); code != 0 {
					t.Errorf("%s while the question waits: exit %d: %s", strings.Join(write, " "), code, errOut)
				}
			}
			return copy(p, answer), nil
		})
	}

	code, _, errOut := run(answering("move\n", []string{"add", "event", "Call", "--date", "2026-12-11", "--start", "16:00"}), true, "set", "os", "timezone=America/New_York")
	if code != ExitFailure || !strings.Contains(errOut, "the events ahead changed while you answered: nothing was changed") {
		t.Errorf("an event added meanwhile: got exit %d, stderr %q; want the change refused", code, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(osDir, "os.toml")); !strings.Contains(string(b), `timezone = "Europe/Berlin"`) {
		t.Errorf("after the refusal: got os.toml\n%s\nwant Europe/Berlin", b)
	}

	code, out, errOut := run(answering("move\n", nil), true, "set", "os", "timezone=America/New_York")
	if code != ExitOK || !strings.Contains(out, "2 events moved with it") {
		t.Errorf("got exit %d, stdout %q, stderr %q; want both events moved", code, out, errOut)
	}
	if strings.Count(out, "[keep/move/cancel]") != 1 {
		t.Errorf("want the question asked once:\n%s", out)
	}
}
