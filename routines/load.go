package routines

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// MaxFileSize is the largest OS file Load reads. A person's OS is a few
// kilobytes; anything past a megabyte is a mistake or an attack.
const MaxFileSize = 1 << 20

// Error codes of findings that make an OS invalid.
const (
	CodeSyntax     = "syntax"
	CodeUnknownKey = "unknown-key"
	CodeType       = "type"
	CodeValue      = "value"
	CodeMissing    = "missing"
	CodeDuplicate  = "duplicate-id"
	CodeReference  = "unknown-reference"
	CodeFile       = "file"
)

// Load reads and validates the OS in fsys. When anything is wrong it
// returns every problem it found, in every file, as Errors, together with
// as much of the OS as could be read, so that advice can still be given.
// A file that does not read leads the Errors, and what only follows from
// it is left out (see WithoutFollowOns).
func Load(fsys fs.FS) (*OS, error) {
	o, errs := Parse(fsys)
	if o != nil {
		errs = append(errs, Validate(o)...)
	}
	errs = WithoutFollowOns(errs)
	if len(errs) > 0 {
		SortFindings(errs)
		return o, errs
	}
	return o, nil
}

// Parse reads the OS files of fsys without checking what the values mean
// beyond their types. A missing os.toml is an error; the other files may
// be missing or empty, which means no items of their kinds.
func Parse(fsys fs.FS) (*OS, Errors) {
	files := map[string][]byte{}
	var errs Errors
	for _, name := range ModelFiles() {
		src, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			// The finding names the file: the message is what is wrong.
			msg := err.Error()
			var pe *fs.PathError
			if errors.As(err, &pe) {
				msg = pe.Err.Error()
			}
			errs = append(errs, Finding{Code: CodeFile, Severity: SeverityError, File: name, Message: msg})
			continue
		}
		files[name] = src
	}
	o, more := ParseFiles(files)
	return o, append(errs, more...)
}

// LoadFiles is Load for files held in memory, by name.
func LoadFiles(files map[string][]byte) (*OS, error) {
	o, errs := ParseFiles(files)
	errs = WithoutFollowOns(append(errs, Validate(o)...))
	if len(errs) > 0 {
		SortFindings(errs)
		return o, errs
	}
	return o, nil
}

// ParseFiles is Parse for files held in memory, by name.
func ParseFiles(files map[string][]byte) (*OS, Errors) {
	return parseFiles(nil, files)
}

// LoadFilesFrom is LoadFiles for the files base was loaded from with those
// in changed put in their place (a nil value: the file removed). base must
// be an OS LoadFiles or Load returned without error, not changed since:
// the items and settings of every file not in changed are taken from it
// rather than decoded again, which is most of what loading costs when a
// command changes one file. The result is what LoadFiles would return.
func LoadFilesFrom(base *OS, changed map[string][]byte) (*OS, error) {
	o, errs := parseFiles(base, changed)
	errs = WithoutFollowOns(append(errs, Validate(o)...))
	if len(errs) > 0 {
		SortFindings(errs)
		return o, errs
	}
	return o, nil
}

// fileOf is the part of o that file name holds: its items in order, and
// the settings for os.toml.
func fileOf(o *OS, name string) OS {
	p := OS{
		Themes:     inFile(o.Themes, name, func(it *Theme) Meta { return it.Meta }),
		Routines:   inFile(o.Routines, name, func(it *Routine) Meta { return it.Meta }),
		Priorities: inFile(o.Priorities, name, func(it *Priority) Meta { return it.Meta }),
		Blocks:     inFile(o.Blocks, name, func(it *Block) Meta { return it.Meta }),
		Events:     inFile(o.Events, name, func(it *Event) Meta { return it.Meta }),
	}
	if name == FileOS {
		p.Settings = o.Settings
	}
	return p
}

// inFile returns the items of file name, in order.
func inFile[T any](items []T, name string, meta func(*T) Meta) []T {
	var out []T
	for i := range items {
		if meta(&items[i]).File == name {
			out = append(out, items[i])
		}
	}
	return out
}

