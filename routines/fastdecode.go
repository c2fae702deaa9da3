package routines

// The fast decoder reads the plain TOML that OS files are written in, a
// few times faster than BurntSushi/toml, which stays the authority: for a
// file it reads, fastDecode returns exactly the map BurntSushi/toml would
// (same keys, same Go types, same values), and for anything else it says
// so and the caller asks BurntSushi/toml, which then decodes the file or
// reports the error as it always has. When in doubt, it does not read.
//
// What it reads: comments and blank lines, LF or CRLF line endings, a
// leading UTF-8 byte order mark, [table] and [[table]] headers whose
// name is one bare or quoted key, `key = value` with one bare or
// quoted key, and values that are basic strings (with every escape
// BurntSushi/toml knows), literal strings, decimal integers, true and
// false, local dates (2026-12-01) and arrays of these, over several lines,
// with comments and a trailing comma. Dotted keys, inline tables,
// multi-line strings, floats, times and datetimes, integers in other bases
// and every error are left to BurntSushi/toml.

import (
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// DecodeTOML decodes src as BurntSushi/toml decodes it into a
// map[string]any, the fast way when the file is the plain TOML above, as
// the files myos writes are; anything else, and every error, is
// BurntSushi/toml's. Review records are read with it: ten years of them
// are 3,650 files.
func DecodeTOML(src []byte) (map[string]any, error) { return decodeTOML(src) }

// decodeTOML decodes src as BurntSushi/toml decodes it into a
// map[string]any, the fast way when fastDecode reads src.
func decodeTOML(src []byte) (map[string]any, error) {
	if raw, ok := fastDecode(src); ok {
		return raw, nil
	}
	var raw map[string]any
	_, err := toml.Decode(string(src), &raw)
	return raw, err
}

// fastDecode decodes src, or reports false when src is not plain TOML as
// above (or not TOML at all).
func fastDecode(src []byte) (map[string]any, bool) {
	if !utf8.Valid(src) {
		return nil, false
	}
	s := string(src) // keys and unescaped strings are slices of it
	s = strings.TrimPrefix(s, "\ufeff")
	d := fastDecoder{s: s, root: map[string]any{}}
	if !d.file() {
		return nil, false
	}
	return d.root, true
}

// fastDecoder reads one file. Every method returns false, and the whole
// decode gives up, on the first thing it does not read.
type fastDecoder struct {
	s    string
	i    int
	root map[string]any
}

// dateLocal is the location BurntSushi/toml gives local dates, which it
// does not export: taken from a date it decodes.
var dateLocal = sync.OnceValue(func() *time.Location {
	var m map[string]any
	if _, err := toml.Decode("d = 2000-01-01", &m); err != nil {
		panic("routines: BurntSushi/toml cannot decode a date: " + err.Error())
	}
	return m["d"].(time.Time).Location()
})

func (d *fastDecoder) file() bool {
	cur := d.root
	for {
		d.skipBlank()
		if d.i >= len(d.s) {
			return true
		}
		switch d.s[d.i] {
		case '#':
			if !d.comment() {
				return false
			}
		case '[':
			t, ok := d.header()
			if !ok || !d.lineEnd() {
				return false
			}
			cur = t
		default:
			key, ok := d.key()
			if !ok {
				return false
			}
			d.skipSpace()
			if !d.eat('=') {
				return false
			}
			d.skipSpace()
			v, ok := d.value(0)
			if !ok || !d.lineEnd() {
				return false
			}
			if _, dup := cur[key]; dup {
				return false
			}
			cur[key] = v
		}
	}
}

// header reads a [name] or [[name]] header and returns the table that the
// keys after it go to.
func (d *fastDecoder) header() (map[string]any, bool) {
	d.i++ // '['
	array := d.eat('[')
	d.skipSpace()
	name, ok := d.key()
	if !ok {
		return nil, false
	}
	d.skipSpace()
	if !d.eat(']') || array && !d.eat(']') {
		return nil, false
	}
	t := map[string]any{}
	old, exists := d.root[name]
	switch {
	case !array && !exists:
		d.root[name] = t
	case array && !exists:
		d.root[name] = []map[string]any{t}
	case array:
		// Only [[name]] makes a list of tables: no value does.
		list, ok := old.([]map[string]any)
		if !ok {
			return nil, false
		}
		d.root[name] = append(list, t)
	default:
		return nil, false // a table defined twice, or a key and a table
	}
	return t, true
}

// key reads one bare or quoted key.
func (d *fastDecoder) key() (string, bool) {
	if d.i >= len(d.s) {
		return "", false
	}
	switch d.s[d.i] {
	case '"':
		return d.basicString()
	case '\'':
		return d.literalString()
	}
	start := d.i
	for d.i < len(d.s) && isBareKeyByte(d.s[d.i]) {
		d.i++
	}
	return d.s[start:d.i], d.i > start
}

// value reads the value that starts at d.i; depth is how deep in arrays
// it stands.
func (d *fastDecoder) value(depth int) (any, bool) {
	if d.i >= len(d.s) {
		return nil, false
	}
	switch d.s[d.i] {
	case '"':
		if strings.HasPrefix(d.s[d.i:], `"""`) {
			return nil, false
		}
		return d.basicString()
	case '\'':
		if strings.HasPrefix(d.s[d.i:], `'''`) {
			return nil, false
		}
		return d.literalString()
	case '[':
		if depth >= MaxNesting {
			return nil, false
		}
		return d.array(depth + 1)
	}
	start := d.i
	for d.i < len(d.s) && !endsWord(d.s[d.i]) {
		d.i++
	}
	return word(d.s[start:d.i])
}

// endsWord reports whether c ends a bare value such as 42 or true.
func endsWord(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ']', '#':
		return true
	}
	return false
}

