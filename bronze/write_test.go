package bronze

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

// writeBodies writes one partition from raw bodies the way a run does.
func writeBodies(t testing.TB, s *Store, key PartitionKey, runID string, bodies ...[]byte) PartitionResult {
	t.Helper()
	ctx := context.Background()
	w := &writer{store: s, runID: runID, client: "test", now: time.Now}
	info, _ := openf1.LookupEndpoint(key.Endpoint)
	dec := newDecoder(info, runID)
	p, err := w.begin(ctx, key, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range bodies {
		resp := &response{request: "/v1/" + string(key.Endpoint) + "?test=" + string(rune('a'+i)), status: 200, body: b, fetchedAt: time.Now()}
		p.addRequest(resp.request)
		if err := dec.decode(b, resp.meta(), func(r *decodedRow) { p.add(r, resp) }); err != nil {
			p.malformed(err, resp)
		}
	}
	return w.commit(ctx, p)
}

func TestWriteReadLaps(t *testing.T) {
	body := readFixture(t, fxLaps9488)
	s := memStore(t)
	key := PartitionKey{Endpoint: openf1.EndpointLaps, Year: 2024, MeetingKey: 1231, SessionKey: 9488}
	res := writeBodies(t, s, key, "r1", body)
	if res.Outcome != OutcomeCreated || res.Rows != 998 {
		t.Fatalf("result %+v", res)
	}
	ms, err := s.Manifests(context.Background(), openf1.EndpointLaps, ManifestFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("manifests %v %v", ms, err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	recs := readPartition(t, s, ms[0], mem)
	defer releaseAll(recs)
	assertRowsMatch(t, openf1.EndpointLaps, jsonRecords(t, body), recs, "/v1/laps?test=a")
}
