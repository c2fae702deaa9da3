package tmpl

// A template's own repository holds template.toml beside the OS files:
// its authors change the version and the description there as they
// change the OS, with myos set template or by hand and myos commit. Both
// check it as a member's template update will, so that nothing a member
// would refuse is committed.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/myos-dev/myos/routines"
)

// MetaKeys are the keys of template.toml, in the order they are written.
var MetaKeys = []string{"name", "description", "version", "author"}

// MetaError is what is wrong with a template.toml: at Line, when known.
type MetaError struct {
	Line int
	Err  error
}

func (e *MetaError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", MetaFile, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", MetaFile, e.Err)
}

func (e *MetaError) Unwrap() error { return e.Err }

// ParseMeta reads template.toml as a member's update reads it. Its errors
// are *MetaError.
func ParseMeta(b []byte) (Meta, error) {
	var m Meta
	if len(b) > routines.MaxFileSize {
		return m, &MetaError{Err: errors.New("over 1 MiB")}
	}
	if err := readMeta(b, &m); err != nil {
		if le := (*lineError)(nil); errors.As(err, &le) {
			return m, &MetaError{le.line, le.err}
		}
		return m, &MetaError{Err: err}
	}
	if m.Name == "" {
		return m, &MetaError{Err: errors.New("name is missing: a template needs one (lowercase letters, digits and dashes)")}
	}
	return m, nil
}

// SetMetaField sets key of template.toml src to value: only the value
// changes, every other line, comment and line ending stays as written
// (see routines.SetRootKey); a key not written yet is added after the
// others. The result is checked as ParseMeta checks it.
func SetMetaField(src []byte, key, value string) ([]byte, error) {
	if !slices.Contains(MetaKeys, key) {
		return nil, fmt.Errorf("unknown field %q (template.toml has %s)", key, strings.Join(MetaKeys, ", "))
	}
	if !utf8.ValidString(value) {
		return nil, fmt.Errorf("%s %q: not valid UTF-8 text", key, value)
	}
	// The layout editor reads TOML: a file that is not, it does not edit.
	var any map[string]any
	if _, err := toml.Decode(string(src), &any); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &MetaError{pe.Position.Line, errors.New(pe.Message)}
		}
		return nil, &MetaError{Err: err}
	}
	out := routines.SetRootKey(src, key, value)
	if _, err := ParseMeta(out); err != nil {
		return nil, err
	}
	return out, nil
}

// MetaChanges words what changed between two versions of template.toml,
// a line a key, for commit messages: `template: version "1.0.0" →
// "1.1.0"`.
func MetaChanges(old, now Meta) []string {
	var out []string
	for _, f := range []struct{ key, was, is string }{
		{"name", old.Name, now.Name}, {"description", old.Description, now.Description},
		{"version", old.Version, now.Version}, {"author", old.Author, now.Author},
	} {
		if f.was != f.is {
			out = append(out, fmt.Sprintf("template: %s %s → %s", f.key, routines.EncodeValue(f.was), routines.EncodeValue(f.is)))
		}
	}
	return out
}

// MetaMessage is the commit message of a change of template.toml alone:
// the change, or, for several, the keys as the subject and a line a key
// below it.
func MetaMessage(old, now Meta) string {
	lines := MetaChanges(old, now)
	if len(lines) < 2 {
		return strings.Join(lines, "")
	}
	var keys []string
	for _, l := range lines {
		key, _, _ := strings.Cut(strings.TrimPrefix(l, "template: "), " ")
		keys = append(keys, key)
	}
	return "template: change " + strings.Join(keys, ", ") + "\n\n" + strings.Join(lines, "\n")
}
