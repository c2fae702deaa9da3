package cli

// A new timezone keeps every clock time of the OS, which is right for
// blocks and routines and, for a dated event, only when it is a clock time
// ("dentist at 9") rather than a moment (a flight, a call across zones).
// This file lists the events ahead that the change moves to another moment,
// and does with them what the person says: keep or move. It never decides
// for them in silence: kept without being told, the events are listed.

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/routines"
)

// What --events takes.
const (
	eventsKeep = "keep"
	eventsMove = "move"
)

// zoneMove is what a change of timezone did to the dated events ahead.
type zoneMove struct {
	// From and To name the zones the clock times are in before and
	// after: UTC for an os.toml that names none. Setting is the
	// timezone as set, "" for none.
	From, To string
	Setting  string
	Events   []routines.EventShift
	Mode     string // eventsKeep or eventsMove
	// asked is the mode the person gave (--events, or the answer on a
	// terminal); "" when the events were kept without a word from them.
	asked string
}

// zoneJSON is zoneMove in set's --json: the TOML field names, and the
// date and times of each event at the same moment in the new zone.
type zoneJSON struct {
	From   string          `json:"from"`
	To     string          `json:"to"`
	Events string          `json:"events"`
	Ahead  []zoneEventJSON `json:"ahead"`
}

type zoneEventJSON struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	Date         routines.Date `json:"date"`
	Start        string        `json:"start"`
	End          string        `json:"end,omitempty"`
	SameMoment   momentJSON    `json:"same_moment"`
	OverMidnight bool          `json:"over_midnight,omitempty"`
}

type momentJSON struct {
	Date  routines.Date `json:"date"`
	Start string        `json:"start"`
	End   string        `json:"end,omitempty"`
}

func (z *zoneMove) json() *zoneJSON {
	j := &zoneJSON{From: z.From, To: z.To, Events: z.Mode, Ahead: []zoneEventJSON{}}
	for _, s := range z.Events {
		e := s.Event
		j.Ahead = append(j.Ahead, zoneEventJSON{ID: e.ID, Title: e.Title, Date: e.Date, Start: e.Start, End: e.End,
			SameMoment: momentJSON{Date: s.Date, Start: s.Start, End: s.End}, OverMidnight: s.OverMidnight})
	}
	return j
}

// zoneLocation is the location an os.toml timezone names, as the OS
// reads it.
func zoneLocation(name string) *time.Location {
	return (&routines.OS{Settings: routines.Settings{Timezone: name}}).Location()
}

// moveZone is called when set os changes the timezone from from to to,
// with os.toml changed already: it finds the events ahead the change
// moves, asks or takes --events, and changes the events that move in
// the same transaction. It is nil when no event is at stake.
func (t *txn) moveZone(opts setOptions, from, to string) (*zoneMove, error) {
	if from == to {
		return nil, nil
	}
	// A zone the OS would not take (Bogus/Zone, a name in the wrong
	// case) reads as UTC: the change is refused before any event is
	// listed as if it were going there, or the person asked about them.
	if _, err := t.after(); err != nil {
		return nil, err
	}
	fromLoc, toLoc := zoneLocation(from), zoneLocation(to)
	shifts := routines.ZoneShifts(t.before, fromLoc, toLoc, t.d.now())
	if opts.askedAbout != nil && !reflect.DeepEqual(opts.askedAbout, shifts) {
		// Changed by another command while the person answered: the
		// answer was for other events.
		return nil, withHint(errors.New("the events ahead changed while you answered: nothing was changed"),
			"run `myos set os timezone=%s` again to be asked about them as they are now", shellArg(to))
	}
	if len(shifts) == 0 {
		return nil, nil
	}
	// An os.toml that names no timezone has its clock times in UTC: the
	// list, the commit and --json name that zone, not "".
	z := &zoneMove{From: fromLoc.String(), To: toLoc.String(), Setting: to, Events: shifts, Mode: opts.events, asked: opts.events}
	to = z.To
	d := t.d
	if z.Mode == "" {
		if d.io.CanPrompt() && !opts.dryRun && !opts.json {
			// runSetOS asks, with the lock let go.
			return nil, &zoneQuestion{z}
		}
		head, rows := z.list()
		fmt.Fprint(d.io.ErrOut, head+"\n"+rows)
		z.Mode = eventsKeep
	}
	ids := make([]string, len(shifts))
	for i, s := range shifts {
		ids[i] = fmt.Sprintf("%q", s.Event.ID)
	}
	n := plural(len(shifts), "event ahead", "events ahead")
	if z.Mode == eventsKeep {
		t.notes = append(t.notes, fmt.Sprintf("%s kept %s clock times, now %s time: %s", n, z.their(), to, strings.Join(ids, ", ")))
		t.subject = zoneSubject(nil, "events kept clock times")
		return z, nil
	}
	var over []string
	for _, s := range shifts {
		if s.OverMidnight {
			over = append(over, fmt.Sprintf("%q (%s %s to %s %s)", s.Event.ID, s.Date, s.Start, s.Date.AddDays(1), s.End))
		}
	}
	if len(over) > 0 {
		return nil, withHint(fmt.Errorf("cannot move %s: in %s it would end after midnight, which one event cannot: nothing was changed", strings.Join(over, ", "), to),
			"end it at 24:00 there and add an event from 00:00 on the next day (`myos set event ID ...`, `myos add event`), or keep the clock times with --events keep")
	}
	for _, s := range shifts {
		upd := routines.CloneItem(s.Event)
		for _, f := range [][2]string{{"date", s.Date.String()}, {"start", s.Start}, {"end", s.End}} {
			if err := routines.SetField(upd, f[0], f[1]); err != nil {
				return nil, err
			}
		}
		if err := t.updateItem(s.Event, upd); err != nil {
			return nil, err
		}
	}
	t.notes = append(t.notes, fmt.Sprintf("%s moved to the same moment in %s: %s", n, to, strings.Join(ids, ", ")))
	moved := map[string]bool{}
	for _, s := range shifts {
		moved[s.Event.ID] = true
	}
	t.subject = zoneSubject(moved, plural(len(shifts), "event")+" moved with it")
	return z, nil
}

