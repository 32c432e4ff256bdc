package profile

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// quantile is the q-quantile of sorted samples (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(math.Ceil(q*float64(len(sorted))))-1]
}

func TestLognormalQuantiles(t *testing.T) {
	tests := []struct{ p50, p99 time.Duration }{
		{200 * time.Millisecond, 2 * time.Second},
		{100 * time.Millisecond, time.Second},
		{time.Second, 1500 * time.Millisecond},
		{5 * time.Millisecond, 5 * time.Minute},
	}
	for _, tt := range tests {
		d, err := NewLognormal(tt.p50, tt.p99)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(d.String(), func(t *testing.T) {
			const n = 200_000
			r := newRand(1)
			s := make([]time.Duration, n)
			for i := range s {
				s[i] = d.Sample(r, nil, 1)
			}
			slices.Sort(s)
			for _, c := range []struct {
				q    float64
				want time.Duration
			}{{0.5, tt.p50}, {0.99, tt.p99}} {
				got := quantile(s, c.q)
				if rel := math.Abs(float64(got-c.want)) / float64(c.want); rel > 0.02 {
					t.Errorf("empirical p%g = %s, want %s ±2%% (off by %.2f%%)", c.q*100, got, c.want, rel*100)
				}
			}
		})
	}
}

func TestLognormalEqualQuantilesIsConstant(t *testing.T) {
	d, err := NewLognormal(time.Second, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r := newRand(2)
	for range 100 {
		if got := d.Sample(r, nil, 1); got < time.Second-time.Microsecond || got > time.Second+time.Microsecond {
			t.Fatalf("p50 = p99 = 1s sampled %s, want 1s", got)
		}
	}
}

func TestNewLognormalRejects(t *testing.T) {
	tests := []struct{ p50, p99 time.Duration }{
		{0, time.Second},
		{-time.Second, time.Second},
		{2 * time.Second, time.Second},
	}
	for _, tt := range tests {
		if _, err := NewLognormal(tt.p50, tt.p99); err == nil {
			t.Errorf("NewLognormal(%s, %s) succeeded, want an error", tt.p50, tt.p99)
		}
	}
}

// TestSampleBounds checks every draw of the distributions that have hard
// bounds.
func TestSampleBounds(t *testing.T) {
	tests := []struct {
		dist     Dist
		min, max time.Duration
	}{
		{Fixed{time.Second}, time.Second, time.Second},
		{Uniform{100 * time.Millisecond, 300 * time.Millisecond}, 100 * time.Millisecond, 300 * time.Millisecond},
		{Uniform{time.Second, time.Second}, time.Second, time.Second},
		{Normal{0, time.Second}, 0, math.MaxInt64},
		{Normal{time.Second, 10 * time.Second}, 0, math.MaxInt64},
		{Values{time.Millisecond, time.Hour}, time.Millisecond, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.dist.String(), func(t *testing.T) {
			r := newRand(3)
			for range 10_000 {
				if got := tt.dist.Sample(r, nil, 1); got < tt.min || got > tt.max {
					t.Fatalf("sampled %s, outside [%s, %s]", got, tt.min, tt.max)
				}
			}
		})
	}
}

func TestMeans(t *testing.T) {
	tests := []struct {
		dist Dist
		want time.Duration
	}{
		{Uniform{100 * time.Millisecond, 300 * time.Millisecond}, 200 * time.Millisecond},
		{Normal{time.Second, 100 * time.Millisecond}, time.Second},
		{Values{100 * time.Millisecond, 200 * time.Millisecond, 600 * time.Millisecond}, 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.dist.String(), func(t *testing.T) {
			const n = 100_000
			r := newRand(4)
			var sum float64
			for range n {
				sum += float64(tt.dist.Sample(r, nil, 1))
			}
			if mean := sum / n; math.Abs(mean-float64(tt.want))/float64(tt.want) > 0.01 {
				t.Errorf("mean %s, want %s ±1%%", time.Duration(mean), tt.want)
			}
		})
	}
}

func TestValuesPicksEach(t *testing.T) {
	d := Values{1, 2, 3}
	seen := map[time.Duration]int{}
	r := newRand(5)
	for range 3000 {
		seen[d.Sample(r, nil, 1)]++
	}
	for _, v := range d {
		if seen[v] < 900 || seen[v] > 1100 {
			t.Errorf("value %d drawn %d times of 3000, want about 1000", v, seen[v])
		}
	}
}

func TestNormalTruncatedAtZero(t *testing.T) {
	// Mean 0: half the raw draws are negative; redrawing them keeps a
	// half-normal, whose mean is stddev·√(2/π), where clamping would give
	// half of that.
	d := Normal{0, time.Second}
	r := newRand(6)
	const n = 100_000
	var sum float64
	for range n {
		sum += d.Sample(r, nil, 1).Seconds()
	}
	want := math.Sqrt(2 / math.Pi)
	if mean := sum / n; math.Abs(mean-want) > 0.01 {
		t.Errorf("mean %.4fs, want %.4fs (a half-normal)", mean, want)
	}
}

func TestPerKB(t *testing.T) {
	d := PerKB{Field: "Size", MsPerKB: 2}
	base := PerKB{Field: "Size", MsPerKB: 2, Base: 50 * time.Millisecond}
	obj := func(size any) map[string]any { return map[string]any{"Key": "a.csv", "Size": size} }
	tests := []struct {
		name  string
		dist  PerKB
		input any
		want  time.Duration
	}{
		{"json.Number", d, obj(json.Number("10240")), 20 * time.Millisecond},
		{"numeric string", d, obj("2048"), 4 * time.Millisecond},
		{"fraction of a KiB", d, obj(json.Number("512")), time.Millisecond},
		{"float64", d, obj(1024.0), 2 * time.Millisecond},
		{"missing field", d, map[string]any{"Key": "a"}, 0},
		{"missing field with base", base, map[string]any{"Key": "a"}, 50 * time.Millisecond},
		{"base added", base, obj(json.Number("1024")), 52 * time.Millisecond},
		{"not a number", d, obj("big"), 0},
		{"bool", d, obj(true), 0},
		{"negative", d, obj(json.Number("-1024")), 0},
		{"nil input", d, nil, 0},
		{"string input", d, "x", 0},
		{"batch sums Items", d, map[string]any{"Items": []any{obj(json.Number("1024")), obj("3072"), "junk"}}, 8 * time.Millisecond},
		{"array sums", d, []any{obj(json.Number("1024")), obj(json.Number("1024"))}, 4 * time.Millisecond},
		{"field beats Items", d, map[string]any{"Size": json.Number("1024"), "Items": []any{obj("10240")}}, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.dist.Sample(nil, tt.input, 1); got != tt.want {
				t.Errorf("Sample = %s, want %s", got, tt.want)
			}
		})
	}
	if !d.NeedsInput() {
		t.Error("PerKB.NeedsInput() = false, want true")
	}
}

