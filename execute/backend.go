package execute

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/execute/task"
)

// stateHandler is a handler that answers by state name (a mock
// configuration), which comes before any handler by resource.
type stateHandler interface {
	HandlesState(state string) bool
}

// backend performs Task states with the handlers, each call on a
// goroutine of its own; the result goes back to the engine's loop with
// WallClock.Post. Thousands of children call at once.
type backend struct {
	ctx      context.Context
	clock    *engine.WallClock
	handlers []task.Handler
	recorder *Recorder
	calls    sync.WaitGroup
}

func (b *backend) route(req *engine.TaskRequest) task.Handler {
	for _, h := range b.handlers {
		if sh, ok := h.(stateHandler); ok && sh.HandlesState(req.State) {
			return h
		}
	}
	for _, h := range b.handlers {
		if _, byState := h.(stateHandler); !byState && h.Handles(req.Resource) {
			return h
		}
	}
	return nil
}

func (b *backend) Start(req *engine.TaskRequest) func() {
	h := b.route(req)
	if h == nil {
		req.Result = engine.TaskResult{Err: task.Failed(asl.ErrRuntime,
			"sfnsim run cannot call %s (Task %q): it calls Lambda functions (arn:aws:lambda:…, arn:aws:states:::lambda:invoke) and the S3, DynamoDB, SQS and SNS integrations; answer this Task from a mock configuration (--mock-config)",
			req.Resource, req.State)}
		b.clock.Post(req.Deliver())
		return nil
	}
	// The engine times the task out itself (TimeoutSeconds); the deadline
	// only stops the call from running on after it.
	var ctx context.Context
	var cancel context.CancelFunc
	if req.Timeout > 0 {
		ctx, cancel = context.WithTimeout(b.ctx, req.Timeout)
	} else {
		ctx, cancel = context.WithCancel(b.ctx)
	}
	call := &task.Call{State: req.State, Resource: req.Resource, Input: req.Input, Attempt: req.Attempt,
		TaskToken: req.TaskToken, Timeout: req.Timeout}
	b.calls.Add(1)
	go func() {
		defer b.calls.Done()
		defer cancel()
		start := time.Now()
		out, err := h.Call(ctx, call)
		took := time.Since(start)
		// A call the engine abandoned (a Map Run stopped, the run ended)
		// says nothing about how long the work takes.
		abandoned := errors.Is(ctx.Err(), context.Canceled)
		b.clock.Post(func() {
			if b.recorder != nil && !abandoned {
				b.recorder.record(call, took, err)
			}
			req.Done(engine.TaskResult{Output: out, Err: err})
		})
	}()
	return cancel
}

// wait waits for the calls still running (abandoned ones return once
// their context is cancelled).
func (b *backend) wait() { b.calls.Wait() }
