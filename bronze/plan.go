package bronze

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// PlanVersion is the version of the Plan JSON format.
const PlanVersion = 1

// Defaults for PlanRequest.
const (
	DefaultTelemetryWindow = 30 * time.Minute
	DefaultTelemetryMargin = 30 * time.Minute
	DefaultSettle          = 30 * time.Minute
	// DefaultLookback is the look-back window of incremental plans: sessions
	// that ended this long before the watermark are fetched again, so late
	// corrections (OpenF1 re-ingests data weeks later) are picked up.
	DefaultLookback = 14 * 24 * time.Hour
)

// PlanRequest says what to extract. Exactly one scope is used, in this
// order of precedence: SessionKeys, MeetingKeys, Years, Incremental.
type PlanRequest struct {
	// SessionKeys extracts these sessions.
	SessionKeys []int `json:"session_keys,omitempty"`
	// MeetingKeys extracts every session of these meetings.
	MeetingKeys []int `json:"meeting_keys,omitempty"`
	// Years extracts every session of these seasons (a backfill).
	Years []int `json:"years,omitempty"`
	// Incremental extracts the sessions that ended after Since minus
	// Lookback. Since defaults to the store's watermark (State.Watermark).
	// Sessions of the same seasons that ended earlier but lack partitions
	// (an interrupted run, a gap) are added too.
	Incremental bool          `json:"incremental,omitempty"`
	Since       time.Time     `json:"since,omitzero"`
	Lookback    time.Duration `json:"lookback,omitempty"` // default DefaultLookback (incremental only)

	// Endpoints restricts the extraction (default: all 18). meetings and
	// sessions are extracted per year, for every year the scope touches.
	Endpoints []openf1.Endpoint `json:"endpoints,omitempty"`
	// SkipExisting leaves out partitions that already have a manifest (empty
	// ones included): a resumable backfill. Without it every partition in
	// scope is fetched again and rewritten only if its content changed.
	SkipExisting bool `json:"skip_existing,omitempty"`
	// SessionLevel disables meeting-level queries (one request per session
	// and endpoint instead of one per meeting and endpoint).
	SessionLevel bool `json:"session_level,omitempty"`
	// IncludeCancelled also plans sessions flagged is_cancelled.
	IncludeCancelled bool `json:"include_cancelled,omitempty"`

	// TelemetryWindow is the time window of one car_data/location request
	// per driver (default 30 min); windows that are too large for the API are
	// halved at run time. TelemetryMargin extends the covered span before the
	// session start and after its end (default 30 min; negative: none); the
	// first and last windows are open-ended so no sample is missed.
	TelemetryWindow time.Duration `json:"telemetry_window,omitempty"`
	TelemetryMargin time.Duration `json:"telemetry_margin,omitempty"`

	// Now is the planning time (default time.Now()). A session is planned only
	// once it ended at least Settle before Now (default 30 min: the API
	// serves a session's data to the free tier after its live window).
	Now    time.Time     `json:"now,omitzero"`
	Settle time.Duration `json:"settle,omitempty"`
}

func (r PlanRequest) withDefaults() PlanRequest {
	if r.Lookback == 0 {
		r.Lookback = DefaultLookback
	}
	if r.TelemetryWindow <= 0 {
		r.TelemetryWindow = DefaultTelemetryWindow
	}
	if r.TelemetryMargin < 0 {
		r.TelemetryMargin = 0
	} else if r.TelemetryMargin == 0 {
		r.TelemetryMargin = DefaultTelemetryMargin
	}
	if r.Now.IsZero() {
		r.Now = time.Now()
	}
	r.Now = r.Now.UTC()
	if r.Settle == 0 {
		r.Settle = DefaultSettle
	}
	if len(r.Endpoints) == 0 {
		for _, e := range openf1.Endpoints() {
			r.Endpoints = append(r.Endpoints, e.Name)
		}
	}
	return r
}

// TaskKind says how a task fetches its data.
type TaskKind string

