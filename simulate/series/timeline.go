package series

import (
	"fmt"
	"time"
)

// Timeline counts what happens over simulated time in fixed-width intervals
// starting at time 0. When the run outgrows MaxPoints intervals the width
// doubles and neighbours merge, so memory is bounded whatever the makespan.
// No call allocates after NewTimeline.
//
// Running must be called in non-decreasing time order, as a discrete-event
// loop naturally does; Count may be called at any time.
type Timeline struct {
	width   time.Duration
	buckets []bucket // fixed length maxPoints; only the first n are in use
	n       int

	// The running level is integrated up to last; cur is held from there on.
	last time.Duration
	cur  int
	peak int
	// area is ∫ running dt over [0, last] in running·nanoseconds. float64
	// rather than int64 because 10,000 children over a one-year run overflow
	// int64; it stays exact while the integral is below 2^53.
	area float64

	totals [numKinds]int64
}

// bucket is one interval of the timeline.
type bucket struct {
	peak   int     // highest running level at any instant in the interval
	area   float64 // ∫ running dt over the interval, up to the timeline's last
	counts [numKinds]int64
}

// NewTimeline returns an empty timeline that keeps at most maxPoints
// intervals (at least 2, so that halving is possible), the first 1 ms wide.
func NewTimeline(maxPoints int) *Timeline {
	return &Timeline{
		width:   time.Millisecond,
		buckets: make([]bucket, max(maxPoints, 2)),
	}
}

// Running changes the number of children running at t by delta (+1 when a
// child starts, −1 when it ends). A t before the previous Running call is
// treated as that call's time: the integral cannot run backwards, and the
// event loop only produces such times through ties. Negative t counts as 0.
func (tl *Timeline) Running(t time.Duration, delta int) {
	t = max(t, tl.last)
	tl.fit(t)
	tl.advance(t)
	tl.cur += delta
	i := tl.index(t)
	tl.touch(i)
	if delta > 0 {
		// A start raises the level at t. An end does not raise anything:
		// the levels in between while the ends of one instant are taken
		// one by one never last, and the span after t records the level
		// that does (advance).
		tl.buckets[i].peak = max(tl.buckets[i].peak, tl.cur)
	}
	tl.peak = max(tl.peak, tl.cur)
}

// Count adds n events of kind at t. Negative t counts as 0. It panics on an
// unknown kind: silently dropping counts would misreport the run.
func (tl *Timeline) Count(t time.Duration, kind Kind, n int) {
	if kind < 0 || kind >= numKinds {
		panic(fmt.Sprintf("series: Count with unknown %v", kind))
	}
	t = max(t, 0)
	tl.fit(t)
	i := tl.index(t)
	tl.touch(i)
	tl.buckets[i].counts[kind] += int64(n)
	tl.totals[kind] += int64(n)
}

// Peak returns the highest number of children running at any instant.
func (tl *Timeline) Peak() int { return tl.peak }

// Total returns how many events of kind were counted over the whole run.
func (tl *Timeline) Total(kind Kind) int64 {
	if kind < 0 || kind >= numKinds {
		return 0
	}
	return tl.totals[kind]
}

// Width returns the current interval width.
func (tl *Timeline) Width() time.Duration { return tl.width }

func (tl *Timeline) index(t time.Duration) int { return int(t / tl.width) }

// touch extends the in-use intervals to include interval i.
func (tl *Timeline) touch(i int) { tl.n = max(tl.n, i+1) }

// advance integrates the current running level from last to t, spreading the
// area over every interval the span crosses.
func (tl *Timeline) advance(t time.Duration) {
	if t <= tl.last {
		return
	}
	level := float64(tl.cur)
	tl.area += level * float64(t-tl.last)
	for i := tl.index(tl.last); i <= tl.index(t); i++ {
		start := time.Duration(i) * tl.width
		lo, hi := max(tl.last, start), min(t, start+tl.width)
		if hi <= lo {
			continue // t sits exactly on this interval's start
		}
		b := &tl.buckets[i]
		b.area += level * float64(hi-lo)
		b.peak = max(b.peak, tl.cur)
		tl.touch(i)
	}
	tl.last = t
}
