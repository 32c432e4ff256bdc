package engine

import "time"

// Event is one execution-history event, named as AWS names them
// (ExecutionStarted, PassStateEntered, TaskScheduled, MapRunStarted, …).
// Only the fields the event type carries are set.
type Event struct {
	ID   int64
	Type string
	Time time.Time
	// State is the state the event belongs to; Resource the Task's.
	State, Resource string
	Input, Output   any
	Error, Cause    string
	// Assigned holds the variables a StateExited event assigned.
	Assigned map[string]any
	// Iteration locates the event inside inline Map iterations, outer to
	// inner; nil outside them.
	Iteration []Iteration
	// Branch is the index of the Parallel branch the event belongs to,
	// innermost; -1 outside branches.
	Branch int
	// MapRunArn is set on MapRun events.
	MapRunArn string
}

// Iteration names an enclosing inline Map iteration.
type Iteration struct {
	Map   string
	Index int
}

// varScope holds the variables of one scope: the execution's, or a
// Parallel branch's or Map iteration's, which read the outer scopes but
// write only their own (asl-semantics §3, AWS "Passing data between states
// with variables").
type varScope struct {
	vals   map[string]any
	parent *varScope
}

func (v *varScope) lookup(name string) (any, bool) {
	for s := v; s != nil; s = s.parent {
		if val, ok := s.vals[name]; ok {
			return val, true
		}
	}
	return nil, false
}

func (v *varScope) assign(vals map[string]any) {
	if len(vals) == 0 {
		return
	}
	if v.vals == nil {
		v.vals = make(map[string]any, len(vals))
	}
	for k, val := range vals {
		v.vals[k] = val
	}
}
