package wire

import (
	"encoding/binary"
	"testing"
)

func TestReader(t *testing.T) {
	var b []byte
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -7)
	b = binary.AppendUvarint(b, 2) // a table of two
	for _, s := range []string{"alpha", ""} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, 0) // "alpha"
	b = append(b, "0123456789abcdefghij"...)
	b = append(b, 9)
	r := NewReader(b)
	if got := r.Uvarint(); got != 300 {
		t.Errorf("Uvarint: %d", got)
	}
	if got := r.Varint(); got != -7 {
		t.Errorf("Varint: %d", got)
	}
	table := r.Table()
	if len(table) != 2 || table[0] != "alpha" || table[1] != "" {
		t.Errorf("Table: %q", table)
	}
	if got := r.Of(table); got != "alpha" {
		t.Errorf("Of: %q", got)
	}
	if got := r.Fixed(20); got != "0123456789abcdefghij" {
		t.Errorf("Fixed: %q", got)
	}
	if got := r.Byte(); got != 9 {
		t.Errorf("Byte: %d", got)
	}
	if !r.Done() {
		t.Errorf("not Done at the end")
	}

	// Every way to run short or out of range makes the reader Bad, and it
	// then reads zeros.
	bad := []struct {
		name string
		b    []byte
		read func(r *Reader)
	}{
		{"empty varint", nil, func(r *Reader) { r.Uvarint() }},
		{"unterminated varint", []byte{0x80, 0x80}, func(r *Reader) { r.Uvarint() }},
		{"count past the end", []byte{5, 1}, func(r *Reader) { r.Count() }},
		{"string past the end", []byte{4, 'a'}, func(r *Reader) { _ = r.Str() }},
		{"fixed past the end", []byte{1, 2}, func(r *Reader) { r.Fixed(3) }},
		{"no byte", nil, func(r *Reader) { r.Byte() }},
		{"index out of range", []byte{2}, func(r *Reader) { r.Of([]string{"a", "b"}) }},
		{"index into nothing", []byte{0}, func(r *Reader) { r.Of(nil) }},
	}
	for _, tt := range bad {
		r := NewReader(tt.b)
		tt.read(r)
		if !r.Bad() || r.Done() {
			t.Errorf("%s: not Bad", tt.name)
		}
		if r.Uvarint() != 0 || r.Str() != "" || r.Len() != 0 {
			t.Errorf("%s: reads after damage are not zero", tt.name)
		}
	}
	// Left-over bytes are not Done.
	if r := NewReader([]byte{1, 2}); r.Uvarint() != 1 || r.Done() {
		t.Errorf("a reader with bytes left is Done")
	}
}

// TestStrings: what Strings writes, Reader.Table and Of read back, each
// string once, by the index Ref gave.
func TestStrings(t *testing.T) {
	var tab Strings
	words := []string{"sleep", "", "walk", "sleep", "héllo", "walk"}
	var refs []uint64
	for _, w := range words {
		refs = append(refs, tab.Ref(w))
	}
	if refs[0] != refs[3] || refs[2] != refs[5] || refs[0] == refs[2] {
		t.Fatalf("refs %v: a string repeated got another index, or two got one", refs)
	}
	b := tab.AppendTable([]byte("x"))[1:]
	for _, i := range refs {
		b = binary.AppendUvarint(b, i)
	}
	r := NewReader(b)
	table := r.Table()
	if len(table) != 4 {
		t.Errorf("table %q: want the 4 strings once each", table)
	}
	for i, w := range words {
		if got := r.Of(table); got != w {
			t.Errorf("string %d: got %q, want %q", i, got, w)
		}
	}
	if !r.Done() {
		t.Error("entry not read to its end")
	}
}