// parseFiles decodes files; with base, files holds only the changed ones
// and the others come from base (see LoadFilesFrom).
func parseFiles(base *OS, files map[string][]byte) (*OS, Errors) {
	// Each file is decoded on its own, at the same time: decoding is most
	// of the cost of loading, and the files share nothing until they are
	// put together in file order below.
	names := ModelFiles()
	parts := make([]OS, len(names))
	perr := make([]Errors, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		src, ok := files[name]
		if base != nil {
			if !ok {
				parts[i] = fileOf(base, name)
				continue
			}
			ok = src != nil
		}
		if !ok {
			if name == FileOS {
				perr[i] = Errors{{Code: CodeFile, Severity: SeverityError, File: name,
					Message: "missing: this folder is not a myos OS (create one with `myos init`)"}}
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			perr[i] = ParseFile(&parts[i], name, src)
		}()
	}
	wg.Wait()
	o := &OS{}
	var errs Errors
	for i := range names {
		p := &parts[i]
		if names[i] == FileOS {
			o.Settings = p.Settings
		}
		o.Themes = append(o.Themes, p.Themes...)
		o.Routines = append(o.Routines, p.Routines...)
		o.Priorities = append(o.Priorities, p.Priorities...)
		o.Blocks = append(o.Blocks, p.Blocks...)
		o.Events = append(o.Events, p.Events...)
		errs = append(errs, perr[i]...)
	}
	applyDefaults(o)
	return o, errs
}

// ParseFile decodes one OS file into o, which collects the items of every
// file. name says which file it is (FileRoutines, ...).
func ParseFile(o *OS, name string, src []byte) Errors {
	if f, bad := checkBytes(name, src); bad {
		return Errors{f}
	}
	// The fast decoder reads what OS files are made of; what it does not
	// read, BurntSushi/toml decodes or reports, as ever (fastdecode.go).
	raw, ok := fastDecode(src)
	if !ok {
		if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&raw); err != nil {
			return Errors{SyntaxFinding(name, src, err)}
		}
	}
	d := &decoder{file: name, lay: scanLayout(src)}
	switch name {
	case FileOS:
		d.settings(raw, &o.Settings)
	default:
		d.items(raw, o)
	}
	return d.errs
}

// DescribeValue names a value BurntSushi/toml decoded, for a message
// that says what was found where something else was wanted: "the number
// 3", "the string \"yes\"", "a list".
func DescribeValue(v any) string { return describe(v) }

// DateValue is the date a decoded TOML value holds, or a message that
// says what to write instead: a date without quotes and without a time.
func DateValue(v any) (Date, string) { return toDate(v) }

// checkBytes refuses what no TOML decoder should be asked to read.
func checkBytes(name string, src []byte) (Finding, bool) {
	bad := func(p Pos, msg string) (Finding, bool) {
		return errAt(CodeFile, name, p, "%s", msg), true
	}
	if len(src) > MaxFileSize {
		return bad(Pos{}, fmt.Sprintf("file is %d bytes, more than the 1 MiB an OS file may have", len(src)))
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return bad(posOf(src, i), "NUL byte: this is not a text file")
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return bad(posOf(src, i), "invalid UTF-8: save the file as UTF-8")
	}
	return checkStructure(name, src) // nesting and keys: see limits.go
}

func posOf(src []byte, off int) Pos {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(src[:off], '\n')
	return Pos{Line: line, Col: col}
}

