package bronze

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Root is the top-level folder of the bronze layer under the lake root.
const Root = "bronze"

// ManifestName is the file name of a partition manifest.
const ManifestName = "_manifest.json"

// quarantineRoot holds quarantined raw responses, mirroring the partition layout.
const quarantineRoot = Root + "/_quarantine"

// PartitionKey identifies one bronze partition: (endpoint, year) for the
// calendar endpoints meetings and sessions, (endpoint, year, meeting,
// session) for every other endpoint.
type PartitionKey struct {
	Endpoint   openf1.Endpoint `json:"endpoint"`
	Year       int             `json:"year"`
	MeetingKey int             `json:"meeting_key,omitempty"`
	SessionKey int             `json:"session_key,omitempty"`
}

// YearScoped reports whether the key is a calendar (per-year) partition.
func (k PartitionKey) YearScoped() bool { return k.SessionKey == 0 }

// Dir is the partition folder under the lake root, e.g.
// "bronze/laps/year=2024/meeting_key=1229/session_key=9472" or
// "bronze/sessions/year=2024".
func (k PartitionKey) Dir() string {
	if k.YearScoped() {
		return fmt.Sprintf("%s/%s/year=%d", Root, k.Endpoint, k.Year)
	}
	return fmt.Sprintf("%s/%s/year=%d/meeting_key=%d/session_key=%d",
		Root, k.Endpoint, k.Year, k.MeetingKey, k.SessionKey)
}

// ManifestPath is the key of the partition's _manifest.json.
func (k PartitionKey) ManifestPath() string { return k.Dir() + "/" + ManifestName }

// String renders the key as its folder below bronze/.
func (k PartitionKey) String() string { return strings.TrimPrefix(k.Dir(), Root+"/") }

// quarantineDir is where quarantined responses of the partition go.
func (k PartitionKey) quarantineDir() string {
	return quarantineRoot + strings.TrimPrefix(k.Dir(), Root)
}

// dataFileName names data file number part of a partition: "data.parquet"
// for calendar partitions and "part-00000.parquet" for session partitions
// (DESIGN.md §2.1). A non-empty suffix gives a second name for the same part,
// used when the plain name is still referenced by the live manifest.
func (k PartitionKey) dataFileName(part int, suffix string) string {
	var base string
	switch {
	case k.YearScoped() && part == 0:
		base = "data"
	case k.YearScoped():
		base = fmt.Sprintf("data-%05d", part)
	default:
		base = fmt.Sprintf("part-%05d", part)
	}
	if suffix != "" {
		base += "-" + suffix
	}
	return k.Dir() + "/" + base + ".parquet"
}

// parsePartitionDir parses a manifest key back into a partition key.
func parsePartitionDir(manifestKey string) (PartitionKey, bool) {
	rest, ok := strings.CutPrefix(manifestKey, Root+"/")
	if !ok {
		return PartitionKey{}, false
	}
	rest, ok = strings.CutSuffix(rest, "/"+ManifestName)
	if !ok {
		return PartitionKey{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 2 && len(parts) != 4 {
		return PartitionKey{}, false
	}
	var k PartitionKey
	k.Endpoint = openf1.Endpoint(parts[0])
	vals := []*int{&k.Year, &k.MeetingKey, &k.SessionKey}
	names := []string{"year=", "meeting_key=", "session_key="}
	for i, p := range parts[1:] {
		v, ok := strings.CutPrefix(p, names[i])
		if !ok {
			return PartitionKey{}, false
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return PartitionKey{}, false
		}
		*vals[i] = n
	}
	return k, true
}
