package engine_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/engine"
)

const lambdaARN = "arn:aws:lambda:us-east-1:111122223333:function:work"

// Retry waits IntervalSeconds × BackoffRate^(k−1), capped by
// MaxDelaySeconds, and each retry is a billable transition.
func TestRetryTiming(t *testing.T) {
	tests := []struct {
		name    string
		retry   string
		steps   []step
		at      []time.Duration // when each call started
		status  string
		errName string
	}{
		{name: "defaults: 1 s, ×2, three retries",
			retry:  `[{"ErrorEquals":["States.ALL"]}]`,
			steps:  []step{{err: "E"}},
			at:     []time.Duration{0, 1 * time.Second, 3 * time.Second, 7 * time.Second},
			status: engine.StatusFailed, errName: "E"},
		{name: "interval, backoff and max delay",
			retry:  `[{"ErrorEquals":["E"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":4,"MaxDelaySeconds":10}]`,
			steps:  []step{{err: "E"}},
			at:     []time.Duration{0, 2 * time.Second, 8 * time.Second, 18 * time.Second, 28 * time.Second},
			status: engine.StatusFailed, errName: "E"},
		{name: "success after two failures",
			retry:  `[{"ErrorEquals":["E"],"IntervalSeconds":1,"BackoffRate":1}]`,
			steps:  []step{{err: "E"}, {err: "E"}, {out: "ok"}},
			at:     []time.Duration{0, time.Second, 2 * time.Second},
			status: engine.StatusSucceeded},
		{name: "MaxAttempts 0 never retries",
			retry:  `[{"ErrorEquals":["E"],"MaxAttempts":0}]`,
			steps:  []step{{err: "E"}},
			at:     []time.Duration{0},
			status: engine.StatusFailed, errName: "E"},
		{name: "each retrier counts its own attempts",
			retry:  `[{"ErrorEquals":["A"],"MaxAttempts":1,"IntervalSeconds":1},{"ErrorEquals":["B"],"MaxAttempts":1,"IntervalSeconds":5}]`,
			steps:  []step{{err: "A"}, {err: "B"}, {err: "A"}},
			at:     []time.Duration{0, time.Second, 6 * time.Second},
			status: engine.StatusFailed, errName: "A"},
		{name: "States.TaskFailed does not match States.Timeout",
			retry:  `[{"ErrorEquals":["States.TaskFailed"]}]`,
			steps:  []step{{err: "States.Timeout"}},
			at:     []time.Duration{0},
			status: engine.StatusFailed, errName: "States.Timeout"},
		{name: "States.Runtime is never retried",
			retry:  `[{"ErrorEquals":["States.Runtime","States.ALL"]}]`,
			steps:  []step{{err: "States.Runtime"}},
			at:     []time.Duration{0},
			status: engine.StatusFailed, errName: "States.Runtime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + lambdaARN + `","Retry":` + tt.retry + `,"End":true}}}`
			r := execute(t, def, `{}`, map[string][]step{"T": tt.steps})
			var at []time.Duration
			for i, c := range r.backend.calls {
				at = append(at, c.at)
				if c.attempt != i {
					t.Errorf("call %d has Attempt %d", i, c.attempt)
				}
			}
			if !reflect.DeepEqual(at, tt.at) {
				t.Errorf("calls at %v, want %v", at, tt.at)
			}
			if r.x.Status != tt.status || r.x.Error != tt.errName {
				t.Errorf("ended %s %s, want %s %s", r.x.Status, r.x.Error, tt.status, tt.errName)
			}
			retries := int64(len(tt.at) - 1)
			if st := r.x.Stats(); r.x.Retries != retries || st.Transitions[0] != 1+retries {
				t.Errorf("retries %d, transitions %d; want %d and %d", r.x.Retries, st.Transitions[0], retries, 1+retries)
			}
		})
	}
}

// FULL jitter draws each delay in [0, d]; the same seed draws the same.
func TestRetryJitter(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + lambdaARN + `",
		"Retry":[{"ErrorEquals":["E"],"IntervalSeconds":4,"MaxAttempts":5,"JitterStrategy":"FULL"}],"End":true}}}`
	times := func(seed uint64) []time.Duration {
		r := execute(t, def, `{}`, map[string][]step{"T": {{err: "E"}}}, func(o *engine.Options) { o.Seed = seed })
		var at []time.Duration
		for _, c := range r.backend.calls {
			at = append(at, c.at)
		}
		return at
	}
	a, b, c := times(7), times(7), times(8)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("seed 7 gave %v then %v", a, b)
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("seeds 7 and 8 both gave %v", a)
	}
	for k := 1; k < len(a); k++ {
		cap := 4 * time.Second << (k - 1)
		if d := a[k] - a[k-1]; d < 0 || d > cap {
			t.Errorf("delay %d is %v, want within [0, %v]", k, d, cap)
		}
	}
}

// Catch: the error output placed by ResultPath, the first matching
// catcher, and the catcher's variables.
func TestCatch(t *testing.T) {
	def := `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"` + lambdaARN + `","Catch":[
			{"ErrorEquals":["Other"],"Next":"Wrong"},
			{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.error","Assign":{"seen.$":"$.Error"},"Next":"Handled"}],"End":true},
		"Wrong":{"Type":"Fail","Error":"Wrong"},
		"Handled":{"Type":"Pass","Parameters":{"in.$":"$","seen.$":"$seen"},"End":true}}}`
	r := execute(t, def, `{"a":1}`, map[string][]step{"T": {{err: "Boom", cause: "it broke"}}})
	wantOutput(t, r, `{"in":{"a":1,"error":{"Cause":"it broke","Error":"Boom"}},"seen":"Boom"}`)

	jdef := `{"QueryLanguage":"JSONata","StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"` + lambdaARN + `","Catch":[{"ErrorEquals":["States.ALL"],
			"Output":{"e":"{% $states.errorOutput.Error %}","in":"{% $states.input %}"},"Next":"Done"}],"End":true},
		"Done":{"Type":"Succeed"}}}`
	r = execute(t, jdef, `{"a":1}`, map[string][]step{"T": {{err: "Boom"}}})
	wantOutput(t, r, `{"e":"Boom","in":{"a":1}}`)
}

// A Task over its TimeoutSeconds fails with States.Timeout and its call is
// abandoned; TimeoutSecondsPath reads the value from the input.
func TestTaskTimeouts(t *testing.T) {
	tests := []struct {
		name, fields, input string
		steps               []step
		err                 string
		took                time.Duration
	}{
		{name: "timeout", fields: `"TimeoutSeconds":10`, steps: []step{{hangs: true}}, err: "States.Timeout", took: 10 * time.Second},
		{name: "timeout path", fields: `"TimeoutSecondsPath":"$.t"`, input: `{"t":3}`, steps: []step{{d: time.Minute}}, err: "States.Timeout", took: 3 * time.Second},
		{name: "answer in time", fields: `"TimeoutSeconds":10`, steps: []step{{d: 9 * time.Second, out: 1}}, took: 9 * time.Second},
		{name: "heartbeat of a callback", fields: `"TimeoutSeconds":100,"HeartbeatSeconds":5`, steps: []step{{hangs: true}}, err: "States.HeartbeatTimeout", took: 5 * time.Second},
		{name: "missing timeout path", fields: `"TimeoutSecondsPath":"$.t"`, input: `{}`, err: "States.Runtime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resource := lambdaARN
			if strings.Contains(tt.fields, "Heartbeat") {
				resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
			}
			def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + resource + `",` + tt.fields + `,"End":true}}}`
			r := execute(t, def, tt.input, map[string][]step{"T": tt.steps})
			if r.x.Error != tt.err {
				t.Fatalf("error %q (%s), want %q", r.x.Error, r.x.Cause, tt.err)
			}
			if took := r.x.StopTime.Sub(r.x.StartTime); took != tt.took {
				t.Errorf("took %v, want %v", took, tt.took)
			}
			if tt.err == "States.Timeout" || tt.err == "States.HeartbeatTimeout" {
				if r.backend.cancelled != 1 {
					t.Errorf("%d calls cancelled, want 1", r.backend.cancelled)
				}
			}
		})
	}
}

