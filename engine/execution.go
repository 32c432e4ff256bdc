package engine

import (
	"context"
	"fmt"
	mrand "math/rand"
	"math/rand/v2"
	"reflect"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
)

// Execution statuses, as DescribeExecution reports them.
const (
	StatusRunning   = "RUNNING"
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusTimedOut  = "TIMED_OUT"
	StatusAborted   = "ABORTED"
)

// ExpressLimit is the longest an Express workflow may run; past it the
// execution ends TIMED_OUT with States.Timeout (AWS service quotas).
const ExpressLimit = 5 * time.Minute

// Options say where an execution runs and what it may touch.
type Options struct {
	// Clock drives the execution (required): a *VirtualClock for
	// simulation, a *WallClock for real runs.
	Clock Clock
	// Backend performs Task states. Without one, a Task fails the execution
	// with States.Runtime.
	Backend Backend
	// InputFree says the backend never looks at a task's input (a
	// simulated backend without size-dependent durations). With it, and a
	// Distributed Map whose children do not inspect their payload, items
	// are counted rather than decoded ("control-only" children).
	InputFree bool
	// Store serves ItemReader objects; Items, when set, replaces it: it
	// opens the item source of a Distributed Map, for callers that project
	// or resample a sample manifest.
	Store itemreader.ObjectStore
	Items func(ctx context.Context, state string, cfg itemreader.Config) (itemreader.Iterator, error)
	// ItemSource, when set, wraps the item source of every Distributed
	// Map (ItemReader or state input): a simulation resamples a sample to
	// project a larger run.
	ItemSource func(src ItemSource, items itemreader.Iterator) itemreader.Iterator
	// Writer receives ResultWriter files.
	Writer resultwriter.ObjectWriter
	// Seed makes FULL jitter, States.MathRandom, $random and UUIDs
	// reproducible.
	Seed uint64
	// Type is the state machine's type: STANDARD (default) or EXPRESS.
	Type string
	// Name, StateMachineArn and RoleArn appear in the context object and
	// in ARNs. Defaults: a name derived from the seed, a state machine
	// "sfnsim" in us-east-1 of account 123456789012.
	Name, StateMachineArn, RoleArn string
	// History, when set, receives every history event of every execution
	// (children of a Distributed Map included), in order.
	History func(x *Execution, e *Event)
	// Observer, when set, hears executions start and end.
	Observer Observer
	// Stats, when set, accumulates counters over every execution run with
	// these options; otherwise each top-level Execution has its own.
	Stats *Stats
	// Pacer, when set, delays what AWS does not do at once: child starts,
	// a child's own overhead, state transitions of Standard workflows.
	Pacer Pacer
	// Redrive, when set, is asked before each child of a top-level
	// Distributed Map starts, with the child's key and input: a non-nil
	// answer is a child that succeeded in an earlier run, which a redrive
	// does not run again (distributed-map.md §3.8). Children of Maps nested
	// in children are not asked: they run again with their parent.
	Redrive func(key ChildKey, input any) *Succeeded
	// RedriveCount is the number of redrives before this run: the
	// top-level execution's $$.Execution.RedriveCount, and the
	// RedriveCount of the ResultWriter records of children it runs.
	RedriveCount int
	// Context, when set, bounds the engine's own object-store calls
	// (ItemReader, ResultWriter): cancelling it makes them fail promptly.
	Context context.Context
}

// ChildKey names a child of a top-level Distributed Map the same way in
// every run of the same definition and input: its Map state; Within, the
// inline Map iterations around that state ("Outer[3]/Inner[0]", "" for
// none), whose runs go on side by side in an order that timing decides;
// which run of the state it belongs to there (Visit counts from 0, for a
// Map entered more than once); and its index (items, or batches, in
// reading order).
type ChildKey struct {
	State  string
	Within string
	Visit  int
	Index  int
}

