package series

import (
	"math/bits"
	"time"
)

// Histogram records durations in log-linear buckets (like HDR histograms):
// quantiles are within 1% of the exact sample quantile, while min, max, count
// and sum are kept exactly. Its size is fixed (about 58 KiB) whatever the
// number of samples, and Record never allocates.
//
// The zero value is an empty histogram ready to use. A Histogram is not safe
// for concurrent use; the simulator records from a single event loop.
type Histogram struct {
	counts   [numBuckets]int64
	count    int64
	min, max uint64
	// The sum is 128 bits wide because ten million samples of an hour each
	// (3.6e19 ns) overflow int64; an exact sum keeps Mean exact too.
	sumHi, sumLo uint64
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram { return new(Histogram) }

// Record adds one sample. Negative durations are recorded as zero: simulated
// latencies cannot be negative, and a clamp keeps one bad sample from
// corrupting the unsigned bucket arithmetic.
func (h *Histogram) Record(d time.Duration) {
	v := uint64(max(d, 0))
	h.counts[bucketIndex(v)]++
	if h.count == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.count++
	var carry uint64
	h.sumLo, carry = bits.Add64(h.sumLo, v, 0)
	h.sumHi += carry
}

// Count returns the number of samples recorded.
func (h *Histogram) Count() int64 { return h.count }

// Min returns the smallest sample exactly, or 0 with no samples.
func (h *Histogram) Min() time.Duration { return time.Duration(h.min) }

// Max returns the largest sample exactly, or 0 with no samples.
func (h *Histogram) Max() time.Duration { return time.Duration(h.max) }

// Mean returns the arithmetic mean of the samples, truncated to the
// nanosecond, or 0 with no samples.
func (h *Histogram) Mean() time.Duration {
	if h.count == 0 {
		return 0
	}
	// Every sample is below 2^63, so the sum is below count*2^63 and its high
	// word is below count: the quotient fits in 64 bits and Div64 cannot panic.
	q, _ := bits.Div64(h.sumHi, h.sumLo, uint64(h.count))
	return time.Duration(q)
}

// Merge adds every sample of o to h, as if they had been recorded into h.
// Per-worker or per-shard histograms are combined this way.
func (h *Histogram) Merge(o *Histogram) {
	if o == nil || o.count == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.count == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.count += o.count
	var carry uint64
	h.sumLo, carry = bits.Add64(h.sumLo, o.sumLo, 0)
	h.sumHi += o.sumHi + carry
}
