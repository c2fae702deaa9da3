// Package tmpl reads templates — starting points for an OS that a person or
// a team shares — from wherever they are (built in, a folder, a git
// repository), and brings them into an OS: at init, and later as a
// three-way merge that keeps the person's own changes.
//
// A template is someone else's input. Reading one never runs code and never
// follows a link: only template.toml and the OS files are read, every path
// is checked to stay inside the template, and anywhere in the template a
// symlink, an executable, a hooks folder or a file over a mebibyte is
// refused, as is a template with more than MaxItems items. A git template
// is read from the objects of its commit, never checked out, so nothing of
// it lands on disk but the repository's own objects, and git hooks never
// run. Placeholders are plain text substitution of {{.Name}} and
// {{.Owner}}, not a template language, so a template cannot compute
// anything. Everything is checked before anything changes.
package tmpl

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/myos-dev/myos/routines"
	"github.com/myos-dev/myos/templates"
)

// ErrNoMeta is why a folder without a template.toml naming it is refused:
// a folder of OS files is not yet a template.
var ErrNoMeta = errors.New("no template.toml with a name: not a myos template")

// MaxItems is the most items a template may hold, over all kinds.
const MaxItems = 1000

// MetaFile is the file that names and describes a template.
const MetaFile = "template.toml"

// Meta is template.toml.
type Meta struct {
	Name        string `toml:"name" json:"name"`
	Description string `toml:"description" json:"description"`
	Version     string `toml:"version" json:"version"`
	Author      string `toml:"author" json:"author,omitempty"`
}

// Template is a template read from a source, with its files as written
// (placeholders not yet filled in).
type Template struct {
	Meta   Meta              `json:"meta"`
	Source string            `json:"source"`           // "builtin:NAME", a folder, or a URL
	Commit string            `json:"commit,omitempty"` // for git sources
	Files  map[string][]byte `json:"-"`                // model files only, by name
}

// Vars fill in a template's placeholders.
type Vars struct {
	Name, Owner string
}

// BuiltinPrefix marks a built-in template's source.
const BuiltinPrefix = "builtin:"

// Builtins lists the built-in templates by name.
func Builtins() []string {
	entries, err := fs.ReadDir(templates.FS, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Builtin reads the built-in template name.
func Builtin(name string) (*Template, error) {
	sub, err := fs.Sub(templates.FS, name)
	if err != nil || !isBuiltin(name) {
		return nil, fmt.Errorf("no built-in template %q (built in: %s)", name, strings.Join(Builtins(), ", "))
	}
	return Read(sub, BuiltinPrefix+name)
}

func isBuiltin(name string) bool {
	for _, n := range Builtins() {
		if n == name {
			return true
		}
	}
	return false
}

// UnusableError is Read's refusal of a template whose own files are
// wrong: a file that could run or point elsewhere, one too big, a
// template.toml or an OS file that does not read, an OS that is not
// valid. (A folder that is no template at all is refused otherwise.) The message is Err's; the type lets a command say whose files
// they are to fix.
type UnusableError struct {
	Source string
	Err    error
}

func (e *UnusableError) Error() string { return e.Err.Error() }
func (e *UnusableError) Unwrap() error { return e.Err }

// Read reads a template from fsys, checking everything about it that can
// be checked before it is used. source names it in messages. What is
// wrong with the template's files is an *UnusableError.
func Read(fsys fs.FS, source string) (*Template, error) {
	t, err := read(fsys, source)
	switch {
	case errors.Is(err, ErrNoMeta), errors.Is(err, ErrNoOS):
		return nil, err // not a template at all
	case err != nil:
		return nil, &UnusableError{Source: source, Err: err}
	}
	return t, nil
}

// ErrNoOS is why a folder with a template.toml but no os.toml is refused.
var ErrNoOS = errors.New("no os.toml: not a myos template")

func read(fsys fs.FS, source string) (*Template, error) {
	t := &Template{Source: source, Files: map[string][]byte{}}
	if err := checkTree(fsys, source); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", source, err)
	}
	wanted := map[string]bool{MetaFile: true}
	for _, f := range routines.ModelFiles() {
		wanted[f] = true
	}
	for _, e := range entries {
		name := e.Name()
		if !wanted[name] {
			continue // README, LICENSE, .git and the rest are never read
		}
		if e.Type()&fs.ModeSymlink != 0 || !e.Type().IsRegular() {
			return nil, fmt.Errorf("template %s: %s is a symlink or not a regular file: refused", source, name)
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", source, err)
		}
		if info.Size() > routines.MaxFileSize {
			return nil, fmt.Errorf("template %s: %s is %d bytes, over the 1 MiB a file may have: refused", source, name, info.Size())
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", source, err)
		}
		if len(b) > routines.MaxFileSize {
			return nil, fmt.Errorf("template %s: %s is over 1 MiB: refused", source, name)
		}
		if name == MetaFile {
			if err := readMeta(b, &t.Meta); err != nil {
				if le := (*lineError)(nil); errors.As(err, &le) && le.line > 0 {
					return nil, fmt.Errorf("template %s: %s:%d: %w", source, name, le.line, err)
				}
				return nil, fmt.Errorf("template %s: %s: %w", source, name, err)
			}
			continue
		}
		t.Files[name] = b
	}
	if t.Meta.Name == "" {
		return nil, fmt.Errorf("template %s: %w", source, ErrNoMeta)
	}
	if _, ok := t.Files[routines.FileOS]; !ok {
		return nil, fmt.Errorf("template %s: %w", source, ErrNoOS)
	}
	// Fill in neutral values and validate the whole OS before anyone
	// uses the template, so that a bad one is refused up front.
	files, err := t.Render(Vars{Name: "Template", Owner: "Owner"})
	if err != nil {
		return nil, err
	}
	// Count before validating, so that a huge template is refused
	// without the work of checking it.
	o, errs := routines.ParseFiles(files)
	n := len(o.Routines) + len(o.Priorities) + len(o.Blocks) + len(o.Events) + len(o.Themes)
	if n > MaxItems {
		return nil, fmt.Errorf("template %s: %d items, more than the %d a template may have: refused", source, n, MaxItems)
	}
	if len(errs) == 0 {
		errs = routines.Validate(o)
	}
	if len(errs) > 0 {
		routines.SortFindings(errs)
		return nil, fmt.Errorf("template %s: %s", source, routines.Errors(errs).Lead().String())
	}
	return t, nil
}

func readMeta(b []byte, m *Meta) error {
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(m)
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &lineError{pe.Position.Line, errors.New(pe.Message)}
	}
	if m := typeMismatch().FindStringSubmatch(fmt.Sprint(err)); m != nil {
		// A plain error of the decoder's, not a ParseError.
		line, _ := strconv.Atoi(m[1])
		return &lineError{line, fmt.Errorf("%s: want text in quotes, like %s = \"1.0.0\"", m[2], m[2])}
	}
	if err != nil {
		return err
	}
	// Keys are what they are written as, as in the OS files: the decoder
	// would take Name for name.
	for _, k := range md.Keys() {
		if len(k) == 1 && !slices.Contains(MetaKeys, k[0]) && !codeKey(k[0]) {
			msg := fmt.Sprintf("unknown key %q (template.toml has name, description, version and author)", k[0])
			if sug := routines.Suggest(k[0], MetaKeys); sug != "" {
				msg = fmt.Sprintf("unknown key %q (did you mean %q?)", k[0], sug)
			}
			return &lineError{keyLine(b, k[0]), errors.New(msg)}
		}
	}
	if und := md.Undecoded(); len(und) > 0 {
		key := und[0].String()
		line := keyLine(b, und[0][0])
		if codeKey(key) {
			return &lineError{line, fmt.Errorf("%q: a template never runs code: refused", key)}
		}
		return &lineError{line, fmt.Errorf("unknown key %q (template.toml has name, description, version and author)", key)}
	}
	if m.Name != "" && !routines.ValidID(m.Name) {
		return fmt.Errorf("name %q: use lowercase letters, digits and dashes", m.Name)
	}
	return m.checkText()
}

