package semdiff

// This file keeps the text around the items when two versions of a model
// file merge. The item merge edits mine's files in place, so what theirs
// wrote outside its items — a comment added at the top, a note between
// two keys, a comment it removed — would be lost. After the item merge,
// each model file is merged again by line: the base against the merged
// file (M) and theirs, under one rule, that the items are the item
// merge's. Of theirs' changes only those to comment and blank lines come
// in, and comments it wrote after a value; every line that says something
// to TOML is M's. The lines of an item theirs added are not brought again
// (the item merge brought it, with its comments), and a comment
// theirs moved stays where mine has it, as items do. Where both sides
// wrote comments in one place, both are kept, mine's first: a comment
// means nothing to the model, and losing one is worse than a line twice.
//
// The merged file must load to exactly M's model; when it does not (a
// comment line that lands inside a multi-line string), the file is M's,
// and the merge says which of theirs' comments it could not place, as it
// does for any it leaves out.

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/myos-dev/myos/internal/linemerge"
	"github.com/myos-dev/myos/routines"
)

// CommentsMerged ends the note of a file whose comments the merge took
// from both sides ("routines.toml: comments merged by line").
const CommentsMerged = "comments merged by line"

// keepText merges theirs' text outside items into res.Files, file by
// file, and adds to res.Applied a note for each file it changed and for
// each comment of theirs it could not place. base is nil when the merge
// has none: then only a file mine did not have (the merge made it for
// theirs' items) takes theirs' comments, since for a file of mine no line
// tells which side wrote it, and the template's comments are no change
// to bring.
func keepText(base, mine, theirs map[string][]byte, res *MergeResult, brought map[string][][2]int) {
	mo, err := routines.LoadFiles(res.Files)
	if err != nil {
		return // cannot happen: the merge checked its result
	}
	for _, name := range routines.ModelFiles() {
		m, hasM := res.Files[name]
		t, hasT := theirs[name]
		if !hasM || !hasT || bytes.Equal(m, t) {
			continue
		}
		b, hasB := base[name]
		_, mineHad := mine[name]
		if !hasB && base == nil && mineHad {
			continue
		}
		if hasB && bytes.Equal(b, t) {
			continue // theirs left this file's text alone
		}
		merged, lost := mergeText(name, b, m, t, brought[name])
		if !bytes.Equal(merged, m) {
			files := maps.Clone(res.Files)
			files[name] = merged
			if ro, err := routines.LoadFiles(files); err == nil && sameModel(mo, ro) && placed(merged, m, t) {
				res.Files[name] = merged
				res.Applied = append(res.Applied, name+": "+CommentsMerged)
			} else {
				lost = lostComments(b, t, m)
			}
		}
		if len(lost) > 0 {
			res.Applied = append(res.Applied, lostNote(name, lost))
		}
	}
}

// placed reports whether each comment line merged has that m lacks and
// that stands inside a table (between its header and its last key)
// stands so in theirs too, in the same table (known by its header and
// id) and on the same side of its first key. Lines are lined up by their
// text, so a comment can land inside an item when the headers of two
// items were taken for one; the model does not show it, this does.
func placed(merged, m, theirs []byte) bool {
	_, ml, _ := cutText(m)
	have := map[string]int{}
	for _, li := range scanText(ml) {
		if li.quiet() && li.comment != "" {
			have[li.comment]++
		}
	}
	_, tl, _ := cutText(theirs)
	tinfo := scanText(tl)
	tplace := places(tinfo)
	where := map[string][]string{} // a comment of theirs → its places
	for i, li := range tinfo {
		if li.quiet() && li.comment != "" {
			where[li.comment] = append(where[li.comment], tplace[i])
		}
	}
	_, gl, _ := cutText(merged)
	ginfo := scanText(gl)
	gplace := places(ginfo)
	for i, li := range ginfo {
		if !li.quiet() || li.comment == "" {
			continue
		}
		if have[li.comment] > 0 {
			have[li.comment]--
			continue
		}
		// Between items a comment may stand after another item than in
		// theirs (mine added one there); between a header and its keys,
		// or between two keys of a table, only where theirs has it.
		ws, ok := where[li.comment]
		if !ok || slices.Contains(ws, gplace[i]) {
			continue
		}
		between := slices.ContainsFunc(ws, func(w string) bool { return strings.HasSuffix(w, " after") || strings.HasPrefix(w, "top ") })
		if !strings.HasSuffix(gplace[i], " after") || !between {
			return false
		}
	}
	return true
}

