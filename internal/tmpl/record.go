package tmpl

// What an OS remembers of the templates it came from: .myos/template.toml
// names each one (source, version, commit, when, and the ids of its items
// the OS keeps under other ids), and
// .myos/templates/NAME/ holds its files as they were last applied, with
// placeholders as the template wrote them. That copy is the base of the
// next three-way apply: what changed between it and the template's new
// version is what the template's authors changed.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// RecordFile lists the templates an OS came from.
const RecordFile = ".myos/template.toml"

// BaseDir holds each template's files as last applied, in BaseDir/NAME/.
const BaseDir = ".myos/templates"

// Record is one template an OS came from or had applied.
type Record struct {
	Name    string        `json:"name"`
	Source  string        `json:"source"`
	Version string        `json:"version"`
	Commit  string        `json:"commit,omitempty"`
	Applied routines.Date `json:"applied"`
	// IDs maps "KIND/ID" of the template's items that the OS keeps under
	// another id (a clash with an item of the person's own, decided
	// "both") to that id: the template's later changes to the item are
	// the copy's. Records written before it have none.
	IDs map[string]string `json:"ids,omitempty"`
}

// NewRecord is the record of t applied on day under name (normally
// t.Meta.Name).
func NewRecord(name string, t *Template, day routines.Date) Record {
	return Record{Name: name, Source: t.Source, Version: t.Meta.Version, Commit: t.Commit, Applied: day}
}

// RecordError is what keeps RecordFile from being read: at the line
// the file says it, when known, as the OS files' errors are.
type RecordError struct{ routines.Finding }

func (e *RecordError) Error() string { return e.Finding.String() }

// recordErrorAt is a RecordError at the key of the n-th [[template]]
// of src (its header, for key "").
func recordErrorAt(src []byte, n int, key, format string, args ...any) *RecordError {
	pos := routines.PositionsOf(src).Key("template", n, key)
	if key == "" {
		pos, _ = routines.PositionsOf(src).Table("template", n)
	}
	return &RecordError{routines.Finding{Code: routines.CodeValue, Severity: routines.SeverityError, File: RecordFile,
		Line: pos.Line, Col: pos.Col, Message: fmt.Sprintf(format, args...)}}
}

// ReadRecords reads RecordFile from the OS folder fsys; none is no
// records.
func ReadRecords(fsys fs.FS) ([]Record, error) {
	b, err := fs.ReadFile(fsys, RecordFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", RecordFile, err)
	}
	return ParseRecords(b)
}

