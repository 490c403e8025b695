package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// LockKey is where the pipeline lock lives under the lake root.
const LockKey = "_locks/pipeline.lock"

var (
	// ErrLocked is matched by the error of a run that found another run
	// holding the lake's lock (see *LockedError).
	ErrLocked = errors.New("pipeline: another run holds the lake lock")
	// ErrLockLost is matched by the error of a run whose lock was taken
	// over while it ran (it missed heartbeats for longer than the TTL).
	ErrLockLost = errors.New("pipeline: lake lock lost")
)

// LockInfo is the content of the lock object: who holds the lake, since
// when, and the last heartbeat.
type LockInfo struct {
	Owner      string    `json:"owner"` // host and process id
	RunID      string    `json:"run_id"`
	Mode       Mode      `json:"mode,omitempty"`
	AcquiredAt time.Time `json:"acquired_at"`
	Heartbeat  time.Time `json:"heartbeat"`
	TTL        Duration  `json:"ttl"`
}

// Stale reports whether the holder missed its heartbeats for longer than
// the TTL at time now.
func (li LockInfo) Stale(now time.Time) bool {
	ttl := li.TTL.D()
	if ttl <= 0 {
		ttl = 10 * time.Minute
	}
	return now.Sub(li.Heartbeat) > ttl
}

// LockedError says which run holds the lock.
type LockedError struct {
	Key    string
	Holder LockInfo
	Age    time.Duration // since the holder's last heartbeat
}

// Error describes the holder and how to proceed.
func (e *LockedError) Error() string {
	return fmt.Sprintf("pipeline: lake is locked by run %s (%s, %s mode) since %s, last heartbeat %s ago; "+
		"at most one run per warehouse: wait for it, or remove %s if that run is gone (it is taken over automatically once its heartbeat is older than %s)",
		e.Holder.RunID, e.Holder.Owner, e.Holder.Mode, e.Holder.AcquiredAt.Format(time.RFC3339),
		e.Age.Round(time.Second), e.Key, e.Holder.TTL)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Lock is a held pipeline lock. A heartbeat goroutine renews it every
// TTL/3 until Release; Lost is closed if the lock was taken over.
type Lock struct {
	store lockStore
	info  LockInfo
	now   func() time.Time

	mu       sync.Mutex
	lost     chan struct{}
	lostOnce sync.Once
	stop     chan struct{}
	done     chan struct{}
	released bool
}

// lockStore is the storage the lock object lives on: a blob bucket with
// conditional create, or, for local lakes, the file system (where an
// exclusive hard link is atomic across processes, which fileblob's
// IfNotExist is not).
type lockStore interface {
	create(ctx context.Context, key string, data []byte) (created bool, err error)
	read(ctx context.Context, key string) ([]byte, error) // fs.ErrNotExist when absent
	write(ctx context.Context, key string, data []byte) error
	remove(ctx context.Context, key string) error
	list(ctx context.Context, prefix string) ([]string, error)
	where(key string) string // the key as users find it (a path for local lakes)
}

// AcquireLock takes the lake's pipeline lock on bucket (the lake root) for
// a run, or returns a *LockedError when a live run holds it. A lock whose
// heartbeat is older than ttl is taken over: the first run to claim the
// stale lock's takeover token wins, so two runs recovering the same stale
// lock cannot both get it. localDir, when not empty, is the lake's folder
// on the local file system, used for atomic creation across processes.
func AcquireLock(ctx context.Context, bucket *blob.Bucket, localDir string, runID string, mode Mode, ttl time.Duration) (*Lock, error) {
	var st lockStore = blobLockStore{bucket}
	if localDir != "" {
		st = fileLockStore{localDir}
	}
	return acquireLock(ctx, st, runID, mode, ttl, time.Now)
}

func acquireLock(ctx context.Context, st lockStore, runID string, mode Mode, ttl time.Duration, now func() time.Time) (*Lock, error) {
	if ttl <= 0 {
		ttl = 10 * time.Minute
	}
	host, _ := os.Hostname()
	t := now().UTC()
	info := LockInfo{
		Owner: fmt.Sprintf("%s/pid-%d", host, os.Getpid()), RunID: runID, Mode: mode,
		AcquiredAt: t, Heartbeat: t, TTL: Duration(ttl),
	}
	data, _ := json.Marshal(info)
	for attempt := 0; attempt < 3; attempt++ {
		created, err := st.create(ctx, LockKey, data)
		if err != nil {
			return nil, fmt.Errorf("pipeline: create lock %s: %w", LockKey, err)
		}
		if created {
			l := &Lock{store: st, info: info, now: now, lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
			// Stores without conditional writes would let two creators
			// both "win": read back to make sure the lock is ours.
			if cur, err := readLock(ctx, st); err != nil || cur.RunID != runID {
				if err == nil {
					return nil, &LockedError{Key: st.where(LockKey), Holder: cur, Age: now().Sub(cur.Heartbeat)}
				}
				return nil, err
			}
			go l.heartbeat(ttl / 3)
			cleanTakeovers(ctx, st, now(), ttl)
			return l, nil
		}
		cur, err := readLock(ctx, st)
		if errors.Is(err, fs.ErrNotExist) {
			continue // released between our create and read: try again
		}
		if err != nil {
			return nil, err
		}
		if !cur.Stale(now()) {
			return nil, &LockedError{Key: st.where(LockKey), Holder: cur, Age: now().Sub(cur.Heartbeat)}
		}
		// Stale: claim the takeover token of this holder's lock, then
		// replace the lock. Losing the token race means another run is
		// taking over right now.
		token := takeoverKey(cur)
		won, err := st.create(ctx, token, data)
		if err != nil {
			return nil, fmt.Errorf("pipeline: claim stale lock: %w", err)
		}
		if !won {
			return nil, &LockedError{Key: st.where(LockKey), Holder: cur, Age: now().Sub(cur.Heartbeat)}
		}
		if err := st.remove(ctx, LockKey); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("pipeline: remove stale lock: %w", err)
		}
	}
	return nil, fmt.Errorf("pipeline: could not acquire %s: it keeps changing", LockKey)
}

func takeoverKey(li LockInfo) string {
	return LockKey + ".takeover-" + sanitizeKey(li.RunID) + "-" + li.Heartbeat.UTC().Format("20060102T150405.000000000Z")
}

func sanitizeKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// cleanTakeovers removes takeover tokens older than twice the TTL: by then
// no run can still be racing for the lock they guarded.
func cleanTakeovers(ctx context.Context, st lockStore, now time.Time, ttl time.Duration) {
	keys, err := st.list(ctx, LockKey+".takeover-")
	if err != nil {
		return
	}
	for _, k := range keys {
		b, err := st.read(ctx, k)
		if err != nil {
			continue
		}
		var li LockInfo
		if json.Unmarshal(b, &li) == nil && now.Sub(li.AcquiredAt) > 2*ttl {
			_ = st.remove(ctx, k)
		}
	}
}

func readLock(ctx context.Context, st lockStore) (LockInfo, error) {
	b, err := st.read(ctx, LockKey)
	if err != nil {
		return LockInfo{}, err
	}
	var li LockInfo
	if err := json.Unmarshal(b, &li); err != nil {
		// An unreadable lock is treated as stale from the start of time.
		return LockInfo{Owner: "unknown (unreadable lock)", RunID: "unknown"}, nil
	}
	return li, nil
}

// Info returns the lock's content as last written.
func (l *Lock) Info() LockInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.info
}

