//go:build !unix

package workfile

// oNonblock is 0 where opening a file cannot wait on a named pipe's writer.
const oNonblock = 0
