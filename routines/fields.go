package routines

// This file reaches an item's fields by their TOML key. The keys are the one
// vocabulary of the tool: `set` takes them, --json prints them, diffs and
// merges name them. The tables behind it are read from the struct tags of
// model.go once, so a field added there is known here without more code.

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Field is one field of an item or of the settings: its TOML key (dotted
// for the tables of os.toml, like "calendar.grid") and its value, which is
// a string, int, bool, Date or []string.
type Field struct {
	Key   string
	Value any
}

// keyType is the Go type of a field, as far as reading and writing it by
// key cares.
type keyType int

const (
	keyString keyType = iota
	keyInt
	keyBool
	keyBoolPtr
	keyDate
	keyDatePtr
	keyStrings
)

// keyField is one TOML key of a struct: where it is and what it holds.
type keyField struct {
	key   string
	index []int
	typ   keyType
}

// keyTable is every TOML key of a struct type, in struct order. It is
// also what the decoder (load.go) fills structs by, so reading a file,
// setting a field and comparing items know the same keys.
type keyTable struct {
	fields []keyField
	keys   []string
	byKey  map[string]int
	// tables maps the dotted name of each nested table ("calendar") to
	// the prefix of its keys ("calendar.").
	tables map[string]string
	// levels lists the keys each table knows, by the prefix of its keys
	// ("" for the top, "calendar." for [calendar]): the plain keys and the
	// names of nested tables, in struct order.
	levels map[string][]string
	// metas maps the same prefixes to the index of the struct's Meta.
	metas map[string][]int
	// what names the owner in errors: "routine", "os.toml".
	what string
	// sep splits list values given as text.
	sep string
}

// keyTables holds the tables of the model's types, built on first use.
var keyTables = sync.OnceValue(func() map[reflect.Type]*keyTable {
	m := make(map[reflect.Type]*keyTable)
	add := func(t reflect.Type, what, sep string) {
		tb := &keyTable{byKey: make(map[string]int), tables: make(map[string]string),
			levels: make(map[string][]string), metas: make(map[string][]int), what: what, sep: sep}
		tb.collect(t, "", nil)
		m[t] = tb
	}
	add(reflect.TypeFor[Routine](), string(KindRoutine), ",")
	add(reflect.TypeFor[Priority](), string(KindPriority), ",")
	add(reflect.TypeFor[Block](), string(KindBlock), ",")
	add(reflect.TypeFor[Event](), string(KindEvent), ",")
	add(reflect.TypeFor[Theme](), string(KindTheme), ",")
	// Prompts are sentences and hold commas, so the one list of os.toml is
	// split on semicolons.
	add(reflect.TypeFor[Settings](), FileOS, ";")
	return m
})

// collect adds the tagged fields of t to the table; struct fields other
// than Date are tables of their own and give dotted keys.
func (tb *keyTable) collect(t reflect.Type, prefix string, index []int) {
	dateT := reflect.TypeFor[Date]()
	for i := range t.NumField() {
		f := t.Field(i)
		idx := append(slices.Clip(index), i)
		if f.Type == reflect.TypeFor[Meta]() {
			tb.metas[prefix] = idx
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		key := prefix + name
		tb.levels[prefix] = append(tb.levels[prefix], name)
		var typ keyType
		switch ft := f.Type; {
		case ft == dateT:
			typ = keyDate
		case ft.Kind() == reflect.Pointer && ft.Elem() == dateT:
			typ = keyDatePtr
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Bool:
			typ = keyBoolPtr
		case ft.Kind() == reflect.Struct:
			tb.tables[key] = key + "."
			tb.collect(ft, key+".", idx)
			continue
		case ft.Kind() == reflect.String:
			typ = keyString
		case ft.Kind() == reflect.Int:
			typ = keyInt
		case ft.Kind() == reflect.Bool:
			typ = keyBool
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			typ = keyStrings
		default:
			// The model's types are fixed; a new field type needs a case
			// here, and the tests of this file fail until it has one.
			panic(fmt.Sprintf("routines: field %s of %s has type %s, which fields.go cannot handle", f.Name, t, ft))
		}
		tb.byKey[key] = len(tb.fields)
		tb.fields = append(tb.fields, keyField{key: key, index: idx, typ: typ})
		tb.keys = append(tb.keys, key)
	}
}

// tableOf returns the table of the struct x points to, and the struct.
func tableOf(x any) (*keyTable, reflect.Value, bool) {
	v := reflect.ValueOf(x)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil, reflect.Value{}, false
	}
	v = v.Elem()
	tb, ok := keyTables()[v.Type()]
	return tb, v, ok
}

func kindTable(k Kind) *keyTable {
	it := NewItem(k)
	if it == nil {
		return nil
	}
	tb, _, _ := tableOf(it)
	return tb
}

// FieldNames lists every key of kind k in struct order: id, title, then the
// rest as model.go declares them. It is nil for an unknown kind.
func FieldNames(k Kind) []string {
	tb := kindTable(k)
	if tb == nil {
		return nil
	}
	return slices.Clone(tb.keys)
}

// SettingsFieldNames lists the keys of os.toml, dotted for its tables:
// "name", ..., "calendar.grid", "priorities.limit", "review.weekly_day",
// "review.prompts".
func SettingsFieldNames() []string {
	tb, _, _ := tableOf(&Settings{})
	return slices.Clone(tb.keys)
}

// Fields lists the fields of it that are set, in struct order; id and title
// are always there. Empty strings, 0, false, zero dates, empty lists and
// nil pointers count as not set.
func Fields(it Item) []Field {
	tb, v, ok := tableOf(it)
	if !ok {
		return nil
	}
	return tb.setFields(v, true)
}

// SettingsFields lists the fields of s that are set, with dotted keys.
// render counts as set whenever it is written, true or false.
func SettingsFields(s *Settings) []Field {
	tb, v, ok := tableOf(s)
	if !ok {
		return nil
	}
	return tb.setFields(v, false)
}

func (tb *keyTable) setFields(v reflect.Value, idTitle bool) []Field {
	out := make([]Field, 0, len(tb.fields))
	for _, f := range tb.fields {
		fv := v.FieldByIndex(f.index)
		always := idTitle && (f.key == "id" || f.key == "title")
		if !always && !isSet(fv, f.typ) {
			continue
		}
		out = append(out, Field{Key: f.key, Value: valueOf(fv, f.typ)})
	}
	return out
}

// FieldValue is the value of it's field key, and whether it has that key.
// An unset *Date field gives nil; an unset field of another type gives its
// zero value.
func FieldValue(it Item, key string) (any, bool) {
	tb, v, ok := tableOf(it)
	if !ok {
		return nil, false
	}
	return tb.value(v, key)
}

// SettingsFieldValue is the value of the os.toml field with the dotted key,
// and whether there is such a key. An unset render gives nil.
func SettingsFieldValue(s *Settings, key string) (any, bool) {
	tb, v, ok := tableOf(s)
	if !ok {
		return nil, false
	}
	return tb.value(v, key)
}

func (tb *keyTable) value(v reflect.Value, key string) (any, bool) {
	i, ok := tb.byKey[key]
	if !ok {
		return nil, false
	}
	f := tb.fields[i]
	return valueOf(v.FieldByIndex(f.index), f.typ), true
}

// isSet is the one notion of a field being set: written in its file.
// Fields and SettingsFields list what it says is set, and the editors
// (edit.go) write exactly those keys. Empty text, 0, false, a zero date,
// an empty list and a nil pointer are not set; a *bool that is there is
// set, false or not (render = false is written).
func isSet(fv reflect.Value, t keyType) bool {
	switch t {
	case keyString:
		return fv.Len() > 0
	case keyInt:
		return fv.Int() != 0
	case keyBool:
		return fv.Bool()
	case keyBoolPtr, keyDatePtr:
		return !fv.IsNil()
	case keyDate:
		return !fv.IsZero()
	case keyStrings:
		return fv.Len() > 0
	}
	return false
}

// valueOf boxes a field's value as one of the types Field.Value holds.
// Lists are copied so that callers cannot change the item through them.
func valueOf(fv reflect.Value, t keyType) any {
	switch t {
	case keyString:
		return fv.String()
	case keyInt:
		return int(fv.Int())
	case keyBool:
		return fv.Bool()
	case keyBoolPtr:
		if fv.IsNil() {
			return nil
		}
		return fv.Elem().Bool()
	case keyDate:
		return fv.Interface().(Date)
	case keyDatePtr:
		if fv.IsNil() {
			return nil
		}
		return *fv.Interface().(*Date)
	case keyStrings:
		if fv.Len() == 0 {
			return []string(nil)
		}
		return slices.Clone(fv.Interface().([]string))
	}
	return nil
}

// FormatValue writes a field value for people and for the command line:
// strings as they are, dates as YYYY-MM-DD, lists joined with commas
// ("mon,tue"), ints and bools as Go writes them, and nil or a zero date as
// "". For every item field, SetField reads back what FormatValue writes.
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case Date:
		if x.IsZero() {
			return ""
		}
		return x.String()
	case *Date:
		if x == nil || x.IsZero() {
			return ""
		}
		return x.String()
	case *bool:
		if x == nil {
			return ""
		}
		return strconv.FormatBool(*x)
	case []string:
		return strings.Join(x, ",")
	}
	return fmt.Sprint(v)
}

