// Package benchdata builds, deterministically, the OS repository of someone
// who has used myos for years: one daily review a day, each recorded and
// committed, and a few hundred edits of themes, routines, priorities and the
// calendar spread over the years. It is what myos's benchmarks run against.
//
// Everything goes through the same paths myos itself uses: files are
// changed with the routines package's byte-preserving editors, every
// commit's OS passes routines.LoadFiles, messages come from
// internal/semdiff, records from internal/review, and commits from
// internal/store, with Maintain after each one as myos runs it. The same
// Options always give the same repository, down to the commit ids.
package benchdata

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// Options says what to generate.
type Options struct {
	// Days is how many daily reviews to record, one a day ending on End;
	// 3650 is ten years.
	Days int
	// End is the day of the last review.
	End routines.Date
	// Seed picks every choice the generator makes.
	Seed uint64
	// Sync makes every commit wait for the disk, as myos's own commits do,
	// and writes in place. Without it the repository is written much
	// faster and is just as valid, unless the machine crashes while it is
	// being written.
	Sync bool
	// InPlace writes the repository in dir directly, never through a
	// scratch folder in memory.
	InPlace bool
	// Progress, when set, is called after each day with the days done.
	Progress func(done, total int)
}

// TenYears is the benchmark's repository: 3,650 daily reviews ending on
// 2026-11-24, so that the next morning, 2026-11-25, is "today".
func TenYears() Options {
	return Options{Days: 3650, End: routines.Date{Year: 2026, Month: time.November, Day: 24}, Seed: 1}
}

// Summary describes a generated repository.
type Summary struct {
	Dir         string        `json:"dir"`
	Head        string        `json:"head"`
	First       routines.Date `json:"first"` // the first review
	Last        routines.Date `json:"last"`  // the last review
	Now         time.Time     `json:"now"`   // the morning after the last review
	Commits     int           `json:"commits"`
	Reviews     int           `json:"reviews"`
	Edits       int           `json:"edits"`  // commits that changed the model outside a review
	Closed      int           `json:"closed"` // priorities marked done or dropped in reviews
	Themes      int           `json:"themes"`
	Routines    int           `json:"routines"`
	Priorities  int           `json:"priorities"`
	OpenWork    int           `json:"open_priorities"` // priorities neither done nor dropped
	Blocks      int           `json:"blocks"`
	Events      int           `json:"events"`
	HistoryItem string        `json:"history_routine"` // a routine with a long history
}

// Owner is the name the generated OS belongs to and commits as.
const (
	Owner = "Kai"
	Email = "kai@example.org"
)

// Timezone is the generated OS's timezone.
const Timezone = "Europe/Helsinki"

// HistoryRoutine is the routine whose changes the generator makes sure are
// spread over all the years: the one to ask `myos history` about.
const HistoryRoutine = "sleep"

