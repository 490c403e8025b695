package gold

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/silver"
)

// handRace is a six-lap 2024 race of three cars built by hand, lap end
// times in seconds after the start:
//
//	car 1: 90 180 270 380 470 560   pits on lap 4 (21.0 s in the lane)
//	car 2: 91 181 291 379 468 557   pits on lap 3 (22.0 s): undercuts car 1
//	car 3: 100 200 300 400 500 600  started from the pit lane
//
// Car 2 runs second behind car 1 at the end of lap 2, stops first, car 1
// stops the lap after, and car 2 is ahead at the end of lap 5.
func handRace(t *testing.T) Inputs { return handRaceWith(t, nil) }

// handRaceWith is handRace with some silver laps columns overridden.
func handRaceWith(t *testing.T, override map[lapKey]row) Inputs {
	mem := checkedMem(t)
	ends := map[int][]float64{
		1: {90, 180, 270, 380, 470, 560},
		2: {91, 181, 291, 379, 468, 557},
		3: {100, 200, 300, 400, 500, 600},
	}
	pitIn := map[lapKey]bool{{1, 4}: true, {2, 3}: true}
	var laps []row
	for d, es := range ends {
		prev := 0.0
		for i, e := range es {
			n := i + 1
			stint, compound := 1, "MEDIUM"
			if (d == 1 && n > 4) || (d == 2 && n > 3) {
				stint, compound = 2, "HARD"
			}
			laps = append(laps, row{"driver_number": d, "lap_number": n,
				"date_start":      t0.Add(time.Duration(prev * float64(time.Second))),
				"lap_duration_ms": int(math.Round((e - prev) * 1000)),
				"is_pit_in_lap":   pitIn[lapKey{d, n}], "is_pit_out_lap": pitIn[lapKey{d, n - 1}],
				// silver's flag (silver.DefAccurateLap): no SC/VSC nor deleted lap here
				"is_accurate":  n > 1 && !pitIn[lapKey{d, n}] && !pitIn[lapKey{d, n - 1}],
				"stint_number": stint, "compound": compound, "st_speed": 300 + d})
			for k, v := range override[lapKey{d, n}] {
				laps[len(laps)-1][k] = v
			}
			prev = e
		}
	}
	return Inputs{
		Sessions: batches(silverBatch(t, mem, silver.TableSessions, row{"session_name": "Race", "session_type": "Race",
			"date_start": t0, "circuit_short_name": "Sakhir"})),
		Drivers: batches(silverBatch(t, mem, silver.TableDrivers,
			row{"driver_number": 1, "name_acronym": "VER", "team_name": "Red Bull Racing"},
			row{"driver_number": 2, "name_acronym": "SAR", "team_name": "Williams"},
			row{"driver_number": 3, "name_acronym": "RIC", "team_name": "RB"})),
		Laps: batches(silverBatch(t, mem, silver.TableLaps, laps...)),
		Stints: batches(silverBatch(t, mem, silver.TableStints,
			row{"driver_number": 1, "stint_number": 1, "lap_start": 1, "lap_end": 4, "compound": "MEDIUM", "tyre_age_at_start": 0},
			row{"driver_number": 1, "stint_number": 2, "lap_start": 5, "lap_end": 6, "compound": "HARD", "tyre_age_at_start": 0},
			row{"driver_number": 2, "stint_number": 1, "lap_start": 1, "lap_end": 3, "compound": "MEDIUM", "tyre_age_at_start": 0},
			row{"driver_number": 2, "stint_number": 2, "lap_start": 4, "lap_end": 6, "compound": "HARD", "tyre_age_at_start": 0},
			row{"driver_number": 3, "stint_number": 1, "lap_start": 1, "lap_end": 6, "compound": "HARD", "tyre_age_at_start": 2})),
		PitStops: batches(silverBatch(t, mem, silver.TablePitStops,
			row{"driver_number": 1, "lap_number": 4, "lane_duration_ms": 21000, "stop_duration_ms": 2400},
			row{"driver_number": 2, "lap_number": 3, "lane_duration_ms": 22000, "stop_duration_ms": 2400})),
		Results: batches(silverBatch(t, mem, silver.TableResults,
			row{"driver_number": 2, "position": 1, "grid_position": 2, "status": "FINISHED", "number_of_laps": 6, "points": 26.0},
			row{"driver_number": 1, "position": 2, "grid_position": 1, "status": "FINISHED", "number_of_laps": 6, "points": 18.0},
			row{"driver_number": 3, "position": 3, "status": "FINISHED", "number_of_laps": 6, "points": 15.0})),
	}
}

