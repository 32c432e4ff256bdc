// Package payload implements the input and output processing of JSONPath states (asl-semantics §3, §4, §10):
// InputPath, payload templates (Parameters, ResultSelector, ItemSelector, Credentials and JSONPath Assign),
// ResultPath, OutputPath and the 256 KiB payload limit.
//
// Values are those encoding/json produces with UseNumber: map[string]any, []any, json.Number, string, bool and
// nil. No function here mutates a value it is given: ResultPath copies the objects on the way to the place it
// writes and shares everything else, so a caller may keep the raw input of a state while its output is built.
//
// Failures at run time are *asl.StatesError values with the names and causes AWS reports. The engine prefixes
// causes with "An error occurred while executing the state 'X' (entered at the event id #N). "; the causes here
// are what follows that prefix.
package payload
