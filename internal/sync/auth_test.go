package sync

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"golang.org/x/crypto/ssh"
)

// writeKey writes an ed25519 private key, encrypted when passphrase is
// set.
func writeKey(t *testing.T, path, passphrase string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, "")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAuthFor(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		env     map[string]string
		config  string
		keys    map[string]string // file under ~/.ssh → passphrase ("" for none)
		how     string
		user    string // BasicAuth user, for https
		err     string
		hint    string
		nilAuth bool
	}{
		{name: "https with a token", url: "https://example.com/a/os.git", env: map[string]string{"MYOS_GIT_TOKEN": "t0k"}, how: "token from MYOS_GIT_TOKEN", user: "myos"},
		{name: "https with a token and a user", url: "https://example.com/a/os.git", env: map[string]string{"MYOS_GIT_TOKEN": "t0k", "MYOS_GIT_USERNAME": "andy"}, how: "token from MYOS_GIT_TOKEN", user: "andy"},
		{name: "https with a token in the config", url: "https://example.com/a/os.git", config: "[remote]\ntoken = \"t0k\"\nusername = \"cfg\"\n", how: "token from ~/.config/myos/config.toml", user: "cfg"},
		{name: "https without a token", url: "https://example.com/a/os.git", how: "none", hint: "set MYOS_GIT_TOKEN", nilAuth: true},
		{name: "https with a password in the URL", url: "https://andy:pw@example.com/a/os.git", how: "user and password in the URL", nilAuth: true},
		{name: "a bad config", url: "https://example.com/a/os.git", config: "[remote\n", err: "config.toml"},
		{name: "ssh key from the environment", url: "git@example.com:a/os.git", env: map[string]string{"MYOS_SSH_KEY": "~/keys/myos"}, keys: map[string]string{"../keys/myos": ""}, how: "ssh key ~/keys/myos"},
		{name: "ssh key in ~/.ssh", url: "ssh://git@example.com/a/os.git", keys: map[string]string{"id_ecdsa": "", "id_rsa": ""}, how: "ssh key ~/.ssh/id_ecdsa"},
		{name: "ssh key with a passphrase given", url: "git@example.com:a/os.git", env: map[string]string{"MYOS_SSH_PASSPHRASE": "pw"}, keys: map[string]string{"id_ed25519": "pw"}, how: "ssh key ~/.ssh/id_ed25519"},
		{name: "ssh key with a passphrase not given", url: "git@example.com:a/os.git", keys: map[string]string{"id_ed25519": "pw"}, err: "~/.ssh/id_ed25519 needs a passphrase"},
		{name: "ssh without agent or key", url: "git@example.com:a/os.git", err: "no ssh agent ($SSH_AUTH_SOCK is not set) and no key in ~/.ssh"},
		{name: "ssh key that is not there", url: "git@example.com:a/os.git", env: map[string]string{"MYOS_SSH_KEY": "/nonexistent/key"}, err: "ssh key /nonexistent/key (from MYOS_SSH_KEY)"},
		{name: "git://", url: "git://127.0.0.1/os.git", how: "none", nilAuth: true},
		{name: "a local path", url: "/srv/os.git", how: "none", nilAuth: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config")}
			for k, v := range tt.env {
				env[k] = v
			}
			if tt.config != "" {
				p := filepath.Join(home, ".config", "myos", "config.toml")
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for name, pass := range tt.keys {
				writeKey(t, filepath.Join(home, ".ssh", name), pass)
			}
			a := AuthFor(tt.url, func(k string) string { return env[k] })
			if tt.err != "" {
				if a.Err == nil || !strings.Contains(a.Err.Error(), tt.err) {
					t.Fatalf("Err: got %v, want it to contain %q", a.Err, tt.err)
				}
				return
			}
			if a.Err != nil {
				t.Fatalf("Err: %v", a.Err)
			}
			if a.How != tt.how {
				t.Errorf("How: got %q, want %q", a.How, tt.how)
			}
			if tt.hint != "" && !strings.Contains(a.Hint, tt.hint) {
				t.Errorf("Hint: got %q, want it to contain %q", a.Hint, tt.hint)
			}
			if (a.Method == nil) != tt.nilAuth {
				t.Errorf("Method: got %v, want nil %v", a.Method, tt.nilAuth)
			}
			if tt.user != "" {
				ba, ok := a.Method.(*githttp.BasicAuth)
				if !ok || ba.Username != tt.user || ba.Password != "t0k" {
					t.Errorf("Method: got %#v, want basic auth %s with the token", a.Method, tt.user)
				}
				if strings.Contains(a.How+a.Hint, "t0k") {
					t.Errorf("the token shows in %q / %q", a.How, a.Hint)
				}
			}
		})
	}
}

