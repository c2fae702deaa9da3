package cli

import (
	"os"
	"time"

	"github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/routines"
)

const recordCacheName = "records"

// loadRecords is review.LoadRecords over the OS folder through its record
// cache: a record whose file is as it was when last read comes from the
// cache instead of its TOML. The answers come under the ids o's routines
// have now, former ids read as the routine's own (review.Records.Renamed).
func (d *deps) loadRecords(o *routines.OS, from, to routines.Date) (review.Records, []error) {
	recs, errs := d.loadRecordsAsWritten(from, to)
	return recs.Renamed(review.CurrentIDs(o)), errs
}

// loadRecordsAsWritten is loadRecords with the ids the records were
// written with.
func (d *deps) loadRecordsAsWritten(from, to routines.Date) (review.Records, []error) {
	dir := d.osDir()
	c := cache.New(d.getenv, dir)
	if c == nil {
		return review.LoadRecords(os.DirFS(dir), from, to)
	}
	rc := &review.RecordCache{}
	if b, ok := c.Get(recordCacheName, 1); ok {
		if read, err := review.ReadRecordCache(b); err == nil {
			rc = read
		}
	}
	recs, errs := review.LoadRecordsCached(os.DirFS(dir), from, to, rc)
	if rc.Changed() {
		// File times are real, so the cache compares them with the real
		// clock, not with MYOS_NOW.
		c.Put(recordCacheName, 1, review.AppendRecordCache(nil, rc, time.Now()))
	}
	return recs, errs
}
