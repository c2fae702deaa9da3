package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// BenchmarkItemHistory reads the history of one routine in an OS of 4,000
// commits, a tenth of which change routines.toml: about ten years of daily
// reviews and weekly edits.
func BenchmarkItemHistory(b *testing.B) {
	const commits = 4000
	dir := filepath.Join(b.TempDir(), "os")
	repo, err := store.Init(dir, store.DefaultBranch)
	if err != nil {
		b.Fatal(err)
	}
	unlock, err := repo.Lock(time.Second)
	if err != nil {
		b.Fatal(err)
	}
	var body string
	for i := range 30 {
		body += fmt.Sprintf("[[routine]]\nid = \"r%d\"\ntitle = \"Routine %d\"\ncadence = \"daily\"\n\n", i, i)
	}
	when := time.Date(2016, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range commits {
		var ch store.Change
		if i%10 == 0 {
			at := fmt.Sprintf("%02d:%02d", 20+i/10%4, i/40%4*15)
			ch = store.Change{Path: routines.FileRoutines, Data: fmt.Appendf(nil, "%s[[routine]]\nid = \"sleep\"\ntitle = \"Sleep\"\ncadence = \"daily\"\nat = %q\n", body, at)}
		} else {
			day := when.AddDate(0, 0, i)
			ch = store.Change{Path: fmt.Sprintf("reviews/%d/%s.toml", day.Year(), day.Format(time.DateOnly)), Data: []byte("done = true\n")}
		}
		if _, err := repo.Commit([]store.Change{ch}, fmt.Sprint("commit ", i), store.Signature{Name: "A", Email: "a@example.com", When: when.Add(time.Duration(i) * time.Hour)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := repo.Maintain(); err != nil {
		b.Fatal(err)
	}
	if err := unlock(); err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, routines.FileRoutines)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		repo, err := store.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		entries, err := itemHistory(repo, routines.KindRoutine, "sleep")
		if err != nil {
			b.Fatal(err)
		}
		if len(entries) < 100 {
			b.Fatalf("got %d changes of sleep, want one per routines.toml commit", len(entries))
		}
	}
}
