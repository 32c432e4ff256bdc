package lint

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl/jsonata"

	"github.com/sfnsim/sfnsim/asl"
)

// Fields of states: which state type has which field, in which query
// language, and the pairs of fields that exclude each other. Source:
// asl-semantics §2–3 (ASL specification, AWS state pages, AWS "Transforming
// data with JSONata").

var ruleFieldNotAllowed = register(&Rule{
	ID: "ASL020", Name: "field-not-allowed", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a state has a field that its state type does not have",
	Doc: "Each state type has its own set of fields: a Choice state has no ResultPath, a Wait state no " +
		"Parameters, a Pass state no Retry, a Fail state no input or output processing at all. AWS rejects " +
		"a definition with a field its state type does not know. The message says which state types have " +
		"the field; remove it, or change the state's Type if the field was meant.",
	Bad: `{"StartAt": "C", "States": {"C": {"Type": "Choice", "ResultPath": "$.x",
  "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}`,
	Good: `{"StartAt": "C", "States": {"C": {"Type": "Choice",
  "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}`,
	Tags:   []string{"correctness", "fields"},
	Source: "ASL specification: state types; AWS Step Functions state pages",
})

var ruleQueryLanguageField = register(&Rule{
	ID: "ASL021", Name: "query-language-field", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a JSONPath-only field in a JSONata state, or a JSONata-only field in a JSONPath state",
	Doc: "JSONPath states process data with InputPath, Parameters, ResultSelector, ResultPath, OutputPath, " +
		"the *Path fields and Choice rules with Variable and comparison operators. JSONata " +
		"states replace all of these with Arguments, Output, Condition and \"{% expression %}\" strings " +
		"(AWS \"Transforming data with JSONata\"). A field of the other language is rejected. Use the " +
		"field of the state's language, or set the state's QueryLanguage.",
	Bad:    `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "$.x", "End": true}}}`,
	Good:   `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.x %}", "End": true}}}`,
	Tags:   []string{"correctness", "fields", "jsonata"},
	Source: "AWS Step Functions: Transforming data with JSONata",
})

var ruleDollarKeyJSONata = register(&Rule{
	ID: "ASL029", Name: "jsonata-dollar-key", Severity: Warning,
	Summary: "a key ending in \".$\" in a JSONata state, where it is kept literally",
	Doc: "In JSONPath states a key ending in \".$\" takes its value from a path or an intrinsic function. " +
		"JSONata states do not do this: AWS keeps such a key, suffix included, and its value as a literal " +
		"string (observed: \"constant_jp_input.$\": \"$\" came out unchanged). Name the key without " +
		"\".$\" and compute the value with a \"{% expression %}\" string.",
	Bad:    `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"id.$": "$.id"}, "End": true}}}`,
	Good:   `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"id": "{% $states.input.id %}"}, "End": true}}}`,
	Tags:   []string{"jsonata"},
	Source: "AWS Transforming data with JSONata; conformance outputdecl/test_base_cases BASE_LITERALS (observed)",
})

var ruleQueryLanguageConflict = register(&Rule{
	ID: "ASL022", Name: "query-language-conflict", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a state sets QueryLanguage JSONPath inside a JSONata state machine",
	Doc: "A JSONPath machine may switch single states to JSONata, but not the other way round: when the " +
		"machine's QueryLanguage is JSONata, AWS rejects a state that sets \"QueryLanguage\": \"JSONPath\" " +
		"(\"'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine\"). " +
		"Convert the state to JSONata, or make the machine JSONPath and set JSONata on the other states.",
	Bad:    `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}`,
	Tags:   []string{"correctness", "jsonata"},
	Source: "asl-semantics §1 (observed AWS message)",
})

