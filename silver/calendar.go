package silver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// ErrCalendarNotFound is returned by BuildCalendar when bronze has neither
// a meetings nor a sessions partition for the year.
var ErrCalendarNotFound = errors.New("silver: no calendar partitions in bronze for the year")

// BuildCalendar builds silver.meetings and silver.sessions for one season
// from the bronze calendar partitions of that year. A table whose bronze
// partition is missing is left out of the build. See the package
// documentation for the cleaning rules.
func BuildCalendar(ctx context.Context, store *bronze.Store, year int, opts BuildOptions) (*Build, error) {
	opts = opts.withDefaults()
	return buildCalendar(ctx, storeSource{store: store, opts: &opts}, year, opts)
}

func buildCalendar(ctx context.Context, src partitionSource, year int, opts BuildOptions) (*Build, error) {
	meetings, err := load(ctx, src, bronze.PartitionKey{Endpoint: openf1.EndpointMeetings, Year: year})
	if err != nil {
		return nil, err
	}
	defer meetings.release()
	sessions, err := load(ctx, src, bronze.PartitionKey{Endpoint: openf1.EndpointSessions, Year: year})
	if err != nil {
		return nil, err
	}
	defer sessions.release()
	if meetings == nil && sessions == nil {
		return nil, fmt.Errorf("%w: %d", ErrCalendarNotFound, year)
	}

	s := &scope{year: year, opts: opts, rejects: NewRejects(opts.RunID, opts.Now())}
	b := &Build{Year: year, RunID: opts.RunID, Rejects: s.rejects}
	if meetings != nil {
		b.add(TableMeetings, meetings, s.buildMeetings(meetings), 0)
	}
	if sessions != nil {
		rec, _ := s.buildSessions(sessions)
		b.add(TableSessions, sessions, rec, 0)
	}
	for _, t := range []*bronzeRows{meetings, sessions} {
		if t != nil && t.err != nil {
			b.Release()
			return nil, t.err
		}
	}
	s.finish(b)
	return b, nil
}

func (s *scope) buildMeetings(t *bronzeRows) arrow.RecordBatch {
	b := array.NewRecordBuilder(s.opts.Allocator, meetingsSchema)
	defer b.Release()
	type row struct {
		ord, key int
	}
	var rows []row
	for _, ord := range s.dedup(t, TableMeetings, nil) {
		r := t.row(ord)
		key := r.reqI32("meeting_key")
		year := r.reqI32("year")
		if !r.ok() {
			s.reject(t, TableMeetings, ord, r.code, "%s", r.why)
			continue
		}
		if int(year) != s.year {
			s.reject(t, TableMeetings, ord, ReasonOutOfPartition, "year %d in the bronze partition of %d", year, s.year)
			continue
		}
		rows = append(rows, row{ord, int(key)})
	}
	slices.SortFunc(rows, func(a, c row) int { return a.key - c.key })
	for _, x := range rows {
		r := t.row(x.ord)
		w := rowWriter{b: b}
		w.i32(some(int32(s.year)))
		w.i32(some(int32(x.key)))
		for _, name := range []string{"meeting_name", "meeting_official_name", "meeting_code", "location"} {
			w.str(r.str(name))
		}
		w.i32(r.i32("country_key"))
		for _, name := range []string{"country_code", "country_name", "country_flag"} {
			w.str(r.str(name))
		}
		w.i32(r.i32("circuit_key"))
		for _, name := range []string{"circuit_short_name", "circuit_type", "circuit_image", "circuit_info_url"} {
			w.str(r.str(name))
		}
		off := r.str("gmt_offset")
		w.str(off)
		w.i32(s.gmtOffset(off, "meeting_key="+strconv.Itoa(x.key)))
		w.ts(r.ts("date_start"))
		w.ts(r.ts("date_end"))
		c := r.boolean("is_cancelled")
		w.boolean(some(c.Valid && c.V))
		w.done()
	}
	return b.NewRecordBatch()
}

// gmtOffset parses "[-]HH:MM[:SS]" (no '+' is sent for positive offsets,
// but one is accepted) into seconds. An unparseable offset is published
// as null with a warning.
func (s *scope) gmtOffset(v nullable[string], what string) nullable[int32] {
	if !v.Valid {
		return nullable[int32]{}
	}
	secs, ok := parseGMTOffset(v.V)
	if !ok {
		s.warn("%s: gmt_offset %q is not [-]HH:MM:SS; gmt_offset_s is null", what, v.V)
		return nullable[int32]{}
	}
	return some(secs)
}

func parseGMTOffset(v string) (int32, bool) {
	sign := int32(1)
	switch {
	case strings.HasPrefix(v, "-"):
		sign, v = -1, v[1:]
	case strings.HasPrefix(v, "+"):
		v = v[1:]
	}
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	limits := []int{24, 59, 59}
	total := int32(0)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > limits[i] || len(p) == 0 || len(p) > 2 {
			return 0, false
		}
		total = total*60 + int32(n)
	}
	if len(parts) == 2 {
		total *= 60
	}
	return sign * total, true
}

// calSession is one published sessions row.
type calSession struct {
	ord  int
	info *SessionInfo
}

