// Package conformance reads the conformance cases: executions recorded on
// AWS Step Functions, each with its definition, its input, what every
// service call returned, and the observed result state by state (format:
// shared/conformance/README.md). The interpreter's harness replays
// TaskResults as its backend and compares with Expect.
package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Case is one recorded execution.
type Case struct {
	Name        string          `json:"name"`
	Source      string          `json:"source"`
	Definition  json.RawMessage `json:"definition"`
	Input       any             `json:"input"`
	TaskResults []TaskResult    `json:"task_results"`
	Expect      Expect          `json:"expect"`
	Normalized  bool            `json:"normalized"`
	Tags        []string        `json:"tags"`

	// Area and File say where the case was read from.
	Area, File string `json:"-"`
}

// TaskResult is one completed call of a Task state, in completion order.
type TaskResult struct {
	State           string      `json:"state"`
	Kind            string      `json:"kind"`    // task, lambda or activity
	Outcome         string      `json:"outcome"` // succeeded, failed or timed_out
	Resource        string      `json:"resource"`
	ResourceType    string      `json:"resource_type"`
	Input           any         `json:"input"`
	Output          any         `json:"output"`
	Error           *string     `json:"error"`
	Cause           *string     `json:"cause"`
	Iteration       []Iteration `json:"iteration"`
	InputNormalized bool        `json:"input_normalized"`
}

// Iteration names an enclosing inline Map iteration, outer to inner.
type Iteration struct {
	Map   string `json:"map"`
	Index int    `json:"index"`
}

// Expect is the recorded result.
type Expect struct {
	Status string  `json:"status"` // SUCCEEDED, FAILED, TIMED_OUT or ABORTED
	Output any     `json:"output"`
	Error  *string `json:"error"`
	Cause  *string `json:"cause"`
	// States is nil for output_only cases.
	States []StateEvent `json:"states"`
}

// StateEvent is a state entered or exited.
type StateEvent struct {
	Name              string         `json:"name"`
	Event             string         `json:"event"` // entered or exited
	Input             any            `json:"input"`
	Output            any            `json:"output"`
	AssignedVariables map[string]any `json:"assigned_variables"`
	Iteration         []Iteration    `json:"iteration"`
}

// HasTag reports whether the case carries tag.
func (c *Case) HasTag(tag string) bool {
	for _, t := range c.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// Load reads every case under dir (one folder per area), sorted by area
// and file name. Numbers are json.Number, as the interpreter's values are.
func Load(dir string) ([]*Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var cases []*Case
	for _, f := range files {
		if filepath.Base(f) == "index.json" {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		c := &Case{}
		if err := dec.Decode(c); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		c.Area, c.File = filepath.Base(filepath.Dir(f)), filepath.Base(f)
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s: no conformance cases (want <area>/<case>.json files)", dir)
	}
	return cases, nil
}

// placeholder is a normalisation placeholder inside a recorded string:
// <uuid:1>, <lambda_function_name>, <region> …
var placeholder = regexp.MustCompile(`<[A-Za-z_][A-Za-z0-9_.\-]*(?::[0-9]+)?>`)

// wholePlaceholders are recorded values that the recorder replaced as a
// whole (README "normalized": timestamps, dates, the execution role).
var wholePlaceholders = map[string]bool{"date": true, "timestamp": true, "snf_role_arn": true, "start-time": true, "entered-time": true}

// Equal compares a recorded value with a produced one as JSON values: key
// order carries no meaning, numbers compare by value. With normalized set,
// a recorded string holding placeholders matches any string that fits the
// rest of it, and the whole-value placeholders match any value.
func Equal(recorded, produced any, normalized bool) bool {
	switch r := recorded.(type) {
	case map[string]any:
		p, ok := produced.(map[string]any)
		if !ok || len(p) != len(r) {
			return false
		}
		for k, rv := range r {
			pv, ok := p[k]
			if !ok || !Equal(rv, pv, normalized) {
				return false
			}
		}
		return true
	case []any:
		p, ok := produced.([]any)
		if !ok || len(p) != len(r) {
			return false
		}
		for i := range r {
			if !Equal(r[i], p[i], normalized) {
				return false
			}
		}
		return true
	case json.Number:
		return numberEqual(r, produced)
	case string:
		if normalized && wholePlaceholders[r] {
			return true
		}
		p, ok := produced.(string)
		if !ok {
			return false
		}
		if p == r {
			return true
		}
		return normalized && placeholder.MatchString(r) && patternOf(r).MatchString(p)
	}
	return recorded == produced
}

func numberEqual(r json.Number, produced any) bool {
	var p json.Number
	switch v := produced.(type) {
	case json.Number:
		p = v
	case float64:
		p = json.Number(fmt.Sprint(v))
	case int:
		p = json.Number(fmt.Sprint(v))
	default:
		return false
	}
	if r == p {
		return true
	}
	rf, err1 := r.Float64()
	pf, err2 := p.Float64()
	return err1 == nil && err2 == nil && rf == pf
}

// patternOf turns a recorded string with placeholders into a regular
// expression in which each placeholder matches any text.
func patternOf(s string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, m := range placeholder.FindAllStringIndex(s, -1) {
		b.WriteString(regexp.QuoteMeta(s[last:m[0]]))
		b.WriteString(".*?")
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(s[last:]))
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