// Pacer shapes when things happen, for simulation: a zero delay means at
// once. Calls come from the engine's loop.
type Pacer interface {
	// ChildStart is how long a Map Run waits before starting its next
	// child (a start rate, the run's start latency).
	ChildStart(run *MapRunInfo) time.Duration
	// ChildOverhead is how long a child runs before its first state: the
	// time it takes beyond its states.
	ChildOverhead(child *Execution) time.Duration
	// Transition is how long a STANDARD execution waits before it enters
	// a state (the StateTransition token bucket).
	Transition(x *Execution) time.Duration
}

// Observer hears about executions, child executions of Distributed Maps
// included. Calls come from the engine's loop, one at a time.
type Observer interface {
	ExecutionStarted(x *Execution)
	ExecutionEnded(x *Execution)
}

// Stats are the counters cost and simulation read (asl-semantics §7: every
// state entered and every retry is a billable state transition).
type Stats struct {
	// Executions counts executions started, by type (the top-level one
	// included): index 0 STANDARD, 1 EXPRESS.
	Executions [2]int64
	// Transitions counts billable state transitions by execution type:
	// states entered plus retries.
	Transitions [2]int64
	// StatesEntered counts states entered, all types together.
	StatesEntered int64
	// Retries counts retries by error name.
	Retries map[string]int64
	// TaskCalls counts calls made to the backend (every attempt), and
	// TaskTime sums their durations on the execution's clock.
	TaskCalls int64
	TaskTime  time.Duration
	// MapRuns counts Distributed Map runs, ChildExecutions the children
	// they started and ChildFailed those that did not succeed.
	MapRuns, ChildExecutions, ChildFailed int64
	// ExpressDuration sums the durations of EXPRESS executions.
	ExpressDuration time.Duration
	// ItemsRead counts items read by ItemReaders or taken from input.
	ItemsRead int64
	// ChildrenRedriven counts children a redrive did not run again.
	ChildrenRedriven int64
	// ItemsTotal sums the item counts of the Map Runs that know theirs
	// (their item source said, or has been read to its end).
	ItemsTotal int64
	// ObjectsWritten counts ResultWriter files written; ObjectGets and
	// ListRequests the S3 GET and LIST requests of ItemReaders.
	ObjectsWritten, ObjectGets, ListRequests int64
	// Events counts history events, all executions together.
	Events int64
}

func typeIndex(t string) int {
	if t == asl.Express {
		return 1
	}
	return 0
}

// Execution is one execution of a program: the top-level one, or a child
// of a Distributed Map.
type Execution struct {
	Arn, Name, Type string
	StateMachineArn string
	Input           any
	Status          string
	Output          any
	Error, Cause    string
	StartTime       time.Time
	StopTime        time.Time
	// StatesEntered counts the states this execution entered (its
	// billable transitions, with Retries).
	StatesEntered, Retries int64
	// Parent is the execution whose Distributed Map started this one; nil
	// for the top level. Index is the child's item (or batch) index.
	Parent *Execution
	Index  int

	rt       *runtime
	items    int // items in a child's input (1, or a batch's)
	slot     int // place among its Map Run's running children
	events   int64
	deadline time.Time // zero: none
	root     *thread
	done     func(*Execution)
	ctxExec  map[string]any
	ctxSM    map[string]any
	vars     *varScope
	mapRun   *mapRun // the run that started this child
	sized    uintptr // the object checkSize last measured
	// lastInstant and spins count the states entered at one instant.
	lastInstant time.Duration
	spins       int
	sizedObj    map[string]any // and the object itself

	rootThread thread
	varStore   varScope
	// incarnation counts the lives of a recycled child Execution, so that
	// a timer of an earlier life does nothing.
	incarnation uint64
}

// recycle clears a finished child for its next life, keeping what stale
// callbacks check (the thread's generation, the incarnation) and the
// thread's spare task request.
func (x *Execution) recycle() {
	gen, spare, inc := x.rootThread.gen, x.rootThread.spareReq, x.incarnation
	// A timeout timer still armed for the thread stays in force for the
	// next child's calls (taskLimit): forgetting it would arm one more per
	// child.
	armedAt := x.rootThread.limit.armedAt
	*x = Execution{}
	x.rootThread.gen, x.rootThread.spareReq, x.incarnation = gen+1, spare, inc+1
	x.rootThread.limit.armedAt = armedAt
}

