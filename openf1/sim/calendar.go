package sim

import (
	"fmt"
	"strings"
	"time"
)

// circuit is one calendar slot: the facts of a Grand Prix venue (names,
// keys, offsets, length, laps) plus the model parameters the simulator uses
// there (race base lap time, pit lane transit time, overtaking difficulty).
type circuit struct {
	meetingName  string // "Bahrain Grand Prix"
	official     string // official name without the year
	location     string
	countryKey   int
	countryCode  string
	countryName  string
	circuitKey   int
	shortName    string
	street       bool   // circuit_type "Temporary - Street" (else "Permanent")
	flagSlug     string // country flag file stem, e.g. "bahrain"
	imageName    string // track icon name, e.g. "Bahrain"
	gmtHours     int    // local offset during the event
	sundayOffset int    // days from the season's first race Sunday
	raceHour     int    // local race start hour
	raceDayShift int    // -1 when the race is on Saturday (Las Vegas)
	laps         int    // race distance in laps
	lengthKm     float64
	base         float64 // race base lap time (s): zero fuel, new MEDIUM, pace offset 0
	laneTime     float64 // pit lane transit at the limiter, stop excluded (s)
	overtake     float64 // pace advantage (s/lap) giving a 50 % chance to pass
	sprint       bool    // a sprint venue in the reference (2024) calendar
	airTemp      float64 // typical air temperature (°C) at race time
	humidity     float64 // typical relative humidity (%)
	pressure     float64 // typical air pressure (mbar), lower at altitude
	elevation    float64 // elevation change amplitude along the lap (m)
}

