package quality

import (
	"encoding/json"
	"hash/maphash"
	"math"
	"reflect"
	"slices"
	"testing"
)

func TestCompoundColumnsUnique(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"session_key", i64(mem, 9472, 9472, 9472, 9472, nil, nil, 9472)},
		col{"driver_number", i64(mem, 1, 1, 44, 1, nil, nil, nil)},
		col{"lap_number", i64(mem, 1, 2, 1, 1, nil, nil, 3)},
	)
	defer rec.Release()
	keys := []string{"session_key", "driver_number", "lap_number"}
	// Rows 0 and 3 repeat (9472, 1, 1); rows 4 and 5 are all-missing and
	// ignored by default.
	r := run(t, rec, ExpectCompoundColumnsToBeUnique(keys...), ValidateOptions{ResultFormat: ResultFormatComplete})
	wantMap(t, r, false, 7, 2, 2)
	if !slices.Equal(r.Result.UnexpectedIndexList, []int64{0, 3}) {
		t.Errorf("index = %v", r.Result.UnexpectedIndexList)
	}
	b, _ := json.Marshal(r.Result.UnexpectedList[0])
	if string(b) != `{"session_key":9472,"driver_number":1,"lap_number":1}` {
		t.Errorf("unexpected row JSON = %s", b)
	}
	// GX flattens dict values to tuples for the counts.
	if c := r.Result.PartialUnexpectedCounts; len(c) != 1 || c[0].Count != 2 || !reflect.DeepEqual(c[0].Value, []any{int64(9472), int64(1), int64(1)}) {
		t.Errorf("counts = %+v", c)
	}
	// never: the two all-null rows are duplicates of each other.
	r = run(t, rec, ExpectCompoundColumnsToBeUnique(keys...).With("ignore_row_if", "never"))
	wantMap(t, r, false, 7, 0, 4)
	// any_value_is_missing drops row 6 too.
	r = run(t, rec, ExpectCompoundColumnsToBeUnique(keys...).With("ignore_row_if", "any_value_is_missing"))
	wantMap(t, r, false, 7, 3, 2)
}

func TestColumnPairs(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"lap_start", i64(mem, 1, 21, 40, nil, 5, nil)},
		col{"lap_end", i32(mem, 20, 21, 39, 10, nil, nil)},
		col{"lap_end_f", f64(mem, 20.5, 21, 39, math.NaN(), 5, nil)},
		col{"date_start", ts(mem, "2024-03-02T15:00:00Z", "2024-03-02T15:00:00Z", nil, nil, nil, nil)},
		col{"date_end", ts(mem, "2024-03-02T17:00:00Z", "2024-03-02T14:00:00Z", nil, nil, nil, nil)},
	)
	defer rec.Release()
	// lap_end > lap_start: 20>1 ok, 21>21 no, 39>40 no, (null,10) no,
	// (5,null) no, (null,null) ignored.
	r := run(t, rec, ExpectColumnPairValuesAToBeGreaterThanB("lap_end", "lap_start"))
	wantMap(t, r, false, 6, 1, 4)
	if !reflect.DeepEqual(r.Result.PartialUnexpectedList[1], []any{int64(39), int64(40)}) {
		t.Errorf("pair value = %v", r.Result.PartialUnexpectedList[1])
	}
	r = run(t, rec, ExpectColumnPairValuesAToBeGreaterThanB("lap_end", "lap_start").OrEqual())
	wantMap(t, r, false, 6, 1, 3)
	r = run(t, rec, ExpectColumnPairValuesAToBeGreaterThanB("lap_end", "lap_start").OrEqual().With("ignore_row_if", "either_value_is_missing"))
	wantMap(t, r, false, 6, 3, 1)
	r = run(t, rec, ExpectColumnPairValuesAToBeGreaterThanB("lap_end", "lap_start").With("ignore_row_if", "neither"))
	wantMap(t, r, false, 6, 0, 5)
	// int vs float: 20.5>=1, 21>=21, 39<40, NaN and null both missing, 5>=5.
	r = run(t, rec, ExpectColumnPairValuesAToBeGreaterThanB("lap_end_f", "lap_start").OrEqual())
	wantMap(t, r, false, 6, 2, 1)
	r = run(t, rec, ExpectColumnPairValuesAToBeGreaterThanB("date_end", "date_start"))
	wantMap(t, r, false, 6, 4, 1)
	r = run(t, rec, ExpectColumnPairValuesToBeEqual("lap_end", "lap_start").With("ignore_row_if", "either_value_is_missing"))
	wantMap(t, r, false, 6, 3, 2)
	// Timestamps cannot be compared with plain integers.
	r = run(t, rec, ExpectColumnPairValuesAToBeGreaterThanB("date_end", "lap_start"))
	if !r.ExceptionInfo.RaisedException {
		t.Error("timestamp vs int should raise")
	}
}

func TestKeyIndexCollisions(t *testing.T) {
	x := newKeyIndex(0)
	a, b := x.id([]byte("a")), x.id([]byte("bb"))
	if a == b || x.id([]byte("a")) != a || x.len() != 2 || string(x.key(b)) != "bb" {
		t.Fatal("basic numbering")
	}
	// Force a hash collision: point the hash of "c" at the id of "a".
	x.ids[maphash.Bytes(x.seed, []byte("c"))] = a
	c := x.id([]byte("c"))
	if c == a || x.id([]byte("c")) != c || x.id([]byte("a")) != a {
		t.Errorf("collision handling: a=%d c=%d", a, c)
	}
}
