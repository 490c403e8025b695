package openf1

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
)

// Record is satisfied by pointers to the 18 record types (*Lap, *CarData,
// ...). It lets generic code such as DecodeStream find a type's codec.
type Record[T any] interface {
	*T
	json.Marshaler
	json.Unmarshaler
	codec() *recordCodec[T]
}

// EndpointOf returns the endpoint whose records have type T.
func EndpointOf[T any, P Record[T]]() Endpoint { return P(nil).codec().endpoint }

// DecodeStream decodes a JSON array of T records from r one record at a time,
// holding only the current record in memory (plus a read buffer). It stops at
// the first error, which is a *DecodeError naming the row (and field); a body
// that ends early matches ErrTruncatedBody. Call it as DecodeStream[openf1.Lap](r).
func DecodeStream[T any, P Record[T]](r io.Reader) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		_, err := decodeRows[T, P](r, "", func(m *T) bool { return yield(*m, nil) })
		if err != nil {
			yield(zero, err)
		}
	}
}

// decodeRows decodes every record of the array in r, calling fn with each
// (the pointee is reused: copy it). It returns the number of rows decoded.
func decodeRows[T any, P Record[T]](r io.Reader, request string, fn func(*T) bool) (int, error) {
	c := P(nil).codec()
	s := newArrayScanner(r)
	var m T
	d := new(decoder)
	for {
		elem, err := s.next()
		if err == io.EOF {
			return s.row, nil
		}
		if err != nil {
			return s.row, &DecodeError{Endpoint: c.endpoint, Row: s.row, Offset: s.offset(), Request: request, Err: err}
		}
		if err := c.decodeWith(d, elem, &m); err != nil {
			var de *DecodeError
			if errors.As(err, &de) {
				de.Row = s.row
				de.Request = request
				return s.row, de
			}
			return s.row, &DecodeError{Endpoint: c.endpoint, Row: s.row, Offset: -1, Request: request, Err: err}
		}
		s.row++
		if !fn(&m) {
			return s.row, nil
		}
	}
}

// arrayScanner splits a JSON array read from r into its elements, keeping
// only the current element (and unread input) in memory.
type arrayScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int   // unread input is buf[pos:end]
	base     int64 // body offset of buf[0]
	state    uint8
	rerr     error // sticky read error; io.EOF at the end of the body
	row      int   // index of the next element
}

const (
	scanBegin = iota // before '['
	scanFirst        // after '[': an element or ']'
	scanNext         // after an element: ',' or ']'
	scanEnd          // after ']'
)

const scanBufSize = 64 << 10

func newArrayScanner(r io.Reader) *arrayScanner {
	return &arrayScanner{r: r, buf: make([]byte, scanBufSize)}
}

// offset is the body offset of the unread input.
func (s *arrayScanner) offset() int64 { return s.base + int64(s.pos) }

// fill reads more input, compacting or growing the buffer as needed. It
// returns false when no more input can come (s.rerr is then set).
func (s *arrayScanner) fill() bool {
	if s.rerr != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.rerr = io.ErrNoProgress
	return false
}

// endErr is the error for input that stopped before the array ended.
func (s *arrayScanner) endErr() error {
	if errors.Is(s.rerr, context.Canceled) || errors.Is(s.rerr, context.DeadlineExceeded) || errors.Is(s.rerr, ErrTimeout) {
		return fmt.Errorf("reading body: %w", s.rerr)
	}
	if s.rerr == nil || s.rerr == io.EOF || errors.Is(s.rerr, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: JSON array not closed (%w)", ErrTruncatedBody, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("%w: reading body: %w", ErrTruncatedBody, s.rerr)
}

// skipWS skips whitespace, reading more input as needed. It reports
// whether a non-space byte is available at s.pos.
func (s *arrayScanner) skipWS() bool {
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return true
			}
		}
		if !s.fill() && s.pos >= s.end {
			return false
		}
	}
}

