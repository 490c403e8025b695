//go:build !pitwallonly

package main

import (
	"context"
	_ "embed"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

var (
	//go:embed sql/common.sql
	commonSQL string
	//go:embed sql/laps.sql
	lapsSQL string
	//go:embed sql/laps_aggregates.sql
	lapsAggregatesSQL string
)

// lapsDuckDB computes silver.laps with DuckDB SQL from the bronze Parquet
// files the laps lake's manifests list, into a temporary table.
func lapsDuckDB(ctx context.Context, d *Dataset, threads int) (*Result, error) {
	db, err := openDuck(ctx, threads)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var input int64
	secs, err := timed(func() error {
		root, err := localDir(d.LapsBronzeURL())
		if err != nil {
			return err
		}
		store, err := bronze.OpenStore(ctx, d.LapsBronzeURL())
		if err != nil {
			return err
		}
		defer store.Close()
		for _, ep := range lapsEndpoints {
			if ep == openf1.EndpointMeetings {
				continue
			}
			parts, rows, err := bronzeFiles(ctx, store, root, ep, bronze.ManifestFilter{})
			if err != nil {
				return err
			}
			if ep == openf1.EndpointLaps {
				input = rows
			}
			if err := db.bronzeView(ctx, ep, parts); err != nil {
				return err
			}
		}
		if err := db.exec(ctx, commonSQL); err != nil {
			return err
		}
		return db.exec(ctx, lapsSQL)
	})
	if err != nil {
		return nil, err
	}
	a, rows, err := db.aggregates(ctx, lapsAggregatesSQL)
	if err != nil {
		return nil, err
	}
	return &Result{Seconds: secs, InputRows: input, OutputRows: rows, Aggregates: a}, nil
}