// places says, for each line, where it stands: "top" before the first
// table, else the table's header and id, and "head" between the header
// and the table's first key, "body" between its keys, or "after" past
// its last key.
func places(info []lineInfo) []string {
	out := make([]string, len(info))
	table, id, keyed := "top", "", true
	start := 0
	flush := func(end int) {
		for j := start; j < end; j++ {
			if out[j] == "head" || out[j] == "body" {
				out[j] = table + " " + id + " " + out[j]
			}
		}
	}
	for i, li := range info {
		switch {
		case li.header():
			flush(i)
			table, id, keyed, start = li.code, "", false, i
			out[i] = "head"
		case li.quiet() && !keyed:
			out[i] = "head"
		default:
			if k, v, ok := strings.Cut(li.code, "="); ok && strings.TrimSpace(k) == "id" && id == "" {
				id = strings.TrimSpace(v)
			}
			if !li.quiet() {
				keyed = true
			}
			out[i] = "body"
		}
	}
	flush(len(info))
	// A quiet line with no key of its table after it stands after the
	// table, before whatever comes next.
	keyAfter := false
	for i := len(info) - 1; i >= 0; i-- {
		switch li := info[i]; {
		case li.header():
			keyAfter = false
		case !li.quiet():
			keyAfter = true
		case !keyAfter && strings.HasSuffix(out[i], " body"):
			out[i] = strings.TrimSuffix(out[i], "body") + "after"
		}
	}
	return out
}

// sameModel reports whether a and b are the same model: the same
// settings and the same items in the same order, each with the same keys
// written to the same values.
func sameModel(a, b *routines.OS) bool {
	if !reflect.DeepEqual(routines.SettingsFields(&a.Settings), routines.SettingsFields(&b.Settings)) {
		return false
	}
	for _, k := range routines.Kinds() {
		ai, bi := a.Items(k), b.Items(k)
		if len(ai) != len(bi) {
			return false
		}
		for i := range ai {
			if !reflect.DeepEqual(routines.Fields(ai[i]), routines.Fields(bi[i])) {
				return false
			}
		}
	}
	return true
}

// lostNote says which of theirs' comments the merge could not place.
func lostNote(name string, lost []string) string {
	const most = 3
	quoted := make([]string, 0, most)
	for i, c := range lost {
		if i == most {
			break
		}
		quoted = append(quoted, fmt.Sprintf("%q", c))
	}
	list := strings.Join(quoted, ", ")
	if n := len(lost) - most; n > 0 {
		list += fmt.Sprintf(" and %d more", n)
	}
	what := "comment"
	if len(lost) > 1 {
		what = "comments"
	}
	return fmt.Sprintf("%s: their %s %s could not be placed, and %s left out", name, what, list, map[bool]string{true: "is", false: "are"}[len(lost) == 1])
}

// lostComments are the comments theirs wrote that the base does not have
// and merged does not keep, in theirs' order, each once.
func lostComments(base, theirs, merged []byte) []string {
	have := map[string]bool{}
	for _, s := range [][]byte{base, merged} {
		_, lines, _ := cutText(s)
		for _, li := range scanText(lines) {
			if li.comment != "" {
				have[li.comment] = true
			}
		}
	}
	var lost []string
	_, lines, _ := cutText(theirs)
	for _, li := range scanText(lines) {
		if li.comment != "" && !have[li.comment] {
			lost = append(lost, li.comment)
			have[li.comment] = true
		}
	}
	return lost
}

