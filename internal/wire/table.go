package wire

import "encoding/binary"

// Strings is the table of strings an entry's writer collects: each string
// once, in the order first used, for Reader.Table to read back and
// Reader.Of to look up by the index Ref gave.
type Strings struct {
	index map[string]uint64
	list  []string
}

// Ref returns s's index in the table, adding s when it is new.
func (t *Strings) Ref(s string) uint64 {
	if i, ok := t.index[s]; ok {
		return i
	}
	if t.index == nil {
		t.index = make(map[string]uint64)
	}
	i := uint64(len(t.list))
	t.index[s] = i
	t.list = append(t.list, s)
	return i
}

// AppendTable appends the table as Reader.Table reads it: its count, then
// each string with its length before it.
func (t *Strings) AppendTable(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(t.list)))
	for _, s := range t.list {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}
