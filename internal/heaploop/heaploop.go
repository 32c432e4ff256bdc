// Package heaploop is the floor the simulator's speed is measured against:
// a bare container/heap event loop, the least an event-driven simulation
// can do per event. The benchmarks of engine and simulate run it with
// their own event counts.
package heaploop

import (
	"container/heap"
	"time"
)

type event struct {
	at  time.Duration
	seq uint64
	fn  func()
}

type events []event

func (h events) Len() int { return len(h) }
func (h events) Less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].seq < h[j].seq
}
func (h events) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *events) Push(x any)   { *h = append(*h, x.(event)) }
func (h *events) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// Run pushes and pops n events, inFlight of them queued at a time (as a
// Map's MaxConcurrency keeps that many children going), each callback
// scheduling the next at a later time.
func Run(n, inFlight int) {
	h := &events{}
	var now time.Duration
	var seq uint64
	left := n
	var next func()
	next = func() {
		if left > 0 {
			left--
			seq++
			heap.Push(h, event{at: now + time.Duration(seq%97)*time.Millisecond, seq: seq, fn: next})
		}
	}
	for range inFlight {
		next()
	}
	for h.Len() > 0 {
		e := heap.Pop(h).(event)
		now = e.at
		e.fn()
	}
}
