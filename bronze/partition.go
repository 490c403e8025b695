package bronze

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/parquet-go/parquet-go"
)

// response is the part of an API response bronze keeps.
type response struct {
	request   string
	status    int
	body      []byte
	noResults bool
	fetchedAt time.Time
}

func (r *response) meta() responseMeta {
	return responseMeta{request: r.request, ingestedAt: r.fetchedAt.UTC().Truncate(time.Microsecond).UnixMicro()}
}

// writer is what a run shares between partition writes.
type writer struct {
	store  *Store
	runID  string
	client string
	now    func() time.Time
	sizes  writerOptions
}

// partitionOutput accumulates one partition's rows during a task: either in
// memory (small endpoints: the content hash is known before anything is
// written, so unchanged content costs no write at all) or streamed into
// data files as responses arrive (telemetry).
type partitionOutput struct {
	key      PartitionKey
	session  *SessionRef
	live     *Manifest
	stream   *partWriter
	rows     []parquet.Row
	requests []string
	hasher   contentHasher
	unknown  map[string]bool
	problem  *quarantineCase
}

// begin reads the live manifest; streaming outputs open their file writer.
func (w *writer) begin(ctx context.Context, key PartitionKey, session *SessionRef, stream bool) (*partitionOutput, error) {
	live, err := w.store.currentManifest(ctx, key)
	if err != nil {
		return nil, err
	}
	p := &partitionOutput{key: key, session: session, live: live, unknown: map[string]bool{}}
	if stream {
		p.stream = newPartWriter(w.store, key, schemaFor(key.Endpoint), live, w.runID, w.sizes)
	}
	return p, nil
}

func (p *partitionOutput) addRequest(req string) {
	if n := len(p.requests); n == 0 || p.requests[n-1] != req {
		p.requests = append(p.requests, req)
	}
}

// add takes one decoded row. A row that does not fit the schema marks the
// partition for quarantine (the first problem is kept).
func (p *partitionOutput) add(r *decodedRow, resp *response) {
	if p.problem != nil {
		return
	}
	if r.err != nil {
		p.problem = &quarantineCase{err: r.err, resp: resp}
		p.rows = nil
		return
	}
	p.hasher.add(r.digest)
	for _, n := range r.unknownNames {
		p.unknown[n] = true
	}
	p.rows = append(p.rows, r.row)
}

// flush streams buffered rows to the data files (streaming outputs only).
func (p *partitionOutput) flush(ctx context.Context) error {
	if p.stream == nil || p.problem != nil || len(p.rows) == 0 {
		return nil
	}
	err := p.stream.write(ctx, p.rows)
	clear(p.rows)
	p.rows = p.rows[:0]
	return err
}

// malformed marks the partition for quarantine because of a whole response.
func (p *partitionOutput) malformed(err error, resp *response) {
	if p.problem == nil {
		p.problem = &quarantineCase{err: err, resp: resp}
		p.rows = nil
	}
}

// discard drops whatever the output wrote (on failure or cancellation).
func (p *partitionOutput) discard(ctx context.Context) {
	if p.stream != nil {
		p.stream.abort(ctx)
	}
	p.rows = nil
}

// commit makes the partition's new content visible, or quarantines it, or
// leaves it untouched when the content hash is unchanged.
//
// Replacement is atomic for readers: data files are written under names the
// live manifest does not reference, then the manifest is overwritten (a
// single blob write), then the files of the previous version are deleted.
// A crash at any point leaves either the old or the new version visible,
// plus at worst some unreferenced (invisible) files.
func (w *writer) commit(ctx context.Context, p *partitionOutput) PartitionResult {
	res := PartitionResult{Key: p.key, Requests: p.requests}
	for n := range p.unknown {
		res.UnknownFields = append(res.UnknownFields, n)
	}
	slices.Sort(res.UnknownFields)
	fail := func(err error) PartitionResult {
		p.discard(ctx)
		res.Outcome, res.Err, res.Error = OutcomeFailed, err, err.Error()
		return res
	}
	if p.problem != nil {
		p.discard(ctx)
		rec, err := w.store.quarantine(ctx, p.key, w.runID, p.problem, w.now())
		if err != nil {
			return fail(err)
		}
		res.Outcome, res.Quarantine = OutcomeQuarantined, rec
		return res
	}
	if err := p.flush(ctx); err != nil {
		return fail(err)
	}
	res.Rows = p.hasher.rows()
	res.Empty = res.Rows == 0
	res.ContentSHA256 = p.hasher.sum()
	if live := p.live; live != nil && live.ContentSHA256 == res.ContentSHA256 &&
		live.ContentHashMethod == ContentHashMethod && live.SchemaVersion == SchemaVersion {
		p.discard(ctx) // a streamed copy of the same content is not needed
		res.Outcome = OutcomeUnchanged
		return res
	}
	files := []FileRef{}
	if p.stream == nil && len(p.rows) > 0 {
		p.stream = newPartWriter(w.store, p.key, schemaFor(p.key.Endpoint), p.live, w.runID, w.sizes)
		if err := p.stream.write(ctx, p.rows); err != nil {
			return fail(err)
		}
	}
	if p.stream != nil {
		var err error
		if files, err = p.stream.finish(); err != nil {
			return fail(err)
		}
		if files == nil {
			files = []FileRef{}
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	m := &Manifest{
		ManifestVersion:   ManifestVersion,
		Endpoint:          p.key.Endpoint,
		Year:              p.key.Year,
		MeetingKey:        p.key.MeetingKey,
		SessionKey:        p.key.SessionKey,
		Session:           p.session,
		Files:             files,
		Rows:              res.Rows,
		Empty:             res.Empty,
		ContentSHA256:     res.ContentSHA256,
		ContentHashMethod: ContentHashMethod,
		Requests:          p.requests,
		UnknownFields:     res.UnknownFields,
		ExtractedAt:       w.now().UTC().Truncate(time.Millisecond),
		RunID:             w.runID,
		ClientVersion:     w.client,
		SchemaVersion:     SchemaVersion,
	}
	if m.Requests == nil {
		m.Requests = []string{}
	}
	if err := w.store.writeManifest(ctx, m); err != nil {
		return fail(err)
	}
	res.Outcome = OutcomeCreated
	if p.live != nil {
		res.Outcome = OutcomeChanged
		var stale []string
		for _, f := range p.live.Files {
			if !slices.ContainsFunc(files, func(n FileRef) bool { return n.Path == f.Path }) {
				stale = append(stale, f.Path)
			}
		}
		if err := deleteKeys(ctx, w.store, stale); err != nil {
			res.Warning = fmt.Sprintf("previous data files left as orphans: %v", err)
		}
	}
	p.rows = nil
	return res
}
