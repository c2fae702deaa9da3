//go:build !linux

package store

import "testing"

// trustedFolder is false: the folder cache is used only on Linux.
func trustedFolder(*testing.T, string) bool { return false }
