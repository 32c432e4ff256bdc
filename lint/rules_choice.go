package lint

import (
	"sort"

	"github.com/sfnsim/sfnsim/asl"
)

// Choice rules. Source: asl-semantics §2 and §8 (ASL specification "Choice
// Rules"; AWS "Choice workflow state").

var ruleChoiceRule = register(&Rule{
	ID: "ASL036", Name: "choice-rule", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Choice rule is malformed: operator count, And/Or/Not, Next, literal values",
	Doc: "A JSONPath Choice rule is either a data test — \"Variable\" plus exactly one comparison operator " +
		"(StringEquals, NumericLessThanPath, IsPresent …) — or a Boolean rule: \"And\"/\"Or\" with a non-empty " +
		"array of rules, or \"Not\" with one rule. Top-level rules need \"Next\"; rules nested in And, Or and " +
		"Not have none. Timestamp operators compare with an RFC 3339 timestamp (uppercase T and a zone); in " +
		"StringMatches a backslash escapes \"*\" or \"\\\" and must not end the pattern. A JSONata Choice rule " +
		"is \"Condition\" plus \"Next\".",
	Bad: `{"StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "D",
  "Choices": [{"Variable": "$.n", "NumericEquals": 1, "NumericGreaterThan": 5, "Next": "D"}]}, "D": {"Type": "Succeed"}}}`,
	Good: `{"StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "D",
  "Choices": [{"Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.n", "NumericGreaterThan": 5}], "Next": "D"}]}, "D": {"Type": "Succeed"}}}`,
	Tags:   []string{"correctness", "choice"},
	Source: "ASL specification: Choice Rules; AWS Choice workflow state",
})

// choiceOperators maps each data-test operator to the kind of value it takes:
// "string", "number", "boolean", "timestamp" or "path".
var choiceOperators = map[string]string{
	"StringMatches": "string", "BooleanEquals": "boolean", "BooleanEqualsPath": "path",
	"IsNull": "boolean", "IsPresent": "boolean", "IsNumeric": "boolean", "IsString": "boolean",
	"IsBoolean": "boolean", "IsTimestamp": "boolean",
}

func init() {
	for _, fam := range []struct{ prefix, kind string }{{"String", "string"}, {"Numeric", "number"}, {"Timestamp", "timestamp"}} {
		for _, op := range []string{"Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"} {
			choiceOperators[fam.prefix+op] = fam.kind
			choiceOperators[fam.prefix+op+"Path"] = "path"
		}
	}
	addCheck(check{state: func(p *Pass, s *asl.State) {
		if s.Type != "Choice" || s.Node.Kind != asl.Object || !knownLang(s) {
			return
		}
		for _, r := range arrayObjects(s.Field("Choices")) {
			if s.IsJSONata() {
				checkJSONataChoiceRule(p, s, r)
			} else {
				checkChoiceRule(p, s, r, true)
			}
		}
	}})
}

// choiceOperatorNames lists the operators, sorted, for suggestions.
func choiceOperatorNames() []string {
	names := make([]string, 0, len(choiceOperators))
	for op := range choiceOperators {
		names = append(names, op)
	}
	sort.Strings(names)
	return names
}

// isChoiceRuleKey reports whether k may appear in a JSONPath choice rule.
func isChoiceRuleKey(k string) bool {
	switch k {
	case "Variable", "And", "Or", "Not", "Next", "Comment", "Assign", "Output", "Condition", "End":
		return true
	}
	_, ok := choiceOperators[k]
	return ok
}

func checkJSONataChoiceRule(p *Pass, s *asl.State, r *asl.Node) {
	for _, m := range r.Members {
		k := m.Key
		if _, op := choiceOperators[k]; op || k == "Variable" || k == "And" || k == "Or" || k == "Not" {
			p.ReportKey(ruleQueryLanguageField, r, k,
				"%q belongs to JSONPath Choice rules, but state %q uses JSONata; write the test as \"Condition\": \"{%% expression %%}\"", k, s.Name)
		}
	}
	if r.Get("End") != nil {
		p.ReportKey(ruleChoiceRule, r, "End", "choice rules have no \"End\"; give the rule a \"Next\" state, e.g. a Succeed state")
	}
	if r.Get("Condition") == nil {
		p.Report(ruleChoiceRule, r, "JSONata choice rule has no \"Condition\"; add \"Condition\": \"{%% expression %%}\"")
	}
	if r.Get("Next") == nil {
		p.Report(ruleChoiceRule, r, "choice rule has no \"Next\"; name the state to go to when the rule matches")
	}
	reportDollarKeys(p, s, r.Get("Output"))
	reportDollarKeys(p, s, r.Get("Assign"))
}

