package review

import (
	"fmt"
	"io/fs"
	"maps"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/myos-dev/myos/routines"
)

// QuestionKind says what a question asks about.
type QuestionKind string

// Kinds of question.
const (
	AskRoutine QuestionKind = "routine" // done? yes / no / skip
	AskPrompt  QuestionKind = "prompt"  // free text, from os.toml
	AskChoice  QuestionKind = "choice"  // a decision that may change the OS
)

// Choice is one answer to a choice question. Arg names what the action
// needs after it ("theme": `link supply-chain`).
type Choice struct {
	Action string `json:"action"`
	Arg    string `json:"arg,omitempty"`
	Help   string `json:"help"`
}

// Question is one thing a review asks. Key is how scripts answer it
// (`--answer sleep=yes`, `--prompt one-thing=...`, `--answer
// no-theme/inbox=drop`).
type Question struct {
	Key     string        `json:"key"`
	Kind    QuestionKind  `json:"kind"`
	Text    string        `json:"text"`
	Detail  string        `json:"detail,omitempty"`
	Day     routines.Date `json:"day,omitzero"`
	Item    routines.Kind `json:"item_kind,omitempty"`
	ID      string        `json:"id,omitempty"`
	Choices []Choice      `json:"choices,omitempty"`
	// Optional marks a question about a day before its routine counts
	// (see OwedDay.Begun), or about a routine added or resumed after its
	// time that day, or advice kept lately (see Kept): not asked, and not
	// missed when unanswered, but an answer given for it is recorded.
	Optional bool `json:"optional,omitempty"`
}

// Session is a review about to be asked: its day, kind and questions.
type Session struct {
	Date      routines.Date `json:"date"`
	Kind      string        `json:"kind"`
	Questions []Question    `json:"questions"`
}

// DailyQuestions are the questions of the daily review of day: first the
// routines of the days from `from` (see AskedFrom) to the day before, each
// on each day it owed an answer, as stats judge it (see Owed), and that
// no record but day's own answers — what the last review left open and
// every day since, oldest first; then every routine that owes an answer
// on day itself; the OS's own prompts, and a decision for each piece of
// advice a person can act on there and then. h holds the daily records
// from `from` on, and the routines' past back to the day before it.
//
// Day's own routines are judged as the days before it are, by h.Past,
// today's and a past day's (one reviewed again, or filled in later) alike:
// a routine that was not in the OS at its time that day (added after it,
// or before the OS was kept), or was paused or retired then, is not asked
// about; one due by its present state takes an answer all the same (an
// optional question), and a paused one that was due then is asked.
// today words the days (see routineQuestion).
func DailyQuestions(o *routines.OS, h History, from, day, today routines.Date) Session {
	s := Session{Date: day, Kind: Daily}
	// A routine that has not begun (no since date, never answered) is
	// asked about the days since the last review, which asked about it
	// and may have left it open; the days before are not asked, but an
	// answer given for one counts.
	reviewed := h.Records[from] != nil
	for _, od := range Owed(o, h, from, day) {
		q := routineQuestion(od.Routine, od.Day, day, today, od.Aspiration)
		q.Optional = !od.Begun && !(reviewed && !od.Day.Before(from))
		s.Questions = append(s.Questions, q)
	}
	own := routineQuestions(o, h.Past, day, today)
	if day != today && !reviewed {
		// A past day before a routine began (its since date or, without
		// one, its first answer) is not missed: optional, as on the days
		// Owed gives, unless the last review asked about it. Today a
		// routine that has not begun is asked: its first answer begins
		// it.
		first := firstAnswers(h.Records)
		for i := range own {
			if r, ok := o.Find(routines.KindRoutine, own[i].ID).(*routines.Routine); ok && r != nil && countedFrom(r, h, first, day, day) != day {
				own[i].Optional = true
			}
		}
	}
	s.Questions = append(s.Questions, own...)
	for _, p := range o.Settings.Review.Prompts {
		key := PromptKey(p)
		for n := 2; s.Find(key) != nil; n++ {
			key = fmt.Sprintf("%s-%d", PromptKey(p), n)
		}
		s.Questions = append(s.Questions, Question{Key: key, Kind: AskPrompt, Text: p})
	}
	for _, f := range routines.Check(o, day) {
		s.addAdvice(o, f)
	}
	return s
}

