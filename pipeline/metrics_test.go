package pipeline

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// TestMetricsAndNotification: a run records its metrics through the
// MeterProvider it is given, under the seed's names, with values that
// match the report; and the webhook receives the outcome.
func TestMetricsAndNotification(t *testing.T) {
	season, srv := simServer(t, sim1Meeting)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())

	var mu sync.Mutex
	var got []Notification
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var n Notification
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(b, &n) != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		got = append(got, n)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()

	dir := filepath.Join(t.TempDir(), "lake")
	cfg := testConfig(dir, srv, 2025)
	cfg.NotifyURL = hook.URL + "/hooks/T000/B000/secret"
	rep := mustRun(t, cfg, WithMeterProvider(mp))

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	sums := map[string]int64{}
	hists := map[string]uint64{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != MeterName {
			continue
		}
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					sums[m.Name] += p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					hists[m.Name] += p.Count
				}
			}
		}
	}
	var laps int64
	for _, k := range season.SessionKeys() {
		laps += int64(len(season.Laps(k)))
	}
	if sums[MetricBronzeRowsExtracted] != rep.Extract.Rows || sums[MetricBronzeRowsExtracted] < laps {
		t.Errorf("%s = %d, report %d (laps alone %d)", MetricBronzeRowsExtracted, sums[MetricBronzeRowsExtracted], rep.Extract.Rows, laps)
	}
	var silverRows int64
	for table, n := range rep.Totals.RowsPublished {
		if strings.HasPrefix(table, "silver.") && table != "silver.rejects" {
			silverRows += n
		}
	}
	if sums[MetricSilverRowsPublished] < silverRows || silverRows == 0 {
		t.Errorf("%s = %d, report published %d silver rows", MetricSilverRowsPublished, sums[MetricSilverRowsPublished], silverRows)
	}
	if sums[MetricDagSessions] != int64(len(season.SessionKeys())) || sums[MetricDagSessionsFailed] != 0 {
		t.Errorf("%s = %d, %s = %d", MetricDagSessions, sums[MetricDagSessions], MetricDagSessionsFailed, sums[MetricDagSessionsFailed])
	}
	if sums[MetricGoldRowsPublished] == 0 || hists[MetricDagRunSeconds] != 1 || hists[MetricSilverBuildSeconds] == 0 || hists[MetricGoldBuildSeconds] == 0 {
		t.Errorf("gold rows %d, run_seconds %d, silver.build_seconds %d, gold.build_seconds %d",
			sums[MetricGoldRowsPublished], hists[MetricDagRunSeconds], hists[MetricSilverBuildSeconds], hists[MetricGoldBuildSeconds])
	}

	if len(got) != 1 || got[0].Event != "completed" || got[0].RunID != rep.RunID || got[0].Totals.SessionsOK != len(season.SessionKeys()) || got[0].Text == "" {
		t.Fatalf("notifications %+v", got)
	}
	if rep.Notification != "sent (completed)" {
		t.Errorf("report notification %q", rep.Notification)
	}
}

// TestNotifyErrorHidesSecrets: webhook failures never show the URL's
// secret path or query.
func TestNotifyErrorHidesSecrets(t *testing.T) {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	defer hook.Close()
	err := Notify(context.Background(), nil, hook.URL+"/services/T0/B0/s3cr3t?token=abc", Notification{Event: "failed"})
	if err == nil {
		t.Fatal("403 accepted")
	}
	for _, secret := range []string{"s3cr3t", "abc", "/services"} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("error %q shows %q", err, secret)
		}
	}
}
