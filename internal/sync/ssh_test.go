package sync

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/myos-dev/myos/routines"
)

// sshServer is an ssh server on 127.0.0.1 that lets one key in and runs
// the real git upload-pack and receive-pack for the repositories under
// base, as a forge's ssh endpoint does.
type sshServer struct {
	addr    string
	hostKey ssh.PublicKey
}

func startSSHServer(t *testing.T, base string, client ssh.PublicKey) *sshServer {
	t.Helper()
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skipf("no git binary for upload-pack and receive-pack: %v", err)
	}
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ServerConfig{
		PublicKeyCallback: func(_ ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			if string(key.Marshal()) != string(client.Marshal()) {
				return nil, errors.New("unknown key")
			}
			return nil, nil
		},
	}
	cfg.AddHostKey(signer)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveSSH(conn, cfg, gitBin, base)
		}
	}()
	return &sshServer{addr: ln.Addr().String(), hostKey: signer.PublicKey()}
}

// serveSSH runs one connection: each session may exec git-upload-pack or
// git-receive-pack on a repository under base, nothing else.
func serveSSH(conn net.Conn, cfg *ssh.ServerConfig, gitBin, base string) {
	defer conn.Close()
	_, chans, reqs, err := ssh.NewServerConn(conn, cfg)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "sessions only")
			continue
		}
		ch, requests, err := nc.Accept()
		if err != nil {
			continue
		}
		go func() {
			defer ch.Close()
			for req := range requests {
				if req.Type != "exec" {
					req.Reply(false, nil)
					continue
				}
				var payload struct{ Command string }
				if ssh.Unmarshal(req.Payload, &payload) != nil {
					req.Reply(false, nil)
					return
				}
				verb, repo, _ := strings.Cut(payload.Command, " ")
				repo = strings.Trim(repo, "'")
				if (verb != "git-upload-pack" && verb != "git-receive-pack") || strings.Contains(repo, "..") {
					req.Reply(false, nil)
					return
				}
				req.Reply(true, nil)
				cmd := exec.Command(gitBin, strings.TrimPrefix(verb, "git-"), filepath.Join(base, repo))
				cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
				cmd.Stdin, cmd.Stdout, cmd.Stderr = ch, ch, ch.Stderr()
				status := uint32(0)
				if err := cmd.Run(); err != nil {
					status = 1
				}
				ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{status}))
				return
			}
		}()
	}
}

// sshKeys writes a client key for MYOS_SSH_KEY and a known_hosts file
// naming the server's host key, and points go-git at it.
func sshKeys(t *testing.T) (keyFile string, pub ssh.PublicKey, useHosts func(addr string, host ssh.PublicKey)) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "myos test")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyFile = filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	known := filepath.Join(dir, "known_hosts")
	useHosts = func(addr string, host ssh.PublicKey) {
		line := knownhosts.Line([]string{knownhosts.Normalize(addr)}, host)
		if err := os.WriteFile(known, []byte(line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("SSH_KNOWN_HOSTS", known)
	}
	return keyFile, signer.PublicKey(), useHosts
}

// sshRemote serves the bare remote over ssh on loopback; the machines use
// the key in MYOS_SSH_KEY and check the server against known_hosts, as
// `myos sync` does.
var sshRemote = remoteKind{"ssh", func(t *testing.T) (string, string, Auth) {
	keyFile, pub, useHosts := sshKeys(t)
	dir := bare(t)
	srv := startSSHServer(t, filepath.Dir(dir), pub)
	useHosts(srv.addr, srv.hostKey)
	remote := fmt.Sprintf("ssh://git@%s/%s", srv.addr, filepath.Base(dir))
	auth := AuthFor(remote, func(k string) string {
		if k == "MYOS_SSH_KEY" {
			return keyFile
		}
		return ""
	})
	if auth.Method == nil || auth.Err != nil {
		t.Fatalf("AuthFor with MYOS_SSH_KEY set: %s, %v", auth.How, auth.Err)
	}
	return remote, dir, auth
}}

// TestSyncSSHHostKeyMismatch: a server whose host key is not the one in
// known_hosts is not talked to, and the error says to check with its
// owner; nothing moves.
func TestSyncSSHHostKeyMismatch(t *testing.T) {
	w := newWorld(t, sshRemote)
	w.a.set(routines.KindRoutine, "sleep", "at", "22:00")
	before := w.a.head()
	_, _, useHosts := sshKeys(t)
	other, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := ssh.NewPublicKey(other)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(w.url)
	if err != nil {
		t.Fatal(err)
	}
	useHosts(u.Host, otherKey)
	_, err = w.a.sync(nil)
	var re *RemoteError
	if !errors.As(err, &re) || !strings.Contains(re.Hint, "host key is not the one in your known_hosts") {
		t.Fatalf("sync against a changed host key: got %v (%#v), want a RemoteError about the host key", err, re)
	}
	if w.a.head() != before {
		t.Errorf("a refused sync moved HEAD")
	}
}
