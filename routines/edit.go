package routines

// Edits that keep a person's file theirs: a command that changes one item
// rewrites only the lines of that item's table that say something
// different, and keeps every other byte — comments, order, blank lines,
// alignment, line endings — exactly as it was. New items are appended in
// the style of the items already there.

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// AppendItem returns src with a new [[kind]] table for it, placed after
// the last table of the same kind (or at the end of the file), written in
// the file's own style: its indentation, alignment of '=', blank lines
// between tables and line endings.
func AppendItem(src []byte, it Item) []byte {
	l := scanLayout(src)
	kind := string(it.ItemKind())
	same := l.tablesNamed(kind, true)
	eol := l.eol()

	style := l.keyStyle(same)
	blank := 1
	if len(same) > 0 {
		blank = l.blanksBefore(l.tables[same[len(same)-1]].header)
	} else if len(l.tables) > 1 {
		blank = l.blanksBefore(l.tables[len(l.tables)-1].header)
	}
	blank = max(1, min(blank, 2))

	var b strings.Builder
	b.WriteString("[[" + kind + "]]" + eol)
	for _, f := range Fields(it) {
		b.WriteString(style.line(f.Key, EncodeValue(f.Value)) + eol)
	}
	table := b.String()

	var at int
	if len(same) > 0 {
		at = l.afterLine(l.tables[same[len(same)-1]].lastLine())
	} else {
		at = len(src)
	}
	before, after := src[:at], src[at:]
	var out bytes.Buffer
	out.Write(before)
	if len(before) > l.bom && !bytes.HasSuffix(before, []byte("\n")) {
		out.WriteString(eol)
	}
	// Blank lines already standing at the insertion point count toward
	// the separation, so appending never piles them up.
	have := trailingBlankLines(out.Bytes())
	if onlyBlank(out.Bytes()) {
		have = blank
	}
	for i := have; i < blank; i++ {
		out.WriteString(eol)
	}
	out.WriteString(table)
	if len(after) > 0 && !bytes.HasPrefix(bytes.TrimLeft(after, " \t"), []byte("\n")) && !bytes.HasPrefix(after, []byte("\r\n")) {
		for i := 0; i < blank; i++ {
			out.WriteString(eol)
		}
	}
	out.Write(after)
	return out.Bytes()
}

// UpdateItem rewrites the table of the item old (found by kind and old's
// id) so that it says what updated says: changed values are replaced where
// they stand, newly set keys are added after the table's last key, and keys
// that are no longer set are removed. Keys whose values did not change are
// left byte for byte, even when written in another style.
func UpdateItem(src []byte, old, updated Item) ([]byte, error) {
	l := scanLayout(src)
	t, err := l.findItem(src, old.ItemKind(), old.ItemID())
	if err != nil {
		return nil, err
	}
	// A key is written when Fields lists it: the one notion of set that
	// loading, setting and diffing share.
	newF := fieldMap(Fields(updated))
	var set []Field
	var del []string
	for _, key := range ChangedFields(old, updated) {
		if v, ok := newF[key]; ok {
			set = append(set, Field{Key: key, Value: v})
		} else {
			del = append(del, key)
		}
	}
	return l.editTable(t, set, del, -1), nil
}

// RemoveItem removes the table of item kind/id, with the comment lines
// directly above it and directly below its last key, and the blank lines
// that would otherwise double up. The comments that open and close the
// file are the file's, not its first or last item's: they stay, even when
// no blank line parts them from the item.
func RemoveItem(src []byte, k Kind, id string) ([]byte, error) {
	l := scanLayout(src)
	t, err := l.findItem(src, k, id)
	if err != nil {
		return nil, err
	}
	return l.removeTable(t), nil
}

// RemoveTable removes the i-th (from 0) [[name]] table of src as
// RemoveItem removes an item's, for files outside the model that keep a
// list of tables, such as myos's own config. It is an error when src does
// not load, or writes that list otherwise than as [[name]] tables.
func RemoveTable(src []byte, name string, i int) ([]byte, error) {
	raw, err := decodeTOML(src)
	if err != nil {
		return nil, err
	}
	n := 0
	switch list := raw[name].(type) {
	case []map[string]any:
		n = len(list)
	case []any:
		n = len(list)
	}
	l := scanLayout(src)
	sections := l.tablesNamed(name, true)
	if len(sections) != n {
		return nil, fmt.Errorf("cannot edit [[%s]] in place: write each as its own [[%s]] table", name, name)
	}
	if i < 0 || i >= n {
		return nil, fmt.Errorf("no [[%s]] table %d", name, i+1)
	}
	return l.removeTable(sections[i]), nil
}