// NewItem returns a new, zero item of kind k (a *Routine for "routine"),
// or nil for an unknown kind.
func NewItem(k Kind) Item {
	switch k {
	case KindRoutine:
		return &Routine{}
	case KindPriority:
		return &Priority{}
	case KindBlock:
		return &Block{}
	case KindEvent:
		return &Event{}
	case KindTheme:
		return &Theme{}
	}
	return nil
}

// CloneItem returns a deep copy of it: lists and dates are copied, so that
// changing the copy leaves the original as it was.
func CloneItem(it Item) Item {
	switch x := it.(type) {
	case *Routine:
		if x == nil {
			return nil
		}
		c := *x
		c.Since = cloneDate(x.Since)
		c.Formerly = slices.Clone(x.Formerly)
		c.Meta = x.Meta.clone()
		return &c
	case *Priority:
		if x == nil {
			return nil
		}
		c := *x
		c.Due = cloneDate(x.Due)
		c.Started = cloneDate(x.Started)
		c.DeferredUntil = cloneDate(x.DeferredUntil)
		c.Formerly = slices.Clone(x.Formerly)
		c.Meta = x.Meta.clone()
		return &c
	case *Block:
		if x == nil {
			return nil
		}
		c := *x
		c.Days = slices.Clone(x.Days)
		c.Formerly = slices.Clone(x.Formerly)
		c.Meta = x.Meta.clone()
		return &c
	case *Event:
		if x == nil {
			return nil
		}
		c := *x
		c.Meta = x.Meta.clone()
		return &c
	case *Theme:
		if x == nil {
			return nil
		}
		c := *x
		c.Formerly = slices.Clone(x.Formerly)
		c.Meta = x.Meta.clone()
		return &c
	}
	return nil
}