// word is the value of a bare word: true, false, a decimal integer or a
// local date.
func word(w string) (any, bool) {
	switch w {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	if n, ok := decimal(w); ok {
		return n, true
	}
	return localDate(w)
}

// decimal reads a decimal integer: an optional sign, then 0 or digits
// that do not start with 0, with single underscores between digits.
func decimal(w string) (int64, bool) {
	digits := w
	if digits != "" && (digits[0] == '+' || digits[0] == '-') {
		digits = digits[1:]
	}
	if digits == "" || digits[0] == '0' && len(digits) > 1 {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c == '_' && i > 0 && i+1 < len(digits) && isDigit(digits[i-1]) && isDigit(digits[i+1]) {
			continue
		}
		if !isDigit(c) {
			return 0, false
		}
	}
	// Base 0, as BurntSushi/toml parses, for the underscores; the checks
	// above leave no prefix that would change the base.
	n, err := strconv.ParseInt(w, 0, 64)
	return n, err == nil
}

// localDate reads a date without a time, like 2026-12-01.
func localDate(w string) (any, bool) {
	if len(w) != 10 || w[4] != '-' || w[7] != '-' {
		return nil, false
	}
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if !isDigit(s[i]) {
				return -1
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	y, m, day := num(w[:4]), num(w[5:7]), num(w[8:])
	if y < 0 || m < 1 || m > 12 || day < 1 || day > 31 {
		return nil, false
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, dateLocal())
	if t.Day() != day { // 2026-02-30
		return nil, false
	}
	return t, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// array reads an array; d.i is at its '['.
func (d *fastDecoder) array(depth int) (any, bool) {
	d.i++
	arr := []any{}
	for {
		if !d.skipArrayBlank() {
			return nil, false
		}
		if d.eat(']') {
			return arr, true
		}
		v, ok := d.value(depth)
		if !ok {
			return nil, false
		}
		arr = append(arr, v)
		if !d.skipArrayBlank() {
			return nil, false
		}
		if d.eat(']') {
			return arr, true
		}
		if !d.eat(',') {
			return nil, false
		}
	}
}

// skipArrayBlank skips the spaces, line endings and comments between the
// values of an array.
func (d *fastDecoder) skipArrayBlank() bool {
	for {
		d.skipBlank()
		if d.i >= len(d.s) || d.s[d.i] != '#' {
			return true
		}
		if !d.comment() {
			return false
		}
	}
}

// basicString reads a "string"; d.i is at its opening quote.
func (d *fastDecoder) basicString() (string, bool) {
	d.i++
	start := d.i
	var b *strings.Builder // only once there is an escape
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			if b == nil {
				return d.s[start : d.i-1], true
			}
			b.WriteString(d.s[start : d.i-1])
			return b.String(), true
		case c == '\\':
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(d.s[start:d.i])
			if !d.escape(b) {
				return "", false
			}
			start = d.i
		case isControlByte(c):
			return "", false // a line ending or a control character
		default:
			d.i++
		}
	}
	return "", false
}

// escape reads the escape at d.i into b.
func (d *fastDecoder) escape(b *strings.Builder) bool {
	if d.i+1 >= len(d.s) {
		return false
	}
	c := d.s[d.i+1]
	d.i += 2
	hex := 0
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case 'e':
		b.WriteByte(0x1b)
	case '"':
		b.WriteByte('"')
	case '\\':
		b.WriteByte('\\')
	case 'x':
		hex = 2
	case 'u':
		hex = 4
	case 'U':
		hex = 8
	default:
		return false
	}
	if hex == 0 {
		return true
	}
	if d.i+hex > len(d.s) {
		return false
	}
	var r rune
	for _, h := range []byte(d.s[d.i : d.i+hex]) {
		switch {
		case isDigit(h):
			r = r<<4 | rune(h-'0')
		case h >= 'a' && h <= 'f':
			r = r<<4 | rune(h-'a'+10)
		case h >= 'A' && h <= 'F':
			r = r<<4 | rune(h-'A'+10)
		default:
			return false
		}
	}
	if !utf8.ValidRune(r) {
		return false
	}
	d.i += hex
	b.WriteRune(r)
	return true
}

