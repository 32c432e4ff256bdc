package sdk

import (
	"encoding/json"
	"strconv"
	"time"
)

// Helpers that put SDK values into the JSON value shapes task.Handler
// promises: numbers are json.Number, and absent (nil) fields are left out,
// as Step Functions leaves them out.

func jsonInt(i int64) json.Number { return json.Number(strconv.FormatInt(i, 10)) }

func jsonFloat(f float64) json.Number {
	return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
}

func putStr(m map[string]any, k string, v *string) {
	if v != nil {
		m[k] = *v
	}
}

// putEnum leaves out the empty string, which is how the SDK says an enum
// field was absent.
func putEnum[E ~string](m map[string]any, k string, v E) {
	if v != "" {
		m[k] = string(v)
	}
}

func putInt64(m map[string]any, k string, v *int64) {
	if v != nil {
		m[k] = jsonInt(*v)
	}
}

func putFloat(m map[string]any, k string, v *float64) {
	if v != nil {
		m[k] = jsonFloat(*v)
	}
}

func putBool(m map[string]any, k string, v *bool) {
	if v != nil {
		m[k] = *v
	}
}

// putTime writes a timestamp as ISO-8601 in UTC, as the Java SDK v2 prints
// an Instant (fractional seconds only when there are some).
func putTime(m map[string]any, k string, v *time.Time) {
	if v != nil {
		m[k] = v.UTC().Format(time.RFC3339Nano)
	}
}
