package engine

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// taskKind decides the names of a Task's history events.
type taskKind uint8

const (
	kindService  taskKind = iota // TaskScheduled, TaskStarted, TaskSucceeded …
	kindLambda                   // LambdaFunctionScheduled …
	kindActivity                 // ActivityScheduled …
)

func (k taskKind) prefix() string {
	switch k {
	case kindLambda:
		return "LambdaFunction"
	case kindActivity:
		return "Activity"
	}
	return "Task"
}

func (s *stateCode) compileTask() error {
	n := s.st.Node
	tc := &taskCode{}
	s.task = tc
	tc.resource, _ = n.Get("Resource").StringValue()
	switch {
	case strings.HasPrefix(tc.resource, "arn:aws:lambda:") || strings.Contains(tc.resource, ":lambda:") && strings.Contains(tc.resource, ":function:"):
		tc.kind = kindLambda
	case strings.Contains(tc.resource, ":activity:"):
		tc.kind = kindActivity
	}
	tc.waitForToken = strings.HasSuffix(tc.resource, ".waitForTaskToken")
	tc.sync = strings.HasSuffix(tc.resource, ".sync") || strings.HasSuffix(tc.resource, ".sync:2")
	var err error
	for _, f := range []struct {
		name string
		d    *time.Duration
		p    **srcPath
		j    **jvalue
	}{{"TimeoutSeconds", &tc.timeout, &tc.timeoutPath, &tc.timeoutJ}, {"HeartbeatSeconds", &tc.heartbeat, &tc.heartbeatPath, &tc.heartbeatJ}} {
		if v := n.Get(f.name); v != nil {
			if v.Kind == asl.String {
				if *f.j, err = compileJ(v, f.name); err != nil {
					return err
				}
			} else {
				sec, ok := v.Int()
				if !ok || sec <= 0 {
					return compileErr(v, "%s must be a positive integer", f.name)
				}
				*f.d = time.Duration(sec) * time.Second
			}
		}
		if v := n.Get(f.name + "Path"); v != nil {
			if *f.p, err = referencePath(v); err != nil {
				return err
			}
		}
	}
	if s.jsonata {
		tc.credentialsJ, err = compileJ(n.Get("Credentials"), "Credentials")
	} else {
		tc.credentials, err = template(n.Get("Credentials"))
	}
	return err
}

func (t *thread) runTask() {
	s, tc := t.s, t.s.task
	x := t.x
	rt := x.rt
	if tc.waitForToken || tc.sync {
		// .sync tasks have a token too (conformance callback
		// test_sync_with_task_token passes $$.Task.Token to a .sync call).
		t.taskToken = rt.uuid()
	}
	req := t.newRequest()
	*req = TaskRequest{State: s.name, Resource: tc.resource, Attempt: t.retries.Attempts(), TaskToken: t.taskToken,
		Iteration: t.iter, Execution: x, deliver: req.deliver}
	var err error
	if s.jsonata {
		req.Input = t.raw
		var env = t.jenv(nil, false, nil)
		if s.arguments != nil {
			if req.Input, err = s.arguments.eval(env); err != nil {
				t.fail(err)
				return
			}
		}
		if req.Timeout, err = t.secondsJ(tc.timeoutJ, tc.timeout, env); err == nil {
			req.Heartbeat, err = t.secondsJ(tc.heartbeatJ, tc.heartbeat, env)
		}
		if err == nil && tc.credentialsJ != nil {
			_, err = tc.credentialsJ.eval(env)
		}
	} else {
		var eff any
		if eff, err = t.effectiveInput(); err != nil {
			t.fail(err)
			return
		}
		req.Input = eff
		if s.parameters != nil {
			if req.Input, err = s.parameters.Eval(t.pathEnv(eff)); err != nil {
				t.fail(err)
				return
			}
		}
		if req.Timeout, err = t.secondsPath(tc.timeoutPath, tc.timeout, eff); err == nil {
			req.Heartbeat, err = t.secondsPath(tc.heartbeatPath, tc.heartbeat, eff)
		}
		if err == nil && tc.credentials != nil {
			_, err = tc.credentials.Eval(t.pathEnv(eff))
		}
	}
	if err != nil {
		t.fail(err)
		return
	}
	if !x.inputFree() {
		if err := x.checkSize(req.Input, s.name); err != nil {
			t.fail(err)
			return
		}
	}
	listening := x.listening()
	prefix := tc.kind.prefix()
	if listening {
		t.emit(&Event{Type: prefix + "Scheduled", Resource: tc.resource, Input: req.Input})
		t.emit(&Event{Type: prefix + "Started", Resource: tc.resource})
		if tc.waitForToken || tc.sync {
			t.emit(&Event{Type: prefix + "Submitted", Resource: tc.resource})
		}
	} else {
		x.countN(2)
		if tc.waitForToken || tc.sync {
			x.countN(1)
		}
	}
	b := rt.opts.Backend
	if b == nil {
		t.fail(asl.Runtime("the Task %q cannot run: no task backend is configured for resource %s", s.name, tc.resource))
		return
	}
	rt.stats.TaskCalls++
	t.gen++
	// gen identifies this call: req may be reused by the thread's next call
	// once this one is answered, so the timer below must not read req.gen.
	gen := t.gen
	req.t, req.gen, req.started = t, gen, rt.mono()
	limit, limitErr := req.Timeout, asl.ErrTimeout
	if req.Heartbeat > 0 && (tc.waitForToken || tc.kind == kindActivity) && (limit == 0 || req.Heartbeat < limit) {
		limit, limitErr = req.Heartbeat, asl.ErrHeartbeatTimeout
	}
	cancel := b.Start(req)
	if t.gen != gen {
		return // the backend answered at once
	}
	t.cancel = cancel
	if limit > 0 {
		t.limit.call(t, req, gen, rt.mono()+limit, limitErr)
	}
}

