package choice

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
)

// row is one line of a truth table: the value of $.v, and whether the rule matches.
type row struct {
	v    string // JSON
	want bool
}

// truthTable evaluates `{"Variable": "$.v", op: operand}` against {"v": row.v} for each row.
func truthTable(t *testing.T, op, operand string, rows []row) {
	t.Helper()
	rule := mustCompile(t, fmt.Sprintf(`{"Variable": "$.v", %q: %s, "Next": "N"}`, op, operand))
	for _, r := range rows {
		got, err := rule.Eval(value(t, `{"v": `+r.v+`}`), nil, nil)
		if err != nil {
			t.Errorf("%s %s on %s: unexpected error %v", op, operand, r.v, err)
			continue
		}
		if got != r.want {
			t.Errorf("%s %s on %s = %v, want %v", op, operand, r.v, got, r.want)
		}
	}
}

// mismatches are values of every JSON type but the one named; a comparison of any of them is false, not an error
// (asl-semantics §8).
func mismatches(except string) []row {
	all := map[string][]string{
		"string":  {`""`, `"1"`, `"true"`, `"2016-03-14T01:59:00Z"`},
		"number":  {`0`, `1`, `1.5`},
		"boolean": {`true`, `false`},
		"null":    {`null`},
		"array":   {`[]`, `[1]`},
		"object":  {`{}`, `{"a":1}`},
	}
	var rows []row
	for _, k := range []string{"string", "number", "boolean", "null", "array", "object"} {
		if k == except {
			continue
		}
		for _, v := range all[k] {
			rows = append(rows, row{v, false})
		}
	}
	return rows
}

func TestNumericTruthTables(t *testing.T) {
	// OBS (asl-semantics §8): NumericEquals of "", [], {} and null is false; 0 = 0.0, 1 = 1.0.
	for _, op := range []string{"NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals"} {
		truthTable(t, op, "0", mismatches("number"))
	}
	truthTable(t, "NumericEquals", "0", []row{
		{`0`, true}, {`0.0`, true}, {`-0`, true}, {`0e5`, true}, {`-0.0e-3`, true}, {`1`, false}, {`-1`, false}, {`1e-400`, false},
		{`""`, false}, {`[]`, false}, {`{}`, false}, {`null`, false}, {`"0"`, false},
	})
	truthTable(t, "NumericEquals", "1", []row{{`1`, true}, {`1.0`, true}, {`1.00000`, true}, {`10e-1`, true}, {`0.1e1`, true}, {`1.0000000000000001`, false}})
	// Integers above 2^53 compare exactly, which float64 cannot.
	truthTable(t, "NumericEquals", "9007199254740993", []row{{`9007199254740993`, true}, {`9007199254740992`, false}, {`9007199254740993.0`, true}})
	truthTable(t, "NumericLessThan", "10", []row{{`9`, true}, {`9.999`, true}, {`10`, false}, {`10.0`, false}, {`11`, false}, {`-100`, true}, {`1e1`, false}, {`1e0`, true}})
	truthTable(t, "NumericGreaterThan", "-2.5", []row{{`-2.5`, false}, {`-2.4`, true}, {`-2.6`, false}, {`0`, true}, {`-25e-1`, false}})
	truthTable(t, "NumericLessThanEquals", "0.1", []row{{`0.1`, true}, {`0.10`, true}, {`0.09`, true}, {`0.11`, false}, {`1e-1`, true}})
	truthTable(t, "NumericGreaterThanEquals", "20", []row{{`20`, true}, {`22`, true}, {`19.99`, false}, {`2e1`, true}, {`1e100`, true}, {`-1e100`, false}})
	// Huge exponents saturate instead of allocating.
	truthTable(t, "NumericLessThan", "1e999999999999999999999", []row{{`1e999999999`, true}, {`-1e999999999999999999999`, true}})
}

