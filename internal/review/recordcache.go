package review

// Ten years of daily reviews are 3,650 record files; decoding their TOML
// is most of what `myos stats --days 3650` would cost. A RecordCache keeps
// each parsed record with the stamp of the file it came from (size,
// modification time, and on Linux inode and change time), so that a file
// whose stamp is unchanged is not read again. As git does with its index,
// a file modified within the last few seconds before the cache is written
// is not kept: another change in the same clock tick would leave its
// stamp as it was.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/myos-dev/myos/internal/wire"
	"github.com/myos-dev/myos/routines"
)

// racyWindow is how recent a file's modification may be for its record
// to be kept.
const racyWindow = 2 * time.Second

// stamp is what tells that a file is the one a record was parsed from.
type stamp struct {
	size, mtime, ino, ctime int64
}

func stampOf(fi fs.FileInfo) stamp {
	s := stamp{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	s.ino, s.ctime = inodeAndCtime(fi)
	return s
}

type cachedRecord struct {
	stamp stamp
	rec   *Record
}

// RecordCache holds parsed daily records by path. The zero value is an
// empty cache. It is not safe for concurrent use.
type RecordCache struct {
	entries map[string]cachedRecord
	changed bool
}

// Changed reports whether loading records added, replaced or dropped
// entries since the cache was read: then it is worth writing back.
func (c *RecordCache) Changed() bool { return c != nil && c.changed }

// lookup returns the cached record of p when fi is the file it came from.
func (c *RecordCache) lookup(p string, fi fs.FileInfo) (*Record, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.entries[p]
	if !ok || e.stamp != stampOf(fi) {
		return nil, false
	}
	return e.rec, true
}

func (c *RecordCache) store(p string, fi fs.FileInfo, r *Record) {
	if c == nil {
		return
	}
	if c.entries == nil {
		c.entries = map[string]cachedRecord{}
	}
	c.entries[p] = cachedRecord{stamp: stampOf(fi), rec: r}
	c.changed = true
}

// forget drops the entries in the folders of whole whose files are not in
// present.
func (c *RecordCache) forget(whole map[string]bool, present map[string]bool) {
	if c == nil || len(whole) == 0 {
		return
	}
	for p := range c.entries {
		if present[p] {
			continue
		}
		if i := strings.LastIndexByte(p, '/'); i >= 0 && whole[p[:i]] {
			delete(c.entries, p)
			c.changed = true
		}
	}
}

// recordCacheVersion changes whenever the form below does.
const recordCacheVersion = 2

// AppendRecordCache appends c in its binary form to b, leaving out records
// of files modified less than racyWindow before now (the real time, not a
// pinned clock).
func AppendRecordCache(b []byte, c *RecordCache, now time.Time) []byte {
	var paths []string
	if c != nil {
		for p, e := range c.entries {
			if e.stamp.mtime <= now.Add(-racyWindow).UnixNano() {
				paths = append(paths, p)
			}
		}
	}
	sort.Strings(paths)
	// Strings repeat (ids, answers, questions): each is written once, in a
	// table, and referred to by its index.
	var table wire.Strings
	ref := table.Ref
	var body []byte
	u := func(n uint64) { body = binary.AppendUvarint(body, n) }
	v := func(n int64) { body = binary.AppendVarint(body, n) }
	count := func(n int, isNil bool) {
		if isNil {
			u(0)
		} else {
			u(uint64(n) + 1)
		}
	}
	// The totals let the reader allocate every record and answer at once.
	var nr, np, nd int
	for _, p := range paths {
		r := c.entries[p].rec
		nr, np, nd = nr+len(r.Routines), np+len(r.Prompts), nd+len(r.Decisions)
	}
	u(uint64(len(paths)))
	u(uint64(nr))
	u(uint64(np))
	u(uint64(nd))
	for _, p := range paths {
		e := c.entries[p]
		r := e.rec
		u(ref(p))
		v(e.stamp.size)
		v(e.stamp.mtime)
		v(e.stamp.ino)
		v(e.stamp.ctime)
		v(int64(r.Date.Year))
		v(int64(r.Date.Month))
		v(int64(r.Date.Day))
		u(ref(r.Kind))
		u(ref(r.Reviewed))
		u(ref(r.Note))
		count(len(r.Routines), r.Routines == nil)
		for _, a := range r.Routines {
			u(ref(a.ID))
			v(int64(r.Date.DaysUntil(a.Day)))
			u(ref(a.Answer))
			u(ref(a.Note))
		}
		count(len(r.Prompts), r.Prompts == nil)
		for _, pa := range r.Prompts {
			u(ref(pa.Key))
			u(ref(pa.Question))
			u(ref(pa.Answer))
		}
		count(len(r.Decisions), r.Decisions == nil)
		for _, d := range r.Decisions {
			u(ref(d.Key))
			u(ref(d.Question))
			u(ref(d.Action))
		}
	}
	b = binary.AppendUvarint(b, recordCacheVersion)
	b = table.AppendTable(b)
	return append(b, body...)
}

var errRecordCache = errors.New("record cache: damaged or of another version")

// ReadRecordCache reads what AppendRecordCache wrote. A cache it cannot
// read is an error; callers then start from an empty one.
func ReadRecordCache(b []byte) (*RecordCache, error) {
	r := wire.NewReader(b) // the strings below share one copy of b
	if r.Uvarint() != recordCacheVersion || r.Bad() {
		return nil, errRecordCache
	}
	table := r.Table()
	str := func() string { return r.Of(table) }
	v := r.Varint
	count := r.ListLen
	entries, nr, np, nd := r.Count(), r.Count(), r.Count(), r.Count()
	if r.Bad() {
		return nil, errRecordCache
	}
	c := &RecordCache{entries: make(map[string]cachedRecord, entries)}
	recs := make([]Record, entries)
	answers := make([]RoutineAnswer, nr)
	prompts := make([]PromptAnswer, np)
	decisions := make([]Decision, nd)
	// Each record's slices are cut from the shared arrays with their
	// capacity capped, so that appending to one never writes into the next.
	for i := range recs {
		if r.Bad() {
			break
		}
		p := str()
		var e cachedRecord
		e.stamp = stamp{size: v(), mtime: v(), ino: v(), ctime: v()}
		rec := &recs[i]
		rec.Date = routines.Date{Year: int(v()), Month: time.Month(v()), Day: int(v())}
		rec.Kind, rec.Reviewed, rec.Note = str(), str(), str()
		if n, isNil := count(); !isNil {
			if n > len(answers) {
				return nil, errRecordCache
			}
			rec.Routines, answers = answers[:n:n], answers[n:]
			for j := range rec.Routines {
				a := &rec.Routines[j]
				a.ID = str()
				if delta := int(v()); delta == 0 {
					a.Day = rec.Date
				} else {
					a.Day = rec.Date.AddDays(delta)
				}
				a.Answer, a.Note = str(), str()
			}
		}
		if n, isNil := count(); !isNil {
			if n > len(prompts) {
				return nil, errRecordCache
			}
			rec.Prompts, prompts = prompts[:n:n], prompts[n:]
			for j := range rec.Prompts {
				rec.Prompts[j] = PromptAnswer{Key: str(), Question: str(), Answer: str()}
			}
		}
		if n, isNil := count(); !isNil {
			if n > len(decisions) {
				return nil, errRecordCache
			}
			rec.Decisions, decisions = decisions[:n:n], decisions[n:]
			for j := range rec.Decisions {
				rec.Decisions[j] = Decision{Key: str(), Question: str(), Action: str()}
			}
		}
		e.rec = rec
		c.entries[p] = e
	}
	if !r.Done() {
		return nil, errRecordCache
	}
	return c, nil
}

// LoadRecordsCached is LoadRecords reading through c: a record whose file
// has the stamp c holds for it is taken from c, any other is read, parsed
// and put in c. A nil c is LoadRecords. The records returned are the ones
// c holds: write c out (AppendRecordCache) before changing any of them.
func LoadRecordsCached(fsys fs.FS, from, to routines.Date, c *RecordCache) (Records, []error) {
	recs := Records{}
	var errs []error
	// Folders read whole (every year but the first and last of the span,
	// and missing ones) tell which cached records' files are gone.
	whole := map[string]bool{}
	present := map[string]bool{}
	for y := from.Year; y <= to.Year; y++ {
		dir := path.Join(Dir, fmt.Sprintf("%04d", y))
		entries, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			whole[dir] = true
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if from.Year < y && y < to.Year {
			whole[dir] = true
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			d, kind, ok := ParsePath(p)
			if !ok || kind != Daily || d.Before(from) || d.After(to) || !e.Type().IsRegular() {
				continue
			}
			if c != nil {
				present[p] = true
			}
			r, err := c.read(fsys, p, e)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			recs[d] = r
		}
	}
	c.forget(whole, present)
	return recs, errs
}

// read is the record of the file p, listed as e: from c when the file has
// the stamp c holds for it, else parsed and put in c. A nil c reads the
// file.
func (c *RecordCache) read(fsys fs.FS, p string, e fs.DirEntry) (*Record, error) {
	var fi fs.FileInfo
	if c != nil {
		var err error
		if fi, err = e.Info(); err == nil {
			if r, ok := c.lookup(p, fi); ok {
				return r, nil
			}
		}
	}
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	r, err := Parse(p, b)
	if err != nil {
		return nil, err
	}
	if fi != nil {
		c.store(p, fi, r)
	}
	return r, nil
}
