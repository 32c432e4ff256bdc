package resultwriter

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/sfnsim/sfnsim/asl/payload"
)

// Child execution statuses a Record can have.
const (
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusTimedOut  = "TIMED_OUT"
	StatusAborted   = "ABORTED"
	StatusPending   = "PENDING" // never started: the Map Run failed or was aborted first
)

// Record is one child execution (or one never-started item) as the engine
// saw it. Input and Output are payload values (map[string]any, []any,
// json.Number, string, bool, nil); Output counts only for SUCCEEDED, Error
// and Cause only for the others. PENDING records have no ARN, name or dates.
type Record struct {
	ExecutionArn    string
	Name            string
	StateMachineArn string
	Status          string
	Input           any
	Output          any
	Error           string
	Cause           string
	StartDate       time.Time
	StopDate        time.Time
	RedriveCount    int
}

// category is the file family a status belongs to (§3.7).
func category(status string) (int, error) {
	switch status {
	case StatusSucceeded:
		return catSucceeded, nil
	case StatusFailed, StatusTimedOut, StatusAborted:
		return catFailed, nil
	case StatusPending:
		return catPending, nil
	}
	return 0, fmt.Errorf("record status %q is not one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING", status)
}

// Categories in the order AWS's manifest lists them (keys sorted).
const (
	catFailed = iota
	catPending
	catSucceeded
	numCats
)

var catNames = [numCats]string{"FAILED", "PENDING", "SUCCEEDED"}

// dateLayout is how the result files print dates: UTC with milliseconds,
// e.g. 2025-02-04T01:49:50.099Z (§3.7).
const dateLayout = "2006-01-02T15:04:05.000Z"

// full is the record with execution metadata, as Transformation NONE
// writes it and as failed children are always written. Input and Output are
// JSON text, as DescribeExecution gives them. Fields AWS would leave null
// are left out.
func (r *Record) full() map[string]any {
	m := map[string]any{
		"Input":        payload.Marshal(r.Input),
		"InputDetails": map[string]any{"Included": true},
		"RedriveCount": json.Number(strconv.Itoa(r.RedriveCount)),
		"Status":       r.Status,
	}
	for k, v := range map[string]string{
		"ExecutionArn":    r.ExecutionArn,
		"Name":            r.Name,
		"StateMachineArn": r.StateMachineArn,
	} {
		if v != "" {
			m[k] = v
		}
	}
	if !r.StartDate.IsZero() {
		m["StartDate"] = r.StartDate.UTC().Format(dateLayout)
	}
	if !r.StopDate.IsZero() {
		m["StopDate"] = r.StopDate.UTC().Format(dateLayout)
	}
	if r.Status == StatusSucceeded {
		m["Output"] = payload.Marshal(r.Output)
		m["OutputDetails"] = map[string]any{"Included": true}
		m["RedriveStatus"] = "NOT_REDRIVABLE"
		m["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
		return m
	}
	m["RedriveStatus"] = "REDRIVABLE"
	if r.Error != "" {
		m["Error"] = r.Error
	}
	if r.Cause != "" {
		m["Cause"] = r.Cause
	}
	return m
}

// entries are the values r contributes to a result under transformation t:
// one record, one output, or (FLATTEN of an array output) its elements.
func (r *Record) entries(t string) []any {
	if r.Status != StatusSucceeded || t == TransformNone {
		// Failed children are always written in full (§1.4).
		return []any{r.full()}
	}
	if arr, ok := r.Output.([]any); ok && t == TransformFlatten {
		return arr
	}
	return []any{r.Output}
}