// History events carry AWS's names and numbering.
func TestHistory(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"T"},
		"T":{"Type":"Task","Resource":"` + lambdaARN + `","Retry":[{"ErrorEquals":["E"]}],"Next":"S"},
		"S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"t.$":"$$.Task.Token"},"Next":"Par"},
		"Par":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"Next":"Done"},
		"Done":{"Type":"Succeed"}}}`
	r := execute(t, def, `{}`, map[string][]step{"T": {{err: "E"}, {out: 1}}})
	want := []string{"ExecutionStarted", "PassStateEntered", "PassStateExited",
		"TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
		"LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
		"TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited",
		"ParallelStateEntered", "ParallelStateStarted", "PassStateEntered", "PassStateExited", "ParallelStateSucceeded", "ParallelStateExited",
		"SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"}
	if got := r.eventTypes(); !reflect.DeepEqual(got, want) {
		t.Errorf("events\n%v\nwant\n%v", got, want)
	}
	for i, e := range r.events {
		if e.ID != int64(i+1) {
			t.Errorf("event %d (%s) has id %d", i, e.Type, e.ID)
		}
	}
	if tok := r.backend.calls[2].input.(map[string]any)["t"]; tok == "" || tok == nil {
		t.Errorf("no task token in %v", r.backend.calls[2].input)
	}
	if r.x.Events() != int64(len(want)) {
		t.Errorf("Events() = %d, want %d", r.x.Events(), len(want))
	}
}

// One timer per thread times its calls out (taskLimit): a later call's
// deadline is found when the armed timer fires, an earlier one replaces
// it. Either way each call times out exactly at its own deadline.
func TestTaskTimeoutsShareATimer(t *testing.T) {
	tests := []struct {
		name  string
		def   string
		steps map[string][]step
		took  time.Duration
	}{{
		name: "later deadline: the armed timer re-arms",
		def: `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"` + lambdaARN + `","TimeoutSeconds":5,"Next":"B"},
			"B":{"Type":"Task","Resource":"` + lambdaARN + `","TimeoutSeconds":5,"End":true}}}`,
		steps: map[string][]step{"A": {{d: 4 * time.Second, out: 1}}, "B": {{hangs: true}}},
		took:  9 * time.Second,
	}, {
		name: "earlier deadline: a new timer replaces the armed one",
		def: `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"` + lambdaARN + `","TimeoutSeconds":100,"Next":"B"},
			"B":{"Type":"Task","Resource":"` + lambdaARN + `","TimeoutSeconds":2,"End":true}}}`,
		steps: map[string][]step{"A": {{d: time.Second, out: 1}}, "B": {{hangs: true}}},
		took:  3 * time.Second,
	}, {
		name: "a retry times out at its own deadline",
		def: `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"` + lambdaARN + `","TimeoutSeconds":5,
			"Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":1}],"End":true}}}`,
		steps: map[string][]step{"A": {{d: 3 * time.Second, err: "E"}, {hangs: true}}},
		took:  9 * time.Second, // 3 s, 1 s interval, then 5 s
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := execute(t, tt.def, `{}`, tt.steps)
			if r.x.Error != "States.Timeout" {
				t.Fatalf("error %q (%s), want States.Timeout", r.x.Error, r.x.Cause)
			}
			if took := r.x.StopTime.Sub(r.x.StartTime); took != tt.took {
				t.Errorf("took %v, want %v", took, tt.took)
			}
		})
	}
}

// A million children with a 300 s TimeoutSeconds must not keep a million
// timers: the clock holds about one per concurrent child.
func TestTaskTimeoutTimersStayBounded(t *testing.T) {
	const items, concurrency = 20_000, 100
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":` + fmt.Sprint(concurrency) + `,"ResultPath":null,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"T","States":{
			"T":{"Type":"Task","Resource":"` + lambdaARN + `","TimeoutSeconds":300,"End":true}}},"End":true}}}`
	clock := engine.NewVirtualClock(epoch)
	b := &pendingProbe{clock: clock}
	x, err := compileDef(t, def).Run(decode(t, numbers(items)), &engine.Options{Clock: clock, Backend: b})
	must(t, err)
	if x.Status != engine.StatusSucceeded {
		t.Fatalf("%s %s", x.Status, x.Cause)
	}
	if b.max > 4*concurrency {
		t.Errorf("up to %d events scheduled at once for %d children at a time, want about one per child", b.max, concurrency)
	}
}

// pendingProbe answers every call after 100 ms and notes the most events
// the clock held.
type pendingProbe struct {
	clock *engine.VirtualClock
	max   int
}

func (p *pendingProbe) Start(req *engine.TaskRequest) func() {
	p.max = max(p.max, p.clock.Pending())
	p.clock.After(100*time.Millisecond, func() { req.Done(engine.TaskResult{Output: req.Input}) })
	return nil
}

// Context-object times have milliseconds, as Step Functions writes them:
// three digits, none on a whole second.
func TestContextTimesInMilliseconds(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + lambdaARN + `","Next":"P"},
		"P":{"Type":"Pass","Parameters":{"start.$":"$$.Execution.StartTime","entered.$":"$$.State.EnteredTime"},"End":true}}}`
	r := execute(t, def, `{}`, map[string][]step{"T": {{d: 1234567891 * time.Nanosecond, out: 1}}})
	start, entered := epoch.UTC().Format("2006-01-02T15:04:05Z"), epoch.Add(1234*time.Millisecond).UTC().Format("2006-01-02T15:04:05.000Z")
	wantOutput(t, r, `{"entered":"`+entered+`","start":"`+start+`"}`)
}
