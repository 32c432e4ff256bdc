// Package simulate projects a Step Functions execution — above all a
// Distributed Map over millions of items — before it is deployed: how long
// it takes, how many children really run at once, where Lambda throttles,
// how many retries, whether the run stays within its tolerated failures.
//
// It is the engine of package engine on a virtual clock with a backend
// that samples task durations and outcomes from a workload profile (package
// simulate/profile) and draws on concurrency pools. It implements no state
// semantics of its own: Choice, Retry, Catch, ItemBatcher, MaxConcurrency,
// ToleratedFailure*, the Express limit are the engine's, as `sfnsim run`
// executes them for real.
package simulate

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/sfnsim/sfnsim/internal/suggest"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
	"github.com/sfnsim/sfnsim/simulate/profile"
	"github.com/sfnsim/sfnsim/simulate/series"
)

// Epoch is when every simulation starts: a fixed instant, so that a run
// is the same whatever the day (context object timestamps included).
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Config is one simulation.
type Config struct {
	// Definition is the state machine; Name says where it came from.
	Definition *asl.Node
	Name       string
	// Type is the state machine's type, STANDARD (default) or EXPRESS.
	Type string
	// Input is the execution input.
	Input any
	// Manifest is a local file or folder standing for the S3 object or
	// prefix the ItemReader names; ManifestData an in-memory object (the
	// embedded example's), used when Manifest is "".
	Manifest     string
	ManifestData []byte
	// Items projects every Distributed Map to this many items by
	// resampling its items; 0 uses them as they are.
	Items int64
	// Profile describes the workload; nil means profile.Default().
	Profile *profile.Profile
	// Seed makes the run reproducible: the same seed, the same result.
	Seed uint64
	// Progress, when set, is called now and then with the children ended
	// and the items known so far (0 when unknown).
	Progress func(done, total int64)
	// TimelinePoints bounds the timeline's resolution (default 2,000).
	TimelinePoints int
}

// Run simulates one execution.
func Run(cfg Config) (*Result, error) {
	prog, err := engine.Compile(cfg.Definition)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	prof := cfg.Profile
	if prof == nil {
		prof = profile.Default()
	}
	points := cfg.TimelinePoints
	if points <= 0 {
		points = 2000
	}
	clock := engine.NewVirtualClock(Epoch)
	obs := &observer{clock: clock, timeline: series.NewTimeline(points), durations: series.NewHistogram()}
	b := newBackend(clock, prof, cfg.Seed, obs.timeline)
	inputFree := true
	for _, st := range prog.Machine.States {
		if st.Type == "Task" {
			resource, _ := st.Field("Resource").StringValue()
			if b.plan(st.Name, resource).task.Duration.NeedsInput() {
				inputFree = false
			}
		}
	}
	opts := &engine.Options{
		Clock:     clock,
		Backend:   b,
		InputFree: inputFree,
		Seed:      cfg.Seed,
		Type:      cfg.Type,
		Name:      "sfnsim-simulation",
		Observer:  obs,
		Writer:    resultwriter.Discard,
		Pacer:     newPacer(clock, prof),
	}
	store := &manifestStore{data: cfg.ManifestData}
	if cfg.Manifest != "" {
		if store, err = newManifestStore(cfg.Manifest); err != nil {
			return nil, err
		}
	}
	opts.Store = store
	var resampleErr error
	projected := false
	opts.ItemSource = func(src engine.ItemSource, items itemreader.Iterator) itemreader.Iterator {
		if cfg.Items <= 0 || !src.TopLevel {
			// As they are; a sample small enough is counted first, so that
			// the tolerated failure percentage is judged on the real total
			// from the first failure on.
			return countFirst(items)
		}
		n := cfg.Items
		if src.MaxItems > 0 {
			n = min(n, src.MaxItems) // ReaderConfig.MaxItems still caps the run
		}
		r, err := newResampler(items, n, cfg.Seed)
		if err != nil {
			var se *asl.StatesError
			if errors.As(err, &se) {
				return &failing{err: se} // the reader failed: the definition may catch it
			}
			resampleErr = err
			return &failing{err: &asl.StatesError{Name: asl.ErrItemReaderFailed, Cause: err.Error()}}
		}
		projected = true
		obs.total += n
		if src.Listing {
			// Listing n objects takes a LIST request per 1,000 keys
			// (quotas-and-pricing §1.4), not what listing the sample took.
			obs.projectedLists += (int64(n) + 999) / 1000
		}
		return r
	}
	x, err := prog.Start(cfg.Input, opts, nil)
	if err != nil {
		return nil, err
	}
	var steps int64
	for ; clock.Step(); steps++ {
		if cfg.Progress != nil && steps&0xffff == 0 {
			cfg.Progress(obs.ended, obs.total)
		}
	}
	if resampleErr != nil {
		return nil, resampleErr
	}
	if cfg.Progress != nil {
		cfg.Progress(obs.ended, obs.total)
	}
	r := result(&cfg, x, prof, b, obs)
	r.SimulatedEvents = steps
	r.Notes = append(r.Notes, unusedProfileTasks(cfg.Definition, prof)...)
	if cfg.Items > 0 && !projected {
		r.Notes = append(r.Notes, fmt.Sprintf("--items %d was not applied: the state machine has no Distributed Map at its top level", cfg.Items))
	}
	return r, nil
}

