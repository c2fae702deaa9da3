package linemerge

import (
	"strings"
	"testing"
)

func TestMergeLines(t *testing.T) {
	base := "one\ntwo\nthree\nfour\nfive\n"
	tests := []struct {
		name         string
		mine, theirs string
		take         string
		want         string
		hunks        int
	}{
		{"only mine changed", "one\nTWO\nthree\nfour\nfive\n", base, "", "one\nTWO\nthree\nfour\nfive\n", 0},
		{"only theirs changed", base, "one\ntwo\nthree\nFOUR\nfive\n", "", "one\ntwo\nthree\nFOUR\nfive\n", 0},
		{"different lines", "one\nTWO\nthree\nfour\nfive\n", "one\ntwo\nthree\nFOUR\nfive\n", "", "one\nTWO\nthree\nFOUR\nfive\n", 0},
		{"same change both sides", "one\nTWO\nthree\nfour\nfive\n", "one\nTWO\nthree\nfour\nfive\n", "", "one\nTWO\nthree\nfour\nfive\n", 0},
		{"additions at both ends", "zero\n" + base, base + "six\n", "", "zero\n" + base + "six\n", 0},
		{"removal and change elsewhere", "one\nthree\nfour\nfive\n", "one\ntwo\nthree\nfour\nFIVE\n", "", "one\nthree\nfour\nFIVE\n", 0},
		{"same line both ways, undecided", "one\nmine\nthree\nfour\nfive\n", "one\ntheirs\nthree\nfour\nfive\n", "", "one\nmine\nthree\nfour\nfive\n", 1},
		{"same line both ways, theirs", "one\nmine\nthree\nfour\nfive\n", "one\ntheirs\nthree\nfour\nfive\n", TakeTheirs, "one\ntheirs\nthree\nfour\nfive\n", 1},
		{"same line both ways, mine", "one\nmine\nthree\nfour\nfive\n", "one\ntheirs\nthree\nfour\nfive\n", TakeMine, "one\nmine\nthree\nfour\nfive\n", 1},
		{"same line both ways, both", "one\nmine\nthree\nfour\nfive\n", "one\ntheirs\nthree\nfour\nfive\n", TakeBoth, "one\nmine\ntheirs\nthree\nfour\nfive\n", 1},
		{"insertions at the same place", "one\nmine\ntwo\nthree\nfour\nfive\n", "one\ntheirs\ntwo\nthree\nfour\nfive\n", TakeBoth, "one\nmine\ntheirs\ntwo\nthree\nfour\nfive\n", 1},
		{"two conflicting places", "MINE\ntwo\nthree\nfour\nmine\n", "THEIRS\ntwo\nthree\nfour\ntheirs\n", TakeTheirs, "THEIRS\ntwo\nthree\nfour\ntheirs\n", 2},
		{"no final newline, both", "one\ntwo\nthree\nfour\nmine", "one\ntwo\nthree\nfour\ntheirs", TakeBoth, "one\ntwo\nthree\nfour\nmine\ntheirs", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Merge([]byte(base), []byte(tt.mine), []byte(tt.theirs), tt.take)
			if string(got.Merged) != tt.want {
				t.Errorf("merged: got %q, want %q", got.Merged, tt.want)
			}
			if len(got.Hunks) != tt.hunks {
				t.Errorf("hunks: got %d (%+v), want %d", len(got.Hunks), got.Hunks, tt.hunks)
			}
		})
	}
}

func TestMergeLinesNoBase(t *testing.T) {
	got := Merge(nil, []byte("a\n"), []byte("b\n"), "")
	if len(got.Hunks) != 1 || string(got.Merged) != "a\n" {
		t.Errorf("two new files: got %q with %d hunks, want mine and 1 hunk", got.Merged, len(got.Hunks))
	}
	got = Merge(nil, []byte("a\n"), []byte("a\n"), "")
	if len(got.Hunks) != 0 || string(got.Merged) != "a\n" {
		t.Errorf("the same new file: got %q with %d hunks", got.Merged, len(got.Hunks))
	}
}

func TestMatchLinesIsCommonSubsequence(t *testing.T) {
	tests := []struct{ a, b string }{
		{"abcabba", "cbabac"},
		{"", "abc"},
		{"abc", ""},
		{"aaaa", "aa"},
		{"xyz", "xyz"},
		{"abcdefg", "gfedcba"},
	}
	for _, tt := range tests {
		a, b := strings.Split(tt.a, ""), strings.Split(tt.b, "")
		if tt.a == "" {
			a = nil
		}
		if tt.b == "" {
			b = nil
		}
		m := Match(a, b)
		last, n := -1, 0
		for i, j := range m {
			if j < 0 {
				continue
			}
			if j <= last || a[i] != b[j] {
				t.Fatalf("Match(%q, %q): bad match %d→%d", tt.a, tt.b, i, j)
			}
			last = j
			n++
		}
		if want := lcsLen(a, b); n != want {
			t.Errorf("Match(%q, %q): got %d matches, want %d (the LCS)", tt.a, tt.b, n, want)
		}
	}
}

func lcsLen(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// FuzzMergeLines checks the line merge's promises on any three texts: a
// side that did not change takes the other; a clean merge keeps every line
// that either side added, and so does one that keeps both sides of each
// conflict.
func FuzzMergeLines(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n")
	f.Add("a\nb\n", "x\n", "y\n")
	f.Add("", "new\n", "other\n")
	f.Add("a\na\na\n", "a\nb\na\n", "a\na\nc\n")
	f.Fuzz(func(t *testing.T, base, mine, theirs string) {
		if len(base)+len(mine)+len(theirs) > 4000 {
			return
		}
		b, m, th := []byte(base), []byte(mine), []byte(theirs)
		if got := Merge(b, b, th, ""); string(got.Merged) != theirs || len(got.Hunks) != 0 {
			t.Fatalf("mine unchanged: got %q (%d hunks), want theirs %q", got.Merged, len(got.Hunks), theirs)
		}
		if got := Merge(b, m, b, ""); string(got.Merged) != mine || len(got.Hunks) != 0 {
			t.Fatalf("theirs unchanged: got %q (%d hunks), want mine %q", got.Merged, len(got.Hunks), mine)
		}
		got := Merge(b, m, th, "")
		if len(got.Hunks) > 0 {
			if string(got.Merged) != mine {
				t.Fatalf("undecided conflict: got %q, want mine %q", got.Merged, mine)
			}
			got = Merge(b, m, th, TakeBoth)
		}
		// Every line a side added (not in base) is in a clean result, and
		// in one that keeps both sides of each conflict.
		baseLines := map[string]int{}
		for _, l := range Split(b) {
			baseLines[strings.TrimSuffix(l, "\n")]++
		}
		for _, side := range []string{mine, theirs} {
			for _, l := range Split([]byte(side)) {
				l = strings.TrimSuffix(l, "\n")
				if baseLines[l] == 0 && !strings.Contains(string(got.Merged), l) {
					t.Fatalf("merge lost added line %q: base %q mine %q theirs %q merged %q", l, base, mine, theirs, got.Merged)
				}
			}
		}
	})
}