// SyntaxFinding is the finding for err, which BurntSushi/toml returned
// for src, the text of the file name: at the line and column the file
// says it, with what to do where the decoder's message does not say it
// (a conflict marker git left, a line that is not key = value). Other
// TOML files a person may edit, such as review records, report their
// syntax errors with it too.
func SyntaxFinding(name string, src []byte, err error) Finding {
	if line := conflictMarker(src); line > 0 {
		return errAt(CodeSyntax, name, Pos{Line: line, Col: 1},
			"a conflict marker left by git: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines")
	}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if m, line, ok := bracketsClash(name, src, pe.Position.Line, msg); ok {
			return errAt(CodeSyntax, name, Pos{Line: line, Col: 1}, "%s", m)
		}
		if m, ok := duplicateKey(src, pe.Position.Line, msg); ok {
			msg = m
		} else if m, ok := badNumber(src, pe.Position.Line, msg); ok {
			msg = m
		} else if pe.Usage != "" {
			msg += " (" + firstLine(pe.Usage) + ")"
		} else if a := syntaxAdvice(msg); a != "" {
			msg += " (" + a + ")"
		}
		p := Pos{Line: pe.Position.Line, Col: pe.Position.Col}
		// The decoder's byte offset is the surer guide: its column can
		// count from the line before.
		if s := pe.Position.Start; s >= 0 && s <= len(src) {
			if q := posOf(src, s); p.Line == 0 || q.Line == p.Line {
				p = q
			}
		}
		return errAt(CodeSyntax, name, p, "%s", msg)
	}
	return errAt(CodeSyntax, name, Pos{}, "%s", strings.TrimPrefix(err.Error(), "toml: "))
}

// syntaxAdvices says what to do about the decoder's most common
// complaints, by how they begin: its messages say what it expected, in
// the terms of the TOML grammar, not what a person should write.
var syntaxAdvices = []struct{ prefix, advice string }{
	{"expected '.' or '='", "a line of a table is key = value, like title = \"Deep work\""},
	{"unexpected EOF; expected key separator '='", "a line of a table is key = value, like title = \"Deep work\""},
	{"expected value but found", valueAdvice},
	{"unexpected EOF; expected value", valueAdvice},
	{"expected a top-level item to end with", "a line holds one key = value, and a # starts a comment"},
	{"strings cannot contain newlines", "end the text with a \" on its line, or write text of several lines between \"\"\" and \"\"\""},
	{"expected end of table array name delimiter", "an item starts with its kind in double brackets, like [[routine]]"},
	{"expected a comma", "separate the values of a list with commas, like [\"mon\", \"tue\"]"},
	{"invalid escape in string", backslashAdvice},
	// "C:\Users" and "C:\x64" read as the start of \U0001F600 or \x41.
	{"expected two hexadecimal digits after", backslashAdvice},
	{"expected four hexadecimal digits after", backslashAdvice},
	{"expected eight hexadecimal digits after", backslashAdvice},
	{"invalid datetime", "write a date as YYYY-MM-DD, like 2026-12-01"},
}

const backslashAdvice = "write a backslash in text as \\\\, or put the text in single quotes"

const valueAdvice = "a value is text in quotes, a number, true or false, a date like 2026-12-01, or a list like [\"mon\", \"tue\"]"

// syntaxAdvice is what to do about the decoder's message msg, or "".
func syntaxAdvice(msg string) string {
	for _, a := range syntaxAdvices {
		if strings.HasPrefix(msg, a.prefix) {
			return a.advice
		}
	}
	return ""
}

