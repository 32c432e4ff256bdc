package series

import (
	"testing"
	"time"
)

// The simulator calls these once or more per child; any allocation would
// scale garbage with the ten million children of a large run.
func TestZeroAllocs(t *testing.T) {
	h := NewHistogram()
	tl := NewTimeline(64)
	var now time.Duration
	tests := []struct {
		name string
		fn   func()
	}{
		{"Histogram.Record", func() { now += 997 * time.Microsecond; h.Record(now) }},
		// Time keeps advancing, so these runs also cross many width doublings.
		{"Timeline.Running", func() { now += 3 * time.Millisecond; tl.Running(now, 1); tl.Running(now, -1) }},
		{"Timeline.Count", func() { now += 5 * time.Millisecond; tl.Count(now, Started, 1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := testing.AllocsPerRun(10_000, tc.fn); got != 0 {
				t.Errorf("%v allocations per call, want 0", got)
			}
		})
	}
}
