package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Notification is the JSON body POSTed to Config.NotifyURL when a run ends.
// "text" makes it readable by Slack and Mattermost incoming webhooks as is.
type Notification struct {
	Text       string    `json:"text"`
	Event      string    `json:"event"` // "completed" or "failed"
	RunID      string    `json:"run_id"`
	Mode       Mode      `json:"mode"`
	DAG        string    `json:"dag"`
	Status     Status    `json:"status"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Seconds    float64   `json:"seconds"`
	Totals     Totals    `json:"totals"`
	// Failed lists the sessions (and years) that failed or were blocked.
	Failed []string `json:"failed,omitempty"`
	Errors []string `json:"errors,omitempty"`
}

// NotificationFor summarises a finished report.
func NotificationFor(r *Report) Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := Notification{
		Event: "completed", RunID: r.RunID, Mode: r.Mode, DAG: r.DAG, Status: r.Status,
		StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Seconds: r.Seconds, Totals: r.Totals,
		Errors: r.Errors,
	}
	if r.Status != StatusOK {
		n.Event = "failed"
	}
	for _, s := range r.Sessions {
		if s.Status == StatusFailed || s.Status == StatusBlocked {
			n.Failed = append(n.Failed, fmt.Sprintf("session %d (%s): %s", s.SessionKey, s.Status, s.Error))
		}
	}
	for _, st := range append(append([]*StageReport{}, r.Calendar...), r.Standings...) {
		if st.Status == StatusFailed || st.Status == StatusBlocked {
			n.Failed = append(n.Failed, fmt.Sprintf("%s %d (%s): %s", st.Stage, st.Year, st.Status, st.Error))
		}
	}
	t := r.Totals
	n.Text = fmt.Sprintf("pitwall %s run %s: %s in %.1fs — %d sessions (%d ok, %d unchanged, %d blocked, %d failed), %d checks failed",
		r.Mode, r.RunID, strings.ToUpper(string(r.Status)), r.Seconds, t.Sessions, t.SessionsOK, t.SessionsSkipped,
		t.SessionsBlocked, t.SessionsFailed, t.ChecksFailed)
	return n
}

// Notify POSTs n as JSON to url. Any 2xx answer is success. The error
// never contains the URL's path or query (webhook secrets live there).
func Notify(ctx context.Context, hc *http.Client, url string, n Notification) error {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	body, err := json.Marshal(n)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("pipeline: notify %s: invalid URL", redactWebhook(url))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pitwall-pipeline")
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("pipeline: notify %s: request failed", redactWebhook(url))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("pipeline: notify %s: HTTP %d", redactWebhook(url), resp.StatusCode)
	}
	return nil
}
