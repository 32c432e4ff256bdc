package simulate

import (
	"math/rand/v2"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/simulate/profile"
	"github.com/sfnsim/sfnsim/simulate/series"
)

// backend performs Task states by sampling: a duration from the task's
// distribution, an error from its failure probabilities, a slot from its
// pool — or the pool's throttle error when none is free, which the
// definition's own Retry and Catch then handle.
type backend struct {
	clock    *engine.VirtualClock
	prof     *profile.Profile
	rnd      *rand.Rand
	pools    map[string]*pool
	plans    map[string]*plan // by Task state name (names are unique machine-wide)
	last     *plan
	timeline *series.Timeline
}

// plan is how one Task state is simulated, and what it did.
type plan struct {
	state, resource string
	task            *profile.Task
	pool            *pool
	usedDefault     bool
	throttled       *asl.StatesError
	failures        []*asl.StatesError // one per profile failure, made once

	calls, throttles int64
	errors           map[string]int64
	// lambda: the state invokes a Lambda function, which stops at
	// LambdaTimeout; timeouts counts the calls that reached it.
	lambda   bool
	timeouts int64
	// sizeless counts the calls whose input had no size where a perKB
	// duration looks for one.
	sizeless int64
	// billed sums call durations rounded up to the millisecond, as Lambda
	// bills them.
	billed time.Duration
}

// LambdaRequestsPerConcurrency bounds the lambda pool's request rate
// (quotas-and-pricing §1.3: requests per second ≤ 10 × concurrency).
const LambdaRequestsPerConcurrency = 10

// LambdaTimeout is the longest a Lambda function may run
// (quotas-and-pricing §1.3): a sampled duration beyond it is a function
// that times out there, as Step Functions reports it.
const LambdaTimeout = 900 * time.Second

var lambdaTimedOut = &asl.StatesError{Name: "Sandbox.Timedout", Cause: "Task timed out after 900.00 seconds (simulated: the profile's duration is beyond Lambda's 900 s limit)"}

func newBackend(clock *engine.VirtualClock, prof *profile.Profile, seed uint64, tl *series.Timeline) *backend {
	b := &backend{clock: clock, prof: prof, rnd: rand.New(rand.NewPCG(seed, 0xb0a7)), pools: map[string]*pool{},
		plans: map[string]*plan{}, timeline: tl}
	for name, p := range prof.Pools {
		b.pools[name] = newPool(name, p.Concurrency, p.ScalePer10s, p.ThrottleError)
		if name == profile.LambdaPool {
			// Lambda's request rate: 10 per second per unit of
			// concurrency, a second's worth at once.
			rate := float64(LambdaRequestsPerConcurrency * p.Concurrency)
			b.pools[name].requests = newBucket(rate, rate)
		}
	}
	return b
}

// plan finds how a Task state is simulated: the profile's entry for its
// name or resource, else the documented default.
func (b *backend) plan(state, resource string) *plan {
	if p := b.last; p != nil && p.state == state {
		return p // most calls in a run come from the same Task state
	}
	if p, ok := b.plans[state]; ok {
		b.last = p
		return p
	}
	p := &plan{state: state, resource: resource, errors: map[string]int64{}, lambda: profile.IsLambda(resource)}
	p.task = b.prof.TaskFor(state, resource)
	if p.task == nil {
		p.task, p.usedDefault = b.prof.DefaultTask(resource), true
	}
	if p.task.Pool != "" {
		p.pool = b.pools[p.task.Pool]
	}
	if p.pool != nil && p.pool.throttleError != "" {
		p.throttled = &asl.StatesError{Name: p.pool.throttleError, Cause: "Rate Exceeded. (simulated: the " + p.pool.name + " pool is at its concurrency or scaling limit)"}
	}
	for _, f := range p.task.Failures {
		p.failures = append(p.failures, &asl.StatesError{Name: f.Error, Cause: "simulated failure (profile: " + f.Error + ")"})
	}
	b.plans[state] = p
	b.last = p
	return p
}

func (b *backend) Start(req *engine.TaskRequest) func() {
	p := b.plan(req.State, req.Resource)
	now := b.clock.Elapsed()
	items := 1
	if req.Execution != nil && req.Execution.Items() > 0 {
		items = req.Execution.Items()
	}
	run := p.task.Duration.Sample(b.rnd, req.Input, items)
	timedOut := p.lambda && run > LambdaTimeout
	if timedOut {
		// No function runs longer: it is stopped, and billed, at the limit.
		run = LambdaTimeout
		p.timeouts++
	}
	d := run // until the result, which a queue delays
	if p.pool != nil && p.pool.throttleError == "" {
		// A queueing pool: the call waits for a slot, and its result comes
		// that much later; the wait is not billed (the function has not
		// started).
		d += p.pool.wait(now, run) - now
	} else if p.pool != nil && !p.pool.acquire(now, now+run) {
		p.throttles++
		b.timeline.Count(now, series.Throttled, 1)
		req.Result = engine.TaskResult{Err: p.throttled}
		b.clock.After(0, req.Deliver())
		return nil
	}
	p.calls++
	if pk, ok := p.task.Duration.(profile.PerKB); ok && pk.Bytes(req.Input) == 0 {
		p.sizeless++ // the field is missing (or 0): noted, since it may be a typo
	}
	p.billed += (run + time.Millisecond - 1) / time.Millisecond * time.Millisecond
	req.Result = engine.TaskResult{Output: req.Input}
	if timedOut {
		req.Result = engine.TaskResult{Err: lambdaTimedOut}
		p.errors[lambdaTimedOut.Name]++
	} else if len(p.failures) > 0 {
		u := b.rnd.Float64()
		for i, f := range p.task.Failures {
			if u < f.P {
				req.Result = engine.TaskResult{Err: p.failures[i]}
				p.errors[f.Error]++
				break
			}
			u -= f.P
		}
	}
	b.clock.After(d, req.Deliver())
	return nil
}