// lineInfo is what one line of a TOML file says.
type lineInfo struct {
	// code is the line without its comment and surrounding space: what
	// TOML reads in it. A line that starts inside a multi-line string is
	// all code, written as it stands after a NUL, so that it matches no
	// other kind of line and is never taken for a comment.
	code string
	// comment is the comment the line ends in ("# ..."), without
	// trailing space, or "".
	comment string
}

// quiet reports whether the line says nothing to TOML: a comment line or
// a blank one.
func (l lineInfo) quiet() bool { return l.code == "" }

// header reports whether the line opens a table.
func (l lineInfo) header() bool { return strings.HasPrefix(l.code, "[") }

// scanText reads each line for its code and comment, following strings
// across lines. It is only as careful as it needs to be for text that
// loads: a misread line can only misplace a comment, which the check of
// the merged model catches.
func scanText(lines []string) []lineInfo {
	out := make([]lineInfo, len(lines))
	var open string // the delimiter of the multi-line string a line starts in
	for i, s := range lines {
		p := 0
		inside := open != ""
		if inside {
			end := closeAt(s, 0, open)
			if end < 0 {
				out[i] = lineInfo{code: "\x00" + s}
				continue
			}
			p, open = end, ""
		}
		codeEnd := len(s)
	scan:
		for p < len(s) {
			switch c := s[p]; c {
			case '#':
				codeEnd = p
				break scan
			case '"', '\'':
				q := string(c)
				if strings.HasPrefix(s[p:], q+q+q) {
					q = q + q + q
				}
				end := closeAt(s, p+len(q), q)
				if end < 0 {
					if len(q) == 3 {
						open = q
					}
					break scan
				}
				p = end
			default:
				p++
			}
		}
		li := lineInfo{code: strings.TrimSpace(s[:codeEnd])}
		if codeEnd < len(s) {
			li.comment = strings.TrimRight(s[codeEnd:], " \t")
		}
		if inside {
			li.code = "\x00" + s
		}
		out[i] = li
	}
	return out
}

// closeAt is the offset just past the delimiter q that closes the string
// whose text starts at s[p], or -1 when the line ends first. A basic
// string's backslash escapes the next character, and a multi-line string
// may end in up to two more quotes.
func closeAt(s string, p int, q string) int {
	for p < len(s) {
		if q[0] == '"' && s[p] == '\\' {
			p += 2
			continue
		}
		if strings.HasPrefix(s[p:], q) {
			p += len(q)
			for n := 0; len(q) == 3 && n < 2 && p < len(s) && s[p] == q[0]; n++ {
				p++
			}
			return p
		}
		p++
	}
	return -1
}

// cutText splits a file into its byte order mark, its lines without
// their line endings, and those endings ("" for a last line without one).
func cutText(b []byte) (bom string, lines, eols []string) {
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		bom, b = "\xef\xbb\xbf", b[3:]
	}
	for _, l := range linemerge.Split(b) {
		text := strings.TrimSuffix(strings.TrimSuffix(l, "\n"), "\r")
		lines = append(lines, text)
		eols = append(eols, l[len(text):])
	}
	return bom, lines, eols
}

// textSide is one side of a file, lined up with the base.
type textSide struct {
	lines []string
	info  []lineInfo
	// at is, for each base line, the line of this side that it stands
	// as, or -1 where this side removed or changed it; variant marks a
	// line that says the same to TOML as the base's but is written
	// otherwise (a comment added after a value).
	at      []int
	variant []bool
	// from is, for each line of this side, the base line it stands for,
	// or -1 for a line this side wrote.
	from []int
}

