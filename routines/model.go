// Package routines is the model of a person's operating system for how they
// work: routines, priorities, calendar blocks, dated events and focus themes,
// kept as plain TOML files in a folder.
//
// The package is pure. It reads from an fs.FS, writes to byte slices, and
// takes the clock as an argument; it never touches git, the terminal or
// time.Now. That keeps it importable by other tools and testable without a
// repository.
//
// The files of an OS:
//
//	os.toml          Settings
//	routines.toml    [[routine]]  Routine
//	priorities.toml  [[priority]] Priority
//	calendar.toml    [[block]]    Block, [[event]] Event
//	themes.toml      [[theme]]    Theme
//
// Field names in TOML and in JSON are the same; they are the contract.
package routines

import (
	"slices"
	"strings"
)

// Kind names a kind of item. Its string is the TOML table name.
type Kind string

// The kinds of item an OS holds.
const (
	KindRoutine  Kind = "routine"
	KindPriority Kind = "priority"
	KindBlock    Kind = "block"
	KindEvent    Kind = "event"
	KindTheme    Kind = "theme"
)

// File names of an OS folder.
const (
	FileOS         = "os.toml"
	FileRoutines   = "routines.toml"
	FilePriorities = "priorities.toml"
	FileCalendar   = "calendar.toml"
	FileThemes     = "themes.toml"
)

// Kinds lists every kind in the order commands and output use.
func Kinds() []Kind {
	return []Kind{KindTheme, KindRoutine, KindPriority, KindBlock, KindEvent}
}

// ModelFiles lists the files that hold the model, os.toml first.
func ModelFiles() []string {
	return []string{FileOS, FileThemes, FileRoutines, FilePriorities, FileCalendar}
}

// File is the file that holds items of kind k.
func (k Kind) File() string {
	switch k {
	case KindRoutine:
		return FileRoutines
	case KindPriority:
		return FilePriorities
	case KindBlock, KindEvent:
		return FileCalendar
	case KindTheme:
		return FileThemes
	}
	return ""
}

// Valid reports whether k is one of the kinds of Kinds.
func (k Kind) Valid() bool { return k.File() != "" }

// ParseKind accepts a kind by its name or plural ("routines").
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds() {
		if s == string(k) || s == k.Plural() {
			return k, true
		}
	}
	return "", false
}

// Plural is the kind's plural, as used in commit messages.
func (k Kind) Plural() string {
	if k == KindPriority {
		return "priorities"
	}
	return string(k) + "s"
}

// Routine statuses.
const (
	RoutineActive     = "active"
	RoutineAspiration = "aspiration"
	RoutinePaused     = "paused"
	RoutineRetired    = "retired"
)

// Priority statuses.
const (
	PriorityDoing   = "doing"
	PriorityNext    = "next"
	PriorityLater   = "later"
	PriorityDone    = "done"
	PriorityDropped = "dropped"
)

// Theme statuses.
const (
	ThemeActive  = "active"
	ThemePaused  = "paused"
	ThemeDone    = "done"
	ThemeRetired = "retired"
)

// Block kinds.
const (
	BlockFocus    = "focus"
	BlockLearning = "learning"
	BlockBreak    = "break"
	BlockMeeting  = "meeting"
	BlockAdmin    = "admin"
)

