package engine

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/intrinsic"
	"github.com/sfnsim/sfnsim/asl/jsonata"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// A thread runs the states of one scope, one state at a time: the
// execution's top level, a Parallel branch or an inline Map iteration.
// Nothing blocks: a state that takes time schedules a callback and returns,
// and the callback carries on. Callbacks of a state visit that has been
// left (a task that finished after its timeout, a branch aborted by a
// failing sibling) find the visit's generation changed and do nothing.
type thread struct {
	x      *Execution
	vars   *varScope
	iter   []Iteration
	branch int
	done   func(output any, err *asl.StatesError)
	dead   bool
	ended  bool

	// the trampoline of goTo
	pending   *stateCode
	pendingIn any
	looping   bool
	admitted  bool // a Pacer already delayed the pending transition

	// the state being visited
	s         *stateCode
	raw       any
	entered   int64
	enteredAt time.Duration // on the runtime's monotonic reading
	retries   RetryCounter
	gen       uint64
	cancel    func()
	taskToken string
	mapItem   map[string]any // $$.Map.Item while an ItemSelector runs
	spareReq  *TaskRequest   // a finished request, for the next call
	limit     taskLimit      // the running call's timeout (task.go)
}

// MaxStatesAtOneInstant bounds the states one execution enters without
// the clock moving: more is an endless loop of states that take no time.
const MaxStatesAtOneInstant = 1_000_000

// goTo enters s with input. Transitions made while a state runs are
// queued rather than nested, so a loop of a million Pass states does not
// grow the Go stack.
func (t *thread) goTo(s *stateCode, input any) {
	t.pending, t.pendingIn = s, input
	if t.looping {
		return
	}
	t.looping = true
	pacer := t.x.rt.opts.Pacer
	for t.pending != nil && !t.dead && !t.ended {
		s, in := t.pending, t.pendingIn
		t.pending, t.pendingIn = nil, nil
		if pacer != nil && t.x.Type == asl.Standard && !t.admitted {
			if d := pacer.Transition(t.x); d > 0 {
				// No token for the transition yet: enter later.
				gen := t.gen
				t.x.rt.clock.After(d, func() {
					if t.gen == gen && !t.dead && !t.ended {
						t.admitted = true
						t.goTo(s, in)
					}
				})
				break
			}
		}
		t.admitted = false
		t.visit(s, in)
	}
	t.looping = false
}

func (t *thread) visit(s *stateCode, input any) {
	x := t.x
	if now := x.rt.mono(); now != x.lastInstant {
		x.lastInstant, x.spins = now, 0
	} else if x.spins++; x.spins > MaxStatesAtOneInstant {
		// On a virtual clock a loop whose states take no time never lets
		// time pass, so no timeout would ever end it.
		x.end(StatusFailed, nil, asl.Runtime("The execution entered %d states without any time passing: a loop with no Wait or Task never ends (it would run until a timeout on AWS).", MaxStatesAtOneInstant))
		return
	}
	st := x.rt.stats
	x.StatesEntered++
	st.StatesEntered++
	st.Transitions[typeIndex(x.Type)]++
	t.s, t.raw = s, input
	t.retries = RetryCounter{attempts: t.retries.attempts[:0]}
	t.gen++
	t.cancel, t.taskToken = nil, ""
	t.enteredAt = x.rt.mono()
	if x.listening() {
		t.entered = t.emit(&Event{Type: s.typ + "StateEntered", Input: input})
	} else {
		t.entered = x.count()
	}
	t.run()
}

// run performs the current state's work: again for each retry.
func (t *thread) run() {
	switch t.s.typ {
	case "Pass":
		t.runPass()
	case "Task":
		t.runTask()
	case "Choice":
		t.runChoice()
	case "Wait":
		t.runWait()
	case "Succeed":
		t.runSucceed()
	case "Fail":
		t.runFail()
	case "Parallel":
		t.runParallel()
	case "Map":
		t.runMap()
	}
}

func (t *thread) emit(e *Event) int64 {
	e.State = t.s.name
	e.Iteration = t.iter
	e.Branch = t.branch
	return t.x.emit(e)
}

// exit leaves the current state with output, assigns its variables and
// follows Next or ends the scope.
func (t *thread) exit(output any, assigned map[string]any) {
	s := t.s
	if s.end || s.typ == "Succeed" {
		t.exitTo(nil, output, assigned)
		return
	}
	t.exitTo(s.next, output, assigned)
}

// exitTo leaves the current state for next (nil: the end of the scope).
func (t *thread) exitTo(next *stateCode, output any, assigned map[string]any) {
	if t.dead || t.ended {
		return
	}
	x := t.x
	if !x.inputFree() {
		if err := x.checkSize(output, t.s.name); err != nil {
			t.finish(nil, err.(*asl.StatesError))
			return
		}
	}
	t.gen++
	if x.listening() {
		t.emit(&Event{Type: t.s.typ + "StateExited", Output: output, Assigned: assigned})
	} else {
		x.count()
	}
	t.vars.assign(assigned)
	if next == nil {
		t.finish(output, nil)
		return
	}
	t.goTo(next, output)
}