var ruleExclusiveFields = register(&Rule{
	ID: "ASL023", Name: "exclusive-fields", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "both a field and its *Path variant are set, or a Wait state has not exactly one duration field",
	Doc: "Error/ErrorPath, Cause/CausePath, TimeoutSeconds/TimeoutSecondsPath and " +
		"HeartbeatSeconds/HeartbeatSecondsPath give one value either literally or from the input: set one of " +
		"each pair. A Wait state needs exactly one of Seconds, Timestamp, SecondsPath or TimestampPath " +
		"(JSONata: Seconds or Timestamp).",
	Bad:    `{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "ErrorPath": "$.error"}}}`,
	Good:   `{"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.error"}}}`,
	Tags:   []string{"correctness", "fields"},
	Source: "ASL specification: Task, Fail and Wait states",
})

var ruleHeartbeat = register(&Rule{
	ID: "ASL024", Name: "heartbeat-not-below-timeout", Severity: Warning,
	Summary: "a Task's HeartbeatSeconds is not smaller than its TimeoutSeconds",
	Doc: "HeartbeatSeconds must be smaller than TimeoutSeconds (ASL specification): a heartbeat interval " +
		"at least as long as the whole task timeout can never fire. Whether AWS rejects such a definition is " +
		"unverified, hence a warning. Lower HeartbeatSeconds or raise TimeoutSeconds.",
	Bad: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
  "TimeoutSeconds": 60, "HeartbeatSeconds": 60, "End": true}}}`,
	Good: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
  "TimeoutSeconds": 60, "HeartbeatSeconds": 20, "End": true}}}`,
	Tags:   []string{"correctness", "task"},
	Source: "ASL specification: Task state (HeartbeatSeconds)",
})

var ruleWaitTimestamp = register(&Rule{
	ID: "ASL037", Name: "wait-timestamp", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Wait state's Timestamp is not an RFC 3339 timestamp with T and a time zone",
	Doc: "Timestamp must be an RFC 3339 date-time with an uppercase T between date and time and a zone: Z " +
		"or a numeric offset, e.g. 2026-03-14T01:59:00Z. AWS rejects \"2016-12-05T21:29:29\" (no zone) " +
		"with \"String does not match RFC3339 timestamp\".",
	Bad:    `{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2026-03-14 01:59:00", "End": true}}}`,
	Good:   `{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2026-03-14T01:59:00Z", "End": true}}}`,
	Tags:   []string{"correctness", "wait"},
	Source: "AWS Step Functions: Wait state; asl-semantics §2 (observed AWS message)",
})

// fieldLang says in which query language a field exists.
type fieldLang uint8

const (
	bothLangs fieldLang = iota
	jsonPathOnly
	jsonataOnly
)

