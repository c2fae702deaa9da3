package sync

// Credentials come from the environment and from myos's config file, never
// from a prompt:
//
//	ssh      MYOS_SSH_KEY (with MYOS_SSH_PASSPHRASE) or ssh_key in the
//	         config; else the ssh agent ($SSH_AUTH_SOCK); else the first of
//	         ~/.ssh/id_ed25519, id_ecdsa, id_rsa that needs no passphrase.
//	         Host keys are checked against known_hosts ($SSH_KNOWN_HOSTS or
//	         ~/.ssh/known_hosts).
//	https    MYOS_GIT_TOKEN or token in the config, sent as the password
//	         with MYOS_GIT_USERNAME, username in the config, or "myos" as
//	         user name (forges ignore it for tokens); or the user and
//	         password in the URL itself.
//	git://, file://  nothing.
//
// The config file is $XDG_CONFIG_HOME/myos/config.toml:
//
//	[remote]
//	token = "..."
//	username = "..."
//	ssh_key = "~/.ssh/id_myos"

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/BurntSushi/toml"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"

	"github.com/myos-dev/myos/internal/store"
)

// Auth is how sync authenticates to one remote.
type Auth struct {
	// Method is what go-git sends; nil when the remote needs nothing or
	// nothing was found (a public https repository still works).
	Method transport.AuthMethod
	// How says in words where the credentials come from, without secrets:
	// "ssh agent", "ssh key ~/.ssh/id_ed25519", "token from MYOS_GIT_TOKEN",
	// "none".
	How string
	// Hint is what to set when the remote refuses these credentials.
	Hint string
	// Err is why no credentials could be set up (an ssh remote with no
	// agent and no usable key); sync and clone fail with it before they
	// connect.
	Err error
}

// remoteConfig is the [remote] table of myos's config file.
type remoteConfig struct {
	Token    string `toml:"token"`
	Username string `toml:"username"`
	SSHKey   string `toml:"ssh_key"`
}

// configPath is myos's config file.
func configPath(getenv func(string) string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "myos", "config.toml")
}

func readRemoteConfig(getenv func(string) string) (remoteConfig, string, error) {
	p := configPath(getenv)
	var file struct {
		Remote remoteConfig `toml:"remote"`
	}
	_, err := toml.DecodeFile(p, &file)
	if errors.Is(err, os.ErrNotExist) {
		return remoteConfig{}, p, nil
	}
	if err != nil {
		return remoteConfig{}, p, fmt.Errorf("%s: %w", p, err)
	}
	return file.Remote, p, nil
}

func homeDir(getenv func(string) string) string {
	if h := getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// tildePath shortens a path under home to ~/... for messages.
func tildePath(p string, getenv func(string) string) string {
	home := homeDir(getenv)
	if home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		return "~" + p[len(home):]
	}
	return p
}

func expandHome(p string, getenv func(string) string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		return filepath.Join(homeDir(getenv), p[1:])
	}
	return p
}

