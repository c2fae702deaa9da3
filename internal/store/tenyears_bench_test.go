package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/benchdata"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// BenchmarkTenYears measures the store on the benchmark's ten-year
// repository (internal/benchdata): what one myos process does once.
func BenchmarkTenYears(b *testing.B) {
	sum := benchdata.Cached(b)
	open := func(b *testing.B, dir string) *store.Repo {
		r, err := store.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		return r
	}
	b.Run("Open", func(b *testing.B) {
		for b.Loop() {
			open(b, sum.Dir).Close()
		}
	})
	b.Run("Status", func(b *testing.B) {
		r := open(b, sum.Dir)
		defer r.Close()
		for b.Loop() {
			if st, err := r.Status(); err != nil || len(st) > 0 {
				b.Fatalf("Status: got %v, %v, want clean", st, err)
			}
		}
	})
	b.Run("Log20", func(b *testing.B) {
		for b.Loop() {
			r := open(b, sum.Dir)
			if cs, err := r.Log(store.LogOptions{Max: 20}); err != nil || len(cs) != 20 {
				b.Fatalf("Log: got %d, %v", len(cs), err)
			}
			r.Close()
		}
	})
	b.Run("LogPath", func(b *testing.B) {
		for b.Loop() {
			r := open(b, sum.Dir)
			if _, err := r.Log(store.LogOptions{Path: routines.FileRoutines}); err != nil {
				b.Fatal(err)
			}
			r.Close()
		}
	})
	b.Run("ReadFileFullID", func(b *testing.B) {
		for b.Loop() {
			r := open(b, sum.Dir)
			for _, name := range routines.ModelFiles() {
				if _, err := r.ReadFile(sum.Head, name); err != nil {
					b.Fatal(err)
				}
			}
			r.Close()
		}
	})
	b.Run("Commit", func(b *testing.B) {
		r := open(b, benchdata.Clone(b, sum.Dir))
		defer r.Close()
		unlock, err := r.Lock(time.Second)
		if err != nil {
			b.Fatal(err)
		}
		defer unlock()
		when := sum.Now
		i := 0
		for b.Loop() {
			i++
			when = when.Add(time.Minute)
			ch := store.Change{Path: "reviews/2026/bench.toml", Data: fmt.Appendf(nil, "n = %d\n", i)}
			if _, err := r.Commit([]store.Change{ch}, "bench", store.Signature{Name: "B", Email: "b@example.org", When: when}); err != nil {
				b.Fatal(err)
			}
			if err := r.Maintain(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A sync's push of one new commit to a repository on a path: the
	// remote is a copy of the ten years, bare.
	b.Run("PushOne", func(b *testing.B) {
		r := open(b, benchdata.Clone(b, sum.Dir))
		defer r.Close()
		remote := filepath.Join(b.TempDir(), "remote.git")
		if err := os.Rename(filepath.Join(benchdata.Clone(b, sum.Dir), ".git"), remote); err != nil {
			b.Fatal(err)
		}
		unlock, err := r.Lock(time.Second)
		if err != nil {
			b.Fatal(err)
		}
		defer unlock()
		if err := r.SetRemote(store.DefaultRemote, remote); err != nil {
			b.Fatal(err)
		}
		expect, when := sum.Head, sum.Now
		for b.Loop() {
			when = when.Add(time.Minute)
			ch := store.Change{Path: "reviews/2026/bench.toml", Data: fmt.Appendf(nil, "at = %q\n", when)}
			c, err := r.Commit([]store.Change{ch}, "bench", store.Signature{Name: "B", Email: "b@example.org", When: when})
			if err != nil {
				b.Fatal(err)
			}
			if err := r.Push(context.Background(), store.DefaultRemote, expect, nil); err != nil {
				b.Fatal(err)
			}
			expect = c.Hash
		}
	})
}

// BenchmarkTenYearsOpenStatus opens the repository and runs Status, as
// one myos process does: nothing of the repository is cached in memory.
func BenchmarkTenYearsOpenStatus(b *testing.B) {
	sum := benchdata.Cached(b)
	for b.Loop() {
		r, err := store.Open(sum.Dir)
		if err != nil {
			b.Fatal(err)
		}
		if st, err := r.Status(); err != nil || len(st) > 0 {
			b.Fatalf("Status: got %v, %v, want clean", st, err)
		}
		r.Close()
	}
}
