package bronze

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/pitwall-f1/pitwall/openf1"
)

// fakeS3 starts an in-process S3 (gofakes3) on 127.0.0.1 with one bucket and
// returns the bronze store URL for a prefix in it. Credentials are static
// fakes, set through the AWS environment variables the SDK reads.
func fakeS3(t *testing.T, bucket, prefix string) string {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "fake-access-key")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake-secret-key")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	return "s3://" + bucket + "/" + prefix + "?endpoint=" + srv.URL + "&use_path_style=true&region=us-east-1&disable_https=true"
}

// TestS3RoundTrip runs real recordings through openf1test into a bronze layer
// on an S3 bucket (gofakes3) and reads every partition back.
func TestS3RoundTrip(t *testing.T) {
	ctx := context.Background()
	src, _, client := recordingServer(t)
	url := fakeS3(t, "lake", "prod/f1")
	s, err := OpenStore(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if strings.Contains(s.URL(), "endpoint") || s.URL() != "s3://lake/prod/f1" {
		t.Fatalf("redacted URL %q", s.URL())
	}
	x := NewExtractor(client, s)
	plan, err := x.Plan(ctx, PlanRequest{SessionKeys: []int{11731, 9488}, Endpoints: src.Endpoints(), Now: recordingsNow})
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Run(ctx, plan, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	parts, rows := verifyAgainstAPI(t, client, s, res)
	if parts < 20 {
		t.Fatalf("only %d partitions with rows", parts)
	}
	// the keys live under the URL's prefix in the bucket
	raw, err := OpenStore(ctx, strings.Replace(url, "/prod/f1?", "?", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ok, err := raw.Bucket().Exists(ctx, "prod/f1/bronze/laps/year=2026/meeting_key=1308/session_key=11731/_manifest.json")
	if err != nil || !ok {
		t.Fatalf("manifest not under the prefix: %v %v", ok, err)
	}
	// a second run over S3 is a no-op
	res, err = x.Run(ctx, plan, RunOptions{})
	if err != nil || res.Count(OutcomeUnchanged) != len(res.Partitions) {
		t.Fatalf("second run %v %s", err, res.Summary())
	}
	assertConsistent(t, s)
	t.Logf("s3 (gofakes3): %d partitions, %d rows verified", parts, rows)
}

func TestFileStoreLayout(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "lake") // does not exist yet
	s, err := OpenStore(ctx, "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	key := PartitionKey{Endpoint: openf1.EndpointLaps, Year: 2024, MeetingKey: 1231, SessionKey: 9488}
	if res := writeBodies(t, s, key, "r1", readFixture(t, fxLaps9488)); res.Outcome != OutcomeCreated {
		t.Fatalf("%+v", res)
	}
	cal := PartitionKey{Endpoint: openf1.EndpointSessions, Year: 2024}
	if res := writeBodies(t, s, cal, "r1", readFixture(t, fxSessions)); res.Outcome != OutcomeCreated {
		t.Fatalf("%+v", res)
	}
	var files []string
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bronze/laps/year=2024/meeting_key=1231/session_key=9488/_manifest.json",
		"bronze/laps/year=2024/meeting_key=1231/session_key=9488/part-00000.parquet",
		"bronze/sessions/year=2024/_manifest.json",
		"bronze/sessions/year=2024/data.parquet",
	}
	if strings.Join(files, "\n") != strings.Join(want, "\n") {
		t.Fatalf("files:\n%s", strings.Join(files, "\n"))
	}
}

func TestOpenStoreURLs(t *testing.T) {
	ctx := context.Background()
	for _, bad := range []string{"/no/scheme", "nosuch://x", "::"} {
		if _, err := OpenStore(ctx, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	_, err := OpenStore(ctx, "nosuch://bucket?secret=hunter2")
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error leaks the query: %v", err)
	}
	s, err := OpenStore(ctx, "mem://lake/prefix")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.URL() != "mem://lake/prefix" {
		t.Fatalf("URL %q", s.URL())
	}
}

func TestPartitionKeyLayout(t *testing.T) {
	k := PartitionKey{Endpoint: openf1.EndpointCarData, Year: 2024, MeetingKey: 1229, SessionKey: 9472}
	if k.ManifestPath() != "bronze/car_data/year=2024/meeting_key=1229/session_key=9472/_manifest.json" ||
		k.dataFileName(1, "") != "bronze/car_data/year=2024/meeting_key=1229/session_key=9472/part-00001.parquet" ||
		k.dataFileName(0, "run2") != "bronze/car_data/year=2024/meeting_key=1229/session_key=9472/part-00000-run2.parquet" ||
		k.quarantineDir() != "bronze/_quarantine/car_data/year=2024/meeting_key=1229/session_key=9472" {
		t.Fatal(k.ManifestPath(), k.dataFileName(1, ""), k.quarantineDir())
	}
	for _, key := range []PartitionKey{k, {Endpoint: openf1.EndpointMeetings, Year: 2023}} {
		got, ok := parsePartitionDir(key.ManifestPath())
		if !ok || got != key {
			t.Fatalf("parse %s: %+v", key.ManifestPath(), got)
		}
	}
	for _, bad := range []string{"bronze/laps/_manifest.json", "bronze/laps/year=x/_manifest.json", "silver/laps/year=2024/_manifest.json",
		"bronze/laps/year=2024/meeting_key=1/_manifest.json"} {
		if _, ok := parsePartitionDir(bad); ok {
			t.Errorf("%s parsed", bad)
		}
	}
}
