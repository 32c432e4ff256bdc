package engine_test

// Regressions found in review: each test failed before its fix.

import (
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
)

// A Task's TimeoutSeconds timer must not time out the next Task.
func TestStaleTimeoutNextTask(t *testing.T) {
	def := `{"StartAt":"T1","States":{
	 "T1":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":10,"Next":"T2"},
	 "T2":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`
	r := execute(t, def, `{}`, map[string][]step{
		"T1": {{d: 1 * time.Second, out: map[string]any{"a": 1}}},
		"T2": {{d: 20 * time.Second, out: map[string]any{"b": 2}}},
	})
	t.Logf("status=%s err=%s elapsed=%v", r.x.Status, r.x.Error, r.clock.Elapsed())
	wantOutput(t, r, `{"b":2}`)
}

// Retry: the first attempt's timer must not cut the second attempt short.
func TestStaleTimeoutRetry(t *testing.T) {
	def := `{"StartAt":"T1","States":{
	 "T1":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":10,
	   "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":1}],"End":true}}}`
	r := execute(t, def, `{}`, map[string][]step{
		"T1": {{d: 1 * time.Second, err: "Boom"}, {d: 9500 * time.Millisecond, out: "ok"}},
	})
	t.Logf("status=%s err=%s at=%v", r.x.Status, r.x.Error, r.x.StopTime.Sub(epoch))
	wantOutput(t, r, `"ok"`)
}

// Recycled child Executions carry the spare request, and the old timer with it.
func TestStaleTimeoutRecycledChild(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
	   "StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":10,"End":true}}},
	  "End":true}}}`
	r := execute(t, def, `[1,2,3]`, map[string][]step{
		"T": {{d: 1 * time.Second, out: 1}, {d: 1 * time.Second, out: 2}, {d: 9 * time.Second, out: 3}},
	})
	t.Logf("status=%s err=%s cause=%s at=%v", r.x.Status, r.x.Error, r.x.Cause, r.x.StopTime.Sub(epoch))
	wantOutput(t, r, `[1,2,3]`)
}

// Control-only Map Runs hand a placeholder to the parent's ResultSelector.
func TestControlOnlyResultSelector(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map",
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
	   "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
	  "ResultSelector":{"n.$":"States.ArrayLength($)"},
	  "End":true}}}`
	r := execute(t, def, `[1,2,3]`, nil, func(o *engine.Options) { o.InputFree = true })
	t.Logf("status=%s err=%s cause=%s out=%v", r.x.Status, r.x.Error, r.x.Cause, compact(r.x.Output))
	wantOutput(t, r, `{"n":3}`)
}

func TestControlOnlyChoiceAfter(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ResultPath":"$.r",
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
	   "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
	  "ItemsPath":"$.items","Next":"C"},
	  "C":{"Type":"Choice","Choices":[{"Variable":"$.r[0]","NumericEquals":1,"Next":"S"}],"Default":"F"},
	  "S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"Wrong"}}}`
	r := execute(t, def, `{"items":[1,2,3]}`, nil, func(o *engine.Options) { o.InputFree = true })
	t.Logf("status=%s err=%s cause=%s out=%v", r.x.Status, r.x.Error, r.x.Cause, compact(r.x.Output))
	if r.x.Status != engine.StatusSucceeded {
		t.Errorf("status %s", r.x.Status)
	}
}

// $$.StateMachine on the first use of the context object.
func TestContextStateMachineFirstUse(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"sm.$":"$$.StateMachine"},"End":true}}}`
	r := execute(t, def, `{}`, nil)
	wantOutput(t, r, `{"sm":{"Id":"arn:aws:states:us-east-1:123456789012:stateMachine:sfnsim","Name":"sfnsim"}}`)
}

type logObserver struct{ t *testing.T }

func (o logObserver) ExecutionStarted(x *engine.Execution) {
	o.t.Logf("start %p idx=%d at %v", x, x.Index, x.StartTime.Sub(epoch))
}
func (o logObserver) ExecutionEnded(x *engine.Execution) {
	o.t.Logf("end %p idx=%d %s %s at %v", x, x.Index, x.Status, x.Error, x.StopTime.Sub(epoch))
}

func TestStaleTimeoutRecycledChild2(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
	   "StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":10,"End":true}}},
	  "End":true}}}`
	r := execute(t, def, `[1,2,3,4]`, map[string][]step{
		"T": {{d: 1 * time.Second, out: 1}, {d: 1 * time.Second, out: 2}, {d: 1 * time.Second, out: 3}, {d: 9 * time.Second, out: 4}},
	}, func(o *engine.Options) { o.Observer = logObserver{t} })
	t.Logf("status=%s err=%s cause=%s at=%v", r.x.Status, r.x.Error, r.x.Cause, r.x.StopTime.Sub(epoch))
	wantOutput(t, r, `[1,2,3,4]`)
}

