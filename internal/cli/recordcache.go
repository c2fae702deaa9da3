package cli

import (
	"fmt"
	"io/fs"
	"time"

	"github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

const recordCacheName = "records"

// loadHistory is review.LoadHistory over the OS folder through its record
// cache: a record whose file is as it was when last read comes from the
// cache instead of its TOML.
// repo is the OS's repository when the caller has it open, else nil.
func (d *deps) loadHistory(repo *store.Repo, o *routines.OS, span review.Span) (review.History, []error) {
	h, errs := d.loadRecords(o, span)
	past, err := pastRoutines(d, repo, o, span.Start())
	if err != nil {
		// Without the history every day is judged by the routines as
		// they are now, as in a folder that is not a repository.
		errs = append(errs, fmt.Errorf("the history of %s: %w", routines.FileRoutines, err))
	}
	h.Past = past
	return h, errs
}

// loadRecords is loadHistory without the past versions of the routines.
func (d *deps) loadRecords(o *routines.OS, span review.Span) (h review.History, errs []error) {
	d.withRecordCache(func(fsys fs.FS, rc *review.RecordCache) {
		h, errs = review.LoadHistory(fsys, o, span, rc)
	})
	return h, errs
}

// withRecordCache runs f on the OS folder with the record cache of the OS
// (nil when caches are off), and keeps what f added to the cache.
func (d *deps) withRecordCache(f func(fsys fs.FS, rc *review.RecordCache)) {
	dir := d.osDir()
	c := cache.New(d.getenv, dir)
	if c == nil {
		f(workfile.DirFS(dir), nil)
		return
	}
	rc := &review.RecordCache{}
	if b, ok := c.Get(recordCacheName, 1); ok {
		if read, err := review.ReadRecordCache(b); err == nil {
			rc = read
		}
	}
	f(workfile.DirFS(dir), rc)
	if rc.Changed() {
		// File times are real, so the cache compares them with the real
		// clock, not with MYOS_NOW.
		c.Put(recordCacheName, 1, review.AppendRecordCache(nil, rc, time.Now()))
	}
}
