package semdiff

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/myos-dev/myos/routines"
)

// commentedRoutines is a routines.toml with comments of every sort: at the
// top, above a table, between keys and after a value.
const commentedRoutines = `# Team rituals.
[[routine]]
id = "retro"
title = "Retrospective"
# Every other Friday, after the demo.
cadence = "every 2 weeks on fri"
at = "15:15"
duration = "45m"
theme = "delivery"
status = "active"
since = 2026-01-09

# Hand-over.
[[routine]]
id = "handover"
title = "On-call hand-over"
cadence = "weekly on mon"
at = "09:45" # before stand-up
duration = "15m"
status = "active"
`

// pairing is a routine with a comment above it.
const pairing = `# Pairing, weekly.
[[routine]]
id = "pairing"
title = "Pairing"
cadence = "weekly on wed"
status = "active"
`

// commentedPairing is pairing with comments on its header, between the
// header and its first key, between keys, after a value and below its
// last key.
const commentedPairing = `# Pairing, weekly.
[[routine]]  # new this quarter
# Ask who is free first.
id = "pairing"
title = "Pairing"
# Wednesdays.

# After lunch.
cadence = "weekly on wed"   # not in release weeks
status = "active"
# at = "14:00"
`

// alignedRoutines is a routines.toml whose keys line up their '='.
const alignedRoutines = `[[routine]]
id       = "handover"
title    = "On-call hand-over"
cadence  = "weekly on mon"
duration = "15m"
status   = "active"
`

// alignedPairing is commentedPairing as it is written into
// alignedRoutines.
const alignedPairing = `# Pairing, weekly.
[[routine]]  # new this quarter
# Ask who is free first.
id       = "pairing"
title    = "Pairing"
# Wednesdays.

# After lunch.
cadence  = "weekly on wed"   # not in release weeks
status   = "active"
# at = "14:00"
`

// rep is s with old replaced by new, once; old must be there.
func rep(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not found in %q", old, s)
	}
	return strings.Replace(s, old, new, 1)
}