// circuits is the reference calendar (the 2024 season, in order).
var circuits = [maxMeetings]circuit{
	{"Bahrain Grand Prix", "FORMULA 1 GULF AIR BAHRAIN GRAND PRIX", "Sakhir", 36, "BRN", "Bahrain", 63, "Sakhir", false, "bahrain", "Bahrain", 3, 0, 18, 0, 57, 5.412, 93.5, 22.0, 0.45, false, 24, 45, 1012, 8},
	{"Saudi Arabian Grand Prix", "FORMULA 1 STC SAUDI ARABIAN GRAND PRIX", "Jeddah", 153, "KSA", "Saudi Arabia", 149, "Jeddah", true, "saudi-arabia", "Saudi Arabia", 3, 7, 20, 0, 50, 6.174, 88.5, 19.0, 0.5, false, 27, 60, 1011, 4},
	{"Australian Grand Prix", "FORMULA 1 ROLEX AUSTRALIAN GRAND PRIX", "Melbourne", 5, "AUS", "Australia", 10, "Melbourne", true, "australia", "Australia", 11, 21, 15, 0, 58, 5.278, 79.5, 15.5, 0.7, false, 22, 50, 1015, 3},
	{"Japanese Grand Prix", "FORMULA 1 MSC CRUISES JAPANESE GRAND PRIX", "Suzuka", 4, "JPN", "Japan", 46, "Suzuka", false, "japan", "Japan", 9, 35, 14, 0, 53, 5.807, 91.5, 20.5, 0.9, false, 19, 55, 1013, 20},
	{"Chinese Grand Prix", "FORMULA 1 LENOVO CHINESE GRAND PRIX", "Shanghai", 53, "CHN", "China", 49, "Shanghai", false, "china", "China", 8, 49, 15, 0, 56, 5.451, 95.0, 21.5, 0.6, true, 20, 60, 1016, 5},
	{"Miami Grand Prix", "FORMULA 1 CRYPTO.COM MIAMI GRAND PRIX", "Miami", 19, "USA", "United States", 151, "Miami", true, "usa", "Miami", -4, 63, 16, 0, 57, 5.412, 88.5, 19.5, 0.6, true, 29, 65, 1015, 3},
	{"Emilia Romagna Grand Prix", "FORMULA 1 MSC CRUISES GRAN PREMIO DEL MADE IN ITALY E DELL'EMILIA-ROMAGNA", "Imola", 13, "ITA", "Italy", 6, "Imola", false, "italy", "Emilia Romagna", 2, 77, 15, 0, 63, 4.909, 77.5, 26.0, 1.1, false, 23, 55, 1010, 15},
	{"Monaco Grand Prix", "FORMULA 1 GRAND PRIX DE MONACO", "Monaco", 114, "MON", "Monaco", 22, "Monte Carlo", true, "monaco", "Monaco", 2, 84, 15, 0, 78, 3.337, 74.5, 20.0, 2.5, false, 22, 60, 1014, 20},
	{"Canadian Grand Prix", "FORMULA 1 AWS GRAND PRIX DU CANADA", "Montréal", 46, "CAN", "Canada", 23, "Montreal", true, "canada", "Canada", -4, 98, 14, 0, 70, 4.361, 74.0, 18.5, 0.6, false, 21, 55, 1009, 3},
	{"Spanish Grand Prix", "FORMULA 1 ARAMCO GRAN PREMIO DE ESPAÑA", "Barcelona", 1, "ESP", "Spain", 15, "Catalunya", false, "spain", "Spain", 2, 112, 15, 0, 66, 4.657, 77.0, 20.5, 0.9, false, 26, 50, 1008, 15},
	{"Austrian Grand Prix", "FORMULA 1 QATAR AIRWAYS AUSTRIAN GRAND PRIX", "Spielberg", 17, "AUT", "Austria", 19, "Spielberg", false, "austria", "Austria", 2, 119, 15, 0, 71, 4.318, 67.0, 19.5, 0.55, true, 24, 50, 930, 30},
	{"British Grand Prix", "FORMULA 1 QATAR AIRWAYS BRITISH GRAND PRIX", "Silverstone", 2, "GBR", "Great Britain", 2, "Silverstone", false, "great-britain", "Great Britain", 1, 126, 15, 0, 52, 5.891, 88.5, 27.0, 0.6, false, 18, 65, 1009, 5},
	{"Hungarian Grand Prix", "FORMULA 1 HUNGARIAN GRAND PRIX", "Budapest", 14, "HUN", "Hungary", 4, "Hungaroring", false, "hungary", "Hungary", 2, 140, 15, 0, 70, 4.381, 78.5, 19.5, 1.2, false, 29, 40, 995, 10},
	{"Belgian Grand Prix", "FORMULA 1 ROLEX BELGIAN GRAND PRIX", "Spa-Francorchamps", 16, "BEL", "Belgium", 7, "Spa-Francorchamps", false, "belgium", "Belgium", 2, 147, 15, 0, 44, 7.004, 106.5, 18.0, 0.45, false, 19, 70, 975, 45},
	{"Dutch Grand Prix", "FORMULA 1 HEINEKEN DUTCH GRAND PRIX", "Zandvoort", 133, "NED", "Netherlands", 55, "Zandvoort", false, "netherlands", "Netherlands", 2, 175, 15, 0, 72, 4.259, 72.5, 17.5, 1.2, false, 20, 70, 1016, 8},
	{"Italian Grand Prix", "FORMULA 1 PIRELLI GRAN PREMIO D’ITALIA", "Monza", 13, "ITA", "Italy", 39, "Monza", false, "italy", "Italy", 2, 182, 15, 0, 53, 5.793, 82.0, 22.5, 0.5, false, 27, 45, 995, 5},
	{"Azerbaijan Grand Prix", "FORMULA 1 QATAR AIRWAYS AZERBAIJAN GRAND PRIX", "Baku", 30, "AZE", "Azerbaijan", 144, "Baku", true, "azerbaijan", "Azerbaijan", 4, 196, 15, 0, 51, 6.003, 103.5, 19.5, 0.5, false, 25, 55, 1019, 25},
	{"Singapore Grand Prix", "FORMULA 1 SINGAPORE AIRLINES SINGAPORE GRAND PRIX", "Marina Bay", 157, "SGP", "Singapore", 61, "Singapore", true, "singapore", "Singapore", 8, 203, 20, 0, 62, 4.940, 95.5, 26.0, 1.4, false, 29, 75, 1008, 3},
	{"United States Grand Prix", "FORMULA 1 PIRELLI UNITED STATES GRAND PRIX", "Austin", 19, "USA", "United States", 9, "Austin", false, "usa", "USA", -5, 231, 14, 0, 56, 5.513, 96.5, 20.5, 0.6, true, 27, 50, 995, 30},
	{"Mexico City Grand Prix", "FORMULA 1 GRAN PREMIO DE LA CIUDAD DE MÉXICO", "Mexico City", 8, "MEX", "Mexico", 65, "Mexico City", false, "mexico", "Mexico", -6, 238, 14, 0, 71, 4.304, 78.0, 20.0, 0.7, false, 22, 40, 780, 5},
	{"São Paulo Grand Prix", "FORMULA 1 LENOVO GRANDE PRÊMIO DE SÃO PAULO", "São Paulo", 10, "BRA", "Brazil", 14, "Interlagos", false, "brazil", "Brazil", -3, 245, 14, 0, 71, 4.309, 72.5, 20.5, 0.6, true, 24, 65, 925, 25},
	{"Las Vegas Grand Prix", "FORMULA 1 HEINEKEN SILVER LAS VEGAS GRAND PRIX", "Las Vegas", 19, "USA", "United States", 152, "Las Vegas", true, "usa", "Las Vegas", -8, 266, 22, -1, 50, 6.201, 95.0, 19.5, 0.5, false, 15, 35, 935, 3},
	{"Qatar Grand Prix", "FORMULA 1 QATAR AIRWAYS QATAR GRAND PRIX", "Lusail", 149, "QAT", "Qatar", 150, "Lusail", false, "qatar", "Qatar", 3, 273, 19, 0, 57, 5.419, 84.5, 24.0, 0.8, true, 24, 55, 1012, 4},
	{"Abu Dhabi Grand Prix", "FORMULA 1 ETIHAD AIRWAYS ABU DHABI GRAND PRIX", "Yas Island", 21, "UAE", "United Arab Emirates", 70, "Yas Marina Circuit", false, "united-arab-emirates", "Abu Dhabi", 4, 280, 17, 0, 58, 5.281, 86.0, 20.5, 0.6, false, 26, 55, 1012, 5},
}

