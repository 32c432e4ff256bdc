// Package lambda performs the Task states of `sfnsim run` that invoke AWS
// Lambda functions for real: a function ARN as the Resource, and the
// optimized integration arn:aws:states:::lambda:invoke.
//
// Both invoke synchronously through aws-sdk-go-v2 and report failures with
// the names and causes Step Functions reports on AWS (asl-semantics §7,
// recorded in /work/shared/conformance/error_handling): a function error is
// named after the function's errorType with the payload text as cause, a
// Lambda service error is "Lambda." + its exception.
package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// Handler invokes Lambda functions. It holds no per-call state, so one
// Handler serves every concurrent call of a run.
type Handler struct {
	client *awslambda.Client
}

// New returns a handler calling Lambda through client (aws-sdk-go-v2
// service/lambda). The client's region, credentials, endpoint and retry
// policy are used as they are.
func New(client *awslambda.Client) *Handler { return &Handler{client: client} }

// resourceKind tells how a Task state's Resource invokes Lambda.
type resourceKind int

const (
	notLambda resourceKind = iota
	// direct: Resource is the function's ARN; the state's input is the
	// payload and the function's result is the task's output.
	direct
	// optimized: Resource is arn:<partition>:states:::lambda:invoke; the
	// input is an Invoke request and the output wraps the result with the
	// response metadata.
	optimized
)

// classify recognises the two Lambda resource forms in any partition (aws,
// aws-cn, aws-us-gov …). lambda:invoke.waitForTaskToken is left to the
// callback handler: its task ends when SendTaskSuccess arrives, not when
// the function returns.
func classify(resource string) resourceKind {
	p := strings.Split(resource, ":")
	if len(p) < 7 || p[0] != "arn" || p[1] == "" {
		return notLambda
	}
	switch {
	case len(p) == 7 && p[2] == "states" && p[3] == "" && p[4] == "" && p[5] == "lambda" && p[6] == "invoke":
		return optimized
	case p[2] == "lambda" && p[3] != "" && p[4] != "" && p[5] == "function" && p[6] != "" &&
		(len(p) == 7 || len(p) == 8 && p[7] != ""):
		return direct
	}
	return notLambda
}

// Handles reports whether resource is a Lambda function ARN (optionally
// qualified by a version or alias) or the lambda:invoke integration.
func (h *Handler) Handles(resource string) bool { return classify(resource) != notLambda }

// Call invokes the function c names and waits for its result.
func (h *Handler) Call(ctx context.Context, c *task.Call) (any, *asl.StatesError) {
	switch classify(c.Resource) {
	case direct:
		return h.callDirect(ctx, c)
	case optimized:
		return h.callOptimized(ctx, c)
	}
	return nil, asl.Runtime("%s is not a Lambda function ARN or arn:aws:states:::lambda:invoke; the Lambda handler cannot call it, so route it to another handler or mock the state", c.Resource)
}

// callDirect sends the whole effective input as the payload, as Step
// Functions does for a function ARN (the conformance cases send "HelloWorld",
// 0, true, [] and get them back from an echo function).
func (h *Handler) callDirect(ctx context.Context, c *task.Call) (any, *asl.StatesError) {
	payload, err := marshal(c.Input)
	if err != nil {
		return nil, asl.Runtime("the input of state '%s' cannot be sent to Lambda as JSON: %v", c.State, err)
	}
	// The SDK takes a full ARN, with its qualifier, as the FunctionName.
	out, err := h.client.Invoke(ctx, &awslambda.InvokeInput{
		FunctionName:   aws.String(c.Resource),
		InvocationType: types.InvocationTypeRequestResponse,
		Payload:        payload,
	})
	if err != nil {
		return nil, serviceFailure(ctx, err)
	}
	if out.FunctionError != nil {
		return nil, functionFailure(out.Payload)
	}
	if len(bytes.TrimSpace(out.Payload)) == 0 {
		return nil, nil
	}
	return decodePayload(out.Payload), nil
}

