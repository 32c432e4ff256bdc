package jsonata

import (
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

// decode parses a JSON text with UseNumber, as the rest of the simulator does.
func decode(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}

func testEnv(t testing.TB) *Env {
	input := decode(t, `{"a": 1, "b": {"c": "x", "d": [1, 2, 3]}, "name": "Ada", "items": [{"n": 2}, {"n": 5}], "f": 1.5, "z": null, "arr": [null, 1]}`)
	vars := map[string]any{"customerName": "María", "total": json.Number("3"), "count": "a variable", "obj": map[string]any{"k": true}, "nullVar": nil}
	return &Env{
		States: map[string]any{
			"input":   input,
			"context": map[string]any{"State": map[string]any{"Name": "S1"}},
		},
		Variables: func(name string) (any, bool) { v, ok := vars[name]; return v, ok },
		Random:    mrand.New(mrand.NewPCG(1, 2)),
		UUID:      func() string { return "11111111-2222-4333-8444-555555555555" },
	}
}

// TestEval covers the JSONata constructs Step Functions states use (asl-semantics §6); want is JSON text.
func TestEval(t *testing.T) {
	tests := []struct{ expr, want string }{
		// Literals.
		{`1`, `1`},
		{`1.5`, `1.5`},
		{`-2`, `-2`},
		{`"s"`, `"s"`},
		{`true`, `true`},
		{`null`, `null`},
		{`[1, "a", null]`, `[1, "a", null]`},
		{`{"k": [1, {"x": false}]}`, `{"k": [1, {"x": false}]}`},
		{`1e21`, `1e+21`},
		{`0.0000001`, `1e-7`},
		// Paths into $states.
		{`$states.input.a`, `1`},
		{`$states.input.b.c`, `"x"`},
		{`$states.input.b.d[1]`, `2`},
		{`$states.input.b.d[-1]`, `3`},
		{`$states.input.items.n`, `[2, 5]`},
		{`$states.input.items[n > 3].n`, `5`},
		{`$states.context.State.Name`, `"S1"`},
		// A null in the input is null, not undefined (conformance: scenarios/test_map_state_items_input_types[null]).
		{`$states.input.z`, `null`},
		{`$type($states.input.z)`, `"null"`},
		{`$states.input.arr`, `[null, 1]`},
		{`$states.input.arr[0] = null`, `true`},
		{`$parse("{\"n\": null}").n`, `null`},
		{`$nullVar`, `null`},
		{`$states.input.b.d[$ > 1]`, `[2, 3]`},
		{"$states.input.`name`", `"Ada"`},
		{`$states.input."name"`, `"Ada"`},
		{`$.a`, `1`},
		// Arithmetic and comparison.
		{`1 + 2 * 3`, `7`},
		{`7 / 2`, `3.5`},
		{`7 % 3`, `1`},
		{`$states.input.f * 2`, `3`},
		{`$sum($states.input.b.d)`, `6`},
		{`$count($states.input.b.d)`, `3`},
		{`$average([1, 2])`, `1.5`},
		{`$max([1, 5, 3])`, `5`},
		{`$round(2.5)`, `2`},
		{`$floor(-1.5)`, `-2`},
		{`$abs(-4)`, `4`},
		{`3 > 2 and 1 = 1`, `true`},
		{`"a" != "b"`, `true`},
		{`2 in [1, 2]`, `true`},
		{`$states.input.a = 1 ? "one" : "other"`, `"one"`},
		{`[1..4]`, `[1, 2, 3, 4]`},
		// Strings.
		{`"a" & "b" & 1`, `"ab1"`},
		{`$uppercase($states.input.name)`, `"ADA"`},
		{`$lowercase("ABC")`, `"abc"`},
		{`$substring("hello", 1, 3)`, `"ell"`},
		{`$substringBefore("a-b", "-")`, `"a"`},
		{`$substringAfter("a-b", "-")`, `"b"`},
		{`$length("héllo")`, `5`},
		{`$trim("  a  b ")`, `"a b"`},
		{`$split("a,b,c", ",")`, `["a", "b", "c"]`},
		{`$join(["a", "b"], "-")`, `"a-b"`},
		{`$pad("x", 3)`, `"x  "`},
		{`$pad("x", -3, "#")`, `"##x"`},
		{`"x" ~> $pad(2)`, `"x "`},
		{`$contains("abc", "bc")`, `true`},
		{`$contains("abc", /B/i)`, `true`},
		{`$replace("a1b22", /[0-9]+/, "#")`, `"a#b#"`},
		{`$string(1)`, `"1"`},
		{`$string({"a": 1})`, `"{\"a\":1}"`},
		{`$number("42")`, `42`},
		{`$type("x")`, `"string"`},
		{`$exists($states.input.zzz)`, `false`},
		{`$sort($keys({"a": 1, "b": 2}))`, `["a", "b"]`},
		{`$keys({"a": 1})`, `"a"`}, // a sequence of one item is that item
		{`$merge([{"a": 1}, {"b": 2}])`, `{"a": 1, "b": 2}`},
		{`$map([1, 2], function($v) { $v * 10 })`, `[10, 20]`},
		{`$filter([1, 2, 3], function($v) { $v > 1 })`, `[2, 3]`},
		{`$reduce([1, 2, 3], function($a, $b) { $a + $b })`, `6`},
		{`$sort([3, 1, 2])`, `[1, 2, 3]`},
		{`/* comment */ 1`, `1`},
		// The port's Compile rewrites quotes after "x." and removes "/* */" by regular expression; string
		// literals must come through unchanged.
		{`"Mr." & "Smith"`, `"Mr.Smith"`},
		{`'a.' & 'b'`, `"a.b"`},
		{`"/* not a comment */"`, `"/* not a comment */"`},
		{`"a\".b" & "c"`, `"a\".bc"`},
		{`$states.input.b."c"`, `"x"`},
		{`$split("a.b.c", ".")`, `["a", "b", "c"]`},
		// Bindings, blocks, functions.
		{`($x := 2; $x * $x)`, `4`},
		{`($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))`, `3628800`},
		{`($f := λ($n) { $n + 1 }; $f(1))`, `2`},
		{`($f := function($x)<n:n>{ $x * 2 }; $f(4))`, `8`},
		// The guard wrapped around function bodies keeps their values.
		{`($f := function($x){ [$x] }; $f(1))`, `[1]`},
		{`($f := function(){ $states.input.items[n > 3] }; $f())`, `{"n": 5}`},
		{`($f := function(){ $states.input.items.n }; $f())`, `[2, 5]`},
		{`($f := function(){ $nothing }; $exists($f()))`, `false`},
		{`$map($states.input.items, function($i, $k){ {"n": $i.n, "k": $k} })`, `[{"n": 2, "k": 0}, {"n": 5, "k": 1}]`},
		{`$states.input.b.d ~> $map(function($v){ $v + 1 })`, `[2, 3, 4]`},
		{`$match("a1b22", /[0-9]+/).match`, `["1", "22"]`},
		// Workflow variables.
		{`$customerName`, `"María"`},
		{`$total + 1`, `4`},
		{`$count([1, 2])`, `2`}, // a call: the function, although a variable "count" exists
		{`$obj.k`, `true`},
		{`($customerName := "x"; $customerName)`, `"x"`},
		// Step Functions functions (asl-semantics §6).
		{`$partition([1, 2, 3, 4, 5], 2)`, `[[1, 2], [3, 4], [5]]`},
		{`$partition([1, 2], 5)`, `[[1, 2]]`},
		{`$partition([], 2)`, `[]`},
		{`$range(0, 10, 2)`, `[0, 2, 4, 6, 8, 10]`},
		{`$range(5, 1, -2)`, `[5, 3, 1]`},
		{`$range(1, 1, 1)`, `[1]`},
		{`$range(1, 0, 1)`, `[]`},
		{`$hash("abc", "SHA-256")`, `"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"`},
		{`$hash("", "MD5")`, `"d41d8cd98f00b204e9800998ecf8427e"`},
		{`$hash("abc", "SHA-1")`, `"a9993e364706816aba3e25717850c26c9cd0d89d"`},
		{`$uuid()`, `"11111111-2222-4333-8444-555555555555"`},
		{`$parse("{\"a\": [1, 2.5, \"x\"]}")`, `{"a": [1, 2.5, "x"]}`},
		{`$parse("3")`, `3`},
		{`$random(42) = $random(42)`, `true`},
		{`$random() >= 0 and $random() < 1`, `true`},
	}
	for _, tt := range tests {
		got, err := Eval(tt.expr, testEnv(t))
		if err != nil {
			t.Errorf("Eval(%s): %v", tt.expr, err)
			continue
		}
		if want := decode(t, tt.want); !Equal(got, want) {
			t.Errorf("Eval(%s) = %#v, want %s", tt.expr, got, tt.want)
		}
	}
}

// TestEvalNumbers checks that numbers come back as json.Number, integers without a fraction.
func TestEvalNumbers(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`1`, `1`}, {`2.0`, `2`}, {`1/4`, `0.25`}, {`-0`, `0`}, {`100000000000000000000`, `100000000000000000000`},
		{`$states.input.a + 0.5`, `1.5`}, {`123456789 * 1000`, `123456789000`},
	}
	for _, tt := range tests {
		got, err := Eval(tt.expr, testEnv(t))
		if err != nil {
			t.Errorf("Eval(%s): %v", tt.expr, err)
			continue
		}
		if got != json.Number(tt.want) {
			t.Errorf("Eval(%s) = %#v, want json.Number(%q)", tt.expr, got, tt.want)
		}
	}
}

