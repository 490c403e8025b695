package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/silver"
)

// Stage functions: each is one task of the DAG that an orchestrator
// (an Airflow task, a Temporal activity, a Kubernetes job) can run on its
// own, on any worker. They take the run's Config (the same value for every
// task of a DAG run, RunID included) and a session key or a year, open what
// they need, do their work idempotently — state lives in the lake, in
// bronze manifests and Iceberg snapshots — and close everything again.
// They do not take the pipeline lock (the orchestrator schedules) and do
// not retry (the orchestrator does); a blocked quality check is returned
// as a *QualityError so the task fails visibly.

// RunPlan is what a run would cover: the orchestrator's fan-out list.
type RunPlan struct {
	RunID    string              `json:"run_id"`
	Mode     Mode                `json:"mode"`
	Years    []int               `json:"years"`
	Sessions []bronze.SessionRef `json:"sessions"`
	// Requests is the number of API requests the extraction will make.
	Requests int `json:"requests"`
}

// Plan returns the years and sessions a run of cfg would process (a weekly
// run: those ended since the watermark, minus the look-back), for an
// orchestrator to fan out stage tasks over. It only reads the API calendar
// and the lake.
func Plan(ctx context.Context, cfg Config, opts ...Option) (*RunPlan, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	defer e.close(ctx)
	p, err := e.plan(ctx)
	if err != nil {
		return nil, err
	}
	return &RunPlan{RunID: e.cfg.RunID, Mode: e.cfg.Mode, Years: planYears(p), Sessions: p.Sessions,
		Requests: p.Requests() + p.PlanningRequests}, nil
}

// ExtractCalendar extracts the meetings and sessions of a year into bronze.
func ExtractCalendar(ctx context.Context, cfg Config, year int, opts ...Option) (*StageReport, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	defer e.close(ctx)
	client, err := e.openf1Client()
	if err != nil {
		return nil, err
	}
	st := &StageReport{Stage: StageExtract, Year: year, StartedAt: e.now()}
	plan, err := bronze.NewExtractor(client, e.store).Plan(ctx, bronze.PlanRequest{
		Years: []int{year}, Endpoints: []openf1.Endpoint{openf1.EndpointMeetings, openf1.EndpointSessions}, Now: e.logicalNow(),
	})
	if err != nil {
		return nil, fmt.Errorf("pipeline: plan calendar %d: %w", year, err)
	}
	out := e.runBronze(ctx, plan, calendarTasks(plan, year))
	extractReport(st, out, 0)
	st.Seconds = sinceStart(e, st.StartedAt)
	if st.Status != StatusOK {
		return st, errors.Join(errors.New(st.Error), out.err)
	}
	return st, out.err
}

// ExtractSession extracts one session's bronze partitions (every endpoint
// of Config.Endpoints that applies to the session) and validates what
// changed against the bronze suites. With Policy.SkipExisting, partitions
// already in the lake are not fetched again.
func ExtractSession(ctx context.Context, cfg Config, sessionKey int, opts ...Option) (*StageReport, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	defer e.close(ctx)
	client, err := e.openf1Client()
	if err != nil {
		return nil, err
	}
	var eps []openf1.Endpoint
	for _, ep := range e.cfg.endpoints() {
		if info, _ := openf1.LookupEndpoint(ep); info.Scope != openf1.ScopeYear {
			eps = append(eps, ep)
		}
	}
	plan, err := bronze.NewExtractor(client, e.store).Plan(ctx, bronze.PlanRequest{
		SessionKeys: []int{sessionKey}, Endpoints: eps, Now: e.logicalNow(), SkipExisting: e.pol.SkipExisting,
	})
	if err != nil {
		return nil, fmt.Errorf("pipeline: plan session %d: %w", sessionKey, err)
	}
	i := slices.IndexFunc(plan.Sessions, func(s bronze.SessionRef) bool { return s.SessionKey == sessionKey })
	if i < 0 {
		return nil, fmt.Errorf("pipeline: session %d is not in the API calendar or has not ended yet", sessionKey)
	}
	w := &work{ref: plan.Sessions[i], rep: newSessionReport(plan.Sessions[i])}
	e.extractStage(ctx, []*work{w}, func() *bronzeOutcome {
		return e.runBronze(ctx, plan, sessionTasks(plan, map[int]bool{sessionKey: true}))
	})
	st := w.rep.Stage(StageExtract)
	qa := w.rep.Stage(StageBronzeQA)
	if qa != nil {
		// One report for the task: the bronze checks go with their partitions.
		for _, q := range qa.Tables {
			if tr := st.Table(q.Table); tr != nil {
				tr.Quality = q.Quality
			}
		}
	}
	if qa != nil && qa.Status == StatusBlocked {
		st.Status, st.Error = StatusBlocked, qa.Error
		return st, &QualityError{Layer: "bronze", SessionKey: sessionKey, Year: w.ref.Year, Reason: qa.Error}
	}
	if st.Status != StatusOK {
		return st, errors.New(st.Error)
	}
	return st, nil
}

