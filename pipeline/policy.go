package pipeline

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Mode says which of the two runs of DESIGN §3 a pipeline run is. Both
// run the same stages; they differ in scope and Policy.
type Mode string

const (
	// Weekly is the incremental run (the seed's f1_end_to_end_pipeline, cron
	// "0 6 * * 1"): sessions that ended since the bronze watermark, plus a
	// look-back window that catches OpenF1's late corrections.
	Weekly Mode = "weekly"
	// Backfill is the historical run (the seed's f1_historical_backfill,
	// triggered by hand): a range of years, meetings or sessions, resumable.
	Backfill Mode = "backfill"
)

// ParseMode parses "weekly" or "backfill" (case-insensitive).
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case Weekly, Backfill:
		return m, nil
	}
	return "", fmt.Errorf("%w: mode %q (want weekly or backfill)", ErrInvalidConfig, s)
}

// DAG returns the seed's DAG id for the mode, which names the pipeline's
// OpenLineage jobs ("f1_end_to_end_pipeline.silver", ...).
func (m Mode) DAG() string {
	if m == Backfill {
		return "f1_historical_backfill"
	}
	return "f1_end_to_end_pipeline"
}

// Policy is how a run behaves when things go wrong and how hard it works:
// the retry, timeout and concurrency settings of the seed's DAGs. Use
// WeeklyPolicy or BackfillPolicy and change what you need; tests shorten
// RetryDelay to milliseconds.
type Policy struct {
	// Retries is how many times a failed task (one stage of one meeting) is
	// tried again; RetryDelay is the wait before each retry. Quality
	// failures and permanent errors (a bad configuration, an incompatible
	// table change) are never retried.
	Retries    int      `json:"retries"`
	RetryDelay Duration `json:"retry_delay"`
	// ExtractTimeout, SilverTimeout and GoldTimeout bound one attempt of a
	// stage for one meeting; 0 means no limit. StandingsTimeout bounds the
	// per-year calendar and standings tasks.
	ExtractTimeout   Duration `json:"extract_timeout"`
	SilverTimeout    Duration `json:"silver_timeout"`
	GoldTimeout      Duration `json:"gold_timeout"`
	StandingsTimeout Duration `json:"standings_timeout"`
	// Concurrency is the number of meetings processed at once (each meeting
	// runs its stages in order); default 2.
	Concurrency int `json:"concurrency"`
	// ExtractConcurrency is the number of bronze tasks run at once within a
	// meeting (the client's rate limiter still paces requests); default 2.
	ExtractConcurrency int `json:"extract_concurrency"`
	// SkipExisting leaves bronze partitions that already have a manifest out
	// of the extraction (a resumable backfill). Weekly runs re-fetch their
	// look-back window instead, so corrections are seen.
	SkipExisting bool `json:"skip_existing"`
	// Lookback is the weekly look-back window (default 14 days).
	Lookback Duration `json:"lookback"`
	// Force rebuilds silver and gold for every session in scope even when
	// the session's bronze input is unchanged since its last successful
	// run. Publishing stays idempotent: identical rows commit nothing.
	Force bool `json:"force"`
	// LockTTL is how long a pipeline lock without a heartbeat is honoured
	// before another run may take it over; the holder renews it every
	// LockTTL/3. Default 10 minutes.
	LockTTL Duration `json:"lock_ttl"`
	// LineageFlushTimeout bounds the wait for queued lineage events at the
	// end of a run (default 10 s): emission never holds a run forever.
	LineageFlushTimeout Duration `json:"lineage_flush_timeout"`
	// NotifyTimeout bounds the webhook notification (default 10 s).
	NotifyTimeout Duration `json:"notify_timeout"`
}

// WeeklyPolicy is the seed's weekly DAG: 2 retries 5 minutes apart, silver
// timeout 30 minutes, gold 20 minutes, a 14-day look-back.
func WeeklyPolicy() Policy {
	return Policy{
		Retries: 2, RetryDelay: Duration(5 * time.Minute),
		ExtractTimeout: Duration(30 * time.Minute), SilverTimeout: Duration(30 * time.Minute),
		GoldTimeout: Duration(20 * time.Minute), StandingsTimeout: Duration(20 * time.Minute),
		Concurrency: 2, ExtractConcurrency: 2,
		Lookback: Duration(14 * 24 * time.Hour),
	}.withDefaults()
}

// BackfillPolicy is the seed's backfill DAG: 3 retries 10 minutes apart,
// silver timeout 40 minutes, gold 30 minutes, and existing bronze
// partitions skipped so an interrupted backfill resumes where it stopped.
func BackfillPolicy() Policy {
	return Policy{
		Retries: 3, RetryDelay: Duration(10 * time.Minute),
		ExtractTimeout: Duration(40 * time.Minute), SilverTimeout: Duration(40 * time.Minute),
		GoldTimeout: Duration(30 * time.Minute), StandingsTimeout: Duration(30 * time.Minute),
		Concurrency: 2, ExtractConcurrency: 2,
		SkipExisting: true,
	}.withDefaults()
}

// PolicyFor returns the default policy of a mode.
func PolicyFor(m Mode) Policy {
	if m == Backfill {
		return BackfillPolicy()
	}
	return WeeklyPolicy()
}

// withDefaults fills zero values that have a non-zero default.
func (p Policy) withDefaults() Policy {
	if p.Concurrency <= 0 {
		p.Concurrency = 2
	}
	if p.ExtractConcurrency <= 0 {
		p.ExtractConcurrency = 2
	}
	if p.Lookback <= 0 {
		p.Lookback = Duration(14 * 24 * time.Hour)
	}
	if p.LockTTL <= 0 {
		p.LockTTL = Duration(10 * time.Minute)
	}
	if p.LineageFlushTimeout <= 0 {
		p.LineageFlushTimeout = Duration(10 * time.Second)
	}
	if p.NotifyTimeout <= 0 {
		p.NotifyTimeout = Duration(10 * time.Second)
	}
	if p.Retries < 0 {
		p.Retries = 0
	}
	return p
}

// Duration is a time.Duration that reads and writes JSON as a Go duration
// string ("5m0s"), or reads a number of seconds.
type Duration time.Duration

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String formats the duration as time.Duration does.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes the duration as a string such as "1m30s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "1m30s" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%w: duration %q: %v", ErrInvalidConfig, s, err)
		}
		*d = Duration(v)
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return fmt.Errorf("%w: duration %s: want a string such as \"5m\" or seconds", ErrInvalidConfig, b)
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}
