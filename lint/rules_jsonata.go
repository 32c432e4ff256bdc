package lint

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/jsonata"
	"github.com/sfnsim/sfnsim/asl/path"
)

// JSONata states: the "{% %}" expressions and the $states variable. Source:
// asl-semantics §3 (AWS "Transforming data with JSONata").

var ruleJSONataSyntax = register(&Rule{
	ID: "ASL034", Name: "jsonata-syntax", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a \"{% %}\" expression of a JSONata state does not parse, or calls an unknown function",
	Doc: "In a JSONata state every string of the form \"{% expression %}\" is evaluated as JSONata 2.0.6. An " +
		"expression that does not parse is rejected when the state machine is created; a call of a function " +
		"that neither JSONata nor Step Functions provides ($eval is unavailable) fails. The message points " +
		"at the place the parser stopped.",
	Bad:    `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $sum($states.input.items %}", "End": true}}}`,
	Good:   `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $sum($states.input.items) %}", "End": true}}}`,
	Tags:   []string{"correctness", "jsonata"},
	Source: "AWS Transforming data with JSONata in Step Functions",
})

var ruleStatesVariable = register(&Rule{
	ID: "ASL035", Name: "jsonata-states-variable", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "$states.result or $states.errorOutput is read where it does not exist",
	Doc: "$states.result holds the result of a Task, Parallel or Map state and exists only in that state's " +
		"Output and Assign, once the work has run: not in Arguments, not in a Map's Items or ItemSelector, " +
		"not in Pass, Choice, Wait, Succeed or Fail states. $states.errorOutput holds {Error, Cause} and " +
		"exists only in a catcher's Output and Assign. Reading either elsewhere is a definition error. Read " +
		"$states.input instead, or move the expression to where the value exists.",
	Bad:    `{"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"Payload": "{% $states.result %}"}, "End": true}}}`,
	Good:   `{"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"Payload": "{% $states.input %}"}, "Output": "{% $states.result.Payload %}", "End": true}}}`,
	Tags:   []string{"correctness", "jsonata"},
	Source: "AWS Transforming data with JSONata (reserved variable $states); asl-semantics §3",
})

var ruleJSONataDelimiters = register(&Rule{
	ID: "ASL045", Name: "jsonata-delimiters", Severity: Error,
	Summary: "a string in a JSONata state looks like an expression but is not of the exact form \"{% … %}\"",
	Doc: "Only a string that starts with \"{%\" and ends with \"%}\", with nothing outside them, is evaluated. " +
		"AWS documents that an improperly opened or closed expression (\"{% $x %\", \"$x %}\") is a validation " +
		"error: those are errors here. A complete expression with whitespace around it (\" {% $x %} \") is accepted " +
		"and kept as literal text (observed on AWS): that is a warning, since it is almost never what was meant. " +
		"Remove what is outside the delimiters, or complete them.",
	Bad:    `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"id": " {% $states.input.id %}"}, "End": true}}}`,
	Good:   `{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"id": "{% $states.input.id %}"}, "End": true}}}`,
	Tags:   []string{"jsonata"},
	Source: "AWS Transforming data with JSONata; conformance outputdecl BASE_LITERALS (observed)",
})

// jsonataPlace says which $states members exist where an expression is.
type jsonataPlace struct {
	label       string // the field, for messages
	result      bool   // $states.result exists
	errorOutput bool   // $states.errorOutput exists
}

// stateSkipFields are state fields that hold no JSONata or are checked by
// other code: the structure, nested scopes, Retry (numbers only) and
// Resource (ASL038).
var stateSkipFields = map[string]bool{
	"Type": true, "Comment": true, "QueryLanguage": true, "Next": true, "End": true, "Default": true,
	"Branches": true, "ItemProcessor": true, "Iterator": true, "Retry": true, "Resource": true,
	"Catch": true, "Choices": true,
}

