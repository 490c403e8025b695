package silver_test

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/silver"
)

func jsonBatch(t *testing.T, mem memory.Allocator, schema *arrow.Schema, rows string) arrow.RecordBatch {
	t.Helper()
	rec, _, err := array.RecordFromJSON(mem, schema, strings.NewReader(rows))
	require.NoError(t, err)
	t.Cleanup(rec.Release)
	return rec
}

// TestTrackPeriodsFromBatches reads periods from silver batches holding
// two sessions: only the asked session's rows count, a message without a
// lap_number takes the leader's lap from the laps, and a batch without
// the columns is an ErrBatchSchema error.
func TestTrackPeriodsFromBatches(t *testing.T) {
	mem := checkedAllocator(t)
	rc := jsonBatch(t, mem, silver.Schema(silver.TableRaceControl), `[
	  {"year": 2024, "meeting_key": 1, "session_key": 7, "date": "2024-03-02T15:30:00Z", "category": "SafetyCar", "message": "SAFETY CAR DEPLOYED"},
	  {"year": 2024, "meeting_key": 1, "session_key": 7, "date": "2024-03-02T15:35:00Z", "category": "SafetyCar", "lap_number": 12, "message": "SAFETY CAR IN THIS LAP"},
	  {"year": 2024, "meeting_key": 1, "session_key": 8, "date": "2024-03-02T15:31:00Z", "category": "SafetyCar", "lap_number": 3, "message": "VSC DEPLOYED"}
	]`)
	laps := jsonBatch(t, mem, silver.Schema(silver.TableLaps), `[
	  {"year": 2024, "meeting_key": 1, "session_key": 7, "driver_number": 1, "lap_number": 10, "date_start": "2024-03-02T15:28:00Z",
	   "is_pit_out_lap": false, "is_pit_in_lap": false, "under_sc": false, "under_vsc": false, "is_deleted": false, "is_accurate": false},
	  {"year": 2024, "meeting_key": 1, "session_key": 7, "driver_number": 1, "lap_number": 13, "date_start": "2024-03-02T15:36:10Z",
	   "is_pit_out_lap": false, "is_pit_in_lap": false, "under_sc": false, "under_vsc": false, "is_deleted": false, "is_accurate": false},
	  {"year": 2024, "meeting_key": 1, "session_key": 8, "driver_number": 1, "lap_number": 40, "date_start": "2024-03-02T15:29:00Z",
	   "is_pit_out_lap": false, "is_pit_in_lap": false, "under_sc": false, "under_vsc": false, "is_deleted": false, "is_accurate": false}
	]`)
	got, err := silver.TrackPeriods(7, []arrow.RecordBatch{rc}, []arrow.RecordBatch{laps})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "SC 10-12", got[0].String())
	assert.Equal(t, "15:30:00 15:36:10", got[0].Start.Format("15:04:05")+" "+got[0].End.Format("15:04:05"))

	_, err = silver.TrackPeriods(7, []arrow.RecordBatch{laps}, nil)
	assert.ErrorIs(t, err, silver.ErrBatchSchema)
}
