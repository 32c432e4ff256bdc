package engine_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/internal/conformance"
	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

// The conformance harness (issue #3): every recorded AWS execution under
// SFNSIM_CONFORMANCE (default ../shared/conformance) is run again on the
// virtual clock, with its recorded task results as the backend, and its
// status, output, error and states entered and exited are compared with
// the recording. Causes are compared too and counted apart.
//
// testdata/conformance/floor holds the lowest pass rate allowed;
// testdata/conformance/failing.txt lists every case that fails, with the
// reason. The test fails when a case fails that is not listed, when a
// listed case passes (take it off the list), or when the pass rate drops
// below the floor.

var verbose = flag.Bool("conformance.v", false, "print why each failing conformance case fails")

// caseResult is the outcome of one case.
type caseResult struct {
	name, area string
	skipped    string // why the case cannot run
	failure    string // why it failed; "" when it passed
	causeSeen  bool   // the recording has a cause to compare
	causeOK    bool
}

func conformanceDir(t *testing.T) string {
	if dir := os.Getenv("SFNSIM_CONFORMANCE"); dir != "" {
		return dir
	}
	return sharedtest.Path(t, "conformance")
}

func TestConformance(t *testing.T) {
	dir := conformanceDir(t)
	cases, err := conformance.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no conformance cases under %s", dir)
	}
	byArea := map[string][]caseResult{}
	var areas []string
	for _, c := range cases {
		r := runCase(c)
		if _, seen := byArea[c.Area]; !seen {
			areas = append(areas, c.Area)
		}
		byArea[c.Area] = append(byArea[c.Area], r)
	}
	sort.Strings(areas)
	var passed, failed, skipped, causes, causesOK int
	failing := map[string]string{}
	for _, area := range areas {
		var p, f, s int
		for _, r := range byArea[area] {
			switch {
			case r.skipped != "":
				s++
			case r.failure != "":
				f++
				failing[r.name] = r.failure
			default:
				p++
			}
			if r.skipped == "" && r.causeSeen {
				causes++
				if r.causeOK {
					causesOK++
				}
			}
		}
		t.Logf("%-18s %3d passed, %2d failed, %2d skipped", area, p, f, s)
		passed, failed, skipped = passed+p, failed+f, skipped+s
	}
	if skipped*10 >= len(cases) {
		t.Errorf("%d of the %d cases under %s were skipped; skips must stay under 10%%", skipped, len(cases), dir)
	}
	fmt.Printf("conformance: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	fmt.Printf("causes: %d matched of %d\n", causesOK, causes)

	listed := readFailing(t)
	var names []string
	for name := range failing {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if *verbose {
			t.Logf("FAIL %s: %s", name, failing[name])
		}
		if _, ok := listed[name]; !ok {
			t.Errorf("%s fails and is not in testdata/conformance/failing.txt: %s", name, failing[name])
		}
	}
	for name := range listed {
		if _, ok := failing[name]; !ok {
			t.Errorf("%s is listed in testdata/conformance/failing.txt but did not fail: take it off the list", name)
		}
	}
	floor := readFloor(t)
	rate := float64(passed) / float64(passed+failed)
	t.Logf("pass rate %.4f (floor %.4f)", rate, floor)
	if rate < floor {
		t.Errorf("pass rate %.4f is below the committed floor %.4f", rate, floor)
	}
}

