package silver_test

import (
	"fmt"
	"time"

	"github.com/pitwall-f1/pitwall/silver"
)

// The SafetyCar messages of the 2026 Kuala Lumpur race: an SC on laps
// 9–12, and a VSC on lap 43 upgraded to an SC on lap 45 (both cover lap
// 45), in on lap 51. An SC ends in time when the first car starts the lap
// after "SAFETY CAR IN THIS LAP".
func ExampleTrackPeriodsOf() {
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	msgs := []silver.RaceControlMessage{
		{Date: at("2026-10-04T08:52:16Z"), Category: "SafetyCar", LapNumber: 9, Message: "SAFETY CAR DEPLOYED"},
		{Date: at("2026-10-04T08:58:50Z"), Category: "SafetyCar", LapNumber: 12, Message: "SAFETY CAR IN THIS LAP"},
		{Date: at("2026-10-04T09:53:01Z"), Category: "SafetyCar", LapNumber: 43, Message: "VSC DEPLOYED"},
		{Date: at("2026-10-04T09:58:26Z"), Category: "SafetyCar", LapNumber: 45, Message: "SAFETY CAR DEPLOYED"},
		{Date: at("2026-10-04T10:11:34Z"), Category: "SafetyCar", LapNumber: 51, Message: "SAFETY CAR IN THIS LAP"},
	}
	laps := []silver.LapStart{
		{LapNumber: 13, DateStart: at("2026-10-04T09:00:40Z")},
		{LapNumber: 52, DateStart: at("2026-10-04T10:13:02Z")},
	}
	for _, p := range silver.TrackPeriodsOf(msgs, laps) {
		fmt.Printf("%-8s laps %d, %s to %s\n", p, p.Laps(), p.Start.Format("15:04:05"), p.End.Format("15:04:05"))
	}
	// Output:
	// SC 9-12  laps 4, 08:52:16 to 09:00:40
	// VSC 43-45 laps 3, 09:53:01 to 09:58:26
	// SC 45-51 laps 7, 09:58:26 to 10:13:02
}
