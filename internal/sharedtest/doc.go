// Package sharedtest locates the shared reference tree that pitwall's
// tests read: real recorded OpenF1 responses (fixtures/openf1) and the
// OpenLineage specification (fixtures/openlineage). The tree is not part
// of the repository: it lives in ../shared beside the module root (the
// folder holding go.mod), so a fresh clone does not have it, and every
// test that needs it skips with a message saying so instead of failing.
//
// Tests of any package in the module import it (it is a plain package, not
// a _test.go file, for that reason):
//
//	func TestRealRace(t *testing.T) {
//		laps := sharedtest.ReadFile(t, "fixtures", "openf1", "heibylau__F1-pit-strategy-search", "data", "raw", "laps.json")
//		src, _, err := openf1test.LoadDir(sharedtest.FixturesDir(t))
//		...
//	}
//
// Paths are found from the working directory, which go test sets to the
// package's folder, so they do not depend on how deep the package is.
// Never copy the reference files into the repository.
package sharedtest
