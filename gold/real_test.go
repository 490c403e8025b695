package gold

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// The real sessions of the recordings the tests run through the whole
// chain: three Grands Prix with complete laps, and a qualifying.
const (
	bahrain2023 = 7953
	bahrain2024 = 9472
	melbourne24 = 9488
	spainQ2026  = 11303
)

// rawLap is a laps record as recorded.
type rawLap struct {
	Driver   int      `json:"driver_number"`
	Lap      int      `json:"lap_number"`
	Duration *float64 `json:"lap_duration"`
}

// rawLaps reads every recorded laps file of a session (whole-session and
// per-driver responses), keyed by driver and lap.
func rawLaps(t *testing.T, dir string, session int) map[lapKey]float64 {
	t.Helper()
	out := map[lapKey]float64{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "laps.json") {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var recs []struct {
			rawLap
			Session int `json:"session_key"`
		}
		if json.Unmarshal(body, &recs) != nil {
			return nil // not an array of laps (another layout): not ours
		}
		for _, r := range recs {
			if r.Session == session && r.Duration != nil {
				out[lapKey{r.Driver, r.Lap}] = *r.Duration
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no recorded laps for session %d", session)
	}
	return out
}

var (
	rawDeletedTime = regexp.MustCompile(`^CAR (\d+) .*TIME (\d+):(\d+\.\d+) DELETED`)
	rawDeletedLap  = regexp.MustCompile(`^CAR (\d+) .*LAP DELETED.* LAP (\d+)`)
)

// rawDeletions reads the recorded race_control CSV of a session and returns
// the deleted lap times (driver → times in ms) and deleted laps.
func rawDeletions(t *testing.T, dir string, session int) (times map[int][]int64, laps map[lapKey]bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "Mysterioucz__F1-Championship-prediction", "data", "race_control.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	times, laps = map[int][]int64{}, map[lapKey]bool{}
	for _, r := range recs[1:] {
		sk, _ := strconv.ParseFloat(r[col["session_key"]], 64)
		if int(sk) != session {
			continue
		}
		msg := r[col["message"]]
		if m := rawDeletedTime.FindStringSubmatch(msg); m != nil {
			d, _ := strconv.Atoi(m[1])
			mins, _ := strconv.Atoi(m[2])
			secs, _ := strconv.ParseFloat(m[3], 64)
			times[d] = append(times[d], int64(math.Round((float64(mins)*60+secs)*1000)))
		} else if m := rawDeletedLap.FindStringSubmatch(msg); m != nil {
			d, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			laps[lapKey{d, n}] = true
		}
	}
	return times, laps
}

// rawSafetyCars counts the SC and VSC deployments in the recorded
// race_control CSV of a session.
func rawSafetyCars(t *testing.T, dir string, session int) (sc, vsc int) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "Mysterioucz__F1-Championship-prediction", "data", "race_control.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, r := range recs[1:] {
		sk, _ := strconv.ParseFloat(r[col["session_key"]], 64)
		if int(sk) != session || r[col["category"]] != "SafetyCar" {
			continue
		}
		switch r[col["message"]] {
		case "SAFETY CAR DEPLOYED":
			sc++
		case "VIRTUAL SAFETY CAR DEPLOYED":
			vsc++
		}
	}
	return sc, vsc
}

