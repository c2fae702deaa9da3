package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/myos-dev/myos/routines"
)

func init() { register("add", newAddCmd) }

// addFlag is a flag of add: the TOML key it sets and the kinds it is for.
type addFlag struct {
	name  string
	key   string
	usage string
	kinds []routines.Kind
}

// addFlags are add's item flags, in the order help lists them. A word in
// backquotes names the flag's value in help.
var addFlags = []addFlag{
	{"cadence", "cadence", "how often a routine happens: a `CADENCE` like daily, weekdays, weekends, \"weekly on mon,thu\", \"every 2 weeks on fri\", \"every 3 days\", \"monthly on 1\" or RRULE:...", []routines.Kind{routines.KindRoutine}},
	{"at", "at", "the time a routine starts, as `HH:MM`", []routines.Kind{routines.KindRoutine}},
	{"duration", "duration", "how long a routine takes: a `DURATION` like 45m or 1h30m", []routines.Kind{routines.KindRoutine}},
	{"why", "why", "the `TEXT` that says why you keep the routine", []routines.Kind{routines.KindRoutine}},
	{"since", "since", "the `DATE` a routine begins (default today): not due or counted before it; interval cadences count from it", []routines.Kind{routines.KindRoutine}},
	{"rank", "rank", "the priority's rank `N`: 1 comes first", []routines.Kind{routines.KindPriority}},
	{"due", "due", "the `DATE` a priority is due", []routines.Kind{routines.KindPriority}},
	{"days", "days", "a block's `DAYS`: mon,wed,fri or mon-fri, weekdays, weekends, daily", []routines.Kind{routines.KindBlock}},
	{"date", "date", "the `DATE` of an event", []routines.Kind{routines.KindEvent}},
	{"start", "start", "the time a block or event starts, as `HH:MM`", []routines.Kind{routines.KindBlock, routines.KindEvent}},
	{"end", "end", "the time a block or event ends, as `HH:MM`", []routines.Kind{routines.KindBlock, routines.KindEvent}},
	{"kind", "kind", "a block's `KIND`: focus, learning, break, meeting or admin", []routines.Kind{routines.KindBlock}},
	{"narrative", "narrative", "the story a theme tells, as `TEXT`", []routines.Kind{routines.KindTheme}},
	{"horizon", "horizon", "how long a theme runs: a `TEXT` like 2026-Q4 or ongoing", []routines.Kind{routines.KindTheme}},
	{"theme", "theme", "the theme `ID` a routine, priority, block or event serves", []routines.Kind{routines.KindRoutine, routines.KindPriority, routines.KindBlock, routines.KindEvent}},
	{"status", "status", "the `STATUS`: routine active|aspiration|paused|retired; priority doing|next|later|done|dropped; theme active|paused|done|retired", []routines.Kind{routines.KindRoutine, routines.KindPriority, routines.KindTheme}},
	{"id", "id", "the item's `ID` (default: made from the title)", routines.Kinds()},
	{"note", "notes", "a note kept with the item, as `TEXT`", routines.Kinds()},
	{"over-limit", "", "add a priority in doing even when the limit of priorities in progress is reached", []routines.Kind{routines.KindPriority}},
}

type addOptions struct {
	kind      string
	title     string
	values    map[string]string // item flags given, by flag name
	given     []string          // every flag given, in command-line order
	overLimit bool
	json      bool
}

