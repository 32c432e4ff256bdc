package sdk

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// params reads the fields of a request from a Task's effective input. Every
// field must be taken by the operation: a field the request does not have
// would otherwise be dropped without a word and the call would do something
// other than what the definition says.
type params struct {
	state, op string
	in        map[string]any
	used      map[string]bool
	err       error
}

func newParams(state, op string, input any) (*params, *asl.StatesError) {
	m, ok := input.(map[string]any)
	if !ok {
		return nil, badParams(state, input, fmt.Errorf("the input of %s must be a JSON object of request fields, not %s", op, task.Kind(input)))
	}
	return &params{state: state, op: op, in: m, used: map[string]bool{}}, nil
}

// get returns a field's value; a JSON null counts as absent, because that is
// what the services make of a null member.
func (p *params) get(name string) (any, bool) {
	p.used[name] = true
	v, ok := p.in[name]
	return v, ok && v != nil
}

func (p *params) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf(format, args...)
	}
}

func (p *params) str(name string) *string {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		p.fail("the field '%s' must be a string, not %s", name, task.Kind(v))
		return nil
	}
	return &s
}

// text is a field the integration serialises when it is not a string: a
// message body or an object's content given as JSON.
func (p *params) text(name string) *string {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	if s, ok := v.(string); ok {
		return &s
	}
	s := compactJSON(v)
	return &s
}

func (p *params) boolean(name string) *bool {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	b, ok := v.(bool)
	if !ok {
		p.fail("the field '%s' must be true or false, not %s", name, task.Kind(v))
		return nil
	}
	return &b
}

func (p *params) int32(name string) *int32 {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	n, ok := v.(json.Number)
	if ok {
		if i, err := n.Int64(); err == nil && i >= math.MinInt32 && i <= math.MaxInt32 {
			r := int32(i)
			return &r
		}
	}
	p.fail("the field '%s' must be a whole number, not %s", name, task.Kind(v))
	return nil
}

func (p *params) strMap(name string) map[string]string {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.fail("the field '%s' must be an object of strings, not %s", name, task.Kind(v))
		return nil
	}
	out := make(map[string]string, len(m))
	for k, x := range m {
		s, ok := x.(string)
		if !ok {
			p.fail("the field '%s.%s' must be a string, not %s", name, k, task.Kind(x))
			return nil
		}
		out[k] = s
	}
	return out
}

func (p *params) strList(name string) []string {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	l, err := stringList(name, v)
	if err != nil {
		p.fail("the field %v", err)
		return nil
	}
	return l
}

// object returns a field that must be an object, for the caller to convert.
func (p *params) object(name string) (map[string]any, bool) {
	v, ok := p.get(name)
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.fail("the field '%s' must be an object, not %s", name, task.Kind(v))
		return nil, false
	}
	return m, true
}

// require reports a missing field that the SDK needs before it can build
// the request at all (S3's Bucket and Key are part of the URL), where other
// services get the request and answer with their own error.
func (p *params) require(names ...string) {
	for _, n := range names {
		if v, ok := p.in[n]; !ok || v == nil {
			p.fail("the field '%s' is required; add it to the Parameters (or Arguments)", n)
		}
	}
}

// done reports the first problem: a bad field, or one the operation does
// not take.
func (p *params) done() *asl.StatesError {
	if p.err == nil {
		var unknown []string
		for _, k := range sortedKeys(p.in) {
			if !p.used[k] {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			p.err = fmt.Errorf("the field '%s' is not supported for %s by sfnsim; remove it, or use one of %s", unknown[0], p.op, strings.Join(sortedKeys(p.used), ", "))
		}
	}
	if p.err != nil {
		return badParams(p.state, p.in, p.err)
	}
	return nil
}

// badParams is the error Step Functions raises when the effective
// parameters do not fit the API.
func badParams(_ string, input any, err error) *asl.StatesError {
	return task.BadParameters(input, err.Error())
}

// compactJSON serialises a JSON value as Step Functions does.
func compactJSON(v any) string { return task.CompactJSON(v) }