// stateTypes lists the state types in the order messages name them.
var stateTypes = []string{"Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}

// commonStateFields are the fields of every state type.
var commonStateFields = map[string]bool{"Type": true, "Comment": true, "QueryLanguage": true}

// stateFields maps each state type to its own fields (asl-semantics §2;
// Map: distributed-map.md §1.1).
var stateFields = map[string]map[string]fieldLang{
	"Pass": {
		"Next": bothLangs, "End": bothLangs, "InputPath": jsonPathOnly, "OutputPath": jsonPathOnly,
		"Parameters": jsonPathOnly, "ResultPath": jsonPathOnly, "Output": jsonataOnly, "Assign": bothLangs,
		// The AWS Pass page calls Result JSONPath-only, but whether AWS rejects it in a JSONata
		// state is unverified (asl-semantics §2), so it is not reported there.
		"Result": bothLangs,
	},
	"Task": {
		"Next": bothLangs, "End": bothLangs, "Resource": bothLangs, "InputPath": jsonPathOnly,
		"Parameters": jsonPathOnly, "ResultSelector": jsonPathOnly, "ResultPath": jsonPathOnly,
		"OutputPath": jsonPathOnly, "Arguments": jsonataOnly, "Output": jsonataOnly, "Assign": bothLangs,
		"Retry": bothLangs, "Catch": bothLangs, "TimeoutSeconds": bothLangs, "HeartbeatSeconds": bothLangs,
		"TimeoutSecondsPath": jsonPathOnly, "HeartbeatSecondsPath": jsonPathOnly, "Credentials": bothLangs,
	},
	"Choice": {
		"Choices": bothLangs, "Default": bothLangs, "InputPath": jsonPathOnly, "OutputPath": jsonPathOnly,
		"Output": jsonataOnly, "Assign": bothLangs,
	},
	"Wait": {
		"Next": bothLangs, "End": bothLangs, "Seconds": bothLangs, "Timestamp": bothLangs,
		"SecondsPath": jsonPathOnly, "TimestampPath": jsonPathOnly, "InputPath": jsonPathOnly,
		"OutputPath": jsonPathOnly, "Output": jsonataOnly, "Assign": bothLangs,
	},
	"Succeed": {"InputPath": jsonPathOnly, "OutputPath": jsonPathOnly, "Output": jsonataOnly},
	"Fail": {
		"Error": bothLangs, "Cause": bothLangs, "ErrorPath": jsonPathOnly, "CausePath": jsonPathOnly,
	},
	"Parallel": {
		"Next": bothLangs, "End": bothLangs, "Branches": bothLangs, "InputPath": jsonPathOnly,
		"Parameters": jsonPathOnly, "ResultSelector": jsonPathOnly, "ResultPath": jsonPathOnly,
		"OutputPath": jsonPathOnly, "Arguments": jsonataOnly, "Output": jsonataOnly, "Assign": bothLangs,
		"Retry": bothLangs, "Catch": bothLangs,
	},
	// Map fields and their languages are the DMAP rules' business (DMAP037);
	// the table only serves ASL020.
	"Map": {
		"Next": bothLangs, "End": bothLangs, "ItemProcessor": bothLangs, "Iterator": bothLangs,
		"ItemReader": bothLangs, "ItemsPath": jsonPathOnly, "Items": jsonataOnly, "ItemSelector": bothLangs,
		"Parameters": jsonPathOnly, "ItemBatcher": bothLangs, "MaxConcurrency": bothLangs,
		"MaxConcurrencyPath": jsonPathOnly, "ToleratedFailurePercentage": bothLangs,
		"ToleratedFailurePercentagePath": jsonPathOnly, "ToleratedFailureCount": bothLangs,
		"ToleratedFailureCountPath": jsonPathOnly, "Label": bothLangs, "ResultWriter": bothLangs,
		"ResultPath": jsonPathOnly, "ResultSelector": jsonPathOnly, "InputPath": jsonPathOnly,
		"OutputPath": jsonPathOnly, "Output": jsonataOnly, "Assign": bothLangs, "Retry": bothLangs,
		"Catch": bothLangs,
	},
}

// catcherFields are the fields of a Catch entry.
var catcherFields = map[string]fieldLang{
	"ErrorEquals": bothLangs, "Next": bothLangs, "Comment": bothLangs, "Assign": bothLangs,
	"ResultPath": jsonPathOnly, "Output": jsonataOnly,
}

// jsonataInstead says what a JSONata state uses in place of a JSONPath field.
var jsonataInstead = map[string]string{
	"InputPath":            `read $states.input in the expressions that need it instead`,
	"Parameters":           `use "Arguments" instead`,
	"ResultSelector":       `use "Output" with $states.result instead`,
	"ResultPath":           `use "Output" (or "Assign") to combine $states.input and $states.result instead`,
	"OutputPath":           `use "Output" instead`,
	"TimeoutSecondsPath":   `use "TimeoutSeconds": "{% ... %}" instead`,
	"HeartbeatSecondsPath": `use "HeartbeatSeconds": "{% ... %}" instead`,
	"SecondsPath":          `use "Seconds": "{% ... %}" instead`,
	"TimestampPath":        `use "Timestamp": "{% ... %}" instead`,
	"ErrorPath":            `use "Error": "{% ... %}" instead`,
	"CausePath":            `use "Cause": "{% ... %}" instead`,
}

// jsonPathInstead says what a JSONPath state uses in place of a JSONata field.
var jsonPathInstead = map[string]string{
	"Arguments": `use "Parameters" instead`,
	"Output":    `use "OutputPath" or "ResultSelector" instead`,
}

// exclusivePairs are fields given either literally or through a path.
var exclusivePairs = map[string][][2]string{
	"Task": {{"TimeoutSeconds", "TimeoutSecondsPath"}, {"HeartbeatSeconds", "HeartbeatSecondsPath"}},
	"Fail": {{"Error", "ErrorPath"}, {"Cause", "CausePath"}},
}

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		if s.Node.Kind != asl.Object {
			return
		}
		checkStateFields(p, s)
		checkQueryLanguageConflict(p, s)
		checkExclusiveFields(p, s)
		checkHeartbeat(p, s)
		checkWaitTimestamp(p, s)
	}})
}