// finish ends the thread's scope with an output or an error.
func (t *thread) finish(output any, err *asl.StatesError) {
	if t.ended {
		return
	}
	t.ended = true
	t.gen++
	if t.done == nil {
		t.x.rootDone(output, err) // the execution's own thread
		return
	}
	t.done(output, err)
}

// kill abandons the thread: its task is cancelled and its callbacks will
// find it dead.
func (t *thread) kill() {
	if t.dead {
		return
	}
	t.dead = true
	t.gen++
	if t.cancel != nil {
		c := t.cancel
		t.cancel = nil
		c()
	}
}

// fail handles an error raised while the current state runs: the state's
// Retry first, then its Catch, else the scope fails (asl-semantics §7).
func (t *thread) fail(err error) {
	if t.dead || t.ended {
		return
	}
	e := t.stateError(err)
	s := t.s
	x := t.x
	if len(s.retry) > 0 {
		if d, ok := t.retries.Next(s.retry, e.Name, x.rt.rnd); ok {
			st := x.rt.stats
			if st.Retries == nil {
				st.Retries = map[string]int64{}
			}
			st.Retries[e.Name]++
			st.Transitions[typeIndex(x.Type)]++
			x.Retries++
			t.gen++
			gen := t.gen
			t.sleep(d, func() {
				if t.gen == gen && !t.dead {
					t.run()
				}
			})
			return
		}
	}
	for i := range s.catch {
		c := &s.catch[i]
		if Matches(c.ErrorEquals, e.Name) {
			t.catch(c, e)
			return
		}
	}
	t.finish(nil, e)
}

// catch leaves the state through catcher c with the error output
// {"Error", "Cause"}.
func (t *thread) catch(c *catchCode, e *asl.StatesError) {
	errOut := errorOutput(e)
	s := t.s
	var out any
	var assigned map[string]any
	var err error
	if s.jsonata {
		env := t.jenv(nil, false, errOut)
		if c.assignJ != nil {
			if assigned, err = t.evalAssignJ(c.assignJ, env); err != nil {
				t.finish(nil, t.stateError(err))
				return
			}
		}
		out = errOut
		if c.output != nil {
			if out, err = c.output.eval(env); err != nil {
				t.finish(nil, t.stateError(err))
				return
			}
		}
	} else {
		if c.assignPath != nil {
			if assigned, err = t.evalAssignPath(c.assignPath, errOut); err != nil {
				t.finish(nil, t.stateError(err))
				return
			}
		}
		if out, err = payload.ApplyResultPath(t.raw, errOut, c.resultPath); err != nil {
			t.finish(nil, t.stateError(err))
			return
		}
	}
	t.exitTo(c.next, out, assigned)
}

// stateError turns err into the error the execution sees. Evaluation
// failures (States.Runtime, States.QueryEvaluationError) get the prefix AWS
// puts on them: "An error occurred while executing the state 'X' (entered
// at the event id #N). ".
func (t *thread) stateError(err error) *asl.StatesError {
	var e *asl.StatesError
	if !errors.As(err, &e) {
		e = asl.Runtime("%s", err.Error())
	}
	if (e.Name == asl.ErrRuntime || e.Name == asl.ErrQueryEvaluationError) && !strings.HasPrefix(e.Cause, errorPrefix) {
		e = &asl.StatesError{Name: e.Name, Cause: fmt.Sprintf("%s'%s' (entered at the event id #%d). %s", errorPrefix, t.s.name, t.entered, e.Cause)}
	}
	return e
}

const errorPrefix = "An error occurred while executing the state "

// sleep runs fn after d. (An execution's own deadline is a timer of its
// own, set when it starts.)
func (t *thread) sleep(d time.Duration, fn func()) {
	t.x.rt.clock.After(d, fn)
}

// context builds the context object for the current state
// (asl-semantics §5); states that never read it get nil.
func (t *thread) context() map[string]any {
	if !t.s.usesCtx {
		return nil
	}
	x := t.x
	ctx := map[string]any{
		"Execution":    x.contextExecution(),
		"StateMachine": x.ctxSM,
	}
	entered := x.rt.clock.Now().Add(t.enteredAt - x.rt.mono())
	state := map[string]any{"EnteredTime": formatTime(entered), "Name": t.s.name}
	switch t.s.typ {
	case "Task", "Parallel", "Map":
		// Only the states that can retry have a RetryCount (conformance
		// base/test_query_context_object_values: a Pass state's has none).
		state["RetryCount"] = jsonInt(t.retries.Attempts())
	}
	ctx["State"] = state
	if t.taskToken != "" {
		ctx["Task"] = map[string]any{"Token": t.taskToken}
	}
	if t.mapItem != nil {
		ctx["Map"] = map[string]any{"Item": t.mapItem}
	}
	return ctx
}