// AuthFor chooses how to authenticate to url. getenv is os.Getenv in
// production.
func AuthFor(url string, getenv func(string) string) Auth {
	if getenv == nil {
		getenv = os.Getenv
	}
	ep, err := transport.NewEndpoint(url)
	if err != nil {
		return Auth{How: "none", Err: fmt.Errorf("%q is not a git URL: %w", url, err)}
	}
	cfg, cfgPath, cfgErr := readRemoteConfig(getenv)
	shortCfg := tildePath(cfgPath, getenv)
	switch ep.Protocol {
	case "ssh":
		return sshAuth(ep, cfg, shortCfg, cfgErr, getenv)
	case "http", "https":
		if cfgErr != nil {
			return Auth{How: "none", Err: cfgErr}
		}
		hint := fmt.Sprintf("set MYOS_GIT_TOKEN (or token under [remote] in %s) to an access token that can read and write the repository", shortCfg)
		user := firstOf(getenv("MYOS_GIT_USERNAME"), cfg.Username, ep.User, "myos")
		if tok := getenv("MYOS_GIT_TOKEN"); tok != "" {
			return Auth{Method: &githttp.BasicAuth{Username: user, Password: tok}, How: "token from MYOS_GIT_TOKEN", Hint: "the token in MYOS_GIT_TOKEN was refused: check that it is current and can read and write the repository"}
		}
		if cfg.Token != "" {
			return Auth{Method: &githttp.BasicAuth{Username: user, Password: cfg.Token}, How: "token from " + shortCfg, Hint: "the token in " + shortCfg + " was refused: check that it is current and can read and write the repository"}
		}
		if ep.User != "" && ep.Password != "" {
			return Auth{How: "user and password in the URL", Hint: "the user and password in the URL were refused; " + hint}
		}
		return Auth{How: "none", Hint: hint}
	}
	return Auth{How: "none", Hint: "check that the remote is there: " + url}
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func sshAuth(ep *transport.Endpoint, cfg remoteConfig, cfgPath string, cfgErr error, getenv func(string) string) Auth {
	user := firstOf(ep.User, "git")
	hint := "load your key into the ssh agent (ssh-add), or set MYOS_SSH_KEY to a private key file the server accepts"
	if cfgErr != nil {
		return Auth{How: "none", Hint: hint, Err: cfgErr}
	}
	key, from := getenv("MYOS_SSH_KEY"), "MYOS_SSH_KEY"
	if key == "" && cfg.SSHKey != "" {
		key, from = cfg.SSHKey, "ssh_key in "+cfgPath
	}
	if key != "" {
		key = expandHome(key, getenv)
		pk, err := gitssh.NewPublicKeysFromFile(user, key, getenv("MYOS_SSH_PASSPHRASE"))
		if err != nil {
			return Auth{How: "ssh key " + tildePath(key, getenv), Hint: hint,
				Err: fmt.Errorf("ssh key %s (from %s): %w; if it has a passphrase, set MYOS_SSH_PASSPHRASE or load it into the ssh agent", tildePath(key, getenv), from, err)}
		}
		return Auth{Method: pk, How: "ssh key " + tildePath(key, getenv), Hint: "the server refused the key " + tildePath(key, getenv) + ": add its public key to your account there"}
	}
	if getenv("SSH_AUTH_SOCK") != "" {
		a, err := gitssh.NewSSHAgentAuth(user)
		if err == nil {
			return Auth{Method: a, How: "ssh agent", Hint: "the server refused every key in the ssh agent: add yours with ssh-add, and its public key to your account there"}
		}
	}
	var encrypted []string
	for _, name := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
		p := filepath.Join(homeDir(getenv), ".ssh", name)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		pk, err := gitssh.NewPublicKeysFromFile(user, p, getenv("MYOS_SSH_PASSPHRASE"))
		if err != nil {
			encrypted = append(encrypted, tildePath(p, getenv))
			continue
		}
		return Auth{Method: pk, How: "ssh key " + tildePath(p, getenv), Hint: "the server refused the key " + tildePath(p, getenv) + ": add its public key to your account there, or " + hint}
	}
	if len(encrypted) > 0 {
		return Auth{How: "none", Hint: hint, Err: fmt.Errorf("ssh: no ssh agent ($SSH_AUTH_SOCK is not set) and %s needs a passphrase: start ssh-agent and ssh-add it, or set MYOS_SSH_PASSPHRASE", strings.Join(encrypted, ", "))}
	}
	return Auth{How: "none", Hint: hint, Err: errors.New("ssh: no ssh agent ($SSH_AUTH_SOCK is not set) and no key in ~/.ssh (id_ed25519, id_ecdsa, id_rsa): start ssh-agent and ssh-add your key, or set MYOS_SSH_KEY to a private key file")}
}

// RemoteError is a failure to reach or use a remote, with what to do about
// it. Nothing was changed by the operation that failed.
type RemoteError struct {
	// Op is "fetch", "push" or "clone"; URL is the remote's.
	Op, URL string
	Err     error
	// Hint is the next step for the user.
	Hint string
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Op, e.URL, e.Err)
}

func (e *RemoteError) Unwrap() error { return e.Err }

