package choice

import (
	"errors"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	// Rules AWS refuses at definition time (asl-semantics §8; lint rule ASL036 reports the same shapes).
	cases := []struct {
		rule string
		want string // the whole error text
	}{
		{`[]`, `a choice rule must be an object, not array`},
		{`{"Next": "N"}`, `a choice rule needs "Variable" with one comparison operator, or "And", "Or" or "Not"`},
		{`{"Variable": "$.a", "Next": "N"}`, `the choice rule tests "Variable" with no comparison operator`},
		{`{"Variable": "$.a", "NumericEquals": 1, "NumericGreaterThan": 5, "Next": "N"}`, `a data test takes exactly one comparison operator, not NumericEquals and NumericGreaterThan`},
		{`{"NumericEquals": 1, "Next": "N"}`, `a choice rule needs "Variable" with one comparison operator, or "And", "Or" or "Not"`},
		{`{"And": [], "Next": "N"}`, `/And: "And" needs at least one rule`},
		{`{"Or": {}, "Next": "N"}`, `/Or: "Or" must be an array of rules, not object`},
		{`{"Not": [], "Next": "N"}`, `/Not: a choice rule must be an object, not array`},
		{`{"And": [{"Variable": "$.a", "IsNull": true}], "Or": [{"Variable": "$.a", "IsNull": true}], "Next": "N"}`, `a choice rule takes one of "And", "Or" and "Not", not And and Or`},
		{`{"And": [{"Variable": "$.a", "IsNull": true}], "Variable": "$.a", "Next": "N"}`, `a choice rule is either a Boolean rule ("And") or a data test ("Variable" with an operator), not both`},
		{`{"Not": {"Variable": "$.a", "IsNull": true, "Next": "X"}, "Next": "N"}`, `/Not/Next: rules nested in "And", "Or" or "Not" have no "Next"`},
		{`{"And": [{"Variable": "$.a", "IsNull": true, "Assign": {}}], "Next": "N"}`, `/And/0/Assign: rules nested in "And", "Or" or "Not" have no "Assign"`},
		{`{"Variable": "$.a", "StringEqual": "x", "Next": "N"}`, `/StringEqual: "StringEqual" is not a field of a JSONPath choice rule`},
		{`{"Condition": "{% true %}", "Next": "N"}`, `/Condition: "Condition" is not a field of a JSONPath choice rule`},
		{`{"Variable": 1, "IsNull": true, "Next": "N"}`, `/Variable: "Variable" must be a path string, not number`},
		{`{"Variable": "a.b", "IsNull": true, "Next": "N"}`, `/Variable: "a.b" is not a valid JSONPath: `},
		{`{"Variable": "$.a", "StringEquals": 1, "Next": "N"}`, `/StringEquals: StringEquals compares with a string, not number`},
		{`{"Variable": "$.a", "StringMatches": null, "Next": "N"}`, `/StringMatches: StringMatches compares with a string, not null`},
		{`{"Variable": "$.a", "NumericEquals": "1", "Next": "N"}`, `/NumericEquals: NumericEquals compares with a number, not the string "1"`},
		{`{"Variable": "$.a", "BooleanEquals": "true", "Next": "N"}`, `/BooleanEquals: BooleanEquals takes true or false, not the string "true"`},
		{`{"Variable": "$.a", "IsPresent": 1, "Next": "N"}`, `/IsPresent: IsPresent takes true or false, not number`},
		{`{"Variable": "$.a", "TimestampEquals": "2016-03-14 01:59:00Z", "Next": "N"}`, `/TimestampEquals: TimestampEquals compares with an RFC 3339 timestamp such as "2016-03-14T01:59:00Z", not "2016-03-14 01:59:00Z"`},
		{`{"Variable": "$.a", "TimestampLessThan": 1, "Next": "N"}`, `/TimestampLessThan: TimestampLessThan compares with a string, not number`},
		{`{"Variable": "$.a", "NumericEqualsPath": 1, "Next": "N"}`, `/NumericEqualsPath: "NumericEqualsPath" must be a path string, not number`},
		{`{"Variable": "$.a", "StringEqualsPath": "b", "Next": "N"}`, `/StringEqualsPath: "b" is not a valid JSONPath: `},
		{`{"Variable": "$.a", "IsNull": true, "Next": 1}`, `/Next: "Next" must be a state name, not number`},
		{`{"Variable": "$.a", "IsNull": true, "Comment": 1, "Next": "N"}`, `/Comment: "Comment" must be a string, not number`},
	}
	for _, c := range cases {
		_, err := Compile(node(t, c.rule))
		var ce *CompileError
		if !errors.As(err, &ce) {
			t.Errorf("%s: error %v, want a *CompileError", c.rule, err)
			continue
		}
		if got := err.Error(); got != c.want && !(strings.HasSuffix(c.want, ": ") && strings.HasPrefix(got, c.want)) {
			t.Errorf("%s:\n got %s\nwant %s", c.rule, got, c.want)
		}
	}
}