// pathEnv is what the JSONPath fields of the current state evaluate
// against, with input as "$".
func (t *thread) pathEnv(input any) *payload.Env {
	return &payload.Env{Input: input, Context: t.context(), Variables: t.vars.lookup, Call: t.x.rt.callIntrinsic}
}

// jenv is what the JSONata fields of the current state evaluate against:
// $states.input is the raw input; result and errorOutput are there only
// where the state has them.
func (t *thread) jenv(result any, hasResult bool, errorOutput any) *jsonata.Env {
	states := map[string]any{"input": t.raw}
	if ctx := t.context(); ctx != nil {
		states["context"] = ctx
	}
	if hasResult {
		states["result"] = result
	}
	if errorOutput != nil {
		states["errorOutput"] = errorOutput
	}
	rt := t.x.rt
	return &jsonata.Env{States: states, Variables: t.vars.lookup, Random: rt.rnd, UUID: rt.uuid}
}

func (t *thread) evalAssignPath(tpl *payload.Template, input any) (map[string]any, error) {
	v, err := tpl.Eval(t.pathEnv(input))
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	return m, nil
}

func (t *thread) evalAssignJ(j *jvalue, env *jsonata.Env) (map[string]any, error) {
	v, err := j.eval(env)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, j.wrongType("object", v)
	}
	return m, nil
}

// callIntrinsic evaluates an intrinsic function for a payload template.
func (rt *runtime) callIntrinsic(call *intrinsic.Call, field string, env *payload.Env) (any, error) {
	return intrinsic.Eval(call, &intrinsic.Env{
		Input: env.Input, Context: env.Context, Variables: env.Variables,
		Random: rt.mathRand(), UUID: rt.uuid, Field: field,
	})
}

// processJSONPath finishes a JSONPath state that produced result from its
// raw input: ResultSelector, Assign (whose "$" is the selected result),
// ResultPath and OutputPath, in that order (asl-semantics §3). Variables
// assigned here take effect when the state is left, so OutputPath still
// reads the old values (conformance assign BASE_EVALUATION_ORDER_PASS_STATE).
func (t *thread) processJSONPath(result any) (out any, assigned map[string]any, err error) {
	s := t.s
	if s.resultSelector != nil {
		if result, err = s.resultSelector.Eval(t.pathEnv(result)); err != nil {
			return nil, nil, err
		}
	}
	if s.assignPath != nil {
		if assigned, err = t.evalAssignPath(s.assignPath, result); err != nil {
			return nil, nil, err
		}
	}
	if out, err = payload.ApplyResultPath(t.raw, result, s.resultPath); err != nil {
		return nil, nil, err
	}
	if s.outputPath != (payload.Field{}) {
		if out, err = payload.ApplyOutputPath(out, s.outputPath, t.pathEnv(nil)); err != nil {
			return nil, nil, err
		}
	}
	return out, assigned, nil
}

// processJSONata finishes a JSONata state: Assign and Output, both from the
// values before assignment (asl-semantics §3). Without Output the output is
// the result where the state has one, else its input.
func (t *thread) processJSONata(result any, hasResult bool) (out any, assigned map[string]any, err error) {
	s := t.s
	if s.assignJ == nil && s.output == nil {
		if hasResult {
			return result, nil, nil
		}
		return t.raw, nil, nil
	}
	env := t.jenv(result, hasResult, nil)
	if s.assignJ != nil {
		if assigned, err = t.evalAssignJ(s.assignJ, env); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case s.output != nil:
		out, err = s.output.eval(env)
	case hasResult:
		out = result
	default:
		out = t.raw
	}
	return out, assigned, err
}

// succeed finishes the current state with its result, in its language.
func (t *thread) succeed(result any, hasResult bool) {
	var out any
	var assigned map[string]any
	var err error
	if t.s.jsonata {
		out, assigned, err = t.processJSONata(result, hasResult)
	} else {
		out, assigned, err = t.processJSONPath(result)
	}
	if err != nil {
		t.fail(err)
		return
	}
	t.exit(out, assigned)
}

// effectiveInput applies InputPath (JSONPath states).
func (t *thread) effectiveInput() (any, error) {
	if t.s.inputPath == (payload.Field{}) {
		return t.raw, nil
	}
	return payload.ApplyInputPath(t.raw, t.s.inputPath, t.pathEnv(nil))
}

// errorOutput is the {"Error", "Cause"} a catcher hands on. A failure
// without an error name has null for both (conformance callback
// test_sqs_failure_in_wait_for_task_tok_no_error_field); a named one
// without a cause has "" (error_handling test_invoke_timeout).
func errorOutput(e *asl.StatesError) map[string]any {
	if e.Name == "" && e.Cause == "" {
		return map[string]any{"Error": nil, "Cause": nil}
	}
	return map[string]any{"Error": e.Name, "Cause": e.Cause}
}
