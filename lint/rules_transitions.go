package lint

import (
	"fmt"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl"
)

// Transitions and names: every scope (the machine, each Parallel branch,
// each Map processor) is a graph of its own. Source: asl-semantics §1, the
// Amazon States Language specification ("Transitions", "Parallel", "Map").

var ruleStartAt = register(&Rule{
	ID: "ASL010", Name: "start-at-missing", Severity: Error, AWSCode: "MISSING_TRANSITION_TARGET",
	Summary: "StartAt names no state of its scope",
	Doc: "StartAt must name one of the states in the States object next to it. In a Parallel branch or a Map " +
		"processor, that is a state of the branch or processor itself, never one outside it.",
	Bad:    `{"StartAt": "Frist", "States": {"First": {"Type": "Succeed"}}}`,
	Good:   `{"StartAt": "First", "States": {"First": {"Type": "Succeed"}}}`,
	Tags:   []string{"correctness", "transitions"},
	Source: "ASL specification: Top-level fields",
})

var ruleTarget = register(&Rule{
	ID: "ASL011", Name: "transition-target-missing", Severity: Error, AWSCode: "MISSING_TRANSITION_TARGET",
	Summary: "Next, Default, Choices[].Next or Catch[].Next names no state of its scope",
	Doc: "A transition must name a state in the same States object. States inside a Parallel branch or a Map " +
		"processor transition only among themselves: a branch cannot jump out to the enclosing machine, and " +
		"nothing outside can jump into it. To leave a branch, end it (End: true) and continue from the " +
		"Parallel or Map state's own Next.",
	Bad:    `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}`,
	Good:   `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}}}`,
	Tags:   []string{"correctness", "transitions"},
	Source: "ASL specification: Transitions; Parallel; Map",
})

var ruleUnreachable = register(&Rule{
	ID: "ASL012", Name: "unreachable-state", Severity: Error,
	Summary: "no path leads from StartAt to the state",
	Doc: "Every state should be reachable from its scope's StartAt by following Next, Choices, Default and " +
		"Catch transitions. A state nothing reaches is dead code — often a misspelt Next elsewhere. States " +
		"that only reach each other (A → B → A) but are never entered are unreachable too.",
	Bad:    `{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "Next": "B"}}}`,
	Good:   `{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}`,
	Tags:   []string{"correctness", "transitions"},
	Source: "ASL specification: Transitions (all states must be reachable)",
})

var ruleNoTerminal = register(&Rule{
	ID: "ASL013", Name: "no-terminal-state", Severity: Error, AWSCode: "MISSING_END_STATE",
	Summary: "a scope has no Succeed, Fail or End: true state",
	Doc: "The machine, each Parallel branch and each Map processor needs at least one terminal state: a " +
		"Succeed or Fail state, or a state with \"End\": true. AWS rejects the definition otherwise.",
	Bad:    `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}`,
	Good:   `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`,
	Tags:   []string{"correctness", "transitions"},
	Source: "ASL specification: Terminal states; AWS code MISSING_END_STATE",
})

var ruleDuplicateState = register(&Rule{
	ID: "ASL014", Name: "duplicate-state-name", Severity: Error, AWSCode: "DUPLICATE_STATE_NAME",
	Summary: "a state name is used twice in the machine",
	Doc: "State names must be unique across the whole state machine, including every Parallel branch and " +
		"Map processor, because executions, history events and the console refer to states by name alone.",
	Bad:    `{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}], "End": true}}}`,
	Good:   `{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{"StartAt": "P1", "States": {"P1": {"Type": "Succeed"}}}], "End": true}}}`,
	Tags:   []string{"correctness", "naming"},
	Source: "ASL specification: States (names unique in the whole machine); AWS code DUPLICATE_STATE_NAME",
})

var ruleStateName = register(&Rule{
	ID: "ASL015", Name: "state-name-invalid", Severity: Error, AWSCode: "INVALID_STATE_NAME",
	Summary: "a state name is empty or longer than 80 characters",
	Doc:     "State names must be 1 to 80 characters long.",
	Bad:     `{"StartAt": "", "States": {"": {"Type": "Succeed"}}}`,
	Good:    `{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}`,
	Tags:    []string{"correctness", "naming"},
	Source:  "ASL specification: States (names ≤ 80 Unicode characters)",
})

var ruleNextEnd = register(&Rule{
	ID: "ASL016", Name: "next-or-end", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a state has both Next and End, or neither",
	Doc: "Pass, Task, Wait, Parallel and Map states need exactly one of \"Next\" (the state to go to) or " +
		"\"End\": true. Choice, Succeed and Fail states have neither: a Choice moves on through its Choices " +
		"and Default, Succeed and Fail end their scope.",
	Bad:    `{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}`,
	Good:   `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`,
	Tags:   []string{"correctness", "transitions"},
	Source: "ASL specification: Transitions",
})

// maxStateNameLength is the limit of ASL specification "States".
const maxStateNameLength = 80

func init() {
	addCheck(check{
		machine: checkDuplicateStateNames,
		scope:   checkScopeGraph,
		state:   checkNextEnd,
	})
}