func TestCompileAccepts(t *testing.T) {
	// Shapes taken from the conformance definitions: Comment in nested rules, Assign on a top-level rule,
	// variables, the context object, YAML-style numbers.
	for _, rule := range []string{
		`{"And": [{"Variable": "$.status", "StringEquals": "complete", "Comment": "c"}], "Comment": "c", "Next": "S"}`,
		`{"Variable": "$.input_value", "IsPresent": false, "Assign": {"status": "UNKNOWN"}, "Next": "F"}`,
		`{"Variable": "$guess", "StringEqualsPath": "$answer", "Next": "C"}`,
		`{"Variable": "$$.Execution.Input.x", "NumericEquals": 1e400, "Next": "C"}`,
		`{"Variable": "$", "NumericEquals": -0.0}`,
	} {
		if _, err := Compile(node(t, rule)); err != nil {
			t.Errorf("%s: %v", rule, err)
		}
	}
	if _, err := CompileChoices(node(t, `[]`)); err == nil || err.Error() != `"Choices" needs at least one rule` {
		t.Errorf("empty Choices: %v", err)
	}
	deep := strings.Repeat(`{"Not": `, maxDepth+2) + `{"Variable": "$", "IsNull": true}` + strings.Repeat(`}`, maxDepth+2)
	if _, err := Compile(node(t, deep)); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("deep nesting: %v", err)
	}
}

func TestCompareStrings(t *testing.T) {
	// Java String.compareTo (UTF-16 code units), asl-semantics §8.
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "a", -1}, {"abc", "abd", -1}, {"B", "a", -1},
		{"\U0001F600", "\uFF5E", -1}, // D83D < FF5E although U+1F600 > U+FF5E
		{"\uE000", "\U00010000", 1},  // E000 > D800
		{"\U0001F600", "\U0001F601", -1}, {"\U00010000", "\uD7FF", 1}, {"é", "e", 1},
	}
	for _, c := range cases {
		if got := compareStrings(c.a, c.b); got != c.want {
			t.Errorf("compareStrings(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"0", "-0", 0}, {"1", "1.0", 0}, {"100", "1e2", 0}, {"0.001", "1E-3", 0}, {"-1", "1", -1}, {"-2", "-1", -1},
		{"123.456", "123.4561", -1}, {"99", "100", -1}, {"0.5", "0.05", 1}, {"-0.5", "-0.05", -1}, {"007", "7", 0},
	} {
		a, ok1 := parseDecimal(c.a)
		b, ok2 := parseDecimal(c.b)
		if !ok1 || !ok2 {
			t.Fatalf("%s or %s does not parse", c.a, c.b)
		}
		if got := compareDecimal(a, b); got != c.want {
			t.Errorf("compare(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	for _, s := range []string{"", "-", "1.", ".5", "1e", "1e+", "0x10", "1_000", "NaN", "Infinity", "1 ", "+1"} {
		if _, ok := parseDecimal(s); ok {
			t.Errorf("parseDecimal(%q) accepted", s)
		}
	}
	if d, ok := numberOf(1.5); !ok || compareDecimal(d, decimal{digits: "15", exp: 1}) != 0 {
		t.Errorf("numberOf(1.5) = %+v, %v", d, ok)
	}
}
