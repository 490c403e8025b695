package sim

// Tyre compounds the simulator uses (dry running only).
const (
	soft = iota
	medium
	hard
	nCompounds
)

var compoundNames = [nCompounds]string{"SOFT", "MEDIUM", "HARD"}

// The lap-time model (all values are ground truth, exposed by Truth):
//
//	lap = base(circuit) + pace(team) + pace(driver)
//	    + compoundOffset[c] + degradation[c] × tyreAge
//	    + fuelEffect × lapsOfFuelRemaining
//	    + events (pit loss, out-lap warm-up, SC/VSC, start, traffic)
//	    + noise
var (
	// degradation is the linear tyre wear cost per lap of tyre age (s/lap).
	degradation = [nCompounds]float64{0.11, 0.07, 0.045}
	// compoundOffset is the new-tyre pace of each compound against MEDIUM (s).
	compoundOffset = [nCompounds]float64{-0.55, 0, 0.45}
)

const (
	// fuelEffect is the cost of carrying fuel, per lap of fuel still on
	// board at the end of the lap (s/lap): on lap n of an N-lap race the
	// term is fuelEffect × (N − n).
	fuelEffect = 0.06
	// lapNoiseSD is the driver's lap-to-lap inconsistency (s).
	lapNoiseSD = 0.3
	// mistakeRate is the chance of a lap with a mistake costing
	// mistakeMin..mistakeMax seconds.
	mistakeRate = 0.02
	mistakeMin  = 0.5
	mistakeMax  = 2.5
	// outLapPenalty is the tyre warm-up cost of a race out-lap (s).
	outLapPenalty = 1.2
	// startPenalty is the extra time of a standing-start lap 1 (s), plus
	// gridSlotGap per grid slot behind pole.
	startPenalty = 4.5
	gridSlotGap  = 0.25
	// qualiGain is how much faster a qualifying push lap is than race pace
	// at equal fuel and tyres (engine modes, no tyre management) (s).
	qualiGain = 2.0
	// trackEvolution is how much the track gains over a qualifying hour (s).
	trackEvolution = 0.5
	// qualiNoiseSD is push-lap inconsistency in qualifying (s).
	qualiNoiseSD = 0.12
	// scLapFactor, scMinFactor: a safety-car lap for the queue leader is
	// scLapFactor × base; cars catching the queue may lap at scMinFactor ×
	// base (the SC delta). vscFactor scales green laps under a VSC.
	scLapFactor = 1.45
	scMinFactor = 1.28
	vscFactor   = 1.35
	// scPitFactor, vscPitFactor scale the pit loss of a stop made under
	// the safety car / VSC (the field is slow, so the stop costs less).
	scPitFactor  = 0.55
	vscPitFactor = 0.65
	// minFollowGap is the closest a car can be behind another at the line
	// without passing; a held-up car crosses the line this far behind (s).
	minFollowGap = 0.3
	// scQueueGap is the spacing of the queue behind the safety car (s).
	scQueueGap = 0.8
	// pitLimiter is the pit lane speed limit (m/s, 80 km/h).
	pitLimiter = 80 / 3.6
)
