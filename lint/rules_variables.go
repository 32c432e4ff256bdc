package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/intrinsic"
	"github.com/sfnsim/sfnsim/asl/jsonata"
	"github.com/sfnsim/sfnsim/asl/path"
)

// Variables: names given in Assign and references to them. Source:
// asl-semantics §3 (AWS "Passing data between states with variables").

var ruleVariableName = register(&Rule{
	ID: "ASL039", Name: "variable-name", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "an Assign key is not a usable variable name",
	Doc: "The keys of Assign are variable names, referred to later as $name. A name cannot be empty, cannot " +
		"contain \"$\", dots or whitespace, and cannot be \"states\": $states is reserved for the input, result, " +
		"error output and context of JSONata states. Write the bare name in Assign (\"total\"), and the \"$\" " +
		"only where you read it ($total).",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"$total": 0}, "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"total": 0}, "End": true}}}`,
	Tags:   []string{"correctness", "variables"},
	Source: "AWS Passing data between states with variables (reserved variable $states)",
})

var ruleVariableUndefined = register(&Rule{
	ID: "ASL040", Name: "variable-undefined", Severity: Warning,
	Summary: "a path or JSONata expression reads a variable that no state assigns, or that a Distributed Map's children cannot see",
	Doc: "A path starting with $name, or $name in a JSONata expression, reads the variable name, which some " +
		"state must set with Assign. A " +
		"variable that nothing in the machine assigns is probably misspelt; reading it fails the execution. " +
		"In JSONPath states $states does not exist: it belongs to JSONata states. Variables assigned inside a " +
		"Parallel branch or a Map iteration are not visible to the states around it: return such a value in " +
		"the state's output. The child executions of a " +
		"Distributed Map cannot read the variables of the states around the Map (AWS: \"Distributed Map states " +
		"cannot currently reference variables in outer scopes\"): pass such a value in with ItemSelector or " +
		"ItemBatcher's BatchInput, which are evaluated where the variable is visible.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"total": 1}, "Next": "Q"}, "Q": {"Type": "Pass", "Parameters": {"t.$": "$totl"}, "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"total": 1}, "Next": "Q"}, "Q": {"Type": "Pass", "Parameters": {"t.$": "$total"}, "End": true}}}`,
	Tags:   []string{"variables"},
	Source: "AWS Passing data between states with variables",
})

var ruleVariableStyle = register(&Rule{
	ID: "ASL044", Name: "variable-name-style", Severity: Warning,
	Summary: "a variable name has characters that make it hard or impossible to reference",
	Doc: "A variable is read as $name. In JSONata, $top-level reads as $top minus level, so a name with a " +
		"hyphen or another operator character cannot be referenced there. Use letters, digits and " +
		"underscores.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"order-total": 0}, "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"orderTotal": 0}, "End": true}}}`,
	Tags:   []string{"variables"},
	Source: "AWS Passing data between states with variables; JSONata variable syntax",
})

// assignObjects returns every Assign object of a state: its own, its
// catchers' and its choice rules'.
func assignObjects(s *asl.State) []*asl.Node {
	if s.Node.Kind != asl.Object {
		return nil
	}
	var out []*asl.Node
	if a := s.Field("Assign"); a != nil && a.Kind == asl.Object {
		out = append(out, a)
	}
	for _, c := range arrayObjects(s.Field("Catch")) {
		if a := c.Get("Assign"); a != nil && a.Kind == asl.Object {
			out = append(out, a)
		}
	}
	if s.Type == "Choice" {
		for _, r := range arrayObjects(s.Field("Choices")) {
			if a := r.Get("Assign"); a != nil && a.Kind == asl.Object {
				out = append(out, a)
			}
		}
	}
	return out
}

// variableName is the name an Assign key sets: in JSONPath states a ".$"
// suffix only says the value is a path.
func variableName(s *asl.State, key string) string {
	if !s.IsJSONata() {
		return strings.TrimSuffix(key, ".$")
	}
	return key
}

