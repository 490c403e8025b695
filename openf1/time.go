package openf1

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Time is an OpenF1 datetime. The API writes UTC times the way Python's
// isoformat does ("2023-09-16T13:59:07.606000+00:00", no fraction when the
// microseconds are zero); some recordings use a space instead of the "T".
// Time keeps the textual style it was decoded from so that a record
// re-encodes to the same string; a Time built in Go (FromTime) encodes in the
// API's own style.
type Time struct {
	time.Time
	style timeStyle
}

// timeStyle remembers how a datetime was written. The zero value is the API's
// canonical style: "T" separator, 6 fraction digits when non-zero, numeric offset.
type timeStyle struct {
	space bool // ' ' between date and time instead of 'T'
	frac  int8 // fraction digits as written; -1: canonical (6 when non-zero, else none)
	zulu  bool // written with "Z" rather than "+00:00"
	set   bool // style was captured from input
}

// FromTime wraps t, encoding in the API's canonical style.
func FromTime(t time.Time) Time { return Time{Time: t} }

// ParseTime parses an OpenF1 datetime string: RFC 3339 with a "T" or a space
// between date and time, any number of fraction digits, and "Z" or a numeric
// offset. A datetime without an offset is taken as UTC, as the API does.
func ParseTime(s string) (Time, error) {
	var st timeStyle
	st.set = true
	if len(s) < 19 {
		return Time{}, fmt.Errorf("openf1: datetime %q is too short", s)
	}
	b := []byte(s)
	switch b[10] {
	case 'T', 't':
	case ' ':
		st.space = true
		b[10] = 'T'
	default:
		return Time{}, fmt.Errorf("openf1: datetime %q: expected 'T' or ' ' after the date", s)
	}
	rest := string(b[19:])
	st.frac = 0
	if strings.HasPrefix(rest, ".") {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		st.frac = int8(n - 1)
		rest = rest[n:]
	}
	norm := string(b)
	switch {
	case rest == "":
		norm += "Z"
	case rest == "Z" || rest == "z":
		st.zulu = true
	}
	t, err := time.Parse(time.RFC3339Nano, norm)
	if err != nil {
		return Time{}, fmt.Errorf("openf1: datetime %q: %w", s, err)
	}
	if rest == "" {
		st.zulu = false
	}
	return Time{Time: t, style: st}, nil
}

// String formats the time as the API (or the recording it came from) wrote it.
func (t Time) String() string { return string(t.AppendFormat(nil)) }

// AppendFormat appends the formatted time to b.
func (t Time) AppendFormat(b []byte) []byte {
	st := t.style
	tt := t.Time
	if !st.set {
		tt = tt.UTC()
	}
	b = tt.AppendFormat(b, "2006-01-02T15:04:05")
	if st.space {
		b[len(b)-9] = ' '
	}
	frac := int(st.frac)
	if !st.set {
		frac = 0
		if tt.Nanosecond()/1000 != 0 {
			frac = 6
		}
	}
	if frac > 0 {
		ns := strconv.Itoa(1_000_000_000 + tt.Nanosecond())[1:]
		b = append(b, '.')
		if frac <= 9 {
			b = append(b, ns[:frac]...)
		} else {
			b = append(b, ns...)
			for i := 9; i < frac; i++ {
				b = append(b, '0')
			}
		}
	}
	if st.zulu {
		return append(b, 'Z')
	}
	return tt.AppendFormat(b, "-07:00")
}

// MarshalJSON encodes the time as a JSON string in its original style.
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 36)
	b = append(b, '"')
	b = t.AppendFormat(b)
	return append(b, '"'), nil
}

// UnmarshalJSON decodes a JSON string with ParseTime.
func (t *Time) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("openf1: datetime must be a JSON string, got %.40s", b)
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}
