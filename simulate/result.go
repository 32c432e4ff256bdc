package simulate

import (
	"fmt"
	"time"

	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/simulate/profile"
	"github.com/sfnsim/sfnsim/simulate/series"
)

// Result is the projection of one run. The JSON keys are stable: reports,
// `sfnsim cost` and pull-request workflows read them.
type Result struct {
	Name            string           `json:"name,omitempty"`
	Items           int64            `json:"items"`
	ChildExecutions int64            `json:"childExecutions"`
	Batched         bool             `json:"batched"`
	MakespanSeconds float64          `json:"makespanSeconds"`
	PeakConcurrency int              `json:"peakConcurrency"`
	MeanConcurrency float64          `json:"meanConcurrency"`
	Throttles       int64            `json:"throttles"`
	Retries         map[string]int64 `json:"retries"`
	FailedItems     int64            `json:"failedItems"`
	FailedChildren  int64            `json:"failedChildren"`
	TimedOut        int64            `json:"timedOutChildren"`
	// AbortedChildren were stopped when the run failed.
	AbortedChildren int64 `json:"abortedChildren"`
	// ChildErrors are the errors failed children ended with.
	ChildErrors []ErrorCount `json:"childErrors"`
	Status      string       `json:"status"`
	Error       string       `json:"error"`
	Cause       string       `json:"cause"`
	// FailedAtSeconds is when the execution failed, when it did.
	FailedAtSeconds *float64 `json:"failedAtSeconds"`
	// StateTransitions are the billable Standard transitions: states
	// entered (and retries) by Standard executions, plus one per child a
	// Distributed Map starts (quotas-and-pricing §2.1).
	StateTransitions int64 `json:"stateTransitions"`
	// ExpressStates counts states entered by Express children (not billed
	// per transition).
	ExpressStates        int64      `json:"expressStates"`
	ChildDurationSeconds Percentile `json:"childDurationSeconds"`
	Tasks                []TaskLine `json:"tasks"`
	Pools                []PoolLine `json:"pools"`
	// Notes are findings worth reading beside the numbers (lint's
	// warnings about the definition, for instance); the caller adds them.
	Notes       []string `json:"notes"`
	Assumptions []string `json:"assumptions"`
	Seed        uint64   `json:"seed"`
	// SimulatedEvents counts the events the virtual clock ran.
	SimulatedEvents int64 `json:"simulatedEvents"`

	// Counters for `sfnsim cost`.
	Usage Usage `json:"usage"`

	timeline *series.Timeline
}

// Percentile is a distribution's summary, in seconds.
type Percentile struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// TaskLine is what one Task state did.
type TaskLine struct {
	State     string           `json:"state"`
	Resource  string           `json:"resource"`
	Calls     int64            `json:"calls"`
	Throttles int64            `json:"throttles"`
	Errors    map[string]int64 `json:"errors"`
	Duration  string           `json:"duration"`
	Pool      string           `json:"pool,omitempty"`
	MemoryMB  int              `json:"memoryMB,omitempty"`
	Arch      string           `json:"arch,omitempty"`
	// BilledMs sums the calls' durations rounded up to the millisecond.
	BilledMs int64 `json:"billedMs"`
}

// ErrorCount is how many children ended with one error, and the cause the
// first of them gave.
type ErrorCount struct {
	Error    string `json:"error"`
	Children int64  `json:"children"`
	Cause    string `json:"cause"`
}

// PoolLine is what one concurrency pool saw.
type PoolLine struct {
	Name        string `json:"name"`
	Concurrency int    `json:"concurrency"`
	// Peak is the most calls in flight at once; Throttled the calls
	// refused, Queued those that waited for a slot.
	Peak      int   `json:"peak"`
	Calls     int64 `json:"calls"`
	Throttled int64 `json:"throttled"`
	Queued    int64 `json:"queued"`
}

// Usage is what the run would be billed for.
type Usage struct {
	StandardExecutions int64 `json:"standardExecutions"`
	ExpressExecutions  int64 `json:"expressExecutions"`
	// ExpressBilledMs sums Express durations rounded up to 100 ms.
	ExpressBilledMs int64 `json:"expressBilledMs"`
	ItemReaderGets  int64 `json:"itemReaderGets"`
	ItemReaderLists int64 `json:"itemReaderLists"`
	ResultWriterPut int64 `json:"resultWriterPuts"`
}

// Timeline is the run over time, for charts.
func (r *Result) Timeline() []series.Point { return r.timeline.Points() }

