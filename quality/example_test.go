package quality_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/quality"
)

// lapsBatch builds a tiny silver.laps batch: Verstappen's and Leclerc's
// first laps of the 2024 Bahrain GP, with one duplicated row and one
// implausible lap time. The caller releases it.
func lapsBatch(mem memory.Allocator) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "session_key", Type: arrow.PrimitiveTypes.Int64},
		{Name: "driver_number", Type: arrow.PrimitiveTypes.Int64},
		{Name: "lap_number", Type: arrow.PrimitiveTypes.Int64},
		{Name: "lap_duration_ms", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "compound", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{9472, 9472, 9472, 9472, 9472}, nil)
	b.Field(1).(*array.Int64Builder).AppendValues([]int64{1, 1, 16, 16, 16}, nil)
	b.Field(2).(*array.Int64Builder).AppendValues([]int64{1, 2, 1, 2, 2}, nil)
	b.Field(3).(*array.Int64Builder).AppendValues([]int64{0, 97_284, 0, 98_011, 398_011}, []bool{false, true, false, true, true})
	b.Field(4).(*array.StringBuilder).AppendValues([]string{"SOFT", "SOFT", "SOFT", "SOFT", "soft"}, nil)
	return b.NewRecordBatch()
}

// Build a suite in Go and validate a record batch.
func ExampleSuite_Validate() {
	mem := memory.NewGoAllocator()
	rec := lapsBatch(mem)
	defer rec.Release()

	suite := quality.NewSuite("silver.laps",
		quality.ExpectColumnValuesToNotBeNull("session_key"),
		quality.ExpectCompoundColumnsToBeUnique("session_key", "driver_number", "lap_number"),
		quality.ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).Warn(),
		quality.ExpectColumnValuesToBeInSet("compound", quality.KnownCompounds()...).Warn(),
		quality.ExpectTableRowCountToBeBetween(1, math.Inf(1)),
	)
	res, err := suite.Validate(context.Background(), quality.FromRecordBatch(rec), quality.ValidateOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Results {
		line := fmt.Sprintf("%-5v %-4s %s", r.Success, r.Severity(), r.ExpectationConfig.Type)
		if r.Result.UnexpectedCount != nil {
			line += fmt.Sprintf(" unexpected=%d rows=%v", *r.Result.UnexpectedCount, r.Result.PartialUnexpectedIndexList)
		}
		fmt.Println(line)
	}
	fmt.Printf("evaluated=%d successful=%d blocking=%v\n",
		res.Statistics.EvaluatedExpectations, res.Statistics.SuccessfulExpectations, res.Blocking())
	// Output:
	// true  error expect_column_values_to_not_be_null unexpected=0 rows=[]
	// false error expect_compound_columns_to_be_unique unexpected=2 rows=[3 4]
	// false warn expect_column_values_to_be_between unexpected=1 rows=[4]
	// false warn expect_column_values_to_be_in_set unexpected=1 rows=[4]
	// true  error expect_table_row_count_to_be_between
	// evaluated=5 successful=2 blocking=true
}

// Load a Great Expectations suite (1.x format; 0.x works too) and validate.
func ExampleParseSuite() {
	suite, err := quality.ParseSuite([]byte(`{
	  "name": "silver.laps",
	  "expectations": [
	    {"type": "expect_column_values_to_be_between",
	     "kwargs": {"column": "lap_duration_ms", "min_value": 60000, "max_value": 300000, "mostly": 0.6},
	     "meta": {"severity": "warn"}},
	    {"type": "expect_column_max_to_be_between", "column": "lap_number", "max_value": 78}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	mem := memory.NewGoAllocator()
	rec := lapsBatch(mem)
	defer rec.Release()
	res, err := suite.Validate(context.Background(), quality.FromRecordBatch(rec),
		quality.ValidateOptions{ResultFormat: quality.ResultFormatBasic})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(res.Results[0].Result)
	fmt.Println(res.Results[0].Success, string(b))
	fmt.Println(res.Results[1].Success, res.Results[1].Result.ObservedValue)

	_, err = quality.ParseSuite([]byte(`{"name": "x", "expectations": [{"type": "expect_lap_to_be_fast", "kwargs": {}}]}`))
	fmt.Println(err)
	// Output:
	// true {"element_count":5,"unexpected_count":1,"unexpected_percent":33.33333333333333,"partial_unexpected_list":[398011],"missing_count":2,"missing_percent":40,"unexpected_percent_total":20,"unexpected_percent_nonmissing":33.33333333333333}
	// true 2
	// quality: expectation 0 (expect_lap_to_be_fast): unknown expectation type "expect_lap_to_be_fast" (see quality.ExpectationTypes)
}

// Start from a built-in suite and adjust it to the table's column names.
func ExampleBuiltinSuite() {
	suite, err := quality.BuiltinSuite("silver", "stints")
	if err != nil {
		fmt.Println(err)
		return
	}
	suite.RenameColumn("tyre_age_at_start", "tyre_age")
	fmt.Println(suite.Name, len(suite.Expectations), suite.Check() == nil)
	for _, i := range suite.Find(quality.TypeStintsNotOverlapping, "") {
		fmt.Println(suite.Expectations[i].Type, suite.Expectations[i].Columns())
	}
	// Output:
	// silver.stints 19 true
	// pitwall_expect_stints_to_not_overlap [session_key driver_number lap_start lap_end]
}

// Turn a result into values for the OpenLineage dataQualityAssertions facet.
func ExampleResult_Assertions() {
	mem := memory.NewGoAllocator()
	rec := lapsBatch(mem)
	defer rec.Release()
	suite := quality.NewSuite("silver.laps",
		quality.ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).Warn())
	res, err := suite.Validate(context.Background(), quality.FromRecordBatch(rec), quality.ValidateOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range res.Assertions() {
		fmt.Printf("%s column=%s success=%v severity=%s expected=%s actual=%q\n",
			a.Assertion, a.Column, a.Success, a.Severity, a.Expected, a.Actual)
	}
	m := res.Metrics()
	c := m.ColumnMetrics["lap_duration_ms"]
	fmt.Println(*m.RowCount, *c.NullCount, *c.Count)
	// Output:
	// expect_column_values_to_be_between column=lap_duration_ms success=false severity=warn expected={"max_value":300000,"min_value":60000,"mostly":0.99} actual="unexpected_count=1 (33.3333%)"
	// 5 2 3
}
