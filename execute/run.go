// Package execute runs a state machine for real: the engine of package
// engine on the wall clock, with Task states performed by handlers that
// call Lambda, S3 and the other services through aws-sdk-go-v2, or answer
// from a mock configuration (package execute/task and its handlers). It
// implements no state semantics of its own: Retry, Catch, Map, Parallel,
// tolerated failures and the ResultWriter are the engine's, exactly as
// `sfnsim simulate` runs them.
//
// A run keeps its progress in a run folder (children.jsonl), so that an
// interrupted or failed run can be redriven: only the children that did not
// succeed run again (distributed-map.md §3.8).
package execute

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path"
	"sync"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
	"github.com/sfnsim/sfnsim/execute/task"
)

// Config is one run.
type Config struct {
	// Definition is the state machine; Name says where it came from and
	// Type is STANDARD (default) or EXPRESS. StateMachineArn is the ARN the
	// context object and the child executions' ARNs use.
	Definition                  *asl.Node
	Name, Type, StateMachineArn string
	// Input is the execution input, a JSON value.
	Input any
	// Handlers perform Task states: a call goes to the first that handles
	// it (a mock handler that names the state comes first).
	Handlers []task.Handler
	// Store serves ItemReaders; Writer receives ResultWriter files.
	Store  itemreader.ObjectStore
	Writer resultwriter.ObjectWriter
	// RunDir keeps the run's log; Redrive, when set, is an earlier run's
	// log whose succeeded children are not run again (those of a top-level
	// Distributed Map, given the same input), and Redrives counts the
	// redrives before this one.
	RunDir   string
	Redrive  *Log
	Redrives int
	// Progress, when set, is called about five times a second.
	Progress func(Progress)
	// Notice, when set, hears what the run does about an interrupt, at
	// once (the progress line is only drawn on a terminal).
	Notice func(string)
	// Interrupt delivers stop requests (SIGINT, SIGTERM, from
	// signal.Notify): the first drains the run, the second aborts it and
	// calls signal.Stop, so that a third ends the process at once.
	Interrupt chan os.Signal
	// Recorder, when set, learns the tasks' durations and errors.
	Recorder *Recorder
}

// Progress is how far a run is.
type Progress struct {
	// Started, Succeeded and Failed count Distributed Map children;
	// Items counts the items read so far, and Total the items of the runs
	// that know theirs (0 when none does yet).
	Started, Succeeded, Failed, Items, Total int64
	Elapsed                                  time.Duration
	Draining                                 bool
	// Outliving counts the children still running after the execution
	// ended: EXPRESS children of a Map Run that failed, which the run
	// waits for (a second interrupt abandons them).
	Outliving int64
}

// Summary is how a run ended.
type Summary struct {
	Name string `json:"name"`
	// ExecutionArn is set for a run on AWS Step Functions.
	ExecutionArn string    `json:"executionArn,omitempty"`
	Status       string    `json:"status"`
	Error        string    `json:"error,omitempty"`
	Cause        string    `json:"cause,omitempty"`
	Output       any       `json:"output,omitempty"`
	StartTime    time.Time `json:"startTime"`
	StopTime     time.Time `json:"stopTime"`
	// Children counts Distributed Map children by how they ended;
	// Redriven those an earlier run had already completed; Orphaned those
	// that ended after their Map Run had (EXPRESS children of a run that
	// failed): they are in no ResultWriter file, but in the run folder, so
	// a redrive does not run the succeeded ones again.
	Children map[string]int64 `json:"children"`
	Redriven int64            `json:"redriven"`
	Orphaned int64            `json:"orphaned,omitempty"`
	Items    int64            `json:"items"`
	RunDir   string           `json:"runDir,omitempty"`
	// ResultWriter is where a Distributed Map wrote its results: its
	// manifest, as the output says, or the last one written when the run
	// failed or was stopped.
	ResultWriter map[string]any `json:"resultWriter,omitempty"`
	// FirstChildFailure is the error the first failed child ended with:
	// a run that fails on its tolerance says little more.
	FirstChildFailure *ChildFailure `json:"firstChildFailure,omitempty"`
}