// addAdvice adds the decision about f, when it is one a person can make
// in a review. Its key is the finding's code and the item's id; when the
// OS has an item of another kind with that id about which the same
// advice could be a decision too (a block and a priority of one id, both
// able to be tied to no theme), the kind comes between them:
// "no-theme/block/writing" and "no-theme/priority/writing". The key
// depends on the OS alone, not on which advice is given today, so that a
// second review of the day answers the same question under the same key.
func (s *Session) addAdvice(o *routines.OS, f routines.Finding) {
	q, ok := adviceQuestion(o, f)
	if !ok {
		return
	}
	for _, k := range routines.Kinds() {
		if k == f.Kind || o.Find(k, f.ID) == nil {
			continue
		}
		if _, shared := adviceQuestion(o, routines.Finding{Code: f.Code, Kind: k, ID: f.ID}); shared {
			q.Key = f.Code + "/" + string(f.Kind) + "/" + f.ID
			break
		}
	}
	s.Questions = append(s.Questions, q)
}

// AskedFrom is the first day the daily review of day asks about, from
// fsys, the OS folder: the day of the last daily review before it, for
// what that review left open, or, with none in the SearchDays before day,
// the first of those days.
func AskedFrom(fsys fs.FS, day routines.Date) routines.Date {
	if rec, on := LatestBefore(fsys, day.AddDays(-1), SearchDays); rec != nil {
		return on
	}
	return day.AddDays(-SearchDays)
}

// OwedDay is a routine on a day it owed an answer. Begun is false for a
// day before the routine counts (see countedFrom): one without a since
// date that no answer has begun yet. Such a day is not missed, and not
// asked about, but an answer given for it counts, and begins the routine.
type OwedDay struct {
	Routine *routines.Routine
	Day     routines.Date
	Begun   bool
	// Aspiration is whether the routine was an aspiration that day (it
	// may be one now and have been active then, or the other way round).
	Aspiration bool
}

// Owed lists the routine days from `from` to the day before day that owed
// an answer and that no record but day's own answers, oldest first and,
// within a day, by the routines' time. A day owes an answer for a routine
// when, as the routine was at its time that day (see phaseOn), its
// cadence came round on the day and it was neither paused nor retired nor
// out of the OS; it is Begun when the routine counts on it (from its
// since date or, without one, its first answer). Those are the days stats
// count as missed when unanswered: each was asked about by the review
// after it, unless that came more than SearchDays later. h is as for
// DailyQuestions, with AnsweredBefore for the routines whose first answer
// its records do not show (see History.LookBefore).
func Owed(o *routines.OS, h History, from, day routines.Date) []OwedDay {
	if !from.Before(day) {
		return nil
	}
	others := h.Records
	if others[day] != nil {
		// What day's own record answers is asked again: answers given
		// again replace it.
		others = maps.Clone(others)
		delete(others, day)
	}
	type line struct {
		r    *routines.Routine
		ps   []phase
		k    int
		from routines.Date
	}
	// A routine counts from its since date or, without one, from its
	// first answer (see countedFrom): a day before that is not missed
	// (not Begun).
	first := firstAnswers(h.Records)
	lines := make([]line, len(o.Routines))
	for i := range o.Routines {
		r := &o.Routines[i]
		lines[i] = line{r: r, ps: pastOf(r, h.Past, from), from: countedFrom(r, h, first, from, day.AddDays(-1))}
	}
	sort.SliceStable(lines, func(i, j int) bool { return routineAt(o, lines[i].r.ID) < routineAt(o, lines[j].r.ID) })
	var out []OwedDay
	for d := from; d.Before(day); d = d.AddDays(1) {
		for i := range lines {
			l := &lines[i]
			for d.After(l.ps[l.k].until) {
				l.k++
			}
			if p := phaseOn(l.ps, l.k, d); p.owes(d) && others.Answer(l.r.ID, d) == "" {
				out = append(out, OwedDay{l.r, d, !d.Before(l.from), p.status == routines.RoutineAspiration})
			}
		}
	}
	return out
}

