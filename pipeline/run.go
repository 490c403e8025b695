package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/openf1"
)

// RunError is returned by Run when the run did not fully succeed: sessions
// failed or were blocked, a year's calendar or standings failed, or the run
// was cancelled. The Report has the details.
type RunError struct {
	Status  Status
	Failed  int // sessions failed or blocked
	Errors  []string
	Context error // the context's error when the run was cancelled
}

// Error summarises the run's failures.
func (e *RunError) Error() string {
	msg := fmt.Sprintf("pipeline: run %s: %d session(s) failed or blocked", e.Status, e.Failed)
	if len(e.Errors) > 0 {
		msg += "; first error: " + e.Errors[0]
	}
	return msg
}

// Unwrap returns the context's error of a cancelled run.
func (e *RunError) Unwrap() error { return e.Context }

// unit is the sessions of one meeting in a run: they are extracted
// together (one request per endpoint for the meeting) and published
// together (one commit per table).
type unit struct {
	year, meeting int
	sessions      []bronze.SessionRef
}

// runner is one Run.
type runner struct {
	e      *env
	rep    *Report
	plan   *bronze.Plan
	progMu sync.Mutex
	done   int
	total  int
}

// Run runs the pipeline of cfg.Mode over its scope: plan the extraction,
// then per year the calendar, then per meeting (Policy.Concurrency at once)
// each session's extract → bronze check → silver build → check → publish →
// gold build → check → publish, then per year the championship standings;
// every stage is described in OpenLineage, measured in metrics and recorded
// in the Report, and the webhook (Config.NotifyURL) is told the outcome.
//
// At most one run per lake: Run takes the lake's lock (LockKey) first and
// fails fast with a *LockedError when a live run holds it. A session whose
// bronze input is unchanged since its last successful run is skipped
// (Policy.Force redoes it). One session's failure does not stop the others.
//
// The Report is returned even with an error. The error is a *RunError
// when sessions or years failed, was blocked or the run was cancelled
// (errors.Is(err, context.Canceled) then holds), and a plain error when
// the run could not start (configuration, lock, planning).
func Run(ctx context.Context, cfg Config, opts ...Option) (*Report, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	r := &runner{e: e, rep: &Report{
		RunID: e.cfg.RunID, Mode: e.cfg.Mode, DAG: e.cfg.Mode.DAG(), StartedAt: e.now(),
		Lake: redactURL(e.cfg.Lake), Catalog: e.catalog.String(), Policy: e.pol,
		Extract: ExtractSummary{Partitions: map[string]int{}},
	}}
	if e.lin.enabled() {
		r.rep.LineageRunID = e.cfg.RunID
	}
	runErr := r.run(ctx)
	if cerr := e.close(ctx); cerr != nil {
		r.rep.addError("%v", cerr)
	}
	r.rep.mu.Lock()
	r.rep.Lineage = e.lin.stats()
	r.rep.mu.Unlock()
	return r.rep, runErr
}