func TestComputeSessionsHandRace(t *testing.T) {
	mem := checkedMem(t)
	b, err := ComputeSessions(handRace(t), nil, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if got := b.Tables(); len(got) != len(SessionTables()) {
		t.Fatalf("tables %v", got)
	}

	drivers := map[int64]map[string]any{}
	for _, r := range rowsOf(t, b, TableDriverSessionSummary) {
		drivers[i64(r["driver_number"])] = r
	}
	for d, want := range map[int64]struct {
		best, bestLap, grid, gained int64
		pitLane                     bool
		points                      float64
		flPoint                     bool
	}{
		1: {90000, 1, 1, -1, false, 18, false},
		2: {88000, 4, 2, 1, false, 26, true}, // the out-lap is the fastest lap
		3: {100000, 1, 3, 0, true, 15, false},
	} {
		r := drivers[d]
		if i64(r["best_lap_ms"]) != want.best || i64(r["best_lap_number"]) != want.bestLap ||
			i64(r["grid_position"]) != want.grid || i64(r["positions_gained"]) != want.gained ||
			r["pit_lane_start"] != want.pitLane || f64(r["points"]) != want.points || r["fastest_lap_point"] != want.flPoint {
			t.Errorf("car %d: %v, want %+v", d, r, want)
		}
	}
	// accurate laps of car 2: not lap 1, not the in-lap 3 nor the out-lap 4
	if r := drivers[2]; i64(r["accurate_laps"]) != 3 || f64(r["median_accurate_ms"]) != 89000 || i64(r["pit_stops"]) != 1 || i64(r["top_speed_kmh"]) != 302 {
		t.Errorf("car 2 summary %v", r)
	}

	stops := map[int64]map[string]any{}
	for _, r := range rowsOf(t, b, TablePitStopAnalysis) {
		stops[i64(r["driver_number"])] = r
	}
	s2, s1 := stops[2], stops[1]
	if i64(s2["position_before"]) != 2 || i64(s2["position_after"]) != 1 || i64(s2["undercut_rival"]) != 1 ||
		i64(s2["undercut_rival_lap"]) != 4 || s2["undercut_success"] != true || i64(s2["lane_duration_rank"]) != 2 ||
		s2["compound_before"] != "MEDIUM" || s2["compound_after"] != "HARD" {
		t.Errorf("car 2 stop %v", s2)
	}
	if i64(s1["position_before"]) != 1 || s1["undercut_rival"] != nil || i64(s1["lane_duration_rank"]) != 1 {
		t.Errorf("car 1 stop %v", s1)
	}

	for _, r := range rowsOf(t, b, TableLapAnalytics) {
		if i64(r["driver_number"]) == 2 && i64(r["lap_number"]) == 2 {
			if i64(r["position"]) != 2 || i64(r["gap_to_leader_ms"]) != 1000 || i64(r["interval_ms"]) != 1000 || r["is_accurate"] != true {
				t.Errorf("car 2 lap 2: %v", r)
			}
		}
		if i64(r["driver_number"]) == 2 && i64(r["lap_number"]) == 4 && (r["is_overall_best"] != true || r["is_personal_best"] != true) {
			t.Errorf("car 2 lap 4 is the fastest lap: %v", r)
		}
	}
	ss := rowsOf(t, b, TableSessionSummary)
	if len(ss) != 1 || i64(ss[0]["winner_driver_number"]) != 2 || i64(ss[0]["pole_driver_number"]) != 1 ||
		i64(ss[0]["fastest_lap_driver_number"]) != 2 || i64(ss[0]["fastest_lap_ms"]) != 88000 || i64(ss[0]["total_laps"]) != 6 {
		t.Errorf("session summary %v", ss)
	}
	if n := b.Record(TableQualifyingAnalysis).NumRows(); n != 0 {
		t.Errorf("%d qualifying rows for a race", n)
	}
}

func TestBuildOptionsValidation(t *testing.T) {
	for _, o := range []BuildOptions{
		{FuelCorrection: -0.1}, {FuelCorrection: math.NaN()}, {MinDegradationLaps: 2},
		{UndercutWindow: -1}, {RollingWindow: -3},
	} {
		if _, err := ComputeSessions(Inputs{}, nil, o); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: error %v", o, err)
		}
	}
	o, err := BuildOptions{NoFuelCorrection: true}.withDefaults()
	if err != nil || o.FuelCorrection != 0 {
		t.Errorf("NoFuelCorrection: %+v %v", o, err)
	}
}

