package choice

import (
	"fmt"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/path"
)

// maxDepth bounds the nesting of And, Or and Not, so that a hostile definition cannot exhaust the stack. AWS
// documents no limit; no real definition comes near this one.
const maxDepth = 256

type ruleKind uint8

const (
	kindTest ruleKind = iota // Variable + one operator
	kindAnd
	kindOr
	kindNot
)

// family is the kind of operand an operator compares.
type family uint8

const (
	famString family = iota
	famNumeric
	famBoolean
	famTimestamp
	famMatches
	famIsNull
	famIsPresent
	famIsNumeric
	famIsString
	famIsBoolean
	famIsTimestamp
)

// relation is the comparison of an ordered family.
type relation uint8

const (
	relEquals relation = iota
	relLessThan
	relGreaterThan
	relLessThanEquals
	relGreaterThanEquals
)

type operator struct {
	fam    family
	rel    relation
	byPath bool // the …Path form: the operand is read from the input
}

// operators maps every data-test operator of asl-semantics §8 to what it does.
var operators = map[string]operator{
	"BooleanEquals":     {fam: famBoolean},
	"BooleanEqualsPath": {fam: famBoolean, byPath: true},
	"StringMatches":     {fam: famMatches},
	"IsNull":            {fam: famIsNull},
	"IsPresent":         {fam: famIsPresent},
	"IsNumeric":         {fam: famIsNumeric},
	"IsString":          {fam: famIsString},
	"IsBoolean":         {fam: famIsBoolean},
	"IsTimestamp":       {fam: famIsTimestamp},
}

func init() {
	families := []struct {
		prefix string
		fam    family
	}{{"String", famString}, {"Numeric", famNumeric}, {"Timestamp", famTimestamp}}
	relations := []struct {
		suffix string
		rel    relation
	}{{"Equals", relEquals}, {"LessThan", relLessThan}, {"GreaterThan", relGreaterThan},
		{"LessThanEquals", relLessThanEquals}, {"GreaterThanEquals", relGreaterThanEquals}}
	for _, f := range families {
		for _, r := range relations {
			operators[f.prefix+r.suffix] = operator{fam: f.fam, rel: r.rel}
			operators[f.prefix+r.suffix+"Path"] = operator{fam: f.fam, rel: r.rel, byPath: true}
		}
	}
}

// Rule is a compiled JSONPath Choice rule: a data test (Variable and one operator) or a Boolean rule (And, Or,
// Not).
type Rule struct {
	// Next is the state a top-level rule transitions to ("" for nested rules).
	Next string
	// Node is the rule in the definition.
	Node *asl.Node

	kind     ruleKind
	children []*Rule // And, Or; Not has one

	variable    *path.Path
	varText     string
	opName      string
	op          operator
	operand     *path.Path // …Path forms
	operandText string
	str         string   // String*, and the pattern text of StringMatches
	num         decimal  // Numeric*
	boolean     bool     // BooleanEquals and the Is* tests
	ts          instant  // Timestamp*
	pattern     *pattern // StringMatches
}

// CompileError reports a malformed rule. Pointer is the JSON pointer of the offending value in the definition.
type CompileError struct {
	Pointer string
	Msg     string
}

func (e *CompileError) Error() string {
	if e.Pointer == "" {
		return e.Msg
	}
	return e.Pointer + ": " + e.Msg
}

func errAt(n *asl.Node, format string, args ...any) *CompileError {
	return &CompileError{Pointer: n.Pointer(), Msg: fmt.Sprintf(format, args...)}
}

