package mock

import (
	"context"
	"sync"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// Handler plays one test case. It is safe for concurrent use.
//
// Invocations are counted per state name over the handler's whole life,
// not per execution: the children of a Distributed Map are executions of
// their own, but task.Call does not say which execution a call belongs
// to, so the 0th call of a state is the first made by any child. Use a
// new handler (TestCase again) for each run.
//
// Step Functions Local sends the calls of states the test case does not
// mock to the real service; Then gives the handlers that do that here.
type Handler struct {
	testCase string
	states   map[string]*response
	next     []task.Handler

	mu     sync.Mutex
	counts map[string]int
}

var _ task.Handler = (*Handler)(nil)

// Then sets the handlers that perform the calls of states the test case
// does not mock, tried in order, and returns h.
func (h *Handler) Then(next ...task.Handler) *Handler {
	h.next = next
	return h
}

// HandlesState reports whether the test case mocks the state.
func (h *Handler) HandlesState(state string) bool {
	_, ok := h.states[state]
	return ok
}

// Handles reports whether h may perform calls of resource. A mock is
// chosen by state name, and any Task state's resource may belong to a
// mocked state, so it is true whenever the test case mocks a state; calls
// of the other states go on to the handlers given to Then.
func (h *Handler) Handles(resource string) bool {
	if len(h.states) > 0 {
		return true
	}
	return h.nextFor(resource) != nil
}

func (h *Handler) nextFor(resource string) task.Handler {
	for _, n := range h.next {
		if n.Handles(resource) {
			return n
		}
	}
	return nil
}

// Call answers c from the state's mocked response: the entry for this
// invocation, or the last one once the entries run out.
func (h *Handler) Call(ctx context.Context, c *task.Call) (any, *asl.StatesError) {
	r, ok := h.states[c.State]
	if !ok {
		if n := h.nextFor(c.Resource); n != nil {
			return n.Call(ctx, c)
		}
		return nil, asl.Runtime("the state '%s' is not mocked in the test case %q and nothing else performs %s; add the state to the test case, or configure the service it calls", c.State, h.testCase, c.Resource)
	}
	h.mu.Lock()
	n := h.counts[c.State]
	h.counts[c.State] = n + 1
	h.mu.Unlock()
	a := r.answer(n)
	if a.throw != nil {
		e := *a.throw
		return nil, &e
	}
	// A fresh copy for every call: results are changed in place downstream.
	return a.ret.Interface(), nil
}