func seconds(d time.Duration) float64 { return d.Seconds() }

func result(cfg *Config, x *engine.Execution, prof *profile.Profile, b *backend, obs *observer) *Result {
	st := x.Stats()
	makespan := x.StopTime.Sub(x.StartTime)
	r := &Result{
		Name:            cfg.Name,
		Seed:            cfg.Seed,
		Notes:           []string{},
		Items:           st.ItemsRead,
		ChildExecutions: st.ChildExecutions,
		MakespanSeconds: seconds(makespan),
		PeakConcurrency: obs.timeline.Peak(),
		MeanConcurrency: obs.timeline.MeanRunning(makespan),
		Retries:         map[string]int64{},
		FailedItems:     obs.failedItem,
		FailedChildren:  obs.failed,
		TimedOut:        obs.timedOut,
		AbortedChildren: obs.aborted,
		Tasks:           []TaskLine{},
		ChildErrors:     []ErrorCount{},
		Pools:           []PoolLine{},
		Assumptions:     []string{},
		Status:          x.Status,
		Error:           x.Error,
		Cause:           x.Cause,
		// One transition per child started is billed to the parent on top
		// of the states Standard executions enter.
		StateTransitions: st.Transitions[0] + st.ChildExecutions,
		ExpressStates:    st.Transitions[1],
		ChildDurationSeconds: Percentile{
			P50: seconds(obs.durations.Quantile(0.50)),
			P90: seconds(obs.durations.Quantile(0.90)),
			P99: seconds(obs.durations.Quantile(0.99)),
			Max: seconds(obs.durations.Max()),
		},
		Batched: st.ChildExecutions > 0 && st.ItemsRead > st.ChildExecutions,
		Usage: Usage{
			StandardExecutions: st.Executions[0],
			ExpressExecutions:  st.Executions[1],
			ExpressBilledMs:    obs.expressBilledMs,
			ResultWriterPut:    st.ObjectsWritten,
			ItemReaderGets:     st.ObjectGets,
			ItemReaderLists:    max(st.ListRequests, obs.projectedLists),
		},
		timeline: obs.timeline,
	}
	for _, name := range sortedKeys(obs.errors) {
		r.ChildErrors = append(r.ChildErrors, *obs.errors[name])
	}
	for k, v := range st.Retries {
		r.Retries[k] = v
	}
	if x.Status != engine.StatusSucceeded {
		at := seconds(makespan)
		r.FailedAtSeconds = &at
	}
	for _, name := range sortedKeys(b.plans) {
		p := b.plans[name]
		line := TaskLine{State: p.state, Resource: p.resource, Calls: p.calls, Throttles: p.throttles, Errors: p.errors,
			Duration: p.task.Duration.String(), Pool: p.task.Pool, MemoryMB: p.task.MemoryMB, Arch: p.task.Arch,
			BilledMs: p.billed.Milliseconds()}
		r.Throttles += p.throttles
		r.Tasks = append(r.Tasks, line)
	}
	for _, name := range sortedKeys(b.pools) {
		p := b.pools[name]
		r.Pools = append(r.Pools, PoolLine{Name: name, Concurrency: p.concurrency, Peak: p.peak, Calls: p.calls,
			Throttled: p.throttle, Queued: p.queued})
	}
	r.Assumptions = append(r.Assumptions, prof.Assumptions...)
	for _, name := range sortedKeys(b.plans) {
		p := b.plans[name]
		if p.usedDefault {
			r.Assumptions = append(r.Assumptions, fmt.Sprintf("Task %s: no profile entry, so %s%s", p.state, p.task.Duration, poolNote(p)))
		}
		if pk, ok := p.task.Duration.(profile.PerKB); ok && p.sizeless > 0 {
			r.Assumptions = append(r.Assumptions, fmt.Sprintf("Task %s: %d of %d calls found no size in the input's %s field (or a size of 0), so they took %s: check the field name", p.state, p.sizeless, p.calls, pk.Field, pk.Base))
		}
		if p.timeouts > 0 {
			r.Assumptions = append(r.Assumptions, fmt.Sprintf("Task %s: %d calls would run past Lambda's 900 s limit: they time out there (Sandbox.Timedout) and are billed 900 s", p.state, p.timeouts))
		}
	}
	return r
}

func poolNote(p *plan) string {
	if p.task.Pool == "" {
		return ""
	}
	return ", drawing on the " + p.task.Pool + " pool"
}
