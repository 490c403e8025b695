package silver

import (
	"cmp"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildWeather builds silver.weather: rainfall (0/1 in the API) becomes a
// boolean.
func (sb *sessionBuild) buildWeather(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord     int
		meeting int32
		date    int64
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableWeather, nil) {
		r := t.row(ord)
		x := row{ord: ord, date: r.reqTS("date")}
		r.i32("wind_direction")
		r.i32("rainfall")
		var ok bool
		if x.meeting, ok = sb.accept(t, TableWeather, ord, r); !ok {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int { return cmp.Compare(a.date, c.date) })
	b := array.NewRecordBuilder(sb.opts.Allocator, weatherSchema)
	defer b.Release()
	for _, x := range rows {
		r := t.row(x.ord)
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.ts(some(x.date))
		for _, name := range []string{"air_temperature", "track_temperature", "humidity", "pressure"} {
			w.f64(r.f64(name))
		}
		rain := r.i32("rainfall")
		w.boolean(nullable[bool]{rain.V != 0, rain.Valid})
		w.i32(r.i32("wind_direction"))
		w.f64(r.f64("wind_speed"))
		w.done()
	}
	return b.NewRecordBatch()
}
