package payload

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/intrinsic"
)

func decode(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

func node(t testing.TB, s string) *asl.Node {
	t.Helper()
	doc, err := asl.ParseJSON("template.json", []byte(s))
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return doc.Root
}

// wantErr checks that err is a *asl.StatesError with the given name and cause.
func wantErr(t *testing.T, err error, name, cause string) {
	t.Helper()
	var se *asl.StatesError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want %s: %s", err, err, name, cause)
	}
	if se.Name != name || se.Cause != cause {
		t.Fatalf("error\n got %s: %s\nwant %s: %s", se.Name, se.Cause, name, cause)
	}
}

func sameJSON(t *testing.T, got any, want string) {
	t.Helper()
	if w := decode(t, want); !reflect.DeepEqual(got, w) {
		t.Fatalf("got %s, want %s", Marshal(got), Marshal(w))
	}
}

// fakeCall stands in for the intrinsic evaluator: it returns the function name and its path arguments resolved,
// which shows that the Env reaches the evaluator.
func fakeCall(c *intrinsic.Call, field string, env *Env) (any, error) {
	args := []any{}
	for _, a := range c.Args {
		switch a.Kind {
		case intrinsic.ArgPath:
			v, err := env.Resolve(a.Path)
			if err != nil {
				return nil, &asl.StatesError{Name: asl.ErrIntrinsicFailure, Cause: err.Error()}
			}
			args = append(args, v)
		default:
			args = append(args, a.Raw)
		}
	}
	return map[string]any{"fn": c.Name, "field": field, "args": args}, nil
}

func TestTemplateEval(t *testing.T) {
	const input = `{"a": 1, "b": {"c": [10, 20, 30]}, "s": "str", "n": null, "key with space": true}`
	const context = `{"Execution": {"Id": "exec-1", "Input": {"x": 1}}, "State": {"Name": "S", "RetryCount": 0}}`
	vars := map[string]any{"count": json.Number("3"), "obj": map[string]any{"k": "v"}}
	tests := []struct {
		name, tpl, want string
		errName, cause  string
	}{
		{name: "literals are copied", tpl: `{"a": 1, "b": "$.a", "c": [1, {"d": null}], "e": true}`,
			want: `{"a": 1, "b": "$.a", "c": [1, {"d": null}], "e": true}`},
		{name: "path", tpl: `{"v.$": "$.a"}`, want: `{"v": 1}`},
		{name: "whole input", tpl: `{"v.$": "$"}`, want: `{"v": ` + input + `}`},
		{name: "nested path", tpl: `{"v.$": "$.b.c[1]"}`, want: `{"v": 20}`},
		{name: "null value is selected", tpl: `{"v.$": "$.n"}`, want: `{"v": null}`},
		{name: "bracket name", tpl: `{"v.$": "$['key with space']"}`, want: `{"v": true}`},
		// asl-semantics §4: an indefinite path yields an array.
		{name: "indefinite path", tpl: `{"v.$": "$.b.c[*]"}`, want: `{"v": [10, 20, 30]}`},
		{name: "indefinite path without match", tpl: `{"v.$": "$.b.c[?(@ > 100)]"}`, want: `{"v": []}`},
		{name: "slice", tpl: `{"v.$": "$.b.c[1:]"}`, want: `{"v": [20, 30]}`},
		{name: "context path", tpl: `{"id.$": "$$.Execution.Id", "in.$": "$$.Execution.Input.x"}`, want: `{"id": "exec-1", "in": 1}`},
		{name: "variable", tpl: `{"c.$": "$count", "k.$": "$obj.k"}`, want: `{"c": 3, "k": "v"}`},
		{name: "nested objects and arrays", tpl: `{"o": {"p.$": "$.a", "q": [{"r.$": "$.s"}, 2]}}`,
			want: `{"o": {"p": 1, "q": [{"r": "str"}, 2]}}`},
		{name: "intrinsic call gets the env", tpl: `{"f.$": "States.Format('{}', $.s)"}`,
			want: `{"f": {"fn": "States.Format", "field": "f.$", "args": ["'{}'", "str"]}}`},
		{name: "top-level array template", tpl: `[{"v.$": "$.a"}]`, want: `[{"v": 1}]`},
		{name: "scalar template", tpl: `"hello"`, want: `"hello"`},
		{name: "empty object", tpl: `{}`, want: `{}`},
		// A key of ".$" alone renames to the empty key.
		{name: "key is only .$", tpl: `{".$": "$.a"}`, want: `{"": 1}`},
		// Repeated keys: the last one wins, as asl.Node.Get does.
		{name: "repeated literal key", tpl: `{"a": 1, "a": 2}`, want: `{"a": 2}`},
		// asl-semantics §4 OBS; conformance scenarios/test_invalid_jsonpath INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH.
		{name: "missing path", tpl: `{"value.$": "$.no_such_jsonpath"}`, errName: asl.ErrRuntime,
			cause: `The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"a":1,"b":{"c":[10,20,30]},"key with space":true,"n":null,"s":"str"}'`},
		// conformance scenarios/test_invalid_jsonpath INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH: the state
		// input is quoted, not the context object.
		{name: "missing context path", tpl: `{"value.$": "$$.Execution.Input.no_such_jsonpath"}`, errName: asl.ErrRuntime,
			cause: `The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"a":1,"b":{"c":[10,20,30]},"key with space":true,"n":null,"s":"str"}'`},
		{name: "missing nested field", tpl: `{"o": [{"deep.$": "$.b.x"}]}`, errName: asl.ErrRuntime,
			cause: `The JSONPath '$.b.x' specified for the field 'deep.$' could not be found in the input '{"a":1,"b":{"c":[10,20,30]},"key with space":true,"n":null,"s":"str"}'`},
		{name: "index out of range", tpl: `{"v.$": "$.b.c[5]"}`, errName: asl.ErrRuntime,
			cause: `The JSONPath '$.b.c[5]' specified for the field 'v.$' could not be found in the input '{"a":1,"b":{"c":[10,20,30]},"key with space":true,"n":null,"s":"str"}'`},
		{name: "undefined variable", tpl: `{"v.$": "$nope"}`, errName: asl.ErrRuntime,
			cause: `The JSONPath '$nope' specified for the field 'v.$' could not be found in the input '{"a":1,"b":{"c":[10,20,30]},"key with space":true,"n":null,"s":"str"}'`},
		{name: "failing call passes its error through", tpl: `{"v.$": "States.Array($.missing)"}`, errName: asl.ErrIntrinsicFailure,
			cause: `No results for path: $['missing']`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := Compile(node(t, tc.tpl))
			if err != nil {
				t.Fatal(err)
			}
			in := decode(t, input)
			env := &Env{Input: in, Context: decode(t, context), Call: fakeCall,
				Variables: func(name string) (any, bool) { v, ok := vars[name]; return v, ok }}
			got, err := tpl.Eval(env)
			if tc.errName != "" {
				wantErr(t, err, tc.errName, tc.cause)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, got, tc.want)
			if !reflect.DeepEqual(in, decode(t, input)) {
				t.Fatal("the input was modified")
			}
		})
	}
}

