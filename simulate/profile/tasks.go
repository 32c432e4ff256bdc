package profile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/internal/suggest"
)

// noPool, written as a task's pool, says the Task draws from no pool even
// though it calls Lambda (for instance when its function has reserved
// concurrency that the account pool does not constrain).
const noPool = "none"

var taskKeys = []string{"duration", "failures", "memoryMB", "arch", "pool"}

const taskExample = "{Process: {duration: {p50: 200ms, p99: 2s}, failures: {Lambda.ServiceException: 0.01}}}"

// failureSumSlack absorbs rounding when decimal probabilities that add up
// to exactly 1 (0.1 + 0.2 + 0.7) are summed in binary.
const failureSumSlack = 1e-9

// tasks reads the tasks; it runs after pools so that a pool reference can
// be checked.
func (ps *problems) tasks(n *asl.Node, p *Profile) {
	mems := ps.members(n, "tasks", taskExample)
	for _, mem := range mems {
		if t := ps.task(mem, p); t != nil {
			p.Tasks[mem.Key] = t
		}
	}
	// Assumptions in key order, so that the same file always gives the
	// same report.
	for _, key := range sortedKeys(p.Tasks) {
		t := p.Tasks[key]
		for _, a := range t.assumed {
			p.defaulted[a.label] = true
			p.Assumptions = append(p.Assumptions, fmt.Sprintf("task %s: %s", strconv.Quote(key), a.sentence))
		}
		t.assumed = nil
	}
}

func (ps *problems) task(mem asl.Member, p *Profile) *Task {
	what := "task " + strconv.Quote(mem.Key)
	m, ok := ps.object(mem.Value, what, "{duration: {fixed: 1s}, pool: lambda}", taskKeys...)
	if !ok {
		return nil
	}
	t := &Task{Key: mem.Key}
	if v := m["duration"]; v != nil {
		t.Duration = ps.dist(v, what+": duration")
	} else {
		t.Duration = DefaultLambdaDuration
		if !IsLambda(mem.Key) {
			t.Duration = DefaultOtherDuration
		}
		t.assume(labelTask(mem.Key, "duration"), "duration %s (no duration given; set duration)", t.Duration)
	}
	if v := m["failures"]; v != nil {
		t.Failures = ps.failures(v, what)
	}
	if v := m["memoryMB"]; v != nil {
		t.MemoryMB, _ = ps.integer(v, what+": memoryMB", MinMemoryMB, MaxMemoryMB)
	} else {
		t.MemoryMB = DefaultMemoryMB
		t.assume(labelTask(mem.Key, "memoryMB"), "memoryMB 128 (Lambda's default; priced only if it calls Lambda)")
	}
	if v := m["arch"]; v != nil {
		t.Arch = ps.arch(v, what)
	} else {
		t.Arch = DefaultArch
		t.assume(labelTask(mem.Key, "arch"), "arch x86_64 (Lambda's default; priced only if it calls Lambda)")
	}
	if v := m["pool"]; v != nil {
		t.Pool = ps.poolRef(v, what, p)
	} else {
		// The pool follows the resource: known now for a Lambda ARN key,
		// only at TaskFor time for a state name.
		switch {
		case IsLambda(mem.Key):
			t.Pool = LambdaPool
		case strings.HasPrefix(mem.Key, "arn:"):
			// Another service's resource: no pool.
		default:
			lp := *t // everything above is decided: only the pool differs
			lp.Pool, lp.assumed = LambdaPool, nil
			t.lambdaPool = &lp
		}
	}
	return t
}

func (ps *problems) failures(n *asl.Node, what string) []Failure {
	var out []Failure
	sum := 0.0
	for _, mem := range ps.members(n, what+": failures", "{Lambda.ServiceException: 0.01}") {
		if mem.Key == "" {
			ps.atPos(mem.KeyRange.Start, "%s: failures: an error name is empty; write the name Retry and Catch match, e.g. Lambda.ServiceException", what)
			continue
		}
		prob, ok := ps.number(mem.Value, what+": failures: "+mem.Key+" (a probability from 0 to 1)", 0)
		if !ok {
			continue
		}
		if prob > 1 {
			ps.at(mem.Value, "%s: failures: %s is %s, a probability must be from 0 to 1 (write 0.05 for 5%%)", what, mem.Key, mem.Value.Str)
			continue
		}
		sum += prob
		out = append(out, Failure{Error: mem.Key, P: prob})
	}
	if sum > 1+failureSumSlack {
		ps.at(n, "%s: failures add up to %s, more than 1; a call fails with at most one error, so lower them", what, strconv.FormatFloat(sum, 'g', 6, 64))
	}
	return out
}

var arches = []string{ArchARM, ArchX86}

func (ps *problems) arch(n *asl.Node, what string) string {
	s, ok := ps.str(n, what+": arch")
	if !ok {
		return ""
	}
	if !contains(arches, s) {
		msg := fmt.Sprintf("%s: unknown arch %q; write arm64 or x86_64", what, s)
		if c := suggest.Closest(s, arches); c != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", c)
		}
		ps.at(n, "%s", msg)
		return ""
	}
	return s
}

func (ps *problems) poolRef(n *asl.Node, what string, p *Profile) string {
	s, ok := ps.str(n, what+": pool")
	if !ok || s == "" || s == noPool {
		return ""
	}
	if p.Pools[s] == nil {
		names := sortedKeys(p.Pools)
		msg := fmt.Sprintf("%s: pool %q is not defined under pools", what, s)
		if c := suggest.Closest(s, names); c != "" {
			msg += fmt.Sprintf("; did you mean %q?", c)
		} else {
			msg += fmt.Sprintf("; define it there or use one of: %s, or %q for none", joinQuoted(names), noPool)
		}
		ps.at(n, "%s", msg)
		return ""
	}
	return s
}

// assumption is a default a Task relied on, kept until the tasks are
// sorted so that Assumptions come out in a stable order.
type assumption struct{ label, sentence string }

func (t *Task) assume(label, format string, args ...any) {
	t.assumed = append(t.assumed, assumption{label, fmt.Sprintf(format, args...)})
}

func joinQuoted(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(n)
	}
	return s
}
