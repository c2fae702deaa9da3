package cli

// Stats judge each past day by the routine as it was that day: a routine
// paused for a holiday was not missed then, a daily routine made weekdays
// was due on the weekends before, one retired and revived was not due
// while retired. How it was is in the history of routines.toml.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/myos-dev/myos/internal/cache"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/wire"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

// pastRoutines lists the versions of the routines in effect on days from
// start on, before the version HEAD has (which o, the folder's, stands
// for with its hand edits), oldest first. A version is in effect from the
// day it was committed (in the OS's zone), on whichever machine, until the
// day before the next one. A folder that is not a repository,
// or has no history yet, has no past. repo is the OS's repository when
// the caller has it open, else nil.
func pastRoutines(d *deps, repo *store.Repo, o *routines.OS, start routines.Date) ([]review.Era, error) {
	dir := d.osDir()
	c := cache.New(d.getenv, dir)
	if repo == nil {
		var err error
		repo, err = store.OpenWith(dir, store.Options{Cache: c})
		if errors.Is(err, store.ErrNotRepo) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		defer repo.Close()
		for _, what := range repo.Repaired() {
			fmt.Fprintf(d.io.ErrOut, "myos: repaired %s\n", what)
		}
	}
	eras, err := versionEras(repo, c, start, o.Location())
	if err != nil {
		return nil, err
	}
	versions := routineVersions{}
	if c != nil {
		if b, ok := c.Get(routineVersionsName, routineVersionsVersion); ok {
			if read, ok := readRoutineVersions(b); ok {
				versions = read
			}
		}
	}
	learned := false
	renamed := review.CurrentIDs(o)
	var past []review.Era
	for _, v := range eras {
		rs, ok := versions[v.blob]
		if v.blob == "" {
			rs, ok = nil, true // no routines.toml: before the first version
		}
		if !ok {
			src, err := repo.ReadBlob(v.blob)
			if err != nil {
				return nil, err
			}
			rs = routinesOf(src)
			versions[v.blob], learned = rs, true
		}
		e := review.Era{Until: v.until, Routines: map[string]*routines.Routine{}, Handover: v.handover}
		for j := range rs {
			r := &rs[j]
			id := r.ID
			if now, ok := renamed[id]; ok {
				id = now
			}
			if _, seen := e.Routines[id]; !seen {
				e.Routines[id] = r
			}
		}
		past = append(past, e)
	}
	if c != nil && learned {
		c.Put(routineVersionsName, routineVersionsVersion, versions.append(nil))
	}
	// Oldest first.
	for i, j := 0, len(past)-1; i < j; i, j = i+1, j-1 {
		past[i], past[j] = past[j], past[i]
	}
	return past, nil
}

// versionEra is one past version of routines.toml, newest first: its blob,
// in effect until the day until, and on the day after until to the time
// of day handover (see review.Era). The blob "" is the time before
// routines.toml was first written: no routines.
type versionEra struct {
	until    routines.Date
	blob     string
	handover routines.Clock
}

// eraCacheName is the cache entry of the last versionEras: the eras of a
// HEAD and a first day, which they alone decide.
const eraCacheName = "routine-eras"

// eraCacheVersion changes whenever what versionEras gives does.
const eraCacheVersion = 8

