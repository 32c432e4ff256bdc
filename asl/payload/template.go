package payload

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/intrinsic"
	"github.com/sfnsim/sfnsim/asl/path"
)

// Env is what a template or a path is evaluated against.
type Env struct {
	// Input is the document "$" names: the effective input for Parameters, the result for ResultSelector.
	Input any
	// Context is the context object "$$" names (asl-semantics §5).
	Context any
	// Variables looks up a variable by name for "$name" paths; nil means no variable is defined.
	Variables func(name string) (any, bool)
	// Call evaluates an intrinsic function call; field is the template key it is the value of ("value.$"),
	// for error causes. It gets the Env so that path arguments are resolved the same way as template values.
	// nil means intrinsic functions are not available. The engine wires package intrinsic's Eval here; this
	// package does not import the evaluator, so that either can change without the other.
	Call func(call *intrinsic.Call, field string, env *Env) (any, error)
}

// Resolve evaluates p against the document its root names: Input for "$", Context for "$$", the variable for
// "$name". A missing variable is reported like a path without a match, as a *path.EvalError.
func (env *Env) Resolve(p *path.Path) (any, error) {
	switch p.Root {
	case path.RootContext:
		return path.Eval(p, env.Context)
	case path.RootVariable:
		var v any
		ok := false
		if env.Variables != nil {
			v, ok = env.Variables(p.Var)
		}
		if !ok {
			// Unverified: AWS rejects most references to unassigned variables when the definition is
			// validated; at run time the closest recorded behaviour is a path without a match.
			return nil, &path.EvalError{Msg: "No results for path: $" + p.Var}
		}
		return path.Eval(p, v)
	}
	return path.Eval(p, env.Input)
}

// Template is a compiled payload template (SPEC "Payload Template"; asl-semantics §3): the value of Parameters,
// ResultSelector, ItemSelector, Credentials or a JSONPath Assign.
type Template struct {
	root    tnode
	dynamic bool
}

// CompileError reports a template that cannot be evaluated: a ".$" key whose value is not a path or an intrinsic
// call, or two keys that are equal once ".$" is removed.
type CompileError struct {
	// Pointer is the RFC 6901 pointer of the offending value, relative to the root asl parsed.
	Pointer string
	Msg     string
	Node    *asl.Node
}

func (e *CompileError) Error() string {
	if e.Pointer == "" {
		return e.Msg
	}
	return e.Pointer + ": " + e.Msg
}

// Compile compiles the template n once; Eval may then run it any number of times, concurrently.
func Compile(n *asl.Node) (*Template, error) {
	c := &compiler{}
	root, err := c.node(n)
	if err != nil {
		return nil, err
	}
	return &Template{root: root, dynamic: c.dynamic}, nil
}

// Eval builds the payload. A ".$" path without a match fails with States.Runtime and AWS's cause (conformance
// scenarios/test_invalid_jsonpath INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH and …_CONTEXTPATH: the input quoted is
// the template's input, also for "$$" paths). Errors from Env.Call are returned unchanged.
func (t *Template) Eval(env *Env) (any, error) {
	if env == nil {
		env = &Env{}
	}
	return t.root.eval(env)
}

// IsDynamic reports whether the template has any ".$" field; a static template always yields the same value.
func (t *Template) IsDynamic() bool { return t.dynamic }

type tnode interface {
	eval(env *Env) (any, error)
}

type literal struct{ v any }

func (l literal) eval(*Env) (any, error) { return copyValue(l.v), nil }

type objectNode struct{ fields []field }

type field struct {
	name  string // the output key, without ".$"
	value tnode
}

func (o *objectNode) eval(env *Env) (any, error) {
	m := make(map[string]any, len(o.fields))
	for _, f := range o.fields {
		v, err := f.value.eval(env)
		if err != nil {
			return nil, err
		}
		m[f.name] = v
	}
	return m, nil
}

type arrayNode struct{ elems []tnode }

