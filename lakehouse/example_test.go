package lakehouse_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"

	"github.com/pitwall-f1/pitwall/lakehouse"
)

var lapSchema = arrow.NewSchema([]arrow.Field{
	{Name: "year", Type: arrow.PrimitiveTypes.Int32},
	{Name: "session_key", Type: arrow.PrimitiveTypes.Int64},
	{Name: "driver_number", Type: arrow.PrimitiveTypes.Int32},
	{Name: "lap_number", Type: arrow.PrimitiveTypes.Int32},
	{Name: "lap_duration_ms", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
}, nil)

// verBahrain2024 reads Max Verstappen's first four laps of the 2024
// Bahrain Grand Prix (session 9472), as OpenF1 reports them.
func verBahrain2024() array.RecordReader {
	b := array.NewRecordBuilder(memory.DefaultAllocator, lapSchema)
	defer b.Release()
	for i, ms := range []int64{97759, 96296, 96753, 96647} {
		b.Field(0).(*array.Int32Builder).Append(2024)
		b.Field(1).(*array.Int64Builder).Append(9472)
		b.Field(2).(*array.Int32Builder).Append(1)
		b.Field(3).(*array.Int32Builder).Append(int32(i + 1))
		b.Field(4).(*array.Int64Builder).Append(ms)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(lapSchema, []arrow.RecordBatch{rec})
	if err != nil {
		log.Fatal(err)
	}

	return rdr
}

// Open a local lake, define a table, publish a session twice (the second
// run is a no-op) and read it back.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pitwall-lake-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	lake, err := lakehouse.OpenLocal(ctx, dir) // SQLite catalog + file warehouse
	if err != nil {
		log.Fatal(err)
	}
	defer lake.Close()

	laps := lakehouse.TableDef{
		Namespace:   "silver",
		Name:        "laps",
		Schema:      lapSchema,
		PartitionBy: lakehouse.Identity("year", "session_key"),
		Properties:  map[string]string{"comment": "one row per driver lap"},
	}
	if _, err := lake.EnsureTable(ctx, laps); err != nil {
		log.Fatal(err)
	}

	for run := 1; run <= 2; run++ {
		rdr := verBahrain2024()
		res, err := lake.ReplaceSessions(ctx, laps.Ident(), []int64{9472}, rdr,
			lakehouse.PublishOptions{RunID: fmt.Sprintf("weekly-%d", run)})
		rdr.Release()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("run %d: changed=%v rows=%d sessions=%v unchanged=%v\n",
			run, res.Changed, res.RowsWritten, res.Sessions, res.Unchanged)
	}

	rdr, err := lake.Scan(ctx, memory.DefaultAllocator, laps.Ident(), lakehouse.ScanOptions{
		Filter:  iceberg.EqualTo(iceberg.Reference("session_key"), int64(9472)),
		Columns: []string{"lap_number", "lap_duration_ms"},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer rdr.Release()
	bestLap, best := int32(0), int64(0)
	for rdr.Next() {
		rec := rdr.RecordBatch()
		lapNo, dur := rec.Column(0).(*array.Int32), rec.Column(1).(*array.Int64)
		for i := range int(rec.NumRows()) {
			if best == 0 || dur.Value(i) < best {
				bestLap, best = lapNo.Value(i), dur.Value(i)
			}
		}
	}
	if err := rdr.Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("best of the first four laps: lap %d, %d.%03d s\n", bestLap, best/1000, best%1000)

	// Output:
	// run 1: changed=true rows=4 sessions=[9472] unchanged=[]
	// run 2: changed=false rows=0 sessions=[] unchanged=[9472]
	// best of the first four laps: lap 2, 96.296 s
}

// Catalog configuration comes from flat properties; mistakes name the
// property at fault, and printing a Config never shows secrets.
func ExampleConfigFromProperties() {
	_, err := lakehouse.ConfigFromProperties(map[string]string{"type": "glue", "warehouse": "s3://f1-lake/warehouse"})
	var ce *lakehouse.ConfigError
	fmt.Println(errors.As(err, &ce), ce.Key)

	cfg, err := lakehouse.ConfigFromProperties(map[string]string{
		"type":                 "rest",
		"uri":                  "https://catalog.example.com/api/catalog",
		"warehouse":            "s3://f1-lake/warehouse",
		"token":                "eyJhbGciOiJIUzI1NiJ9",
		"s3.region":            "eu-west-1",
		"s3.access-key-id":     "AKIAIOSFODNN7EXAMPLE",
		"s3.secret-access-key": "wJalrXUtnFEMI/K7MDENG",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg)

	// Output:
	// true glue.region
	// rest catalog "pitwall" {s3.access-key-id=REDACTED, s3.region=eu-west-1, s3.secret-access-key=REDACTED, token=REDACTED, uri=https://catalog.example.com/api/catalog, warehouse=s3://f1-lake/warehouse}
}

// Tables without a session grain are replaced by partition, here one year
// of meetings.
func ExampleLake_ReplaceWhere() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pitwall-lake-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	lake, err := lakehouse.OpenLocal(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer lake.Close()

	schema := arrow.NewSchema([]arrow.Field{
		{Name: "year", Type: arrow.PrimitiveTypes.Int32},
		{Name: "meeting_key", Type: arrow.PrimitiveTypes.Int64},
		{Name: "meeting_name", Type: arrow.BinaryTypes.String},
	}, nil)
	meetings := lakehouse.TableDef{Namespace: "silver", Name: "meetings", Schema: schema, PartitionBy: lakehouse.Identity("year")}
	if _, err := lake.EnsureTable(ctx, meetings); err != nil {
		log.Fatal(err)
	}

	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for key, name := range map[int64]string{1229: "Bahrain Grand Prix", 1230: "Saudi Arabian Grand Prix"} {
		b.Field(0).(*array.Int32Builder).Append(2024)
		b.Field(1).(*array.Int64Builder).Append(key)
		b.Field(2).(*array.StringBuilder).Append(name)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		log.Fatal(err)
	}
	defer rdr.Release()

	year2024 := iceberg.EqualTo(iceberg.Reference("year"), int32(2024))
	res, err := lake.ReplaceWhere(ctx, meetings.Ident(), year2024, rdr, lakehouse.PublishOptions{RunID: "backfill-2024"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Changed, res.RowsWritten, res.FilesAdded)

	// Output:
	// true 2 1
}

// Maintenance: expire old snapshots (and the files only they used), then
// remove files no snapshot references.
func ExampleLake_ExpireSnapshots() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pitwall-lake-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	lake, err := lakehouse.OpenLocal(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer lake.Close()
	laps := lakehouse.TableDef{Namespace: "silver", Name: "laps", Schema: lapSchema, PartitionBy: lakehouse.Identity("year", "session_key")}
	if _, err := lake.EnsureTable(ctx, laps); err != nil {
		log.Fatal(err)
	}
	// Two snapshots: the session, then an append of the same laps.
	for _, publish := range []func(array.RecordReader) (*lakehouse.PublishResult, error){
		func(r array.RecordReader) (*lakehouse.PublishResult, error) {
			return lake.ReplaceSessions(ctx, laps.Ident(), []int64{9472}, r, lakehouse.PublishOptions{})
		},
		func(r array.RecordReader) (*lakehouse.PublishResult, error) {
			return lake.Append(ctx, laps.Ident(), r, lakehouse.PublishOptions{})
		},
	} {
		rdr := verBahrain2024()
		_, err := publish(rdr)
		rdr.Release()
		if err != nil {
			log.Fatal(err)
		}
	}

	exp, err := lake.ExpireSnapshots(ctx, laps.Ident(), lakehouse.ExpireOptions{OlderThan: time.Nanosecond, RetainLast: 1})
	if err != nil {
		log.Fatal(err)
	}
	orphans, err := lake.RemoveOrphanFiles(ctx, laps.Ident(), lakehouse.OrphanOptions{DryRun: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("expired %d, kept %d, orphans %d\n", len(exp.Expired), exp.Remaining, len(orphans.Orphans))

	// Output:
	// expired 1, kept 1, orphans 0
}
