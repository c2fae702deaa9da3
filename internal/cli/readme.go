package cli

// README.md is written from the OS, never by hand, when os.toml says
// render = true: every commit that changes the OS carries the README that
// goes with it, so the two never drift apart. Without render = true (a
// missing key included) the README is the person's own and only `myos
// render --force` touches it.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/myos-dev/myos/internal/render"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

// readmeFile is the README's path in the OS repository.
const readmeFile = "README.md"

// readmeChanges is how many recent changes the README lists.
const readmeChanges = 10

// renders reports whether the OS regenerates its README on every commit:
// only when os.toml says render = true.
func renders(o *routines.OS) bool {
	return o.Settings.Render != nil && *o.Settings.Render
}

// readme is the README to commit with the pending commit whose message is
// pending, when the OS renders it and it changes; ok is false otherwise
// (and when the command already commits a README of its own).
func (t *txn) readme(after *routines.OS, pending string) ([]byte, bool, error) {
	return commitReadme(t.d, t.repo, after, pending, t.extra)
}

// commitReadme is the README to commit along with chs, a commit of after
// whose message is pending: ok is false when the OS does not render its
// README, when chs already holds one (a hand edit is the person's to
// commit), or when it would not change. Any command that commits a change
// to the OS can call it.
func commitReadme(d *deps, repo *store.Repo, after *routines.OS, pending string, chs []store.Change) ([]byte, bool, error) {
	if !renders(after) {
		return nil, false, nil
	}
	for _, c := range chs {
		if c.Path == readmeFile {
			return nil, false, nil
		}
	}
	changes, err := recentChanges(repo, after.Location(), readmeChanges)
	if err != nil {
		return nil, false, fmt.Errorf("readme: %w", err)
	}
	if line, ok := changeLine(d.now(), after.Location(), pending); ok {
		changes = append([]string{line}, changes...)
	}
	b := render.README(after, changes)
	cur, err := workfile.ReadFile(filepath.Join(repo.Dir(), readmeFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("readme: %w", err)
	}
	if err == nil && bytes.Equal(cur, b) {
		return nil, false, nil
	}
	return b, true, nil
}

// initReadme is the README of a new OS, whose only change is the first
// commit, msg; ok is false when the OS does not render its README.
func initReadme(d *deps, o *routines.OS, msg string) ([]byte, bool) {
	if !renders(o) {
		return nil, false
	}
	var changes []string
	if line, ok := changeLine(d.now(), o.Location(), msg); ok {
		changes = append(changes, line)
	}
	return render.README(o, changes), true
}

// recentChanges are the last n changes of the history in words, newest
// first, leaving out commits that only regenerated the README.
func recentChanges(repo *store.Repo, loc *time.Location, n int) ([]string, error) {
	// Regenerations are rare between changes; a few more than n commits
	// almost always give n changes.
	commits, err := repo.Log(store.LogOptions{Max: 4 * n})
	if err != nil {
		return nil, err
	}
	var out []string
	zones := folderZone(repo.Dir(), map[string]*time.Location{})
	for _, c := range commits {
		// Each day as the OS's zone was then: a move leaves the days of
		// what came before it as they were.
		zone, err := zoneAt(repo, c.Hash, loc, zones)
		if err != nil {
			return nil, err
		}
		if line, ok := changeLine(c.Author.When, zone, c.Message); ok {
			out = append(out, line)
			if len(out) == n {
				break
			}
		}
	}
	return out, nil
}

// changeLine is one change as the README lists it: "2026-11-25 —
// routines: add "sleep" (daily at 22:30)", from the commit's date in the
// OS's timezone and its subject. It is false for a README regeneration.
func changeLine(when time.Time, loc *time.Location, msg string) (string, bool) {
	subject := strings.TrimSpace(firstLineOf(msg))
	if subject == "" || strings.HasPrefix(subject, "readme:") {
		return "", false
	}
	return routines.DateOf(when.In(loc)).String() + " — " + subject, true
}
