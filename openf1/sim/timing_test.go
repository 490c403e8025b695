package sim

import (
	"sort"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// positionAt replays position rows: the latest row of each driver at or
// before t.
type positionAt struct {
	rows map[int][]openf1.Position
}

func newPositionAt(ps []openf1.Position) positionAt {
	p := positionAt{rows: map[int][]openf1.Position{}}
	for _, r := range ps {
		p.rows[r.DriverNumber] = append(p.rows[r.DriverNumber], r)
	}
	return p
}

func (p positionAt) at(drv int, t time.Time) int {
	rs := p.rows[drv]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Date.After(t) })
	if i == 0 {
		return 0
	}
	return rs[i-1].Position
}

// driverAt returns the driver holding position p at time t.
func (pa positionAt) driverAt(p int, t time.Time) int {
	for d := range pa.rows {
		if pa.at(d, t) == p {
			return d
		}
	}
	return 0
}

func pitted(dates []time.Time, from, to time.Time) bool {
	for _, d := range dates {
		if !d.Before(from) && !d.After(to) {
			return true
		}
	}
	return false
}

func TestIntervalsConsistentWithPositions(t *testing.T) {
	t.Parallel()
	s := small(t)
	lappedRows := 0
	for _, key := range sessionsOf(s, "Race", "Sprint") {
		pos := newPositionAt(s.Positions(key))
		pits := map[int][]time.Time{}
		for _, p := range s.Pits(key) {
			pits[p.DriverNumber] = append(pits[p.DriverNumber], p.Date.V.Time)
		}
		ivs := s.Intervals(key)
		if len(ivs) == 0 {
			t.Fatalf("race %d: no intervals", key)
		}
		for _, r := range ivs {
			p := pos.at(r.DriverNumber, r.Date.Time)
			gap, gapNum := r.GapToLeader.Seconds()
			iv, ivNum := r.Interval.Seconds()
			if p == 1 {
				if !gapNum || gap != 0 || !ivNum || iv != 0 {
					t.Fatalf("race %d %v: leader %d has gap %v interval %v", key, r.Date, r.DriverNumber, r.GapToLeader, r.Interval)
				}
				continue
			}
			if p == 0 {
				t.Fatalf("race %d %v: interval row for car %d without a position", key, r.Date, r.DriverNumber)
			}
			n, lapped := r.GapToLeader.LapsBehind()
			if lapped {
				lappedRows++
				if n < 1 {
					t.Errorf("race %d: gap %v", key, r.GapToLeader)
				}
				continue
			}
			if !gapNum || gap < 0 { // 0 when two cars cross a point in the same millisecond
				t.Errorf("race %d %v: P%d car %d has gap %v", key, r.Date, p, r.DriverNumber, r.GapToLeader)
			}
			if _, ivLapped := r.Interval.LapsBehind(); ivLapped {
				t.Errorf("race %d %v: car %d is a lap behind the car ahead but not the leader", key, r.Date, r.DriverNumber)
				continue
			}
			if !ivNum || iv < 0 {
				t.Errorf("race %d %v: P%d car %d interval %v", key, r.Date, p, r.DriverNumber, r.Interval)
			}
			// Gaps are timing-loop gaps: the time since the other car
			// passed the point this car just reached. The interval exceeds
			// the gap to the leader only when the car ahead passed that
			// point before the leader did: by a fraction of a second when
			// the leader has just passed it on track, by more when it has
			// been through the pits since (a pit lap loses its time over
			// the whole last sector, before the pit entry).
			if ms1(iv) > ms1(gap)+500 {
				ahead := pos.driverAt(p-1, r.Date.Time)
				if !pitted(pits[ahead], r.Date.Time.Add(-3*time.Minute), r.Date.Time.Add(time.Minute)) {
					t.Errorf("race %d %v: P%d car %d interval %v > gap %v, car ahead %d has not pitted",
						key, r.Date, p, r.DriverNumber, iv, gap, ahead)
				}
			}
		}
	}
	if lappedRows == 0 {
		t.Error(`no "+N LAP" interval rows`)
	}
}

// The final position rows give the order cars took the flag in, which is
// the classification (version 1, no disqualification in this season).
func TestPositionsEndInResultOrder(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range sessionsOf(s, "Race", "Sprint") {
		pos := newPositionAt(s.Positions(key))
		end := time.Unix(1<<40, 0)
		for _, r := range s.SessionResults(key) {
			if p, ok := r.Position.Get(); ok && !r.DSQ {
				if got := pos.at(r.DriverNumber, end); got != p {
					t.Errorf("race %d car %d: classified P%d, last position row P%d", key, r.DriverNumber, p, got)
				}
			}
		}
	}
}

func TestOvertakesAreOrderChanges(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range sessionsOf(s, "Race") {
		pos := newPositionAt(s.Positions(key))
		ovs := s.Overtakes(key)
		if len(ovs) == 0 {
			t.Fatalf("race %d: no overtakes", key)
		}
		for _, o := range ovs {
			a := pos.at(o.OvertakingDriverNumber, o.Date.Time)
			b := pos.at(o.OvertakenDriverNumber, o.Date.Time)
			if a >= b || a > o.Position {
				t.Errorf("race %d %v: %d (now P%d) overtook %d (now P%d), row says P%d", key, o.Date, o.OvertakingDriverNumber, a, o.OvertakenDriverNumber, b, o.Position)
			}
		}
	}
}
