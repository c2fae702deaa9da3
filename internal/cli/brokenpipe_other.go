//go:build !windows

package cli

// osBrokenPipe is false: a broken pipe is EPIPE here.
func osBrokenPipe(error) bool { return false }
