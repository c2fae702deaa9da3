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

// decodeIndexFast decodes a version 2 or 3 index; ok is false when it
// cannot, and then go-git must. It checks the checksum unless checked.
func decodeIndexFast(data []byte, checked bool) (idx *index.Index, ok bool) {
	const (
		headerLen    = 12
		entryHeader  = 62
		trailer      = sha1.Size
		extendedFlag = 0x4000
		nameMask     = 0xfff
	)
	if len(data) < headerLen+trailer || string(data[:4]) != "DIRC" {
		return nil, false
	}
	version := binary.BigEndian.Uint32(data[4:8])
	if version != 2 && version != 3 {
		return nil, false
	}
	if !checked {
		if sum := sha1.Sum(data[:len(data)-trailer]); !bytes.Equal(sum[:], data[len(data)-trailer:]) {
			return nil, false
		}
	}
	count := binary.BigEndian.Uint32(data[8:12])
	body := data[:len(data)-trailer]
	if uint64(count)*entryHeader > uint64(len(body)) {
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
	off := headerLen
	for i := range entries {
		if off+entryHeader > len(body) {
			return nil, false
		}
		h := body[off : off+entryHeader]
		u32 := func(at int) uint32 { return binary.BigEndian.Uint32(h[at:]) }
		e := &entries[i]
		if sec, nsec := u32(0), u32(4); sec != 0 || nsec != 0 {
			e.CreatedAt = time.Unix(int64(sec), int64(nsec))
		}
		if sec, nsec := u32(8), u32(12); sec != 0 || nsec != 0 {
			e.ModifiedAt = time.Unix(int64(sec), int64(nsec))
		}
		e.Dev, e.Inode = u32(16), u32(20)
		e.Mode = filemode.FileMode(u32(24))
		e.UID, e.GID, e.Size = u32(28), u32(32), u32(36)
		copy(e.Hash[:], h[40:40+len(plumbing.ZeroHash)])
		flags := binary.BigEndian.Uint16(h[60:])
		e.Stage = index.Stage(flags>>12) & 0x3
		read := entryHeader
		off += entryHeader
		if flags&extendedFlag != 0 {
			if off+2 > len(body) {
				return nil, false
			}
			ext := binary.BigEndian.Uint16(body[off:])
			e.IntentToAdd = ext&(1<<13) != 0
			e.SkipWorktree = ext&(1<<14) != 0
			read += 2
			off += 2
		}
		nameLen := int(flags & nameMask)
		consumed := nameLen
		if nameLen == nameMask {
			// Too long for the length field: the name ends at a NUL.
			end := bytes.IndexByte(body[off:], 0)
			if end < 0 {
				return nil, false
			}
			nameLen, consumed = end, end+1
		}
		if off+consumed > len(body) {
			return nil, false
		}
		e.Name = text[off : off+nameLen]
		off += consumed
		pad := 8 - (read+nameLen)%8 - (consumed - nameLen)
		if pad > 0 {
			if off+pad > len(body) {
				return nil, false
			}
			off += pad
		}
		idx.Entries[i] = e
	}
	if off == len(body) {
		return idx, true
	}
	// Extensions: let go-git read them from an index that has them and no
	// entries.
	tail := body[off:]
	synth := make([]byte, 0, headerLen+len(tail)+trailer)
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
	idx.Cache, idx.ResolveUndo, idx.EndOfIndexEntry = ext.Cache, ext.ResolveUndo, ext.EndOfIndexEntry
	return idx, true
}
