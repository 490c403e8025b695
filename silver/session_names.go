package silver

import (
	"slices"
	"strings"
	"time"
)

// Normalized session names and types (silver.sessions).
const (
	SessionPractice1        = "Practice 1"
	SessionPractice2        = "Practice 2"
	SessionPractice3        = "Practice 3"
	SessionQualifying       = "Qualifying"
	SessionSprintQualifying = "Sprint Qualifying"
	SessionSprint           = "Sprint"
	SessionRace             = "Race"

	TypePractice   = "Practice"
	TypeQualifying = "Qualifying"
	TypeRace       = "Race"
)

// SessionInfo is a session as silver understands it: keys, normalized name
// and type, and the session that sets its starting grid.
type SessionInfo struct {
	SessionKey int
	MeetingKey int
	Year       int
	// Name is the normalized session name: Practice 1–3, Qualifying,
	// Sprint Qualifying, Sprint, Race; other names (pre-season "Day 1") are
	// kept as sent, trimmed. Type is Practice, Qualifying or Race.
	Name string
	Type string
	// RawName and RawType are the values the API sent.
	RawName string
	RawType string
	// IsSprint is true for Sprint and Sprint Qualifying.
	IsSprint  bool
	DateStart time.Time
	DateEnd   time.Time
	Cancelled bool
	// GridSessionKey is the session whose starting_grid sets this
	// session's grid (Race ← Qualifying, Sprint ← Sprint Qualifying of the
	// same meeting); 0 when there is none or the calendar does not know it.
	GridSessionKey int
}

// IsRace reports whether the session is a race or a sprint (a standing
// start whose first lap has no usable time).
func (s *SessionInfo) IsRace() bool { return s != nil && s.Type == TypeRace }

// normalizeSessionName maps the names OpenF1 has used over time (API.md
// §3.6) to the normalized ones. The 2023 "Sprint Shootout" is a sprint
// qualifying; "Sprint Qualifying" with session_type "Race" is the old
// label of a sprint race (the docs' own 2023 example).
func normalizeSessionName(rawName, rawType string) (name, typ string) {
	n := strings.ToLower(strings.Join(strings.Fields(rawName), " "))
	t := strings.ToLower(strings.TrimSpace(rawType))
	switch n {
	case "practice 1", "free practice 1", "fp1":
		name = SessionPractice1
	case "practice 2", "free practice 2", "fp2":
		name = SessionPractice2
	case "practice 3", "free practice 3", "fp3":
		name = SessionPractice3
	case "qualifying":
		name = SessionQualifying
	case "sprint shootout", "sprint qualifying":
		name = SessionSprintQualifying
		if t == "race" {
			name = SessionSprint
		}
	case "sprint", "sprint race":
		name = SessionSprint
	case "race":
		name = SessionRace
	default:
		name = strings.TrimSpace(rawName)
	}
	return name, typeOfName(name, t, rawType)
}

func typeOfName(name, lowerType, rawType string) string {
	switch name {
	case SessionPractice1, SessionPractice2, SessionPractice3:
		return TypePractice
	case SessionQualifying, SessionSprintQualifying:
		return TypeQualifying
	case SessionSprint, SessionRace:
		return TypeRace
	}
	switch lowerType {
	case "practice":
		return TypePractice
	case "qualifying", "sprint shootout", "sprint qualifying":
		return TypeQualifying
	case "race", "sprint":
		return TypeRace
	}
	return strings.TrimSpace(rawType)
}

// normalizeMeeting fixes names that only the meeting's other sessions can
// settle, and links races to their grid-setting sessions. sessions are one
// meeting's sessions (normalized one by one already); they are updated in
// place.
func normalizeMeeting(sessions []*SessionInfo) {
	slices.SortStableFunc(sessions, func(a, b *SessionInfo) int { return a.DateStart.Compare(b.DateStart) })
	count := func(name string) int {
		n := 0
		for _, s := range sessions {
			if s.Name == name {
				n++
			}
		}
		return n
	}
	// Two "Sprint Qualifying" sessions and no "Sprint": the later one is the
	// sprint race under its pre-2023 label.
	if count(SessionSprintQualifying) == 2 && count(SessionSprint) == 0 {
		for i := len(sessions) - 1; i >= 0; i-- {
			if sessions[i].Name == SessionSprintQualifying {
				sessions[i].Name, sessions[i].Type = SessionSprint, TypeRace
				break
			}
		}
	}
	last := func(name string) int {
		key := 0
		for _, s := range sessions {
			if s.Name == name && !s.Cancelled {
				key = s.SessionKey
			}
		}
		return key
	}
	for _, s := range sessions {
		s.IsSprint = s.Name == SessionSprint || s.Name == SessionSprintQualifying
		switch s.Name {
		case SessionRace:
			s.GridSessionKey = last(SessionQualifying)
		case SessionSprint:
			s.GridSessionKey = last(SessionSprintQualifying)
		}
	}
}