// TestRealRecordings runs recorded sessions through the fake server,
// bronze, silver and gold into a temporary lake and checks gold against
// values computed here from the raw recordings.
func TestRealRecordings(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every recording (~23 MB) through bronze, silver and gold")
	}
	ctx := context.Background()
	dir := fixturesDir(t)
	mem := checkedMem(t)
	src, _, err := openf1test.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	keys := []int{bahrain2023, bahrain2024, melbourne24, spainQ2026}
	store := extract(t, src, bronze.PlanRequest{SessionKeys: keys})
	lake := openLake(t, silverBuilds(t, store, mem, []int{2023, 2024, 2026}, keys))
	b, err := BuildSessions(ctx, lake, keys, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if _, err := Publish(ctx, lake, b, "gold-test"); err != nil {
		t.Fatal(err)
	}
	for _, w := range b.Warnings {
		t.Log("warning:", w)
	}
	// idempotent: publishing the same build again changes nothing
	again, err := Publish(ctx, lake, b, "gold-test-2")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again {
		if r.Changed {
			t.Errorf("re-publishing changed %s: %s", r.Table, r)
		}
	}

	t.Run("FastestAndBestLaps", func(t *testing.T) {
		summary := map[int64]map[string]any{}
		for _, r := range readGold(t, lake, TableSessionSummary) {
			summary[i64(r["session_key"])] = r
		}
		best := map[lapKey]map[string]any{} // (session, driver)
		for _, r := range readGold(t, lake, TableDriverSessionSummary) {
			best[lapKey{int(i64(r["session_key"])), int(i64(r["driver_number"]))}] = r
		}
		for _, sk := range []int{bahrain2023, bahrain2024, melbourne24} {
			laps := rawLaps(t, dir, sk)
			delTimes, delLaps := rawDeletions(t, dir, sk)
			// minimum over the recorded laps, leaving out the deleted ones
			driverMin := map[int]int64{}
			var fastest lapKey
			fastestMS := int64(math.MaxInt64)
			excluded := 0
			for k, d := range laps {
				ms := int64(math.Round(d * 1000))
				deleted := delLaps[k]
				for _, x := range delTimes[k.driver] {
					deleted = deleted || x == ms
				}
				if deleted {
					excluded++
					continue
				}
				if v, ok := driverMin[k.driver]; !ok || ms < v {
					driverMin[k.driver] = ms
				}
				if ms < fastestMS || (ms == fastestMS && k.lap < fastest.lap) {
					fastest, fastestMS = k, ms
				}
			}
			s := summary[int64(sk)]
			if s == nil {
				t.Fatalf("no session_summary row for %d", sk)
			}
			if i64(s["fastest_lap_ms"]) != fastestMS || i64(s["fastest_lap_driver_number"]) != int64(fastest.driver) {
				t.Errorf("session %d: fastest lap %v by car %v, recordings say %d by car %d",
					sk, s["fastest_lap_ms"], s["fastest_lap_driver_number"], fastestMS, fastest.driver)
			}
			for d, want := range driverMin {
				r := best[lapKey{sk, d}]
				if r == nil || i64(r["best_lap_ms"]) != want {
					t.Errorf("session %d car %d: best lap %v, recordings say %d", sk, d, r["best_lap_ms"], want)
				}
			}
			sc, vsc := rawSafetyCars(t, dir, sk)
			if i64(s["sc_periods"]) != int64(sc) || i64(s["vsc_periods"]) != int64(vsc) {
				t.Errorf("session %d: %v SC and %v VSC periods (%v); race control deployed %d and %d",
					sk, s["sc_periods"], s["vsc_periods"], s["track_periods"], sc, vsc)
			}
			t.Logf("session %d: fastest lap %d ms by car %d (lap %v); %d drivers' bests checked; %d deleted lap times left out; periods %v",
				sk, fastestMS, fastest.driver, s["fastest_lap_number"], len(driverMin), excluded, s["track_periods"])
		}
	})

	t.Run("QualifyingGapToPole", func(t *testing.T) {
		path := filepath.Join(dir, "F1Lllewellyn__f1-data-publisher", "latest", "session_data_processor",
			"2026_1287_spain_barcelona_catalunya", "qualifying_11303", "raw", "openf1_session_result.json")
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var recs []struct {
			Driver   int        `json:"driver_number"`
			Position *int       `json:"position"`
			Duration []*float64 `json:"duration"`
		}
		if err := json.Unmarshal(body, &recs); err != nil {
			t.Fatal(err)
		}
		ms := func(v *float64) int64 { return int64(math.Round(*v * 1000)) }
		pole := int64(math.MaxInt64)
		bestOf := map[int]int64{}
		poleSitter := 0
		for _, r := range recs {
			if r.Position != nil && *r.Position == 1 {
				poleSitter = r.Driver
			}
			if len(r.Duration) == 3 && r.Duration[2] != nil {
				pole = min(pole, ms(r.Duration[2]))
			}
			for _, d := range r.Duration {
				if d != nil {
					if v, ok := bestOf[r.Driver]; !ok || ms(d) < v {
						bestOf[r.Driver] = ms(d)
					}
				}
			}
		}
		got := map[int]map[string]any{}
		for _, r := range readGold(t, lake, TableQualifyingAnalysis) {
			if i64(r["session_key"]) == spainQ2026 {
				got[int(i64(r["driver_number"]))] = r
			}
		}
		if len(got) != len(recs) {
			t.Errorf("%d qualifying rows, %d recorded results", len(got), len(recs))
		}
		for d, best := range bestOf {
			r := got[d]
			if r == nil || i64(r["gap_to_pole_ms"]) != best-pole || i64(r["pole_ms"]) != pole {
				t.Errorf("car %d: gap to pole %v (pole %v), recordings say %d (pole %d)", d, r["gap_to_pole_ms"], r["pole_ms"], best-pole, pole)
			}
		}
		// Q3 was red-flagged once (race_control: "RED FLAG")
		for _, r := range readGold(t, lake, TableSessionSummary) {
			if i64(r["session_key"]) == spainQ2026 && (i64(r["red_flags"]) != 1 || i64(r["pole_driver_number"]) != int64(poleSitter)) {
				t.Errorf("qualifying summary %v: want 1 red flag and pole for car %d", r, poleSitter)
			}
		}
		t.Logf("qualifying %d: pole %d ms; %d drivers' gaps to pole checked", spainQ2026, pole, len(bestOf))
	})
}