func TestPerItem(t *testing.T) {
	d := PerItem{200 * time.Millisecond}
	tests := []struct {
		items int
		want  time.Duration
	}{{1, 200 * time.Millisecond}, {5, time.Second}, {0, 0}, {-3, 0}}
	for _, tt := range tests {
		if got := d.Sample(nil, nil, tt.items); got != tt.want {
			t.Errorf("items %d: Sample = %s, want %s", tt.items, got, tt.want)
		}
	}
}

// TestSameSeedSameSamples checks that a simulation can be replayed from its
// seed, and that a Dist that does not need input draws the same whatever
// input it is given.
func TestSameSeedSameSamples(t *testing.T) {
	ln, _ := NewLognormal(200*time.Millisecond, 2*time.Second)
	dists := []Dist{
		Fixed{time.Second}, ln, Uniform{0, time.Second}, Normal{time.Second, time.Second},
		Values{1, 2, 3}, PerItem{time.Millisecond}, PerKB{Field: "Size", MsPerKB: 1},
	}
	for _, d := range dists {
		t.Run(d.String(), func(t *testing.T) {
			r1, r2 := newRand(42), newRand(42)
			input := map[string]any{"Size": json.Number("4096")}
			for i := range 1000 {
				a, b := d.Sample(r1, input, 3), d.Sample(r2, input, 3)
				if a != b {
					t.Fatalf("draw %d: %s then %s from the same seed", i, a, b)
				}
			}
			if d.NeedsInput() {
				return
			}
			r3, r4 := newRand(7), newRand(7)
			for range 100 {
				if a, b := d.Sample(r3, nil, 3), d.Sample(r4, "unrelated", 3); a != b {
					t.Fatalf("input changed a draw (%s vs %s) of a Dist that does not need it", a, b)
				}
			}
		})
	}
}

func TestDistString(t *testing.T) {
	ln, _ := NewLognormal(200*time.Millisecond, 2*time.Second)
	tests := []struct {
		dist Dist
		want string
	}{
		{Fixed{time.Second}, "fixed 1s"},
		{ln, "lognormal p50 200ms p99 2s"},
		{Uniform{100 * time.Millisecond, 300 * time.Millisecond}, "uniform [100ms, 300ms]"},
		{Normal{time.Second, 100 * time.Millisecond}, "normal mean 1s stddev 100ms"},
		{Values{100 * time.Millisecond, 200 * time.Millisecond}, "values [100ms, 200ms]"},
		{PerKB{Field: "Size", MsPerKB: 2}, "perKB Size 2ms/KB"},
		{PerKB{Field: "Size", MsPerKB: 0.5, Base: time.Second}, "perKB Size 0.5ms/KB + 1s"},
		{PerItem{200 * time.Millisecond}, "perItem 200ms"},
	}
	for _, tt := range tests {
		if got := tt.dist.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestSaturation(t *testing.T) {
	huge := PerKB{Field: "Size", MsPerKB: 1e300, Base: time.Hour}
	if got := huge.Sample(nil, map[string]any{"Size": json.Number("2048")}, 1); got != math.MaxInt64 {
		t.Errorf("huge perKB sampled %d, want the maximum duration", got)
	}
	if got := (PerItem{time.Hour}).Sample(nil, nil, math.MaxInt32); got != math.MaxInt64 {
		t.Errorf("huge perItem sampled %d, want the maximum duration", got)
	}
}

func TestLognormalLiteral(t *testing.T) {
	lit := &Lognormal{P50: 200 * time.Millisecond, P99: 2 * time.Second}
	fit, _ := NewLognormal(200*time.Millisecond, 2*time.Second)
	r1, r2 := newRand(9), newRand(9)
	for range 100 {
		if a, b := lit.Sample(r1, nil, 1), fit.Sample(r2, nil, 1); a != b {
			t.Fatalf("a Lognormal literal sampled %s where NewLognormal's sampled %s", a, b)
		}
	}
}

func TestSecondsSaturates(t *testing.T) {
	tests := []struct {
		in   float64
		want time.Duration
	}{
		{1.5, 1500 * time.Millisecond},
		{-1, 0},
		{math.NaN(), 0},
		{1e300, math.MaxInt64},
		{math.Inf(1), math.MaxInt64},
	}
	for _, tt := range tests {
		if got := seconds(tt.in); got != tt.want {
			t.Errorf("seconds(%g) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
