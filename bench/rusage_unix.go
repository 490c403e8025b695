//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// maxRSS returns a finished child's peak resident set size in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return ru.Maxrss // bytes on macOS
	}
	return ru.Maxrss * 1024 // KiB on Linux and the BSDs
}

// selfPeakRSS returns this process's peak resident set size in bytes
// (VmHWM of /proc/self/status), or 0 where /proc is not available.
func selfPeakRSS() int64 {
	return statusKB(readFile("/proc/self/status"), "VmHWM:") * 1024
}
