package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/tmpl"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("set", newSetCmd) }

type setOptions struct {
	kind      string
	id        string
	assign    []string // FIELD=VALUE, in order
	overLimit bool
	json      bool
	dryRun    bool
	events    string // --events: keep, move, or "" to ask

	// askedAbout is the events ahead the person answered events for on
	// a terminal, with the lock let go; the change is refused when the
	// events at stake under the lock are not these.
	askedAbout []routines.EventShift
}

func newSetCmd(d *deps) *cobra.Command {
	var opts setOptions
	cmd := &cobra.Command{
		Use:   "set KIND ID FIELD=VALUE... | set os FIELD=VALUE... | set template FIELD=VALUE...",
		Short: "Change fields of one item, of os.toml, or of a template's template.toml",
		Long: `Change fields of one item and commit it with a message that says what changed.
Only the lines of that item change in its file; every comment and blank
line stays as it was.

FIELD is the TOML key, as in the file (status, at, days, theme, ...).
Lists take commas (days=mon,wed,fri; days also take what add --days takes:
full names, mon-fri, weekdays), dates YYYY-MM-DD, today, yesterday,
tomorrow, +3d, -3d or +2w, and FIELD= with nothing after the = clears an
optional field.

Renaming an item (id=new-id) renames the references to it in the same
commit: a renamed theme is renamed in every routine, priority, block and
event that serves it. A renamed routine, priority, block or theme keeps
its old id in formerly, and no other item of its kind may take that id:
a sync with another machine, or a template's update, that still knows
the item by its old id merges into it, and review records, which keep
the ids they were written with, count for a routine under its old ids
too (stats, streaks, the review).

A priority going into doing gets started set to today, and is refused
when [priorities] limit is reached, unless --over-limit says you go over
it on purpose. Going into doing ends a deferral: deferred_until and
defer_reason are cleared (deferrals, how often it was put off, stays).

"myos set os" changes os.toml, with dotted keys for its tables
(calendar.grid=30m, priorities.limit=4, review.weekly_day=friday;
review.prompts takes prompts separated by semicolons).

Blocks, routines and dated events are clock times in the OS's timezone,
and a new timezone keeps them: lunch at 12:00 stays at 12:00 wherever you
are. A dated event may be a moment instead (a flight, a call with someone
in another zone), which the new zone shows at other clock times. When
"myos set os timezone=ZONE" finds events with times ahead, it lists them,
one a line, with the clock times of the same moment in ZONE, and
--events says what to do with them: keep (their clock times stay, as
before) or move (each gets the date and times of the same moment in ZONE,
in the same commit). On a terminal without --events it asks; elsewhere
it keeps them and says so, with the list. Past events, events under way
and all-day events are left as they are. An event that would end after
midnight in ZONE cannot be moved as one event: move refuses, and says
which. The commit's message says what happened to the events.

"myos set template" changes template.toml in a template's own repository
(one "myos template export DIR --git" made): its name, description,
version and author, as members see them. A member's "myos template
update" takes the new version; "myos commit" takes a hand edit of
template.toml too, checked as the update will check it.

Advice that ` + "`myos check`" + ` gives about the OS as changed and did not give
before, in those words (a block moved off the grid, or over one more
block), is told on stderr, and with --json in advice; the change is made
all the same. --dry-run shows the commit the change would make, and
writes nothing.`,
		Example: `  myos set routine sleep at=22:00 duration=7h30m
  myos set priority keynote-draft status=doing
  myos set block lunch days=mon,tue,wed,thu start=12:30 end=13:15
  myos set theme supply-chain id=software-supply-chain
  myos set routine sleep id=rest
  myos set priority keynote-draft due=+2w
  myos set priority keynote-draft due=
  myos set os priorities.limit=4 calendar.grid=30m
  myos set os timezone=America/New_York --dry-run
  myos set os timezone=America/New_York --events move
  myos set os timezone=America/New_York --events keep
  myos --dir ~/cadence set template version=1.1.0`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && (strings.EqualFold(args[0], "os") || strings.EqualFold(args[0], "template")) {
				if len(args) < 2 {
					return usagef("missing FIELD=VALUE")
				}
				return nil
			}
			if len(args) == 0 {
				return usagef("missing KIND, ID and FIELD=VALUE")
			}
			// A misspelt os (set oss priorities.limit=3) is told as an
			// unknown kind, not as a FIELD=VALUE missing after an ID.
			if _, err := parseKindArg(args[0], "os", "template"); err != nil {
				return err
			}
			switch len(args) {
			case 1:
				return usagef("missing ID and FIELD=VALUE")
			case 2:
				return usagef("missing FIELD=VALUE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.kind = args[0]
			if strings.EqualFold(opts.kind, "os") || strings.EqualFold(opts.kind, "template") {
				opts.kind = strings.ToLower(opts.kind)
			}
			rest := args[1:]
			if opts.kind != "os" && opts.kind != "template" {
				opts.id, rest = args[1], args[2:]
			}
			opts.assign = rest
			return runSet(d, opts)
		},
		ValidArgsFunction: completeItem(d, append(itemKinds(), "os", "template"), true),
	}
	cmd.Flags().BoolVar(&opts.overLimit, "over-limit", false, "put a priority in doing even when the limit of priorities in progress is reached")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: commit, short, message, nothing, changes, kind, id, advice, timezone")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "show what would change and the commit message; write nothing")
	cmd.Flags().StringVar(&opts.events, "events", "", "with set os timezone=ZONE, what dated events ahead do: `MODE` keep (their clock times) or move (to the same moment in ZONE)")
	return cmd
}

// assignment is one FIELD=VALUE.
type assignment struct{ key, value string }

func parseAssignments(args []string) ([]assignment, error) {
	out := make([]assignment, 0, len(args))
	seen := map[string]bool{}
	for _, a := range args {
		key, value, ok := strings.Cut(a, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, usagef("%q: want FIELD=VALUE, like status=doing (FIELD= clears a field)", a)
		}
		if seen[key] {
			return nil, usagef("%s is set twice", key)
		}
		seen[key] = true
		out = append(out, assignment{key, value})
	}
	return out, nil
}

func runSet(d *deps, opts setOptions) error {
	as, err := parseAssignments(opts.assign)
	if err != nil {
		return err
	}
	switch opts.events {
	case "", eventsKeep, eventsMove:
	default:
		return usagef("--events %q: want keep or move", opts.events)
	}
	if opts.events != "" && (opts.kind != "os" || !assigns(as, "timezone")) {
		return usagef("--events is for a change of timezone: myos set os timezone=ZONE --events keep|move")
	}
	switch opts.kind {
	case "os":
		return runSetOS(d, opts, as)
	case "template":
		return runSetTemplate(d, opts, as)
	}
	k, err := parseKindArg(opts.kind, "os", "template")
	if err != nil {
		return err
	}
	t, err := d.begin("myos set")
	if err != nil {
		return err
	}
	defer t.close()
	t.dryRun = opts.dryRun
	old, err := findItem(t.before, k, opts.id)
	if err != nil {
		return err
	}
	upd := routines.CloneItem(old)
	for _, a := range as {
		if routines.IsDateField(k, a.key) && strings.TrimSpace(a.value) != "" {
			// Dates take the words add takes: today, tomorrow, +3d.
			dt, err := dateArg(d.today(t.before), a.key, a.value)
			if err != nil {
				return err
			}
			a.value = dt.String()
		}
		if k == routines.KindBlock && a.key == "days" && strings.TrimSpace(a.value) != "" {
			// Days take the words add takes: full names, weekdays, mon-fri.
			days, err := parseDays(a.value)
			if err != nil {
				return usagef("days: %v", err)
			}
			a.value = strings.Join(days, ",")
		}
		if err := routines.SetField(upd, a.key, a.value); err != nil {
			return fieldError(k, a.key, err)
		}
	}

	newID := upd.ItemID()
	if newID != old.ItemID() {
		if newID == "" {
			return usagef("id cannot be cleared: give the new id, like id=%s", routines.Slug(upd.ItemTitle()))
		}
		if !routines.ValidID(newID) {
			return usagef("id=%q: use lowercase letters, digits and dashes, like %q", newID, routines.Slug(newID))
		}
		if t.before.Find(k, newID) != nil {
			return withHint(fmt.Errorf("there is already %s %q", aKind(k), newID), "choose another id, or remove that one first with `myos rm %s %s`", k, newID)
		}
		if err := formerIDTaken(t.before, k, newID, old.ItemID()); err != nil {
			return err
		}
	}
	if k == routines.KindTheme && newID != old.ItemID() {
		if err := t.relinkTheme(old.ItemID(), newID); err != nil {
			return err
		}
	}
	if k.KeepsFormerIDs() && newID != old.ItemID() && !assigns(as, "formerly") {
		// The item keeps the id it had: a routine's review records keep
		// the answers under it, and another machine or a template may
		// still know the item by it, which a merge then pairs with this
		// one.
		formerly := routines.FormerlyAfterRename(routines.FormerIDs(upd), old.ItemID(), newID)
		_ = routines.SetField(upd, "formerly", strings.Join(formerly, ","))
	}
	if p, ok := upd.(*routines.Priority); ok {
		was := old.(*routines.Priority)
		if p.Status == routines.PriorityDoing && was.Status != routines.PriorityDoing {
			if err := t.checkLimit(was.ID, opts.overLimit); err != nil {
				return err
			}
			if !assigns(as, "started") {
				today := d.today(t.before)
				p.Started = &today
			}
			// Taking work up again ends its deferral: left in place, the
			// work would count against the limit while today, the review
			// and the README showed it as put off. How often it was put
			// off stays.
			if !assigns(as, "deferred_until") {
				p.DeferredUntil = nil
			}
			if !assigns(as, "defer_reason") {
				p.DeferReason = ""
			}
		}
	}
	if err := t.updateItem(old, upd); err != nil {
		return err
	}
	res, after, err := t.commit()
	if err != nil {
		return err
	}
	return d.writeResult(d.withAdvice(res, t.before, after), string(k), newID, opts.json)
}

// formerIDTaken refuses id for an item of kind k other than self when it
// is another item's former id: for a routine, that id still names the
// other one's answers in the review records, and would hand them over;
// for any kind, a merge with a machine or template that still knows the
// other item by that id would take it for this one.
func formerIDTaken(o *routines.OS, k routines.Kind, id, self string) error {
	other := o.Renamed(k, id)
	if other == nil || other.ItemID() == self {
		return nil
	}
	var rest []string
	for _, f := range routines.FormerIDs(other) {
		if f != id {
			rest = append(rest, f)
		}
	}
	oid := other.ItemID()
	if k == routines.KindRoutine {
		return withHint(fmt.Errorf("%q is a former id of routine %q: the review answers under it are %s's", id, oid, oid),
			"choose another id; or, to leave those answers behind, take it out of that routine's former ids first: `myos set routine %s formerly=%s`", oid, strings.Join(rest, ","))
	}
	return withHint(fmt.Errorf("%q is a former id of %s %q", id, k, oid),
		"choose another id; or take it out of that %s's former ids first: `myos set %s %s formerly=%s`", k, k, oid, strings.Join(rest, ","))
}

func assigns(as []assignment, key string) bool {
	for _, a := range as {
		if a.key == key {
			return true
		}
	}
	return false
}

// fieldError turns SetField's error into a usage error; an unknown field
// with no close match lists the fields there are.
func fieldError(k routines.Kind, key string, err error) error {
	var names []string
	if k == "" {
		names = routines.SettingsFieldNames()
	} else {
		names = routines.FieldNames(k)
	}
	known := false
	for _, n := range names {
		known = known || n == key
	}
	if !known && !strings.Contains(err.Error(), "did you mean") {
		return usagef("%v: the fields are %s", err, strings.Join(names, ", "))
	}
	return usagef("%v", err)
}

// beginSetFile begins set os and set template, which change a file of
// settings rather than an item.
func beginSetFile(d *deps, opts setOptions) (*txn, error) {
	if opts.overLimit {
		return nil, usagef("--over-limit is for priorities")
	}
	t, err := d.begin("myos set")
	if err != nil {
		return nil, err
	}
	t.dryRun = opts.dryRun
	return t, nil
}

// runSetOS changes os.toml. A change of timezone that needs the person's
// word on the events ahead is tried first up to the question, which is
// asked with the lock let go, as the review asks: a question left open
// while its asker looks at their calendar kept every other write out
// ("repository is locked"), and Ctrl-C at it left the lock file behind.
// The change is then made again with the answer.
func runSetOS(d *deps, opts setOptions, as []assignment) error {
	err := setOS(d, opts, as)
	var q *zoneQuestion
	if !errors.As(err, &q) {
		return err
	}
	head, rows := q.z.list()
	fmt.Fprint(d.io.Out, d.io.fit(head, "", asIs)+"\n"+rows)
	mode, err := askKeepOrMove(d, q.z)
	if err != nil {
		return err
	}
	opts.events, opts.askedAbout = mode, q.z.Events
	return setOS(d, opts, as)
}

// setOS is runSetOS under the lock.
func setOS(d *deps, opts setOptions, as []assignment) error {
	t, err := beginSetFile(d, opts)
	if err != nil {
		return err
	}
	defer t.close()
	old := t.before.Settings
	upd := old
	for _, a := range as {
		value := a.value
		if a.key == "week_start" || a.key == "review.weekly_day" {
			// A day, as days= of a block takes it: Friday, FRI.
			if days, err := parseDays(value); err == nil && len(days) == 1 {
				value = days[0]
			}
		}
		if err := routines.SetSettingsField(&upd, a.key, value); err != nil {
			return fieldError("", a.key, err)
		}
	}
	b, err := routines.UpdateSettings(t.file(routines.FileOS), &old, &upd)
	if err != nil {
		return err
	}
	t.setFile(routines.FileOS, b)
	zone, err := t.moveZone(opts, old.Timezone, upd.Timezone)
	if err != nil {
		return err
	}
	res, after, err := t.commit()
	if err != nil {
		return err
	}
	res.zone = zone
	if err := d.writeResult(d.withAdvice(res, t.before, after), "os", "", opts.json); err != nil {
		return err
	}
	if zone != nil && zone.asked == "" && !res.Nothing {
		// Kept without being told to, as before --events was there, but
		// not in silence.
		n := plural(len(zone.Events), "event ahead", "events ahead")
		if res.DryRun {
			fmt.Fprintf(d.io.ErrOut, "hint: without --events the %s %s %s clock times, now %s time: add --events move to move %s to the same moment, or --events keep\n", n, pick(len(zone.Events) == 1, "keeps", "keep"), zone.their(), zone.To, zone.them())
		} else {
			fmt.Fprintf(d.io.ErrOut, "hint: the %s kept %s clock times, now %s time; to move %s to the same moment instead, run `myos undo`, then `myos set os timezone=%s --events move`\n", n, zone.their(), zone.To, zone.them(), shellArg(zone.Setting))
		}
	}
	return nil
}

// runSetTemplate changes template.toml, in a template's own repository.
func runSetTemplate(d *deps, opts setOptions, as []assignment) error {
	t, err := beginSetFile(d, opts)
	if err != nil {
		return err
	}
	defer t.close()
	src, err := workfile.ReadFile(filepath.Join(t.repo.Dir(), tmpl.MetaFile))
	if errors.Is(err, fs.ErrNotExist) {
		return withHint(fmt.Errorf("no %s in %s: the OS there is not a template's own repository", tmpl.MetaFile, t.repo.Dir()),
			"`myos template export DIR --git` makes one of your OS; then `myos --dir DIR set template ...`")
	}
	if err != nil {
		return err
	}
	if err := refuseEdited(t.repo, tmpl.MetaFile); err != nil {
		return err
	}
	// A value set may mend a file that does not read as committed (a
	// version written as a number); one that does not is no usage error.
	was, wasErr := tmpl.ParseMeta(src)
	b := src
	for _, a := range as {
		if b, err = tmpl.SetMetaField(b, a.key, a.value); err != nil {
			if me := (*tmpl.MetaError)(nil); wasErr != nil && errors.As(err, &me) {
				return withHint(err, "%s does not read as committed: fix it in an editor, check it with `myos check`, and run `myos commit`", tmpl.MetaFile)
			}
			return usagef("%v", err)
		}
	}
	now, err := tmpl.ParseMeta(b)
	if err != nil {
		return err
	}
	msg := tmpl.MetaMessage(was, now)
	if msg == "" {
		return d.writeResult(commitResult{Nothing: true, Message: "nothing changed"}, "template", "", opts.json)
	}
	t.extra = append(t.extra, store.Change{Path: tmpl.MetaFile, Data: b})
	t.message = msg
	res, _, err := t.commit()
	if err != nil {
		return err
	}
	return d.writeResult(res, "template", "", opts.json)
}
