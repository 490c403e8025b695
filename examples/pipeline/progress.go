package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/pitwall-f1/pitwall/pipeline"
)

// progressBar draws one line on a terminal: a bar of finished sessions and
// what just finished. It draws nothing when stderr is not a terminal (a
// pipe, a CI log).
type progressBar struct {
	w       io.Writer
	enabled bool
	mu      sync.Mutex
	drawn   bool
}

func newProgressBar(w io.Writer, enabled bool) *progressBar {
	return &progressBar{w: w, enabled: enabled}
}

func (b *progressBar) update(p pipeline.Progress) {
	if !b.enabled {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	const width = 30
	filled := 0
	if p.Total > 0 {
		filled = p.Done * width / p.Total
	}
	what := p.Stage
	if p.SessionKey != 0 {
		what = fmt.Sprintf("session %d %s", p.SessionKey, p.Status)
	} else if p.Status != "" {
		what = fmt.Sprintf("%s %s", p.Stage, p.Status)
	}
	fmt.Fprintf(b.w, "\r[%s%s] %d/%d sessions  %-32s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.Done, p.Total, what)
	b.drawn = true
}

// done ends the progress line.
func (b *progressBar) done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprintln(b.w)
		b.drawn = false
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
