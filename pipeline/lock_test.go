package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gocloud.dev/blob/memblob"

	"github.com/pitwall-f1/pitwall/lineage"
)

func lockStores(t *testing.T) map[string]lockStore {
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { b.Close() })
	return map[string]lockStore{"blob": blobLockStore{b}, "file": fileLockStore{t.TempDir()}}
}

// TestLockExclusive: of many runs trying to take the lock at once, exactly
// one gets it; the others get a *LockedError naming the holder.
func TestLockExclusive(t *testing.T) {
	for name, st := range lockStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var won atomic.Int32
			var held *Lock
			var mu sync.Mutex
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					l, err := acquireLock(ctx, st, lineage.NewRunID(), Backfill, time.Minute, time.Now)
					if err == nil {
						won.Add(1)
						mu.Lock()
						held = l
						mu.Unlock()
						return
					}
					var le *LockedError
					if !errors.As(err, &le) || !errors.Is(err, ErrLocked) || le.Holder.RunID == "" {
						t.Errorf("runner %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			if won.Load() != 1 {
				t.Fatalf("%d runs got the lock", won.Load())
			}
			if err := held.Release(ctx); err != nil {
				t.Fatal(err)
			}
			l, err := acquireLock(ctx, st, lineage.NewRunID(), Weekly, time.Minute, time.Now)
			if err != nil {
				t.Fatalf("lock not free after release: %v", err)
			}
			l.Release(ctx)
		})
	}
}

// TestLockStaleTakeover: a lock whose heartbeat is older than its TTL is
// taken over, and when several runs find the same stale lock only one of
// them gets it.
func TestLockStaleTakeover(t *testing.T) {
	for name, st := range lockStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dead := LockInfo{Owner: "crashed-host/pid-1", RunID: "dead-run", Mode: Backfill,
				AcquiredAt: time.Now().Add(-time.Hour), Heartbeat: time.Now().Add(-20 * time.Minute), TTL: Duration(10 * time.Minute)}
			data, _ := json.Marshal(dead)
			if ok, err := st.create(ctx, LockKey, data); !ok || err != nil {
				t.Fatal(ok, err)
			}
			var won atomic.Int32
			var held []*Lock
			var mu sync.Mutex
			var wg sync.WaitGroup
			for range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					l, err := acquireLock(ctx, st, lineage.NewRunID(), Weekly, 10*time.Minute, time.Now)
					if err != nil {
						if !errors.Is(err, ErrLocked) {
							t.Error(err)
						}
						return
					}
					won.Add(1)
					mu.Lock()
					held = append(held, l)
					mu.Unlock()
				}()
			}
			wg.Wait()
			if won.Load() != 1 {
				t.Fatalf("%d runs took over the stale lock", won.Load())
			}
			cur, err := readLock(ctx, st)
			if err != nil || cur.RunID != held[0].Info().RunID {
				t.Fatalf("lock holds %+v, err %v; want the winner %s", cur, err, held[0].Info().RunID)
			}
			held[0].Release(ctx)
		})
	}
}

// TestLockHeartbeatAndLoss: the holder renews its heartbeat; if another
// run replaces the lock, the holder's Lost channel closes and its Release
// leaves the other run's lock alone.
func TestLockHeartbeatAndLoss(t *testing.T) {
	ctx := context.Background()
	st := lockStores(t)["blob"]
	l, err := acquireLock(ctx, st, "run-a", Weekly, 60*time.Millisecond, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	first := l.Info().Heartbeat
	deadline := time.Now().Add(5 * time.Second)
	for {
		cur, err := readLock(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Heartbeat.After(first) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("heartbeat never renewed the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	other, _ := json.Marshal(LockInfo{RunID: "run-b", Heartbeat: time.Now(), TTL: Duration(time.Minute)})
	if err := st.write(ctx, LockKey, other); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.Lost():
	case <-time.After(5 * time.Second):
		t.Fatal("Lost not closed after the lock was replaced")
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if cur, err := readLock(ctx, st); err != nil || cur.RunID != "run-b" {
		t.Fatalf("release removed another run's lock: %+v %v", cur, err)
	}
}

// TestRunFailsFastWhenLocked: a second run on a locked lake fails at once
// with a clear error, without touching the lake; once the holder's
// heartbeat is stale, a run takes the lake over.
func TestRunFailsFastWhenLocked(t *testing.T) {
	_, srv := simServer(t, smallSeason)
	dir := filepath.Join(t.TempDir(), "lake")
	cfg := testConfig(dir, srv, 2025)
	ctx := context.Background()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	holder, err := AcquireLock(ctx, nil, dir, lineage.NewRunID(), Backfill, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep, err := Run(ctx, cfg)
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.RunID != holder.Info().RunID {
		t.Fatalf("second run: err %v, want a *LockedError naming run %s", err, holder.Info().RunID)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second run took %s to fail", d)
	}
	if rep.Status != StatusFailed || len(rep.Sessions) != 0 {
		t.Fatalf("second run: %s with %d sessions", rep.Status, len(rep.Sessions))
	}
	if _, err := os.Stat(filepath.Join(dir, "bronze")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the locked-out run wrote bronze: %v", err)
	}
	t.Logf("locked-out run said: %v", err)
	holder.Release(ctx)

	// A crashed run's lock: heartbeat 20 minutes old, TTL 10 minutes.
	stale, _ := json.Marshal(LockInfo{Owner: "gone/pid-9", RunID: "crashed", Heartbeat: time.Now().Add(-20 * time.Minute), TTL: Duration(10 * time.Minute)})
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(LockKey)), stale, 0o644); err != nil {
		t.Fatal(err)
	}
	rep = mustRun(t, cfg)
	if rep.Status != StatusOK {
		t.Fatalf("run after stale lock: %s", rep.Status)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(LockKey))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock still there after the run: %v", err)
	}
}
