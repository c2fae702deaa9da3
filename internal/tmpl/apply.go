package tmpl

// Applying a template to an OS that already exists is a three-way merge:
// the template as last applied is the base, the person's OS is mine, the
// template's current version is theirs. Placeholders are filled in with
// the OS's own name and owner on both the base and theirs, so that they
// compare with what the person has.

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// Applied is a template merged into an OS, not yet written.
type Applied struct {
	*semdiff.MergeResult
	Template *Template
	// Previous is the OS's record of the template before this apply; nil
	// when the OS has none, and the merge had no base.
	Previous *Record
	// Record is the changes to commit besides the model files: the new
	// record and the template's files as the new base.
	Record []store.Change
}

// Apply merges t into the OS whose folder is osFS and whose model files
// are mine, deciding conflicts by take (see semdiff.Merge). The base is
// the OS's record of t's name; without one, the OS's identity — name,
// owner, timezone — is kept as it is, everything else the template has
// that the OS lacks is added, and whatever differs is a conflict.
func Apply(t *Template, osFS fs.FS, mine map[string][]byte, take map[string]string, day routines.Date) (*Applied, error) {
	mo, err := routines.LoadFiles(mine)
	if err != nil {
		return nil, fmt.Errorf("your OS is not valid: %w", firstFinding(err))
	}
	recs, err := ReadRecords(osFS)
	if err != nil {
		return nil, err
	}
	prev := FindRecord(recs, t.Meta.Name)
	var rawBase map[string][]byte
	if prev != nil {
		if rawBase, err = ReadBase(osFS, t.Meta.Name); err != nil {
			return nil, err
		}
		if rawBase == nil {
			prev = nil
		}
	}
	vars := Vars{Name: mo.Settings.Name, Owner: mo.Settings.Owner}
	theirs, err := t.Render(vars)
	if err != nil {
		return nil, err
	}
	var base map[string][]byte
	if rawBase != nil {
		b := &Template{Source: "the recorded base of " + t.Meta.Name, Files: rawBase}
		if base, err = b.Render(vars); err != nil {
			return nil, err
		}
	} else if theirs, err = keepIdentity(theirs, &mo.Settings); err != nil {
		return nil, err
	}
	res, err := semdiff.Merge(base, mine, theirs, take)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", t.Meta.Name, err)
	}
	return &Applied{MergeResult: res, Template: t, Previous: prev, Record: RecordChanges(recs, t, rawBase, day)}, nil
}

// keepIdentity sets theirs' name, owner and timezone to mine's: they are
// the person's, not the team's.
func keepIdentity(theirs map[string][]byte, mine *routines.Settings) (map[string][]byte, error) {
	to, err := routines.LoadFiles(theirs)
	if err != nil {
		return nil, firstFinding(err)
	}
	upd := to.Settings
	upd.Name, upd.Owner, upd.Timezone = mine.Name, mine.Owner, mine.Timezone
	b, err := routines.UpdateSettings(theirs[routines.FileOS], &to.Settings, &upd)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(theirs))
	for k, v := range theirs {
		out[k] = v
	}
	out[routines.FileOS] = b
	return out, nil
}

// firstFinding is the first problem of a load error, as one line.
func firstFinding(err error) error {
	var errs routines.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		return errors.New(errs[0].String())
	}
	return err
}

// Message is the commit message of the apply: the template, its version
// and what came in.
func (a *Applied) Message() string {
	m := a.Template.Meta
	var b strings.Builder
	fmt.Fprintf(&b, "template: apply %s %s", m.Name, m.Version)
	switch {
	case a.Previous == nil:
		b.WriteString(" (first apply)")
	case a.Previous.Version != m.Version:
		fmt.Fprintf(&b, " (was %s)", a.Previous.Version)
	}
	if len(a.Changes) == 0 {
		b.WriteString(": nothing new")
	} else {
		b.WriteString(": " + countChanges(a.Changes))
	}
	if len(a.Applied) > 0 || len(a.Decided) > 0 {
		b.WriteString("\n")
	}
	if len(a.Applied) > 0 {
		b.WriteString("\n" + strings.Join(a.Applied, "\n"))
	}
	for _, d := range a.Decided {
		b.WriteString("\n" + d.String())
	}
	b.WriteString("\n\nfrom " + a.Template.Source)
	if a.Template.Commit != "" {
		b.WriteString(" at " + shortHash(a.Template.Commit))
	}
	return b.String()
}

// countChanges is "2 added, 1 changed, 1 removed".
func countChanges(cs []semdiff.Change) string {
	n := map[semdiff.Op]int{}
	for _, c := range cs {
		n[c.Op]++
	}
	var parts []string
	for _, op := range []struct {
		op   semdiff.Op
		word string
	}{{semdiff.OpAdd, "added"}, {semdiff.OpChange, "changed"}, {semdiff.OpRemove, "removed"}} {
		if n[op.op] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[op.op], op.word))
		}
	}
	return strings.Join(parts, ", ")
}
