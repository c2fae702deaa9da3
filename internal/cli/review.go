package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/render"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/semdiff"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/internal/workfile"
	"github.com/myos-dev/myos/routines"
)

func init() { register("review", newReviewCmd) }

type reviewOptions struct {
	weekly  bool
	date    string
	answers []string
	prompts []string
	note    string
	file    string
	partial bool
	dryRun  bool
	json    bool
}

func newReviewCmd(d *deps) *cobra.Command {
	var opts reviewOptions
	cmd := &cobra.Command{
		Use:   "review [--weekly] [--date DATE] [--answer KEY=ANSWER]... [--prompt KEY=TEXT]... [--note TEXT]",
		Short: "Review the day (or the week): what changed, what you did, what to change",
		Long: `The daily review shows what changed in your OS since the last review, asks
about each routine due today and each one due since the last review that
it left open: an evening routine left open in a morning review is asked
about by the next review, and after days without a review, every routine
of each of them (back to the last review, at most ` + fmt.Sprint(review.SearchDays) + ` days). A day,
today as well as a past one, is asked about as stats count it: a routine
that was paused, retired or not in your OS at its time that day (one
added after its time, which counts from the next day it is due) is not
asked about, and not missed; nor is a past day before the routine began
(its since date or, without one, its first answer) unless the last
review asked about the routine, though an answer given for one with
--answer ROUTINE@DATE counts. A routine not asked
about that day but due by its present state takes an answer all the same
(--dry-run names them), a day before the OS was kept too. It
shows the day at a glance, asks your own prompts from os.toml, and asks
what to do about advice you can act on now ("this priority serves no
theme: link it, drop it, or keep it?"); advice a review kept that day or
in the 7 before is not asked again until the weekly review. The answers are recorded in
reviews/YYYY/YYYY-MM-DD.toml, and the record and every change you decided
on are one commit. Reviewing the same day again keeps what you do not
answer again. For a past day (--date), what changed is shown to the end
of that day in your OS's timezone: what changed later is for the next
review.

The weekly review (--weekly) looks at the week ending on --date (by default
the last weekly_day of os.toml): what changed from the last weekly review
to the end of the week (before the first weekly review, from the daily
review before the week, or the first one in it), how each routine went,
counted as ` + "`myos stats --days 7`" + ` counts it (answers later reviews give
count), and asks what to do about routines often missed (keep, aspire,
retire), work in progress for more than two weeks, work put off again and
again, and themes with no work.

On a terminal it asks question by question. Without one it never waits:
answers come from --answer, --prompt, --note or --answers FILE (--answers -
reads them from standard input), and if any
question is left unanswered it lists them and exits 1 without writing,
unless --partial. --dry-run prints the questions and writes nothing.

A prompt's key (for --prompt KEY=TEXT, and in an answers file) is its
first words as a slug, "what-is-the-one-thing"; a prompt written without
Latin letters keeps its own words, "今日は何を学んだ". --dry-run lists them.

Answers: routines take yes, no or skip (y, n, s); choices take their action
(keep, drop, retire, aspire, link THEME, why TEXT, ...), or its first
letters when no other choice starts with them (r for retire).

A renamed routine is asked about under its id now; its answers under a
former id (formerly, in routines.toml), recorded or given with --answer,
count as its own.`,
		Example: `  myos review
  myos review --dry-run
  myos review --answer sleep=yes --answer inbox=no --prompt what-is-the-one-thing="Ship the draft"
  myos review --answers answers.toml --partial
  myos review --weekly --answer routine/gym=aspire`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReview(d, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.weekly, "weekly", false, "the weekly review")
	f.StringVar(&opts.date, "date", "", "the `DATE` reviewed (default today; for --weekly the last weekly day)")
	f.StringArrayVar(&opts.answers, "answer", nil, "answer a question: `KEY=ANSWER`, where ANSWER is yes, no, skip, or an ACTION for a choice (repeatable)")
	f.StringArrayVar(&opts.prompts, "prompt", nil, "answer one of your prompts: `KEY=TEXT` (repeatable)")
	f.StringVar(&opts.note, "note", "", "a note for the whole review, as `TEXT`")
	f.StringVar(&opts.file, "answers", "", "a TOML `FILE` of answers (- for standard input): [answers] KEY = \"yes\", [prompts] KEY = \"text\", note = \"...\"")
	f.BoolVar(&opts.partial, "partial", false, "record what was answered even if questions remain (on a terminal, Enter leaves a question)")
	f.BoolVar(&opts.dryRun, "dry-run", false, "print the questions and what would be recorded; write nothing")
	f.BoolVar(&opts.json, "json", false, "print the session and the record as JSON (and, for --weekly, the week)")
	return cmd
}

// given is every answer given up front, by question key.
type given struct {
	answers map[string]string
	notes   map[string]string
	note    string
}

// givenAnswer is an answer of --answers FILE: a string, or true or false
// for yes or no, as a person may write done = true. Anything else is an
// error at its line.
type givenAnswer string

func (a *givenAnswer) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*a = givenAnswer(v)
	case bool:
		*a = givenAnswer(map[bool]string{true: review.Yes, false: review.No}[v])
	default:
		return fmt.Errorf("answer \"yes\", \"no\" or \"skip\", in quotes (or true, false), not %v", v)
	}
	return nil
}

// parseGiven reads the answers given by flags and by --answers FILE; a
// FILE of "-" is read from in, standard input, as a script pipes it.
func parseGiven(opts reviewOptions, s *IO) (given, error) {
	g := given{answers: map[string]string{}, notes: map[string]string{}, note: opts.note}
	if opts.file != "" {
		var b []byte
		var err error
		if opts.file == "-" {
			if s.InTTY {
				// A terminal would wait in silence for what a script pipes.
				fmt.Fprintln(s.ErrOut, "Reading the answers (TOML, as --answers FILE takes them) from the terminal; end with Ctrl-D.")
			}
			b, err = io.ReadAll(s.In)
			if err != nil {
				err = fmt.Errorf("--answers -: read standard input: %w", err)
			}
		} else {
			b, err = os.ReadFile(opts.file)
		}
		if err != nil {
			return g, err
		}
		var f struct {
			Note    string                 `toml:"note"`
			Answers map[string]givenAnswer `toml:"answers"`
			Prompts map[string]string      `toml:"prompts"`
			Notes   map[string]string      `toml:"notes"`
		}
		name := opts.file
		if name == "-" {
			name = "standard input"
		}
		md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(&f)
		if err != nil {
			// At its line and column, worded as the OS files' are.
			return g, errors.New(routines.SyntaxFinding(name, b, err).String())
		}
		if und := md.Undecoded(); len(und) > 0 {
			return g, fmt.Errorf("%s: unknown key %q (want note, [answers], [prompts], [notes])", name, und[0].String())
		}
		for k, v := range f.Answers {
			g.answers[k] = string(v)
		}
		for k, v := range f.Prompts {
			g.answers[k] = v
		}
		for k, v := range f.Notes {
			g.notes[k] = v
		}
		if g.note == "" {
			g.note = f.Note
		}
	}
	for _, list := range [][]string{opts.answers, opts.prompts} {
		for _, a := range list {
			k, v, ok := strings.Cut(a, "=")
			if !ok || strings.TrimSpace(k) == "" {
				return g, usagef("%q: want KEY=ANSWER", a)
			}
			g.answers[strings.TrimSpace(k)] = v
		}
	}
	return g, nil
}