func newAddCmd(d *deps) *cobra.Command {
	var opts addOptions
	strs := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "add KIND TITLE [flags]",
		Short: "Add a routine, priority, block, event or theme",
		Long: `Add one item to the OS and commit it with a message that says what was added.

KIND is routine, priority, block, event or theme (plurals work too). The
id is made from the title unless --id says otherwise; when it is taken, a
number is added (-2, -3, ...). Each kind takes its own flags:

  routine   --cadence (required) --at --duration --why --theme --status --since
  priority  --theme --status --rank --due --over-limit
  block     --days --start --end (all required) --theme --kind
  event     --date (required) --start --end --theme
  theme     --narrative --horizon --status

and every kind takes --id and --note. A routine starts active, a priority
next and a theme active unless --status says otherwise. A routine begins
today unless --since says otherwise: it is not due, nor counted by stats,
before its since date, and "every 2 weeks" or "every 3 days" count from
it. "every 2 weeks" counts weeks from Monday to Sunday, whatever week_start
says; for weeks from Sunday, write the rule with WKST=SU, as
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=SU. A priority added in
doing has started set to today; when [priorities] limit of os.toml is
already reached it is refused, unless --over-limit records that you go
over it on purpose. Dates are YYYY-MM-DD, today,
tomorrow, +3d, -3d or +2w.

The item is added even when ` + "`myos check`" + ` would give advice about it (a
block off the calendar grid or over another, work tied to no theme): the
advice it brings in is told on stderr, as check words it, and with --json
in advice.`,
		Example: `  myos add routine "Go to sleep on time" --cadence daily --at 22:30 --why "Rest is earned"
  myos add priority "Draft the keynote" --theme supply-chain --status doing --due 2026-12-01
  myos add block "Lunch, away from the desk" --days weekdays --start 12:00 --end 12:45 --kind break
  myos add event "Keynote" --date 2026-12-03 --start 10:00 --end 11:00 --theme supply-chain
  myos add theme "Secure software supply chains" --id supply-chain --horizon 2026-Q4`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return usagef("missing KIND and TITLE")
			case len(args) == 1:
				return usagef("missing TITLE")
			case len(args) > 2:
				return usagef("too many arguments: %s (quote a TITLE of several words)", strings.Join(args[2:], " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.kind, opts.title = args[0], args[1]
			opts.values = map[string]string{}
			cmd.Flags().Visit(func(f *pflag.Flag) {
				opts.given = append(opts.given, f.Name)
				if p, ok := strs[f.Name]; ok {
					opts.values[f.Name] = *p
				}
			})
			return runAdd(d, opts)
		},
		ValidArgsFunction: completeKind,
	}
	for _, f := range addFlags {
		if f.key == "" {
			continue
		}
		strs[f.name] = cmd.Flags().String(f.name, "", f.usage)
	}
	if cmd.Flags().Lookup("theme") != nil {
		_ = cmd.RegisterFlagCompletionFunc("theme", completeIDs(d, routines.KindTheme))
	}
	cmd.Flags().BoolVar(&opts.overLimit, "over-limit", false, "add a priority in doing even when the limit of priorities in progress is reached")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: commit, short, message, nothing, changes, kind, id, advice")
	return cmd
}

// flagsFor lists the flags of kind k, as help writes them.
func flagsFor(k routines.Kind) string {
	var names []string
	for _, f := range addFlags {
		if slices.Contains(f.kinds, k) {
			names = append(names, "--"+f.name)
		}
	}
	return strings.Join(names, " ")
}

func flagByName(name string) (addFlag, bool) {
	for _, f := range addFlags {
		if f.name == name {
			return f, true
		}
	}
	return addFlag{}, false
}

// requiredFlags are the flags an item of each kind cannot be without.
var requiredFlags = map[routines.Kind][]string{
	routines.KindBlock: {"days", "start", "end"},
	routines.KindEvent: {"date"},
}