// observer follows the children as they start and end.
type observer struct {
	clock      *engine.VirtualClock
	timeline   *series.Timeline
	durations  *series.Histogram
	children   int64
	ended      int64
	failed     int64 // children that failed or timed out
	errors     map[string]*ErrorCount
	aborted    int64 // children stopped because the run failed
	timedOut   int64
	failedItem int64
	total      int64
	// projectedLists counts the LIST requests of listings projected to
	// --items objects.
	projectedLists int64
	// expressBilledMs sums the Express executions' durations rounded up to
	// 100 ms, the unit Express is billed in (quotas-and-pricing §2.2).
	expressBilledMs int64
}

func (o *observer) ExecutionStarted(x *engine.Execution) {
	if x.Parent == nil {
		return
	}
	t := o.clock.Elapsed()
	o.children++
	o.timeline.Running(t, 1)
	o.timeline.Count(t, series.Started, 1)
}

func (o *observer) ExecutionEnded(x *engine.Execution) {
	d := x.StopTime.Sub(x.StartTime)
	if x.Type == asl.Express {
		// Billed in 100 ms units, rounded up, at least one (an execution
		// that ends at once is still billed), summed in milliseconds so
		// that a run of years of Express time does not overflow.
		units := max((d+100*time.Millisecond-1)/(100*time.Millisecond), 1)
		o.expressBilledMs += int64(units) * 100
	}
	if x.Parent == nil {
		return
	}
	t := o.clock.Elapsed()
	o.ended++
	o.timeline.Running(t, -1)
	o.durations.Record(d)
	switch x.Status {
	case engine.StatusSucceeded:
		o.timeline.Count(t, series.Succeeded, 1)
		return
	case engine.StatusAborted:
		// Stopped because the run failed: not a failure of its own, and
		// not counted against the tolerance (distributed-map.md §3.5).
		o.aborted++
		return
	case engine.StatusTimedOut:
		o.timedOut++
	}
	o.failed++
	o.failedItem += int64(x.Items())
	o.timeline.Count(t, series.Failed, 1)
	if o.errors == nil {
		o.errors = map[string]*ErrorCount{}
	}
	e := o.errors[x.Error]
	if e == nil {
		e = &ErrorCount{Error: x.Error, Cause: x.Cause}
		o.errors[x.Error] = e
	}
	e.Children++
}

// pacer applies the profile's Map Run pacing and the Standard
// StateTransition bucket.
type pacer struct {
	clock       *engine.VirtualClock
	mapRun      profile.MapRun
	transitions *bucket
}

func newPacer(clock *engine.VirtualClock, p *profile.Profile) *pacer {
	pc := &pacer{clock: clock, mapRun: p.MapRun}
	if p.StateTransitions.PerSecond > 0 {
		pc.transitions = newBucket(p.StateTransitions.Burst, p.StateTransitions.PerSecond)
	}
	return pc
}

func (p *pacer) ChildStart(run *engine.MapRunInfo) time.Duration {
	if p.mapRun.StartLatency == 0 && p.mapRun.ChildStartRate == 0 {
		return 0
	}
	now := p.clock.Elapsed()
	at := now
	if first := run.Started.Sub(Epoch) + p.mapRun.StartLatency; at < first {
		at = first
	}
	if rate := p.mapRun.ChildStartRate; rate > 0 {
		if next, ok := run.Pacing.(time.Duration); ok && next > at {
			at = next
		}
		run.Pacing = at + delay(1/rate)
	}
	return at - now
}

func (p *pacer) ChildOverhead(*engine.Execution) time.Duration { return p.mapRun.ChildOverhead }

func (p *pacer) Transition(*engine.Execution) time.Duration {
	return p.transitions.take(p.clock.Elapsed())
}

// failing is an item source that fails at once.
type failing struct{ err error }

func (f *failing) Next() (any, error) { return nil, f.err }
func (f *failing) Close() error       { return nil }

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// delay converts seconds to a duration, saturating at the longest a
// simulation runs (a year) rather than overflowing for tiny rates.
func delay(sec float64) time.Duration {
	const longest = 366 * 24 * time.Hour
	if sec >= longest.Seconds() || sec != sec {
		return longest
	}
	return time.Duration(math.Round(sec * float64(time.Second)))
}

// unusedProfileTasks notes the profile's task entries that name no Task
// state and no Resource of the definition: a typo there would otherwise
// leave the state on the defaults, with only an assumption line to show.
func unusedProfileTasks(def *asl.Node, prof *profile.Profile) []string {
	known := map[string]bool{}
	var names []string
	for _, st := range asl.NewMachine(def).States {
		if st.Type != "Task" {
			continue
		}
		known[st.Name] = true
		names = append(names, st.Name)
		if r := st.Field("Resource"); r != nil && r.Kind == asl.String {
			known[r.Str] = true
		}
	}
	var notes []string
	for _, key := range slices.Sorted(maps.Keys(prof.Tasks)) {
		if known[key] {
			continue
		}
		note := fmt.Sprintf("profile: tasks.%s names no Task state or Resource of the definition, so it is not used", key)
		if s := suggest.Closest(key, names); s != "" {
			note += fmt.Sprintf("; did you mean %q?", s)
		}
		notes = append(notes, note)
	}
	return notes
}
