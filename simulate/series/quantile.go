package series

import (
	"math"
	"time"
)

// Quantile returns the q-quantile of the samples: the value of rank
// ceil(q*Count) in sorted order (rank 1 for q = 0), estimated within 1%.
// q is clamped to [0, 1]; Quantile(0) and Quantile(1) are the exact min and
// max. It returns 0 with no samples.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.count == 0 {
		return 0
	}
	if math.IsNaN(q) || q <= 0 {
		return time.Duration(h.min)
	}
	if q >= 1 {
		return time.Duration(h.max)
	}
	rank := int64(math.Ceil(q * float64(h.count)))
	rank = min(max(rank, 1), h.count)
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen < rank {
			continue
		}
		lo, width := bucketBounds(i)
		// The middle of the bucket halves the worst-case error; clamping to
		// the exact extremes makes narrow distributions (a constant, one
		// sample) come out exact.
		v := lo + (width-1)/2
		v = min(max(v, h.min), h.max)
		return time.Duration(v)
	}
	return time.Duration(h.max) // unreachable while counts sum to count
}
