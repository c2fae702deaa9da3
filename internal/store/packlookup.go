package store

// Whether an object exists is asked before every object a commit writes
// and for HEAD's folders by the check before a write. go-git answers it
// from its pack index, which it builds by reading every .idx whole and
// copying each object's name, offset and checksum: at ten years, 1.2 MB
// and a tenth of `myos add`, for a dozen questions. hasObject answers them
// as git does, from the .idx files on disk: the fan-out table narrows a
// name to the hundred or so that share its first byte, and a binary search
// of those, read with one pread, finds it or not.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

const (
	idxHeaderLen = 8       // "\377tOc" and version 2
	idxFanoutLen = 256 * 4 // object counts by first byte, cumulative
	idxNameLen   = 20
)

var idxMagic = []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}

// errIdxFormat is a pack index hasObject does not read (version 1, or
// damaged); go-git's reader decides then.
var errIdxFormat = errors.New("pack index: unknown format")

// packIdx is one pack index's fan-out table, and the index kept open:
// a commit asks a few dozen times, and opening the file each time cost as
// much as reading from it.
type packIdx struct {
	f      *os.File
	fanout [256]uint32
}

// packLookup is the fan-out tables of the packs named in packs.
type packLookup struct {
	packs string
	idx   []packIdx
}

// close closes the pack indexes l keeps open; l may be nil.
func (l *packLookup) close() {
	if l == nil {
		return
	}
	for _, p := range l.idx {
		p.f.Close()
	}
	l.idx = nil
}

// hasObject reports whether the repository holds h, loose or packed.
// Callers hold r.mu.
func (r *Repo) hasObject(h plumbing.Hash) bool {
	hex := h.String()
	if _, err := os.Lstat(filepath.Join(r.gitDir, "objects", hex[:2], hex[2:])); err == nil {
		return true
	}
	found, err := r.packedHas(h)
	if err != nil {
		return r.objs.HasEncodedObject(h) == nil
	}
	return found
}

// packedHas reports whether a pack holds h.
func (r *Repo) packedHas(h plumbing.Hash) (bool, error) {
	if r.packIdx == nil || r.packIdx.packs != r.packs {
		r.packIdx.close()
		r.packIdx = nil
		l, err := readPackLookup(filepath.Join(r.gitDir, "objects", "pack"), r.packs)
		if err != nil {
			return false, err
		}
		r.packIdx = l
	}
	for i := range r.packIdx.idx {
		found, err := r.packIdx.idx[i].has(h)
		if err != nil || found {
			return found, err
		}
	}
	return false, nil
}

// readPackLookup reads the fan-out tables of packs, the newline-separated
// .idx and .pack names in dir that packList gives.
func readPackLookup(dir, packs string) (*packLookup, error) {
	l := &packLookup{packs: packs}
	if packs == "" {
		return l, nil
	}
	for _, name := range strings.Split(packs, "\n") {
		base, ok := strings.CutSuffix(name, ".idx")
		if !ok {
			continue // a pack: its index names it
		}
		// An index whose pack is not there (a pack write cut off between
		// its two renames) is no pack: git and go-git skip it too. When
		// the pack arrives, packs changes and the lookup is read again.
		if _, err := os.Stat(filepath.Join(dir, base+".pack")); err != nil {
			continue
		}
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			l.close()
			return nil, err
		}
		p := packIdx{f: f}
		var head [idxHeaderLen + idxFanoutLen]byte
		if _, err := f.ReadAt(head[:], 0); err != nil || !bytes.Equal(head[:idxHeaderLen], idxMagic) {
			f.Close()
			l.close()
			return nil, errIdxFormat
		}
		prev := uint32(0)
		for i := range p.fanout {
			n := binary.BigEndian.Uint32(head[idxHeaderLen+4*i:])
			if n < prev {
				f.Close()
				l.close()
				return nil, errIdxFormat
			}
			p.fanout[i], prev = n, n
		}
		l.idx = append(l.idx, p)
	}
	return l, nil
}

// has reports whether the pack holds h: it reads the names that share h's
// first byte and searches them.
func (p *packIdx) has(h plumbing.Hash) (bool, error) {
	lo := uint32(0)
	if h[0] > 0 {
		lo = p.fanout[h[0]-1]
	}
	hi := p.fanout[h[0]]
	if lo == hi {
		return false, nil
	}
	names := make([]byte, int(hi-lo)*idxNameLen)
	if _, err := p.f.ReadAt(names, int64(idxHeaderLen+idxFanoutLen)+int64(lo)*idxNameLen); err != nil {
		return false, errIdxFormat
	}
	n := int(hi - lo)
	i := sort.Search(n, func(i int) bool {
		return bytes.Compare(names[i*idxNameLen:(i+1)*idxNameLen], h[:]) >= 0
	})
	return i < n && bytes.Equal(names[i*idxNameLen:(i+1)*idxNameLen], h[:]), nil
}
