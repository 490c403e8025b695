package bronze

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"sync"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// RunOptions tune a run. The zero value is usable.
type RunOptions struct {
	// RunID names the run in manifests, the _run_id column and quarantine
	// files (letters, digits, '.', '_' and '-'). Default: UTC time plus a
	// random suffix, e.g. "20240311T060000Z-3f9a1c".
	RunID string
	// Concurrency is the number of tasks run at once (default 2). The
	// fetcher's rate limiter still paces the requests.
	Concurrency int
	// Progress, if set, is called after every request and every partition.
	// Calls are serialised; cancelling the run's context from the callback
	// stops the run cleanly.
	Progress func(Progress)
	// ClientVersion is recorded in manifests (default
	// "pitwall-openf1/<openf1.Version>", plus the module version when known).
	ClientVersion string
	// FileRows is the number of rows per data file before a partition gets
	// another part (default 1Mi); RowGroupRows the rows per Parquet row group
	// (default 128Ki).
	FileRows     int64
	RowGroupRows int64
	// MinWindow is the smallest telemetry window adaptive halving goes down
	// to before giving up (default 1 min).
	MinWindow time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// ProgressEvent is the kind of a Progress report.
type ProgressEvent string

// Progress events.
const (
	ProgressRequest   ProgressEvent = "request"   // an API request finished
	ProgressPartition ProgressEvent = "partition" // a partition was committed (or failed)
)

// Progress reports how far a run is.
type Progress struct {
	RunID string
	Event ProgressEvent
	Task  string // the task the event belongs to
	// Request is the finished request (request events) and Err its error, if any.
	Request string
	Err     error
	// Partition, Outcome and Rows describe a committed partition (partition events).
	Partition PartitionKey
	Outcome   Outcome
	Rows      int64
	// Counters so far.
	Requests        int // requests made
	PlannedRequests int // requests the plan expects
	PartitionsDone  int
	Partitions      int
}

// OutcomeSkipped marks partitions a cancelled run never got to.
const OutcomeSkipped Outcome = "skipped"

var runIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)

// NewRunID returns a fresh run id: UTC time plus a random suffix.
func NewRunID(now time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// defaultClientVersion names the OpenF1 client and the pitwall module build.
func defaultClientVersion() string {
	v := "pitwall-openf1/" + openf1.Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range append([]*debug.Module{&bi.Main}, bi.Deps...) {
			if d.Path == "github.com/pitwall-f1/pitwall" && d.Version != "" && d.Version != "(devel)" {
				v += " (pitwall " + d.Version + ")"
			}
		}
	}
	return v
}

// Run executes a plan: it fetches every task's requests through the
// Extractor's fetcher and commits each partition (created, changed,
// unchanged, quarantined or failed; see Outcome). Partitions are
// independent: a failure or quarantine affects only its own partitions, and
// a cancelled run leaves every partition either as it was or fully
// replaced — never partially written. Running the same plan again is safe
// (idempotent): unchanged content is not rewritten.
//
// The result is always returned. The error is the context's error when the
// run was cancelled, a *RunError when partitions failed, and nil otherwise
// (quarantined partitions are reported in the result, not as errors).
func (x *Extractor) Run(ctx context.Context, p *Plan, opts RunOptions) (*RunResult, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RunID == "" {
		opts.RunID = NewRunID(opts.Now())
	}
	if !runIDPattern.MatchString(opts.RunID) {
		return nil, fmt.Errorf("bronze: invalid run id %q (letters, digits, '.', '_', '-')", opts.RunID)
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 2
	}
	if opts.ClientVersion == "" {
		opts.ClientVersion = defaultClientVersion()
	}
	if opts.MinWindow <= 0 {
		opts.MinWindow = time.Minute
	}
	r := &run{
		x:    x,
		opts: opts,
		w: &writer{store: x.store, runID: opts.RunID, client: opts.ClientVersion, now: opts.Now,
			sizes: writerOptions{fileRows: opts.FileRows, rowGroupRows: opts.RowGroupRows}},
		results: make([][]PartitionResult, len(p.Tasks)),
		planned: p.Requests(),
	}
	for _, t := range p.Tasks {
		r.partitions += len(t.Partitions())
	}
	res := &RunResult{RunID: opts.RunID, StartedAt: opts.Now().UTC()}

	next := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Concurrency, max(len(p.Tasks), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r.results[i] = r.task(ctx, p.Tasks[i])
			}
		}()
	}
feed:
	for i := range p.Tasks {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()

	var failed []error
	for i, t := range p.Tasks {
		if r.results[i] == nil { // never started
			for _, k := range t.Partitions() {
				r.results[i] = append(r.results[i], PartitionResult{Key: k, Outcome: OutcomeSkipped})
			}
		}
		for _, pr := range r.results[i] {
			if pr.Outcome == OutcomeFailed {
				failed = append(failed, pr.Err)
			}
		}
		res.Partitions = append(res.Partitions, r.results[i]...)
	}
	res.Requests = r.requests
	res.Strays = r.strays
	res.FinishedAt = opts.Now().UTC()
	switch {
	case ctx.Err() != nil:
		return res, ctx.Err()
	case len(failed) > 0:
		return res, &RunError{Failed: len(failed), First: failed[0]}
	}
	return res, nil
}

// run is the state of one Run call.
type run struct {
	x       *Extractor
	opts    RunOptions
	w       *writer
	results [][]PartitionResult

	mu         sync.Mutex
	requests   int
	planned    int
	partitions int
	done       int
	strays     []StrayRows
}