func TestStringTruthTables(t *testing.T) {
	for _, op := range []string{"StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches"} {
		truthTable(t, op, `"1"`, mismatches("string"))
	}
	// Exact comparison, no trimming or case folding (asl-semantics §8).
	truthTable(t, "StringEquals", `" "`, []row{{`" "`, true}, {`"     "`, false}, {`""`, false}})
	truthTable(t, "StringEquals", `"\t\n"`, []row{{`"\t\n"`, true}, {`"\t\r\n"`, false}})
	truthTable(t, "StringEquals", `"Private"`, []row{{`"Private"`, true}, {`"private"`, false}, {`"Private "`, false}})
	truthTable(t, "StringLessThan", `"b"`, []row{{`"a"`, true}, {`"aaaa"`, true}, {`"b"`, false}, {`"ba"`, false}, {`"B"`, true}, {`""`, true}})
	truthTable(t, "StringGreaterThan", `"b"`, []row{{`"a"`, false}, {`"b"`, false}, {`"ba"`, true}, {`"c"`, true}})
	truthTable(t, "StringLessThanEquals", `"b"`, []row{{`"b"`, true}, {`"a"`, true}, {`"ba"`, false}})
	truthTable(t, "StringGreaterThanEquals", `"b"`, []row{{`"b"`, true}, {`"a"`, false}, {`"ba"`, true}})
	// Java orders by UTF-16 code units: U+1F600 (surrogates D83D DE00) sorts before U+FF5E, the reverse of Go's
	// byte and code point order.
	truthTable(t, "StringLessThan", `"～"`, []row{{`"😀"`, true}, {`"a"`, true}, {`"～"`, false}})
	truthTable(t, "StringGreaterThan", `"😀"`, []row{{`"～"`, true}, {`"😁"`, true}, {`"😀"`, false}, {`"a"`, false}})
}

func TestBooleanTruthTables(t *testing.T) {
	// OBS (asl-semantics §8): BooleanEquals of 0, 1 and "" is false.
	truthTable(t, "BooleanEquals", "true", append(mismatches("boolean"), row{`true`, true}, row{`false`, false}, row{`"true"`, false}, row{`1`, false}))
	truthTable(t, "BooleanEquals", "false", []row{{`false`, true}, {`true`, false}, {`0`, false}, {`""`, false}, {`null`, false}})
}

func TestTimestampTruthTables(t *testing.T) {
	for _, op := range []string{"TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals"} {
		rows := mismatches("string")
		// Strings that are not RFC 3339 timestamps with an uppercase T and a zone (OBS: the space form).
		for _, s := range []string{`"2023-02-24 12:15:56.832957"`, `""`, `"2016-03-14"`, `"2016-03-14T01:59:00"`, `"2016-03-14t01:59:00Z"`,
			`"2016-03-14T01:59:00z"`, `"2016-02-30T01:59:00Z"`, `"2016-03-14T24:00:00Z"`, `"2016-03-14T01:59:60Z"`, `"2016-03-14T01:59:00.Z"`,
			`"2016-03-14T01:59:00+0100"`, `"2016-03-14T01:59:00+24:00"`, `"16-03-14T01:59:00Z"`, `"2016-03-14T01:59:00Z "`} {
			rows = append(rows, row{s, false})
		}
		truthTable(t, op, `"2016-03-14T01:59:00Z"`, rows)
	}
	truthTable(t, "TimestampEquals", `"2016-03-14T01:59:00Z"`, []row{
		{`"2016-03-14T01:59:00Z"`, true},
		{`"2016-03-14T01:59:00.000Z"`, true},
		{`"2016-03-14T02:59:00+01:00"`, true},        // the same instant
		{`"2016-03-13T20:29:00-05:30"`, true},        // across midnight
		{`"2016-03-14T01:59:00+00:00"`, true},        // +00:00 is Z
		{`"2016-03-14T01:59:00.001Z"`, false},        // a millisecond later
		{`"2016-03-14T01:59:00.0000000001Z"`, false}, // below a nanosecond still counts
		{`"2016-03-14T01:59:00-01:00"`, false},
	})
	truthTable(t, "TimestampLessThan", `"2016-03-14T01:59:00.5Z"`, []row{
		{`"2016-03-14T01:59:00.499999999999Z"`, true},
		{`"2016-03-14T01:59:00.5Z"`, false},
		{`"2016-03-14T01:59:00.50Z"`, false},
		{`"2016-03-14T01:59:00.500000001Z"`, false},
		{`"2016-03-14T02:59:00.4+01:00"`, true},
		{`"2016-03-14T01:59:00.4-00:01"`, false},
		{`"2016-02-29T23:59:59Z"`, true},
	})
	truthTable(t, "TimestampGreaterThan", `"2016-03-14T01:59:00Z"`, []row{{`"2016-03-14T01:59:00.000000001Z"`, true}, {`"2016-03-14T01:59:00Z"`, false}, {`"1970-01-01T00:00:00Z"`, false}})
	truthTable(t, "TimestampLessThanEquals", `"2016-03-14T01:59:00Z"`, []row{{`"2016-03-14T01:59:00Z"`, true}, {`"2016-03-14T01:58:59.999Z"`, true}, {`"2016-03-14T01:59:01Z"`, false}})
	truthTable(t, "TimestampGreaterThanEquals", `"2016-03-14T01:59:00Z"`, []row{{`"2016-03-14T01:59:00Z"`, true}, {`"2016-03-14T01:58:59.999Z"`, false}, {`"9999-12-31T23:59:59Z"`, true}})
}

