package sharedtest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// ModuleRoot returns the module root: the nearest folder at or above the
// working directory that holds go.mod. It skips the test when there is
// none (the test binary runs outside the module).
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Skipf("sharedtest: %v: skipping", err)
	}
	return root
}

// Dir returns filepath.Join(root, "..", "shared", parts...) for the module
// root, after checking that it exists. When ../shared itself is absent (a
// fresh clone) the test is skipped with a message saying so. When
// ../shared is there but the named file or folder is not, the test fails:
// a test must not pass silently because it names a path that does not
// exist.
func Dir(tb testing.TB, parts ...string) string {
	tb.Helper()
	p, err := locate(parts...)
	var absent *absentError
	switch {
	case errors.As(err, &absent):
		tb.Skipf("sharedtest: %v: skipping", err)
	case err != nil:
		tb.Fatalf("sharedtest: %v", err)
	}
	return p
}

// FixturesDir returns ../shared/fixtures/openf1, the folder of real
// recorded OpenF1 API responses (SOURCES.md, index.json and one folder per
// source repository), or skips the test (see Dir).
func FixturesDir(tb testing.TB) string {
	tb.Helper()
	return Dir(tb, "fixtures", "openf1")
}

// OpenLineageDir returns ../shared/fixtures/openlineage, the OpenLineage
// specification (spec/OpenLineage.json, facet schemas, test events), or
// skips the test (see Dir). The folder must hold spec/OpenLineage.json,
// which every user of it needs.
func OpenLineageDir(tb testing.TB) string {
	tb.Helper()
	Dir(tb, "fixtures", "openlineage", "spec", "OpenLineage.json")
	return Dir(tb, "fixtures", "openlineage")
}

// ReadFile returns the content of ../shared/parts..., skipping the test
// when ../shared is absent and failing it when the file is missing or
// cannot be read (see Dir).
func ReadFile(tb testing.TB, parts ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Dir(tb, parts...))
	if err != nil {
		tb.Fatalf("sharedtest: %v", err)
	}
	return b
}

// absentError says that there is no ../shared (or no module root) at all:
// the tests that need it skip.
type absentError struct{ msg string }

func (e *absentError) Error() string { return e.msg }

// locate finds ../shared/parts... beside the module root.
func locate(parts ...string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	shared := filepath.Join(root, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		return "", &absentError{shared + ": ../shared is absent (a fresh clone)"}
	}
	p := filepath.Join(append([]string{shared}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s: not in ../shared (a wrong path, or an incomplete copy of the reference tree)", p)
		}
		return "", err
	}
	return p, nil
}

// moduleRoot walks up from the working directory to the folder holding
// go.mod.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", &absentError{"no go.mod at or above " + wd}
		}
		dir = parent
	}
}
