package series

import "math/bits"

// The histogram's bucket layout is log-linear: every power of two is split
// into subCount equal buckets, so a bucket's width is at most 1/subCount of
// its lower bound. Reporting the middle of a bucket is therefore off by at
// most 1/(2*subCount) ≈ 0.39%, comfortably inside the promised 1%.
const (
	subBits  = 7
	subCount = 1 << subBits // buckets per power of two

	// Below exactBelow nanoseconds every value has a bucket of its own; the
	// log-linear rule would give those buckets a width under one.
	exactBelow = 2 * subCount

	// maxShift is the shift applied to the largest int64 (bit length 63) so
	// that its top subBits+1 bits select the bucket.
	maxShift   = 63 - (subBits + 1)
	numBuckets = (maxShift + 2) * subCount
)

// bucketIndex maps a non-negative value to its bucket. Indices grow with the
// value, which is what lets Quantile walk buckets in order.
func bucketIndex(v uint64) int {
	if v < exactBelow {
		return int(v)
	}
	shift := bits.Len64(v) - (subBits + 1)
	// v>>shift lies in [subCount, 2*subCount), so consecutive shifts tile the
	// index space without gaps.
	return shift*subCount + int(v>>shift)
}

// bucketBounds returns the smallest value of bucket i and how many values it
// covers; it inverts bucketIndex.
func bucketBounds(i int) (lo, width uint64) {
	if i < exactBelow {
		return uint64(i), 1
	}
	shift := i/subCount - 1
	mantissa := uint64(i - shift*subCount)
	return mantissa << shift, 1 << shift
}
