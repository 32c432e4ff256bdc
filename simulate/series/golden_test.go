package series

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from current output")

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file; run go test -update if the change is deliberate\ngot:\n%s", path, got)
	}
}

// scenarioPoints is a small hand-written run: a ramp to 40 children with a
// throttled burst at the top, a failure spike, and a drain. It is built by
// hand rather than randomly so the goldens read as a story.
func scenarioPoints() []Point {
	tl := NewTimeline(40)
	s := time.Second
	for i := range 40 {
		at := time.Duration(i) * 100 * time.Millisecond
		tl.Running(at, 1)
		tl.Count(at, Started, 1)
	}
	tl.Count(4*s, Throttled, 12)
	tl.Count(4200*time.Millisecond, Throttled, 3)
	for i := range 40 {
		at := 6*s + time.Duration(i)*150*time.Millisecond
		kind := Succeeded
		if i >= 10 && i < 14 {
			kind = Failed
		}
		tl.Running(at, -1)
		tl.Count(at, kind, 1)
	}
	return tl.Points()
}

func TestGoldenRenderers(t *testing.T) {
	tests := []struct {
		file  string
		pts   []Point
		write func(*bytes.Buffer, []Point) error
	}{
		{"scenario.csv", scenarioPoints(), func(b *bytes.Buffer, p []Point) error { return WriteCSV(b, p) }},
		{"scenario.svg", scenarioPoints(), func(b *bytes.Buffer, p []Point) error { return WriteSVG(b, p, "Map run <demo> & co") }},
		{"scenario.html", scenarioPoints(), func(b *bytes.Buffer, p []Point) error { return WriteHTML(b, p, "Map run <demo> & co") }},
		{"empty.csv", nil, func(b *bytes.Buffer, p []Point) error { return WriteCSV(b, p) }},
		{"empty.svg", nil, func(b *bytes.Buffer, p []Point) error { return WriteSVG(b, p, "empty") }},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b, tc.pts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.file, b.Bytes())
		})
	}
}
