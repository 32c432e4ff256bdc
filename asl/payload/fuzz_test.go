package payload

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
)

// FuzzTemplate compiles a template, evaluates it on an input, and applies the path fields with the template's
// first string as the path. Nothing may panic, errors must be of the documented types, the input must not change,
// and Marshal must render every result as JSON that decodes back to the same value.
func FuzzTemplate(f *testing.F) {
	f.Add(`{"a.$": "$.x", "b": [1, {"c.$": "$$.Execution.Id"}]}`, `{"x": {"y": [1, 2]}}`)
	f.Add(`{"v.$": "$.no_such_jsonpath"}`, `{"int-literal": 0}`)
	f.Add(`{"f.$": "States.Format('{}', $.x)", "g.$": "$v.k"}`, `{"x": "s"}`)
	f.Add(`{"a": 1, "a.$": "$"}`, `[]`)
	f.Add(`"$.a.b[0]"`, `{"a": {"b": [null]}}`)
	f.Add(`{"r.$": "$..x[?(@.y > 1)]"}`, `{"x": [{"y": 2}, {"y": 0}]}`)
	f.Fuzz(func(t *testing.T, tplText, inputText string) {
		doc, err := asl.ParseJSON("t.json", []byte(tplText))
		if err != nil {
			return
		}
		d := json.NewDecoder(strings.NewReader(inputText))
		d.UseNumber()
		var input any
		if d.Decode(&input) != nil {
			return
		}
		before := Marshal(input)
		env := &Env{Input: input, Context: map[string]any{"Execution": map[string]any{"Id": "id"}}, Call: fakeCall,
			Variables: func(name string) (any, bool) { return map[string]any{"k": "v"}, name == "v" }}

		tpl, err := Compile(doc.Root)
		if err != nil {
			var ce *CompileError
			if !errors.As(err, &ce) || ce.Msg == "" {
				t.Fatalf("compile error %v (%T) is not a *CompileError", err, err)
			}
		} else {
			out, err := tpl.Eval(env)
			checkResult(t, out, err)
		}

		// Use the template's text, and its first string, as path fields.
		paths := []string{tplText}
		doc.Root.Walk(func(n *asl.Node) bool {
			if s, ok := n.StringValue(); ok {
				paths = append(paths, s)
			}
			return true
		})
		for _, p := range paths[:min(len(paths), 3)] {
			out, err := ApplyInputPath(input, Field{Path: p}, env)
			checkResult(t, out, err)
			out, err = ApplyOutputPath(input, Field{Path: p}, env)
			checkResult(t, out, err)
			out, err = ApplyResultPath(input, map[string]any{"r": true}, Field{Path: p})
			checkResult(t, out, err)
		}
		_ = CheckSize(input, "S")
		if Marshal(input) != before {
			t.Fatalf("the input changed: %s → %s", before, Marshal(input))
		}
	})
}

func checkResult(t *testing.T, out any, err error) {
	t.Helper()
	if err != nil {
		var se *asl.StatesError
		if !errors.As(err, &se) || se.Name == "" || se.Cause == "" {
			t.Fatalf("error %v (%T) is not a *asl.StatesError with a name and a cause", err, err)
		}
		return
	}
	text := Marshal(out)
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var back any
	if err := d.Decode(&back); err != nil {
		t.Fatalf("Marshal wrote invalid JSON %q: %v", text, err)
	}
	if !reflect.DeepEqual(back, normalizeStrings(out)) {
		t.Fatalf("Marshal round trip: %s", text)
	}
}

// normalizeStrings replaces each invalid UTF-8 byte with U+FFFD, as Marshal writes it, so that a round trip
// compares equal.
func normalizeStrings(v any) any {
	switch v := v.(type) {
	case string:
		return validUTF8(v)
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[validUTF8(k)] = normalizeStrings(e)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = normalizeStrings(e)
		}
		return a
	}
	return v
}

func validUTF8(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}