// TestMergeKeepsTheirText guards against the merge of a model file
// keeping only mine's text outside items: a comment theirs added,
// changed or removed was lost, with nothing said, when the item merge
// edited mine's file.
func TestMergeKeepsTheirText(t *testing.T) {
	shorter := func(s string) string { return rep(t, s, `duration = "15m"`, `duration = "20m"`) }
	tests := []struct {
		name         string
		file         string // routines.toml when ""
		base         string // commentedRoutines when ""; "-" for no base at all
		mine, theirs func(string) string
		want         string
		notes        []string // what Applied says beyond the changes
	}{{
		name:   "both add a comment at the top",
		mine:   func(s string) string { return shorter("# note from machine B\n" + s) },
		theirs: func(s string) string { return "# note from machine A\n" + s },
		want:   shorter("# note from machine B\n# note from machine A\n" + commentedRoutines),
		notes:  []string{"routines.toml: comments merged by line"},
	}, {
		name:   "theirs edits a comment mine left alone",
		mine:   shorter,
		theirs: func(s string) string { return rep(t, s, "# Every other Friday,", "# Fortnightly,") },
		want:   shorter(rep(t, commentedRoutines, "# Every other Friday,", "# Fortnightly,")),
		notes:  []string{"routines.toml: comments merged by line"},
	}, {
		name:   "mine edits a comment, theirs an item far away",
		mine:   func(s string) string { return rep(t, s, "# Team rituals.", "# Our rituals.") },
		theirs: func(s string) string { return rep(t, s, `at = "09:45"`, `at = "10:00"`) },
		want:   rep(t, rep(t, commentedRoutines, "# Team rituals.", "# Our rituals."), `at = "09:45"`, `at = "10:00"`),
	}, {
		name: "both edit items and comments",
		mine: func(s string) string { return shorter("# note from machine B\n" + s) },
		theirs: func(s string) string {
			return rep(t, s, `at = "15:15"`, "# moved for the demo\nat = \"16:00\" # later")
		},
		want:  shorter("# note from machine B\n" + rep(t, commentedRoutines, `at = "15:15"`, "# moved for the demo\nat = \"16:00\" # later")),
		notes: []string{"routines.toml: comments merged by line"},
	}, {
		name: "theirs adds comments inside a table",
		mine: shorter,
		theirs: func(s string) string {
			s = rep(t, s, "title = \"Retrospective\"\n", "title = \"Retrospective\"\n# Ask everyone.\n")
			return rep(t, s, `duration = "45m"`, `duration = "45m" # never longer`)
		},
		want:  shorter(rep(t, rep(t, commentedRoutines, "title = \"Retrospective\"\n", "title = \"Retrospective\"\n# Ask everyone.\n"), `duration = "45m"`, `duration = "45m" # never longer`)),
		notes: []string{"routines.toml: comments merged by line"},
	}, {
		name:   "theirs removes a comment",
		mine:   shorter,
		theirs: func(s string) string { return rep(t, s, "# Hand-over.\n", "") },
		want:   shorter(rep(t, commentedRoutines, "# Hand-over.\n", "")),
		notes:  []string{"routines.toml: comments merged by line"},
	}, {
		name:   "both make the same comment",
		mine:   func(s string) string { return shorter(rep(t, s, "# Hand-over.", "# Hand-over, Mondays.")) },
		theirs: func(s string) string { return rep(t, s, "# Hand-over.", "# Hand-over, Mondays.") },
		want:   shorter(rep(t, commentedRoutines, "# Hand-over.", "# Hand-over, Mondays.")),
	}, {
		name:   "theirs moves a comment",
		mine:   shorter,
		theirs: func(s string) string { return rep(t, s, "# Hand-over.\n", "") + "# Hand-over.\n" },
		want:   shorter(commentedRoutines),
	}, {
		// The item comes in through the item merge, at the end, with
		// the comment above it and the one inside its table.
		name: "theirs adds an item between two",
		mine: shorter,
		theirs: func(s string) string {
			return rep(t, s, "\n# Hand-over.\n", "\n# Pairing, weekly.\n[[routine]]\nid = \"pairing\"\ntitle = \"Pairing\"\n# Wednesdays.\ncadence = \"weekly on wed\"\nstatus = \"active\"\n\n# Hand-over.\n")
		},
		want: shorter(commentedRoutines) + "\n# Pairing, weekly.\n[[routine]]\nid = \"pairing\"\ntitle = \"Pairing\"\n# Wednesdays.\ncadence = \"weekly on wed\"\nstatus = \"active\"\n",
	}, {
		name: "theirs adds an item with comments all through its table",
		mine: shorter,
		theirs: func(s string) string {
			return rep(t, s, "\n# Hand-over.\n", "\n"+commentedPairing+"\n# Hand-over.\n")
		},
		want: shorter(commentedRoutines) + "\n" + commentedPairing,
	}, {
		// Mine writes its items with '=' aligned: the new item is
		// written that way too, its comments where theirs has them.
		name:   "theirs adds an item with comments to a file of another style",
		base:   alignedRoutines,
		mine:   shorter,
		theirs: func(s string) string { return commentedPairing + "\n" + s },
		want:   shorter(alignedRoutines) + "\n" + alignedPairing,
	}, {
		// The item merge writes a list on one line: a comment inside
		// theirs' list has no place in it, and the merge says so.
		name: "theirs adds an item with a comment inside a list",
		file: routines.FileCalendar,
		base: string(mergeBase()[routines.FileCalendar]),
		mine: func(s string) string { return rep(t, s, `end = "15:00"`, `end = "15:30"`) },
		theirs: func(s string) string {
			return s + "\n# Show what shipped.\n[[block]]\nid = \"demo\"\ntitle = \"Demo\"\ndays = [\n  # in the afternoon\n  \"thu\", # not in release weeks\n]\nstart = \"15:00\"\nend = \"15:30\"\n"
		},
		want:  rep(t, string(mergeBase()[routines.FileCalendar]), `end = "15:00"`, `end = "15:30"`) + "\n# Show what shipped.\n[[block]]\nid = \"demo\"\ntitle = \"Demo\"\ndays = [\"thu\"]\nstart = \"15:00\"\nend = \"15:30\"\n",
		notes: []string{`calendar.toml: their comments "# in the afternoon", "# not in release weeks" could not be placed, and are left out`},
	}, {
		// A comment after the new item, parted from it by a blank line,
		// is no part of it: it stands between items, as in theirs.
		name: "theirs adds an item and a comment below it",
		mine: shorter,
		theirs: func(s string) string {
			return rep(t, s, "\n# Hand-over.\n", "\n"+pairing+"\n# On-call from here.\n\n# Hand-over.\n")
		},
		want:  rep(t, shorter(commentedRoutines), "\n# Hand-over.\n", "\n# On-call from here.\n\n# Hand-over.\n") + "\n" + pairing,
		notes: []string{"routines.toml: comments merged by line"},
	}, {
		// A key put aside right below the last key of a new item stays
		// with it, when theirs adds another item after it.
		name: "theirs adds two items, the first with a key put aside",
		mine: shorter,
		theirs: func(s string) string {
			return s + "\n[[routine]]\nid = \"ops\"\ntitle = \"Ops\"\ncadence = \"daily\"\n# horizon = \"2026-Q4\"\n\n[[routine]]\nid = \"ops2\"\ntitle = \"Ops 2\"\ncadence = \"daily\"\n"
		},
		want: shorter(commentedRoutines) + "\n[[routine]]\nid = \"ops\"\ntitle = \"Ops\"\ncadence = \"daily\"\nstatus = \"active\"\n# horizon = \"2026-Q4\"\n\n[[routine]]\nid = \"ops2\"\ntitle = \"Ops 2\"\ncadence = \"daily\"\nstatus = \"active\"\n",
	}, {
		// The file's comment was there before the item: it stays at the
		// top, once, and only the item's own comment comes with it.
		name: "theirs adds an item at the top, right below the file's comment",
		mine: shorter,
		theirs: func(s string) string {
			return rep(t, s, "# Team rituals.\n", "# Team rituals.\n"+pairing+"\n")
		},
		want: shorter(commentedRoutines) + "\n" + pairing,
	}, {
		name:   "theirs adds an item above the file's comment",
		mine:   shorter,
		theirs: func(s string) string { return pairing + "\n" + s },
		want:   shorter(commentedRoutines) + "\n" + pairing,
	}, {
		name: "theirs adds an item at the top and a comment to the file",
		mine: shorter,
		theirs: func(s string) string {
			return "# Rituals, by the team.\n\n" + rep(t, s, "# Team rituals.\n", "# Team rituals.\n"+pairing+"\n")
		},
		want:  "# Rituals, by the team.\n\n" + shorter(commentedRoutines) + "\n" + pairing,
		notes: []string{"routines.toml: comments merged by line"},
	}, {
		// A template's first apply: its comment at the top is its
		// file's, not the comment of the item below it, which comes
		// without it.
		name: "no base, the template's first item right below its file's comment",
		base: "-",
		mine: func(s string) string { return s },
		theirs: func(s string) string {
			return rep(t, s, "# Team rituals.\n", "# Team rituals.\n"+strings.TrimPrefix(pairing, "# Pairing, weekly.\n")+"\n")
		},
		want: commentedRoutines + "\n" + strings.TrimPrefix(pairing, "# Pairing, weekly.\n"),
	}, {
		// A template's first apply: without a base, no line of the
		// person's file is taken for the template's addition, and
		// nothing comes twice.
		name: "no base",
		base: "-",
		mine: func(s string) string { return s },
		theirs: func(s string) string {
			s = rep(t, s, "# Team rituals.\n", "# The team's rituals.\n# Kept short.\n")
			return rep(t, s, "\n# Hand-over.\n", "\n# Pairing, weekly.\n[[routine]]\nid = \"pairing\"\ntitle = \"Pairing\"\ncadence = \"weekly on wed\"\nstatus = \"active\"\n\n# Hand-over.\n")
		},
		want: commentedRoutines + "\n# Pairing, weekly.\n[[routine]]\nid = \"pairing\"\ntitle = \"Pairing\"\ncadence = \"weekly on wed\"\nstatus = \"active\"\n",
	}, {
		name: "CRLF",
		base: crlf(commentedRoutines),
		mine: func(s string) string {
			return rep(t, s, "# Team rituals.\r\n", "# note from machine B\r\n# Team rituals.\r\n")
		},
		theirs: func(s string) string { return rep(t, s, "# Hand-over.\r\n", "# Hand-over, Mondays.\r\n") },
		want:   crlf(rep(t, rep(t, commentedRoutines, "# Team rituals.\n", "# note from machine B\n# Team rituals.\n"), "# Hand-over.", "# Hand-over, Mondays.")),
		notes:  []string{"routines.toml: comments merged by line"},
	}, {
		name:   "no final newline, a comment added at the end",
		base:   strings.TrimSuffix(commentedRoutines, "\n"),
		mine:   shorter,
		theirs: func(s string) string { return s + "\n# More to come.\n" },
		want:   shorter(commentedRoutines) + "# More to come.",
		notes:  []string{"routines.toml: comments merged by line"},
	}, {
		name: "a comment at the end, and an item mine added",
		mine: func(s string) string {
			return s + "\n[[routine]]\nid = \"pairing\"\ntitle = \"Pairing\"\ncadence = \"weekly on wed\"\nstatus = \"active\"\n"
		},
		theirs: func(s string) string { return s + "\n# More to come.\n" },
		want:   commentedRoutines + "\n[[routine]]\nid = \"pairing\"\ntitle = \"Pairing\"\ncadence = \"weekly on wed\"\nstatus = \"active\"\n\n# More to come.\n",
		notes:  []string{"routines.toml: comments merged by line"},
	}, {
		// Mine made the comment below theirs' new one part of a note: put
		// where the line merge would put it, theirs' comment would be a
		// line of the note. The file is M's, and the merge says so.
		name: "a comment that would land in a string of mine",
		mine: func(s string) string { return rep(t, s, "# Every other Friday, after the demo.\n", inNote) },
		theirs: func(s string) string {
			return rep(t, s, "title = \"Retrospective\"\n", "title = \"Retrospective\"\n# Ask everyone.\n")
		},
		want:  rep(t, commentedRoutines, "# Every other Friday, after the demo.\n", inNote),
		notes: []string{`routines.toml: their comment "# Ask everyone." could not be placed, and is left out`},
	}, {
		name: "os.toml",
		file: routines.FileOS,
		base: string(mergeBase()[routines.FileOS]),
		mine: func(s string) string { return rep(t, "# Mine.\n"+s, "limit = 3", "limit = 2") },
		theirs: func(s string) string {
			return rep(t, "# Theirs.\n"+s, "grid = \"15m\"", "# Half hours.\ngrid = \"30m\"")
		},
		want:  rep(t, rep(t, "# Mine.\n# Theirs.\n"+string(mergeBase()[routines.FileOS]), "limit = 3", "limit = 2"), "grid = \"15m\"", "# Half hours.\ngrid = \"30m\""),
		notes: []string{"os.toml: comments merged by line"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = routines.FileRoutines
			}
			text := tt.base
			if text == "" || text == "-" {
				text = commentedRoutines
			}
			base := mergeBase()
			base[file] = []byte(text)
			mine, theirs := mergeBase(), mergeBase()
			mine[file] = []byte(tt.mine(text))
			theirs[file] = []byte(tt.theirs(text))
			if tt.base == "-" {
				base = nil
			}
			res := mustMerge(t, base, mine, theirs, nil)
			if len(res.Conflicts) > 0 {
				t.Fatalf("got conflicts %v, want none", conflictKeys(res.Conflicts))
			}
			if got := string(res.Files[file]); got != tt.want {
				t.Errorf("%s: got\n%s\nwant\n%s", file, got, tt.want)
			}
			if got := res.Applied[len(res.Changes):]; !slices.Equal(got, tt.notes) {
				t.Errorf("notes: got %q, want %q", got, tt.notes)
			}
			loadOS(t, res.Files)
		})
	}
}

