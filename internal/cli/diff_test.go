package cli

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func numbered(n int, changed map[int]string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if s, ok := changed[i]; ok {
			b.WriteString(s + "\n")
			continue
		}
		fmt.Fprintf(&b, "l%d\n", i)
	}
	return b.String()
}

// TestWriteHunks checks hunks against what git diff writes for the same
// files.
func TestWriteHunks(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"far apart: two hunks", numbered(20, nil), numbered(20, map[int]string{3: "X3", 17: "X17"}),
			"@@ -1,6 +1,6 @@\n l1\n l2\n-l3\n+X3\n l4\n l5\n l6\n" +
				"@@ -14,7 +14,7 @@ l13\n l14\n l15\n l16\n-l17\n+X17\n l18\n l19\n l20\n"},
		{"six lines apart: one hunk", numbered(30, nil), numbered(30, map[int]string{5: "X5", 12: "X12"}),
			"@@ -2,14 +2,14 @@ l1\n l2\n l3\n l4\n-l5\n+X5\n l6\n l7\n l8\n l9\n l10\n l11\n-l12\n+X12\n l13\n l14\n l15\n"},
		{"seven lines apart: two hunks", numbered(30, nil), numbered(30, map[int]string{5: "X5", 13: "X13"}),
			"@@ -2,7 +2,7 @@ l1\n l2\n l3\n l4\n-l5\n+X5\n l6\n l7\n l8\n" +
				"@@ -10,7 +10,7 @@ l9\n l10\n l11\n l12\n-l13\n+X13\n l14\n l15\n l16\n"},
		{"from empty", "", "a\nb\n", "@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\nb\n", "", "@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{"newline added at the end", "a\nb", "a\nb\n", "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{"one line", "a\n", "b\n", "@@ -1 +1 @@\n-a\n+b\n"},
		{"same", "a\nb\n", "a\nb\n", ""},
		{"heading from the last key above", "# c\n[[r]]\nid = \"x\"\n\n\n\nat = 1\n", "# c\n[[r]]\nid = \"x\"\n\n\n\nat = 2\n",
			"@@ -4,4 +4,4 @@ id = \"x\"\n \n \n \n-at = 1\n+at = 2\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		writeHunks(&b, tt.a, tt.b, 3, plainStyles())
		if got := b.String(); got != tt.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

// TestWriteHunksApply checks, over many random edits, that the hunks turn
// the old text into the new one and that their headers count right.
func TestWriteHunksApply(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		a := randomText(rng)
		b := randomEdit(rng, a)
		var w strings.Builder
		writeHunks(&w, a, b, 3, plainStyles())
		got, err := applyHunks(a, w.String())
		if err != nil {
			t.Fatalf("case %d: %v\nold:\n%s\nnew:\n%s\ndiff:\n%s", i, err, a, b, w.String())
		}
		if got != b {
			t.Fatalf("case %d: applying the diff gives\n%q\nwant\n%q\ndiff:\n%s", i, got, b, w.String())
		}
	}
}

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(30) {
		fmt.Fprintf(&b, "line %d\n", rng.IntN(8))
	}
	s := b.String()
	if s != "" && rng.IntN(5) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

func randomEdit(rng *rand.Rand, a string) string {
	lines := strings.SplitAfter(a, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for range rng.IntN(5) {
		i := rng.IntN(len(lines) + 1)
		switch rng.IntN(3) {
		case 0:
			lines = append(lines[:i], append([]string{fmt.Sprintf("new %d\n", rng.IntN(100))}, lines[i:]...)...)
		case 1:
			if i < len(lines) {
				lines = append(lines[:i], lines[i+1:]...)
			}
		default:
			if i < len(lines) {
				lines[i] = fmt.Sprintf("changed %d\n", rng.IntN(100))
			}
		}
	}
	s := strings.Join(lines, "")
	if s != "" && rng.IntN(5) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

// applyHunks applies the hunks of a unified diff to old, checking that
// each hunk's context and removed lines are there and that its header
// counts its lines.
func applyHunks(old, diff string) (string, error) {
	src := strings.SplitAfter(old, "\n")
	if src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	var out []string
	next := 0 // index of the next old line to copy
	lines := strings.SplitAfter(diff, "\n")
	for i := 0; i < len(lines) && lines[i] != ""; {
		h := lines[i]
		var oldStart, oldCount, newStart, newCount int
		if err := parseHunkHeader(h, &oldStart, &oldCount, &newStart, &newCount); err != nil {
			return "", err
		}
		from := oldStart - 1
		if oldCount == 0 {
			from = oldStart
		}
		if from < next {
			return "", fmt.Errorf("hunk %q overlaps the one before", h)
		}
		out = append(out, src[next:from]...)
		next = from
		if newCount > 0 && newStart-1 != len(out) {
			return "", fmt.Errorf("hunk %q: new side starts at %d, want %d", h, newStart, len(out)+1)
		}
		i++
		nOld, nNew := 0, 0
		for ; i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@"); i++ {
			l := lines[i]
			noEOL := i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`)
			text := l[1:]
			if noEOL {
				text = strings.TrimSuffix(text, "\n")
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(src) || src[next] != text {
					return "", fmt.Errorf("hunk %q: old line %d is not %q", h, next+1, text)
				}
				next++
				nOld++
				if l[0] == ' ' {
					out = append(out, text)
					nNew++
				}
			case '+':
				out = append(out, text)
				nNew++
			default:
				return "", fmt.Errorf("unexpected line %q", l)
			}
			if noEOL {
				i++
			}
		}
		if nOld != oldCount || nNew != newCount {
			return "", fmt.Errorf("hunk %q has %d old and %d new lines", h, nOld, nNew)
		}
	}
	out = append(out, src[next:]...)
	return strings.Join(out, ""), nil
}

func parseHunkHeader(h string, oldStart, oldCount, newStart, newCount *int) error {
	f := strings.Fields(h)
	if len(f) < 4 || f[0] != "@@" || f[3] != "@@" {
		return fmt.Errorf("bad hunk header %q", h)
	}
	side := func(s string, start, count *int) error {
		a, b, found := strings.Cut(s[1:], ",")
		var err error
		if *start, err = strconv.Atoi(a); err != nil {
			return fmt.Errorf("bad hunk header %q", h)
		}
		*count = 1
		if found {
			if *count, err = strconv.Atoi(b); err != nil {
				return fmt.Errorf("bad hunk header %q", h)
			}
		}
		return nil
	}
	if err := side(f[1], oldStart, oldCount); err != nil {
		return err
	}
	return side(f[2], newStart, newCount)
}

// plainStyles leaves a diff uncoloured, so that tests compare text.
func plainStyles() diffStyles {
	same := func(s string) string { return s }
	return diffStyles{meta: same, frag: same, old: same, new: same}
}

// TestDiffDaysBackNotACommit guards `myos diff 365d`: a number of days
// back whose digits begin a commit's id (235d and 235dc61) was that
// commit, not the OS as it was that many days ago.
func TestDiffDaysBackNotACommit(t *testing.T) {
	d, _ := editTestOS(t, "", "true")
	repo, err := d.openRepo()
	if err != nil {
		t.Fatal(err)
	}
	prefix := regexp.MustCompile(`^[0-9]{3}d`)
	var rev string
	for i := 0; rev == "" && i < 2000; i++ {
		if err := runSet(d, setOptions{kind: "routine", id: "sleep", assign: []string{fmt.Sprintf("why=reason %d", i)}}); err != nil {
			t.Fatalf("set: %v", err)
		}
		h, err := repo.Resolve("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		if prefix.MatchString(h) {
			rev = h[:4]
		}
	}
	if rev == "" {
		t.Fatal("no commit id begins with three digits and d")
	}
	// The OS began today: that many days back is before it.
	_, _, err = diffSides(repo, []string{rev}, d.now)
	if err == nil || !strings.Contains(err.Error(), "the OS began on") {
		t.Errorf("diff %s: got %v, want the OS began after that day", rev, err)
	}
}
