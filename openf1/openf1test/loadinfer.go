package openf1test

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// nameAliases maps file-name phrases (lower-case, '_'-separated tokens) to
// the endpoints they name. "positions" is deliberately ambiguous: recordings
// use it for both position and session_result.
var nameAliases = map[string][]openf1.Endpoint{
	"car_data": {openf1.EndpointCarData}, "cardata": {openf1.EndpointCarData},
	"car_telemetry": {openf1.EndpointCarData}, "telemetry": {openf1.EndpointCarData},
	"championship_drivers":  {openf1.EndpointChampionshipDrivers},
	"drivers_championship":  {openf1.EndpointChampionshipDrivers},
	"driver_standings":      {openf1.EndpointChampionshipDrivers},
	"championship_teams":    {openf1.EndpointChampionshipTeams},
	"teams_championship":    {openf1.EndpointChampionshipTeams},
	"team_standings":        {openf1.EndpointChampionshipTeams},
	"constructor_standings": {openf1.EndpointChampionshipTeams},
	"drivers":               {openf1.EndpointDrivers}, "driver": {openf1.EndpointDrivers},
	"intervals": {openf1.EndpointIntervals}, "interval": {openf1.EndpointIntervals},
	"gaps": {openf1.EndpointIntervals},
	"laps": {openf1.EndpointLaps}, "lap": {openf1.EndpointLaps},
	"lap_times": {openf1.EndpointLaps}, "laptimes": {openf1.EndpointLaps},
	"location": {openf1.EndpointLocation}, "locations": {openf1.EndpointLocation},
	"meetings": {openf1.EndpointMeetings}, "meeting": {openf1.EndpointMeetings},
	"overtakes": {openf1.EndpointOvertakes}, "overtake": {openf1.EndpointOvertakes},
	"overtaking": {openf1.EndpointOvertakes},
	"pit":        {openf1.EndpointPit}, "pits": {openf1.EndpointPit}, "pit_stops": {openf1.EndpointPit},
	"pitstops": {openf1.EndpointPit}, "pit_stop": {openf1.EndpointPit}, "pitstop": {openf1.EndpointPit},
	"position":     {openf1.EndpointPosition},
	"positions":    {openf1.EndpointPosition, openf1.EndpointSessionResult},
	"race_control": {openf1.EndpointRaceControl}, "racecontrol": {openf1.EndpointRaceControl},
	"race_control_messages": {openf1.EndpointRaceControl},
	"session_result":        {openf1.EndpointSessionResult},
	"session_results":       {openf1.EndpointSessionResult},
	"results":               {openf1.EndpointSessionResult}, "result": {openf1.EndpointSessionResult},
	"sessions": {openf1.EndpointSessions}, "session": {openf1.EndpointSessions},
	"starting_grid": {openf1.EndpointStartingGrid}, "starting_grids": {openf1.EndpointStartingGrid},
	"grid":   {openf1.EndpointStartingGrid},
	"stints": {openf1.EndpointStints}, "stint": {openf1.EndpointStints},
	"team_radio": {openf1.EndpointTeamRadio}, "team_radios": {openf1.EndpointTeamRadio},
	"radio":   {openf1.EndpointTeamRadio},
	"weather": {openf1.EndpointWeather},
}

// nameHint returns the endpoints a file name (or, failing that, its
// directory's name) points to: the longest alias found as a run of the
// name's tokens. Several endpoints mean the name is ambiguous.
func nameHint(p string) []openf1.Endpoint {
	base := path.Base(p)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if eps := tokensHint(base); eps != nil {
		return eps
	}
	if dir := path.Base(path.Dir(p)); dir != "." && dir != "/" {
		return tokensHint(dir)
	}
	return nil
}

func tokensHint(name string) []openf1.Endpoint {
	tokens := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
	var best []openf1.Endpoint
	bestLen := 0
	for i := range tokens {
		for j := len(tokens); j > i; j-- {
			if j-i <= bestLen {
				break
			}
			if eps, ok := nameAliases[strings.Join(tokens[i:j], "_")]; ok {
				best, bestLen = eps, j-i
				break
			}
		}
	}
	return best
}

// fieldFit measures how well a set of record keys fits an endpoint.
type fieldFit struct {
	ep      openf1.Endpoint
	known   []string // keys that are fields of ep
	unknown []string // keys ep does not have
	missing []string // ep's always-present fields the keys lack
}

func (f fieldFit) score() int { return len(f.known) - 2*len(f.unknown) - len(f.missing) }

