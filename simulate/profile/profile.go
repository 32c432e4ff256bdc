// Package profile is the workload profile of `sfnsim simulate`: how long
// each Task takes and how often it fails, how fast a Map Run starts its
// children, and the account limits (Step Functions' StateTransition bucket,
// Lambda concurrency) that throttle them. The state machine says what runs;
// the profile says how the world behaves while it does.
//
// A profile is YAML or JSON. Everything in it is optional: what it leaves
// out falls back to the documented AWS defaults (see Default), and
// Profile.Assumptions lists each default relied on, so that a report can
// say what its numbers rest on.
//
// The shape, with testdata/example.yaml as the documented example:
//
//	mapRun: {startLatency: 0s, childStartRate: 0, childOverhead: 0s}   # rate per second, 0 = unlimited
//	stateTransitions: {burst: 5000, perSecond: 5000}
//	pools:
//	  lambda: {concurrency: 1000, scalePer10s: 1000, throttleError: Lambda.TooManyRequestsException}
//	tasks:
//	  Process:                     # a Task state name, or a Resource ARN
//	    duration: {p50: 200ms, p99: 2s}
//	    failures: {Lambda.ServiceException: 0.01}
//	    memoryMB: 1024
//	    arch: arm64
//	    pool: lambda
//
// A duration is one of {fixed: 1s} (or just 1s), {p50: …, p99: …}
// (lognormal), {uniform: [a, b]}, {normal: {mean: …, stddev: …}} (truncated
// at 0), {values: [...]}, {perKB: {field: Size, ms: 2, base: 0s}} or
// {perItem: …}. Durations are Go duration strings or numbers of seconds.
package profile

import "time"

// Profile is a parsed workload profile with every default filled in.
type Profile struct {
	MapRun           MapRun
	StateTransitions Bucket
	Pools            map[string]*Pool
	Tasks            map[string]*Task // by state name or resource ARN, as written
	// Assumptions lists, in plain sentences, every default the profile did
	// not set ("Lambda pool: 1,000 concurrency (AWS default account limit)").
	Assumptions []string

	// defaulted holds the settings (by their Describe label) that came from
	// a default rather than the file, so Describe can mark them.
	defaulted map[string]bool
}

// MapRun is how a Distributed Map run paces its child executions. AWS
// documents none of these, so they default to zero: a simulation then
// shows the limits the account quotas impose and nothing invented.
type MapRun struct {
	StartLatency   time.Duration // from MapRunStarted to the first child start
	ChildOverhead  time.Duration // added to every child's run time
	ChildStartRate float64       // children started per second; 0 = unlimited
}

// Bucket is a token bucket: Burst tokens at most, refilled at PerSecond.
// PerSecond 0 means unlimited (Express workflows have no StateTransition
// bucket).
type Bucket struct {
	Burst, PerSecond float64
}

// Pool is a shared concurrency limit, such as the account's Lambda
// concurrency, that calls of several Tasks draw from.
type Pool struct {
	Name        string
	Concurrency int // calls in flight at most
	// ScalePer10s is how many more calls the pool can take on in each 10 s
	// as it warms up, refilled continuously (Lambda adds 1,000 execution
	// environments every 10 s); 0 means the whole Concurrency is available
	// at once.
	ScalePer10s int
	// ThrottleError is the error a call over the limit fails with, which a
	// Retry can catch; empty means such a call waits for a free slot
	// instead.
	ThrottleError string
}

// Task is the behaviour of one Task state (or of every state calling one
// resource).
type Task struct {
	Key      string // the state name or resource ARN it was listed under; "" from DefaultTask
	Duration Dist
	Failures []Failure // in the order written
	MemoryMB int       // Lambda memory, for pricing
	Arch     string    // "arm64" or "x86_64", for pricing
	Pool     string    // the Pools key it draws from; "" for none

	// lambdaPool is this Task with Pool set to the lambda pool, returned by
	// TaskFor for a Lambda resource when the file did not say which pool:
	// a Task listed by state name cannot know its resource until then.
	// Built once at parse time so the simulator's hot path does not
	// allocate.
	lambdaPool *Task

	assumed []assumption // while parsing only
}

// Failure is one error a Task call fails with, with probability P per call.
// A call fails with at most one error, so the P of a Task sum to at most 1.
type Failure struct {
	Error string
	P     float64
}
