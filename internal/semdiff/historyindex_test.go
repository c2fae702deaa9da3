package semdiff

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/myos-dev/myos/routines"
)

// indexedHistory is a longer history than fileHistory's: a block and an
// event in calendar.toml, duplicates, a version that does not decode at
// the start and one in the middle, and items that go and come back.
func indexedHistory() ([]Revision, map[string]string) {
	block := func(id, title, end string) string {
		return fmt.Sprintf("[[block]]\nid = %q\ntitle = %q\ndays = [\"mon\"]\nstart = \"09:00\"\nend = %q\n", id, title, end)
	}
	event := "[[event]]\nid = \"talk\"\ntitle = \"Talk\"\ndate = 2026-12-03\n"
	blobs := map[string]string{
		"c0": "not = [toml",
		"c1": block("deep", "Deep work", "10:00"),
		"c2": block("deep", "Deep work", "10:30") + event,
		"c3": block("deep", "Deep work", "10:30") + block("deep", "Twice", "11:00") + event,
		"c4": "[[block]\nbroken",
		"c5": block("focus", "Deep work", "10:30") + event, // renamed
		"c6": event,
		"c7": block("focus", "Deep work", "12:00") + event + "\n# only a comment changed\n",
		"c8": block("focus", "Deep work", "12:00") + event,
	}
	revs := []Revision{
		{"k8", "c8", "c7"},
		{"k7", "c7", "c6"},
		{"k6", "c6", "c5"},
		{"k5", "c5", "c4"},
		{"k4", "c4", "c3"},
		{"k3", "c3", "c2"},
		{"k2", "c2", "c1"},
		{"k1", "c1", "c0"},
		{"k0", "c0", ""},
	}
	return revs, blobs
}

// TestItemHistoryIndexed wants ItemHistory's answers from ItemHistoryIndexed
// with an empty index, with the index it filled, and with that index read
// back, and fewer decodes once the index knows the versions.
func TestItemHistoryIndexed(t *testing.T) {
	type history struct {
		revs  []Revision
		blobs map[string]string
		kind  routines.Kind
		ids   []string
	}
	r1, b1 := fileHistory()
	r2, b2 := indexedHistory()
	for _, h := range []history{
		{r1, b1, routines.KindRoutine, []string{"rest", "sleep", "gym", "nothing"}},
		{r2, b2, routines.KindBlock, []string{"focus", "deep", "talk"}},
		{r2, b2, routines.KindEvent, []string{"talk", "deep"}},
	} {
		file := h.kind.File()
		x := NewVersionIndex(file)
		for _, id := range h.ids {
			decodes := 0
			read := func(blob string) ([]byte, error) {
				decodes++
				s, ok := h.blobs[blob]
				if !ok {
					return nil, fmt.Errorf("no blob %s", blob)
				}
				return []byte(s), nil
			}
			want, werr := ItemHistory(h.kind, id, h.revs, read)
			decodes = 0
			for round, idx := range []*VersionIndex{NewVersionIndex(file), x, nil} {
				if idx == nil {
					var err error
					if idx, err = ReadVersionIndex(file, AppendVersionIndex(nil, x)); err != nil {
						t.Fatalf("ReadVersionIndex: %v", err)
					}
				}
				decodes = 0
				got, err := ItemHistoryIndexed(h.kind, id, h.revs, read, idx)
				if (err == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s, round %d: got %v, %v; want %v, %v", h.kind, id, round, got, err, want, werr)
				}
				if round == 2 && decodes > 2*len(want) {
					t.Errorf("%s %s with a full index: decoded %d versions, want at most 2 per change (%d)", h.kind, id, decodes, 2*len(want))
				}
			}
		}
	}
}

func TestVersionIndexRefusesDamage(t *testing.T) {
	revs, blobs := fileHistory()
	x := NewVersionIndex(routines.FileRoutines)
	read := func(blob string) ([]byte, error) { return []byte(blobs[blob]), nil }
	if _, err := ItemHistoryIndexed(routines.KindRoutine, "rest", revs, read, x); err != nil {
		t.Fatal(err)
	}
	b := AppendVersionIndex(nil, x)
	if got, err := ReadVersionIndex(routines.FileRoutines, b); err != nil || !reflect.DeepEqual(got.versions, x.versions) {
		t.Fatalf("ReadVersionIndex: got %v, %v", got, err)
	}
	for _, bad := range []struct {
		name string
		file string
		data []byte
	}{
		{"another file", routines.FileCalendar, b},
		{"truncated", routines.FileRoutines, b[:len(b)-5]},
		{"longer", routines.FileRoutines, append(append([]byte{}, b...), 1)},
		{"empty", routines.FileRoutines, nil},
		{"another version", routines.FileRoutines, append([]byte{versionIndexVersion + 1}, b[1:]...)},
		// Fingerprints of version 1 did not read the former ids of
		// themes, priorities and blocks: history from them would miss a
		// change of formerly alone.
		{"version 1", routines.FileRoutines, append([]byte{1}, b[1:]...)},
	} {
		if _, err := ReadVersionIndex(bad.file, bad.data); err == nil {
			t.Errorf("%s: got no error", bad.name)
		}
	}
	// Every cut is refused, and no flipped byte makes it panic.
	for i := range b {
		if _, err := ReadVersionIndex(routines.FileRoutines, b[:i]); err == nil {
			t.Errorf("cut at %d of %d: got no error", i, len(b))
		}
		flipped := append([]byte{}, b...)
		flipped[i] ^= 0xff
		ReadVersionIndex(routines.FileRoutines, flipped)
	}
	if _, err := ItemHistoryIndexed(routines.KindBlock, "x", revs, read, x); err == nil || !strings.Contains(err.Error(), "index of routines.toml") {
		t.Errorf("an index of another file: got %v, want an error", err)
	}
}
