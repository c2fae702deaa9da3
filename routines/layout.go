package routines

import (
	"bytes"
	"strings"
)

// The layout of a TOML file: where its tables and keys stand, down to the
// byte. The decoder (BurntSushi/toml) says what the values are; the layout
// says where they are, so that errors can name a line and edits can touch
// one table and keep every other byte. It is only ever run on text the
// decoder has accepted, so it need not diagnose bad syntax, only never
// misread good syntax and never panic on anything.

// line is one line of a file: [start, end) excludes the line ending.
type line struct {
	start, end int
}

// keyLayout is one `key = value` of a table.
type keyLayout struct {
	key      string // as written, unquoted when it is a simple quoted key
	line     int    // 0-based line of the key
	col      int    // 1-based column of the key
	eqCol    int    // 1-based column of '='
	valStart int    // byte offset of the value
	valEnd   int    // byte offset just past the value (before any comment)
	lastLine int    // 0-based line the value ends on
}

// tableLayout is the root table or one [table] / [[table]] section.
type tableLayout struct {
	name   string // "" for the root
	array  bool   // [[name]]
	header int    // 0-based line of the header; -1 for the root
	col    int    // 1-based column of the header
	keys   []keyLayout
	next   int // 0-based line of the next header, or the line count
}

// lastLine is the last line that holds the table's header or keys.
func (t *tableLayout) lastLine() int {
	if len(t.keys) > 0 {
		return t.keys[len(t.keys)-1].lastLine
	}
	return t.header
}

type layout struct {
	src    []byte
	lines  []line
	tables []tableLayout // tables[0] is the root
	crlf   bool
	// bom is the length of the UTF-8 byte order mark the file starts with
	// (3 or 0). It belongs to no line: the first line starts after it, so
	// that columns, indentation and edits at the top of the file all leave
	// it where it is.
	bom int
}

func splitLines(src []byte) []line {
	var out []line
	start := 0
	for i, c := range src {
		if c == '\n' {
			end := i
			if end > start && src[end-1] == '\r' {
				end--
			}
			out = append(out, line{start, end})
			start = i + 1
		}
	}
	if start < len(src) {
		out = append(out, line{start, len(src)})
	}
	return out
}

// scanLayout reads the layout of src.
func scanLayout(src []byte) *layout {
	l := &layout{src: src, lines: splitLines(src), bom: len(bomPrefix(src))}
	if len(l.lines) > 0 {
		l.lines[0].start = l.bom
	}
	l.crlf = bytes.Contains(src, []byte("\r\n"))
	l.tables = []tableLayout{{header: -1}}
	cur := &l.tables[0]
	for i := 0; i < len(l.lines); i++ {
		ln := l.lines[i]
		text := src[ln.start:ln.end]
		off := 0
		for off < len(text) && (text[off] == ' ' || text[off] == '\t') {
			off++
		}
		if off >= len(text) || text[off] == '#' {
			continue
		}
		if text[off] == '[' {
			array := off+1 < len(text) && text[off+1] == '['
			open := 1
			if array {
				open = 2
			}
			name, _ := readKey(text, off+open)
			l.tables = append(l.tables, tableLayout{name: name, array: array, header: i, col: off + 1})
			cur = &l.tables[len(l.tables)-1]
			continue
		}
		key, p := readKey(text, off)
		for p < len(text) && (text[p] == ' ' || text[p] == '\t') {
			p++
		}
		if p >= len(text) || text[p] != '=' {
			continue // not a key line (cannot happen in accepted TOML)
		}
		eq := p
		p++
		for p < len(text) && (text[p] == ' ' || text[p] == '\t') {
			p++
		}
		k := keyLayout{key: key, line: i, col: off + 1, eqCol: eq + 1, valStart: ln.start + p}
		k.valEnd, k.lastLine = l.scanValue(i, ln.start+p)
		cur.keys = append(cur.keys, k)
		i = k.lastLine
	}
	for t := range l.tables {
		if t+1 < len(l.tables) {
			l.tables[t].next = l.tables[t+1].header
		} else {
			l.tables[t].next = len(l.lines)
		}
	}
	return l
}