// runtime is what a top-level execution and all its children share.
type runtime struct {
	opts   *Options
	prog   *Program
	clock  Clock
	rnd    *rand.Rand
	stats  *Stats
	v1rand *mrand.Rand
	// vclock is the clock when it is virtual; monoFn reads other clocks.
	// mono() is the clock's time as a duration since a fixed origin:
	// cheaper than time.Time arithmetic on the paths a simulation runs
	// millions of times.
	vclock *VirtualClock
	monoFn func() time.Duration
	// liveRuns are the Map Runs in progress; draining is set by Drain.
	liveRuns runSet
	draining bool
	top      *Execution
	// visits counts the Distributed Map runs each state of the top-level
	// execution has started, per enclosing inline Map iteration, for
	// ChildKey.
	visits map[[2]string]int
	// free holds recycled child Executions; lastEnded waits to join them.
	free      []*Execution
	lastEnded *Execution
}

// Start begins an execution of p with input. done, if not nil, is called
// on the clock's loop when it ends. The execution runs as the clock runs:
// with a VirtualClock, call its Run; see also Run.
func (p *Program) Start(input any, opts *Options, done func(*Execution)) (*Execution, error) {
	if opts == nil || opts.Clock == nil {
		return nil, fmt.Errorf("engine: Options.Clock is required")
	}
	rt := &runtime{opts: opts, prog: p, clock: opts.Clock, monoFn: monotonic(opts.Clock), rnd: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5f3759df)), stats: opts.Stats}
	if rt.stats == nil {
		rt.stats = &Stats{}
	}
	rt.vclock, _ = opts.Clock.(*VirtualClock)
	typ := opts.Type
	if typ == "" {
		typ = asl.Standard
	}
	smArn := opts.StateMachineArn
	if smArn == "" {
		smArn = "arn:aws:states:us-east-1:123456789012:stateMachine:sfnsim"
	}
	name := opts.Name
	if name == "" {
		name = rt.uuid()
	}
	x := &Execution{Name: name, Type: typ, StateMachineArn: smArn, rt: rt, done: done}
	rt.top = x
	x.Arn = executionArn(smArn, typ, name)
	if p.timeout > 0 {
		x.deadline = rt.clock.Now().Add(p.timeout)
	}
	if typ == asl.Express {
		if d := rt.clock.Now().Add(ExpressLimit); x.deadline.IsZero() || d.Before(x.deadline) {
			x.deadline = d
		}
	}
	x.begin(p.top, input, nil)
	return x, nil
}

// Run runs an execution to its end on a virtual clock, and every event
// still scheduled after it (EXPRESS children that outlive a failed Map Run).
func (p *Program) Run(input any, opts *Options) (*Execution, error) {
	vc, ok := opts.Clock.(*VirtualClock)
	if !ok {
		return nil, fmt.Errorf("engine: Run needs a *VirtualClock; start the execution with Start on other clocks")
	}
	x, err := p.Start(input, opts, nil)
	if err != nil {
		return nil, err
	}
	vc.Run()
	return x, nil
}

// Stats returns the counters of the execution's run (shared with its
// children and with every execution given the same Options.Stats).
func (x *Execution) Stats() *Stats { return x.rt.stats }

