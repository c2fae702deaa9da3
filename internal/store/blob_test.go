package store

import (
	"testing"
)

func TestFileHash(t *testing.T) {
	r, ids := history(t)
	aOne, err := r.FileHash(ids["one"], "a.toml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rev, path string
		same      string // "" : want no file; else the rev whose a.toml it equals
	}{
		{ids["one"], "a.toml", ids["one"]},
		{ids["two"], "a.toml", ids["one"]}, // untouched by "two": same blob
		{ids["merge"], "a.toml", ids["side"]},
		{ids["five"], "a.toml", ""},            // deleted
		{ids["one"], "b.toml", ""},             // not yet there
		{ids["one"], "reviews", ""},            // a directory is no file
		{ids["one"][:7], "a.toml", ids["one"]}, // abbreviated ids resolve
		{"HEAD~2", "b.toml", ids["four"]},
	}
	for _, tt := range tests {
		got, err := r.FileHash(tt.rev, tt.path)
		if err != nil {
			t.Errorf("FileHash(%s, %s): %v", tt.rev, tt.path, err)
			continue
		}
		want := ""
		if tt.same != "" {
			if want, err = r.FileHash(tt.same, tt.path); err != nil {
				t.Fatal(err)
			}
			if want == "" {
				t.Fatalf("FileHash(%s, %s) = \"\", want a blob", tt.same, tt.path)
			}
		}
		if got != want {
			t.Errorf("FileHash(%s, %s) = %q, want %q", tt.rev, tt.path, got, want)
		}
	}
	if aSide, _ := r.FileHash(ids["side"], "a.toml"); aSide == aOne {
		t.Errorf("FileHash: a.toml at side = at one = %s, want different blobs", aOne)
	}
	data, err := r.ReadBlob(aOne)
	if err != nil {
		t.Fatalf("ReadBlob: %v", err)
	}
	if string(data) != "1\n" {
		t.Errorf("ReadBlob(a.toml at one) = %q, want %q", data, "1\n")
	}
}

func TestFileHashErrors(t *testing.T) {
	r, ids := history(t)
	for _, tt := range []struct{ rev, path string }{
		{"nosuchbranch", "a.toml"},
		{ids["one"], "../a.toml"},
		{ids["one"], ""},
		{"0123456789012345678901234567890123456789", "a.toml"},
	} {
		if h, err := r.FileHash(tt.rev, tt.path); err == nil {
			t.Errorf("FileHash(%q, %q) = %q, nil; want an error", tt.rev, tt.path, h)
		}
	}
	for _, id := range []string{"", "abc", "0123456789012345678901234567890123456789"} {
		if _, err := r.ReadBlob(id); err == nil {
			t.Errorf("ReadBlob(%q) succeeded, want an error", id)
		}
	}
}
