package semdiff

import (
	"reflect"
	"testing"

	"github.com/myos-dev/myos/routines"
)

// diffFilesEach is DiffFiles as it was, decoding both sides of every file.
func diffFilesEach(old, new map[string][]byte) ([]Change, []string) {
	oldOS, newOS := &routines.OS{}, &routines.OS{}
	var unreadable []string
	for _, name := range routines.ModelFiles() {
		srcOld, inOld := old[name]
		srcNew, inNew := new[name]
		if !inOld && !inNew {
			continue
		}
		var po, pn *routines.OS
		okOld, okNew := true, true
		if inOld {
			po, okOld = ParseLenient(name, srcOld)
		}
		if inNew {
			pn, okNew = ParseLenient(name, srcNew)
		}
		if !okOld || !okNew {
			unreadable = append(unreadable, name)
			continue
		}
		merge(oldOS, po)
		merge(newOS, pn)
	}
	return Diff(oldOS, newOS), unreadable
}

// TestDiffFilesSameBytes guards decoding a file once when both sides have
// the same bytes: the answer must be the one decoding both gives.
func TestDiffFilesSameBytes(t *testing.T) {
	routinesV1 := []byte("[[routine]]\nid = \"sleep\"\ntitle = \"Sleep\"\ncadence = \"daily\"\nat = \"22:30\"\n")
	routinesV2 := []byte("[[routine]]\nid = \"sleep\"\ntitle = \"Sleep\"\ncadence = \"daily\"\nat = \"22:00\"\n")
	themes := []byte("[[theme]]\nid = \"health\"\ntitle = \"Health\"\n")
	broken := []byte("[[block]\nid = \"x\"\n")
	settings := []byte("name = \"A\"\n[review]\nprompts = [\"one\"]\n")
	tests := []struct {
		name     string
		old, new map[string][]byte
	}{
		{"same everywhere", map[string][]byte{"os.toml": settings, "routines.toml": routinesV1, "themes.toml": themes},
			map[string][]byte{"os.toml": settings, "routines.toml": routinesV1, "themes.toml": themes}},
		{"one changed", map[string][]byte{"os.toml": settings, "routines.toml": routinesV1, "themes.toml": themes},
			map[string][]byte{"os.toml": settings, "routines.toml": routinesV2, "themes.toml": themes}},
		{"unreadable on both sides", map[string][]byte{"calendar.toml": broken, "routines.toml": routinesV1},
			map[string][]byte{"calendar.toml": broken, "routines.toml": routinesV2}},
		{"added and removed", map[string][]byte{"themes.toml": themes}, map[string][]byte{"routines.toml": routinesV1}},
		{"empty files", map[string][]byte{"themes.toml": {}}, map[string][]byte{"themes.toml": {}}},
	}
	for _, tt := range tests {
		gotC, gotU := DiffFiles(tt.old, tt.new)
		wantC, wantU := diffFilesEach(tt.old, tt.new)
		if !reflect.DeepEqual(gotC, wantC) || !reflect.DeepEqual(gotU, wantU) {
			t.Errorf("%s: got %v, %v; want %v, %v", tt.name, gotC, gotU, wantC, wantU)
		}
	}
}
