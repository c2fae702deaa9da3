// Package store keeps the OS repository: an ordinary git repository, on
// branch main, that myos reads and writes with go-git and that the git
// command can read, clone and push.
//
// The store knows git and nothing of what the files mean. Its rules:
//
//   - Every write happens under an exclusive lock file, .git/myos.lock (see
//     Repo.Lock). go-git itself takes no locks.
//   - Files, refs and the index are written atomically: a temporary file in
//     the same directory, fsync, rename, fsync of the directory. A crash
//     leaves the old or the new version, never half of one. Objects and
//     packs, the store's own and those go-git writes in a fetch or a push,
//     reach the disk before they are named, and before any ref points at
//     them.
//   - A commit stages only the paths it touched: blobs and trees are written
//     through the object storer and only the touched index entries change, so
//     its cost does not grow with the number of files in the repository.
//   - Status compares the work tree with HEAD and uses the index only as a
//     cache of stat data, so a stale index never makes it wrong, only slower.
//   - Open repairs what an interrupted write can leave behind: an unreadable
//     index, or index entries that lag a commit.
//
// Nothing here needs a git binary.
package store