func cloneDate(d *Date) *Date {
	if d == nil {
		return nil
	}
	c := *d
	return &c
}

func (m Meta) clone() Meta {
	m.keys = slices.Clone(m.keys)
	return m
}

// IsDateField reports whether key is a date field of kind k (due, since,
// date, started, ...), so that a command line can read words such as
// "tomorrow" before SetField, which takes YYYY-MM-DD only.
func IsDateField(k Kind, key string) bool {
	tb := kindTable(k)
	if tb == nil {
		return false
	}
	i, ok := tb.byKey[key]
	return ok && (tb.fields[i].typ == keyDate || tb.fields[i].typ == keyDatePtr)
}

// SetField sets it's field key from text, parsed for the field's type:
// strings as they are; whole numbers; true/false or yes/no; dates as
// YYYY-MM-DD; lists as comma-separated parts with spaces trimmed. Empty
// text clears a field: "", 0, false, no date, no list. The id may be set
// too; the caller checks that it stays unique. SetField checks types only:
// whether a status or a time makes sense is for validation to say.
func SetField(it Item, key, text string) error {
	tb, v, ok := tableOf(it)
	if !ok {
		return fmt.Errorf("cannot set fields of %T", it)
	}
	return tb.set(v, key, text)
}

// SetSettingsField sets the os.toml field with the dotted key (like
// "priorities.limit") from text, read as SetField reads it. The one list,
// review.prompts, takes one prompt per semicolon-separated part, since
// prompts are sentences that hold commas: "What is the one thing today?;
// What will I put off?". Empty text clears a field; for render it removes
// the key, so that the default applies.
func SetSettingsField(s *Settings, key, text string) error {
	tb, v, ok := tableOf(s)
	if !ok {
		return fmt.Errorf("cannot set fields of %T", s)
	}
	return tb.set(v, key, text)
}

func (tb *keyTable) set(v reflect.Value, key, text string) error {
	i, ok := tb.byKey[key]
	if !ok {
		what := "for " + tb.what
		if tb.what == FileOS {
			what = "in " + tb.what
		}
		if s := Suggest(key, tb.keys); s != "" {
			return fmt.Errorf("unknown field %q %s (did you mean %q?)", key, what, s)
		}
		return fmt.Errorf("unknown field %q %s", key, what)
	}
	f := tb.fields[i]
	fv := v.FieldByIndex(f.index)
	switch f.typ {
	case keyString:
		fv.SetString(text)
	case keyInt:
		if text == "" {
			fv.SetInt(0)
			return nil
		}
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 32)
		if err != nil {
			return fmt.Errorf("%s: want a whole number, got %q", key, text)
		}
		fv.SetInt(n)
	case keyBool:
		b, err := parseBoolText(key, text)
		if err != nil {
			return err
		}
		fv.SetBool(b)
	case keyBoolPtr:
		if text == "" {
			fv.SetZero()
			return nil
		}
		b, err := parseBoolText(key, text)
		if err != nil {
			return err
		}
		fv.Set(reflect.ValueOf(&b))
	case keyDate, keyDatePtr:
		if strings.TrimSpace(text) == "" {
			fv.SetZero()
			return nil
		}
		d, err := ParseDate(strings.TrimSpace(text))
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		if f.typ == keyDate {
			fv.Set(reflect.ValueOf(d))
		} else {
			fv.Set(reflect.ValueOf(&d))
		}
	case keyStrings:
		var list []string
		for part := range strings.SplitSeq(text, tb.sep) {
			if part = strings.TrimSpace(part); part != "" {
				list = append(list, part)
			}
		}
		fv.Set(reflect.ValueOf(list))
	}
	return nil
}

