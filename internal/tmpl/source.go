package tmpl

// Sources: where a template comes from, and the names a person gave the
// ones they use (`myos template add`), kept in myos's config.toml. The
// config file is the person's: adding or removing a source rewrites only
// that source's [[template]] table and keeps every other byte.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/myos-dev/myos/routines"
)

// SourceKind says what kind of place a template comes from.
type SourceKind string

// The kinds of source.
const (
	SourceBuiltin SourceKind = "builtin"
	SourceFolder  SourceKind = "folder"
	SourceGit     SourceKind = "git"
)

// KindOf says what ref names: a git URL, a folder (anything with a path
// separator, or starting with "." or "~"), or else a name.
func KindOf(ref string) SourceKind {
	switch {
	case IsURL(ref):
		return SourceGit
	case strings.ContainsAny(ref, `/\`) || strings.HasPrefix(ref, ".") || strings.HasPrefix(ref, "~"):
		return SourceFolder
	}
	return SourceBuiltin
}

// Source is a template source a person added by name.
type Source struct {
	Name   string `toml:"name" json:"name"`
	Source string `toml:"source" json:"source"`
}

// Kind is the kind of place s.Source is.
func (s Source) Kind() SourceKind { return KindOf(s.Source) }

// Config is the template sources of myos's config.toml, and the file's
// bytes, so that it can be changed in place.
type Config struct {
	Path      string
	Templates []Source
	src       []byte
}

// LoadConfig reads the config file at path; a missing file is an empty
// config.
func LoadConfig(path string) (*Config, error) {
	c := &Config{Path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c.src = b
	var raw struct {
		Template []Source `toml:"template"`
	}
	if _, err := toml.Decode(string(b), &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, s := range raw.Template {
		if !routines.ValidID(s.Name) || s.Source == "" {
			return nil, fmt.Errorf("%s: [[template]] %q: want a name of lowercase letters, digits and dashes, and a source", path, s.Name)
		}
	}
	c.Templates = raw.Template
	return c, nil
}

// Find returns the source added under name, or nil.
func (c *Config) Find(name string) *Source {
	for i := range c.Templates {
		if c.Templates[i].Name == name {
			return &c.Templates[i]
		}
	}
	return nil
}

// Add adds a source; its name must be free.
func (c *Config) Add(s Source) error {
	if c.Find(s.Name) != nil {
		return fmt.Errorf("template %s is already added", s.Name)
	}
	var b bytes.Buffer
	b.Write(c.src)
	if len(c.src) > 0 {
		if !bytes.HasSuffix(c.src, []byte("\n")) {
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "[[template]]\nname = %s\nsource = %s\n", routines.EncodeValue(s.Name), routines.EncodeValue(s.Source))
	c.src = b.Bytes()
	c.Templates = append(c.Templates, s)
	return nil
}

// Remove removes the source added under name: its [[template]] table,
// with the comment lines right above and below it, as myos rm removes an
// item. The comments that open and close the file stay.
func (c *Config) Remove(name string) error {
	i := slices.IndexFunc(c.Templates, func(s Source) bool { return s.Name == name })
	if i < 0 {
		return fmt.Errorf("no template %s added", name)
	}
	b, err := routines.RemoveTable(c.src, "template", i)
	if err != nil {
		return fmt.Errorf("%s: %v", c.Path, err)
	}
	c.src = b
	c.Templates = slices.Delete(c.Templates, i, i+1)
	return nil
}

// Save writes the config file, through a new file renamed into place.
func (c *Config) Save() error {
	if err := os.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.Path), ".config-*.toml")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(c.src); err != nil {
		tmp.Close()
		return fmt.Errorf("config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := os.Rename(tmp.Name(), c.Path); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}

// Loader reads templates from every kind of source.
type Loader struct {
	Cache  Cache
	Config *Config // sources added by name; may be nil
	// Net gives the context of one fetch and the function that ends it;
	// nil means a background context. The command's own gives up on a
	// remote that does not answer, and stops on Ctrl-C, so that the
	// fetch cleans up after itself.
	Net func() (context.Context, func())
}

// Load reads the template ref names: a git URL (its newest commit when
// refresh is set, see Cache.Get), a folder, a name added with `myos
// template add` (whose git repository is read from the cache, and
// fetched only when not cached), or a built-in name, in that order.
func (l *Loader) Load(ref string, refresh bool) (*Template, error) {
	switch KindOf(ref) {
	case SourceGit:
		ctx, stop := l.NetContext()
		defer stop()
		return l.Cache.Get(ctx, ref, refresh)
	case SourceFolder:
		return ReadFolder(ref)
	}
	if l.Config != nil {
		if s := l.Config.Find(ref); s != nil {
			if s.Kind() == SourceBuiltin {
				return Builtin(s.Source)
			}
			return l.Load(s.Source, false)
		}
	}
	return Builtin(ref)
}

// NetContext is the context of one fetch, from Net, and its end.
func (l *Loader) NetContext() (context.Context, func()) {
	if l.Net == nil {
		return context.Background(), func() {}
	}
	return l.Net()
}

// ReadFolder reads the template in folder dir ("~/" is the home folder).
// Its Source is the folder's absolute path.
func ReadFolder(dir string) (*Template, error) {
	if rest, ok := strings.CutPrefix(dir, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, rest)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", dir, err)
	}
	fi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("template %s: no such folder", dir)
	case err != nil:
		return nil, fmt.Errorf("template %s: %w", dir, errors.Unwrap(err))
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("template %s: is a symlink: refused (give the folder it points to)", dir)
	case !fi.IsDir():
		return nil, fmt.Errorf("template %s: not a folder", dir)
	}
	if isBareRepo(abs) {
		return nil, &GitRepoError{Dir: dir, URL: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()}
	}
	return Read(os.DirFS(abs), abs)
}

// GitRepoError is ReadFolder's refusal of a bare git repository: its
// files are objects, not a template's files, and read as a folder its
// hooks folder refused it for running code, which it does not.
type GitRepoError struct {
	Dir string // as given
	URL string // the file:// URL that reads it as a git template
}

func (e *GitRepoError) Error() string {
	return fmt.Sprintf("template %s: a bare git repository, not a folder of template files", e.Dir)
}

// isBareRepo reports whether dir is a bare git repository: HEAD, objects
// and refs at its top, and no template.toml.
func isBareRepo(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, MetaFile)); err == nil {
		return false
	}
	head, err := os.Lstat(filepath.Join(dir, "HEAD"))
	if err != nil || !head.Mode().IsRegular() {
		return false
	}
	for _, d := range []string{"objects", "refs"} {
		if fi, err := os.Lstat(filepath.Join(dir, d)); err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}