// Generate writes the repository into dir, which must be missing or empty.
//
// Ten years are four thousand commits, each rewriting the index, a few
// loose objects and a record: on a slow disk the file system, not myos,
// sets the pace (150 s on a virtual disk where the same run takes 30 s in
// memory). Unless opts.Sync or opts.InPlace is set, Generate therefore
// writes through a scratch folder in memory when the machine has one
// (/dev/shm), then copies the repository into dir and rebuilds its index
// there, as store.Open does for a missing one, so that its stat data is
// that of dir's files. The repository is the same either way, down to the
// commit ids.
func Generate(dir string, opts Options) (Summary, error) {
	if opts.Days < 2 {
		return Summary{}, errors.New("benchdata: want at least 2 days")
	}
	if opts.End.IsZero() {
		opts.End = TenYears().End
	}
	if !opts.Sync && !opts.InPlace {
		if scratch := memoryScratch(); scratch != "" {
			defer os.RemoveAll(scratch)
			in := opts
			in.InPlace = true
			sum, err := Generate(filepath.Join(scratch, "os"), in)
			if err != nil {
				return sum, err
			}
			if err := moveRepo(sum.Dir, dir); err != nil {
				return sum, fmt.Errorf("benchdata: %w", err)
			}
			sum.Dir, err = filepath.Abs(dir)
			return sum, err
		}
	}
	repo, err := store.Init(dir, "")
	if err != nil {
		return Summary{}, fmt.Errorf("benchdata: %w", err)
	}
	defer repo.Close()
	if !opts.Sync {
		defer store.SetDurable(store.SetDurable(false))
	}
	unlock, err := repo.LockAs(0, "myos benchdata")
	if err != nil {
		return Summary{}, fmt.Errorf("benchdata: %w", err)
	}
	defer unlock()
	loc, err := time.LoadLocation(Timezone)
	if err != nil {
		return Summary{}, fmt.Errorf("benchdata: %w", err)
	}
	g := &gen{
		rng:       rand.New(rand.NewPCG(opts.Seed, 0x6d796f73)),
		repo:      repo,
		loc:       loc,
		files:     map[string][]byte{},
		adherence: map[string]float64{},
		blockAt:   map[string]blockPlace{},
		usedIDs:   map[string]bool{},
	}
	first := opts.End.AddDays(-(opts.Days - 1))
	if err := g.run(first, opts); err != nil {
		return Summary{}, fmt.Errorf("benchdata: %w", err)
	}
	s := g.sum
	s.Dir = repo.Dir()
	s.Head = g.head
	s.First, s.Last = first, opts.End
	s.Now = opts.End.AddDays(1).At(8*60+30, loc)
	s.Themes, s.Routines, s.Priorities = len(g.os.Themes), len(g.os.Routines), len(g.os.Priorities)
	s.Blocks, s.Events = len(g.os.Blocks), len(g.os.Events)
	for _, p := range g.os.Priorities {
		if p.Status != routines.PriorityDone && p.Status != routines.PriorityDropped {
			s.OpenWork++
		}
	}
	s.HistoryItem = HistoryRoutine
	return s, nil
}

// The calendar is a grid of half-hour cells from 06:00 to 22:00, seven
// days a week; a block takes whole cells, and no two blocks share one.
const (
	firstSlot = 6 * 60
	slotLen   = 30
	slots     = 32
)

type blockPlace struct {
	days        []int // 0 is Monday
	slot, n     int   // first cell and how many
	trimmed     bool  // ends a quarter of an hour before its last cell does
	kind, title string
}

type gen struct {
	rng  *rand.Rand
	repo *store.Repo
	loc  *time.Location

	files map[string][]byte // the model files as committed
	os    *routines.OS      // files, loaded
	head  string
	day   routines.Date

	themes, routinesAdded, prios int // how far into each pool
	prioTitles                   []string
	adherence                    map[string]float64
	cells                        [7][slots]string
	blockAt                      map[string]blockPlace
	usedIDs                      map[string]bool // block and event ids ever used
	sum                          Summary
}

// opKind is one kind of edit a person makes between reviews.
type opKind int

const (
	opAddTheme opKind = iota
	opThemeStatus
	opAddRoutine
	opEditRoutine
	opRoutineStatus
	opAddBlock
	opEditBlock
	opRemoveBlock
	opAddEvent
	opAddPriority
	opDeferPriority
	opHistoryRoutine
)

// editPlan is how many edits of each kind the years hold, and from which
// fraction of the span on they may happen (a block can only be removed
// once there are blocks to spare). Priorities going into doing are not
// planned: they follow the work that gets done.
var editPlan = []struct {
	op    opKind
	n     int
	after float64
}{
	{opAddTheme, len(themePool) - startThemes, 0},
	{opThemeStatus, 10, 0.2},
	{opAddRoutine, len(routinePool) - startRoutines, 0},
	{opEditRoutine, 22, 0.05},
	{opRoutineStatus, 15, 0.1},
	{opAddBlock, 58, 0},
	{opEditBlock, 20, 0.05},
	{opRemoveBlock, 10, 0.3},
	{opAddEvent, 35, 0},
	{opAddPriority, 180, 0},
	{opAddPriority, 15, 0.97}, // the work still open at the end
	{opDeferPriority, 20, 0.05},
	{opHistoryRoutine, 9, 0.02},
}