func parseBoolText(key, text string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "", "false", "no":
		return false, nil
	case "true", "yes":
		return true, nil
	}
	return false, fmt.Errorf("%s: want true or false (or yes or no), got %q", key, text)
}

// ChangedFields lists the keys whose values differ between a and b, two
// items of the same kind, in struct order. Unset and empty count as equal
// (a nil list and an empty one); where a field sits in its file does not
// count. Items of different kinds differ in every key of a.
func ChangedFields(a, b Item) []string {
	ta, va, oka := tableOf(a)
	tb, vb, okb := tableOf(b)
	if !oka || !okb {
		return nil
	}
	if ta != tb {
		return slices.Clone(ta.keys)
	}
	return ta.changed(va, vb)
}

// EqualFields reports whether a and b, two items of the same kind, have
// the same value in every field: ChangedFields is empty.
func EqualFields(a, b Item) bool {
	ta, va, oka := tableOf(a)
	tb, vb, okb := tableOf(b)
	if !oka || !okb || ta != tb {
		return false
	}
	for _, f := range ta.fields {
		if !sameValue(va.FieldByIndex(f.index), vb.FieldByIndex(f.index), f.typ) {
			return false
		}
	}
	return true
}

// ChangedSettingsFields lists the dotted keys of os.toml whose values differ
// between a and b, in struct order.
func ChangedSettingsFields(a, b *Settings) []string {
	ta, va, oka := tableOf(a)
	_, vb, okb := tableOf(b)
	if !oka || !okb {
		return nil
	}
	return ta.changed(va, vb)
}

func (tb *keyTable) changed(va, vb reflect.Value) []string {
	var out []string
	for _, f := range tb.fields {
		if !sameValue(va.FieldByIndex(f.index), vb.FieldByIndex(f.index), f.typ) {
			out = append(out, f.key)
		}
	}
	return out
}

// sameValue compares two fields without boxing them, so that comparing
// whole snapshots stays cheap.
func sameValue(a, b reflect.Value, t keyType) bool {
	switch t {
	case keyString:
		return a.String() == b.String()
	case keyInt:
		return a.Int() == b.Int()
	case keyBool:
		return a.Bool() == b.Bool()
	case keyBoolPtr, keyDatePtr:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return a.Elem().Equal(b.Elem())
	case keyDate:
		return a.Equal(b)
	case keyStrings:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if a.Index(i).String() != b.Index(i).String() {
				return false
			}
		}
		return true
	}
	return false
}

// Suggest returns the candidate that word was most likely meant to be, or
// "" when none is close: within two edits (one for words of up to four
// letters), counting a swap of neighbours as one edit, a candidate that
// word begins (at least three letters), or the same word in the singular
// or the plural ("priority" suggests "priorities", which is three edits
// away). A dotted candidate also matches on its last part, so "limit"
// suggests "priorities.limit". Case is ignored; of equally close
// candidates the first wins.
func Suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	if w == "" {
		return ""
	}
	maxDist := 2
	if utf8.RuneCountInString(w) <= 4 {
		maxDist = 1
	}
	best, bestDist := "", maxDist+1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(w, lc)
		if i := strings.LastIndexByte(lc, '.'); i >= 0 {
			d = min(d, editDistance(w, lc[i+1:]))
		}
		if d > 1 && len(w) >= 3 && strings.HasPrefix(lc, w) {
			d = 1
		}
		if d > 1 && (singularPlural(w, lc) || singularPlural(lc, w)) {
			d = 1
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// singularPlural reports whether many is the English plural of one, as
// the names of the model's tables make theirs: routine, routines;
// priority, priorities.
func singularPlural(one, many string) bool {
	if len(one) < 3 {
		return false
	}
	if many == one+"s" || many == one+"es" {
		return true
	}
	stem, ok := strings.CutSuffix(one, "y")
	return ok && many == stem+"ies"
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows are enough: the swap looks two back.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