func TestTemplateWithoutEvaluator(t *testing.T) {
	tpl, err := Compile(node(t, `{"u.$": "States.UUID()"}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpl.Eval(&Env{})
	wantErr(t, err, asl.ErrRuntime, "the intrinsic function States.UUID in the field 'u.$' cannot be evaluated: no evaluator is configured")
	if _, err := tpl.Eval(nil); err == nil {
		t.Fatal("nil env: no error")
	}
}

// Evaluating twice yields independent values: a caller may modify one result without changing the template's
// literals or the input a path selected.
func TestTemplateResultsAreOwned(t *testing.T) {
	tpl, err := Compile(node(t, `{"lit": {"x": [1]}, "sel.$": "$.o", "dyn.$": "$.o.k"}`))
	if err != nil {
		t.Fatal(err)
	}
	in := decode(t, `{"o": {"k": [1, 2]}}`)
	first, _ := tpl.Eval(&Env{Input: in})
	m := first.(map[string]any)
	m["lit"].(map[string]any)["x"] = "changed"
	m["sel"].(map[string]any)["k"] = "changed"
	m["dyn"].([]any)[0] = "changed"
	second, _ := tpl.Eval(&Env{Input: in})
	sameJSON(t, second, `{"lit": {"x": [1]}, "sel": {"k": [1, 2]}, "dyn": [1, 2]}`)
	sameJSON(t, in, `{"o": {"k": [1, 2]}}`)
}

func TestTemplateIsDynamic(t *testing.T) {
	for tpl, want := range map[string]bool{
		`{"a": 1}`:              false,
		`{"a": [{"b": "$.x"}]}`: false,
		`{"a": [{"b.$": "$"}]}`: true,
		`{"a.$": "$$.Task"}`:    true,
		`[1, 2]`:                false,
	} {
		c, err := Compile(node(t, tpl))
		if err != nil {
			t.Fatal(err)
		}
		if c.IsDynamic() != want {
			t.Errorf("%s: IsDynamic = %v", tpl, !want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ tpl, pointer, msg string }{
		// SPEC "Payload Template": duplicate keys after removing ".$" are invalid.
		{`{"a": 1, "a.$": "$.x"}`, "/a.$", `the keys "a" and "a.$" both produce the field "a"; keys must be unique once ".$" is removed`},
		{`{"o": {"b.$": "$.x", "b": 2}}`, "/o/b", `the keys "b.$" and "b" both produce the field "b"; keys must be unique once ".$" is removed`},
		{`{"a.$": 1}`, "/a.$", `the value of "a.$" must be a string holding a path or an intrinsic function call, not number`},
		{`{"a.$": {"b": 1}}`, "/a.$", `the value of "a.$" must be a string holding a path or an intrinsic function call, not object`},
		{`{"a.$": "x.y"}`, "/a.$", `the value of "a.$" must be a path starting with "$" or an intrinsic function call such as States.Format(...), got "x.y"`},
		{`[{"a.$": ""}]`, "/0/a.$", `the value of "a.$" must be a path starting with "$" or an intrinsic function call such as States.Format(...), got ""`},
	}
	for _, tc := range tests {
		_, err := Compile(node(t, tc.tpl))
		var ce *CompileError
		if !errors.As(err, &ce) {
			t.Errorf("%s: error %v, want a *CompileError", tc.tpl, err)
			continue
		}
		if ce.Pointer != tc.pointer || ce.Msg != tc.msg {
			t.Errorf("%s:\n got %s %s\nwant %s %s", tc.tpl, ce.Pointer, ce.Msg, tc.pointer, tc.msg)
		}
	}
	// Syntax errors of paths and calls are reported with the parser's message.
	for _, tpl := range []string{`{"a.$": "$.a["}`, `{"a.$": "$$.["}`, `{"a.$": "States.Format('x'"}`, `{"a.$": "States.Format('x') extra"}`} {
		_, err := Compile(node(t, tpl))
		var ce *CompileError
		if !errors.As(err, &ce) || ce.Pointer != "/a.$" {
			t.Errorf("%s: error %v, want a *CompileError at /a.$", tpl, err)
		}
	}
}

func TestFieldOf(t *testing.T) {
	doc := node(t, `{"s": "$.a", "n": null, "x": 3}`)
	for key, want := range map[string]Field{"s": {Path: "$.a"}, "n": {Null: true}, "absent": {}, "x": {}} {
		if got := FieldOf(doc.Get(key)); got != want {
			t.Errorf("%s: got %+v, want %+v", key, got, want)
		}
	}
}

func TestApplyInputOutputPath(t *testing.T) {
	const input = `{"a": {"b": [1, 2, 3]}, "s": "x", "n": null}`
	tests := []struct {
		name  string
		field Field
		want  string
		cause string
	}{
		// asl-semantics §3: default "$"; null ⇒ {}.
		{name: "absent", field: Field{}, want: input},
		{name: "dollar", field: Field{Path: "$"}, want: input},
		{name: "null", field: Field{Null: true}, want: `{}`},
		{name: "member", field: Field{Path: "$.a"}, want: `{"b": [1, 2, 3]}`},
		{name: "element", field: Field{Path: "$.a.b[0]"}, want: `1`},
		{name: "null member", field: Field{Path: "$.n"}, want: `null`},
		{name: "indefinite", field: Field{Path: "$.a.b[*]"}, want: `[1, 2, 3]`},
		{name: "context", field: Field{Path: "$$.Execution.Input"}, want: `{"k": 1}`},
		{name: "variable", field: Field{Path: "$v"}, want: `[true]`},
		// conformance scenarios/test_invalid_jsonpath ST.INVALID_JSONPATH_IN_INPUTPATH / _OUTPUTPATH.
		{name: "no such member", field: Field{Path: "$.NoSuchInputPath"},
			cause: "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"},
		// conformance scenarios/test_catch_states_runtime (OutputPath on a deeper path).
		{name: "missing property on the way", field: Field{Path: "$.no.such.result.path"},
			cause: "Invalid path '$.no.such.result.path' : Missing property in path $['no']"},
		{name: "syntax error", field: Field{Path: "$.a["}, cause: "Invalid path '$.a[' : "},
	}
	for _, tc := range tests {
		for fn, apply := range map[string]func(any, Field, *Env) (any, error){"InputPath": ApplyInputPath, "OutputPath": ApplyOutputPath} {
			t.Run(fn+"/"+tc.name, func(t *testing.T) {
				in := decode(t, input)
				env := &Env{Context: decode(t, `{"Execution": {"Input": {"k": 1}}}`),
					Variables: func(n string) (any, bool) { return []any{true}, n == "v" }}
				got, err := apply(in, tc.field, env)
				if tc.cause != "" {
					var se *asl.StatesError
					if !errors.As(err, &se) || se.Name != asl.ErrRuntime || !strings.HasPrefix(se.Cause, tc.cause) {
						t.Fatalf("error %v, want States.Runtime: %s…", err, tc.cause)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				sameJSON(t, got, tc.want)
				sameJSON(t, in, input)
			})
		}
	}
	// Without an Env only "$" paths can match.
	if _, err := ApplyInputPath(decode(t, input), Field{Path: "$$.Execution"}, nil); err == nil {
		t.Error("context path without an Env: no error")
	}
}

func TestApplyResultPath(t *testing.T) {
	const raw = `{"a": {"b": 1}, "arr": [{"x": 1}, 2], "s": "str", "n": null}`
	const result = `{"r": true}`
	tests := []struct {
		name  string
		field Field
		raw   string // defaults to raw
		want  string
		cause string
	}{
		// asl-semantics §3 step 5: default "$" ⇒ the result; null ⇒ the raw input.
		{name: "absent", field: Field{}, want: result},
		{name: "dollar", field: Field{Path: "$"}, want: result},
		{name: "null", field: Field{Null: true}, want: raw},
		{name: "new member", field: Field{Path: "$.res"},
			want: `{"a": {"b": 1}, "arr": [{"x": 1}, 2], "s": "str", "n": null, "res": {"r": true}}`},
		{name: "replaces a member", field: Field{Path: "$.a"},
			want: `{"a": {"r": true}, "arr": [{"x": 1}, 2], "s": "str", "n": null}`},
		{name: "into a nested object", field: Field{Path: "$.a.c"},
			want: `{"a": {"b": 1, "c": {"r": true}}, "arr": [{"x": 1}, 2], "s": "str", "n": null}`},
		// Missing intermediate objects are created.
		{name: "creates intermediates", field: Field{Path: "$.x.y.z"},
			want: `{"a": {"b": 1}, "arr": [{"x": 1}, 2], "s": "str", "n": null, "x": {"y": {"z": {"r": true}}}}`},
		{name: "bracket notation", field: Field{Path: "$['a']['key with space']"},
			want: `{"a": {"b": 1, "key with space": {"r": true}}, "arr": [{"x": 1}, 2], "s": "str", "n": null}`},
		{name: "array element", field: Field{Path: "$.arr[1]"},
			want: `{"a": {"b": 1}, "arr": [{"x": 1}, {"r": true}], "s": "str", "n": null}`},
		{name: "inside an array element", field: Field{Path: "$.arr[0].y"},
			want: `{"a": {"b": 1}, "arr": [{"x": 1, "y": {"r": true}}, 2], "s": "str", "n": null}`},
		{name: "below null", field: Field{Path: "$.n.m"},
			want: `{"a": {"b": 1}, "arr": [{"x": 1}, 2], "s": "str", "n": {"m": {"r": true}}}`},
		{name: "raw input null", raw: `null`, field: Field{Path: "$.a"}, want: `{"a": {"r": true}}`},
		{name: "name on a string", field: Field{Path: "$.s.t"},
			cause: `Unable to apply ReferencePath $.s.t to input {"a":{"b":1},"arr":[{"x":1},2],"n":null,"s":"str"}`},
		{name: "name on an array", field: Field{Path: "$.arr.t"},
			cause: `Unable to apply ReferencePath $.arr.t to input {"a":{"b":1},"arr":[{"x":1},2],"n":null,"s":"str"}`},
		{name: "index on an object", field: Field{Path: "$.a[0]"},
			cause: `Unable to apply ReferencePath $.a[0] to input {"a":{"b":1},"arr":[{"x":1},2],"n":null,"s":"str"}`},
		{name: "index past the end", field: Field{Path: "$.arr[2]"},
			cause: `Unable to apply ReferencePath $.arr[2] to input {"a":{"b":1},"arr":[{"x":1},2],"n":null,"s":"str"}`},
		{name: "raw input a string", raw: `"text"`, field: Field{Path: "$.partitioned"},
			cause: `Unable to apply ReferencePath $.partitioned to input "text"`},
		// asl-semantics §3: a ResultPath must not start with "$$".
		{name: "context path", field: Field{Path: "$$.Execution"}, cause: `Invalid path '$$.Execution' : a ResultPath must not start with "$$"`},
		{name: "variable", field: Field{Path: "$v"}, cause: `Invalid path '$v' : a ResultPath must start with "$"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rawText := raw
			if tc.raw != "" {
				rawText = tc.raw
			}
			in := decode(t, rawText)
			got, err := ApplyResultPath(in, decode(t, result), tc.field)
			if tc.cause != "" {
				wantErr(t, err, asl.ErrRuntime, tc.cause)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, got, tc.want)
			sameJSON(t, in, rawText)
		})
	}
	// Paths a reference path may not hold are rejected.
	for _, p := range []string{"$.a[*]", "$..a", "$.a[0:1]", "$.a[?(@.x)]", "$.a.length()"} {
		_, err := ApplyResultPath(decode(t, raw), nil, Field{Path: p})
		var se *asl.StatesError
		if !errors.As(err, &se) || se.Name != asl.ErrRuntime || !strings.HasPrefix(se.Cause, "Invalid path '"+p+"' : ") {
			t.Errorf("%s: error %v, want States.Runtime Invalid path", p, err)
		}
	}
}

