package cli

// myos remote: where the OS's other copies meet. One remote, origin, on
// the same branch; `myos sync` does the rest. Nothing here touches the
// network: what status and remote show say of the remote is as of the last
// fetch.

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/internal/store"
	ossync "github.com/myos-dev/myos/internal/sync"
)

func init() { register("remote", newRemoteCmd) }

func newRemoteCmd(d *deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "remote",
		Short: "Set or show the git remote your OS syncs with",
		Long: `Keep the same OS on a laptop, a desktop and anything else that speaks git:
point it at a git remote — a bare repository, GitHub, Gitea — over ssh://
(or user@host:path), https://, git:// or file:// (or a plain path), then run
` + "`myos sync`" + ` on each machine. ` + "`myos clone URL`" + ` sets the OS up on a new one.

Credentials come from the environment or myos's config, never a prompt:
ssh uses your ssh agent, or MYOS_SSH_KEY, or ~/.ssh/id_ed25519 (id_ecdsa,
id_rsa) when it needs no passphrase; https uses the token in MYOS_GIT_TOKEN,
or token under [remote] in $XDG_CONFIG_HOME/myos/config.toml.`,
		Example: `  myos remote set git@github.com:andy/os.git
  myos remote set /mnt/backup/os.git
  myos remote show`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newRemoteSetCmd(d), newRemoteShowCmd(d))
	return cmd
}

type remoteSetOptions struct {
	url    string
	json   bool
	create bool // make an empty bare repository at the path
}

