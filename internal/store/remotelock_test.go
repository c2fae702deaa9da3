package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRemoteTrackingLock guards against a sync killed while it fetched:
// the lock it leaves on refs/remotes/origin/main stopped every later sync,
// and Diagnose looked only at refs/heads. It is found, it does not stop
// local writes, and Repair removes it once it is stale.
func TestRemoteTrackingLock(t *testing.T) {
	r := newRepo(t)
	commit(t, r, "one", time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC), "a.txt", "a\n")
	lock := filepath.Join(r.Dir(), ".git", "refs", "remotes", "origin", "main.lock")
	if err := os.MkdirAll(filepath.Dir(lock), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lock, []byte(strings.Repeat("0", 40)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(lock, old, old); err != nil {
		t.Fatal(err)
	}
	probs, err := Diagnose(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range probs {
		if p.Code == ProblemGitLock && strings.Contains(p.Message, "refs/remotes/origin/main.lock") {
			found = true
			if p.Blocking {
				t.Error("a remote-tracking ref's lock blocks local writes")
			}
		}
	}
	if !found {
		t.Fatalf("Diagnose: got %+v, want the remote-tracking ref's lock", probs)
	}
	commit(t, r, "two", time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), "b.txt", "b\n")
	if _, _, err := Repair(r.Dir(), RepairOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lock); !os.IsNotExist(err) {
		t.Errorf("the lock is still there after Repair (%v)", err)
	}
}
