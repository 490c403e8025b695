//go:build !pitwallonly

package main

import (
	"context"
	_ "embed"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

var (
	//go:embed sql/telemetry.sql
	telemetrySQL string
	//go:embed sql/telemetry_query.sql
	telemetryQuerySQL string
)

// telemetryDuckDB computes silver.car_data with DuckDB SQL from the bronze
// Parquet files listed by the manifests of the sessions with car_data, and
// summarises it in the same query (both sides stream; neither keeps the
// table).
func telemetryDuckDB(ctx context.Context, d *Dataset, threads int) (*Result, error) {
	db, err := openDuck(ctx, threads)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var (
		input int64
		a     aggs
		rows  int64
	)
	secs, err := timed(func() error {
		root, err := localDir(d.BronzeURL())
		if err != nil {
			return err
		}
		store, err := bronze.OpenStore(ctx, d.BronzeURL())
		if err != nil {
			return err
		}
		defer store.Close()
		cd, n, err := bronzeFiles(ctx, store, root, openf1.EndpointCarData, bronze.ManifestFilter{})
		if err != nil {
			return err
		}
		input = n
		var keys []int
		for _, p := range cd {
			keys = append(keys, p.sessionKey)
		}
		only := bronze.ManifestFilter{SessionKeys: sortedUnique(keys)}
		if err := db.bronzeView(ctx, openf1.EndpointCarData, cd); err != nil {
			return err
		}
		for _, ep := range []openf1.Endpoint{openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointLaps} {
			f := only
			if ep == openf1.EndpointSessions {
				f = bronze.ManifestFilter{}
			}
			parts, _, err := bronzeFiles(ctx, store, root, ep, f)
			if err != nil {
				return err
			}
			if err := db.bronzeView(ctx, ep, parts); err != nil {
				return err
			}
		}
		if err := db.exec(ctx, commonSQL); err != nil {
			return err
		}
		if err := db.exec(ctx, telemetrySQL); err != nil {
			return err
		}
		a, rows, err = db.aggregates(ctx, telemetryQuerySQL)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Result{Seconds: secs, InputRows: input, OutputRows: rows, Aggregates: a}, nil
}
