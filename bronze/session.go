package bronze

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// SessionRef is what bronze needs to know about a session to plan and
// partition its extraction; it is read from the sessions endpoint.
type SessionRef struct {
	SessionKey int       `json:"session_key"`
	MeetingKey int       `json:"meeting_key"`
	Year       int       `json:"year"`
	Type       string    `json:"session_type"`
	Name       string    `json:"session_name"`
	DateStart  time.Time `json:"date_start"`
	DateEnd    time.Time `json:"date_end"`
	Cancelled  bool      `json:"is_cancelled,omitempty"`
}

// Partition returns the key of the session's partition for an endpoint.
func (s SessionRef) Partition(ep openf1.Endpoint) PartitionKey {
	return PartitionKey{Endpoint: ep, Year: s.Year, MeetingKey: s.MeetingKey, SessionKey: s.SessionKey}
}

// Session classes used to match openf1.EndpointInfo.SessionTypes.
const (
	classRace       = "Race"
	classQualifying = "Qualifying"
	classPractice   = "Practice"
)

// classes returns the session types (as the registry's SessionTypes name
// them) a session may count as. OpenF1 has labelled sprint sessions in
// several ways over time (API.md §3.6): since 2026 a sprint race is
// session_type "Race" and sprint qualifying "Qualifying", earlier rows used
// types such as "Sprint Shootout" or "Sprint Qualifying", and the docs'
// own 2023 example calls a sprint race "Sprint Qualifying". A session whose
// type is one of the three classes is taken at its word; anything else is
// classified by name, and a sprint session with an unrecognised type counts
// as both race and qualifying — an extra request answered 404 costs less
// than data never fetched.
func (s SessionRef) classes() []string {
	switch s.Type {
	case classRace, classQualifying, classPractice:
		return []string{s.Type}
	}
	name := strings.ToLower(s.Name + " " + s.Type)
	switch {
	case strings.Contains(name, "sprint"):
		return []string{classRace, classQualifying}
	case strings.Contains(name, "qualifying"), strings.Contains(name, "shootout"):
		return []string{classQualifying}
	case strings.Contains(name, "race"):
		return []string{classRace}
	case strings.Contains(name, "practice"), strings.Contains(name, "day "):
		return []string{classPractice}
	}
	return []string{classRace, classQualifying, classPractice}
}

// applies reports whether an endpoint may have data for the session.
func applies(info openf1.EndpointInfo, s SessionRef) bool {
	if len(info.SessionTypes) == 0 {
		return true
	}
	for _, c := range s.classes() {
		for _, t := range info.SessionTypes {
			if c == t {
				return true
			}
		}
	}
	return false
}

// sessionRecord is the part of a sessions record SessionRef needs.
type sessionRecord struct {
	SessionKey  *int         `json:"session_key"`
	MeetingKey  *int         `json:"meeting_key"`
	Year        *int         `json:"year"`
	SessionType string       `json:"session_type"`
	SessionName string       `json:"session_name"`
	DateStart   *openf1.Time `json:"date_start"`
	DateEnd     *openf1.Time `json:"date_end"`
	IsCancelled *bool        `json:"is_cancelled"`
}

// parseSessions reads SessionRefs from a sessions response body.
func parseSessions(body []byte) ([]SessionRef, error) {
	var recs []sessionRecord
	if err := json.Unmarshal(body, &recs); err != nil {
		return nil, fmt.Errorf("bronze: decode sessions: %w", err)
	}
	out := make([]SessionRef, 0, len(recs))
	for i, r := range recs {
		if r.SessionKey == nil || r.MeetingKey == nil || r.DateStart == nil {
			return nil, fmt.Errorf("bronze: sessions record %d lacks session_key, meeting_key or date_start", i)
		}
		s := SessionRef{
			SessionKey: *r.SessionKey,
			MeetingKey: *r.MeetingKey,
			Type:       r.SessionType,
			Name:       r.SessionName,
			DateStart:  r.DateStart.UTC(),
			Cancelled:  r.IsCancelled != nil && *r.IsCancelled,
		}
		if r.Year != nil {
			s.Year = *r.Year
		} else {
			s.Year = s.DateStart.Year()
		}
		if r.DateEnd != nil {
			s.DateEnd = r.DateEnd.UTC()
		}
		out = append(out, s)
	}
	return out, nil
}