// TestEvalUndefined: a missing field or variable is undefined, which the caller turns into
// States.QueryEvaluationError "... returned nothing (undefined)." (conformance: assign/*, outputdecl/*
// "The JSONata expression '$doesNotExist' ... returned nothing (undefined).").
func TestEvalUndefined(t *testing.T) {
	for _, expr := range []string{`$doesNotExist`, `$states.input.zzz`, `$states.result`, `$states.input.b.d[10]`, `[1,2][$ > 5]`} {
		got, err := Eval(expr, testEnv(t))
		if !errors.Is(err, ErrUndefined) {
			t.Errorf("Eval(%s) = %#v, %v; want ErrUndefined", expr, got, err)
		}
	}
	// Inside a value, an undefined member is dropped, as in JSONata.
	got, err := Eval(`{"a": $nothing, "b": 1}`, testEnv(t))
	if err != nil || !Equal(got, decode(t, `{"b": 1}`)) {
		t.Errorf(`Eval({"a": $nothing, "b": 1}) = %#v, %v`, got, err)
	}
}

// TestEvalErrors: every failure is a States.QueryEvaluationError (asl-semantics §6).
func TestEvalErrors(t *testing.T) {
	tests := []struct{ expr, cause string }{
		{`1 +`, "the JSONata expression is invalid"},
		{`$eval("1")`, "$eval is not available in AWS Step Functions"},
		{`$nosuch(1)`, "unknown function $nosuch"},
		{`"a" + 1`, ""},
		{`$error("boom")`, "boom"},
		{`$partition("abc", 2)`, "the first argument of $partition must be an array"},
		{`$partition([1], 0)`, "the size of $partition must be positive, got 0"},
		{`$partition([1], 1.5)`, "the size of $partition must be an integer, got 1.5"},
		{`$range(1, 5, 0)`, "the step of $range must not be 0"},
		{`$range(1, 5000, 1)`, "$range would return more than 1000 items"},
		{`$range("a", 5, 1)`, "the start of $range must be a number"},
		{`$hash("x", "SHA-3")`, `unsupported hash algorithm "SHA-3"`},
		{`$hash(1, "MD5")`, "the value of $hash must be a string"},
		{`$parse("{")`, "$parse: invalid JSON"},
		{`$parse("1 2")`, "$parse: invalid JSON: text after the value"},
		{`$random(1.5)`, "the seed of $random must be an integer"},
		{`function($x) { $x }`, "returned a function"},
		{`1/0`, "out of range"},
		{`$pad("x", 1000000000)`, "the width of $pad must be between"},
		{`$states.input.b.d@$v`, "not supported"},
		{`$states.input.b.%`, "not supported"},
	}
	for _, tt := range tests {
		got, err := Eval(tt.expr, testEnv(t))
		var se *asl.StatesError
		if !errors.As(err, &se) || se.Name != asl.ErrQueryEvaluationError {
			t.Errorf("Eval(%s) = %#v, %v; want a States.QueryEvaluationError", tt.expr, got, err)
			continue
		}
		if !strings.Contains(se.Cause, tt.cause) {
			t.Errorf("Eval(%s) cause %q, want it to contain %q", tt.expr, se.Cause, tt.cause)
		}
	}
}

