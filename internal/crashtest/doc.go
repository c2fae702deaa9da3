// Package crashtest holds the tests that hold myos to its promises from
// outside: they run the real command as separate processes, kill them with
// SIGKILL at random moments (fixed seeds), start twenty at once, and check
// after each that the repository opens, `myos check` passes, `git fsck
// --strict` is clean, `git status` agrees with myos, and every command that
// said it succeeded has its change in HEAD. The package has no code of its
// own: everything is in its tests, which `go test -short` skips.
package crashtest