func newRemoteSetCmd(d *deps) *cobra.Command {
	var opts remoteSetOptions
	cmd := &cobra.Command{
		Use:   "set URL",
		Short: "Point the OS at a git remote",
		Long: `Point the OS at a git remote, replacing the one it had. The remote is
called origin and keeps the same branch (main), as git would set it up:
the git command sees it too. A relative path is made absolute. Nothing is
fetched or sent until ` + "`myos sync`" + `.

A remote on a path (a USB stick, a shared drive) is a bare git
repository there: --create makes an empty one, as
` + "`git init --bare --initial-branch=main`" + ` would, in a folder that does not
exist yet or is empty. On a server, create the repository there, empty.`,
		Example: `  myos remote set git@github.com:andy/os.git
  myos remote set https://gitea.example.com/andy/os.git
  myos remote set ../os.git
  myos remote set /media/usb/os.git --create`,
		Args: argsN(1, 1, "the remote's URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.url = args[0]
			return runRemoteSet(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the remote as JSON")
	cmd.Flags().BoolVar(&opts.create, "create", false, "make an empty bare repository at the path first")
	return cmd
}

func runRemoteSet(d *deps, opts remoteSetOptions) error {
	url, err := ossync.NormalizeURL(opts.url)
	if err != nil {
		return usagef("%v", err)
	}
	path, local := ossync.LocalPath(url)
	if opts.create && !local {
		return withHint(usagef("--create makes a repository on a path, and %s is not one", url), "create the repository on the server, empty, then run `myos remote set %s`", shellArg(url))
	}
	if local && within(path, d.osDir()) {
		return withHint(fmt.Errorf("%s is inside the OS folder %s", path, d.osDir()), "a remote there is part of what it should keep a copy of: put it on another disk, or in a folder beside the OS")
	}
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	unlock, err := lockRepo(repo, "myos remote set")
	if err != nil {
		return err
	}
	if opts.create {
		if err = store.InitBare(path); errors.Is(err, store.ErrNotEmpty) {
			err = withHint(fmt.Errorf("%s is not empty", path), "if it is a repository already, leave out --create: `myos remote set %s`", shellArg(url))
		}
	}
	if err == nil {
		err = repo.SetRemote(store.DefaultRemote, url)
	}
	if uerr := unlock(); err == nil && uerr != nil {
		err = uerr
	}
	if err != nil {
		return err
	}
	rs, err := remoteState(d, repo, true)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(d.io.Out, rs)
	}
	fmt.Fprintf(d.io.Out, "%s is now %s\n", rs.Name, rs.URL)
	fmt.Fprintf(d.io.Out, "credentials: %s\n", rs.Auth)
	if rs.AuthProblem != "" {
		fmt.Fprintf(d.io.ErrOut, "myos: warning: %s\n", rs.AuthProblem)
	}
	fmt.Fprintln(d.io.Out, "\nNext: `myos sync` sends this OS there, or brings in what is there.")
	return nil
}

// within reports whether path is dir or lies inside it, links followed
// as far as path exists.
func within(path, dir string) bool {
	real := func(p string) string {
		p, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		// The part of p that exists, with its links followed, and the
		// rest as written.
		rest := ""
		for {
			if r, err := filepath.EvalSymlinks(p); err == nil {
				return filepath.Join(r, rest)
			}
			parent := filepath.Dir(p)
			if parent == p {
				return filepath.Join(p, rest)
			}
			rest = filepath.Join(filepath.Base(p), rest)
			p = parent
		}
	}
	// Windows and macOS name a file in any case by default.
	return inside(real(path), real(dir), runtime.GOOS == "windows" || runtime.GOOS == "darwin")
}

// inside reports whether path p is folder d or lies in it; with fold, in
// any case.
func inside(p, d string, fold bool) bool {
	if fold {
		p, d = strings.ToLower(p), strings.ToLower(d)
	}
	return p == d || strings.HasPrefix(p, d+string(filepath.Separator))
}

type remoteShowOptions struct {
	json bool
}

func newRemoteShowCmd(d *deps) *cobra.Command {
	var opts remoteShowOptions
	cmd := &cobra.Command{
		Use:   "show [--json]",
		Short: "Show the remote, how far apart the two are, and which credentials sync uses",
		Long: `Show the remote the OS syncs with, how many commits each side has that the
other has not (as of the last fetch: show never goes to the network), and
where sync's credentials come from. Exits 0 with no remote set too.`,
		Example: `  myos remote show
  myos remote show --json | jq .behind`,
		Args: argsN(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemoteShow(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the remote as JSON")
	return cmd
}

// remoteJSON is what the OS knows of its remote without the network; as
// JSON it is the contract of `myos remote show --json` and of "remote" in
// `myos status --json`.
type remoteJSON struct {
	// Name is the remote's name (origin), URL where it is ("" when no
	// remote is set), Branch the branch both keep, as "origin/main".
	Name   string `json:"name"`
	URL    string `json:"url"`
	Branch string `json:"branch,omitempty"`
	// Fetched is false until the first sync; Ahead and Behind count the
	// commits only this OS has and only the remote had at the last fetch.
	Fetched bool `json:"fetched"`
	Ahead   int  `json:"ahead"`
	Behind  int  `json:"behind"`
	// Unrelated is true when the remote's branch, at the last fetch,
	// shares no commit with this OS: another OS, which sync will not
	// merge.
	Unrelated bool `json:"unrelated,omitempty"`
	// Auth says where sync's credentials come from, without secrets.
	Auth        string `json:"auth,omitempty"`
	AuthProblem string `json:"auth_problem,omitempty"`
}

// remoteState reads the remote's settings and the last fetch; nil when no
// remote is set. withAuth also says where sync's credentials would come
// from (which reads key files and may ask the ssh agent, so status does
// not).
func remoteState(d *deps, repo *store.Repo, withAuth bool) (*remoteJSON, error) {
	info, err := repo.Remote(store.DefaultRemote)
	if errors.Is(err, store.ErrNoRemote) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rs := &remoteJSON{Name: info.Name, URL: info.URL, Branch: info.Name + "/" + info.Branch}
	tracked, err := repo.Tracking(info.Name)
	if err != nil {
		return nil, err
	}
	if tracked != "" {
		rs.Fetched = true
		head, ok, err := headOrNone(repo)
		if err != nil {
			return nil, err
		}
		if ok {
			var related bool
			if rs.Ahead, rs.Behind, related, err = repo.Divergence(head.Hash, tracked); err != nil {
				return nil, err
			}
			rs.Unrelated = !related
		}
	}
	if withAuth {
		auth := ossync.AuthFor(info.URL, d.getenv)
		rs.Auth = auth.How
		if auth.Err != nil {
			rs.AuthProblem = auth.Err.Error()
		}
	}
	return rs, nil
}

// remoteLine says in a sentence how the OS stands with its remote.
func remoteLine(rs *remoteJSON) string {
	asOf := "(as of the last sync)"
	switch {
	case !rs.Fetched:
		return fmt.Sprintf("Not synced with %s yet: `myos sync` sends this OS there.", rs.Branch)
	case rs.Ahead == 0 && rs.Behind == 0:
		return fmt.Sprintf("Up to date with %s %s.", rs.Branch, asOf)
	case rs.Behind == 0:
		return fmt.Sprintf("Ahead of %s by %s %s: `myos sync` sends %s.", rs.Branch, plural(rs.Ahead, "commit"), asOf, them(rs.Ahead))
	case rs.Ahead == 0:
		return fmt.Sprintf("Behind %s by %s %s: `myos sync` brings %s in.", rs.Branch, plural(rs.Behind, "commit"), asOf, them(rs.Behind))
	case rs.Unrelated:
		return fmt.Sprintf("%s holds another OS %s: its history has nothing in common with this one's, and `myos sync` will not merge them.", rs.Branch, asOf)
	}
	return fmt.Sprintf("%s here and %s on %s since they parted %s: `myos sync` merges them.",
		plural(rs.Ahead, "commit"), plural(rs.Behind, "commit"), rs.Branch, asOf)
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func runRemoteShow(d *deps, opts remoteShowOptions) error {
	repo, err := d.openRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	rs, err := remoteState(d, repo, true)
	if err != nil {
		return err
	}
	if opts.json {
		if rs == nil {
			rs = &remoteJSON{Name: store.DefaultRemote}
		}
		return writeJSON(d.io.Out, rs)
	}
	if rs == nil {
		fmt.Fprintln(d.io.Out, "No remote is set: this OS lives on this machine only.")
		fmt.Fprintln(d.io.Out, "Set one with `myos remote set URL`, then run `myos sync`.")
		return nil
	}
	w := d.io.Out
	fmt.Fprintf(w, "%s  %s\n", d.io.bold(rs.Name), rs.URL)
	fmt.Fprintf(w, "branch       %s\n", rs.Branch)
	fmt.Fprintf(w, "credentials  %s\n", rs.Auth)
	if rs.AuthProblem != "" {
		fmt.Fprintf(w, "             %s\n", d.io.yellow(rs.AuthProblem))
	}
	fmt.Fprintln(w, remoteLine(rs))
	return nil
}