// bracketsClash words the decoder's "Key 'routine' was already created
// and cannot be used as an array." and its "has already been defined."
// for a header written once as [routine] and once as [[routine]], and
// its "has already been defined." for the items of an item file all
// written [routine]: slips of the hand that the decoder reports as if a
// table were written twice. The kinds of an item file, and the tables of a review record,
// are lists of items, written [[routine]]; the tables of os.toml are one
// each, written [calendar]. The message says which to write and the
// line it returns is the line to change. line is the line the decoder
// named; ok is false for any other message or when the headers are not
// found.
func bracketsClash(name string, src []byte, line int, msg string) (string, int, bool) {
	key, ok := strings.CutPrefix(msg, "Key '")
	if !ok {
		return "", 0, false
	}
	var cut bool
	if key, cut = strings.CutSuffix(key, "' was already created and cannot be used as an array."); !cut {
		if key, cut = strings.CutSuffix(key, "' has already been defined."); !cut {
			return "", 0, false
		}
	}
	if key == "" || strings.ContainsAny(key, `."'`) {
		return "", 0, false
	}
	one, list := "["+key+"]", "[["+key+"]]"
	lines := strings.Split(string(src), "\n")
	header := func(l string) string {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		return strings.Join(strings.Fields(l), "")
	}
	// The first header of each shape: one of them is the slip.
	first := map[string]int{}
	for i, l := range lines {
		if h := header(l); (h == one || h == list) && first[h] == 0 {
			first[h] = i + 1
		}
	}
	if line < 1 || line > len(lines) || first[one] == 0 {
		return "", 0, false
	}
	if first[list] == 0 {
		// Every item written [routine]: the decoder takes the second for
		// the first table written again, and "put its keys under one
		// [routine]" would make two items one. In an item file the kind
		// is a list, so each header wants double brackets.
		if first[one] >= line || !slices.Contains(fileKinds[name], Kind(key)) {
			return "", 0, false
		}
		return fmt.Sprintf("each %s is an item of a list: write [[%s]], not [%s], here and at line %d", key, key, key, line), first[one], true
	}
	if name == FileOS {
		// One table each: the double brackets are the slip.
		return fmt.Sprintf("%s is one table in %s, not a list: write %s, as at line %d, and put its keys under one %s", key, name, one, first[one], one), first[list], true
	}
	return fmt.Sprintf("each %s is an item of a list: write %s, not %s, as at line %d", key, list, one, first[list]), first[one], true
}

// duplicateKey words the decoder's "Key 'theme.title' has already been
// defined." as what a person wrote twice, where it was first, and what to
// do: keep one. line is the line of the second one. ok is false for any
// other message.
func duplicateKey(src []byte, line int, msg string) (string, bool) {
	path, ok := strings.CutPrefix(msg, "Key '")
	if !ok {
		return "", false
	}
	if path, ok = strings.CutSuffix(path, "' has already been defined."); !ok || path == "" {
		return "", false
	}
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return "", false
	}
	bare := func(l string) string {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		return strings.Join(strings.Fields(l), "")
	}
	if strings.HasPrefix(bare(lines[line-1]), "[") {
		// A table written twice: [calendar] ... [calendar].
		header := "[" + path + "]"
		for i := 0; i < line-1; i++ {
			if bare(lines[i]) == header {
				return fmt.Sprintf("table %s is written twice (first at line %d): put its keys under one %s", header, i+1, header), true
			}
		}
		// Or a key of that name set before, as a value: calendar = 1,
		// then [calendar].
		name := path
		if i := strings.LastIndexByte(path, '.'); i >= 0 && !strings.ContainsAny(path, `"'`) {
			name = path[i+1:]
		}
		for i := line - 2; i >= 0; i-- {
			if strings.HasPrefix(bare(lines[i]), name+"=") {
				return fmt.Sprintf("%s is set as a value at line %d and written as the table %s here: keep one of the two", name, i+1, header), true
			}
		}
		return fmt.Sprintf("table %s is written twice: put its keys under one %s", header, header), true
	}
	// A key set twice in one table: the first is between the table's
	// header and this line.
	key, where := path, ""
	if i := strings.LastIndexByte(path, '.'); i >= 0 && !strings.ContainsAny(path, `"'`) {
		key = path[i+1:]
	}
	first := 0
	for i := line - 2; i >= 0; i-- {
		b := bare(lines[i])
		if strings.HasPrefix(b, "[") {
			where = " in " + b
			break
		}
		if first == 0 && strings.HasPrefix(b, key+"=") {
			first = i + 1
		}
	}
	if first == 0 {
		return fmt.Sprintf("key %q is set twice%s: keep one of the two lines", key, where), true
	}
	return fmt.Sprintf("key %q is set twice%s (first at line %d): keep one of the two lines", key, where, first), true
}