// TestMergeKeepsCommentsOutOfOtherItems: lines are lined up by their
// text, and the header of an item theirs added at the top was taken for
// retro's; the comment theirs wrote above retro's header then landed
// between that header and retro's id, inside retro's table. A comment is
// never placed between an item's header and its keys unless theirs has
// it there; one that cannot be placed is left out, and the merge says so.
func TestMergeKeepsCommentsOutOfOtherItems(t *testing.T) {
	pairing := "[[routine]]\nid = \"pairing\"\ntitle = \"Pair for an hour\"\ncadence = \"weekly on tue\"\nstatus = \"active\"\n\n"
	base := mergeBase()
	base[routines.FileRoutines] = []byte(commentedRoutines)
	mine, theirs := maps.Clone(base), maps.Clone(base)
	mine[routines.FileRoutines] = []byte(rep(t, commentedRoutines, `duration = "15m"`, `duration = "20m"`))
	theirs[routines.FileRoutines] = []byte(rep(t, rep(t, commentedRoutines, "# Team rituals.\n", "# Team rituals.\n"+pairing), "[[routine]]\nid = \"retro\"", "# Retro, every other week.\n[[routine]]\nid = \"retro\""))
	res := mustMerge(t, base, mine, theirs, nil)
	got := string(res.Files[routines.FileRoutines])
	if strings.Contains(got, "[[routine]]\n# Retro") {
		t.Errorf("a comment of theirs stands inside an item:\n%s", got)
	}
	if !strings.Contains(got, "# Retro, every other week.\n[[routine]]\nid = \"retro\"") && !slices.ContainsFunc(res.Applied, func(n string) bool { return strings.Contains(n, "# Retro, every other week.") }) {
		t.Errorf("the comment is neither above retro nor named as left out:\n%s\nnotes %q", got, res.Applied)
	}
	loadOS(t, res.Files)
	// A comment between two keys of an item lands in no other item.
	theirs[routines.FileRoutines] = []byte(rep(t, rep(t, commentedRoutines, "# Team rituals.\n", "# Team rituals.\n"+pairing), "duration = \"15m\"\nstatus", "duration = \"15m\"\n# Keep it short.\nstatus"))
	res = mustMerge(t, base, mine, theirs, nil)
	got = string(res.Files[routines.FileRoutines])
	o, _ := ParseLenient(routines.FileRoutines, res.Files[routines.FileRoutines])
	if i := strings.Index(got, "# Keep it short."); i >= 0 {
		// It must stand in handover's table: after its id, before the
		// next table.
		h := strings.Index(got, "id = \"handover\"")
		next := strings.Index(got[max(h, 0):], "[[")
		if h < 0 || i < h || (next >= 0 && i > h+next) {
			t.Errorf("the comment stands outside handover's table:\n%s", got)
		}
	} else if !slices.ContainsFunc(res.Applied, func(n string) bool { return strings.Contains(n, "# Keep it short.") }) {
		t.Errorf("the comment is neither in handover's table nor named as left out:\n%s\nnotes %q", got, res.Applied)
	}
	if o == nil || o.Find(routines.KindRoutine, "pairing") == nil {
		t.Errorf("pairing lost:\n%s", got)
	}

	// Mine removed the item theirs wrote the comment into: it is not
	// left after another item, but named as left out.
	removed, err := routines.RemoveItem([]byte(commentedRoutines), routines.KindRoutine, "handover")
	if err != nil {
		t.Fatal(err)
	}
	mine[routines.FileRoutines] = removed
	theirs[routines.FileRoutines] = []byte(rep(t, commentedRoutines, "duration = \"15m\"\nstatus", "duration = \"15m\"\n# Keep it short.\nstatus"))
	res = mustMerge(t, base, mine, theirs, map[string]string{"*": TakeMine})
	got = string(res.Files[routines.FileRoutines])
	if strings.Contains(got, "# Keep it short.") {
		t.Errorf("a comment of a removed item stands after another:\n%s", got)
	}
	if !slices.ContainsFunc(res.Applied, func(n string) bool { return strings.Contains(n, "# Keep it short.") }) {
		t.Errorf("notes %q, want the comment named as left out", res.Applied)
	}
}