// Compile compiles a top-level Choice rule (an element of a Choice state's "Choices"). It returns a
// *CompileError for a rule that AWS would not accept: not exactly one test, an operand of the wrong type, a
// timestamp literal that is not RFC 3339, a path that does not parse, an unknown field.
func Compile(rule *asl.Node) (*Rule, error) {
	r, err := compile(rule, true, 0)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// CompileChoices compiles the rules of a "Choices" array, in order.
func CompileChoices(choices *asl.Node) ([]*Rule, error) {
	if choices == nil || choices.Kind != asl.Array {
		return nil, &CompileError{Pointer: choices.Pointer(), Msg: "\"Choices\" must be an array of rules"}
	}
	if len(choices.Elems) == 0 {
		return nil, errAt(choices, "\"Choices\" needs at least one rule")
	}
	rules := make([]*Rule, len(choices.Elems))
	for i, e := range choices.Elems {
		r, err := Compile(e)
		if err != nil {
			return nil, err
		}
		rules[i] = r
	}
	return rules, nil
}

func compile(n *asl.Node, top bool, depth int) (*Rule, *CompileError) {
	if n == nil {
		return nil, &CompileError{Msg: "missing choice rule"}
	}
	if n.Kind != asl.Object {
		return nil, errAt(n, "a choice rule must be an object, not %s", n.Kind)
	}
	if depth > maxDepth {
		return nil, errAt(n, "choice rules are nested more than %d deep", maxDepth)
	}
	r := &Rule{Node: n}
	var boolKeys, ops []string
	for _, m := range n.Members {
		switch k := m.Key; {
		case k == "And" || k == "Or" || k == "Not":
			boolKeys = append(boolKeys, k)
		case k == "Variable" || k == "Comment":
		case k == "Next" || k == "Assign":
			if !top {
				return nil, errAt(m.Value, "rules nested in \"And\", \"Or\" or \"Not\" have no %q", k)
			}
		default:
			if _, ok := operators[k]; !ok {
				return nil, errAt(m.Value, "%q is not a field of a JSONPath choice rule", k)
			}
			ops = append(ops, k)
		}
	}
	if next := n.Get("Next"); next != nil {
		s, ok := next.StringValue()
		if !ok {
			return nil, errAt(next, "\"Next\" must be a state name, not %s", next.Kind)
		}
		r.Next = s
	}
	if c := n.Get("Comment"); c != nil && c.Kind != asl.String {
		return nil, errAt(c, "\"Comment\" must be a string, not %s", c.Kind)
	}
	variable := n.Get("Variable")
	switch {
	case len(boolKeys) > 1:
		return nil, errAt(n, "a choice rule takes one of \"And\", \"Or\" and \"Not\", not %s", strings.Join(boolKeys, " and "))
	case len(boolKeys) == 1 && (variable != nil || len(ops) > 0):
		return nil, errAt(n, "a choice rule is either a Boolean rule (%q) or a data test (\"Variable\" with an operator), not both", boolKeys[0])
	case len(boolKeys) == 1:
		return r, r.compileBoolean(boolKeys[0], n.Get(boolKeys[0]), depth)
	case variable == nil:
		return nil, errAt(n, "a choice rule needs \"Variable\" with one comparison operator, or \"And\", \"Or\" or \"Not\"")
	case len(ops) != 1:
		if len(ops) == 0 {
			return nil, errAt(n, "the choice rule tests \"Variable\" with no comparison operator")
		}
		return nil, errAt(n, "a data test takes exactly one comparison operator, not %s", strings.Join(ops, " and "))
	}
	return r, r.compileTest(variable, ops[0], n.Get(ops[0]))
}

func (r *Rule) compileBoolean(key string, v *asl.Node, depth int) *CompileError {
	if key == "Not" {
		r.kind = kindNot
		c, err := compile(v, false, depth+1)
		if err != nil {
			return err
		}
		r.children = []*Rule{c}
		return nil
	}
	r.kind = kindAnd
	if key == "Or" {
		r.kind = kindOr
	}
	if v.Kind != asl.Array {
		return errAt(v, "%q must be an array of rules, not %s", key, v.Kind)
	}
	if len(v.Elems) == 0 {
		return errAt(v, "%q needs at least one rule", key)
	}
	for _, e := range v.Elems {
		c, err := compile(e, false, depth+1)
		if err != nil {
			return err
		}
		r.children = append(r.children, c)
	}
	return nil
}

func parsePath(n *asl.Node, field string) (*path.Path, string, *CompileError) {
	s, ok := n.StringValue()
	if !ok {
		return nil, "", errAt(n, "%q must be a path string, not %s", field, n.Kind)
	}
	p, err := path.ParsePath(s)
	if err != nil {
		return nil, "", errAt(n, "%q is not a valid JSONPath: %v", s, err)
	}
	return p, s, nil
}

func (r *Rule) compileTest(variable *asl.Node, name string, v *asl.Node) *CompileError {
	r.kind = kindTest
	p, text, err := parsePath(variable, "Variable")
	if err != nil {
		return err
	}
	r.variable, r.varText = p, text
	r.opName, r.op = name, operators[name]
	if r.op.byPath {
		r.operand, r.operandText, err = parsePath(v, name)
		return err
	}
	switch r.op.fam {
	case famString, famMatches, famTimestamp:
		s, ok := v.StringValue()
		if !ok {
			return errAt(v, "%s compares with a string, not %s", name, v.Kind)
		}
		r.str = s
		switch r.op.fam {
		case famTimestamp:
			t, ok := parseTimestamp(s)
			if !ok {
				return errAt(v, "%s compares with an RFC 3339 timestamp such as \"2016-03-14T01:59:00Z\", not %q", name, s)
			}
			r.ts = t
		case famMatches:
			r.pattern = compilePattern(s)
		}
	case famNumeric:
		d, ok := literalNumber(v)
		if !ok {
			return errAt(v, "%s compares with a number, not %s", name, describe(v))
		}
		r.num = d
	default: // BooleanEquals and the Is* tests
		if v.Kind != asl.Bool {
			return errAt(v, "%s takes true or false, not %s", name, describe(v))
		}
		r.boolean = v.Bool
	}
	return nil
}

func describe(n *asl.Node) string {
	if n.Kind == asl.String {
		return fmt.Sprintf("the string %q", n.Str)
	}
	return n.Kind.String()
}
