package series

import "time"

// Point summarises one interval of a Timeline.
type Point struct {
	T           time.Duration // start of the interval
	Running     int           // peak number of children running in the interval
	MeanRunning float64       // time-weighted mean number running in the interval
	Started     int64
	Succeeded   int64
	Failed      int64
	Throttled   int64
}

// Points returns one point per interval from time 0 up to the interval of
// the last event. The running level after the last Running call is taken to
// hold to the end of the last interval, as it would in a snapshot of a run
// still in progress.
func (tl *Timeline) Points() []Point {
	pts := make([]Point, tl.n)
	level := float64(tl.cur)
	for i := range pts {
		b := tl.buckets[i]
		start := time.Duration(i) * tl.width
		end := start + tl.width
		if end > tl.last {
			b.area += level * float64(end-max(start, tl.last))
			b.peak = max(b.peak, tl.cur)
		}
		pts[i] = Point{
			T:           start,
			Running:     b.peak,
			MeanRunning: b.area / float64(tl.width),
			Started:     b.counts[Started],
			Succeeded:   b.counts[Succeeded],
			Failed:      b.counts[Failed],
			Throttled:   b.counts[Throttled],
		}
	}
	return pts
}

// MeanRunning returns the time-weighted mean number of children running
// over [0, until]. Beyond the last Running call the current level is assumed
// to hold. It is exact for until at or after the last Running call; earlier,
// the area of the interval containing until is apportioned linearly, so the
// answer is accurate to one interval width.
func (tl *Timeline) MeanRunning(until time.Duration) float64 {
	if until <= 0 {
		return 0
	}
	if until >= tl.last {
		return (tl.area + float64(tl.cur)*float64(until-tl.last)) / float64(until)
	}
	j := tl.index(until)
	var area float64
	for i := 0; i < j; i++ {
		area += tl.buckets[i].area
	}
	start := time.Duration(j) * tl.width
	// The stored area of interval j covers [start, min(end, last)).
	covered := min(start+tl.width, tl.last) - start
	if covered > 0 {
		area += tl.buckets[j].area * float64(until-start) / float64(covered)
	}
	return area / float64(until)
}
