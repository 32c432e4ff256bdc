package profile

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Dist samples a duration. input is the task's input (a JSON value as
// encoding/json gives with UseNumber: map[string]any, []any, json.Number,
// string, bool, nil) and items the number of items in the child's input (1
// without batching); Dist implementations that need neither must not look
// at them.
type Dist interface {
	Sample(r *rand.Rand, input any, items int) time.Duration
	// NeedsInput reports whether Sample reads input (perKB); the simulator
	// then decodes items.
	NeedsInput() bool
	String() string // e.g. "fixed 1s", "lognormal p50 200ms p99 2s"
}

// z99 is the standard normal quantile of 0.99: p99 lies this many sigmas
// above the median of a lognormal.
const z99 = 2.3263478740408408

// Fixed always takes D.
type Fixed struct{ D time.Duration }

func (d Fixed) Sample(*rand.Rand, any, int) time.Duration { return d.D }
func (Fixed) NeedsInput() bool                            { return false }
func (d Fixed) String() string                            { return "fixed " + d.D.String() }

// Lognormal is fitted to a median and a 99th percentile, the two numbers
// a latency dashboard shows; its long right tail is what service latencies
// look like.
type Lognormal struct {
	P50, P99  time.Duration
	mu, sigma float64 // of ln(seconds)
}

// NewLognormal fits a lognormal to p50 and p99; p50 must be positive and
// p99 at least p50.
func NewLognormal(p50, p99 time.Duration) (*Lognormal, error) {
	if p50 <= 0 {
		return nil, fmt.Errorf("p50 must be more than 0, got %s", p50)
	}
	if p99 < p50 {
		return nil, fmt.Errorf("p99 (%s) must be at least p50 (%s)", p99, p50)
	}
	mu := math.Log(p50.Seconds())
	return &Lognormal{P50: p50, P99: p99, mu: mu, sigma: (math.Log(p99.Seconds()) - mu) / z99}, nil
}

func (d *Lognormal) Sample(r *rand.Rand, _ any, _ int) time.Duration {
	mu, sigma := d.mu, d.sigma
	if mu == 0 && sigma == 0 && d.P50 > 0 {
		// Written as a literal rather than by NewLognormal. (0, 0) is also
		// the fit of p50 = p99 = 1s, which this recomputes to the same.
		mu = math.Log(d.P50.Seconds())
		sigma = (math.Log(d.P99.Seconds()) - mu) / z99
	}
	return seconds(math.Exp(mu + sigma*r.NormFloat64()))
}
func (*Lognormal) NeedsInput() bool { return false }
func (d *Lognormal) String() string {
	return fmt.Sprintf("lognormal p50 %s p99 %s", d.P50, d.P99)
}

// Uniform is any duration in [Min, Max], equally likely.
type Uniform struct{ Min, Max time.Duration }

func (d Uniform) Sample(r *rand.Rand, _ any, _ int) time.Duration {
	span := d.Max - d.Min
	if span <= 0 || span == math.MaxInt64 {
		return d.Min
	}
	return d.Min + time.Duration(r.Int64N(int64(span)+1))
}
func (Uniform) NeedsInput() bool { return false }
func (d Uniform) String() string { return fmt.Sprintf("uniform [%s, %s]", d.Min, d.Max) }

// Normal is a normal distribution truncated at 0: negative draws are drawn
// again, because a duration cannot be negative and clamping them would pile
// up samples at exactly 0.
type Normal struct{ Mean, Stddev time.Duration }

// maxRedraws bounds the redraws of Normal so Sample always ends; with a
// mean that is not negative, more than half the draws are kept, and 64
// misses in a row are a 2^-64 event.
const maxRedraws = 64

func (d Normal) Sample(r *rand.Rand, _ any, _ int) time.Duration {
	for range maxRedraws {
		x := d.Mean.Seconds() + d.Stddev.Seconds()*r.NormFloat64()
		if x >= 0 {
			return seconds(x)
		}
	}
	return 0
}
func (Normal) NeedsInput() bool { return false }
func (d Normal) String() string {
	return fmt.Sprintf("normal mean %s stddev %s", d.Mean, d.Stddev)
}

// Values picks one of a list of measured durations, each equally likely:
// for replaying what a real run recorded.
type Values []time.Duration

func (d Values) Sample(r *rand.Rand, _ any, _ int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[r.IntN(len(d))]
}
func (Values) NeedsInput() bool { return false }
func (d Values) String() string {
	parts := make([]string, len(d))
	for i, v := range d {
		parts[i] = v.String()
	}
	return "values [" + strings.Join(parts, ", ") + "]"
}

// PerItem takes D for each item of the child's input batch.
type PerItem struct{ D time.Duration }

func (d PerItem) Sample(_ *rand.Rand, _ any, items int) time.Duration {
	if items <= 0 {
		return 0
	}
	if d.D > math.MaxInt64/time.Duration(items) {
		return math.MaxInt64 // saturate rather than wrap to a negative duration
	}
	return d.D * time.Duration(items)
}
func (PerItem) NeedsInput() bool { return false }
func (d PerItem) String() string { return "perItem " + d.D.String() }

// addSat adds two non-negative durations, saturating instead of wrapping.
func addSat(a, b time.Duration) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// seconds converts a float number of seconds to a Duration, saturating
// instead of overflowing: a wide lognormal's far tail can exceed 292 years.
func seconds(s float64) time.Duration {
	ns := s * 1e9
	switch {
	case math.IsNaN(ns) || ns <= 0:
		return 0
	case ns >= math.MaxInt64:
		return math.MaxInt64
	}
	return time.Duration(ns)
}
