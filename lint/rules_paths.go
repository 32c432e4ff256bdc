package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/intrinsic"
	"github.com/sfnsim/sfnsim/asl/path"
)

// Paths and payload templates of JSONPath states. Source: asl-semantics §3–4
// and §11 (ASL specification "Paths", "Reference Paths", "Payload
// Template"; AWS "Paths"; ValidateStateMachineDefinition warning codes).

var ruleReferencePath = register(&Rule{
	ID: "ASL030", Name: "reference-path", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ResultPath, ItemsPath or a *Path field is not a valid reference path",
	Doc: "ResultPath, ItemsPath and the *Path fields (SecondsPath, TimeoutSecondsPath, ErrorPath …) take a " +
		"reference path: a path that names exactly one node, built only from .name, ['name'] and [n]. " +
		"Wildcards, slices, unions, '..' and functions select several nodes or compute values and are not " +
		"allowed. ResultPath writes into the state input, so it must start with \"$\": not with \"$$\" (the " +
		"context object is read-only) nor with a variable (use Assign to set variables).",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "ResultPath": "$.items[*].done", "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "ResultPath": "$.result", "End": true}}}`,
	Tags:   []string{"correctness", "paths"},
	Source: "ASL specification: Reference Paths; AWS Paths",
})

var ruleJSONPath = register(&Rule{
	ID: "ASL031", Name: "json-path", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "InputPath, OutputPath, a \".$\" value or a Choice Variable is not a valid JSONPath",
	Doc: "InputPath, OutputPath, the values of \".$\" keys, the Choice Variable and the *Path comparison " +
		"operators take a JSONPath as AWS evaluates it (Jayway JsonPath): \"$\" for the input, \"$$\" for the " +
		"context object, \"$name\" for a variable, then .name, ['name'], [n], [*], slices, unions, '..' and " +
		"filters such as [?(@.price < 10)]. The message points at the character that cannot be parsed.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.orders.", "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.orders", "End": true}}}`,
	Tags:   []string{"correctness", "paths"},
	Source: "ASL specification: Paths; AWS Paths",
})

var ruleIntrinsic = register(&Rule{
	ID: "ASL032", Name: "intrinsic-function", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "an intrinsic function is unknown, malformed, called with wrong arguments or used where none is allowed",
	Doc: "Intrinsic functions (States.Format, States.Array, States.MathAdd …) run in the values of \".$\" keys " +
		"of payload templates (Parameters, ResultSelector, ItemSelector, Credentials, Assign) and in a Fail " +
		"state's ErrorPath and CausePath. Elsewhere — InputPath, OutputPath, ResultPath, a Choice Variable — " +
		"they are rejected. The function must exist, take the right number of arguments, and literal " +
		"arguments must have the right type and value (States.MathAdd adds numbers, States.Hash knows five " +
		"algorithms, a States.Format template has one {} per value).",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "States.UUID(1)"}, "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": true}}}`,
	Tags:   []string{"correctness", "intrinsics"},
	Source: "AWS Intrinsic functions for JSONPath states; ASL specification: Intrinsic Functions",
})

var rulePayloadTemplate = register(&Rule{
	ID: "ASL033", Name: "payload-template", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a \".$\" key whose value is not a path or intrinsic function, or two keys that clash once \".$\" is removed",
	Doc: "In a payload template a key ending in \".$\" is replaced by the key without the suffix, and its " +
		"value must be a string holding a path (\"$.x\"), a context path (\"$$.x\"), a variable (\"$name\") or an " +
		"intrinsic function call. AWS rejects anything else: \"The value for the field 'x.$' must be a valid " +
		"JSONPath or a valid intrinsic function call\". Two keys that become equal once \".$\" is removed " +
		"(\"id\" and \"id.$\") are rejected too. For a constant value, drop \".$\" from the key.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"name.$": "customer"}, "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"name.$": "$.customer"}, "End": true}}}`,
	Tags:   []string{"correctness", "paths"},
	Source: "ASL specification: Payload Template; asl-semantics §11 (observed AWS message)",
})

var rulePathWarning = register(&Rule{
	ID: "ASL041", Name: "path-quirk", Severity: Warning,
	Summary: "a path parses but behaves unexpectedly on AWS (filter in a reference path, slice step, negative index, unquoted word)",
	Doc: "Some paths are accepted but do not do what they seem to on AWS, which evaluates them with Jayway " +
		"JsonPath: the step of a slice is ignored, negative indexes have been reported to match nothing, an " +
		"unquoted word in a filter is rejected by Jayway, and a filter in a reference path (shown on the AWS " +
		"Paths page, forbidden by the ASL specification) may select several nodes. The message says what to " +
		"write instead.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.items[-1]", "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.items[(@.length-1)]", "End": true}}}`,
	Tags:   []string{"paths"},
	Source: "asl-semantics §4 (Jayway quirks); AWS Paths",
})

