package benchdata

// Benchmarks share one ten-year repository: generating it takes most of a
// minute, so it is made once and kept in the temporary folder, keyed by
// Version, for every later benchmark process. It is regenerated when it is
// missing, incomplete or was changed (its HEAD is not the one generated).

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/myos-dev/myos/internal/store"
)

// Version names what the generator writes; it changes whenever the same
// Options would give another repository, so that a kept one is not reused.
const Version = "1"

var (
	cacheOnce sync.Once
	cacheSum  Summary
	cacheErr  error
)

// Cached returns the ten-year repository (TenYears) for benchmarks,
// generating it on first use. Benchmarks must not change it: one that
// writes works on a Clone.
func Cached(tb testing.TB) Summary {
	tb.Helper()
	cacheOnce.Do(func() {
		cacheSum, cacheErr = cached(filepath.Join(os.TempDir(), "myos-benchdata-"+Version), TenYears())
	})
	if cacheErr != nil {
		tb.Fatalf("ten-year repository: %v", cacheErr)
	}
	return cacheSum
}

func cached(root string, opts Options) (Summary, error) {
	var sum Summary
	dir := filepath.Join(root, "os")
	if b, err := os.ReadFile(filepath.Join(root, "summary.json")); err == nil && json.Unmarshal(b, &sum) == nil {
		if r, err := store.Open(dir); err == nil {
			head, herr := r.Head()
			r.Close()
			if herr == nil && head.Hash == sum.Head {
				return sum, nil
			}
		}
	}
	if err := os.RemoveAll(root); err != nil {
		return sum, err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return sum, err
	}
	sum, err := Generate(dir, opts)
	if err != nil {
		return sum, err
	}
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return sum, err
	}
	// The summary is written last: a repository without one is incomplete.
	return sum, os.WriteFile(filepath.Join(root, "summary.json"), b, 0o644)
}

// Clone makes a copy of the repository in dir inside a temporary folder of
// tb and returns its path. Files are hard-linked where possible: myos
// replaces files by renaming new ones over them and never writes into one,
// so the original stays as it was, and the copy keeps the inodes and times
// the index records, as the original's Status expects.
func Clone(tb testing.TB, dir string) string {
	tb.Helper()
	dst := filepath.Join(tb.TempDir(), "os")
	if err := cloneTree(dir, dst); err != nil {
		tb.Fatalf("clone %s: %v", dir, err)
	}
	return dst
}

func cloneTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type().IsRegular():
			if err := os.Link(p, to); err == nil {
				return nil
			}
			return copyFile(p, to)
		}
		return fmt.Errorf("%s: %w", p, errors.ErrUnsupported)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}
