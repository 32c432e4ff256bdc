package choice

import (
	"errors"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/path"
)

// Vars looks up a variable assigned by an earlier state ("$name" paths); ok is false when it is not set.
type Vars func(name string) (value any, ok bool)

// Eval evaluates the rule against a state's effective input. ctx is the context object ("$$" paths), vars the
// variables in scope ("$name" paths; nil when there are none). Values are those encoding/json produces with
// UseNumber.
//
// A type mismatch is false, not an error. The error is a *asl.StatesError named States.Runtime when the Variable
// or a …Path operand selects nothing (except under IsPresent), or when a StringMatches pattern ends in a lone
// backslash.
func (r *Rule) Eval(input, ctx any, vars Vars) (bool, error) {
	ok, err := r.eval(&env{input: input, ctx: ctx, vars: vars})
	if err != nil {
		return false, err
	}
	return ok, nil
}

// Select returns the index of the first rule that matches, or -1 when none does (the Choice state then takes its
// Default, or fails with States.NoChoiceMatched). The first matching rule wins (asl-semantics §8) and the rules
// after it are not evaluated, so a path they miss does not fail the state; And and Or stop at their first false
// and true rule likewise. That AWS stops there too is assumed (short-circuit evaluation is unverified).
func Select(rules []*Rule, input, ctx any, vars Vars) (int, error) {
	e := &env{input: input, ctx: ctx, vars: vars}
	for i, r := range rules {
		ok, err := r.eval(e)
		if err != nil {
			return -1, err
		}
		if ok {
			return i, nil
		}
	}
	return -1, nil
}

type env struct {
	input, ctx any
	vars       Vars
}

func (r *Rule) eval(e *env) (bool, *asl.StatesError) {
	switch r.kind {
	case kindAnd:
		for _, c := range r.children {
			ok, err := c.eval(e)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case kindOr:
		for _, c := range r.children {
			ok, err := c.eval(e)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case kindNot:
		ok, err := r.children[0].eval(e)
		if err != nil {
			return false, err
		}
		return !ok, nil
	}
	return r.test(e)
}

// errMissing is resolve's answer for a path that selects nothing.
var errMissing = errors.New("missing")

// resolve evaluates p against the document its root names.
func (e *env) resolve(p *path.Path) (any, error) {
	var doc any
	switch p.Root {
	case path.RootContext:
		doc = e.ctx
	case path.RootVariable:
		if e.vars == nil {
			return nil, errMissing
		}
		v, ok := e.vars(p.Var)
		if !ok {
			return nil, errMissing
		}
		doc = v
	default:
		doc = e.input
	}
	if v, ok := walkDefinite(p, doc); ok {
		return v, nil
	}
	v, err := path.Eval(p, doc)
	if err != nil {
		var pe *path.EvalError
		if errors.As(err, &pe) {
			return nil, errMissing
		}
		return nil, err
	}
	return v, nil
}

// invalidPath is the failure of a Choice rule whose Variable or …Path operand selects nothing. The AWS-CH page
// says only that "the execution fails". No conformance case records the cause; this wording is the one several
// independent Step Functions emulators assert in their tests, for the Variable and for a …Path operand alike, so
// it is taken as AWS's, unverified here. The engine adds its "An error occurred while executing the state …"
// prefix, if AWS gives one.
func invalidPath(text string) *asl.StatesError {
	return asl.Runtime("Invalid path '%s': The choice state's condition path references an invalid value.", text)
}

func (r *Rule) test(e *env) (bool, *asl.StatesError) {
	v, err := e.resolve(r.variable)
	if err != nil {
		if err != errMissing {
			return false, asl.Runtime("Invalid path '%s': %v", r.varText, err)
		}
		if r.op.fam == famIsPresent {
			return !r.boolean, nil
		}
		return false, invalidPath(r.varText)
	}
	switch r.op.fam {
	case famIsPresent:
		return r.boolean, nil
	case famIsNull:
		return (v == nil) == r.boolean, nil
	case famIsNumeric:
		_, ok := numberOf(v)
		return ok == r.boolean, nil
	case famIsString:
		_, ok := v.(string)
		return ok == r.boolean, nil
	case famIsBoolean:
		_, ok := v.(bool)
		return ok == r.boolean, nil
	case famIsTimestamp:
		s, ok := v.(string)
		if ok {
			_, ok = parseTimestamp(s)
		}
		return ok == r.boolean, nil
	case famMatches:
		if r.pattern.unpaired {
			return false, asl.Runtime("The StringMatches pattern '%s' of the choice rule on '%s' ends in an unpaired backslash; escape a literal backslash as \\\\.", r.str, r.varText)
		}
		s, ok := v.(string)
		return ok && r.pattern.match(s), nil
	}

	var operand any
	if r.op.byPath {
		o, err := e.resolve(r.operand)
		if err != nil {
			if err != errMissing {
				return false, asl.Runtime("Invalid path '%s': %v", r.operandText, err)
			}
			return false, invalidPath(r.operandText)
		}
		operand = o
	}
	cmp, ok := r.compare(v, operand)
	if !ok {
		return false, nil
	}
	switch r.op.rel {
	case relEquals:
		return cmp == 0, nil
	case relLessThan:
		return cmp < 0, nil
	case relGreaterThan:
		return cmp > 0, nil
	case relLessThanEquals:
		return cmp <= 0, nil
	}
	return cmp >= 0, nil
}

// compare orders the Variable's value v against the operand (the literal, or operand for a …Path form); ok is
// false when either is not of the operator's type.
func (r *Rule) compare(v, operand any) (int, bool) {
	switch r.op.fam {
	case famString:
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		t := r.str
		if r.op.byPath {
			if t, ok = operand.(string); !ok {
				return 0, false
			}
		}
		return compareStrings(s, t), true
	case famNumeric:
		a, ok := numberOf(v)
		if !ok {
			return 0, false
		}
		b := r.num
		if r.op.byPath {
			if b, ok = numberOf(operand); !ok {
				return 0, false
			}
		}
		return compareDecimal(a, b), true
	case famBoolean:
		a, ok := v.(bool)
		if !ok {
			return 0, false
		}
		b := r.boolean
		if r.op.byPath {
			if b, ok = operand.(bool); !ok {
				return 0, false
			}
		}
		if a == b {
			return 0, true
		}
		return 1, true
	case famTimestamp:
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		a, ok := parseTimestamp(s)
		if !ok {
			return 0, false
		}
		b := r.ts
		if r.op.byPath {
			t, ok := operand.(string)
			if !ok {
				return 0, false
			}
			if b, ok = parseTimestamp(t); !ok {
				return 0, false
			}
		}
		return compareInstants(a, b), true
	}
	return 0, false
}

// walkDefinite follows a path made only of member names and non-negative indexes without path.Eval's
// allocations: most Choice rules test "$.field" on every item of a Map, so this is the simulator's hot path. ok
// is false when the path has other steps or selects nothing; path.Eval then gives the answer, so both ways
// always agree.
func walkDefinite(p *path.Path, v any) (any, bool) {
	for _, seg := range p.Segments {
		if seg.Descendant {
			return nil, false
		}
		switch sel := seg.Sel.(type) {
		case *path.Name:
			obj, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = obj[sel.Name]; !ok {
				return nil, false
			}
		case *path.Index:
			arr, ok := v.([]any)
			if !ok || sel.Index < 0 || sel.Index >= len(arr) {
				return nil, false
			}
			v = arr[sel.Index]
		default:
			return nil, false
		}
	}
	return v, true
}