func TestTypeTests(t *testing.T) {
	// value true tests the type; false negates (asl-semantics §8). IsPresent is true for null (OBS).
	cases := []struct {
		op   string
		yes  []string
		none []string
	}{
		{"IsNull", []string{`null`}, []string{`0`, `""`, `false`, `[]`, `{}`, `"null"`}},
		{"IsPresent", []string{`null`, `0`, `""`, `false`, `[]`, `{}`}, nil},
		{"IsNumeric", []string{`0`, `-1.5e3`, `1.0`}, []string{`"1"`, `null`, `true`, `[]`, `{}`}},
		{"IsString", []string{`""`, `"x"`, `"2016-03-14T01:59:00Z"`}, []string{`1`, `null`, `false`, `[]`, `{}`}},
		{"IsBoolean", []string{`true`, `false`}, []string{`0`, `1`, `"true"`, `null`, `[]`}},
		{"IsTimestamp", []string{`"2016-03-14T01:59:00Z"`, `"2016-03-14T01:59:00.123456789123+05:45"`}, []string{`"2023-02-24 12:15:56.832957"`, `"2016-03-14"`, `1457920740`, `null`, `""`}},
	}
	for _, c := range cases {
		var pos, neg []row
		for _, v := range c.yes {
			pos, neg = append(pos, row{v, true}), append(neg, row{v, false})
		}
		for _, v := range c.none {
			pos, neg = append(pos, row{v, false}), append(neg, row{v, true})
		}
		truthTable(t, c.op, "true", pos)
		truthTable(t, c.op, "false", neg)
	}
}

func TestStringMatches(t *testing.T) {
	// Only * is special; \* is a literal star, \\ a literal backslash (doubled again in JSON) (asl-semantics §8).
	cases := []struct {
		pattern string // as JSON text
		rows    []row
	}{
		{`"log-*.txt"`, []row{{`"log-.txt"`, true}, {`"log-1.txt"`, true}, {`"log-a.b.txt"`, true}, {`"log-1.txt.gz"`, false}, {`"xlog-1.txt"`, false}}},
		{`"*"`, []row{{`""`, true}, {`"anything"`, true}}},
		{`""`, []row{{`""`, true}, {`"a"`, false}}},
		{`"**"`, []row{{`""`, true}, {`"ab"`, true}}},
		{`"a*b*c"`, []row{{`"abc"`, true}, {`"aXbYc"`, true}, {`"abcbc"`, true}, {`"acb"`, false}, {`"ab"`, false}, {`"abcb"`, false}}},
		{`"*ab*ab"`, []row{{`"abab"`, true}, {`"xabyab"`, true}, {`"ab"`, false}, {`"aab"`, false}}},
		{`"a*a"`, []row{{`"a"`, false}, {`"aa"`, true}, {`"aba"`, true}}},
		{`"foo\\*"`, []row{{`"foo*"`, true}, {`"foobar"`, false}, {`"foo"`, false}}},
		{`"\\**"`, []row{{`"*"`, true}, {`"*abc"`, true}, {`"abc"`, false}}},
		{`"a\\\\b"`, []row{{`"a\\b"`, true}, {`"ab"`, false}, {`"a\\\\b"`, false}}},
		{`"a\\\\*"`, []row{{`"a\\"`, true}, {`"a\\xyz"`, true}, {`"a*"`, false}}},
		{`"a\\b"`, []row{{`"ab"`, true}, {`"a\\b"`, false}}}, // a backslash before another character stands for it (unverified)
		{`"*.é*"`, []row{{`"x.éy"`, true}, {`"x.ey"`, false}}},
		{`"*😀"`, []row{{`"a😀"`, true}, {`"😀"`, true}, {`"😁"`, false}}},
		{`"Private"`, []row{{`"Private"`, true}, {`"private"`, false}}},
	}
	for _, c := range cases {
		truthTable(t, "StringMatches", c.pattern, c.rows)
	}
}