// begin starts the execution's root scope. vars is the scope the execution
// sees: nil for a top-level execution (a fresh one).
func (x *Execution) begin(sc *scopeCode, input any, vars *varScope) {
	rt := x.rt
	x.Input = input
	x.Status = StatusRunning
	x.StartTime = rt.clock.Now()
	// The root thread and variable scope live inside the Execution: one
	// allocation per child execution instead of three.
	x.varStore = varScope{parent: vars}
	x.vars = &x.varStore
	rt.stats.Executions[typeIndex(x.Type)]++
	if rt.opts.Observer != nil {
		rt.opts.Observer.ExecutionStarted(x)
	}
	if x.listening() {
		x.emit(&Event{Type: "ExecutionStarted", Input: input})
	} else {
		x.count()
	}
	if !x.deadline.IsZero() && x.mapRun == nil {
		// TimeoutSeconds, or the Express limit: one timer for the whole
		// execution, which does nothing if the execution ended first (or
		// the Execution was recycled for another child since).
		incarnation := x.incarnation
		rt.clock.After(x.deadline.Sub(x.StartTime), func() {
			if x.incarnation == incarnation {
				x.timeOut()
			}
		})
	}
	if !x.inputFree() {
		if err := x.checkSize(input, "input"); err != nil {
			x.end(StatusFailed, nil, err.(*asl.StatesError))
			return
		}
	}
	// A recycled child keeps its thread's call generation, spare request
	// and armed timeout timer, which still point at this thread.
	x.rootThread = thread{x: x, vars: x.vars, branch: -1, gen: x.rootThread.gen, spareReq: x.rootThread.spareReq, limit: x.rootThread.limit}
	x.root = &x.rootThread
	if p := rt.opts.Pacer; p != nil && x.Parent != nil {
		if d := p.ChildOverhead(x); d > 0 {
			incarnation := x.incarnation
			rt.clock.After(d, func() {
				if x.incarnation == incarnation && x.Status == StatusRunning {
					x.root.goTo(sc.start, input)
				}
			})
			return
		}
	}
	x.root.goTo(sc.start, input)
}

// inputFree reports whether payloads of this execution are placeholders
// (control-only children), which size checks must not judge.
func (x *Execution) inputFree() bool { return x.Input == controlOnly }

func (x *Execution) rootDone(output any, err *asl.StatesError) {
	if err != nil {
		x.end(StatusFailed, nil, err)
		return
	}
	if !x.inputFree() {
		if e := x.checkSize(output, "output"); e != nil {
			x.end(StatusFailed, nil, e.(*asl.StatesError))
			return
		}
	}
	x.end(StatusSucceeded, output, nil)
}

// end finishes the execution once; later calls are ignored.
func (x *Execution) end(status string, output any, err *asl.StatesError) {
	if x.Status != StatusRunning {
		return
	}
	rt := x.rt
	x.Status, x.Output = status, output
	x.StopTime = rt.clock.Now()
	if x.root != nil {
		x.root.kill()
	}
	if err != nil {
		x.Error, x.Cause = err.Name, err.Cause
	}
	if x.Type == asl.Express {
		rt.stats.ExpressDuration += x.StopTime.Sub(x.StartTime)
	}
	if x.listening() {
		x.emit(&Event{Type: "Execution" + statusEvent(status), Output: output, Error: x.Error, Cause: x.Cause})
	} else {
		x.count()
	}
	if rt.opts.Observer != nil {
		rt.opts.Observer.ExecutionEnded(x)
	}
	if x.mapRun != nil {
		x.mapRun.childDone(x)
	} else if x.done != nil {
		x.done(x)
	}
}

func statusEvent(status string) string {
	switch status {
	case StatusSucceeded:
		return "Succeeded"
	case StatusTimedOut:
		return "TimedOut"
	case StatusAborted:
		return "Aborted"
	}
	return "Failed"
}

// Drain stops an execution gently, as `sfnsim run` does on the first
// SIGINT: its Distributed Maps start no more children and wait for those
// running; each then writes its ResultWriter files (items not started are
// PENDING), and the execution ends ABORTED with error sfnsim.Interrupted.
// A Map whose items had all started ends as it would have (SUCCEEDED, or
// FAILED on its tolerance). Maps nested in children run to their end: the
// child they belong to is running. An execution with no Map Run in
// progress is aborted at once.
func (x *Execution) Drain() {
	rt := x.rt
	if x.Status != StatusRunning || rt.draining {
		return
	}
	rt.draining = true
	if len(rt.liveRuns) == 0 {
		x.Abort(ErrInterrupted, "The run was interrupted.")
		return
	}
	for mr := range rt.liveRuns {
		if mr.running == 0 {
			mr.fill() // starts nothing now: ends the run as it stands
		}
	}
	rt.drained()
}

