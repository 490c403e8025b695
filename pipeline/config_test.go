package pipeline

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
)

func TestPolicies(t *testing.T) {
	w, b := WeeklyPolicy(), BackfillPolicy()
	// The seed's DAGs: weekly 2 × 5 min, silver 30, gold 20; backfill
	// 3 × 10 min, silver 40, gold 30, resumable.
	if w.Retries != 2 || w.RetryDelay.D() != 5*time.Minute || w.SilverTimeout.D() != 30*time.Minute || w.GoldTimeout.D() != 20*time.Minute || w.SkipExisting {
		t.Errorf("weekly policy %+v", w)
	}
	if b.Retries != 3 || b.RetryDelay.D() != 10*time.Minute || b.SilverTimeout.D() != 40*time.Minute || b.GoldTimeout.D() != 30*time.Minute || !b.SkipExisting {
		t.Errorf("backfill policy %+v", b)
	}
	if PolicyFor(Backfill) != b || PolicyFor(Weekly) != w {
		t.Error("PolicyFor does not return the mode's policy")
	}
	// Policies travel as JSON with readable durations.
	data, err := json.Marshal(w)
	if err != nil || !strings.Contains(string(data), `"retry_delay":"5m0s"`) {
		t.Fatalf("%s %v", data, err)
	}
	var back Policy
	if err := json.Unmarshal([]byte(`{"retries":1,"retry_delay":2.5,"silver_timeout":"90s"}`), &back); err != nil {
		t.Fatal(err)
	}
	if back.RetryDelay.D() != 2500*time.Millisecond || back.SilverTimeout.D() != 90*time.Second {
		t.Errorf("decoded %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"retry_delay":"soon"}`), &back); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("bad duration: %v", err)
	}
}

func TestConfigNormalization(t *testing.T) {
	dir := t.TempDir()
	c, err := Config{Lake: dir}.normalized()
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != Weekly || !strings.HasPrefix(c.Lake, "file://") || c.Lineage.Namespace != DefaultNamespace || *c.Policy != WeeklyPolicy() {
		t.Errorf("normalized %+v", c)
	}
	cat, err := c.catalogConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cat.Type != lakehouse.TypeSQL || cat.Props[lakehouse.PropURI] != filepath.Join(dir, "catalog.db") || !strings.HasSuffix(cat.Props[lakehouse.PropWarehouse], filepath.ToSlash(dir)+"/warehouse") {
		t.Errorf("local catalog %v", cat)
	}

	for name, bad := range map[string]Config{
		"no lake":        {},
		"mode":           {Lake: dir, Mode: "daily"},
		"endpoint":       {Lake: dir, Endpoints: []openf1.Endpoint{"laptimes"}},
		"cache":          {Lake: dir, API: APIConfig{Cache: "sometimes"}},
		"remote no prop": {Lake: "s3://bucket/lake"},
	} {
		c, err := bad.normalized()
		if err == nil {
			_, err = c.catalogConfig()
		}
		if !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A remote lake with catalog properties is accepted as given.
	c, err = Config{Lake: "s3://bucket/lake?region=eu-west-1", Catalog: map[string]string{"type": "rest", "uri": "http://catalog:8181", "warehouse": "s3://bucket/wh"}}.normalized()
	if err != nil {
		t.Fatal(err)
	}
	if cat, err := c.catalogConfig(); err != nil || cat.Type != lakehouse.TypeREST {
		t.Errorf("rest catalog: %v %v", cat, err)
	}
}

func TestConfigStringRedacts(t *testing.T) {
	c := Config{
		Lake:      "s3://user:pw@bucket/lake?region=eu-west-1&X-Amz-Signature=sig",
		Catalog:   map[string]string{"type": "rest", "token": "tok-123", "s3.secret-access-key": "sk-456", "uri": "http://c"},
		NotifyURL: "https://hooks.slack.com/services/T0/B0/hook-789",
		Lineage:   LineageConfig{URL: "https://marquez?api_key=key-000"},
	}
	s := c.String()
	for _, secret := range []string{"pw", "sig", "tok-123", "sk-456", "hook-789", "key-000"} {
		if strings.Contains(s, secret) {
			t.Errorf("String shows %q: %s", secret, s)
		}
	}
	if !strings.Contains(s, "http://c") || !strings.Contains(s, "bucket/lake") {
		t.Errorf("String lost the non-secret parts: %s", s)
	}
}

func TestMergePlansKeepsEveryPartitionOnce(t *testing.T) {
	// A meeting-level task that a session scope already partly covers is
	// split so the uncovered session is still fetched, once.
	a := planOf(taskOf("laps", 1, 11))
	b := planOf(taskOf("laps", 1, 11, 12), taskOf("pit", 1, 11, 12))
	m := mergePlans(a, b)
	count := map[string]int{}
	for _, k := range m.Partitions() {
		count[k.String()]++
	}
	if len(count) != 4 {
		t.Fatalf("partitions %v", count)
	}
	for k, n := range count {
		if n != 1 {
			t.Errorf("%s written by %d tasks", k, n)
		}
	}
}

func planOf(tasks ...bronze.Task) *bronze.Plan {
	p := &bronze.Plan{}
	for _, t := range tasks {
		p.Tasks = append(p.Tasks, t)
		for _, s := range t.Sessions {
			if !slices.ContainsFunc(p.Sessions, func(x bronze.SessionRef) bool { return x.SessionKey == s.SessionKey }) {
				p.Sessions = append(p.Sessions, s)
			}
		}
	}
	return p
}

// taskOf is a task of endpoint ep for meeting m's sessions.
func taskOf(ep openf1.Endpoint, m int, sessions ...int) bronze.Task {
	t := bronze.Task{Kind: bronze.TaskSession, Endpoint: ep, Year: 2025, MeetingKey: m}
	if len(sessions) > 1 {
		t.Kind = bronze.TaskMeeting
	}
	for _, k := range sessions {
		t.Sessions = append(t.Sessions, bronze.SessionRef{SessionKey: k, MeetingKey: m, Year: 2025})
	}
	return t
}
