// Command quickstart shows the openf1 client in a few lines: it lists the
// races of a season, fetches the laps of the last one and prints its
// fastest lap. It talks to the public API unless -base-url says otherwise
// (credentials, if any, come from OPENF1_USERNAME/OPENF1_PASSWORD or OPENF1_TOKEN).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/pitwall-f1/pitwall/openf1"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	baseURL := fs.String("base-url", openf1.DefaultBaseURL, "OpenF1 API base URL")
	year := fs.Int("year", 2024, "season")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := openf1.NewClient(openf1.WithBaseURL(*baseURL), openf1.WithEnvCredentials())
	if err != nil {
		return err
	}
	races, err := c.Sessions(ctx, openf1.SessionsFilter{Year: openf1.Eq(*year), SessionName: openf1.Eq("Race")})
	if err != nil {
		return err
	}
	if len(races) == 0 {
		return fmt.Errorf("no races in %d", *year)
	}
	race := races[len(races)-1]
	fmt.Fprintf(out, "%d races in %d; last: %s %s (session %d)\n", len(races), *year,
		race.Location, race.DateStart.Format("2006-01-02"), race.SessionKey)

	laps, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(race.SessionKey)})
	if err != nil {
		return err
	}
	var best *openf1.Lap
	for i, l := range laps {
		if d, ok := l.LapDuration.Get(); ok && (best == nil || d < best.LapDuration.V) {
			best = &laps[i]
		}
	}
	if best == nil {
		return fmt.Errorf("no timed laps among %d", len(laps))
	}
	fmt.Fprintf(out, "%d laps; fastest: car %d, lap %d, %.3f s\n", len(laps), best.DriverNumber, best.LapNumber, best.LapDuration.V)
	return nil
}
