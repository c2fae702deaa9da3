// Package textwidth measures, cuts and pads text in terminal columns, for
// every view that lines text up in columns. A terminal gives a CJK
// character and most emoji two columns, a combining accent none, and
// draws a grapheme cluster (a flag, a family emoji, a letter with its
// accents) as one thing; counting code points gets all three wrong. Text
// is only ever cut between grapheme clusters, so a cut never leaves half
// a character or a lone accent behind.
//
// The widths are the ones a terminal uses outside East Asian locales:
// characters of ambiguous width ("…", "–", "·") take one column. They do
// not depend on the locale or any other setting, so a view renders the
// same bytes in a test as on a screen.
package textwidth

import (
	"strings"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"
	"github.com/mattn/go-runewidth"
)

// cond is the one width table every view measures with. It is built here
// rather than taken from runewidth.DefaultCondition, which reads the
// locale from the environment when the program starts.
var cond = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// ellipsis marks where Truncate cut.
const ellipsis = "…"

// Width is how many terminal columns s takes.
func Width(s string) int {
	if n, ok := narrowWidth(s); ok {
		return n
	}
	return cond.StringWidth(s)
}

// narrowWidth is the width of s when every rune of it is one column wide
// by narrowRune; ok is false otherwise. Nearly all text myos lays out is
// such text, and runewidth builds a 2 MB table the first time it meets a
// rune past U+02FF (the en dash of every time span among them), which
// costs a command about a millisecond. TestNarrowRunes holds narrowRune to
// runewidth's answers.
func narrowWidth(s string) (int, bool) {
	n := 0
	for _, r := range s {
		if !narrowRune(r) {
			return 0, false
		}
		n++
	}
	return n, true
}

// narrowRune reports whether r is a printable character that stands on
// its own in one column: Latin letters without combining marks, and the
// punctuation, arrows and block characters myos draws with.
func narrowRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xad: // controls, soft hyphen
		return false
	case r < 0x300: // Latin-1 and Latin Extended, spacing modifiers
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotes, bullets, "…"
		return true
	case r >= 0x2190 && r <= 0x2193, r == 0x21bb: // ← ↑ → ↓ ↻
		return true
	case r >= 0x2500 && r <= 0x259f: // box drawing, "░" and "█"
		return true
	}
	return false
}

// Truncate cuts s to at most n columns, ending in "…" when it cut; spaces
// before the "…" go too. A character wider than the room left is left out
// whole, so the result may be a column short of n.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if Width(s) <= n {
		return s
	}
	return strings.TrimRight(Head(s, n-1), " ") + ellipsis
}

// Head is the longest start of s that fits in n columns, cut between
// grapheme clusters and with nothing added.
func Head(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if w, ok := narrowWidth(s); ok {
		if w <= n {
			return s
		}
		i := 0
		for range n {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		return s[:i]
	}
	return cond.Truncate(s, n, "")
}

// Tail is the longest end of s that fits in n columns, cut between
// grapheme clusters and with nothing added: Head from the other end.
func Tail(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if w, ok := narrowWidth(s); ok {
		if w <= n {
			return s
		}
		i := len(s)
		for range n {
			_, size := utf8.DecodeLastRuneInString(s[:i])
			i -= size
		}
		return s[i:]
	}
	return cond.TruncatePrefix(s, n, "")
}

// TailWords is Tail cut further to start at a word, after a space, so
// that text shown from the middle on does not open with half a word. When
// no word starts in the last n columns it is Tail(s, n).
func TailWords(s string, n int) string {
	t := Tail(s, n)
	if len(t) == len(s) || s[len(s)-len(t)-1] == ' ' {
		return t
	}
	for j := 1; j < len(t); j++ {
		// A space followed by a combining mark is one cluster with it:
		// the cut is only taken where Tail would make it too.
		if t[j-1] == ' ' && t[j] != ' ' && Tail(s, Width(t[j:])) == t[j:] {
			return t[j:]
		}
	}
	return t
}

// SharedHead is the longest start that a and b have in common and that
// ends between grapheme clusters in both: what comes after it in each
// begins with a character the other does not have there.
func SharedHead(a, b string) string {
	k := 0
	for k < len(a) && k < len(b) && a[k] == b[k] {
		k++
	}
	if k == len(a) && k == len(b) {
		return a
	}
	_, narrowA := narrowWidth(a)
	_, narrowB := narrowWidth(b)
	if narrowA && narrowB {
		// Every rune of such text is a cluster of its own: back off to
		// the start of the rune the two differ in.
		for k > 0 && (k < len(a) && !utf8.RuneStart(a[k]) || k < len(b) && !utf8.RuneStart(b[k])) {
			k--
		}
		return a[:k]
	}
	// The clusters of the two are compared in step, by the segmenter
	// runewidth cuts with, so the end is one Head and Tail cut at too.
	// That segmenter glues a lead byte short of its bytes at the end of a
	// text onto the cluster before it; runewidth, and so this, segments
	// the text with NULs after it, which are clusters of their own, to
	// cut it as it cuts the same bytes followed by more.
	const nuls = "\x00\x00\x00"
	ga, gb := graphemes.FromString(a+nuls), graphemes.FromString(b+nuls)
	end := 0
	for ga.Next() && gb.Next() && ga.End() <= len(a) && gb.End() <= len(b) && ga.Value() == gb.Value() {
		end = ga.End()
	}
	return a[:end]
}

// Pad fits s into exactly n columns: truncated when longer, filled out
// with spaces when shorter.
func Pad(s string, n int) string {
	s = Truncate(s, n)
	return s + spaces(n-Width(s))
}

// PadLeft right-aligns s in exactly n columns, truncating it when longer.
func PadLeft(s string, n int) string {
	s = Truncate(s, n)
	return spaces(n-Width(s)) + s
}

// Wrap breaks s into lines of at most n columns at spaces. A word longer
// than a line is cut between grapheme clusters; a single character wider
// than n gets a line of its own rather than being lost.
func Wrap(s string, n int) []string {
	if n <= 0 {
		return nil
	}
	var lines []string
	line, lineW := "", 0
	for _, word := range strings.Fields(s) {
		wordW := Width(word)
		switch {
		case line == "":
			line, lineW = word, wordW
		case lineW+1+wordW <= n:
			line, lineW = line+" "+word, lineW+1+wordW
		default:
			lines = append(lines, line)
			line, lineW = word, wordW
		}
		for lineW > n {
			head := Head(line, n)
			if head == "" {
				head = firstCluster(line)
			}
			lines = append(lines, head)
			line = line[len(head):]
			lineW = Width(line)
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// firstCluster is the first grapheme cluster of s: the shortest start of
// it that Head gives back for some width.
func firstCluster(s string) string {
	for n := 1; n <= Width(s); n++ {
		if h := Head(s, n); h != "" {
			return h
		}
	}
	return s
}

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}