// badNumber words the decoder's complaints about a number, "Invalid
// integer \"01\": cannot have leading zeroes" and "99999999999999999999
// is out of range for int64", as the other errors are: lowercase, after
// the key of line, with what to write instead. ok is false for any other
// message.
func badNumber(src []byte, line int, msg string) (string, bool) {
	var val, why string
	switch {
	case strings.HasPrefix(msg, "Invalid integer "), strings.HasPrefix(msg, "Invalid float "):
		rest := msg[strings.IndexByte(msg, ' ')+1:]
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "integer "), "float ")
		rest = strings.TrimPrefix(rest, "value: ")
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return "", false
		}
		val, _ = strconv.Unquote(q)
		why = strings.TrimPrefix(rest[len(q):], ": ")
	case strings.HasSuffix(msg, " is out of range for int64"), strings.HasSuffix(msg, " is out of range for float64"):
		val, _, _ = strings.Cut(msg, " ")
		why = "out of range"
	default:
		return "", false
	}
	key := ""
	if lines := strings.Split(string(src), "\n"); line >= 1 && line <= len(lines) {
		if k, _, ok := strings.Cut(lines[line-1], "="); ok && !strings.ContainsAny(k, "[{\"'") {
			key = strings.TrimSpace(k) + ": "
		}
	}
	if why == "out of range" {
		return fmt.Sprintf("%s%s is out of range: write a whole number like 1", key, val), true
	}
	// A whole number: what it would be without the leading zeroes and
	// stray underscores, which TOML does not take.
	if digits := strings.ReplaceAll(strings.TrimLeft(val, "+-"), "_", ""); digits != "" && strings.Trim(digits, "0123456789") == "" && !strings.HasPrefix(msg, "Invalid float") {
		like := strings.TrimLeft(digits, "0")
		if like == "" {
			like = "0"
		}
		if strings.HasPrefix(val, "-") {
			like = "-" + like
		}
		return fmt.Sprintf("%swrite a whole number like %s, not %q", key, like, val), true
	}
	return fmt.Sprintf("%s%q is not a number (%s): write a whole number like 1, or text in quotes", key, val, why), true
}

