package bronze

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"gocloud.dev/blob"

	"github.com/pitwall-f1/pitwall/openf1"
)

// QuarantineRecord describes a partition whose response did not fit the
// bronze schema. The raw response is kept byte for byte at RawPath and the
// record itself next to it (same name, ".error.json"), under
// bronze/_quarantine/<endpoint>/year=…/meeting_key=…/session_key=…/<run_id>.json.
// The partition's previous good version, if any, stays live.
type QuarantineRecord struct {
	Partition PartitionKey `json:"partition"`
	RunID     string       `json:"run_id"`
	// Request is the API request whose response is quarantined.
	Request string    `json:"request"`
	Status  int       `json:"status,omitempty"`
	Fetched time.Time `json:"fetched_at"`
	// Reason is the error text; Field, Row, Expected and Value detail a type
	// mismatch (empty for a malformed body).
	Reason   string `json:"reason"`
	Field    string `json:"field,omitempty"`
	Row      int    `json:"row,omitempty"`
	Expected string `json:"expected,omitempty"`
	Value    string `json:"value,omitempty"`
	// RawPath, RawBytes and RawSHA256 locate and check the raw response body.
	RawPath       string    `json:"raw_path"`
	RawBytes      int       `json:"raw_bytes"`
	RawSHA256     string    `json:"raw_sha256"`
	QuarantinedAt time.Time `json:"quarantined_at"`
}

// quarantineCase is a problem found while decoding, waiting to be written.
type quarantineCase struct {
	err  error
	resp *response
}

// quarantine stores the raw response and its description.
func (s *Store) quarantine(ctx context.Context, key PartitionKey, runID string, q *quarantineCase, now time.Time) (*QuarantineRecord, error) {
	dir := key.quarantineDir()
	sum := sha256.Sum256(q.resp.body)
	rec := &QuarantineRecord{
		Partition:     key,
		RunID:         runID,
		Request:       q.resp.request,
		Status:        q.resp.status,
		Fetched:       q.resp.fetchedAt,
		Reason:        q.err.Error(),
		RawPath:       dir + "/" + runID + ".json",
		RawBytes:      len(q.resp.body),
		RawSHA256:     hex.EncodeToString(sum[:]),
		QuarantinedAt: now.UTC(),
	}
	var fe *FieldError
	if errors.As(q.err, &fe) {
		rec.Field, rec.Row, rec.Value = fe.Field, fe.Row, fe.Value
		if fe.Expected != 0 {
			rec.Expected = fe.Expected.String()
		}
	}
	if err := s.bucket.WriteAll(ctx, rec.RawPath, q.resp.body, &blob.WriterOptions{ContentType: "application/json"}); err != nil {
		return nil, fmt.Errorf("bronze: quarantine %s: %w", key, err)
	}
	desc, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := s.bucket.WriteAll(ctx, dir+"/"+runID+".error.json", append(desc, '\n'), &blob.WriterOptions{ContentType: "application/json"}); err != nil {
		return nil, fmt.Errorf("bronze: quarantine %s: %w", key, err)
	}
	return rec, nil
}

// Quarantined lists the quarantine records of an endpoint (all endpoints
// when ep is empty), oldest run first within a partition.
func (s *Store) Quarantined(ctx context.Context, ep openf1.Endpoint) ([]*QuarantineRecord, error) {
	prefix := quarantineRoot + "/"
	if ep != "" {
		prefix += string(ep) + "/"
	}
	var out []*QuarantineRecord
	it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bronze: list quarantine: %w", err)
		}
		if !strings.HasSuffix(obj.Key, ".error.json") {
			continue
		}
		data, err := s.bucket.ReadAll(ctx, obj.Key)
		if err != nil {
			return nil, fmt.Errorf("bronze: read %s: %w", obj.Key, err)
		}
		rec := new(QuarantineRecord)
		if err := json.Unmarshal(data, rec); err != nil {
			return nil, fmt.Errorf("bronze: decode %s: %w", obj.Key, err)
		}
		out = append(out, rec)
	}
	return out, nil
}

// QuarantinedBody returns the raw response body a quarantine record keeps,
// checked against its recorded SHA-256.
func (s *Store) QuarantinedBody(ctx context.Context, rec *QuarantineRecord) ([]byte, error) {
	body, err := s.bucket.ReadAll(ctx, rec.RawPath)
	if err != nil {
		return nil, fmt.Errorf("bronze: read %s: %w", rec.RawPath, err)
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != rec.RawSHA256 {
		return nil, fmt.Errorf("%w: quarantined body %s", ErrCorruptPartition, rec.RawPath)
	}
	return body, nil
}
