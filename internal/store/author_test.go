package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestResolveAuthor(t *testing.T) {
	write := func(t *testing.T, path, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitUser := func(name, email string) string {
		return "[user]\n\tname = " + name + "\n\temail = " + email + "\n"
	}
	tests := []struct {
		name      string
		env       map[string]string
		files     map[string]string // relative to home; "repo/" for the repository
		fallback  string
		wantName  string
		wantEmail string
	}{
		{
			name:     "environment first",
			env:      map[string]string{"GIT_AUTHOR_NAME": "Env Name", "GIT_AUTHOR_EMAIL": "env@x"},
			files:    map[string]string{"repo/.git/config": gitUser("Repo", "repo@x"), ".gitconfig": gitUser("Home", "home@x")},
			wantName: "Env Name", wantEmail: "env@x",
		},
		{
			name:     "repository config",
			files:    map[string]string{"repo/.git/config": gitUser("Repo", "repo@x"), ".gitconfig": gitUser("Home", "home@x")},
			wantName: "Repo", wantEmail: "repo@x",
		},
		{
			name:     "field by field",
			env:      map[string]string{"GIT_AUTHOR_NAME": "Env Name"},
			files:    map[string]string{".gitconfig": gitUser("Home", "home@x")},
			wantName: "Env Name", wantEmail: "home@x",
		},
		{
			name:     "home gitconfig wins over xdg",
			env:      map[string]string{"XDG_CONFIG_HOME": "{home}/xdg"},
			files:    map[string]string{"xdg/git/config": gitUser("Xdg", "xdg@x"), ".gitconfig": gitUser("Home", "home@x")},
			wantName: "Home", wantEmail: "home@x",
		},
		{
			name:     "xdg git config",
			env:      map[string]string{"XDG_CONFIG_HOME": "{home}/xdg"},
			files:    map[string]string{"xdg/git/config": gitUser("Xdg", "xdg@x")},
			wantName: "Xdg", wantEmail: "xdg@x",
		},
		{
			name:     "default xdg dir under home",
			files:    map[string]string{".config/git/config": gitUser("Dot Config", "dc@x")},
			wantName: "Dot Config", wantEmail: "dc@x",
		},
		{
			name:     "myos config",
			env:      map[string]string{"XDG_CONFIG_HOME": "{home}/xdg"},
			files:    map[string]string{"xdg/myos/config.toml": "[user]\nname = \"Myos User\"\nemail = \"myos@x\"\n"},
			wantName: "Myos User", wantEmail: "myos@x",
		},
		{
			name:     "fallback owner",
			env:      map[string]string{"USER": "andy"},
			fallback: "Andy", wantName: "Andy", wantEmail: "andy@" + hostname(),
		},
		{
			name:     "fallback user",
			env:      map[string]string{"USER": "andy"},
			wantName: "andy", wantEmail: "andy@" + hostname(),
		},
		{
			name:     "nothing at all",
			fallback: "Andy Person", wantName: "Andy Person", wantEmail: "andy.person@" + hostname(),
		},
		{
			name:     "broken files are skipped",
			files:    map[string]string{".gitconfig": "[user\nname", "repo/.git/config": "\x00"},
			fallback: "Owner", wantName: "Owner", wantEmail: "owner@" + hostname(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			repo := filepath.Join(home, "repo")
			for p, data := range tt.files {
				write(t, filepath.Join(home, p), data)
			}
			env := func(k string) string {
				if k == "HOME" {
					return home
				}
				v := tt.env[k]
				if v == "{home}/xdg" {
					v = filepath.Join(home, "xdg")
				}
				return v
			}
			got := ResolveAuthor(repo, env, tt.fallback)
			if got.Name != tt.wantName || got.Email != tt.wantEmail {
				t.Errorf("ResolveAuthor: got %q <%s>, want %q <%s>", got.Name, got.Email, tt.wantName, tt.wantEmail)
			}
			if !got.When.IsZero() {
				t.Errorf("When: got %v, want zero", got.When)
			}
		})
	}
}

func TestResolveAuthorDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"@1767258000 +0200", time.Unix(1767258000, 0)},
		{"2026-01-01T09:00:00Z", time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)},
		{"2026-01-01 09:00:00 +0000", time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)},
		{"not a date", time.Time{}},
	}
	for _, tt := range tests {
		env := func(k string) string {
			switch k {
			case "GIT_AUTHOR_DATE":
				return tt.in
			case "HOME":
				return "/nonexistent"
			}
			return ""
		}
		got := ResolveAuthor("", env, "X")
		if !got.When.Equal(tt.want) {
			t.Errorf("GIT_AUTHOR_DATE=%q: got %v, want %v", tt.in, got.When, tt.want)
		}
	}
}
