package gold

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/lakehouse"
)

// EnsureTables creates the gold namespace and every gold table that does
// not exist yet, and evolves existing ones to Tables() (columns are only
// ever added; definitions in the properties are updated). It is idempotent.
func EnsureTables(ctx context.Context, lake *lakehouse.Lake) error {
	for _, def := range Tables() {
		if _, err := lake.EnsureTable(ctx, def); err != nil {
			return err
		}
	}
	return nil
}

// Publish writes a build to the lake; see PublishAll.
func Publish(ctx context.Context, lake *lakehouse.Lake, b *Build, runID string) ([]*lakehouse.PublishResult, error) {
	return PublishAll(ctx, lake, []*Build{b}, runID)
}

// PublishAll writes builds to the lake with lakehouse's idempotent
// replace, one atomic commit per table however many builds there are:
//
//   - session-grain tables: ReplaceSessions on session_key with the
//     builds' SessionKeys (a session whose rows are gone, such as a
//     qualifying_analysis of a race, ends up empty);
//   - championship tables: ReplaceSessions keyed on year with the
//     builds' Year.
//
// Only tables a build holds are written (Build.DropTable keeps a table's
// previous snapshot). Identical content is skipped by the lake (Changed
// false). PublishAll decides nothing: checks run before it. It ensures the
// tables it writes exist; runID and the fuel correction used are recorded
// in every snapshot summary.
//
// The tables are independent commits, published a few at a time
// (GOMAXPROCS, at most 4). Results come in table order. On an error,
// every table is still attempted; PublishAll returns the results of those
// published and the first error in table order.
func PublishAll(ctx context.Context, lake *lakehouse.Lake, builds []*Build, runID string) ([]*lakehouse.PublishResult, error) {
	var tasks []lakehouse.PublishTask
	for _, spec := range specs {
		var recs []arrow.RecordBatch
		var keys []int64
		fuel := ""
		for _, b := range builds {
			rec := b.Record(spec.name)
			if rec == nil {
				continue
			}
			recs = append(recs, rec)
			if spec.year {
				keys = append(keys, int64(b.Year))
			} else {
				for _, k := range b.SessionKeys {
					keys = append(keys, int64(k))
				}
			}
			fuel = strconv.FormatFloat(b.FuelCorrection, 'f', -1, 64)
		}
		if len(recs) == 0 {
			continue
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		tasks = append(tasks, func() ([]*lakehouse.PublishResult, error) {
			def := spec.def()
			if _, err := lake.EnsureTable(ctx, def); err != nil {
				return nil, err
			}
			rdr, err := array.NewRecordReader(spec.schema, recs)
			if err != nil {
				return nil, fmt.Errorf("gold: publish %s: %w", def.Ident(), err)
			}
			defer rdr.Release()
			opts := lakehouse.PublishOptions{RunID: runID, KeyColumn: spec.replaceKey(),
				SnapshotProperties: map[string]string{PropFuelCorrection: fuel}}
			res, err := lake.ReplaceSessions(ctx, def.Ident(), keys, rdr, opts)
			if err != nil {
				return nil, err
			}
			return []*lakehouse.PublishResult{res}, nil
		})
	}
	return lakehouse.PublishConcurrently(tasks...)
}