// inNote is the comment above retro's cadence made a note.
const inNote = "notes = \"\"\"\n# Every other Friday, after the demo.\n\"\"\"\n"

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// TestMergeBringsTheCommentsOfANewFile: a file mine does not have, made
// by the item merge for theirs' items, takes theirs' comments too, with a
// base or without one.
func TestMergeBringsTheCommentsOfANewFile(t *testing.T) {
	prio := "# What we are on, in order.\n\n[[priority]]\nid = \"runbooks\"\ntitle = \"Runbooks\"\n# Owned by the on-call.\ntheme = \"delivery\"\nstatus = \"next\"\nrank = 1\n"
	for _, withBase := range []bool{true, false} {
		base, mine, theirs := mergeBase(), mergeBase(), mergeBase()
		theirs[routines.FilePriorities] = []byte(prio)
		if !withBase {
			base = nil
		}
		res := mustMerge(t, base, mine, theirs, nil)
		if got := string(res.Files[routines.FilePriorities]); got != prio {
			t.Errorf("base %v: priorities.toml: got\n%s\nwant\n%s", withBase, got, prio)
		}
	}
}

// commentEdits adds and removes comments in files by the ops in data, a
// byte pair each: which file and line, and whether to add a comment line
// above it, add a comment after its value, or remove it if it is a
// comment line; or, with the op's high bit, add above it an item with a
// comment above and inside its table (which loads only above a table's
// header or at the top). Each comment it adds is "# TAG N", told apart by
// N.
func commentEdits(files map[string][]byte, data []byte, tag string) map[string][]byte {
	files = maps.Clone(files)
	names := routines.ModelFiles()
	for i := 0; i+1 < len(data); i += 2 {
		name := names[int(data[i])%len(names)]
		src, ok := files[name]
		if !ok {
			continue
		}
		lines := strings.SplitAfter(string(src), "\n")
		at := int(data[i]/8) % len(lines)
		text := fmt.Sprintf("# %s %d", tag, i/2)
		trimmed := strings.TrimSpace(lines[at])
		switch data[i+1] % 3 {
		case 0:
			if data[i+1] < 128 {
				lines = slices.Insert(lines, at, text+"\n")
				break
			}
			more := map[string]string{
				routines.FileRoutines:   `cadence = "daily"`,
				routines.FileThemes:     `status = "active"`,
				routines.FilePriorities: `status = "next"`,
			}[name]
			if more == "" {
				continue
			}
			k := routines.Kinds()[slices.IndexFunc(routines.Kinds(), func(k routines.Kind) bool { return k.File() == name })]
			table := fmt.Sprintf("%s\n[[%s]]\nid = \"top-%s-%d\"\n%s.\ntitle = \"Top\"\n%s\n\n", text, k, tag, i/2, text, more)
			lines = slices.Insert(lines, at, table)
		case 1:
			if !strings.Contains(trimmed, "=") || strings.Contains(trimmed, "#") || !strings.HasSuffix(lines[at], "\n") {
				continue
			}
			lines[at] = strings.TrimSuffix(lines[at], "\n") + " " + text + "\n"
		case 2:
			if !strings.HasPrefix(trimmed, "#") {
				continue
			}
			lines = slices.Delete(lines, at, at+1)
		}
		next := maps.Clone(files)
		next[name] = []byte(strings.Join(lines, ""))
		if _, err := routines.LoadFiles(next); err == nil {
			files = next
		}
	}
	return files
}

