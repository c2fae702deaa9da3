package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// gcMemoryLimit is the heap size at which a myos process starts collecting
// garbage.
const gcMemoryLimit = 28 << 20

var tuneGCOnce sync.Once

// tuneGC leaves garbage collection to when the heap nears gcMemoryLimit.
// A command lives for milliseconds and most allocate a few megabytes, yet
// with Go's default settings the collector runs several times in each,
// for a tenth to a quarter of their CPU (stats over ten years of reviews:
// 47 -> 31 ms). The first collection, at the limit, gives the collector
// back its usual pacing: a command that needs more (a clone of ten years
// holds a hundred megabytes) would otherwise collect again and again to
// stay under a limit it cannot keep, 900 times in a 40 s clone. GOGC or
// GOMEMLIMIT in the environment win.
func tuneGC() {
	tuneGCOnce.Do(func() {
		if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
			return
		}
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(gcMemoryLimit)
		// Unreachable from the start, so the first collection runs
		// its cleanup.
		runtime.AddCleanup(new([64]byte), func(struct{}) {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
		}, struct{}{})
	})
}
