package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// A command reads the index several times (Open's check, Status,
// StagedDeletions, a commit's update), each a read of 300 kB and a SHA-1
// at ten years, and some a decode of 3,650 entries. The Repo keeps the
// bytes it last read, whether their checksum is known to be right, and
// the index decoded from them once something decodes it. It does not read
// the file again while it is the same file: the same inode, size and
// modification time, and the same checksum in its last 20 bytes. Other
// bytes that are the same bytes give the same index.

// indexFileData is .git/index as indexFile finds it.
type indexFileData struct {
	exists  bool
	fi      os.FileInfo  // its stat data
	data    []byte       // its bytes; not to be changed
	checked bool         // data's checksum is known to be right
	kept    *index.Index // a copy of the index decoded from data; nil: not decoded
}

// indexFile reads .git/index, or finds it kept. Callers hold r.mu.
func (r *Repo) indexFile() (indexFileData, error) {
	fi, err := os.Stat(r.indexPath())
	if errors.Is(err, os.ErrNotExist) {
		return indexFileData{}, nil
	}
	if err != nil {
		return indexFileData{exists: true}, fmt.Errorf("read index: %w", err)
	}
	if r.idxData == nil || !r.indexFileIs(fi, r.idxStat, r.idxData) {
		data, err := os.ReadFile(r.indexPath())
		if errors.Is(err, os.ErrNotExist) {
			return indexFileData{}, nil
		}
		if err != nil {
			return indexFileData{exists: true}, fmt.Errorf("read index: %w", err)
		}
		if !bytes.Equal(data, r.idxData) {
			r.idxData, r.idxSumOK, r.idxMemo = data, false, nil
		}
		r.idxStat = fi
	}
	f := indexFileData{exists: true, fi: fi, data: r.idxData, checked: r.idxSumOK}
	if r.idxMemo != nil {
		// The entries are shared: callers replace entries rather than
		// change them, and the copy has its own slice.
		idx := *r.idxMemo
		idx.Entries = slices.Clone(r.idxMemo.Entries)
		f.kept = &idx
	}
	return f, nil
}

// keepIndexBytes keeps data, the index file whose stat data is fi, found
// whole by its checksum. Callers hold r.mu or own r alone.
func (r *Repo) keepIndexBytes(data []byte, fi os.FileInfo) {
	r.idxData, r.idxStat, r.idxSumOK, r.idxMemo = data, fi, true, nil
}

// decodeIndexFile decodes the bytes indexFile read and keeps the index
// for the next reader. Callers hold r.mu.
func (r *Repo) decodeIndexFile(f indexFileData) (*index.Index, error) {
	idx, err := decodeIndex(f.data, f.checked)
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("file is truncated")
		}
		return nil, fmt.Errorf("%w: %v", errIndexCorrupt, err)
	}
	if bytes.Equal(f.data, r.idxData) {
		kept := *idx
		kept.Entries = slices.Clone(idx.Entries)
		r.idxMemo, r.idxSumOK = &kept, true
	}
	return idx, nil
}

// indexFileIs reports whether the index file, whose stat data is now fi,
// is still the one that had stat data old and the bytes data: the same
// inode, size and modification time, and the same checksum in its last
// 20 bytes.
func (r *Repo) indexFileIs(fi, old os.FileInfo, data []byte) bool {
	if old == nil || !os.SameFile(fi, old) || fi.Size() != old.Size() || !fi.ModTime().Equal(old.ModTime()) {
		return false
	}
	const sumLen = 20
	if len(data) < sumLen || int64(len(data)) != fi.Size() {
		return false
	}
	f, err := os.Open(r.indexPath())
	if err != nil {
		return false
	}
	defer f.Close()
	var sum [sumLen]byte
	_, err = f.ReadAt(sum[:], fi.Size()-sumLen)
	return err == nil && bytes.Equal(sum[:], data[len(data)-sumLen:])
}