// versionEras lists the versions of routines.toml in effect on days from
// the day before start on, before HEAD's, newest first: the day before,
// because a version written on start after a routine's time did not judge
// start for it. When the history reaches back to before the first
// version, the time before it is an era too, without routines: a routine
// was not in the OS before the OS was. Repeated with the same HEAD and
// start (stats run again before the next commit) it comes from the cache
// rather than from a walk of the history. A commit's day and time of day
// are read in the OS's zone as os.toml named it in that commit, as the
// routine's time was then: not in the zone of the clock that made it, nor
// in a zone the OS moved to later. loc, the OS's zone now, stands in for
// a commit without an os.toml that names one.
func versionEras(repo *store.Repo, c *cache.Cache, start routines.Date, loc *time.Location) ([]versionEra, error) {
	head, err := repo.HeadHash()
	if err != nil {
		return nil, err
	}
	key := head + " " + start.String() + " " + loc.String()
	// A shallow clone's history can grow under the same HEAD.
	keep := !repo.Shallow()
	if b, ok := c.Get(eraCacheName, eraCacheVersion); ok && keep {
		if was, eras, ok := readEras(b); ok {
			if was == key {
				return eras, nil
			}
			// The same start and zone under an earlier HEAD: when the
			// commits since (a review, an edit of another file) left
			// routines.toml as it was, its eras are the same.
			if prev, rest, _ := strings.Cut(was, " "); rest == key[len(head)+1:] {
				if same, err := routinesSince(repo, prev); err == nil && same {
					c.Put(eraCacheName, eraCacheVersion, appendEras(nil, key, eras))
					return eras, nil
				}
			}
		}
	}
	changes, err := changesSince(repo, start)
	if err != nil {
		return nil, err
	}
	var eras []versionEra
	zones := map[string]*time.Location{}
	// Each change ended the era of the version before it. Walking newest
	// first, an era ends no later than the one after it, whatever the
	// clocks said.
	var until routines.Date
	for i, ch := range changes {
		zone, err := zoneAt(repo, ch.Hash, loc, zones)
		if err != nil {
			return nil, err
		}
		when := ch.Author.When.In(zone)
		if next := routines.DateOf(when).AddDays(-1); i == 0 || next.Before(until) {
			until = next
		}
		if until.Before(start.AddDays(-1)) || !ch.wasKnown {
			break
		}
		var handover routines.Clock
		if routines.DateOf(when) == until.AddDays(1) {
			handover = routines.ClockOf(when)
		}
		eras = append(eras, versionEra{until, ch.was, handover})
	}
	if keep {
		c.Put(eraCacheName, eraCacheVersion, appendEras(nil, key, eras))
	}
	return eras, nil
}

// zoneAt is the zone os.toml names in commit hash, or loc when it names
// none there (no os.toml, or one that does not decode). zones holds what
// was read, by blob id: an OS changes its zone rarely, and most commits
// share HEAD's os.toml.
func zoneAt(repo *store.Repo, hash string, loc *time.Location, zones map[string]*time.Location) (*time.Location, error) {
	blob, err := repo.FileHash(hash, routines.FileOS)
	if err != nil || blob == "" {
		return loc, err
	}
	if z, ok := zones[blob]; ok {
		return z, nil
	}
	src, err := repo.ReadBlob(blob)
	if err != nil {
		return nil, err
	}
	z := loc
	if then, ok := semdiff.ParseLenient(routines.FileOS, src); ok && then.Settings.Timezone != "" {
		z = then.Location()
	}
	zones[blob] = z
	return z, nil
}

// folderZone starts zoneAt's memory with the zone of the os.toml in the
// OS folder dir, when it names one: most commits have that very os.toml,
// and zoneAt then reads no blob for them. At ten years the blob is in a
// pack, and its first read loads the pack indexes: 3 ms of every write,
// whose README lists the recent changes by day.
func folderZone(dir string, zones map[string]*time.Location) map[string]*time.Location {
	src, err := workfile.ReadFile(filepath.Join(dir, routines.FileOS))
	if err != nil {
		return zones
	}
	if o, ok := semdiff.ParseLenient(routines.FileOS, src); ok && o.Settings.Timezone != "" {
		zones[store.BlobID(src)] = o.Location()
	}
	return zones
}

// folderZones starts zoneAt's memory with the zone of the folder's
// os.toml, o being the OS in the folder and ids its files' blob ids (see
// folderIDs): most commits have that very os.toml, and
// zoneAt then reads no blob to know their zone. The first read of a
// packed object costs a process milliseconds at ten years (its pack's
// index is loaded), and a review of today reads no other. An os.toml
// that names no zone is left to zoneAt, whose answer is its loc.
func folderZones(o *routines.OS, ids map[string]string) map[string]*time.Location {
	zones := map[string]*time.Location{}
	if id, ok := ids[routines.FileOS]; ok && o.Settings.Timezone != "" {
		zones[id] = o.Location()
	}
	return zones
}

// appendEras encodes eras under key: the key, a count, then each era's
// last day, blob id and handover.
func appendEras(b []byte, key string, eras []versionEra) []byte {
	b = appendStr(b, key)
	b = binary.AppendUvarint(b, uint64(len(eras)))
	for _, e := range eras {
		b = appendStr(appendStr(b, e.until.String()), e.blob)
		b = binary.AppendUvarint(b, uint64(e.handover))
	}
	return b
}

