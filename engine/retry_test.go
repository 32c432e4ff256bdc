package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

func TestMatches(t *testing.T) {
	tests := []struct {
		equals []string
		name   string
		want   bool
	}{
		{[]string{"States.ALL"}, "Lambda.ServiceException", true},
		{[]string{"States.ALL"}, "States.Timeout", true},
		{[]string{"States.TaskFailed"}, "MyError", true},
		{[]string{"States.TaskFailed"}, "States.Timeout", false}, // everything except States.Timeout
		{[]string{"States.TaskFailed", "States.Timeout"}, "States.Timeout", true},
		{[]string{"States.ALL"}, "States.Runtime", false},     // never caught (recorded on AWS)
		{[]string{"States.Runtime"}, "States.Runtime", false}, // not even when named
		{[]string{"States.ALL"}, "States.DataLimitExceeded", true},
		{[]string{"MyError"}, "myerror", false}, // names are case-sensitive
		{[]string{"A", "B"}, "B", true},
		{[]string{"A"}, "B", false},
	}
	for _, tt := range tests {
		if got := Matches(tt.equals, tt.name); got != tt.want {
			t.Errorf("Matches(%v, %q) = %v, want %v", tt.equals, tt.name, got, tt.want)
		}
	}
}

func compileRetry(t *testing.T, src string) []Retrier {
	t.Helper()
	doc, err := asl.ParseJSON("retry.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := CompileRetry(doc.Root)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestRetrySpecificationExample: the ASL specification's example. Errors
// ErrorA, ErrorB, ErrorC, ErrorB wait 1, 2 and 5 s; the fourth exhausts the
// first retrier (MaxAttempts 2), and the error goes to Catch.
func TestRetrySpecificationExample(t *testing.T) {
	rs := compileRetry(t, `[
		{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
		{"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}]`)
	var rc RetryCounter
	var waits []time.Duration
	for _, name := range []string{"ErrorA", "ErrorB", "ErrorC", "ErrorB"} {
		d, ok := rc.Next(rs, name, nil)
		if !ok {
			waits = append(waits, -1)
			continue
		}
		waits = append(waits, d)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, -1}
	if !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	if rc.Attempts() != 3 {
		t.Errorf("Attempts() = %d, want 3", rc.Attempts())
	}
}

func TestRetryDefaultsAndLimits(t *testing.T) {
	rs := compileRetry(t, `[{"ErrorEquals": ["States.ALL"]}]`)
	if r := rs[0]; r.Interval != time.Second || r.MaxAttempts != 3 || r.BackoffRate != 2 || r.MaxDelay != 0 || r.FullJitter {
		t.Errorf("defaults %+v", r)
	}
	var rc RetryCounter
	var waits []time.Duration
	for {
		d, ok := rc.Next(rs, "Boom", nil)
		if !ok {
			break
		}
		waits = append(waits, d)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}; !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}

	never := compileRetry(t, `[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}]`)
	if _, ok := new(RetryCounter).Next(never, "Boom", nil); ok {
		t.Error("MaxAttempts 0 retried")
	}
	if _, ok := new(RetryCounter).Next(rs, asl.ErrRuntime, nil); ok {
		t.Error("States.Runtime retried")
	}

	capped := compileRetry(t, `[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "BackoffRate": 3, "MaxDelaySeconds": 20, "MaxAttempts": 5}]`)
	var got []time.Duration
	for k := 1; k <= 5; k++ {
		got = append(got, capped[0].Delay(k, nil))
	}
	if want := []time.Duration{3 * time.Second, 9 * time.Second, 20 * time.Second, 20 * time.Second, 20 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("capped delays %v, want %v", got, want)
	}
}

// TestRetryFullJitter: FULL jitter draws in [0, d_k], deterministically for
// a seed (asl-semantics §7: 2, 4, 8 s become random in [0,2], [0,4], [0,8]).
func TestRetryFullJitter(t *testing.T) {
	rs := compileRetry(t, `[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "JitterStrategy": "FULL"}]`)
	draw := func(seed uint64) []time.Duration {
		rnd := rand.New(rand.NewPCG(seed, 0))
		var rc RetryCounter
		var out []time.Duration
		for range 3 {
			d, _ := rc.Next(rs, "Boom", rnd)
			out = append(out, d)
		}
		return out
	}
	a, b := draw(7), draw(7)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different delays: %v %v", a, b)
	}
	for k, d := range a {
		if limit := time.Duration(2<<k) * time.Second; d < 0 || d > limit {
			t.Errorf("retry %d waits %v, outside [0, %v]", k+1, d, limit)
		}
	}
	if slices.Equal(draw(7), draw(8)) {
		t.Error("different seeds give the same delays")
	}
}

func TestCompileCatch(t *testing.T) {
	doc, err := asl.ParseJSON("c.json", []byte(`[{"ErrorEquals": ["Lambda.TooManyRequestsException"], "Next": "Slow"}, {"ErrorEquals": ["States.ALL"], "Next": "Fail", "ResultPath": "$.error"}]`))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := CompileCatch(doc.Root)
	if err != nil {
		t.Fatal(err)
	}
	if i := MatchCatcher(cs, "Lambda.TooManyRequestsException"); i != 0 {
		t.Errorf("throttling caught by %d, want 0", i)
	}
	if i := MatchCatcher(cs, "Other"); i != 1 || cs[i].Next != "Fail" || cs[i].Node.GetString("ResultPath") != "$.error" {
		t.Errorf("Other caught by %d", i)
	}
	if i := MatchCatcher(cs, asl.ErrRuntime); i != -1 {
		t.Errorf("States.Runtime caught by %d", i)
	}
}

func TestCompileErrors(t *testing.T) {
	for _, src := range []string{
		`{}`,
		`[{"ErrorEquals": []}]`,
		`[{"ErrorEquals": ["A"], "IntervalSeconds": 0}]`,
		`[{"ErrorEquals": ["A"], "MaxAttempts": -1}]`,
		`[{"ErrorEquals": ["A"], "BackoffRate": 0.5}]`,
		`[{"ErrorEquals": ["A"], "MaxDelaySeconds": 0}]`,
		`[{"ErrorEquals": [1]}]`,
	} {
		doc, err := asl.ParseJSON("r.json", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := CompileRetry(doc.Root); err == nil {
			t.Errorf("CompileRetry(%s): want an error", src)
		}
	}
	doc, _ := asl.ParseJSON("c.json", []byte(`[{"ErrorEquals": ["A"]}]`))
	if _, err := CompileCatch(doc.Root); err == nil {
		t.Error("a catcher without Next compiled")
	}
}