// literalString reads a 'string'; d.i is at its opening quote.
func (d *fastDecoder) literalString() (string, bool) {
	d.i++
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		if c == '\'' {
			d.i++
			return d.s[start : d.i-1], true
		}
		if isControlByte(c) {
			return "", false
		}
		d.i++
	}
	return "", false
}

// isControlByte reports whether c may not stand in a string or comment:
// a control character other than tab, including the line endings.
func isControlByte(c byte) bool {
	return c < 0x20 && c != '\t' || c == 0x7f
}

// comment reads a comment up to, not including, its line ending.
func (d *fastDecoder) comment() bool {
	for d.i < len(d.s) {
		c := d.s[d.i]
		if c == '\n' || c == '\r' {
			return true // skipBlank or lineEnd checks a \r
		}
		if isControlByte(c) {
			return false
		}
		d.i++
	}
	return true
}

// lineEnd reads what may follow a header or a value: spaces, a comment, a
// line ending or the end of the file.
func (d *fastDecoder) lineEnd() bool {
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == '#' && !d.comment() {
		return false
	}
	switch {
	case d.i == len(d.s):
		return true
	case d.s[d.i] == '\n':
		d.i++
		return true
	case strings.HasPrefix(d.s[d.i:], "\r\n"):
		d.i += 2
		return true
	}
	return false
}

func (d *fastDecoder) skipSpace() {
	for d.i < len(d.s) && (d.s[d.i] == ' ' || d.s[d.i] == '\t') {
		d.i++
	}
}

// skipBlank skips spaces and line endings; a \r that does not end a line
// is left for the caller to refuse.
func (d *fastDecoder) skipBlank() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n':
			d.i++
		case '\r':
			if !strings.HasPrefix(d.s[d.i:], "\r\n") {
				return
			}
			d.i += 2
		default:
			return
		}
	}
}

func (d *fastDecoder) eat(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}