// removeTable is the file without table t, its comments and the blank
// lines that would double up.
func (l *layout) removeTable(t int) []byte {
	src := l.src
	header := l.tables[t].header
	first := l.commentAbove(header)
	last := l.commentBelow(l.tables[t].lastLine())
	start := l.lines[first].start
	end := l.afterLine(last)
	// The blank lines after the table go with it when those before it
	// stay to part what comes next from what stood before. Below a file
	// comment that stays they stay too: without them the file's comment
	// would read as the next item's.
	takeBlanks := first == 0 || l.isBlank(first-1)
	if first == header && header > 0 && l.isComment(header-1) {
		takeBlanks = false
	}
	if takeBlanks {
		for i := last + 1; i < len(l.lines) && l.isBlank(i); i++ {
			end = l.afterLine(i)
		}
	}
	if onlyBlank(src[end:]) {
		// The last table: drop the blank lines that separated it, so the
		// file ends where the item before it ended.
		for first > 0 && l.isBlank(first-1) {
			first--
		}
		start = l.lines[first].start
		end = len(src)
	}
	out := append([]byte{}, src[:start]...)
	return append(out, src[end:]...)
}

// commentAbove is the first line of the comment block directly above
// the header at line h, or h when there is none. A block that opens the
// file (after nothing but blank lines) is the file's, and counts as
// none.
func (l *layout) commentAbove(h int) int {
	first := h
	for first > 0 && l.isComment(first-1) {
		first--
	}
	if first < h && l.blanksBefore(first) == first {
		return h
	}
	return first
}

// commentBelow is the last line of the comment lines directly below
// line last, a table's last line, that are its own, or last when there
// are none. Only keys put aside there ("# at = \"07:00\"") are the
// table's, and only those that come first: any other comment may head
// what follows (a divider, "# Evening"), and stays with what comes after
// it. A comment block with a header right under it is that table's,
// keys put aside and all, and one that closes the file (with nothing but
// blank lines after it) is the file's.
func (l *layout) commentBelow(last int) int {
	end := last
	for end+1 < len(l.lines) && l.isComment(end+1) && commentedKey(l.text(end+1)) {
		end++
	}
	if end == last {
		return last
	}
	// The comment block the keys begin runs on to a blank line, a header
	// or the end: with a header right under it, the whole block is that
	// table's comment (see commentAbove).
	block := end
	for block+1 < len(l.lines) && l.isComment(block+1) {
		block++
	}
	next := block + 1
	for next < len(l.lines) && l.isBlank(next) {
		next++
	}
	if next == len(l.lines) || block+1 == next {
		return last
	}
	return end
}

// commentedKey reports whether a comment line is a key = value line put
// aside: "# at = \"07:00\"".
func commentedKey(line []byte) bool {
	rest := bytes.TrimSpace(bytes.TrimLeft(bytes.TrimSpace(line), "#"))
	i := 0
	for i < len(rest) && (rest[i] == '_' || rest[i] == '-' || rest[i] >= 'a' && rest[i] <= 'z' || rest[i] >= 'A' && rest[i] <= 'Z' || rest[i] >= '0' && rest[i] <= '9') {
		i++
	}
	return i > 0 && bytes.HasPrefix(bytes.TrimSpace(rest[i:]), []byte("="))
}

// ItemComments are the comments of an item's table, by where they stand
// in it, so that they can go with the item when it is written into
// another file. Comment lines are as written, without trailing space.
type ItemComments struct {
	Above  []string            // lines directly above the header
	Header string              // the comment the header's line ends in, with the space before it
	Before map[string][]string // lines between the key before and this key, by key; "" for a blank one
	End    map[string]string   // the comment a key's value ends in, with the space before it, by key
	Below  []string            // lines directly below the last key
}

