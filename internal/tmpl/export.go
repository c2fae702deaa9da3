package tmpl

// Export turns a person's OS into a template others can start from: the
// kinds they choose, the themes those use, no review records, no notes
// unless asked, and placeholders where the OS's name and owner were, in
// os.toml and as whole words in the items' text. The
// files are edited in place, so the exporter's comments teach the team
// too.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/routines"
)

// ExportOptions say what of an OS goes into a template.
type ExportOptions struct {
	// Meta is the template's template.toml; Name is required, Version
	// defaults to "1.0.0".
	Meta Meta
	// Include lists the kinds to take; nil takes them all. Themes that
	// the taken items use always come along.
	Include []routines.Kind
	// WithNotes keeps notes.
	WithNotes bool
}

// personalText are the fields Export drops unless WithNotes is set: what
// a person wrote for themselves.
var personalText = []string{"notes"}

// ownHistory are the fields Export always drops: what happened in this OS,
// which a template's users did not live: the ids an item had before it was
// renamed, when its work started, and how often, until when and why it
// was put off (a reason without its date would read as work put off with
// no end).
//
// Former ids are what lets `myos template apply` pair an item the
// template renamed with the one a member has under the old id, against
// the version the member last applied. An export is always a template's
// first version (it writes into an empty folder), so no member's base has
// an item under the ids this OS's items had before: they could pair
// nothing, and would only claim those ids in every OS made from the
// template (and, for a routine, the review answers a member keeps under
// them). The template's own renames, made in its repository with `myos
// set` or by hand, keep their former ids from version to version.
var ownHistory = []string{"formerly", "started", "deferred_until", "deferrals", "defer_reason"}

// Export makes a template's files, template.toml included, from an OS's
// model files. The result is checked as any template is read.
func Export(files map[string][]byte, opts ExportOptions) (map[string][]byte, error) {
	meta := opts.Meta
	if !routines.ValidID(meta.Name) {
		return nil, fmt.Errorf("template name %q: use lowercase letters, digits and dashes", meta.Name)
	}
	if meta.Version == "" {
		meta.Version = "1.0.0"
	}
	o, err := routines.LoadFiles(files)
	if err != nil {
		return nil, fmt.Errorf("your OS is not valid: %w", firstFinding(err))
	}
	out := map[string][]byte{}
	for _, f := range routines.ModelFiles() {
		if b, ok := files[f]; ok {
			out[f] = slices.Clone(b)
		}
	}
	take := func(k routines.Kind) bool { return opts.Include == nil || slices.Contains(opts.Include, k) }
	used := map[string]bool{}
	for _, k := range routines.Kinds() {
		if k == routines.KindTheme || !take(k) {
			continue
		}
		for _, it := range o.Items(k) {
			used[themeOf(it)] = true
		}
	}
	for _, k := range routines.Kinds() {
		keepAll := take(k)
		for _, it := range o.Items(k) {
			name := k.File()
			keep := keepAll || k == routines.KindTheme && used[it.ItemID()]
			if !keep {
				if out[name], err = routines.RemoveItem(out[name], k, it.ItemID()); err != nil {
					return nil, err
				}
				continue
			}
			upd := routines.CloneItem(it)
			drop := ownHistory
			if !opts.WithNotes {
				drop = append(slices.Clone(drop), personalText...)
			}
			for _, key := range drop {
				if _, has := routines.FieldValue(upd, key); has {
					_ = routines.SetField(upd, key, "")
				}
			}
			placeholders(upd, o.Settings.Name, o.Settings.Owner)
			if !routines.EqualFields(it, upd) {
				if out[name], err = routines.UpdateItem(out[name], it, upd); err != nil {
					return nil, err
				}
			}
		}
	}
	s := o.Settings
	s.Name, s.Owner = "{{.Name}}", "{{.Owner}}"
	if out[routines.FileOS], err = routines.UpdateSettings(out[routines.FileOS], &o.Settings, &s); err != nil {
		return nil, err
	}
	out[MetaFile] = EncodeMeta(meta)
	if _, err := Read(flatFS(out), "export "+meta.Name); err != nil {
		return nil, err
	}
	return out, nil
}

// textFields are the fields of free text, where the OS's name and owner
// may stand.
var textFields = []string{"title", "why", "narrative", "notes", "defer_reason"}

// placeholders puts {{.Name}} and {{.Owner}} where the OS's name and
// owner stand as whole words in it's text, so that the template speaks
// of whoever starts from it.
func placeholders(it routines.Item, name, owner string) {
	var subs []*regexp.Regexp
	var repl []string
	for i, word := range []string{name, owner} {
		if utf8.RuneCountInString(strings.TrimSpace(word)) < 3 {
			continue
		}
		subs = append(subs, regexp.MustCompile(`(^|\PL)`+regexp.QuoteMeta(strings.TrimSpace(word))+`(\PL|$)`))
		repl = append(repl, []string{"${1}{{.Name}}${2}", "${1}{{.Owner}}${2}"}[i])
	}
	for _, key := range textFields {
		v, ok := routines.FieldValue(it, key)
		text, _ := v.(string)
		if !ok || text == "" {
			continue
		}
		out := text
		for i, re := range subs {
			out = re.ReplaceAllString(out, repl[i])
		}
		if out != text {
			_ = routines.SetField(it, key, out)
		}
	}
}

func themeOf(it routines.Item) string {
	v, _ := routines.FieldValue(it, "theme")
	s, _ := v.(string)
	return s
}

// EncodeMeta writes template.toml.
func EncodeMeta(m Meta) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "name = %s\n", routines.EncodeValue(m.Name))
	fmt.Fprintf(&b, "description = %s\n", routines.EncodeValue(m.Description))
	fmt.Fprintf(&b, "version = %s\n", routines.EncodeValue(m.Version))
	if m.Author != "" {
		fmt.Fprintf(&b, "author = %s\n", routines.EncodeValue(m.Author))
	}
	return []byte(b.String())
}

// WriteFolder writes a template's files into dir, which must be missing
// or empty. With withGit the folder becomes a git repository (branch
// main) with the files in a first commit by author, ready to push.
// When anything fails, what it wrote is removed.
func WriteFolder(dir string, files map[string][]byte, withGit bool, author store.Signature) (err error) {
	entries, rerr := os.ReadDir(dir)
	created := errors.Is(rerr, fs.ErrNotExist)
	switch {
	case created:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	case rerr != nil:
		return rerr
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty", dir)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	defer func() {
		if err == nil {
			return
		}
		if created {
			os.RemoveAll(dir)
			return
		}
		for _, n := range append(names, ".git") {
			os.RemoveAll(filepath.Join(dir, n))
		}
	}()
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return err
		}
	}
	if !withGit {
		return nil
	}
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
	if err != nil {
		return fmt.Errorf("git init: %w", err)
	}
	w, err := r.Worktree()
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := w.Add(n); err != nil {
			return fmt.Errorf("git add %s: %w", n, err)
		}
	}
	when := author.When
	if when.IsZero() {
		when = time.Now()
	}
	var meta Meta
	_ = readMeta(files[MetaFile], &meta)
	msg := strings.TrimSpace(fmt.Sprintf("template: %s %s", meta.Name, meta.Version))
	if meta.Description != "" {
		msg += "\n\n" + meta.Description
	}
	sig := &object.Signature{Name: author.Name, Email: author.Email, When: when}
	if _, err := w.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		return fmt.Errorf("git commit: %w", err)
	}
	return nil
}
