package silver

// Definitions of the lap flags silver.laps carries. They are the one
// definition pitwall has of an accurate lap, a deleted lap and a lap under
// the safety car: silver computes them once (buildLaps, TrackPeriods) and
// every consumer — gold's analytics, benchmarks, SQL users of the tables —
// reads the columns instead of recomputing them. gold writes the same texts
// into its table properties (pitwall.definition.accurate_lap, deleted_lap,
// safety_car).
const (
	// DefAccurateLap defines silver.laps.is_accurate.
	DefAccurateLap = "A lap is accurate (usable for pace) when it has a lap time, is not lap 1 (of any " +
		"session: the standing start of a race, the first out-lap elsewhere), is not a pit-in lap (a " +
		"pit_stops row is on it) nor a pit-out lap, was not run under the safety car or the virtual " +
		"safety car (see the safety-car definition), and its time was not deleted by race control " +
		"(see the deleted-lap definition). Computed once, by package silver, as silver.laps.is_accurate; " +
		"gold and other consumers read that column."

	// DefSafetyCar defines SC/VSC periods (TrackPeriods) and
	// silver.laps.under_sc and under_vsc.
	DefSafetyCar = "Safety-car (SC) and virtual-safety-car (VSC) periods come from race_control messages of " +
		"category SafetyCar, read in date order, by their lap_number (the leader's lap; a message without " +
		"one gets the highest lap_number whose date_start is not after it, and is skipped when there is " +
		"none). An SC period runs from the lap of \"SAFETY CAR DEPLOYED\" to the lap of \"SAFETY CAR IN " +
		"THIS LAP\", a VSC period from \"VIRTUAL SAFETY CAR DEPLOYED\" (\"VSC DEPLOYED\") to \"VIRTUAL " +
		"SAFETY CAR ENDING\" (\"VSC ENDING\", \"... ENDED\"), both ends inclusive. A deployment of the " +
		"other kind while a period is open ends it on that lap (a VSC upgraded to an SC: both cover that " +
		"lap); a repeated deployment of the open kind changes nothing. A period never ended runs to the " +
		"lap of the first chequered flag shown after its deployment, else to the session's last lap. In " +
		"time a period runs from its deployment message to its ending message, except that an SC ends " +
		"when the first car starts the lap after \"IN THIS LAP\", and a period never ended runs to that " +
		"chequered flag (else to the end of the data). A lap is under SC (VSC) when its lap_number lies in " +
		"an SC (VSC) period's lap range, or when its time span (date_start to date_start + lap duration, " +
		"cut at the driver's next lap start; else up to that start) overlaps the period in time: the time " +
		"test catches lapped cars, whose lap numbers trail the leader's. Computed once, by package silver " +
		"(silver.TrackPeriods; silver.laps.under_sc and under_vsc); gold reads them."

	// DefDeletedLap defines silver.laps.is_deleted.
	DefDeletedLap = "A lap is deleted when race control deleted its time: a message that starts \"CAR n\" " +
		"and contains DELETED (\"CAR 4 (NOR) TIME 1:37.787 DELETED - TRACK LIMITS AT TURN 15 LAP 3 " +
		"18:08:35\", \"CAR 16 (LEC) LAP DELETED - TRACK LIMITS AT TURN 12 LAP 3 ...\") deletes the lap of " +
		"car n whose lap time equals the quoted \"TIME m:ss.fff\" (to ±1 ms; the named lap preferred when " +
		"several match), else the lap named by the first \"LAP n\" after DELETED. Messages such as \"... " +
		"TIME 1:37.450 DELETED - TRACK LIMITS AT TURN 15 (NEXT LAP)\" name no lap: the quoted time finds " +
		"it. A later message for the car containing REINSTATED (and not DELETED) undoes the deletion of " +
		"the lap it identifies the same way (quoted time, else the first \"LAP n\" it names). Messages " +
		"are read in date order. Computed once, by package silver, as silver.laps.is_deleted; gold reads " +
		"that column."
)
