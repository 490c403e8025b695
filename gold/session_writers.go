package gold

// sessionWriters build the session-grain tables over every session of a
// build.
type sessionWriters struct {
	drivers, laps, stints, pits, quali, summary *batchWriter
}

func newSessionWriters(b *Build) *sessionWriters {
	return &sessionWriters{
		drivers: newBatchWriter(b, driverSessionSummarySchema),
		laps:    newBatchWriter(b, lapAnalyticsSchema),
		stints:  newBatchWriter(b, stintAnalysisSchema),
		pits:    newBatchWriter(b, pitStopAnalysisSchema),
		quali:   newBatchWriter(b, qualifyingAnalysisSchema),
		summary: newBatchWriter(b, sessionSummarySchema),
	}
}

// finish adds the batches to the build in SessionTables order.
func (w *sessionWriters) finish(b *Build) error {
	var first error
	for _, t := range []struct {
		name string
		bw   *batchWriter
	}{
		{TableDriverSessionSummary, w.drivers}, {TableLapAnalytics, w.laps}, {TableStintAnalysis, w.stints},
		{TablePitStopAnalysis, w.pits}, {TableQualifyingAnalysis, w.quali}, {TableSessionSummary, w.summary},
	} {
		rec, err := t.bw.finish()
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		b.add(t.name, rec)
	}
	return first
}

func (w *rowWriter) keys(s sessionRow) {
	w.int(some(s.year))
	w.int(some(s.meetingKey))
	w.int(some(s.sessionKey))
}
