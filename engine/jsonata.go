package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/jsonata"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// jvalue is a compiled value of a JSONata state's field (Arguments, Output,
// Assign, Items, ItemSelector, Condition, …): a constant, a "{% %}"
// expression, or an object or array holding expressions somewhere below
// (asl-semantics §3: the strings of the exact form "{%expr%}" are evaluated
// anywhere in those values).
type jvalue struct {
	constant any
	expr     string // set for an expression
	isExpr   bool
	keys     []string
	elems    []*jvalue // object members (with keys) or array elements
	isObject bool
	isArray  bool
	// field is where the value sits, as AWS names it in causes:
	// "Output", "Arguments/FunctionName", "Assign/result".
	field string
}

// compileJ compiles the value n of the field named field; nil stays nil.
func compileJ(n *asl.Node, field string) (*jvalue, error) {
	if n == nil {
		return nil, nil
	}
	v := &jvalue{field: field}
	switch n.Kind {
	case asl.String:
		if expr, _, ok := jsonata.Expression(n.Str); ok {
			if err := jsonata.Check(expr); err != nil {
				return nil, compileErr(n, "the JSONata expression is invalid: %v", err)
			}
			// Causes quote the expression without the spaces inside "{% %}".
			v.expr, v.isExpr = strings.TrimSpace(expr), true
			return v, nil
		}
	case asl.Object:
		dynamic := false
		for _, m := range n.Members {
			e, err := compileJ(m.Value, field+"/"+m.Key)
			if err != nil {
				return nil, err
			}
			v.keys = append(v.keys, m.Key)
			v.elems = append(v.elems, e)
			dynamic = dynamic || !e.isConstant()
		}
		if dynamic {
			v.isObject = true
			return v, nil
		}
		v.keys, v.elems = nil, nil
	case asl.Array:
		dynamic := false
		for i, el := range n.Elems {
			e, err := compileJ(el, fmt.Sprintf("%s[%d]", field, i))
			if err != nil {
				return nil, err
			}
			v.elems = append(v.elems, e)
			dynamic = dynamic || !e.isConstant()
		}
		if dynamic {
			v.isArray = true
			return v, nil
		}
		v.elems = nil
	}
	v.constant = n.Interface()
	return v, nil
}

func (v *jvalue) isConstant() bool { return !v.isExpr && !v.isObject && !v.isArray }

// eval evaluates the value. An expression without a result is
// States.QueryEvaluationError "… returned nothing (undefined)", worded as
// AWS words it (conformance assign/test_undefined_reference).
func (v *jvalue) eval(env *jsonata.Env) (any, error) {
	switch {
	case v.isExpr:
		out, err := jsonata.Eval(v.expr, env)
		if errors.Is(err, jsonata.ErrUndefined) {
			return nil, &asl.StatesError{Name: asl.ErrQueryEvaluationError, Cause: fmt.Sprintf(
				"The JSONata expression '%s' specified for the field '%s' returned nothing (undefined).", v.expr, v.field)}
		}
		if err != nil {
			var se *asl.StatesError
			if errors.As(err, &se) {
				if strings.Contains(se.Cause, "unsupported value") || strings.Contains(se.Cause, "which is not a JSON value") {
					return nil, &asl.StatesError{Name: se.Name, Cause: fmt.Sprintf(
						"The JSONata expression '%s' specified for the field '%s' returned an unsupported result type.", v.expr, v.field)}
				}
				return nil, &asl.StatesError{Name: se.Name, Cause: fmt.Sprintf(
					"The JSONata expression '%s' specified for the field '%s' threw an error during evaluation. %s", v.expr, v.field, se.Cause)}
			}
			return nil, err
		}
		return out, nil
	case v.isObject:
		out := make(map[string]any, len(v.keys))
		for i, k := range v.keys {
			e, err := v.elems[i].eval(env)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case v.isArray:
		out := make([]any, len(v.elems))
		for i, el := range v.elems {
			e, err := el.eval(env)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
	return v.constant, nil
}

// wrongType is the cause AWS gives when an expression returns a value of
// the wrong kind for its field (conformance scenarios/test_map_state
// ITEMS_...: "Expected 'array', but was 'string' for value: \"string\"").
func (v *jvalue) wrongType(want string, got any) *asl.StatesError {
	if v.isExpr {
		return &asl.StatesError{Name: asl.ErrQueryEvaluationError, Cause: fmt.Sprintf(
			"The JSONata expression '%s' specified for the field '%s' returned an unexpected result type. Expected '%s', but was '%s' for value: %s",
			v.expr, v.field, want, jsonKind(got), payload.Marshal(got))}
	}
	return &asl.StatesError{Name: asl.ErrQueryEvaluationError, Cause: fmt.Sprintf(
		"The field '%s' must be %s, but was '%s' for value: %s", v.field, want, jsonKind(got), payload.Marshal(got))}
}

// jsonKind names the JSON type of v as AWS's causes do.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "number"
}