func init() {
	addCheck(check{machine: func(p *Pass) {
		assigned := map[string]bool{}
		// scopesOf[name] holds the scopes whose states assign name: a state
		// reads it only from its own scope or an enclosing one (inner
		// scopes' variables are not visible outside, asl-semantics §3).
		scopesOf := map[string]map[*asl.Scope]bool{}
		// assignedIn[sc] holds the names assigned by the states of a
		// Distributed Map's processor scope sc and of the scopes nested in
		// it: its child executions can read only those.
		assignedIn := map[*asl.Scope]map[string]bool{}
		for _, s := range p.Machine.States {
			d := distributedScope(s.Scope)
			for _, a := range assignObjects(s) {
				for _, m := range a.Members {
					name := variableName(s, m.Key)
					assigned[name] = true
					if scopesOf[name] == nil {
						scopesOf[name] = map[*asl.Scope]bool{}
					}
					scopesOf[name][s.Scope] = true
					for sc := d; sc != nil; sc = distributedScope(sc.Owner.Scope) {
						if assignedIn[sc] == nil {
							assignedIn[sc] = map[string]bool{}
						}
						assignedIn[sc][name] = true
					}
					checkVariableName(p, s, a, m.Key, name)
				}
			}
		}
		// outside reports a variable that is assigned, but only outside the
		// Distributed Map whose child executions read it.
		outside := func(s *asl.State, name string) (*asl.State, bool) {
			d := distributedScope(s.Scope)
			if d == nil || !assigned[name] || assignedIn[d][name] {
				return nil, false
			}
			return d.Owner, true
		}
		// inner reports a variable assigned only in scopes nested below
		// the reading state's: the Map or Parallel state holding the
		// first such scope is returned.
		inner := func(s *asl.State, name string) (*asl.State, bool) {
			for sc := s.Scope; sc != nil; sc = sc.Parent {
				if scopesOf[name][sc] {
					return nil, false
				}
			}
			for _, sc := range p.Machine.Scopes { // in source order: the same report every run
				if !scopesOf[name][sc] {
					continue
				}
				for up := sc; up != nil; up = up.Parent {
					if up.Parent == s.Scope && up.Owner != nil {
						return up.Owner, true
					}
				}
			}
			return nil, false
		}
		// check reports a read of name in state s that cannot see it.
		check := func(s *asl.State, n *asl.Node, off int, name string) {
			if m, ok := outside(s, name); ok {
				reportOuterVariable(p, n, off, name, m)
			} else if owner, ok := inner(s, name); ok {
				p.ReportInString(ruleVariableUndefined, n, off, len(name)+1,
					"variable $%s is assigned only inside %s %q, whose variables the states around it cannot read; return the value in its output instead",
					name, owner.Type, owner.Name)
			}
		}
		for _, s := range p.Machine.States {
			jsonataValues(s, func(v *asl.Node, _ jsonataPlace) {
				v.Walk(func(n *asl.Node) bool {
					expr, off, ok := jsonata.Expression(n.Str)
					if n.Kind != asl.String || !ok || isPlaceholder(n.Str) || jsonata.Check(expr) != nil {
						return true
					}
					for _, ref := range jsonataVariableRefs(expr) {
						if !assigned[ref.name] {
							p.ReportInString(ruleVariableUndefined, n, off+ref.offset, len(ref.name)+1,
								"variable $%s is not assigned by any state%s", ref.name, didYouMean(ref.name, variableNames(assigned)))
						} else {
							check(s, n, off+ref.offset, ref.name)
						}
					}
					return true
				})
			})
			for _, ps := range jsonPathStrings(s) {
				if ps.kind == kindResultPath {
					continue // a variable there is an ASL030 error
				}
				for _, ref := range variableRefs(ps.node.Str) {
					if assigned[ref.name] {
						check(s, ps.node, ref.offset, ref.name)
						continue
					}
					if ref.name == "states" {
						p.ReportInString(ruleVariableUndefined, ps.node, ref.offset, len(ref.name)+1,
							"$states exists only in JSONata states; in JSONPath read the input with \"$.\" and the context object with \"$$.\"")
						continue
					}
					p.ReportInString(ruleVariableUndefined, ps.node, ref.offset, len(ref.name)+1,
						"variable $%s is not assigned by any state%s", ref.name, didYouMean(ref.name, variableNames(assigned)))
				}
			}
		}
	}})
}

// distributedScope returns the processor scope of the innermost Distributed
// Map that sc is in (sc itself or an enclosing scope), or nil.
func distributedScope(sc *asl.Scope) *asl.Scope {
	for ; sc != nil; sc = sc.Parent {
		if sc.Kind == asl.ProcessorScope && sc.Owner != nil && sc.Owner.IsDistributed() {
			return sc
		}
	}
	return nil
}

// reportOuterVariable reports a read, in the child executions of Distributed
// Map m, of a variable assigned only outside them. AWS "Passing data between
// states with variables", Variable scope: "Distributed Map states cannot
// currently reference variables in outer scopes."
func reportOuterVariable(p *Pass, n *asl.Node, off int, name string, m *asl.State) {
	p.ReportInString(ruleVariableUndefined, n, off, len(name)+1,
		"variable $%s is assigned outside Distributed Map %q, whose child executions cannot read outer variables; pass the value in with ItemSelector (or ItemBatcher BatchInput)",
		name, m.Name)
}

func variableNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func checkVariableName(p *Pass, s *asl.State, a *asl.Node, key, name string) {
	switch {
	case name == "":
		p.ReportKey(ruleVariableName, a, key, "variable name is empty; name the variable")
	case name == "states":
		p.ReportKey(ruleVariableName, a, key, "variable name %q is reserved: $states holds the input, result and context of JSONata states; choose another name", name)
	case strings.HasPrefix(name, "$"):
		p.ReportKey(ruleVariableName, a, key, "variable name %q starts with \"$\"; write the name without it (%q) and read it as %s", name, strings.TrimLeft(name, "$"), name)
	case strings.ContainsAny(name, "$. \t\r\n"):
		p.ReportKey(ruleVariableName, a, key, "variable name %q contains \"$\", a dot or whitespace, so $%s cannot refer to it; use letters, digits and underscores", name, name)
	case !isIdentifier(name):
		p.ReportKey(ruleVariableStyle, a, key, "variable name %q cannot be read as $%s in JSONata, where it reads as an expression; use letters, digits and underscores", name, name)
	}
}

// isIdentifier reports whether name is made of letters, digits and
// underscores (Unicode letters and digits included), which JSONata reads as
// one variable name after "$".
func isIdentifier(name string) bool {
	for _, r := range name {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			continue
		}
		return false
	}
	return utf8.RuneCountInString(name) > 0
}

// varRef is a $name reference at a byte offset of a path string.
type varRef struct {
	name   string
	offset int
}

// variableRefs finds the variables a JSONPath string reads: the root of a
// path, or the roots of an intrinsic function's path arguments.
func variableRefs(s string) []varRef {
	var paths []*path.Path
	if intrinsic.IsCall(s) {
		c, err := intrinsic.Parse(s)
		if err != nil {
			return nil
		}
		paths = c.Paths()
	} else if pp, err := path.ParsePath(s); err == nil {
		paths = []*path.Path{pp}
	}
	var out []varRef
	for _, pp := range paths {
		if pp.Root == path.RootVariable {
			out = append(out, varRef{pp.Var, pp.Offset})
		}
	}
	return out
}
