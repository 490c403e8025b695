package openf1test

import (
	"context"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// sessionClock is what the server learns from the sessions endpoint.
type sessionClock struct {
	found      bool
	sessionKey int64
	meetingKey int64
	start      time.Time
	live       bool // a session's live window contains now
}

// scanSessions finds the session `latest` stands for (API.md §1.4): the
// non-cancelled session with the greatest date_start not after now + 60 s
// (ties: the larger session_key). It also reports whether now is inside a
// live window: from 30 minutes before a non-cancelled session starts to 30
// minutes after it ends.
func scanSessions(ctx context.Context, src Source, now time.Time) (sessionClock, error) {
	var sc sessionClock
	kinds := kindsOf(openf1.EndpointSessions)
	names := []string{"session_key", "meeting_key", "date_start", "date_end", "is_cancelled"}
	vals := make([][]byte, len(names))
	horizon := now.Add(60 * time.Second)
	for raw, err := range src.Records(ctx, openf1.EndpointSessions, nil) {
		if err != nil {
			return sessionClock{}, err
		}
		clear(vals)
		if pick(raw, names, vals) != nil {
			continue
		}
		if kindOf(vals[4]) == jsonBool && vals[4][0] == 't' {
			continue
		}
		sk, ok1 := intValue(vals[0])
		mk, ok2 := intValue(vals[1])
		start, ok3 := recordTime(vals[2], kinds, "date_start")
		if !ok1 || !ok3 {
			continue
		}
		if end, ok := recordTime(vals[3], kinds, "date_end"); ok &&
			!now.Before(start.Add(-30*time.Minute)) && !now.After(end.Add(30*time.Minute)) {
			sc.live = true
		}
		if start.After(horizon) {
			continue
		}
		if !sc.found || start.After(sc.start) || (start.Equal(sc.start) && sk > sc.sessionKey) {
			sc.found, sc.sessionKey, sc.start = true, sk, start
			sc.meetingKey = 0
			if ok2 {
				sc.meetingKey = mk
			}
		}
	}
	return sc, nil
}

func recordTime(v []byte, kinds fieldKinds, field string) (time.Time, bool) {
	if kindOf(v) != jsonString {
		return time.Time{}, false
	}
	s, ok := decodeString(v)
	if !ok || !kinds.isTime(field, s) {
		return time.Time{}, false
	}
	return parseRecordTime(s)
}
