package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// buildPitwallWorker builds this program without DuckDB (-tags
// pitwallonly) into dir and returns the binary's path. Pitwall workers run
// it, so their peak RSS does not include DuckDB's library, which every
// process it is linked into pays (about 100 MB resident at start-up). It
// needs the program's sources (found next to this file, as `go run .` and
// `go build` record them) and the go command.
func buildPitwallWorker(ctx context.Context, dir string) (string, error) {
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("source location unknown")
	}
	src := filepath.Dir(self)
	mod, err := os.ReadFile(filepath.Join(src, "go.mod"))
	if err != nil || !strings.Contains(string(mod), "module github.com/pitwall-f1/pitwall/bench") {
		return "", fmt.Errorf("bench sources not found at %s", src)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out := filepath.Join(dir, "bench-pitwall")
	cmd := exec.CommandContext(ctx, goCmd, "build", "-tags", "pitwallonly", "-o", out, ".")
	cmd.Dir = src
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build -tags pitwallonly: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