// ParseRecords reads the records of RecordFile from its content, as a
// merge of two machines' versions of it reads them.
func ParseRecords(b []byte) ([]Record, error) {
	var raw struct {
		Template []struct {
			Name    string    `toml:"name"`
			Source  string    `toml:"source"`
			Version string    `toml:"version"`
			Commit  string    `toml:"commit"`
			Applied time.Time `toml:"applied"`
			IDs     any       `toml:"ids"`
		} `toml:"template"`
	}
	md, err := toml.Decode(string(b), &raw)
	if err != nil {
		f := routines.SyntaxFinding(RecordFile, b, err)
		return nil, &RecordError{f}
	}
	if err := unknownRecordKey(b, md); err != nil {
		return nil, err
	}
	recs := make([]Record, 0, len(raw.Template))
	for i, r := range raw.Template {
		if !routines.ValidID(r.Name) {
			return nil, recordErrorAt(b, i, "name", "template name %q: want lowercase letters, digits and dashes", r.Name)
		}
		ids, err := recordIDs(r.Name, r.IDs)
		if err != nil {
			return nil, recordErrorAt(b, i, "ids", "%v", err)
		}
		rec := Record{Name: r.Name, Source: r.Source, Version: r.Version, Commit: r.Commit, IDs: ids}
		if !r.Applied.IsZero() {
			rec.Applied = routines.DateOf(r.Applied)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// recordKeys are the keys of a [[template]] of RecordFile.
var recordKeys = []string{"name", "source", "version", "commit", "applied", "ids"}

// unknownRecordKey is the first key of src that RecordFile does not
// have, at its line, or nil. Keys are what they are written as, as in the
// OS files: the decoder would take Name for name, and would drop a
// misspelt "sourse" in silence, leaving a record with no source that
// every later apply refuses as another template's.
func unknownRecordKey(src []byte, md toml.MetaData) *RecordError {
	n := -1
	for _, k := range md.Keys() {
		if len(k) == 1 && k[0] == "template" {
			n++
			continue
		}
		if len(k) >= 2 && k[0] == "template" && n >= 0 && slices.Contains(recordKeys, k[1]) && (len(k) == 2 || k[1] == "ids") {
			continue // the keys of ids are checked as ids
		}
		key, pos := k[len(k)-1], routines.PositionsOf(src).Key("", 0, k[0])
		if len(k) >= 2 && k[0] == "template" && n >= 0 {
			key, pos = k[1], routines.PositionsOf(src).Key("template", n, k[1])
		}
		msg := fmt.Sprintf("unknown key %q (a template's record has %s)", key, strings.Join(recordKeys, ", "))
		if s := routines.Suggest(key, recordKeys); s != "" {
			msg = fmt.Sprintf("unknown key %q (did you mean %q?)", key, s)
		}
		return &RecordError{routines.Finding{Code: routines.CodeUnknownKey, Severity: routines.SeverityError, File: RecordFile,
			Line: pos.Line, Col: pos.Col, Message: msg}}
	}
	return nil
}

// recordIDs checks a record's ids, as decoded, and returns them (nil for
// none): a table of "KIND/ID" = "ID", no two of them the same copy.
// Anything else is refused rather than dropped, which would send the
// template's changes to the person's own items again.
func recordIDs(name string, v any) (map[string]string, error) {
	if v == nil {
		return nil, nil
	}
	bad := func(what string) error {
		return fmt.Errorf("template %s: ids: %s: want a table of \"KIND/ID\" = \"ID\", like ids = { \"routine/retro\" = \"retro-2\" }", name, what)
	}
	table, ok := v.(map[string]any)
	if !ok {
		return nil, bad(fmt.Sprintf("%v is not a table", v))
	}
	ids := make(map[string]string, len(table))
	copies := map[string]string{}
	for key, val := range table {
		to, ok := val.(string)
		k, _, kok := idKey(key)
		if !ok || !kok || !routines.ValidID(to) {
			return nil, bad(fmt.Sprintf("%q = %v", key, val))
		}
		target := string(k) + "/" + to
		if other, dup := copies[target]; dup {
			first, second := min(other, key), max(other, key)
			return nil, bad(fmt.Sprintf("%q and %q are both kept as %q", first, second, to))
		}
		copies[target] = key
		ids[key] = to
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return ids, nil
}

// idKey reads a key of Record.IDs, "KIND/ID": the kind and the
// template's id of the item.
func idKey(key string) (k routines.Kind, id string, ok bool) {
	ks, id, _ := strings.Cut(key, "/")
	k, ok = routines.ParseKind(ks)
	if !ok || string(k) != ks || !routines.ValidID(id) {
		return "", "", false
	}
	return k, id, true
}

// FindRecord returns the record of the template name, or nil.
func FindRecord(recs []Record, name string) *Record {
	for i := range recs {
		if recs[i].Name == name {
			return &recs[i]
		}
	}
	return nil
}

// SameSource reports whether two template sources name the same place:
// a remote git repository with or without ".git", any git URL with or
// without a final slash (its host in any case), a folder by its absolute
// path or by "~/" for the home folder.
// Sources are compared so to tell a template applied again from another
// template that has the same name.
func SameSource(a, b string) bool {
	return a == b || sourceKey(a) == sourceKey(b)
}

func sourceKey(s string) string {
	switch KindOf(s) {
	case SourceGit:
		repoURL, subdir, err := ParseURL(s)
		if err != nil {
			return s
		}
		u, err := url.Parse(repoURL)
		if err != nil {
			return s
		}
		u.Host = strings.ToLower(u.Host)
		u.Path = strings.TrimSuffix(u.Path, "/")
		if u.Scheme != "file" {
			// A forge serves /team/os and /team/os.git alike; two folders
			// on this machine are two repositories.
			u.Path = strings.TrimSuffix(u.Path, ".git")
		}
		return u.String() + "#" + subdir
	case SourceFolder:
		if rest, ok := strings.CutPrefix(s, "~/"); ok {
			if home, err := os.UserHomeDir(); err == nil {
				s = filepath.Join(home, rest)
			}
		}
		return filepath.Clean(s)
	}
	return s
}

// RecordOf returns the OS's record of the template t: the record under
// its name when it came from t's source, else a record of t's source
// under another name (applied with ApplyOptions.As); nil when there is
// none. A record of t's name from another source is another template's.
func RecordOf(recs []Record, t *Template) *Record {
	if r := FindRecord(recs, t.Meta.Name); r != nil && SameSource(r.Source, t.Source) {
		return r
	}
	for i := range recs {
		if SameSource(recs[i].Source, t.Source) {
			return &recs[i]
		}
	}
	return nil
}

// EncodeRecords writes RecordFile.
func EncodeRecords(recs []Record) []byte {
	var b bytes.Buffer
	b.WriteString("# The templates this OS came from; `myos template apply` reads and updates it.\n")
	b.WriteString("# Their files as last applied are in " + BaseDir + "/NAME/.\n")
	for _, r := range recs {
		fmt.Fprintf(&b, "\n[[template]]\nname = %s\nsource = %s\nversion = %s\n",
			routines.EncodeValue(r.Name), routines.EncodeValue(r.Source), routines.EncodeValue(r.Version))
		if r.Commit != "" {
			fmt.Fprintf(&b, "commit = %s\n", routines.EncodeValue(r.Commit))
		}
		if !r.Applied.IsZero() {
			fmt.Fprintf(&b, "applied = %s\n", r.Applied)
		}
		if len(r.IDs) > 0 {
			parts := make([]string, 0, len(r.IDs))
			for _, key := range slices.Sorted(maps.Keys(r.IDs)) {
				parts = append(parts, routines.EncodeValue(key)+" = "+routines.EncodeValue(r.IDs[key]))
			}
			fmt.Fprintf(&b, "ids = { %s }\n", strings.Join(parts, ", "))
		}
	}
	return b.Bytes()
}

// ReadBase reads the files of template name as last applied to the OS in
// fsys, with placeholders as the template wrote them; nil when the OS has
// none.
func ReadBase(fsys fs.FS, name string) (map[string][]byte, error) {
	if !routines.ValidID(name) {
		return nil, fmt.Errorf("template name %q: want lowercase letters, digits and dashes", name)
	}
	var files map[string][]byte
	for _, f := range routines.ModelFiles() {
		p := path.Join(BaseDir, name, f)
		info, err := fs.Stat(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if !info.Mode().IsRegular() || info.Size() > routines.MaxFileSize {
			return nil, fmt.Errorf("%s: not a regular file of at most 1 MiB", p)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if files == nil {
			files = map[string][]byte{}
		}
		files[f] = b
	}
	return files, nil
}

// RecordChanges are the changes that record t as applied on day, under
// name, to an OS whose records are recs: RecordFile with the record of
// name added or replaced, with ids (see Record.IDs), and t's files as the
// new base, replacing the old base (oldBase, nil for none).
func RecordChanges(recs []Record, name string, t *Template, oldBase map[string][]byte, ids map[string]string, day routines.Date) []store.Change {
	rec := NewRecord(name, t, day)
	if len(ids) > 0 {
		rec.IDs = ids
	}
	out := make([]Record, 0, len(recs)+1)
	found := false
	for _, r := range recs {
		if r.Name == rec.Name {
			// The same version, from the same place, with the same
			// files, was applied on the day on record: applying it
			// again is no new apply, and a new date alone would be a
			// commit each time a person applies what they have.
			if r.Source == rec.Source && r.Version == rec.Version && r.Commit == rec.Commit && maps.Equal(r.IDs, rec.IDs) && sameFiles(oldBase, t.Files) {
				rec.Applied = r.Applied
			}
			r, found = rec, true
		}
		out = append(out, r)
	}
	if !found {
		out = append(out, rec)
	}
	chs := []store.Change{{Path: RecordFile, Data: EncodeRecords(out)}}
	for _, f := range routines.ModelFiles() {
		p := path.Join(BaseDir, name, f)
		if b, ok := t.Files[f]; ok {
			chs = append(chs, store.Change{Path: p, Data: b})
		} else if _, had := oldBase[f]; had {
			chs = append(chs, store.Change{Path: p, Delete: true})
		}
	}
	return chs
}

// sameFiles reports whether base, an OS's record of a template's files,
// holds the model files of files, and only those, byte for byte.
func sameFiles(base, files map[string][]byte) bool {
	for _, f := range routines.ModelFiles() {
		b, inBase := base[f]
		t, inFiles := files[f]
		if inBase != inFiles || !bytes.Equal(b, t) {
			return false
		}
	}
	return true
}

// String is "team 1.1.0 from SOURCE at COMMIT".
func (r Record) String() string {
	s := strings.TrimSpace(r.Name + " " + OneLine(r.Version))
	if r.Source != "" {
		s += " from " + OneLine(r.Source)
	}
	if r.Commit != "" {
		s += " at " + shortHash(r.Commit)
	}
	return s
}

// OneLine is s, quoted when it holds control characters. A record is
// the OS's own file, but one written before templates' metadata was
// checked may hold a template's line breaks and terminal escapes; they
// never reach a terminal or a commit message raw.
func OneLine(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