func readFloor(t *testing.T) float64 {
	b, err := os.ReadFile(filepath.Join("testdata", "conformance", "floor"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	if err != nil {
		t.Fatalf("testdata/conformance/floor: %v", err)
	}
	return f
}

// readFailing reads "name: reason" lines; # starts a comment.
func readFailing(t *testing.T) map[string]string {
	f, err := os.Open(filepath.Join("testdata", "conformance", "failing.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, ok := strings.Cut(line, ": ")
		if !ok || strings.TrimSpace(reason) == "" {
			t.Fatalf("testdata/conformance/failing.txt:%d: want \"case name: reason\"", n)
		}
		out[name] = reason
	}
	return out
}

// replay is the backend of a case: the recorded results, in call order.
type replay struct {
	clock *engine.VirtualClock
	r     *conformance.Replayer
	err   error
}

func (b *replay) Start(req *engine.TaskRequest) func() {
	var iter []conformance.Iteration
	for _, it := range req.Iteration {
		iter = append(iter, conformance.Iteration{Map: it.Map, Index: it.Index})
	}
	res, err := b.r.Next(req.State, iter)
	if err != nil {
		if b.err == nil {
			b.err = err
		}
		req.Result = engine.TaskResult{Err: &asl.StatesError{Name: "sfnsim.NoRecordedResult", Cause: err.Error()}}
		b.clock.After(0, req.Deliver())
		return nil
	}
	var out engine.TaskResult
	if res.Outcome == "succeeded" {
		out.Output = res.Output
	} else {
		out.Err = &asl.StatesError{Name: deref(res.Error), Cause: deref(res.Cause)}
	}
	req.Result = out
	b.clock.After(0, req.Deliver())
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// recordedEvent is a state entered or exited, as the recording has it.
type recordedEvent struct {
	name, event  string
	value        any
	assigned     map[string]any
	hasAssigned  bool
	iterationKey string
}

func runCase(c *conformance.Case) caseResult {
	r := caseResult{name: c.Name, area: c.Area}
	switch {
	case c.HasTag("item_reader"):
		r.skipped = "the S3 items of an item_reader case are not in it"
		return r
	case c.HasTag("distributed_map_unrecorded_tasks"):
		r.skipped = "the Task results of the Distributed Map children were not recorded"
		return r
	}
	r.causeSeen = c.Expect.Cause != nil
	doc, err := asl.ParseJSON(c.File, c.Definition)
	if err != nil {
		r.failure = "parse: " + err.Error()
		return r
	}
	prog, err := engine.Compile(doc.Root)
	if err != nil {
		r.failure = "compile: " + err.Error()
		return r
	}
	clock := engine.NewVirtualClock(time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC))
	backend := &replay{clock: clock, r: c.Replayer()}
	input := c.Input
	if c.Normalized {
		input = substituteDates(input, clock.Now().Format(time.RFC3339))
	}
	var got []recordedEvent
	scopeOf := stateScopes(prog.Machine)
	opts := &engine.Options{
		Clock:   clock,
		Backend: backend,
		Writer:  &memStore{},
		// The account of the recordings, as normalisation left it.
		StateMachineArn: "arn:aws:states:us-east-1:111111111111:stateMachine:sfnsim-conformance",
		RoleArn:         "arn:aws:iam::111111111111:role/sfnsim-conformance",
		History: func(x *engine.Execution, e *engine.Event) {
			if x.Parent != nil {
				return
			}
			ev := recordedEvent{name: e.State, iterationKey: groupKey(e.State, e.Iteration, scopeOf)}
			switch {
			case strings.HasSuffix(e.Type, "StateEntered"):
				ev.event, ev.value = "entered", e.Input
			case strings.HasSuffix(e.Type, "StateExited"):
				ev.event, ev.value = "exited", e.Output
				ev.assigned = e.Assigned
			default:
				return
			}
			got = append(got, ev)
		},
	}
	x, err := prog.Start(input, opts, nil)
	if err != nil {
		r.failure = err.Error()
		return r
	}
	clock.Run()
	if x.Cause != "" || r.causeSeen {
		r.causeOK = r.causeSeen && causeEqual(*c.Expect.Cause, x.Cause, c)
		if r.causeSeen && !r.causeOK && *verbose {
			fmt.Printf("CAUSE %s\n  got:  %s\n  want: %s\n", c.Name, x.Cause, *c.Expect.Cause)
		}
	}
	r.failure = compareCase(c, x, got, scopeOf)
	if r.failure == "" && backend.err != nil {
		r.failure = "replay: " + backend.err.Error()
	}
	if r.failure == "" && backend.r.Unused() > 0 {
		r.failure = fmt.Sprintf("%d recorded task calls were not made", backend.r.Unused())
	}
	return r
}

func causeEqual(want, got string, c *conformance.Case) bool {
	if conformance.Equal(want, got, c.Normalized) {
		return true
	}
	var w, g any
	if json.Unmarshal([]byte(want), &w) == nil && json.Unmarshal([]byte(got), &g) == nil {
		return conformance.Equal(w, g, c.Normalized)
	}
	return false
}

// scopeInfo says, for each state name, which scope it belongs to and how
// many inline Map iterations enclose that scope, so that the events of one
// scope and iteration are compared in order while branches and iterations
// interleave freely.
type scopeInfo struct {
	scope string
	depth int
}

func stateScopes(m *asl.Machine) map[string]scopeInfo {
	out := map[string]scopeInfo{}
	for i, sc := range m.Scopes {
		depth := 0
		for s := sc; s.Owner != nil; s = s.Parent {
			if s.Owner.Type == "Map" && !s.Owner.IsDistributed() {
				depth++
			}
		}
		for _, st := range sc.States {
			out[st.Name] = scopeInfo{scope: strconv.Itoa(i), depth: depth}
		}
	}
	return out
}

// groupKey is the scope of a state and the iterations enclosing it. The
// recorder sometimes tags events after a failed iteration with that
// iteration (scenarios/test_map_state_catch): only the enclosing depth
// counts.
func groupKey(state string, its []engine.Iteration, scopes map[string]scopeInfo) string {
	info := scopes[state]
	var b strings.Builder
	for i, it := range its {
		if i >= info.depth {
			break
		}
		fmt.Fprintf(&b, "%s[%d]", it.Map, it.Index)
	}
	return b.String() + "|" + info.scope
}

func compareCase(c *conformance.Case, x *engine.Execution, got []recordedEvent, scopeOf map[string]scopeInfo) string {
	if x.Status != c.Expect.Status {
		return fmt.Sprintf("status %s, want %s (error %q, cause %q)", x.Status, c.Expect.Status, x.Error, x.Cause)
	}
	if x.Status == engine.StatusSucceeded {
		if !conformance.Equal(c.Expect.Output, x.Output, c.Normalized) {
			return fmt.Sprintf("output %s, want %s", js(x.Output), js(c.Expect.Output))
		}
	} else if c.Expect.Error != nil && *c.Expect.Error != x.Error {
		return fmt.Sprintf("error %q, want %q (cause %q)", x.Error, *c.Expect.Error, x.Cause)
	}
	if c.Expect.States == nil {
		return ""
	}
	want := map[string][]recordedEvent{}
	for _, e := range c.Expect.States {
		var its []engine.Iteration
		for _, it := range e.Iteration {
			its = append(its, engine.Iteration{Map: it.Map, Index: it.Index})
		}
		ev := recordedEvent{name: e.Name, event: e.Event, assigned: e.AssignedVariables, hasAssigned: e.AssignedVariables != nil,
			iterationKey: groupKey(e.Name, its, scopeOf)}
		if e.Event == "entered" {
			ev.value = e.Input
		} else {
			ev.value = e.Output
		}
		want[ev.iterationKey] = append(want[ev.iterationKey], ev)
	}
	have := map[string][]recordedEvent{}
	for _, e := range got {
		have[e.iterationKey] = append(have[e.iterationKey], e)
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		w, h := want[k], have[k]
		if c.HasTag("parallel_events_sorted") && !strings.HasSuffix(k, "|0") {
			// The recorder re-sorted these events: their order means nothing.
			w, h = sortedEvents(w), sortedEvents(h)
		}
		for i := 0; i < len(w) || i < len(h); i++ {
			if i >= len(w) {
				return fmt.Sprintf("extra event %s %s %s", h[i].name, h[i].event, js(h[i].value))
			}
			if i >= len(h) {
				return fmt.Sprintf("missing event %s %s %s", w[i].name, w[i].event, js(w[i].value))
			}
			we, he := w[i], h[i]
			if we.name != he.name || we.event != he.event {
				return fmt.Sprintf("event %d of %q: %s %s, want %s %s", i, k, he.name, he.event, we.name, we.event)
			}
			if !conformance.Equal(we.value, he.value, c.Normalized) {
				return fmt.Sprintf("%s %s: %s, want %s", he.name, he.event, js(he.value), js(we.value))
			}
			if we.event == "exited" {
				wa := we.assigned
				if wa == nil {
					wa = map[string]any{}
				}
				ha := he.assigned
				if ha == nil {
					ha = map[string]any{}
				}
				if !conformance.Equal(toAny(wa), toAny(ha), c.Normalized) {
					return fmt.Sprintf("%s assigned %s, want %s", he.name, js(ha), js(wa))
				}
			}
		}
	}
	return ""
}

func toAny(m map[string]any) any { return m }

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

func sortedEvents(evs []recordedEvent) []recordedEvent {
	out := append([]recordedEvent(nil), evs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.name != b.name {
			return a.name < b.name
		}
		return a.event > b.event // entered before exited
	})
	return out
}

// memStore is an object store in memory, for ResultWriter cases.
type memStore struct{ objects map[string][]byte }

func (m *memStore) PutObject(_ context.Context, bucket, key string, body []byte) error {
	if m.objects == nil {
		m.objects = map[string][]byte{}
	}
	m.objects[bucket+"/"+key] = body
	return nil
}

// substituteDates gives the timestamps that normalisation replaced with
// "date" a real value: a placeholder stands for any value of its kind, and
// "date" stood for valid timestamps in every input that holds it.
func substituteDates(v any, now string) any {
	switch x := v.(type) {
	case string:
		if x == "date" {
			return now
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = substituteDates(e, now)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = substituteDates(e, now)
		}
		return out
	}
	return v
}