// RoutineStatuses, PriorityStatuses, ThemeStatuses and BlockKinds list the
// allowed values, in the order help text shows them.
var (
	RoutineStatuses  = []string{RoutineActive, RoutineAspiration, RoutinePaused, RoutineRetired}
	PriorityStatuses = []string{PriorityDoing, PriorityNext, PriorityLater, PriorityDone, PriorityDropped}
	ThemeStatuses    = []string{ThemeActive, ThemePaused, ThemeDone, ThemeRetired}
	BlockKinds       = []string{BlockFocus, BlockLearning, BlockBreak, BlockMeeting, BlockAdmin}
	Weekdays         = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// Settings is os.toml: who the OS belongs to and how its calendar and
// reviews work.
type Settings struct {
	Name       string           `toml:"name" json:"name"`
	Owner      string           `toml:"owner" json:"owner"`
	Timezone   string           `toml:"timezone" json:"timezone"`
	WeekStart  string           `toml:"week_start" json:"week_start"`
	Render     *bool            `toml:"render" json:"render,omitempty"`
	Calendar   CalendarSettings `toml:"calendar" json:"calendar"`
	Priorities PrioritySettings `toml:"priorities" json:"priorities"`
	Review     ReviewSettings   `toml:"review" json:"review"`
	Meta       Meta             `toml:"-" json:"-"`
}

// CalendarSettings is the [calendar] table of os.toml.
type CalendarSettings struct {
	// Grid is the calendar grid as a Go duration ("15m"): blocks start and
	// end on it, and gaps between blocks are at least one grid step.
	Grid string `toml:"grid" json:"grid"`
	Meta Meta   `toml:"-" json:"-"`
}

// PrioritySettings is the [priorities] table of os.toml.
type PrioritySettings struct {
	// Limit is how many priorities may be in "doing" at once; 0 means no limit.
	Limit int  `toml:"limit" json:"limit"`
	Meta  Meta `toml:"-" json:"-"`
}

// ReviewSettings is the [review] table of os.toml.
type ReviewSettings struct {
	WeeklyDay string   `toml:"weekly_day" json:"weekly_day"`
	Prompts   []string `toml:"prompts" json:"prompts"`
	Meta      Meta     `toml:"-" json:"-"`
}

// Routine is a recurring practice: "go to sleep on time".
type Routine struct {
	ID       string `toml:"id" json:"id"`
	Title    string `toml:"title" json:"title"`
	Why      string `toml:"why" json:"why,omitempty"`
	Cadence  string `toml:"cadence" json:"cadence"`
	At       string `toml:"at" json:"at,omitempty"`
	Duration string `toml:"duration" json:"duration,omitempty"`
	Theme    string `toml:"theme" json:"theme,omitempty"`
	Status   string `toml:"status" json:"status"`
	// Since is the day the routine began: it is not due before it, stats
	// count it from it, and interval cadences ("every 2 weeks on fri")
	// start their first period on it. `myos add` sets it to the day of
	// the add; without it a routine counts from its first answer.
	Since *Date  `toml:"since" json:"since,omitempty"`
	Notes string `toml:"notes" json:"notes,omitempty"`
	// Formerly lists the ids the routine had before it was renamed, oldest
	// first. Review records keep the id a routine had when it was
	// answered, and are never rewritten for a rename: the routine's
	// history is the answers under its id and under these. No other
	// routine may have one of them as its id, or among its own. Themes,
	// priorities and blocks keep theirs for merges (see Theme.Formerly).
	Formerly []string `toml:"formerly" json:"formerly,omitempty"`
	Meta     Meta     `toml:"-" json:"-"`
}

// Priority is a piece of ranked work, tied to a theme.
type Priority struct {
	ID     string `toml:"id" json:"id"`
	Title  string `toml:"title" json:"title"`
	Theme  string `toml:"theme" json:"theme,omitempty"`
	Status string `toml:"status" json:"status"`
	Rank   int    `toml:"rank" json:"rank,omitempty"`
	Due    *Date  `toml:"due" json:"due,omitempty"`
	// Started is the day the priority last went into "doing".
	Started *Date `toml:"started" json:"started,omitempty"`
	// DeferredUntil, DeferReason and Deferrals record putting work off on
	// purpose: until when, why, and how many times so far.
	DeferredUntil *Date  `toml:"deferred_until" json:"deferred_until,omitempty"`
	DeferReason   string `toml:"defer_reason" json:"defer_reason,omitempty"`
	Deferrals     int    `toml:"deferrals" json:"deferrals,omitempty"`
	Notes         string `toml:"notes" json:"notes,omitempty"`
	// Formerly lists the ids the priority had before it was renamed,
	// oldest first, as Theme.Formerly does for a theme.
	Formerly []string `toml:"formerly" json:"formerly,omitempty"`
	Meta     Meta     `toml:"-" json:"-"`
}

// Block is a slot of the weekly calendar template: lunch, deep work, learning.
type Block struct {
	ID    string   `toml:"id" json:"id"`
	Title string   `toml:"title" json:"title"`
	Days  []string `toml:"days" json:"days"`
	Start string   `toml:"start" json:"start"`
	End   string   `toml:"end" json:"end"`
	Theme string   `toml:"theme" json:"theme,omitempty"`
	Kind  string   `toml:"kind" json:"kind,omitempty"`
	Notes string   `toml:"notes" json:"notes,omitempty"`
	// Formerly lists the ids the block had before it was renamed, oldest
	// first, as Theme.Formerly does for a theme. A calendar export keeps
	// the block's first id in its UID, so that a calendar that imported
	// the block before the rename updates it.
	Formerly []string `toml:"formerly" json:"formerly,omitempty"`
	Meta     Meta     `toml:"-" json:"-"`
}

// Event is a dated commitment: a keynote, a trip, a deadline meeting.
type Event struct {
	ID    string `toml:"id" json:"id"`
	Title string `toml:"title" json:"title"`
	Date  Date   `toml:"date" json:"date"`
	Start string `toml:"start" json:"start,omitempty"`
	End   string `toml:"end" json:"end,omitempty"`
	Theme string `toml:"theme" json:"theme,omitempty"`
	Notes string `toml:"notes" json:"notes,omitempty"`
	Meta  Meta   `toml:"-" json:"-"`
}

// Theme is a focus theme: one of the few big narratives all work serves.
type Theme struct {
	ID        string `toml:"id" json:"id"`
	Title     string `toml:"title" json:"title"`
	Narrative string `toml:"narrative" json:"narrative,omitempty"`
	Horizon   string `toml:"horizon" json:"horizon,omitempty"`
	Status    string `toml:"status" json:"status"`
	Notes     string `toml:"notes" json:"notes,omitempty"`
	// Formerly lists the ids the theme had before it was renamed, oldest
	// first. Another copy of the OS (a second machine, a template and the
	// OSes made from it) may still know the theme by one of them: a merge
	// takes the item of that id there for this one, so that a rename on
	// one side and a change on the other make one theme, and what still
	// names the old id follows the rename. No other theme may have one
	// of them as its id, or among its own.
	Formerly []string `toml:"formerly" json:"formerly,omitempty"`
	Meta     Meta     `toml:"-" json:"-"`
}

// Meta is where an item or table stands in its file. It is filled in by
// Parse and is zero for items built in code.
type Meta struct {
	File string   `json:"-"`
	Line int      `json:"-"` // line of the [[table]] header, or of the first key
	keys []keyPos // where each key is set, sorted by key
}

// keyPos is where one key of a table is set.
type keyPos struct {
	key string
	pos Pos
}

// Pos is a position in a file: line and column start at 1.
type Pos struct {
	Line, Col int
}

// KeyPos is where key is set in the item's table, or the table's own
// position when the key is not there.
func (m Meta) KeyPos(key string) Pos {
	if p, ok := m.keyPos(key); ok {
		return p
	}
	return Pos{Line: m.Line, Col: 1}
}

// keyPos is where key is set in the item's table; ok is false when the
// table has no such key.
func (m Meta) keyPos(key string) (p Pos, ok bool) {
	if i, ok := slices.BinarySearchFunc(m.keys, key, func(k keyPos, key string) int { return strings.Compare(k.key, key) }); ok {
		return m.keys[i].pos, true
	}
	return Pos{}, false
}

// OS is a whole operating system for how someone works.
type OS struct {
	Settings   Settings   `json:"os"`
	Themes     []Theme    `json:"themes"`
	Routines   []Routine  `json:"routines"`
	Priorities []Priority `json:"priorities"`
	Blocks     []Block    `json:"blocks"`
	Events     []Event    `json:"events"`
}

// Item is implemented by *Routine, *Priority, *Block, *Event and *Theme.
type Item interface {
	ItemKind() Kind
	ItemID() string
	ItemTitle() string
	ItemMeta() Meta
}

func (r *Routine) ItemKind() Kind    { return KindRoutine }
func (r *Routine) ItemID() string    { return r.ID }
func (r *Routine) ItemTitle() string { return r.Title }
func (r *Routine) ItemMeta() Meta    { return r.Meta }

func (p *Priority) ItemKind() Kind    { return KindPriority }
func (p *Priority) ItemID() string    { return p.ID }
func (p *Priority) ItemTitle() string { return p.Title }
func (p *Priority) ItemMeta() Meta    { return p.Meta }

func (b *Block) ItemKind() Kind    { return KindBlock }
func (b *Block) ItemID() string    { return b.ID }
func (b *Block) ItemTitle() string { return b.Title }
func (b *Block) ItemMeta() Meta    { return b.Meta }

func (e *Event) ItemKind() Kind    { return KindEvent }
func (e *Event) ItemID() string    { return e.ID }
func (e *Event) ItemTitle() string { return e.Title }
func (e *Event) ItemMeta() Meta    { return e.Meta }

func (t *Theme) ItemKind() Kind    { return KindTheme }
func (t *Theme) ItemID() string    { return t.ID }
func (t *Theme) ItemTitle() string { return t.Title }
func (t *Theme) ItemMeta() Meta    { return t.Meta }

// Items returns pointers to every item of kind k, in file order.
func (o *OS) Items(k Kind) []Item {
	var out []Item
	switch k {
	case KindRoutine:
		for i := range o.Routines {
			out = append(out, &o.Routines[i])
		}
	case KindPriority:
		for i := range o.Priorities {
			out = append(out, &o.Priorities[i])
		}
	case KindBlock:
		for i := range o.Blocks {
			out = append(out, &o.Blocks[i])
		}
	case KindEvent:
		for i := range o.Events {
			out = append(out, &o.Events[i])
		}
	case KindTheme:
		for i := range o.Themes {
			out = append(out, &o.Themes[i])
		}
	}
	return out
}

// Find returns the item of kind k with the given id, or nil. It makes no
// list of the items: planning a week calls it hundreds of times.
func (o *OS) Find(k Kind, id string) Item {
	switch k {
	case KindRoutine:
		return findIn(o.Routines, id)
	case KindPriority:
		return findIn(o.Priorities, id)
	case KindBlock:
		return findIn(o.Blocks, id)
	case KindEvent:
		return findIn(o.Events, id)
	case KindTheme:
		return findIn(o.Themes, id)
	}
	return nil
}

// findIn returns a pointer to the item of items with the given id, as an
// Item; nil when there is none.
func findIn[T any, P interface {
	*T
	Item
}](items []T, id string) Item {
	for i := range items {
		if p := P(&items[i]); p.ItemID() == id {
			return p
		}
	}
	return nil
}

// KeepsFormerIDs reports whether items of kind k keep the ids they had
// before a rename in a formerly field: routines, priorities, blocks and
// themes do; events do not.
func (k Kind) KeepsFormerIDs() bool {
	return k.Valid() && k != KindEvent
}

// FormerIDs is the ids it had before it was renamed (its formerly),
// oldest first; nil for an event, which keeps none. The list is the
// item's own, not a copy.
func FormerIDs(it Item) []string {
	switch x := it.(type) {
	case *Routine:
		return x.Formerly
	case *Priority:
		return x.Formerly
	case *Block:
		return x.Formerly
	case *Theme:
		return x.Formerly
	}
	return nil
}

// Renamed returns the item of kind k that had id before it was renamed
// (the one whose formerly lists it), or nil.
func (o *OS) Renamed(k Kind, id string) Item {
	for _, it := range o.Items(k) {
		if slices.Contains(FormerIDs(it), id) {
			return it
		}
	}
	return nil
}

// FormerlyAfterRename is the formerly of an item renamed from id from to
// id to: from is added at the end, and to, when the item takes back an
// id it had, is taken out, since it is its id again.
func FormerlyAfterRename(formerly []string, from, to string) []string {
	out := make([]string, 0, len(formerly)+1)
	for _, f := range formerly {
		if f != to && f != from {
			out = append(out, f)
		}
	}
	return append(out, from)
}

// Theme returns the theme with the given id, or nil.
func (o *OS) Theme(id string) *Theme {
	for i := range o.Themes {
		if o.Themes[i].ID == id {
			return &o.Themes[i]
		}
	}
	return nil
}