// conflictMarker is the line of the first conflict marker git leaves in a
// file it could not merge, or 0 when there is none.
func conflictMarker(src []byte) int {
	line := 1
	for rest := src; len(rest) > 0; line++ {
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if bytes.HasPrefix(l, []byte("<<<<<<< ")) || bytes.HasPrefix(l, []byte(">>>>>>> ")) || string(l) == "=======" || string(l) == "<<<<<<<" || string(l) == ">>>>>>>" {
			return line
		}
	}
	return 0
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// decoder turns the generic values of one file into the model's structs,
// reporting unknown keys and wrong types at their line and column.
type decoder struct {
	file string
	lay  *layout
	errs Errors
	// item is the name of the [[item]] tables being filled ("routine"),
	// "" for os.toml: a header under an item's table starts with it.
	item string
}

func (d *decoder) errorf(code string, p Pos, format string, args ...any) {
	d.errs = append(d.errs, errAt(code, d.file, p, format, args...))
}

// tableKeys maps key → position for the keys of layout table t.
func (d *decoder) tableKeys(t int) map[string]Pos {
	m := make(map[string]Pos, len(d.lay.tables[t].keys))
	for _, k := range d.lay.tables[t].keys {
		m[k.key] = k.pos()
	}
	return m
}

// metaKeys is tableKeys as Meta keeps them: sorted by key.
func (d *decoder) metaKeys(t int) []keyPos {
	keys := make([]keyPos, 0, len(d.lay.tables[t].keys))
	for _, k := range d.lay.tables[t].keys {
		keys = append(keys, keyPos{k.key, k.pos()})
	}
	slices.SortStableFunc(keys, func(a, b keyPos) int { return strings.Compare(a.key, b.key) })
	// A key set twice fails to decode before this; were it not, the last
	// would count, as in a map.
	out := keys[:0]
	for i, k := range keys {
		if i+1 < len(keys) && keys[i+1].key == k.key {
			continue
		}
		out = append(out, k)
	}
	return out
}

func (d *decoder) tablePos(t int) Pos {
	tl := d.lay.tables[t]
	if tl.header < 0 {
		return Pos{Line: 1, Col: 1}
	}
	return Pos{Line: tl.header + 1, Col: tl.col}
}

// clockKeys are the keys whose value is a time of day, "HH:MM".
var clockKeys = map[string]bool{"at": true, "start": true, "end": true}

var fileKinds = map[string][]Kind{
	FileRoutines:   {KindRoutine},
	FilePriorities: {KindPriority},
	FileCalendar:   {KindBlock, KindEvent},
	FileThemes:     {KindTheme},
}

// items decodes the [[kind]] arrays of an item file into o.
func (d *decoder) items(raw map[string]any, o *OS) {
	kinds := fileKinds[d.file]
	allowed := make([]string, len(kinds))
	for i, k := range kinds {
		allowed[i] = string(k)
	}
	rootKeys := d.tableKeys(0)
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		k := Kind(key)
		if !slices.Contains(allowed, key) {
			p, ok := rootKeys[key]
			if !ok {
				p = d.headerPos(key)
			}
			d.unknown(p, key, allowed, fmt.Sprintf("%s holds only [[%s]] tables", d.file, strings.Join(allowed, "]], [[")))
			continue
		}
		list, ok := raw[key].([]map[string]any)
		if !ok {
			if arr, isArr := raw[key].([]any); isArr && len(arr) == 0 {
				continue
			}
			p, found := rootKeys[key]
			if !found {
				p = d.headerPos(key)
			}
			d.errorf(CodeType, p, "%q must be an array of tables: write each item as [[%s]]", key, key)
			continue
		}
		sections := d.lay.tablesNamed(key, true)
		d.item = key
		for i, m := range list {
			meta := Meta{File: d.file}
			if i < len(sections) {
				meta.Line = d.lay.tables[sections[i]].header + 1
				meta.keys = d.metaKeys(sections[i])
			} else if p, ok := rootKeys[key]; ok {
				meta.Line = p.Line
			}
			it := NewItem(k)
			tb, v, _ := tableOf(it)
			d.fill(tb, v, "", m, meta)
			tb.setMeta(v, "", meta)
			o.appendItem(it)
		}
	}
}

// headerPos is the position of the first header named name.
func (d *decoder) headerPos(name string) Pos {
	for i := range d.lay.tables {
		if i > 0 && (d.lay.tables[i].name == name || strings.HasPrefix(d.lay.tables[i].name, name+".")) {
			return d.tablePos(i)
		}
	}
	return Pos{Line: 1, Col: 1}
}

// settings decodes os.toml.
func (d *decoder) settings(raw map[string]any, s *Settings) {
	meta := Meta{File: d.file, Line: 1, keys: d.metaKeys(0)}
	tb, v, _ := tableOf(s)
	d.fill(tb, v, "", raw, meta)
	s.Meta = meta
}

