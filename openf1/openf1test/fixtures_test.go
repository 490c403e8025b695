package openf1test

import (
	"sync"
	"testing"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
)

// sharedDir returns ../shared/elem... next to the module root, or skips
// the test when ../shared is absent.
func sharedDir(t testing.TB, elem ...string) string {
	t.Helper()
	return sharedtest.Dir(t, elem...)
}

var fixtures struct {
	once sync.Once
	src  *MemorySource
	rep  *LoadReport
	err  error
}

// loadFixtures loads ../shared/fixtures/openf1 once per test binary.
func loadFixtures(t testing.TB) (*MemorySource, *LoadReport) {
	t.Helper()
	dir := sharedDir(t, "fixtures", "openf1")
	fixtures.once.Do(func() {
		fixtures.src, fixtures.rep, fixtures.err = LoadDir(dir)
	})
	if fixtures.err != nil {
		t.Fatalf("LoadDir(%s): %v", dir, fixtures.err)
	}
	return fixtures.src, fixtures.rep
}
