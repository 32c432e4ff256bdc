package conformance

import (
	"fmt"
	"slices"
)

// Replayer hands out a case's recorded task results as the calls are made
// again: for a Task state (and, inside inline Map iterations, the
// iteration path), the next entry not yet used. Every retry attempt is an
// entry of its own, so a state that failed twice and then succeeded gets
// two failures and a success, in that order.
type Replayer struct {
	results []TaskResult
	used    []bool
}

// Replayer returns a fresh replayer over the case's task results.
func (c *Case) Replayer() *Replayer {
	return &Replayer{results: c.TaskResults, used: make([]bool, len(c.TaskResults))}
}

// Next returns the next unused result for state at iteration (nil outside
// inline Map iterations). It is an error to ask for more calls than were
// recorded: the interpreter made a call AWS did not.
func (r *Replayer) Next(state string, iteration []Iteration) (*TaskResult, error) {
	for i := range r.results {
		tr := &r.results[i]
		if r.used[i] || tr.State != state || !slices.Equal(tr.Iteration, iteration) {
			continue
		}
		r.used[i] = true
		return tr, nil
	}
	return nil, fmt.Errorf("no recorded result left for Task state %q at iteration %v: the run makes a call AWS did not", state, iteration)
}

// Unused counts the recorded results no call has taken: calls AWS made that
// the run did not.
func (r *Replayer) Unused() int {
	n := 0
	for _, u := range r.used {
		if !u {
			n++
		}
	}
	return n
}