func (r *runner) run(ctx context.Context) (err error) {
	e := r.e
	localDir, _ := localLakeDir(e.cfg.Lake)
	lock, err := AcquireLock(ctx, e.store.Bucket(), localDir, e.cfg.RunID, e.cfg.Mode, e.pol.LockTTL.D())
	if err != nil {
		r.rep.Status = StatusFailed
		r.rep.addError("%v", err)
		r.rep.finish(e.now())
		return err
	}
	defer func() {
		if rerr := lock.Release(context.WithoutCancel(ctx)); rerr != nil {
			r.rep.addError("release lock: %v", rerr)
		}
	}()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case <-lock.Lost():
			cancel(ErrLockLost)
		case <-ctx.Done():
		}
	}()

	nominal := e.logicalNow()
	e.lin.emit(ctx, e.lin.pipelineEvent(lineage.EventStart, nominal, ""))
	defer func() {
		r.finish(ctx, err)
		msg := ""
		typ := lineage.EventComplete
		if r.rep.Status == StatusFailed || r.rep.Status == StatusCancelled {
			typ, msg = lineage.EventFail, fmt.Sprintf("run %s", r.rep.Status)
			if err != nil {
				msg = err.Error()
			}
		}
		e.lin.emit(ctx, e.lin.pipelineEvent(typ, nominal, msg))
		if err == nil && r.rep.Status != StatusOK {
			err = r.runError(ctx)
		}
		r.notify(ctx)
	}()

	if r.plan, err = e.plan(ctx); err != nil {
		r.rep.Status = StatusFailed
		r.rep.addError("%v", err)
		return err
	}
	r.scope()
	years := planYears(r.plan)

	// Calendar first: gold finds each session's row in silver.sessions.
	for _, y := range years {
		if ctx.Err() != nil {
			break
		}
		r.addExtract(e.runBronze(ctx, r.plan, calendarTasks(r.plan, y)))
		st := e.calendarStage(ctx, y)
		r.rep.mu.Lock()
		r.rep.Calendar = append(r.rep.Calendar, st)
		r.rep.mu.Unlock()
	}

	units := planUnits(r.plan)
	r.total = len(r.plan.Sessions)
	sem := make(chan struct{}, e.pol.Concurrency)
	var wg sync.WaitGroup
	for _, u := range units {
		if ctx.Err() != nil {
			r.cancelled(u)
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			r.cancelled(u)
			continue
		}
		wg.Add(1)
		go func(u unit) {
			defer func() { <-sem; wg.Done() }()
			r.runUnit(ctx, u)
		}(u)
	}
	wg.Wait()

	for _, y := range years {
		if ctx.Err() != nil {
			break
		}
		st := e.standingsStage(ctx, y)
		r.rep.mu.Lock()
		r.rep.Standings = append(r.rep.Standings, st)
		r.rep.mu.Unlock()
		r.progress(Progress{Stage: StageStandings, Done: r.done, Total: r.total, Status: st.Status})
	}
	if cause := context.Cause(ctx); cause != nil {
		r.rep.Status = StatusCancelled
		if errors.Is(cause, ErrLockLost) {
			r.rep.Status = StatusFailed
			r.rep.addError("%v", cause)
		}
	}
	return nil
}

// plan builds the bronze extraction plan of the run's scope. Years,
// meetings and sessions may be combined: each gives a plan and the plans
// are merged (a partition is written by one task only).
func (e *env) plan(ctx context.Context) (*bronze.Plan, error) {
	client, err := e.openf1Client()
	if err != nil {
		return nil, err
	}
	x := bronze.NewExtractor(client, e.store)
	base := bronze.PlanRequest{Endpoints: e.cfg.endpoints(), Now: e.logicalNow(), SkipExisting: e.pol.SkipExisting}
	var reqs []bronze.PlanRequest
	if len(e.cfg.Years) > 0 {
		r := base
		r.Years = e.cfg.Years
		reqs = append(reqs, r)
	}
	if len(e.cfg.MeetingKeys) > 0 {
		r := base
		r.MeetingKeys = e.cfg.MeetingKeys
		reqs = append(reqs, r)
	}
	if len(e.cfg.SessionKeys) > 0 {
		r := base
		r.SessionKeys = e.cfg.SessionKeys
		reqs = append(reqs, r)
	}
	if len(reqs) == 0 {
		if e.cfg.Mode != Weekly {
			return nil, fmt.Errorf("%w: a backfill needs years, meeting keys or session keys", ErrInvalidConfig)
		}
		r := base
		r.Incremental, r.Since, r.Lookback = true, e.cfg.Since, e.pol.Lookback.D()
		reqs = append(reqs, r)
	}
	var plan *bronze.Plan
	for _, req := range reqs {
		p, err := x.Plan(ctx, req)
		if errors.Is(err, bronze.ErrNoWatermark) {
			return nil, fmt.Errorf("pipeline: the lake has no bronze sessions yet, so a weekly run has no watermark: run a backfill first, or give the weekly run a start time (Config.Since): %w", err)
		}
		if err != nil {
			return nil, fmt.Errorf("pipeline: plan: %w", err)
		}
		plan = mergePlans(plan, p)
	}
	return plan, nil
}

