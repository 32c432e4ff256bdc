package engine

import (
	"context"
	"sync"
	"time"
)

// WallClock is real time for `sfnsim run`. Callbacks still run one at a
// time, on the goroutine that calls Run, so the interpreter needs no locks
// whichever clock drives it: timers and backends on other goroutines hand
// their callbacks over with Post.
type WallClock struct {
	mu      sync.Mutex
	ready   []func()
	wake    chan struct{}
	stopped bool
}

// NewWallClock returns a wall clock with nothing scheduled.
func NewWallClock() *WallClock {
	return &WallClock{wake: make(chan struct{}, 1)}
}

// Now is the current time.
func (c *WallClock) Now() time.Time { return time.Now() }

// After runs fn on the loop once d has passed.
func (c *WallClock) After(d time.Duration, fn func()) {
	if d <= 0 {
		c.Post(fn)
		return
	}
	time.AfterFunc(d, func() { c.Post(fn) })
}

// Post hands fn to the loop; it is safe to call from any goroutine. A
// backend delivers a task's result this way.
func (c *WallClock) Post(fn func()) {
	c.mu.Lock()
	c.ready = append(c.ready, fn)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Stop ends Run as soon as the callback that calls it returns (the
// execution has finished); callbacks not yet run are dropped.
func (c *WallClock) Stop() {
	c.mu.Lock()
	c.stopped = true
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Run runs posted callbacks, in the order they were posted, until Stop is
// called or ctx is done (then it returns ctx's error).
func (c *WallClock) Run(ctx context.Context) error {
	var batch []func()
	for {
		c.mu.Lock()
		batch, c.ready = c.ready, batch[:0]
		stopped := c.stopped
		c.mu.Unlock()
		for i, fn := range batch {
			fn()
			batch[i] = nil
			c.mu.Lock()
			stopped = c.stopped
			c.mu.Unlock()
			if stopped {
				return nil
			}
		}
		if stopped {
			return nil
		}
		if len(batch) > 0 {
			continue
		}
		select {
		case <-c.wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