func (r *run) report(p Progress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch p.Event {
	case ProgressRequest:
		r.requests++
	case ProgressPartition:
		r.done++
	}
	if r.opts.Progress == nil {
		return
	}
	p.RunID = r.opts.RunID
	p.Requests, p.PlannedRequests = r.requests, r.planned
	p.PartitionsDone, p.Partitions = r.done, r.partitions
	r.opts.Progress(p)
}

func (r *run) fetch(ctx context.Context, t Task, q openf1.Query) (*response, error) {
	resp, err := r.x.fetch(ctx, t.Endpoint, q)
	req := requestOf(t.Endpoint, q)
	if resp != nil {
		req = resp.request
	}
	r.report(Progress{Event: ProgressRequest, Task: t.ID, Request: req, Err: err})
	return resp, err
}

func (r *run) stray(ep openf1.Endpoint, req string, sk int64, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.strays {
		s := &r.strays[i]
		if s.Endpoint == ep && s.Request == req && s.SessionKey == int(sk) {
			s.Rows += n
			return
		}
	}
	r.strays = append(r.strays, StrayRows{Endpoint: ep, Request: req, SessionKey: int(sk), Rows: n})
}

// task runs one task and returns its partition results.
func (r *run) task(ctx context.Context, t Task) []PartitionResult {
	info, ok := openf1.LookupEndpoint(t.Endpoint)
	keys := t.Partitions()
	failAll := func(err error) []PartitionResult {
		out := make([]PartitionResult, len(keys))
		for i, k := range keys {
			out[i] = PartitionResult{Key: k, Outcome: OutcomeFailed, Err: err, Error: err.Error()}
			r.report(Progress{Event: ProgressPartition, Task: t.ID, Partition: k, Outcome: OutcomeFailed, Err: err})
		}
		return out
	}
	if !ok {
		return failAll(fmt.Errorf("bronze: unknown endpoint %q", t.Endpoint))
	}
	if err := ctx.Err(); err != nil {
		return failAll(err)
	}
	dec := newDecoder(info, r.opts.RunID)
	outs := make([]*partitionOutput, len(keys))
	bySession := map[int64]*partitionOutput{}
	for i, k := range keys {
		var sess *SessionRef
		if t.Kind != TaskYear {
			s := t.Sessions[i]
			sess = &s
		}
		o, err := r.w.begin(ctx, k, sess, t.Kind == TaskTelemetry)
		if err != nil {
			return failAll(err)
		}
		outs[i] = o
		bySession[int64(k.SessionKey)] = o
	}
	var err error
	switch t.Kind {
	case TaskYear:
		err = r.fetchInto(ctx, t, t.Query, dec, outs, nil)
	case TaskSession:
		err = r.fetchInto(ctx, t, t.Query, dec, outs, bySession)
	case TaskMeeting:
		err = r.fetchInto(ctx, t, t.Query, dec, outs, bySession)
		if errors.Is(err, openf1.ErrTooMuchData) {
			err = nil
			for i, s := range t.Sessions {
				q := openf1.Query{}.Eq("session_key", s.SessionKey)
				if err = r.fetchInto(ctx, t, q, dec, outs[i:i+1], bySession); err != nil {
					break
				}
			}
		}
	case TaskTelemetry:
		err = r.telemetry(ctx, t, dec, outs[0])
	default:
		err = fmt.Errorf("bronze: unknown task kind %q", t.Kind)
	}
	if err != nil {
		for _, o := range outs {
			o.discard(ctx)
		}
		return failAll(err)
	}
	results := make([]PartitionResult, len(outs))
	for i, o := range outs {
		results[i] = r.w.commit(ctx, o)
		pr := results[i]
		r.report(Progress{Event: ProgressPartition, Task: t.ID, Partition: pr.Key, Outcome: pr.Outcome, Rows: pr.Rows, Err: pr.Err})
	}
	return results
}

// fetchInto makes one request and routes its rows: to the single target of
// a calendar task (bySession nil), or by session_key. The request is
// recorded on the targets; rows for sessions outside the task are strays.
func (r *run) fetchInto(ctx context.Context, t Task, q openf1.Query, dec *decoder, targets []*partitionOutput, bySession map[int64]*partitionOutput) error {
	resp, err := r.fetch(ctx, t, q)
	if err != nil {
		return err
	}
	for _, o := range targets {
		o.addRequest(resp.request)
	}
	r.route(t, dec, resp, targets, bySession)
	return nil
}

// route decodes a response into its partitions.
func (r *run) route(t Task, dec *decoder, resp *response, targets []*partitionOutput, bySession map[int64]*partitionOutput) {
	if resp.noResults || len(resp.body) == 0 {
		return
	}
	strays := map[int64]int{}
	err := dec.decode(resp.body, resp.meta(), func(row *decodedRow) {
		if bySession == nil {
			targets[0].add(row, resp)
			return
		}
		if !row.hasSession {
			if row.err != nil { // cannot tell whose row it is: every target is affected
				for _, o := range targets {
					o.add(row, resp)
				}
				return
			}
			strays[0]++
			return
		}
		if o, ok := bySession[row.sessionKey]; ok {
			o.add(row, resp)
			return
		}
		// A meeting-level response also carries the meeting's other
		// sessions (extracted already, not ended yet, or out of scope):
		// not this task's rows. Anything else is unexpected.
		if t.Kind != TaskMeeting || !row.hasMeeting || row.meetingKey != int64(t.MeetingKey) {
			strays[row.sessionKey]++
		}
	})
	if err != nil {
		for _, o := range targets {
			o.malformed(err, resp)
		}
	}
	for sk, n := range strays {
		r.stray(t.Endpoint, resp.request, sk, n)
	}
}