// ChildFailure is a child that failed.
type ChildFailure struct {
	Map   string `json:"map"`
	Index int    `json:"index"`
	Error string `json:"error"`
	Cause string `json:"cause"`
}

// Run runs the state machine to its end.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	prog, err := engine.Compile(cfg.Definition)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	log, err := openLog(cfg.RunDir, cfg.Redrives)
	if err != nil {
		return nil, err
	}
	defer log.Close()
	clock := engine.NewWallClock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b := &backend{ctx: ctx, clock: clock, handlers: cfg.Handlers, recorder: cfg.Recorder}
	obs := &observer{log: log, children: map[string]int64{}, idle: clock.Stop}
	var writer *manifestWriter
	if cfg.Writer != nil {
		writer = &manifestWriter{ObjectWriter: cfg.Writer}
	}
	opts := &engine.Options{
		Clock:    clock,
		Backend:  b,
		Store:    cfg.Store,
		Writer:   objectWriter(writer),
		Type:     cfg.Type,
		Observer: obs,
		Seed:     uint64(time.Now().UnixNano()),
		// The ItemReader and ResultWriter calls end with the run.
		Context:         ctx,
		StateMachineArn: cfg.StateMachineArn,
		RedriveCount:    cfg.Redrives,
	}
	if cfg.Redrive != nil {
		opts.Redrive = cfg.Redrive.succeeded
	}
	var x *engine.Execution
	// The run ends with the execution, unless children it left running
	// (EXPRESS children of a failed Map Run, which AWS cannot stop either)
	// are still at work: their ends are logged, so that a redrive does not
	// run the ones that succeed again.
	x, err = prog.Start(cfg.Input, opts, func(*engine.Execution) { obs.topEnded(cfg.Notice) })
	if err != nil {
		return nil, err
	}
	stopSignals := watchInterrupts(cfg.Interrupt, clock, x, obs, cfg.Notice)
	defer stopSignals()
	stopProgress := reportProgress(cfg.Progress, clock, x, obs)
	defer stopProgress()
	if err := clock.Run(ctx); err != nil {
		return nil, err
	}
	cancel() // tasks still running are abandoned
	b.wait()
	if err := log.Close(); err != nil {
		return nil, fmt.Errorf("writing the run log in %s: %w", cfg.RunDir, err)
	}
	sum := &Summary{
		Name: cfg.Name, Status: x.Status, Error: x.Error, Cause: x.Cause, Output: x.Output,
		StartTime: x.StartTime, StopTime: x.StopTime, Children: obs.children,
		Redriven: x.Stats().ChildrenRedriven, Items: x.Stats().ItemsRead, RunDir: cfg.RunDir,
		FirstChildFailure: obs.firstFailure, Orphaned: obs.orphaned,
	}
	if out, ok := x.Output.(map[string]any); ok {
		if details, ok := out["ResultWriterDetails"].(map[string]any); ok {
			sum.ResultWriter = details
		}
	}
	if sum.ResultWriter == nil && writer != nil {
		sum.ResultWriter = writer.last()
	}
	return sum, nil
}

// manifestWriter notes where ResultWriters put their manifests, for the
// summary of a run whose output does not say (it failed or was stopped).
type manifestWriter struct {
	resultwriter.ObjectWriter
	mu          sync.Mutex
	bucket, key string
}

func (w *manifestWriter) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	err := w.ObjectWriter.PutObject(ctx, bucket, key, body)
	if err == nil && path.Base(key) == "manifest.json" {
		w.mu.Lock()
		w.bucket, w.key = bucket, key
		w.mu.Unlock()
	}
	return err
}

func (w *manifestWriter) last() map[string]any {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.key == "" {
		return nil
	}
	return map[string]any{"Bucket": w.bucket, "Key": w.key}
}

// objectWriter keeps a nil *manifestWriter a nil interface: the engine
// tells "no writer configured" from a writer.
func objectWriter(w *manifestWriter) resultwriter.ObjectWriter {
	if w == nil {
		return nil
	}
	return w
}