// drained aborts the top-level execution once no Map Run is left.
func (rt *runtime) drained() {
	if rt.draining && len(rt.liveRuns) == 0 && rt.top != nil {
		rt.top.Abort(ErrInterrupted, "The run was interrupted: children not started are PENDING; redrive it to run them.")
	}
}

// ErrInterrupted is the error of an execution stopped by Drain.
const ErrInterrupted = "sfnsim.Interrupted"

// ctx is the context of the engine's own object-store calls.
func (rt *runtime) ctx() context.Context {
	if rt.opts.Context != nil {
		return rt.opts.Context
	}
	return context.Background()
}

// ChildKey is the key of a child of a top-level Distributed Map, which a
// redrive finds it by; ok is false for other executions.
func (x *Execution) ChildKey() (key ChildKey, ok bool) {
	mr := x.mapRun
	if mr == nil || !mr.topLevel() {
		return ChildKey{}, false
	}
	return ChildKey{State: mr.t.s.name, Within: mr.within, Visit: mr.visit, Index: x.Index}, true
}

// Orphaned reports whether a Distributed Map child outlives its Map Run:
// the run failed or was stopped while the child, EXPRESS, ran on (AWS
// cannot stop EXPRESS children). Its end is in no ResultWriter file.
func (x *Execution) Orphaned() bool { return x.mapRun != nil && x.mapRun.ended }

// MapState is the name of the Distributed Map state that started a child
// execution; "" for others.
func (x *Execution) MapState() string {
	if x.mapRun == nil {
		return ""
	}
	return x.mapRun.t.s.name
}

// Abort stops a running execution: its tasks are cancelled and it ends
// ABORTED (StopExecution).
func (x *Execution) Abort(err, cause string) {
	x.end(StatusAborted, nil, &asl.StatesError{Name: err, Cause: cause})
}

// timeOut ends the execution TIMED_OUT (its TimeoutSeconds, or the Express
// limit, has passed).
func (x *Execution) timeOut() {
	x.end(StatusTimedOut, nil, &asl.StatesError{Name: asl.ErrTimeout, Cause: "The execution has exceeded its maximum duration."})
}

// Items is the number of items in a Distributed Map child's input: 1, or
// the size of its batch; 0 for other executions.
func (x *Execution) Items() int { return x.items }

// Events counts the history events of the execution so far.
func (x *Execution) Events() int64 { return x.events }

// emit numbers an event and hands it to the History callback. Events are
// numbered whether or not anyone listens: AWS quotes the numbers in causes
// ("entered at the event id #4").
func (x *Execution) emit(e *Event) int64 {
	x.events++
	x.rt.stats.Events++
	if x.events == MaxHistoryEvents && x.Type == asl.Standard {
		x.historyFull()
	}
	if h := x.rt.opts.History; h != nil {
		e.ID = x.events
		e.Time = x.rt.clock.Now()
		h(x, e)
	}
	return x.events
}

// count numbers an event without building it, on paths where nobody
// listens.
func (x *Execution) count() int64 {
	x.events++
	x.rt.stats.Events++
	if x.events == MaxHistoryEvents && x.Type == asl.Standard {
		x.historyFull()
	}
	return x.events
}

// countN numbers n events nobody listens to.
func (x *Execution) countN(n int64) {
	for range n {
		x.count()
	}
}

// MaxHistoryEvents is the most events a Standard execution's history
// holds; the execution fails on reaching it (AWS service quotas).
const MaxHistoryEvents = 25_000

// historyFull fails a Standard execution whose history is full. It ends
// the execution at once, from the middle of whatever state emitted the
// event: ending kills the execution's threads, and every callback and loop
// of a thread checks that it is alive before going on.
func (x *Execution) historyFull() {
	// The error name is not documented; States.Runtime is what AWS uses for
	// failures no Catch can handle.
	x.end(StatusFailed, nil, asl.Runtime("The execution reached the maximum number of events in its history (%d).", MaxHistoryEvents))
}