// TestEvalRecursionGuard: an unbounded recursion is an error, not a fatal stack overflow, and leaves no
// goroutine behind.
func TestEvalRecursionGuard(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, expr := range []string{
		`($f := function($x){$f($x)}; $f(1))`,
		`($f := function($x){ 1 + $f($x + 1) }; $f(1))`,
		`($g := function($x){$h($x)}; $h := function($x){$g($x)}; $g(1))`,
		`($f := function($x){ $map([1, 2], function($y) { $f($y) }) }; $f(1))`,
	} {
		start := time.Now()
		_, err := Eval(expr, testEnv(t))
		var se *asl.StatesError
		if !errors.As(err, &se) || se.Name != asl.ErrQueryEvaluationError || !strings.Contains(se.Cause, "deep") {
			t.Errorf("Eval(%s) error %v, want a depth error", expr, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Eval(%s) took %s", expr, d)
		}
	}
	// Deep but bounded recursion is fine.
	got, err := Eval(`($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(500))`, testEnv(t))
	if err != nil || got != json.Number("500") {
		t.Errorf("bounded recursion: %v, %v", got, err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left behind", n-before)
	}
}

// TestEvalLoopGuard: a call loop that does not nest runs out of calls or time and stops.
func TestEvalLoopGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("takes seconds")
	}
	before := runtime.NumGoroutine()
	start := time.Now()
	_, err := Eval(`$map([1..10000], function($a){ $map([1..10000], function($b){ $a * $b }) })`, testEnv(t))
	var se *asl.StatesError
	if !errors.As(err, &se) || se.Name != asl.ErrQueryEvaluationError {
		t.Fatalf("error %v, want a States.QueryEvaluationError", err)
	}
	if d := time.Since(start); d > EvalTimeout+time.Second {
		t.Errorf("took %s", d)
	}
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left behind", n-before)
	}
}

