package silver

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// LapIndex tells which lap a driver was on at a given time. It is built
// from silver.laps rows: a lap runs from date_start to date_start +
// lap_duration_ms, cut at the next lap's start; a lap without a duration
// runs to the driver's next lap start; lap 1 without date_start (older
// races) starts lap_duration earlier than lap 2 when its duration is
// known. Times outside every lap (the garage, the grid, after the flag)
// have no lap. A LapIndex is read-only and safe for concurrent use.
type LapIndex struct {
	byDriver map[int32][]lapSpan
}

// NewLapIndex builds a LapIndex from batches with the silver.laps columns
// driver_number, lap_number, date_start and lap_duration_ms (a Build's laps
// batch, or batches scanned from silver.laps).
func NewLapIndex(recs ...arrow.RecordBatch) (*LapIndex, error) {
	var rows []lapRow
	for _, rec := range recs {
		col := func(name string) (arrow.Array, error) {
			idx := rec.Schema().FieldIndices(name)
			if len(idx) != 1 {
				return nil, fmt.Errorf("silver: laps batch has no column %q", name)
			}
			return rec.Column(idx[0]), nil
		}
		dnA, err := col("driver_number")
		if err != nil {
			return nil, err
		}
		lapA, err := col("lap_number")
		if err != nil {
			return nil, err
		}
		startA, err := col("date_start")
		if err != nil {
			return nil, err
		}
		durA, err := col("lap_duration_ms")
		if err != nil {
			return nil, err
		}
		dn, ok1 := dnA.(*array.Int32)
		lap, ok2 := lapA.(*array.Int32)
		start, ok3 := startA.(*array.Timestamp)
		dur, ok4 := durA.(*array.Int64)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, fmt.Errorf("silver: laps batch columns do not have the silver.laps types")
		}
		for i := range int(rec.NumRows()) {
			if dn.IsNull(i) || lap.IsNull(i) {
				continue
			}
			x := lapRow{dn: dn.Value(i), lap: lap.Value(i)}
			if start.IsValid(i) {
				x.start = some(int64(start.Value(i)))
			}
			if dur.IsValid(i) {
				x.dur = some(dur.Value(i))
			}
			rows = append(rows, x)
		}
	}
	return newLapIndex(rows), nil
}

func newLapIndex(rows []lapRow) *LapIndex {
	slices.SortStableFunc(rows, func(a, b lapRow) int {
		if a.dn != b.dn {
			return cmp.Compare(a.dn, b.dn)
		}
		return cmp.Compare(a.lap, b.lap)
	})
	idx := &LapIndex{byDriver: map[int32][]lapSpan{}}
	for i, s := range lapSpans(rows) {
		if s.hasStart && s.hasEnd && s.end > s.start {
			idx.byDriver[rows[i].dn] = append(idx.byDriver[rows[i].dn], s)
		}
	}
	for dn, spans := range idx.byDriver {
		slices.SortFunc(spans, func(a, b lapSpan) int { return cmp.Compare(a.start, b.start) })
		idx.byDriver[dn] = spans
	}
	return idx
}

// LapIndex returns the lap index of the build's laps (an empty index when
// the build has no laps table).
func (b *Build) LapIndex() (*LapIndex, error) {
	rec := b.Record(TableLaps)
	if rec == nil {
		return &LapIndex{byDriver: map[int32][]lapSpan{}}, nil
	}
	return NewLapIndex(rec)
}

// Lap returns the lap driver was on at time at.
func (x *LapIndex) Lap(driver int, at time.Time) (int, bool) {
	lap, ok := x.lapAt(int32(driver), at.UnixMicro())
	return int(lap), ok
}

// Laps returns the number of laps with a known time span.
func (x *LapIndex) Laps() int {
	n := 0
	for _, s := range x.byDriver {
		n += len(s)
	}
	return n
}

func (x *LapIndex) lapAt(dn int32, us int64) (int32, bool) {
	spans := x.byDriver[dn]
	// the last span starting at or before us
	i, _ := slices.BinarySearchFunc(spans, us, func(s lapSpan, t int64) int {
		if s.start <= t {
			return -1
		}
		return 1
	})
	if i == 0 {
		return 0, false
	}
	s := spans[i-1]
	if us >= s.end {
		return 0, false
	}
	return s.lap, true
}

// lapCursor answers LapIndex.lapAt for a stream of samples that come
// grouped by driver and in time order, as telemetry does: it remembers
// where the previous sample fell and only searches when a sample leaves
// that lap. Any order gives the same answers as lapAt.
type lapCursor struct {
	x     *LapIndex
	dn    int32
	spans []lapSpan
	k     int // spans starting at or before the previous sample
	set   bool
}

func (c *lapCursor) lapAt(dn int32, us int64) (int32, bool) {
	if !c.set || dn != c.dn {
		c.dn, c.spans, c.k, c.set = dn, c.x.byDriver[dn], -1, true
	}
	spans := c.spans
	fits := func(k int) bool {
		return (k == 0 || spans[k-1].start <= us) && (k == len(spans) || spans[k].start > us)
	}
	switch {
	case c.k >= 0 && fits(c.k):
	case c.k >= 0 && c.k < len(spans) && fits(c.k+1):
		c.k++
	default:
		c.k, _ = slices.BinarySearchFunc(spans, us, func(s lapSpan, t int64) int {
			if s.start <= t {
				return -1
			}
			return 1
		})
	}
	if c.k == 0 {
		return 0, false
	}
	s := spans[c.k-1]
	if us >= s.end {
		return 0, false
	}
	return s.lap, true
}