const (
	startBlocks     = 12
	startPriorities = 5
)

func (g *gen) run(first routines.Date, opts Options) error {
	g.prioTitles = make([]string, 0, len(workVerbs)*len(workObjects))
	for _, v := range workVerbs {
		for _, o := range workObjects {
			g.prioTitles = append(g.prioTitles, v+" "+o)
		}
	}
	g.rng.Shuffle(len(g.prioTitles), func(i, j int) {
		g.prioTitles[i], g.prioTitles[j] = g.prioTitles[j], g.prioTitles[i]
	})

	// Plan the edits: each on a day of its own choosing.
	// A shorter span gets proportionally fewer edits, at least one of each.
	scale := min(1, float64(opts.Days)/float64(TenYears().Days))
	plan := make([][]opKind, opts.Days)
	for _, p := range editPlan {
		from := int(p.after * float64(opts.Days))
		n := max(1, int(math.Round(float64(p.n)*scale)))
		for i := 0; i < n; i++ {
			d := from + g.rng.IntN(opts.Days-from)
			plan[d] = append(plan[d], p.op)
		}
	}
	// The history routine's edits are spread evenly.
	for i := range plan {
		plan[i] = slices.DeleteFunc(plan[i], func(o opKind) bool { return o == opHistoryRoutine })
	}
	for i := 0; i < 9; i++ {
		d := (2*i + 1) * opts.Days / 18
		if d == 0 {
			continue
		}
		plan[d] = append(plan[d], opHistoryRoutine)
	}

	g.day = first
	if err := g.initial(); err != nil {
		return err
	}
	for i := 0; i < opts.Days; i++ {
		g.day = first.AddDays(i)
		ops := plan[i]
		// Some mornings a priority goes into doing.
		if g.doing() < 3 && g.rng.Float64() < 0.15 {
			ops = append(ops, -1)
		}
		minute := 7*60 + g.rng.IntN(30)
		for _, op := range ops {
			minute += 15 + g.rng.IntN(120)
			if err := g.apply(op, g.at(min(minute, 20*60))); err != nil {
				return fmt.Errorf("%s: %w", g.day, err)
			}
		}
		if err := g.review(g.at(21*60 + g.rng.IntN(90))); err != nil {
			return fmt.Errorf("%s: review: %w", g.day, err)
		}
		if opts.Progress != nil {
			opts.Progress(i+1, opts.Days)
		}
	}
	return nil
}

// at is minute m of the current day as a time in the OS's zone.
func (g *gen) at(m int) time.Time {
	return g.day.At(routines.Clock(m), g.loc)
}