// mergePlans adds b's sessions and tasks to a, leaving out tasks whose
// partitions a already writes.
func mergePlans(a, b *bronze.Plan) *bronze.Plan {
	if a == nil {
		return b
	}
	seen := map[int]bool{}
	for _, s := range a.Sessions {
		seen[s.SessionKey] = true
	}
	for _, s := range b.Sessions {
		if !seen[s.SessionKey] {
			a.Sessions = append(a.Sessions, s)
			seen[s.SessionKey] = true
		}
	}
	slices.SortStableFunc(a.Sessions, func(x, y bronze.SessionRef) int { return x.DateStart.Compare(y.DateStart) })
	written := map[bronze.PartitionKey]bool{}
	for _, k := range a.Partitions() {
		written[k] = true
	}
	for _, t := range b.Tasks {
		parts := t.Partitions()
		switch {
		case !slices.ContainsFunc(parts, func(k bronze.PartitionKey) bool { return written[k] }):
			a.Tasks = append(a.Tasks, t)
		case t.Kind == bronze.TaskMeeting:
			// Partly covered: fetch the sessions a does not have one by one.
			for _, s := range t.Sessions {
				if written[s.Partition(t.Endpoint)] {
					continue
				}
				a.Tasks = append(a.Tasks, bronze.Task{
					ID: fmt.Sprintf("%s/session_key=%d", t.Endpoint, s.SessionKey), Kind: bronze.TaskSession,
					Endpoint: t.Endpoint, Year: s.Year, MeetingKey: s.MeetingKey, Sessions: []bronze.SessionRef{s},
					Query: openf1.Query{}.Eq("session_key", s.SessionKey),
				})
			}
		}
		for _, k := range parts {
			written[k] = true
		}
	}
	a.PlanningRequests += b.PlanningRequests
	return a
}

// planYears lists the years of the plan's sessions and calendar tasks.
func planYears(p *bronze.Plan) []int {
	var ys []int
	for _, s := range p.Sessions {
		ys = append(ys, s.Year)
	}
	for _, t := range p.Tasks {
		if t.Kind == bronze.TaskYear {
			ys = append(ys, t.Year)
		}
	}
	slices.Sort(ys)
	return slices.Compact(ys)
}

// planUnits groups the plan's sessions by meeting, in time order.
func planUnits(p *bronze.Plan) []unit {
	var out []unit
	idx := map[int]int{}
	for _, s := range p.Sessions {
		i, ok := idx[s.MeetingKey]
		if !ok {
			i = len(out)
			idx[s.MeetingKey] = i
			out = append(out, unit{year: s.Year, meeting: s.MeetingKey})
		}
		out[i].sessions = append(out[i].sessions, s)
	}
	return out
}

func (r *runner) scope() {
	p, c := r.plan, r.e.cfg
	s := ScopeReport{Years: c.Years, MeetingKeys: c.MeetingKeys, SessionKeys: c.SessionKeys,
		Since: p.Since, Sessions: len(p.Sessions), Requests: p.Requests() + p.PlanningRequests}
	if len(s.Years) == 0 && len(s.MeetingKeys) == 0 && len(s.SessionKeys) == 0 {
		s.Years = planYears(p)
	}
	r.rep.mu.Lock()
	r.rep.Scope = s
	r.rep.Extract.Requests += p.PlanningRequests
	r.rep.mu.Unlock()
}

// addExtract adds a bronze outcome to the run's extraction summary.
func (r *runner) addExtract(out *bronzeOutcome) {
	r.rep.mu.Lock()
	defer r.rep.mu.Unlock()
	r.rep.Extract.Requests += out.requests
	for _, pr := range out.results {
		r.rep.Extract.Partitions[string(pr.Outcome)]++
		if pr.Outcome == bronze.OutcomeCreated || pr.Outcome == bronze.OutcomeChanged {
			r.rep.Extract.Rows += pr.Rows
		}
		if pr.Outcome == bronze.OutcomeQuarantined {
			r.rep.Extract.Quarantined++
		}
	}
	if out.err != nil && !errors.Is(out.err, context.Canceled) {
		r.rep.Errors = append(r.rep.Errors, out.err.Error())
	}
}

// cancelled records the sessions of a unit the run never started.
func (r *runner) cancelled(u unit) {
	for _, s := range u.sessions {
		sr := newSessionReport(s)
		sr.Status = StatusCancelled
		sr.Error = "run stopped before the session started"
		r.addSession(sr)
	}
}

func newSessionReport(s bronze.SessionRef) *SessionReport {
	return &SessionReport{SessionKey: s.SessionKey, MeetingKey: s.MeetingKey, Year: s.Year, Name: s.Name, Type: s.Type}
}

func (r *runner) addSession(sr *SessionReport) {
	r.rep.mu.Lock()
	r.rep.Sessions = append(r.rep.Sessions, sr)
	r.rep.mu.Unlock()
}