// perfect: every key is a field of ep and no always-present field is missing.
func (f fieldFit) perfect() bool { return len(f.unknown) == 0 && len(f.missing) == 0 }

// plausible: the records look like ep's even if columns were added or lost.
func (f fieldFit) plausible() bool {
	return len(f.known) >= 3 && 2*len(f.unknown) <= len(f.known) && 2*len(f.missing) <= len(f.known)
}

func (f fieldFit) describe() string {
	var parts []string
	if len(f.missing) > 0 {
		parts = append(parts, "missing "+strings.Join(f.missing, ","))
	}
	if len(f.unknown) > 0 {
		parts = append(parts, "extra "+strings.Join(f.unknown, ","))
	}
	if len(parts) == 0 {
		return "all fields match"
	}
	return strings.Join(parts, "; ")
}

func fitFields(info openf1.EndpointInfo, keys []string) fieldFit {
	f := fieldFit{ep: info.Name}
	for _, k := range keys {
		if _, ok := info.Field(k); ok {
			f.known = append(f.known, k)
		} else {
			f.unknown = append(f.unknown, k)
		}
	}
	for _, fi := range info.Fields {
		if !fi.Optional && !slices.Contains(keys, fi.Name) {
			f.missing = append(f.missing, fi.Name)
		}
	}
	return f
}

// rankFits returns every endpoint's fit, best first (ties by name).
func rankFits(keys []string) []fieldFit {
	var fits []fieldFit
	for _, info := range openf1.Endpoints() {
		fits = append(fits, fitFields(info, keys))
	}
	slices.SortStableFunc(fits, func(a, b fieldFit) int { return b.score() - a.score() })
	return fits
}

// inference is the verdict on one file's endpoint.
type inference struct {
	ep     openf1.Endpoint // "" when not placed
	how    string          // how ep was found
	reason string          // why the file was not placed
}

// inferEndpoint decides a file's endpoint from its name and the keys its
// records carry (nil when it has none). The name wins when the fields agree
// with it; fields win when they fit one endpoint perfectly and the name is
// absent, ambiguous or contradicted.
func inferEndpoint(p string, keys []string, hasRecords bool) inference {
	hint := nameHint(p)
	hintText := func() string {
		names := make([]string, len(hint))
		for i, ep := range hint {
			names[i] = string(ep)
		}
		return strings.Join(names, " or ")
	}
	if !hasRecords {
		if len(hint) == 1 {
			return inference{ep: hint[0], how: "file name (no records)"}
		}
		if len(hint) > 1 {
			return inference{reason: "no records, and the file name is ambiguous (" + hintText() + ")"}
		}
		return inference{reason: "no records, and the file name names no endpoint"}
	}
	fits := rankFits(keys)
	best := fits[0]
	unique := len(fits) < 2 || best.score() > fits[1].score()
	if len(hint) == 1 {
		info, _ := openf1.LookupEndpoint(hint[0])
		hf := fitFields(info, keys)
		switch {
		case hf.perfect():
			return inference{ep: hint[0], how: "file name; fields agree"}
		case best.perfect() && unique && best.ep != hint[0]:
			return inference{ep: best.ep, how: fmt.Sprintf("fields (file name says %s, but its fields do not fit: %s)", hint[0], hf.describe())}
		case len(hf.unknown) == 0 && len(hf.known) > 0:
			return inference{ep: hint[0], how: "file name; fields are a subset (" + hf.describe() + ")"}
		case hf.plausible():
			return inference{ep: hint[0], how: "file name; fields partly agree (" + hf.describe() + ")"}
		case best.plausible() && unique:
			return inference{ep: best.ep, how: fmt.Sprintf("fields, %s (file name says %s)", best.describe(), hint[0])}
		}
		return inference{reason: fmt.Sprintf("file name says %s but the records' fields fit no endpoint (%s)", hint[0], hf.describe())}
	}
	if best.plausible() && unique {
		how := "fields"
		if best.perfect() {
			how += " (exact match)"
		} else {
			how += " (" + best.describe() + ")"
		}
		if len(hint) > 1 {
			how += "; file name ambiguous: " + hintText()
		}
		return inference{ep: best.ep, how: how}
	}
	if best.plausible() {
		return inference{reason: fmt.Sprintf("fields fit %s and %s equally", best.ep, fits[1].ep)}
	}
	shown := keys
	if len(shown) > 8 {
		shown = append(slices.Clone(shown[:8]), "…")
	}
	return inference{reason: "not a recording: its fields (" + strings.Join(shown, ", ") + ") match no OpenF1 endpoint"}
}
