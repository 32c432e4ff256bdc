package payload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/intrinsic"
)

// The conformance replay runs the JSONPath pipeline of this package on executions recorded on AWS
// (../shared/conformance, README there):
//
//   - every case whose states are all JSONPath Pass states is run from StartAt to its end, comparing each state's
//     recorded output, the variables it assigned, and the final status, output, error and cause;
//   - every JSONPath Pass state of every other case is replayed on its recorded input alone.
//
// Recorded placeholders (<uuid:1>, <json-input:1> …) are compared as wildcards. The figures are logged; the test
// fails when the whole-case figure falls below passOnlyFloor.

// passOnlyFloor is the number of Pass-only cases that must pass (all of them when this was written).
const passOnlyFloor = 35

type confCase struct {
	Name       string          `json:"name"`
	Definition json.RawMessage `json:"definition"`
	Input      json.RawMessage `json:"input"`
	Expect     struct {
		Status string          `json:"status"`
		Output json.RawMessage `json:"output"`
		Error  *string         `json:"error"`
		Cause  *string         `json:"cause"`
		States []confEvent     `json:"states"`
	} `json:"expect"`
	Normalized bool     `json:"normalized"`
	Tags       []string `json:"tags"`
}

type confEvent struct {
	Name      string          `json:"name"`
	Event     string          `json:"event"`
	Input     json.RawMessage `json:"input"`
	Output    json.RawMessage `json:"output"`
	Assigned  json.RawMessage `json:"assigned_variables"`
	Iteration json.RawMessage `json:"iteration"`
}

// conformanceDir is $SFNSIM_CONFORMANCE, else the shared folder's cases
// (the test skips in a plain clone and fails under CI=true without them).
func conformanceDir(t *testing.T) string {
	if d := os.Getenv("SFNSIM_CONFORMANCE"); d != "" {
		return d
	}
	return sharedtest.Path(t, "conformance")
}

