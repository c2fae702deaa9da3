package ics

// This file keeps the format's rules for bytes: every content line ends
// in CRLF, no line is longer than 75 octets (longer ones are folded onto
// continuation lines that start with a space, never inside a UTF-8
// character), and TEXT values escape backslash, semicolon, comma and
// newline.

import (
	"strings"
	"unicode/utf8"
)

// maxLine is the longest a line may be, in octets, without its CRLF.
const maxLine = 75

// lineWriter collects content lines, folded and CRLF-terminated.
type lineWriter struct {
	b strings.Builder
}

// line writes one content line, folding it as needed.
func (l *lineWriter) line(s string) {
	l.b.WriteString(fold(s))
}

// fold splits s into lines of at most maxLine octets, each continuation
// starting with a space, and ends every line with CRLF. It breaks only
// between runes.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/maxLine*3 + 2)
	n := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		if n+size > maxLine {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(s[i : i+size])
		n += size
		i += size
	}
	b.WriteString("\r\n")
	return b.String()
}

// escapeText writes s as an RFC 5545 TEXT value. Line breaks of any kind
// become \n; other control characters, which TEXT cannot hold, are left
// out (a tab is kept).
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// paramValue writes a parameter value, quoted when it holds a character
// that would end it. Double quotes cannot be written at all and are
// dropped.
func paramValue(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}