// watchInterrupts turns stop requests into engine calls on the loop: the
// first drains the run, the second aborts it. After the second, signals
// are no longer caught: should the loop be stuck (a call that does not
// return), a third interrupt ends the process the usual way.
func watchInterrupts(signals chan os.Signal, clock *engine.WallClock, x *engine.Execution, obs *observer, notice func(string)) (stop func()) {
	if signals == nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		for n := 1; ; n++ {
			select {
			case <-done:
				return
			case <-signals:
			}
			if n == 1 {
				clock.Post(func() {
					obs.draining = true
					if x.Status == engine.StatusRunning {
						say(notice, fmt.Sprintf("interrupted: starting no more children, waiting for the %d running (interrupt again to abort them)", obs.live))
					} else {
						say(notice, fmt.Sprintf("interrupted: still waiting for the %d children the execution left running (interrupt again to abandon them)", obs.live))
					}
					x.Drain()
				})
				continue
			}
			signal.Stop(signals)
			clock.Post(func() {
				say(notice, fmt.Sprintf("interrupted again: abandoning the %d running children (interrupt a third time to end sfnsim at once)", obs.live))
				obs.abandoning = true // children left running after the execution too
				x.Abort(engine.ErrInterrupted, "The run was stopped by a second interrupt: running children were abandoned.")
				clock.Stop()
			})
			return
		}
	}()
	return func() { close(done) }
}

// reportProgress calls fn about five times a second, on the loop.
func reportProgress(fn func(Progress), clock *engine.WallClock, x *engine.Execution, obs *observer) (stop func()) {
	if fn == nil {
		return func() {}
	}
	start := time.Now()
	ticker := time.NewTicker(200 * time.Millisecond)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				clock.Post(func() {
					st := x.Stats()
					p := Progress{Started: st.ChildExecutions, Succeeded: obs.children[engine.StatusSucceeded],
						Failed: st.ChildFailed, Items: st.ItemsRead, Total: st.ItemsTotal, Elapsed: time.Since(start), Draining: obs.draining}
					if obs.ended {
						p.Outliving = obs.live
					}
					fn(p)
				})
			}
		}
	}()
	return func() { ticker.Stop(); close(done) }
}

// observer counts every Distributed Map child's end for the summary, and
// logs those of top-level Maps for redrives. It ends the run (idle) once
// the execution and every child have ended.
type observer struct {
	log          *Log
	children     map[string]int64
	draining     bool
	firstFailure *ChildFailure
	// live counts the children running; ended is set when the execution
	// ends; orphaned counts children that ended after their Map Run.
	live       int64
	ended      bool
	orphaned   int64
	abandoning bool
	idle       func()
}

func say(notice func(string), msg string) {
	if notice != nil {
		notice(msg)
	}
}

func (o *observer) topEnded(notice func(string)) {
	o.ended = true
	if o.live == 0 || o.abandoning {
		o.idle()
		return
	}
	how := "interrupt twice" // the first lets running children finish
	if o.draining {
		how = "interrupt again"
	}
	say(notice, fmt.Sprintf("the execution has ended; waiting for the %d children it left running (EXPRESS children cannot be stopped; %s to abandon them)", o.live, how))
}

func (o *observer) ExecutionStarted(x *engine.Execution) {
	if x.Parent != nil {
		o.live++
	}
}

func (o *observer) ExecutionEnded(x *engine.Execution) {
	if x.Parent == nil {
		return
	}
	o.live--
	if x.Orphaned() {
		o.orphaned++
	}
	defer func() {
		if o.ended && o.live == 0 {
			o.idle()
		}
	}()
	o.children[x.Status]++
	if o.firstFailure == nil && (x.Status == engine.StatusFailed || x.Status == engine.StatusTimedOut) {
		o.firstFailure = &ChildFailure{Map: x.MapState(), Index: x.Index, Error: x.Error, Cause: x.Cause}
	}
	o.log.append(x)
}
