package openf1test

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// valueKind is the type a filter value is coerced to (API.md §2.3).
type valueKind uint8

const (
	valString valueKind = iota
	valBool
	valInt
	valFloat
	valTime
)

// String names the kind.
func (k valueKind) String() string {
	return [...]string{"string", "bool", "int", "float", "datetime"}[k]
}

// value is a typed filter value.
type value struct {
	kind    valueKind
	text    string    // the value as sent (after URL decoding)
	b       bool      // valBool
	num     number    // valInt, valFloat
	t       time.Time // valTime: UTC, millisecond precision
	hasTime bool      // valTime: the text carried a time of day
}

// castValue coerces text the way the server does: boolean, else integer,
// else float, else datetime (a subset of what python-dateutil accepts, see
// parseDate), else string. now supplies the defaults dateutil takes from
// today's date.
func castValue(text string, now time.Time) value {
	switch strings.ToLower(text) {
	case "true":
		return value{kind: valBool, text: text, b: true}
	case "false":
		return value{kind: valBool, text: text}
	}
	if i, ok := pyInt(text); ok {
		return value{kind: valInt, text: text, num: number{i: i, f: float64(i), isInt: true}}
	}
	if f, ok := pyFloat(text); ok {
		return value{kind: valFloat, text: text, num: number{f: f}}
	}
	if t, hasTime, ok := parseDate(text, now); ok {
		return value{kind: valTime, text: text, t: bsonTime(t), hasTime: hasTime}
	}
	return value{kind: valString, text: text}
}

// stringValue is a value the server never coerces (gmt_offset, team_colour).
func stringValue(text string) value { return value{kind: valString, text: text} }

// truthy reports Python truthiness, used for the csv switch.
func (v value) truthy() bool {
	switch v.kind {
	case valBool:
		return v.b
	case valInt:
		return v.num.i != 0
	case valFloat:
		return v.num.f != 0
	case valString:
		return v.text != ""
	}
	return true
}

// compare orders two filter values as Python does, for range pairing.
// Values of incomparable types make Python raise TypeError; ok is false then.
func (v value) compare(w value) (c int, ok bool) {
	numeric := func(x value) (number, bool) {
		switch x.kind {
		case valInt, valFloat:
			return x.num, true
		case valBool:
			if x.b {
				return number{i: 1, f: 1, isInt: true}, true
			}
			return number{isInt: true}, true
		}
		return number{}, false
	}
	if a, ok := numeric(v); ok {
		if b, ok := numeric(w); ok {
			return cmpNumber(a, b), true
		}
		return 0, false
	}
	if v.kind != w.kind {
		return 0, false
	}
	switch v.kind {
	case valString:
		return strings.Compare(v.text, w.text), true
	case valTime:
		return v.t.Compare(w.t), true
	}
	return 0, false
}

// same reports whether two values are the same predicate value (for the
// server's removal of duplicate predicates).
func (v value) same(w value) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case valBool:
		return v.b == w.b
	case valInt, valFloat:
		return cmpNumber(v.num, w.num) == 0
	case valTime:
		return v.t.Equal(w.t)
	}
	return v.text == w.text
}

// String shows the value for test failures.
func (v value) String() string {
	if v.kind == valTime {
		return v.t.Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%s(%s)", v.kind, v.text)
}

// pyInt mimics Python's int(s) for base-10 text. Integers beyond int64 are
// left to pyFloat.
func pyInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	start := 0
	if start < len(s) && (s[0] == '+' || s[0] == '-') {
		start++
	}
	if end, ok := digitRun(s, start); !ok || end != len(s) {
		return 0, false
	}
	i, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	return i, err == nil
}

// pyFloat mimics Python's float(s).
func pyFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch strings.TrimLeft(strings.ToLower(s), "+-") {
	case "inf", "infinity":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case "nan":
		return math.NaN(), true
	}
	if !isPyFloat(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		// Out of range: Python gives inf, so does ParseFloat alongside the error.
		return f, !math.IsNaN(f) && math.IsInf(f, 0)
	}
	return f, true
}

// digitRun scans digits with single underscores between them, as Python's
// numeric literals allow, from s[i]; ok is false when there is none or an
// underscore is misplaced.
func digitRun(s string, i int) (end int, ok bool) {
	start := i
	for i < len(s) {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			i++
		case c == '_' && i > start && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && s[i-1] != '_':
			i++
		default:
			return i, i > start
		}
	}
	return i, i > start
}

// isPyFloat reports whether s is a decimal literal Python's float() accepts:
// [sign] (digits [. [digits]] | . digits) [e [sign] digits].
func isPyFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intEnd, hasInt := digitRun(s, i)
	if hasInt {
		i = intEnd
	}
	hasFrac := false
	if i < len(s) && s[i] == '.' {
		i++
		if end, ok := digitRun(s, i); ok {
			i, hasFrac = end, true
		}
	}
	if !hasInt && !hasFrac {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		end, ok := digitRun(s, i)
		if !ok {
			return false
		}
		i = end
	}
	return i == len(s)
}

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdays = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday, "tue": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "thu": time.Thursday,
	"thursday": time.Thursday, "fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "sun": time.Sunday, "sunday": time.Sunday,
}

var (
	// 2023-09-16, 2023-09, 2023/09/16, then an optional time and zone.
	isoDateRe = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?:[Tt ]+(.*))?$`)
	// 09/16/2023 (month first, as dateutil's default).
	usDateRe = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:[Tt ]+(.*))?$`)
	// 13, 13:03, 13:03:35, 13:03:35.2 then an optional zone.
	timeRe = regexp.MustCompile(`^(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(.*)$`)
	zoneRe = regexp.MustCompile(`^(?:([zZ])|(?:UTC|GMT|utc|gmt)|([+-])(\d{2})(?::?(\d{2}))?|([A-Za-z]{3,5}))$`)
)

