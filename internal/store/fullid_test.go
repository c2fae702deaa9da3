package store

import (
	"errors"
	"strings"
	"testing"
)

// TestResolveFullID guards the direct lookup of a full commit id: it must
// answer as the prefix search did, for commits, for ids of other objects
// and for ids of nothing.
func TestResolveFullID(t *testing.T) {
	r, ids := history(t)
	blob, err := r.FileHash(ids["three"], "a.toml")
	if err != nil || blob == "" {
		t.Fatalf("FileHash of a.toml: got %q, %v", blob, err)
	}
	tests := []struct {
		rev, want string
	}{
		{ids["three"], ids["three"]},
		{strings.ToUpper(ids["four"]), ids["four"]},
		{ids["four"] + "~1", ids["three"]},
		{ids["merge"] + "^2", ids["side"]},
		{blob, ""},
		{strings.Repeat("0", 40), ""},
		{strings.Repeat("a", 40), ""},
	}
	for _, tt := range tests {
		got, err := r.Resolve(tt.rev)
		if tt.want == "" {
			if !errors.Is(err, ErrUnknownRevision) {
				t.Errorf("Resolve(%q): got %q, %v, want ErrUnknownRevision", tt.rev, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Resolve(%q): got %q, %v, want %s", tt.rev, got, err, tt.want)
		}
	}
}