// RoutinesDue counts the routine questions about day itself that owe an
// answer, and the optional ones answered in rec (about a routine not due
// by the rule that day: an answer counts); done, those answered yes.
func (s *Session) RoutinesDue(rec *Record) (due, done int) {
	answered := map[string]string{}
	for _, a := range rec.Routines {
		if a.Day == s.Date {
			answered[a.ID] = a.Answer
		}
	}
	for _, q := range s.Questions {
		ans := answered[q.ID]
		if q.Kind != AskRoutine || q.Day != s.Date || q.Optional && ans == "" {
			continue
		}
		due++
		if ans == Yes {
			done++
		}
	}
	return due, done
}

// routineQuestions are the questions about the routines that owe an
// answer on day, in the review of that day. As on the days before it (see
// Owed), each routine is judged as it was at its time that day, from past
// (see phaseOn): one added or resumed after its time is not asked about
// until the next day it is due, one paused after its time still is. One
// that was in the OS at its time and is only edited since (its time
// moved, its why) is asked about, as it is now. With no past, every
// routine is judged as it is now.
func routineQuestions(o *routines.OS, past []Era, day, today routines.Date) []Question {
	var qs []Question
	for i := range o.Routines {
		r := &o.Routines[i]
		p := phaseFor(r, past, day)
		if !p.owes(day) {
			// Not in the OS at its time (added or resumed after it): not
			// asked, and not missed, but due now, and an answer given
			// for it is recorded: a run done before it was written down
			// was still done.
			if (r.Status == routines.RoutineActive || r.Status == routines.RoutineAspiration) && r.DueOn(day) {
				q := routineQuestion(r, day, day, today, r.Status == routines.RoutineAspiration)
				q.Optional = true
				qs = append(qs, q)
			}
			continue
		}
		qs = append(qs, routineQuestion(r, day, day, today, p.status == routines.RoutineAspiration))
	}
	sort.SliceStable(qs, func(i, j int) bool { return routineAt(o, qs[i].ID) < routineAt(o, qs[j].ID) })
	return qs
}

// routineQuestion asks, in the review of reviewed, whether r was done on
// day. A question about an earlier day than reviewed has the day in its
// key (sleep@2026-11-24). Its words name the day as seen from today, the
// day the person answers: "today", "yesterday (tue)", or its date, for a
// review of a past day too. aspiration is whether r was an aspiration on
// day, which words the question.
func routineQuestion(r *routines.Routine, day, reviewed, today routines.Date, aspiration bool) Question {
	key := r.ID
	if day != reviewed {
		key = r.ID + "@" + day.String()
	}
	when := "on " + day.Time(time.UTC).Format("Monday 2 January")
	switch day {
	case today:
		when = "today"
	case today.AddDays(-1):
		when = "yesterday (" + routines.WeekdayName(day.Weekday()) + ")"
	}
	text := fmt.Sprintf("%s — done %s?", r.Title, when)
	if aspiration {
		text = fmt.Sprintf("%s — an aspiration: did you manage it %s?", r.Title, when)
	}
	detail := r.Cadence
	if r.At != "" {
		detail += " at " + r.At
	}
	if r.Why != "" {
		detail += " — " + r.Why
	}
	return Question{Key: key, Kind: AskRoutine, Text: text, Detail: detail, Day: day, Item: routines.KindRoutine, ID: r.ID}
}

