package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/benchdata"
	"github.com/myos-dev/myos/internal/cli"
)

// outcome is everything a command shows: what it prints and its exit code.
type outcome struct {
	out, errOut string
	code        int
}

func myos(t *testing.T, args ...string) outcome {
	t.Helper()
	streams, out, errOut := cli.TestIO("")
	code := cli.Main(args, streams)
	return outcome{out.String(), errOut.String(), code}
}

// TestCachesChangeNoAnswer runs the commands that use caches on a
// generated OS with caches off, then on, cold and warm, then with every
// cache file damaged, then after hand edits the caches have not seen, and
// wants the same output and exit code every time. Writes made with and
// without caches must make the same commits.
func TestCachesChangeNoAnswer(t *testing.T) {
	opts := benchdata.TenYears()
	opts.Days = 45
	src := filepath.Join(t.TempDir(), "src")
	sum, err := benchdata.Generate(src, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("MYOS_NOW", sum.Now.Format(time.RFC3339))
	t.Setenv("NO_COLOR", "1")
	t.Setenv("HOME", t.TempDir())
	cacheHome := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheHome)

	reads := [][]string{
		{"today"}, {"today", "--json"}, {"today", "--date", "yesterday"},
		{"week"}, {"week", "--json"},
		{"check"}, {"check", "--json"},
		{"status"}, {"status", "--json"},
		{"log", "-n", "20"}, {"diff", "HEAD~5"},
		{"history", "routine", sum.HistoryItem}, {"history", "routine", sum.HistoryItem, "--json"},
		{"stats", "--days", "45"}, {"stats", "--days", "30", "--json"}, {"stats", "--routine", sum.HistoryItem},
	}
	compare := func(dir, when string) {
		t.Helper()
		t.Setenv("MYOS_DIR", dir)
		want := map[string]outcome{}
		t.Setenv("MYOS_CACHE", "off")
		for _, args := range reads {
			want[strings.Join(args, " ")] = myos(t, args...)
		}
		t.Setenv("MYOS_CACHE", "")
		for _, round := range []string{"cold or stale", "warm"} {
			for _, args := range reads {
				key := strings.Join(args, " ")
				if got := myos(t, args...); got != want[key] {
					t.Errorf("%s, %s: myos %s with caches: got\n%+v\nwant (without)\n%+v", when, round, key, got, want[key])
				}
			}
		}
	}

	dir := benchdata.Clone(t, src)
	compare(dir, "committed")

	// Damage every cache file: each must be noticed and rebuilt.
	var damaged int
	filepath.WalkDir(cacheHome, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			if len(b) > 0 {
				b[len(b)/2] ^= 0x55
				os.WriteFile(p, b[:len(b)-1], 0o600)
				damaged++
			}
		}
		return nil
	})
	if damaged == 0 {
		t.Fatalf("no cache files under %s after running commands with caches on", cacheHome)
	}
	compare(dir, "damaged caches")

	// Hand edits the caches have not seen: a routine moved, a record
	// answered again, a new record, a removed one.
	edit := func(name string, f func(string) string) {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		// The clone shares its files with src: replace, never write into.
		if err := os.WriteFile(p+".new", []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(p+".new", p); err != nil {
			t.Fatal(err)
		}
	}
	last := "reviews/" + sum.Last.String()[:4] + "/" + sum.Last.String() + ".toml"
	edit("routines.toml", func(s string) string { return strings.Replace(s, `at = "22:30"`, `at = "22:00"`, 1) })
	edit(last, func(s string) string { return strings.ReplaceAll(s, `answer = "no"`, `answer = "yes"`) })
	edit("reviews/"+sum.Last.String()[:4]+"/"+sum.Last.AddDays(1).String()+".toml", func(string) string {
		return "date = " + sum.Last.AddDays(1).String() + "\nkind = \"daily\"\n\n[[routine]]\nid = \"" + sum.HistoryItem + "\"\nday = " + sum.Last.AddDays(1).String() + "\nanswer = \"yes\"\n"
	})
	if err := os.Remove(filepath.Join(dir, "reviews", sum.Last.AddDays(-3).String()[:4], sum.Last.AddDays(-3).String()+".toml")); err != nil {
		t.Fatal(err)
	}
	compare(dir, "hand edits")

	// The same write with and without caches makes the same commit.
	heads := map[string]string{}
	for _, mode := range []string{"off", ""} {
		t.Setenv("MYOS_CACHE", mode)
		d := benchdata.Clone(t, src)
		t.Setenv("MYOS_DIR", d)
		for _, args := range [][]string{
			{"add", "priority", "Cached or not", "--theme", "health", "--status", "later"},
			{"review", "--answer", sum.HistoryItem + "=yes", "--partial", "--note", "same"},
			{"set", "routine", sum.HistoryItem, "at=23:00"},
		} {
			if got := myos(t, args...); got.code != 0 {
				t.Fatalf("caches %q: myos %s: %+v", mode, strings.Join(args, " "), got)
			}
		}
		heads[mode] = myos(t, "log", "-n", "1").out
	}
	if heads["off"] != heads[""] {
		t.Errorf("after the same writes: got HEAD\n%s with caches, want\n%s as without", heads[""], heads["off"])
	}
}
