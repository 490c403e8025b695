package quality

import "testing"

func TestRegexAndLengths(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"team_colour", str(mem, "#3671C6", "3671C6", "#E8002D", nil, "#e8002dff")},
		col{"name_acronym", str(mem, "VER", "PÉR", "ZHOU", nil, "")},
		col{"n", i64(mem, 1, 2, 3, 4, 5)},
	)
	defer rec.Release()

	r := run(t, rec, ExpectColumnValuesToMatchRegex("team_colour", "^#[0-9A-Fa-f]{6}$"))
	wantMap(t, r, false, 5, 1, 2)
	// Search semantics: an unanchored pattern matches anywhere.
	r = run(t, rec, ExpectColumnValuesToMatchRegex("team_colour", "C6"))
	wantMap(t, r, false, 5, 1, 2)
	r = run(t, rec, ExpectColumnValuesToNotMatchRegex("team_colour", "^#"))
	wantMap(t, r, false, 5, 1, 3)
	// Lengths count characters: "PÉR" is 3 (4 bytes).
	r = run(t, rec, ExpectColumnValueLengthsToEqual("name_acronym", 3))
	wantMap(t, r, false, 5, 1, 2)
	r = run(t, rec, ExpectColumnValueLengthsToBeBetween("name_acronym", 1, 4))
	wantMap(t, r, false, 5, 1, 1)
	// Regex on an int column: a clear exception.
	r = run(t, rec, ExpectColumnValuesToMatchRegex("n", "1"))
	if !r.ExceptionInfo.RaisedException || r.Success {
		t.Errorf("regex on int64 should raise, got %+v", r.ExceptionInfo)
	}
}

func TestRegexSyntaxErrorIsKwargError(t *testing.T) {
	err := NewSuite("x", ExpectColumnValuesToMatchRegex("a", "(?=lookahead)")).Check()
	var ke *KwargError
	if !asError(err, &ke) || ke.Kwarg != "regex" {
		t.Fatalf("err = %v", err)
	}
}
