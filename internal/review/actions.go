package review

import (
	"fmt"
	"slices"
	"strings"

	"github.com/myos-dev/myos/routines"
)

// ParseAction reads a decision's action against the question's choices:
// "drop", "link supply-chain", "why Because it keeps me honest". It
// returns the action word and its argument.
func ParseAction(q *Question, text string) (action, arg string, err error) {
	text = strings.TrimSpace(text)
	word, rest := q.choiceWord(text)
	var names []string
	for _, c := range q.Choices {
		names = append(names, c.Action)
	}
	for _, c := range q.Choices {
		if c.Action != word {
			continue
		}
		if c.Arg != "" && rest == "" {
			return "", "", fmt.Errorf("%s: %q needs a %s: %s", q.Key, word, c.Arg, c.Help)
		}
		if c.Arg == "" && rest != "" {
			return "", "", fmt.Errorf("%s: %q takes nothing after it", q.Key, word)
		}
		return word, rest, nil
	}
	msg := fmt.Sprintf("%s: %q is not a choice here: choose %s", q.Key, text, strings.Join(names, ", "))
	if s := routines.Suggest(word, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return "", "", fmt.Errorf("%s", msg)
}

// choiceWord splits text into its first word, as the choice it names,
// and the rest: "link health", "why: it keeps me honest". The word is the
// choice's whatever its case, as "Yes" answers a routine (a phone or a
// habit writes "Keep" and "Link health"), and may be the start of a
// choice's word, as y answers yes, when no other choice starts the same
// way: "r" for retire. A word that names no choice is returned lowercased.
func (q *Question) choiceWord(text string) (word, rest string) {
	word, rest, _ = strings.Cut(text, " ")
	if w, r, ok := strings.Cut(text, ":"); ok && !strings.Contains(w, " ") {
		word, rest = w, r
	}
	rest = strings.TrimSpace(rest)
	word = strings.ToLower(word)
	var names []string
	for _, c := range q.Choices {
		names = append(names, c.Action)
	}
	if word != "" && !slices.Contains(names, word) {
		var starts []string
		for _, n := range names {
			if strings.HasPrefix(n, word) {
				starts = append(starts, n)
			}
		}
		if len(starts) == 1 {
			word = starts[0]
		}
	}
	return word, rest
}

// ChangedField is the field of its item a decision with action changes:
// "status", "theme", "why" or "due"; "*" for remove, which takes the
// whole item; "" for keep, which changes nothing. Two decisions about one
// item that change the same field cannot both be made.
func ChangedField(action string) string {
	switch action {
	case "keep":
		return ""
	case "remove":
		return "*"
	case "link":
		return "theme"
	case "why":
		return "why"
	case "due":
		return "due"
	}
	return "status"
}

// Apply makes the change a decision calls for in the OS files, which it
// edits in place (files maps a file name to its bytes; only the item's
// table changes). o is the OS those files hold. "keep" changes nothing.
func Apply(o *routines.OS, files map[string][]byte, q *Question, action, arg string) error {
	if action == "keep" {
		return nil
	}
	it := o.Find(q.Item, q.ID)
	if it == nil {
		return fmt.Errorf("%s: no %s %q any more", q.Key, q.Item, q.ID)
	}
	file := q.Item.File()
	if action == "remove" {
		b, err := routines.RemoveItem(files[file], q.Item, q.ID)
		if err != nil {
			return err
		}
		files[file] = b
		return nil
	}
	key, value := "", ""
	switch action {
	case "link":
		if o.Theme(arg) == nil {
			ids := make([]string, len(o.Themes))
			for i, t := range o.Themes {
				ids[i] = t.ID
			}
			return fmt.Errorf("%s: no theme %q (themes: %s)", q.Key, arg, strings.Join(ids, ", "))
		}
		key, value = "theme", arg
	case "drop":
		key, value = "status", routines.PriorityDropped
	case "done":
		key, value = "status", routines.PriorityDone
	case "next":
		key, value = "status", routines.PriorityNext
	case "retire":
		key, value = "status", "retired"
	case "aspire":
		key, value = "status", routines.RoutineAspiration
	case "pause":
		key, value = "status", "paused"
	case "why":
		key, value = "why", arg
	case "due":
		if _, err := routines.ParseDate(arg); err != nil {
			return fmt.Errorf("%s: %w", q.Key, err)
		}
		key, value = "due", arg
	default:
		return fmt.Errorf("%s: unknown action %q", q.Key, action)
	}
	upd := routines.CloneItem(it)
	if err := routines.SetField(upd, key, value); err != nil {
		return err
	}
	b, err := routines.UpdateItem(files[file], it, upd)
	if err != nil {
		return err
	}
	files[file] = b
	return nil
}