func runAdd(d *deps, opts addOptions) error {
	k, err := parseKindArg(opts.kind)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(opts.title)
	if title == "" {
		return usagef("TITLE is empty")
	}
	for _, name := range opts.given {
		f, ok := flagByName(name)
		if ok && !slices.Contains(f.kinds, k) {
			return usagef("--%s is not a flag of %s: %s takes %s", name, aKind(k), aKind(k), flagsFor(k))
		}
	}
	if k == routines.KindRoutine {
		if strings.TrimSpace(opts.values["cadence"]) == "" {
			return usagef("a routine needs --cadence: %s", cadenceHelp)
		}
	}
	for _, name := range requiredFlags[k] {
		if strings.TrimSpace(opts.values[name]) == "" {
			return usagef("%s needs --%s", aKind(k), name)
		}
	}
	// An event may be all day, but one that ends has a start: say so in
	// the flags the user gave, not in the TOML keys validation words.
	if k == routines.KindEvent && strings.TrimSpace(opts.values["end"]) != "" && strings.TrimSpace(opts.values["start"]) == "" {
		return usagef("an event with --end needs --start (leave both out for an all-day event)")
	}

	t, err := d.begin("myos add")
	if err != nil {
		return err
	}
	defer t.close()
	o := t.before
	today := d.today(o)

	it := routines.NewItem(k)
	if err := routines.SetField(it, "title", title); err != nil {
		return err
	}
	switch k {
	case routines.KindRoutine:
		_ = routines.SetField(it, "status", routines.RoutineActive)
		// A routine did not exist before today: without a since date,
		// stats would count it from its first answer, and an interval
		// cadence from a fixed day long past.
		_ = routines.SetField(it, "since", today.String())
	case routines.KindPriority:
		_ = routines.SetField(it, "status", routines.PriorityNext)
	case routines.KindTheme:
		_ = routines.SetField(it, "status", routines.ThemeActive)
	}
	for _, f := range addFlags {
		v, ok := opts.values[f.name]
		if !ok || f.key == "id" {
			continue
		}
		text, err := flagValue(o, today, k, f, v)
		if err != nil {
			return err
		}
		if err := routines.SetField(it, f.key, text); err != nil {
			return usagef("--%s: %v", f.name, err)
		}
	}

	id, err := newID(o, k, title, opts.values["id"], opts.values["id"] != "")
	if err != nil {
		return err
	}
	_ = routines.SetField(it, "id", id)

	if p, ok := it.(*routines.Priority); ok && p.Status == routines.PriorityDoing {
		if err := t.checkLimit(id, opts.overLimit); err != nil {
			return err
		}
		started := today
		p.Started = &started
	}

	name := k.File()
	t.setFile(name, routines.AppendItem(t.file(name), it))
	res, after, err := t.commit()
	if err != nil {
		return err
	}
	res = d.withAdvice(res, t.before, after)
	if err := d.writeResult(res, string(k), id, opts.json); err != nil {
		return err
	}
	if opts.values["id"] == "" && !opts.json && !res.Nothing && routines.Slug(title) == "item" && !strings.Contains(strings.ToLower(title), "item") {
		// A title in a script an id cannot hold (קריאה, 読書) gives an id
		// that says nothing: say how to give a better one.
		fmt.Fprintf(d.io.ErrOut, "hint: an id holds only the letters a to z, digits and dashes, so this one is %q: give it one that says what it is with `myos set %s %s id=NEW-ID`, or next time add with --id\n", id, k, id)
	}
	return nil
}

// cadenceHelp lists the forms of a cadence.
const cadenceHelp = `daily, weekdays, weekends, "weekly on mon,thu", "every 2 weeks on fri", "every 3 days", "monthly on 1", or RRULE:...`

// newID is the id of a new item: the one asked for, which must be free,
// or a slug of the title made unique with -2, -3, ...
func newID(o *routines.OS, k routines.Kind, title, asked string, given bool) (string, error) {
	if given {
		asked = strings.TrimSpace(asked)
		if !routines.ValidID(asked) {
			return "", usagef("--id %q: use lowercase letters, digits and dashes, like %q", asked, routines.Slug(asked))
		}
		if o.Find(k, asked) != nil {
			return "", withHint(fmt.Errorf("there is already %s %q", aKind(k), asked),
				"choose another --id, or change that one with `myos set %s %s FIELD=VALUE`", k, asked)
		}
		if err := formerIDTaken(o, k, asked, ""); err != nil {
			return "", err
		}
		return asked, nil
	}
	base := routines.Slug(title)
	id := base
	for n := 2; idTaken(o, k, id); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id, nil
}

// idTaken reports whether an item of kind k has id, or had it before a
// rename: a new routine under that id would take over the renamed one's
// review answers, and any new item under it would be taken for the
// renamed one by a merge.
func idTaken(o *routines.OS, k routines.Kind, id string) bool {
	return o.Find(k, id) != nil || o.Renamed(k, id) != nil
}

// flagValue checks the text of an item flag and returns it as SetField
// should read it: dates resolved, days and cadences written out in their
// canonical form. Mistakes are usage errors that name the flag.
func flagValue(o *routines.OS, today routines.Date, k routines.Kind, f addFlag, v string) (string, error) {
	flag := "--" + f.name
	v = strings.TrimSpace(v)
	switch f.key {
	case "cadence":
		c, err := routines.ParseCadence(v)
		if err != nil {
			return "", usagef("%s: %v", flag, err)
		}
		return c.String(), nil
	case "at", "start", "end":
		if _, err := routines.ParseClock(v); err != nil {
			return "", usagef("%s: %v", flag, err)
		}
	case "duration":
		if _, err := routines.ParseDuration(v); err != nil {
			return "", usagef("%s: %v", flag, err)
		}
	case "since", "due", "date":
		dt, err := dateArg(today, flag, v)
		if err != nil {
			return "", err
		}
		return dt.String(), nil
	case "days":
		days, err := parseDays(v)
		if err != nil {
			return "", usagef("%s: %v", flag, err)
		}
		return strings.Join(days, ","), nil
	case "status":
		return v, oneOfFlag(flag, v, statusesOf(k))
	case "kind":
		return v, oneOfFlag(flag, v, routines.BlockKinds)
	case "theme":
		if v != "" && o.Theme(v) == nil {
			return "", unknownTheme(o, v)
		}
	}
	return v, nil
}

