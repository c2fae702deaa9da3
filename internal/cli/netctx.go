package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// How long a command's work with a remote may take before it gives up:
// an OS repository is a few megabytes after ten years, a template a few
// kilobytes, so these only end a remote that accepted the connection and
// never answered.
const (
	remoteLimit   = 5 * time.Minute
	templateLimit = time.Minute
)

// netContext is the context of a command's work with a remote: it ends
// after limit, and on Ctrl-C (or SIGTERM), so that the work stops where
// it cleans up after itself (a half-fetched template, the repository
// lock) instead of the process dying mid-way. Only that work listens: a
// Ctrl-C anywhere else still ends myos at once. stop must be called.
func netContext(limit time.Duration) (ctx context.Context, stop func()) {
	sig, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(sig, limit)
	return ctx, func() {
		cancel()
		stopSignals()
	}
}