// Lost is closed when a heartbeat finds the lock held by another run.
func (l *Lock) Lost() <-chan struct{} { return l.lost }

func (l *Lock) heartbeat(every time.Duration) {
	defer close(l.done)
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			if err := l.renew(context.Background()); errors.Is(err, ErrLockLost) {
				l.lostOnce.Do(func() { close(l.lost) })
				return
			}
		}
	}
}

// renew rewrites the lock with a fresh heartbeat if it is still ours.
func (l *Lock) renew(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cur, err := readLock(ctx, l.store)
	if errors.Is(err, fs.ErrNotExist) || err == nil && cur.RunID != l.info.RunID {
		return ErrLockLost
	}
	if err != nil {
		return err // transient: try again at the next beat
	}
	l.mu.Lock()
	l.info.Heartbeat = l.now().UTC()
	data, _ := json.Marshal(l.info)
	l.mu.Unlock()
	return l.store.write(ctx, LockKey, data)
}

// Release stops the heartbeat and deletes the lock if it is still ours.
// It is safe to call more than once.
func (l *Lock) Release(ctx context.Context) error {
	l.mu.Lock()
	if l.released {
		l.mu.Unlock()
		return nil
	}
	l.released = true
	l.mu.Unlock()
	close(l.stop)
	<-l.done
	cur, err := readLock(ctx, l.store)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if cur.RunID != l.info.RunID {
		return nil // taken over: not ours to delete
	}
	return l.store.remove(ctx, LockKey)
}

// blobLockStore keeps the lock on a gocloud.dev bucket, with IfNotExist
// conditional writes (S3, GCS, Azure and memblob honour them).
type blobLockStore struct{ b *blob.Bucket }

func (s blobLockStore) create(ctx context.Context, key string, data []byte) (bool, error) {
	err := s.b.WriteAll(ctx, key, data, &blob.WriterOptions{IfNotExist: true, ContentType: "application/json"})
	if gcerrors.Code(err) == gcerrors.FailedPrecondition {
		return false, nil
	}
	return err == nil, err
}

func (s blobLockStore) read(ctx context.Context, key string) ([]byte, error) {
	b, err := s.b.ReadAll(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, fs.ErrNotExist
	}
	return b, err
}

func (s blobLockStore) write(ctx context.Context, key string, data []byte) error {
	return s.b.WriteAll(ctx, key, data, &blob.WriterOptions{ContentType: "application/json"})
}

func (s blobLockStore) remove(ctx context.Context, key string) error {
	err := s.b.Delete(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return fs.ErrNotExist
	}
	return err
}

func (s blobLockStore) where(key string) string { return key }

func (s blobLockStore) list(ctx context.Context, prefix string) ([]string, error) {
	var out []string
	it := s.b.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, o.Key)
	}
}

// fileLockStore keeps the lock in a local lake folder. create writes a
// temporary file and hard-links it into place: link fails if the target
// exists, atomically, whatever process got there first.
type fileLockStore struct{ dir string }

func (s fileLockStore) path(key string) string { return filepath.Join(s.dir, filepath.FromSlash(key)) }

func (s fileLockStore) create(_ context.Context, key string, data []byte) (bool, error) {
	p := s.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".lock-*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), p); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

func (s fileLockStore) read(_ context.Context, key string) ([]byte, error) {
	return os.ReadFile(s.path(key))
}

func (s fileLockStore) write(_ context.Context, key string, data []byte) error {
	p := s.path(key)
	tmp, err := os.CreateTemp(filepath.Dir(p), ".lock-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

func (s fileLockStore) remove(_ context.Context, key string) error {
	return os.Remove(s.path(key))
}

func (s fileLockStore) where(key string) string { return s.path(key) }

func (s fileLockStore) list(_ context.Context, prefix string) ([]string, error) {
	dir := path.Dir(prefix)
	entries, err := os.ReadDir(s.path(dir))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		k := dir + "/" + e.Name()
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out, nil
}