func loadCases(t *testing.T) []*confCase {
	dir := conformanceDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	var cases []*confCase
	for _, f := range files {
		if filepath.Base(f) == "index.json" {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := &confCase{}
		if err := json.Unmarshal(text, c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		t.Fatalf("no conformance cases under %s", dir)
	}
	return cases
}

func raw(t *testing.T, m json.RawMessage) any {
	if len(m) == 0 {
		return nil
	}
	return decode(t, string(m))
}

// passStates collects the Pass states of a definition by name (state names are unique in the whole machine),
// with the query language in force for each.
func passStates(n *asl.Node, jsonata bool, out map[string]*asl.Node, all *int) {
	if ql := n.GetString("QueryLanguage"); ql != "" {
		jsonata = ql == "JSONata"
	}
	states := n.Get("States")
	if states == nil {
		return
	}
	for _, m := range states.Members {
		s := m.Value
		*all++
		stateJSONata := jsonata
		if ql := s.GetString("QueryLanguage"); ql != "" {
			stateJSONata = ql == "JSONata"
		}
		if s.GetString("Type") == "Pass" && !stateJSONata {
			out[m.Key] = s
		}
		if b := s.Get("Branches"); b != nil {
			for _, br := range b.Elems {
				passStates(br, jsonata, out, all)
			}
		}
		for _, k := range []string{"ItemProcessor", "Iterator"} {
			if p := s.Get(k); p != nil {
				passStates(p, jsonata, out, all)
			}
		}
	}
}

// passStep is the outcome of one Pass state.
type passStep struct {
	output   any
	assigned map[string]any
}

// runPass applies asl-semantics §3 to a Pass state: InputPath → Parameters → Result (or the effective input) →
// ResultPath → OutputPath; Assign is evaluated on the result with the variables as they were before the state
// (AWS-VAR: assignments become visible to the next state).
func runPass(s *asl.Node, input, context any, vars map[string]any) (*passStep, error) {
	lookup := func(name string) (any, bool) { v, ok := vars[name]; return v, ok }
	env := &Env{Input: input, Context: context, Variables: lookup, Call: callIntrinsic}
	effective, err := ApplyInputPath(input, FieldOf(s.Get("InputPath")), env)
	if err != nil {
		return nil, err
	}
	if p := s.Get("Parameters"); p != nil {
		tpl, err := Compile(p)
		if err != nil {
			return nil, err
		}
		if effective, err = tpl.Eval(&Env{Input: effective, Context: context, Variables: lookup, Call: callIntrinsic}); err != nil {
			return nil, err
		}
	}
	result := effective
	if r := s.Get("Result"); r != nil {
		result = r.Interface()
	}
	step := &passStep{}
	if a := s.Get("Assign"); a != nil {
		tpl, err := Compile(a)
		if err != nil {
			return nil, err
		}
		v, err := tpl.Eval(&Env{Input: result, Context: context, Variables: lookup, Call: callIntrinsic})
		if err != nil {
			return nil, err
		}
		step.assigned, _ = v.(map[string]any)
	}
	out, err := ApplyResultPath(input, result, FieldOf(s.Get("ResultPath")))
	if err != nil {
		return nil, err
	}
	if step.output, err = ApplyOutputPath(out, FieldOf(s.Get("OutputPath")), env); err != nil {
		return nil, err
	}
	return step, nil
}

func callIntrinsic(c *intrinsic.Call, field string, env *Env) (any, error) {
	return intrinsic.Eval(c, &intrinsic.Env{Input: env.Input, Context: env.Context, Variables: env.Variables, Field: field})
}

// contextFor stands in for the context object (asl-semantics §5) with the members recorded for a Pass state:
// conformance base/test_query_context_object_values shows State without RetryCount there.
func contextFor(input any, state string) any {
	return map[string]any{
		"Execution": map[string]any{"Id": "arn:aws:states:us-east-1:111111111111:execution:machine:exec", "Input": input,
			"Name": "exec", "RoleArn": "arn:aws:iam::111111111111:role/role", "StartTime": "2025-01-01T00:00:00.000Z",
			"RedriveCount": json.Number("0")},
		"State":        map[string]any{"EnteredTime": "2025-01-01T00:00:00.001Z", "Name": state},
		"StateMachine": map[string]any{"Id": "arn:aws:states:us-east-1:111111111111:stateMachine:machine", "Name": "machine"},
	}
}

var placeholder = regexp.MustCompile(`<[A-Za-z0-9_-]+(:[0-9]+)?>`)

// wordPlaceholders are the bare words the recorder put in place of timestamps and the role (README
// "normalized").
var wordPlaceholders = map[string]bool{"date": true, "timestamp": true, "start-time": true, "entered-time": true,
	"snf_role_arn": true}

// matchJSON compares got with a recorded value. When wild is set (a normalized case), a recorded string holding
// placeholders matches any value (when it is only a placeholder) or any string of its shape.
func matchJSON(got, want any, wild bool) bool {
	switch w := want.(type) {
	case string:
		if !wild {
			break
		}
		if wordPlaceholders[w] {
			_, ok := got.(string)
			return ok
		}
		if placeholder.MatchString(w) {
			if placeholder.FindString(w) == w {
				return true
			}
			g, ok := got.(string)
			return ok && matchText(g, w)
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !matchJSON(gv, wv, wild) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !matchJSON(g[i], w[i], wild) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

func matchText(got, want string) bool {
	parts := placeholder.Split(want, -1)
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return regexp.MustCompile(`^(?s)` + strings.Join(parts, ".*") + `$`).MatchString(got)
}

var causePrefix = regexp.MustCompile(`^An error occurred while executing the state '[^']*' \(entered at the event id #\d+\)\. `)

// runPassOnly runs a case whose states are all JSONPath Pass states; it returns "" when everything matches.
func runPassOnly(t *testing.T, c *confCase, def *asl.Node) string {
	input := raw(t, c.Input)
	vars := map[string]any{}
	states := def.Get("States")
	name := def.GetString("StartAt")
	events := c.Expect.States
	for {
		s := states.Get(name)
		if len(events) == 0 || events[0].Name != name || events[0].Event != "entered" {
			return fmt.Sprintf("state %s entered, not in the recording", name)
		}
		if !matchJSON(input, raw(t, events[0].Input), c.Normalized) {
			return fmt.Sprintf("state %s: input %s, recorded %s", name, Marshal(input), events[0].Input)
		}
		events = events[1:]
		step, err := runPass(s, input, contextFor(raw(t, c.Input), name), vars)
		if err != nil {
			var se *asl.StatesError
			if !errors.As(err, &se) {
				return fmt.Sprintf("state %s: %v", name, err)
			}
			if c.Expect.Status != "FAILED" || c.Expect.Error == nil || *c.Expect.Error != se.Name {
				return fmt.Sprintf("state %s failed with %v; recorded %s", name, err, c.Expect.Status)
			}
			if c.Expect.Cause != nil {
				want := causePrefix.ReplaceAllString(*c.Expect.Cause, "")
				if (c.Normalized && !matchText(se.Cause, want)) || (!c.Normalized && se.Cause != want) {
					return fmt.Sprintf("state %s: cause\n  %s\nrecorded\n  %s", name, se.Cause, want)
				}
			}
			return ""
		}
		if len(events) == 0 || events[0].Name != name || events[0].Event != "exited" {
			return fmt.Sprintf("state %s exited, not in the recording", name)
		}
		if !matchJSON(step.output, raw(t, events[0].Output), c.Normalized) {
			return fmt.Sprintf("state %s: output %s, recorded %s", name, Marshal(step.output), events[0].Output)
		}
		// An Assign of {} is recorded without assigned_variables.
		if wantVars := raw(t, events[0].Assigned); (wantVars != nil || len(step.assigned) > 0) && !matchJSON(anyMap(step.assigned), wantVars, c.Normalized) {
			return fmt.Sprintf("state %s: assigned %s, recorded %s", name, Marshal(step.assigned), events[0].Assigned)
		}
		events = events[1:]
		for k, v := range step.assigned {
			vars[k] = v
		}
		input = step.output
		if s.Get("End").IsTrue() {
			break
		}
		name = s.GetString("Next")
	}
	if c.Expect.Status != "SUCCEEDED" {
		return "succeeded; recorded " + c.Expect.Status
	}
	if !matchJSON(input, raw(t, c.Expect.Output), c.Normalized) {
		return fmt.Sprintf("output %s, recorded %s", Marshal(input), c.Expect.Output)
	}
	return ""
}

func anyMap(m map[string]any) any {
	if len(m) == 0 {
		return nil
	}
	return m
}

func TestConformancePassOnly(t *testing.T) {
	passed, total, failed := 0, 0, 0
	var failures []string
	for _, c := range loadCases(t) {
		doc, err := asl.ParseJSON(c.Name, c.Definition)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		pass := map[string]*asl.Node{}
		all := 0
		passStates(doc.Root, false, pass, &all)
		if all == 0 || len(pass) != all || c.Expect.States == nil {
			continue
		}
		total++
		if c.Expect.Status == "FAILED" {
			failed++
		}
		if why := runPassOnly(t, c, doc.Root); why != "" {
			failures = append(failures, c.Name+": "+why)
			continue
		}
		passed++
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Log("FAIL " + f)
	}
	t.Logf("pass-only cases: %d passed of %d (%d of them recorded as FAILED, error and cause compared)", passed, total, failed)
	if passed < passOnlyFloor {
		t.Errorf("pass-only cases: %d passed, below the floor of %d", passed, passOnlyFloor)
	}
}

// TestConformancePassStates replays every JSONPath Pass state of every case on its recorded input. Variables
// are taken from the recording (the assigned_variables of earlier exits), the context object is a stand-in, so
// a state reading $$ fields other than Execution.Input and State.Name may differ; those show as failures in the
// log and do not fail the test.
func TestConformancePassStates(t *testing.T) {
	passed, total := 0, 0
	var failures []string
	for _, c := range loadCases(t) {
		doc, err := asl.ParseJSON(c.Name, c.Definition)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		pass := map[string]*asl.Node{}
		all := 0
		passStates(doc.Root, false, pass, &all)
		if len(pass) == all || c.Expect.States == nil {
			continue // no Pass state, or covered by TestConformancePassOnly
		}
		vars := map[string]any{}
		for i, ev := range c.Expect.States {
			if ev.Event == "exited" {
				if a, ok := raw(t, ev.Assigned).(map[string]any); ok {
					for k, v := range a {
						vars[k] = v
					}
				}
			}
			s := pass[ev.Name]
			if s == nil || ev.Event != "entered" {
				continue
			}
			var exit *confEvent
			for j := i + 1; j < len(c.Expect.States); j++ {
				e := &c.Expect.States[j]
				if e.Name == ev.Name && bytes.Equal(e.Iteration, ev.Iteration) {
					if e.Event == "exited" {
						exit = e
					}
					break
				}
			}
			if exit == nil {
				continue // the state failed or the recording ends; a whole-case harness judges those
			}
			total++
			input := raw(t, ev.Input)
			step, err := runPass(s, input, contextFor(raw(t, c.Input), ev.Name), vars)
			switch {
			case err != nil:
				failures = append(failures, fmt.Sprintf("%s: state %s: %v", c.Name, ev.Name, err))
			case !matchJSON(step.output, raw(t, exit.Output), c.Normalized):
				failures = append(failures, fmt.Sprintf("%s: state %s: output %s, recorded %s", c.Name, ev.Name, Marshal(step.output), exit.Output))
			default:
				passed++
			}
		}
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Log("FAIL " + f)
	}
	t.Logf("Pass states in other cases: %d passed of %d", passed, total)
}
