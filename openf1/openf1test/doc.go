// Package openf1test provides an in-process fake of the OpenF1 HTTP API for
// tests: a Server that answers /v1/<endpoint> and /token the way
// api.openf1.org does, from any set of records, plus a loader that turns
// folders of saved API responses into such a set.
//
// # Serving records
//
// A Source yields an endpoint's records as raw JSON objects. MemorySource is
// the ready-made one (indexed by endpoint, session_key and meeting_key);
// the simulator in openf1/sim implements Source too. NewServer starts a
// Server on 127.0.0.1 mounted under a path prefix (DefaultPrefix), so a
// client that builds absolute paths instead of using URL() gets a 404:
//
//	src := openf1test.NewMemorySource()
//	src.Add(openf1.EndpointLaps, lapRecords...)
//	srv := openf1test.NewServer(src)
//	defer srv.Close()
//	resp, _ := http.Get(srv.URL() + "/v1/laps?session_key=9488&lap_duration%3C80")
//
// Records are written with the exact bytes the Source gave, joined into a
// JSON array, so a client's raw mode can be checked byte for byte.
//
// # What the server reproduces (API.md §1–§4)
//
//   - Query parsing: the query is split on '&' and at each piece's first
//     '=', percent-decoded with '+' as space, rebuilt as "key=value", and
//     split at the first of >=, <=, =, >, <. Field names are lower-cased,
//     values are not; csv=… is the format switch; a term without operator is
//     an HTTP 500 with an HTML page, as in the open-source server.
//   - Value typing: true/false, integers, floats, then dates (a documented
//     subset of python-dateutil: ISO 8601/RFC 3339, year-month, US
//     month/day/year, month and weekday names, times), else strings;
//     gmt_offset and team_colour (spelled in lower case) are never coerced.
//     A value only matches record values of its own type family, so
//     name_acronym=MAR (read as March) matches nothing, as on the real API.
//     Arrays, nulls and missing fields match nothing.
//   - Several predicates on one field: equalities OR-ed, lower and upper
//     bounds paired greedily into OR-ed ranges, unpaired bounds OR-ed with
//     the rest; different fields AND-ed.
//   - Partial dates get whole-UTC-day bounds (date=2023-09-16 is that UTC
//     day); offsets are converted to UTC, naive times are UTC, and times
//     compare at millisecond precision (the API stores BSON dates). A date
//     key's "+HH:MM" sent as a literal '+' is repaired like the server does.
//   - session_key=latest and meeting_key=latest: the non-cancelled session
//     with the greatest date_start not after now + 60 s, read from the
//     Source's sessions (clock: WithNow).
//   - Order: by date_start, meeting_key, session_key, position_current
//     (missing and null first, MongoDB's type order), then in the order the
//     Source yielded the records (the API's insertion order). Endpoints
//     without those fields keep source order.
//   - Empty results: 404 {"detail":"No results found."} (or 200 [] with
//     WithEmptyArray); unknown endpoints and unknown fields give the same,
//     and so does csv=true without results (the open-source server fails
//     with a 500 there; the hosted one is unconfirmed).
//   - csv=true: text/csv with the sorted union of keys as header and Python
//     str() formatting (None → empty, True/False, list reprs, datetimes with
//     a space).
//   - POST /token with username/password (WithCredentials), tokens with a
//     lifetime (WithTokenLifetime); WithRequireAuth and live sessions
//     (WithLiveSession, SetLive) answer 401 to requests without a valid token.
//   - Rate limits (WithRateLimit, WithAuthenticatedRateLimit) answer 429
//     with the API's body and retry-after.
//   - Too much data: a query on car_data or location matching more than
//     DefaultRowLimit rows gets the API's 422 (WithRowLimit). The server
//     stops reading the Source once the limit is passed.
//
// Large responses whose order is already fixed — one session of an
// endpoint without date_start, such as car_data or position — are streamed
// with chunked encoding after WithStreamAfter rows instead of being built
// whole; other responses are sorted in memory.
//
// # Faults
//
// FailNext and FailEndpoint inject misbehaviour for the next N requests or
// for one endpoint (TokenEndpoint for /token): status codes with the bodies
// the API and its proxies send (429 with Retry-After, 422, 500 HTML,
// 502/503/504 text), connection resets, bodies cut short of their
// Content-Length, and slow responses. Requests and Stats record what
// happened; they never hold credentials.
//
// # Loading saved responses
//
// LoadDir (and LoadFS) walk a folder of recordings — API JSON, single
// objects, JSON lines, pandas or csv=true CSV exports, the API's 404 body —
// infer each file's endpoint from its name and its fields, merge and
// de-duplicate the records on the endpoint's natural key, and return a
// MemorySource with a LoadReport listing every file (placed or not, and
// why) and every session found.
//
// Differences from the real service worth knowing: a Source other than
// MemorySource must itself keep one version per row; the server does not
// emulate the API's 3-second cache, MQTT, or the 5-second query timeout
// (use a slow fault); MongoDB's matching of a scalar against array
// elements is not reproduced (arrays match nothing, as the docs say).
package openf1test