// initial is the first commit: an OS made from a starter set.
func (g *gen) initial() error {
	g.files[routines.FileOS] = []byte(`# This is the way I work.
#
# These files are my operating system: how work comes in, how I rank it,
# what I put off and why, and the routines I live by or wish I did.

name = "KaiOS"
owner = "` + Owner + `"
timezone = "` + Timezone + `"
week_start = "mon"
render = true

[calendar]
grid = "15m"

[priorities]
# Three things in flight, no more.
limit = 3

[review]
weekly_day = "fri"
prompts = [
  "What is the one thing today?",
  "What will I put off, on purpose, and why?",
  "What went well?",
]
`)
	g.files[routines.FileThemes] = []byte("# The few big narratives all work serves.\n")
	g.files[routines.FileRoutines] = []byte("# Routines: what I do, how often, and why.\n")
	g.files[routines.FilePriorities] = []byte("# Ranked work. Three in doing at most.\n")
	g.files[routines.FileCalendar] = []byte("# The weekly template, on a 15-minute grid, and dated events.\n")
	for i := 0; i < startThemes; i++ {
		g.addTheme()
	}
	// Themes must be loadable before anything refers to them.
	o, err := routines.LoadFiles(g.files)
	if err != nil {
		return fmt.Errorf("initial OS: %w", err)
	}
	g.os = o
	for i := 0; i < startRoutines; i++ {
		g.addRoutine()
	}
	for i := 0; i < startBlocks; i++ {
		if err := g.addBlock(); err != nil {
			return err
		}
	}
	for i := 0; i < startPriorities; i++ {
		g.addPriority()
	}
	o, err = routines.LoadFiles(g.files)
	if err != nil {
		return fmt.Errorf("initial OS: %w", err)
	}
	g.os = o
	var chs []store.Change
	for _, name := range routines.ModelFiles() {
		chs = append(chs, store.Change{Path: name, Data: g.files[name]})
	}
	msg := fmt.Sprintf("init: %q\n\n%d themes, %d routines, %d priorities, %d blocks",
		o.Settings.Name, len(o.Themes), len(o.Routines), len(o.Priorities), len(o.Blocks))
	return g.commit(chs, msg, g.at(9*60))
}

func (g *gen) commit(chs []store.Change, msg string, when time.Time) error {
	ci, err := g.repo.Commit(chs, msg, store.Signature{Name: Owner, Email: Email, When: when})
	if err != nil {
		return err
	}
	g.head = ci.Hash
	g.sum.Commits++
	return g.repo.Maintain()
}

// apply makes one edit and commits it the way `myos add` or `myos set`
// would: validated, with an item-level message. op -1 starts a priority.
func (g *gen) apply(op opKind, when time.Time) error {
	before := g.files
	g.files = make(map[string][]byte, len(before))
	for k, v := range before {
		g.files[k] = v
	}
	var err error
	switch op {
	case -1:
		err = g.startPriority()
	case opAddTheme:
		g.addTheme()
	case opThemeStatus:
		err = g.themeStatus()
	case opAddRoutine:
		g.addRoutine()
	case opEditRoutine:
		err = g.editRoutine(g.pickRoutine(""))
	case opHistoryRoutine:
		err = g.editRoutine(HistoryRoutine)
	case opRoutineStatus:
		err = g.routineStatus()
	case opAddBlock:
		err = g.addBlock()
	case opEditBlock:
		err = g.editBlock()
	case opRemoveBlock:
		err = g.removeBlock()
	case opAddEvent:
		g.addEvent()
	case opAddPriority:
		g.addPriority()
	case opDeferPriority:
		err = g.deferPriority()
	}
	if err != nil {
		return err
	}
	var chs []store.Change
	for _, name := range routines.ModelFiles() {
		if string(g.files[name]) != string(before[name]) {
			chs = append(chs, store.Change{Path: name, Data: g.files[name]})
		}
	}
	if len(chs) == 0 {
		return nil // nothing to edit today, after all
	}
	after, err := routines.LoadFiles(g.files)
	if err != nil {
		return fmt.Errorf("edit made the OS invalid: %w", err)
	}
	msg := semdiff.Message(semdiff.Diff(g.os, after))
	g.os = after
	g.sum.Edits++
	return g.commit(chs, msg, when)
}