// stripComments is files without their comments: the model alone.
func stripComments(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, src := range files {
		var b strings.Builder
		for _, l := range strings.SplitAfter(string(src), "\n") {
			code, _, cut := strings.Cut(l, "#")
			if cut && strings.TrimSpace(code) == "" {
				continue
			}
			if cut {
				l = strings.TrimRight(code, " ") + "\n"
			}
			b.WriteString(l)
		}
		out[name] = []byte(b.String())
	}
	return out
}

// FuzzMergeText checks that the text merge never changes what the item
// merge decided, and never drops a comment theirs added without saying
// so: with item edits and comment edits on both sides, the merged model
// is the one the same merge makes of the files without comments, and
// each of theirs' new comments is in the merged files or in a note.
func FuzzMergeText(f *testing.F) {
	f.Add([]byte{0, 2}, []byte{1, 2}, []byte{2, 0}, []byte{2, 0})
	f.Add([]byte{}, []byte{0, 2, 1, 3}, []byte{2, 0, 10, 1}, []byte{2, 0, 18, 0, 26, 1})
	f.Add([]byte{2, 0}, []byte{2, 1}, []byte{2, 0, 2, 2}, []byte{2, 2, 34, 1})
	f.Add([]byte{1, 9}, []byte{2, 17}, []byte{0, 0, 8, 1}, []byte{0, 0, 16, 1, 3, 0})
	// Theirs adds an item right below the file's comment, or above it.
	f.Add([]byte{9, 2}, []byte{}, []byte{}, []byte{12, 129})
	f.Add([]byte{}, []byte{}, []byte{12, 129}, []byte{2, 129})
	base := mergeBase()
	base[routines.FileRoutines] = []byte(commentedRoutines)
	f.Fuzz(func(t *testing.T, a, b, ca, cb []byte) {
		if len(a)+len(b)+len(ca)+len(cb) > 64 {
			return
		}
		mine := commentEdits(fuzzEdits(base, a, "m"), ca, "m")
		theirs := commentEdits(fuzzEdits(base, b, "t"), cb, "t")
		for _, take := range []map[string]string{nil, {"*": TakeMine}, {"*": TakeTheirs}} {
			res, err := Merge(base, mine, theirs, take)
			if err != nil {
				t.Fatalf("take %v: %v", take, err)
			}
			if len(res.Conflicts) > 0 {
				continue
			}
			ro, err := routines.LoadFiles(res.Files)
			if err != nil {
				t.Fatalf("take %v: merged OS is not valid: %v", take, err)
			}
			plain, err := Merge(stripComments(base), stripComments(mine), stripComments(theirs), take)
			if err != nil {
				t.Fatalf("take %v, without comments: %v", take, err)
			}
			if len(plain.Conflicts) > 0 {
				t.Fatalf("take %v: conflicts %v without comments only", take, conflictKeys(plain.Conflicts))
			}
			if !sameModel(ro, loadOS(t, plain.Files)) {
				t.Fatalf("take %v: the comments changed the merged model:\n%s", take, res.Files[routines.FileRoutines])
			}
			// Each comment comes at most as often as one side has it.
			for name, src := range res.Files {
				most := map[string]int{}
				for _, side := range []map[string][]byte{base, mine, theirs} {
					for c, n := range commentCounts(side[name]) {
						most[c] = max(most[c], n)
					}
				}
				for c, n := range commentCounts(src) {
					if n > most[c] {
						t.Fatalf("take %v: %s: %q %d times, more than on either side:\n%s", take, name, c, n, src)
					}
				}
			}
			notes := strings.Join(res.Applied, "\n")
			for name, src := range theirs {
				for _, l := range strings.Split(string(src), "\n") {
					_, c, ok := strings.Cut(l, "# t ")
					if !ok {
						continue
					}
					c = "# t " + c
					if !strings.Contains(string(res.Files[name]), c) && !strings.Contains(notes, fmt.Sprintf("%q", c)) && !strings.Contains(notes, " more could not") {
						t.Fatalf("take %v: %s: theirs' %q lost, and no note says so:\n%s\nnotes %q", take, name, c, res.Files[name], res.Applied)
					}
				}
			}
		}
	})
}

