package series

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestSparkline(t *testing.T) {
	run := func(levels ...int) []Point {
		pts := make([]Point, len(levels))
		for i, l := range levels {
			pts[i] = Point{T: time.Duration(i) * time.Millisecond, Running: l}
		}
		return pts
	}
	tests := []struct {
		name  string
		pts   []Point
		width int
		want  string
	}{
		{"ramp", run(0, 1, 2, 3, 4, 5, 6, 7), 8, "▁▂▃▄▅▆▇█"},
		{"all zero", run(0, 0, 0), 3, "▁▁▁"},
		{"small values rise above zero", run(0, 1, 100), 3, "▁▂█"},
		{"downsample keeps peaks", run(0, 0, 9, 0, 0, 0, 4, 0), 4, "▁█▁▅"},
		{"stretch", run(1, 2), 4, "▅▅██"},
		{"width 1", run(3, 8, 2), 1, "█"},
		{"no points", nil, 10, ""},
		{"zero width", run(1), 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Sparkline(tc.pts, tc.width)
			if got != tc.want {
				t.Errorf("Sparkline = %q, want %q", got, tc.want)
			}
			if n := len([]rune(got)); tc.want != "" && n != tc.width {
				t.Errorf("%d characters, want %d", n, tc.width)
			}
		})
	}
}

// The SVG must parse as XML on its own; the HTML must not reach the network.
func TestRenderedWellFormed(t *testing.T) {
	pts := scenarioPoints()
	var svg, page bytes.Buffer
	if err := WriteSVG(&svg, pts, `a "quoted" <title>`); err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(&svg)
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
	if err := WriteHTML(&page, pts, "x"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"http://", "https://", "<script", "@import", "url("} {
		if strings.Contains(strings.ReplaceAll(page.String(), `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderersReportWriteErrors(t *testing.T) {
	pts := scenarioPoints()
	tests := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"csv", func(w io.Writer) error { return WriteCSV(w, pts) }},
		{"svg", func(w io.Writer) error { return WriteSVG(w, pts, "t") }},
		{"html", func(w io.Writer) error { return WriteHTML(w, pts, "t") }},
	}
	for _, tc := range tests {
		if err := tc.fn(failWriter{}); err == nil {
			t.Errorf("%s: no error from a failing writer", tc.name)
		}
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct {
		d              time.Duration
		seconds, short string
	}{
		{0, "0.000", "0"},
		{1500 * time.Microsecond, "0.001", "1ms"},
		{250 * time.Millisecond, "0.250", "250ms"},
		{1500 * time.Millisecond, "1.500", "1.5s"},
		{90 * time.Second, "90.000", "1m30s"},
		{time.Hour + 15*time.Minute, "4500.000", "1h15m"},
		{26 * time.Hour, "93600.000", "26h"},
	}
	for _, tc := range tests {
		if got := seconds(tc.d); got != tc.seconds {
			t.Errorf("seconds(%v) = %q, want %q", tc.d, got, tc.seconds)
		}
		if got := shortDuration(tc.d); got != tc.short {
			t.Errorf("shortDuration(%v) = %q, want %q", tc.d, got, tc.short)
		}
	}
}

func TestTicks(t *testing.T) {
	timeTests := []struct{ end, want time.Duration }{
		{5 * time.Millisecond, time.Millisecond},
		{10 * time.Second, 2 * time.Second},
		{time.Hour, 10 * time.Minute},
		{30 * 24 * time.Hour, 96 * time.Hour},
	}
	for _, tc := range timeTests {
		if got := timeTick(tc.end); got != tc.want {
			t.Errorf("timeTick(%v) = %v, want %v", tc.end, got, tc.want)
		}
	}
	countTests := []struct{ peak, tick, top int }{
		{0, 1, 1}, {1, 1, 1}, {5, 1, 5}, {7, 2, 8}, {40, 10, 40}, {10_000, 2000, 10_000}, {9999, 2000, 10_000},
	}
	for _, tc := range countTests {
		if tick, top := countTick(tc.peak); tick != tc.tick || top != tc.top {
			t.Errorf("countTick(%d) = %d, %d, want %d, %d", tc.peak, tick, top, tc.tick, tc.top)
		}
	}
}
