package lineage_test

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/pitwall-f1/pitwall/lineage"
)

// A stage run reports START when it begins and COMPLETE (or FAIL) when it
// ends, both with the same run id; the terminal event carries what the run
// measured. Here the events go to stdout; in production the transport is
// HTTP to Marquez or a file (see NewClientFromEnvironment).
func Example() {
	ctx := context.Background()
	client, err := lineage.NewClient(lineage.WithTransport(lineage.NewConsoleTransport(os.Stdout)))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)

	runID := "01900000-0000-7000-8000-000000000001" // use lineage.NewRunID()
	bronze := lineage.S3Dataset("pitwall-lake", "bronze/laps/year=2024/meeting_key=1229/session_key=9472")
	silver := lineage.S3Dataset("pitwall-lake", "warehouse/silver/laps")

	start := lineage.NewRunEvent(lineage.EventStart, runID, "pitwall", "weekly.silver.laps")
	start.EventTime = time.Date(2024, 3, 4, 6, 0, 0, 0, time.UTC)
	start.Inputs = []lineage.InputDataset{bronze.Input()}
	start.Outputs = []lineage.OutputDataset{silver.Output()}
	if err := client.Emit(ctx, start); err != nil {
		log.Fatal(err)
	}

	complete := lineage.NewRunEvent(lineage.EventComplete, runID, "pitwall", "weekly.silver.laps")
	complete.EventTime = start.EventTime.Add(1500 * time.Millisecond)
	out := silver.Output()
	out.OutputFacets = &lineage.OutputDatasetFacets{
		OutputStatistics: lineage.NewOutputStatisticsFacet(1126, 65536, 1),
	}
	complete.Outputs = []lineage.OutputDataset{out}
	if err := client.Emit(ctx, complete); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"eventTime":"2024-03-04T06:00:00Z","eventType":"START","producer":"https://github.com/pitwall-f1/pitwall/tree/main/lineage","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent","run":{"runId":"01900000-0000-7000-8000-000000000001"},"job":{"namespace":"pitwall","name":"weekly.silver.laps"},"inputs":[{"namespace":"s3://pitwall-lake","name":"bronze/laps/year=2024/meeting_key=1229/session_key=9472"}],"outputs":[{"namespace":"s3://pitwall-lake","name":"warehouse/silver/laps"}]}
	// {"eventTime":"2024-03-04T06:00:01.5Z","eventType":"COMPLETE","producer":"https://github.com/pitwall-f1/pitwall/tree/main/lineage","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent","run":{"runId":"01900000-0000-7000-8000-000000000001"},"job":{"namespace":"pitwall","name":"weekly.silver.laps"},"outputs":[{"namespace":"s3://pitwall-lake","name":"warehouse/silver/laps","outputFacets":{"outputStatistics":{"_producer":"https://github.com/pitwall-f1/pitwall/tree/main/lineage","_schemaURL":"https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet","rowCount":1126,"size":65536,"fileCount":1}}}]}
}

// The file transport appends one event per line (NDJSON); any number of
// goroutines may emit through it at once.
func ExampleNewFileTransport() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "lineage")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "_lineage", "events.ndjson")

	tr, err := lineage.NewFileTransport(lineage.FileConfig{Path: path})
	if err != nil {
		log.Fatal(err)
	}
	client, _ := lineage.NewClient(lineage.WithTransport(tr))
	runID := lineage.NewRunID()
	for _, et := range []lineage.EventType{lineage.EventStart, lineage.EventComplete} {
		if err := client.Emit(ctx, lineage.NewRunEvent(et, runID, "pitwall", "weekly.gold.lap_analytics")); err != nil {
			log.Fatal(err)
		}
	}
	if err := client.Close(ctx); err != nil {
		log.Fatal(err)
	}

	f, _ := os.Open(path)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		ev, err := lineage.ParseEvent(sc.Bytes())
		if err != nil {
			log.Fatal(err)
		}
		run := ev.(*lineage.RunEvent)
		fmt.Println(run.EventType, run.Job.Name, run.Run.RunID == runID)
	}
	// Output:
	// START weekly.gold.lap_analytics true
	// COMPLETE weekly.gold.lap_analytics true
}