// TableComments reads the comments inside the table of item kind/id in
// src: the comment lines between its header and its last key, and those
// its lines end in. A comment inside a value (a list written over
// several lines) has no place in the table AppendItem writes, and is left
// out. Above and Below are for the caller: which lines around a table are
// its own is for the one who knows how the file came to be.
func TableComments(src []byte, k Kind, id string) (ItemComments, error) {
	c := ItemComments{Before: map[string][]string{}, End: map[string]string{}}
	l := scanLayout(src)
	t, err := l.findItem(src, k, id)
	if err != nil {
		return c, err
	}
	tl := &l.tables[t]
	_, p := readKey(l.text(tl.header), tl.col+1)
	c.Header = l.commentAfter(tl.header, l.lines[tl.header].start+p)
	next := tl.header + 1
	for _, key := range tl.keys {
		// The comment lines before the key, and the blank lines between
		// them.
		first, last := -1, -1
		for i := next; i < key.line; i++ {
			if l.isComment(i) {
				last = i
				if first < 0 {
					first = i
				}
			}
		}
		for i := first; first >= 0 && i <= last; i++ {
			c.Before[key.key] = append(c.Before[key.key], string(bytes.TrimRight(l.text(i), " \t")))
		}
		if cm := l.commentAfter(key.lastLine, key.valEnd); cm != "" {
			c.End[key.key] = cm
		}
		next = key.lastLine + 1
	}
	return c, nil
}

// commentAfter is the comment line i ends in after byte off, with the
// space before it, or "".
func (l *layout) commentAfter(i, off int) string {
	ln := l.lines[i]
	if off < ln.start || off > ln.end {
		return ""
	}
	rest := bytes.TrimLeft(l.src[off:ln.end], "]")
	if !bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte("#")) {
		return ""
	}
	return string(bytes.TrimRight(rest, " \t"))
}

// AddComments writes c into the table of item kind/id in src, a table
// with no comments of its own, as AppendItem writes it: each comment at
// its place, before or after the lines of the keys it stands by. A
// comment whose key the table does not have is left out. Should the
// comments change anything TOML reads in the file, src is returned as it
// was.
func AddComments(src []byte, k Kind, id string, c ItemComments) []byte {
	l := scanLayout(src)
	t, err := l.findItem(src, k, id)
	if err != nil {
		return src
	}
	tl := &l.tables[t]
	eol := l.eol()
	type splice struct {
		at   int
		text string
	}
	var edits []splice
	lines := func(cs []string) string {
		var b strings.Builder
		for _, s := range cs {
			b.WriteString(s + eol)
		}
		return b.String()
	}
	// A comment that ends a line goes where the line has none.
	endOf := func(i, off int, cm string) {
		if strings.TrimSpace(cm) != "" && l.commentAfter(i, off) == "" {
			if !strings.HasPrefix(cm, " ") && !strings.HasPrefix(cm, "\t") {
				cm = " " + cm
			}
			edits = append(edits, splice{l.lines[i].end, cm})
		}
	}
	edits = append(edits, splice{l.lines[tl.header].start, lines(c.Above)})
	_, p := readKey(l.text(tl.header), tl.col+1)
	endOf(tl.header, l.lines[tl.header].start+p, c.Header)
	for _, key := range tl.keys {
		edits = append(edits, splice{l.lines[key.line].start, lines(c.Before[key.key])})
		endOf(key.lastLine, key.valEnd, c.End[key.key])
	}
	if len(c.Below) > 0 {
		at := l.afterLine(tl.lastLine())
		text := lines(c.Below)
		if at > 0 && src[at-1] != '\n' {
			text = eol + strings.TrimSuffix(text, eol)
		}
		edits = append(edits, splice{at, text})
	}
	// Apply from the end so that earlier offsets stay valid; at one
	// offset, in the order they were made.
	out := append([]byte{}, src...)
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		out = append(out[:e.at], append([]byte(e.text), out[e.at:]...)...)
	}
	before, err1 := decodeTOML(src)
	after, err2 := decodeTOML(out)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(before, after) {
		return src
	}
	return out
}

// UpdateSettings rewrites os.toml so that it says what updated says,
// changing only the keys whose values differ from old. A table of os.toml
// written as an inline table (review = { ... }) cannot be edited in place;
// that is an error that says how to rewrite it.
func UpdateSettings(src []byte, old, updated *Settings) ([]byte, error) {
	newF := fieldMap(SettingsFields(updated))
	for _, key := range ChangedSettingsFields(old, updated) {
		var err error
		if src, err = setSettingsKey(src, key, newF[key]); err != nil {
			return nil, err
		}
	}
	return src, nil
}

// SetRootKey sets key, a key of the file's root table, to val in src,
// as set does in os.toml: only the value is rewritten, so a comment after
// it, the line's indentation, the file's line endings and a value written
// over several lines before are kept; a key not written yet goes after
// the root's last key. Other files of key = value lines (a template's
// template.toml) are edited with it.
func SetRootKey(src []byte, key string, val any) []byte {
	return scanLayout(src).editTable(0, []Field{{Key: key, Value: val}}, nil, -1)
}