// typeMismatch is the decoder's error for a value of another type than
// the key's: every key of template.toml is text.
var typeMismatch = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]+)"\): incompatible types`)
})

// lineError is an error about one line of a file (0: no line known).
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }
func (e *lineError) Unwrap() error { return e.err }

// keyLine is the line of src where the top-level key or table key is
// first written (key = ..., [key] or [[key]]), or 0.
func keyLine(src []byte, key string) int {
	for i, l := range strings.Split(string(src), "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimLeft(l, "[")
		l = strings.TrimSpace(strings.Trim(strings.TrimSpace(l), `"'`))
		if rest, ok := strings.CutPrefix(l, key); ok {
			rest = strings.TrimLeft(strings.TrimSpace(strings.TrimLeft(rest, `"'`)), " ")
			if rest == "" || rest[0] == '=' || rest[0] == ']' || rest[0] == '.' {
				return i + 1
			}
		}
	}
	return 0
}

// checkText refuses control characters in the metadata's text. It is
// shown on terminals and written into commit messages and the README,
// where a line break could forge a line (a Signed-off-by trailer) and an
// escape sequence could rewrite the screen.
func (m *Meta) checkText() error {
	for _, f := range []struct{ key, val string }{
		{"description", m.Description}, {"version", m.Version}, {"author", m.Author},
	} {
		if strings.ContainsFunc(f.val, unicode.IsControl) {
			return fmt.Errorf("%s %q: write it on one line, without control characters (line breaks, tabs, escapes)", f.key, f.val)
		}
	}
	return nil
}

// placeholder matches every {{ ... }} in a template file.
var placeholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\s*([^}]*?)\s*\}\}`) })

// Render fills in the placeholders of every file. The values are escaped
// for a TOML basic string, the only place a placeholder may stand.
func (t *Template) Render(v Vars) (map[string][]byte, error) {
	out := make(map[string][]byte, len(t.Files))
	for _, name := range sortedNames(t.Files) {
		var bad string
		b := placeholder().ReplaceAllFunc(t.Files[name], func(m []byte) []byte {
			switch string(placeholder().FindSubmatch(m)[1]) {
			case ".Name":
				return []byte(escapeBasic(v.Name))
			case ".Owner":
				return []byte(escapeBasic(v.Owner))
			}
			if bad == "" {
				bad = string(m)
			}
			return m
		})
		if bad != "" {
			return nil, fmt.Errorf("template %s: %s: unknown placeholder %s (only {{.Name}} and {{.Owner}} are filled in)", t.Source, name, bad)
		}
		out[name] = b
	}
	return out, nil
}

func escapeBasic(s string) string {
	enc := routines.EncodeValue(strings.ReplaceAll(s, "\n", " "))
	return enc[1 : len(enc)-1]
}

// Counts is how many items of each kind a set of OS files holds.
func Counts(files map[string][]byte) (map[routines.Kind]int, error) {
	o, err := routines.LoadFiles(files)
	if err != nil {
		return nil, err
	}
	c := map[routines.Kind]int{}
	for _, k := range routines.Kinds() {
		c[k] = len(o.Items(k))
	}
	return c, nil
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
