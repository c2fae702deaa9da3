//go:build unix

package workfile

import "syscall"

// oNonblock keeps open from waiting for a writer when the path is a named
// pipe.
const oNonblock = syscall.O_NONBLOCK