func TestUnpairedBackslash(t *testing.T) {
	// A pattern ending in a lone backslash is a runtime error when the rule is evaluated (asl-semantics §8), even
	// for a non-string value; the Variable is resolved first.
	r := mustCompile(t, `{"Variable": "$.v", "StringMatches": "abc\\", "Next": "N"}`)
	for _, in := range []string{`{"v": "abc"}`, `{"v": 1}`} {
		_, err := r.Eval(value(t, in), nil, nil)
		wantRuntime(t, err, `The StringMatches pattern 'abc\' of the choice rule on '$.v' ends in an unpaired backslash; escape a literal backslash as \\.`)
	}
	_, err := r.Eval(value(t, `{}`), nil, nil)
	wantRuntime(t, err, "Invalid path '$.v': The choice state's condition path references an invalid value.")
	// Not evaluated, no error: Or stops at its first true rule.
	or := mustCompile(t, `{"Or": [{"Variable": "$.v", "IsPresent": true}, {"Variable": "$.v", "StringMatches": "\\"}], "Next": "N"}`)
	if ok, err := or.Eval(value(t, `{"v": 1}`), nil, nil); !ok || err != nil {
		t.Errorf("Or short-circuit: %v, %v", ok, err)
	}
}

func wantRuntime(t *testing.T, err error, cause string) {
	t.Helper()
	var se *asl.StatesError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a States.Runtime *asl.StatesError", err, err)
	}
	if se.Name != asl.ErrRuntime || se.Cause != cause {
		t.Errorf("error %s / %q, want %s / %q", se.Name, se.Cause, asl.ErrRuntime, cause)
	}
}

func TestMissingVariable(t *testing.T) {
	// IsPresent on a missing path is false without error; every other operator fails the execution with
	// States.Runtime (AWS-CH: "the execution fails"; asl-semantics §8).
	cases := []struct {
		rule  string
		input string
		want  bool
		cause string // "" for no error
	}{
		{`{"Variable": "$.x", "IsPresent": true}`, `{}`, false, ""},
		{`{"Variable": "$.x", "IsPresent": false}`, `{}`, true, ""},
		{`{"Variable": "$.a.b.c", "IsPresent": true}`, `{"a": 1}`, false, ""},
		{`{"Variable": "$.a[3]", "IsPresent": true}`, `{"a": [1]}`, false, ""},
		{`{"Variable": "$.x", "IsPresent": true}`, `{"x": null}`, true, ""},
		{`{"Variable": "$x", "IsPresent": true}`, `{}`, false, ""}, // unset variable
		{`{"Variable": "$.x", "IsNull": true}`, `{}`, false, "Invalid path '$.x': The choice state's condition path references an invalid value."},
		{`{"Variable": "$.x", "IsString": false}`, `{}`, false, "Invalid path '$.x': The choice state's condition path references an invalid value."},
		{`{"Variable": "$.type", "StringEquals": "Private"}`, `{"value": 1}`, false, "Invalid path '$.type': The choice state's condition path references an invalid value."},
		{`{"Variable": "$.a.b", "NumericEquals": 1}`, `{"a": {}}`, false, "Invalid path '$.a.b': The choice state's condition path references an invalid value."},
		{`{"Variable": "$.v", "NumericEqualsPath": "$.w"}`, `{"v": 1}`, false, "Invalid path '$.w': The choice state's condition path references an invalid value."},
		{`{"Variable": "$nope", "BooleanEquals": true}`, `{}`, false, "Invalid path '$nope': The choice state's condition path references an invalid value."},
		// A Not over a failing rule fails too: the error is not negated.
		{`{"Not": {"Variable": "$.x", "StringEquals": "a"}}`, `{}`, false, "Invalid path '$.x': The choice state's condition path references an invalid value."},
		// And stops at its first false rule, so the missing path after it is never read.
		{`{"And": [{"Variable": "$.x", "IsPresent": true}, {"Variable": "$.x", "NumericEquals": 1}]}`, `{}`, false, ""},
	}
	for _, c := range cases {
		r := mustCompile(t, c.rule)
		got, err := r.Eval(value(t, c.input), nil, nil)
		if c.cause != "" {
			wantRuntime(t, err, c.cause)
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s on %s = %v, %v; want %v", c.rule, c.input, got, err, c.want)
		}
	}
}

