package silver

import (
	"hash/maphash"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pitwall-f1/pitwall/openf1"
)

func positionRows() []row {
	p := func(dn, sec, pos int, at time.Time) row {
		return row{"meeting_key": tMeeting, "session_key": tRace, "driver_number": dn,
			"date": raceStart.Add(time.Duration(sec) * time.Second), "position": pos, "_ingested_at": at}
	}
	return []row{
		p(1, 10, 1, ingested.Add(time.Minute)), // newer than its duplicate below
		p(16, 10, 2, ingested),
		p(1, 10, 3, ingested),  // superseded by row 0 (older)
		p(16, 10, 4, ingested), // same time as row 1: the later row wins
		p(1, 20, 2, ingested),
	}
}

func checkPositionDedup(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	src.rows(t, key(openf1.EndpointPosition, tRace), positionRows()...)
	b := build(t, src, mem, tRace)
	defer b.Release()
	assertAccounted(t, b)
	rec := b.Record(TablePositions)
	assert.Equal(t, []any{1, 1, 16}, column(t, rec, "driver_number"))
	assert.Equal(t, []any{1, 2, 4}, column(t, rec, "position"))
	rej := rejectsOf(b, TablePositions)
	if assert.Len(t, rej, 2) {
		assert.Equal(t, int64(1), rej[0].BronzeRow)
		assert.Contains(t, rej[0].Reason, "bronze row 3")
		assert.Equal(t, int64(2), rej[1].BronzeRow)
		assert.Contains(t, rej[1].Reason, "bronze row 0 with the same natural key (ingested_at 2024-03-25T06:01:00+00:00)")
	}
}

func TestDedupLatestWins(t *testing.T) { checkPositionDedup(t) }

// TestDedupHashCollisions forces every key to the same hash: keys must
// still be told apart by their encodings.
func TestDedupHashCollisions(t *testing.T) {
	keyHash = func(maphash.Seed, []byte) uint64 { return 42 }
	defer func() { keyHash = maphash.Bytes }()
	checkPositionDedup(t)
}
