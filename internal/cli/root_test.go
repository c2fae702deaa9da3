package cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestRegisteredNames guards the names commands register under: building
// only the named command is right only if the name is the command's own.
func TestRegisteredNames(t *testing.T) {
	streams, _, _ := TestIO("")
	d := &deps{io: streams, getenv: func(string) string { return "" }, now: time.Now}
	seen := map[string]bool{}
	for _, c := range commands {
		if seen[c.name] {
			t.Errorf("%q registered twice", c.name)
		}
		seen[c.name] = true
		if got := c.new(d).Name(); got != c.name {
			t.Errorf("command registered as %q is named %q", c.name, got)
		}
	}
}

func TestCommandName(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"status"}, "status"},
		{[]string{"status", "--json"}, "status"},
		{[]string{"--dir", "status", "today"}, "today"},
		{[]string{"--dir=/x", "week", "--json"}, "week"},
		{[]string{"--help", "log"}, "log"},
		{[]string{"--version"}, ""},
		{[]string{"--", "status"}, ""},
		{[]string{"help", "status"}, "help"},
	} {
		if got := commandName(tc.args); got != tc.want {
			t.Errorf("commandName(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestRootBuildsOne checks that a named command is built alone, and that
// everything else (help, a misspelt name, no command) sees every command.
func TestRootBuildsOne(t *testing.T) {
	streams, _, _ := TestIO("")
	d := &deps{io: streams, getenv: func(string) string { return "" }, now: time.Now}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"status"}, 1},
		{[]string{"--dir", "x", "today", "--json"}, 1},
		{[]string{"help", "status"}, len(commands)},
		{[]string{"stauts"}, len(commands)},
		{nil, len(commands)},
	} {
		if got := len(newRootCmd(d, tc.args).Commands()); got != tc.want {
			t.Errorf("newRootCmd(%q) has %d commands, want %d", tc.args, got, tc.want)
		}
	}
}

// TestRootHelpAndSuggestions runs what needs the whole tree through Main.
func TestRootHelpAndSuggestions(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"help", "status"}, ExitOK, "Usage:\n  myos status", ""},
		{[]string{"status", "--help"}, ExitOK, "Usage:\n  myos status", ""},
		{[]string{"stauts"}, ExitUsage, "", "Did you mean this?\n\tstats\n\tstatus"},
		{[]string{"--help"}, ExitOK, "week ", ""},
	} {
		streams, out, errOut := TestIO("")
		if code := Main(tc.args, streams); code != tc.code {
			t.Errorf("myos %s: exit %d, want %d; stderr %s", strings.Join(tc.args, " "), code, tc.code, errOut)
		}
		if !strings.Contains(out.String(), tc.out) || !strings.Contains(errOut.String(), tc.err) {
			t.Errorf("myos %s: stdout %q, stderr %q; want them to hold %q and %q",
				strings.Join(tc.args, " "), out, errOut, tc.out, tc.err)
		}
	}
}

// TestFlagPlaceholders guards the word --help shows after each flag that
// takes a value: a date flag shows DATE, and no flag shows its Go type
// ("--date string", "--max int"), which tells the user nothing of what
// to give it. pflag takes the word from a back-quoted one in the usage.
func TestFlagPlaceholders(t *testing.T) {
	streams, _, _ := TestIO("")
	d := &deps{io: streams, getenv: func(string) string { return "" }, now: time.Now}
	dateFlags := map[string]bool{"date": true, "since": true, "from": true, "until": true, "due": true}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() == "bool" {
				return
			}
			word, _ := pflag.UnquoteUsage(f)
			switch {
			case dateFlags[f.Name] && word != "DATE":
				t.Errorf("%s --%s shows %q, want DATE", c.CommandPath(), f.Name, word)
			case word == "" || word != strings.ToUpper(word):
				// pflag's own words are the type's, in lower case:
				// string, int, float, strings, value, ...
				t.Errorf("%s --%s shows %q: back-quote a word in capitals in its usage", c.CommandPath(), f.Name, word)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(d, nil))
}

// TestShellArg checks that a hint's argument pastes back as itself: plain
// paths and URLs as they are, anything else quoted so that sh reads it
// whole, quotes in it too.
func TestShellArg(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/home/andy/os", "/home/andy/os"},
		{"https://git.example.com/team/os.git#templates/a", "https://git.example.com/team/os.git#templates/a"},
		{"~/team", "~/team"},
		{"/Users/a/Library/Application Support/myos", "'/Users/a/Library/Application Support/myos'"},
		{"it's", `'it'\''s'`},
		{"$HOME/x", "'$HOME/x'"},
		{"", "''"},
	}
	sh, shErr := exec.LookPath("sh")
	for _, tt := range tests {
		got := shellArg(tt.in)
		if got != tt.want {
			t.Errorf("shellArg(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if shErr != nil {
			continue
		}
		want := tt.in
		if rest, ok := strings.CutPrefix(want, "~/"); ok {
			// The shell finds the home folder as myos does for ~/.
			home, _ := os.UserHomeDir()
			want = home + "/" + rest
		}
		out, err := exec.Command(sh, "-c", "printf %s "+got).Output()
		if err != nil || string(out) != want {
			t.Errorf("sh reads %s as %q (%v), want %q", got, out, err, want)
		}
	}
	if shErr != nil {
		t.Log("no sh here: the quoting was checked, not run")
	}
}