func TestPathOperands(t *testing.T) {
	// …Path forms read the operand from the input, the context object or a variable (asl-semantics §8, §4).
	input := value(t, `{"n": 5, "m": 5.0, "k": 7, "s": "abc", "t": "abd", "b": true, "f": false,
		"ts": "2016-03-14T01:59:00Z", "ts2": "2016-03-14T02:59:00+01:00", "bad": "2016-03-14 01:59:00", "nul": null, "arr": [1, 2]}`)
	ctx := value(t, `{"State": {"Name": "C", "RetryCount": 0}, "Execution": {"Input": {"n": 5}}}`)
	vars := varsOf(map[string]any{"guess": "abc", "answer": "abc", "limit": value(t, `{"max": 6}`)})
	cases := []struct {
		rule string
		want bool
	}{
		{`{"Variable": "$.n", "NumericEqualsPath": "$.m"}`, true},
		{`{"Variable": "$.n", "NumericLessThanPath": "$.k"}`, true},
		{`{"Variable": "$.k", "NumericLessThanPath": "$.n"}`, false},
		{`{"Variable": "$.n", "NumericGreaterThanPath": "$.k"}`, false},
		{`{"Variable": "$.n", "NumericLessThanEqualsPath": "$.m"}`, true},
		{`{"Variable": "$.n", "NumericGreaterThanEqualsPath": "$.m"}`, true},
		{`{"Variable": "$.n", "NumericEqualsPath": "$.s"}`, false}, // operand of the wrong type: false
		{`{"Variable": "$.n", "NumericEqualsPath": "$.nul"}`, false},
		{`{"Variable": "$.n", "NumericLessThanPath": "$limit.max"}`, true},
		{`{"Variable": "$.n", "NumericEqualsPath": "$$.Execution.Input.n"}`, true},
		{`{"Variable": "$$.State.RetryCount", "NumericEquals": 0}`, true},
		{`{"Variable": "$$.State.Name", "StringEquals": "C"}`, true},
		{`{"Variable": "$.s", "StringEqualsPath": "$.s"}`, true},
		{`{"Variable": "$.s", "StringLessThanPath": "$.t"}`, true},
		{`{"Variable": "$.s", "StringGreaterThanPath": "$.t"}`, false},
		{`{"Variable": "$.s", "StringLessThanEqualsPath": "$.t"}`, true},
		{`{"Variable": "$.t", "StringGreaterThanEqualsPath": "$.s"}`, true},
		{`{"Variable": "$.s", "StringEqualsPath": "$.n"}`, false},
		{`{"Variable": "$guess", "StringEqualsPath": "$answer"}`, true}, // conformance assign/BASE_REFERENCE_IN_CHOICE
		{`{"Variable": "$.b", "BooleanEqualsPath": "$.b"}`, true},
		{`{"Variable": "$.b", "BooleanEqualsPath": "$.f"}`, false},
		{`{"Variable": "$.b", "BooleanEqualsPath": "$.s"}`, false},
		{`{"Variable": "$.ts", "TimestampEqualsPath": "$.ts2"}`, true},
		{`{"Variable": "$.ts", "TimestampLessThanPath": "$.ts2"}`, false},
		{`{"Variable": "$.ts", "TimestampLessThanEqualsPath": "$.ts2"}`, true},
		{`{"Variable": "$.ts", "TimestampGreaterThanPath": "$.ts2"}`, false},
		{`{"Variable": "$.ts", "TimestampGreaterThanEqualsPath": "$.ts2"}`, true},
		{`{"Variable": "$.ts", "TimestampEqualsPath": "$.bad"}`, false}, // operand not a timestamp: false
		{`{"Variable": "$.bad", "TimestampEqualsPath": "$.bad"}`, false},
		{`{"Variable": "$.arr[1]", "NumericEquals": 2}`, true},
		{`{"Variable": "$.arr.length()", "NumericEquals": 2}`, true},
		{`{"Variable": "$.arr[*]", "IsPresent": true}`, true}, // an indefinite path selects an array
		{`{"Variable": "$.arr[*]", "NumericEquals": 1}`, false},
	}
	for _, c := range cases {
		r := mustCompile(t, c.rule)
		got, err := r.Eval(input, ctx, vars)
		if err != nil || got != c.want {
			t.Errorf("%s = %v, %v; want %v", c.rule, got, err, c.want)
		}
	}
}

