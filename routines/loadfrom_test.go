package routines

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestLoadFilesFrom checks that loading with the unchanged files taken
// from a loaded OS gives what loading every file gives, for each example
// and template with each file in turn unchanged, changed, made invalid and
// removed.
func TestLoadFilesFrom(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/*")
	tmpls, _ := filepath.Glob("../templates/*")
	for _, dir := range append(dirs, tmpls...) {
		files := map[string][]byte{}
		for _, name := range ModelFiles() {
			if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				files[name] = b
			}
		}
		if files[FileOS] == nil {
			continue
		}
		base, err := LoadFiles(files)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, name := range ModelFiles() {
			variants := map[string][]byte{
				"unchanged": files[name],
				"changed":   append(append([]byte{}, files[name]...), "\n# a comment\n"...),
				"invalid":   append(append([]byte{}, files[name]...), "\n[[nonsense\n"...),
				"removed":   nil,
			}
			if name != FileOS {
				variants["changed"] = append(append([]byte{}, files[name]...), "\n[[routine]]\nid = \"new-one\"\ntitle = \"New\"\nwhy = \"x\"\ncadence = \"daily\"\n"...)
			}
			for what, src := range variants {
				all := map[string][]byte{}
				for n, b := range files {
					all[n] = b
				}
				if src == nil {
					delete(all, name)
				} else {
					all[name] = src
				}
				want, wantErr := LoadFiles(all)
				got, gotErr := LoadFilesFrom(base, map[string][]byte{name: src})
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, %s %s: the OS differs from LoadFiles'", dir, name, what)
				}
				if !reflect.DeepEqual(gotErr, wantErr) {
					t.Errorf("%s, %s %s: errors %v, want %v", dir, name, what, gotErr, wantErr)
				}
			}
		}
		// Nothing changed: the same OS.
		if got, err := LoadFilesFrom(base, nil); err != nil || !reflect.DeepEqual(got, base) {
			t.Errorf("%s: LoadFilesFrom with no change: %v, or not the same OS", dir, err)
		}
	}
}