// fill sets the fields of struct v, whose keys tb lists, from m, the
// table of the keys that start with prefix ("" at the top, "calendar."
// for [calendar]), reporting unknown keys and values of the wrong type.
func (d *decoder) fill(tb *keyTable, v reflect.Value, prefix string, m map[string]any, meta Meta) {
	// Sorted, so that findings come in the same order every time. This is
	// once per item: sized up front, not grown as slices.Sorted grows it.
	keys := slices.AppendSeq(make([]string, 0, len(m)), maps.Keys(m))
	slices.Sort(keys)
	for _, key := range keys {
		val := m[key]
		// prefix+key is built where it is looked up, so that it does not
		// escape: the lookups cost no allocation.
		if sub, ok := tb.tables[prefix+key]; ok {
			full := prefix + key
			subMap, ok := val.(map[string]any)
			if !ok {
				d.errorf(CodeType, meta.KeyPos(key), "%s must be a table: write it as [%s]", key, full)
				continue
			}
			subMeta := Meta{File: d.file}
			if ts := d.lay.tablesNamed(full, false); len(ts) > 0 {
				subMeta.keys = d.metaKeys(ts[0])
				subMeta.Line = d.lay.tables[ts[0]].header + 1
			} else {
				subMeta.Line = meta.KeyPos(key).Line
			}
			d.fill(tb, v, sub, subMap, subMeta)
			tb.setMeta(v, sub, subMeta)
			continue
		}
		i, ok := tb.byKey[prefix+key]
		if !ok {
			d.unknown(d.setAt(meta, prefix, key), key, tb.levels[prefix], d.takes(tb, prefix))
			continue
		}
		f := tb.fields[i]
		if msg := assign(v.FieldByIndex(f.index), f.typ, val); msg != "" {
			if t, isTime := val.(time.Time); isTime && clockKeys[key] && t.Location().String() == "time-local" {
				// start = 09:00 is a TOML time of day: myos's times
				// are text. Only a key that holds a time is told to
				// quote it: duration = 10:00 quoted is no duration.
				msg = fmt.Sprintf("write the time in quotes: %q", t.Format("15:04"))
			}
			d.errorf(CodeType, meta.KeyPos(key), "%s: %s", key, msg)
		} else if msg := dateRange(val); msg != "" {
			d.errorf(CodeValue, meta.KeyPos(key), "%s: %s", key, msg)
		}
	}
}

// setAt is where key, of the table whose keys start with prefix and
// whose Meta is meta, was set: at the key, at a dotted key under it
// (priority.limit = 3), or at the header of a table of its own: a
// [priority] in os.toml, a [review.extra] under [review], a
// [routine.extra] under the [[routine]] whose header is at meta.Line.
func (d *decoder) setAt(meta Meta, prefix, key string) Pos {
	if p, ok := meta.keyPos(key); ok {
		return p
	}
	for _, k := range meta.keys {
		if strings.HasPrefix(k.key, key+".") {
			return k.pos
		}
	}
	// A header names the table in full, from the top of the file; the
	// first one from the table's own header on is its own or one inside
	// it.
	full := prefix + key
	if d.item != "" {
		full = d.item + "." + full
	}
	for i := 1; i < len(d.lay.tables); i++ {
		t := &d.lay.tables[i]
		if t.header+1 >= meta.Line && (t.name == full || strings.HasPrefix(t.name, full+".")) {
			return d.tablePos(i)
		}
	}
	return meta.KeyPos(key)
}

// takes says which keys the table of tb whose keys start with prefix
// takes, for an unknown key near none of them: "a routine takes id,
// title, ...", "[calendar] takes grid".
func (d *decoder) takes(tb *keyTable, prefix string) string {
	who := tb.what
	switch {
	case prefix != "":
		full := strings.TrimSuffix(prefix, ".")
		if d.item != "" {
			full = d.item + "." + full
		}
		who = "[" + full + "]"
	case d.item != "":
		who = "a " + tb.what
		if strings.ContainsRune("aeiou", rune(tb.what[0])) {
			who = "an " + tb.what
		}
	}
	return who + " takes " + strings.Join(tb.levels[prefix], ", ")
}

