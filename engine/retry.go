package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

// Retry and Catch (asl-semantics §7).

// Retrier is one compiled element of a state's Retry.
type Retrier struct {
	ErrorEquals []string
	Interval    time.Duration // IntervalSeconds, default 1 s
	MaxAttempts int           // default 3; 0 never retries
	BackoffRate float64       // default 2.0
	MaxDelay    time.Duration // MaxDelaySeconds; 0 means no cap
	FullJitter  bool          // JitterStrategy FULL
}

// Catcher is one compiled element of a state's Catch.
type Catcher struct {
	ErrorEquals []string
	Next        string
	// Node is the catcher's object, for ResultPath, Output and Assign,
	// which the state's query language decides how to apply.
	Node *asl.Node
}

// Matches reports whether an error named name is matched by errorEquals.
// States.ALL matches every error and States.TaskFailed every error but
// States.Timeout. States.Runtime is never retried or caught, even when
// named: AWS was recorded not catching it with a Catch on
// ["States.Runtime"] (asl-semantics §7). States.DataLimitExceeded, which the
// specification also calls terminal, was recorded caught by States.ALL when
// a Task's result was too large, so it matches like any other error.
func Matches(errorEquals []string, name string) bool {
	if name == asl.ErrRuntime {
		return false
	}
	for _, e := range errorEquals {
		switch {
		case e == name, e == asl.ErrAll:
			return true
		case e == asl.ErrTaskFailed && name != asl.ErrTimeout:
			return true
		}
	}
	return false
}

// RetryCounter counts, for one visit of a state, the attempts each retrier
// has made; a new visit starts from zero (asl-semantics §7: counters reset
// when the state is left).
type RetryCounter struct {
	attempts []int
}

// Next decides whether the error named name is retried: it returns the
// delay before the retry and true, or false when no retrier matches or the
// first matching retrier is exhausted. Retriers are scanned in order; the
// first whose ErrorEquals matches applies, alone. rnd draws the FULL
// jitter.
func (rc *RetryCounter) Next(retriers []Retrier, name string, rnd *rand.Rand) (time.Duration, bool) {
	if len(rc.attempts) < len(retriers) {
		rc.attempts = append(rc.attempts, make([]int, len(retriers)-len(rc.attempts))...)
	}
	for i := range retriers {
		r := &retriers[i]
		if !Matches(r.ErrorEquals, name) {
			continue
		}
		if rc.attempts[i] >= r.MaxAttempts {
			return 0, false
		}
		rc.attempts[i]++
		return r.Delay(rc.attempts[i], rnd), true
	}
	return 0, false
}

// Attempts is the number of retries made so far in this visit, over all
// retriers (the context object's State.RetryCount).
func (rc *RetryCounter) Attempts() int {
	n := 0
	for _, a := range rc.attempts {
		n += a
	}
	return n
}

// maxRetryDelay is the longest wait before a retry.
const maxRetryDelay = 366 * 24 * time.Hour

// Delay is the wait before retry k (1-based): IntervalSeconds ×
// BackoffRate^(k−1), capped by MaxDelaySeconds, then, with FULL jitter, a
// uniform draw in [0, that].
func (r *Retrier) Delay(k int, rnd *rand.Rand) time.Duration {
	d := float64(r.Interval) * math.Pow(r.BackoffRate, float64(k-1))
	if r.MaxDelay > 0 && d > float64(r.MaxDelay) {
		d = float64(r.MaxDelay)
	}
	// A long backoff saturates at a year, the longest an execution lives;
	// beyond 2^63 ns the conversion below would wrap negative.
	if d > float64(maxRetryDelay) {
		d = float64(maxRetryDelay)
	}
	if r.FullJitter && rnd != nil {
		d = rnd.Float64() * d
	}
	return time.Duration(d)
}

// MatchCatcher returns the index of the first catcher that matches the
// error named name, or -1.
func MatchCatcher(catchers []Catcher, name string) int {
	for i := range catchers {
		if Matches(catchers[i].ErrorEquals, name) {
			return i
		}
	}
	return -1
}

// CompileRetry reads a state's Retry array. The definition is assumed to
// have passed lint (ASL003, ASL025 …); what is still wrong is an error
// naming the place.
func CompileRetry(n *asl.Node) ([]Retrier, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != asl.Array {
		return nil, fmt.Errorf("%s: Retry must be an array", n.Pointer())
	}
	out := make([]Retrier, 0, len(n.Elems))
	for _, e := range n.Elems {
		r := Retrier{Interval: time.Second, MaxAttempts: 3, BackoffRate: 2}
		var err error
		if r.ErrorEquals, err = errorEquals(e); err != nil {
			return nil, err
		}
		if v := e.Get("IntervalSeconds"); v != nil {
			s, ok := v.Int()
			if !ok || s < 1 {
				return nil, fmt.Errorf("%s: IntervalSeconds must be a positive integer", v.Pointer())
			}
			r.Interval = time.Duration(s) * time.Second
		}
		if v := e.Get("MaxAttempts"); v != nil {
			a, ok := v.Int()
			if !ok || a < 0 {
				return nil, fmt.Errorf("%s: MaxAttempts must be a non-negative integer", v.Pointer())
			}
			r.MaxAttempts = int(min(a, math.MaxInt32))
		}
		if v := e.Get("BackoffRate"); v != nil {
			f, ok := v.Float()
			if !ok || f < 1 {
				return nil, fmt.Errorf("%s: BackoffRate must be a number of at least 1.0", v.Pointer())
			}
			r.BackoffRate = f
		}
		if v := e.Get("MaxDelaySeconds"); v != nil {
			s, ok := v.Int()
			if !ok || s < 1 {
				return nil, fmt.Errorf("%s: MaxDelaySeconds must be a positive integer", v.Pointer())
			}
			r.MaxDelay = time.Duration(s) * time.Second
		}
		r.FullJitter = e.GetString("JitterStrategy") == "FULL"
		out = append(out, r)
	}
	return out, nil
}

// CompileCatch reads a state's Catch array.
func CompileCatch(n *asl.Node) ([]Catcher, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != asl.Array {
		return nil, fmt.Errorf("%s: Catch must be an array", n.Pointer())
	}
	out := make([]Catcher, 0, len(n.Elems))
	for _, e := range n.Elems {
		names, err := errorEquals(e)
		if err != nil {
			return nil, err
		}
		next, ok := e.Get("Next").StringValue()
		if !ok {
			return nil, fmt.Errorf("%s: a catcher needs Next", e.Pointer())
		}
		out = append(out, Catcher{ErrorEquals: names, Next: next, Node: e})
	}
	return out, nil
}

func errorEquals(e *asl.Node) ([]string, error) {
	ee := e.Get("ErrorEquals")
	if ee == nil || ee.Kind != asl.Array || len(ee.Elems) == 0 {
		return nil, fmt.Errorf("%s: ErrorEquals must be a non-empty array of error names", e.Pointer())
	}
	names := make([]string, 0, len(ee.Elems))
	for _, n := range ee.Elems {
		s, ok := n.StringValue()
		if !ok {
			return nil, fmt.Errorf("%s: error names are strings", n.Pointer())
		}
		names = append(names, s)
	}
	return names, nil
}
