package series

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// exactQuantile uses the same rank definition as Histogram.Quantile so the
// comparison measures only the bucketing error.
func exactQuantile(sorted []time.Duration, q float64) time.Duration {
	rank := int(math.Ceil(q * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

func within1Percent(got, want time.Duration) bool {
	return math.Abs(float64(got-want)) <= 0.01*float64(want)
}

func TestHistogramQuantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		n    int
		gen  func() time.Duration
	}{
		{"uniform", 100_000, func() time.Duration { return time.Duration(r.Int64N(int64(10 * time.Second))) }},
		{"exponential", 100_000, func() time.Duration { return time.Duration(r.ExpFloat64() * float64(200*time.Millisecond)) }},
		{"constant", 1000, func() time.Duration { return 1234567 * time.Microsecond }},
		{"one sample", 1, func() time.Duration { return 42 * time.Millisecond }},
		{"huge up to 1h", 50_000, func() time.Duration { return time.Duration(r.Int64N(int64(time.Hour))) + 1 }},
		{"sub-millisecond", 50_000, func() time.Duration { return time.Duration(r.Int64N(int64(time.Millisecond))) }},
		{"log-uniform ns to 1h", 50_000, func() time.Duration {
			return time.Duration(math.Exp(r.Float64() * math.Log(float64(time.Hour))))
		}},
		{"exact small values", 10_000, func() time.Duration { return time.Duration(r.IntN(300)) }},
	}
	qs := []float64{0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHistogram()
			samples := make([]time.Duration, tc.n)
			var sum time.Duration
			for i := range samples {
				samples[i] = tc.gen()
				sum += samples[i]
				h.Record(samples[i])
			}
			slices.Sort(samples)
			if h.Count() != int64(tc.n) {
				t.Errorf("Count = %d, want %d", h.Count(), tc.n)
			}
			if h.Min() != samples[0] || h.Max() != samples[tc.n-1] {
				t.Errorf("Min, Max = %v, %v, want %v, %v", h.Min(), h.Max(), samples[0], samples[tc.n-1])
			}
			if want := sum / time.Duration(tc.n); h.Mean() != want {
				t.Errorf("Mean = %v, want %v", h.Mean(), want)
			}
			for _, q := range qs {
				want := exactQuantile(samples, q)
				if got := h.Quantile(q); !within1Percent(got, want) {
					t.Errorf("Quantile(%v) = %v, want %v ±1%%", q, got, want)
				}
			}
		})
	}
}

func TestHistogramEmpty(t *testing.T) {
	var h Histogram // the zero value must be usable
	for _, q := range []float64{0, 0.5, 1} {
		if got := h.Quantile(q); got != 0 {
			t.Errorf("Quantile(%v) = %v, want 0", q, got)
		}
	}
	if h.Count() != 0 || h.Max() != 0 || h.Min() != 0 || h.Mean() != 0 {
		t.Errorf("empty histogram: count %d max %v min %v mean %v", h.Count(), h.Max(), h.Min(), h.Mean())
	}
}

func TestHistogramEdgeValues(t *testing.T) {
	tests := []struct {
		name    string
		in      []time.Duration
		wantMin time.Duration
		wantMax time.Duration
	}{
		{"negative clamps to zero", []time.Duration{-5, 10}, 0, 10},
		{"largest duration", []time.Duration{math.MaxInt64, 1}, 1, math.MaxInt64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHistogram()
			for _, d := range tc.in {
				h.Record(d)
			}
			if h.Min() != tc.wantMin || h.Max() != tc.wantMax {
				t.Errorf("Min, Max = %v, %v, want %v, %v", h.Min(), h.Max(), tc.wantMin, tc.wantMax)
			}
			if h.Quantile(1) != tc.wantMax {
				t.Errorf("Quantile(1) = %v, want %v", h.Quantile(1), tc.wantMax)
			}
		})
	}
}

// TestHistogramMeanNoOverflow covers the reason the sum is 128 bits wide:
// 10M one-hour samples sum past the int64 range.
func TestHistogramMeanNoOverflow(t *testing.T) {
	h := NewHistogram()
	for range 10_000_000 {
		h.Record(time.Hour)
	}
	if h.Mean() != time.Hour {
		t.Errorf("Mean = %v, want 1h", h.Mean())
	}
}

func TestHistogramMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		name   string
		na, nb int
	}{
		{"both filled", 20_000, 30_000},
		{"into empty", 0, 1000},
		{"from empty", 1000, 0},
		{"both empty", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b, all := NewHistogram(), NewHistogram(), NewHistogram()
			for i := range tc.na + tc.nb {
				d := time.Duration(r.ExpFloat64() * float64(time.Second))
				all.Record(d)
				if i < tc.na {
					a.Record(d)
				} else {
					b.Record(d)
				}
			}
			a.Merge(b)
			a.Merge(nil)
			if *a != *all {
				t.Fatalf("merged histogram differs from one recorded directly: count %d vs %d, min %v vs %v, max %v vs %v, mean %v vs %v",
					a.Count(), all.Count(), a.Min(), all.Min(), a.Max(), all.Max(), a.Mean(), all.Mean())
			}
		})
	}
}

func TestBucketLayout(t *testing.T) {
	// Every bucket's bounds must map back to it, buckets must tile the value
	// range without gaps, and widths must stay within the 1% error budget.
	next := uint64(0)
	for i := range numBuckets {
		lo, w := bucketBounds(i)
		if lo != next {
			t.Fatalf("bucket %d starts at %d, want %d", i, lo, next)
		}
		if bucketIndex(lo) != i || bucketIndex(lo+w-1) != i {
			t.Fatalf("bucket %d [%d, +%d) does not map back", i, lo, w)
		}
		if w > 1 && float64(w)/float64(lo) > 1.0/subCount {
			t.Fatalf("bucket %d width %d too wide for lower bound %d", i, w, lo)
		}
		next = lo + w
	}
	if next != 1<<63 {
		t.Fatalf("buckets end at %d, want 2^63", next)
	}
}
