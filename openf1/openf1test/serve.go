package openf1test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"strconv"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// serveData answers GET/POST /v1/<endpoint>?<filters> (rest is the path
// after the prefix, without the leading slash). It returns the status sent
// and the number of rows written. buffered forbids streaming (the truncation
// fault needs the whole body).
func (s *Server) serveData(w http.ResponseWriter, r *http.Request, rest string, buffered bool) (int, int) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeDetail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return http.StatusMethodNotAllowed, 0
	}
	if rest == "" && r.URL.RawQuery == "" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Welcome to OpenF1!"))
		return http.StatusOK, 0
	}
	ctx := r.Context()
	now := s.cfg.now()
	pq, err := parseQuery(r.URL.RawQuery, now)
	if err != nil {
		writeHTML500(w, err.Error())
		return http.StatusInternalServerError, 0
	}
	m := routeRe.FindStringSubmatch(strings.ToLower(rest))
	if m == nil {
		writeHTML500(w, "ValueError: Invalid route")
		return http.StatusInternalServerError, 0
	}
	ep := openf1.Endpoint(m[1])
	if _, known := openf1.LookupEndpoint(ep); !known {
		return s.noResults(w), 0
	}
	if needsLatest(pq) {
		sc, err := scanSessions(ctx, s.src, now)
		if err != nil {
			writeHTML500(w, "SourceError: "+err.Error())
			return http.StatusInternalServerError, 0
		}
		if !sc.found {
			// The real server always has a latest session; a source without
			// sessions can only mean "nothing".
			return s.noResults(w), 0
		}
		resolveLatest(&pq, sc)
	}
	kinds := kindsOf(ep)
	f, err := buildFilter(pq.params, kinds)
	if err != nil {
		writeHTML500(w, err.Error())
		return http.StatusInternalServerError, 0
	}

	names := make([]string, 0, len(f.fields)+len(sortFields))
	for _, ff := range f.fields {
		names = append(names, ff.field)
	}
	names = append(names, sortFields[:]...)
	vals := make([][]byte, len(names))
	sortAt := len(f.fields)

	limit := 0
	if s.cfg.rowLimit > 0 && s.cfg.rowLimited[ep] {
		limit = s.cfg.rowLimit
	}
	stream := !buffered && !pq.csv && limit == 0 && orderPinned(ep, pq.terms)
	var (
		rows    []row
		sw      *streamWriter
		matched int
	)
	for raw, err := range s.src.Records(ctx, ep, pq.terms) {
		if err != nil {
			if sw != nil {
				// Headers are gone: all that is left is to break the response.
				panic(http.ErrAbortHandler)
			}
			writeHTML500(w, "SourceError: "+err.Error())
			return http.StatusInternalServerError, 0
		}
		clear(vals)
		if err := pick(raw, names, vals); err != nil {
			if sw != nil {
				panic(http.ErrAbortHandler)
			}
			writeHTML500(w, "SourceError: "+recordError(ep, matched+1, err).Error())
			return http.StatusInternalServerError, 0
		}
		if !f.matches(vals) {
			continue
		}
		matched++
		if limit > 0 && matched > limit {
			writeJSON(w, http.StatusUnprocessableEntity, TooMuchDataBody)
			return http.StatusUnprocessableEntity, 0
		}
		if sw != nil {
			if !sw.write(raw) {
				return http.StatusOK, matched
			}
			continue
		}
		var key sortKey
		for i := range sortFields {
			key[i] = makeSortValue(sortFields[i], vals[sortAt+i], kinds)
		}
		rows = append(rows, row{raw: raw, key: key})
		if stream && len(rows) >= s.cfg.streamAfter {
			sortRows(rows)
			sw = startStream(w)
			s.mu.Lock()
			s.stats.Streamed++
			s.mu.Unlock()
			for _, rw := range rows {
				if !sw.write(rw.raw) {
					return http.StatusOK, matched
				}
			}
			rows = nil
		}
	}
	if sw != nil {
		sw.finish()
		return http.StatusOK, matched
	}
	if len(rows) == 0 {
		return s.noResults(w), 0
	}
	sortRows(rows)
	var body bytes.Buffer
	if pq.csv {
		if err := writeCSV(&body, rows, kinds); err != nil {
			writeHTML500(w, "SourceError: "+err.Error())
			return http.StatusInternalServerError, 0
		}
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", "attachment; filename="+string(ep)+".csv")
		h.Set("Content-Length", strconv.Itoa(body.Len()))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body.Bytes())
		return http.StatusOK, len(rows)
	}
	body.WriteByte('[')
	for i, rw := range rows {
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(rw.raw)
	}
	body.WriteByte(']')
	writeJSON(w, http.StatusOK, body.String())
	return http.StatusOK, len(rows)
}