// Task kinds.
const (
	// TaskYear fetches a calendar endpoint (meetings, sessions) for one year:
	// ?year=Y, one request, one partition.
	TaskYear TaskKind = "year"
	// TaskMeeting fetches an endpoint for a whole meeting (?meeting_key=M)
	// and splits the rows by session_key into one partition per session. If
	// the API answers "too much data" it falls back to one request per session.
	TaskMeeting TaskKind = "meeting"
	// TaskSession fetches an endpoint for one session: ?session_key=S.
	TaskSession TaskKind = "session"
	// TaskTelemetry fetches car_data or location for one session per driver
	// and time window, halving a window the API finds too large.
	TaskTelemetry TaskKind = "telemetry"
)

// Window is a time window of telemetry requests: date >= From and date < To,
// where OpenFrom/OpenTo drop that bound (the first and last windows of a
// session are open-ended so no sample is missed).
type Window struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	OpenFrom bool      `json:"open_from,omitempty"`
	OpenTo   bool      `json:"open_to,omitempty"`
}

// Task is one unit of extraction: its requests fully determine the
// partitions it writes, so tasks can run in any order, on any worker.
type Task struct {
	ID         string          `json:"id"`
	Kind       TaskKind        `json:"kind"`
	Endpoint   openf1.Endpoint `json:"endpoint"`
	Year       int             `json:"year,omitempty"`
	MeetingKey int             `json:"meeting_key,omitempty"`
	// Sessions are the sessions whose partitions the task writes (none for
	// year tasks).
	Sessions []SessionRef `json:"sessions,omitempty"`
	// Query is the request of year, meeting and session tasks.
	Query openf1.Query `json:"query,omitempty"`
	// Drivers and Windows define the requests of a telemetry task: one per
	// driver and window.
	Drivers []int    `json:"drivers,omitempty"`
	Windows []Window `json:"windows,omitempty"`
}

// Requests returns the number of requests the task plans (adaptive
// splitting and fallbacks can add more at run time).
func (t Task) Requests() int {
	if t.Kind == TaskTelemetry {
		return len(t.Drivers) * len(t.Windows)
	}
	return 1
}

// Partitions returns the keys of the partitions the task writes.
func (t Task) Partitions() []PartitionKey {
	if t.Kind == TaskYear {
		return []PartitionKey{{Endpoint: t.Endpoint, Year: t.Year}}
	}
	out := make([]PartitionKey, len(t.Sessions))
	for i, s := range t.Sessions {
		out[i] = s.Partition(t.Endpoint)
	}
	return out
}

