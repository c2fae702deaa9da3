package routines

import (
	"regexp"
	"strings"
	"testing"
)

// idRegexp is the rule ValidID writes out.
var idRegexp = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func TestValidIDIsTheRegexp(t *testing.T) {
	for _, id := range []string{"", "a", "-", "a-", "-a", "sleep", "go-to-sleep", "Sleep", "a_b", "a b", "é", "0", "9x",
		strings.Repeat("a", 64), strings.Repeat("a", 65), "a\n", "\na", "a-b-c-1-2-3", "x\x00"} {
		if got, want := ValidID(id), idRegexp.MatchString(id); got != want {
			t.Errorf("ValidID(%q): got %v, want %v", id, got, want)
		}
	}
}

func FuzzValidID(f *testing.F) {
	for _, s := range []string{"sleep", "-x", "A", strings.Repeat("b", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if got, want := ValidID(id), idRegexp.MatchString(id); got != want {
			t.Errorf("ValidID(%q): got %v, want %v", id, got, want)
		}
	})
}
