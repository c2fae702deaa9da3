package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// TestTuneGCGivesPacingBack checks that the first collection ends the
// collector's holiday: a command whose heap outgrows gcMemoryLimit must
// not collect over and over to keep under it.
func TestTuneGCGivesPacingBack(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: tuneGC leaves the collector as they say")
	}
	tuneGC()
	runtime.GC()
	samples := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		// The cleanup runs on a goroutine of its own after the collection.
		metrics.Read(samples)
		percent, limit := samples[0].Value.Uint64(), samples[1].Value.Uint64()
		if percent == 100 && limit == math.MaxInt64 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a collection: GOGC %d, memory limit %d; want 100 and none", percent, limit)
		}
	}
}
