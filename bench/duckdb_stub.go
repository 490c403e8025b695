//go:build pitwallonly

package main

import (
	"context"
	"errors"
)

// The pitwall-only worker binary (built with -tags pitwallonly) leaves
// DuckDB out, so a pitwall worker's memory is pitwall's alone: linking
// DuckDB's library costs every process about 100 MB of resident memory
// before it does anything.

var errNoDuckDB = errors.New("this worker binary was built without DuckDB (-tags pitwallonly)")

func lapsDuckDB(context.Context, *Dataset, int) (*Result, error)      { return nil, errNoDuckDB }
func goldDuckDB(context.Context, *Dataset, int) (*Result, error)      { return nil, errNoDuckDB }
func telemetryDuckDB(context.Context, *Dataset, int) (*Result, error) { return nil, errNoDuckDB }

func duckdbVersion(context.Context) string { return "not linked" }