func TestDegradationFit(t *testing.T) {
	// lap time = 90 s + 0.08 s × age + fuel (0.06 s per lap still to run)
	var laps []*lapInfo
	for n := 10; n <= 25; n++ {
		age := n - 10
		dur := int64(math.Round((90 + 0.08*float64(age) + 0.06*float64(50-n)) * 1000))
		laps = append(laps, &lapInfo{lapRow: lapRow{lap: n, dur: some(dur)}, accurate: true, age: some(age)})
	}
	f, ok := degradation(laps, DefaultFuelCorrection, 5)
	if !ok || math.Abs(f.slope-0.08) > 1e-3 || f.n != 16 {
		t.Fatalf("fit %+v %v, want slope 0.08", f, ok)
	}
	// without the fuel correction the car seems to get faster with age
	if raw, _ := degradation(laps, 0, 5); math.Abs(raw.slope-0.02) > 1e-3 {
		t.Errorf("uncorrected slope %.4f, want 0.02", raw.slope)
	}
	laps[3].traffic = true
	if f, _ := degradation(laps, DefaultFuelCorrection, 5); f.n != 15 {
		t.Errorf("a traffic lap was fitted: n %d", f.n)
	}
	if _, ok := degradation(laps[:4], DefaultFuelCorrection, 5); ok {
		t.Error("fitted fewer laps than the minimum")
	}
}

func TestComputeSessionsKeys(t *testing.T) {
	mem := checkedMem(t)
	in := handRace(t)
	if _, err := ComputeSessions(in, []int{100, 999}, BuildOptions{Allocator: mem}); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("unknown session: %v", err)
	}
	b, err := ComputeSessions(in, []int{100}, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if len(b.SessionKeys) != 1 || b.SessionKeys[0] != 100 || b.Record(TableSessionSummary).NumRows() != 1 {
		t.Errorf("keys %v", b.SessionKeys)
	}
	if err := b.DropTable(TableLapAnalytics); err != nil || b.Record(TableLapAnalytics) != nil {
		t.Errorf("DropTable: %v", err)
	}
	if err := b.DropTable(TableLapAnalytics); !errors.Is(err, ErrNoTable) {
		t.Errorf("dropping twice: %v", err)
	}
}

// TestLapFlagsComeFromSilver: gold takes under_sc, under_vsc, is_deleted
// and is_accurate from silver.laps (the one definition, silver's) and
// recomputes none of them. Car 2's lap 4 (88.0 s, the fastest) is deleted
// and car 1's lap 2 is under a VSC in silver's columns; car 2's lap 5 is
// named by a deletion message silver did not act on.
func TestLapFlagsComeFromSilver(t *testing.T) {
	mem := checkedMem(t)
	in := handRaceWith(t, map[lapKey]row{
		{2, 4}: {"is_deleted": true, "is_accurate": false},
		{1, 2}: {"under_vsc": true, "is_accurate": false},
	})
	in.RaceControl = batches(silverBatch(t, mem, silver.TableRaceControl,
		row{"date": t0.Add(500 * time.Second), "category": "Other", "lap_number": 5,
			"message": "CAR 2 (SAR) TIME 1:29.000 DELETED - TRACK LIMITS AT TURN 4 LAP 5 15:08:20"}))
	b, err := ComputeSessions(in, nil, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	for _, r := range rowsOf(t, b, TableLapAnalytics) {
		k := lapKey{int(i64(r["driver_number"])), int(i64(r["lap_number"]))}
		switch k {
		case lapKey{2, 4}:
			if r["is_deleted"] != true || r["is_accurate"] != false || r["is_overall_best"] != false {
				t.Errorf("car 2 lap 4 (deleted in silver): %v", r)
			}
		case lapKey{1, 2}:
			if r["under_vsc"] != true || r["under_sc"] != false || r["is_accurate"] != false {
				t.Errorf("car 1 lap 2 (VSC in silver): %v", r)
			}
		case lapKey{2, 5}:
			if r["is_deleted"] != false || r["is_accurate"] != true {
				t.Errorf("car 2 lap 5 (not deleted in silver): %v", r)
			}
		}
	}
	// the fastest lap is the quickest lap silver did not delete: car 2's
	// lap 5 (89.0 s) ahead of car 1's laps of 90 s
	ss := rowsOf(t, b, TableSessionSummary)
	if len(ss) != 1 || i64(ss[0]["fastest_lap_driver_number"]) != 2 || i64(ss[0]["fastest_lap_number"]) != 5 || i64(ss[0]["fastest_lap_ms"]) != 89000 {
		t.Errorf("session summary %v", ss)
	}
}
