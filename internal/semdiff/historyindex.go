package semdiff

// ItemHistory decodes every version of the item's file: at ten years, a
// hundred versions of routines.toml and several hundred of
// priorities.toml, each a full TOML decode, to find the dozen where one
// item changed. A VersionIndex remembers, for each version by blob id,
// whether it decodes and a fingerprint of the fields of each item in it.
// ItemHistoryIndexed then decodes only the versions around a step where
// the item's fingerprint changes (or it appears, goes or is renamed), and
// reads the rest from the index; blob ids never change meaning, so the
// index is never stale. The answer is ItemHistory's.

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/myos-dev/myos/internal/wire"
	"github.com/myos-dev/myos/routines"
)

// fingerprint identifies the values of every field of an item: two items
// of a kind with the same fingerprint have no ChangedFields.
type fingerprint [16]byte

type itemKey struct {
	kind routines.Kind
	id   string
}

// versionSummary is what the index knows of one version of a file: whether
// it decodes, and the fingerprint of the first item of each kind and id.
type versionSummary struct {
	ok    bool
	items map[itemKey]fingerprint
}

// VersionIndex summarises versions of one model file by blob id. It is not
// safe for concurrent use.
type VersionIndex struct {
	file     string
	versions map[string]versionSummary
	changed  bool
}

// NewVersionIndex returns an empty index of versions of file.
func NewVersionIndex(file string) *VersionIndex {
	return &VersionIndex{file: file, versions: map[string]versionSummary{}}
}

// Changed reports whether the index learned versions since it was made or
// read: then it is worth writing back.
func (x *VersionIndex) Changed() bool { return x != nil && x.changed }

func summarize(o *routines.OS, ok bool) versionSummary {
	s := versionSummary{ok: ok, items: map[itemKey]fingerprint{}}
	if !ok {
		return s
	}
	for _, k := range routines.Kinds() {
		for _, it := range o.Items(k) {
			key := itemKey{k, it.ItemID()}
			if _, seen := s.items[key]; !seen { // Find gives the first
				s.items[key] = fingerprintOf(it)
			}
		}
	}
	return s
}

// fingerprintOf hashes the set fields of it with their types, which tells
// apart every pair of items ChangedFields would.
func fingerprintOf(it routines.Item) fingerprint {
	h := sha256.New()
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, f := range routines.Fields(it) {
		str(f.Key)
		switch v := f.Value.(type) {
		case string:
			b = append(b, 's')
			str(v)
		case int:
			b = append(b, 'i')
			b = binary.AppendVarint(b, int64(v))
		case bool:
			b = append(b, 'b')
			b = strconv.AppendBool(b, v)
		case routines.Date:
			b = append(b, 'd')
			str(v.String())
		case []string:
			b = append(b, 'l')
			b = binary.AppendUvarint(b, uint64(len(v)))
			for _, s := range v {
				str(s)
			}
		case nil:
			b = append(b, 'n')
		default:
			b = append(b, 'v')
			str(fmt.Sprintf("%T %#v", v, v))
		}
	}
	h.Write(b)
	var fp fingerprint
	copy(fp[:], h.Sum(nil))
	return fp
}

// ItemHistoryIndexed is ItemHistory reading through x, which it fills
// with the versions it decodes; a nil x is ItemHistory.
func ItemHistoryIndexed(kind routines.Kind, id string, revs []Revision, read func(blob string) ([]byte, error), x *VersionIndex) ([]Entry, error) {
	if x == nil {
		return ItemHistory(kind, id, revs, read)
	}
	file := kind.File()
	if file == "" {
		return nil, fmt.Errorf("item history: unknown kind %q", kind)
	}
	if file != x.file {
		return nil, fmt.Errorf("item history: an index of %s for a %s", x.file, kind)
	}
	// load decodes a version, and puts it in the index.
	load := newVersions(file, read, func(blob string, v version) {
		if _, known := x.versions[blob]; !known {
			x.versions[blob] = summarize(v.os, v.ok)
			x.changed = true
		}
	}).load
	summary := func(blob string) (versionSummary, error) {
		if blob == "" {
			return versionSummary{ok: true}, nil
		}
		if s, ok := x.versions[blob]; ok {
			return s, nil
		}
		if _, err := load(blob); err != nil {
			return versionSummary{}, err
		}
		return x.versions[blob], nil
	}

	var out []Entry
	// carry is a readable version whose older neighbour could not be read:
	// it waits for the next readable one to be compared with.
	carry, carryCommit, carrying := "", "", false
	for _, rv := range revs {
		newer, commit := carry, carryCommit
		if !carrying {
			s, err := summary(rv.Blob)
			if err != nil {
				return nil, err
			}
			if !s.ok {
				continue
			}
			newer, commit = rv.Blob, rv.Commit
		}
		older, err := summary(rv.ParentBlob)
		if err != nil {
			return nil, err
		}
		if !older.ok {
			carry, carryCommit, carrying = newer, commit, true
			continue
		}
		carry, carryCommit, carrying = "", "", false
		ns, err := summary(newer)
		if err != nil {
			return nil, err
		}
		key := itemKey{kind, id}
		of, inOld := older.items[key]
		nf, inNew := ns.items[key]
		if !inOld && !inNew || inOld && inNew && of == nf {
			continue // itemChange finds nothing here
		}
		o, err := load(rv.ParentBlob)
		if err != nil {
			return nil, err
		}
		n, err := load(newer)
		if err != nil {
			return nil, err
		}
		if c, found := itemChange(kind, id, o.os, n.os); found {
			out = append(out, Entry{Commit: commit, Change: c})
			if c.Op == OpChange && c.OldID != "" && c.ID == id {
				id = c.OldID // renamed here: before, it had its old id
			}
		}
	}
	return out, nil
}

