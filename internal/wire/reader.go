// Package wire reads the compact binary encodings myos keeps in its cache
// and in model snapshots: unsigned and zig-zag signed varints, strings with
// their length before them, lists with their length plus one before them
// (0 for none), fixed runs of bytes, and tables of strings that later
// values name by their index. The writers append with encoding/binary.
package wire

import (
	"encoding/binary"
	"math"
)

// Reader reads one encoded value (a cache entry, a snapshot). Every string
// it returns shares one copy of the entry. The first
// value that is not there (the entry is short or damaged) makes it Bad;
// from then on it reads zeros and empty strings, so that a decoder can
// read a record whole and look once.
type Reader struct {
	s   string
	bad bool
}

// NewReader reads b, which it copies.
func NewReader(b []byte) *Reader { return &Reader{s: string(b)} }

// Bad reports whether a read found less than it wanted.
func (r *Reader) Bad() bool { return r.bad }

// Len is how many bytes are left.
func (r *Reader) Len() int { return len(r.s) }

// Done reports whether the entry was read to its end and nothing was
// missing.
func (r *Reader) Done() bool { return !r.bad && len(r.s) == 0 }

// Fail marks the entry damaged, for a decoder that read a value which
// cannot be: r is Bad from then on.
func (r *Reader) Fail() {
	r.bad, r.s = true, ""
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	var n uint64
	var shift uint
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			r.s = r.s[i+1:]
			return n
		}
		shift += 7
	}
	r.Fail()
	return 0
}

// Varint reads a signed varint, zig-zag encoded as binary.AppendVarint
// writes it.
func (r *Reader) Varint() int64 {
	n := r.Uvarint()
	x := int64(n >> 1)
	if n&1 != 0 {
		x = ^x
	}
	return x
}

// Int is Varint for a value that must fit an int.
func (r *Reader) Int() int {
	n := r.Varint()
	if n > math.MaxInt || n < math.MinInt {
		r.Fail()
		return 0
	}
	return int(n)
}

// ListLen reads the length of a list written as its length plus one, 0
// for none (nil): isNil tells the two empty lists apart. Every element
// takes at least one byte, so a longer list is damage.
func (r *Reader) ListLen() (n int, isNil bool) {
	c := r.Uvarint()
	if c == 0 {
		return 0, true
	}
	if c-1 > uint64(len(r.s)) {
		r.Fail()
		return 0, true
	}
	return int(c - 1), false
}

// Count reads the number of values that follow, each at least one byte
// long: a count larger than what is left is damage, not a reason to
// allocate.
func (r *Reader) Count() int {
	n := r.Uvarint()
	if n > uint64(len(r.s)) {
		r.Fail()
		return 0
	}
	return int(n)
}

// Fixed reads the next n bytes.
func (r *Reader) Fixed(n int) string {
	if n > len(r.s) {
		r.Fail()
		return ""
	}
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.s) == 0 {
		r.Fail()
		return 0
	}
	b := r.s[0]
	r.s = r.s[1:]
	return b
}

// Str reads a string written as its length, then its bytes. (Not String:
// a Reader is no fmt.Stringer, lest printing one read from it.)
func (r *Reader) Str() string {
	n := r.Uvarint()
	if n > uint64(len(r.s)) {
		r.Fail()
		return ""
	}
	return r.Fixed(int(n))
}

// Table reads a count, then that many strings.
func (r *Reader) Table() []string {
	table := make([]string, r.Count())
	for i := range table {
		table[i] = r.Str()
	}
	return table
}

// Index reads the index of a value in a table of n; ok is false, and the
// Reader Bad, when it is out of range.
func (r *Reader) Index(n int) (i int, ok bool) {
	v := r.Uvarint()
	if v >= uint64(n) {
		r.Fail()
		return 0, false
	}
	return int(v), true
}

// Of reads the index of a string in table and returns the string; "" when
// the index is out of range, which makes the Reader Bad.
func (r *Reader) Of(table []string) string {
	if i, ok := r.Index(len(table)); ok {
		return table[i]
	}
	return ""
}
