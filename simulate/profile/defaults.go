package profile

import (
	"strings"
	"time"
)

// The documented defaults (spec quotas-and-pricing §1.2, §1.3).
const (
	// StateTransition bucket of Standard workflows in us-east-1, us-west-2
	// and eu-west-1; other Regions have 800/800.
	DefaultTransitionBurst     = 5000
	DefaultTransitionPerSecond = 5000

	LambdaPool                 = "lambda"
	DefaultLambdaConcurrency   = 1000 // account limit per Region
	DefaultLambdaScalePer10s   = 1000 // execution environments added per function per 10 s
	DefaultLambdaThrottleError = "Lambda.TooManyRequestsException"

	DefaultMemoryMB = 128 // Lambda's default function memory
	DefaultArch     = ArchX86
	ArchX86         = "x86_64"
	ArchARM         = "arm64"

	MinMemoryMB = 128
	MaxMemoryMB = 10240
)

// Default durations of Tasks the profile does not list. A Lambda call is
// given a typical-looking latency with a tail so that retries and
// stragglers show; other integrations a flat 100ms. Neither is measured:
// the simulator records that it used them.
var (
	DefaultLambdaDuration = mustLognormal(100*time.Millisecond, time.Second)
	DefaultOtherDuration  = Fixed{100 * time.Millisecond}
)

func mustLognormal(p50, p99 time.Duration) *Lognormal {
	d, err := NewLognormal(p50, p99)
	if err != nil {
		panic(err)
	}
	return d
}

// Default returns the profile used without a profile file: the documented
// defaults, each listed in Assumptions.
func Default() *Profile {
	p := &Profile{Pools: map[string]*Pool{}, Tasks: map[string]*Task{}, defaulted: map[string]bool{}}
	fillDefaults(p, fileSettings{})
	return p
}

// fileSettings records which defaultable settings a file wrote, so that
// fillDefaults fills only the rest.
type fileSettings struct {
	startLatency, childStartRate, childOverhead bool
	burst, perSecond                            bool
	lambda                                      *poolSettings // nil when no lambda pool was written
}

type poolSettings struct{ concurrency, scale, throttle bool }

// fillDefaults completes p where the file was silent and says so in
// Assumptions; the order is that of Describe, so reports read alike.
func fillDefaults(p *Profile, set fileSettings) {
	assume := func(label, sentence string) {
		p.defaulted[label] = true
		p.Assumptions = append(p.Assumptions, sentence)
	}
	if !set.startLatency {
		assume(labelStartLatency, "Map Run start latency: 0s (not documented by AWS; set mapRun.startLatency)")
	}
	if !set.childStartRate {
		assume(labelChildStartRate, "Map Run child start rate: unlimited (not documented by AWS; set mapRun.childStartRate)")
	}
	if !set.childOverhead {
		assume(labelChildOverhead, "Map Run child overhead: 0s (not documented by AWS; set mapRun.childOverhead)")
	}
	if !set.burst {
		p.StateTransitions.Burst = DefaultTransitionBurst
		assume(labelBurst, "StateTransition bucket: 5,000 burst (Standard quota in us-east-1, us-west-2, eu-west-1; other Regions 800)")
	}
	if !set.perSecond {
		p.StateTransitions.PerSecond = DefaultTransitionPerSecond
		assume(labelPerSecond, "StateTransition bucket: 5,000 per second refill (Standard quota in us-east-1, us-west-2, eu-west-1; other Regions 800)")
	}
	lambda := set.lambda
	if lambda == nil {
		p.Pools[LambdaPool] = &Pool{Name: LambdaPool}
		lambda = &poolSettings{}
	}
	pool := p.Pools[LambdaPool]
	if !lambda.concurrency {
		pool.Concurrency = DefaultLambdaConcurrency
		assume(poolLabel(LambdaPool, "concurrency"), "Lambda pool: 1,000 concurrency (AWS default account limit)")
	}
	if !lambda.scale {
		pool.ScalePer10s = DefaultLambdaScalePer10s
		assume(poolLabel(LambdaPool, "scalePer10s"), "Lambda pool: scales by 1,000 concurrent calls every 10s (Lambda's per-function scaling rate)")
	}
	if !lambda.throttle {
		pool.ThrottleError = DefaultLambdaThrottleError
		assume(poolLabel(LambdaPool, "throttleError"), "Lambda pool: calls over the limit fail with Lambda.TooManyRequestsException (what Step Functions reports for a throttled invoke)")
	}
}

// DefaultTask is the Task used for a state TaskFor does not find. It adds
// nothing to Assumptions: only the simulator knows which states used it.
func (p *Profile) DefaultTask(resource string) *Task {
	if IsLambda(resource) {
		return &Task{Duration: DefaultLambdaDuration, MemoryMB: DefaultMemoryMB, Arch: DefaultArch, Pool: LambdaPool}
	}
	return &Task{Duration: DefaultOtherDuration}
}

// IsLambda reports whether resource invokes a Lambda function: a function
// ARN (arn:aws:lambda:…, in any partition) or the optimised integration
// arn:aws:states:::lambda:invoke (with or without .waitForTaskToken).
func IsLambda(resource string) bool {
	parts := strings.SplitN(resource, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") {
		return false
	}
	switch parts[2] {
	case "lambda":
		return true
	case "states":
		return parts[3] == "" && parts[4] == "" && strings.HasPrefix(parts[5], "lambda:invoke")
	}
	return false
}