// BuildCalendar builds, checks and publishes silver.meetings and
// silver.sessions of a year from bronze.
func BuildCalendar(ctx context.Context, cfg Config, year int, opts ...Option) (*StageReport, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	defer e.close(ctx)
	st := e.calendarStage(ctx, year)
	return st, stageError(st)
}

// BuildSilverSession builds one session's silver tables from bronze,
// checks them and publishes them (rejects included). Identical rows commit
// nothing, so running it again is harmless.
func BuildSilverSession(ctx context.Context, cfg Config, sessionKey int, opts ...Option) (*StageReport, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	defer e.close(ctx)
	ref, err := e.locate(ctx, sessionKey)
	if err != nil {
		return nil, err
	}
	w := &work{ref: ref, rep: newSessionReport(ref)}
	defer w.release()
	w.in, err = inputOf(ctx, e.store, ref, e.cfg.endpoints())
	if err != nil {
		return nil, err
	}
	e.silverStage(ctx, []*work{w})
	return w.silverRep, stageError(w.silverRep)
}

// BuildGoldSession computes one session's gold tables from what silver
// holds for it, checks them and publishes them.
func BuildGoldSession(ctx context.Context, cfg Config, sessionKey int, opts ...Option) (*StageReport, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	defer e.close(ctx)
	ref, err := e.locate(ctx, sessionKey)
	if err != nil {
		return nil, err
	}
	w := &work{ref: ref, rep: newSessionReport(ref), snapshots: map[string]int64{}}
	w.silverRep = e.silverState(ctx, ref.SessionKey)
	e.goldStage(ctx, []*work{w})
	st := w.rep.Stage(StageGold)
	return st, stageError(st)
}

// BuildStandings computes, checks and publishes the championship tables of
// a year from every session silver holds for it.
func BuildStandings(ctx context.Context, cfg Config, year int, opts ...Option) (*StageReport, error) {
	e, err := openEnv(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	defer e.close(ctx)
	st := e.standingsStage(ctx, year)
	return st, stageError(st)
}

// stageError is the error a stage function returns for its report.
func stageError(st *StageReport) error {
	switch st.Status {
	case StatusOK, StatusSkipped:
		return nil
	case StatusBlocked:
		return &QualityError{Layer: st.Stage, SessionKey: st.SessionKey, Year: st.Year, Reason: st.Error}
	case StatusCancelled:
		return fmt.Errorf("pipeline: %s cancelled: %w", st.Stage, context.Canceled)
	}
	return fmt.Errorf("pipeline: %s failed: %s", st.Stage, st.Error)
}

// locate finds a session in bronze: its manifests describe it as the
// calendar did when it was extracted.
func (e *env) locate(ctx context.Context, sessionKey int) (bronze.SessionRef, error) {
	for _, ep := range []openf1.Endpoint{openf1.EndpointDrivers, openf1.EndpointLaps, openf1.EndpointSessionResult,
		openf1.EndpointWeather, openf1.EndpointRaceControl, openf1.EndpointPosition, openf1.EndpointStints, openf1.EndpointPit} {
		ms, err := e.store.Manifests(ctx, ep, bronze.ManifestFilter{SessionKeys: []int{sessionKey}})
		if err != nil {
			return bronze.SessionRef{}, err
		}
		for _, m := range ms {
			if m.Session != nil {
				return *m.Session, nil
			}
		}
	}
	return bronze.SessionRef{}, fmt.Errorf("pipeline: session %d: %w (extract it first)", sessionKey, silver.ErrSessionNotFound)
}

// silverState describes the silver tables a gold build reads, at their
// current snapshots, for lineage.
func (e *env) silverState(ctx context.Context, sessionKey int) *StageReport {
	st := &StageReport{Stage: StageSilver, SessionKey: sessionKey}
	if !e.lin.enabled() {
		return st
	}
	for _, t := range silver.SessionTables() {
		if info, err := e.lake.Describe(ctx, silver.Ident(t)); err == nil {
			st.Tables = append(st.Tables, &TableReport{Table: "silver." + t, SnapshotID: info.CurrentSnapshotID})
		}
	}
	return st
}
