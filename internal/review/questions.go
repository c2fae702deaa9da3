package review

import (
	"fmt"
	"sort"
	"strings"

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
}

// Session is a review about to be asked: its day, kind and questions.
type Session struct {
	Date      routines.Date `json:"date"`
	Kind      string        `json:"kind"`
	Questions []Question    `json:"questions"`
}

// DailyQuestions are the questions of the daily review of day: the
// routines due the day before that open says are open (nil: none), every
// routine due that day (active ones and aspirations), the OS's own
// prompts, and a decision for each piece of advice a person can act on
// there and then.
func DailyQuestions(o *routines.OS, day routines.Date, open func(id string) bool) Session {
	s := Session{Date: day, Kind: Daily}
	if open != nil {
		for _, q := range routineQuestions(o, day.AddDays(-1), true) {
			if open(q.ID) {
				s.Questions = append(s.Questions, q)
			}
		}
	}
	s.Questions = append(s.Questions, routineQuestions(o, day, false)...)
	for _, p := range o.Settings.Review.Prompts {
		key := PromptKey(p)
		for n := 2; s.Find(key) != nil; n++ {
			key = fmt.Sprintf("%s-%d", PromptKey(p), n)
		}
		s.Questions = append(s.Questions, Question{Key: key, Kind: AskPrompt, Text: p})
	}
	for _, f := range routines.Check(o, day) {
		if q, ok := adviceQuestion(o, f); ok {
			s.Questions = append(s.Questions, q)
		}
	}
	return s
}

// RoutinesDue counts the routine questions about day itself.
func (s *Session) RoutinesDue() int {
	n := 0
	for _, q := range s.Questions {
		if q.Kind == AskRoutine && q.Day == s.Date {
			n++
		}
	}
	return n
}

func routineQuestions(o *routines.OS, day routines.Date, past bool) []Question {
	var qs []Question
	for i := range o.Routines {
		r := &o.Routines[i]
		if (r.Status != routines.RoutineActive && r.Status != routines.RoutineAspiration) || !r.DueOn(day) {
			continue
		}
		key := r.ID
		when := "today"
		if past {
			key = r.ID + "@" + day.String()
			when = "yesterday (" + routines.WeekdayName(day.Weekday()) + ")"
		}
		text := fmt.Sprintf("%s — done %s?", r.Title, when)
		if r.Status == routines.RoutineAspiration {
			text = fmt.Sprintf("%s — an aspiration: did you manage it %s?", r.Title, when)
		}
		detail := r.Cadence
		if r.At != "" {
			detail += " at " + r.At
		}
		if r.Why != "" {
			detail += " — " + r.Why
		}
		qs = append(qs, Question{Key: key, Kind: AskRoutine, Text: text, Detail: detail, Day: day, Item: routines.KindRoutine, ID: r.ID})
	}
	sort.SliceStable(qs, func(i, j int) bool { return routineAt(o, qs[i].ID) < routineAt(o, qs[j].ID) })
	return qs
}

// routineAt sorts timed routines by time and untimed ones last.
func routineAt(o *routines.OS, id string) string {
	if r, ok := o.Find(routines.KindRoutine, id).(*routines.Routine); ok && r.At != "" {
		return r.At
	}
	return "99:99"
}

// PromptKey is the key of an os.toml prompt: a slug of its first words,
// short enough to type.
func PromptKey(prompt string) string {
	s := routines.Slug(prompt)
	for len(s) > 24 {
		i := strings.LastIndexByte(s, '-')
		if i <= 0 {
			return s[:24]
		}
		s = s[:i]
	}
	return s
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
	addWhy  = Choice{Action: "why", Arg: "text", Help: "say why you do it: why TEXT"}
	remove  = Choice{Action: "remove", Help: "remove it from the calendar"}
	unfocus = Choice{Action: "pause", Help: "pause the theme"}
)

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
		q.Choices = []Choice{link, drop, keep}
	case f.Code == "no-theme" && f.Kind == routines.KindBlock:
		q.Text = fmt.Sprintf("The block %q is tied to no active theme: link it, remove it, or keep it?", title)
		q.Choices = []Choice{link, remove, keep}
	case f.Code == "deferred-often":
		q.Text = fmt.Sprintf("%q has been put off again and again: drop it, or keep it?", title)
		q.Choices = []Choice{drop, keep}
	case f.Code == "past-due":
		q.Text = fmt.Sprintf("%q is past its due date: done, move the date, drop it, or keep it?", title)
		q.Choices = []Choice{done, moveDue, drop, keep}
	case f.Code == "idle-theme":
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
