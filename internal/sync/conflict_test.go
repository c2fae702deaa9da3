package sync

import "testing"

// TestConflictLineUnset guards the words for a value that is not set:
// "none" for a side, "(not in the base)" for the base. Regression: an
// answer new on both sides read "mine no, theirs yes (base (unset))",
// brackets in brackets, and a side decided for an unset value "kept mine
// ((unset))".
func TestConflictLineUnset(t *testing.T) {
	tests := []struct {
		name          string
		c             Conflict
		line, decided string
	}{
		{
			name:    "base unset",
			c:       Conflict{Key: "review/2026-11-27/move@2026-11-27", Mine: "no", Theirs: "yes", value: true},
			line:    "review/2026-11-27/move@2026-11-27: mine no, theirs yes (not in the base)",
			decided: "review/2026-11-27/move@2026-11-27: kept mine (no)",
		},
		{
			name:    "mine unset",
			c:       Conflict{Key: "routine/sleep.at", Base: "22:30", Theirs: "23:00", value: true},
			line:    "routine/sleep.at: mine none, theirs 23:00 (base 22:30)",
			decided: "routine/sleep.at: kept mine (none)",
		},
		{
			name:    "the word none as a value",
			c:       Conflict{Key: "routine/sleep.why", Base: "none", Mine: "", Theirs: "x", value: true},
			line:    `routine/sleep.why: mine none, theirs x (base "none")`,
			decided: "routine/sleep.why: kept mine (none)",
		},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.line {
			t.Errorf("%s: String got %q, want %q", tt.name, got, tt.line)
		}
		if got := decidedLine(tt.c, TakeMine); got != tt.decided {
			t.Errorf("%s: decidedLine got %q, want %q", tt.name, got, tt.decided)
		}
	}
}
