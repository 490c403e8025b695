package bronze

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

// calendarScope is the planner's view of the sessions a request touches.
type calendarScope struct {
	sessions []SessionRef // by start time
	years    []int        // years whose calendar partitions are planned regardless of sessions
	inScope  func(SessionRef) bool
}

// keysPerRequest bounds how many keys one OR-ed query carries.
const keysPerRequest = 40

// calendar fetches the sessions a plan request is about: one sessions
// request per scope (keys and years are OR-ed into one query, in chunks).
func (x *Extractor) calendar(ctx context.Context, req *PlanRequest, plan *Plan) (*calendarScope, error) {
	c := &calendarScope{}
	var field string
	var values []int
	switch {
	case len(req.SessionKeys) > 0:
		field, values = "session_key", req.SessionKeys
		c.inScope = func(s SessionRef) bool { return slices.Contains(req.SessionKeys, s.SessionKey) }
	case len(req.MeetingKeys) > 0:
		field, values = "meeting_key", req.MeetingKeys
		c.inScope = func(s SessionRef) bool { return slices.Contains(req.MeetingKeys, s.MeetingKey) }
	case len(req.Years) > 0:
		field, values = "year", req.Years
		c.years = slices.Clone(req.Years)
		c.inScope = func(s SessionRef) bool { return slices.Contains(req.Years, s.Year) }
	case req.Incremental:
		since := req.Since
		if since.IsZero() {
			st, err := x.store.State(ctx)
			if err != nil {
				return nil, err
			}
			if st.Watermark.IsZero() {
				return nil, ErrNoWatermark
			}
			since = st.Watermark
		}
		from := since.Add(-req.Lookback).UTC()
		plan.Since = from
		for y := from.Year(); y <= req.Now.Year(); y++ {
			values = append(values, y)
		}
		field = "year"
		c.years = slices.Clone(values)
		c.inScope = func(s SessionRef) bool {
			end := s.DateEnd
			if end.IsZero() {
				end = s.DateStart
			}
			return end.After(from)
		}
	default:
		return nil, ErrEmptyScope
	}
	seen := map[int]bool{}
	for chunk := range slices.Chunk(values, keysPerRequest) {
		args := make([]any, len(chunk))
		for i, v := range chunk {
			args[i] = v
		}
		resp, err := x.fetch(ctx, openf1.EndpointSessions, openf1.Query{}.Eq(field, args...))
		plan.PlanningRequests++
		if err != nil {
			return nil, fmt.Errorf("bronze: plan: fetch sessions: %w", err)
		}
		if resp.noResults {
			continue
		}
		ss, err := parseSessions(resp.body)
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			if !seen[s.SessionKey] {
				seen[s.SessionKey] = true
				c.sessions = append(c.sessions, s)
			}
		}
	}
	slices.SortStableFunc(c.sessions, func(a, b SessionRef) int {
		if c := a.DateStart.Compare(b.DateStart); c != 0 {
			return c
		}
		return a.SessionKey - b.SessionKey
	})
	return c, nil
}

// sessionDrivers returns the driver numbers of each session: from the
// store's drivers partitions where they exist and are not empty, otherwise
// from the API, one drivers request per few meetings.
func (x *Extractor) sessionDrivers(ctx context.Context, sessions []SessionRef, plan *Plan) (map[int][]int, error) {
	out := map[int][]int{}
	var missing []SessionRef
	for _, s := range sessions {
		m, err := x.store.currentManifest(ctx, s.Partition(openf1.EndpointDrivers))
		if err != nil {
			return nil, err
		}
		if m == nil || m.Empty {
			missing = append(missing, s)
			continue
		}
		nums, err := driversFromBronze(ctx, x.store, m)
		if err != nil {
			return nil, err
		}
		out[s.SessionKey] = nums
	}
	meetings := map[int]bool{}
	for _, s := range missing {
		meetings[s.MeetingKey] = true
	}
	const meetingsPerRequest = 6
	for chunk := range slices.Chunk(sortedKeys(meetings), meetingsPerRequest) {
		args := make([]any, len(chunk))
		for i, v := range chunk {
			args[i] = v
		}
		resp, err := x.fetch(ctx, openf1.EndpointDrivers, openf1.Query{}.Eq("meeting_key", args...))
		plan.PlanningRequests++
		if err != nil {
			return nil, fmt.Errorf("bronze: plan: fetch drivers: %w", err)
		}
		if resp.noResults {
			continue
		}
		var recs []struct {
			SessionKey   *int `json:"session_key"`
			DriverNumber *int `json:"driver_number"`
		}
		if err := json.Unmarshal(resp.body, &recs); err != nil {
			return nil, fmt.Errorf("bronze: plan: decode drivers: %w", err)
		}
		for _, r := range recs {
			if r.SessionKey == nil || r.DriverNumber == nil {
				continue
			}
			if !slices.Contains(out[*r.SessionKey], *r.DriverNumber) {
				out[*r.SessionKey] = append(out[*r.SessionKey], *r.DriverNumber)
			}
		}
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out, nil
}

// driversFromBronze reads the distinct driver numbers of a drivers partition.
func driversFromBronze(ctx context.Context, s *Store, m *Manifest) ([]int, error) {
	rr, err := OpenPartition(ctx, s, m, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	defer rr.Release()
	col := rr.Schema().FieldIndices("driver_number")
	if len(col) != 1 {
		return nil, errors.New("bronze: drivers schema has no driver_number")
	}
	var nums []int
	for rr.Next() {
		a := rr.RecordBatch().Column(col[0]).(*array.Int64)
		for i := 0; i < a.Len(); i++ {
			if a.IsValid(i) && !slices.Contains(nums, int(a.Value(i))) {
				nums = append(nums, int(a.Value(i)))
			}
		}
	}
	if err := rr.Err(); err != nil {
		return nil, err
	}
	slices.Sort(nums)
	return nums, nil
}

// sessionEnd is the end time used for watermarks.
func sessionEnd(s *SessionRef) time.Time {
	if s == nil {
		return time.Time{}
	}
	if !s.DateEnd.IsZero() {
		return s.DateEnd
	}
	return s.DateStart
}
