package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantDir string // prefix; "" for no cache
	}{
		{"xdg", map[string]string{"XDG_CACHE_HOME": "/c", "HOME": "/h"}, "/c/myos/"},
		{"home", map[string]string{"HOME": "/h"}, "/h/.cache/myos/"},
		{"relative xdg is ignored", map[string]string{"XDG_CACHE_HOME": "c", "HOME": "/h"}, "/h/.cache/myos/"},
		{"no home", map[string]string{}, ""},
		{"off", map[string]string{"XDG_CACHE_HOME": "/c", Env: "off"}, ""},
		{"OFF", map[string]string{"XDG_CACHE_HOME": "/c", Env: "OFF"}, ""},
		{"0", map[string]string{"XDG_CACHE_HOME": "/c", Env: "0"}, ""},
		{"on", map[string]string{"XDG_CACHE_HOME": "/c", Env: "on"}, "/c/myos/"},
	}
	for _, tt := range tests {
		c := New(env(tt.env), "/work/os")
		got := c.Dir()
		if tt.wantDir == "" && got != "" || tt.wantDir != "" && !strings.HasPrefix(got, tt.wantDir) {
			t.Errorf("%s: Dir: got %q, want %q...", tt.name, got, tt.wantDir)
		}
	}
	a := New(env(map[string]string{"HOME": "/h"}), "/a")
	b := New(env(map[string]string{"HOME": "/h"}), "/b")
	if a.Dir() == b.Dir() {
		t.Errorf("two OS folders share the cache folder %s, want one each", a.Dir())
	}
}

func TestGetPut(t *testing.T) {
	c := New(env(map[string]string{"XDG_CACHE_HOME": t.TempDir()}), "/os")
	if _, ok := c.Get("model", 1); ok {
		t.Fatalf("Get on an empty cache: got a value, want none")
	}
	if !c.Put("model", 1, []byte("value")) {
		t.Fatalf("Put: failed")
	}
	if got, ok := c.Get("model", 1); !ok || string(got) != "value" {
		t.Errorf("Get: got %q, %v, want \"value\"", got, ok)
	}
	if _, ok := c.Get("model", 2); ok {
		t.Errorf("Get of another version: got a value, want none")
	}
	if _, ok := c.Get("records", 1); ok {
		t.Errorf("Get of another name: got a value, want none")
	}
	c.Put("empty", 1, nil)
	if got, ok := c.Get("empty", 1); !ok || len(got) != 0 {
		t.Errorf("Get of an empty value: got %q, %v", got, ok)
	}

	path := filepath.Join(c.Dir(), "model")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte{}, good...)
	flipped[len(flipped)-1] ^= 1
	renamed := strings.Replace(string(good), "model", "other", 1)
	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"truncated", good[:len(good)-1]},
		{"longer", append(append([]byte{}, good...), 'x')},
		{"flipped byte", flipped},
		{"header only", good[:10]},
		{"empty", nil},
		{"another entry's file", []byte(renamed)},
	} {
		if err := os.WriteFile(path, bad.data, 0o600); err != nil {
			t.Fatal(err)
		}
		if got, ok := c.Get("model", 1); ok {
			t.Errorf("%s: Get: got %q, want none", bad.name, got)
		}
	}

	// Put overwrites in place: a shorter value after a longer one reads
	// back whole and alone, and a write that was cut short (the new
	// header over the old value) reads as missing.
	long := []byte(strings.Repeat("long value ", 100))
	c.Put("model", 1, long)
	c.Put("model", 1, []byte("short"))
	if got, ok := c.Get("model", 1); !ok || string(got) != "short" {
		t.Errorf("a shorter value after a longer one: got %q, %v", got, ok)
	}
	c.Put("model", 1, long)
	h := header("model", 1, []byte("new value"))
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(h, 0)
	f.Close()
	if got, ok := c.Get("model", 1); ok {
		t.Errorf("a write cut short after its header: got %q, want none", got)
	}

	var none *Cache
	if none.Put("model", 1, []byte("x")) {
		t.Errorf("Put on a nil cache: got true, want false")
	}
	if _, ok := none.Get("model", 1); ok {
		t.Errorf("Get on a nil cache: got a value")
	}
	if c.Put("a/b", 1, nil) {
		t.Errorf("Put with a slash in the name: got true, want false")
	}
}

func TestPutUnwritable(t *testing.T) {
	base := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(base, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c := New(env(map[string]string{"XDG_CACHE_HOME": base}), "/os")
	if c.Put("model", 1, []byte("x")) {
		t.Errorf("Put under a file: got true, want false")
	}
}
