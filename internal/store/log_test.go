package store

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestLog(t *testing.T) {
	r, ids := history(t)
	tests := []struct {
		name string
		opts LogOptions
		want string
	}{
		{"all, first parents", LogOptions{}, "five,merge,four,three,two,one"},
		{"max", LogOptions{Max: 2}, "five,merge"},
		{"from", LogOptions{From: "HEAD~2"}, "four,three,two,one"},
		{"from side", LogOptions{From: ids["side"]}, "side,three,two,one"},
		{"since stops the walk", LogOptions{Since: t0.Add(90 * time.Minute)}, "five,merge,four,three"},
		{"since on a commit's time includes it", LogOptions{Since: t0.Add(4 * time.Hour)}, "five,merge,four"},
		{"until skips newer", LogOptions{Until: t0.Add(4 * time.Hour)}, "four,three,two,one"},
		{"since and until", LogOptions{Since: t0.Add(time.Hour), Until: t0.Add(2 * time.Hour)}, "three,two"},
		// The merge brought a.toml=side in compared with its first
		// parent; the side commit itself is not on the first-parent line.
		{"path across a merge", LogOptions{Path: "a.toml"}, "five,merge,one"},
		{"path unchanged by the merge", LogOptions{Path: "b.toml"}, "four,two"},
		{"directory path", LogOptions{Path: "reviews"}, "three,one"},
		{"directory path with slash", LogOptions{Path: "reviews/2026/"}, "three,one"},
		{"file in directory", LogOptions{Path: "reviews/2026/02.toml"}, "three"},
		{"path never present", LogOptions{Path: "nothing.toml"}, ""},
		{"path and max", LogOptions{Path: "a.toml", Max: 1}, "five"},
		{"path and since", LogOptions{Path: "b.toml", Since: t0.Add(3 * time.Hour)}, "four"},
		{"root path", LogOptions{Path: "."}, "five,merge,four,three,two,one"},
	}
	for _, tt := range tests {
		got, err := r.Log(tt.opts)
		if err != nil || messages(got) != tt.want {
			t.Errorf("%s: Log(%+v): got %q, %v, want %q", tt.name, tt.opts, messages(got), err, tt.want)
		}
	}

	if _, err := r.Log(LogOptions{From: "nope"}); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("Log(From: nope): got %v, want ErrUnknownRevision", err)
	}
	if _, err := r.Log(LogOptions{Path: "../x"}); err == nil {
		t.Errorf("Log(Path: ../x): got nil error, want one")
	}

	got, err := r.Log(LogOptions{Max: 2})
	if err != nil {
		t.Fatal(err)
	}
	if merge := got[1]; len(merge.Parents) != 2 || merge.Parents[0] != ids["four"] || merge.Parents[1] != ids["side"] {
		t.Errorf("merge parents: got %v, want [four side]", merge.Parents)
	}
	if got[0].Author.Name != testSig.Name || !got[0].Author.When.Equal(t0.Add(6*time.Hour)) || got[0].Short != got[0].Hash[:7] {
		t.Errorf("commit info: got %+v", got[0])
	}
}

// TestLogManyCommits guards the path walk over a long history: each commit
// is compared with its own parent, not with its neighbour in a diff.
func TestLogManyCommits(t *testing.T) {
	r := newRepo(t)
	unlock, err := r.Lock(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	for i := 0; i < 60; i++ {
		changes := files(fmt.Sprintf("reviews/2026/%02d.toml", i), "x\n")
		if i%10 == 0 {
			changes = append(changes, files("os.toml", fmt.Sprintf("v=%d\n", i))...)
		}
		if _, err := r.Commit(changes, fmt.Sprintf("c%d", i), sigAt(t0.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		opts LogOptions
		want int
	}{
		{LogOptions{}, 60},
		{LogOptions{Path: "os.toml"}, 6},
		{LogOptions{Path: "reviews"}, 60},
		{LogOptions{Path: "reviews/2026/07.toml"}, 1},
		{LogOptions{Since: t0.Add(50 * time.Hour)}, 10},
		{LogOptions{Path: "os.toml", Since: t0.Add(25 * time.Hour)}, 3},
		{LogOptions{Max: 7}, 7},
	}
	for _, tt := range tests {
		got, err := r.Log(tt.opts)
		if err != nil || len(got) != tt.want {
			t.Errorf("Log(%+v): got %d commits, %v, want %d", tt.opts, len(got), err, tt.want)
		}
	}
}