// Plan is an extraction plan: a list of independent tasks. It is plain data
// (JSON-serialisable), so an orchestrator can inspect it, store it, split
// it (Split) and run the parts on different workers.
type Plan struct {
	Version   int         `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
	Request   PlanRequest `json:"request"`
	// Since is the lower bound on session end times of an incremental plan
	// (watermark minus look-back).
	Since time.Time `json:"since,omitzero"`
	// Sessions are the sessions in scope, by start time.
	Sessions []SessionRef `json:"sessions"`
	Tasks    []Task       `json:"tasks"`
	// PlanningRequests counts the API requests the planner itself made
	// (calendar, and drivers for telemetry when bronze did not have them).
	PlanningRequests int `json:"planning_requests"`
}

// Requests returns the number of requests the plan's tasks will make
// (before any adaptive splitting).
func (p *Plan) Requests() int {
	n := 0
	for _, t := range p.Tasks {
		n += t.Requests()
	}
	return n
}

// Partitions returns the keys of every partition the plan writes.
func (p *Plan) Partitions() []PartitionKey {
	var out []PartitionKey
	for _, t := range p.Tasks {
		out = append(out, t.Partitions()...)
	}
	return out
}

// Split divides the plan into at most n plans with about the same number of
// requests each (longest tasks first, each to the least loaded part). Every
// task lands in exactly one part, so no two parts write the same partition.
func (p *Plan) Split(n int) []*Plan {
	if n < 1 {
		n = 1
	}
	n = min(n, max(len(p.Tasks), 1))
	parts := make([]*Plan, n)
	load := make([]int, n)
	for i := range parts {
		c := *p
		c.Tasks = nil
		parts[i] = &c
	}
	order := make([]int, len(p.Tasks))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p.Tasks[b].Requests(), p.Tasks[a].Requests()) })
	for _, ti := range order {
		best := 0
		for i := range load {
			if load[i] < load[best] {
				best = i
			}
		}
		parts[best].Tasks = append(parts[best].Tasks, p.Tasks[ti])
		load[best] += p.Tasks[ti].Requests()
	}
	for _, part := range parts {
		slices.SortStableFunc(part.Tasks, func(a, b Task) int { return compareTasks(a, b) })
	}
	return parts
}

// ErrNoWatermark is returned for an incremental plan on a store without any
// session partition and without PlanRequest.Since.
var ErrNoWatermark = errors.New("bronze: incremental plan needs a watermark: the store has no session partitions and Since is not set")

// ErrEmptyScope is returned for a plan request without a scope.
var ErrEmptyScope = errors.New("bronze: plan request has no scope (SessionKeys, MeetingKeys, Years or Incremental)")

// Plan fetches the calendar for the requested scope and returns the tasks
// that extract it, using the fewest requests the API allows:
//   - meetings and sessions: one request per year (?year=Y);
//   - every other endpoint except telemetry: one request per meeting
//     (?meeting_key=M, rows split by session_key) when two or more of the
//     meeting's sessions need it, else one per session (?session_key=S);
//   - endpoints restricted to some session types (intervals, overtakes,
//     championship_* for races, starting_grid for qualifying) are skipped
//     for the other sessions;
//   - car_data and location: one request per driver and time window.
//
// The planner reads drivers for telemetry from bronze when the store has
// the session's drivers partition, else from the API (one request per meeting).
func (x *Extractor) Plan(ctx context.Context, req PlanRequest) (*Plan, error) {
	req = req.withDefaults()
	var infos []openf1.EndpointInfo
	for _, ep := range req.Endpoints {
		info, ok := openf1.LookupEndpoint(ep)
		if !ok {
			return nil, fmt.Errorf("bronze: unknown endpoint %q", ep)
		}
		infos = append(infos, info)
	}
	plan := &Plan{Version: PlanVersion, CreatedAt: req.Now, Request: req}
	calendar, err := x.calendar(ctx, &req, plan)
	if err != nil {
		return nil, err
	}
	// existing partitions, when the plan depends on them
	var state *State
	if req.SkipExisting || req.Incremental {
		if state, err = x.store.State(ctx); err != nil {
			return nil, err
		}
	}
	ended := func(s SessionRef) bool {
		end := s.DateEnd
		if end.IsZero() {
			end = s.DateStart.Add(3 * time.Hour)
		}
		return !end.Add(req.Settle).After(req.Now) && (req.IncludeCancelled || !s.Cancelled)
	}
	type need struct {
		s   SessionRef
		eps map[openf1.Endpoint]bool
	}
	var needs []need
	years := map[int]bool{}
	for _, s := range calendar.sessions {
		if !ended(s) || !calendar.inScope(s) && !req.Incremental {
			continue
		}
		primary := calendar.inScope(s)
		n := need{s: s, eps: map[openf1.Endpoint]bool{}}
		for _, info := range infos {
			if info.Scope != openf1.ScopeSession || !applies(info, s) {
				continue
			}
			exists := state != nil && state.Has(s.Partition(info.Name))
			switch {
			case primary && !(req.SkipExisting && exists):
				n.eps[info.Name] = true
			case !primary && !exists: // incremental gap filling
				n.eps[info.Name] = true
			}
		}
		if primary || len(n.eps) > 0 {
			plan.Sessions = append(plan.Sessions, s)
			years[s.Year] = true
		}
		if len(n.eps) > 0 {
			needs = append(needs, n)
		}
	}
	for _, y := range calendar.years {
		years[y] = true
	}
	// calendar tasks
	for _, info := range infos {
		if info.Scope != openf1.ScopeYear {
			continue
		}
		for _, y := range sortedKeys(years) {
			key := PartitionKey{Endpoint: info.Name, Year: y}
			if req.SkipExisting && state != nil && state.Has(key) {
				continue
			}
			plan.Tasks = append(plan.Tasks, Task{
				ID: fmt.Sprintf("%s/year=%d", info.Name, y), Kind: TaskYear, Endpoint: info.Name,
				Year: y, Query: openf1.Query{}.Eq("year", y),
			})
		}
	}
	// session tasks, grouped by meeting where it saves requests
	var telemetry []SessionRef
	for _, info := range infos {
		if info.Scope != openf1.ScopeSession {
			continue
		}
		byMeeting := map[int][]SessionRef{}
		for _, n := range needs {
			if n.eps[info.Name] {
				byMeeting[n.s.MeetingKey] = append(byMeeting[n.s.MeetingKey], n.s)
			}
		}
		for _, mk := range sortedKeys(byMeeting) {
			ss := byMeeting[mk]
			switch {
			case info.Telemetry:
				for _, s := range ss {
					if !slices.ContainsFunc(telemetry, func(t SessionRef) bool { return t.SessionKey == s.SessionKey }) {
						telemetry = append(telemetry, s)
					}
					plan.Tasks = append(plan.Tasks, Task{
						ID: fmt.Sprintf("%s/session_key=%d", info.Name, s.SessionKey), Kind: TaskTelemetry,
						Endpoint: info.Name, Year: s.Year, MeetingKey: mk, Sessions: []SessionRef{s},
						Windows: telemetryWindows(s, req.TelemetryWindow, req.TelemetryMargin),
					})
				}
			case len(ss) >= 2 && !req.SessionLevel:
				plan.Tasks = append(plan.Tasks, Task{
					ID: fmt.Sprintf("%s/meeting_key=%d", info.Name, mk), Kind: TaskMeeting,
					Endpoint: info.Name, Year: ss[0].Year, MeetingKey: mk, Sessions: ss,
					Query: openf1.Query{}.Eq("meeting_key", mk),
				})
			default:
				for _, s := range ss {
					plan.Tasks = append(plan.Tasks, Task{
						ID: fmt.Sprintf("%s/session_key=%d", info.Name, s.SessionKey), Kind: TaskSession,
						Endpoint: info.Name, Year: s.Year, MeetingKey: mk, Sessions: []SessionRef{s},
						Query: openf1.Query{}.Eq("session_key", s.SessionKey),
					})
				}
			}
		}
	}
	if len(telemetry) > 0 {
		drivers, err := x.sessionDrivers(ctx, telemetry, plan)
		if err != nil {
			return nil, err
		}
		for i := range plan.Tasks {
			if t := &plan.Tasks[i]; t.Kind == TaskTelemetry {
				t.Drivers = drivers[t.Sessions[0].SessionKey]
			}
		}
	}
	slices.SortStableFunc(plan.Tasks, compareTasks)
	return plan, nil
}

// compareTasks orders tasks: calendar first, then by session time, telemetry last.
func compareTasks(a, b Task) int {
	rank := func(t Task) int {
		switch t.Kind {
		case TaskYear:
			return 0
		case TaskTelemetry:
			return 2
		}
		return 1
	}
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	first := func(t Task) time.Time {
		if len(t.Sessions) == 0 {
			return time.Time{}
		}
		return t.Sessions[0].DateStart
	}
	if c := first(a).Compare(first(b)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Year, b.Year); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// telemetryWindows covers [start − margin, end + margin) with windows of the
// given size; the first is open below and the last open above.
func telemetryWindows(s SessionRef, size, margin time.Duration) []Window {
	end := s.DateEnd
	if end.IsZero() || end.Before(s.DateStart) {
		end = s.DateStart.Add(3 * time.Hour)
	}
	from, to := s.DateStart.Add(-margin), end.Add(margin)
	var ws []Window
	for t := from; t.Before(to); t = t.Add(size) {
		w := Window{From: t, To: t.Add(size)}
		if w.To.After(to) {
			w.To = to
		}
		ws = append(ws, w)
	}
	if len(ws) == 0 {
		ws = []Window{{From: from, To: from.Add(size)}}
	}
	ws[0].OpenFrom = true
	ws[len(ws)-1].OpenTo = true
	return ws
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
