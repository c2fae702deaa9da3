package routines

import (
	"strings"
	"testing"
)

// TestSlug guards ids made from titles, and in particular against letters
// with diacritics being dropped ("Über straße" gave "ber-stra-e"): common
// Latin letters are written as their plain letters.
func TestSlug(t *testing.T) {
	tests := []struct {
		title, want string
	}{
		{"Go to sleep on time", "go-to-sleep-on-time"},
		{"  Lunch, away from the desk!  ", "lunch-away-from-the-desk"},
		{"Über straße", "uber-strasse"},
		{"ÜBER STRASSE", "uber-strasse"},
		{"Crème brûlée à la carte", "creme-brulee-a-la-carte"},
		{"Façade naïve", "facade-naive"},
		{"Ñandú", "nandu"},
		{"Łódź", "lodz"},
		{"Ærøskøbing", "aeroskobing"},
		{"Œuvre", "oeuvre"},
		{"Þórr and Ðóra", "thorr-and-dora"},
		{"Đorđe", "dorde"},
		{"Dvořák, Čapek, Ěšćžř", "dvorak-capek-esczr"},
		{"Żółw źle śpi", "zolw-zle-spi"},
		{"Ýmir ÿ", "ymir-y"},
		{"Ìíîï Òóôõ Ùúû Àáâãå Èéêë", "iiii-oooo-uuu-aaaaa-eeee"},
		{"ÇÑØÆŒŁŚŠŽŹŻČĆŘĚĐÞ", "cnoaeoelsszzzccredth"},
		{"Ü\u0308ber, u\u0308ber", "uber-uber"}, // combining marks are dropped
		{"İstanbul, Kırıkkale", "istanbul-kirikkale"},
		{"Москва", "item"},
		{"東京 2026", "2026"},
		{"Café 東京", "cafe"},
		{"", "item"},
		{"!!!", "item"},
		{strings.Repeat("ß", 30), strings.Repeat("ss", 24)},
	}
	for _, tt := range tests {
		got := Slug(tt.title)
		if got != tt.want {
			t.Errorf("Slug(%q): got %q, want %q", tt.title, got, tt.want)
		}
		if !ValidID(got) {
			t.Errorf("Slug(%q) = %q is not a valid id", tt.title, got)
		}
	}
}

// TestValidateRenamedTheme: an item that names a theme by an id the theme
// had before a rename is told the id to write, not offered the ids there
// are.
func TestValidateRenamedTheme(t *testing.T) {
	_, err := LoadFiles(map[string][]byte{
		FileThemes:   []byte("[[theme]]\nid = \"energy\"\ntitle = \"Energy\"\nformerly = [\"health\"]\n"),
		FileRoutines: []byte("[[routine]]\nid = \"a\"\ntitle = \"A\"\ncadence = \"daily\"\ntheme = \"health\"\n"),
	})
	want := `routines.toml:5:1: theme "health" was renamed to "energy": write theme = "energy"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}