// readEras decodes what versionEras stored, when it was stored for key.
// readEras decodes what appendEras wrote: the key, and the eras.
func readEras(b []byte) (string, []versionEra, bool) {
	r := wire.NewReader(b)
	key := r.Str()
	eras := make([]versionEra, 0, r.Count())
	for n := cap(eras); n > 0 && !r.Bad(); n-- {
		day, err := routines.ParseDate(r.Str())
		if err != nil {
			return "", nil, false
		}
		blob := r.Str()
		eras = append(eras, versionEra{day, blob, routines.Clock(r.Uvarint())})
	}
	return key, eras, r.Done()
}

// routinesSince reports whether HEAD is a descendant of commit prev, by
// first parents and within fewCommits of it, and every commit on the way
// has routines.toml as prev has it. A merge on the way answers false.
func routinesSince(repo *store.Repo, prev string) (bool, error) {
	want, err := repo.FileHash(prev, routines.FileRoutines)
	if err != nil {
		return false, err
	}
	// prev is most often HEAD's parent (a review a commit): the log is
	// read a few commits first, and further only when prev is not there.
	for _, max := range []int{2, 8, fewCommits} {
		commits, err := repo.Log(store.LogOptions{Max: max})
		if err != nil {
			return false, err
		}
		for i, c := range commits {
			if c.Hash == prev {
				return true, nil
			}
			if len(c.Parents) != 1 || (i+1 < len(commits) && commits[i+1].Hash != c.Parents[0]) {
				return false, nil
			}
			if got, err := repo.FileHash(c.Hash, routines.FileRoutines); err != nil || got != want {
				return false, err
			}
		}
		if len(commits) < max {
			return false, nil // the whole history, without prev
		}
	}
	return false, nil
}

// change is a commit that changed routines.toml: the blob of the version
// it wrote and of the one before it ("" for none: the file taken out, or
// not yet written). wasKnown is false when the history does not say what
// was before: a shallow clone's history ends there.
type change struct {
	store.CommitInfo
	blob, was string
	wasKnown  bool
}

// fewCommits is how many commits changesSince reads one by one, rather
// than through the walk of the whole history: more than a day or two
// hold, which is what the daily review looks at. A variable for tests.
var fewCommits = 64

// changesSince lists the commits that changed routines.toml since the day
// before start (a day's margin: commit times are in the zone of the clock
// that made them), newest first: those of HEAD's first parents, and for a
// merge among them that took the file from the side it merged, the
// commits that wrote it there instead (see broughtIn). A merge that left
// the file as its first parent had it is looked at too: the side may have
// changed it and changed it back (paused a routine, then resumed it).
//
// A short history since then, such as the daily review's of a day or two,
// is read commit by commit; a long one, such as stats of years, through
// the walk the store caches, which costs more to load and keep up to date
// than a few commits cost to read.
func changesSince(repo *store.Repo, start routines.Date) ([]change, error) {
	since := start.AddDays(-1).Time(time.UTC)
	commits, err := repo.Log(store.LogOptions{Since: since, Max: fewCommits + 1})
	if err != nil {
		return nil, err
	}
	if len(commits) > fewCommits {
		if commits, err = repo.Log(store.LogOptions{Path: routines.FileRoutines, Since: since, Merges: true}); err != nil {
			return nil, err
		}
	}
	blobs := make([]string, len(commits)+1)
	for i, c := range commits {
		if blobs[i], err = repo.FileHash(c.Hash, routines.FileRoutines); err != nil {
			return nil, err
		}
	}
	// blobs[n] is the blob before the oldest commit read: its parent's.
	n := len(commits)
	known := true
	if n > 0 && len(commits[n-1].Parents) > 0 {
		if blobs[n], err = repo.FileHash(commits[n-1].Parents[0], routines.FileRoutines); err != nil {
			return nil, err
		}
	} else if n > 0 {
		// The first commit; in a shallow clone, only where its history
		// ends.
		known = !repo.Shallow()
	}
	var out []change
	for i, c := range commits {
		if blobs[i] == blobs[i+1] && len(c.Parents) < 2 {
			continue
		}
		ch := change{CommitInfo: c, blob: blobs[i], was: blobs[i+1], wasKnown: i+1 < n || known}
		side, err := broughtIn(repo, ch, maxMergeDepth)
		if err != nil {
			return nil, err
		}
		out = append(out, side...)
	}
	return out, nil
}

// maxMergeDepth is how many merges deep broughtIn looks for where a
// version was written: a merge on the side a merge brought in may have
// brought it from a third machine.
const maxMergeDepth = 4