// zoneSubject words the subject of a change of timezone: the subject of
// the changes but those of the events moved, which tail then tells, when
// it fits (the body says it all the same).
func zoneSubject(moved map[string]bool, tail string) func([]semdiff.Change) string {
	return func(changes []semdiff.Change) string {
		var rest []semdiff.Change
		for _, c := range changes {
			if c.Kind != routines.KindEvent || !moved[c.ID] {
				rest = append(rest, c)
			}
		}
		s := semdiff.Subject(rest)
		if long := s + "; " + tail; utf8.RuneCountInString(long) <= semdiff.SubjectWidth {
			return long
		}
		return s
	}
}

// list is the events at stake: a heading, and rows, one an event, as the
// file has it and at the same moment in the new zone. The heading is a
// sentence a terminal may break between words; the rows are a table.
func (z *zoneMove) list() (head, rows string) {
	var b strings.Builder
	n := len(z.Events)
	verb := "have"
	if n == 1 {
		verb = "has"
	}
	head = fmt.Sprintf("%s %s clock times in %s; at the same moment in %s:", plural(n, "event ahead", "events ahead"), verb, z.From, z.To)
	w := 0
	for _, s := range z.Events {
		w = max(w, len(s.Event.ID))
	}
	for _, s := range z.Events {
		e := s.Event
		was := e.Date.String() + " " + span(e.Start, e.End)
		now := s.Date.String() + " " + span(s.Start, s.End)
		if s.OverMidnight {
			now = fmt.Sprintf("%s %s to %s %s (after midnight: cannot be moved as one event)", s.Date, s.Start, s.Date.AddDays(1), s.End)
		}
		fmt.Fprintf(&b, "  %-*s  %-22s → %s\n", w, e.ID, was, now)
	}
	return head, b.String()
}

// span is start–end, or start alone for a moment.
func span(start, end string) string {
	if end == "" {
		return start
	}
	return start + "–" + end
}

// their and them are the words for the events at stake, one or more.
func (z *zoneMove) their() string { return pick(len(z.Events) == 1, "its", "their") }
func (z *zoneMove) them() string  { return pick(len(z.Events) == 1, "it", "them") }

func pick(one bool, a, b string) string {
	if one {
		return a
	}
	return b
}

// zoneQuestion is moveZone's word that the person must say what the
// events ahead do; runSetOS asks them outside the transaction.
type zoneQuestion struct{ z *zoneMove }

func (q *zoneQuestion) Error() string { return "the events ahead need an answer" }

// askKeepOrMove asks what the events at stake do; Enter keeps them, as
// set did before it asked. End of input abandons the whole change. Any
// other answer is asked again, with the words it takes: asked again in
// silence, it reads as if the answer went unseen.
func askKeepOrMove(d *deps, z *zoneMove) (string, error) {
	for {
		fmt.Fprint(d.io.Out, d.io.prompt(fmt.Sprintf("Keep %s clock times (now %s time), or move %s to the same moment? [keep/move/cancel] (keep) ", z.their(), z.To, z.them())))
		line, err := d.io.ReadLine()
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(d.io.Out)
			return "", abandonedSet(d)
		}
		if err != nil {
			return "", err
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "", "k", "keep":
			return eventsKeep, nil
		case "m", "move":
			return eventsMove, nil
		case "c", "cancel", "q", "quit":
			return "", abandonedSet(d)
		}
		fmt.Fprintln(d.io.Out, "  "+d.io.fit("answer keep (or Enter), move or cancel", "  ", asIs))
	}
}

func abandonedSet(d *deps) error {
	fmt.Fprintln(d.io.ErrOut, "set abandoned: nothing was changed")
	return exitCode(ExitFailure)
}
