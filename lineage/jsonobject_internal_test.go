package lineage

import (
	"encoding/json"
	"testing"
)

func TestMarshalObjectMergesExtra(t *testing.T) {
	t.Parallel()
	type plain struct {
		A string `json:"a,omitempty"`
		B int    `json:"b"`
	}
	extra := map[string]json.RawMessage{"b": json.RawMessage(`99`), "z": json.RawMessage(`[1]`), "c": json.RawMessage(`null`)}
	got, err := marshalObject(plain{A: "x", B: 1}, extra)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":"x","b":1,"c":null,"z":[1]}`; string(got) != want {
		t.Errorf("got %s, want %s (typed fields win, extras sorted)", got, want)
	}
	type empty struct {
		A string `json:"a,omitempty"`
	}
	got, err = marshalObject(empty{}, map[string]json.RawMessage{"k": json.RawMessage(`"v"`)})
	if err != nil || string(got) != `{"k":"v"}` {
		t.Errorf("got %s, %v", got, err)
	}
	if _, err := marshalObject(empty{}, map[string]json.RawMessage{"k": json.RawMessage(`{`)}); err == nil {
		t.Error("invalid JSON in Extra must fail")
	}
}