func TestBooleanRules(t *testing.T) {
	input := value(t, `{"type": "Private", "value": 22, "flag": true}`)
	cases := []struct {
		rule string
		want bool
	}{
		{`{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}]}`, true},
		{`{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 21}]}`, false},
		{`{"And": [{"Variable": "$.type", "StringEquals": "Private"}]}`, true}, // singleton composite (conformance)
		{`{"Or": [{"Variable": "$.type", "StringEquals": "Public"}, {"Variable": "$.flag", "BooleanEquals": true}]}`, true},
		{`{"Or": [{"Variable": "$.type", "StringEquals": "Public"}, {"Variable": "$.flag", "BooleanEquals": false}]}`, false},
		{`{"Not": {"Variable": "$.type", "StringEquals": "Private"}}`, false},
		{`{"Not": {"Not": {"Variable": "$.type", "StringEquals": "Private"}}}`, true},
		{`{"Not": {"And": [{"Variable": "$.flag", "IsBoolean": true}, {"Or": [{"Variable": "$.value", "NumericEquals": 1}, {"Variable": "$.type", "StringMatches": "Pri*"}]}]}}`, false},
		{`{"Or": [{"Not": {"Variable": "$.value", "IsNumeric": true}}, {"And": [{"Variable": "$.value", "IsPresent": true}, {"Not": {"Variable": "$.value", "IsNull": true}}]}]}`, true},
	}
	for _, c := range cases {
		got, err := mustCompile(t, c.rule).Eval(input, nil, nil)
		if err != nil || got != c.want {
			t.Errorf("%s = %v, %v; want %v", c.rule, got, err, c.want)
		}
	}
}

func TestSelect(t *testing.T) {
	// The AWS "Choice" page example (conformance scenarios/test_choice_aws_docs_scenario): first match wins.
	rules, err := CompileChoices(node(t, `[
		{"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
		{"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
		{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"},
		{"Variable": "$.value", "NumericGreaterThanEquals": 0, "Next": "NonNegative"}]`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		input string
		want  int
		next  string
	}{
		{`{"type": "Public", "value": 22}`, 0, "Public"},
		{`{"type": "Private", "value": 0}`, 1, "ValueIsZero"},
		{`{"type": "Private", "value": 22}`, 2, "ValueInTwenties"},
		{`{"type": "Private", "value": 5}`, 3, "NonNegative"},
		{`{"type": "Private", "value": -5}`, -1, ""},
	}
	for _, c := range cases {
		got, err := Select(rules, value(t, c.input), nil, nil)
		if err != nil || got != c.want {
			t.Errorf("Select on %s = %d, %v; want %d", c.input, got, err, c.want)
			continue
		}
		if got >= 0 && rules[got].Next != c.next {
			t.Errorf("Select on %s: Next %q, want %q", c.input, rules[got].Next, c.next)
		}
	}
	// An error in a rule stops the selection; a match before it hides it.
	_, err = Select(rules, value(t, `{"type": "Private"}`), nil, nil)
	wantRuntime(t, err, "Invalid path '$.value': The choice state's condition path references an invalid value.")
	if i, err := Select(rules, value(t, `{"type": "Public"}`), nil, nil); i != 0 || err != nil {
		t.Errorf("Select before the failing rule = %d, %v", i, err)
	}
}

func TestWalkDefiniteAgreesWithPathEval(t *testing.T) {
	// The fast walk of simple paths must select what path.Eval selects, or step aside.
	doc := value(t, `{"a": {"b": [10, {"c": null}]}, "x y": 1, "n": null}`)
	cases := []struct {
		path  string
		fast  bool // answered by the walk
		found bool
	}{
		{"$", true, true}, {"$.a.b[0]", true, true}, {"$.a.b[1].c", true, true}, {"$['x y']", true, true},
		{"$.n", true, true}, {"$.a.b[2]", false, false}, {"$.a.b[-1]", false, true}, {"$.a.x", false, false},
		{"$.n.x", false, false}, {"$.a.b.c", false, false}, {"$..c", false, true}, {"$.a.b[*]", false, true},
	}
	for _, c := range cases {
		p := mustCompile(t, `{"Variable": "`+c.path+`", "IsPresent": true}`).variable
		fast, ok := walkDefinite(p, doc)
		if ok != c.fast {
			t.Errorf("%s: walk answered %v, want %v", c.path, ok, c.fast)
		}
		e := &env{input: doc}
		slow, err := e.resolve(p)
		if (err == nil) != c.found {
			t.Errorf("%s: resolve found %v (%v), want %v", c.path, err == nil, err, c.found)
		}
		if ok && fmt.Sprint(fast) != fmt.Sprint(slow) {
			t.Errorf("%s: walk %v, resolve %v", c.path, fast, slow)
		}
	}
}