func (x *Execution) listening() bool { return x.rt.opts.History != nil }

// executionArn builds an execution ARN from its state machine's.
func executionArn(smArn, typ, name string) string {
	kind := ":execution:"
	if typ == asl.Express {
		kind = ":express:"
	}
	if i := strings.Index(smArn, ":stateMachine:"); i >= 0 {
		return smArn[:i] + kind + smArn[i+len(":stateMachine:"):] + ":" + name
	}
	return smArn + ":" + name
}

// uuid draws a version 4 UUID from the run's generator, so that names are
// reproducible for a seed.
func (rt *runtime) uuid() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := rt.rnd.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return asl.FormatUUID4(b)
}

// identify names a child execution when something first asks: a million
// children that nobody inspects never pay for a UUID.
func (x *Execution) identify() {
	if x.Name == "" {
		x.Name = x.rt.uuid()
		x.Arn = executionArn(x.StateMachineArn, x.Type, x.Name)
	}
}

// contextExecution is $$.Execution, built once per execution.
func (x *Execution) contextExecution() map[string]any {
	if x.ctxExec == nil {
		x.identify()
		x.ctxExec = map[string]any{
			"Id":           x.Arn,
			"Input":        x.Input,
			"Name":         x.Name,
			"RoleArn":      x.rt.opts.RoleArn,
			"StartTime":    formatTime(x.StartTime),
			"RedriveCount": jsonInt(0),
		}
		if x.Parent == nil && x.rt.opts.RedriveCount > 0 {
			x.ctxExec["RedriveCount"] = jsonInt(x.rt.opts.RedriveCount)
		}
		smName := x.StateMachineArn
		if i := strings.LastIndexByte(smName, ':'); i >= 0 {
			smName = smName[i+1:]
		}
		x.ctxSM = map[string]any{"Id": x.StateMachineArn, "Name": smName}
	}
	return x.ctxExec
}

// formatTime renders a time as the context object does: ISO 8601 in UTC
// with trailing fractional zeros removed (asl-semantics §5).
// formatTime writes a context-object time as Step Functions does (Java's
// ISO instant of a millisecond clock): milliseconds, three digits, or no
// fraction at all on a whole second.
func formatTime(t time.Time) string {
	t = t.UTC().Truncate(time.Millisecond)
	if t.Nanosecond() == 0 {
		return t.Format("2006-01-02T15:04:05Z")
	}
	return t.Format("2006-01-02T15:04:05.000Z")
}

// mathRand is a math/rand generator for the intrinsic functions, seeded
// from the run's generator on first use.
func (rt *runtime) mathRand() *mrand.Rand {
	if rt.v1rand == nil {
		rt.v1rand = mrand.New(mrand.NewSource(int64(rt.rnd.Uint64())))
	}
	return rt.v1rand
}

// checkSize applies the 256 KiB payload limit. Values are never modified
// once made, so an object that passed is not measured again when it comes
// by once more — a child's item is its input, its task's input, the task's
// echo in a simulation and its output.
func (x *Execution) checkSize(v any, what string) error {
	m, isMap := v.(map[string]any)
	var id uintptr
	if isMap && m != nil {
		id = reflect.ValueOf(m).Pointer()
		if id == x.sized {
			return nil
		}
	}
	if err := payload.CheckSize(v, what); err != nil {
		return err
	}
	// Holding the object keeps its address from being reused by another.
	x.sized, x.sizedObj = id, m
	return nil
}

// mono reads the clock as a duration (see runtime.vclock).
func (rt *runtime) mono() time.Duration {
	if rt.vclock != nil {
		return rt.vclock.now
	}
	return rt.monoFn()
}

// monotonic returns the cheapest reading of clock's time as a duration: a
// VirtualClock's elapsed time, or the time since now for other clocks.
func monotonic(clock Clock) func() time.Duration {
	if vc, ok := clock.(*VirtualClock); ok {
		return vc.Elapsed
	}
	origin := clock.Now()
	return func() time.Duration { return clock.Now().Sub(origin) }
}
