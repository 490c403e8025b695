package silver

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/bronze"
)

// BuildOptions tune a build. The zero value is usable.
type BuildOptions struct {
	// Allocator allocates every Arrow buffer the build returns and the
	// bronze batches it reads (default memory.DefaultAllocator). Tests pass
	// a memory.CheckedAllocator.
	Allocator memory.Allocator
	// RunID names the run in silver.rejects (run_id). Default: a fresh
	// bronze.NewRunID with a "silver-" prefix.
	RunID string
	// Now is the clock stamped on rejects as rejected_at (default time.Now).
	Now func() time.Time
	// Calendar, when set, is where BuildSession and BuildTelemetry locate
	// their session (LoadCalendar), instead of reading the bronze sessions
	// partitions on every build. A session it does not know is looked up
	// in the session's own partitions, as without a calendar.
	Calendar *Calendar
}

func (o *BuildOptions) allocator() memory.Allocator {
	if o == nil || o.Allocator == nil {
		return memory.DefaultAllocator
	}
	return o.Allocator
}

// withDefaults returns a copy with RunID and clock filled in.
func (o BuildOptions) withDefaults() BuildOptions {
	if o.Allocator == nil {
		o.Allocator = memory.DefaultAllocator
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RunID == "" {
		o.RunID = "silver-" + bronze.NewRunID(o.Now())
	}
	return o
}