func (d *decoder) unknown(p Pos, key string, known []string, why string) {
	msg := fmt.Sprintf("unknown key %q", key)
	if s := Suggest(key, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else if why != "" {
		msg += " (" + why + ")"
	}
	d.errorf(CodeUnknownKey, p, "%s", msg)
}

// setMeta sets the Meta of the struct at the level of prefix, if it has
// one.
func (tb *keyTable) setMeta(v reflect.Value, prefix string, m Meta) {
	if idx, ok := tb.metas[prefix]; ok {
		// Through a pointer, which reflect hands out without boxing m.
		*v.FieldByIndex(idx).Addr().Interface().(*Meta) = m
	}
}

// assign stores a decoded TOML value in a field of type t, or says why it
// cannot.
func assign(fv reflect.Value, t keyType, val any) string {
	switch t {
	case keyDate:
		d, msg := toDate(val)
		if msg == "" {
			fv.Set(reflect.ValueOf(d))
		}
		return msg
	case keyDatePtr:
		d, msg := toDate(val)
		if msg == "" {
			fv.Set(reflect.ValueOf(&d))
		}
		return msg
	case keyBoolPtr:
		b, ok := val.(bool)
		if !ok {
			return "want true or false, got " + describe(val)
		}
		fv.Set(reflect.ValueOf(&b))
	case keyBool:
		b, ok := val.(bool)
		if !ok {
			return "want true or false, got " + describe(val)
		}
		fv.SetBool(b)
	case keyString:
		s, ok := val.(string)
		if !ok {
			return "want a string in quotes, got " + describe(val)
		}
		fv.SetString(s)
	case keyInt:
		n, ok := val.(int64)
		if !ok {
			return "want a whole number, got " + describe(val)
		}
		if n < -1<<31 || n > 1<<31-1 {
			return fmt.Sprintf("%d is out of range: write a whole number like 1", n)
		}
		fv.SetInt(n)
	case keyStrings:
		arr, ok := val.([]any)
		if !ok {
			return `want a list of strings, like ["mon", "tue"], got ` + describe(val)
		}
		out := make([]string, 0, len(arr))
		for _, e := range arr {
			s, ok := e.(string)
			if !ok {
				return "want a list of strings, found " + describe(e) + " in it"
			}
			out = append(out, s)
		}
		fv.Set(reflect.ValueOf(out))
	default:
		return "cannot be set from TOML"
	}
	return ""
}

func toDate(val any) (Date, string) {
	switch v := val.(type) {
	case time.Time:
		if v.Location().String() != "date-local" {
			return Date{}, "want a date without time, like 2026-12-01"
		}
		return DateOf(v), ""
	case string:
		if _, err := ParseDate(v); err == nil {
			return Date{}, fmt.Sprintf("write the date without quotes: %s", v)
		}
	}
	return Date{}, "want a date like 2026-12-01, got " + describe(val)
}

// dateRange says what is wrong with a TOML date outside the years
// ParseDate takes, so that a file cannot hold a date a flag could not give;
// the date is kept, so that nothing else is reported missing.
func dateRange(val any) string {
	t, ok := val.(time.Time)
	if !ok {
		return ""
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Sprintf("want a year from %d to %d, got %s", MinYear, MaxYear, DateOf(t))
	}
	return ""
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case int64:
		return fmt.Sprintf("the number %d", x)
	case float64:
		return fmt.Sprintf("the number %g", x)
	case bool:
		return fmt.Sprintf("%t", x)
	case time.Time:
		// BurntSushi/toml marks a date or a time of day without the rest
		// by its location.
		switch x.Location().String() {
		case "date-local":
			return "the date " + x.Format("2006-01-02")
		case "time-local":
			return "the time " + x.Format("15:04")
		}
		return "a date-time"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

func (o *OS) appendItem(it Item) {
	switch x := it.(type) {
	case *Routine:
		o.Routines = append(o.Routines, *x)
	case *Priority:
		o.Priorities = append(o.Priorities, *x)
	case *Block:
		o.Blocks = append(o.Blocks, *x)
	case *Event:
		o.Events = append(o.Events, *x)
	case *Theme:
		o.Themes = append(o.Themes, *x)
	}
}

// applyDefaults fills in what a file may leave out: the statuses.
func applyDefaults(o *OS) {
	for i := range o.Routines {
		if o.Routines[i].Status == "" {
			o.Routines[i].Status = RoutineActive
		}
	}
	for i := range o.Priorities {
		if o.Priorities[i].Status == "" {
			o.Priorities[i].Status = PriorityNext
		}
	}
	for i := range o.Themes {
		if o.Themes[i].Status == "" {
			o.Themes[i].Status = ThemeActive
		}
	}
}