// matches applies the filter to the values picked from one record.
func (f *filter) matches(vals [][]byte) bool {
	for i := range f.fields {
		if !f.fields[i].matches(vals[i], f.kinds) {
			return false
		}
	}
	return true
}

// needsLatest reports whether a session_key or meeting_key filter says "latest".
func needsLatest(pq parsedQuery) bool {
	for _, p := range pq.params {
		if isLatest(p) {
			return true
		}
	}
	return false
}

func isLatest(p param) bool {
	return (p.field == "session_key" || p.field == "meeting_key") &&
		p.val.kind == valString && p.val.text == openf1.Latest
}

// resolveLatest replaces "latest" by the latest session's (or its
// meeting's) key, in the filters and in the Query for the Source.
func resolveLatest(pq *parsedQuery, sc sessionClock) {
	key := func(field string) int64 {
		if field == "meeting_key" {
			return sc.meetingKey
		}
		return sc.sessionKey
	}
	for i, p := range pq.params {
		if isLatest(p) {
			k := key(p.field)
			pq.params[i].val = value{kind: valInt, text: strconv.FormatInt(k, 10), num: number{i: k, f: float64(k), isInt: true}}
		}
	}
	for i, t := range pq.terms {
		if (t.Field == "session_key" || t.Field == "meeting_key") && t.Value == openf1.Latest {
			pq.terms[i].Value = strconv.FormatInt(key(t.Field), 10)
		}
	}
}

// noResults answers an empty result: 404 {"detail":"No results found."},
// or 200 [] with WithEmptyArray.
func (s *Server) noResults(w http.ResponseWriter) int {
	if s.cfg.emptyArray {
		writeJSON(w, http.StatusOK, "[]")
		return http.StatusOK
	}
	writeJSON(w, http.StatusNotFound, NoResultsBody)
	return http.StatusNotFound
}

// streamWriter writes a JSON array of records with chunked encoding.
type streamWriter struct {
	bw    *bufio.Writer
	rc    *http.ResponseController
	n     int
	dirty int
	err   error
}

func startStream(w http.ResponseWriter) *streamWriter {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	sw := &streamWriter{bw: bufio.NewWriterSize(w, 64<<10), rc: http.NewResponseController(w)}
	sw.err = sw.bw.WriteByte('[')
	return sw
}

// write appends one record; it reports false once the client is gone.
func (sw *streamWriter) write(raw []byte) bool {
	if sw.err != nil {
		return false
	}
	if sw.n > 0 {
		sw.err = sw.bw.WriteByte(',')
	}
	sw.n++
	if sw.err == nil {
		_, sw.err = sw.bw.Write(raw)
	}
	sw.dirty += len(raw)
	if sw.err == nil && sw.dirty >= 256<<10 {
		sw.err = sw.bw.Flush()
		if sw.err == nil {
			_ = sw.rc.Flush()
		}
		sw.dirty = 0
	}
	return sw.err == nil
}

func (sw *streamWriter) finish() {
	if sw.err == nil {
		_ = sw.bw.WriteByte(']')
		_ = sw.bw.Flush()
	}
}

// writeJSON sends a JSON body with its length.
func writeJSON(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// writeDetail sends {"detail": detail}.
func writeDetail(w http.ResponseWriter, status int, detail string) {
	b, _ := json.Marshal(map[string]string{"detail": detail})
	writeJSON(w, status, string(b))
}

// writeHTML500 sends the open-source server's error page.
func writeHTML500(w http.ResponseWriter, msg string) {
	body := "<h1>An error occurred</h1><pre>Traceback (most recent call last):\n" +
		"  File \"/app/src/openf1/services/query_api/app.py\", in endpoint\n" +
		html.EscapeString(msg) + "\n</pre>"
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(body))
}
