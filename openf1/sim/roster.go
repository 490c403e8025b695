package sim

import "strings"

// team is one constructor of the grid.
type team struct {
	name   string
	colour string
	pace   float64 // seconds per lap slower than the fastest team (ground truth)
}

// driver is one entrant; the same roster is used for every year.
type driver struct {
	number  int
	first   string
	last    string
	acronym string
	code    string // headshot code, e.g. "MAXVER01"
	country string // country_code (deprecated by the API from 2026)
	team    int    // index into Season.teams
	pace    float64
}

func (d *driver) fullName() string { return d.first + " " + strings.ToUpper(d.last) }
func (d *driver) broadcastName() string {
	return d.first[:1] + " " + strings.ToUpper(d.last)
}
func (d *driver) headshotURL() string {
	return "https://media.formula1.com/d_driver_fallback_image.png/content/dam/fom-website/drivers/" +
		d.first[:1] + "/" + d.code + "_" + d.first + "_" + strings.ReplaceAll(d.last, " ", "_") + "/" +
		strings.ToLower(d.code) + ".png.transform/1col/image.png"
}

// tag is the "CAR 44 (HAM)" form race control uses.
func (d *driver) tag() string { return "CAR " + itoa(d.number) + " (" + d.acronym + ")" }

var rosterTeams = []struct {
	name, colour string
	drivers      [2]driver
}{
	{"McLaren", "F47600", [2]driver{{number: 1, first: "Lando", last: "Norris", acronym: "NOR", code: "LANNOR01", country: "GBR"}, {number: 81, first: "Oscar", last: "Piastri", acronym: "PIA", code: "OSCPIA01", country: "AUS"}}},
	{"Red Bull Racing", "4781D7", [2]driver{{number: 3, first: "Max", last: "Verstappen", acronym: "VER", code: "MAXVER01", country: "NED"}, {number: 6, first: "Isack", last: "Hadjar", acronym: "HAD", code: "ISAHAD01", country: "FRA"}}},
	{"Ferrari", "ED1131", [2]driver{{number: 16, first: "Charles", last: "Leclerc", acronym: "LEC", code: "CHALEC01", country: "MON"}, {number: 44, first: "Lewis", last: "Hamilton", acronym: "HAM", code: "LEWHAM01", country: "GBR"}}},
	{"Mercedes", "00D7B6", [2]driver{{number: 63, first: "George", last: "Russell", acronym: "RUS", code: "GEORUS01", country: "GBR"}, {number: 12, first: "Kimi", last: "Antonelli", acronym: "ANT", code: "ANDANT01", country: "ITA"}}},
	{"Aston Martin", "229971", [2]driver{{number: 14, first: "Fernando", last: "Alonso", acronym: "ALO", code: "FERALO01", country: "ESP"}, {number: 18, first: "Lance", last: "Stroll", acronym: "STR", code: "LANSTR01", country: "CAN"}}},
	{"Alpine", "00A1E8", [2]driver{{number: 10, first: "Pierre", last: "Gasly", acronym: "GAS", code: "PIEGAS01", country: "FRA"}, {number: 43, first: "Franco", last: "Colapinto", acronym: "COL", code: "FRACOL01", country: "ARG"}}},
	{"Williams", "1868DB", [2]driver{{number: 23, first: "Alexander", last: "Albon", acronym: "ALB", code: "ALEALB01", country: "THA"}, {number: 55, first: "Carlos", last: "Sainz", acronym: "SAI", code: "CARSAI01", country: "ESP"}}},
	{"Racing Bulls", "6C98FF", [2]driver{{number: 30, first: "Liam", last: "Lawson", acronym: "LAW", code: "LIALAW01", country: "NZL"}, {number: 41, first: "Arvid", last: "Lindblad", acronym: "LIN", code: "ARVLIN01", country: "GBR"}}},
	{"Audi", "F50537", [2]driver{{number: 27, first: "Nico", last: "Hulkenberg", acronym: "HUL", code: "NICHUL01", country: "GER"}, {number: 5, first: "Gabriel", last: "Bortoleto", acronym: "BOR", code: "GABBOR01", country: "BRA"}}},
	{"Haas F1 Team", "9C9FA2", [2]driver{{number: 31, first: "Esteban", last: "Ocon", acronym: "OCO", code: "ESTOCO01", country: "FRA"}, {number: 87, first: "Oliver", last: "Bearman", acronym: "BEA", code: "OLIBEA01", country: "GBR"}}},
	{"Cadillac", "909090", [2]driver{{number: 11, first: "Sergio", last: "Perez", acronym: "PER", code: "SERPER01", country: "MEX"}, {number: 77, first: "Valtteri", last: "Bottas", acronym: "BOT", code: "VALBOT01", country: "FIN"}}},
}

// Pace model constants for the grid (seconds per lap).
const (
	teamPaceStep   = 0.20 // gap between consecutive teams in the pecking order
	teamPaceJitter = 0.04
	driverPaceSD   = 0.10
	driverPaceMax  = 0.30
)

// buildRoster draws the season's pecking order: team pace offsets
// (0 for the fastest team, ~0.2 s per place behind) and each driver's own
// offset on top of it. Both are ground truth.
func buildRoster(seed uint64, nDrivers int) ([]team, []driver) {
	nTeams := nDrivers / 2
	r := newRand(seed, 0, 0, streamSeason)
	order := r.Perm(nTeams)
	teams := make([]team, nTeams)
	drivers := make([]driver, 0, nDrivers)
	for i := 0; i < nTeams; i++ {
		t := rosterTeams[i]
		teams[i] = team{name: t.name, colour: t.colour,
			pace: float64(order[i])*teamPaceStep + normal(r, 0, teamPaceJitter)}
		for j := 0; j < 2; j++ {
			d := t.drivers[j]
			d.team = i
			d.pace = clamp(normal(r, 0, driverPaceSD), -driverPaceMax, driverPaceMax)
			drivers = append(drivers, d)
		}
	}
	// shift so the fastest car has offset 0
	best := 1e9
	for _, d := range drivers {
		best = min(best, teams[d.team].pace+d.pace)
	}
	for i := range teams {
		teams[i].pace -= best
	}
	return teams, drivers
}
