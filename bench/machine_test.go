package main

import "testing"

func TestMachineParsers(t *testing.T) {
	cpuinfo := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n"
	if got := cpuModel(cpuinfo); got != "AMD EPYC 7B13" {
		t.Errorf("cpuModel = %q", got)
	}
	if got := cpuModel(""); got != "unknown" {
		t.Errorf("cpuModel of nothing = %q", got)
	}
	meminfo := "MemTotal:       24578212 kB\nMemFree:        17000000 kB\n"
	if got := memTotal(meminfo); got != 24578212*1024 {
		t.Errorf("memTotal = %d", got)
	}
	if got := loadAverage("7.59 10.79 9.46 3/812 12345\n"); got != "7.59 10.79 9.46" {
		t.Errorf("loadAverage = %q", got)
	}
	if got := formatBytes(1536 << 20); got != "1.5 GiB" {
		t.Errorf("formatBytes = %q", got)
	}
}

func TestStatusKB(t *testing.T) {
	status := "Name:\tbench\nVmPeak:\t 2048000 kB\nVmHWM:\t  345600 kB\nVmRSS:\t  100000 kB\n"
	if got := statusKB(status, "VmHWM:"); got != 345600 {
		t.Errorf("statusKB(VmHWM) = %d", got)
	}
	if got := statusKB(status, "VmSwap:"); got != 0 {
		t.Errorf("statusKB of a missing key = %d", got)
	}
}