func checkDuplicateStateNames(p *Pass) {
	first := map[string]*asl.State{}
	for _, s := range p.Machine.States {
		if n := utf8.RuneCountInString(s.Name); n == 0 {
			p.ReportRange(ruleStateName, s.Node.Pointer(), s.NameRange, "state name is empty; give the state a name of 1 to 80 characters")
		} else if n > maxStateNameLength {
			p.ReportRange(ruleStateName, s.Node.Pointer(), s.NameRange,
				fmt.Sprintf("state name %q is %d characters long; the limit is %d", s.Name, n, maxStateNameLength))
		}
		if prev, ok := first[s.Name]; ok {
			if prev.Scope == s.Scope {
				continue // the same key twice in one object: ASL002 reports it
			}
			p.ReportRange(ruleDuplicateState, s.Node.Pointer(), s.NameRange,
				fmt.Sprintf("state name %q is already used at %s (%s); state names must be unique in the whole machine, including branches and Map processors",
					s.Name, p.where(prev.NameRange), prev.Node.Pointer()))
			continue
		}
		first[s.Name] = s
	}
}

func checkScopeGraph(p *Pass, sc *asl.Scope) {
	if sc.Node.Kind != asl.Object {
		return
	}
	names := make([]string, len(sc.States))
	for i, s := range sc.States {
		names[i] = s.Name
	}

	start := sc.StartAt()
	startName, startOK := start.StringValue()
	if startOK && sc.Lookup(startName) == nil && len(sc.States) > 0 {
		p.Report(ruleStartAt, start, "StartAt names %q, which is not a state %s%s", startName, scopeWhere(sc), didYouMean(startName, names))
		startOK = false
	}

	for _, s := range sc.States {
		for _, t := range s.Transitions() {
			if sc.Lookup(t.Target) != nil {
				continue
			}
			if other := findState(p.Machine, t.Target); other != nil {
				p.Report(ruleTarget, t.Node, "%s %q names a state of %s, not %s; transitions cannot leave or enter a Parallel branch or Map processor",
					fieldLabel(t.Field), t.Target, scopeName(other.Scope), scopeName(sc))
				continue
			}
			p.Report(ruleTarget, t.Node, "%s %q names no state %s%s", fieldLabel(t.Field), t.Target, scopeWhere(sc), didYouMean(t.Target, names))
		}
	}

	if len(sc.States) == 0 {
		return // an empty States object is a schema finding
	}
	terminal := false
	for _, s := range sc.States {
		if s.IsTerminal() {
			terminal = true
			break
		}
	}
	if !terminal {
		p.ReportKey(ruleNoTerminal, sc.Node, "States", "%s has no terminal state; add a Succeed or Fail state, or \"End\": true on the last state", scopeName(sc))
	}

	if !startOK {
		return
	}
	reached := map[*asl.State]bool{}
	queue := []*asl.State{sc.Lookup(startName)}
	reached[queue[0]] = true
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, t := range s.Transitions() {
			if n := sc.Lookup(t.Target); n != nil && !reached[n] {
				reached[n] = true
				queue = append(queue, n)
			}
		}
	}
	for _, s := range sc.States {
		if !reached[s] && sc.Lookup(s.Name) == s {
			p.ReportRange(ruleUnreachable, s.Node.Pointer(), s.NameRange,
				fmt.Sprintf("state %q is never reached from StartAt %q; remove it or add a transition to it", s.Name, startName))
		}
	}
}

func checkNextEnd(p *Pass, s *asl.State) {
	if s.Node.Kind != asl.Object {
		return
	}
	next, end := s.Field("Next"), s.Field("End")
	switch s.Type {
	case "Pass", "Task", "Wait", "Parallel", "Map":
		switch {
		case next != nil && end != nil:
			p.ReportKey(ruleNextEnd, s.Node, "End", "%s state %q has both \"Next\" and \"End\"; keep one", s.Type, s.Name)
		case next == nil && end == nil:
			p.ReportRange(ruleNextEnd, s.Node.Pointer(), s.NameRange,
				fmt.Sprintf("%s state %q has neither \"Next\" nor \"End\"; add \"Next\": \"<state>\" or \"End\": true", s.Type, s.Name))
		case end != nil && end.Kind == asl.Bool && !end.Bool:
			p.Report(ruleNextEnd, end, "\"End\": false does not continue anywhere; use \"Next\": \"<state>\" or \"End\": true")
		}
	case "Choice", "Succeed", "Fail":
		for _, f := range []string{"Next", "End"} {
			if s.Field(f) != nil {
				p.ReportKey(ruleNextEnd, s.Node, f, "%s states have no %q; %s", s.Type, f, terminalHint(s.Type))
			}
		}
	}
}

func terminalHint(typ string) string {
	if typ == "Choice" {
		return "a Choice state moves on through its Choices and Default"
	}
	return "a " + typ + " state ends its scope"
}

func fieldLabel(f string) string {
	switch f {
	case "Choices":
		return "choice rule Next"
	case "Catch":
		return "catcher Next"
	}
	return f
}

// findState finds a state by name anywhere in the machine.
func findState(m *asl.Machine, name string) *asl.State {
	for _, sc := range m.Scopes {
		if s := sc.Lookup(name); s != nil {
			return s
		}
	}
	return nil
}

// scopeName describes a scope for messages.
func scopeName(sc *asl.Scope) string {
	switch sc.Kind {
	case asl.BranchScope:
		for i, c := range sc.Owner.Children {
			if c == sc {
				return fmt.Sprintf("branch %d of Parallel state %q", i, sc.Owner.Name)
			}
		}
		return fmt.Sprintf("a branch of Parallel state %q", sc.Owner.Name)
	case asl.ProcessorScope:
		return fmt.Sprintf("the item processor of Map state %q", sc.Owner.Name)
	}
	return "the top level"
}

func scopeWhere(sc *asl.Scope) string {
	if sc.Kind == asl.TopScope {
		return "at the top level"
	}
	return "in " + scopeName(sc)
}
