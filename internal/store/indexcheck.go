package store

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"io"
	"os"
)

// indexIntact tells, without decoding its entries, whether .git/index
// exists and is whole: a known signature and version, and a trailer that is
// the SHA-1 of everything before it, as git and go-git write it. An
// interrupted write leaves an index short, empty or missing, which fails
// this. intact is false too when it cannot tell (a zero trailer, written by
// git with index.skipHash): the caller then decodes the index to know.
//
// An intact index's bytes are kept for the next reader, which then
// neither reads the file again nor checks its trailer a second time.
// Callers hold r.mu or own r alone.
func (r *Repo) indexIntact() (exists, intact bool) {
	f, err := os.Open(r.indexPath())
	if errors.Is(err, os.ErrNotExist) {
		return false, false
	}
	if err != nil {
		return true, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return true, false
	}
	data := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return true, false
	}
	const header, trailer = 12, sha1.Size
	if len(data) < header+trailer || !bytes.Equal(data[:4], []byte("DIRC")) {
		return true, false
	}
	if v := binary.BigEndian.Uint32(data[4:8]); v < 2 || v > 4 {
		return true, false
	}
	sum := sha1.Sum(data[:len(data)-trailer])
	if !bytes.Equal(sum[:], data[len(data)-trailer:]) {
		return true, false
	}
	r.keepIndexBytes(data, fi)
	return true, true
}