func (a *arrayNode) eval(env *Env) (any, error) {
	out := make([]any, len(a.elems))
	for i, e := range a.elems {
		v, err := e.eval(env)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

type pathNode struct {
	key, src string
	p        *path.Path
}

func (p *pathNode) eval(env *Env) (any, error) {
	v, err := env.Resolve(p.p)
	if err != nil {
		var ee *path.EvalError
		if errors.As(err, &ee) {
			return nil, asl.Runtime("The JSONPath '%s' specified for the field '%s' could not be found in the input '%s'",
				p.src, p.key, Marshal(env.Input))
		}
		return nil, asl.Runtime("%s", err.Error())
	}
	// The value may be part of the input; callers get a copy they may own.
	return copyValue(v), nil
}

type callNode struct {
	key  string
	call *intrinsic.Call
}

func (c *callNode) eval(env *Env) (any, error) {
	if env.Call == nil {
		return nil, asl.Runtime("the intrinsic function %s in the field '%s' cannot be evaluated: no evaluator is configured", c.call.Name, c.key)
	}
	return env.Call(c.call, c.key, env)
}

type compiler struct{ dynamic bool }

func (c *compiler) node(n *asl.Node) (tnode, error) {
	if n == nil {
		return literal{nil}, nil
	}
	switch n.Kind {
	case asl.Object:
		return c.object(n)
	case asl.Array:
		a := &arrayNode{elems: make([]tnode, len(n.Elems))}
		static := true
		for i, e := range n.Elems {
			t, err := c.node(e)
			if err != nil {
				return nil, err
			}
			a.elems[i] = t
			if _, ok := t.(literal); !ok {
				static = false
			}
		}
		if static {
			return literal{n.Interface()}, nil
		}
		return a, nil
	}
	return literal{n.Interface()}, nil
}

func (c *compiler) object(n *asl.Node) (tnode, error) {
	o := &objectNode{}
	// A repeated key keeps its last value (asl.Node.Get); renaming "a.$" to "a" may not collide with another key.
	seen := map[string]string{}
	static := true
	for i, m := range n.Members {
		if n.Member(m.Key) != &n.Members[i] {
			continue // an earlier duplicate of the same key
		}
		name, dollar := strings.CutSuffix(m.Key, ".$")
		if prev, dup := seen[name]; dup {
			return nil, &CompileError{Pointer: m.Value.Pointer(), Node: m.Value,
				Msg: fmt.Sprintf("the keys %q and %q both produce the field %q; keys must be unique once \".$\" is removed", prev, m.Key, name)}
		}
		seen[name] = m.Key
		var t tnode
		var err error
		if dollar {
			t, err = c.dynamicValue(m.Key, m.Value)
			static = false
		} else {
			t, err = c.node(m.Value)
			if _, ok := t.(literal); !ok {
				static = false
			}
		}
		if err != nil {
			return nil, err
		}
		o.fields = append(o.fields, field{name: name, value: t})
	}
	if static {
		return literal{n.Interface()}, nil
	}
	return o, nil
}

// dynamicValue compiles the value of a ".$" key: a path ("$…"), a context path ("$$…"), a variable ("$name…")
// or an intrinsic function call (SPEC "Payload Template"; asl-semantics §3).
func (c *compiler) dynamicValue(key string, n *asl.Node) (tnode, error) {
	s, ok := n.StringValue()
	if !ok {
		return nil, &CompileError{Pointer: n.Pointer(), Node: n,
			Msg: fmt.Sprintf("the value of %q must be a string holding a path or an intrinsic function call, not %s", key, n.Kind)}
	}
	c.dynamic = true
	if strings.HasPrefix(s, "$") {
		p, err := path.ParsePath(s)
		if err != nil {
			return nil, &CompileError{Pointer: n.Pointer(), Node: n, Msg: fmt.Sprintf("the value of %q is not a valid path: %v", key, err)}
		}
		return &pathNode{key: key, src: s, p: p}, nil
	}
	if intrinsic.IsCall(s) {
		call, err := intrinsic.Parse(s)
		if err != nil {
			return nil, &CompileError{Pointer: n.Pointer(), Node: n, Msg: fmt.Sprintf("the value of %q is not a valid intrinsic function call: %v", key, err)}
		}
		return &callNode{key: key, call: call}, nil
	}
	return nil, &CompileError{Pointer: n.Pointer(), Node: n,
		Msg: fmt.Sprintf("the value of %q must be a path starting with \"$\" or an intrinsic function call such as States.Format(...), got %q", key, s)}
}