// normalizeYesNo reads a routine answer.
func normalizeYesNo(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes", "done", "true":
		return review.Yes, true
	case "n", "no", "false", "missed":
		return review.No, true
	case "s", "skip", "skipped":
		return review.Skip, true
	}
	return "", false
}

// reviewResult is what --json prints.
type reviewResult struct {
	Session    review.Session `json:"session"`
	Record     *review.Record `json:"record"`
	Unanswered []string       `json:"unanswered"`
	// Week is, for a weekly review, how the week went, as the text shows
	// it before the questions.
	Week    *review.Week `json:"week,omitempty"`
	Commit  string       `json:"commit,omitempty"` // the full id, as log gives it
	Short   string       `json:"short,omitempty"`
	Message string       `json:"message,omitempty"`
	DryRun  bool         `json:"dry_run,omitempty"`
}

// forJSON is r with its empty lists as [] rather than null, so that a
// script can iterate over any of them.
func (r reviewResult) forJSON() reviewResult {
	if r.Session.Questions == nil {
		r.Session.Questions = []review.Question{}
	}
	if r.Record != nil {
		rec := *r.Record
		if rec.Routines == nil {
			rec.Routines = []review.RoutineAnswer{}
		}
		if rec.Prompts == nil {
			rec.Prompts = []review.PromptAnswer{}
		}
		if rec.Decisions == nil {
			rec.Decisions = []review.Decision{}
		}
		r.Record = &rec
	}
	return r
}