func TestEvalInputSize(t *testing.T) {
	env := &Env{States: map[string]any{"input": strings.Repeat("x", MaxInputSize)}}
	_, err := Eval(`$states.input`, env)
	var se *asl.StatesError
	if !errors.As(err, &se) || !strings.Contains(se.Cause, "larger than") {
		t.Errorf("error %v, want an input size error", err)
	}
}

func TestEvalNilEnv(t *testing.T) {
	got, err := Eval(`1 + 1`, nil)
	if err != nil || got != json.Number("2") {
		t.Errorf("Eval(1 + 1, nil) = %v, %v", got, err)
	}
	u, err := Eval(`$uuid()`, nil)
	if s, ok := u.(string); err != nil || !ok || len(s) != 36 || s[14] != '4' {
		t.Errorf("$uuid() = %v, %v", u, err)
	}
}

// Equal compares JSON values, numbers by value (json.Number "1" equals "1.0").
func Equal(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, e1 := x.Float64()
		fy, e2 := y.Float64()
		return e1 == nil && e2 == nil && fx == fy
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

func FuzzEval(f *testing.F) {
	for _, s := range []string{
		`1 + 2`, `$states.input.a.b[0]`, `$partition([1,2,3], 2)`, `$range(1, 10, 3)`, `$hash("a", "SHA-512")`,
		`$parse("[1]")`, `$random(7)`, `($f := function($x){$f($x)}; $f(1))`, `$map([1,2], function($v){$v*2})`,
		`{"a": $states.input}`, `$string($states.input)`, `$sum([1..100])`, `"a" & $customerName`,
		`$replace("abc", /b/, "x")`, `$states.input.items[n > 1]`, `$sort($states.input.items, function($a, $b){$a.n < $b.n})`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2000 {
			return
		}
		watchdog := time.AfterFunc(EvalTimeout+5*time.Second, func() { panic(fmt.Sprintf("Eval(%q) did not return", s)) })
		v, err := Eval(s, testEnv(t))
		watchdog.Stop()
		if err != nil {
			var se *asl.StatesError
			if !errors.Is(err, ErrUndefined) && (!errors.As(err, &se) || se.Name != asl.ErrQueryEvaluationError || se.Cause == "") {
				t.Fatalf("Eval(%q): error %T %v", s, err, err)
			}
			return
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("Eval(%q) = %#v, not JSON: %v", s, v, err)
		}
	})
}
