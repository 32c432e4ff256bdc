package engine

import "github.com/sfnsim/sfnsim/asl"

// Parallel runs every branch on the same input, as threads of the same
// execution; its result is the array of the branch outputs, in branch
// order. The first branch to fail fails the state with its own error
// (asl-semantics §7: AWS propagates the branch's error, not
// States.BranchFailed) and the other branches are stopped.

// stateInput is the input a Parallel or Map hands on: Arguments (JSONata)
// or InputPath and Parameters (JSONPath).
func (t *thread) stateInput() (any, error) {
	s := t.s
	if s.jsonata {
		if s.arguments == nil {
			return t.raw, nil
		}
		return s.arguments.eval(t.jenv(nil, false, nil))
	}
	eff, err := t.effectiveInput()
	if err != nil || s.parameters == nil {
		return eff, err
	}
	return s.parameters.Eval(t.pathEnv(eff))
}

func (t *thread) runParallel() {
	s := t.s
	input, err := t.stateInput()
	if err != nil {
		t.fail(err)
		return
	}
	x := t.x
	if x.listening() {
		t.emit(&Event{Type: "ParallelStateStarted"})
	} else {
		x.count()
	}
	t.gen++
	gen := t.gen
	results := make([]any, len(s.branch))
	left := len(s.branch)
	branches := make([]*thread, len(s.branch))
	t.cancel = func() { killAll(branches) }
	for i := range s.branch {
		i := i
		branches[i] = &thread{x: x, vars: &varScope{parent: t.vars}, iter: t.iter, branch: i, done: func(out any, err *asl.StatesError) {
			if t.gen != gen || t.dead {
				return
			}
			if err != nil {
				t.gen++
				t.cancel = nil
				killAll(branches)
				if x.listening() {
					t.emit(&Event{Type: "ParallelStateFailed", Error: err.Name, Cause: err.Cause})
				} else {
					x.count()
				}
				t.fail(err)
				return
			}
			results[i] = out
			left--
			if left == 0 {
				t.gen++
				t.cancel = nil
				if x.listening() {
					t.emit(&Event{Type: "ParallelStateSucceeded"})
				} else {
					x.count()
				}
				t.succeed(results, true)
			}
		}}
	}
	if left == 0 {
		t.succeed(results, true)
		return
	}
	for i, b := range s.branch {
		if t.gen != gen {
			return // an earlier branch failed at once
		}
		branches[i].goTo(b.start, input)
	}
}

func killAll(threads []*thread) {
	for _, c := range threads {
		if c != nil {
			c.kill()
		}
	}
}
