package engine_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
)

// epoch is the virtual clock's start in the engine's tests.
var epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// step is one scripted task outcome: after d, output or an error.
type step struct {
	d      time.Duration
	out    any
	err    string
	cause  string
	echo   bool // output the task's input
	hangs  bool // never answers
	output func(req *engine.TaskRequest) any
}

// script is a backend that answers each Task state from a list of
// outcomes, in call order; the last outcome repeats. Calls are recorded.
type script struct {
	clock *engine.VirtualClock
	steps map[string][]step
	calls []call
	next  map[string]int
	// cancelled counts calls abandoned by the engine.
	cancelled int
}

type call struct {
	state   string
	input   any
	at      time.Duration
	attempt int
}

func (s *script) Start(req *engine.TaskRequest) func() {
	if s.next == nil {
		s.next = map[string]int{}
	}
	s.calls = append(s.calls, call{state: req.State, input: req.Input, at: s.clock.Elapsed(), attempt: req.Attempt})
	list := s.steps[req.State]
	if len(list) == 0 {
		list = []step{{echo: true}}
	}
	i := min(s.next[req.State], len(list)-1)
	s.next[req.State]++
	st := list[i]
	if st.hangs {
		return func() { s.cancelled++ }
	}
	var res engine.TaskResult
	switch {
	case st.err != "":
		res.Err = &asl.StatesError{Name: st.err, Cause: st.cause}
	case st.echo:
		res.Output = req.Input
	case st.output != nil:
		res.Output = st.output(req)
	default:
		res.Output = st.out
	}
	cancelled := false
	s.clock.After(st.d, func() {
		if !cancelled {
			req.Done(res)
		}
	})
	return func() { cancelled = true; s.cancelled++ }
}

// run is the outcome of one test execution.
type run struct {
	x       *engine.Execution
	events  []*engine.Event // of the top-level execution
	all     int             // events of all executions
	clock   *engine.VirtualClock
	backend *script
}

func (r *run) eventTypes() []string {
	var out []string
	for _, e := range r.events {
		out = append(out, e.Type)
	}
	return out
}

// execute runs definition (JSON or YAML text) on input (JSON text).
func execute(t *testing.T, definition, input string, steps map[string][]step, configure ...func(*engine.Options)) *run {
	t.Helper()
	doc, err := asl.ParseJSON("test.asl.json", []byte(definition))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	prog, err := engine.Compile(doc.Root)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	clock := engine.NewVirtualClock(epoch)
	r := &run{clock: clock, backend: &script{clock: clock, steps: steps}}
	opts := &engine.Options{
		Clock:   clock,
		Backend: r.backend,
		Seed:    1,
		History: func(x *engine.Execution, e *engine.Event) {
			r.all++
			if x.Parent == nil {
				r.events = append(r.events, e)
			}
		},
	}
	for _, c := range configure {
		c(opts)
	}
	r.x, err = prog.Run(decode(t, input), opts)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return r
}

func decode(t *testing.T, s string) any {
	t.Helper()
	if s == "" {
		return map[string]any{}
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "!" + err.Error()
	}
	return string(b)
}

// wantOutput checks a SUCCEEDED execution's output as compact JSON with
// sorted keys.
func wantOutput(t *testing.T, r *run, want string) {
	t.Helper()
	if r.x.Status != engine.StatusSucceeded {
		t.Fatalf("status %s (%s: %s), want SUCCEEDED", r.x.Status, r.x.Error, r.x.Cause)
	}
	if got := compact(r.x.Output); got != compact(decode(t, want)) {
		t.Errorf("output %s\nwant %s", got, compact(decode(t, want)))
	}
}

func wantFailure(t *testing.T, r *run, status, errName, causePart string) {
	t.Helper()
	if r.x.Status != status || r.x.Error != errName || !strings.Contains(r.x.Cause, causePart) {
		t.Errorf("got %s %s %q, want %s %s with cause containing %q", r.x.Status, r.x.Error, r.x.Cause, status, errName, causePart)
	}
}
