package engine

import (
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

// TaskRequest is what a Task state asks of a backend: everything the state
// resolved before the call.
type TaskRequest struct {
	// State is the Task state's name; Resource its Resource as written.
	State, Resource string
	// Input is the effective input: Parameters or Arguments applied.
	Input any
	// Timeout and Heartbeat are the state's TimeoutSeconds and
	// HeartbeatSeconds (resolved from their …Path or JSONata forms); zero
	// means not set. The engine enforces them on its clock; a backend may
	// pass them on (a Lambda invocation's own timeout).
	Timeout, Heartbeat time.Duration
	// Attempt is 0 for the first call of a state visit, then 1, 2 … for
	// each retry.
	Attempt int
	// TaskToken is set for the .waitForTaskToken pattern.
	TaskToken string
	// Iteration locates the call inside inline Map iterations, outer to
	// inner (nil outside them); Execution is the execution making it (a
	// Distributed Map child has its own). Both are for backends that
	// answer by place, such as a replay of recorded results.
	Iteration []Iteration
	Execution *Execution

	// Result is where a backend may put the outcome before scheduling
	// Deliver.
	Result TaskResult

	t       *thread
	gen     uint64
	started time.Duration
	deliver func()
}

// Done reports how the task ended. Call it once, on the engine's loop
// (from a Clock callback, or through WallClock.Post); a result for a call
// the engine has given up on (its state timed out, its execution ended) is
// ignored.
func (r *TaskRequest) Done(res TaskResult) {
	r.t.taskFinished(r, r.gen, res, false)
}

// Deliver returns a callback that reports r.Result, for a backend that
// decides the outcome now and delivers it later on the clock:
//
//	req.Result = engine.TaskResult{Output: out}
//	clock.After(d, req.Deliver())
//
// It saves the closure a backend would otherwise allocate per call.
func (r *TaskRequest) Deliver() func() {
	if r.deliver == nil {
		r.deliver = func() { r.Done(r.Result) }
	}
	return r.deliver
}

// TaskResult is how a task ended: Output on success, or Err.
type TaskResult struct {
	Output any
	Err    *asl.StatesError
}

// Backend performs tasks. Start must not block: it arranges for req.Done
// to be called later on the engine's loop — a simulated backend schedules
// it with Clock.After after a sampled duration; a real one calls the
// service on a goroutine of its own and hands the result back with
// WallClock.Post. req.Done is called exactly once, unless cancel was
// called first. cancel (which may be nil) abandons a task whose state
// timed out or whose execution ended. A backend must not keep req after
// reporting its result.
type Backend interface {
	Start(req *TaskRequest) (cancel func())
}