// The index's form: a table of the distinct (kind, id, fingerprint)
// entries, then each version: its blob id, whether it decodes, and the
// entries it holds by their place in the table.

// versionIndexVersion is the form's version, and that of what the
// fingerprints read: an item's fields as the model has them. Version 2
// came with the former ids of themes, priorities and blocks, which a
// fingerprint of version 1 left out (they were unknown keys then).
const versionIndexVersion = 2

// AppendVersionIndex appends x in its binary form to b.
func AppendVersionIndex(b []byte, x *VersionIndex) []byte {
	type entry struct {
		key itemKey
		fp  fingerprint
	}
	idx := map[entry]uint64{}
	var table []entry
	blobs := make([]string, 0, len(x.versions))
	for blob := range x.versions {
		blobs = append(blobs, blob)
	}
	sort.Strings(blobs)
	var body []byte
	for _, blob := range blobs {
		s := x.versions[blob]
		body = binary.AppendUvarint(body, uint64(len(blob)))
		body = append(body, blob...)
		if !s.ok {
			body = append(body, 0)
			continue
		}
		body = append(body, 1)
		refs := make([]uint64, 0, len(s.items))
		for k, fp := range s.items {
			e := entry{k, fp}
			i, ok := idx[e]
			if !ok {
				i = uint64(len(table))
				idx[e] = i
				table = append(table, e)
			}
			refs = append(refs, i)
		}
		sort.Slice(refs, func(i, j int) bool { return refs[i] < refs[j] })
		body = binary.AppendUvarint(body, uint64(len(refs)))
		for _, r := range refs {
			body = binary.AppendUvarint(body, r)
		}
	}
	b = binary.AppendUvarint(b, versionIndexVersion)
	b = binary.AppendUvarint(b, uint64(len(x.file)))
	b = append(b, x.file...)
	b = binary.AppendUvarint(b, uint64(len(table)))
	for _, e := range table {
		for _, s := range []string{string(e.key.kind), e.key.id} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		b = append(b, e.fp[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(blobs)))
	return append(b, body...)
}

var errVersionIndex = errors.New("version index: damaged or of another version")

// ReadVersionIndex reads what AppendVersionIndex wrote for file.
func ReadVersionIndex(file string, b []byte) (*VersionIndex, error) {
	r := wire.NewReader(b)
	if r.Uvarint() != versionIndexVersion || r.Str() != file || r.Bad() {
		return nil, errVersionIndex
	}
	type entry struct {
		key itemKey
		fp  fingerprint
	}
	table := make([]entry, r.Count())
	for i := range table {
		table[i].key = itemKey{routines.Kind(r.Str()), r.Str()}
		copy(table[i].fp[:], r.Fixed(len(fingerprint{})))
	}
	nv := r.Count()
	x := &VersionIndex{file: file, versions: make(map[string]versionSummary, nv)}
	for i := 0; i < nv && !r.Bad(); i++ {
		blob := r.Str()
		vs := versionSummary{ok: r.Byte() == 1, items: map[itemKey]fingerprint{}}
		if vs.ok {
			nr := r.Count()
			for j := 0; j < nr; j++ {
				k, ok := r.Index(len(table))
				if !ok {
					break
				}
				vs.items[table[k].key] = table[k].fp
			}
		}
		x.versions[blob] = vs
	}
	if !r.Done() {
		return nil, errVersionIndex
	}
	return x, nil
}