// parseSessions dedups and checks the sessions rows of a calendar
// partition and normalizes their names. Rejects go to s.
func (s *scope) parseSessions(t *bronzeRows) []calSession {
	var out []calSession
	for _, ord := range s.dedup(t, TableSessions, nil) {
		r := t.row(ord)
		key := r.reqI32("session_key")
		meeting := r.reqI32("meeting_key")
		year := r.reqI32("year")
		if !r.ok() {
			s.reject(t, TableSessions, ord, r.code, "%s", r.why)
			continue
		}
		if s.year != 0 && int(year) != s.year {
			s.reject(t, TableSessions, ord, ReasonOutOfPartition, "year %d in the bronze partition of %d", year, s.year)
			continue
		}
		name, _ := t.stringAt(ord, t.col("session_name"))
		typ, _ := t.stringAt(ord, t.col("session_type"))
		info := &SessionInfo{SessionKey: int(key), MeetingKey: int(meeting), Year: int(year),
			RawName: name, RawType: typ}
		info.Name, info.Type = normalizeSessionName(name, typ)
		if v := r.ts("date_start"); v.Valid {
			info.DateStart = time.UnixMicro(v.V).UTC()
		}
		if v := r.ts("date_end"); v.Valid {
			info.DateEnd = time.UnixMicro(v.V).UTC()
		}
		c := r.boolean("is_cancelled")
		info.Cancelled = c.Valid && c.V
		out = append(out, calSession{ord, info})
	}
	byMeeting := map[int][]*SessionInfo{}
	for _, c := range out {
		byMeeting[c.info.MeetingKey] = append(byMeeting[c.info.MeetingKey], c.info)
	}
	for _, ss := range byMeeting {
		normalizeMeeting(ss)
	}
	slices.SortFunc(out, func(a, b calSession) int { return a.info.SessionKey - b.info.SessionKey })
	return out
}

func (s *scope) buildSessions(t *bronzeRows) (arrow.RecordBatch, []calSession) {
	b := array.NewRecordBuilder(s.opts.Allocator, sessionsSchema)
	defer b.Release()
	rows := s.parseSessions(t)
	for _, c := range rows {
		r := t.row(c.ord)
		in := c.info
		w := rowWriter{b: b}
		w.i32(some(int32(in.Year)))
		w.i32(some(int32(in.MeetingKey)))
		w.i32(some(int32(in.SessionKey)))
		w.str(nonZero(in.Name))
		w.str(nonZero(in.Type))
		w.str(r.str("session_name"))
		w.str(r.str("session_type"))
		w.boolean(some(in.IsSprint))
		w.ts(r.ts("date_start"))
		w.ts(r.ts("date_end"))
		off := r.str("gmt_offset")
		w.str(off)
		w.i32(s.gmtOffset(off, "session_key="+strconv.Itoa(in.SessionKey)))
		w.str(r.str("location"))
		w.i32(r.i32("country_key"))
		w.str(r.str("country_code"))
		w.str(r.str("country_name"))
		w.i32(r.i32("circuit_key"))
		w.str(r.str("circuit_short_name"))
		w.boolean(some(in.Cancelled))
		w.done()
	}
	return b.NewRecordBatch(), rows
}

// locateSession finds a session in the bronze calendar (newest year first)
// and returns it normalized in the context of its meeting: in
// opts.Calendar when the caller loaded one, else by reading the sessions
// partitions. When no calendar has it, the session's partitions are
// searched and the manifest's session description is used.
func locateSession(ctx context.Context, src partitionSource, sessionKey int, opts BuildOptions) (*SessionInfo, []string, error) {
	if opts.Calendar != nil {
		if info, ok := opts.Calendar.Session(sessionKey); ok {
			return info, nil, nil
		}
		return findSession(ctx, src, sessionKey)
	}
	cals, err := src.calendars(ctx, openf1.EndpointSessions)
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(cals, func(a, b *bronze.Manifest) int { return b.Year - a.Year })
	for _, m := range cals {
		infos, err := calendarSessions(ctx, src, m, opts)
		if err != nil {
			return nil, nil, err
		}
		for _, info := range infos {
			if info.SessionKey == sessionKey {
				return info, nil, nil
			}
		}
	}
	return findSession(ctx, src, sessionKey)
}

// findSession describes a session no calendar has from the first of its
// partitions found.
func findSession(ctx context.Context, src partitionSource, sessionKey int) (*SessionInfo, []string, error) {
	for _, ep := range []openf1.Endpoint{openf1.EndpointDrivers, openf1.EndpointLaps, openf1.EndpointSessionResult,
		openf1.EndpointRaceControl, openf1.EndpointWeather, openf1.EndpointPosition, openf1.EndpointCarData, openf1.EndpointLocation} {
		ms, err := src.find(ctx, ep, sessionKey)
		if err != nil {
			return nil, nil, err
		}
		if len(ms) == 0 {
			continue
		}
		m := ms[0]
		info := &SessionInfo{SessionKey: sessionKey, MeetingKey: m.MeetingKey, Year: m.Year}
		if ref := m.Session; ref != nil {
			info.RawName, info.RawType = ref.Name, ref.Type
			info.DateStart, info.DateEnd, info.Cancelled = ref.DateStart, ref.DateEnd, ref.Cancelled
		}
		info.Name, info.Type = normalizeSessionName(info.RawName, info.RawType)
		info.IsSprint = info.Name == SessionSprint || info.Name == SessionSprintQualifying
		return info, []string{fmt.Sprintf("session %d is not in any bronze sessions partition; its name and type come from the %s manifest and its grid session is unknown", sessionKey, ep)}, nil
	}
	return nil, nil, fmt.Errorf("%w: session_key %d", ErrSessionNotFound, sessionKey)
}
