package store

// go-git's index decoder reads every field of every entry through
// reflection: at ten years of daily reviews (3,650 entries) that is
// several milliseconds, paid by every Status and every commit. decodeIndex
// reads the entries of a version 2 or 3 index directly from the bytes and
// gives the same Index go-git's decoder gives. Everything else it hands to
// go-git: extensions (decoded from an index of no entries followed by the
// same extension bytes), version 4 indexes, and any index it finds
// malformed, so that errors stay go-git's own.

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// decodeIndex decodes a whole index file. checked says its checksum has
// been found right already.
func decodeIndex(data []byte, checked bool) (*index.Index, error) {
	if idx, ok := decodeIndexFast(data, checked); ok {
		return idx, nil
	}
	idx := &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, err
	}
	return idx, nil
}

// The layout of a version 2 or 3 index.
const (
	indexHeaderLen = 12
	entryHeader    = 62 // an entry's fixed part: stat data, blob id, flags
	extendedFlag   = 0x4000
	nameMask       = 0xfff
)

// indexBody checks the header and, unless checked, the checksum of a
// version 2 or 3 index, and returns its version, its entry count and the
// bytes before the checksum.
func indexBody(data []byte, checked bool) (version, count uint32, body []byte, ok bool) {
	const trailer = sha1.Size
	if len(data) < indexHeaderLen+trailer || string(data[:4]) != "DIRC" {
		return 0, 0, nil, false
	}
	version = binary.BigEndian.Uint32(data[4:8])
	if version != 2 && version != 3 {
		return 0, 0, nil, false
	}
	if !checked {
		if sum := sha1.Sum(data[:len(data)-trailer]); !bytes.Equal(sum[:], data[len(data)-trailer:]) {
			return 0, 0, nil, false
		}
	}
	count = binary.BigEndian.Uint32(data[8:12])
	body = data[:len(data)-trailer]
	if uint64(count)*entryHeader > uint64(len(body)) {
		return 0, 0, nil, false
	}
	return version, count, body, true
}

// rawEntry is one index entry where it lies in the file.
type rawEntry struct {
	fixed []byte // the entryHeader bytes
	ext   uint16 // the extended flags of version 3; 0 when none
	name  []byte
}

func (e rawEntry) u32(at int) uint32 { return binary.BigEndian.Uint32(e.fixed[at:]) }
func (e rawEntry) flags() uint16     { return binary.BigEndian.Uint16(e.fixed[60:]) }
func (e rawEntry) stage() index.Stage {
	return index.Stage(e.flags()>>12) & 0x3
}

// nextEntry reads the entry at body[off:] and returns it with the offset
// of the next one; ok is false when it runs past the end.
func nextEntry(body []byte, off int) (e rawEntry, next int, ok bool) {
	if off+entryHeader > len(body) {
		return rawEntry{}, 0, false
	}
	e.fixed = body[off : off+entryHeader]
	flags := e.flags()
	read := entryHeader
	off += entryHeader
	if flags&extendedFlag != 0 {
		if off+2 > len(body) {
			return rawEntry{}, 0, false
		}
		e.ext = binary.BigEndian.Uint16(body[off:])
		read += 2
		off += 2
	}
	nameLen := int(flags & nameMask)
	consumed := nameLen
	if nameLen == nameMask {
		// Too long for the length field: the name ends at a NUL.
		end := bytes.IndexByte(body[off:], 0)
		if end < 0 {
			return rawEntry{}, 0, false
		}
		nameLen, consumed = end, end+1
	}
	if off+consumed > len(body) {
		return rawEntry{}, 0, false
	}
	e.name = body[off : off+nameLen]
	off += consumed
	if pad := 8 - (read+nameLen)%8 - (consumed - nameLen); pad > 0 {
		if off+pad > len(body) {
			return rawEntry{}, 0, false
		}
		off += pad
	}
	return e, off, true
}

// decodeIndexFast decodes a version 2 or 3 index; ok is false when it
// cannot, and then go-git must. It checks the checksum unless checked.
func decodeIndexFast(data []byte, checked bool) (idx *index.Index, ok bool) {
	version, count, body, ok := indexBody(data, checked)
	if !ok {
		return nil, false
	}
	// Names are cut from one string of the whole file: one allocation
	// rather than one per entry.
	text := string(body)
	entries := make([]index.Entry, count)
	idx = &index.Index{Version: version}
	if count > 0 {
		idx.Entries = make([]*index.Entry, count)
	}
	off := indexHeaderLen
	for i := range entries {
		raw, next, ok := nextEntry(body, off)
		if !ok {
			return nil, false
		}
		e := &entries[i]
		if sec, nsec := raw.u32(0), raw.u32(4); sec != 0 || nsec != 0 {
			e.CreatedAt = time.Unix(int64(sec), int64(nsec))
		}
		if sec, nsec := raw.u32(8), raw.u32(12); sec != 0 || nsec != 0 {
			e.ModifiedAt = time.Unix(int64(sec), int64(nsec))
		}
		e.Dev, e.Inode = raw.u32(16), raw.u32(20)
		e.Mode = filemode.FileMode(raw.u32(24))
		e.UID, e.GID, e.Size = raw.u32(28), raw.u32(32), raw.u32(36)
		copy(e.Hash[:], raw.fixed[40:40+len(plumbing.ZeroHash)])
		e.Stage = raw.stage()
		e.IntentToAdd = raw.ext&(1<<13) != 0
		e.SkipWorktree = raw.ext&(1<<14) != 0
		nameAt := off + entryHeader
		if raw.flags()&extendedFlag != 0 {
			nameAt += 2
		}
		e.Name = text[nameAt : nameAt+len(raw.name)]
		idx.Entries[i] = e
		off = next
	}
	if off == len(body) {
		return idx, true
	}
	ext, ok := decodeExtensions(version, body[off:])
	if !ok {
		return nil, false
	}
	idx.Cache, idx.ResolveUndo, idx.EndOfIndexEntry = ext.Cache, ext.ResolveUndo, ext.EndOfIndexEntry
	return idx, true
}

// decodeExtensions has go-git read the extensions that follow the entries
// of a version 2 or 3 index, tail, from an index that has them and no
// entries: it refuses what go-git refuses (a mandatory extension it does
// not know, such as a split or sparse index's) with the same rules.
func decodeExtensions(version uint32, tail []byte) (*index.Index, bool) {
	synth := make([]byte, 0, indexHeaderLen+len(tail)+sha1.Size)
	synth = append(synth, "DIRC"...)
	synth = binary.BigEndian.AppendUint32(synth, version)
	synth = binary.BigEndian.AppendUint32(synth, 0)
	synth = append(synth, tail...)
	sum := sha1.Sum(synth)
	synth = append(synth, sum[:]...)
	var ext index.Index
	if err := index.NewDecoder(bytes.NewReader(synth)).Decode(&ext); err != nil {
		return nil, false
	}
	return &ext, true
}
