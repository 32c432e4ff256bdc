package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
)

// goroutineBackend answers from goroutines of its own, as a real backend
// does, handing results to the loop with WallClock.Post.
type goroutineBackend struct{ clock *engine.WallClock }

func (b goroutineBackend) Start(req *engine.TaskRequest) func() {
	in := req.Input
	go func() {
		time.Sleep(5 * time.Millisecond)
		b.clock.Post(func() { req.Done(engine.TaskResult{Output: map[string]any{"echo": in}}) })
	}()
	return nil
}

// The same program runs on the wall clock: one interpreter, two clocks.
func TestWallClockExecution(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":4,"ItemProcessor":{
		"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:f","Next":"W"},
		"W":{"Type":"Wait","Seconds":0,"End":true}}},"End":true}}}`
	doc, err := asl.ParseJSON("wall.json", []byte(def))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(doc.Root)
	if err != nil {
		t.Fatal(err)
	}
	clock := engine.NewWallClock()
	var ended *engine.Execution
	_, err = prog.Start(decode(t, `[1,2,3,4,5,6,7,8]`), &engine.Options{Clock: clock, Backend: goroutineBackend{clock}},
		func(x *engine.Execution) { ended = x; clock.Stop() })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if err := clock.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if ended == nil || ended.Status != engine.StatusSucceeded {
		t.Fatalf("execution did not succeed: %+v", ended)
	}
	if got := compact(ended.Output); got != `[{"echo":1},{"echo":2},{"echo":3},{"echo":4},{"echo":5},{"echo":6},{"echo":7},{"echo":8}]` {
		t.Errorf("output %s", got)
	}
	// Two waves of four tasks of 5 ms each.
	if took := time.Since(start); took < 10*time.Millisecond {
		t.Errorf("took %v, want at least two 5 ms waves", took)
	}
}