// checkChoiceRule checks a JSONPath choice rule; top is false for rules
// nested in And, Or and Not.
func checkChoiceRule(p *Pass, s *asl.State, r *asl.Node, top bool) {
	var ops, bools []string
	var unknown []string
	for _, m := range r.Members {
		k := m.Key
		switch {
		case k == "And" || k == "Or" || k == "Not":
			bools = append(bools, k)
		case choiceOperators[k] != "":
			ops = append(ops, k)
		case k == "Condition":
			p.ReportKey(ruleQueryLanguageField, r, k,
				"\"Condition\" is a JSONata field, but state %q uses JSONPath; test a value with \"Variable\" and a comparison operator, or set \"QueryLanguage\": \"JSONata\"", s.Name)
		case k == "Output" && top:
			p.ReportKey(ruleQueryLanguageField, r, k,
				"\"Output\" is a JSONata field, but state %q uses JSONPath; set the output with the Choice state's \"OutputPath\" instead, or set \"QueryLanguage\": \"JSONata\"", s.Name)
		case k == "End":
			p.ReportKey(ruleChoiceRule, r, k, "choice rules have no \"End\"; give the rule a \"Next\" state, e.g. a Succeed state")
		case k == "Next" && !top:
			p.ReportKey(ruleChoiceRule, r, k, "rules nested in \"And\", \"Or\" or \"Not\" have no \"Next\"; move it to the top-level rule")
		case k == "Assign" && !top:
			p.ReportKey(ruleChoiceRule, r, k, "rules nested in \"And\", \"Or\" or \"Not\" cannot assign variables; move \"Assign\" to the top-level rule")
		case !isChoiceRuleKey(k):
			unknown = append(unknown, k)
		}
	}
	if top && r.Get("Next") == nil {
		p.Report(ruleChoiceRule, r, "choice rule has no \"Next\"; name the state to go to when the rule matches")
	}
	variable := r.Get("Variable")
	switch {
	case len(bools) > 1:
		p.ReportKey(ruleChoiceRule, r, bools[1], "a choice rule takes one of \"And\", \"Or\" or \"Not\"; %q and %q are both set — nest one in the other", bools[0], bools[1])
	case len(bools) == 1 && (variable != nil || len(ops) > 0):
		other := "Variable"
		if len(ops) > 0 {
			other = ops[0]
		}
		p.ReportKey(ruleChoiceRule, r, other, "a choice rule is either a Boolean rule (%q) or a data test (\"Variable\" with an operator), not both; move the test into the %q list",
			bools[0], bools[0])
	case len(bools) == 0 && variable == nil && len(ops) > 0:
		p.ReportKey(ruleChoiceRule, r, ops[0], "%q needs a \"Variable\" naming the value to test", ops[0])
	case len(bools) == 0 && variable != nil && len(ops) == 0:
		p.Report(ruleChoiceRule, r, "choice rule tests \"Variable\" with no comparison operator; add one such as \"StringEquals\" or \"IsPresent\"%s",
			unknownOperatorHint(unknown))
	case len(bools) == 0 && variable == nil && len(ops) == 0 && r.Get("Condition") == nil:
		p.Report(ruleChoiceRule, r, "choice rule has no test; add \"Variable\" with a comparison operator, or \"And\", \"Or\" or \"Not\"%s",
			unknownOperatorHint(unknown))
	case len(ops) > 1:
		for _, op := range ops[1:] {
			p.ReportKey(ruleChoiceRule, r, op, "a data test takes exactly one comparison operator, but %q and %q are both set; combine two tests with \"And\" or \"Or\"",
				ops[0], op)
		}
	}
	for _, op := range ops {
		checkOperatorValue(p, op, r.Get(op))
	}
	for _, b := range bools {
		v := r.Get(b)
		switch {
		case b == "Not" && v.Kind == asl.Object:
			checkChoiceRule(p, s, v, false)
		case b == "Not":
			// a non-object Not is a schema type finding
		case v.Kind == asl.Array && len(v.Elems) == 0:
			p.Report(ruleChoiceRule, v, "%q needs at least one rule", b)
		case v.Kind == asl.Array:
			for _, e := range arrayObjects(v) {
				checkChoiceRule(p, s, e, false)
			}
		}
	}
}

func unknownOperatorHint(unknown []string) string {
	for _, k := range unknown {
		if d := didYouMean(k, choiceOperatorNames()); d != "" {
			return "; " + quote(k) + " is not an operator" + d
		}
	}
	return ""
}

// checkOperatorValue checks the literal operand of a data test. Operand
// types are schema findings; this checks what the schema cannot.
func checkOperatorValue(p *Pass, op string, v *asl.Node) {
	str, ok := v.StringValue()
	if !ok || isPlaceholder(str) {
		return
	}
	switch choiceOperators[op] {
	case "timestamp":
		if msg := rfc3339Problem(str); msg != "" {
			p.Report(ruleChoiceRule, v, "%s compares with timestamps, and %q %s", op, str, msg)
		}
	case "string":
		if op == "StringMatches" {
			if i := unpairedBackslash(str); i >= 0 {
				p.ReportInString(ruleChoiceRule, v, i, 1, "StringMatches pattern %q ends in a lone backslash, which fails at run time; escape a literal backslash as \\\\ and a literal star as \\* in the pattern", str)
			}
		}
	}
}

// unpairedBackslash returns the offset of a backslash that ends a
// StringMatches pattern without escaping anything, or -1. A backslash before
// any other character is left alone: only \* and \\ are documented, and what
// AWS does with others is unverified.
func unpairedBackslash(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if i == len(s)-1 {
			return i
		}
		i++ // skip the escaped character
	}
	return -1
}
