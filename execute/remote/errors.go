package remote

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
)

// actions says, per operation, what the credentials were trying to do and
// which IAM action allows it, so that an AccessDenied can name the
// permission to grant instead of just echoing AWS.
var actions = map[string]string{
	"ListStateMachines":  "list state machines",
	"CreateStateMachine": "create state machines",
	"UpdateStateMachine": "update state machines",
	"StartExecution":     "start executions",
	"StartSyncExecution": "start EXPRESS executions",
	"DescribeExecution":  "describe executions",
	"ListMapRuns":        "list map runs",
	"DescribeMapRun":     "describe map runs",
	"StopExecution":      "stop executions",
}

// explain wraps an error of operation op on subject (a state machine name
// or an ARN) with what to do about it. The original error stays wrapped so
// that callers can still errors.As it into the SDK's types.
func explain(op, subject string, err error) error {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return fmt.Errorf("remote: calling Step Functions failed: check the network, the endpoint and the region (%s %s): %w", op, subject, err)
	}
	var hint string
	switch api.ErrorCode() {
	case "AccessDeniedException", "AccessDenied":
		hint = fmt.Sprintf("the credentials cannot %s: give a role/credentials allowed states:%s", actions[op], op)
		if op == "CreateStateMachine" || op == "UpdateStateMachine" {
			// Passing the machine's role to Step Functions is a
			// separate permission, and the usual reason this fails
			// for users who otherwise have full Step Functions access.
			hint += ", and iam:PassRole on the state machine's role (--role-arn)"
		}
	case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
		"ExpiredTokenException", "ExpiredToken", "MissingAuthenticationToken":
		hint = "AWS did not accept the credentials: refresh them (aws sso login, or new access keys) and check the profile and region"
	case "ThrottlingException", "TooManyRequestsException":
		hint = "Step Functions is throttling this account: wait a little and run again, or poll less often"
	case "InvalidDefinition":
		hint = "Step Functions rejected the definition: fix it (sfnsim lint finds most problems locally)"
	case "InvalidArn":
		hint = "an ARN was rejected: give --role-arn as a full IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
	case "InvalidName":
		hint = "the name was rejected: use 1-80 letters, digits, - or _"
	case "StateMachineAlreadyExists":
		hint = "a state machine of that name was created meanwhile: run again to update it"
	case "StateMachineDeleting":
		hint = "a state machine of that name is being deleted: wait until it is gone, or choose another name"
	case "StateMachineDoesNotExist":
		hint = "the state machine was deleted meanwhile: run again to create it"
	case "StateMachineLimitExceeded":
		hint = "the account has as many state machines as it may: delete unused ones or ask AWS for a higher quota"
	case "StateMachineTypeNotSupported":
		hint = "this operation does not apply to the machine's type: run it as the other type (--type) or under another name"
	case "ExecutionAlreadyExists":
		hint = "an execution of that name exists already: choose another execution name, or leave it out to get a generated one"
	case "ExecutionLimitExceeded":
		hint = "the account runs as many executions as it may: wait for some to finish or ask AWS for a higher quota"
	case "InvalidExecutionInput":
		hint = "the input was rejected: give valid JSON of at most 256 KiB"
	case "ExecutionDoesNotExist", "ResourceNotFound":
		hint = "it was not found: check that the region is the one it runs in"
	case "ValidationException", "MissingRequiredParameter":
		hint = "a request field was rejected: fix the option the message names"
	default:
		hint = "see the AWS message for the cause"
	}
	// The SDK's error already says the code, the message and the request
	// ID, so the hint goes first and the AWS text is not repeated.
	return fmt.Errorf("remote: %s (%s %s): %w", hint, op, subject, err)
}

// transient reports whether err may go away by itself: throttling, a
// fault on AWS's side, or no answer at all (the network).
func transient(err error) bool {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return true
	}
	switch api.ErrorCode() {
	case "ThrottlingException", "TooManyRequestsException", "ServiceUnavailable", "ServiceUnavailableException",
		"InternalFailure", "InternalServerError", "InternalServerException", "RequestTimeout", "RequestTimeoutException":
		return true
	}
	return api.ErrorFault() == smithy.FaultServer
}
