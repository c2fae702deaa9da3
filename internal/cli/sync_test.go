package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	ossync "github.com/myos-dev/myos/internal/sync"
)

func TestAskConflicts(t *testing.T) {
	cs := []ossync.Conflict{
		{Key: "routine/sleep.at", File: "routines.toml", Reason: "changed on both sides", Base: "22:30", Mine: "23:00", Theirs: "22:00", Takes: []string{"mine", "theirs", "both"}},
		{Key: "priority/desk", File: "priorities.toml", Reason: "changed here, removed on the remote", Mine: "rank=4", Theirs: "removed", Takes: []string{"mine", "theirs"}},
		{Key: "notes.md", File: "notes.md", Reason: "the same lines changed on both sides", Mine: "a\nb\n", Theirs: "c\n", Takes: []string{"mine", "theirs", "both"}},
	}
	tests := []struct {
		name string
		in   string
		want map[string]string
		out  []string
	}{
		{
			name: "every conflict decided, a wrong answer asked again",
			in:   "theirs\nb\nm\nB\n",
			want: map[string]string{"routine/sleep.at": "theirs", "priority/desk": "mine", "notes.md": "both"},
			out:  []string{"3 things changed on both sides (here and on origin/main):", "1/3 routine/sleep.at — routines.toml, changed on both sides", "  mine    23:00", "  theirs  22:00", "  answer mine, theirs", "keep [m]ine, [t]heirs? "},
		},
		{
			name: "an empty answer stops",
			in:   "t\n\n",
			want: map[string]string{"routine/sleep.at": "theirs"},
		},
		{
			name: "the end of input stops",
			in:   "",
			want: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			io, out, _ := TestIO(tt.in)
			io.InTTY, io.OutTTY = true, true
			got, err := askConflicts(&deps{io: io}, "origin/main", cs)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Errorf("decisions: got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("decision for %s: got %q, want %q", k, got[k], v)
				}
			}
			for _, line := range tt.out {
				if !strings.Contains(out.String(), line) {
					t.Errorf("output lacks %q:\n%s", line, out.String())
				}
			}
		})
	}
}

// TestAskConflictsNone checks that a side that is the word "none" is told
// apart from a side that is not set, which the prompt shows as none.
func TestAskConflictsNone(t *testing.T) {
	cs := []ossync.Conflict{{Key: "block/lunch.note", File: "calendar.toml", Reason: "changed on both sides", Base: "", Mine: "none", Theirs: "soup", Takes: []string{"mine", "theirs"}}}
	io, out, _ := TestIO("m\n")
	io.InTTY, io.OutTTY = true, true
	got, err := askConflicts(&deps{io: io}, "origin/main", cs)
	if err != nil || got["block/lunch.note"] != "mine" {
		t.Fatalf("askConflicts: got %v, %v; want mine", got, err)
	}
	for _, line := range []string{"  was     none\n", "  mine    \"none\"\n", "  theirs  soup\n"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, out.String())
		}
	}
}

// TestSyncErrorAfterMerge checks what sync says when sending a merge it
// committed is cut short: by the remote, or by Ctrl-C or the time limit,
// whose own hint ("before anything was changed here") would be wrong.
func TestSyncErrorAfterMerge(t *testing.T) {
	res := &ossync.Result{Merges: []ossync.Merge{{}}}
	for _, tt := range []struct {
		cause error
		hint  string
	}{
		{context.Canceled, "the merge is committed here and the next `myos sync` sends it"},
		{context.DeadlineExceeded, "the merge is committed here and the next `myos sync` sends it"},
		{errors.New("connection refused"), "the remote cannot be reached: check the network and the URL (`myos remote show`); the merge is committed here and the next `myos sync` sends it"},
	} {
		err := ossync.Explain("push", "URL", fmt.Errorf("push to URL: %w", tt.cause), ossync.Auth{})
		var he *hintError
		if got := syncError(nil, err, res, false); !errors.As(got, &he) || he.hint != tt.hint {
			t.Errorf("%v: got hint %q, want %q", tt.cause, hintOf(got), tt.hint)
		}
	}
}

func hintOf(err error) string {
	var he *hintError
	if errors.As(err, &he) {
		return he.hint
	}
	return ""
}
