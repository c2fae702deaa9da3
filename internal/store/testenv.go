package store

import (
	"os"
	"strconv"
	"sync"
)

// LooseObjectLimitEnv names the environment variable that lowers
// LooseObjectLimit for tests that run myos as a separate process: the
// crash test (internal/crashtest) sets it so that its processes pack every
// few commits, and kills land while they pack. Unset, or not a whole
// number between 1 and LooseObjectLimit, it changes nothing.
const LooseObjectLimitEnv = "MYOS_TEST_LOOSE_OBJECT_LIMIT"

var (
	limitOnce  sync.Once
	limitValue int
)

// looseObjectLimit is the limit Maintain packs at.
func looseObjectLimit() int {
	limitOnce.Do(func() {
		limitValue = LooseObjectLimit
		if n, err := strconv.Atoi(os.Getenv(LooseObjectLimitEnv)); err == nil && n > 0 && n < LooseObjectLimit {
			limitValue = n
		}
	})
	return limitValue
}

// PackBatchEnv names the environment variable that lowers packBatch for
// tests that run myos as a separate process: the crash test sets it so
// that its small packings write several packs, and kills land between
// them. Unset, or not a whole number between 1 and packBatch, it changes
// nothing.
const PackBatchEnv = "MYOS_TEST_PACK_BATCH"

var (
	batchOnce  sync.Once
	batchValue int64
)

// packBatchBytes is the size of the runs Maintain packs loose objects in.
func packBatchBytes() int64 {
	batchOnce.Do(func() {
		if n, err := strconv.ParseInt(os.Getenv(PackBatchEnv), 10, 64); err == nil && n > 0 && n < packBatch {
			batchValue = n
		}
	})
	if batchValue > 0 {
		return batchValue
	}
	return packBatch
}