// knownLang reports whether the state's effective query language is one of
// the two languages; an invalid QueryLanguage is a schema finding and the
// language checks stay silent on such a state.
func knownLang(s *asl.State) bool {
	return s.QueryLanguage == asl.JSONPath || s.QueryLanguage == asl.JSONata
}

// checkStateFields reports fields the state type does not have (ASL020) and
// fields of the other query language (ASL021).
func checkStateFields(p *Pass, s *asl.State) {
	own, ok := stateFields[s.Type]
	if !ok {
		return // missing or unknown Type: a schema finding
	}
	for _, m := range s.Node.Members {
		f := m.Key
		if commonStateFields[f] || f == "Next" || f == "End" {
			continue // Next/End on Choice, Succeed, Fail: ASL016
		}
		l, has := own[f]
		if !has {
			if s.Type == "Map" && f == "Arguments" {
				continue // a Map's JSONata fields are DMAP037's
			}
			if others := typesWithField(f); len(others) > 0 {
				p.ReportKey(ruleFieldNotAllowed, s.Node, f, "field %q is not allowed in a %s state; only %s have it",
					f, s.Type, typeList(others))
			}
			continue // an unknown field: the schema reports it
		}
		if s.Type == "Map" || !knownLang(s) {
			continue
		}
		reportLangField(p, s, s.Node, f, l, "")
	}
	checkCatcherFields(p, s)
	if s.IsJSONata() && s.Type != "Map" {
		for _, f := range []string{"Arguments", "Output", "Assign", "Credentials"} {
			reportDollarKeys(p, s, s.Field(f))
		}
	}
	if s.IsJSONata() && s.Type == "Map" {
		reportDollarKeys(p, s, s.Field("Output"))
		reportDollarKeys(p, s, s.Field("Assign"))
	}
}

// reportLangField reports field f of obj when its language l is not the
// state's. what names the object in the message ("" for the state itself).
func reportLangField(p *Pass, s *asl.State, obj *asl.Node, f string, l fieldLang, what string) {
	switch {
	case l == jsonPathOnly && s.IsJSONata():
		hint := jsonataInstead[f]
		if f == "Parameters" && s.Type == "Pass" {
			hint = `use "Output" instead`
		}
		if what == "catcher" && f == "ResultPath" {
			hint = `use "Output" with $states.errorOutput instead`
		}
		p.ReportKey(ruleQueryLanguageField, obj, f, "%q is a JSONPath field, but %s uses JSONata; %s",
			f, stateRef(s, what), hint)
	case l == jsonataOnly && !s.IsJSONata():
		hint := jsonPathInstead[f]
		if what == "catcher" && f == "Output" {
			hint = `use "ResultPath" instead`
		}
		if f == "Output" && (s.Type == "Choice" || s.Type == "Wait" || s.Type == "Succeed" || s.Type == "Pass") {
			hint = `use "OutputPath" instead`
		}
		if what != "" && f == "Output" && s.Type == "Choice" {
			hint = `set the output in the Choice state's "OutputPath" instead`
		}
		p.ReportKey(ruleQueryLanguageField, obj, f, "%q is a JSONata field, but %s uses JSONPath; %s, or set \"QueryLanguage\": \"JSONata\"",
			f, stateRef(s, what), hint)
	}
}