// An Iceberg table is named by its location, like Spark and Trino name it;
// the symlinks facet adds its catalog name. For pitwall's default SQLite
// catalog that is "sqlite://" plus the absolute path of the database file.
func ExampleIcebergTable() {
	laps := lineage.IcebergTable{
		Catalog: lineage.IcebergCatalog{
			Type: lineage.CatalogSQL, Name: "pitwall",
			URI: "/srv/lake/catalog.db", Warehouse: "file:///srv/lake/warehouse",
		},
		Namespace:  []string{"silver"},
		Table:      "laps",
		Location:   "file:///srv/lake/warehouse/silver.db/laps",
		SnapshotID: 7312065401293812345,
	}
	name, _ := laps.DatasetName()
	link, _ := laps.CatalogName()
	facets, _ := laps.Facets()
	fmt.Println(name.Namespace, name.Name)
	fmt.Println(link.Namespace, link.Name, link.Type)
	fmt.Println(facets.Storage.StorageLayer, facets.Storage.FileFormat, facets.Version.DatasetVersion)

	laps.Catalog = lineage.IcebergCatalog{Type: lineage.CatalogGlue, GlueRegion: "eu-west-1", GlueAccountID: "123456789012"}
	laps.Location = "s3://pitwall-lake/warehouse/silver/laps"
	name, _ = laps.DatasetName()
	link, _ = laps.CatalogName()
	fmt.Println(name.Namespace, name.Name)
	fmt.Println(link.Namespace, link.Name)
	// Output:
	// file /srv/lake/warehouse/silver.db/laps
	// sqlite:///srv/lake/catalog.db silver.laps TABLE
	// iceberg parquet 7312065401293812345
	// s3://pitwall-lake warehouse/silver/laps
	// arn:aws:glue:eu-west-1:123456789012 table/silver/laps
}

func ExampleLocationDataset() {
	for _, loc := range []string{
		"file:///srv/lake/bronze/laps/",
		"s3a://pitwall-lake/bronze/laps?region=eu-west-1",
		"gs://pitwall-lake",
	} {
		n, err := lineage.LocationDataset(loc)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s | %s\n", n.Namespace, n.Name)
	}
	// Output:
	// file | /srv/lake/bronze/laps
	// s3://pitwall-lake | bronze/laps
	// gs://pitwall-lake | /
}

// An async transport keeps a slow or unreachable backend off the pipeline's
// critical path; Close flushes within the caller's deadline.
func ExampleNewAsyncTransport() {
	ctx := context.Background()
	async, err := lineage.NewAsyncTransport(lineage.NewConsoleTransport(os.Stdout), lineage.AsyncConfig{
		QueueSize: 100, Overflow: lineage.DropNewest,
	})
	if err != nil {
		log.Fatal(err)
	}
	client, _ := lineage.NewClient(lineage.WithTransport(async))
	ev := lineage.NewRunEvent(lineage.EventStart, "01900000-0000-7000-8000-000000000002", "pitwall", "backfill")
	ev.EventTime = time.Date(2024, 3, 4, 6, 0, 0, 0, time.UTC)
	if err := client.Emit(ctx, ev); err != nil {
		log.Print(err) // ErrQueueFull: the event was dropped and counted
	}

	closeCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := client.Close(closeCtx); err != nil {
		log.Print(err) // *FlushError: how many events were left undelivered
	}
	fmt.Printf("%+v\n", async.Stats())
	// Output:
	// {"eventTime":"2024-03-04T06:00:00Z","eventType":"START","producer":"https://github.com/pitwall-f1/pitwall/tree/main/lineage","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent","run":{"runId":"01900000-0000-7000-8000-000000000002"},"job":{"namespace":"pitwall","name":"backfill"}}
	// {Enqueued:1 Delivered:1 Failed:0 Dropped:0 Pending:0}
}

// Configuration follows the openlineage-python client: OPENLINEAGE_URL,
// OPENLINEAGE_ENDPOINT, OPENLINEAGE_API_KEY, OPENLINEAGE_CONFIG (a YAML file
// with a transport section) and OPENLINEAGE_DISABLED.
func ExampleNewClientFromEnvironment() {
	client, err := lineage.NewClientFromEnvironment()
	if err != nil {
		log.Fatal(err) // e.g. a *ConfigError naming the bad field
	}
	defer client.Close(context.Background())
	fmt.Println(client.Transport())
}

func ExampleParseConfig() {
	cfg, err := lineage.ParseConfig([]byte(`
transport:
  type: composite
  transports:
    marquez:
      type: http
      url: http://marquez:5000
      auth: {type: api_key, apiKey: olk_not_a_real_key}
    local:
      type: file
      log_file_path: lake/_lineage/events.ndjson
`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Transport) // the key never prints
	// Output:
	// {type: composite, transports: [{type: http, name: marquez, url: 'http://marquez:5000', auth: {type: api_key, apiKey: '[REDACTED]'}}, {type: file, name: local, log_file_path: lake/_lineage/events.ndjson}]}
}
