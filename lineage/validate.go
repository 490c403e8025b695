package lineage

import (
	"fmt"
	"net/url"
	"strings"
)

// ValidationError lists what makes an event invalid. Client.Emit returns it
// (and sends nothing) when an event breaks a rule of the OpenLineage schema
// that can be checked without the JSON schemas: required members, UUIDs,
// absolute URIs, timestamps.
type ValidationError struct {
	// Problems are "path: problem" strings, e.g.
	// "run.facets.parent.run.runId: not a UUID".
	Problems []string
}

// Error joins the problems.
func (e *ValidationError) Error() string {
	const max = 5
	s := e.Problems
	more := ""
	if len(s) > max {
		more = fmt.Sprintf(" (and %d more)", len(s)-max)
		s = s[:max]
	}
	return "lineage: invalid event: " + strings.Join(s, "; ") + more
}

// problems collects validation problems.
type problems struct{ list []string }

func (p *problems) addf(path, format string, args ...any) {
	p.list = append(p.list, path+": "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: p.list}
}

// isAbsoluteURI reports what the JSON-schema "uri" format accepts: a URI
// that parses and has a scheme.
func isAbsoluteURI(s string) bool {
	if s == "" {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.Contains(host, ":") && !strings.Contains(u.Host, "[") {
		return false
	}
	return u.IsAbs()
}

// isUUID reports the 8-4-4-4-12 hexadecimal form the "uuid" format requires.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