// routineAt sorts timed routines by time and untimed ones last.
func routineAt(o *routines.OS, id string) string {
	if r, ok := o.Find(routines.KindRoutine, id).(*routines.Routine); ok && r.At != "" {
		return r.At
	}
	return "99:99"
}

// PromptKey is the key of an os.toml prompt: a slug of its first words,
// short enough to type. A prompt with letters of a script other than
// Latin keeps its own words, lowercased and joined by dashes ("今日の学び",
// "今日のtodo"), so that its key stays with it when the prompts are
// reordered, rather than becoming "item" (or "todo"), then "item-2" by
// its place.
func PromptKey(prompt string) string {
	s := routines.Slug(prompt)
	if strings.IndexFunc(prompt, func(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) }) >= 0 {
		if w := wordKey(prompt); w != "" {
			s = w
		}
	}
	const most = 24 // runes
	for utf8.RuneCountInString(s) > most {
		i := strings.LastIndexByte(s, '-')
		if i <= 0 {
			r := []rune(s)
			return string(r[:most])
		}
		s = s[:i]
	}
	return s
}

// wordKey is text's letters and digits, in any script, lowercased, with a
// dash for each run of anything else between them.
func wordKey(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.In(r, unicode.Mn, unicode.Mc) {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

var (
	keep    = Choice{Action: "keep", Help: "leave it as it is"}
	drop    = Choice{Action: "drop", Help: "drop it"}
	link    = Choice{Action: "link", Arg: "theme", Help: "tie it to a theme: link THEME-ID"}
	retire  = Choice{Action: "retire", Help: "retire it"}
	aspire  = Choice{Action: "aspire", Help: "keep wanting it, as an aspiration"}
	done    = Choice{Action: "done", Help: "mark it done"}
	moveDue = Choice{Action: "due", Arg: "date", Help: "move the due date: due YYYY-MM-DD"}
	next    = Choice{Action: "next", Help: "take it out of progress, back to next"}
	addWhy  = Choice{Action: "why", Arg: "text", Help: "say why you do it: why TEXT (on a terminal, the reason alone)"}
	remove  = Choice{Action: "remove", Help: "remove it from the calendar"}
	unfocus = Choice{Action: "pause", Help: "pause the theme"}
)

// linkTo is the link choice, naming the active themes of o that it can
// link to: a person at the question does not know their ids by heart.
func linkTo(o *routines.OS) Choice {
	var ids []string
	for _, t := range o.Themes {
		if t.Status == "" || t.Status == routines.ThemeActive {
			ids = append(ids, t.ID)
		}
	}
	c := link
	if len(ids) > 0 {
		c.Help += " (" + strings.Join(ids, ", ") + ")"
	}
	return c
}

// adviceQuestion turns a finding a person can act on into a decision.
func adviceQuestion(o *routines.OS, f routines.Finding) (Question, bool) {
	q := Question{Key: f.Code + "/" + f.ID, Kind: AskChoice, Item: f.Kind, ID: f.ID, Detail: f.Message}
	title := f.ID
	if it := o.Find(f.Kind, f.ID); it != nil {
		title = it.ItemTitle()
	}
	switch {
	case f.Code == "no-theme" && f.Kind == routines.KindPriority:
		q.Text = fmt.Sprintf("%q is tied to no active theme: link it to a theme, drop it, or keep it?", title)
		q.Choices = []Choice{linkTo(o), drop, keep}
	case f.Code == "no-theme" && f.Kind == routines.KindBlock:
		q.Text = fmt.Sprintf("The block %q is tied to no active theme: link it, remove it, or keep it?", title)
		q.Choices = []Choice{linkTo(o), remove, keep}
	case f.Code == "deferred-often" && f.Kind == routines.KindPriority:
		q.Text = fmt.Sprintf("%q has been put off again and again: drop it, or keep it?", title)
		q.Choices = []Choice{drop, keep}
	case f.Code == "past-due" && f.Kind == routines.KindPriority:
		q.Text = fmt.Sprintf("%q is past its due date: done, move the date, drop it, or keep it?", title)
		q.Choices = []Choice{done, moveDue, drop, keep}
	case f.Code == "idle-theme" && f.Kind == routines.KindTheme:
		q.Text = fmt.Sprintf("Nothing serves the theme %q: pause it, retire it, or keep it?", title)
		q.Choices = []Choice{unfocus, retire, keep}
	case f.Code == "no-why" && f.Kind == routines.KindRoutine:
		q.Text = fmt.Sprintf("Why do you keep the routine %q?", title)
		q.Choices = []Choice{addWhy, retire, keep}
	default:
		return q, false
	}
	return q, true
}

// Find returns the question with key, or nil.
func (s *Session) Find(key string) *Question {
	for i := range s.Questions {
		if s.Questions[i].Key == key {
			return &s.Questions[i]
		}
	}
	return nil
}

// Keys lists the questions' keys.
func (s *Session) Keys() []string {
	keys := make([]string, len(s.Questions))
	for i, q := range s.Questions {
		keys[i] = q.Key
	}
	return keys
}

// KeptDays is how long the daily review leaves unasked a decision about
// advice that a review answered keep: a week, when the weekly review asks
// it again. Asked every day, the same few pieces of advice a person has
// chosen to live with would be most of every review.
const KeptDays = 7

// Kept lists the keys of the advice questions that a daily or weekly
// record of fsys, the OS folder, answered keep on day or in the KeptDays
// before it. A record that does not read is passed over: the question is
// asked.
func Kept(fsys fs.FS, day routines.Date) map[string]bool {
	kept := map[string]bool{}
	for i := 0; i <= KeptDays; i++ {
		for _, kind := range []string{Daily, Weekly} {
			p := Path(day.AddDays(-i), kind)
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				continue
			}
			r, err := Parse(p, b)
			if err != nil {
				continue
			}
			for _, dc := range r.Decisions {
				if dc.Action == "keep" {
					kept[dc.Key] = true
				}
			}
		}
	}
	return kept
}

// LeaveKept makes the daily session's advice questions that kept holds
// optional: not asked, and an answer given for one is recorded. Advice
// kept about an item under an id it had before a rename (formerly, in o)
// is its advice still.
func (s *Session) LeaveKept(kept map[string]bool, o *routines.OS) {
	for i := range s.Questions {
		q := &s.Questions[i]
		if q.Kind != AskChoice {
			continue
		}
		if kept[q.Key] || keptFormerly(kept, q, o) {
			q.Optional = true
		}
	}
}

// keptFormerly reports whether kept holds q's key with a former id of q's
// item in place of its id.
func keptFormerly(kept map[string]bool, q *Question, o *routines.OS) bool {
	code, ok := strings.CutSuffix(q.Key, "/"+q.ID)
	if !ok || q.ID == "" || o == nil {
		return false
	}
	it := o.Find(q.Item, q.ID)
	if it == nil {
		return false
	}
	for _, f := range routines.FormerIDs(it) {
		if kept[code+"/"+f] {
			return true
		}
	}
	return false
}

// TakeWords is answer, typed at question q on a terminal, as a choice:
// a question with a choice that takes text (why TEXT) takes a sentence
// that begins with none of its choices' words as that text. "Why do you
// keep the routine?" invites "It keeps my back straight", not "why It
// keeps my back straight". A word ParseAction takes for a choice (its
// start, "r" for retire, or "why:") is that choice, not the text.
func (q *Question) TakeWords(answer string) string {
	answer = strings.TrimSpace(answer)
	if q.Kind != AskChoice || answer == "" {
		return answer
	}
	word, _ := q.choiceWord(answer)
	text := ""
	for _, c := range q.Choices {
		if c.Action == word {
			return answer
		}
		if c.Arg == "text" {
			text = c.Action
		}
	}
	if text == "" {
		return answer
	}
	return text + " " + answer
}
