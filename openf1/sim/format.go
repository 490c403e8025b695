package sim

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

func itoa(i int) string { return strconv.Itoa(i) }

// lapClock formats a lap time like race control: "1:32.456".
func lapClock(msec int64) string {
	return fmt.Sprintf("%d:%02d.%03d", msec/60000, msec/1000%60, msec%1000)
}

// apiTime converts unix milliseconds to an openf1.Time in the API's style.
func apiTime(unixMS int64) openf1.Time { return openf1.FromTime(time.UnixMilli(unixMS).UTC()) }

// wholeSecond truncates unix milliseconds to the second (race control
// messages carry whole-second times).
func wholeSecond(unixMS int64) int64 { return unixMS - unixMS%1000 }

// seconds converts integer milliseconds to float seconds for the API.
func seconds(msec int64) float64 { return float64(msec) / 1000 }

// round1 rounds to one decimal (weather values, pit durations).
func round1(v float64) float64 { return math.Round(v*10) / 10 }