func TestCheckSize(t *testing.T) {
	// {"s":"…"} is 8 bytes around the string.
	fits := map[string]any{"s": strings.Repeat("a", MaxPayloadBytes-8)}
	if err := CheckSize(fits, "lambda"); err != nil {
		t.Fatalf("exactly 256 KiB: %v", err)
	}
	over := map[string]any{"s": strings.Repeat("a", MaxPayloadBytes-7)}
	// conformance error_handling test_task_lambda_data_limit_exceeded_on_large_utf8_response.
	wantErr(t, CheckSize(over, "lambda"), asl.ErrDataLimitExceeded,
		"The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.")
	// Bytes of UTF-8, not characters: "é" is two bytes.
	utf8Over := map[string]any{"s": strings.Repeat("é", (MaxPayloadBytes-8)/2+1)}
	if CheckSize(utf8Over, "S") == nil {
		t.Fatal("UTF-8 payload over the limit accepted")
	}
	// "<" counts one byte, as AWS serializes it (Go's encoding/json would write \u003c).
	lt := map[string]any{"s": strings.Repeat("<", MaxPayloadBytes-8)}
	if err := CheckSize(lt, "S"); err != nil {
		t.Fatalf("256 KiB of '<': %v", err)
	}
}

func TestMarshal(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, `null`},
		{true, `true`},
		{json.Number("1.50"), `1.50`},
		{"a\"b\\c\n\t\x01<>&é/\u2028", `"a\"b\\c\n\t\u0001<>&é/` + "\u2028" + `"`},
		{"\xff", `"` + "\uFFFD" + `"`},
		{[]any{}, `[]`},
		{map[string]any{}, `{}`},
		{map[string]any{"b": []any{json.Number("1"), nil}, "a": map[string]any{"x": false}}, `{"a":{"x":false},"b":[1,null]}`},
		{3.5, `3.5`},
		{map[string]any{"f": func() {}}, `{"f":null}`},
	}
	for _, tc := range tests {
		if got := Marshal(tc.v); got != tc.want {
			t.Errorf("Marshal(%#v) = %s, want %s", tc.v, got, tc.want)
		}
	}
}

