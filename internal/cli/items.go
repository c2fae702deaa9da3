package cli

// What the item write commands (add, set, rm, defer, edit) share: reading
// a KIND and an ID from the command line, finding items with a suggestion
// when the id is mistyped, the limit on priorities in progress, and
// reporting the commit and the advice it brought in.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/routines"
)

// kindNames is how help and errors list the kinds.
func kindNames() string {
	names := make([]string, 0, len(routines.Kinds()))
	for _, k := range routines.Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// parseKindArg reads a KIND argument: a kind's name or its plural. also
// names what else the command takes in its place (set takes os), which
// the caller handles before: an unknown kind is told them too.
func parseKindArg(s string, also ...string) (routines.Kind, error) {
	if k, ok := routines.ParseKind(strings.ToLower(s)); ok {
		return k, nil
	}
	want := kindNames()
	if len(also) > 0 {
		want += ", " + strings.Join(also, ", ")
	}
	msg := fmt.Sprintf("unknown kind %q: want one of %s", s, want)
	var cands []string
	for _, k := range routines.Kinds() {
		cands = append(cands, string(k), k.Plural())
	}
	cands = append(cands, also...)
	if sug := routines.Suggest(s, cands); sug != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	}
	return "", usagef("%s", msg)
}

// ids lists the ids of the items of kind k.
func ids(o *routines.OS, k routines.Kind) []string {
	items := o.Items(k)
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ItemID()
	}
	return out
}

// findItem is the item kind/id, or an error that names the item that had
// id before a rename, or suggests the id that was probably meant and lists
// the ids there are.
func findItem(o *routines.OS, k routines.Kind, id string) (routines.Item, error) {
	if it := o.Find(k, id); it != nil {
		return it, nil
	}
	if it := o.Renamed(k, id); it != nil {
		return nil, withHint(fmt.Errorf("no %s %q in %s: it was renamed to %q", k, id, k.File(), it.ItemID()),
			"use the id it has now, %s (its formerly keeps the ids it had)", it.ItemID())
	}
	all := ids(o, k)
	err := fmt.Errorf("no %s %q in %s", k, id, k.File())
	if s := routines.Suggest(id, all); s != "" {
		err = fmt.Errorf("no %s %q in %s (did you mean %q?)", k, id, k.File(), s)
	}
	if len(all) == 0 {
		return nil, withHint(err, "there are no %s yet: add one with `myos add %s TITLE`", k.Plural(), k)
	}
	return nil, withHint(err, "the %s are: %s", k.Plural(), listShort(all, 12))
}

// listShort joins names with commas, at most n of them.
func listShort(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}

// themeUsers lists the items that name theme id as their theme.
func themeUsers(o *routines.OS, id string) []routines.Item {
	var out []routines.Item
	for _, k := range routines.Kinds() {
		if k == routines.KindTheme {
			continue
		}
		for _, it := range o.Items(k) {
			if v, _ := routines.FieldValue(it, "theme"); v == id {
				out = append(out, it)
			}
		}
	}
	return out
}

// itemNames writes items as `routine "sleep", block "lunch"`.
func itemNames(items []routines.Item) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = fmt.Sprintf("%s %q", it.ItemKind(), it.ItemID())
	}
	return listShort(parts, 8)
}

// updateItem rewrites the table of old in its file so that it says what
// updated says, keeping every other byte of the file.
func (t *txn) updateItem(old, updated routines.Item) error {
	name := old.ItemKind().File()
	b, err := routines.UpdateItem(t.file(name), old, updated)
	if err != nil {
		return err
	}
	t.setFile(name, b)
	return nil
}

// relinkTheme points every item that names theme from at theme to ("" to
// unlink them), in the same transaction.
func (t *txn) relinkTheme(from, to string) error {
	for _, it := range themeUsers(t.before, from) {
		upd := routines.CloneItem(it)
		if err := routines.SetField(upd, "theme", to); err != nil {
			return err
		}
		if err := t.updateItem(it, upd); err != nil {
			return err
		}
	}
	return nil
}

// checkLimit is called when priority id goes into "doing". It refuses
// when [priorities] limit is already reached by the others, unless over
// is set: then going over is a decision, and the commit message says so.
func (t *txn) checkLimit(id string, over bool) error {
	limit := t.before.Settings.Priorities.Limit
	if limit <= 0 {
		return nil
	}
	var doing []string
	for _, p := range t.before.Priorities {
		if p.Status == routines.PriorityDoing && p.ID != id {
			doing = append(doing, p.ID)
		}
	}
	if len(doing) < limit {
		return nil
	}
	if over {
		t.notes = append(t.notes, fmt.Sprintf("over the limit of %d on purpose", limit))
		return nil
	}
	return withHint(fmt.Errorf("the limit of %d priorities in progress is reached: %s", limit, strings.Join(doing, ", ")),
		"move one out of doing first (`myos set priority %s status=next`), or add --over-limit to go over on purpose", doing[len(doing)-1])
}