// runUnit takes one meeting's sessions through every per-session stage.
func (r *runner) runUnit(ctx context.Context, u unit) {
	e := r.e
	works := make([]*work, len(u.sessions))
	keys := map[int]bool{}
	for i, s := range u.sessions {
		works[i] = &work{ref: s, rep: newSessionReport(s)}
		keys[s.SessionKey] = true
	}
	defer func() {
		for _, w := range works {
			w.release()
		}
	}()
	e.extractStage(ctx, works, func() *bronzeOutcome {
		out := e.runBronze(ctx, r.plan, sessionTasks(r.plan, keys))
		r.addExtract(out)
		return out
	})

	// Skip sessions whose bronze input is unchanged since their last
	// successful run.
	var toSilver []*work
	for _, w := range works {
		if w.rep.Status != "" {
			continue
		}
		m, err := readMarker(ctx, e.store.Bucket(), w.ref.Year, w.ref.SessionKey)
		if err != nil {
			w.rep.Status, w.rep.Error = StatusFailed, err.Error()
			continue
		}
		if !e.pol.Force && m != nil && m.Fingerprint == w.in.Fingerprint {
			w.rep.Status = StatusSkipped
			now := e.now()
			for _, stage := range []string{StageSilver, StageGold} {
				w.rep.Stages = append(w.rep.Stages, &StageReport{Stage: stage, SessionKey: w.ref.SessionKey, Status: StatusSkipped, StartedAt: now,
					Warnings: []string{fmt.Sprintf("bronze input unchanged since run %s (%s)", m.RunID, m.CompletedAt.Format(time.RFC3339))}})
			}
			continue
		}
		toSilver = append(toSilver, w)
	}
	if len(toSilver) > 0 {
		e.silverStage(ctx, toSilver)
		var toGold []*work
		for _, w := range toSilver {
			w.rep.Stages = append(w.rep.Stages, w.silverRep)
			if w.silverRep.Status == StatusOK {
				toGold = append(toGold, w)
			} else {
				w.rep.Status, w.rep.Error = w.silverRep.Status, w.silverRep.Error
			}
		}
		if len(toGold) > 0 {
			e.goldStage(ctx, toGold)
		}
		for _, w := range toGold {
			st := w.rep.Stage(StageGold)
			if st.Status != StatusOK {
				w.rep.Status, w.rep.Error = st.Status, st.Error
				continue
			}
			w.rep.Status = StatusOK
			m := &SessionMarker{SessionKey: w.ref.SessionKey, MeetingKey: w.ref.MeetingKey, Year: w.ref.Year,
				Fingerprint: w.in.Fingerprint, RunID: e.cfg.RunID, CompletedAt: e.now().UTC(), Snapshots: w.snapshots}
			if err := writeMarker(context.WithoutCancel(ctx), e.store.Bucket(), m); err != nil {
				w.rep.Status, w.rep.Error = StatusFailed, err.Error()
			}
		}
	}
	for _, w := range works {
		if w.rep.Status == "" {
			w.rep.Status = StatusFailed
		}
		e.m.add(ctx, e.m.sessions, 1, attrString("status", string(w.rep.Status)))
		if w.rep.Status == StatusFailed || w.rep.Status == StatusBlocked {
			e.m.add(ctx, e.m.sessionsFailed, 1)
		}
		r.addSession(w.rep)
		r.progMu.Lock()
		r.done++
		done := r.done
		if e.o.sessionDone != nil {
			e.o.sessionDone(w.rep)
		}
		if e.o.progress != nil {
			e.o.progress(Progress{Stage: StageGold, Done: done, Total: r.total, SessionKey: w.ref.SessionKey, Status: w.rep.Status})
		}
		r.progMu.Unlock()
	}
}

