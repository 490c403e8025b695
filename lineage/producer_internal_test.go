package lineage

import "testing"

func TestVersionRef(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                                     "main",
		"(devel)":                              "main",
		"v0.3.0":                               "v0.3.0",
		"v1.2.3-rc.1":                          "v1.2.3-rc.1",
		"v2.0.0+incompatible":                  "v2.0.0",
		"v0.0.0-20260301120000-abcdefabcdef":   "abcdefabcdef",
		"v1.2.4-0.20260301120000-0123456789ab": "0123456789ab",
		"v1.2.3-pre.0.20260301120000-0123456789ab": "0123456789ab",
	} {
		if got := versionRef(in); got != want {
			t.Errorf("versionRef(%q) = %q, want %q", in, got, want)
		}
	}
}
