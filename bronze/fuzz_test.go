package bronze

import (
	"math/rand/v2"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

// FuzzDecode checks that no response body makes the decoder panic, and
// that every body it accepts yields rows or field errors, never both
// missing.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`[]`, `[{}]`, `{"detail":"No results found."}`, `[{"lap_number":1}`,
		`[{"session_key":9472,"lap_number":3,"segments_sector_1":[null,2048],"date_start":"2024-03-02T15:03:42.341000+00:00"}]`,
		`[{"session_key":"x","lap_number":[1],"segments_sector_1":[[1]],"date_start":"2024-13-40T99:99:99+00:00","extra":{"a":[1,{"b":"\u00e9\"}"}]}}]`,
		` [ {"a" : 1 , "lap_duration" : -1e400 } , {"\u006c\u0061p_number": 2.0} ] `,
	} {
		f.Add([]byte(s))
	}
	info, _ := openf1.LookupEndpoint(openf1.EndpointLaps)
	f.Fuzz(func(t *testing.T, body []byte) {
		d := newDecoder(info, "fuzz")
		_ = d.decode(body, responseMeta{request: "/v1/laps"}, func(r *decodedRow) {
			if (r.row == nil) == (r.err == nil) {
				t.Fatalf("row %v err %v", r.row, r.err)
			}
		})
	})
}

// TestDecodeMutations feeds the decoder thousands of corrupted variants of
// a real response (bytes flipped, inserted, cut): it must never panic, and
// must account for every record it reports.
func TestDecodeMutations(t *testing.T) {
	body := readFixture(t, fxPit9488)
	info, _ := openf1.LookupEndpoint(openf1.EndpointPit)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(`{}[]",:0123456789.-+eE truefalsn\u`)
	for i := range 3000 {
		b := append([]byte(nil), body[:min(len(body), 200+rng.IntN(600))]...)
		for range 1 + rng.IntN(4) {
			if len(b) == 0 {
				break
			}
			p := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b[p] = alphabet[rng.IntN(len(alphabet))]
			case 1:
				b = append(b[:p], append([]byte{alphabet[rng.IntN(len(alphabet))]}, b[p:]...)...)
			default:
				b = b[:p]
			}
		}
		if rng.IntN(2) == 0 && len(b) > 0 && b[len(b)-1] != ']' {
			b = append(b, ']')
		}
		d := newDecoder(info, "m")
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("mutation %d panicked: %v\n%s", i, r, b)
				}
			}()
			_ = d.decode(b, responseMeta{}, func(r *decodedRow) {
				if (r.row == nil) == (r.err == nil) {
					t.Fatalf("mutation %d: row %v err %v", i, r.row, r.err)
				}
			})
		}()
	}
}