// next returns the next element's bytes (valid until the next call), or
// io.EOF after the closing ']' when only whitespace follows.
func (s *arrayScanner) next() ([]byte, error) {
	for {
		switch s.state {
		case scanEnd:
			if s.skipWS() {
				return nil, fmt.Errorf("unexpected data after the JSON array at byte %d", s.offset())
			}
			if s.rerr != nil && s.rerr != io.EOF {
				return nil, fmt.Errorf("reading body: %w", s.rerr)
			}
			return nil, io.EOF
		case scanBegin:
			if !s.skipWS() {
				if s.offset() == 0 && s.rerr == io.EOF {
					return nil, fmt.Errorf("%w: empty body", ErrTruncatedBody)
				}
				return nil, s.endErr()
			}
			if s.buf[s.pos] != '[' {
				return nil, fmt.Errorf("response is not a JSON array (starts with %q)", s.buf[s.pos])
			}
			s.pos++
			s.state = scanFirst
		case scanFirst, scanNext:
			if !s.skipWS() {
				return nil, s.endErr()
			}
			c := s.buf[s.pos]
			if c == ']' {
				s.pos++
				s.state = scanEnd
				continue
			}
			if s.state == scanNext {
				if c != ',' {
					return nil, fmt.Errorf("expected ',' or ']' after element at byte %d, found %q", s.offset(), c)
				}
				s.pos++
				if !s.skipWS() {
					return nil, s.endErr()
				}
			}
			return s.element()
		}
	}
}

// element scans one array element starting at s.pos. The scan resumes
// where it stopped when more input has to be read, so a long element costs
// one pass however it is split into reads.
func (s *arrayScanner) element() ([]byte, error) {
	var vs valueScan
	for {
		n, complete, err := vs.end(s.buf[s.pos:s.end], s.rerr != nil)
		if err != nil {
			return nil, fmt.Errorf("malformed JSON at byte %d: %w", s.offset(), err)
		}
		if complete {
			elem := s.buf[s.pos : s.pos+n]
			s.pos += n
			s.state = scanNext
			return elem, nil
		}
		if !s.fill() {
			if s.rerr != nil && s.rerr != io.EOF {
				return nil, s.endErr()
			}
			// EOF: a scalar may end exactly at the end of the input.
			n, complete, err = vs.end(s.buf[s.pos:s.end], true)
			if err == nil && complete {
				elem := s.buf[s.pos : s.pos+n]
				s.pos += n
				s.state = scanNext
				return elem, nil
			}
			return nil, s.endErr()
		}
	}
}

// valueScan finds the end of one JSON value, possibly over several calls
// as its bytes arrive. Only the structure is checked here; the record
// decoder validates the content.
type valueScan struct {
	n        int // bytes of the value already scanned
	depth    int
	inString bool
}

// end scans b (the value's bytes so far, from its first byte) and reports
// the value's length once it is complete.
func (v *valueScan) end(b []byte, atEOF bool) (n int, complete bool, err error) {
	if len(b) == 0 {
		return 0, false, nil
	}
	switch b[0] {
	case '{', '[', '"':
	default: // a scalar ends at a delimiter
		for i := v.n; i < len(b); i++ {
			switch b[i] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				return i, true, nil
			}
		}
		v.n = len(b)
		return len(b), atEOF, nil
	}
	i := v.n
	for ; i < len(b); i++ {
		if v.inString {
			// Jump to the next quote; it ends the string unless an odd run
			// of backslashes precedes it (b holds the whole value so far,
			// so the run can be counted backwards).
			k := bytes.IndexByte(b[i:], '"')
			if k < 0 {
				i = len(b)
				break
			}
			i += k
			bs := 0
			for j := i - 1; j >= 0 && b[j] == '\\'; j-- {
				bs++
			}
			if bs%2 == 1 {
				continue
			}
			v.inString = false
			if v.depth == 0 {
				return i + 1, true, nil
			}
			continue
		}
		switch b[i] {
		case '"':
			v.inString = true
		case '{', '[':
			v.depth++
			if v.depth > maxDepth {
				return 0, false, errors.New("JSON nested too deeply")
			}
		case '}', ']':
			v.depth--
			if v.depth == 0 {
				return i + 1, true, nil
			}
		}
	}
	v.n = i
	return 0, false, nil
}
