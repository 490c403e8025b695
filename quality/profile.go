package quality

import (
	"context"
	"fmt"
	"slices"
)

// ProfileOptions choose what Profile measures.
type ProfileOptions struct {
	// Columns to profile; empty means every column.
	Columns []string
	// Quantiles to compute for numeric columns (linear interpolation, as
	// pandas' default); nil means 0.25, 0.5 and 0.75; empty non-nil means none.
	Quantiles []float64
}

// Profile computes dataQualityMetrics for columns of data directly, whatever
// the suite: rowCount and, per column, nullCount (nulls and NaN) and count
// (non-missing values); distinctCount for numeric, string and boolean
// columns; min, max, sum and quantiles for numeric (not date/time) columns.
// Columns of other types get only the counts. It reads data without
// retaining it.
func Profile(ctx context.Context, data Data, opts ProfileOptions) (Metrics, error) {
	rows := data.rows
	m := Metrics{RowCount: &rows, ColumnMetrics: map[string]ColumnMetrics{}}
	names := opts.Columns
	if len(names) == 0 {
		names = data.ColumnNames()
	}
	qs := opts.Quantiles
	if qs == nil {
		qs = []float64{0.25, 0.5, 0.75}
	}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return Metrics{}, fmt.Errorf("quality: profile: %w", err)
		}
		col, err := data.column(name)
		if err != nil {
			return Metrics{}, fmt.Errorf("quality: profile: %w", err)
		}
		m.ColumnMetrics[name] = profileColumn(col, rows, qs)
	}
	return m, nil
}

func profileColumn(col *column, rows int64, qs []float64) ColumnMetrics {
	var cm ColumnMetrics
	cl := classOf(col.typ)
	var nonmissing int64
	if cl == classUnsupported {
		for _, arr := range col.chunks {
			nonmissing += int64(arr.Len() - arr.NullN())
		}
	} else if entries, n, err := distinct(col); err == nil {
		nonmissing = n
		cm.DistinctCount = ptr(int64(len(entries)))
	}
	cm.NullCount = ptr(rows - nonmissing)
	cm.Count = ptr(float64(nonmissing))
	if (cl != classInt && cl != classFloat) || isTemporal(col.typ) || nonmissing == 0 {
		return cm
	}
	sorted := sortedFloats(col)
	var sum float64
	for _, v := range sorted {
		sum += v
	}
	cm.Sum = ptr(sum)
	cm.Min = ptr(sorted[0])
	cm.Max = ptr(sorted[len(sorted)-1])
	for _, q := range slices.Sorted(slices.Values(qs)) {
		cm.Quantiles = withQuantile(cm.Quantiles, q, quantile(sorted, q, "linear"))
	}
	return cm
}