// Explain wraps a failure of op ("fetch", "push", "clone") against url in a
// RemoteError whose hint says what to set or check, given the credentials
// a were in use.
func Explain(op, url string, err error, a Auth) error {
	if err == nil {
		return nil
	}
	var re *RemoteError
	if errors.As(err, &re) {
		return err
	}
	e := &RemoteError{Op: op, URL: url, Err: unwrapURL(err, url)}
	msg := err.Error()
	var nerr net.Error
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed),
		strings.Contains(msg, "unable to authenticate"), strings.Contains(msg, "no supported methods remain"):
		e.Hint = a.Hint
		if e.Hint == "" {
			e.Hint = "the remote refused the credentials (" + a.How + ")"
		}
	case strings.Contains(msg, "knownhosts: key is unknown"), strings.Contains(msg, "key is unknown"):
		e.Hint = "the server's host key is not in your known_hosts: connect once with ssh to check and accept it, or set SSH_KNOWN_HOSTS"
	case strings.Contains(msg, "knownhosts: key mismatch"), strings.Contains(msg, "key mismatch"):
		e.Hint = "the server's host key is not the one in your known_hosts: check with the server's owner before going on"
	case errors.Is(err, context.DeadlineExceeded):
		e.Err = &trimmed{msg: "no answer in time", err: err}
		e.Hint = "the remote accepted the connection but did not answer: check the URL (`myos remote show`) and the network, then try again"
	case errors.Is(err, context.Canceled):
		e.Err = &trimmed{msg: "interrupted", err: err}
		e.Hint = "stopped before anything was changed here; run it again when you are ready"
	case errors.Is(err, transport.ErrRepositoryNotFound) && localURL(url):
		e.Hint = "check the path (`myos remote show`): it should name a git repository; `myos remote set PATH --create` makes an empty one"
	case errors.Is(err, transport.ErrRepositoryNotFound):
		e.Hint = "check the URL (`myos remote show`); on a forge, create the repository first, empty, and make sure your credentials (" + a.How + ") can reach it"
	case fileError(err) && errors.Is(err, syscall.EROFS):
		e.Hint = diskOf(err, url) + " is on a read-only disk: make it writable (remount it, or unlock the stick), then run it again"
	case fileError(err) && errors.Is(err, syscall.ENOSPC):
		e.Hint = diskOf(err, url) + " is on a full disk: make room on it, then run it again"
	case fileError(err) && errors.Is(err, fs.ErrPermission):
		e.Hint = diskOf(err, url) + " has a file or folder you may not read or write: check its owner and permissions, then run it again"
	case errors.As(err, &nerr) && !isPathError(err), strings.Contains(msg, "connection refused"), strings.Contains(msg, "no such host"),
		strings.Contains(msg, "i/o timeout"), strings.Contains(msg, "network is unreachable"):
		// A file's error (fs.PathError) has the methods of a network
		// one: a folder remote that is read-only is reached all right.
		e.Hint = "the remote cannot be reached: check the network and the URL (`myos remote show`)"
	}
	return e
}

// isPathError reports whether err is a file's error: a *fs.PathError, or
// a rename's *os.LinkError.
func isPathError(err error) bool {
	var pe *fs.PathError
	var le *os.LinkError
	return errors.As(err, &pe) || errors.As(err, &le)
}

// fileError reports whether err is a file's error and not a connection's:
// a dial a firewall forbids fails with EPERM too, in a *net.OpError.
func fileError(err error) bool {
	var oe *net.OpError
	return isPathError(err) && !errors.As(err, &oe)
}

// diskOf names where a file error of a sync with url happened: the remote
// folder when url is a path and the file is in it, else this OS's folder.
func diskOf(err error, url string) string {
	name := ""
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		name = pe.Path
	case errors.As(err, &le):
		name = le.New
	}
	if p, ok := LocalPath(url); ok && name != "" {
		remote, err1 := filepath.Abs(p)
		file, err2 := filepath.Abs(name)
		if err1 == nil && err2 == nil && (file == remote || strings.HasPrefix(file, remote+string(filepath.Separator))) {
			return "the remote folder (" + remote + ")"
		}
	}
	return "this OS's folder"
}

// LocalPath is the path of a remote on this machine (a path, or a file://
// URL), and whether url is one: the path the transport opens, a file://
// URL's decoded (file:///media/my%20usb/os.git is in "my usb").
func LocalPath(url string) (string, bool) {
	if !localURL(url) {
		return "", false
	}
	ep, err := transport.NewEndpoint(url)
	if err != nil || ep.Protocol != "file" || ep.Host != "" && !strings.EqualFold(ep.Host, "localhost") {
		return "", false // file://host/path names another machine's
	}
	return filepath.FromSlash(store.LocalURLPath(ep.Path)), true
}

// localURL reports whether url names a repository on this machine: a
// file:// URL or a path, which has no scheme and is not scp-like
// (user@host:path).
func localURL(url string) bool {
	if strings.HasPrefix(url, "file://") {
		return true
	}
	if strings.Contains(url, "://") {
		return false
	}
	colon := strings.IndexByte(url, ':')
	slash := strings.IndexAny(url, `/\`)
	// host:path has its colon before any slash; C:\ is a Windows drive.
	return colon < 0 || slash >= 0 && slash < colon || colon == 1
}

// unwrapURL drops the "fetch from URL:" prefix the store adds, since the
// RemoteError says the URL itself.
func unwrapURL(err error, url string) error {
	msg := err.Error()
	for _, p := range []string{"fetch from " + url + ": ", "push to " + url + ": ", "clone " + url + ": ", "clone: fetch from " + url + ": "} {
		if strings.HasPrefix(msg, p) {
			return &trimmed{msg: msg[len(p):], err: err}
		}
	}
	return err
}

// trimmed is an error with a shorter message that still matches what it
// wraps.
type trimmed struct {
	msg string
	err error
}

func (t *trimmed) Error() string { return t.msg }
func (t *trimmed) Unwrap() error { return t.err }