// jsonataValues calls fn for every value of a JSONata state that may hold
// "{% %}" strings, with where it is.
func jsonataValues(s *asl.State, fn func(v *asl.Node, at jsonataPlace)) {
	if s.Node.Kind != asl.Object || !s.IsJSONata() {
		return
	}
	hasResult := s.Type == "Task" || s.Type == "Parallel" || s.Type == "Map"
	for _, m := range s.Node.Members {
		if stateSkipFields[m.Key] {
			continue
		}
		at := jsonataPlace{label: m.Key}
		at.result = hasResult && (m.Key == "Output" || m.Key == "Assign")
		fn(m.Value, at)
	}
	for _, c := range arrayObjects(s.Field("Catch")) {
		for _, f := range []string{"Output", "Assign"} {
			if v := c.Get(f); v != nil {
				fn(v, jsonataPlace{label: "catcher " + f, errorOutput: true})
			}
		}
	}
	if s.Type == "Choice" {
		for _, r := range arrayObjects(s.Field("Choices")) {
			for _, f := range []string{"Condition", "Output", "Assign"} {
				if v := r.Get(f); v != nil {
					fn(v, jsonataPlace{label: "choice rule " + f})
				}
			}
		}
	}
}

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		jsonataValues(s, func(v *asl.Node, at jsonataPlace) {
			v.Walk(func(n *asl.Node) bool {
				str, ok := n.StringValue()
				if !ok || isPlaceholder(str) {
					return true
				}
				expr, off, ok := jsonata.Expression(str)
				if !ok {
					checkDelimiters(p, n, str)
					return true
				}
				if err := jsonata.Check(expr); err != nil {
					var se *path.SyntaxError
					if errors.As(err, &se) {
						p.ReportInString(ruleJSONataSyntax, n, off+se.Offset, se.End-se.Offset, "invalid JSONata in %s: %s", at.label, se.Msg)
					} else {
						p.Report(ruleJSONataSyntax, n, "invalid JSONata in %s: %v", at.label, err)
					}
					return true
				}
				checkStatesMembers(p, s, n, expr, off, at)
				return true
			})
		})
	}})
}

// checkDelimiters reports a string that was probably meant as an
// expression: unbalanced delimiters are an error (AWS "Transforming data
// with JSONata": improperly opening or closing the expression is a
// validation error), whitespace around complete ones a warning.
func checkDelimiters(p *Pass, n *asl.Node, s string) {
	t := strings.TrimSpace(s)
	switch {
	case t != s && jsonata.IsExpression(t):
		p.atSeverity(Warning, func() {
			p.Report(ruleJSONataDelimiters, n, "%q is literal text because of the whitespace around \"{%% %%}\"; remove it to evaluate the expression", s)
		})
	case strings.HasPrefix(t, "{%") && !strings.HasSuffix(t, "%}"):
		p.Report(ruleJSONataDelimiters, n, "%q starts with \"{%%\" but does not end with \"%%}\", which AWS rejects; close the expression with \"%%}\"", s)
	case strings.HasSuffix(t, "%}") && !strings.HasPrefix(t, "{%"):
		p.Report(ruleJSONataDelimiters, n, "%q ends with \"%%}\" but does not start with \"{%%\", which AWS rejects; open the expression with \"{%%\"", s)
	}
}

// checkStatesMembers reports $states.result and $states.errorOutput where
// they do not exist.
func checkStatesMembers(p *Pass, s *asl.State, n *asl.Node, expr string, off int, at jsonataPlace) {
	for _, ref := range statesRefs(expr) {
		switch {
		case ref.member == "result" && !at.result:
			p.ReportInString(ruleStatesVariable, n, off+ref.offset, ref.length, "$states.result does not exist in %s: %s", at.label, resultHint(s, at))
		case ref.member == "errorOutput" && !at.errorOutput:
			p.ReportInString(ruleStatesVariable, n, off+ref.offset, ref.length, "$states.errorOutput does not exist in %s: it is set only in a catcher's \"Output\" and \"Assign\"", at.label)
		}
	}
}

func resultHint(s *asl.State, at jsonataPlace) string {
	switch {
	case strings.HasPrefix(at.label, "catcher"):
		return "the state failed, so read the error from $states.errorOutput"
	case s.Type != "Task" && s.Type != "Parallel" && s.Type != "Map":
		return s.Type + " states produce no result; read $states.input instead"
	}
	return "the result exists only once the work has run; use it in \"Output\" or \"Assign\", and read $states.input here"
}