func bomPrefix(b []byte) []byte {
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		return b[:3]
	}
	return nil
}

// readKey reads a bare, quoted or dotted key starting at text[p] and returns
// it (see trimKey) and the offset after it.
func readKey(text []byte, p int) (string, int) {
	for p < len(text) && (text[p] == ' ' || text[p] == '\t') {
		p++
	}
	start := p
	for p < len(text) {
		c := text[p]
		switch {
		case c == '"' || c == '\'':
			q := c
			p++
			for p < len(text) && text[p] != q {
				if q == '"' && text[p] == '\\' {
					p++
				}
				p++
			}
			p++
		case c == '=' || c == ']' || c == '#':
			return trimKey(text[start:min(p, len(text))]), p
		default:
			p++
		}
	}
	return trimKey(text[start:min(p, len(text))]), p
}

// trimKey is a key as the model names it: the parts of a dotted key joined
// by bare dots ("review . weekly_day" and "review".weekly_day are both
// review.weekly_day), and quotes removed from a part that is a simple
// quoted key.
func trimKey(b []byte) string {
	var parts []string
	start := 0
	for p := 0; p < len(b); p++ {
		switch c := b[p]; c {
		case '"', '\'':
			for p++; p < len(b) && b[p] != c; p++ {
				if c == '"' && b[p] == '\\' {
					p++
				}
			}
		case '.':
			parts = append(parts, trimKeyPart(b[start:p]))
			start = p + 1
		}
	}
	if parts == nil {
		return trimKeyPart(b)
	}
	return strings.Join(append(parts, trimKeyPart(b[start:])), ".")
}

func trimKeyPart(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && (b[0] == '"' || b[0] == '\'') && b[len(b)-1] == b[0] && bytes.Count(b, b[:1]) == 2 {
		return string(b[1 : len(b)-1])
	}
	return string(b)
}

// scanValue finds where the value that starts at byte pos (on line i) ends:
// after the closing quote of a (multi-line) string, the closing bracket of
// an array or inline table, or the last non-space character before a
// comment or the end of the line.
func (l *layout) scanValue(i, pos int) (end, lastLine int) {
	src := l.src
	depth := 0
	lastNonSpace := pos
	p := pos
	for p < len(src) {
		c := src[p]
		switch {
		case c == '\n':
			if depth == 0 {
				return lastNonSpace, i
			}
			i++
			p++
			continue
		case c == '#':
			for p < len(src) && src[p] != '\n' {
				p++
			}
			continue
		case c == '"' || c == '\'':
			triple := p+2 < len(src) && src[p+1] == c && src[p+2] == c
			var q []byte
			if triple {
				q = src[p : p+3]
				p += 3
			} else {
				q = src[p : p+1]
				p++
			}
			for p < len(src) {
				if c == '"' && src[p] == '\\' {
					if p+1 < len(src) && src[p+1] == '\n' {
						i++
					}
					p += 2
					continue
				}
				if src[p] == '\n' {
					if !triple {
						break
					}
					i++
				}
				if bytes.HasPrefix(src[p:], q) {
					p += len(q)
					// A multi-line string may end in up to two extra quotes.
					for triple && p < len(src) && src[p] == c {
						p++
					}
					break
				}
				p++
			}
			lastNonSpace = min(p, len(src))
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ' ' || c == '\t' || c == '\r':
			p++
			continue
		}
		p++
		lastNonSpace = p
	}
	return lastNonSpace, i
}

// tablesNamed returns the indexes of the [[name]] sections, in file order.
func (l *layout) tablesNamed(name string, array bool) []int {
	var out []int
	for i := range l.tables {
		if i > 0 && l.tables[i].name == name && l.tables[i].array == array {
			out = append(out, i)
		}
	}
	return out
}

// pos is the 1-based position of key k.
func (k keyLayout) pos() Pos { return Pos{Line: k.line + 1, Col: k.col} }
