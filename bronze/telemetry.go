package bronze

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// maxWindowSplits bounds adaptive splitting per driver, so an API that
// rejects everything cannot keep a run busy forever.
const maxWindowSplits = 64

// telemetry fetches car_data or location for one session, driver by driver
// and window by window, streaming each response into the partition's data
// files. A window the API finds too large (openf1.ErrTooMuchData) is split
// in two and both halves are fetched instead.
func (r *run) telemetry(ctx context.Context, t Task, dec *decoder, out *partitionOutput) error {
	s := t.Sessions[0]
	bySession := map[int64]*partitionOutput{int64(s.SessionKey): out}
	for _, driver := range t.Drivers {
		queue := slices.Clone(t.Windows)
		splits := 0
		for len(queue) > 0 {
			w := queue[0]
			queue = queue[1:]
			resp, err := r.fetch(ctx, t, telemetryQuery(s.SessionKey, driver, w))
			if errors.Is(err, openf1.ErrTooMuchData) {
				a, b, ok := splitWindow(w, r.opts.MinWindow)
				if !ok || splits >= maxWindowSplits {
					return fmt.Errorf("bronze: %s driver %d: window cannot be split further: %w", t.ID, driver, err)
				}
				splits++
				queue = append([]Window{a, b}, queue...)
				continue
			}
			if err != nil {
				return err
			}
			out.addRequest(resp.request)
			r.route(t, dec, resp, []*partitionOutput{out}, bySession)
			if out.problem != nil {
				return nil // the partition is quarantined: fetching more is pointless
			}
			if err := out.flush(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// telemetryQuery is the request for one driver and window.
func telemetryQuery(session, driver int, w Window) openf1.Query {
	q := openf1.Query{}.Eq("session_key", session).Eq("driver_number", driver)
	if !w.OpenFrom {
		q = q.Where("date", openf1.OpGe, w.From)
	}
	if !w.OpenTo {
		q = q.Where("date", openf1.OpLt, w.To)
	}
	return q
}

// splitWindow halves a window. An open-ended window first gives up its
// open tail (one nominal width beyond its bound), so every part stays finite
// except the outermost ones.
func splitWindow(w Window, minWidth time.Duration) (Window, Window, bool) {
	width := w.To.Sub(w.From)
	if width <= 0 {
		width = minWidth
	}
	switch {
	case w.OpenFrom:
		return Window{From: w.From.Add(-width), To: w.From, OpenFrom: true},
			Window{From: w.From, To: w.To, OpenTo: w.OpenTo}, true
	case w.OpenTo:
		return Window{From: w.From, To: w.To},
			Window{From: w.To, To: w.To.Add(width), OpenTo: true}, true
	case width < 2*minWidth:
		return w, w, false
	}
	mid := w.From.Add(width / 2).Truncate(time.Millisecond)
	return Window{From: w.From, To: mid}, Window{From: mid, To: w.To}, true
}
