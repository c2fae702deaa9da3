package routines

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// ValidID reports whether id is a slug an item may use: a lowercase
// letter or digit, then up to 63 more of them or dashes
// (^[a-z0-9][a-z0-9-]{0,63}$). It is written out rather than a regexp,
// whose compilation cost every myos process a fifth of a millisecond at
// start-up.
func ValidID(id string) bool {
	if len(id) == 0 || len(id) > 64 || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Validate checks what the values of an OS mean: ids, references, times,
// dates, statuses and cadences. Every problem is reported; an OS with no
// errors is one every command can use.
func Validate(o *OS) Errors {
	v := &validator{o: o}
	v.settings()
	themes := make(map[string]bool, len(o.Themes))
	for i := range o.Themes {
		themes[o.Themes[i].ID] = true
	}
	for _, k := range Kinds() {
		seen := make(map[string]Pos)
		items := o.Items(k)
		for _, it := range items {
			m := it.ItemMeta()
			id := it.ItemID()
			switch {
			case id == "":
				v.add(it, "id", CodeMissing, "%s has no id: add id = \"some-slug\"", k)
			case !ValidID(id):
				v.add(it, "id", CodeValue, "id %q: use lowercase letters, digits and dashes, like %q", id, Slug(id))
			default:
				if first, dup := seen[id]; dup {
					v.add(it, "id", CodeDuplicate, "%s id %q is used twice (first at line %d): ids must be unique", k, id, first.Line)
				} else {
					seen[id] = m.KeyPos("id")
				}
			}
			switch title := it.ItemTitle(); {
			case strings.TrimSpace(title) == "":
				v.add(it, "title", CodeMissing, "%s %q has no title", k, id)
			case strings.IndexFunc(title, unicode.IsControl) >= 0:
				// Titles stand on one line everywhere: views, lists,
				// commit subjects.
				v.add(it, "title", CodeValue, "title %q: write a title on one line, without control characters (line breaks, tabs)", title)
			}
			v.plainText(it)
		}
		if k.KeepsFormerIDs() {
			v.formerIDs(k, items, seen)
		}
	}
	for i := range o.Routines {
		v.routine(&o.Routines[i], themes)
	}
	for i := range o.Priorities {
		v.priority(&o.Priorities[i], themes)
	}
	for i := range o.Blocks {
		v.block(&o.Blocks[i], themes)
	}
	for i := range o.Events {
		v.event(&o.Events[i], themes)
	}
	for i := range o.Themes {
		t := &o.Themes[i]
		v.oneOf(t, "status", t.Status, ThemeStatuses)
	}
	return v.errs
}

// freeText are the fields that hold a person's own words, which may run
// over lines; the others (ids, times, statuses, cadences) have checks of
// their own.
var freeText = []string{"why", "notes", "defer_reason", "narrative"}

// plainText refuses control characters other than line breaks and tabs
// in an item's free text: views print it to terminals, and an escape
// sequence in a template's text would drive the terminal of whoever
// applies it.
func (v *validator) plainText(it Item) {
	bad := func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }
	for _, key := range freeText {
		val, ok := FieldValue(it, key)
		t, isText := val.(string)
		if ok && isText && strings.IndexFunc(strings.ReplaceAll(t, "\r\n", "\n"), bad) >= 0 {
			v.add(it, key, CodeValue, "%s %q: remove the control character (line breaks and tabs are fine)", key, t)
		}
	}
}

type validator struct {
	o    *OS
	errs Errors
}

func (v *validator) add(it Item, key, code, format string, args ...any) {
	m := it.ItemMeta()
	f := errAt(code, m.File, m.KeyPos(key), format, args...)
	if f.File == "" {
		f.File = it.ItemKind().File()
	}
	f.Kind, f.ID = it.ItemKind(), it.ItemID()
	v.errs = append(v.errs, f)
}

func (v *validator) addMeta(m Meta, key, code, format string, args ...any) {
	f := errAt(code, FileOS, m.KeyPos(key), format, args...)
	v.errs = append(v.errs, f)
}

