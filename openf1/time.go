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
	naive bool // written without any offset (read as UTC)
	set   bool // style was captured from input
}

// FromTime wraps t, encoding in the API's canonical style.
func FromTime(t time.Time) Time { return Time{Time: t} }

// ParseTime parses an OpenF1 datetime string: RFC 3339 with a "T" or a space
// between date and time, any number of fraction digits, and "Z" or a numeric
// offset. A datetime without an offset is taken as UTC, as the API does.
func ParseTime(s string) (Time, error) {
	if t, ok := parseTimeFast([]byte(s)); ok {
		return t, nil
	}
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
		st.naive = true
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
	switch {
	case st.zulu:
		return append(b, 'Z')
	case st.naive:
		return b
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

// parseTimeFast parses the common forms of an OpenF1 datetime without
// allocating: "YYYY-MM-DD", 'T' or ' ', "hh:mm:ss", an optional fraction of
// up to 9 digits, and "Z", "±hh:mm" or no offset. It reports false for
// anything else, which ParseTime then handles (or rejects) the slow way.
func parseTimeFast(b []byte) (Time, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[13] != ':' || b[16] != ':' {
		return Time{}, false
	}
	var st timeStyle
	st.set = true
	switch b[10] {
	case 'T':
	case ' ':
		st.space = true
	default:
		return Time{}, false
	}
	num := func(p []byte) (int, bool) {
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(b[0:4])
	month, ok2 := num(b[5:7])
	day, ok3 := num(b[8:10])
	hour, ok4 := num(b[11:13])
	minute, ok5 := num(b[14:16])
	sec, ok6 := num(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return Time{}, false
	}
	rest := b[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		digits := n - 1
		if digits == 0 || digits > 9 {
			return Time{}, false
		}
		v, _ := num(rest[1:n])
		for range 9 - digits {
			v *= 10
		}
		nsec = v
		st.frac = int8(digits)
		rest = rest[n:]
	}
	loc := time.UTC
	off := 0
	switch {
	case len(rest) == 0:
		st.naive = true
	case len(rest) == 1 && rest[0] == 'Z':
		st.zulu = true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := num(rest[1:3])
		om, okm := num(rest[4:6])
		if !okh || !okm || oh > 23 || om > 59 {
			return Time{}, false
		}
		off = oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
		if off != 0 {
			loc = time.FixedZone("", off)
		}
	default:
		return Time{}, false
	}
	unix := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec) - int64(off)
	t := time.Unix(unix, int64(nsec)).In(loc)
	return Time{Time: t, style: st}, true
}

// daysFromCivil counts days from 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's algorithm): cheaper than time.Date, which normalizes.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func daysIn(m time.Month, year int) int {
	if m == time.February {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - int(m-1)%7%2
}
