package store

// Listing the folders of records, to find new files, was a fifth of a
// `myos status` at ten years once its stat calls were lean. A folder's
// listing changes only when a name is added, removed or renamed in it,
// and each of those changes the folder's own modification and change
// times. The folder cache keeps, for each folder Status lists, what it
// found besides the tracked files (new files, and folders) with the
// folder's stat data then and its tree id in HEAD; while both are the
// same, Status takes the listing from the cache instead of reading the
// folder. This is git's untracked cache, for the folders of records.
//
// A listing is kept only when the folder had not changed for
// dirCacheMargin before it was read: a change within the same tick of the
// file system's clock could leave its times as they were. The cache is
// used only on the local file systems known to change a folder's times
// with its names (folderTimesTrusted).

import (
	"encoding/binary"
	"maps"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	oscache "github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/wire"
)

const (
	dirCacheName    = "dirs"
	dirCacheVersion = 1
)

// dirCacheMargin is how long a folder must have been unchanged before its
// listing is kept. Tests shorten it.
var dirCacheMargin = 2 * time.Second

// dirStamp is a folder's stat data, as far as the cache compares it.
type dirStamp struct {
	dev, ino   uint64
	msec, mns  int64 // modification time
	csec, cns  int64 // change time
	size       int64
	recordable bool // known, on a file system whose folder times can be trusted
}

// dirListing is what Status found in a folder besides its tracked files.
type dirListing struct {
	tree  plumbing.Hash // the folder's tree id in HEAD
	stamp dirStamp
	extra []dirEntry
}

// readDirCache returns the listings in c by slash folder ("" for the
// root); nil when there are none or c is nil.
func readDirCache(c *oscache.Cache) map[string]dirListing {
	b, ok := c.Get(dirCacheName, dirCacheVersion)
	if !ok {
		return nil
	}
	return decodeDirCache(b)
}

// keepDirCache stores the listings in c when they differ from old.
func keepDirCache(c *oscache.Cache, old, now map[string]dirListing) {
	if c == nil || maps.EqualFunc(old, now, sameListing) {
		return
	}
	c.Put(dirCacheName, dirCacheVersion, encodeDirCache(now))
}

func sameListing(a, b dirListing) bool {
	if a.tree != b.tree || a.stamp != b.stamp || len(a.extra) != len(b.extra) {
		return false
	}
	for i := range a.extra {
		if a.extra[i] != b.extra[i] {
			return false
		}
	}
	return true
}

// settled reports whether a folder with stat data s had not changed for
// dirCacheMargin before start.
func (s dirStamp) settled(start time.Time) bool {
	limit := start.Add(-dirCacheMargin)
	return s.recordable && time.Unix(s.msec, s.mns).Before(limit) && time.Unix(s.csec, s.cns).Before(limit)
}

func encodeDirCache(m map[string]dirListing) []byte {
	var b []byte
	u := func(n uint64) { b = binary.AppendUvarint(b, n) }
	v := func(n int64) { b = binary.AppendVarint(b, n) }
	str := func(s string) { u(uint64(len(s))); b = append(b, s...) }
	u(uint64(len(m)))
	for dir, l := range m {
		str(dir)
		b = append(b, l.tree[:]...)
		u(l.stamp.dev)
		u(l.stamp.ino)
		v(l.stamp.msec)
		v(l.stamp.mns)
		v(l.stamp.csec)
		v(l.stamp.cns)
		v(l.stamp.size)
		u(uint64(len(l.extra)))
		for _, e := range l.extra {
			str(e.name)
			if e.dir {
				u(1)
			} else {
				u(0)
			}
		}
	}
	return b
}

// decodeDirCache reads what encodeDirCache wrote; nil when it is damaged.
func decodeDirCache(b []byte) map[string]dirListing {
	rd := wire.NewReader(b)
	n := rd.Count()
	m := make(map[string]dirListing, n)
	for i := 0; i < n && !rd.Bad(); i++ {
		dir := rd.Str()
		var l dirListing
		copy(l.tree[:], rd.Fixed(len(l.tree)))
		l.stamp = dirStamp{dev: rd.Uvarint(), ino: rd.Uvarint(), msec: rd.Varint(), mns: rd.Varint(),
			csec: rd.Varint(), cns: rd.Varint(), size: rd.Varint(), recordable: true}
		k := rd.Count()
		for j := 0; j < k && !rd.Bad(); j++ {
			e := dirEntry{name: rd.Str()}
			if e.name == "" || e.name == "." || e.name == ".." || strings.ContainsAny(e.name, "/\x00") {
				rd.Fail()
			}
			switch rd.Uvarint() {
			case 0:
			case 1:
				e.dir = true
			default:
				rd.Fail()
			}
			l.extra = append(l.extra, e)
		}
		m[dir] = l
	}
	if !rd.Done() {
		return nil
	}
	return m
}
