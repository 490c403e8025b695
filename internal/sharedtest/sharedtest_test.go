package sharedtest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB whose Skipf and Fatalf record the message and
// stop the calling goroutine, as the real ones do.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// call runs f with a recorder on its own goroutine and returns the
// recorder and f's result ("" when f was stopped).
func call(t *testing.T, f func(testing.TB) string) (*recorder, string) {
	r := &recorder{TB: t}
	var got string
	done := make(chan struct{})
	go func() {
		defer close(done)
		got = f(r)
	}()
	<-done
	return r, got
}

func mkdir(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(parts...)
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestModuleRootIsThisModule(t *testing.T) {
	root := ModuleRoot(t)
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(mod), "module github.com/pitwall-f1/pitwall\n") {
		t.Errorf("%s/go.mod is not pitwall's", root)
	}
	wd, _ := os.Getwd()
	if want := filepath.Dir(filepath.Dir(wd)); root != want {
		t.Errorf("root %s, want %s (two levels above internal/sharedtest)", root, want)
	}
}

// TestRealTree runs where ../shared is present (skips in a fresh clone).
func TestRealTree(t *testing.T) {
	fx := FixturesDir(t)
	if want := filepath.Join(filepath.Dir(ModuleRoot(t)), "shared", "fixtures", "openf1"); fx != want {
		t.Errorf("FixturesDir = %s, want %s", fx, want)
	}
	if len(ReadFile(t, "fixtures", "openf1", "index.json")) == 0 {
		t.Error("index.json is empty")
	}
	ol := OpenLineageDir(t)
	if _, err := os.Stat(filepath.Join(ol, "spec", "OpenLineage.json")); err != nil {
		t.Error(err)
	}
}

// TestSkips builds a module without ../shared, then adds it piece by piece.
func TestSkips(t *testing.T) {
	tmp := t.TempDir()
	mod := mkdir(t, tmp, "repo")
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(mkdir(t, mod, "a", "b"))

	if r, _ := call(t, func(tb testing.TB) string { return ModuleRoot(tb) }); r.skipped != "" {
		t.Fatalf("ModuleRoot skipped: %s", r.skipped)
	}
	r, got := call(t, FixturesDir)
	if got != "" || !strings.Contains(r.skipped, "../shared is absent (a fresh clone): skipping") {
		t.Errorf("no ../shared: got %q, skip message %q", got, r.skipped)
	}

	mkdir(t, tmp, "shared", "fixtures", "openlineage")
	// ../shared is there: a path missing from it fails instead of skipping.
	r, got = call(t, FixturesDir)
	if got != "" || r.skipped != "" || !strings.Contains(r.failed, filepath.Join("fixtures", "openf1")+": not in ../shared") {
		t.Errorf("no fixtures/openf1: got %q, skipped %q, failure %q", got, r.skipped, r.failed)
	}
	r, got = call(t, OpenLineageDir)
	if got != "" || !strings.Contains(r.failed, "OpenLineage.json: not in ../shared") {
		t.Errorf("no spec: got %q, failure %q", got, r.failed)
	}

	fx := mkdir(t, tmp, "shared", "fixtures", "openf1")
	if r, got = call(t, FixturesDir); r.skipped != "" || r.failed != "" || got != fx {
		t.Errorf("FixturesDir = %q (skip %q), want %s", got, r.skipped, fx)
	}
	if err := os.WriteFile(filepath.Join(fx, "x.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func(tb testing.TB) string { return string(ReadFile(tb, "fixtures", "openf1", "x.json")) }
	if r, got = call(t, read); got != "[]" || r.skipped != "" || r.failed != "" {
		t.Errorf("ReadFile = %q (skip %q, fail %q)", got, r.skipped, r.failed)
	}
	// A folder where a file is expected cannot be read: that fails.
	readDir := func(tb testing.TB) string { return string(ReadFile(tb, "fixtures", "openf1")) }
	if r, _ = call(t, readDir); r.failed == "" {
		t.Error("reading a folder did not fail")
	}
}

func TestNoModule(t *testing.T) {
	t.Chdir(t.TempDir())
	if _, err := os.Stat("/go.mod"); err == nil {
		t.Skip("/go.mod exists on this machine")
	}
	r, got := call(t, func(tb testing.TB) string { return Dir(tb, "fixtures") })
	if got != "" || !strings.Contains(r.skipped, "no go.mod at or above") {
		t.Errorf("got %q, skip message %q", got, r.skipped)
	}
}
