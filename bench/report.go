package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is the outcome of a benchmark run.
type Report struct {
	Machine    Machine   `json:"machine"`
	Size       Size      `json:"size"`
	Runs       int       `json:"runs"`
	Threads    int       `json:"threads"`
	Command    string    `json:"command"`
	Started    time.Time `json:"started"`
	Finished   time.Time `json:"finished"`
	LoadBefore string    `json:"load_before"`
	LoadAfter  string    `json:"load_after"`
	Dataset    *Dataset  `json:"dataset"`
	// PitwallBinary says which program the pitwall workers ran.
	PitwallBinary string           `json:"pitwall_binary"`
	Workloads     []WorkloadReport `json:"workloads"`
}

// WorkloadReport holds every run of one workload and their summary.
type WorkloadReport struct {
	Name    string    `json:"name"`
	Title   string    `json:"title"`
	Input   string    `json:"input"`
	Pitwall []*Result `json:"pitwall"`
	DuckDB  []*Result `json:"duckdb"`
	Profile string    `json:"profile,omitempty"`

	InputRows      int64   `json:"input_rows"`
	OutputRows     int64   `json:"output_rows"`
	PitwallSeconds float64 `json:"pitwall_seconds"`  // median
	DuckDBSeconds  float64 `json:"duckdb_seconds"`   // median
	PitwallPeakRSS int64   `json:"pitwall_peak_rss"` // max over runs
	DuckDBPeakRSS  int64   `json:"duckdb_peak_rss"`
}

func (w *WorkloadReport) summarize() {
	secs := func(rs []*Result) []float64 {
		var out []float64
		for _, r := range rs {
			out = append(out, r.Seconds)
		}
		return out
	}
	peak := func(rs []*Result) int64 {
		var m int64
		for _, r := range rs {
			m = max(m, r.PeakRSS)
		}
		return m
	}
	w.PitwallSeconds, w.DuckDBSeconds = median(secs(w.Pitwall)), median(secs(w.DuckDB))
	w.PitwallPeakRSS, w.DuckDBPeakRSS = peak(w.Pitwall), peak(w.DuckDB)
	if len(w.Pitwall) > 0 {
		w.InputRows, w.OutputRows = w.Pitwall[0].InputRows, w.Pitwall[0].OutputRows
	}
}

// medianRun returns the pitwall run whose time is closest to the median.
func (w *WorkloadReport) medianRun() *Result {
	var best *Result
	for _, r := range w.Pitwall {
		if best == nil || math.Abs(r.Seconds-w.PitwallSeconds) < math.Abs(best.Seconds-w.PitwallSeconds) {
			best = r
		}
	}
	return best
}

// Ratio is pitwall's time over DuckDB's (below 1: pitwall is faster).
func (w *WorkloadReport) Ratio() float64 {
	if w.DuckDBSeconds == 0 {
		return 0
	}
	return w.PitwallSeconds / w.DuckDBSeconds
}

func rate(rows int64, secs float64) string {
	if secs == 0 {
		return "-"
	}
	r := float64(rows) / secs
	switch {
	case r >= 1e6:
		return fmt.Sprintf("%.2f M/s", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.0f k/s", r/1e3)
	}
	return fmt.Sprintf("%.0f /s", r)
}

func (r *Report) header() []string {
	return []string{"workload", "input rows", "output rows", "pitwall s", "duckdb s", "ratio",
		"pitwall rows/s", "duckdb rows/s", "pitwall peak RSS", "duckdb peak RSS"}
}

func (r *Report) rows() [][]string {
	var out [][]string
	for _, w := range r.Workloads {
		row := []string{
			w.Name, fmt.Sprint(w.InputRows), fmt.Sprint(w.OutputRows),
			fmt.Sprintf("%.3f", w.PitwallSeconds), fmt.Sprintf("%.3f", w.DuckDBSeconds),
			fmt.Sprintf("%.2f×", w.Ratio()),
			rate(w.InputRows, w.PitwallSeconds), rate(w.InputRows, w.DuckDBSeconds),
			formatBytes(w.PitwallPeakRSS), formatBytes(w.DuckDBPeakRSS),
		}
		if len(w.DuckDB) == 0 { // pitwall only
			for _, i := range []int{4, 5, 7, 9} {
				row[i] = "-"
			}
		}
		out = append(out, row)
	}
	return out
}

func (r *Report) sizeLine() string {
	s := r.Size
	line := fmt.Sprintf("season %d (seed %d): %d meetings; car_data for %d weekends at %g Hz; %d runs each, median; %d threads per engine",
		s.Year, s.Seed, s.Meetings, s.Weekends, s.Hz, r.Runs, r.Threads)
	if d := r.Dataset; d != nil {
		line += fmt.Sprintf("\ninputs: %d sessions, %d bronze laps rows, %d bronze car_data rows", d.Sessions, d.BronzeLaps, d.BronzeCarData)
	}
	return line
}

// print writes the results table.
func (r *Report) print(w io.Writer) {
	fmt.Fprintf(w, "\npitwall vs DuckDB — %s\n%s\n", r.Machine, r.sizeLine())
	fmt.Fprintf(w, "load average (1/5/15 min): %s before, %s after\n\n", r.LoadBefore, r.LoadAfter)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(r.header(), "\t")+"\t")
	for _, row := range r.rows() {
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintln(w, "\nratio = pitwall time / DuckDB time (below 1: pitwall faster); rows/s = input rows / median time;")
	fmt.Fprintln(w, "peak RSS = max over runs of each engine's worker process (its VmHWM); pitwall workers:", r.PitwallBinary+".")
	for _, wr := range r.Workloads {
		if m := wr.medianRun(); m != nil && len(m.Notes) > 0 {
			fmt.Fprintf(w, "%s (median run): %s\n", wr.Name, strings.Join(m.Notes, ", "))
		}
	}
	for _, wr := range r.Workloads {
		if wr.Profile != "" {
			fmt.Fprintf(w, "profile %s: go tool pprof -top %s\n", wr.Name, wr.Profile)
		}
	}
	fmt.Fprintf(w, "\nreproduce: %s\n", r.Command)
}

// markdown renders the results for BENCHMARKS.md.
func (r *Report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s UTC on %s.\n\n", r.Started.Format("2006-01-02 15:04"), r.Machine)
	fmt.Fprintf(&b, "%s.\n\n", strings.ReplaceAll(r.sizeLine(), "\n", ".  \n"))
	fmt.Fprintf(&b, "Load average (1/5/15 min): %s before, %s after.\n\n", r.LoadBefore, r.LoadAfter)
	h := r.header()
	fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(h, " | "), strings.Repeat("---:|", len(h)))
	for _, row := range r.rows() {
		fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
	}
	fmt.Fprintf(&b, "\nPer-run times (s):\n\n")
	for _, w := range r.Workloads {
		fmt.Fprintf(&b, "- %s (%s): pitwall %s", w.Name, w.Title, runList(w.Pitwall))
		if len(w.DuckDB) > 0 {
			fmt.Fprintf(&b, "; DuckDB %s", runList(w.DuckDB))
		}
		if m := w.medianRun(); m != nil && len(m.Notes) > 0 {
			fmt.Fprintf(&b, " (median run: %s)", strings.Join(m.Notes, ", "))
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintf(&b, "\nReproduce: `%s`\n", r.Command)
	return b.String()
}

func runList(rs []*Result) string {
	var s []string
	for _, r := range rs {
		s = append(s, fmt.Sprintf("%.3f", r.Seconds))
	}
	return strings.Join(s, ", ")
}
