package store

import (
	"os"
	"testing"
)

// TestIndexIntact checks the quick test Open makes of the index against
// what an interrupted write or git can leave.
func TestIndexIntact(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "first", t0, "os.toml", "name = \"A\"\n", "reviews/2026/01.toml", "x = 1\n")
	good, err := os.ReadFile(r.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	zeroTrailer := append(append([]byte{}, good[:len(good)-20]...), make([]byte, 20)...)
	flipped := append([]byte{}, good...)
	flipped[20] ^= 1
	tests := []struct {
		name                string
		data                []byte // nil: no index
		wantExist, wantGood bool
	}{
		{"whole", good, true, true},
		{"missing", nil, false, false},
		{"empty", []byte{}, true, false},
		{"truncated", good[:len(good)/2], true, false},
		{"one byte changed", flipped, true, false},
		{"zero trailer (index.skipHash)", zeroTrailer, true, false},
	}
	for _, tt := range tests {
		os.Remove(r.indexPath())
		if tt.data != nil {
			if err := os.WriteFile(r.indexPath(), tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		exists, intact := r.indexIntact()
		if exists != tt.wantExist || intact != tt.wantGood {
			t.Errorf("%s: got exists %v, intact %v; want %v, %v", tt.name, exists, intact, tt.wantExist, tt.wantGood)
		}
	}
}
