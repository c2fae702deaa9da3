package textwidth

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Text that terminals draw wider or narrower than its code points: the
// cases a count of runes gets wrong.
const (
	cjk     = "会議の準備"                // five characters, ten columns
	flag    = "\U0001F1EB\U0001F1EE" // 🇫🇮: two regional indicators, one flag
	family  = "👨\u200d👩\u200d👧"      // three emoji joined into one
	eAcute  = "e\u0301"              // e and a combining acute: é
	partyUp = "🎉🎉 Party 🎂"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"Lunch", 5},
		{"päivä", 5},
		{"09:00–10:00", 11},
		{"free 15m · …", 12},
		{"░░░█", 4},
		{cjk, 10},
		{"会議の準備と資料作成", 20},
		{partyUp, 13},
		{flag, 2},
		{family, 2},
		{eAcute, 1},
		{"Cafe\u0301 ☕", 7},
		{"a\tb", 2}, // a control takes no column
	}
	for _, tt := range tests {
		if got := Width(tt.s); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"Lunch", 10, "Lunch"},
		{"Lunch", 5, "Lunch"},
		{"Lunch, away", 6, "Lunch…"},
		{"Deep work", 6, "Deep…"},
		{"päivä ☕ 会議", 7, "päivä…"},
		{"x", 0, ""},
		{"xy", 1, "…"},
		// Wide characters count two columns; one that does not fit whole
		// is left out, so the result may be a column short.
		{"会議会議", 3, "会…"},
		{"会議会議", 4, "会…"},
		{"会議会議", 5, "会議…"},
		{"会議の準備と資料作成", 9, "会議の準…"},
		{partyUp, 9, "🎉🎉 Par…"},
		// Grapheme clusters are never cut in half.
		{flag + flag + "x", 4, flag + "…"},
		{family + family, 3, family + "…"},
		{"Cafe\u0301s and more", 6, "Cafe\u0301s…"},
		{"Cafe\u0301s and more", 5, "Cafe\u0301…"},
	}
	for _, tt := range tests {
		got := Truncate(tt.s, tt.n)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
		if w := Width(got); w > max(tt.n, 0) {
			t.Errorf("Truncate(%q, %d) = %q, %d columns", tt.s, tt.n, got, w)
		}
	}
}

