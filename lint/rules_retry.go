package lint

import (
	"fmt"
	"math"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// Retry and Catch: error names and retrier settings. Source: asl-semantics
// §7 and §9 (ASL specification "Errors"; AWS "Handling errors in Step
// Functions workflows").

var ruleStatesAll = register(&Rule{
	ID: "ASL025", Name: "states-all-position", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "States.ALL is not alone in its ErrorEquals or not in the last retrier or catcher",
	Doc: "States.ALL matches every error, so it must appear alone in its ErrorEquals array and only in the " +
		"last retrier or catcher: anything after it could never be used. Move the retrier or catcher with " +
		"States.ALL to the end and remove the other names from its ErrorEquals.",
	Bad: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}, {"ErrorEquals": ["States.Timeout"], "Next": "F"}]},
  "F": {"Type": "Fail"}}}`,
	Good: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "F"}, {"ErrorEquals": ["States.ALL"], "Next": "F"}]},
  "F": {"Type": "Fail"}}}`,
	Tags:   []string{"correctness", "errors"},
	Source: "ASL specification: Errors (States.ALL)",
})

var ruleErrorName = register(&Rule{
	ID: "ASL026", Name: "error-name", Severity: Warning,
	Summary: "an error name starting with \"States.\" is not predefined, or names an error that is never caught",
	Doc: "Names starting with \"States.\" are reserved for the errors Step Functions raises itself " +
		"(States.ALL, States.Timeout, States.TaskFailed, States.Permissions …). A misspelt one, such as " +
		"States.Timout, silently never matches. States.Runtime is never retried or caught, not even when " +
		"named explicitly (observed on AWS: a Catch on States.Runtime did not catch an OutputPath failure): " +
		"fix the path or value that causes it instead. A Fail state should raise an error name of your own, " +
		"without the reserved prefix.",
	Bad: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Retry": [{"ErrorEquals": ["States.Timout"]}]}}}`,
	Good: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Retry": [{"ErrorEquals": ["States.Timeout"]}]}}}`,
	Tags:   []string{"correctness", "errors"},
	Source: "ASL specification: Errors; AWS Handling errors; asl-semantics §7 (observed)",
})

var ruleRetryValues = register(&Rule{
	ID: "ASL027", Name: "retry-values", Severity: Warning,
	Summary: "a retrier's MaxDelaySeconds has no effect or caps every retry below IntervalSeconds",
	Doc: "The delay before retry k is IntervalSeconds × BackoffRate^(k−1), capped by MaxDelaySeconds. A " +
		"MaxDelaySeconds the delays never reach (because BackoffRate is 1, or MaxAttempts is small) does " +
		"nothing and suggests a different intent; one below IntervalSeconds caps every retry, so " +
		"IntervalSeconds and BackoffRate are ignored. Adjust the values or remove MaxDelaySeconds.",
	Bad: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "BackoffRate": 1, "MaxDelaySeconds": 60}]}}}`,
	Good: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "BackoffRate": 2, "MaxAttempts": 8, "MaxDelaySeconds": 60}]}}}`,
	Tags:   []string{"errors", "retry"},
	Source: "AWS Handling errors in Step Functions workflows (retry delays)",
})