// lineUp matches the lines of a side with the base's: equal lines along
// a longest common subsequence, then, between those, lines whose code is
// the same.
func lineUp(base []string, binfo []lineInfo, lines []string) *textSide {
	v := &textSide{lines: lines, info: scanText(lines), at: linemerge.Match(base, lines), variant: make([]bool, len(base))}
	pb, ps := 0, 0
	for i := 0; i <= len(base); i++ {
		if i < len(base) && v.at[i] < 0 {
			continue
		}
		end := len(lines)
		if i < len(base) {
			end = v.at[i]
		}
		if i > pb && end > ps {
			bk := make([]string, i-pb)
			for k := range bk {
				bk[k] = codeKey(binfo[pb+k], "b", pb+k)
			}
			sk := make([]string, end-ps)
			for k := range sk {
				sk[k] = codeKey(v.info[ps+k], "s", ps+k)
			}
			for k, j := range linemerge.Match(bk, sk) {
				if j >= 0 {
					v.at[pb+k], v.variant[pb+k] = ps+j, true
				}
			}
		}
		pb, ps = i+1, end+1
	}
	v.from = make([]int, len(lines))
	for j := range v.from {
		v.from[j] = -1
	}
	for i, j := range v.at {
		if j >= 0 {
			v.from[j] = i
		}
	}
	return v
}

// codeKey is what a line is matched by when lines are matched by code: a
// quiet line matches no other.
func codeKey(l lineInfo, side string, i int) string {
	if l.quiet() {
		return fmt.Sprintf("\x01%s%d", side, i)
	}
	return l.code
}

// spans marks the lines of the tables whose headers are at the given
// lines: from the comment lines directly above the header to those above
// the next header.
func spans(info []lineInfo, headers []int) []bool {
	attached := func(h int) int {
		for h > 0 && info[h-1].quiet() && info[h-1].comment != "" {
			h--
		}
		return h
	}
	mark := make([]bool, len(info))
	for _, h := range headers {
		if h < 0 || h >= len(info) || !info[h].header() {
			continue
		}
		end := len(info)
		for j := h + 1; j < len(info); j++ {
			if info[j].header() {
				end = attached(j)
				break
			}
		}
		for j := attached(h); j < end; j++ {
			mark[j] = true
		}
	}
	return mark
}

// ownComment is the first of the comment lines directly above the
// header at line h of theirs that are the table's own, and come with it
// when the merge adds it; h when there are none. With from, theirs' lines
// lined up with a base that did not have the item, only comment lines
// theirs wrote are its own: a comment the base has was there before the
// item was. Without, the comment that opens the file is the file's.
func ownComment(info []lineInfo, from []int, h int) int {
	first := h
	for first > 0 && ownLine(info, from, first-1) {
		first--
	}
	if from == nil && first < h && !slices.ContainsFunc(info[:first], func(l lineInfo) bool { return !l.quiet() || l.comment != "" }) {
		return h
	}
	return first
}

// ownLine reports whether line j of theirs is a comment line that may be
// a table's own (see ownComment).
func ownLine(info []lineInfo, from []int, j int) bool {
	return info[j].quiet() && info[j].comment != "" && (from == nil || from[j] < 0)
}

// itemText is where the text of the table whose header is at line h of
// theirs stands, as the merge brings it along when it adds the item:
// from its own comment above the header (from first, see ownComment) to
// its last line of code (last) and the comment lines directly below that
// are its own too (to end). A comment with a header right under it is
// that table's, and one that closes the file is the file's.
func itemText(info []lineInfo, from []int, h int) (first, last, end int) {
	first = ownComment(info, from, h)
	next := len(info)
	for j := h + 1; j < len(info); j++ {
		if info[j].header() {
			next = j
			break
		}
	}
	last = h
	for j := h + 1; j < next; j++ {
		if !info[j].quiet() {
			last = j
		}
	}
	end = last
	for end+1 < next && ownLine(info, from, end+1) {
		end++
	}
	// The block must end in a blank line with more of the file after it.
	if end > last {
		blank := end+1 < len(info) && info[end+1].quiet() && info[end+1].comment == ""
		more := slices.ContainsFunc(info[end+1:], func(l lineInfo) bool { return !l.quiet() || l.comment != "" })
		if !blank || !more {
			end = last
		}
	}
	return first, last, end
}