// didYouMeanDay is the " (did you mean ...)" that follows an error about
// a day name, or "" when s is near no day.
func didYouMeanDay(s string) string {
	if d := SuggestDay(s); d != "" {
		return fmt.Sprintf(" (did you mean %q?)", d)
	}
	return ""
}

func (v *validator) oneOf(it Item, key, val string, allowed []string) {
	if slices.Contains(allowed, val) {
		return
	}
	msg := fmt.Sprintf("%s %q: want one of %s", key, val, strings.Join(allowed, ", "))
	if s := Suggest(val, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	v.add(it, key, CodeValue, "%s", msg)
}

func (v *validator) theme(it Item, ref string, themes map[string]bool) {
	if ref == "" || themes[ref] {
		return
	}
	if t := v.o.Renamed(KindTheme, ref); t != nil {
		v.add(it, "theme", CodeReference, "theme %q was renamed to %q: write theme = %q", ref, t.ItemID(), t.ItemID())
		return
	}
	ids := make([]string, 0, len(v.o.Themes))
	for _, t := range v.o.Themes {
		ids = append(ids, t.ID)
	}
	msg := fmt.Sprintf("theme %q does not exist", ref)
	if s := Suggest(ref, ids); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else if len(ids) > 0 {
		msg += " (themes: " + strings.Join(ids, ", ") + ")"
	} else {
		msg += ": add it to themes.toml first"
	}
	v.add(it, "theme", CodeReference, "%s", msg)
}

func (v *validator) clock(it Item, key, val string) (Clock, bool) {
	c, err := ParseClock(val)
	if err != nil {
		v.add(it, key, CodeValue, "%s: %v", key, err)
		return 0, false
	}
	return c, true
}

func (v *validator) settings() {
	s := &v.o.Settings
	if s.Timezone != "" {
		if _, err := time.LoadLocation(s.Timezone); err != nil || strings.EqualFold(s.Timezone, "local") {
			v.addMeta(s.Meta, "timezone", CodeValue, "timezone %q: want an IANA name like \"Europe/Helsinki\" or \"UTC\"", s.Timezone)
		}
	}
	if s.WeekStart != "" {
		if _, ok := ParseWeekday(s.WeekStart); !ok {
			v.addMeta(s.Meta, "week_start", CodeValue, "week_start %q: want a day from mon to sun%s", s.WeekStart, didYouMeanDay(s.WeekStart))
		}
	}
	if g := s.Calendar.Grid; g != "" {
		d, err := time.ParseDuration(g)
		switch {
		case err != nil || d <= 0:
			v.addMeta(s.Calendar.Meta, "grid", CodeValue, "grid %q: want a duration like 15m", g)
		case d%time.Minute != 0 || (24*time.Hour)%d != 0 || d > 4*time.Hour:
			v.addMeta(s.Calendar.Meta, "grid", CodeValue, "grid %q: want whole minutes, at most 4h, that divide a day, like 5m, 15m, 30m or 1h", g)
		}
	}
	if s.Priorities.Limit < 0 {
		v.addMeta(s.Priorities.Meta, "limit", CodeValue, "limit %d: want 0 (no limit) or more", s.Priorities.Limit)
	}
	if d := s.Review.WeeklyDay; d != "" {
		if _, ok := ParseWeekday(d); !ok {
			v.addMeta(s.Review.Meta, "weekly_day", CodeValue, "weekly_day %q: want a day from mon to sun%s", d, didYouMeanDay(d))
		}
	}
	// The name heads the README, the owner signs commits and each prompt
	// is asked on one line: none may hold a line break.
	for _, f := range []struct{ key, val string }{{"name", s.Name}, {"owner", s.Owner}} {
		if strings.IndexFunc(f.val, unicode.IsControl) >= 0 {
			v.addMeta(s.Meta, f.key, CodeValue, "%s %q: write it on one line, without control characters (line breaks, tabs)", f.key, f.val)
		}
	}
	for _, p := range s.Review.Prompts {
		if strings.TrimSpace(p) == "" {
			v.addMeta(s.Review.Meta, "prompts", CodeValue, "prompts: a prompt is empty")
			break
		}
		if strings.IndexFunc(p, unicode.IsControl) >= 0 {
			v.addMeta(s.Review.Meta, "prompts", CodeValue, "prompts: %q: write each prompt on one line, without control characters (line breaks, tabs)", p)
			break
		}
	}
}

func (v *validator) routine(r *Routine, themes map[string]bool) {
	if r.Cadence == "" {
		v.add(r, "cadence", CodeMissing, "routine %q has no cadence: add cadence = \"daily\" (or weekdays, weekly on mon,thu, ...)", r.ID)
	} else if _, err := ParseCadence(r.Cadence); err != nil {
		v.add(r, "cadence", CodeValue, "%v", err)
	}
	if r.At != "" {
		if c, ok := v.clock(r, "at", r.At); ok && c >= 24*60 {
			v.add(r, "at", CodeValue, "at %q: a routine starts before 24:00", r.At)
		}
	}
	if r.Duration != "" {
		if _, err := ParseDuration(r.Duration); err != nil {
			v.add(r, "duration", CodeValue, "%v", err)
		}
	}
	v.oneOf(r, "status", r.Status, RoutineStatuses)
	v.theme(r, r.Theme, themes)
}

// formerIDs checks the former ids of items, the items of kind k, whose
// valid ids are ids. A routine's former ids name its past answers in the
// review records, and any item's name it in the other copies of the OS
// (another machine, a template), where a merge pairs it by them. So each
// is an id, listed once, and neither the id of an item of its kind now
// nor another one's former id: else two items would claim the same past.
func (v *validator) formerIDs(k Kind, items []Item, ids map[string]Pos) {
	var owner map[string]string // former id → the item that lists it
	for _, it := range items {
		id := it.ItemID()
		for _, f := range FormerIDs(it) {
			first, dup := owner[f]
			_, current := ids[f]
			switch {
			case !ValidID(f):
				v.add(it, "formerly", CodeValue, "formerly: %q is not an id: use lowercase letters, digits and dashes, like %q", f, Slug(f))
			case f == id:
				v.add(it, "formerly", CodeValue, "formerly: %q is this %s's id now: list only the ids it had before", f, k)
			case current:
				v.add(it, "formerly", CodeDuplicate, "formerly: %q is the id of another %s now, %s: give that %s another id, or remove %q from formerly", f, k, claims(k), k, f)
			case dup && first == id:
				v.add(it, "formerly", CodeValue, "formerly: %q is listed twice", f)
			case dup:
				v.add(it, "formerly", CodeDuplicate, "formerly: %q is a former id of %s %q too: a former id belongs to one %s", f, k, first, k)
			default:
				if owner == nil {
					owner = map[string]string{}
				}
				owner[f] = id
			}
		}
	}
}

// claims says what a live item would take over from the renamed item of
// kind k that lists its id as a former one.
func claims(k Kind) string {
	if k == KindRoutine {
		return "which would take over this one's review answers"
	}
	return "which a sync or a template's update would take for this one"
}

func (v *validator) priority(p *Priority, themes map[string]bool) {
	v.oneOf(p, "status", p.Status, PriorityStatuses)
	if p.Rank < 0 {
		v.add(p, "rank", CodeValue, "rank %d: want 1 or more (1 is first), or 0 for no rank", p.Rank)
	}
	if p.Deferrals < 0 {
		v.add(p, "deferrals", CodeValue, "deferrals %d: want 0 or more", p.Deferrals)
	}
	v.theme(p, p.Theme, themes)
}

func (v *validator) block(b *Block, themes map[string]bool) {
	if len(b.Days) == 0 {
		v.add(b, "days", CodeMissing, "block %q has no days: add days = [\"mon\", \"tue\", ...]", b.ID)
	}
	seen := map[string]bool{}
	for _, d := range b.Days {
		if _, ok := ParseWeekday(d); !ok {
			msg := fmt.Sprintf("days: %q is not a day: use mon, tue, wed, thu, fri, sat, sun", d)
			if s := SuggestDay(d); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			v.add(b, "days", CodeValue, "%s", msg)
		} else if seen[d] {
			v.add(b, "days", CodeValue, "days: %q is listed twice", d)
		}
		seen[d] = true
	}
	v.span(b, b.Start, b.End, true)
	if b.Kind != "" {
		v.oneOf(b, "kind", b.Kind, BlockKinds)
	}
	v.theme(b, b.Theme, themes)
}

func (v *validator) event(e *Event, themes map[string]bool) {
	if e.Date.IsZero() {
		v.add(e, "date", CodeMissing, "event %q has no date: add date = 2026-12-03 (no quotes)", e.ID)
	}
	if e.Start != "" || e.End != "" {
		v.span(e, e.Start, e.End, false)
	}
	v.theme(e, e.Theme, themes)
}

// span checks a start and end time; a block must have both. Like a
// routine's at, a start is before 24:00.
func (v *validator) span(it Item, start, end string, required bool) {
	var s, e Clock
	okS, okE := false, false
	switch {
	case start == "" && (required || end != ""):
		v.add(it, "start", CodeMissing, "%s %q has no start: add start = \"09:00\"", it.ItemKind(), it.ItemID())
	case start != "":
		s, okS = v.clock(it, "start", start)
		if okS && s >= 24*60 {
			// 24:00 ends a day; nothing starts there, and the plan of no
			// day would show it.
			article := "a"
			if it.ItemKind() == KindEvent {
				article = "an"
			}
			v.add(it, "start", CodeValue, "start %q: %s %s starts before 24:00", start, article, it.ItemKind())
			okS = false
		}
	}
	switch {
	case end == "" && required:
		v.add(it, "end", CodeMissing, "%s %q has no end: add end = \"10:00\"", it.ItemKind(), it.ItemID())
	case end != "":
		e, okE = v.clock(it, "end", end)
	}
	if okS && okE && e <= s {
		v.add(it, "end", CodeValue, "end %s is not after start %s: %s", end, start, spanAdvice(it.ItemKind(), e < s))
	}
}

// spanAdvice says what to do about a block or event whose end is not
// after its start. An end earlier on the clock is most often time past
// midnight, which no block or event spans: a day's plan ends at 24:00.
func spanAdvice(kind Kind, earlier bool) string {
	switch {
	case earlier:
		a := "a " + string(kind)
		if kind == KindEvent {
			a = "an event"
		}
		return fmt.Sprintf("%s ends on the day it starts; to go past midnight, end it at 24:00 and add %s from 00:00 on the next day", a, a)
	case kind == KindEvent:
		return "give it a later end, or no end for a moment in time"
	}
	return "give it a later end"
}

// Slug makes an id from a title: "Go to sleep on time" →
// "go-to-sleep-on-time", "Über straße" → "uber-strasse". Latin letters
// with diacritics are written as their plain letters (latinPlain), and
// combining marks are dropped; any other letter separates words like a
// space. A title with nothing left gives "item".
func Slug(title string) string {
	const maxLen = 48
	var b strings.Builder
	dash := false
	write := func(s string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(s)
	}
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			write(string(r))
		case latinPlain[r] != "":
			write(latinPlain[r])
		case unicode.Is(unicode.Mn, r):
			// A combining mark (the dots of a decomposed ü): part of the
			// letter before it.
		default:
			dash = true
		}
		if b.Len() >= maxLen {
			break
		}
	}
	s := strings.TrimRight(b.String()[:min(b.Len(), maxLen)], "-")
	if s == "" {
		return "item"
	}
	return s
}

// latinPlain writes the lowercase Latin letters with diacritics of the
// languages of Europe as plain ASCII letters, the way a person would
// type them in an id. (golang.org/x/text would decompose them; the model
// has no dependency for one small table.)
var latinPlain = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae",
	'ç': "c", 'ć': "c", 'č': "c",
	'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ĺ': "l",
	'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'œ': "oe",
	'ŕ': "r", 'ř': "r",
	'ś': "s", 'š': "s", 'ş': "s", 'ș': "s",
	'ß': "ss",
	'ť': "t", 'ţ': "t", 'ț': "t",
	'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y",
	'ź': "z", 'ż': "z", 'ž': "z",
}
