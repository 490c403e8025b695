//go:build !pitwallonly

package main

import (
	"reflect"
	"testing"
)

func TestSplitSQL(t *testing.T) {
	script := `-- a comment; with a semicolon and an apostrophe's
CREATE TABLE a AS SELECT 'x;y' AS s; -- trailing
SELECT regexp_extract(s, '\bLAP (\d+)\b', 1) FROM a;

`
	want := []string{
		"CREATE TABLE a AS SELECT 'x;y' AS s",
		`SELECT regexp_extract(s, '\bLAP (\d+)\b', 1) FROM a`,
	}
	if got := splitSQL(script); !reflect.DeepEqual(got, want) {
		t.Fatalf("splitSQL:\n got %q\nwant %q", got, want)
	}
}