// statusesOf lists the statuses items of kind k may have.
func statusesOf(k routines.Kind) []string {
	switch k {
	case routines.KindRoutine:
		return routines.RoutineStatuses
	case routines.KindPriority:
		return routines.PriorityStatuses
	case routines.KindTheme:
		return routines.ThemeStatuses
	}
	return nil
}

func oneOfFlag(flag, v string, allowed []string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	msg := fmt.Sprintf("%s %q: want one of %s", flag, v, strings.Join(allowed, ", "))
	if s := routines.Suggest(v, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return usagef("%s", msg)
}

// unknownTheme is the error for a theme reference to nothing: to a
// theme's former id, the id it has now, since a former id stays with its
// theme and cannot be added again.
func unknownTheme(o *routines.OS, id string) error {
	if t := o.Renamed(routines.KindTheme, id); t != nil {
		return withHint(fmt.Errorf("theme %q was renamed to %q", id, t.ItemID()), "use --theme %s", t.ItemID())
	}
	themes := ids(o, routines.KindTheme)
	err := fmt.Errorf("no theme %q", id)
	if s := routines.Suggest(id, themes); s != "" {
		err = fmt.Errorf("no theme %q (did you mean %q?)", id, s)
	}
	if len(themes) == 0 {
		return withHint(err, "add it first with `myos add theme TITLE --id %s`", id)
	}
	return withHint(err, "the themes are: %s; add a new one with `myos add theme TITLE --id %s`", listShort(themes, 12), id)
}

// parseDays reads the days of a block: a list of day names separated by
// commas or spaces, or weekdays, weekends or daily (weekday and weekend
// too). Full day names and any case are accepted; the result is in week
// order from Monday.
func parseDays(s string) ([]string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "weekdays", "weekday", "every weekday":
		return slices.Clone(routines.Weekdays[:5]), nil
	case "weekends", "weekend":
		return slices.Clone(routines.Weekdays[5:]), nil
	case "daily", "every day", "all":
		return slices.Clone(routines.Weekdays), nil
	}
	var in [7]bool
	n := 0
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		from, to, isRange := strings.Cut(part, "-")
		if !isRange {
			from, to, isRange = strings.Cut(part, "–")
		}
		if !isRange {
			to = from
		}
		i, err := dayIndex(from)
		if err != nil {
			return nil, err
		}
		j, err := dayIndex(to)
		if err != nil {
			return nil, err
		}
		if j < i {
			return nil, fmt.Errorf("%q: a range of days runs forward, like mon-fri", part)
		}
		for ; i <= j; i++ {
			in[i] = true
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("no days given: use mon,tue,... or weekdays, weekends, daily")
	}
	var out []string
	for i, ok := range in {
		if ok {
			out = append(out, routines.Weekdays[i])
		}
	}
	return out, nil
}

// dayIndex is the place of a day in the week from Monday (0), by its
// three-letter or full name.
func dayIndex(part string) (int, error) {
	name := part
	if len(name) > 3 {
		name = name[:3]
	}
	i := slices.Index(routines.Weekdays, name)
	if i < 0 || !strings.HasPrefix(fullDayName(name), part) {
		msg := fmt.Sprintf("%q is not a day: use mon, tue, wed, thu, fri, sat, sun, or weekdays, weekends, daily", part)
		if sug := routines.SuggestDay(part); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		}
		return 0, errors.New(msg)
	}
	return i, nil
}

// fullDayName is the English name of a day by its three letters.
func fullDayName(short string) string {
	switch short {
	case "mon":
		return "monday"
	case "tue":
		return "tuesday"
	case "wed":
		return "wednesday"
	case "thu":
		return "thursday"
	case "fri":
		return "friday"
	case "sat":
		return "saturday"
	case "sun":
		return "sunday"
	}
	return short
}

// aKind is the kind with its article, as a sentence says it: "an event".
func aKind(k routines.Kind) string {
	if strings.HasPrefix(string(k), "e") {
		return "an " + string(k)
	}
	return "a " + string(k)
}