// syncBackend: T1 fails asynchronously the first time, then answers at
// once; T2 answers after 20 s.
type syncBackend struct {
	clock     *engine.VirtualClock
	n         int
	cancelled int
}

func (b *syncBackend) Start(req *engine.TaskRequest) func() {
	switch req.State {
	case "T1":
		b.n++
		if b.n == 1 {
			b.clock.After(time.Second, func() { req.Done(engine.TaskResult{Err: &asl.StatesError{Name: "Boom"}}) })
			return nil
		}
		req.Done(engine.TaskResult{Output: "t1"})
		return nil
	}
	done := false
	b.clock.After(20*time.Second, func() {
		if !done {
			req.Done(engine.TaskResult{Output: "t2"})
		}
	})
	return func() { done = true; b.cancelled++ }
}

func TestSyncAnswerAfterRetry(t *testing.T) {
	def := `{"StartAt":"T1","States":{
	 "T1":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,
	   "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":1}],"Next":"T2"},
	 "T2":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`
	doc, _ := asl.ParseJSON("x.json", []byte(def))
	prog, err := engine.Compile(doc.Root)
	if err != nil {
		t.Fatal(err)
	}
	clock := engine.NewVirtualClock(epoch)
	b := &syncBackend{clock: clock}
	x, err := prog.Run(map[string]any{}, &engine.Options{Clock: clock, Backend: b})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("status=%s err=%s out=%v at=%v", x.Status, x.Error, x.Output, x.StopTime.Sub(epoch))
	if x.Status != engine.StatusSucceeded {
		t.Errorf("want SUCCEEDED")
	}
}

// Abort while T2 runs: T2's call must be cancelled.
func TestSyncAnswerAfterRetryAbortCancels(t *testing.T) {
	def := `{"StartAt":"T1","States":{
	 "T1":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
	   "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":1}],"Next":"T2"},
	 "T2":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`
	doc, _ := asl.ParseJSON("x.json", []byte(def))
	prog, _ := engine.Compile(doc.Root)
	clock := engine.NewVirtualClock(epoch)
	b := &syncBackend{clock: clock}
	x, _ := prog.Start(map[string]any{}, &engine.Options{Clock: clock, Backend: b}, nil)
	clock.RunUntil(5 * time.Second)
	x.Abort("Stop", "")
	clock.Run()
	t.Logf("status=%s cancelled=%d", x.Status, b.cancelled)
	if b.cancelled != 1 {
		t.Errorf("T2 call not cancelled on abort")
	}
}

// JSONata Choice inside a control-only child judges a placeholder.
func TestControlOnlyJSONataChoice(t *testing.T) {
	def := `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
	   "StartAt":"C","States":{
	     "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.x > 1 %}","Next":"Big"}],"Default":"Small"},
	     "Big":{"Type":"Fail","Error":"Big"},
	     "Small":{"Type":"Succeed"}}},
	  "End":true}}}`
	for _, free := range []bool{false, true} {
		r := execute(t, def, `[{"x":0},{"x":1}]`, nil, func(o *engine.Options) { o.InputFree = free })
		t.Logf("InputFree=%v status=%s err=%s cause=%s", free, r.x.Status, r.x.Error, r.x.Cause)
		if r.x.Status != engine.StatusSucceeded {
			t.Errorf("InputFree=%v: status %s, want SUCCEEDED", free, r.x.Status)
		}
	}
}

func TestControlOnlyJSONataInlineMap(t *testing.T) {
	def := `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
	   "StartAt":"I","States":{
	     "I":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}},
	  "End":true}}}`
	for _, free := range []bool{false, true} {
		r := execute(t, def, `[[1],[2]]`, nil, func(o *engine.Options) { o.InputFree = free })
		t.Logf("InputFree=%v status=%s err=%s cause=%s", free, r.x.Status, r.x.Error, r.x.Cause)
		if r.x.Status != engine.StatusSucceeded {
			t.Errorf("InputFree=%v: status %s, want SUCCEEDED", free, r.x.Status)
		}
	}
}

