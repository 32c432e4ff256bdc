package asl

import "fmt"

// The error names Step Functions predefines (asl-semantics §9).
const (
	ErrAll                       = "States.ALL"
	ErrTimeout                   = "States.Timeout"
	ErrHeartbeatTimeout          = "States.HeartbeatTimeout"
	ErrTaskFailed                = "States.TaskFailed"
	ErrPermissions               = "States.Permissions"
	ErrResultPathMatchFailure    = "States.ResultPathMatchFailure"
	ErrParameterPathFailure      = "States.ParameterPathFailure"
	ErrBranchFailed              = "States.BranchFailed"
	ErrNoChoiceMatched           = "States.NoChoiceMatched"
	ErrIntrinsicFailure          = "States.IntrinsicFailure"
	ErrExceedToleratedFailure    = "States.ExceedToleratedFailureThreshold"
	ErrItemReaderFailed          = "States.ItemReaderFailed"
	ErrResultWriterFailed        = "States.ResultWriterFailed"
	ErrQueryEvaluationError      = "States.QueryEvaluationError"
	ErrDataLimitExceeded         = "States.DataLimitExceeded"
	ErrRuntime                   = "States.Runtime"
	ErrHTTPSocket                = "States.Http.Socket"
	ErrExceedToleratedFailureMsg = "The specified tolerated failure threshold was exceeded"
)

// StatesError is an error as an execution sees it: a name that Retry and
// Catch match on, and a cause. Evaluating paths, templates, intrinsic
// functions and Choice rules fails with one.
type StatesError struct {
	Name  string // e.g. States.Runtime
	Cause string
}

func (e *StatesError) Error() string { return fmt.Sprintf("%s: %s", e.Name, e.Cause) }

// Runtime returns a States.Runtime error with a formatted cause: the error
// AWS raises for bad paths and values, which no Retry or Catch handles.
func Runtime(format string, args ...any) *StatesError {
	return &StatesError{Name: ErrRuntime, Cause: fmt.Sprintf(format, args...)}
}
