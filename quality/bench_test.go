package quality

import (
	"context"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Benchmarks run the simple column checks over 10 M rows. Run with
//
//	go test -run '^$' -bench . -benchmem ./quality/
//
// Mvalues/s is rows checked per wall-clock second per expectation (one
// goroutine); cpu-Mvalues/s divides by the process CPU time instead, which
// stays meaningful when other processes share the cores. The data is
// realistic: most values are expected (1–3% are not), as in real sessions.

const benchRows = 10_000_000

var (
	benchOnce sync.Once
	benchRec  arrow.RecordBatch
)

// benchBatch builds, once, 10 M rows shaped like silver laps/telemetry:
// driver_number int64 (1–99), lap_duration_ms int64 with 1% nulls, speed
// float64, compound string, is_accurate bool (false on 2 rows in 20: runs
// of 18 accurate laps).
func benchBatch() arrow.RecordBatch {
	benchOnce.Do(func() {
		mem := memory.NewGoAllocator()
		drv := array.NewInt64Builder(mem)
		lap := array.NewInt64Builder(mem)
		spd := array.NewFloat64Builder(mem)
		cmp := array.NewStringBuilder(mem)
		acc := array.NewBooleanBuilder(mem)
		compounds := []string{"SOFT", "MEDIUM", "HARD", "INTERMEDIATE", "WET"}
		x := uint64(88172645463325252)
		for i := range benchRows {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			drv.Append(int64(1 + x%99))
			switch {
			case i%100 == 0:
				lap.AppendNull()
			case x%97 == 0: // ~1% implausible lap times
				lap.Append(int64(400_000 + x%40_000))
			default:
				lap.Append(int64(70_000 + x%40_000))
			}
			spd.Append(float64(x%35000) / 100)
			cmp.Append(compounds[x%5])
			acc.Append(i%20 >= 2)
		}
		cols := []arrow.Array{drv.NewArray(), lap.NewArray(), spd.NewArray(), cmp.NewArray(), acc.NewArray()}
		schema := arrow.NewSchema([]arrow.Field{
			{Name: "driver_number", Type: arrow.PrimitiveTypes.Int64},
			{Name: "lap_duration_ms", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
			{Name: "speed", Type: arrow.PrimitiveTypes.Float64},
			{Name: "compound", Type: arrow.BinaryTypes.String},
			{Name: "is_accurate", Type: arrow.FixedWidthTypes.Boolean},
		}, nil)
		benchRec = array.NewRecordBatch(schema, cols, benchRows)
		for _, c := range cols {
			c.Release()
		}
		for _, b := range []array.Builder{drv, lap, spd, cmp, acc} {
			b.Release()
		}
	})
	return benchRec
}

func benchExpectation(b *testing.B, e Expectation, format ResultFormat) {
	benchSuite(b, NewSuite("bench", e), format)
}

func benchExpectationSuite(b *testing.B, s *Suite) { benchSuite(b, s, ResultFormatSummary) }

func benchSuite(b *testing.B, s *Suite, format ResultFormat) {
	data := FromRecordBatch(benchBatch())
	opts := ValidateOptions{ResultFormat: format}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		res, err := s.Validate(context.Background(), data, opts)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res.Results {
			if r.ExceptionInfo.RaisedException {
				b.Fatal(*r.ExceptionInfo.ExceptionMessage)
			}
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(benchRows)*float64(b.N)/cpu.Seconds()/1e6, "cpu-Mvalues/s")
	}
}

func BenchmarkNotNullInt64(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToNotBeNull("lap_duration_ms"), ResultFormatSummary)
}

func BenchmarkNotNullFloat64(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToNotBeNull("speed"), ResultFormatSummary)
}

func BenchmarkBetweenInt64(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToBeBetween("driver_number", 1, 99), ResultFormatSummary)
}

func BenchmarkBetweenInt64WithNulls(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.95), ResultFormatSummary)
}

// BenchmarkBetweenInt64RowCondition is BenchmarkBetweenInt64WithNulls on
// the accurate rows only (row_condition is_accurate==True: 500 000 runs of
// 18 rows, each a zero-copy slice).
func BenchmarkBetweenInt64RowCondition(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.95).
		RowCondition("is_accurate==True"), ResultFormatSummary)
}

func BenchmarkBetweenFloat64(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToBeBetween("speed", 0, 400), ResultFormatSummary)
}

func BenchmarkInSetInt64(b *testing.B) {
	set := make([]int, 0, 99)
	for n := 1; n <= 99; n++ {
		if n%33 != 0 { // 33, 66 and 99 are unexpected: ~3% of rows
			set = append(set, n)
		}
	}
	benchExpectation(b, ExpectColumnValuesToBeInSet("driver_number", set...).Mostly(0.9), ResultFormatSummary)
}

func BenchmarkInSetString(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToBeInSet("compound", KnownCompounds()...), ResultFormatSummary)
}

func BenchmarkSilverLapsLikeSuite(b *testing.B) {
	// Six checks over the same 10 M rows; Mvalues/s counts rows, not checks.
	benchExpectationSuite(b, NewSuite("bench",
		ExpectColumnValuesToNotBeNull("driver_number"),
		ExpectColumnValuesToBeBetween("driver_number", 1, 99),
		ExpectColumnValuesToNotBeNull("lap_duration_ms").Mostly(0.9),
		ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.95),
		ExpectColumnValuesToBeInSet("compound", KnownCompounds()...),
		ExpectColumnValuesToBeBetween("speed", 0, 400),
	))
}

func BenchmarkUniqueInt64(b *testing.B) {
	benchExpectation(b, ExpectColumnValuesToBeUnique("driver_number").Mostly(0), ResultFormatBooleanOnly)
}

func BenchmarkMeanFloat64(b *testing.B) {
	benchExpectation(b, ExpectColumnMeanToBeBetween("speed", 0, 400), ResultFormatSummary)
}

// BenchmarkCompoundUnique1M hashes three-column keys of 1 M rows (the size
// of a race weekend's car_data), e.g. (session_key, driver_number, date).
func BenchmarkCompoundUnique1M(b *testing.B) {
	const n = 1_000_000
	rec := benchBatch().NewSlice(0, n)
	defer rec.Release()
	s := NewSuite("bench", ExpectCompoundColumnsToBeUnique("driver_number", "lap_duration_ms", "speed").Mostly(0))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := s.Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds()/1e6, "cpu-Mvalues/s")
	}
}
