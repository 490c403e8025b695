package lineagetest

import (
	"testing"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
)

// FixturesDir returns the OpenLineage fixtures folder of the shared
// reference tree: ../shared/fixtures/openlineage next to the module root
// (found by walking up from the working directory to go.mod). When
// ../shared is absent the test is skipped with a message saying so; when
// ../shared is there but lacks spec/OpenLineage.json the test fails.
func FixturesDir(tb testing.TB) string {
	tb.Helper()
	return sharedtest.OpenLineageDir(tb)
}
