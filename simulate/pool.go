package simulate

import (
	"time"
)

// pool is a concurrency pool such as an account's Lambda concurrency
// (quotas-and-pricing §1.3): at most Concurrency invocations in flight,
// and new execution environments added at ScalePer10s per 10 seconds,
// refilled continuously. An invocation reuses an idle environment when one
// is warm and needs a scaling token otherwise; with neither it is
// throttled.
//
// Invocations hold their slot until they end, even when the state that
// made the call has given up on it (a Lambda keeps running after Step
// Functions times the task out). Ends are known when a call starts, so
// the pool keeps them in a heap and releases them lazily; nothing is
// scheduled on the clock for them.
type pool struct {
	name          string
	concurrency   int
	scalePerSec   float64 // 0: no scaling limit
	scaleBurst    float64
	throttleError string

	tokens float64
	last   time.Duration // when tokens were last refilled
	// requests bounds the request rate: Lambda takes at most 10 requests
	// per second per unit of concurrency (quotas-and-pricing §1.3), which
	// short calls reach before the concurrency limit. nil: no bound.
	requests *bucket
	warm     int // environments created so far
	ends     endHeap
	peak     int
	throttle int64
	queued   int64
	calls    int64
}

func newPool(name string, concurrency, scalePer10s int, throttleError string) *pool {
	p := &pool{name: name, concurrency: concurrency, throttleError: throttleError}
	if scalePer10s > 0 {
		p.scalePerSec = float64(scalePer10s) / 10
		p.scaleBurst = float64(scalePer10s)
		p.tokens = p.scaleBurst
	}
	return p
}

// acquire takes a slot at now for a call ending at end, or reports a
// throttle.
func (p *pool) acquire(now, end time.Duration) bool {
	for len(p.ends) > 0 && p.ends[0] <= now {
		p.ends.pop()
	}
	if len(p.ends) >= p.concurrency || !p.requests.tryTake(now) {
		p.throttle++
		return false
	}
	if len(p.ends) >= p.warm {
		// No idle environment: create one, if scaling allows.
		if p.scalePerSec > 0 {
			p.tokens = min(p.scaleBurst, p.tokens+p.scalePerSec*(now-p.last).Seconds())
			p.last = now
			if p.tokens < 1 {
				p.requests.giveBack()
				p.throttle++
				return false
			}
			p.tokens--
		}
		p.warm++
	}
	p.ends.push(end)
	p.calls++
	p.peak = max(p.peak, len(p.ends))
	return true
}

// wait takes a slot for a call of duration d that waits for one when the
// pool is full (a pool without a throttle error queues its calls): it
// returns when the call starts.
func (p *pool) wait(now, d time.Duration) time.Duration {
	if p.acquire(now, now+d) {
		return now
	}
	p.throttle-- // not throttled: queued
	// Full: the call takes the slot of the earliest call to end (scaling
	// is not the limit here, since every slot has a warm environment).
	start := now
	if len(p.ends) > 0 && len(p.ends) >= p.concurrency {
		start = max(now, p.ends[0])
		p.ends.pop()
	} else if p.scalePerSec > 0 {
		// Out of scaling tokens: wait for the next one.
		start = now + delay((1-p.tokens)/p.scalePerSec)
		p.tokens = 0
		p.last = start
		p.warm++
	}
	start += p.requests.take(start) // and for the request rate
	p.ends.push(start + d)
	p.calls++
	p.queued++
	p.peak = max(p.peak, len(p.ends))
	return start
}

// endHeap is a min-heap of end times, kept without container/heap's
// interface conversions (no allocation per push).
type endHeap []time.Duration

func (h *endHeap) push(d time.Duration) {
	*h = append(*h, d)
	s := *h
	for i := len(s) - 1; i > 0; {
		parent := (i - 1) / 2
		if s[parent] <= s[i] {
			break
		}
		s[parent], s[i] = s[i], s[parent]
		i = parent
	}
}

func (h *endHeap) pop() {
	s := *h
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		small := i
		if l := 2*i + 1; l < len(s) && s[l] < s[small] {
			small = l
		}
		if r := 2*i + 2; r < len(s) && s[r] < s[small] {
			small = r
		}
		if small == i {
			break
		}
		s[i], s[small] = s[small], s[i]
		i = small
	}
	*h = s
}

// bucket is a token bucket that lends: a request always gets its token
// and learns how long to wait for it (the Standard StateTransition bucket
// of quotas-and-pricing §1.2, where throttled executions are delayed
// rather than failed).
type bucket struct {
	burst, perSec float64
	tokens        float64
	last          time.Duration
	delayed       int64
}

func newBucket(burst, perSec float64) *bucket {
	return &bucket{burst: burst, perSec: perSec, tokens: burst}
}

// refill adds the tokens earned since the last refill (none for a time
// before it: calls do not always come in time order).
func (b *bucket) refill(now time.Duration) {
	if now > b.last {
		b.tokens = min(b.burst, b.tokens+b.perSec*(now-b.last).Seconds())
		b.last = now
	}
}

// tryTake spends a token at now if there is one, without lending.
func (b *bucket) tryTake(now time.Duration) bool {
	if b == nil || b.perSec <= 0 {
		return true
	}
	b.refill(now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// giveBack returns the token of a request that did not go ahead after all.
func (b *bucket) giveBack() {
	if b != nil && b.perSec > 0 {
		b.tokens++
	}
}

// take spends a token at now and returns the wait before it is there.
func (b *bucket) take(now time.Duration) time.Duration {
	if b == nil || b.perSec <= 0 {
		return 0
	}
	b.refill(now)
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	b.delayed++
	return delay(-b.tokens / b.perSec)
}
