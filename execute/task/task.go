// Package task is the contract between `sfnsim run` and the handlers that
// perform Task states for real: a Lambda function, an AWS SDK call, a mock
// response. The run's backend (package execute) routes each call to the
// first handler that handles its resource, on a goroutine of its own, and
// hands the result back to the engine's loop.
package task

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

// Call is one call a Task state makes.
type Call struct {
	// State is the Task state's name; Resource its Resource as written.
	State, Resource string
	// Input is the effective input (Parameters or Arguments applied): a
	// JSON value as encoding/json decodes it with UseNumber.
	Input any
	// Attempt is 0 for the first call of a state visit, then 1, 2 … for
	// each retry.
	Attempt int
	// TaskToken is set for .waitForTaskToken integrations.
	TaskToken string
	// Timeout is the state's TimeoutSeconds (0: none); the context is
	// cancelled when it passes or the run stops.
	Timeout time.Duration
}

// Handler performs the calls of the resources it handles.
type Handler interface {
	// Handles reports whether the handler performs calls of resource.
	Handles(resource string) bool
	// Call performs c and blocks until it is done. The output is a JSON
	// value (map[string]any, []any, json.Number, string, bool, nil). A
	// failure is a *asl.StatesError with the name Step Functions reports
	// (a Lambda function's errorType, Lambda.TooManyRequestsException,
	// States.TaskFailed …) and its cause. Call must be safe for concurrent
	// use: thousands of children call at once.
	Call(ctx context.Context, c *Call) (output any, err *asl.StatesError)
}

// Failed returns a StatesError with a formatted cause.
func Failed(name, format string, args ...any) *asl.StatesError {
	return &asl.StatesError{Name: name, Cause: fmt.Sprintf(format, args...)}
}

// BadParameters is the failure of a call whose effective parameters the
// API cannot take: States.Runtime, which no Retry or Catch handles, worded
// as Step Functions words it ("The Parameters '…' could not be used to
// start the Task: […]"), with what to change in the brackets. The engine
// puts "An error occurred while executing the state 'X' (entered at the
// event id #N). " before it, as AWS does.
func BadParameters(input any, problem string) *asl.StatesError {
	return asl.Runtime("The Parameters '%s' could not be used to start the Task: [%s]", CompactJSON(input), problem)
}

// CompactJSON renders a JSON value as Step Functions does where it needs
// text: compact, and without escaping <, > and &.
func CompactJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Kind names the JSON type of v for messages: "a string", "an object".
func Kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number, float64, int, int64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