func TestTail(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"Lunch", 10, "Lunch"},
		{"Lunch, away", 4, "away"},
		{"Lunch", 0, ""},
		{"会議の準備", 5, "準備"}, // "の" does not fit in the column left
		{"会議の準備", 4, "準備"},
		// Grapheme clusters are never cut in half.
		{"x" + flag + flag, 3, flag},
		{"x" + family, 1, ""},
		{"Cafe\u0301", 2, "fe\u0301"},
		{"a\xffb", 2, "\xffb"},
	}
	for _, tt := range tests {
		if got := Tail(tt.s, tt.n); got != tt.want {
			t.Errorf("Tail(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestTailWords(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"Rest is earned", 20, "Rest is earned"},
		{"Rest is earned", 9, "is earned"},
		{"Rest is earned", 8, "earned"},
		{"Rest is earned", 6, "earned"},
		{"Rest is earned", 4, "rned"}, // no word starts in it
		{"Rest is  earned", 8, "earned"},
		{"会議の 準備", 5, "準備"},
		// A space with an accent on it is not where a word starts.
		{"ab \u0301c d", 4, "d"},
		{"ab \u0301cd", 3, " \u0301cd"},
	}
	for _, tt := range tests {
		if got := TailWords(tt.s, tt.n); got != tt.want {
			t.Errorf("TailWords(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestSharedHead(t *testing.T) {
	tests := []struct {
		a, b, want string
	}{
		{"", "", ""},
		{"Rest", "Rest", "Rest"},
		{"Rest", "Rested", "Rest"},
		{"Rest is earned", "Rest is kept", "Rest is "},
		{"abc", "xyz", ""},
		{"päivä", "päiviä", "päiv"},
		{"ä", "ö", ""}, // two bytes each, the first the same
		{"会議の準備", "会議の資料", "会議の"},
		// A letter and a letter with an accent differ in the letter.
		{"Cafe", "Cafe\u0301", "Caf"},
		{"Cafe\u0301s", "Cafe\u0301t", "Cafe\u0301"},
		{flag + flag, flag + "\U0001F1EB\U0001F1F7", flag},
		{family, "👨\u200d👩", ""},
		{"a\xffb", "a\xffc", "a\xff"},
		{"a\xff", "a\xfe", "a"},
		// A lead byte short of its bytes at the end is cut off as Head
		// cuts it, not glued to the flag before it.
		{"\U0001F1EBx", "\U0001F1EB\xf0", "\U0001F1EB"},
		// A character of no width is a difference all the same.
		{"ab\x01", "abc", "ab"},
	}
	for _, tt := range tests {
		if got := SharedHead(tt.a, tt.b); got != tt.want {
			t.Errorf("SharedHead(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
		if got := SharedHead(tt.b, tt.a); got != tt.want {
			t.Errorf("SharedHead(%q, %q) = %q, want %q", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestPad(t *testing.T) {
	tests := []struct {
		s          string
		n          int
		pad, right string
	}{
		{"Mon", 5, "Mon  ", "  Mon"},
		{cjk, 12, cjk + "  ", "  " + cjk},
		{cjk, 9, "会議の準…", "会議の準…"},
		{cjk, 8, "会議の… ", " 会議の…"},
		{partyUp, 10, "🎉🎉 Part…", "🎉🎉 Part…"},
		{flag, 3, flag + " ", " " + flag},
		{eAcute, 2, eAcute + " ", " " + eAcute},
		{"long text", 0, "", ""},
	}
	for _, tt := range tests {
		if got := Pad(tt.s, tt.n); got != tt.pad {
			t.Errorf("Pad(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.pad)
		}
		if got := PadLeft(tt.s, tt.n); got != tt.right {
			t.Errorf("PadLeft(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.right)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want []string
	}{
		{"Rest is earned", 40, []string{"Rest is earned"}},
		{"Rest is earned", 7, []string{"Rest is", "earned"}},
		{"Rest is earned", 4, []string{"Rest", "is", "earn", "ed"}},
		{"", 10, nil},
		{"ääää ööö", 4, []string{"ääää", "ööö"}},
		// Regression: CJK lines of twice the width asked for.
		{"会議の準備と資料作成 を 終える", 8, []string{"会議の準", "備と資料", "作成 を", "終える"}},
		{"会議の準備", 1, []string{"会", "議", "の", "準", "備"}},
		{flag + flag + flag, 5, []string{flag + flag, flag}},
		{"Cafe\u0301s", 4, []string{"Cafe\u0301", "s"}},
	}
	for _, tt := range tests {
		if got := Wrap(tt.s, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

// TestNarrowRunes holds the fast path of Width to the module's table: each
// rune it counts as one column is one column by runewidth, and stands on
// its own (it joins no cluster with the letter before it).
func TestNarrowRunes(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !narrowRune(r) {
			continue
		}
		s := string(r)
		if w := cond.StringWidth(s); w != 1 {
			t.Errorf("narrowRune(%U) is true, but runewidth gives it %d columns", r, w)
		}
		if h := cond.Truncate("x"+s+"x", 1, ""); h != "x" {
			t.Errorf("narrowRune(%U) is true, but it joins the letter before it: %q", r, h)
		}
	}
}

// FuzzTruncate checks on any text that a truncated string fits, is a
// start of the original with at most "…" added, and stays valid UTF-8.
func FuzzTruncate(f *testing.F) {
	for _, s := range []string{"Lunch, away", cjk, partyUp, flag + flag, family, eAcute + eAcute, "❤\ufe0f", "a\tb"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n % 100
		got := Truncate(s, n)
		if w := Width(got); w > max(n, 0) {
			t.Errorf("Truncate(%q, %d) = %q, %d columns", s, n, got, w)
		}
		if !strings.HasPrefix(s, strings.TrimSuffix(got, ellipsis)) {
			t.Errorf("Truncate(%q, %d) = %q, not a start of it", s, n, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("Truncate(%q, %d) = %q, not valid UTF-8", s, n, got)
		}
		if n > 0 {
			if w := Width(Pad(s, n)); w != n {
				t.Errorf("Pad(%q, %d) is %d columns", s, n, w)
			}
		}
	})
}

// FuzzTailSharedHead checks on any text that Tail fits and is an end of
// s, that TailWords is an end of Tail, and that SharedHead is a start of
// both texts after which they differ.
func FuzzTailSharedHead(f *testing.F) {
	for _, s := range []string{"Rest is earned", cjk, partyUp, flag + flag, family, eAcute + eAcute, "a\xffb", "a\tb"} {
		f.Add(s, s+"x", 5)
		f.Add(s, "x"+s, 3)
	}
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		n = n % 100
		tail := Tail(a, n)
		if w := Width(tail); w > max(n, 0) {
			t.Errorf("Tail(%q, %d) = %q, %d columns", a, n, tail, w)
		}
		if !strings.HasSuffix(a, tail) {
			t.Errorf("Tail(%q, %d) = %q, not an end of it", a, n, tail)
		}
		if words := TailWords(a, n); !strings.HasSuffix(tail, words) {
			t.Errorf("TailWords(%q, %d) = %q, not an end of Tail %q", a, n, words, tail)
		}
		shared := SharedHead(a, b)
		if !strings.HasPrefix(a, shared) || !strings.HasPrefix(b, shared) {
			t.Fatalf("SharedHead(%q, %q) = %q, not a start of both", a, b, shared)
		}
		if a != b && a[len(shared):] != "" && b[len(shared):] != "" && a[len(shared)] == b[len(shared)] &&
			Head(a[len(shared):], 1) != "" && Head(a[len(shared):], 1) == Head(b[len(shared):], 1) {
			t.Errorf("SharedHead(%q, %q) = %q, and both go on with %q", a, b, shared, Head(a[len(shared):], 1))
		}
	})
}
