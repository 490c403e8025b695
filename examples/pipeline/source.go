package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
)

// fakeSource is an in-process fake OpenF1 server and what it serves.
type fakeSource struct {
	srv      *openf1test.Server
	years    []int
	now      time.Time // after every session it serves
	describe string
}

// startDemo serves a simulated season. The server's clock (and the run's
// logical time) is a day after the season's last session, so every
// session has ended and the run is the same whenever it is made.
func startDemo(o *options) (*fakeSource, error) {
	season, err := sim.New(sim.Config{Seed: o.seed, Year: o.demoYear, Meetings: o.meetings, Telemetry: o.telemetry})
	if err != nil {
		return nil, err
	}
	var end time.Time
	for _, s := range season.Sessions() {
		if t := s.DateEnd.Time; t.After(end) {
			end = t
		}
	}
	now := end.Add(24 * time.Hour).UTC()
	srv, err := openf1test.Start(season, openf1test.WithNow(func() time.Time { return now }))
	if err != nil {
		return nil, err
	}
	c := season.Config()
	return &fakeSource{srv: srv, years: []int{c.Year}, now: now,
		describe: fmt.Sprintf("demo: simulated %d season (seed %d, %d meetings, %d sessions%s) served at %s",
			c.Year, c.Seed, c.Meetings, len(season.SessionKeys()), map[bool]string{true: ", telemetry"}[c.Telemetry], srv.URL())}, nil
}

// startRecordings serves a folder of recorded API responses, and prints
// the files LoadDir could not place and why.
func startRecordings(ctx context.Context, dir string, out io.Writer) (*fakeSource, error) {
	src, rep, err := openf1test.LoadDirContext(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("load recordings from %s: %w", dir, err)
	}
	years, end, err := calendarOf(ctx, src)
	if err != nil {
		return nil, err
	}
	if len(years) == 0 {
		return nil, fmt.Errorf("%s holds no sessions records: the pipeline needs the calendar (a sessions.json, /v1/sessions response)", dir)
	}
	unplaced := rep.Unplaced()
	fmt.Fprintf(out, "source: %s: %d files, %d placed, %d sessions with data\n", dir, len(rep.Files), len(rep.Files)-len(unplaced), len(rep.Sessions))
	for _, f := range unplaced {
		fmt.Fprintf(out, "  not loaded: %s: %s\n", f.Path, f.Reason)
	}
	now := end.Add(24 * time.Hour).UTC()
	srv, err := openf1test.Start(src, openf1test.WithNow(func() time.Time { return now }))
	if err != nil {
		return nil, err
	}
	return &fakeSource{srv: srv, years: years, now: now,
		describe: fmt.Sprintf("source: serving %s at %s (years %s)", dir, srv.URL(), joinInts(years))}, nil
}

// calendarOf reads the years and the last session end from a source.
func calendarOf(ctx context.Context, src *openf1test.MemorySource) ([]int, time.Time, error) {
	var years []int
	var end time.Time
	for raw, err := range src.Records(ctx, openf1.EndpointSessions, openf1.Query{}) {
		if err != nil {
			return nil, end, err
		}
		var s openf1.Session
		if err := json.Unmarshal(raw, &s); err != nil {
			continue
		}
		years = append(years, s.Year)
		if t := s.DateEnd.Time; t.After(end) {
			end = t
		}
	}
	slices.Sort(years)
	return slices.Compact(years), end, nil
}

func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ",")
}