func runReview(d *deps, opts reviewOptions) error {
	g, err := parseGiven(opts, d.io)
	if err != nil {
		return err
	}
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	if !opts.dryRun {
		if err := d.offerCommit(repo); err != nil {
			return err
		}
		// Say so now, not after the person has answered every question.
		// Under the lock, so that the files of another myos's write in
		// progress are not taken for hand edits.
		unlock, err := lockRepo(repo, "myos review")
		if err != nil {
			return err
		}
		err = refuseHandEdits(repo)
		if uerr := unlock(); err == nil {
			err = uerr
		}
		if err != nil {
			return err
		}
	}
	// The questions are asked without the lock: a person may take their
	// time, and other commands must not wait for them. The lock is taken
	// only to record.
	o, err := d.loadOS()
	if err != nil {
		return err
	}
	osFS := workfile.DirFS(repo.Dir())
	day, err := d.pastDateFlag(o, opts.date)
	if err != nil {
		return err
	}
	if today := d.today(o); day.After(today) {
		return usagef("--date %s is after today (%s): a review looks back at a day that has begun", day, today)
	}
	kind := review.Daily
	var sess review.Session
	var week review.Week
	var asked review.History // for a daily review: the records and past of the days it asks about
	if opts.weekly {
		kind = review.Weekly
		if opts.date == "" {
			day = lastWeeklyDay(o, day)
		}
		today := d.today(o)
		h, errs := d.loadHistory(repo, o, review.WeekSpan(day, today))
		warnAll(d, errs)
		sess, week = review.WeeklyQuestions(o, h, day, today)
	} else {
		// The days before are asked about from the last review on: what
		// it left open (an evening routine, for a review made in the
		// morning), and every day since, the days not reviewed. Each day
		// is judged as stats judge it, so that every day they count as
		// missed was asked about.
		from := review.AskedFrom(osFS, day)
		var errs []error
		asked, errs = d.askedHistory(repo, o, from, day)
		warnAll(d, errs)
		sess = review.DailyQuestions(o, asked, from, day, d.today(o))
		// Advice kept this week is left to the weekly review.
		sess.LeaveKept(review.Kept(osFS, day), o)
		if day == d.today(o) {
			laterToday(&sess, o, d.now())
		}
	}
	if !opts.dryRun {
		// The day's record is written too: say now, not after every
		// question, that it has hand edits of its own.
		if err := refuseEdited(repo, review.Path(day, kind)); err != nil {
			return err
		}
	}
	existing, err := loadRecord(osFS, day, kind)
	if err != nil {
		return err
	}
	// What was answered today before a rename counts as answered.
	existing = existing.Renamed(review.CurrentIDs(o))
	// known is what the records already say of the day: its own record,
	// and for a daily review the answers about it that later reviews gave
	// (a day reviewed again later, with --date). Questions show it and do
	// not count it as unanswered; the day's record is still what is
	// written.
	known := existing
	if kind == review.Daily {
		known = existing.WithLateAnswers(asked.Records, day)
	}
	if err := renameGiven(&sess, g, review.CurrentIDs(o)); err != nil {
		return err
	}
	if err := checkGiven(&sess, g); err != nil {
		return err
	}
	// A decision that cannot be made (a link to no theme) is refused when
	// it is given, not after every question has been answered.
	canDecide := decisionChecker(repo.Dir())
	for _, k := range sortedKeys(g.answers) {
		if q := sess.Find(k); q != nil && q.Kind == review.AskChoice {
			if err := canDecide(q, g.answers[k]); err != nil {
				return withHint(err, "nothing was recorded; review again to decide anew")
			}
		}
	}

	if !opts.json {
		d.showReviewContext(repo, o, day, kind, existing, week)
	}

	rec := &review.Record{Date: day, Kind: kind, Note: g.note}
	if head, err := repo.Head(); err == nil {
		rec.Reviewed = head.Hash
	}
	interactive := d.io.CanPrompt() && !opts.dryRun && !opts.json
	var unanswered []string
	type decision struct {
		q           *review.Question
		action, arg string
	}
	var decisions []decision
	// chosen are the choices answered so far, given and typed: an answer
	// typed at the prompt that decides an item another way than one of
	// them is asked again, as a given one is refused.
	chosen := map[string]string{}
	for k, a := range g.answers {
		if q := sess.Find(k); q != nil && q.Kind == review.AskChoice {
			chosen[k] = a
		}
	}
	agrees := func(q *review.Question, answer string) error {
		if err := canDecide(q, answer); err != nil {
			return err
		}
		with := maps.Clone(chosen)
		with[q.Key] = answer
		return checkDecisionsAgree(&sess, with, sortedKeys(with))
	}
	// An answer given for a day before its routine began begins it: its
	// later days are asked like any other, or they would count as missed
	// unasked.
	begun := map[string]routines.Date{}
	for _, q := range sess.Questions {
		if q.Kind != review.AskRoutine {
			continue // advice about a routine is no answer for a day of it
		}
		if r := o.Find(routines.KindRoutine, q.ID); r != nil && r.(*routines.Routine).Since != nil {
			continue // it counts from its since date, whatever is answered
		}
		if _, given := g.answers[q.Key]; given && q.Optional {
			if d, ok := begun[q.ID]; !ok || q.Day.Before(d) {
				begun[q.ID] = q.Day
			}
		}
	}
	for i := range sess.Questions {
		if q := &sess.Questions[i]; q.Optional {
			if d, ok := begun[q.ID]; ok && q.Day.After(d) {
				q.Optional = false
			}
		}
	}
	// After days away, each routine's days before yesterday are asked
	// about at once (all done, none, skipped, or day by day): a fortnight
	// of two routines is otherwise thirty questions in a row.
	olderDays := olderDaysOf(&sess, day, g.answers)
	batched := map[string]string{} // routine id → the answer for its older days, or askDayByDay
	for i := range sess.Questions {
		q := &sess.Questions[i]
		ans, ok := g.answers[q.Key]
		if q.Optional && !ok {
			continue // a day before its routine began: answered only when given
		}
		if days := olderDays[q.ID]; !ok && interactive && q.Kind == review.AskRoutine && slices.Contains(days, q.Day) {
			b, seen := batched[q.ID]
			if !seen {
				var err error
				if b, err = d.askDays(q, days); err != nil {
					return err
				}
				batched[q.ID] = b
			}
			if b != askDayByDay {
				ans, ok = b, b != ""
				if !ok {
					if !answeredBefore(known, q) {
						unanswered = append(unanswered, q.Key)
					}
					continue
				}
			}
		}
		if !ok && interactive {
			var err error
			ans, ok, err = d.ask(q, known, agrees)
			if err != nil {
				return err
			}
			if ok && q.Kind == review.AskChoice {
				chosen[q.Key] = ans
			}
		}
		if !ok {
			if !answeredBefore(known, q) {
				unanswered = append(unanswered, q.Key)
			}
			continue
		}
		switch q.Kind {
		case review.AskRoutine:
			a, _ := normalizeYesNo(ans)
			rec.Routines = append(rec.Routines, review.RoutineAnswer{ID: q.ID, Day: q.Day, Answer: a, Note: g.notes[q.Key]})
		case review.AskPrompt:
			rec.Prompts = append(rec.Prompts, review.PromptAnswer{Key: q.Key, Question: q.Text, Answer: ans})
		case review.AskChoice:
			action, arg, _ := review.ParseAction(q, ans)
			rec.Decisions = append(rec.Decisions, review.Decision{Key: q.Key, Question: q.Text, Action: strings.TrimSpace(action + " " + arg)})
			decisions = append(decisions, decision{q, action, arg})
		}
	}
	if interactive && g.note == "" {
		what := "A note for today"
		if kind == review.Weekly {
			what = "A note for the week"
		}
		fmt.Fprint(d.io.Out, "\n"+d.io.bold(what)+" (Enter for none): ")
		// End of input here means "no note", not "abandon": every
		// question is answered by now. A note pasted in several lines is
		// one note.
		line, _ := d.io.ReadText(func() {
			fmt.Fprintf(d.io.Out, "  %s\n", d.io.fit("(several lines: an empty line ends the note)", "  ", d.io.faint))
		})
		rec.Note = strings.TrimSpace(line)
	}

	if interactive && len(sess.Questions) > 0 && len(rec.Routines)+len(rec.Prompts)+len(rec.Decisions) == 0 && rec.Note == "" {
		// Every question left with Enter: recording an empty review
		// would mark the day reviewed, and the next review would not
		// ask again about the days before it that this one asked about.
		fmt.Fprintln(d.io.Out, "\nnothing answered: nothing was recorded")
		return nil
	}

	res := reviewResult{Session: sess, Record: rec, Unanswered: unanswered, DryRun: opts.dryRun}
	if res.Unanswered == nil {
		res.Unanswered = []string{}
	}
	if kind == review.Weekly {
		res.Week = &week
		if res.Week.Routines == nil {
			res.Week.Routines = []review.RoutineStats{}
		}
	}
	if len(unanswered) > 0 && !opts.partial && !opts.dryRun && !interactive {
		if opts.json {
			_ = writeJSON(d.io.Out, res.forJSON())
		}
		fmt.Fprintf(d.io.ErrOut, "myos: %s unanswered, nothing was recorded:\n", plural(len(unanswered), "question"))
		// The keys in a column as wide as the widest, by display width:
		// a tab lined the questions up only where the keys were short.
		col := 0
		for _, k := range unanswered {
			col = max(col, textwidth.Width(k))
		}
		for _, k := range unanswered {
			q := sess.Find(k)
			fmt.Fprintf(d.io.ErrOut, "  %s  %s%s\n", textwidth.Pad(k, col), q.Text, choiceHint(q))
		}
		fmt.Fprintf(d.io.ErrOut, "hint: answer them with --answer KEY=ANSWER (or --prompt KEY=TEXT), or record what you have with --partial\n")
		return exitCode(ExitFailure)
	}

	if opts.dryRun {
		// The decisions are tried on a copy of the files, so that a dry
		// run refuses what the review itself would refuse.
		if files, ok := readModelFiles(repo.Dir()); ok && len(decisions) > 0 {
			for _, dc := range decisions {
				cur, err := routines.LoadFiles(files)
				if err != nil {
					return invalidOS(err, "nothing was recorded")
				}
				if err := review.Apply(cur, files, dc.q, dc.action, dc.arg); err != nil {
					return withHint(err, "nothing was recorded; review again to decide anew")
				}
			}
		}
		merged := rec
		if existing != nil {
			merged = existing
			merged.Merge(rec)
		}
		res.Record = merged
		return d.printDryRun(res, reviewSubject(&sess, merged, kind), opts.json)
	}

	t, err := d.beginOn(repo, "myos review", beginOptions{})
	if err != nil {
		return err
	}
	defer t.close()
	// Read the day's record again under the lock: another review of the
	// same day may have been recorded while this one was being answered.
	current, err := loadRecord(osFS, day, kind)
	if err != nil {
		return err
	}
	if current != nil {
		// Answers given again under a routine's new id replace those
		// given before its rename; the day's record is written anew,
		// under the ids of now.
		current = current.Renamed(review.CurrentIDs(t.before))
		was, wasReviewed := current.Marshal(), current.Reviewed
		current.Merge(rec)
		// A review that adds nothing leaves the record as it was: moving
		// its mark on past commits that changed no model file (the day's
		// own review commits), or only by the decisions the record's own
		// commit made, would be a commit of nothing.
		if now := current.Reviewed; now != wasReviewed && wasReviewed != "" {
			current.Reviewed = wasReviewed
			if !bytes.Equal(current.Marshal(), was) || !sameModel(t.repo, wasReviewed, now) && !sameSinceWritten(t.repo, review.Path(day, kind), now) {
				current.Reviewed = now
			}
		}
		rec = current
	}
	res.Record = rec
	for _, dc := range decisions {
		cur, err := routines.LoadFiles(t.files)
		if err != nil {
			return invalidOS(err, "nothing was recorded")
		}
		if err := review.Apply(cur, t.files, dc.q, dc.action, dc.arg); err != nil {
			return withHint(err, "nothing was recorded; review again to decide anew")
		}
	}
	t.extra = append(t.extra, store.Change{Path: review.Path(day, kind), Data: rec.Marshal()})
	after, err := t.after()
	if err != nil {
		return err
	}
	t.message = reviewSubject(&sess, rec, kind)
	for _, c := range semdiff.Diff(t.before, after) {
		t.notes = append(t.notes, c.String())
	}
	cres, _, err := t.commit()
	if err != nil {
		return err
	}
	res.Commit, res.Short, res.Message = cres.Hash, cres.Commit, cres.Message
	if opts.json {
		return writeJSON(d.io.Out, res.forJSON())
	}
	if cres.Nothing {
		fmt.Fprintln(d.io.Out, "\nnothing new to record")
		return nil
	}
	fmt.Fprintf(d.io.Out, "\n%s %s\n", d.io.faint(cres.Commit), d.io.fit(cres.Message, strings.Repeat(" ", textwidth.Width(cres.Commit)+1), asIs))
	for _, n := range t.notes {
		fmt.Fprintf(d.io.Out, "  %s\n", d.io.fit(n, "  ", asIs))
	}
	return nil
}

