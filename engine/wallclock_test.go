package engine

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestWallClockRunsCallbacksOnTheLoop(t *testing.T) {
	c := NewWallClock()
	var got []int
	var wg sync.WaitGroup
	// Many goroutines post; the loop runs one callback at a time, so the
	// appends need no lock (go test -race checks that).
	for i := range 100 {
		wg.Go(func() { c.Post(func() { got = append(got, i) }) })
	}
	c.After(20*time.Millisecond, func() {
		got = append(got, -1)
		c.Stop()
	})
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background()) }()
	wg.Wait()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after Stop")
	}
	if len(got) != 101 || got[len(got)-1] != -1 {
		t.Fatalf("ran %d callbacks, last %v", len(got), got[len(got)-1:])
	}
	seen := slices.Clone(got[:100])
	slices.Sort(seen)
	for i, v := range seen {
		if v != i {
			t.Fatalf("callback %d missing or repeated", i)
		}
	}
}

func TestWallClockOrderAndTimers(t *testing.T) {
	c := NewWallClock()
	var got []string
	start := time.Now()
	c.After(30*time.Millisecond, func() { got = append(got, "late"); c.Stop() })
	c.After(10*time.Millisecond, func() { got = append(got, "early") })
	c.Post(func() { got = append(got, "now1") })
	c.After(0, func() { got = append(got, "now2") })
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := []string{"now1", "now2", "early", "late"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if el := time.Since(start); el < 30*time.Millisecond {
		t.Errorf("returned after %v, before the last timer", el)
	}
}

func TestWallClockContext(t *testing.T) {
	c := NewWallClock()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := c.Run(ctx); err != context.DeadlineExceeded {
		t.Errorf("Run = %v, want the context's error", err)
	}
}
