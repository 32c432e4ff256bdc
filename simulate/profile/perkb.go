package profile

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// PerKB takes Base plus MsPerKB milliseconds for each KiB named by the
// input's Field, such as the Size of an S3 object listed by an
// ItemReader: the time to read or write a file grows with its size.
type PerKB struct {
	Field   string
	MsPerKB float64
	Base    time.Duration
}

// Sample reads Field from input. A batch (an object with an Items array,
// as ItemBatcher makes, or a bare array) sums Field over its items, since
// the task handles all of them. A missing or non-numeric field counts as 0
// bytes: the profile describes typical inputs, and one odd item should not
// stop a simulation.
func (d PerKB) Sample(_ *rand.Rand, input any, _ int) time.Duration {
	kb := d.bytes(input) / 1024
	return addSat(d.Base, seconds(kb*d.MsPerKB/1000))
}

func (PerKB) NeedsInput() bool { return true }

// Bytes is the size Sample reads from input: 0 when the field is missing.
func (d PerKB) Bytes(input any) float64 { return d.bytes(input) }

func (d PerKB) String() string {
	s := fmt.Sprintf("perKB %s %sms/KB", d.Field, strconv.FormatFloat(d.MsPerKB, 'g', -1, 64))
	if d.Base > 0 {
		s += " + " + d.Base.String()
	}
	return s
}

func (d PerKB) bytes(input any) float64 {
	switch v := input.(type) {
	case map[string]any:
		if f, ok := v[d.Field]; ok {
			return number(f)
		}
		if items, ok := v["Items"].([]any); ok {
			return d.bytes(items)
		}
		// The Lambda integration (arn:aws:states:::lambda:invoke) sends the
		// item as the function's Payload.
		if payload, ok := v["Payload"]; ok {
			return d.bytes(payload)
		}
	case []any:
		total := 0.0
		for _, item := range v {
			if m, ok := item.(map[string]any); ok {
				total += number(m[d.Field])
			}
		}
		return total
	}
	return 0
}

// number is the value of a JSON number or of a numeric string (S3 CSV
// manifests give sizes as strings); anything else, or a negative size, is 0.
func number(v any) float64 {
	var f float64
	var err error
	switch n := v.(type) {
	case json.Number:
		f, err = n.Float64()
	case string:
		f, err = strconv.ParseFloat(strings.TrimSpace(n), 64)
	case float64:
		f = n
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	default:
		return 0
	}
	if err != nil || !(f > 0) {
		return 0
	}
	return f
}