// commentCounts is how often each comment stands in src.
func commentCounts(src []byte) map[string]int {
	n := map[string]int{}
	_, lines, _ := cutText(src)
	for _, li := range scanText(lines) {
		if li.comment != "" {
			n[li.comment]++
		}
	}
	return n
}

func TestScanText(t *testing.T) {
	lines := []string{
		`# a comment`,
		`title = "a # b" # after`,
		`why = 'it\'`,
		`at = "\"#" # x`,
		`notes = """`,
		`# not a comment`,
		`still "text" """ # but this is`,
		`list = [ # opens`,
		`  "a", # one`,
		`]`,
		`lit = '''`,
		`# text '' too`,
		`'''`,
		``,
	}
	want := []lineInfo{
		{"", "# a comment"},
		{`title = "a # b"`, "# after"},
		{`why = 'it\'`, ""},
		{`at = "\"#"`, "# x"},
		{`notes = """`, ""},
		{"\x00# not a comment", ""},
		{"\x00" + `still "text" """ # but this is`, "# but this is"},
		{"list = [", "# opens"},
		{`"a",`, "# one"},
		{"]", ""},
		{"lit = '''", ""},
		{"\x00# text '' too", ""},
		{"\x00'''", ""},
		{"", ""},
	}
	got := scanText(lines)
	for i := range lines {
		if got[i] != want[i] {
			t.Errorf("%q: got %+v, want %+v", lines[i], got[i], want[i])
		}
	}
}