// stateRef names the state, or a part of it, in a message.
func stateRef(s *asl.State, what string) string {
	if what == "" {
		return fmt.Sprintf("state %q", s.Name)
	}
	return fmt.Sprintf("this %s of state %q", what, s.Name)
}

func checkCatcherFields(p *Pass, s *asl.State) {
	if !knownLang(s) {
		return
	}
	for _, c := range arrayObjects(s.Field("Catch")) {
		for _, m := range c.Members {
			if l, ok := catcherFields[m.Key]; ok {
				reportLangField(p, s, c, m.Key, l, "catcher")
			}
		}
		if s.IsJSONata() {
			reportDollarKeys(p, s, c.Get("Output"))
			reportDollarKeys(p, s, c.Get("Assign"))
		}
	}
}

// reportDollarKeys reports every key ending in ".$" in a JSONata state's
// value: JSONata states compute values with "{% %}" strings instead, and
// keep such a key as it is.
func reportDollarKeys(p *Pass, s *asl.State, v *asl.Node) {
	v.Walk(func(n *asl.Node) bool {
		if n.Kind != asl.Object {
			return true
		}
		for _, m := range n.Members {
			if strings.HasSuffix(m.Key, ".$") {
				p.ReportKey(ruleDollarKeyJSONata, n, m.Key,
					"key %q is kept literally, \".$\" included, because JSONata states do not evaluate \".$\" keys; name it %q and write its value as \"{%% expression %%}\"",
					m.Key, strings.TrimSuffix(m.Key, ".$"))
			}
		}
		return true
	})
}

// typesWithField lists the state types that have field f.
func typesWithField(f string) []string {
	var out []string
	for _, t := range stateTypes {
		if _, ok := stateFields[t][f]; ok {
			out = append(out, t)
		}
	}
	return out
}

// typeList renders state types as "Task states" or "Pass, Task and Map states".
func typeList(types []string) string {
	switch len(types) {
	case 0:
		return ""
	case 1:
		return types[0] + " states"
	}
	return strings.Join(types[:len(types)-1], ", ") + " and " + types[len(types)-1] + " states"
}

// arrayObjects returns the object elements of an array node.
func arrayObjects(n *asl.Node) []*asl.Node {
	if n == nil || n.Kind != asl.Array {
		return nil
	}
	var out []*asl.Node
	for _, e := range n.Elems {
		if e.Kind == asl.Object {
			out = append(out, e)
		}
	}
	return out
}

func checkQueryLanguageConflict(p *Pass, s *asl.State) {
	if p.Machine.QueryLanguage != asl.JSONata {
		return
	}
	if ql := s.Field("QueryLanguage"); ql != nil && ql.Kind == asl.String && ql.Str == asl.JSONPath {
		p.Report(ruleQueryLanguageConflict, ql,
			"state %q sets \"QueryLanguage\": \"JSONPath\", but the machine's QueryLanguage is JSONata and AWS rejects JSONPath states in it; convert the state to JSONata, or make the machine JSONPath and set JSONata on its other states",
			s.Name)
	}
}

