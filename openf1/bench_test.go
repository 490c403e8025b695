package openf1_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Decode throughput: the streaming codec against encoding/json. Run with
//
//	go test -run '^$' -bench . -benchmem ./openf1/
//
// rows/s and allocs/row are reported per benchmark.

// stdLap and stdCarData are what a client without its own codec decodes
// into with encoding/json (pointers for nullable fields, no Extra).
type stdLap struct {
	MeetingKey      int       `json:"meeting_key"`
	SessionKey      int       `json:"session_key"`
	DriverNumber    int       `json:"driver_number"`
	LapNumber       int       `json:"lap_number"`
	DateStart       *string   `json:"date_start"`
	DurationSector1 *float64  `json:"duration_sector_1"`
	DurationSector2 *float64  `json:"duration_sector_2"`
	DurationSector3 *float64  `json:"duration_sector_3"`
	I1Speed         *int      `json:"i1_speed"`
	I2Speed         *int      `json:"i2_speed"`
	IsPitOutLap     bool      `json:"is_pit_out_lap"`
	LapDuration     *float64  `json:"lap_duration"`
	SegmentsSector1 []*int    `json:"segments_sector_1"`
	SegmentsSector2 []*int    `json:"segments_sector_2"`
	SegmentsSector3 []*int    `json:"segments_sector_3"`
	STSpeed         *int      `json:"st_speed"`
	_               [0]func() // not comparable, like the models
}

type stdCarData struct {
	MeetingKey   int    `json:"meeting_key"`
	SessionKey   int    `json:"session_key"`
	Date         string `json:"date"`
	DriverNumber int    `json:"driver_number"`
	RPM          *int   `json:"rpm"`
	Speed        *int   `json:"speed"`
	NGear        *int   `json:"n_gear"`
	Throttle     *int   `json:"throttle"`
	Brake        *int   `json:"brake"`
	DRS          *int   `json:"drs"`
}

func lapsBody(b *testing.B) ([]byte, int) {
	b.Helper()
	p := filepath.Join(sharedDir(b), "fixtures", "openf1", "heibylau__F1-pit-strategy-search", "data", "raw", "laps.json")
	body, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(body, &rows); err != nil {
		b.Fatal(err)
	}
	return body, len(rows)
}

const carDataRows = 500_000

var (
	carDataOnce sync.Once
	carDataBody []byte
)

// syntheticCarData builds a car_data response of 500k rows: 20 cars at
// ~3.7 Hz, with the API's datetime style and the odd null.
func syntheticCarData() []byte {
	carDataOnce.Do(func() {
		var buf bytes.Buffer
		buf.Grow(carDataRows * 200)
		buf.WriteByte('[')
		cars := []int{1, 11, 16, 55, 44, 63, 4, 81, 14, 18, 24, 77, 20, 27, 3, 22, 23, 2, 10, 31}
		for i := range carDataRows {
			if i > 0 {
				buf.WriteByte(',')
			}
			car := cars[i%len(cars)]
			ms := int64(i/len(cars)) * 270
			sec, frac := ms/1000, ms%1000
			buf.WriteString(`{"meeting_key":1229,"session_key":9472,"date":"2024-03-02T`)
			h, m, s := 14+sec/3600, (sec/60)%60, sec%60
			buf.WriteString(pad2(h) + ":" + pad2(m) + ":" + pad2(s) + "." + strconv.FormatInt(1000+frac, 10)[1:] + "000+00:00")
			buf.WriteString(`","driver_number":` + strconv.Itoa(car))
			buf.WriteString(`,"rpm":` + strconv.Itoa(9000+i%3000) + `,"speed":` + strconv.Itoa(80+i%260))
			buf.WriteString(`,"n_gear":` + strconv.Itoa(1+i%8) + `,"throttle":` + strconv.Itoa(i%101))
			buf.WriteString(`,"brake":` + strconv.Itoa(100*(i%7/6)))
			if i%50 == 0 {
				buf.WriteString(`,"drs":null}`)
			} else {
				buf.WriteString(`,"drs":` + strconv.Itoa([]int{0, 1, 8, 10, 12, 14}[i%6]) + `}`)
			}
		}
		buf.WriteByte(']')
		carDataBody = buf.Bytes()
	})
	return carDataBody
}

func pad2(v int64) string {
	if v < 10 {
		return "0" + strconv.FormatInt(v, 10)
	}
	return strconv.FormatInt(v, 10)
}

func report(b *testing.B, rows, bytesPerOp int) {
	b.SetBytes(int64(bytesPerOp))
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkDecodeLaps(b *testing.B) {
	body, rows := lapsBody(b)
	b.Run("stream", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range openf1.DecodeStream[openf1.Lap](bytes.NewReader(body)) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != rows {
				b.Fatal(n)
			}
		}
		report(b, rows, len(body))
	})
	b.Run("encoding-json-models", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out []openf1.Lap
			if err := json.Unmarshal(body, &out); err != nil || len(out) != rows {
				b.Fatal(err)
			}
		}
		report(b, rows, len(body))
	})
	b.Run("encoding-json-plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out []stdLap
			if err := json.Unmarshal(body, &out); err != nil || len(out) != rows {
				b.Fatal(err)
			}
		}
		report(b, rows, len(body))
	})
}

func BenchmarkDecodeCarData500k(b *testing.B) {
	body := syntheticCarData()
	b.Run("stream", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range openf1.DecodeStream[openf1.CarData](bytes.NewReader(body)) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != carDataRows {
				b.Fatal(n)
			}
		}
		report(b, carDataRows, len(body))
	})
	b.Run("encoding-json-plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out []stdCarData
			if err := json.Unmarshal(body, &out); err != nil || len(out) != carDataRows {
				b.Fatal(err)
			}
		}
		report(b, carDataRows, len(body))
	})
}

// BenchmarkClientCarData500k fetches the 500k-row body over loopback HTTP:
// the streaming method against the slice method (B/op shows what each holds).
func BenchmarkClientCarData500k(b *testing.B) {
	body := syntheticCarData()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	c, err := openf1.NewClient(openf1.WithBaseURL(srv.URL), openf1.WithoutRateLimit())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	f := openf1.CarDataFilter{SessionKey: openf1.Key(9472)}
	b.Run("seq", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range c.CarDataSeq(ctx, f) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != carDataRows {
				b.Fatal(n)
			}
		}
		report(b, carDataRows, len(body))
	})
	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := c.CarData(ctx, f)
			if err != nil || len(rows) != carDataRows {
				b.Fatal(err)
			}
		}
		report(b, carDataRows, len(body))
	})
}