// sessionKind is the simulator's notion of a session; it decides which
// engine runs it and which endpoints carry data.
type sessionKind uint8

const (
	kindPractice sessionKind = iota + 1
	kindQualifying
	kindSprintQualifying
	kindSprint
	kindRace
)

func (k sessionKind) isRace() bool { return k == kindSprint || k == kindRace }
func (k sessionKind) isQuali() bool {
	return k == kindQualifying || k == kindSprintQualifying
}

// slot is one session of the weekend template.
type slot struct {
	name, typ string
	kind      sessionKind
	day       int // days relative to the race day
	hour, min int // local start time when the race starts at 15:00
	minutes   int // scheduled length
}

var (
	normalWeekend = []slot{
		{"Practice 1", "Practice", kindPractice, -2, 13, 30, 60},
		{"Practice 2", "Practice", kindPractice, -2, 17, 0, 60},
		{"Practice 3", "Practice", kindPractice, -1, 12, 30, 60},
		{"Qualifying", "Qualifying", kindQualifying, -1, 16, 0, 60},
		{"Race", "Race", kindRace, 0, 15, 0, 120},
	}
	// The sprint lasts ~30–40 min; its session is given a full hour so that
	// every lap of even the longest sprint falls inside it.
	sprintWeekend = []slot{
		{"Practice 1", "Practice", kindPractice, -2, 12, 30, 60},
		{"Sprint Qualifying", "Qualifying", kindSprintQualifying, -2, 16, 30, 44},
		{"Sprint", "Race", kindSprint, -1, 12, 0, 60},
		{"Qualifying", "Qualifying", kindQualifying, -1, 16, 0, 60},
		{"Race", "Race", kindRace, 0, 15, 0, 120},
	}
)

// meetingKey and sessionKey give distinct, deterministic keys in the style of
// the real ones (four-digit meetings, four/five-digit sessions).
func meetingKey(year, index int) int     { return 1100 + 30*(year-2020) + index + 1 }
func sessionKeyOf(meeting, slot int) int { return meeting*8 + slot }

// gmtOffset formats an offset like the API: "03:00:00", "-04:00:00".
func gmtOffset(hours int) string {
	if hours < 0 {
		return fmt.Sprintf("-%02d:00:00", -hours)
	}
	return fmt.Sprintf("%02d:00:00", hours)
}

// firstRaceSunday is the first Sunday on or after 1 March of year.
func firstRaceSunday(year int) time.Time {
	d := time.Date(year, time.March, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// sprintSlots picks which of the first m calendar slots hold sprint weekends:
// reference sprint venues first, then evenly spread others.
func sprintSlots(m, sprints int) []bool {
	out := make([]bool, m)
	n := 0
	for i := 0; i < m && n < sprints; i++ {
		if circuits[i].sprint {
			out[i] = true
			n++
		}
	}
	need := sprints - n
	for k := 1; k <= need; k++ {
		// evenly spaced candidates, nudged forward past taken slots
		i := k * m / (need + 1)
		for j := 0; j < m; j++ {
			if c := (i + j) % m; !out[c] {
				out[c] = true
				break
			}
		}
	}
	return out
}

// slugify turns "Bahrain Grand Prix" into "Bahrain_Grand_Prix" for radio URLs.
func slugify(s string) string { return strings.ReplaceAll(s, " ", "_") }
