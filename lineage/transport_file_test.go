package lineage_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/schemafacet"
)

// bigEvent is a run event of several kilobytes (larger than a pipe buffer
// page), so interleaved writes would show up as broken lines.
func bigEvent(t *testing.T, writer, seq int) *lineage.RunEvent {
	ev := lineage.NewRunEvent(lineage.EventComplete, lineage.NewRunID(), "pitwall", fmt.Sprintf("writer%d", writer))
	out := lineage.S3Dataset("pitwall-lake", "silver/laps").Output()
	out.Facets = &lineage.DatasetFacets{Schema: schemafacet.FromIceberg(lapsIcebergSchema())}
	for i := range 60 {
		out.Facets.Schema.Fields = append(out.Facets.Schema.Fields, lineage.SchemaField{
			Name: fmt.Sprintf("col_%02d", i), Type: "double", Description: strings.Repeat("x", 60)})
	}
	out.OutputFacets = &lineage.OutputDatasetFacets{OutputStatistics: lineage.NewOutputStatisticsFacet(int64(seq), -1, -1)}
	ev.Outputs = []lineage.OutputDataset{out}
	return ev
}

// TestFileTransportConcurrentWritersKeepWholeLines has 8 goroutines emit
// through one FileTransport and 4 more through a second FileTransport on
// the same file (as a second process would), then checks the file is valid
// NDJSON with every event exactly once and each writer's events in order.
func TestFileTransportConcurrentWritersKeepWholeLines(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "lake", "_lineage", "events.ndjson")
	shared, err := lineage.NewFileTransport(lineage.FileConfig{Path: path})
	require.NoError(t, err)
	other, err := lineage.NewFileTransport(lineage.FileConfig{Path: path})
	require.NoError(t, err)
	c1, _ := lineage.NewClient(lineage.WithTransport(shared))
	c2, _ := lineage.NewClient(lineage.WithTransport(other))

	const writers, perWriter = 12, 15
	var wg sync.WaitGroup
	for w := range writers {
		c := c1
		if w >= 8 {
			c = c2
		}
		wg.Go(func() {
			for i := range perWriter {
				if err := c.Emit(context.Background(), bigEvent(t, w, i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	require.NoError(t, c1.Close(context.Background()))
	require.NoError(t, c2.Close(context.Background()))

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	next := map[string]int64{}
	lines := 0
	for sc.Scan() {
		lines++
		ev, err := lineage.ParseEvent(sc.Bytes())
		require.NoError(t, err, "line %d is not a whole event", lines)
		run := ev.(*lineage.RunEvent)
		seq := *run.Outputs[0].OutputFacets.OutputStatistics.RowCount
		assert.Equal(t, next[run.Job.Name], seq, "%s events out of order", run.Job.Name)
		next[run.Job.Name] = seq + 1
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, writers*perWriter, lines)
	assert.Len(t, next, writers)
}

func TestFileTransportAppendsAcrossOpens(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "events.ndjson")
	for i := range 2 {
		tr, err := lineage.NewFileTransport(lineage.FileConfig{Path: path})
		require.NoError(t, err)
		require.NoError(t, emitOver(t, tr, startEvent()), "open %d", i)
		require.NoError(t, tr.Close(context.Background()))
		assert.ErrorIs(t, emitOver(t, tr, startEvent()), lineage.ErrClosed)
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(b), "\n"), "the second open appends instead of truncating")
}

func TestFileTransportPerEventFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tr, err := lineage.NewFileTransport(lineage.FileConfig{Path: filepath.Join(dir, "ol"), PerEventFiles: true})
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, emitOver(t, tr, startEvent()))
	}
	files, err := filepath.Glob(filepath.Join(dir, "ol-*.json"))
	require.NoError(t, err)
	require.Len(t, files, 3, "one file per event, names never reused")
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = lineage.ParseEvent(b)
		assert.NoError(t, err)
	}
}

func TestFileTransportNeedsAPath(t *testing.T) {
	t.Parallel()
	_, err := lineage.NewFileTransport(lineage.FileConfig{})
	var ce *lineage.ConfigError
	assert.ErrorAs(t, err, &ce)
}
