package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/routines"
)

func TestShellWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"vi", []string{"vi"}},
		{"  code --wait  ", []string{"code", "--wait"}},
		{`emacsclient -a '' -t`, []string{"emacsclient", "-a", "", "-t"}},
		{`"/Applications/My Editor.app/bin/edit" -w`, []string{"/Applications/My Editor.app/bin/edit", "-w"}},
		{`my\ editor --flag="a b"`, []string{"my editor", "--flag=a b"}},
		{`sed -i 's/a b/c/'`, []string{"sed", "-i", "s/a b/c/"}},
		{`say "a \"quoted\" word" $HOME`, []string{"say", `a "quoted" word`, "$HOME"}},
		{`'it''s'`, []string{"its"}},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := shellWords(tt.in)
		if err != nil {
			t.Errorf("shellWords(%q): %v", tt.in, err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("shellWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{`vi 'open`, `code "--wait`} {
		if got, err := shellWords(bad); err == nil {
			t.Errorf("shellWords(%q) = %q, want an error for the open quote", bad, got)
		}
	}
}

func TestEditorCommand(t *testing.T) {
	tests := []struct {
		env      map[string]string
		terminal bool
		want     []string // nil: errNoEditor
		from     string
	}{
		{map[string]string{}, true, []string{"vi"}, ""},
		// Regression: off a terminal vi would draw its screen into the
		// data output and wait for keys that never come.
		{map[string]string{}, false, nil, ""},
		{map[string]string{"EDITOR": " "}, false, nil, ""},
		{map[string]string{"EDITOR": "nano"}, false, []string{"nano"}, "EDITOR"},
		{map[string]string{"EDITOR": "nano", "VISUAL": "code --wait"}, true, []string{"code", "--wait"}, "VISUAL"},
		{map[string]string{"EDITOR": "nano", "VISUAL": "  "}, true, []string{"nano"}, "EDITOR"},
	}
	for _, tt := range tests {
		got, err := editorCommand(func(k string) string { return tt.env[k] }, tt.terminal)
		if tt.want == nil {
			if !errors.Is(err, errNoEditor) {
				t.Errorf("editorCommand(%v, terminal %v) = %q, %v; want errNoEditor", tt.env, tt.terminal, got.words, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got.words, tt.want) || got.from != tt.from {
			t.Errorf("editorCommand(%v, terminal %v) = %q from %q, %v; want %q from %q", tt.env, tt.terminal, got.words, got.from, err, tt.want, tt.from)
		}
	}
}

func TestParseDays(t *testing.T) {
	tests := []struct {
		in   string
		want string // joined with commas; "error" for an error
	}{
		{"weekdays", "mon,tue,wed,thu,fri"},
		{"weekends", "sat,sun"},
		{"Weekday", "mon,tue,wed,thu,fri"},
		{"every weekday", "mon,tue,wed,thu,fri"},
		{"weekend", "sat,sun"},
		{"daily", "mon,tue,wed,thu,fri,sat,sun"},
		{"mon,wed,fri", "mon,wed,fri"},
		{"fri, mon", "mon,fri"},
		{"Monday Tuesday", "mon,tue"},
		{"mon-wed,fri", "mon,tue,wed,fri"},
		{"mon–fri", "mon,tue,wed,thu,fri"},
		{"mon,mon", "mon"},
		{"fri-mon", "error"},
		{"mon,fry", "error"},
		{"mondays", "error"},
		{"mo", "error"},
		{"", "error"},
		{" , ", "error"},
	}
	for _, tt := range tests {
		days, err := parseDays(tt.in)
		got := strings.Join(days, ",")
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("parseDays(%q) = %q (err %v), want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestDateArg(t *testing.T) {
	today := routines.Date{Year: 2026, Month: time.November, Day: 25}
	tests := []struct {
		in, want string // want "error" for an error
	}{
		{"2026-12-03", "2026-12-03"},
		{"today", "2026-11-25"},
		{"tomorrow", "2026-11-26"},
		{"yesterday", "2026-11-24"},
		{"+3d", "2026-11-28"},
		{"+2w", "2026-12-09"},
		{"+0d", "2026-11-25"},
		{"+d", "error"},
		{"+3m", "error"},
		{"-3d", "2026-11-22"},
		{"-2w", "2026-11-11"},
		{"-0d", "2026-11-25"},
		{"--3d", "error"},
		{"+-3d", "error"},
		{"-3", "error"},
		{"-3661d", "2016-11-16"},
		{"+99999999999999999999d", "error"},
		{"-100001d", "error"},
		{"+14286w", "error"},
		{"someday", "error"},
		{"2026-02-30", "error"},
	}
	for _, tt := range tests {
		d, err := dateArg(today, "--until", tt.in)
		got := d.String()
		if err != nil {
			got = "error"
			var u *usageError
			if !errors.As(err, &u) {
				t.Errorf("dateArg(%q): error %v is not a usage error", tt.in, err)
			}
		}
		if got != tt.want {
			t.Errorf("dateArg(%q) = %s (err %v), want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestEditFile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", routines.FileRoutines},
		{"routines.toml", routines.FileRoutines},
		{"calendar", routines.FileCalendar},
		{"block", routines.FileCalendar},
		{"events", routines.FileCalendar},
		{"os", routines.FileOS},
		{"os.toml", routines.FileOS},
		{"Themes", routines.FileThemes},
		{"priority", routines.FilePriorities},
		{"notes", "error"},
		{"template.toml", "error"},
	}
	for _, tt := range tests {
		got, err := editFile(tt.in)
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("editFile(%q) = %q (err %v), want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseKindArg(t *testing.T) {
	tests := []struct{ in, want, errPart string }{
		{"routine", "routine", ""},
		{"priorities", "priority", ""},
		{"Blocks", "block", ""},
		{"rutine", "", `did you mean "routine"`},
		{"task", "", "want one of theme, routine, priority, block, event: "},
	}
	for _, tt := range tests {
		k, err := parseKindArg(tt.in)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error()+": ", tt.errPart) {
				t.Errorf("parseKindArg(%q) error = %v, want one that says %q", tt.in, err, tt.errPart)
			}
			continue
		}
		if err != nil || string(k) != tt.want {
			t.Errorf("parseKindArg(%q) = %q, %v; want %q", tt.in, k, err, tt.want)
		}
	}
}

// TestParseKindArgAlso guards set's list of kinds: it takes os as well,
// and an unknown kind left it out.
func TestParseKindArgAlso(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"foo", `unknown kind "foo": want one of theme, routine, priority, block, event, os`},
		{"oss", `(did you mean "os"?)`},
	} {
		_, err := parseKindArg(tc.in, "os")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseKindArg(%q, \"os\"): got %v, want an error with %q", tc.in, err, tc.want)
		}
	}
}

// editTestOS makes an OS from the minimal template in a fresh folder and
// returns deps for it whose streams look like a terminal, with answers
// read from in and the editor set to editor.
func editTestOS(t *testing.T, in, editor string) (*deps, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "os")
	env := map[string]string{
		"HOME":             t.TempDir(),
		"GIT_AUTHOR_NAME":  "Andy",
		"GIT_AUTHOR_EMAIL": "andy@example.com",
		"EDITOR":           editor,
	}
	streams, _, _ := TestIO(in)
	streams.InTTY, streams.OutTTY = true, true
	now := time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC)
	d := &deps{io: streams, getenv: func(k string) string { return env[k] }, now: func() time.Time { return now }, dir: dir}
	if err := runInit(d, initOptions{template: "minimal", name: "TestOS", owner: "Andy", timezone: "UTC"}); err != nil {
		t.Fatalf("init: %v", err)
	}
	return d, dir
}

// TestEditPrompt covers the loop a person goes through on a terminal: an
// edit that breaks the OS, the question, and a second edit or giving up.
func TestEditPrompt(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh to play the editor")
	}
	// The editor breaks the cadence the first time and fixes it (and
	// moves the time) the second time: it is run on the same copy.
	script := filepath.Join(t.TempDir(), "editor.sh")
	body := `count="$1"; file="$2"
n=$(cat "$count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$count"
if [ $n -eq 1 ]; then
  sed 's/^cadence = "daily"/cadance = "daily"/' "$file" > "$file.new"
else
  sed 's/^cadance = "daily"/cadence = "daily"/; s/22:30/22:00/' "$file" > "$file.new"
fi
mv "$file.new" "$file"
`
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		answers   string
		wantErr   bool
		wantAt    string
		wantRuns  string
		wantOut   string
		wantInErr string
	}{
		{"edit again", "e\n", false, `at = "22:00"`, "2", "routines: move \"sleep\" 22:30→22:00", `unknown key "cadance"`},
		{"abandon", "a\n", true, `at = "22:30"`, "1", "(e)dit again or (a)bandon? ", "abandoned: routines.toml is as it was"},
		{"end of input", "", true, `at = "22:30"`, "1", "(e)dit again or (a)bandon? ", `unknown key "cadance"`},
		{"unclear answer, then abandon", "x\na\n", true, `at = "22:30"`, "1", "(e)dit again or (a)bandon?   answer e to edit again (or Enter), or a to abandon\n(e)dit again or (a)bandon? ", "abandoned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			count := filepath.Join(t.TempDir(), "count")
			d, dir := editTestOS(t, tt.answers, "sh "+script+" "+count)
			before, err := os.ReadFile(filepath.Join(dir, routines.FileRoutines))
			if err != nil {
				t.Fatal(err)
			}
			out, errOut := d.io.Out.(interface{ String() string }), d.io.ErrOut.(interface{ String() string })
			err = runEdit(d, editOptions{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("runEdit: got error %v, want error %v", err, tt.wantErr)
			}
			after, _ := os.ReadFile(filepath.Join(dir, routines.FileRoutines))
			if !strings.Contains(string(after), tt.wantAt) {
				t.Errorf("routines.toml: got no %s in\n%s", tt.wantAt, after)
			}
			if tt.wantErr && string(after) != string(before) {
				t.Errorf("routines.toml changed by an abandoned edit:\n%s", after)
			}
			runs, _ := os.ReadFile(count)
			if got := strings.TrimSpace(string(runs)); got != tt.wantRuns {
				t.Errorf("editor ran %s times, want %s", got, tt.wantRuns)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout: got %q, want it to hold %q", out.String(), tt.wantOut)
			}
			if !strings.Contains(errOut.String(), tt.wantInErr) {
				t.Errorf("stderr: got %q, want it to hold %q", errOut.String(), tt.wantInErr)
			}
		})
	}
}

// TestNewAdvice: the advice a write brought in or changed is told apart
// from what was there by code, item and words, not by line: a block added
// above another moves that one's advice down the file, and a rename
// changes the id the advice names, and neither is new; a block moved over
// one more block is.
func TestNewAdvice(t *testing.T) {
	const settings = "name = \"T\"\ntimezone = \"Europe/Helsinki\"\n[calendar]\ngrid = \"15m\"\n"
	block := func(id, days, start, end string) string {
		return "[[block]]\nid = \"" + id + "\"\ntitle = \"" + id + "\"\ndays = [" + days + "]\nstart = \"" + start + "\"\nend = \"" + end + "\"\nkind = \"break\"\n\n"
	}
	const priorities = "[[priority]]\nid = \"gym\"\ntitle = \"Gym\"\nstatus = \"next\"\n" // tied to no theme
	gym := block("gym", `"mon"`, "17:05", "18:00")                                        // off the grid
	read := block("read", `"mon"`, "17:30", "18:00")                                      // over the gym
	tests := []struct {
		name          string
		before, after string
		renamed       map[string]string // old id to new, of blocks
		want          []string          // code/id
	}{
		{"nothing new", gym + read, gym + read, nil, nil},
		{"a block over another", gym, gym + read, nil, []string{"block-overlap/read"}},
		{"lines move", gym + read, block("walk", `"tue"`, "08:00", "09:00") + gym + read, nil, nil},
		{"off the grid", read, strings.Replace(read, "17:30", "17:35", 1), nil, []string{"off-grid/read"}},
		{"a rename", gym + read, strings.ReplaceAll(gym, `"gym"`, `"workout"`) + read, map[string]string{"gym": "workout"}, nil},
		// A priority of the block's old id, tied to no theme, is left as
		// it was.
		{"a rename beside a priority of that id", gym, strings.ReplaceAll(gym, `"gym"`, `"workout"`), map[string]string{"gym": "workout"}, nil},
		{"advice gone", gym + read, read, nil, nil},
		{"over one more block", block("tea", `"mon"`, "17:00", "17:15") + gym + read,
			block("tea", `"mon"`, "17:00", "17:45") + gym + read, nil, []string{"block-overlap/gym", "block-overlap/read"}},
	}
	load := func(cal string) *routines.OS {
		t.Helper()
		o, err := routines.LoadFiles(map[string][]byte{routines.FileOS: []byte(settings), routines.FileCalendar: []byte(cal), routines.FilePriorities: []byte(priorities)})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var changes []semdiff.Change
			for from, to := range tt.renamed {
				changes = append(changes, semdiff.Change{Kind: routines.KindBlock, ID: to, OldID: from, Op: semdiff.OpChange})
			}
			var got []string
			for _, f := range newAdvice(load(tt.before), load(tt.after), routines.Date{}, changes) {
				got = append(got, f.Code+"/"+f.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestNewAdviceThemeRename: advice about a priority names its theme; a
// renamed theme is the same theme there too, and nothing is new.
func TestNewAdviceThemeRename(t *testing.T) {
	const settings = "name = \"T\"\ntimezone = \"Europe/Helsinki\"\n"
	load := func(theme string) *routines.OS {
		t.Helper()
		o, err := routines.LoadFiles(map[string][]byte{
			routines.FileOS:         []byte(settings),
			routines.FileThemes:     []byte("[[theme]]\nid = \"" + theme + "\"\ntitle = \"Writing\"\nstatus = \"paused\"\n"),
			routines.FilePriorities: []byte("[[priority]]\nid = \"draft\"\ntitle = \"Draft\"\nstatus = \"next\"\ntheme = \"" + theme + "\"\n"),
		})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	changes := []semdiff.Change{{Kind: routines.KindTheme, ID: "prose", OldID: "writing", Op: semdiff.OpChange}}
	if got := newAdvice(load("writing"), load("prose"), routines.Date{}, changes); len(got) != 0 {
		t.Errorf("got %v, want nothing new", got)
	}
}

// A weekday's name, as written, is told as a weekday: "monday" is two
// edits from "today", and used to be told `did you mean "today"?`,
// which for review --date is the one day it was not meant to be.
func TestNearDay(t *testing.T) {
	today, _ := routines.ParseDate("2026-11-25") // a Wednesday
	tests := []struct {
		in   string
		back bool
		want string
	}{
		{"monday", false, "for the coming Monday write 2026-11-30 (+5d)"},
		{"monday", true, "for the last Monday write 2026-11-23 (-2d)"},
		{"Monday", true, "for the last Monday write 2026-11-23 (-2d)"},
		{"mon", true, "for the last Monday write 2026-11-23 (-2d)"},
		{"sunday", false, "for the coming Sunday write 2026-11-29 (+4d)"},
		{"tody", false, `did you mean "today"?`},
		{"tomorow", false, `did you mean "tomorrow"?`},
		{"fridya", true, "for the last Friday write 2026-11-20 (-5d)"},
		{"wednesday", true, "today is a Wednesday: write today, or -1w for the last"},
		{"banana", false, ""},
	}
	for _, tt := range tests {
		if got := nearDay(today, tt.in, tt.back); got != tt.want {
			t.Errorf("nearDay(%q, back %v): got %q, want %q", tt.in, tt.back, got, tt.want)
		}
	}
}
