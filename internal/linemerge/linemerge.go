// Package linemerge merges three versions of a text by line, as diff3
// does: a stretch of lines changed on one side only takes that side; a
// stretch changed on both sides to different text is a conflict, decided
// for the whole text by mine, theirs or both (mine's lines, then theirs').
// sync merges the files that hold no items (notes, the template record)
// this way, and the item merge uses its line matching to keep the text
// around the items.
package linemerge

import (
	"bytes"
	"strings"
)

// maxEdits bounds the line diff's work: beyond this many differing lines
// between base and one side, the lines between the common start and end
// count as all changed, which can only turn a clean merge into a conflict,
// never lose a line.
const maxEdits = 1000

// The decisions Merge takes for a conflicting stretch; they are the words
// sync and the item merge use for their own decisions.
const (
	TakeMine   = "mine"
	TakeTheirs = "theirs"
	TakeBoth   = "both"
)

// Split cuts b after each newline; a last line without one is kept.
func Split(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Match pairs lines of a with equal lines of b along a longest common
// subsequence (Myers' algorithm): m[i] is the index in b of a[i]'s match,
// or -1. Matches are increasing.
func Match(a, b []string) []int {
	m := make([]int, len(a))
	for i := range m {
		m[i] = -1
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		m[pre] = pre
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		m[len(a)-1-suf] = len(b) - 1 - suf
		suf++
	}
	x0, y0 := a[pre:len(a)-suf], b[pre:len(b)-suf]
	for i, j := range myers(x0, y0) {
		if j >= 0 {
			m[pre+i] = pre + j
		}
	}
	return m
}

// myers returns the matches of a shortest edit script from a to b, or none
// when it needs more than maxEdits edits.
func myers(a, b []string) []int {
	n, m := len(a), len(b)
	match := make([]int, n)
	for i := range match {
		match[i] = -1
	}
	if n == 0 || m == 0 {
		return match
	}
	limit := n + m
	if limit > maxEdits {
		limit = maxEdits
	}
	// v[k+off] is the furthest x on diagonal k; trace[d] keeps v's window
	// [-d-1, d+1] as it was before round d, to walk back along.
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	end := -1
	for d := 0; d <= limit && end < 0; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				end = d
				break
			}
		}
	}
	if end < 0 {
		return match
	}
	x, y := n, m
	for d := end; d >= 0; d-- {
		w := trace[d]
		at := func(k int) int { return w[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py && x > 0 && y > 0 {
			x--
			y--
			match[x] = y
		}
		x, y = px, py
	}
	return match
}

// chunk is a stretch of the three versions: stable (the same lines in all
// three) or changed somewhere.
type chunk struct {
	stable               bool
	base, mine, theirs   []string
	conflict             bool // changed on both sides, differently
	mineSame, theirsSame bool // that side left the base's lines alone
}

// diff3 cuts three versions into stable and changed chunks.
func diff3(base, mine, theirs []string) []chunk {
	ma, mb := Match(base, mine), Match(base, theirs)
	var out []chunk
	o, a, b := 0, 0, 0
	for {
		k := o
		for k < len(base) && (ma[k] < 0 || mb[k] < 0) {
			k++
		}
		if k < len(base) && k == o && ma[k] == a && mb[k] == b {
			if n := len(out); n > 0 && out[n-1].stable {
				out[n-1].base = append(out[n-1].base, base[o])
			} else {
				out = append(out, chunk{stable: true, base: []string{base[o]}})
			}
			o, a, b = o+1, a+1, b+1
			continue
		}
		ea, eb := len(mine), len(theirs)
		if k < len(base) {
			ea, eb = ma[k], mb[k]
		}
		c := chunk{base: base[o:k], mine: mine[a:ea], theirs: theirs[b:eb]}
		if len(c.base) > 0 || len(c.mine) > 0 || len(c.theirs) > 0 {
			c.mineSame = equalLines(c.mine, c.base)
			c.theirsSame = equalLines(c.theirs, c.base)
			c.conflict = !c.mineSame && !c.theirsSame && !equalLines(c.mine, c.theirs)
			out = append(out, c)
		}
		if k >= len(base) {
			return out
		}
		o, a, b = k, ea, eb
	}
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Result is the result of merging a text by line.
type Result struct {
	// Merged is the text; with unresolved conflicts it is mine's.
	Merged []byte
	// Hunks are the conflicting stretches: mine's and theirs' lines.
	Hunks []Hunk
}

// Hunk is one stretch changed on both sides.
type Hunk struct {
	Base, Mine, Theirs string
}

// Merge merges theirs into mine by line against base. take decides
// every conflicting stretch: "" leaves them unresolved, TakeMine,
// TakeTheirs or TakeBoth resolve them all.
func Merge(base, mine, theirs []byte, take string) Result {
	var res Result
	var out bytes.Buffer
	for _, c := range diff3(Split(base), Split(mine), Split(theirs)) {
		switch {
		case c.stable:
			writeLines(&out, c.base)
		case c.mineSame:
			writeLines(&out, c.theirs)
		case c.theirsSame || !c.conflict:
			writeLines(&out, c.mine)
		default:
			res.Hunks = append(res.Hunks, Hunk{Base: strings.Join(c.base, ""), Mine: strings.Join(c.mine, ""), Theirs: strings.Join(c.theirs, "")})
			switch take {
			case TakeTheirs:
				writeLines(&out, c.theirs)
			case TakeBoth:
				writeLines(&out, c.mine)
				if n := len(c.mine); n > 0 && !strings.HasSuffix(c.mine[n-1], "\n") && len(c.theirs) > 0 {
					out.WriteByte('\n')
				}
				writeLines(&out, c.theirs)
			default:
				writeLines(&out, c.mine)
			}
		}
	}
	res.Merged = out.Bytes()
	if len(res.Hunks) > 0 && take == "" {
		res.Merged = append([]byte(nil), mine...)
	}
	return res
}

func writeLines(b *bytes.Buffer, lines []string) {
	for _, l := range lines {
		b.WriteString(l)
	}
}