// taskLimit times out a thread's calls (TimeoutSeconds, HeartbeatSeconds)
// with at most one timer per thread. A timer per call would stay scheduled
// long after its call returned: at 10,000 calls a second and a 300 s
// timeout, millions of dead timers. Instead the armed timer, when it
// fires, looks at the thread's call of that moment: past its deadline it
// times out, before it the timer is armed again for that deadline.
type taskLimit struct {
	req      *TaskRequest
	gen      uint64 // the call: the thread's gen when it started
	deadline time.Duration
	err      string
	// armedAt is when the armed timer fires, 0 when none is armed; a
	// timer that finds another time here was replaced by an earlier one.
	armedAt time.Duration
}

func (l *taskLimit) call(t *thread, req *TaskRequest, gen uint64, deadline time.Duration, err string) {
	l.req, l.gen, l.deadline, l.err = req, gen, deadline, err
	if l.armedAt == 0 || l.armedAt > deadline {
		l.arm(t, deadline)
	}
}

func (l *taskLimit) arm(t *thread, at time.Duration) {
	rt := t.x.rt
	l.armedAt = at
	rt.clock.After(at-rt.mono(), func() { l.fire(t, at) })
}

func (l *taskLimit) fire(t *thread, at time.Duration) {
	if l.armedAt != at {
		return // replaced by an earlier timer
	}
	l.armedAt = 0
	if t.gen != l.gen || t.dead || l.req == nil {
		l.req = nil // no call is waiting: nothing to arm
		return
	}
	if now := t.x.rt.mono(); now < l.deadline {
		l.arm(t, l.deadline)
		return
	}
	req, gen := l.req, l.gen
	l.req = nil
	if c := t.cancel; c != nil {
		t.cancel = nil
		c()
	}
	t.taskFinished(req, gen, TaskResult{Err: &asl.StatesError{Name: l.err}}, true)
}

// taskFinished takes the result of the call req, unless the state has
// moved on since.
func (t *thread) taskFinished(req *TaskRequest, gen uint64, res TaskResult, timedOut bool) {
	if t.gen != gen || t.dead {
		return
	}
	t.gen++
	t.cancel = nil
	rt := t.x.rt
	rt.stats.TaskTime += rt.mono() - req.started
	if !timedOut {
		// The backend has answered and let go of req: the next call of
		// this thread may reuse it. (A call that timed out may still be
		// answered late, so its request is left to the collector.)
		t.spareReq = req
	}
	t.taskDone(res)
}

// newRequest returns the thread's spare request, or a new one.
func (t *thread) newRequest() *TaskRequest {
	if r := t.spareReq; r != nil {
		t.spareReq = nil
		return r
	}
	return &TaskRequest{}
}

// taskDone takes the outcome of a task call.
func (t *thread) taskDone(res TaskResult) {
	x := t.x
	prefix := t.s.task.kind.prefix()
	if res.Err != nil {
		if x.listening() {
			typ := prefix + "Failed"
			if res.Err.Name == asl.ErrTimeout || res.Err.Name == asl.ErrHeartbeatTimeout {
				typ = prefix + "TimedOut"
			}
			t.emit(&Event{Type: typ, Resource: t.s.task.resource, Error: res.Err.Name, Cause: res.Err.Cause})
		} else {
			x.count()
		}
		t.fail(res.Err)
		return
	}
	if !x.inputFree() {
		if err := x.checkSize(res.Output, t.s.name); err != nil {
			if x.listening() {
				se := err.(*asl.StatesError)
				t.emit(&Event{Type: prefix + "Failed", Resource: t.s.task.resource, Error: se.Name, Cause: se.Cause})
			} else {
				x.count()
			}
			t.fail(err)
			return
		}
	}
	if x.listening() {
		t.emit(&Event{Type: prefix + "Succeeded", Resource: t.s.task.resource, Output: res.Output})
	} else {
		x.count()
	}
	t.succeed(res.Output, true)
}

// secondsPath resolves TimeoutSecondsPath or HeartbeatSecondsPath against
// the effective input (conformance timeouts and scenarios: "Invalid path
// '$.x' : No results for path: $['x']").
func (t *thread) secondsPath(p *srcPath, fixed time.Duration, eff any) (time.Duration, error) {
	if p == nil {
		return fixed, nil
	}
	v, err := t.pathEnv(eff).Resolve(p.Path)
	if err != nil {
		return 0, asl.Runtime("Invalid path '%s' : %s", p.Src, err.Error())
	}
	n, ok := v.(json.Number)
	sec, convErr := n.Int64()
	if !ok || convErr != nil || sec <= 0 {
		return 0, asl.Runtime("The value of the path '%s' must be a positive integer, but was: %s", p.Src, payload.Marshal(v))
	}
	return time.Duration(sec) * time.Second, nil
}

// secondsJ evaluates a JSONata TimeoutSeconds or HeartbeatSeconds.
func (t *thread) secondsJ(j *jvalue, fixed time.Duration, env any) (time.Duration, error) {
	if j == nil {
		return fixed, nil
	}
	v, err := j.eval(t.jenv(nil, false, nil))
	if err != nil {
		return 0, err
	}
	sec, ok := wholeNumber(v)
	if !ok || sec <= 0 {
		return 0, j.wrongType("a positive integer", v)
	}
	return time.Duration(sec) * time.Second, nil
}