func fieldMap(fs []Field) map[string]any {
	m := make(map[string]any, len(fs))
	for _, f := range fs {
		m[f.Key] = f.Value
	}
	return m
}

// setSettingsKey sets (or, for a nil value, removes) one dotted os.toml key.
// val is nil when SettingsFields does not list the key: it is not set.
// A key of a table goes where the file keeps that table: its [table]
// section, or dotted keys in the root ("review.weekly_day = ..."), for TOML
// does not allow a [table] section after dotted keys have defined the
// table. Only a file with neither gets a new section.
func setSettingsKey(src []byte, dotted string, val any) ([]byte, error) {
	l := scanLayout(src)
	table, key, nested := strings.Cut(dotted, ".")
	if !nested {
		table, key = "", dotted
	}
	var set []Field
	var del []string
	if val == nil {
		del = []string{key}
	} else {
		set = []Field{{Key: key, Value: val}}
	}
	if !nested {
		return l.editTable(0, set, del, -1), nil
	}
	if l.tables[0].has(table) {
		return nil, fmt.Errorf("%s: cannot edit %s in place: %s is an inline table; write [%s] as a table", FileOS, dotted, table, table)
	}
	// The table's keys written dotted in the root: this key goes with them.
	if last := l.tables[0].lastKeyWithPrefix(table + "."); last >= 0 {
		if set != nil {
			set[0].Key = dotted
		} else {
			del[0] = dotted
		}
		return l.editTable(0, set, del, last), nil
	}
	if ts := l.tablesNamed(table, false); len(ts) > 0 {
		return l.editTable(ts[0], set, del, -1), nil
	}
	if set == nil {
		return src, nil
	}
	eol := l.eol()
	var out bytes.Buffer
	out.Write(src)
	if !onlyBlank(src) {
		if !bytes.HasSuffix(src, []byte("\n")) {
			out.WriteString(eol)
		}
		if trailingBlankLines(out.Bytes()) == 0 {
			out.WriteString(eol)
		}
	}
	out.WriteString("[" + table + "]" + eol + key + " = " + EncodeValue(val) + eol)
	return out.Bytes(), nil
}

// findItem is the layout table of item kind/id.
func (l *layout) findItem(src []byte, k Kind, id string) (int, error) {
	raw, err := decodeTOML(src)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", k.File(), err)
	}
	list, _ := raw[string(k)].([]map[string]any)
	sections := l.tablesNamed(string(k), true)
	for i, m := range list {
		if m["id"] != id {
			continue
		}
		if len(sections) != len(list) {
			return 0, fmt.Errorf("%s: cannot edit %s %q in place: write each %s as its own [[%s]] table", k.File(), k, id, k, k)
		}
		return sections[i], nil
	}
	return 0, fmt.Errorf("%s: no %s with id %q", k.File(), k, id)
}

func (t *tableLayout) has(key string) bool {
	for _, k := range t.keys {
		if k.key == key {
			return true
		}
	}
	return false
}

// lastKeyWithPrefix is the last line of the last key of t that starts with
// prefix, or -1.
func (t *tableLayout) lastKeyWithPrefix(prefix string) int {
	last := -1
	for _, k := range t.keys {
		if strings.HasPrefix(k.key, prefix) {
			last = k.lastLine
		}
	}
	return last
}

// editTable replaces, removes and adds keys of table t and returns the
// new file. New keys go after line after, or after the table's last key
// when after is -1.
func (l *layout) editTable(t int, set []Field, del []string, after int) []byte {
	type splice struct {
		start, end int
		text       string
	}
	var edits []splice
	tl := &l.tables[t]
	style := l.keyStyle([]int{t})
	eol := l.eol()
	var added []string
	for _, f := range set {
		found := false
		for _, k := range tl.keys {
			if k.key == f.Key {
				edits = append(edits, splice{k.valStart, k.valEnd, EncodeValue(f.Value)})
				found = true
				break
			}
		}
		if !found {
			added = append(added, style.line(f.Key, EncodeValue(f.Value)))
		}
	}
	for _, key := range del {
		for _, k := range tl.keys {
			if k.key == key {
				edits = append(edits, splice{l.lines[k.line].start, l.afterLine(k.lastLine), ""})
			}
		}
	}
	if len(added) > 0 {
		last := tl.lastLine()
		if after >= 0 {
			last = after
		}
		var at int
		var text string
		if last < 0 {
			// The root table with no keys: add them at the top, after
			// the byte order mark if there is one.
			at, text = l.bom, strings.Join(added, eol)+eol
			if len(l.tables) > 1 {
				text += eol
			}
		} else {
			at = l.afterLine(last)
			text = strings.Join(added, eol) + eol
			if at > 0 && l.src[at-1] != '\n' {
				text = eol + strings.TrimSuffix(text, eol)
			}
		}
		edits = append(edits, splice{at, at, text})
	}
	// Apply from the end so that earlier offsets stay valid.
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte{}, l.src...)
	for _, e := range edits {
		out = append(out[:e.start], append([]byte(e.text), out[e.end:]...)...)
	}
	return out
}

