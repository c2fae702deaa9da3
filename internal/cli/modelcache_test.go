package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/myos-dev/myos/internal/cache"
)

// TestCachedValid follows the shortcut status takes: files whose OS the
// model cache holds are valid, and nothing else is taken as valid. The
// cache is where the command's environment puts it, not the process's:
// tests that give a command an environment of its own once filled the
// cache folder of the person running them.
func TestCachedValid(t *testing.T) {
	processCache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", processCache)
	env := map[string]string{"XDG_CACHE_HOME": t.TempDir()}
	d := &deps{getenv: func(k string) string { return env[k] }}
	dir := t.TempDir()
	src := filepath.Join("..", "..", "examples", "calendar-first")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func(step string, wantCached bool, wantErrs bool) {
		t.Helper()
		files, ok := readModelFiles(dir)
		if !ok {
			t.Fatalf("%s: model files unreadable", step)
		}
		if got := d.cachedValid(dir, files); got != wantCached {
			t.Errorf("%s: cachedValid = %v, want %v", step, got, wantCached)
		}
		errs, err := d.validationErrors(dir)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if got := len(errs) > 0; got != wantErrs {
			t.Errorf("%s: validation errors %v, want some: %v", step, errs, wantErrs)
		}
	}

	check("cold cache", false, false) // validationErrors decodes and keeps it
	check("warm cache", true, false)

	// An OS kept by a version of myos whose snapshots differ is not taken
	// as the verdict.
	c := cache.New(d.getenv, dir)
	kept, ok := c.Get(modelCacheName, modelCacheVersion())
	if !ok {
		t.Fatal("no model cache entry")
	}
	other := append([]byte(nil), kept...)
	other[modelKeyLen]++ // the snapshot's version
	c.Put(modelCacheName, modelCacheVersion(), other)
	check("kept by another version", false, false)
	check("kept again", true, false)

	routinesPath := filepath.Join(dir, "routines.toml")
	orig, err := os.ReadFile(routinesPath)
	if err != nil {
		t.Fatal(err)
	}
	broken := append(append([]byte(nil), orig...), "\n[[routine]]\nid = \"no-title\"\n"...)
	if err := os.WriteFile(routinesPath, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	check("invalid hand edit", false, true)
	check("invalid again", false, true) // an invalid OS is never kept

	if err := os.WriteFile(routinesPath, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	check("edit undone", true, false)

	env["MYOS_CACHE"] = "off"
	check("cache off", false, false)

	if left, _ := os.ReadDir(processCache); len(left) > 0 {
		t.Errorf("the process's cache folder has %d entries, want none", len(left))
	}
}