// extractStage runs a meeting's extraction (extract) and turns its
// outcome into each session's extract and bronze-check stages, with
// lineage.
func (e *env) extractStage(ctx context.Context, works []*work, extract func() *bronzeOutcome) {
	start := e.now()
	runs := make([]*stageRun, len(works))
	for i, w := range works {
		runs[i] = e.lin.begin(ctx, StageExtract, w.ref.DateStart, w.ref.DateEnd, nil)
	}
	out := extract()
	e.m.record(ctx, e.m.bronzeSeconds, sinceStart(e, start))
	for i, w := range works {
		run := runs[i]
		st := &StageReport{Stage: StageExtract, SessionKey: w.ref.SessionKey, StartedAt: start, LineageRunID: run.runID()}
		w.rep.Stages = append(w.rep.Stages, st)
		extractReport(st, out, w.ref.SessionKey)
		st.Seconds = sinceStart(e, start)
		w.written = map[openf1.Endpoint]bool{}
		for _, tr := range st.Tables {
			if tr.Changed {
				w.written[openf1.Endpoint(strings.TrimPrefix(tr.Table, "bronze."))] = true
			}
		}
		var err error
		if st.Status == StatusOK {
			w.in, err = inputOf(ctx, e.store, w.ref, e.cfg.endpoints())
		}
		qa := &StageReport{Stage: StageBronzeQA, SessionKey: w.ref.SessionKey, StartedAt: e.now(), Status: StatusSkipped}
		if err == nil && w.in != nil {
			var blocking bool
			w.checks, blocking, err = e.bronzeCheck(ctx, st, w.in, w.written)
			for _, tr := range st.Tables {
				if tr.Quality != nil { // the checks belong to the bronze_check stage
					qa.Tables = append(qa.Tables, &TableReport{Table: tr.Table, Rows: tr.Rows, Quality: tr.Quality})
					tr.Quality = nil
				}
			}
			qa.Status = StatusOK
			if blocking {
				qa.Status, qa.Error = StatusBlocked, st.Error
				st.Error = ""
				w.rep.Status, w.rep.Error = StatusBlocked, qa.Error
			}
		}
		qa.Seconds = sinceStart(e, qa.StartedAt)
		if err != nil {
			st.Status, st.Error = StatusFailed, err.Error()
		}
		if st.Status != StatusOK {
			w.rep.Status, w.rep.Error = st.Status, st.Error
		}
		w.rep.Stages = append(w.rep.Stages, qa)
		inputs, outputs := e.extractLineage(w.in, w.checks)
		run.inputs = inputs
		var lerr error
		if st.Status != StatusOK {
			lerr = errors.New(st.Error)
		}
		run.end(ctx, lerr, outputs)
	}
}

func (r *runner) progress(p Progress) {
	if r.e.o.progress == nil {
		return
	}
	r.progMu.Lock()
	defer r.progMu.Unlock()
	r.e.o.progress(p)
}

// finish completes the report and records the run's metrics.
func (r *runner) finish(ctx context.Context, err error) {
	e := r.e
	if err != nil && r.rep.Status == "" {
		r.rep.Status = StatusFailed
	}
	if ctx.Err() != nil && r.rep.Status == "" {
		r.rep.Status = StatusCancelled
	}
	r.rep.finish(e.now())
	e.m.record(ctx, e.m.runSeconds, r.rep.Seconds, attrString("status", string(r.rep.Status)))
	if n := e.lin.failed.Load(); n > 0 {
		r.rep.addError("%d lineage event(s) could not be emitted", n)
	}
}

func (r *runner) runError(ctx context.Context) error {
	r.rep.mu.Lock()
	defer r.rep.mu.Unlock()
	re := &RunError{Status: r.rep.Status, Failed: r.rep.Totals.SessionsFailed + r.rep.Totals.SessionsBlocked, Errors: slices.Clone(r.rep.Errors)}
	for _, s := range r.rep.Sessions {
		if (s.Status == StatusFailed || s.Status == StatusBlocked) && s.Error != "" {
			re.Errors = append(re.Errors, fmt.Sprintf("session %d: %s", s.SessionKey, s.Error))
		}
	}
	for _, st := range slices.Concat(r.rep.Calendar, r.rep.Standings) {
		if st.Status == StatusFailed || st.Status == StatusBlocked {
			re.Errors = append(re.Errors, fmt.Sprintf("%s %d: %s", st.Stage, st.Year, st.Error))
		}
	}
	if r.rep.Status == StatusCancelled {
		re.Context = context.Canceled
		if err := ctx.Err(); err != nil {
			re.Context = err
		}
	}
	return re
}

// notify posts the outcome to the webhook, if any, bounded by the policy.
func (r *runner) notify(ctx context.Context) {
	url := r.e.cfg.NotifyURL
	if url == "" {
		return
	}
	nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.e.pol.NotifyTimeout.D())
	defer cancel()
	n := NotificationFor(r.rep)
	if err := Notify(nctx, r.e.o.notifyClient, url, n); err != nil {
		r.rep.mu.Lock()
		r.rep.Notification = "failed: " + err.Error()
		r.rep.mu.Unlock()
		return
	}
	r.rep.mu.Lock()
	r.rep.Notification = "sent (" + n.Event + ")"
	r.rep.mu.Unlock()
}