// sameModel reports whether commits a and b hold the same model files, so
// that an OS reviewed at one was reviewed at the other.
func sameModel(repo *store.Repo, a, b string) bool {
	for _, f := range routines.ModelFiles() {
		ha, err := repo.FileHash(a, f)
		if err != nil {
			return false
		}
		hb, err := repo.FileHash(b, f)
		if err != nil || ha != hb {
			return false
		}
	}
	return true
}

// sameSinceWritten reports whether the model files at commit now are as
// they were in the last commit that wrote the record at path: whatever
// changed them since the record's mark came with the record itself (the
// decisions of its review), and a review again has nothing new to mark.
func sameSinceWritten(repo *store.Repo, path, now string) bool {
	last, err := repo.Log(store.LogOptions{From: now, Max: 1, Path: path})
	if err != nil || len(last) == 0 {
		return false
	}
	return sameModel(repo, last[0].Hash, now)
}

// reviewSubject is the commit subject: the day and how many of its due
// routines were done, or the week and how many decisions were made.
func reviewSubject(sess *review.Session, rec *review.Record, kind string) string {
	if kind == review.Weekly {
		return fmt.Sprintf("review: week to %s, %s", rec.Date, plural(len(rec.Decisions), "decision"))
	}
	due, done := sess.RoutinesDue(rec)
	subject := fmt.Sprintf("review: %s, %d/%d routines", rec.Date, done, due)
	// After days away most answers are for the days before: say so, or
	// the subject reads 0/4 over a record of twenty-eight answers.
	earlier := 0
	days := map[routines.Date]bool{}
	for _, a := range rec.Routines {
		if a.Day != rec.Date {
			earlier++
			days[a.Day] = true
		}
	}
	if earlier > 0 {
		subject += fmt.Sprintf(", %s for %s before", plural(earlier, "answer"), plural(len(days), "day"))
	}
	return subject
}

// renameGiven takes an answer (or note) given under a routine's former id
// (a key of ids), alone or with @DAY, as one under its id now, so that a
// script that answers `--answer sleep=yes` goes on working after a
// rename. A question's own key is never taken for a former id.
func renameGiven(sess *review.Session, g given, ids map[string]string) error {
	for _, m := range []map[string]string{g.answers, g.notes} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			nk, ok := currentKey(sess, ids, k)
			if !ok {
				continue
			}
			if _, both := m[nk]; both {
				id, _, _ := strings.Cut(k, "@")
				return usagef("%s and %s are the same question (%s is the former id of routine %s): answer it once", k, nk, id, ids[id])
			}
			m[nk] = m[k]
			delete(m, k)
		}
	}
	return nil
}

// currentKey is the key of the question that key, naming a routine by a
// former id, stands for; false when key is a question's own or names no
// question that way.
func currentKey(sess *review.Session, ids map[string]string, key string) (string, bool) {
	if sess.Find(key) != nil {
		return "", false
	}
	id, day, dated := strings.Cut(key, "@")
	now, ok := ids[id]
	if !ok {
		return "", false
	}
	if dated {
		now += "@" + day
	}
	return now, sess.Find(now) != nil
}

// checkGiven checks every answer given up front, before anything is shown
// or asked: a question that does not exist, or an answer it cannot take,
// is a usage error.
func checkGiven(sess *review.Session, g given) error {
	keys := make([]string, 0, len(g.answers))
	for k := range g.answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		q := sess.Find(k)
		if q == nil {
			if len(sess.Keys()) == 0 {
				return usagef("no question %q: this review has nothing to ask", k)
			}
			return usagef("no question %q in this review (questions: %s)", k, strings.Join(sess.Keys(), ", "))
		}
		switch q.Kind {
		case review.AskRoutine:
			if _, ok := normalizeYesNo(g.answers[k]); !ok {
				return usagef("%s: %q: answer yes, no or skip", k, g.answers[k])
			}
		case review.AskChoice:
			if _, _, err := review.ParseAction(q, g.answers[k]); err != nil {
				return usagef("%v", err)
			}
		}
	}
	return checkDecisionsAgree(sess, g.answers, keys)
}

// checkDecisionsAgree refuses two answers that decide the same field of
// one item differently ("drop" to one question about a priority, "done"
// to another): only one could be made, and the record would claim both.
func checkDecisionsAgree(sess *review.Session, answers map[string]string, keys []string) error {
	type decided struct {
		q                  *review.Question
		key, field, action string
		arg                string
	}
	var seen []decided
	for _, k := range keys {
		q := sess.Find(k)
		if q == nil || q.Kind != review.AskChoice {
			continue
		}
		action, arg, err := review.ParseAction(q, answers[k])
		if err != nil {
			continue
		}
		field := review.ChangedField(action)
		if field == "" {
			continue
		}
		for _, d := range seen {
			if d.q.Item != q.Item || d.q.ID != q.ID || (d.field != field && d.field != "*" && field != "*") {
				continue
			}
			if d.action == action && d.arg == arg {
				continue
			}
			return usagef("%s=%s and %s=%s decide %s %q two ways: decide it once, and answer the other question keep",
				d.key, answers[d.key], k, answers[k], q.Item, q.ID)
		}
		seen = append(seen, decided{q: q, key: k, field: field, action: action, arg: arg})
	}
	return nil
}

// refuseHandEdits fails, as every write does, when the model files or
// README.md have uncommitted hand edits, or git has OS files staged for
// deletion. The day's record is checked once the day is known.
func refuseHandEdits(repo *store.Repo) error {
	if err := refuseEdited(repo, readPaths()...); err != nil {
		return err
	}
	return refuseStaged(repo)
}

func choiceHint(q *review.Question) string {
	switch q.Kind {
	case review.AskRoutine:
		return " (yes, no, skip)"
	case review.AskChoice:
		var names []string
		for _, c := range q.Choices {
			n := c.Action
			if c.Arg != "" {
				n += " " + strings.ToUpper(c.Arg)
			}
			names = append(names, n)
		}
		return " (" + strings.Join(names, ", ") + ")"
	}
	return " (text)"
}

func answeredBefore(rec *review.Record, q *review.Question) bool {
	if rec == nil {
		return false
	}
	switch q.Kind {
	case review.AskRoutine:
		return rec.Answer(q.ID, q.Day) != ""
	case review.AskPrompt:
		for _, p := range rec.Prompts {
			if p.Key == q.Key {
				return true
			}
		}
	case review.AskChoice:
		// By its key, or by its words: a decision's key takes its kind
		// while the OS holds another item of its id, and an earlier
		// review of the day may have answered it under the other key.
		for _, dc := range rec.Decisions {
			if dc.Key == q.Key || review.SameDecision(dc, review.Decision{Key: q.Key, Question: q.Text}) {
				return true
			}
		}
	}
	return false
}

// decisionChecker returns a check that a choice's answer can be made in
// the OS in dir as it is now: it makes the change on a copy of the model
// files. A decision the OS refuses (a link to a theme that does not
// exist) is then refused when it is given, as the review would refuse it
// when it records. An OS that does not load is left for recording to
// report.
func decisionChecker(dir string) func(q *review.Question, answer string) error {
	// Read at the first choice answered: most reviews answer none.
	read := sync.OnceValues(func() (map[string][]byte, bool) { return readModelFiles(dir) })
	return func(q *review.Question, answer string) error {
		action, arg, err := review.ParseAction(q, answer)
		if err != nil {
			return err
		}
		files, ok := read()
		if !ok {
			return nil
		}
		tried := make(map[string][]byte, len(files))
		for name, b := range files {
			tried[name] = b
		}
		cur, err := routines.LoadFiles(tried)
		if err != nil {
			return nil
		}
		return review.Apply(cur, tried, q, action, arg)
	}
}