// broughtIn is what commit ch stands for: itself when it changed
// routines.toml, nothing when it did not; or, when ch is a merge that took
// the file whole from another parent, the changes that wrote it on that
// side, newest first, each dated by its own commit. A version paused on
// one machine on the 26th and merged into the history by another on the
// 3rd was in effect from the 26th: the machine that paused it lived by it,
// and which of the two merged is chance (it is the one that synced
// second). A merge that took the file whole may also have left it as its
// first parent had it, when the side changed it and changed it back: the
// routine paused on the 26th and resumed on the 1st was paused between,
// and not due. The side's changes are those of its first parents that the
// merge's first parent does not reach (see sideChanges). When both sides
// changed routines.toml since they forked, the merge either made a new
// version of the two or dropped one side's changes: either way the
// version is the merge's, and it is dated at the merge, as when the side's
// history is not there (a shallow clone may lack it). depth bounds how
// many merges deep this goes.
func broughtIn(repo *store.Repo, ch change, depth int) ([]change, error) {
	self := []change{ch}
	if ch.blob == ch.was {
		self = nil
	}
	if len(ch.Parents) < 2 || depth == 0 {
		return self, nil
	}
	for _, p := range ch.Parents[1:] {
		blob, err := repo.FileHash(p, routines.FileRoutines)
		if err == nil && blob != ch.blob {
			continue
		}
		var side []change
		ok := false
		if err == nil {
			side, ok, err = sideChanges(repo, p, ch.Parents[0], ch.was, depth)
		}
		if err != nil && repo.Shallow() {
			break // the side's history may be cut off
		}
		if err != nil {
			return nil, err
		}
		if ok && (len(side) > 0 || self == nil) {
			return side, nil
		}
		break
	}
	return self, nil
}

// sideChanges lists the changes to routines.toml along the first parents
// of side that first does not reach, newest first; ok is false when they
// cannot stand for the version the merge of side into first took. The
// walk goes down to where the side last met first's history: the commit
// whose first parent first reaches (where it forked), or a merge of a
// commit first reaches (where it last synced, when the machines take
// turns to merge: then its first parents pass beside the merge base)
// with routines.toml as first has it. A merge that synced while the side
// had its own version, and left that version as it was, is walked past:
// the side's changes below it are its own still. ok
// needs routines.toml there to be was, first's, and no commit first
// reaches alone (its side since then) to have changed it, but by taking a
// version the side reaches too (a third machine's, which both merged):
// then the side wrote each version the merge took, starting from the one
// first had.
// Otherwise both sides changed it, or the history ends. The walk does not
// stop at the first commit whose file is was: the side may have come back
// to was on the way (a routine paused, then resumed, then edited).
func sideChanges(repo *store.Repo, side, first, was string, depth int) (out []change, ok bool, err error) {
	onlySide, onlyFirst, err := repo.Sides(side, first)
	if err != nil {
		return nil, false, err
	}
	commits := make(map[string]store.CommitInfo, len(onlySide))
	for _, c := range onlySide {
		commits[c.Hash] = c
	}
	c, in := commits[side]
	if !in {
		return nil, false, nil
	}
	blob, err := repo.FileHash(c.Hash, routines.FileRoutines)
	if err != nil {
		return nil, false, err
	}
	for {
		if len(c.Parents) == 0 {
			return nil, false, nil
		}
		synced := false
		for _, p := range c.Parents[1:] {
			if _, in := commits[p]; !in {
				synced = true
			}
		}
		if synced && blob == was {
			// c merged first's history: the side's own changes are
			// those above it.
			break
		}
		parent := c.Parents[0]
		before, err := repo.FileHash(parent, routines.FileRoutines)
		if err != nil {
			return nil, false, err
		}
		if synced {
			// c merged first's history as it was then, and the side
			// had changed routines.toml since: two machines that each
			// commit daily take turns to merge the other's. When c
			// left the file as the side had it, the side's changes
			// are below it too; when c took first's changes in, the
			// versions are not the side's alone.
			if before != blob {
				return nil, false, nil
			}
		} else if before != blob || len(c.Parents) > 1 {
			more, err := broughtIn(repo, change{CommitInfo: c, blob: blob, was: before, wasKnown: true}, depth-1)
			if err != nil {
				return nil, false, err
			}
			out = append(out, more...)
		}
		if c, in = commits[parent]; !in {
			// The edge: the side forked from parent.
			if before != was {
				return nil, false, nil
			}
			break
		}
		blob = before
	}
	if len(out) == 0 {
		return nil, true, nil
	}
	firstOnly := make(map[string]bool, len(onlyFirst))
	for _, f := range onlyFirst {
		firstOnly[f.Hash] = true
	}
	for _, f := range onlyFirst {
		if len(f.Parents) == 0 {
			continue
		}
		mine, err := repo.FileHash(f.Hash, routines.FileRoutines)
		if err != nil {
			return nil, false, err
		}
		theirs, err := repo.FileHash(f.Parents[0], routines.FileRoutines)
		if err != nil {
			return nil, false, err
		}
		if mine == theirs {
			continue
		}
		shared, err := takenFromBoth(repo, f, mine, firstOnly)
		if err != nil {
			return nil, false, err
		}
		if !shared {
			return nil, false, nil // first changed it too
		}
	}
	return out, true, nil
}

