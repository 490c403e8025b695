package lineagetest

import (
	"os"
	"path/filepath"
	"testing"
)

// FixturesDir returns the OpenLineage fixtures folder of the shared
// reference tree: ../shared/fixtures/openlineage next to the module root
// (found by walking up from the working directory to go.mod). When the
// folder is absent the test is skipped with a message saying so.
func FixturesDir(tb testing.TB) string {
	tb.Helper()
	dir, err := findFixtures()
	if err != nil {
		tb.Skipf("OpenLineage fixtures not available (%v): skipping; they live in ../shared/fixtures/openlineage beside the repository", err)
	}
	return dir
}

func findFixtures() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			fx := filepath.Join(dir, "..", "shared", "fixtures", "openlineage")
			if _, err := os.Stat(filepath.Join(fx, "spec", "OpenLineage.json")); err != nil {
				return "", err
			}
			return filepath.Clean(fx), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