// callOptimized performs the Invoke request the input describes and
// returns the response as Step Functions shapes it.
func (h *Handler) callOptimized(ctx context.Context, c *task.Call) (any, *asl.StatesError) {
	in, bad := invokeInput(c.State, c.Input)
	if bad != nil {
		return nil, bad
	}
	out, err := h.client.Invoke(ctx, in)
	if err != nil {
		return nil, serviceFailure(ctx, err)
	}
	// AWS docs, "Invoke Lambda with Step Functions": if the response
	// contains FunctionError, the task fails.
	if out.FunctionError != nil {
		return nil, functionFailure(out.Payload)
	}
	res := map[string]any{
		"StatusCode": json.Number(fmt.Sprint(out.StatusCode)),
	}
	// An asynchronous (Event) or DryRun invocation returns no body; the
	// output keeps the field, empty, rather than inventing a null result.
	if len(bytes.TrimSpace(out.Payload)) == 0 {
		res["Payload"] = ""
	} else {
		res["Payload"] = decodePayload(out.Payload)
	}
	if out.ExecutedVersion != nil {
		res["ExecutedVersion"] = *out.ExecutedVersion
	}
	if out.LogResult != nil {
		res["LogResult"] = *out.LogResult
	}
	addMetadata(res, out.ResultMetadata)
	return res, nil
}

// The fields of the Invoke request Step Functions accepts for lambda:invoke
// (AWS docs, "Invoke Lambda with Step Functions"; LogType is in the
// recorded test_invoke_unsupported_param case).
const (
	fieldFunctionName   = "FunctionName"
	fieldPayload        = "Payload"
	fieldQualifier      = "Qualifier"
	fieldInvocationType = "InvocationType"
	fieldLogType        = "LogType"
	fieldClientContext  = "ClientContext"
)

var invokeFields = []string{fieldClientContext, fieldFunctionName, fieldInvocationType, fieldLogType, fieldPayload, fieldQualifier}

// invokeInput builds the Invoke request from the effective parameters,
// refusing what Lambda would refuse before the call is made, so that the
// cause names the field instead of echoing an SDK validation message.
func invokeInput(state string, input any) (*awslambda.InvokeInput, *asl.StatesError) {
	obj, ok := input.(map[string]any)
	if !ok {
		return nil, badParams(state, input, fmt.Sprintf("the parameters must be an object with at least %s, not %s", fieldFunctionName, task.Kind(input)))
	}
	// Sorted, so that the same parameters always name the same field.
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if !slices.Contains(invokeFields, k) {
			return nil, badParams(state, input, fmt.Sprintf("the field '%s' is not supported by lambda:invoke; remove it, or use one of %s", k, strings.Join(invokeFields, ", ")))
		}
	}
	str := func(name string) (*string, string) {
		v, ok := obj[name]
		if !ok || v == nil {
			return nil, ""
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Sprintf("the field '%s' must be a string, not %s", name, task.Kind(v))
		}
		return &s, ""
	}
	in := &awslambda.InvokeInput{}
	var problem string
	if in.FunctionName, problem = str(fieldFunctionName); problem != "" {
		return nil, badParams(state, input, problem)
	}
	if in.FunctionName == nil || *in.FunctionName == "" {
		return nil, badParams(state, input, fmt.Sprintf("the field '%s' is required; set it to the function's name or ARN", fieldFunctionName))
	}
	if in.Qualifier, problem = str(fieldQualifier); problem != "" {
		return nil, badParams(state, input, problem)
	}
	if in.ClientContext, problem = str(fieldClientContext); problem != "" {
		return nil, badParams(state, input, problem)
	}
	invocation, problem := str(fieldInvocationType)
	if problem != "" {
		return nil, badParams(state, input, problem)
	}
	if invocation != nil {
		in.InvocationType = types.InvocationType(*invocation)
		if !slices.Contains(stringsOf(in.InvocationType.Values()), *invocation) {
			return nil, badParams(state, input, fmt.Sprintf("the field '%s' must be one of %s, not %q", fieldInvocationType, strings.Join(stringsOf(in.InvocationType.Values()), ", "), *invocation))
		}
	}
	logType, problem := str(fieldLogType)
	if problem != "" {
		return nil, badParams(state, input, problem)
	}
	if logType != nil {
		in.LogType = types.LogType(*logType)
		if !slices.Contains(stringsOf(in.LogType.Values()), *logType) {
			return nil, badParams(state, input, fmt.Sprintf("the field '%s' must be one of %s, not %q", fieldLogType, strings.Join(stringsOf(in.LogType.Values()), ", "), *logType))
		}
	}
	// A string Payload is sent as it is, not JSON-encoded again: on AWS,
	// "Payload": "0" reaches an echo function as the number 0 and
	// "Payload": "\"HelloWorld\"" as the string HelloWorld
	// (services/test_lambda_task_service.test_invoke_json_values_*). A null
	// or missing Payload sends no body, which Lambda hands to the function
	// as {} (services/test_invoke returns Payload {}).
	switch p := obj[fieldPayload].(type) {
	case nil:
	case string:
		in.Payload = []byte(p)
	default:
		b, err := marshal(p)
		if err != nil {
			return nil, badParams(state, input, fmt.Sprintf("the field '%s' cannot be serialised as JSON: %v", fieldPayload, err))
		}
		in.Payload = b
	}
	return in, nil
}