// askedHistory is what the daily review of day needs to know of the days
// it asks about, from `from` on (see review.DailyQuestions): their daily
// records and those of the days after day that may answer for them, read
// from their files (a handful, most days), and the routines' past.
func (d *deps) askedHistory(repo *store.Repo, o *routines.OS, from, day routines.Date) (review.History, []error) {
	fsys := workfile.DirFS(repo.Dir())
	// day's own record too: a review of the day again finds in it the
	// answers that began a routine (Owed leaves out what it answers).
	recs, errs := review.LoadRecords(fsys, from, day)
	later, more := laterRecords(fsys, day, d.today(o))
	errs = append(errs, more...)
	maps.Copy(recs, later)
	h := review.History{Records: recs.Renamed(review.CurrentIDs(o))}
	past, err := pastRoutines(d, repo, o, from)
	if err != nil {
		// Without the history every day is judged by the routines as
		// they are now.
		errs = append(errs, fmt.Errorf("the history of %s: %w", routines.FileRoutines, err))
	}
	h.Past = past
	// A routine without a since date counts from its first answer: the
	// records before from say whether it has begun. That matters only
	// when no review came within SearchDays (the first one, or after a
	// long time away): the days since the last review are asked either
	// way (see review.DailyQuestions). Then it is looked for only for the
	// routines that can owe an answer: active or an aspiration, now or in
	// a version since from.
	if h.Records[from] == nil {
		askable := func(r *routines.Routine) bool {
			owes := func(r *routines.Routine) bool {
				return r != nil && r.Status != routines.RoutinePaused && r.Status != routines.RoutineRetired
			}
			return owes(r) || slices.ContainsFunc(past, func(e review.Era) bool { return owes(e.Routines[r.ID]) })
		}
		d.withRecordCache(func(fsys fs.FS, rc *review.RecordCache) {
			errs = append(errs, h.LookBefore(fsys, o, from, askable, rc)...)
		})
	}
	return h, errs
}

// laterRecords are the daily records after day, up to review.SearchDays
// after it and no later than today, that may answer for it: none when day
// is today.
func laterRecords(fsys fs.FS, day, today routines.Date) (review.Records, []error) {
	if !day.Before(today) {
		return review.Records{}, nil
	}
	last := day.AddDays(review.SearchDays)
	if today.Before(last) {
		last = today
	}
	return review.LoadRecords(fsys, day.AddDays(1), last)
}

