package quality

import (
	"fmt"
	"strings"
)

// ResultFormat is GX's result_format level: how much detail each expectation
// result carries. Levels nest: BASIC adds counts and a partial unexpected list
// to BOOLEAN_ONLY, SUMMARY adds value counts and row indices, COMPLETE adds
// every unexpected value and index.
type ResultFormat string

// Result formats, from least to most detailed.
const (
	ResultFormatBooleanOnly ResultFormat = "BOOLEAN_ONLY"
	ResultFormatBasic       ResultFormat = "BASIC"
	ResultFormatSummary     ResultFormat = "SUMMARY" // default for Validate
	ResultFormatComplete    ResultFormat = "COMPLETE"
)

// DefaultPartialUnexpectedCount is GX's default length of the partial lists.
const DefaultPartialUnexpectedCount = 20

// ParseResultFormat parses a level name (case-insensitive).
func ParseResultFormat(s string) (ResultFormat, error) {
	f := ResultFormat(strings.ToUpper(strings.TrimSpace(s)))
	if f.level() < 0 {
		return "", fmt.Errorf("unknown result_format %q (want BOOLEAN_ONLY, BASIC, SUMMARY or COMPLETE)", s)
	}
	return f, nil
}

func (f ResultFormat) level() int {
	switch f {
	case ResultFormatBooleanOnly:
		return 0
	case ResultFormatBasic:
		return 1
	case ResultFormatSummary:
		return 2
	case ResultFormatComplete:
		return 3
	}
	return -1
}

// resultFormatKwarg reads GX's per-expectation result_format kwarg: a level
// name or {"result_format": level, "partial_unexpected_count": n}.
func resultFormatKwarg(v any) (ResultFormat, int, error) {
	switch x := v.(type) {
	case string:
		f, err := ParseResultFormat(x)
		return f, -1, err
	case map[string]any:
		name, ok := x["result_format"].(string)
		if !ok {
			return "", 0, fmt.Errorf("result_format object needs a string \"result_format\" key")
		}
		f, err := ParseResultFormat(name)
		if err != nil {
			return "", 0, err
		}
		n := -1
		if pc, ok := x["partial_unexpected_count"]; ok {
			i, ok := pc.(int64)
			if !ok || i < 0 {
				return "", 0, fmt.Errorf("partial_unexpected_count must be a non-negative integer")
			}
			n = int(i)
		}
		return f, n, nil
	}
	return "", 0, fmt.Errorf("result_format must be a string or an object, got %T", v)
}