var ruleNoDollar = register(&Rule{
	ID: "ASL042", Name: "no-dollar", Severity: Warning, AWSCode: "NO_DOLLAR",
	Summary: "a payload template value looks like a path or intrinsic function but its key lacks \".$\"",
	Doc: "Without \".$\" at the end of its key, a payload template value is a constant string: \"id\": " +
		"\"$.orderId\" passes the text \"$.orderId\", not the order id. AWS reports this as the NO_DOLLAR " +
		"warning. Likewise a Fail state's Error or Cause holding a path is the literal text; ErrorPath and " +
		"CausePath read the input (AWS warning NO_PATH). Add \".$\" to the key (or use the *Path field), or " +
		"keep it if the text is meant.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id": "$.orderId"}, "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "$.orderId"}, "End": true}}}`,
	Tags:   []string{"paths"},
	Source: "AWS ValidateStateMachineDefinition: NO_DOLLAR, NO_PATH",
})

var rulePassResultStatic = register(&Rule{
	ID: "ASL043", Name: "pass-result-static", Severity: Warning, AWSCode: "PASS_RESULT_IS_STATIC",
	Summary: "a Pass state's Result holds a path or a \".$\" key, which is never evaluated",
	Doc: "A Pass state's Result is a constant: paths and \".$\" keys in it are passed on as written. To build " +
		"the output from the input, use Parameters (a payload template) instead of Result. AWS reports this " +
		"as the PASS_RESULT_IS_STATIC warning.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"id.$": "$.orderId"}, "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "$.orderId"}, "End": true}}}`,
	Tags:   []string{"paths"},
	Source: "AWS ValidateStateMachineDefinition: PASS_RESULT_IS_STATIC",
})

// pathKind says what grammar a JSONPath state's string field takes.
type pathKind uint8

const (
	// kindPath: InputPath, OutputPath, the Choice Variable and *Path
	// operators: any JSONPath, no intrinsic function.
	kindPath pathKind = iota
	// kindResultPath: a reference path rooted at "$".
	kindResultPath
	// kindReference: a reference path with any root ($, $$, $name).
	kindReference
	// kindFailPath: Fail ErrorPath/CausePath: a reference path or an
	// intrinsic function.
	kindFailPath
	// kindTemplate: the value of a ".$" key: a path or an intrinsic
	// function.
	kindTemplate
)

// pathString is one string a JSONPath state evaluates as a path or an
// intrinsic function.
type pathString struct {
	node  *asl.Node
	kind  pathKind
	label string // the field, for messages: InputPath, or the quoted ".$" key
}

// subject names the string and where it is, for messages: InputPath "$.a",
// or "$.a" in "key.$".
func (ps pathString) subject() string {
	if ps.kind == kindTemplate {
		return fmt.Sprintf("%q in %s", ps.node.Str, ps.label)
	}
	return fmt.Sprintf("%s %q", ps.label, ps.node.Str)
}

// jsonPathStrings lists the path-bearing strings of a JSONPath state, in
// source order of their fields. Strings holding a ${...} placeholder are
// left out: they are opaque until deployed.
func jsonPathStrings(s *asl.State) []pathString {
	if s.Node.Kind != asl.Object || s.IsJSONata() || !knownLang(s) {
		return nil
	}
	var out []pathString
	add := func(n *asl.Node, kind pathKind, label string) {
		if v, ok := n.StringValue(); ok && !isPlaceholder(v) {
			out = append(out, pathString{n, kind, label})
		}
	}
	own := stateFields[s.Type]
	has := func(f string) bool { _, ok := own[f]; return ok }
	for _, m := range s.Node.Members {
		f, v := m.Key, m.Value
		if !has(f) {
			continue // a field of another state type: ASL020
		}
		switch f {
		case "InputPath", "OutputPath":
			add(v, kindPath, f)
		case "ResultPath":
			add(v, kindResultPath, f)
		case "ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath",
			"MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath":
			add(v, kindReference, f)
		case "ErrorPath", "CausePath":
			add(v, kindFailPath, f)
		case "Parameters", "ResultSelector", "ItemSelector", "Credentials", "Assign":
			templateStrings(v, &out)
		case "ItemReader":
			templateStrings(v.Get("Parameters"), &out)
			add(v.Get("ReaderConfig").Get("MaxItemsPath"), kindReference, "MaxItemsPath")
		case "ResultWriter":
			templateStrings(v.Get("Parameters"), &out)
		case "ItemBatcher":
			templateStrings(v.Get("BatchInput"), &out)
			add(v.Get("MaxItemsPerBatchPath"), kindReference, "MaxItemsPerBatchPath")
			add(v.Get("MaxInputBytesPerBatchPath"), kindReference, "MaxInputBytesPerBatchPath")
		case "Catch":
			for _, c := range arrayObjects(v) {
				add(c.Get("ResultPath"), kindResultPath, "catcher ResultPath")
				templateStrings(c.Get("Assign"), &out)
			}
		case "Choices":
			for _, r := range arrayObjects(v) {
				choicePathStrings(r, &out)
				templateStrings(r.Get("Assign"), &out)
			}
		}
	}
	return out
}

// templateStrings collects the values of ".$" keys in a payload template.
func templateStrings(t *asl.Node, out *[]pathString) {
	t.Walk(func(n *asl.Node) bool {
		if n.Kind != asl.Object {
			return true
		}
		for _, m := range n.Members {
			if v, ok := m.Value.StringValue(); ok && strings.HasSuffix(m.Key, ".$") && !isPlaceholder(v) {
				*out = append(*out, pathString{m.Value, kindTemplate, quote(m.Key)})
			}
		}
		return true
	})
}

// choicePathStrings collects the Variable and *Path operands of a JSONPath
// choice rule and its nested rules.
func choicePathStrings(r *asl.Node, out *[]pathString) {
	for _, m := range r.Members {
		v, ok := m.Value.StringValue()
		switch {
		case m.Key == "Variable" || (choiceOperators[m.Key] == "path"):
			if ok && !isPlaceholder(v) {
				*out = append(*out, pathString{m.Value, kindPath, m.Key})
			}
		case m.Key == "Not" && m.Value.Kind == asl.Object:
			choicePathStrings(m.Value, out)
		case m.Key == "And" || m.Key == "Or":
			for _, e := range arrayObjects(m.Value) {
				choicePathStrings(e, out)
			}
		}
	}
}

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		for _, ps := range jsonPathStrings(s) {
			checkPathString(p, ps)
		}
		if s.Node.Kind != asl.Object || s.IsJSONata() || !knownLang(s) {
			return
		}
		own := stateFields[s.Type]
		for _, f := range []string{"Parameters", "ResultSelector", "ItemSelector", "Credentials", "Assign"} {
			if _, ok := own[f]; ok {
				checkTemplateKeys(p, s.Field(f))
			}
		}
		if s.Type == "Map" {
			checkTemplateKeys(p, s.Field("ItemReader").Get("Parameters"))
			checkTemplateKeys(p, s.Field("ResultWriter").Get("Parameters"))
			checkTemplateKeys(p, s.Field("ItemBatcher").Get("BatchInput"))
		}
		for _, c := range arrayObjects(s.Field("Catch")) {
			checkTemplateKeys(p, c.Get("Assign"))
		}
		if s.Type == "Choice" {
			for _, r := range arrayObjects(s.Field("Choices")) {
				checkTemplateKeys(p, r.Get("Assign"))
			}
		}
		if s.Type == "Pass" {
			checkPassResult(p, s.Field("Result"))
		}
		if s.Type == "Fail" {
			for _, f := range []string{"Error", "Cause"} {
				if v, ok := s.Field(f).StringValue(); ok && looksLikePath(v) && s.Field(f+"Path") == nil {
					p.Report(ruleNoDollar, s.Field(f), "%s %q is the literal text, not the value at that path; use %q to read it from the input",
						f, v, f+"Path")
				}
			}
		}
	}})
}

// checkPathString checks the syntax of one path-bearing string.
func checkPathString(p *Pass, ps pathString) {
	s := ps.node.Str
	if intrinsic.IsCall(s) {
		if ps.kind != kindFailPath && ps.kind != kindTemplate {
			p.Report(ruleIntrinsic, ps.node, "intrinsic functions are not allowed in %s; %s", ps.label, intrinsicElsewhereHint(ps))
			return
		}
		checkIntrinsic(p, ps.node, s)
		return
	}
	if ps.kind == kindTemplate && !strings.HasPrefix(s, "$") {
		p.Report(rulePayloadTemplate, ps.node, "the value of %s must be a path (\"$.x\"), a context path (\"$$.x\"), a variable (\"$name\") or an intrinsic function, not %q; %s",
			ps.label, s, templateValueHint(s))
		return
	}
	switch ps.kind {
	case kindPath, kindTemplate:
		pp, err := path.ParsePath(s)
		if reportPathError(p, ruleJSONPath, ps, err, "JSONPath") {
			return
		}
		reportPathWarnings(p, ps.node, pp)
	case kindResultPath, kindReference, kindFailPath:
		pp, err := path.ParseReference(s)
		var se *path.SyntaxError
		if errors.As(err, &se) && errors.Is(err, path.ErrFilterInReference) {
			p.ReportInString(rulePathWarning, ps.node, se.Offset, se.End-se.Offset, "%s: %s", ps.subject(), se.Msg)
		} else if reportPathError(p, ruleReferencePath, ps, err, "reference path") {
			return
		}
		if pp == nil {
			return
		}
		reportPathWarnings(p, ps.node, pp)
		if ps.kind == kindResultPath {
			switch pp.Root {
			case path.RootContext:
				p.ReportInString(ruleReferencePath, ps.node, 0, 2, "%s starts with \"$$\", but the context object is read-only; write the result into the input with a path starting with \"$.\"", ps.subject())
			case path.RootVariable:
				p.ReportInString(ruleReferencePath, ps.node, 0, len(pp.Var)+1, "%s names the variable $%s, but ResultPath only writes into the state input; assign variables with \"Assign\" instead", ps.subject(), pp.Var)
			}
		}
	}
}

// reportPathError reports a parse error, if any, and says whether there was
// one.
func reportPathError(p *Pass, r *Rule, ps pathString, err error, what string) bool {
	if err == nil {
		return false
	}
	var se *path.SyntaxError
	if !errors.As(err, &se) {
		p.Report(r, ps.node, "%s is not a valid %s: %v", ps.subject(), what, err)
		return true
	}
	p.ReportInString(r, ps.node, se.Offset, se.End-se.Offset, "%s is not a valid %s: %s", ps.subject(), what, se.Msg)
	return true
}

func reportPathWarnings(p *Pass, n *asl.Node, pp *path.Path) {
	for _, w := range pp.Warnings {
		p.ReportInString(rulePathWarning, n, w.Offset, w.End-w.Offset, "path %q: %s", n.Str, w.Msg)
	}
}

func intrinsicElsewhereHint(ps pathString) string {
	switch ps.label {
	case "InputPath":
		return "compute the value in Parameters with a \".$\" key instead"
	case "OutputPath":
		return "compute the value in ResultSelector (or Parameters) with a \".$\" key instead"
	}
	if ps.kind == kindResultPath || ps.kind == kindReference {
		return "use a reference path such as \"$.field\""
	}
	return "test a value computed earlier, e.g. in Parameters or Assign, instead"
}

func templateValueHint(s string) string {
	t := strings.TrimSpace(s)
	if t != s && (strings.HasPrefix(t, "$") || intrinsic.IsCall(t)) {
		return "remove the whitespace around it"
	}
	if strings.HasPrefix(t, "{%") {
		return "\"{% %}\" expressions need \"QueryLanguage\": \"JSONata\"; in JSONPath remove \".$\" from the key for a constant"
	}
	return "for a constant string, remove \".$\" from the key"
}

// checkIntrinsic parses and checks an intrinsic function call.
func checkIntrinsic(p *Pass, n *asl.Node, s string) {
	c, err := intrinsic.Parse(s)
	if err != nil {
		var se *path.SyntaxError
		if errors.As(err, &se) {
			p.ReportInString(ruleIntrinsic, n, se.Offset, se.End-se.Offset, "intrinsic function %q: %s", s, se.Msg)
		} else {
			p.Report(ruleIntrinsic, n, "intrinsic function %q: %v", s, err)
		}
		return
	}
	for _, e := range intrinsic.Check(c) {
		p.ReportInString(ruleIntrinsic, n, e.Offset, e.End-e.Offset, "%s", e.Msg)
	}
	for _, pp := range c.Paths() {
		reportPathWarnings(p, n, pp)
	}
}

// checkTemplateKeys checks the keys of a payload template: ".$" values that
// are not strings, keys that clash once ".$" is removed, and constant
// strings that look like paths (NO_DOLLAR).
func checkTemplateKeys(p *Pass, t *asl.Node) {
	t.Walk(func(n *asl.Node) bool {
		if n.Kind != asl.Object {
			return true
		}
		seen := map[string]string{}
		for _, m := range n.Members {
			base := strings.TrimSuffix(m.Key, ".$")
			if prev, dup := seen[base]; dup && prev != m.Key {
				p.ReportKey(rulePayloadTemplate, n, m.Key, "keys %q and %q both become %q once \".$\" is removed; keep one", prev, m.Key, base)
			}
			seen[base] = m.Key
			v := m.Value
			if strings.HasSuffix(m.Key, ".$") {
				if v.Kind != asl.String {
					p.Report(rulePayloadTemplate, v, "the value of %q must be a string holding a path or an intrinsic function, not %s; for a constant, remove \".$\" from the key",
						m.Key, jsonKindName(v))
				}
				continue
			}
			if s, ok := v.StringValue(); ok && looksLikePath(s) && !isPlaceholder(s) {
				p.Report(ruleNoDollar, v, "%q is passed on as the literal text %q; to evaluate it as a path or intrinsic function, name the key %q",
					m.Key, s, m.Key+".$")
			}
		}
		return true
	})
}

// looksLikePath reports whether a constant string is probably meant as a
// path or an intrinsic function call.
func looksLikePath(s string) bool {
	// "$$$" or "$$ off" are text, not context-object paths ("$$", "$$.x").
	return s == "$" || s == "$$" || strings.HasPrefix(s, "$.") || strings.HasPrefix(s, "$[") ||
		strings.HasPrefix(s, "$$.") || strings.HasPrefix(s, "$$[") || intrinsic.IsCall(s)
}

// checkPassResult reports paths and ".$" keys in a Pass state's Result.
func checkPassResult(p *Pass, r *asl.Node) {
	r.Walk(func(n *asl.Node) bool {
		if n.Kind != asl.Object {
			return true
		}
		for _, m := range n.Members {
			if strings.HasSuffix(m.Key, ".$") {
				p.ReportKey(rulePassResultStatic, n, m.Key, "Result is a constant: key %q keeps its \".$\" and its value is not evaluated; use \"Parameters\" to build the output from the input", m.Key)
			} else if s, ok := m.Value.StringValue(); ok && looksLikePath(s) && !isPlaceholder(s) {
				p.Report(rulePassResultStatic, m.Value, "Result is a constant: %q is passed on as written, not evaluated; use \"Parameters\" with a \".$\" key to read it from the input", s)
			}
		}
		return true
	})
}

func jsonKindName(n *asl.Node) string {
	switch n.Kind {
	case asl.Null:
		return "null"
	case asl.Bool:
		return "a boolean"
	case asl.Number:
		return "a number"
	case asl.Object:
		return "an object"
	case asl.Array:
		return "an array"
	}
	return "a string"
}
