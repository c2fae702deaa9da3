package routines

// The limits keep hostile files away from the TOML decoder, whose time and
// memory grow with the square of how deep a file nests: ten thousand
// nested inline tables take it seconds and gigabytes. An OS file nests two
// or three levels and its keys are words, so the limits are far above
// anything a person writes and far below what hurts.

import "fmt"

const (
	// MaxNesting is how deep arrays and inline tables may nest.
	MaxNesting = 32
	// MaxKeyParts is how many parts a dotted key or a table header may
	// have (a.b.c has three).
	MaxKeyParts = 16
	// MaxKeyLen is how long, in bytes, one part of a key may be.
	MaxKeyLen = 128
)

// checkStructure scans src as TOML without decoding it and refuses nesting
// deeper than MaxNesting, dotted keys of more than MaxKeyParts parts and
// keys longer than MaxKeyLen, naming the line and column. What it does not
// understand it leaves to the decoder, which reports syntax errors better.
func checkStructure(name string, src []byte) (Finding, bool) {
	s := structScanner{src: src}
	if i, msg := s.scan(); msg != "" {
		return errAt(CodeFile, name, posOf(src, i), "%s", msg), true
	}
	return Finding{}, false
}

type structScanner struct {
	src   []byte
	i     int
	stack []byte // open '[' (array) and '{' (inline table) of values
}

// scan returns the offset and text of the first limit broken, or "".
func (s *structScanner) scan() (int, string) {
	key := true // reading a key: at a line's start, or after '{' or ','
	parts, partStart := 0, -1
	// endPart ends a bare key part at s.i; a part too long is reported
	// where it starts.
	endPart := func() (int, string) {
		start := partStart
		partStart = -1
		if start >= 0 && s.i-start > MaxKeyLen {
			return start, fmt.Sprintf("a key of %d characters: keys are at most %d", s.i-start, MaxKeyLen)
		}
		return 0, ""
	}
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '#':
			for s.i < len(s.src) && s.src[s.i] != '\n' {
				s.i++
			}
			continue
		case c == '\n':
			if len(s.stack) == 0 {
				key, parts = true, 0
			}
		case c == '"' || c == '\'':
			start := s.i
			if !s.skipString() {
				return len(s.src), "" // unterminated: the decoder says where
			}
			if key {
				parts++
				if parts > MaxKeyParts {
					return start, fmt.Sprintf("a key of more than %d dotted parts", MaxKeyParts)
				}
				if n := s.i - start - 2; n > MaxKeyLen {
					return start, fmt.Sprintf("a key of %d characters: keys are at most %d", n, MaxKeyLen)
				}
			}
			continue
		case key && isBareKeyByte(c):
			if partStart < 0 {
				partStart = s.i
				parts++
				if parts > MaxKeyParts {
					return s.i, fmt.Sprintf("a key of more than %d dotted parts", MaxKeyParts)
				}
			}
			s.i++
			continue
		case key && (c == '[' || c == ']') && len(s.stack) == 0:
			// A table header's brackets are not nesting.
		case key && c == '=':
			if at, msg := endPart(); msg != "" {
				return at, msg
			}
			key = false
		case !key && (c == '[' || c == '{'):
			s.stack = append(s.stack, c)
			if len(s.stack) > MaxNesting {
				return s.i, fmt.Sprintf("arrays and tables nested more than %d deep (an OS file needs two or three)", MaxNesting)
			}
			if c == '{' {
				key, parts = true, 0
			}
		case c == ']' || c == '}':
			if len(s.stack) > 0 {
				s.stack = s.stack[:len(s.stack)-1]
			}
			key = false
		case c == ',':
			if len(s.stack) > 0 && s.stack[len(s.stack)-1] == '{' {
				key, parts = true, 0
			}
		}
		if key {
			if at, msg := endPart(); msg != "" {
				return at, msg
			}
		}
		s.i++
	}
	return endPart()
}

// skipString moves past the string starting at s.i: basic or literal,
// single- or multi-line. It reports false when the string does not end.
func (s *structScanner) skipString() bool {
	q := s.src[s.i]
	triple := s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q
	if triple {
		s.i += 3
		for s.i+2 < len(s.src) {
			switch {
			case q == '"' && s.src[s.i] == '\\':
				s.i += 2
			case s.src[s.i] == q && s.src[s.i+1] == q && s.src[s.i+2] == q:
				s.i += 3
				// Up to two more quotes belong to the string.
				for n := 0; n < 2 && s.i < len(s.src) && s.src[s.i] == q; n++ {
					s.i++
				}
				return true
			default:
				s.i++
			}
		}
		return false
	}
	s.i++
	for s.i < len(s.src) {
		switch c := s.src[s.i]; {
		case c == '\n':
			return false
		case q == '"' && c == '\\':
			s.i += 2
		case c == q:
			s.i++
			return true
		default:
			s.i++
		}
	}
	return false
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