// statesRef is one "$states.<member>" in an expression.
type statesRef struct {
	member         string
	offset, length int
}

// statesRefs finds "$states.result" and "$states.errorOutput" in a JSONata
// expression, outside string literals, quoted names and comments.
func statesRefs(expr string) []statesRef {
	var out []statesRef
	scanJSONata(expr, func(i int, name string) {
		if name != "states" {
			return
		}
		j := i + len("$states")
		for j < len(expr) && isJSONataSpace(expr[j]) {
			j++
		}
		if j >= len(expr) || expr[j] != '.' {
			return
		}
		j++
		for j < len(expr) && isJSONataSpace(expr[j]) {
			j++
		}
		for _, m := range []string{"result", "errorOutput"} {
			if strings.HasPrefix(expr[j:], m) && (j+len(m) == len(expr) || !isJSONataNameByte(expr[j+len(m)])) {
				out = append(out, statesRef{m, i, j + len(m) - i})
			}
		}
	})
	return out
}

// scanJSONata calls fn for each variable reference "$name" of expr, with its
// byte offset, skipping strings, backquoted names and comments.
func scanJSONata(expr string, fn func(offset int, name string)) {
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; c {
		case '"', '\'', '`':
			for i++; i < len(expr) && expr[i] != c; i++ {
				if expr[i] == '\\' && c != '`' {
					i++
				}
			}
		case '/':
			if i+1 < len(expr) && expr[i+1] == '*' {
				end := strings.Index(expr[i+2:], "*/")
				if end < 0 {
					return
				}
				i += end + 3
			}
		case '$':
			j := i + 1
			for j < len(expr) {
				r, size := utf8.DecodeRuneInString(expr[j:])
				if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					break
				}
				j += size
			}
			fn(i, expr[i+1:j])
			i = j - 1
		}
	}
}

func isJSONataSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isJSONataNameByte(c byte) bool {
	return c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// jsonataVariableRefs finds the workflow variables a JSONata expression
// reads: "$name" references that are not function calls, not built-in
// functions passed as values, not $states and not bound inside the
// expression itself (by :=, as function parameters, or by the # and @
// positional and context bindings of a path step).
func jsonataVariableRefs(expr string) []varRef {
	type occ struct {
		name string
		off  int
	}
	var all []occ
	scanJSONata(expr, func(i int, name string) { all = append(all, occ{name, i}) })
	bound := map[string]bool{}
	for _, o := range all {
		rest := strings.TrimLeft(expr[o.off+1+len(o.name):], " \t\r\n")
		if strings.HasPrefix(rest, ":=") {
			bound[o.name] = true
		}
		// Positional (items#$i) and context (items@$item) variable
		// bindings of a path step.
		before := strings.TrimRight(expr[:o.off], " \t\r\n")
		if strings.HasSuffix(before, "#") || strings.HasSuffix(before, "@") {
			bound[o.name] = true
		}
	}
	for _, kw := range []string{"function", "λ"} {
		for i := strings.Index(expr, kw); i >= 0; {
			rest := strings.TrimLeft(expr[i+len(kw):], " \t\r\n")
			if strings.HasPrefix(rest, "(") {
				if end := strings.IndexByte(rest, ')'); end > 0 {
					scanJSONata(rest[:end], func(_ int, name string) { bound[name] = true })
				}
			}
			next := strings.Index(expr[i+len(kw):], kw)
			if next < 0 {
				break
			}
			i += len(kw) + next
		}
	}
	builtin := map[string]bool{}
	for _, f := range jsonata.BuiltinFunctions {
		builtin[f] = true
	}
	for _, f := range jsonata.StepFunctionsFunctions {
		builtin[f] = true
	}
	var out []varRef
	for _, o := range all {
		if o.name == "" || o.name == "states" || bound[o.name] || builtin[o.name] {
			continue
		}
		rest := strings.TrimLeft(expr[o.off+1+len(o.name):], " \t\r\n")
		if strings.HasPrefix(rest, "(") {
			continue // a function call: jsonata.Check reports unknown functions
		}
		out = append(out, varRef{o.name, o.off})
	}
	return out
}