// headersOf are the 0-based header lines of the items of file name in
// src that known does not know under any id they have or had; with a nil
// known, none.
func headersOf(name string, src []byte, known *routines.OS) []int {
	if known == nil {
		return nil
	}
	o, ok := ParseLenient(name, src)
	if !ok {
		return nil
	}
	var out []int
	for _, k := range routines.Kinds() {
		if k.File() != name {
			continue
		}
		for _, it := range o.Items(k) {
			if !knows(known, k, it) {
				out = append(out, it.ItemMeta().Line-1)
			}
		}
	}
	return out
}

// knows reports whether o has an item of kind k that is it, under an id
// either of them has or had.
func knows(o *routines.OS, k routines.Kind, it routines.Item) bool {
	ids := append([]string{it.ItemID()}, routines.FormerIDs(it)...)
	for _, x := range o.Items(k) {
		if slices.Contains(ids, x.ItemID()) || slices.ContainsFunc(routines.FormerIDs(x), func(f string) bool { return slices.Contains(ids, f) }) {
			return true
		}
	}
	return false
}

// mergeText merges theirs' text outside items into merged, M, the item
// merge's version of file name, against base. Where the base has no such
// file (or an empty one), the lines M and theirs share stand for it.
// brought are the stretches of theirs' lines (first and last, 0-based)
// that the item merge brought with the items it added. It returns the
// text and theirs' new comments it did not keep.
func mergeText(name string, base, merged, theirs []byte, brought [][2]int) ([]byte, []string) {
	bom, ml, meol := cutText(merged)
	_, tl, _ := cutText(theirs)
	var bl []string
	var added, removed []int // theirs' new items' headers, and the base's items theirs removed
	if len(base) > 0 {
		_, bl, _ = cutText(base)
		if bo, ok := ParseLenient(name, base); ok {
			added = headersOf(name, theirs, bo)
		}
		if to, ok := ParseLenient(name, theirs); ok {
			removed = headersOf(name, base, to)
		}
	} else {
		// The lines both have, in order, are the base: each side's other
		// lines are its own.
		for i, j := range linemerge.Match(ml, tl) {
			if j >= 0 {
				bl = append(bl, ml[i])
			}
		}
	}
	binfo := scanText(bl)
	m, t := lineUp(bl, binfo, ml), lineUp(bl, binfo, tl)

	// Theirs' new items came in through the item merge, with their
	// comments: their lines are not brought again, nor those of an item
	// both sides added. The comments of an item theirs removed stay as
	// long as M has the item.
	skip := make([]bool, len(tl))
	for _, r := range brought {
		for j := max(r[0], 0); j <= r[1] && j < len(tl); j++ {
			skip[j] = true
		}
	}
	added = slices.DeleteFunc(added, func(h int) bool { return h >= 0 && h < len(skip) && skip[h] })
	for j, s := range spans(t.info, added) {
		skip[j] = skip[j] || s
	}
	keep := spans(binfo, removed)

	// A comment theirs moved is no change: the item merge does not move
	// items either, and the comment stays with the item mine has where
	// it is.
	gone := map[string][]int{}
	for i, j := range t.at {
		if j < 0 && binfo[i].quiet() && binfo[i].comment != "" {
			gone[bl[i]] = append(gone[bl[i]], i)
		}
	}
	for j, i := range t.from {
		if i < 0 && !skip[j] && t.info[j].quiet() && t.info[j].comment != "" {
			if at := gone[tl[j]]; len(at) > 0 {
				keep[at[0]], skip[j] = true, true
				gone[tl[j]] = at[1:]
			}
		}
	}

	// What both sides wrote anew the same way comes once, where mine has
	// it.
	same := pairNew(m, t, skip, len(bl))
	for _, j := range same {
		skip[j] = true
	}

	// Mine's lines keep their own line endings; theirs' take the first
	// one M has.
	eol := "\n"
	if i := slices.IndexFunc(meol, func(e string) bool { return e != "" }); i >= 0 {
		eol = meol[i]
	}
	type line struct{ text, eol string }
	var out []line
	a, b := 0, 0
	var emitT func(upto int)
	emitM := func(upto int) {
		for ; a < upto; a++ {
			j, ok := same[a]
			if !ok {
				out = append(out, line{ml[a], meol[a]})
				continue
			}
			// Theirs' lines before its own version of this one come
			// first: a comment it wrote above the value stays above. Its
			// version is taken for a comment after the value that mine's
			// lacks.
			if j >= b {
				emitT(j)
				b = j + 1
			}
			text := ml[a]
			if !m.info[a].quiet() && m.info[a].comment == "" {
				text = tl[j]
			}
			out = append(out, line{text, meol[a]})
		}
	}
	emitT = func(upto int) {
		comments := false
		for j := b; j < upto; j++ {
			if !skip[j] && t.info[j].quiet() && t.info[j].comment != "" {
				comments = true
			}
		}
		for ; b < upto; b++ {
			if !skip[b] && t.info[b].quiet() && (t.info[b].comment != "" || comments) {
				out = append(out, line{tl[b], eol})
			}
		}
	}
	for i := range bl {
		mj, tj := m.at[i], t.at[i]
		if mj >= 0 {
			emitM(mj)
		}
		if tj >= 0 {
			emitT(tj)
		}
		if mj >= 0 {
			switch {
			case tj < 0 && binfo[i].quiet() && !keep[i]:
				// theirs removed this comment or blank line
			case tj < 0 || m.variant[i]:
				out = append(out, line{ml[mj], meol[mj]})
			default:
				out = append(out, line{tl[tj], meol[mj]})
			}
			a = mj + 1
		}
		if tj >= 0 {
			b = tj + 1
		}
	}
	emitM(len(ml))
	emitT(len(tl))

	// A line that had no ending gets one when others follow it; the file
	// ends as M ends, with a line ending or without.
	var buf bytes.Buffer
	buf.WriteString(bom)
	final := len(merged) == 0 || bytes.HasSuffix(merged, []byte("\n"))
	for i, l := range out {
		buf.WriteString(l.text)
		if i < len(out)-1 || final {
			if l.eol == "" {
				l.eol = eol
			}
			buf.WriteString(l.eol)
		}
	}
	res := buf.Bytes()
	return res, lostComments(base, theirs, res)
}

