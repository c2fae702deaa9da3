//go:build !unix

package cli

// inputWaiting cannot tell a paste on this system: every line is an
// answer of its own, as typed.
func inputWaiting(fd int) func() bool { return nil }