func checkExclusiveFields(p *Pass, s *asl.State) {
	for _, pair := range exclusivePairs[s.Type] {
		a, b := s.Node.Member(pair[0]), s.Node.Member(pair[1])
		if a == nil || b == nil {
			continue
		}
		if s.IsJSONata() {
			continue // the *Path field is reported by ASL021
		}
		later := pair[1]
		if b.KeyRange.Start.Offset < a.KeyRange.Start.Offset {
			later = pair[0]
		}
		p.ReportKey(ruleExclusiveFields, s.Node, later, "%q and %q cannot both be set; keep one", pair[0], pair[1])
	}
	if s.Type != "Wait" || !knownLang(s) {
		return
	}
	names := []string{"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}
	if s.IsJSONata() {
		names = names[:2]
	}
	var set []string
	for _, m := range s.Node.Members {
		for _, n := range names {
			if m.Key == n && !contains(set, n) {
				set = append(set, n)
			}
		}
	}
	switch {
	case len(set) == 0:
		p.ReportRange(ruleExclusiveFields, s.Node.Pointer(), s.NameRange,
			fmt.Sprintf("Wait state %q has no duration; set one of %s", s.Name, quoteList(names, "or")))
	case len(set) > 1:
		for _, n := range set[1:] {
			p.ReportKey(ruleExclusiveFields, s.Node, n, "%q cannot be set together with %q; a Wait state takes exactly one of %s",
				n, set[0], quoteList(names, "or"))
		}
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

func checkHeartbeat(p *Pass, s *asl.State) {
	if s.Type != "Task" {
		return
	}
	hb, ok1 := s.Field("HeartbeatSeconds").Int()
	to, ok2 := s.Field("TimeoutSeconds").Int()
	if !ok1 || !ok2 || hb <= 0 || to <= 0 {
		return
	}
	if hb >= to {
		p.Report(ruleHeartbeat, s.Field("HeartbeatSeconds"),
			"HeartbeatSeconds (%d) must be smaller than TimeoutSeconds (%d); a heartbeat interval that long can never fire", hb, to)
	}
}

func checkWaitTimestamp(p *Pass, s *asl.State) {
	if s.Type != "Wait" {
		return
	}
	ts := s.Field("Timestamp")
	v, ok := ts.StringValue()
	if !ok || isPlaceholder(v) || (s.IsJSONata() && jsonata.IsExpression(v)) {
		return
	}
	if msg := rfc3339Problem(v); msg != "" {
		p.Report(ruleWaitTimestamp, ts, "Timestamp %q %s", v, msg)
	}
}

// isPlaceholder reports whether s holds a ${...} substitution of SAM,
// CloudFormation, CDK or Terraform: such strings are opaque until deployed.
func isPlaceholder(s string) bool { return strings.Contains(s, "${") }

var (
	rfc3339Re     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
	dateTimeSepRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}([ t])\d{2}:\d{2}`)
	noZoneRe      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$`)
)

// rfc3339Problem says what keeps s from being a timestamp as Step Functions
// reads it (RFC 3339, uppercase T, a zone), or "" when it is one.
func rfc3339Problem(s string) string {
	if rfc3339Re.MatchString(s) {
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return "is not a valid date and time; check the month, day, hour, minute and second"
		}
		return ""
	}
	if m := dateTimeSepRe.FindStringSubmatch(s); m != nil && noZoneRe.MatchString(s) {
		return fmt.Sprintf("separates date and time with %q and has no time zone; use an uppercase T and add Z or an offset, e.g. 2026-03-14T01:59:00Z", m[1])
	}
	if m := dateTimeSepRe.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("separates date and time with %q; use an uppercase T, e.g. 2026-03-14T01:59:00Z", m[1])
	}
	if noZoneRe.MatchString(s) {
		return "has no time zone; add Z or an offset such as +01:00, e.g. 2026-03-14T01:59:00Z"
	}
	if strings.HasSuffix(s, "z") && rfc3339Re.MatchString(s[:len(s)-1]+"Z") {
		return "ends in a lowercase z; use an uppercase Z"
	}
	return "is not an RFC 3339 timestamp; write a date, an uppercase T, a time and a zone, e.g. 2026-03-14T01:59:00Z"
}
