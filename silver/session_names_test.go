package silver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestNormalizeSessionName(t *testing.T) {
	cases := []struct{ name, typ, wantName, wantType string }{
		{"Practice 1", "Practice", SessionPractice1, TypePractice},
		{" practice  3 ", "Practice", SessionPractice3, TypePractice},
		{"Qualifying", "Qualifying", SessionQualifying, TypeQualifying},
		{"Sprint Shootout", "Qualifying", SessionSprintQualifying, TypeQualifying}, // 2023
		{"Sprint Shootout", "Sprint Shootout", SessionSprintQualifying, TypeQualifying},
		{"Sprint Qualifying", "Qualifying", SessionSprintQualifying, TypeQualifying}, // 2024+
		{"Sprint Qualifying", "Race", SessionSprint, TypeRace},                       // old label of a sprint race
		{"Sprint", "Race", SessionSprint, TypeRace},
		{"Sprint", "Sprint", SessionSprint, TypeRace},
		{"Race", "Race", SessionRace, TypeRace},
		{"Day 1", "Practice", "Day 1", TypePractice}, // pre-season testing kept as sent
	}
	for _, c := range cases {
		n, ty := normalizeSessionName(c.name, c.typ)
		assert.Equal(t, c.wantName, n, c.name+"/"+c.typ)
		assert.Equal(t, c.wantType, ty, c.name+"/"+c.typ)
	}
}

func TestNormalizeMeetingSprintHistory(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2021, 7, d, 12, 0, 0, 0, time.UTC) }
	mk := func(key int, name, typ string, d int) *SessionInfo {
		s := &SessionInfo{SessionKey: key, RawName: name, RawType: typ, DateStart: day(d)}
		s.Name, s.Type = normalizeSessionName(name, typ)
		return s
	}
	// Two "Sprint Qualifying" sessions (typed Qualifying): the later is the sprint.
	ss := []*SessionInfo{mk(5, "Race", "Race", 18), mk(4, "Sprint Qualifying", "Qualifying", 17),
		mk(3, "Qualifying", "Qualifying", 16), mk(2, "Sprint Qualifying", "Qualifying", 16), mk(1, "Practice 1", "Practice", 15)}
	ss[3].DateStart = day(16).Add(-time.Hour)
	normalizeMeeting(ss)
	byKey := map[int]*SessionInfo{}
	for _, s := range ss {
		byKey[s.SessionKey] = s
	}
	assert.Equal(t, SessionSprintQualifying, byKey[2].Name)
	assert.Equal(t, SessionSprint, byKey[4].Name)
	assert.Equal(t, TypeRace, byKey[4].Type)
	assert.True(t, byKey[2].IsSprint)
	assert.True(t, byKey[4].IsSprint)
	assert.False(t, byKey[5].IsSprint)
	assert.Equal(t, 3, byKey[5].GridSessionKey, "race grid from qualifying")
	assert.Equal(t, 2, byKey[4].GridSessionKey, "sprint grid from sprint qualifying")
	assert.Equal(t, 0, byKey[1].GridSessionKey)

	// 2023: Sprint Shootout + Sprint
	ss = []*SessionInfo{mk(10, "Sprint Shootout", "Qualifying", 29), mk(11, "Sprint", "Race", 29), mk(12, "Qualifying", "Qualifying", 28), mk(13, "Race", "Race", 30)}
	ss[1].DateStart = day(29).Add(4 * time.Hour)
	normalizeMeeting(ss)
	assert.Equal(t, SessionSprintQualifying, ss[1].Name) // sorted by start: shootout before sprint
	assert.Equal(t, 10, ss[2].GridSessionKey)
	assert.Equal(t, 12, ss[3].GridSessionKey)
}