func TestCatchWiring(t *testing.T) {
	cases := []struct{ name, def, in, want string }{
		{"inline map jsonata itemselector", `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
		  "ItemSelector":"{% $states.context.Map.Item.Value.a.b %}",
		  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
		  "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Next":"H"}],"End":true},
		  "H":{"Type":"Pass","Output":"{% $states.input.Error %}","End":true}}}`, `[{"a":{"b":1}},{"x":1}]`, `"States.QueryEvaluationError"`},
		{"dmap jsonata itemselector", `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
		  "ItemSelector":"{% $states.context.Map.Item.Value.a.b %}",
		  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
		  "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Next":"H"}],"End":true},
		  "H":{"Type":"Pass","Output":"{% $states.input.Error %}","End":true}}}`, `[{"a":{"b":1}},{"x":1}]`, `"States.QueryEvaluationError"`},
		{"parallel jsonata arguments", `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Parallel",
		  "Arguments":"{% $states.input.nope %}",
		  "Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}],
		  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
		  "H":{"Type":"Pass","Output":"{% $states.input.Error %}","End":true}}}`, `{}`, `"States.QueryEvaluationError"`},
		{"parallel branch error caught", `{"StartAt":"M","States":{"M":{"Type":"Parallel",
		  "Branches":[{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}},{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E1","Cause":"c"}}}],
		  "Catch":[{"ErrorEquals":["E1"],"ResultPath":"$.err","Next":"H"}],"End":true},
		  "H":{"Type":"Pass","End":true}}}`, `{"a":1}`, `{"a":1,"err":{"Error":"E1","Cause":"c"}}`},
		{"map retry then catch", `{"StartAt":"M","States":{"M":{"Type":"Map",
		  "ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E1"}}},
		  "Retry":[{"ErrorEquals":["E1"],"MaxAttempts":2,"IntervalSeconds":1}],
		  "Catch":[{"ErrorEquals":["E1"],"Next":"H"}],"End":true},
		  "H":{"Type":"Pass","Parameters":{"rc.$":"$$.State.Name"},"End":true}}}`, `[1,2]`, `{"rc":"H"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := execute(t, c.def, c.in, nil)
			t.Logf("%s %s %s out=%s", r.x.Status, r.x.Error, r.x.Cause, compact(r.x.Output))
			wantOutput(t, r, c.want)
		})
	}
	_ = strings.Contains
	_ = time.Second
}

func TestEventIDsContiguous(t *testing.T) {
	big := strings.Repeat("x", 300000)
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
	  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}`
	r := execute(t, def, `{}`, map[string][]step{"T": {{out: big}}})
	var ids []int64
	for _, e := range r.events {
		ids = append(ids, e.ID)
		t.Logf("%d %s %s", e.ID, e.Type, e.Error)
	}
	for i, id := range ids {
		if id != int64(i+1) {
			t.Errorf("event %d has id %d", i+1, id)
			break
		}
	}
}

func TestDMapObjectInput(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map",
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
	  "End":true}}}`
	r := execute(t, def, `{"b":2,"a":1}`, nil)
	wantOutput(t, r, `[{"Key":"a","Value":1},{"Key":"b","Value":2}]`)
}

func TestBranchFieldOutside(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}],"End":true}}}`
	r := execute(t, def, `{}`, nil)
	for _, e := range r.events {
		want := -1
		if e.State == "A" {
			want = 0
		}
		if e.Type != "ExecutionStarted" && e.Type != "ExecutionSucceeded" && e.Branch != want {
			t.Errorf("%d %s state=%s branch=%d, want %d", e.ID, e.Type, e.State, e.Branch, want)
		}
	}
}

func TestDMapStartedLength(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map",
	  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
	  "End":true}}}`
	r := execute(t, def, `[1,2,3]`, nil)
	for _, e := range r.events {
		if e.Type == "MapStateStarted" && compact(e.Output) != "3" {
			t.Errorf("MapStateStarted length %s, want 3 (items taken from the input)", compact(e.Output))
		}
	}
}

func TestHistoryLimit(t *testing.T) {
	def := `{"StartAt":"Inc","States":{
	 "Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"C"},
	 "C":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":7000,"Next":"Inc"}],"Default":"Done"},
	 "Done":{"Type":"Succeed"}}}`
	r := execute(t, def, `{"i":0}`, nil)
	t.Logf("status=%s events=%d err=%s", r.x.Status, r.x.Events(), r.x.Error)
	if r.x.Status != engine.StatusFailed || r.x.Events() != engine.MaxHistoryEvents+1 {
		t.Errorf("a STANDARD execution ended %s with %d history events; AWS fails it on reaching 25,000", r.x.Status, r.x.Events())
	}
}

func TestHugeBackoffClockGoesBack(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
	  "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":1,"BackoffRate":100,"MaxAttempts":12}],"End":true}}}`
	r := execute(t, def, `{}`, map[string][]step{"T": {{d: time.Second, err: "Boom"}}})
	for _, c := range r.backend.calls {
		t.Logf("attempt %d at %v", c.attempt, c.at)
	}
	t.Logf("status=%s %s stop-start=%v", r.x.Status, r.x.Error, r.x.StopTime.Sub(r.x.StartTime))
	calls := r.backend.calls
	for i := 1; i < len(calls); i++ {
		if gap := calls[i].at - calls[i-1].at; gap < time.Second {
			t.Errorf("attempt %d came %v after the previous one: the backoff wrapped around", calls[i].attempt, gap)
		}
	}
	if r.x.StopTime.Before(r.x.StartTime) {
		t.Errorf("execution stopped before it started")
	}
}