func (g *gen) pick(n int) int { return g.rng.IntN(n) }

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// activeThemes lists the ids of the themes in use.
func (g *gen) activeThemes() []string {
	var ids []string
	for _, t := range g.os.Themes {
		if t.Status == routines.ThemeActive {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

func (g *gen) anyTheme() string {
	ids := g.activeThemes()
	return ids[g.pick(len(ids))]
}

func (g *gen) horizon(monthsAhead int) string {
	t := time.Date(g.day.Year, g.day.Month+time.Month(monthsAhead), 1, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
}

func (g *gen) addTheme() {
	spec := themePool[g.themes]
	g.themes++
	t := &routines.Theme{ID: spec.id, Title: spec.title, Narrative: spec.narrative, Status: routines.ThemeActive}
	if g.chance(0.6) {
		t.Horizon = g.horizon(3 + g.pick(18))
	} else {
		t.Horizon = "ongoing"
	}
	g.files[routines.FileThemes] = routines.AppendItem(g.files[routines.FileThemes], t)
}

func (g *gen) themeStatus() error {
	active := g.activeThemes()
	var cands []*routines.Theme
	for i := range g.os.Themes {
		t := &g.os.Themes[i]
		if t.Status == routines.ThemePaused || (t.Status == routines.ThemeActive && len(active) > 8) {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	old := cands[g.pick(len(cands))]
	t := routines.CloneItem(old).(*routines.Theme)
	switch {
	case t.Status == routines.ThemePaused:
		t.Status = routines.ThemeActive
	case g.chance(0.5):
		t.Status = routines.ThemeDone
	default:
		t.Status = routines.ThemePaused
	}
	return g.update(routines.FileThemes, old, t)
}

func (g *gen) update(file string, old, updated routines.Item) error {
	src, err := routines.UpdateItem(g.files[file], old, updated)
	if err != nil {
		return err
	}
	g.files[file] = src
	return nil
}

func (g *gen) addRoutine() {
	spec := routinePool[g.routinesAdded]
	g.routinesAdded++
	since := g.day
	r := &routines.Routine{ID: spec.id, Title: spec.title, Why: spec.why, Cadence: spec.cadence,
		At: spec.at, Duration: spec.duration, Theme: g.anyTheme(), Status: routines.RoutineActive, Since: &since}
	adh := 0.6 + 0.35*g.rng.Float64()
	if g.routinesAdded > startRoutines && g.chance(0.15) {
		r.Status = routines.RoutineAspiration
		adh = 0.15 + 0.25*g.rng.Float64()
	}
	g.adherence[r.ID] = adh
	g.files[routines.FileRoutines] = routines.AppendItem(g.files[routines.FileRoutines], r)
}

// pickRoutine is a routine other than the history routine (unless there
// is no other); "" when there is none.
func (g *gen) pickRoutine(not string) string {
	var ids []string
	for _, r := range g.os.Routines {
		if r.ID != HistoryRoutine && r.ID != not && r.Status != routines.RoutineRetired {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return ids[g.pick(len(ids))]
}

// editRoutine moves a routine's time, changes how long it takes or why.
func (g *gen) editRoutine(id string) error {
	old, ok := g.os.Find(routines.KindRoutine, id).(*routines.Routine)
	if !ok {
		return nil
	}
	r := routines.CloneItem(old).(*routines.Routine)
	switch n := g.pick(3); {
	case n == 0 && r.At != "":
		c, err := routines.ParseClock(r.At)
		if err != nil {
			return err
		}
		m := int(c) + 15*(g.pick(5)-2)
		if m == int(c) {
			m += 15
		}
		m = max(5*60, min(m, 23*60+30))
		r.At = routines.Clock(m).String()
	case n == 1 && r.Duration != "":
		d, err := routines.ParseDuration(r.Duration)
		if err != nil {
			return err
		}
		d += time.Duration(5*(g.pick(5)-2)) * time.Minute
		if d < 10*time.Minute {
			d = 10 * time.Minute
		}
		r.Duration = formatDuration(d)
		if r.Duration == old.Duration {
			r.Duration = formatDuration(d + 15*time.Minute)
		}
	default:
		r.Notes = fmt.Sprintf("Adjusted on %s after the weekly review.", g.day)
	}
	return g.update(routines.FileRoutines, old, r)
}

// formatDuration writes d the way people write durations in os files:
// 45m, 2h, 1h30m.
func formatDuration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%dm", h, m)
}

func (g *gen) routineStatus() error {
	id := g.pickRoutine("")
	old, ok := g.os.Find(routines.KindRoutine, id).(*routines.Routine)
	if !ok {
		return nil
	}
	r := routines.CloneItem(old).(*routines.Routine)
	switch r.Status {
	case routines.RoutineActive:
		r.Status = []string{routines.RoutineAspiration, routines.RoutinePaused, routines.RoutineRetired}[g.pick(3)]
	default:
		r.Status = routines.RoutineActive
	}
	switch r.Status {
	case routines.RoutineActive:
		g.adherence[r.ID] = 0.6 + 0.35*g.rng.Float64()
	case routines.RoutineAspiration:
		g.adherence[r.ID] = 0.15 + 0.25*g.rng.Float64()
	}
	return g.update(routines.FileRoutines, old, r)
}

var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// dayPatterns are the sets of days a block may take, single days most
// often.
var dayPatterns = [][]int{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {0}, {1}, {2}, {3}, {4}, {0, 2, 4}, {1, 3}, {0, 1, 2, 3, 4}}

func (g *gen) free(days []int, slot, n int) bool {
	if slot+n > slots {
		return false
	}
	for _, d := range days {
		for s := slot; s < slot+n; s++ {
			if g.cells[d][s] != "" {
				return false
			}
		}
	}
	return true
}

func (g *gen) uniqueID(base string) string {
	id := base
	for n := 2; g.usedIDs[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	g.usedIDs[id] = true
	return id
}

func (g *gen) addBlock() error {
	var place blockPlace
	found := false
	for try := 0; try < 200 && !found; try++ {
		days := dayPatterns[g.pick(len(dayPatterns))]
		n := 1 + g.pick(3)
		slot := g.pick(slots)
		if try >= 100 {
			days, n = []int{g.pick(7)}, 1
		}
		if g.free(days, slot, n) {
			place, found = blockPlace{days: days, slot: slot, n: n}, true
		}
	}
	for d := 0; d < 7 && !found; d++ {
		for s := 0; s < slots && !found; s++ {
			if g.free([]int{d}, s, 1) {
				place, found = blockPlace{days: []int{d}, slot: s, n: 1}, true
			}
		}
	}
	if !found {
		return errors.New("the calendar is full")
	}
	k := blockKinds[g.pick(len(blockKinds))]
	place.kind, place.title = k.kind, k.titles[g.pick(len(k.titles))]
	start := firstSlot + place.slot*slotLen
	daysLabel := dayNames[place.days[0]]
	if len(place.days) == 5 {
		daysLabel = "weekdays"
	} else if len(place.days) > 1 {
		daysLabel = strings.Join(pickNames(place.days), "-")
	}
	id := g.uniqueID(fmt.Sprintf("%s-%s-%s", place.kind, daysLabel, strings.ReplaceAll(routines.Clock(start).String(), ":", "")))
	b := g.block(id, place)
	b.Theme = g.anyTheme()
	for _, d := range place.days {
		for s := place.slot; s < place.slot+place.n; s++ {
			g.cells[d][s] = id
		}
	}
	g.blockAt[id] = place
	g.files[routines.FileCalendar] = routines.AppendItem(g.files[routines.FileCalendar], b)
	return nil
}

func pickNames(days []int) []string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = dayNames[d]
	}
	return out
}

// block is the block a place describes.
func (g *gen) block(id string, p blockPlace) *routines.Block {
	start := firstSlot + p.slot*slotLen
	end := start + p.n*slotLen
	if p.trimmed {
		end -= 15
	}
	return &routines.Block{ID: id, Title: p.title, Days: pickNames(p.days), Kind: p.kind,
		Start: routines.Clock(start).String(), End: routines.Clock(end).String()}
}

func (g *gen) pickBlock() *routines.Block {
	if len(g.os.Blocks) == 0 {
		return nil
	}
	return &g.os.Blocks[g.pick(len(g.os.Blocks))]
}

// editBlock ends a block a quarter earlier or later, or gives it another
// theme or title.
func (g *gen) editBlock() error {
	old := g.pickBlock()
	if old == nil {
		return nil
	}
	b := routines.CloneItem(old).(*routines.Block)
	p := g.blockAt[b.ID]
	switch g.pick(3) {
	case 0:
		p.trimmed = !p.trimmed
		b.End = g.block(b.ID, p).End
	case 1:
		b.Theme = g.anyTheme()
		if b.Theme == old.Theme {
			b.Title = old.Title + " (" + b.Theme + ")"
		}
	default:
		k := blockKinds[slices.IndexFunc(blockKinds, func(k blockKindSpec) bool { return k.kind == p.kind })]
		p.title = k.titles[g.pick(len(k.titles))]
		if p.title == old.Title {
			p.title += ", door closed"
		}
		b.Title = p.title
	}
	g.blockAt[b.ID] = p
	return g.update(routines.FileCalendar, old, b)
}

func (g *gen) removeBlock() error {
	if len(g.os.Blocks) <= startBlocks {
		return nil
	}
	b := g.pickBlock()
	src, err := routines.RemoveItem(g.files[routines.FileCalendar], routines.KindBlock, b.ID)
	if err != nil {
		return err
	}
	p := g.blockAt[b.ID]
	for _, d := range p.days {
		for s := p.slot; s < p.slot+p.n; s++ {
			g.cells[d][s] = ""
		}
	}
	delete(g.blockAt, b.ID)
	g.files[routines.FileCalendar] = src
	return nil
}

func (g *gen) addEvent() {
	title := eventTitles[g.pick(len(eventTitles))]
	date := g.day.AddDays(7 + g.pick(60))
	e := &routines.Event{ID: g.uniqueID(routines.Slug(title) + "-" + date.String()), Title: title, Date: date, Theme: g.anyTheme()}
	if g.chance(0.7) {
		start := 8*60 + 15*g.pick(40)
		e.Start = routines.Clock(start).String()
		e.End = routines.Clock(start + 30*(1+g.pick(6))).String()
	}
	g.files[routines.FileCalendar] = routines.AppendItem(g.files[routines.FileCalendar], e)
}

func (g *gen) addPriority() {
	title := g.prioTitles[g.prios]
	g.prios++
	due := g.day.AddDays(14 + g.pick(110))
	p := &routines.Priority{ID: g.uniqueID(routines.Slug(title)), Title: title, Theme: g.anyTheme(),
		Status: routines.PriorityNext, Due: &due}
	if g.chance(0.3) {
		// Work for later often has no date: some of it stays open for years.
		p.Status = routines.PriorityLater
		if g.chance(0.5) {
			p.Due = nil
		}
	} else {
		p.Rank = 1 + g.pick(5)
	}
	g.files[routines.FilePriorities] = routines.AppendItem(g.files[routines.FilePriorities], p)
}

func (g *gen) doing() int {
	n := 0
	if g.os == nil {
		return 0
	}
	for _, p := range g.os.Priorities {
		if p.Status == routines.PriorityDoing {
			n++
		}
	}
	return n
}

// startPriority puts the best-ranked next priority into doing.
func (g *gen) startPriority() error {
	var old *routines.Priority
	for i := range g.os.Priorities {
		p := &g.os.Priorities[i]
		if p.Status == routines.PriorityNext && (old == nil || p.Rank < old.Rank) {
			old = p
		}
	}
	if old == nil || g.doing() >= 3 {
		return nil
	}
	p := routines.CloneItem(old).(*routines.Priority)
	p.Status = routines.PriorityDoing
	started := g.day
	p.Started = &started
	return g.update(routines.FilePriorities, old, p)
}

func (g *gen) deferPriority() error {
	var cands []*routines.Priority
	for i := range g.os.Priorities {
		p := &g.os.Priorities[i]
		if p.Status == routines.PriorityNext || p.Status == routines.PriorityLater {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	old := cands[g.pick(len(cands))]
	p := routines.CloneItem(old).(*routines.Priority)
	until := g.day.AddDays(7 + g.pick(30))
	due := until.AddDays(14)
	p.DeferredUntil, p.Due = &until, &due
	p.DeferReason = deferReasons[g.pick(len(deferReasons))]
	p.Deferrals++
	return g.update(routines.FilePriorities, old, p)
}

// review records the day's review: an answer for every routine due, some
// prompts answered, now and then a note, and, when work is past its due
// date, the decision to mark it done or drop it, all in one commit.
func (g *gen) review(when time.Time) error {
	d := g.day
	rec := &review.Record{Date: d, Kind: review.Daily, Reviewed: g.head}
	done, due := 0, 0
	for _, r := range g.os.Routines {
		if (r.Status != routines.RoutineActive && r.Status != routines.RoutineAspiration) || !r.DueOn(d) {
			continue
		}
		ans := review.No
		switch x := g.rng.Float64(); {
		case x < g.adherence[r.ID]:
			ans = review.Yes
			done++
		case x < g.adherence[r.ID]+0.04:
			ans = review.Skip
		}
		due++
		rec.Routines = append(rec.Routines, review.RoutineAnswer{ID: r.ID, Day: d, Answer: ans})
	}
	for i, p := range g.os.Settings.Review.Prompts {
		if (i == 0 && g.chance(0.7)) || g.chance(0.2) {
			rec.Prompts = append(rec.Prompts, review.PromptAnswer{Key: review.PromptKey(p), Question: p,
				Answer: promptAnswers[g.pick(len(promptAnswers))]})
		}
	}
	if g.chance(0.05) {
		rec.Note = notes[g.pick(len(notes))]
	}

	var chs []store.Change
	var body []string
	if old := g.pastDue(); old != nil && g.chance(0.5) {
		p := routines.CloneItem(old).(*routines.Priority)
		action := "done"
		p.Status = routines.PriorityDone
		if (old.Status != routines.PriorityDoing && g.chance(0.5)) || g.chance(0.1) {
			action, p.Status = "drop", routines.PriorityDropped
		}
		src, err := routines.UpdateItem(g.files[routines.FilePriorities], old, p)
		if err != nil {
			return err
		}
		files := make(map[string][]byte, len(g.files))
		for k, v := range g.files {
			files[k] = v
		}
		files[routines.FilePriorities] = src
		after, err := routines.LoadFiles(files)
		if err != nil {
			return fmt.Errorf("review made the OS invalid: %w", err)
		}
		for _, c := range semdiff.Diff(g.os, after) {
			body = append(body, c.String())
		}
		rec.Decisions = append(rec.Decisions, review.Decision{Key: routines.CodePastDue + "/" + old.ID,
			Question: fmt.Sprintf("%q is past its due date: done, drop, or keep?", old.Title), Action: action})
		chs = append(chs, store.Change{Path: routines.FilePriorities, Data: src})
		g.files, g.os = files, after
		g.sum.Closed++
	}
	chs = append(chs, store.Change{Path: review.Path(d, review.Daily), Data: rec.Marshal()})
	msg := fmt.Sprintf("review: %s, %d/%d routines", d, done, due)
	if len(body) > 0 {
		msg += "\n\n" + strings.Join(body, "\n")
	}
	g.sum.Reviews++
	return g.commit(chs, msg, when)
}

// pastDue is the open priority whose due date passed longest ago, or nil.
func (g *gen) pastDue() *routines.Priority {
	var out *routines.Priority
	for i := range g.os.Priorities {
		p := &g.os.Priorities[i]
		if p.Status == routines.PriorityDone || p.Status == routines.PriorityDropped || p.Due == nil || !p.Due.Before(g.day) {
			continue
		}
		if out == nil || p.Due.Before(*out.Due) {
			out = p
		}
	}
	return out
}