// pairNew pairs lines that both sides wrote anew in the same stretch of
// the base and that say the same: lines of code with the same code (the
// item merge took theirs' value), comment lines with the same text (both
// wrote the same comment). It maps mine's line to theirs'.
func pairNew(m, t *textSide, skip []bool, nbase int) map[int]int {
	key := func(l lineInfo, text string) string {
		switch {
		case !l.quiet():
			return l.code
		case l.comment != "":
			return "\x02" + strings.TrimSpace(text)
		}
		return ""
	}
	lo, hi := stretches(m.from, nbase)
	tlo, thi := stretches(t.from, nbase)
	var theirs []int // theirs' new lines that are not blank
	for j, i := range t.from {
		if i < 0 && !skip[j] && key(t.info[j], t.lines[j]) != "" {
			theirs = append(theirs, j)
		}
	}
	used := make([]bool, len(t.lines))
	out := map[int]int{}
	for a, i := range m.from {
		if len(theirs) == 0 {
			break
		}
		k := key(m.info[a], m.lines[a])
		if i >= 0 || k == "" {
			continue
		}
		for _, j := range theirs {
			if used[j] || key(t.info[j], t.lines[j]) != k {
				continue
			}
			if max(lo[a], tlo[j]) < min(hi[a], thi[j]) {
				out[a], used[j] = j, true
				break
			}
		}
	}
	return out
}

// stretches gives each line a side wrote the base lines it stands
// between: the base line of the side's nearest line before it that stands
// for one (or -1), and of the nearest after it (or nbase).
func stretches(from []int, nbase int) (lo, hi []int) {
	lo, hi = make([]int, len(from)), make([]int, len(from))
	last := -1
	for j, i := range from {
		if i >= 0 {
			last = i
		}
		lo[j] = last
	}
	next := nbase
	for j := len(from) - 1; j >= 0; j-- {
		if from[j] >= 0 {
			next = from[j]
		}
		hi[j] = next
	}
	return lo, hi
}
