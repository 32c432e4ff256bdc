package series

import "time"

// fit doubles the interval width until t falls inside the fixed interval
// array. Doubling (rather than rescaling to an arbitrary width) keeps every
// old interval wholly inside one new interval, so merged peaks, areas and
// counts stay exact instead of being apportioned.
func (tl *Timeline) fit(t time.Duration) {
	// Division rather than width*len avoids overflow for very late times.
	for int64(t/tl.width) >= int64(len(tl.buckets)) {
		tl.halve()
	}
}

// halve merges neighbouring intervals pairwise in place and doubles the
// width. Working in place is what keeps growth allocation-free.
func (tl *Timeline) halve() {
	old := tl.n
	n := (old + 1) / 2
	for i := 0; i < n; i++ {
		m := tl.buckets[2*i]
		if 2*i+1 < old {
			o := tl.buckets[2*i+1]
			m.peak = max(m.peak, o.peak)
			m.area += o.area
			for k := range m.counts {
				m.counts[k] += o.counts[k]
			}
		}
		tl.buckets[i] = m
	}
	clear(tl.buckets[n:old])
	tl.n = n
	tl.width *= 2
}
