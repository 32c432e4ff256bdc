package series

import (
	"testing"
	"time"
)

func BenchmarkRecord(b *testing.B) {
	h := NewHistogram()
	var d time.Duration
	for b.Loop() {
		d = (d + 7919*time.Microsecond) % time.Hour
		h.Record(d)
	}
}

func BenchmarkRunning(b *testing.B) {
	tl := NewTimeline(2000)
	var now time.Duration
	for b.Loop() {
		now += 100 * time.Microsecond
		tl.Running(now, 1)
		tl.Running(now, -1)
	}
}

func BenchmarkCount(b *testing.B) {
	tl := NewTimeline(2000)
	var now time.Duration
	for b.Loop() {
		now += 100 * time.Microsecond
		tl.Count(now, Succeeded, 1)
	}
}

func BenchmarkQuantile(b *testing.B) {
	h := NewHistogram()
	for i := range 100_000 {
		h.Record(time.Duration(i) * time.Millisecond)
	}
	for b.Loop() {
		h.Quantile(0.99)
	}
}
