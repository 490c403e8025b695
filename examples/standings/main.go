// Command standings prints the drivers' and constructors' championship
// after a round (the last one by default) from the gold tables of a lake,
// read through the Iceberg catalog like any other engine would:
//
//	go run ./examples/pipeline -demo
//	go run ./examples/standings
//	go run ./examples/standings -year 2025 -round 3
//
// -lake names a local lake folder (SQLite catalog and warehouse inside);
// -catalog-prop key=value (repeatable) opens any catalog package lakehouse
// supports instead (REST, Glue, SQL on a server).
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "standings:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out, stderr io.Writer) error {
	fs := flag.NewFlagSet("standings", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lakeDir := fs.String("lake", "lake", "local lake folder written by examples/pipeline")
	year := fs.Int("year", 0, "season (default: the latest in the table)")
	round := fs.Int("round", 0, "standings after this round (default: the last)")
	props := kvList{}
	fs.Var(&props, "catalog-prop", "Iceberg catalog property key=value (repeatable); replaces -lake")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	var cfg lakehouse.Config
	var err error
	if len(props) > 0 {
		cfg, err = lakehouse.ConfigFromProperties(props)
	} else {
		if _, serr := os.Stat(*lakeDir); serr != nil {
			return fmt.Errorf("no lake at %s: run `go run ./examples/pipeline -demo` first", *lakeDir)
		}
		cfg, err = lakehouse.LocalConfig(*lakeDir)
	}
	if err != nil {
		return err
	}
	lake, err := lakehouse.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer lake.Close()

	drivers, err := readRows(ctx, lake, gold.TableChampionshipStandings, *year)
	if err != nil {
		return err
	}
	if len(drivers) == 0 {
		return errors.New("gold.championship_standings holds no rows for that season: run the pipeline first")
	}
	if *year == 0 {
		*year = int(maxOf(drivers, "year"))
		drivers = filter(drivers, "year", int64(*year))
	}
	last := int(maxOf(drivers, "round"))
	if *round == 0 || *round > last {
		*round = last
	}
	drivers = filter(drivers, "round", int64(*round))
	teams, err := readRows(ctx, lake, gold.TableChampionshipTeamStandings, *year)
	if err != nil {
		return err
	}
	teams = filter(teams, "round", int64(*round))

	meeting, _ := drivers[0]["meeting_name"].(string)
	fmt.Fprintf(out, "%d championship after round %d of %d (%s)\n\n", *year, *round, last, meeting)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "POS\tDRIVER\t\tTEAM\tPOINTS\tWINS\tPODIUMS\tGAP")
	sortBy(drivers, "position")
	for _, r := range drivers {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%g\t%d\t%d\t%s\n", r["position"], str(r["name_acronym"]), str(r["full_name"]),
			str(r["team_name"]), r["points"], r["wins"], r["podiums"], gap(r["gap_to_leader"]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(teams) > 0 {
		fmt.Fprintln(out)
		tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "POS\tTEAM\tPOINTS\tWINS\tGAP")
		sortBy(teams, "position")
		for _, r := range teams {
			fmt.Fprintf(tw, "%d\t%s\t%g\t%d\t%s\n", r["position"], str(r["team_name"]), r["points"], r["wins"], gap(r["gap_to_leader"]))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// row is one table row by column name (int64, float64, string or nil).
type row map[string]any

// readRows scans a gold table (one season when year is set; the filter
// prunes the other years' files before any data is read).
func readRows(ctx context.Context, lake *lakehouse.Lake, table string, year int) ([]row, error) {
	opts := lakehouse.ScanOptions{}
	if year != 0 {
		opts.Filter = iceberg.EqualTo(iceberg.Reference("year"), int32(year))
	}
	rr, err := lake.Scan(ctx, memory.DefaultAllocator, gold.Ident(table), opts)
	if errors.Is(err, catalog.ErrNoSuchTable) {
		return nil, fmt.Errorf("%s does not exist yet: run `go run ./examples/pipeline -demo` first", gold.Ident(table))
	}
	if err != nil {
		return nil, err
	}
	defer rr.Release()
	var out []row
	for rr.Next() {
		rec := rr.RecordBatch()
		for i := range int(rec.NumRows()) {
			out = append(out, rowOf(rec, i))
		}
	}
	return out, rr.Err()
}

func rowOf(rec arrow.RecordBatch, i int) row {
	r := row{}
	for c, f := range rec.Schema().Fields() {
		col := rec.Column(c)
		if col.IsNull(i) {
			r[f.Name] = nil
			continue
		}
		switch a := col.(type) {
		case *array.Int32:
			r[f.Name] = int64(a.Value(i))
		case *array.Int64:
			r[f.Name] = a.Value(i)
		case *array.Float64:
			r[f.Name] = a.Value(i)
		case *array.String:
			r[f.Name] = a.Value(i)
		default:
			r[f.Name] = col.ValueStr(i)
		}
	}
	return r
}

func filter(rows []row, col string, v int64) []row {
	return slices.DeleteFunc(rows, func(r row) bool { x, _ := r[col].(int64); return x != v })
}

func maxOf(rows []row, col string) int64 {
	var m int64
	for _, r := range rows {
		if x, _ := r[col].(int64); x > m {
			m = x
		}
	}
	return m
}

func sortBy(rows []row, col string) {
	slices.SortFunc(rows, func(a, b row) int {
		x, _ := a[col].(int64)
		y, _ := b[col].(int64)
		return cmp.Compare(x, y)
	})
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func gap(v any) string {
	g, _ := v.(float64)
	if g == 0 {
		return "-"
	}
	return fmt.Sprintf("-%g", g)
}

// kvList is a repeatable key=value flag.
type kvList map[string]string

// String renders the flag value.
func (m kvList) String() string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return strings.Join(keys, ",")
}

// Set parses one occurrence of the flag.
func (m kvList) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("%q: want key=value", s)
	}
	m[k] = v
	return nil
}
