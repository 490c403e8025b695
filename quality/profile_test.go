package quality

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestProfile(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"lap_duration_ms", i64(mem, 90_000, nil, 95_000, 91_000, 91_000)},
		col{"gap", f64(mem, 0.5, math.NaN(), nil, 1.5, 4)},
		col{"compound", str(mem, "SOFT", "SOFT", nil, "HARD", "MEDIUM")},
		col{"date", ts(mem, "2024-03-02T15:00:00Z", nil, nil, nil, nil)},
	)
	defer rec.Release()
	m, err := Profile(context.Background(), FromRecordBatch(rec), ProfileOptions{Quantiles: []float64{0.5, 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	// lap: 90000 91000 91000 95000 -> linear quantiles 0.25 at 0.75 -> 90750,
	// 0.5 at 1.5 -> 91000.
	want := map[string]ColumnMetrics{
		"lap_duration_ms": {NullCount: ptr(int64(1)), DistinctCount: ptr(int64(3)), Count: ptr(4.0), Sum: ptr(367_000.0),
			Min: ptr(90_000.0), Max: ptr(95_000.0), Quantiles: map[string]float64{"0.25": 90_750, "0.5": 91_000}},
		"gap": {NullCount: ptr(int64(2)), DistinctCount: ptr(int64(3)), Count: ptr(3.0), Sum: ptr(6.0),
			Min: ptr(0.5), Max: ptr(4.0), Quantiles: map[string]float64{"0.25": 1, "0.5": 1.5}},
		"compound": {NullCount: ptr(int64(1)), DistinctCount: ptr(int64(3)), Count: ptr(4.0)},
		"date":     {NullCount: ptr(int64(4)), DistinctCount: ptr(int64(1)), Count: ptr(1.0)},
	}
	if *m.RowCount != 5 || !reflect.DeepEqual(m.ColumnMetrics, want) {
		t.Errorf("metrics = %+v", m.ColumnMetrics)
	}
	if _, err := Profile(context.Background(), FromRecordBatch(rec), ProfileOptions{Columns: []string{"nope"}}); !errors.Is(err, ErrColumnNotFound) {
		t.Errorf("err = %v", err)
	}
}
