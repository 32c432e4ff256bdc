package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestVirtualClockOrder(t *testing.T) {
	c := NewVirtualClock(epoch)
	var got []string
	at := func(name string) func() {
		return func() { got = append(got, name+"@"+c.Elapsed().String()) }
	}
	c.After(3*time.Second, at("c"))
	c.After(time.Second, at("a"))
	c.After(time.Second, at("b")) // same instant: in scheduling order
	c.After(-time.Second, at("now"))
	c.After(2*time.Second, func() {
		got = append(got, "x@"+c.Elapsed().String())
		c.After(0, at("y")) // due now, after what is already due now
		c.After(time.Second, at("z"))
	})
	if n := c.Run(); n != 7 {
		t.Errorf("ran %d events, want 7", n)
	}
	want := []string{"now@0s", "a@1s", "b@1s", "x@2s", "y@2s", "c@3s", "z@3s"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if !c.Now().Equal(epoch.Add(3 * time.Second)) {
		t.Errorf("Now = %v", c.Now())
	}
	if c.Step() {
		t.Error("Step on an empty queue")
	}
}

func TestVirtualClockRunUntil(t *testing.T) {
	c := NewVirtualClock(epoch)
	ran := 0
	for i := range 10 {
		c.After(time.Duration(i)*time.Second, func() { ran++ })
	}
	if n := c.RunUntil(4 * time.Second); n != 5 || ran != 5 || c.Elapsed() != 4*time.Second || c.Pending() != 5 {
		t.Errorf("RunUntil: n=%d ran=%d elapsed=%v pending=%d", n, ran, c.Elapsed(), c.Pending())
	}
	c.RunUntil(time.Minute)
	if ran != 10 || c.Elapsed() != time.Minute {
		t.Errorf("ran=%d elapsed=%v", ran, c.Elapsed())
	}
}

// TestVirtualClockMatchesSort: random schedules come out sorted by time,
// ties by scheduling order.
func TestVirtualClockMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c := NewVirtualClock(epoch)
	type ev struct {
		at  time.Duration
		seq int
	}
	var want, got []ev
	for i := range 5000 {
		at := time.Duration(r.IntN(100)) * time.Millisecond
		want = append(want, ev{at, i})
		c.After(at, func() { got = append(got, ev{c.Elapsed(), i}) })
	}
	slices.SortStableFunc(want, func(a, b ev) int { return int(a.at - b.at) })
	c.Run()
	if !slices.Equal(got, want) {
		t.Fatal("events out of order")
	}
}

func TestVirtualClockAllocations(t *testing.T) {
	c := NewVirtualClock(epoch)
	fn := func() {}
	for range 1024 {
		c.After(time.Second, fn)
	}
	c.Run()
	allocs := testing.AllocsPerRun(100, func() {
		for i := range 512 {
			c.After(time.Duration(i%7)*time.Millisecond, fn)
		}
		c.Run()
	})
	if allocs != 0 {
		t.Errorf("%v allocations per 512 events, want 0", allocs)
	}
}

const benchEvents = 1_000_000

// BenchmarkVirtualClock schedules and runs a million events, each
// scheduling the next of its chain, with 1,000 chains in flight (a Map with
// MaxConcurrency 1000). BenchmarkBareHeapLoop (bench_test.go) is the same
// loop on container/heap.
func BenchmarkVirtualClock(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c := NewVirtualClock(epoch)
		left := benchEvents
		var next func()
		next = func() {
			if left > 0 {
				left--
				c.After(time.Duration(left%97)*time.Millisecond, next)
			}
		}
		for range 1000 {
			next()
		}
		c.Run()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchEvents), "ns/event")
}