// parseDate understands the date forms python-dateutil's parser accepts that
// matter for OpenF1 filters: ISO 8601 / RFC 3339 dates and datetimes ('T' or
// space, any fraction, Z or numeric offsets, unknown zone names ignored),
// year-month, US month/day/year, times alone, and English month and weekday
// names with a day and year ("10 September 2021", "Sep 10, 2021", "MAR").
// Missing parts come from now's date (UTC), as with dateutil's default. A
// result without an offset is UTC; one with an offset is converted to UTC.
// hasTime reports whether the text set an hour (the server's _has_time_info).
func parseDate(s string, now time.Time) (t time.Time, hasTime bool, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, false
	}
	now = now.UTC()
	var d dateParts
	if m := isoDateRe.FindStringSubmatch(s); m != nil {
		d.year, _ = strconv.Atoi(m[1])
		d.month, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			d.day, _ = strconv.Atoi(m[3])
		}
		if m[4] != "" && !d.setTimeZone(m[4]) {
			return time.Time{}, false, false
		}
	} else if m := usDateRe.FindStringSubmatch(s); m != nil {
		d.month, _ = strconv.Atoi(m[1])
		d.day, _ = strconv.Atoi(m[2])
		d.year, _ = strconv.Atoi(m[3])
		if len(m[3]) == 2 {
			d.year = twoDigitYear(d.year, now.Year())
		}
		if m[4] != "" && !d.setTimeZone(m[4]) {
			return time.Time{}, false, false
		}
	} else if m := timeRe.FindStringSubmatch(s); m != nil && m[2] != "" {
		if !d.setTimeZone(s) {
			return time.Time{}, false, false
		}
	} else if !d.setWords(s) {
		return time.Time{}, false, false
	}
	return d.build(now)
}

// dateParts collects what the text said; zero means "not given".
type dateParts struct {
	year, month, day   int
	weekday            time.Weekday
	hasWeekday         bool
	hour, min, sec, us int
	hasTime            bool
	offset             int // seconds east of UTC
	hasOffset          bool
}

// setTimeZone parses "13:03:35.200+02:00" style text.
func (d *dateParts) setTimeZone(s string) bool {
	m := timeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return false
	}
	d.hasTime = true
	d.hour, _ = strconv.Atoi(m[1])
	d.min, _ = strconv.Atoi(m[2])
	d.sec, _ = strconv.Atoi(m[3])
	if frac := m[4]; frac != "" {
		frac = (frac + "000000")[:6] // dateutil keeps microseconds
		d.us, _ = strconv.Atoi(frac)
	}
	return m[5] == "" || d.setZone(m[5])
}

func (d *dateParts) setZone(z string) bool {
	m := zoneRe.FindStringSubmatch(strings.TrimSpace(z))
	if m == nil {
		return false
	}
	switch {
	case m[2] != "":
		h, _ := strconv.Atoi(m[3])
		mi, _ := strconv.Atoi(m[4])
		d.offset = h*3600 + mi*60
		if m[2] == "-" {
			d.offset = -d.offset
		}
		d.hasOffset = true
	case m[5] != "":
		// dateutil does not know zone names other than UTC/GMT/Z: it warns
		// and returns a naive time, which the server then takes as UTC.
	}
	return true
}

// setWords parses texts built from month/weekday names, numbers and a time.
func (d *dateParts) setWords(s string) bool {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	named := false
	for _, f := range fields {
		lf := strings.ToLower(strings.TrimSuffix(f, "."))
		if mo, ok := months[lf]; ok && d.month == 0 {
			d.month, named = int(mo), true
			continue
		}
		if wd, ok := weekdays[lf]; ok && !d.hasWeekday {
			d.weekday, d.hasWeekday, named = wd, true, true
			continue
		}
		if strings.Contains(f, ":") && !d.hasTime {
			if !d.setTimeZone(f) {
				return false
			}
			continue
		}
		if n, err := strconv.Atoi(f); err == nil {
			switch {
			case len(f) == 4 && d.year == 0:
				d.year = n
			case len(f) <= 2 && d.day == 0 && n >= 1:
				d.day = n
			default:
				return false
			}
			continue
		}
		if d.hasTime && !d.hasOffset && d.setZone(f) {
			continue
		}
		return false
	}
	return named
}

// build fills the missing parts from now's date the way dateutil does and
// converts the result to UTC.
func (d dateParts) build(now time.Time) (time.Time, bool, bool) {
	year, month, day := d.year, d.month, d.day
	if year == 0 {
		year = now.Year()
	}
	if month == 0 {
		month = int(now.Month())
	}
	if month < 1 || month > 12 {
		return time.Time{}, false, false
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day == 0 {
		day = min(now.Day(), last) // dateutil clamps a defaulted day
	} else if day > last {
		return time.Time{}, false, false
	}
	if d.hour > 23 || d.min > 59 || d.sec > 59 {
		return time.Time{}, false, false
	}
	t := time.Date(year, time.Month(month), day, d.hour, d.min, d.sec, d.us*1000, time.UTC)
	if d.hasWeekday && d.day == 0 {
		t = t.AddDate(0, 0, (int(d.weekday)-int(t.Weekday())+7)%7)
	}
	if d.hasOffset {
		t = t.Add(-time.Duration(d.offset) * time.Second)
	}
	return t, d.hasTime, true
}

// twoDigitYear maps yy into the century window dateutil uses (within 50
// years of the current year).
func twoDigitYear(yy, current int) int {
	y := current/100*100 + yy
	switch {
	case y >= current+50:
		y -= 100
	case y < current-49:
		y += 100
	}
	return y
}
