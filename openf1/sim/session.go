package sim

// meetingSim is one race weekend.
type meetingSim struct {
	index     int
	key       int
	circuit   *circuit
	track     *track
	sprint    bool
	sessions  []*sessionSim
	dateStart int64 // unix ms: first session start
	dateEnd   int64 // unix ms: race scheduled end
	raceDay   int64 // unix ms of 00:00 UTC on the local race day (for radio URLs)
}

// sessionSim holds everything simulated for one session. Endpoint rows are
// built from it on demand.
type sessionSim struct {
	key     int
	meeting *meetingSim
	slot    slot
	kind    sessionKind
	start   int64 // unix ms, scheduled start (sessions.date_start)
	end     int64 // unix ms, scheduled end (sessions.date_end)
	cars    []*carSim

	// qualifying
	phaseStart, phaseEnd [3]int64

	// races and sprints
	distance  int   // scheduled laps
	lightsOut int64 // unix ms of the start
	chequer   int64 // unix ms when the winner took the flag
	lapsRun   int   // laps completed by the winner
	grid      []int // roster index per grid slot (-1: empty slot of a non-starter)
	gridFrom  *sessionSim
	periods   []Period
	fastest   fastestLap

	// all sessions
	result []resultEntry // classification, best first; DSQ/DNS last
	rc     []rcMsg       // race control messages, by date
	// post-race changes published in version 2
	correction *correctionSim
}

// fastestLap is a race's fastest lap.
type fastestLap struct {
	car int // roster index, -1 if none
	lap int
	ms  int64
}

type lapFlag uint16

const (
	lapPitOut  lapFlag = 1 << iota // started from the pit lane / garage
	lapPitIn                       // ended in the pit lane (a stint's last lap)
	lapSC                          // run under the safety car (deployment lap included)
	lapVSC                         // run under the virtual safety car
	lapDeleted                     // time deleted for track limits
	lapPush                        // a qualifying/practice push lap
	lapStart                       // race lap 1 (standing start)
	lapLaneEnd                     // race in-lap: the pit lane and stop are at the end of this lap
)

// lapSim is one completed lap. Times are unix milliseconds / milliseconds.
type lapSim struct {
	start  int64
	dur    int32
	s1, s2 int32 // sector 3 is dur - s1 - s2
	wait   int32 // stationary in the garage at the start (practice/qualifying out-laps)
	lane   int32 // time in the pit lane at the end of the lap (race in-laps)
	stop   int32 // stationary time within lane
	stint  uint8
	age    uint8 // tyre age during the lap
	phase  uint8 // qualifying phase 1..3, 0 otherwise
	flags  lapFlag
}

func (l *lapSim) end() int64 { return l.start + int64(l.dur) }

type stintSim struct {
	compound int
	lapStart int // first lap on the set
	lapEnd   int // last lap on the set
	age      int // tyre age when fitted
}

type pitSim struct {
	lap    int
	date   int64 // pit entry (unix ms)
	lane   int32 // ms in the pit lane (garage time included in practice/qualifying)
	stop   int32 // ms stationary; 0 when unknown (practice/qualifying)
	served int32 // ms of time penalty served in the stop
}

// carSim is one driver's session.
type carSim struct {
	idx    int // roster index
	drv    *driver
	laps   []lapSim
	stints []stintSim
	pits   []pitSim
	dns    bool
	dnf    bool
	retire int64 // unix ms of retirement (dnf)
	// qualifying: best valid lap per phase (ms, 0: none) and phases reached
	best    [3]int64
	reached int
}

// resultEntry is one row of a classification.
type resultEntry struct {
	car      int // roster index
	position int // 0: not classified (DSQ, DNS)
	laps     int
	total    int64 // race: total time in ms including penalties; practice: best lap
	behind   int   // race: laps behind the winner
	dnf      bool
	dns      bool
	dsq      bool
	penalty  int64 // ms added post-race
	points   float64
	phases   [3]int64 // qualifying: best per phase (ms, 0: none)
}

// rcMsg is a race control message.
type rcMsg struct {
	date     int64
	category string
	flag     string
	scope    string
	sector   int
	driver   int
	lap      int
	phase    int
	message  string
	version2 bool // only published in version 2
}

// Period is a safety-car or virtual-safety-car phase of a race, as ground
// truth: deployed during lap StartLap, back in (SC) or ended (VSC) at the end
// of lap EndLap, laps counted by the leader.
type Period struct {
	Kind     string // "SC" or "VSC"
	StartLap int
	EndLap   int
}

// carByNumber returns the session's car for a driver number.
func (ss *sessionSim) carByNumber(n int) *carSim {
	for _, c := range ss.cars {
		if c.drv.number == n {
			return c
		}
	}
	return nil
}
