package tmpl

// Leaving a template is forgetting it, not undoing it: the items it
// brought are the person's own from then on, as they are, and only the
// OS's record of the template (its entry in RecordFile, the ids it keeps
// items under) and its base (BaseDir/NAME/) go. Without a base, the
// next apply of the template is a first apply again, as for a template
// the OS was never made from.

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/myos-dev/myos/internal/store"
)

// NotRecordedError is Leave's refusal of a name the OS records no
// template under. Records are the templates it does record, for the
// hint.
type NotRecordedError struct {
	Name    string
	Records []Record
}

func (e *NotRecordedError) Error() string {
	return fmt.Sprintf("your OS follows no template %s", e.Name)
}

// Left is a template the OS leaves, not yet written.
type Left struct {
	// Record is the record that goes.
	Record Record
	// Others are the records that stay.
	Others []Record
	// Changes are what to commit: RecordFile without the record (deleted
	// when no record is left) and the record's base deleted.
	Changes []store.Change
}

// Leave is the OS in the folder osFS leaving the template it records
// under name: a *NotRecordedError when it records none. The model files
// are not read nor changed: every item the template brought stays, and
// the items the record keeps under other ids (see Record.IDs) stay under
// those ids, as the person's own.
func Leave(osFS fs.FS, name string) (*Left, error) {
	recs, err := ReadRecords(osFS)
	if err != nil {
		return nil, err
	}
	rec := FindRecord(recs, name)
	if rec == nil {
		return nil, &NotRecordedError{Name: name, Records: recs}
	}
	l := &Left{Record: *rec}
	for _, r := range recs {
		if r.Name != name {
			l.Others = append(l.Others, r)
		}
	}
	if len(l.Others) == 0 {
		l.Changes = append(l.Changes, store.Change{Path: RecordFile, Delete: true})
	} else {
		l.Changes = append(l.Changes, store.Change{Path: RecordFile, Data: EncodeRecords(l.Others)})
	}
	base, err := baseFiles(osFS, name)
	if err != nil {
		return nil, err
	}
	for _, p := range base {
		l.Changes = append(l.Changes, store.Change{Path: p, Delete: true})
	}
	return l, nil
}

// baseFiles lists every file in the base folder of template name, as
// slash paths of the OS, sorted: the model files an apply wrote there
// and anything else, so that the folder goes as a whole.
func baseFiles(osFS fs.FS, name string) ([]string, error) {
	dir := path.Join(BaseDir, name)
	var out []string
	err := fs.WalkDir(osFS, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	slices.Sort(out)
	return out, nil
}

// Kept lists, as "KIND ID (the template's ID)", the items the record
// keeps under other ids (see Record.IDs).
func (r Record) Kept() []string {
	var out []string
	for _, key := range slices.Sorted(maps.Keys(r.IDs)) {
		k, id, ok := idKey(key)
		if !ok {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s (the template's %s)", k, r.IDs[key], id))
	}
	return out
}

// Kept lists the items the record kept under other ids, as Record.Kept
// words them: they stay, under those ids, as the person's own.
func (l *Left) Kept() []string { return l.Record.Kept() }

// Removed lists the paths the leave deletes or rewrites.
func (l *Left) Removed() []string {
	out := make([]string, 0, len(l.Changes))
	for _, c := range l.Changes {
		out = append(out, c.Path)
	}
	return out
}

// Message is the commit message of the leave: "template: leave team
// (applied 1.2.0)", then where it came from and when, and the items kept
// under ids of their own.
func (l *Left) Message() string {
	r := l.Record
	var b strings.Builder
	fmt.Fprintf(&b, "template: leave %s", r.Name)
	if v := OneLine(r.Version); v != "" {
		fmt.Fprintf(&b, " (applied %s)", v)
	}
	var lines []string
	if r.Source != "" {
		from := "from " + OneLine(r.Source)
		if r.Commit != "" {
			from += " at " + shortHash(r.Commit)
		}
		lines = append(lines, from)
	}
	if !r.Applied.IsZero() {
		lines = append(lines, fmt.Sprintf("last applied %s", r.Applied))
	}
	for _, k := range l.Kept() {
		lines = append(lines, "kept as the OS's own: "+k)
	}
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	lines = append(lines, "Every item it brought stays as the OS's own; applying it again is a first apply, with no base.")
	b.WriteString("\n\n" + strings.Join(lines, "\n"))
	return b.String()
}
