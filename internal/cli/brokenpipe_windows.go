package cli

import (
	"errors"

	"golang.org/x/sys/windows"
)

// osBrokenPipe reports whether err is Windows' answer to a write to a pipe
// whose reader closed it (ERROR_NO_DATA) or exited (ERROR_BROKEN_PIPE).
// Without it, `myos log | more` quit early on Windows failed with "write
// standard output: The pipe is being closed."
func osBrokenPipe(err error) bool {
	return errors.Is(err, windows.ERROR_NO_DATA) || errors.Is(err, windows.ERROR_BROKEN_PIPE)
}