// Size counts what Marshal writes, byte for byte, without writing it.
func TestSizeMatchesMarshal(t *testing.T) {
	values := []string{
		`null`, `true`, `false`, `0`, `-1.5e10`, `""`, `"plain"`, `"quote \" and \\ backslash"`,
		`"controls \n\r\t\b\f\u0001\u001f"`, `"é 世界 🙂"`, `[]`, `[1,[2,[3]],{}]`,
		`{"b":1,"a":[true,null],"c":{"d":"e"}}`, `{"ключ":"значение","\u2028":"\u2029"}`,
	}
	for _, text := range values {
		v := decode(t, text)
		if got, want := Size(v), len(Marshal(v)); got != want {
			t.Errorf("Size(%s) = %d, Marshal writes %d bytes", text, got, want)
		}
	}
	// Invalid UTF-8 is written as U+FFFD.
	if got, want := Size("a\xffb"), len(Marshal("a\xffb")); got != want {
		t.Errorf("Size of invalid UTF-8 = %d, want %d", got, want)
	}
	big := map[string]any{"k": string(make([]byte, MaxPayloadBytes))}
	if CheckSize(big, "S") == nil || CheckSize(map[string]any{"k": "v"}, "S") != nil {
		t.Error("CheckSize does not judge the limit")
	}
}
