package quality

import (
	"fmt"
	"strings"
)

// Severity says what a failed expectation means for publication (DESIGN §2.4):
// an error blocks the session's new data, a warning is published and reported.
// The values are those of the OpenLineage dataQualityAssertions facet.
type Severity string

// Severities. The zero value "" means SeverityError.
const (
	SeverityError Severity = "error" // failure blocks publication
	SeverityWarn  Severity = "warn"  // failure is reported, data still published
	SeverityInfo  Severity = "info"  // informational; never blocks
)

// ParseSeverity accepts pitwall's names (error, warn, info) and GX 1.x's
// (critical, warning, info), case-insensitively. The empty string is error.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "error", "critical", "fail", "failure":
		return SeverityError, nil
	case "warn", "warning":
		return SeverityWarn, nil
	case "info":
		return SeverityInfo, nil
	}
	return "", fmt.Errorf("unknown severity %q (want error, warn or info)", s)
}

// OrDefault returns s, or SeverityError when s is empty.
func (s Severity) OrDefault() Severity {
	if s == "" {
		return SeverityError
	}
	return s
}

// Blocking reports whether a failure of this severity blocks publication.
func (s Severity) Blocking() bool { return s.OrDefault() == SeverityError }
