package lineage

import (
	"runtime/debug"
	"strings"
)

const modulePath = "github.com/pitwall-f1/pitwall"

// DefaultProducer is the producer URI of events and facets this package
// emits unless WithProducer says otherwise:
//
//	https://github.com/pitwall-f1/pitwall/tree/<version>/lineage
//
// where <version> is the pitwall module version of the running binary (a
// tag such as v0.3.0, the commit of a pseudo-version, or "main" for a
// development build), so the URI points at the code that wrote the event.
var DefaultProducer = "https://" + modulePath + "/tree/" + Version() + "/lineage"

var buildVersion = readVersion()

// Version returns the pitwall module version this binary was built with:
// the module tag, the commit hash of a pseudo-version, or "main" when the
// build has no version (tests, go run inside the repository).
func Version() string { return buildVersion }

func readVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "main"
	}
	v := ""
	if info.Main.Path == modulePath {
		v = info.Main.Version
	} else {
		for _, d := range info.Deps {
			if d.Path == modulePath {
				v = d.Version
				if d.Replace != nil {
					v = d.Replace.Version
				}
				break
			}
		}
	}
	return versionRef(v)
}

// versionRef turns a module version into a git ref GitHub can browse.
func versionRef(v string) string {
	if v == "" || v == "(devel)" {
		return "main"
	}
	// Drop build metadata: +incompatible, and the +dirty that go build
	// (Go 1.24+) appends for a modified working tree.
	if i := strings.IndexByte(v, '+'); i >= 0 {
		v = v[:i]
	}
	// A pseudo-version ends in -yyyymmddhhmmss-abcdefabcdef: use the commit.
	if i := strings.LastIndexByte(v, '-'); i > 0 && len(v)-i-1 == 12 {
		ts := v[:i]
		if k := strings.LastIndexAny(ts, "-."); k >= 0 && len(ts)-k-1 == 14 && isDigits(ts[k+1:]) {
			return v[i+1:]
		}
	}
	return v
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
