package store

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/xdg"
	"github.com/go-git/go-git/v5/config"
)

// ResolveAuthor finds who commits, field by field, from the first source
// that has it:
//
//  1. GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL;
//  2. [user] in the repository's .git/config;
//  3. the global git config: $XDG_CONFIG_HOME/git/config (or
//     ~/.config/git/config), then ~/.gitconfig, the latter winning as in git;
//  4. [user] name and email in $XDG_CONFIG_HOME/myos/config.toml;
//  5. fallbackName (the OS owner) or $USER, with email user@hostname.
//
// GIT_AUTHOR_DATE ("@unix +hhmm", RFC 3339 or "2006-01-02 15:04:05") sets
// When; otherwise When is zero and Commit uses the current time. env is
// os.Getenv in production; tests pass their own. It never fails.
func ResolveAuthor(repoDir string, env func(string) string, fallbackName string) Signature {
	if env == nil {
		env = os.Getenv
	}
	var sig Signature
	fill := func(name, email string) {
		if sig.Name == "" {
			sig.Name = strings.TrimSpace(name)
		}
		if sig.Email == "" {
			sig.Email = strings.TrimSpace(email)
		}
	}
	fill(env("GIT_AUTHOR_NAME"), env("GIT_AUTHOR_EMAIL"))
	if repoDir != "" {
		fill(gitConfigUser(filepath.Join(repoDir, ".git", "config")))
	}

	home := env("HOME")
	if home == "" {
		home = xdg.Home
	}
	configHome := env("XDG_CONFIG_HOME")
	if configHome == "" {
		if env("HOME") != "" {
			configHome = filepath.Join(home, ".config")
		} else {
			configHome = xdg.ConfigHome
		}
	}
	if sig.Name == "" || sig.Email == "" {
		xn, xe := gitConfigUser(filepath.Join(configHome, "git", "config"))
		hn, he := gitConfigUser(filepath.Join(home, ".gitconfig"))
		fill(firstNonEmpty(hn, xn), firstNonEmpty(he, xe))
	}
	if sig.Name == "" || sig.Email == "" {
		fill(myosConfigUser(filepath.Join(configHome, "myos", "config.toml")))
	}

	user := firstNonEmpty(env("USER"), env("LOGNAME"), env("USERNAME"))
	if sig.Name == "" {
		sig.Name = firstNonEmpty(strings.TrimSpace(fallbackName), user, "myos")
	}
	if sig.Email == "" {
		local := user
		if local == "" {
			local = strings.ToLower(strings.Join(strings.Fields(sig.Name), "."))
		}
		sig.Email = local + "@" + hostname()
	}
	sig.Name = strings.NewReplacer("<", "", ">", "", "\n", " ").Replace(sig.Name)
	sig.Email = strings.NewReplacer("<", "", ">", "", "\n", "").Replace(sig.Email)
	if when, ok := parseGitDate(env("GIT_AUTHOR_DATE")); ok {
		sig.When = when
	}
	return sig
}

// gitConfigUser reads user.name and user.email from a git config file;
// missing or unreadable files give empty strings.
func gitConfigUser(path string) (name, email string) {
	f, err := os.Open(path)
	if err != nil {
		return "", ""
	}
	defer f.Close()
	cfg, err := config.ReadConfig(f)
	if err != nil {
		return "", ""
	}
	return cfg.User.Name, cfg.User.Email
}

// myosConfigUser reads [user] from myos's own config file.
func myosConfigUser(path string) (name, email string) {
	var cfg struct {
		User struct {
			Name  string `toml:"name"`
			Email string `toml:"email"`
		} `toml:"user"`
	}
	if _, err := toml.DecodeFile(path, &cfg); err != nil {
		return "", ""
	}
	return cfg.User.Name, cfg.User.Email
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// parseGitDate reads the date formats tests and scripts use for
// GIT_AUTHOR_DATE.
func parseGitDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if strings.HasPrefix(s, "@") {
		secs, zone, _ := strings.Cut(s[1:], " ")
		n, err := strconv.ParseInt(secs, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		t := time.Unix(n, 0).UTC()
		if z, err := time.Parse("-0700", zone); err == nil {
			t = t.In(z.Location())
		}
		return t, true
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