// addMetadata adds the response metadata the optimized integration
// returns on AWS, as the AWS SDK for Java v1 it is built on reports it:
// every header with all its values in AllHttpHeaders and with its first
// value in HttpHeaders, the HTTP status, and the request id.
func addMetadata(res map[string]any, md middleware.Metadata) {
	if raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && raw != nil && raw.Response != nil {
		all, first := map[string]any{}, map[string]any{}
		for name, values := range raw.Header {
			list := make([]any, len(values))
			for i, v := range values {
				list[i] = v
			}
			all[name] = list
			if len(values) > 0 {
				first[name] = values[0]
			}
		}
		res["SdkHttpMetadata"] = map[string]any{
			"AllHttpHeaders": all,
			"HttpHeaders":    first,
			"HttpStatusCode": json.Number(fmt.Sprint(raw.StatusCode)),
		}
	}
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	res["SdkResponseMetadata"] = map[string]any{"RequestId": id}
}

// decodePayload decodes a function's result with UseNumber, as the engine
// expects every JSON value. Lambda only returns JSON from a function that
// succeeded, but a custom runtime can post any bytes; those become a string
// rather than a failure, so the state machine can still see them.
func decodePayload(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return string(b)
	}
	if _, err := dec.Token(); err == nil {
		return string(b)
	}
	return v
}

// functionFailure is the failure of a function that raised an error: the
// name is the payload's errorType and the cause the payload exactly as the
// function returned it, for both resource forms (error_handling/
// test_task_lambda.test_raise_exception and test_task_service_lambda.
// test_raise_exception: error "Exception", cause the Python runtime's
// {"errorMessage":…,"errorType":"Exception",…} text). Lambda.Unknown is what
// Step Functions reports when the payload names no type.
func functionFailure(payload []byte) *asl.StatesError {
	name := "Lambda.Unknown"
	var body struct {
		ErrorType any `json:"errorType"`
	}
	if json.Unmarshal(payload, &body) == nil {
		if s, ok := body.ErrorType.(string); ok && s != "" {
			name = s
		}
	}
	return &asl.StatesError{Name: name, Cause: string(payload)}
}

// serviceFailure converts an error of the Invoke call into the failure
// Step Functions reports.
func serviceFailure(ctx context.Context, err error) *asl.StatesError {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		// The state's TimeoutSeconds passed. AWS records States.Timeout
		// with no cause (timeouts/test_fixed_timeout_lambda).
		return &asl.StatesError{Name: asl.ErrTimeout}
	case ctx.Err() != nil:
		// The run stopped; nobody waits for this result any more.
		return asl.Runtime("the Lambda invocation was abandoned because the run stopped")
	}
	status := httpStatus(err)
	if status == 0 {
		// No HTTP answer: the endpoint is unreachable, the credentials
		// cannot be loaded, or the request cannot be signed. Java's SDK
		// names all of these SdkClientException.
		return task.Failed("Lambda.SdkClientException", "Unable to execute HTTP request: %v; check the Lambda endpoint, the region and the AWS credentials", err)
	}
	code, message := apiError(err)
	return task.Failed("Lambda."+exceptionName(err, status), "%s", causeOf(message, status, code, requestID(err)))
}

// causeOf formats a service error's cause as the AWS SDK for Java v1
// does, which is how Step Functions words it (error_handling/
// test_task_service_lambda.test_no_such_function: "Function not found: … (Service:
// AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;
// Request ID: …; Proxy: null)").
func causeOf(message string, status int, code, requestID string) string {
	detail := fmt.Sprintf("(Service: AWSLambda; Status Code: %d; Error Code: %s; Request ID: %s; Proxy: null)", status, code, requestID)
	if message == "" {
		return detail
	}
	return message + " " + detail
}

// requestID returns the service's request id of a failed call, which the
// SDK keeps on its error.
func requestID(err error) string {
	var withID interface{ ServiceRequestID() string }
	if errors.As(err, &withID) {
		return withID.ServiceRequestID()
	}
	return ""
}

// marshal serialises a JSON value without HTML escaping, as Step Functions
// sends it: a payload containing "<" or "&" reaches the function as typed.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// badParams is the failure of parameters the Invoke API cannot take.
func badParams(_ string, input any, problem string) *asl.StatesError {
	return task.BadParameters(input, problem)
}

func stringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