func TestExplain(t *testing.T) {
	a := Auth{How: "ssh agent", Hint: "add your key"}
	tests := []struct {
		err  error
		hint string
	}{
		{fmt.Errorf("fetch from URL: %w", transport.ErrAuthenticationRequired), "add your key"},
		{transport.ErrAuthorizationFailed, "add your key"},
		{errors.New("ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey]"), "add your key"},
		{errors.New("ssh: handshake failed: knownhosts: key is unknown"), "known_hosts"},
		{errors.New("ssh: handshake failed: knownhosts: key mismatch"), "not the one in your known_hosts"},
		{transport.ErrRepositoryNotFound, "check the path"}, // "URL" has the shape of a path
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, "cannot be reached"},
		{errors.New("something else"), ""},
		// The limit on a command's work with a remote, and Ctrl-C.
		{fmt.Errorf("fetch from URL: %w", context.DeadlineExceeded), "did not answer"},
		{fmt.Errorf("fetch from URL: %w", context.Canceled), "before anything was changed"},
	}
	for _, tt := range tests {
		err := Explain("fetch", "URL", tt.err, a)
		var re *RemoteError
		if !errors.As(err, &re) {
			t.Fatalf("Explain(%v): got %T, want a RemoteError", tt.err, err)
		}
		if tt.hint == "" && re.Hint != "" || !strings.Contains(re.Hint, tt.hint) {
			t.Errorf("Explain(%v): hint %q, want it to contain %q", tt.err, re.Hint, tt.hint)
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("Explain(%v): the error no longer matches what it wraps", tt.err)
		}
		if errors.Is(tt.err, context.DeadlineExceeded) && err.Error() != "fetch URL: no answer in time" ||
			errors.Is(tt.err, context.Canceled) && err.Error() != "fetch URL: interrupted" {
			t.Errorf("Explain(%v): %q", tt.err, err)
		}
		if strings.Count(err.Error(), "URL") != 1 {
			t.Errorf("Explain(%v): %q names the URL more than once", tt.err, err)
		}
	}
}

// TestExplainFileErrors: a file's error is not a network's (a
// *fs.PathError has the methods of a net.Error), and says which disk it
// is on: the remote folder's, or this OS's.
func TestExplainFileErrors(t *testing.T) {
	remote := filepath.Join(t.TempDir(), "os.git")
	mine := filepath.Join(t.TempDir(), "os", ".git", "objects", "pack", "tmp_pack_1")
	for _, tt := range []struct {
		url  string
		err  error
		hint string
	}{
		{remote, &fs.PathError{Op: "open", Path: filepath.Join(remote, "objects", "pack", "tmp_pack_1"), Err: syscall.EROFS}, "the remote folder (" + remote + ") is on a read-only disk"},
		{"file://" + remote, &fs.PathError{Op: "open", Path: filepath.Join(remote, "objects", "pack", "tmp_pack_1"), Err: syscall.EROFS}, "the remote folder (" + remote + ") is on a read-only disk"},
		{remote, &fs.PathError{Op: "open", Path: mine, Err: syscall.EROFS}, "this OS's folder is on a read-only disk"},
		{"https://example.org/os.git", &fs.PathError{Op: "write", Path: mine, Err: syscall.ENOSPC}, "this OS's folder is on a full disk"},
		{remote, fmt.Errorf("push: %w", &fs.PathError{Op: "open", Path: filepath.Join(remote, "refs", "heads", "main.lock"), Err: fs.ErrPermission}), "the remote folder (" + remote + ") has a file or folder you may not read or write"},
		{remote, &os.LinkError{Op: "rename", Old: filepath.Join(remote, "objects", "pack", "tmp_pack_1"), New: filepath.Join(remote, "objects", "pack", "pack-1.pack"), Err: syscall.EROFS}, "the remote folder (" + remote + ") is on a read-only disk"},
	} {
		var re *RemoteError
		err := Explain("push", tt.url, tt.err, Auth{})
		if !errors.As(err, &re) || !strings.Contains(re.Hint, tt.hint) || strings.Contains(re.Hint, "cannot be reached") {
			t.Errorf("Explain(%s, %v): hint %q, want %q", tt.url, tt.err, re.Hint, tt.hint)
		}
	}
}

// TestExplainNetworkPermission: a connection a firewall or a sandbox
// forbids fails with EPERM or EACCES inside a *net.OpError: that is the
// network, not a file of a folder (found by a cold review).
func TestExplainNetworkPermission(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EPERM, syscall.EACCES} {
		nerr := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}
		err := Explain("fetch", "https://example.org/os.git", fmt.Errorf("fetch: %w", nerr), Auth{})
		var re *RemoteError
		if !errors.As(err, &re) {
			t.Fatalf("not a RemoteError: %v", err)
		}
		if strings.Contains(re.Hint, "folder") || !strings.Contains(re.Hint, "cannot be reached") {
			t.Errorf("%v: hint %q, want the network hint", errno, re.Hint)
		}
	}
}

// TestExplainNotFound guards the hint for a repository that is not there:
// a path or file:// URL is told to name a git repository, a forge's URL to
// create it there first.
func TestExplainNotFound(t *testing.T) {
	a := Auth{How: "ssh agent"}
	for _, tt := range []struct{ url, hint string }{
		{"/srv/git/os.git", "check the path"},
		{"../remote.git", "check the path"},
		{"remote.git", "check the path"},
		{"file:///srv/git/os.git", "check the path"},
		{`C:\git\os.git`, "check the path"},
		{"git@example.org:andy/os.git", "on a forge"},
		{"ssh://git@example.org/andy/os.git", "on a forge"},
		{"https://example.org/andy/os.git", "on a forge"},
		{"git://127.0.0.1:9418/os.git", "on a forge"},
	} {
		var re *RemoteError
		if err := Explain("fetch", tt.url, transport.ErrRepositoryNotFound, a); !errors.As(err, &re) || !strings.Contains(re.Hint, tt.hint) {
			t.Errorf("Explain(%s): %v, want a hint with %q", tt.url, err, tt.hint)
		}
	}
}
