package store

import (
	"bytes"
	"os"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// A write reads the index two or three times (Status, StagedDeletions,
// the commit's update), each a SHA-1 and a decode of 3,650 entries at ten
// years. readIndex keeps the last index it decoded with the bytes it came
// from; the same bytes give the same index. It does not even read the
// file again while it is the same file: the same inode, size and
// modification time, and the same checksum in its last 20 bytes.

// sameIndex returns a copy of the kept index when data is the file it was
// decoded from, else nil. The entries are shared: callers replace entries
// rather than change them, and the copy has its own slice. Callers hold
// r.mu.
func (r *Repo) sameIndex(data []byte) *index.Index {
	if r.idxMemo == nil || !bytes.Equal(data, r.idxData) {
		return nil
	}
	idx := *r.idxMemo
	idx.Entries = slices.Clone(r.idxMemo.Entries)
	return &idx
}

// sameIndexFile is sameIndex reading only the index's checksum: when fi,
// the index's stat data now, is the file the kept index was read from (the
// same inode, size and modification time; git and myos replace the index
// by renaming a new file over it) and its last 20 bytes, the SHA-1 of the
// rest, are the kept ones, it returns a copy of the kept index. Callers
// hold r.mu.
func (r *Repo) sameIndexFile(fi os.FileInfo) *index.Index {
	if r.idxMemo == nil || !r.indexFileIs(fi, r.idxStat, r.idxData) {
		return nil
	}
	return r.sameIndex(r.idxData)
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

// keepIndex keeps idx, decoded from data, and gives the caller a copy to
// change. Callers hold r.mu.
func (r *Repo) keepIndex(data []byte, idx *index.Index) {
	kept := *idx
	kept.Entries = slices.Clone(idx.Entries)
	r.idxData, r.idxMemo = data, &kept
}
