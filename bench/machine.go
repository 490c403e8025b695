package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes where the numbers were measured.
type Machine struct {
	CPUs     int    `json:"cpus"`
	CPUModel string `json:"cpu_model"`
	RAM      int64  `json:"ram_bytes"`
	OS       string `json:"os"`
	Go       string `json:"go"`
	DuckDB   string `json:"duckdb"`
}

func describeMachine(ctx context.Context) Machine {
	return Machine{
		CPUs:     runtime.NumCPU(),
		CPUModel: cpuModel(readFile("/proc/cpuinfo")),
		RAM:      memTotal(readFile("/proc/meminfo")),
		OS:       runtime.GOOS + "/" + runtime.GOARCH,
		Go:       runtime.Version(),
		DuckDB:   duckdbVersion(ctx),
	}
}

// String describes the machine on one line.
func (m Machine) String() string {
	return fmt.Sprintf("%d CPUs (%s), %s RAM, %s, %s, DuckDB %s",
		m.CPUs, m.CPUModel, formatBytes(m.RAM), m.OS, m.Go, m.DuckDB)
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

// cpuModel returns the first "model name" of /proc/cpuinfo text.
func cpuModel(cpuinfo string) string {
	sc := bufio.NewScanner(strings.NewReader(cpuinfo))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// memTotal returns MemTotal of /proc/meminfo text in bytes.
func memTotal(meminfo string) int64 { return statusKB(meminfo, "MemTotal:") * 1024 }

// statusKB returns the value of a "Key:   123 kB" line of /proc text.
func statusKB(text, key string) int64 {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == key {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err == nil {
				return kb
			}
		}
	}
	return 0
}

// loadAverage returns the 1, 5 and 15 minute load averages from
// /proc/loadavg text ("" when unavailable).
func loadAverage(loadavg string) string {
	f := strings.Fields(loadavg)
	if len(f) < 3 {
		return "n/a"
	}
	return strings.Join(f[:3], " ")
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
