package review

import (
	"fmt"
	"sort"

	"github.com/myos-dev/myos/routines"
)

// StaleDays is how long a priority may stay in doing before the weekly
// review asks about it.
const StaleDays = 14

// Week is what the weekly review shows before it asks: how each routine
// went, and where the calendar's hours go against where the work is.
type Week struct {
	Start    routines.Date  `json:"start"`
	End      routines.Date  `json:"end"`
	Routines []RoutineStats `json:"routines"`
	// ThemeHours are the hours the calendar gives each theme in a week;
	// ThemeWork counts the open priorities (doing and next) per theme.
	ThemeHours map[string]float64 `json:"theme_hours"`
	ThemeWork  map[string]int     `json:"theme_work"`
}

// WeeklyQuestions is the weekly review of the week ending on end, from h,
// the History of WeekSpan(end, today): the week's adherence, counted as
// stats count it, then the questions that keep an OS honest — a routine
// often missed but still wanted (keep it, or call it an aspiration), one
// missed and not missed (retire it); work in progress for more than two
// weeks; work put off again and again; themes with no work.
func WeeklyQuestions(o *routines.OS, h History, end, today routines.Date) (Session, Week) {
	s := Session{Date: end, Kind: Weekly}
	w := Week{Start: end.AddDays(-6), End: end, ThemeHours: map[string]float64{}, ThemeWork: map[string]int{}}
	w.Routines = Stats(o, h, WeekSpan(end, today))
	for _, st := range w.Routines {
		if st.Status != routines.RoutineActive && st.Status != routines.RoutineAspiration {
			continue
		}
		counted := st.Done + st.Missed
		if counted < 2 || *st.Adherence >= 50 {
			continue
		}
		q := Question{Key: "routine/" + st.ID, Kind: AskChoice, Item: routines.KindRoutine, ID: st.ID,
			Detail: fmt.Sprintf("done %d of %d due days this week", st.Done, counted)}
		if st.Status == routines.RoutineAspiration {
			q.Text = fmt.Sprintf("%q is still an aspiration (done %d of %d days): keep wanting it, or retire it?", st.Title, st.Done, counted)
			q.Choices = []Choice{keep, retire}
		} else {
			q.Text = fmt.Sprintf("%q was missed %d of %d days: still want it (keep), wish you did (aspire), or glad you don't (retire)?", st.Title, st.Missed, counted)
			q.Choices = []Choice{keep, aspire, retire}
		}
		s.Questions = append(s.Questions, q)
	}
	for i := range o.Priorities {
		p := &o.Priorities[i]
		if p.Status != routines.PriorityDoing || p.Started == nil || p.Started.DaysUntil(end) <= StaleDays {
			continue
		}
		s.Questions = append(s.Questions, Question{
			Key: "stale/" + p.ID, Kind: AskChoice, Item: routines.KindPriority, ID: p.ID,
			Text:    fmt.Sprintf("%q has been in progress for %d days: done, back to next, drop it, or keep going?", p.Title, p.Started.DaysUntil(end)),
			Choices: []Choice{done, next, drop, keep},
		})
	}
	for _, f := range routines.Check(o, end) {
		if f.Code != "deferred-often" && f.Code != "idle-theme" && f.Code != "no-theme" {
			continue
		}
		s.addAdvice(o, f)
	}
	plan := o.Week(end)
	for id, min := range plan.ThemeMinutes {
		w.ThemeHours[id] = float64(min) / 60
	}
	for _, p := range o.Priorities {
		if p.Status == routines.PriorityDoing || p.Status == routines.PriorityNext {
			w.ThemeWork[p.Theme]++
		}
	}
	sort.SliceStable(s.Questions, func(i, j int) bool { return s.Questions[i].Key < s.Questions[j].Key })
	return s, w
}
