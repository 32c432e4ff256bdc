package lint

import (
	"regexp"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// The Task state's Resource. Source: asl-semantics §2–3 (Resource is a
// constant string, also in JSONata states) and §11 (INVALID_RESOURCE); AWS
// Lambda and Step Functions ARN formats.

var ruleTaskResource = register(&Rule{
	ID: "ASL038", Name: "task-resource", Severity: Error, AWSCode: "INVALID_RESOURCE",
	Summary: "a Task's Resource is not a constant string or is a malformed ARN",
	Doc: "Resource names the work a Task runs: an integration such as arn:aws:states:::lambda:invoke (with " +
		"an optional .sync, .sync:2 or .waitForTaskToken suffix), a Lambda function ARN or an activity ARN. " +
		"It must be a constant string, also in JSONata states: an expression is not evaluated there. A " +
		"malformed ARN — missing parts, an empty or invalid Lambda function name or alias, an unknown " +
		"integration suffix — is rejected with INVALID_RESOURCE. ${...} substitutions of SAM, CloudFormation, " +
		"CDK or Terraform are accepted as they are, but must be closed.",
	Bad:    `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:", "End": true}}}`,
	Good:   `{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ProcessOrder", "End": true}}}`,
	Tags:   []string{"correctness", "task"},
	Source: "AWS Task workflow state; ValidateStateMachineDefinition INVALID_RESOURCE",
})

var (
	lambdaNameRe      = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	lambdaQualifierRe = regexp.MustCompile(`^(\$LATEST|[A-Za-z0-9_-]{1,128})$`)
)

// integrationSuffixes are the service integration patterns (AWS "Discover
// service integration patterns").
var integrationSuffixes = []string{"sync", "sync:2", "waitForTaskToken"}

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		if s.Type != "Task" || s.Node.Kind != asl.Object {
			return
		}
		res := s.Field("Resource")
		if v, ok := res.StringValue(); ok {
			if msg := resourceProblem(v); msg != "" {
				p.Report(ruleTaskResource, res, "Resource %q %s", v, msg)
			}
		}
	}})
}

// resourceProblem says what is wrong with a Resource, or "".
func resourceProblem(r string) string {
	if strings.Contains(r, "{%") {
		return "is a JSONata expression, but Resource must be a constant string; pass the variable part in \"Arguments\" (e.g. the FunctionName of arn:aws:states:::lambda:invoke)"
	}
	if strings.Contains(r, "${") {
		for rest := r; ; {
			i := strings.Index(rest, "${")
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				return "has a \"${\" substitution that is never closed; add the \"}\""
			}
			rest = rest[i+j+1:]
		}
		return "" // a deployment-time substitution: opaque
	}
	switch {
	case r == "":
		return "is empty; name the integration, Lambda function or activity to run"
	case strings.TrimSpace(r) != r:
		return "has leading or trailing whitespace; remove it"
	case strings.ContainsAny(r, " \t\r\n"):
		return "contains whitespace, which no ARN does"
	case !strings.HasPrefix(r, "arn:"):
		// The ASL specification allows any URI, and deployment tools put
		// tokens of their own here (recorded definitions "__tbd__"): not
		// an ARN is left alone.
		return ""
	}
	parts := strings.SplitN(r, ":", 6)
	if len(parts) < 6 || parts[1] == "" || parts[2] == "" {
		return "is not a complete ARN; write arn:<partition>:<service>:<region>:<account>:<resource>, e.g. arn:aws:states:::lambda:invoke"
	}
	service, rest := parts[2], parts[5]
	switch {
	case service == "lambda" && !strings.HasPrefix(rest, "function:"):
		// Often the account left out, which shifts "function" into its
		// place.
		return "is not a Lambda function ARN; write arn:aws:lambda:<region>:<account>:function:<name>, or call arn:aws:states:::lambda:invoke with the FunctionName in Parameters"
	case service == "lambda":
		return lambdaProblem(strings.TrimPrefix(rest, "function:"))
	case service == "states" && parts[3] == "" && parts[4] == "":
		return integrationProblem(rest)
	case service == "states" && strings.HasPrefix(rest, "activity:") && rest == "activity:":
		return "has no activity name after \"activity:\""
	}
	return ""
}

func lambdaProblem(fn string) string {
	name, qualifier, hasQualifier := strings.Cut(fn, ":")
	switch {
	case !lambdaNameRe.MatchString(name):
		if name == "" {
			return "has no function name after \"function:\""
		}
		return "has an invalid Lambda function name " + quote(name) + "; use 1 to 64 letters, digits, - and _"
	case !hasQualifier:
		return ""
	case qualifier == "":
		return "ends in \":\" with no version or alias after it; remove the \":\" or name the alias"
	case strings.Contains(qualifier, ":"):
		return "has too many parts after the function name; the form is function:<name>[:<version or alias>]"
	case !lambdaQualifierRe.MatchString(qualifier):
		return "has an invalid version or alias " + quote(qualifier) + "; use $LATEST, a version number or an alias of letters, digits, - and _"
	}
	return ""
}

// integrationProblem checks "<service>:<action>[.<pattern>]" of an
// arn:aws:states::: integration.
func integrationProblem(rest string) string {
	if !strings.Contains(rest, ":") || strings.HasPrefix(rest, ":") || strings.HasSuffix(rest, ":") {
		return "is not a service integration; write arn:aws:states:::<service>:<action>, e.g. arn:aws:states:::lambda:invoke"
	}
	if sdk, ok := strings.CutPrefix(rest, "aws-sdk:"); ok {
		service, action, found := strings.Cut(sdk, ":")
		if !found || service == "" || action == "" || strings.HasPrefix(action, ".") {
			return "names no API action; write arn:aws:states:::aws-sdk:<service>:<action>, e.g. arn:aws:states:::aws-sdk:s3:getObject"
		}
	}
	dot := strings.LastIndexByte(rest, '.')
	if dot < 0 {
		return ""
	}
	suffix := rest[dot+1:]
	for _, s := range integrationSuffixes {
		if suffix == s {
			return ""
		}
	}
	dotted := make([]string, len(integrationSuffixes))
	for i, x := range integrationSuffixes {
		dotted[i] = "." + x
	}
	return "ends in the unknown integration pattern " + quote("."+suffix) + "; use .sync, .sync:2 or .waitForTaskToken" +
		didYouMean("."+suffix, dotted)
}