// daysAway is a number of days or weeks ahead of today or back from it:
// +3d, +2w, -3d, -2w.
var daysAway = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([+-])(\d+)([dw])$`) })

// maxDaysAway is how far from today dateArg counts, in days, given in
// days or in weeks: further than any OS's history or plans.
const maxDaysAway = 100000

// dateArg reads a date given on the command line: YYYY-MM-DD, today,
// tomorrow, yesterday, or a number of days or weeks from today, ahead
// ("+3d", "+2w") or back ("-3d", "-2w").
func dateArg(today routines.Date, flag, s string) (routines.Date, error) {
	return dayArg(today, flag, s, false)
}

// pastDateArg is dateArg for a flag that takes a day that has begun
// (review --date, stats --date, log --since): a weekday's name is told
// as the date of the last one, not the coming one, which the flag would
// refuse.
func pastDateArg(today routines.Date, flag, s string) (routines.Date, error) {
	return dayArg(today, flag, s, true)
}

// dayArg is dateArg; back says the flag looks back from today.
func dayArg(today routines.Date, flag, s string, back bool) (routines.Date, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "today":
		return today, nil
	case "tomorrow":
		return today.AddDays(1), nil
	case "yesterday":
		return today.AddDays(-1), nil
	}
	if m := daysAway().FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[2])
		if err == nil && m[3] == "w" && n <= maxDaysAway {
			n *= 7
		}
		if err != nil || n > maxDaysAway {
			return routines.Date{}, usagef("%s %s: too far from today", flag, s)
		}
		if m[1] == "-" {
			n = -n
		}
		return today.AddDays(n), nil
	}
	dt, err := routines.ParseDate(s)
	if err != nil {
		if strings.HasSuffix(err.Error(), "want YYYY-MM-DD") {
			if near := nearDay(today, s, back); near != "" {
				return dt, usagef("%s: %v; %s", flag, err, near)
			}
			return dt, usagef("%s: %v (or today, yesterday, tomorrow, +3d, -3d, +2w)", flag, err)
		}
		return dt, usagef("%s: %v", flag, err) // the right shape, a day not there
	}
	return dt, nil
}

// nearDay is what a day flag's value s that is no date was likely meant
// to be, as the end of its error: "did you mean \"tomorrow\"?" for a
// typo of a word a day flag takes, or the date of the coming weekday
// for a weekday's name or a typo of it (a day flag takes dates, not
// weekdays); the date of the last one when back is set. "" when s is
// near none of them.
func nearDay(today routines.Date, s string, back bool) string {
	// A weekday's name as written is one before it is a typo of a word:
	// "monday" is as near "today" as "tody" is.
	wd, ok := weekdayName(s)
	if !ok {
		if w := routines.Suggest(s, []string{"today", "tomorrow", "yesterday"}); w != "" {
			return fmt.Sprintf("did you mean %q?", w)
		}
		if wd, ok = routines.ParseWeekday(routines.SuggestDay(s)); !ok {
			return ""
		}
	}
	name := wd.String()
	if back {
		if today.Weekday() == wd {
			return fmt.Sprintf("today is a %s: write today, or -1w for the last", name)
		}
		last := today.AddDays(-((int(today.Weekday()) - int(wd) + 7) % 7))
		return fmt.Sprintf("for the last %s write %s (%dd)", name, last, today.DaysUntil(last))
	}
	if today.Weekday() == wd {
		return fmt.Sprintf("today is a %s: write today, or +1w for the next", name)
	}
	next := today.AddDays((int(wd) - int(today.Weekday()) + 7) % 7)
	return fmt.Sprintf("for the coming %s write %s (+%dd)", name, next, today.DaysUntil(next))
}

// weekdayName is the weekday s names in full or by its first three
// letters, in any case.
func weekdayName(s string) (time.Weekday, bool) {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if name := wd.String(); strings.EqualFold(s, name) || strings.EqualFold(s, name[:3]) {
			return wd, true
		}
	}
	return 0, false
}

// resultJSON is what every write prints with --json: the commit ("" when
// nothing was committed), its subject, whether nothing changed, and the
// item-level changes; a command about one item (add, set, rm, defer) also
// names its kind and id.
type resultJSON struct {
	// Commit is the new commit's full id, as log gives it, and Short its
	// short one; both "" when nothing was committed.
	Commit  string       `json:"commit"`
	Short   string       `json:"short"`
	Message string       `json:"message"`
	Nothing bool         `json:"nothing"`
	Changes []changeJSON `json:"changes"`
	Kind    string       `json:"kind,omitempty"`
	ID      string       `json:"id,omitempty"`
	// Advice is, for add and set, the advice the change brought in, as
	// check words it (see newAdvice); empty when it brought none, and
	// absent for the other writes.
	Advice *[]routines.Finding `json:"advice,omitempty"`
	// DryRun is set when nothing was written on purpose (--dry-run):
	// the rest says what the commit would have been.
	DryRun bool `json:"dry_run,omitempty"`
	// Timezone is, for set os changing the timezone, the events ahead
	// the change is about and what they did: keep or move.
	Timezone *zoneJSON `json:"timezone,omitempty"`
}

// writeResult reports a write: the commit line, or with --json a
// resultJSON. kind and id are "" for a write that is not about one item.
func (d *deps) writeResult(res commitResult, kind, id string, asJSON bool) error {
	if asJSON {
		j := resultJSON{Commit: res.Hash, Short: res.Commit, Message: res.Message, Nothing: res.Nothing,
			Changes: changesJSON(res.Changes), Kind: kind, ID: id, DryRun: res.DryRun}
		if res.zone != nil {
			j.Timezone = res.zone.json()
		}
		if res.advised {
			advice := append([]routines.Finding{}, res.Advice...)
			j.Advice = &advice
		}
		return writeJSON(d.io.Out, j)
	}
	d.printCommit(res)
	// Advice is told as check tells it, on stderr as the other notes of a
	// write are: the commit line stays the one line of output.
	for _, f := range res.Advice {
		fmt.Fprintf(d.io.ErrOut, "%s: %s [%s]\n", d.io.errYellow("advice"), f.String(), f.Code)
	}
	return nil
}

// withAdvice is res, the result of a write that took the OS from before
// to after, with the advice the write brought in: add and set say what
// check would say of their change at once, rather than leave it to the
// next check.
func (d *deps) withAdvice(res commitResult, before, after *routines.OS) commitResult {
	res.advised = true
	if !res.Nothing && before != nil && after != nil {
		res.Advice = newAdvice(before, after, d.today(after), res.Changes)
	}
	return res
}

// newAdvice is the advice check gives about after, an OS a write made of
// before, that it did not give about before: what the write brought in
// or changed (a block moved over one more block, or still off the grid at
// its new times). A piece of advice is told apart from another by its
// code, the item it is about and its words, never by its line, which the
// write may have moved; an item the write renamed (changes say which) is
// the one it was, under its new id in the words of the advice about its
// kind too (a block's advice names other blocks), and a renamed theme in
// the words of any advice that names it as a theme.
func newAdvice(before, after *routines.OS, today routines.Date, changes []semdiff.Change) []routines.Finding {
	type key struct {
		code string
		kind routines.Kind
		id   string
		text string
	}
	renamed := map[key]string{}
	names := map[routines.Kind][]string{} // old, new, ... as advice about that kind quotes them
	var themes []string                   // the same of themes, as any advice names them
	for _, c := range changes {
		if c.OldID == "" {
			continue
		}
		renamed[key{"", c.Kind, c.OldID, ""}] = c.ID
		names[c.Kind] = append(names[c.Kind], strconv.Quote(c.OldID), strconv.Quote(c.ID))
		if c.Kind == routines.KindTheme {
			themes = append(themes, "theme "+strconv.Quote(c.OldID), "theme "+strconv.Quote(c.ID))
		}
	}
	had := map[key]bool{}
	for _, f := range routines.Check(before, today) {
		id := f.ID
		if to, ok := renamed[key{"", f.Kind, f.ID, ""}]; ok {
			id = to
		}
		words := f.Message
		if n := names[f.Kind]; n != nil {
			words = strings.NewReplacer(n...).Replace(words)
		} else if themes != nil {
			words = strings.NewReplacer(themes...).Replace(words)
		}
		had[key{f.Code, f.Kind, id, words}] = true
	}
	var out []routines.Finding
	for _, f := range routines.Check(after, today) {
		if !had[key{f.Code, f.Kind, f.ID, f.Message}] {
			out = append(out, f)
		}
	}
	return out
}
