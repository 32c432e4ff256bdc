package jsonata

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

// nondeterministic matches expressions whose value cannot be replayed, and $states.context, which the recorded
// events do not carry.
var nondeterministic = regexp.MustCompile(`\$(uuid|random|now|millis)\s*\(|\$states\.context`)

// evalTemplate evaluates a JSONata state field: strings "{% … %}" anywhere in the value are expressions, other
// values are literal (asl-semantics §3).
func evalTemplate(v any, env *Env) (any, error) {
	switch x := v.(type) {
	case string:
		if expr, _, ok := Expression(x); ok {
			return Eval(expr, env)
		}
		return x, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := evalTemplate(e, env)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := evalTemplate(e, env)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	}
	return v, nil
}

func hasNondeterministic(v any) bool {
	b, _ := json.Marshal(v)
	return nondeterministic.Match(b)
}

type passState struct {
	output, assign any
	hasOutput      bool
}

// jsonataPassStates collects the Pass states that use JSONata, at any nesting, by name; a name used twice is
// dropped, since the events could not tell the states apart.
func jsonataPassStates(def map[string]any, inherited string, out map[string]*passState, dup map[string]bool) {
	lang := inherited
	if l, ok := def["QueryLanguage"].(string); ok {
		lang = l
	}
	states, _ := def["States"].(map[string]any)
	for name, raw := range states {
		st, _ := raw.(map[string]any)
		if st == nil {
			continue
		}
		stLang := lang
		if l, ok := st["QueryLanguage"].(string); ok {
			stLang = l
		}
		for _, key := range []string{"Iterator", "ItemProcessor"} {
			if sub, ok := st[key].(map[string]any); ok {
				jsonataPassStates(sub, lang, out, dup)
			}
		}
		if branches, ok := st["Branches"].([]any); ok {
			for _, b := range branches {
				if sub, ok := b.(map[string]any); ok {
					jsonataPassStates(sub, lang, out, dup)
				}
			}
		}
		if _, seen := out[name]; seen || dup[name] {
			dup[name] = true
			delete(out, name)
			continue
		}
		if st["Type"] != "Pass" || stLang != "JSONata" {
			continue
		}
		o, hasOutput := st["Output"]
		out[name] = &passState{output: o, assign: st["Assign"], hasOutput: hasOutput}
	}
}

// TestConformancePassOutput replays the JSONata Pass states of the cases tagged jsonata: each recorded entry's
// input is $states.input, the variables are those assigned by the states recorded before, and the Output
// template's value must equal the recorded output, the Assign values the recorded assigned variables.
func TestConformancePassOutput(t *testing.T) {
	dir := sharedtest.Path(t, "conformance")
	indexes, _ := filepath.Glob(filepath.Join(dir, "*", "index.json"))
	if len(indexes) == 0 {
		t.Fatalf("no conformance cases at %s", dir)
	}
	var outputs, outputsOK, assigns, assignsOK, skipped int
	var failures []string
	for _, idx := range indexes {
		var index struct {
			Cases []struct {
				Name, File string
				Tags       []string
			}
		}
		readJSON(t, idx, &index)
		for _, c := range index.Cases {
			if !contains(c.Tags, "jsonata") {
				continue
			}
			var cs struct {
				Definition map[string]any
				Expect     struct {
					States []struct {
						Name, Event       string
						Input, Output     any
						AssignedVariables map[string]any `json:"assigned_variables"`
					}
				}
			}
			readJSON(t, filepath.Join(filepath.Dir(idx), c.File), &cs)
			passes := map[string]*passState{}
			jsonataPassStates(cs.Definition, "JSONPath", passes, map[string]bool{})
			vars := map[string]any{}
			var lastInput = map[string]any{}
			for _, ev := range cs.Expect.States {
				if ev.Event == "entered" {
					lastInput[ev.Name] = ev.Input
					continue
				}
				if ev.Event != "exited" {
					continue
				}
				p := passes[ev.Name]
				if p != nil {
					in, ok := lastInput[ev.Name]
					snapshot := make(map[string]any, len(vars))
					for k, v := range vars {
						snapshot[k] = v
					}
					env := &Env{
						States:    map[string]any{"input": in},
						Variables: func(n string) (any, bool) { v, ok := snapshot[n]; return v, ok },
					}
					where := fmt.Sprintf("%s, state %s", c.Name, ev.Name)
					switch {
					case !ok:
					case hasNondeterministic(p.output) || hasNondeterministic(p.assign):
						skipped++
					default:
						if p.hasOutput {
							outputs++
							got, err := evalTemplate(p.output, env)
							if err == nil && Equal(got, ev.Output) {
								outputsOK++
							} else {
								failures = append(failures, fmt.Sprintf("%s: Output %s: got %s, %v; recorded %s", where, js(p.output), js(got), err, js(ev.Output)))
							}
						}
						if p.assign != nil && ev.AssignedVariables != nil {
							assigns++
							got, err := evalTemplate(p.assign, env)
							if err == nil && Equal(got, ev.AssignedVariables) {
								assignsOK++
							} else {
								failures = append(failures, fmt.Sprintf("%s: Assign %s: got %s, %v; recorded %s", where, js(p.assign), js(got), err, js(ev.AssignedVariables)))
							}
						}
					}
				}
				for k, v := range ev.AssignedVariables {
					vars[k] = v
				}
			}
		}
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Log("mismatch: " + f)
	}
	t.Logf("Pass Output: %d/%d match; Pass Assign: %d/%d match; %d state visits skipped (nondeterministic or $states.context)",
		outputsOK, outputs, assignsOK, assigns, skipped)
	// The floor records the figures reached; a lower count is a regression.
	if outputsOK < minOutputsOK || assignsOK < minAssignsOK {
		t.Errorf("regression: %d Output and %d Assign matches, want at least %d and %d", outputsOK, assignsOK, minOutputsOK, minAssignsOK)
	}
}

const (
	minOutputsOK = 38
	minAssignsOK = 16
)

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
