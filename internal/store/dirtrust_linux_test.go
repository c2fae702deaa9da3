package store

import (
	"testing"

	"golang.org/x/sys/unix"
)

// trustedFolder is folderTimesTrusted for the folder dir.
func trustedFolder(t *testing.T, dir string) bool {
	t.Helper()
	fd, err := openDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	return folderTimesTrusted(fd)
}
