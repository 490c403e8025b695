package lineage

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// CompositeConfig configures a [CompositeTransport]. The zero values of the
// two flags are the openlineage-python defaults (continue_on_failure: true,
// continue_on_success: true).
type CompositeConfig struct {
	// Transports receive each event in order.
	Transports []Transport
	// FailFast stops at the first failing member (continue_on_failure: false).
	FailFast bool
	// StopOnSuccess stops at the first member that accepts the event, so
	// later members act as fallbacks (continue_on_success: false). Send then
	// succeeds if any member accepted the event; the failures of members
	// tried before it are not returned.
	StopOnSuccess bool
}

// CompositeTransport sends each event to several transports, e.g. to
// Marquez and to a local NDJSON file. By default every member is tried and
// the failures are returned together (errors.Join), each naming its member;
// errors.As finds an *HTTPError among them.
type CompositeTransport struct {
	members       []Transport
	failFast      bool
	stopOnSuccess bool
}

// NewCompositeTransport validates cfg and returns the transport.
func NewCompositeTransport(cfg CompositeConfig) (*CompositeTransport, error) {
	if len(cfg.Transports) == 0 {
		return nil, &ConfigError{Field: "transports", Reason: "composite transport needs at least one member"}
	}
	for i, t := range cfg.Transports {
		if t == nil {
			return nil, &ConfigError{Field: fmt.Sprintf("transports[%d]", i), Reason: "nil transport"}
		}
	}
	return &CompositeTransport{
		members:       append([]Transport(nil), cfg.Transports...),
		failFast:      cfg.FailFast,
		stopOnSuccess: cfg.StopOnSuccess,
	}, nil
}

// String lists the members.
func (t *CompositeTransport) String() string {
	names := make([]string, len(t.members))
	for i, m := range t.members {
		names[i] = describeTransport(m)
	}
	return "composite(" + strings.Join(names, ", ") + ")"
}

// Members returns the member transports.
func (t *CompositeTransport) Members() []Transport { return append([]Transport(nil), t.members...) }

// Send delivers the event to the members as configured.
func (t *CompositeTransport) Send(ctx context.Context, p Payload) error {
	var errs []error
	for i, m := range t.members {
		err := m.Send(ctx, p)
		if err == nil {
			if t.stopOnSuccess {
				return nil
			}
			continue
		}
		errs = append(errs, fmt.Errorf("member %d %s: %w", i, describeTransport(m), err))
		if t.failFast {
			break
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("lineage: composite transport: %w", errors.Join(errs...))
}

// Close closes every member and joins their errors.
func (t *CompositeTransport) Close(ctx context.Context) error {
	var errs []error
	for i, m := range t.members {
		if err := m.Close(ctx); err != nil {
			errs = append(errs, fmt.Errorf("member %d %s: %w", i, describeTransport(m), err))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("lineage: composite transport close: %w", errors.Join(errs...))
}