// takenFromBoth reports whether merge f, on the first's side only, took
// routines.toml as blob from a parent the side reaches too: a third
// machine's change that both sides merged, which is not the first's own.
// firstOnly holds the commits the first reaches alone.
func takenFromBoth(repo *store.Repo, f store.CommitInfo, blob string, firstOnly map[string]bool) (bool, error) {
	for _, p := range f.Parents[1:] {
		if firstOnly[p] {
			continue
		}
		theirs, err := repo.FileHash(p, routines.FileRoutines)
		if err != nil {
			return false, err
		}
		if theirs == blob {
			return true, nil
		}
	}
	return false, nil
}

// routineVersionsName is the cache entry of routineVersions.
const routineVersionsName = "routine-versions"

// routineVersionsVersion changes whenever the form of routineVersions does.
const routineVersionsVersion = 2

// routineVersions holds, by blob id, what stats read of each version of
// routines.toml: the id, cadence, status, since and time of each routine.
// A blob id never changes meaning, so an entry is never stale.
type routineVersions map[string][]routines.Routine

// routinesOf reads what stats need of a version of routines.toml; one
// that does not decode has no routines, so that every day is judged by
// the routines as they are now.
func routinesOf(src []byte) []routines.Routine {
	then, ok := semdiff.ParseLenient(routines.FileRoutines, src)
	if !ok {
		return []routines.Routine{}
	}
	out := make([]routines.Routine, len(then.Routines))
	for i, r := range then.Routines {
		out[i] = routines.Routine{ID: r.ID, Cadence: r.Cadence, Status: r.Status, Since: r.Since, At: r.At}
	}
	return out
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// append encodes v: a count of versions, then for each its blob id and
// its routines as a list of id, cadence, status, since ("" for none) and
// at.
func (v routineVersions) append(b []byte) []byte {
	blobs := make([]string, 0, len(v))
	for blob := range v {
		blobs = append(blobs, blob)
	}
	sort.Strings(blobs)
	b = binary.AppendUvarint(b, uint64(len(blobs)))
	for _, blob := range blobs {
		b = appendStr(b, blob)
		rs := v[blob]
		b = binary.AppendUvarint(b, uint64(len(rs))+1)
		for _, r := range rs {
			since := ""
			if r.Since != nil {
				since = r.Since.String()
			}
			b = appendStr(appendStr(appendStr(appendStr(appendStr(b, r.ID), r.Cadence), r.Status), since), r.At)
		}
	}
	return b
}

// readRoutineVersions decodes what append wrote; ok is false for a
// damaged entry.
func readRoutineVersions(b []byte) (routineVersions, bool) {
	r := wire.NewReader(b)
	v := routineVersions{}
	for n := r.Count(); n > 0 && !r.Bad(); n-- {
		blob := r.Str()
		m, _ := r.ListLen()
		rs := make([]routines.Routine, 0, m)
		for ; m > 0 && !r.Bad(); m-- {
			rt := routines.Routine{ID: r.Str(), Cadence: r.Str(), Status: r.Str()}
			if s := r.Str(); s != "" {
				d, err := routines.ParseDate(s)
				if err != nil {
					return nil, false
				}
				rt.Since = &d
			}
			rt.At = r.Str()
			rs = append(rs, rt)
		}
		v[blob] = rs
	}
	if !r.Done() {
		return nil, false
	}
	return v, true
}
