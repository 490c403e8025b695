package openf1test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// sharedDir finds ../shared next to the module root (the folder holding
// go.mod), or skips the test when it is absent.
func sharedDir(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root (go.mod) not found; skipping test that needs ../shared")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("reference data %s is absent (%v); skipping", p, err)
	}
	return p
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
