// Package openf1 is a client for the OpenF1 API (https://openf1.org): all
// 18 endpoints with typed records, typed filters, streaming decode, a raw
// byte-for-byte mode, retries, client-side rate limiting, authentication
// and an on-disk cache for offline replay.
//
//	c, err := openf1.NewClient() // anonymous, free-tier rate
//	laps, err := c.Laps(ctx, openf1.LapsFilter{
//		SessionKey:   openf1.Key(9472),
//		DriverNumber: openf1.Eq(1, 44),
//	})
//
// # Records
//
// Each endpoint has a record type in its own file (Lap in laps.go, CarData in
// car_data.go, ...), described field by field in the registry (Endpoints,
// LookupEndpoint). Fields the API may send as null or leave out are
// Nullable[T], which keeps the three states apart: absent (the zero value),
// null, and a value. Time keeps the textual style of the datetime it was
// read from, Gap and ResultTime hold the number-or-string (or array) unions,
// and fields the client does not know yet land in each record's Extra map. A
// record therefore re-encodes (MarshalJSON) to the same JSON value it was
// decoded from. A null or missing value in a field that is not Nullable
// (driver_number, lap_number, ...) is a *DecodeError naming the endpoint, the
// row and the field, never a silent zero. DecodeStream decodes any saved
// response into records.
//
// # Methods
//
// Every endpoint has the same two methods: a slice method (Laps) and a
// streaming twin (LapsSeq) returning an iter.Seq2 that decodes the body as it
// arrives, so a car_data response of tens of megabytes is never held whole.
// An empty result (the API's 404 "No results found.", or 200 []) is an empty
// slice, not an error.
//
// # Filters
//
// Each endpoint has a filter struct (LapsFilter, CarDataFilter, ...) with one
// field per filterable API field; set fields are AND-ed. A field holds a
// Filter built with Eq (several values are OR-ed), Gt, Ge, Lt, Le, Between or
// Range, joined with Or:
//
//	openf1.LapsFilter{
//		SessionKey:  openf1.LatestKey(),                            // the API's "latest"
//		LapNumber:   openf1.Between(4, 7).Or(openf1.Between(10, 15)),
//		LapDuration: openf1.Lt(95.5),                               // float fields take float values
//		DateStart:   openf1.Ge(openf1.At(t)),                       // an instant
//	}
//	openf1.SessionsFilter{DateStart: openf1.Eq(openf1.Day(2024, 3, 2))} // a whole UTC day
//
// Filters become a Query, which is encoded the way the API parses it (one
// escaped "field<op>value" token per predicate, '+' in offsets as %2B; see
// the API notes, §2). A day without a time has whole-UTC-day meaning on the
// server: Gt(Day(d)) starts on the next day, Le(Day(d)) includes all of d.
// Inverted ranges (a lower bound above every upper bound), which the API
// would read as "almost everything", are rejected before anything is sent,
// as is Eq with no values. Values that look like numbers, booleans or dates
// are turned into those types by the server, so they never match a string
// field (an acronym such as "MAR" is read as March).
//
// # Rate limits, retries and timeouts
//
// Every attempt, retries and token requests included, waits for a shared
// client-side limiter: FreeTier (3 requests/s and 30/min) by default,
// PaidTier (6/s and 60/min) when authenticated, or any RateLimit;
// WithoutRateLimit turns it off for tests. Failed attempts are retried per a
// RetryPolicy: 429, 5xx, connection errors, per-attempt timeouts and bodies
// cut short; a server's Retry-After is honoured but capped
// (RetryPolicy.MaxRetryAfter, 10 s by default). CheckRetry and Backoff are
// small replaceable functions. WithTimeout bounds each attempt.
//
// # Errors
//
// Failures are typed for errors.Is and errors.As:
//
//   - *APIError: a non-success status, with the request (never
//     credentials), the API's detail and the number of attempts;
//   - *RateLimitError: a 429 that outlasted the retries, with RetryAfter;
//   - ErrTooMuchData: 422 "too much data", or a 500, 504 or timeout on
//     car_data or location: split the query by driver and time window;
//   - ErrUnauthorized and ErrLiveRestricted: a rejected token or bad
//     credentials, and the free tier's lockout during live sessions;
//   - ErrNoResults: the "No results found." 404 (see CheckResponse);
//   - *DecodeError: a body that is not the expected JSON, with row and field;
//     ErrTruncatedBody when it ended early;
//   - *CacheMissError: a request that was never recorded, in replay mode.
//
// Passwords and tokens never appear in errors or logs.
//
// # Authentication
//
// WithCredentials exchanges a username and password for a bearer token
// (POST /token), shares it between goroutines, renews it a minute before
// its hour is up and, if the API still answers 401, fetches a new one and
// retries once. WithToken uses a token obtained elsewhere; WithEnvCredentials
// reads OPENF1_TOKEN or OPENF1_USERNAME and OPENF1_PASSWORD.
//
// # Raw mode
//
// Raw returns the response body unchanged with its status, request and
// fetch time (RawResponse), for storing what the API said byte for byte; it
// is retried like everything else, including truncated bodies. RawStream
// hands back the unread body for responses too large to hold.
//
// # Cache, record and replay
//
// WithCache (or NewCacheTransport around any http.RoundTripper) stores
// responses on disk, keyed by method, API path and normalized query, with
// status and headers so that Raw replays the exact bytes. CacheReadThrough
// serves what it has and records the rest, CacheRecord always refetches, and
// CacheReplay never touches the network: a miss is a *CacheMissError naming
// the request. Only 200 responses and the "no results" 404 are stored, and
// only once their body was read completely.
//
// For tests and demos, package openf1test serves real recordings (or
// simulated seasons) with the API's filter semantics, status codes and
// faults on a local port.
package openf1
