package cli

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/myos-dev/myos/routines"
)

// TestLastReview guards the shortcut lastReview takes (newest year folder
// first) against what a walk of every record would answer.
func TestLastReview(t *testing.T) {
	f := func(names ...string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, n := range names {
			fsys[n] = &fstest.MapFile{Data: []byte("date = 2026-01-01\n")}
		}
		return fsys
	}
	today := routines.Date{Year: 2026, Month: 11, Day: 25}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string // "" for none
	}{
		{"no reviews folder", f("os.toml"), ""},
		{"empty year", fstest.MapFS{"reviews/2026": &fstest.MapFile{Mode: 0o755 | 1<<31}}, ""},
		{"newest", f("reviews/2025/2025-12-31.toml", "reviews/2026/2026-11-24.toml", "reviews/2026/2026-01-02.toml"), "2026-11-24"},
		{"weekly counts", f("reviews/2026/2026-11-20-weekly.toml", "reviews/2026/2026-11-19.toml"), "2026-11-20"},
		{"future skipped", f("reviews/2026/2026-11-26.toml", "reviews/2027/2027-01-01.toml", "reviews/2026/2026-11-25.toml"), "2026-11-25"},
		{"only future this year", f("reviews/2026/2026-12-01.toml", "reviews/2025/2025-06-01.toml"), "2025-06-01"},
		{"wrong folder ignored", f("reviews/2026/2025-12-31.toml", "reviews/2024/2024-01-01.toml"), "2024-01-01"},
		{"other files ignored", f("reviews/2026/notes.md", "reviews/2026/sub/2026-11-01.toml", "reviews/2026-11-01.toml", "reviews/2023/2023-03-03.toml"), "2023-03-03"},
		{"not a year", f("reviews/later/2026-11-01.toml", "reviews/9999/9999-01-01.toml"), ""},
		{"a folder named as a record", func() fstest.MapFS {
			m := f("reviews/2026/2026-11-20.toml")
			m["reviews/2026/2026-11-25.toml"] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			return m
		}(), "2026-11-20"},
		// Read where it leads, as stats reads it, though myos writes and
		// commits nothing there.
		{"a year that is a link", func() fstest.MapFS {
			m := f("elsewhere/2026-11-24.toml", "reviews/2025/2025-01-01.toml")
			m["reviews/2026"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("../elsewhere")}
			return m
		}(), "2026-11-24"},
		{"a link to a file named as a year", func() fstest.MapFS {
			m := f("elsewhere.toml", "reviews/2025/2025-01-01.toml")
			m["reviews/2026"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("../elsewhere.toml")}
			return m
		}(), "2025-01-01"},
		{"a weekly record only", f("reviews/2026/2026-11-21-weekly.toml", "reviews/2026/2026-11-02.toml"), "2026-11-21"},
	}
	for _, tt := range tests {
		got, err := lastReview(tt.fsys, today)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		gotS := ""
		if got != nil {
			gotS = got.String()
		}
		if gotS != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, gotS, tt.want)
		}
	}
}
