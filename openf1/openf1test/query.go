package openf1test

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pitwall-f1/pitwall/openf1"
)

// param is one parsed filter term.
type param struct {
	field string
	op    openf1.Op
	val   value
}

// parsedQuery is a request's query string as the server understands it.
type parsedQuery struct {
	params []param // filters, in request order, partial dates rewritten
	// terms are the filters as the client sent them (field lower-cased,
	// before the whole-day rewrite), for the Query handed to the Source.
	terms openf1.Query
	csv   bool // csv switch (API.md §1.2)
}

// queryError is a query the open-source server fails on with HTTP 500.
type queryError struct{ msg string }

// Error returns the message the server's traceback would end with.
func (e *queryError) Error() string { return e.msg }

// operators in the order the server looks for them (API.md §2.2).
var operators = [...]openf1.Op{openf1.OpGe, openf1.OpLe, openf1.OpEq, openf1.OpGt, openf1.OpLt}

var trailingOffset = regexp.MustCompile(` \d{2}:\d{2}$`)

// parseQuery parses a raw query string the way OpenF1 does: split on '&',
// split each piece at its first '=', percent-decode both halves with '+' as
// a space, rebuild "key=value" (or "key" when the value is empty), repair a
// space-mangled '+HH:MM' offset for date keys, then split at the first
// operator found in the order >=, <=, =, >, <. Field names are lower-cased,
// values are coerced (except gmt_offset/team_colour) and partial dates get
// whole-UTC-day bounds.
func parseQuery(raw string, now time.Time) (parsedQuery, error) {
	var pq parsedQuery
	var csvParams []param
	for piece := range strings.SplitSeq(raw, "&") {
		if piece == "" {
			continue
		}
		k, v, _ := strings.Cut(piece, "=")
		key, val := unquotePlus(k), unquotePlus(v)
		s := key
		if val != "" {
			s = key + "=" + val
		}
		if strings.Contains(s, "date") && trailingOffset.MatchString(s) {
			s = strings.Replace(s, " ", "+", 1)
		}
		ps, term, err := parseTerm(s, now)
		if err != nil {
			return parsedQuery{}, err
		}
		if term.Field != "csv" {
			pq.terms = append(pq.terms, term)
		}
		for _, p := range ps {
			if p.field == "csv" {
				csvParams = append(csvParams, p)
				continue
			}
			pq.params = append(pq.params, p)
		}
	}
	if len(csvParams) > 0 {
		pq.csv = csvParams[0].val.truthy()
	}
	return pq, nil
}

// parseTerm splits "field<op>value" and types the value.
func parseTerm(s string, now time.Time) ([]param, openf1.Predicate, error) {
	for _, op := range operators {
		field, text, found := strings.Cut(s, string(op))
		if !found {
			continue
		}
		var v value
		if field == "gmt_offset" || field == "team_colour" {
			v = stringValue(text)
		} else {
			v = castValue(text, now)
		}
		p := param{
			field: strings.ToLower(field),
			op:    op,
			val:   v,
		}
		term := openf1.Predicate{Field: p.field, Op: op, Value: text}
		if v.kind == valTime && !v.hasTime {
			return wholeDay(p), term, nil
		}
		return []param{p}, term, nil
	}
	return nil, openf1.Predicate{}, &queryError{msg: fmt.Sprintf("ValueError: No valid operator found in `%s`.", s)}
}

// wholeDay rewrites a date-only predicate into UTC-day bounds (API.md §2.5).
func wholeDay(p param) []param {
	next := p
	next.val.t = p.val.t.AddDate(0, 0, 1)
	ge, lt := p, next
	ge.op, lt.op = openf1.OpGe, openf1.OpLt
	switch p.op {
	case openf1.OpGt:
		return []param{withOp(next, openf1.OpGe)}
	case openf1.OpLt:
		return []param{p}
	case openf1.OpGe:
		return []param{ge}
	case openf1.OpLe:
		return []param{lt}
	}
	return []param{ge, lt}
}

func withOp(p param, op openf1.Op) param {
	p.op = op
	return p
}

// unquotePlus decodes like Python's urllib.parse.unquote_plus: '+' is a
// space, %XX sequences are bytes (invalid ones stay as written) and the
// result is read as UTF-8 with invalid bytes replaced.
func unquotePlus(s string) string {
	if !strings.ContainsAny(s, "+%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