var ruleErrorShadowed = register(&Rule{
	ID: "ASL028", Name: "error-shadowed", Severity: Warning,
	Summary: "an error name is already matched by an earlier retrier or catcher",
	Doc: "Retriers and catchers are tried in order and the first one whose ErrorEquals matches applies. An " +
		"error name listed again in a later retrier or catcher is never handled there, nor is any name after " +
		"States.TaskFailed, which matches every error but States.Timeout. Merge the two, move the specific " +
		"one first, or remove the name from the later one.",
	Bad: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Catch": [{"ErrorEquals": ["MyError"], "Next": "F"}, {"ErrorEquals": ["MyError", "Other"], "Next": "G"}]},
  "F": {"Type": "Fail"}, "G": {"Type": "Fail"}}}`,
	Good: `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Arguments": {}, "QueryLanguage": "JSONata", "End": true,
  "Catch": [{"ErrorEquals": ["MyError"], "Next": "F"}, {"ErrorEquals": ["Other"], "Next": "G"}]},
  "F": {"Type": "Fail"}, "G": {"Type": "Fail"}}}`,
	Tags:   []string{"errors"},
	Source: "ASL specification: Retrying after error; Fallback states",
})

// predefinedErrors are the error names Step Functions raises itself
// (asl-semantics §9).
var predefinedErrors = []string{
	"States.ALL", "States.Timeout", "States.HeartbeatTimeout", "States.TaskFailed", "States.Permissions",
	"States.ResultPathMatchFailure", "States.ParameterPathFailure", "States.BranchFailed",
	"States.NoChoiceMatched", "States.IntrinsicFailure", "States.ExceedToleratedFailureThreshold",
	"States.ItemReaderFailed", "States.ResultWriterFailed", "States.QueryEvaluationError",
	"States.Http.Socket", "States.DataLimitExceeded", "States.Runtime",
}

const (
	statesAll        = "States.ALL"
	statesTaskFailed = "States.TaskFailed"
)

// taskFailedMatches reports whether States.TaskFailed, as a matcher, takes
// the error name: every one but States.Timeout (States.ALL is judged by
// its own rule, States.Runtime is never caught).
func taskFailedMatches(name string) bool {
	return name != "States.Timeout" && name != statesAll && name != "States.Runtime" && name != statesTaskFailed
}

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		if s.Node.Kind != asl.Object {
			return
		}
		if s.Type == "Task" || s.Type == "Parallel" || s.Type == "Map" {
			checkHandlers(p, s, "Retry", "retrier")
			checkHandlers(p, s, "Catch", "catcher")
			for _, r := range arrayObjects(s.Field("Retry")) {
				checkRetryValues(p, r)
			}
		}
		if s.Type == "Fail" {
			checkFailError(p, s)
		}
	}})
}

// checkHandlers checks the ErrorEquals of each retrier or catcher of field.
func checkHandlers(p *Pass, s *asl.State, field, what string) {
	handlers := arrayObjects(s.Field(field))
	seen := map[string]int{} // error name → index of the first handler naming it
	for i, h := range handlers {
		ee := h.Get("ErrorEquals")
		if ee == nil || ee.Kind != asl.Array {
			continue
		}
		for _, e := range ee.Elems {
			name, ok := e.StringValue()
			if !ok {
				continue
			}
			switch {
			case name == statesAll && len(ee.Elems) > 1:
				p.Report(ruleStatesAll, e, "%q must be alone in its ErrorEquals; it already matches every error, remove the other names", statesAll)
			case name == statesAll && i != len(handlers)-1:
				p.Report(ruleStatesAll, e, "the %s with %q must be the last one; the %s after it can never be used — move it to the end of %q",
					what, statesAll, pluralOf(what, len(handlers)-1-i), field)
			}
			checkErrorName(p, s, e, name, what)
			first, dup := seen[name]
			if tf, ok := seen[statesTaskFailed]; ok && tf != i && !dup && taskFailedMatches(name) {
				// States.TaskFailed is a wildcard for every error but
				// States.Timeout (asl-semantics §9).
				p.Report(ruleErrorShadowed, e, "%q is already matched by %q in %s %d of %q (it matches every error except States.Timeout), so this %s never handles it; move this %s before that one, or remove the name",
					name, statesTaskFailed, what, tf, field, what, what)
				continue
			}
			if dup && first != i {
				p.Report(ruleErrorShadowed, e, "%q is already matched by %s %d of %q, so this %s never handles it; remove it here",
					name, what, first, field, what)
			} else if !dup {
				seen[name] = i
			}
		}
	}
}

func pluralOf(what string, n int) string {
	if n == 1 {
		return what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// checkErrorName checks one ErrorEquals entry of state s.
func checkErrorName(p *Pass, s *asl.State, e *asl.Node, name, what string) {
	if !strings.HasPrefix(name, "States.") {
		return
	}
	if name == "States.Runtime" {
		p.Report(ruleErrorName, e, "%q is never retried or caught, even when named; this %s has no effect on it — fix the path or value that raises it instead", name, what)
		return
	}
	if contains(predefinedErrors, name) {
		return
	}
	if raisedInside(s, name) {
		// A Fail state of a branch or iteration raises it, and the Parallel
		// or Map fails with that name: the handler does match. The Fail
		// state itself is reported for using the reserved prefix.
		return
	}
	p.Report(ruleErrorName, e, "%q is not an error Step Functions raises, so it never matches%s", name, errorHint(name))
}

// raisedInside reports whether a Fail state in the branches or iterations
// of s (a Parallel or inline Map state) raises the literal error name. A
// Distributed Map does not pass its children's error names on: it fails
// with States.ExceedToleratedFailureThreshold.
func raisedInside(s *asl.State, name string) bool {
	if s.IsDistributed() {
		return false
	}
	found := false
	var walk func(scopes []*asl.Scope)
	walk = func(scopes []*asl.Scope) {
		for _, sc := range scopes {
			for _, c := range sc.States {
				if found {
					return
				}
				if c.Type == "Fail" {
					if v, ok := c.Field("Error").StringValue(); ok && v == name {
						found = true
						return
					}
				}
				if !c.IsDistributed() {
					walk(c.Children)
				}
			}
		}
	}
	walk(s.Children)
	return found
}

func errorHint(name string) string {
	if d := didYouMean(name, predefinedErrors); d != "" {
		return d
	}
	return "; names starting with \"States.\" are reserved for Step Functions' own errors"
}

// checkFailError warns about a Fail state raising a name of the reserved
// "States." namespace that Step Functions itself never raises.
func checkFailError(p *Pass, s *asl.State) {
	e := s.Field("Error")
	name, ok := e.StringValue()
	if !ok || !strings.HasPrefix(name, "States.") || contains(predefinedErrors, name) {
		return
	}
	p.Report(ruleErrorName, e, "Fail state %q raises %q, a name in the namespace reserved for Step Functions' own errors%s",
		s.Name, name, failErrorHint(name))
}

func failErrorHint(name string) string {
	if d := didYouMean(name, predefinedErrors); d != "" {
		return d
	}
	return "; use a name of your own without the \"States.\" prefix"
}

// checkRetryValues looks at the delays a retrier produces.
func checkRetryValues(p *Pass, r *asl.Node) {
	maxDelayNode := r.Get("MaxDelaySeconds")
	maxDelay, ok := maxDelayNode.Int()
	if !ok || maxDelay <= 0 {
		return
	}
	interval, backoff, attempts := 1.0, 2.0, int64(3)
	if n := r.Get("IntervalSeconds"); n != nil {
		v, ok := n.Int()
		if !ok || v <= 0 {
			return
		}
		interval = float64(v)
	}
	if n := r.Get("BackoffRate"); n != nil {
		v, ok := n.Float()
		if !ok || v < 1 {
			return
		}
		backoff = v
	}
	if n := r.Get("MaxAttempts"); n != nil {
		v, ok := n.Int()
		if !ok || v < 0 {
			return
		}
		attempts = v
	}
	if attempts == 0 {
		return // the retrier never retries: MaxDelaySeconds is moot either way
	}
	if float64(maxDelay) < interval {
		p.Report(ruleRetryValues, maxDelayNode,
			"MaxDelaySeconds (%d) is below IntervalSeconds (%s), so every retry waits %d s and IntervalSeconds and BackoffRate have no effect; raise MaxDelaySeconds or lower IntervalSeconds",
			maxDelay, formatSeconds(interval), maxDelay)
		return
	}
	if backoff == 1 {
		p.Report(ruleRetryValues, maxDelayNode,
			"MaxDelaySeconds (%d) has no effect: with BackoffRate 1 every retry waits IntervalSeconds (%s s); remove it, or raise BackoffRate",
			maxDelay, formatSeconds(interval))
		return
	}
	longest := interval * math.Pow(backoff, float64(attempts-1))
	if longest <= float64(maxDelay) {
		p.Report(ruleRetryValues, maxDelayNode,
			"MaxDelaySeconds (%d) is never reached: the longest delay of this retrier is %s s (IntervalSeconds × BackoffRate^(MaxAttempts−1)); remove it, or raise BackoffRate or MaxAttempts",
			maxDelay, formatSeconds(longest))
	}
}

func formatSeconds(f float64) string {
	if f == math.Trunc(f) && f < 1e15 {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.3g", f)
}
