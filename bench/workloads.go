package main

import "strings"

// workload is one benchmark: the same computation done by pitwall and by
// DuckDB SQL on the same input files.
type workload struct {
	name        string
	title       string // what the report calls it
	input       string // what its input rows are
	needsSilver bool   // reads the silver Iceberg lake
	pitwall     engineFunc
	duckdb      engineFunc // nil: pitwall only, nothing to compare
}

var workloads = []workload{
	{name: "laps", title: "silver laps (dedup, typing, stint join)", input: "bronze laps rows",
		pitwall: lapsPitwall, duckdb: lapsDuckDB},
	{name: "gold", title: "gold driver_session_summary + stint degradation", input: "silver laps rows",
		needsSilver: true, pitwall: goldPitwall, duckdb: goldDuckDB},
	{name: "telemetry", title: "silver car_data with lap assignment", input: "bronze car_data rows",
		pitwall: telemetryPitwall, duckdb: telemetryDuckDB},
	{name: "season", title: "pitwall only: silver + gold for the season, built and published (no telemetry)",
		input: "bronze laps rows", pitwall: seasonPitwall},
}

func workloadByName(name string) (workload, bool) {
	for _, w := range workloads {
		if w.name == name {
			return w, true
		}
	}
	return workload{}, false
}

func workloadNames() string {
	var names []string
	for _, w := range workloads {
		names = append(names, w.name)
	}
	return strings.Join(names, ",")
}