// keyStyle is how a table writes its keys: indentation and where '=' is.
type keyStyle struct {
	indent string
	eqCol  int // 0: "key = value"; else pad keys so '=' stands at this column
}

func (s keyStyle) line(key, val string) string {
	k := s.indent + key
	if s.eqCol > 0 && len(k) < s.eqCol-1 {
		return k + strings.Repeat(" ", s.eqCol-1-len(k)) + "= " + val
	}
	return k + " = " + val
}

// keyStyle reads the style of the last of tables (or of the file's root).
func (l *layout) keyStyle(tables []int) keyStyle {
	t := 0
	if len(tables) > 0 {
		t = tables[len(tables)-1]
	}
	keys := l.tables[t].keys
	if len(keys) == 0 {
		return keyStyle{}
	}
	k := keys[0]
	s := keyStyle{indent: string(l.src[l.lines[k.line].start : l.lines[k.line].start+k.col-1])}
	aligned := len(keys) > 1
	for _, o := range keys {
		if o.eqCol != k.eqCol {
			aligned = false
		}
	}
	if aligned {
		s.eqCol = k.eqCol
	}
	return s
}

func (l *layout) eol() string {
	if l.crlf {
		return "\r\n"
	}
	return "\n"
}

// afterLine is the offset just past line i and its line ending.
func (l *layout) afterLine(i int) int {
	end := l.lines[i].end
	if end < len(l.src) && l.src[end] == '\r' {
		end++
	}
	if end < len(l.src) && l.src[end] == '\n' {
		end++
	}
	return end
}

func (l *layout) text(i int) []byte { return l.src[l.lines[i].start:l.lines[i].end] }

func (l *layout) isBlank(i int) bool { return len(bytes.TrimSpace(l.text(i))) == 0 }

func (l *layout) isComment(i int) bool {
	return bytes.HasPrefix(bytes.TrimSpace(l.text(i)), []byte("#"))
}

// blanksBefore counts the blank lines directly above line i.
func (l *layout) blanksBefore(i int) int {
	n := 0
	for j := i - 1; j >= 0 && l.isBlank(j); j-- {
		n++
	}
	return n
}

func trailingBlankLines(b []byte) int {
	n := 0
	for len(b) > 0 {
		b = bytes.TrimSuffix(b, []byte("\n"))
		b = bytes.TrimSuffix(b, []byte("\r"))
		i := bytes.LastIndexByte(b, '\n')
		if len(bytes.TrimSpace(b[i+1:])) != 0 {
			return n
		}
		if i < 0 {
			return n + 1
		}
		n++
		b = b[:i+1]
	}
	return n
}

// onlyBlank reports whether b holds nothing but white space, after the
// byte order mark it may start with.
func onlyBlank(b []byte) bool { return len(bytes.TrimSpace(b[len(bomPrefix(b)):])) == 0 }

// EncodeValue writes v (string, int, bool, Date, *Date or []string) as a
// TOML value. Text with line breaks becomes a multi-line string, so that
// notes stay readable when a person opens the file.
func EncodeValue(v any) string {
	switch x := v.(type) {
	case string:
		return encodeString(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case Date:
		return x.String()
	case *Date:
		if x != nil {
			return x.String()
		}
	case *bool:
		if x != nil {
			return strconv.FormatBool(*x)
		}
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = encodeString(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return `""`
}

func encodeString(s string) string {
	multi := strings.Contains(s, "\n")
	var b strings.Builder
	if multi {
		b.WriteString(`"""` + "\n")
	} else {
		b.WriteByte('"')
	}
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			// In a multi-line string only a run of quotes, or one at the
			// very end, needs escaping; escaping every quote is simplest
			// and still reads fine.
			b.WriteString(`\"`)
		case r == '\n' && multi:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r' && multi && i+1 < len(runes) && runes[i+1] == '\n':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}
