package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/myos-dev/myos/internal/review"
)

// TestReviewBesideYearLink: a year of records moved to an archive disk
// and linked back is left alone by a review of today, which writes into
// another year: on a terminal as off one, the review is recorded, and the
// link, the records beyond it and their deletion, as git sees it, are left
// as they were, uncommitted. Regression: on a terminal, the offer to
// commit hand edits first found the link among them and refused the
// review, though it would write nothing through the link.
func TestReviewBesideYearLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need extra rights on Windows")
	}
	for _, tty := range []bool{false, true} {
		name := "off a terminal"
		if tty {
			name = "on a terminal"
		}
		t.Run(name, func(t *testing.T) {
			// Enter leaves each question the terminal asks unanswered.
			d, dir := editTestOS(t, strings.Repeat("\n", 20), "true")
			d.io.InTTY, d.io.OutTTY = false, false
			if err := runReview(d, reviewOptions{date: "2025-12-31", answers: []string{"plan-day=yes"}, partial: true}); err != nil {
				t.Fatalf("review of 2025-12-31: %v", err)
			}
			year := filepath.Join(dir, "reviews", "2025")
			archive := filepath.Join(t.TempDir(), "2025")
			if err := os.Rename(year, archive); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(archive, year); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}

			d.io.InTTY, d.io.OutTTY = tty, tty
			if err := runReview(d, reviewOptions{answers: []string{"plan-day=yes"}, partial: true}); err != nil {
				t.Fatalf("review of today: %v", err)
			}
			today := filepath.Join(dir, filepath.FromSlash(review.Path(mustDate(t, "2026-11-25"), review.Daily)))
			if _, err := os.Stat(today); err != nil {
				t.Errorf("today's record: %v", err)
			}
			if got, err := os.Readlink(year); err != nil || got != archive {
				t.Errorf("the link: got %q (%v), want it to name %s still", got, err, archive)
			}
			if _, err := os.Stat(filepath.Join(archive, "2025-12-31.toml")); err != nil {
				t.Errorf("the record beyond the link: %v", err)
			}
			if out := d.io.Out.(interface{ String() string }).String(); strings.Contains(out, "Commit them first?") {
				t.Errorf("a commit of the link was offered:\n%s", out)
			}
		})
	}
}