// laterToday tells, under the question about a routine whose time has not
// come yet today, that leaving it open is fine: the next review asks about
// it.
func laterToday(s *review.Session, o *routines.OS, now time.Time) {
	clock := routines.ClockOf(now.In(o.Location()))
	for i := range s.Questions {
		q := &s.Questions[i]
		r, ok := o.Find(routines.KindRoutine, q.ID).(*routines.Routine)
		if q.Kind != review.AskRoutine || q.Day != s.Date || !ok || r.At == "" {
			continue
		}
		if at, err := routines.ParseClock(r.At); err == nil && at > clock {
			q.Detail += " — later today: leave it open, and the next review asks"
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ask puts one question to the person at the terminal. ok is false when
// they leave it unanswered. canDecide checks a choice's answer beyond its
// words: an answer it refuses is asked again.
func (d *deps) ask(q *review.Question, existing *review.Record, canDecide func(*review.Question, string) error) (string, bool, error) {
	fmt.Fprintf(d.io.Out, "\n%s\n", d.io.fit(q.Text, "", d.io.bold))
	if q.Detail != "" {
		fmt.Fprintf(d.io.Out, "  %s\n", d.io.fit(q.Detail, "  ", d.io.faint))
	}
	for {
		switch q.Kind {
		case review.AskRoutine:
			fmt.Fprint(d.io.Out, d.io.prompt("  [y]es, [n]o, [s]kip, Enter to leave it: "))
		case review.AskChoice:
			for _, c := range q.Choices {
				fmt.Fprintf(d.io.Out, "  %-8s %s\n", c.Action, d.io.fit(c.Help, strings.Repeat(" ", 11), d.io.faint))
			}
			fmt.Fprint(d.io.Out, d.io.prompt("  choice (Enter to leave it): "))
		default:
			fmt.Fprint(d.io.Out, "  > ")
		}
		var line string
		var err error
		if q.Kind == review.AskPrompt {
			// A prompt's answer is the person's own words: a paste of
			// several lines is one answer, not the answers to the next
			// questions.
			line, err = d.io.ReadText(func() {
				fmt.Fprintf(d.io.Out, "  %s\n", d.io.fit("(several lines: an empty line ends the answer)", "  ", d.io.faint))
			})
		} else {
			var lines []string
			if lines, err = d.io.ReadLines(); len(lines) > 1 {
				// A paste meant for a prompt, or answers typed ahead of
				// their questions: none is taken for this question.
				fmt.Fprintf(d.io.Out, "  %s\n", d.io.fit(plural(len(lines), "line")+" came at once: none was taken; "+oneAnswer(q), "  ", asIs))
				continue
			} else if err == nil {
				line = lines[0]
			}
		}
		if errors.Is(err, io.EOF) {
			// Ctrl-D ends no line on the screen: the error must not
			// follow the prompt on its line.
			fmt.Fprintln(d.io.Out)
			return "", false, errors.New("review abandoned: nothing was recorded")
		}
		if err != nil {
			return "", false, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			return "", false, nil
		}
		switch q.Kind {
		case review.AskRoutine:
			if _, ok := normalizeYesNo(line); !ok {
				fmt.Fprintln(d.io.Out, "  "+d.io.fit("answer y, n or s", "  ", asIs))
				continue
			}
		case review.AskChoice:
			line = q.TakeWords(line)
			if err := canDecide(q, line); err != nil {
				fmt.Fprintf(d.io.Out, "  %s\n", d.io.fit(err.Error(), "  ", asIs))
				continue
			}
		}
		return line, true, nil
	}
}

// oneAnswer says how to answer q, in one line.
func oneAnswer(q *review.Question) string {
	if q.Kind == review.AskRoutine {
		return "answer y, n or s"
	}
	return "answer with one line: " + strings.TrimSuffix(strings.TrimPrefix(choiceHint(q), " ("), ")")
}

// askDayByDay is askDays' answer for asking each day on its own.
const askDayByDay = "day by day"

// minOlderDays is how many days before yesterday a routine is asked
// about before they are asked at once.
const minOlderDays = 3

// olderDaysOf lists, by routine, the days before yesterday the session
// asks about and answers does not answer, for the routines with at least
// minOlderDays of them.
func olderDaysOf(sess *review.Session, day routines.Date, answers map[string]string) map[string][]routines.Date {
	yesterday := day.AddDays(-1)
	out := map[string][]routines.Date{}
	for _, q := range sess.Questions {
		if _, given := answers[q.Key]; q.Kind == review.AskRoutine && !given && !q.Optional && !q.Day.IsZero() && q.Day.Before(yesterday) {
			out[q.ID] = append(out[q.ID], q.Day)
		}
	}
	for id, days := range out {
		if len(days) < minOlderDays {
			delete(out, id)
		}
	}
	return out
}

// askDays asks about a routine's days before yesterday at once: an
// answer for all of them, "" to leave them, or askDayByDay.
func (d *deps) askDays(q *review.Question, days []routines.Date) (string, error) {
	title, _, _ := strings.Cut(q.Text, " — ")
	first, last := days[0].Time(time.UTC), days[len(days)-1].Time(time.UTC)
	fmt.Fprintf(d.io.Out, "\n%s\n", d.io.fit(fmt.Sprintf("%s — done on the %d days it was due from %s to %s?", title, len(days), first.Format("Monday 2 January"), last.Format("Monday 2 January")), "", d.io.bold))
	for {
		fmt.Fprint(d.io.Out, d.io.prompt("  [a]ll of them, [n]one, [s]kip them, [d]ay by day, Enter to leave them: "))
		lines, err := d.io.ReadLines()
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(d.io.Out)
			return "", errors.New("review abandoned: nothing was recorded")
		}
		if err != nil {
			return "", err
		}
		if len(lines) > 1 {
			fmt.Fprintf(d.io.Out, "  %s\n", d.io.fit(plural(len(lines), "line")+" came at once: none was taken; answer a, n, s or d", "  ", asIs))
			continue
		}
		line := lines[0]
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "":
			return "", nil
		case "a", "all", "y", "yes":
			return review.Yes, nil
		case "n", "none", "no":
			return review.No, nil
		case "s", "skip":
			return review.Skip, nil
		case "d", "day", "day by day":
			return askDayByDay, nil
		}
		fmt.Fprintln(d.io.Out, "  answer a, n, s or d")
	}
}

func (d *deps) printDryRun(res reviewResult, subject string, asJSON bool) error {
	if asJSON {
		return writeJSON(d.io.Out, res.forJSON())
	}
	w := d.io.Out
	fmt.Fprintf(w, "\n%s\n", d.io.bold("Questions"))
	asked := 0
	for _, q := range res.Session.Questions {
		if !q.Optional {
			// %-40s would count bytes: a key in wide characters
			// fell short of the column.
			fmt.Fprintf(w, "  %s %s%s\n", textwidth.Pad(q.Key, max(40, textwidth.Width(q.Key))), q.Text, choiceHint(&q))
			asked++
		}
	}
	if asked == 0 {
		// A heading with nothing under it reads as if something failed
		// to print; the review says it has nothing to ask instead.
		fmt.Fprintln(w, d.io.faint("  none: this review has nothing to ask"))
	}
	// The routines of the reviewed day it does not ask about, as they
	// were not in the OS at their time (added or resumed after it), take
	// an answer all the same: the person who ran before writing it down
	// can say so.
	var late []string
	for _, q := range res.Session.Questions {
		if q.Optional && q.Kind == review.AskRoutine && q.Day == res.Session.Date {
			late = append(late, q.Key)
		}
	}
	if len(late) > 0 {
		fmt.Fprintln(w, d.io.faint("  not asked, as they were not due by the rule that day (out of the OS at their time, or before they began); --answer ID=yes records one: "+strings.Join(late, ", ")))
	}
	var kept []string
	for _, q := range res.Session.Questions {
		if q.Optional && q.Kind == review.AskChoice {
			kept = append(kept, q.Key)
		}
	}
	if len(kept) > 0 {
		fmt.Fprintln(w, d.io.faint(fmt.Sprintf("  not asked, as a review this week kept them (the weekly review asks again); --answer KEY=CHOICE decides one: %s", strings.Join(kept, ", "))))
	}
	fmt.Fprintf(w, "\n%s (dry run, nothing written)\n", d.io.bold("Would record"))
	fmt.Fprintf(w, "  %s\n", subject)
	for _, line := range strings.Split(strings.TrimRight(string(res.Record.Marshal()), "\n"), "\n") {
		fmt.Fprintf(w, "  | %s\n", line)
	}
	if len(res.Unanswered) > 0 {
		fmt.Fprintf(w, "  unanswered: %s\n", strings.Join(res.Unanswered, ", "))
	}
	return nil
}

// showReviewContext prints what the review looks at before it asks:
// what changed since the last review and the day at a glance (or, for a
// weekly review, the week's adherence and hours).
func (d *deps) showReviewContext(repo *store.Repo, o *routines.OS, day routines.Date, kind string, existing *review.Record, week review.Week) {
	w := d.io.Out
	// The day as `myos today` names it.
	title := "Review of " + day.Time(time.UTC).Format("Monday 2 January 2006")
	if kind == review.Weekly {
		title = fmt.Sprintf("Weekly review, %s to %s", day.AddDays(-6), day)
	}
	fmt.Fprintln(w, d.io.bold(title))
	if existing != nil {
		when := "today"
		if today := d.today(o); day != today {
			when = "for " + day.String()
		}
		fmt.Fprintf(w, "  %s\n", d.io.fit("reviewed already "+when+": answers you give again replace the old ones", "  ", d.io.faint))
	}

	prev, prevDay, prevKind, since := changedSince(workfile.DirFS(repo.Dir()), day, kind)
	fmt.Fprintln(w)
	if prev != nil && prev.Reviewed != "" {
		// The whole heading is broken between words, since as well.
		fmt.Fprintln(w, d.io.fit("What changed "+since, "", d.io.bold))
	} else {
		// The heading and why it has nothing to compare with, on one
		// line where it fits, or the reason below it, broken between
		// words.
		why := "(no earlier review to compare with)"
		if kind == review.Weekly {
			why = "(no review before this week to compare with)"
		}
		if lines := d.io.wrap("What changed "+why, "", 0); len(lines) > 1 {
			fmt.Fprintf(w, "%s\n  %s\n", d.io.bold("What changed"), d.io.fit(why, "  ", d.io.faint))
		} else {
			fmt.Fprintln(w, d.io.bold("What changed")+d.io.faint(" "+why))
		}
	}
	if prev != nil && prev.Reviewed != "" {
		past := day != d.today(o)
		if past {
			fmt.Fprintf(w, "  %s\n", d.io.fit("to the end of "+day.String()+": what changed later is for the next review", "  ", d.io.faint))
		}
		var lines []string
		// A daily review counts from yesterday's, a dozen commits back
		// at most; a weekly one from a week back or more.
		lookback := reviewBaseLookback
		if kind == review.Weekly {
			lookback = 0 // every commit since the record's day (Since bounds it)
		}
		ids, idsErr := folderIDs(repo.Dir())
		from, to := changeRange(repo, prev, prevDay, prevKind, day, past, lookback, o.Location(), folderZones(o, ids))
		// An old, hand-made invalid OS still diffs as far as it reads.
		// The end of a past day is read from the folder's files, and
		// where the last review left off from the end of the day's: the
		// files the two share are decoded once.
		var old *routines.OS
		now := o
		if idsErr == nil {
			base, baseIDs := o, ids
			if to != "" {
				var toIDs map[string]string
				var err error
				if now, toIDs, err = osAt(repo, to, o, ids); err == nil {
					base, baseIDs = now, toIDs // valid: a base to read from
				}
			}
			if now != nil {
				old, _, _ = osAt(repo, from, base, baseIDs)
			}
		}
		if old != nil && now != nil && old != now {
			for _, c := range semdiff.Diff(old, now) {
				lines = append(lines, c.String())
			}
		}
		if len(lines) == 0 {
			fmt.Fprintln(w, d.io.faint("  nothing: the OS is as it was"))
		}
		// A change too long for the terminal goes on under itself.
		for _, l := range lines {
			fmt.Fprintf(w, "  %s\n", d.io.fit(l, "    ", asIs))
		}
	}

	if kind == review.Weekly {
		fmt.Fprintf(w, "\n%s\n", d.io.bold("Routines this week"))
		counts := make([]string, len(week.Routines))
		rest := 0
		for i, st := range week.Routines {
			counts[i] = fmt.Sprintf("%d/%d", st.Done, st.Done+st.Missed)
			rest = max(rest, 1+textwidth.Width(review.GraphString(st.Graph))+2+len(counts[i]))
		}
		col := d.io.column(28, rest)
		for i, st := range week.Routines {
			fmt.Fprintf(w, "  %s %s  %s\n", textwidth.Pad(st.Title, col), review.GraphString(st.Graph), counts[i])
		}
		fmt.Fprintf(w, "\n%s\n", d.io.bold("Calendar hours and open work per theme"))
		ids := make([]string, 0, len(week.ThemeHours))
		seen := map[string]bool{}
		for id := range week.ThemeHours {
			ids = append(ids, id)
			seen[id] = true
		}
		for id := range week.ThemeWork {
			if !seen[id] {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		rest = 0
		for _, id := range ids {
			rest = max(rest, 1+6+2+len(plural(week.ThemeWork[id], "open priority", "open priorities")))
		}
		col = d.io.column(28, rest)
		for _, id := range ids {
			name := id
			if name == "" {
				name = "(no theme)"
			}
			hours := render.Minutes(int(math.Round(week.ThemeHours[id] * 60)))
			fmt.Fprintf(w, "  %s %s  %s\n", textwidth.Pad(name, col), textwidth.PadLeft(hours, 6), plural(week.ThemeWork[id], "open priority", "open priorities"))
		}
		return
	}

	plan := o.Day(day)
	glance := "Today at a glance"
	if day != d.today(o) {
		glance = day.Time(time.UTC).Format("Monday 2 January") + " at a glance"
	}
	fmt.Fprintf(w, "\n%s\n", d.io.bold(glance))
	for _, s := range plan.Slots {
		if s.Kind == routines.KindRoutine {
			continue
		}
		when := s.Start.String() + "–" + s.End.String()
		if s.AllDay {
			when = "all day    "
		}
		// A long title goes on under itself, beside the times.
		fmt.Fprintf(w, "  %s  %s\n", when, d.io.fit(s.Title, strings.Repeat(" ", 4+textwidth.Width(when)), asIs))
	}
	for _, p := range o.Priorities {
		if p.Status == routines.PriorityDoing {
			fmt.Fprintf(w, "  doing: %s\n", d.io.fit(p.Title, strings.Repeat(" ", 9), asIs))
		}
	}
}

// loadRecord reads the record of day, nil when there is none.
func loadRecord(fsys fs.FS, day routines.Date, kind string) (*review.Record, error) {
	p := review.Path(day, kind)
	b, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := review.Parse(p, b)
	if err != nil {
		return nil, withHint(err, "fix the record by hand (or remove it), then review again")
	}
	return r, nil
}

// lastWeeklyDay is the latest weekly review day (os.toml review.weekly_day,
// default Friday) on or before day.
func lastWeeklyDay(o *routines.OS, day routines.Date) routines.Date {
	wd, ok := routines.ParseWeekday(o.Settings.Review.WeeklyDay)
	if !ok {
		wd, _ = routines.ParseWeekday("fri")
	}
	for day.Weekday() != wd {
		day = day.AddDays(-1)
	}
	return day
}

// warnAll prints problems that do not stop a command.
func warnAll(d *deps, errs []error) {
	for _, err := range errs {
		fmt.Fprintf(d.io.ErrOut, "myos: warning: %v\n", err)
	}
}

// offerCommit, on a terminal, shows uncommitted hand edits and offers to
// commit them before the review; a review never sweeps them in silently.
// Off a terminal it leaves them for begin, which refuses with a hint.
func (d *deps) offerCommit(repo *store.Repo) error {
	if !d.io.CanPrompt() {
		return nil
	}
	st, err := repo.Status()
	if err != nil {
		return err
	}
	var dirty, paths []string
	for _, s := range st {
		if osPath(s.Path) {
			dirty = append(dirty, s.Path+" ("+string(s.State)+")")
			paths = append(paths, s.Path)
		}
	}
	// A link in place of OS files (a year of records on an archive disk)
	// and the files beyond it are hand edits no commit can take. Alone,
	// they are left as they are, as off a terminal: the review refuses
	// only when it would write through the link (see runReview). Beside
	// other hand edits, the commit offered would refuse: say so rather
	// than offer it.
	linked := 0
	for _, le := range store.LinksOf(repo.Dir(), paths) {
		if le != nil {
			linked++
		}
	}
	if linked == len(paths) {
		return nil
	}
	if linked > 0 {
		return refuseLinksIn(repo.Dir(), st)
	}
	// Described with their state for the person deciding, so not
	// dirtyOSPaths, which gives bare paths.
	if len(dirty) == 0 {
		return nil
	}
	fmt.Fprintln(d.io.Out, d.io.fit("Uncommitted hand edits: "+strings.Join(dirty, ", "), "  ", asIs))
	for {
		fmt.Fprint(d.io.Out, "Commit them first? [Y/n] ")
		line, err := d.io.ReadLine()
		if err != nil {
			fmt.Fprintln(d.io.Out)
			return errors.New("review abandoned: nothing was recorded")
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "", "y", "yes":
			return runCommit(d, commitOptions{})
		case "n", "no":
			return withHint(errors.New("uncommitted hand edits: review not started"), "commit them with `myos commit`, or undo them, then review")
		}
		// Anything else is asked again, not taken for no.
		fmt.Fprintln(d.io.Out, "  answer y or n")
	}
}

// changedSince finds the review that "What changed" counts from, for a
// review of kind on day, and says which it is. A daily review counts from
// the latest daily review before it. A weekly review counts over the week:
// from the last weekly review, or, without one in the last two months,
// from the latest daily review before the week began, or else the first
// one in the week.
func changedSince(fsys fs.FS, day routines.Date, kind string) (rec *review.Record, on routines.Date, recKind, since string) {
	if kind == review.Weekly {
		if rec, on := review.LatestOfKind(fsys, day.AddDays(-1), review.SearchDays, review.Weekly); rec != nil {
			return rec, on, review.Weekly, fmt.Sprintf("since the weekly review of %s", on)
		}
		if rec, on := review.LatestBefore(fsys, day.AddDays(-7), review.SearchDays); rec != nil {
			return rec, on, review.Daily, fmt.Sprintf("since the review of %s, before this week", on)
		}
		// Reviews began during the week: from the first of them, the
		// weekly day's own included (the week's first for someone who
		// began that morning).
		for d := day.AddDays(-6); !d.After(day); d = d.AddDays(1) {
			if rec, on := review.LatestBefore(fsys, d, 1); rec != nil {
				return rec, on, review.Daily, fmt.Sprintf("since the review of %s, the first this week", on)
			}
		}
		return nil, routines.Date{}, review.Daily, ""
	}
	rec, on = review.LatestBefore(fsys, day.AddDays(-1), review.SearchDays)
	return rec, on, review.Daily, fmt.Sprintf("since the review of %s", on)
}

// reviewBase is the commit "What changed" counts from for the review of
// kind on day, rec: the commit that review made, on top of the one it looked at
// (rec.Reviewed), which holds what it decided (a routine it retired is not
// a change since). A record that came from another machine was written by
// a merge, whose tree holds this machine's later changes too: then, or
// when no such commit is found within a few days of the day, the commit
// the review looked at.
//
// The commit is looked for without reading trees, among the commits on
// this line since a little before the day, at most lookback of them (0:
// all). The daily review looks through the last dozen: a person reviews
// daily, and a day brings a handful of commits; further back, the commit
// the review looked at is used. The weekly review counts from a record a
// week old or more, past a week of daily reviews and edits, and looks
// through them all.
func reviewBase(repo *store.Repo, rec *review.Record, day routines.Date, kind string, lookback int, loc *time.Location) string {
	commits, err := repo.Log(store.LogOptions{Max: lookback, Since: day.AddDays(-2).Time(loc)})
	if err != nil {
		return rec.Reviewed
	}
	path := review.Path(day, kind)
	for _, c := range commits {
		if len(c.Parents) != 1 || c.Parents[0] != rec.Reviewed {
			continue
		}
		// On top of the commit the review looked at, and writing its
		// record: the review's own (another commit may share its parent,
		// on a machine the review was merged into).
		now, err := repo.FileHash(c.Hash, path)
		before, _ := repo.FileHash(c.Parents[0], path)
		if err == nil && now != "" && now != before {
			return c.Hash
		}
	}
	return rec.Reviewed
}

// reviewBaseLookback is how many commits reviewBase looks through for a
// daily review.
const reviewBaseLookback = 12

// changeRange gives the commits "What changed" compares for the review of
// day: from, where the review of prevDay (rec, of prevKind) left off, and
// to, the OS at the end of day when day is past (see endOfDay); to is ""
// for today's review, which compares with the OS as it is now.
//
// A review left off at its own commit (see reviewBase) when it was made by
// the end of its day. One made later, of a past day, showed what changed
// to the end of that day only: the next review counts from there, or what
// changed in between would be shown by no review. What that review decided
// is then listed again, unless nothing changed in between (a weekly review
// made the morning after its day): then its commit is the end of its day
// with its decisions, and where it left off.
//
// What history cannot tell is taken as reviews took it before they ended
// at their day: from the review's own commit, to the OS now.
// zones is zoneAt's memory (see folderZones).
func changeRange(repo *store.Repo, rec *review.Record, prevDay routines.Date, prevKind string, day routines.Date, past bool, lookback int, loc *time.Location, zones map[string]*time.Location) (from, to string) {
	from = reviewBase(repo, rec, prevDay, prevKind, lookback, loc)
	if past {
		end, err := endOfDay(repo, day, loc, zones)
		if err != nil {
			return from, ""
		}
		to = end
		// The diff runs from from to to: from must come before it, or
		// what the review counted from did would show undone.
		if ok, err := comesBefore(repo, from, to); err != nil || !ok {
			if after, err := comesBefore(repo, to, from); err == nil && after {
				// That review was made after day ended (days filled in
				// late, one after the other): count from the end of its
				// own day, which is no later than day's.
				if e, err := endOfDay(repo, prevDay, loc, zones); err == nil {
					return e, to
				}
			}
			// Another machine's line, which a later merge brought in:
			// the OS at the end of day on this one never had it.
			// Compare with the OS now, as reviews did before they ended
			// at their day.
			return from, ""
		}
	}
	made, err := repo.Log(store.LogOptions{From: from, Max: 1})
	if err != nil || len(made) == 0 {
		return from, to
	}
	on, err := commitDay(repo, made[0], loc, zones)
	if err != nil || !on.After(prevDay) {
		return from, to
	}
	end, err := endOfDay(repo, prevDay, loc, zones)
	if err != nil || end == from || sameModel(repo, end, rec.Reviewed) {
		return from, to
	}
	return end, to
}

// comesBefore reports whether commit a is an ancestor of commit b (or b
// itself), looking back from b no further than two days before a was
// made (see store.IsAncestorSince).
func comesBefore(repo *store.Repo, a, b string) (bool, error) {
	if a == b {
		return true, nil
	}
	made, err := repo.Log(store.LogOptions{From: a, Max: 1})
	if err != nil || len(made) == 0 {
		return false, err
	}
	return repo.IsAncestorSince(a, b, made[0].Author.When.Add(-48*time.Hour))
}

// endOfDay is the commit that holds the OS as it was at the end of day:
// the newest on HEAD's first-parent line made on or before day. Its day is
// read as stats read a commit's (see versionEras and commitDay), and as
// they do, walking newest first, the first such commit is taken, whatever
// the clocks of those after it said. A commit from another machine counts
// from the merge that brought it. For a day before the first commit, the
// first commit stands for the OS: there is nothing before it to compare
// with.
func endOfDay(repo *store.Repo, day routines.Date, loc *time.Location, zones map[string]*time.Location) (string, error) {
	// The log stops at the first commit older than the day before day
	// in UTC: it and those before it were made before day began in any
	// zone.
	commits, err := repo.Log(store.LogOptions{Since: day.AddDays(-1).Time(time.UTC)})
	if err != nil {
		return "", err
	}
	if len(commits) == 0 {
		return repo.HeadHash()
	}
	for _, c := range commits {
		on, err := commitDay(repo, c, loc, zones)
		if err != nil {
			return "", err
		}
		if !on.After(day) {
			return c.Hash, nil
		}
	}
	oldest := commits[len(commits)-1]
	if len(oldest.Parents) == 0 {
		return oldest.Hash, nil
	}
	return oldest.Parents[0], nil
}

// commitDay is the day commit c was made, in the OS's zone as os.toml
// named it in c (loc when it names none), as stats read it: not in the
// zone of the clock that made it. zones is zoneAt's.
func commitDay(repo *store.Repo, c store.CommitInfo, loc *time.Location, zones map[string]*time.Location) (routines.Date, error) {
	return (&commitDays{repo: repo, loc: loc, zones: zones}).of(c.Hash, c.Author.When)
}

// osAt is the OS as it was at revision rev, given base, an OS whose model
// files have the blob ids baseIDs (the folder's, see folderIDs, or
// another revision's): only the files whose blob differs from base's are
// read from history and decoded (none, on most days). It returns rev's
// blob ids too, so that an OS further back can be read from rev's.
func osAt(repo *store.Repo, rev string, base *routines.OS, baseIDs map[string]string) (*routines.OS, map[string]string, error) {
	names := routines.ModelFiles()
	ids, err := repo.FileIDs(rev, names)
	if err != nil {
		return nil, nil, err
	}
	changed := map[string][]byte{}
	for _, name := range names {
		id, was := ids[name]
		had, in := baseIDs[name]
		switch {
		case was && in && id == had:
			// the same file
		case was:
			b, err := repo.ReadFile(rev, name)
			if err != nil {
				return nil, nil, err
			}
			changed[name] = b
		case in:
			changed[name] = nil // not there then
		}
	}
	if len(changed) == 0 {
		return base, ids, nil
	}
	o, err := routines.LoadFilesFrom(base, changed)
	return o, ids, err
}

// folderIDs is the blob id of each model file in the OS folder dir, as
// osAt wants them; a file the folder lacks is left out.
func folderIDs(dir string) (map[string]string, error) {
	files, err := dirFiles(dir)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]string, len(files))
	for name, b := range files {
		ids[name] = store.BlobID(b)
	}
	return ids, nil
}
