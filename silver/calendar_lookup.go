package silver

import (
	"context"
	"slices"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// Calendar is the bronze sessions calendar of every season, normalized the
// way BuildSession sees it: each session's year, meeting, normalized name
// and type, and the session that sets its grid. LoadCalendar reads it.
//
// Without a calendar, every BuildSession and BuildTelemetry reads and
// parses the bronze sessions partitions again to locate its one session.
// A run that builds many sessions loads the calendar once and passes it
// in BuildOptions.Calendar; the builds then give the same result as
// without it. A Calendar is a snapshot of bronze when it was loaded: load
// it again after an extraction that may have changed the sessions
// partitions. It is read-only and safe for concurrent use.
type Calendar struct {
	sessions map[int]*SessionInfo
}

// LoadCalendar reads the bronze sessions partitions of every year into a
// Calendar. When two seasons list the same session key, the newer season
// wins, as it does for BuildSession. Rows silver would reject are left
// out (BuildCalendar reports them). Only opts.Allocator is used.
func LoadCalendar(ctx context.Context, store *bronze.Store, opts BuildOptions) (*Calendar, error) {
	opts = opts.withDefaults()
	return loadCalendar(ctx, storeSource{store: store, opts: &opts}, opts)
}

// sessionsCalendarColumns are the bronze sessions columns parseSessions
// reads (with the natural key and _ingested_at for de-duplication).
var sessionsCalendarColumns = []string{"session_key", "meeting_key", "year", "session_name", "session_type",
	"date_start", "date_end", "is_cancelled", bronze.ColumnIngestedAt}

func loadCalendar(ctx context.Context, src partitionSource, opts BuildOptions) (*Calendar, error) {
	cals, err := src.calendars(ctx, openf1.EndpointSessions)
	if err != nil {
		return nil, err
	}
	// oldest first, so a newer season's row replaces an older one
	slices.SortStableFunc(cals, func(a, b *bronze.Manifest) int { return a.Year - b.Year })
	c := &Calendar{sessions: map[int]*SessionInfo{}}
	for _, m := range cals {
		infos, err := calendarSessions(ctx, src, m, opts)
		if err != nil {
			return nil, err
		}
		for _, info := range infos {
			c.sessions[info.SessionKey] = info
		}
	}
	return c, nil
}

// calendarSessions parses one bronze sessions partition for lookups (its
// rejects are dropped).
func calendarSessions(ctx context.Context, src partitionSource, m *bronze.Manifest, opts BuildOptions) ([]*SessionInfo, error) {
	rows, err := loadColumns(ctx, src, m, sessionsCalendarColumns)
	if err != nil {
		return nil, err
	}
	defer rows.release()
	s := &scope{year: m.Year, opts: opts, rejects: NewRejects(opts.RunID, opts.Now()), discard: true}
	parsed := s.parseSessions(rows)
	out := make([]*SessionInfo, len(parsed))
	for i, p := range parsed {
		out[i] = p.info
	}
	return out, nil
}

// Session returns a copy of a session as the calendar knows it.
func (c *Calendar) Session(sessionKey int) (*SessionInfo, bool) {
	if c == nil {
		return nil, false
	}
	info, ok := c.sessions[sessionKey]
	if !ok {
		return nil, false
	}
	cp := *info
	return &cp, true
}

// Len is the number of sessions in the calendar.
func (c *Calendar) Len() int {
	if c == nil {
		return 0
	}
	return len(c.sessions)
}
