package store

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// TestEncodeIndex wants go-git's encoder's bytes from encodeIndex, for the
// store's own index and for entries of every kind: long names, extended
// flags, stages of a conflict with equal names, zero and nanosecond
// times, and the errors of times it refuses.
func TestEncodeIndex(t *testing.T) {
	r := newRepo(t)
	var pairs []string
	for i := 0; i < 30; i++ {
		pairs = append(pairs, fmt.Sprintf("reviews/2026/%02d.toml", i), "x\n")
	}
	commit(t, r, "first", t0, append(pairs, "os.toml", "a\n")...)
	data, err := os.ReadFile(r.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	stored, err := decodeIndex(data, false)
	if err != nil {
		t.Fatal(err)
	}
	made := func(version uint32) *index.Index {
		idx := &index.Index{Version: version}
		for i, name := range []string{"b", "a", strings.Repeat("long/", 900) + "x", "conflict", "conflict", "conflict", "z.toml"} {
			e := idx.Add(name)
			e.Hash[0], e.Size, e.Mode = byte(i), uint32(i*7), filemode.Regular
			e.Dev, e.Inode, e.UID, e.GID = uint32(i), uint32(1000+i), 501, 20
			e.ModifiedAt = time.Unix(1700000000+int64(i), int64(i*1000))
			if i%2 == 0 {
				e.CreatedAt = time.Unix(1600000000, 999999999)
			}
		}
		idx.Entries[3].Stage, idx.Entries[4].Stage, idx.Entries[5].Stage = 1, 2, 3
		idx.Entries[0].IntentToAdd = version >= 3
		idx.Entries[6].SkipWorktree = version >= 3
		idx.Entries[1].Mode = filemode.Executable
		return idx
	}
	for name, idx := range map[string]func() *index.Index{
		"store":      func() *index.Index { c := *stored; c.Entries = append([]*index.Entry{}, stored.Entries...); return &c },
		"version 2":  func() *index.Index { return made(2) },
		"version 3":  func() *index.Index { return made(3) },
		"version 4":  func() *index.Index { return made(4) },
		"no entries": func() *index.Index { return &index.Index{Version: 2} },
		"before 1970": func() *index.Index {
			idx := made(2)
			idx.Entries[0].ModifiedAt = time.Unix(-5, 0)
			return idx
		},
		"after 2262": func() *index.Index {
			idx := made(2)
			idx.Entries[0].CreatedAt = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
			return idx
		},
	} {
		want, wantErr := func() ([]byte, error) {
			var buf bytes.Buffer
			err := index.NewEncoder(&buf).Encode(idx())
			return buf.Bytes(), err
		}()
		got, err := encodeIndex(idx())
		if (err == nil) != (wantErr == nil) {
			t.Errorf("%s: error: got %v, want %v", name, err, wantErr)
			continue
		}
		if wantErr == nil && !bytes.Equal(got, want) {
			t.Errorf("%s: the bytes differ from go-git's encoder's (%d and %d bytes)", name, len(got), len(want))
		}
	}
}

func BenchmarkEncodeIndex(b *testing.B) {
	idx := &index.Index{Version: 2}
	for i := 0; i < 3650; i++ {
		e := idx.Add(fmt.Sprintf("reviews/%d/%d-01-01.toml", 2016+i/365, i))
		e.ModifiedAt = time.Unix(1700000000, 5)
	}
	b.Run("encodeIndex", func(b *testing.B) {
		for b.Loop() {
			encodeIndex(idx)
		}
	})
	b.Run("go-git", func(b *testing.B) {
		for b.Loop() {
			index.NewEncoder(&bytes.Buffer{}).Encode(idx)
		}
	})
}
