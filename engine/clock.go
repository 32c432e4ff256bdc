// Package engine is the event-driven interpreter of Amazon States Language
// state machines. It runs on a Clock and starts tasks through a Backend, so
// the same code serves `sfnsim simulate` (a virtual clock, sampled task
// outcomes) and `sfnsim run` (the wall clock, real calls). See design.md:
// one interpreter, two clocks.
package engine

import (
	"math"
	"time"
)

// Clock schedules work. The interpreter never blocks: whatever takes time —
// a Task, a Wait, a retry's backoff, a child execution's start — is a
// callback scheduled on the clock, and callbacks run one at a time.
type Clock interface {
	// Now is the clock's current time.
	Now() time.Time
	// After schedules fn to run d after Now (d ≤ 0: as soon as possible,
	// after the callbacks already due).
	After(d time.Duration, fn func())
}

// VirtualClock is simulated time: an event queue ordered by due time, and
// time that jumps from one event to the next. Events due at the same
// instant run in the order they were scheduled, so a run is deterministic.
//
// The queue is a binary heap kept in a slice of values: scheduling and
// running an event allocate nothing beyond the slice's amortised growth,
// which the simulator's speed depends on (a million child executions are
// tens of millions of events).
type VirtualClock struct {
	start  time.Time
	now    time.Duration // since start
	seq    uint64
	events []event
}

type event struct {
	at  time.Duration
	seq uint64
	fn  func()
}

// NewVirtualClock returns a clock whose time starts at start.
func NewVirtualClock(start time.Time) *VirtualClock {
	return &VirtualClock{start: start}
}

// Now is the simulated time.
func (c *VirtualClock) Now() time.Time { return c.start.Add(c.now) }

// Elapsed is the simulated time since the start.
func (c *VirtualClock) Elapsed() time.Duration { return c.now }

// After schedules fn at Now+d.
func (c *VirtualClock) After(d time.Duration, fn func()) {
	c.seq++
	at := c.now + max(d, 0)
	if at < c.now {
		at = math.MaxInt64 // saturate rather than wrap into the past
	}
	c.events = append(c.events, event{at: at, seq: c.seq, fn: fn})
	c.up(len(c.events) - 1)
}

// Pending is the number of scheduled events not yet run.
func (c *VirtualClock) Pending() int { return len(c.events) }

// Step runs the next event, advancing time to it. It reports false when
// no event is left.
func (c *VirtualClock) Step() bool {
	if len(c.events) == 0 {
		return false
	}
	e := c.events[0]
	last := len(c.events) - 1
	c.events[0] = c.events[last]
	c.events[last] = event{} // drop the reference to fn
	c.events = c.events[:last]
	if last > 0 {
		c.down(0)
	}
	c.now = e.at
	e.fn()
	return true
}

// Run runs events until none is left, and returns how many it ran.
func (c *VirtualClock) Run() int {
	n := 0
	for c.Step() {
		n++
	}
	return n
}

// RunUntil runs the events due at or before t (measured from the start),
// then sets the time to t.
func (c *VirtualClock) RunUntil(t time.Duration) int {
	n := 0
	for len(c.events) > 0 && c.events[0].at <= t {
		c.Step()
		n++
	}
	c.now = max(c.now, t)
	return n
}

func (a *event) before(b *event) bool {
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

func (c *VirtualClock) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !c.events[i].before(&c.events[parent]) {
			return
		}
		c.events[i], c.events[parent] = c.events[parent], c.events[i]
		i = parent
	}
}

func (c *VirtualClock) down(i int) {
	n := len(c.events)
	for {
		smallest := i
		if l := 2*i + 1; l < n && c.events[l].before(&c.events[smallest]) {
			smallest = l
		}
		if r := 2*i + 2; r < n && c.events[r].before(&c.events[smallest]) {
			smallest = r
		}
		if smallest == i {
			return
		}
		c.events[i], c.events[smallest] = c.events[smallest], c.events[i]
		i = smallest
	}
}
