// Package mock runs Task states from AWS Step Functions Local's mock
// configuration file (MockConfigFile.json), so that `sfnsim run` can take
// the test cases written for Step Functions Local unchanged:
//
//	{
//	  "StateMachines": {
//	    "MyMachine": {"TestCases": {"HappyPath": {"LambdaState": "MockedLambdaSuccess"}}}
//	  },
//	  "MockedResponses": {
//	    "MockedLambdaSuccess": {
//	      "0":   {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "busy"}},
//	      "1-2": {"Return": {"StatusCode": 200, "Payload": {"ok": true}}}
//	    }
//	  }
//	}
//
// A test case maps state names to mocked responses. A mocked response maps
// invocation numbers ("0") and inclusive ranges ("1-2") to a Return (the
// task's result) or a Throw (its error and cause). Invocations are counted
// from 0 over every call of the state, retries included, so "0" answers
// the first attempt and "1-2" the first two retries.
//
// After the last invocation the file defines, the last response answers
// every further call. Step Functions Local's documentation does not say
// what happens then; repeating the last response is the choice that lets
// a state inside a Map, called once per item, be mocked with a single
// "0" entry, which is how such mocks are written in practice.
package mock

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/internal/suggest"
)

// Config is a parsed mock configuration file.
type Config struct {
	path string
	// machines: state machine → test case → state → mocked response.
	machines  map[string]map[string]map[string]*response
	responses map[string]*response
}

// response is one entry of MockedResponses: its answers, sorted and
// contiguous from invocation 0.
type response struct {
	name    string
	answers []answer
}

// answer covers invocations first…last (inclusive).
type answer struct {
	first, last int
	// ret is the Return value, kept as the parsed node so that every call
	// gets a fresh copy: the engine may change a result in place when it
	// applies ResultPath, while other children use the same mock.
	ret   *asl.Node
	throw *asl.StatesError
}

// answer returns the answer for the nth call (0-based).
func (r *response) answer(n int) *answer {
	i := sort.Search(len(r.answers), func(i int) bool { return r.answers[i].last >= n })
	if i == len(r.answers) {
		i = len(r.answers) - 1
	}
	return &r.answers[i]
}

// Error is a problem in a mock configuration file, at a position.
type Error struct {
	Path string
	Pos  asl.Pos
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Col, e.Msg)
}

// parser collects every problem of a file, so that one run shows them all.
type parser struct {
	path string
	errs []*Error
	// broken are the mocked responses that have errors of their own: a
	// test case using one is not reported again.
	broken map[string]bool
}

func (p *parser) errorf(r asl.Range, format string, args ...any) {
	p.errs = append(p.errs, &Error{Path: p.path, Pos: r.Start, Msg: fmt.Sprintf(format, args...)})
}

// Parse reads a mock configuration file. Errors carry line:col and say
// what to write instead; all the problems of the file are reported at
// once (joined with errors.Join), in file order.
func Parse(path string, text []byte) (*Config, error) {
	if strings.TrimSpace(string(text)) == "" {
		return nil, &Error{Path: path, Pos: asl.Pos{Line: 1, Col: 1}, Msg: `empty mock configuration file; write a JSON object with "StateMachines" and "MockedResponses"`}
	}
	doc, err := asl.ParseJSON(path, text)
	if err != nil {
		return nil, err
	}
	p := &parser{path: path, broken: map[string]bool{}}
	for _, d := range doc.Duplicates {
		p.errorf(d.Second, "%q is repeated (first at %s); keep one of them", d.Key, d.First.Start)
	}
	c := &Config{path: path, machines: map[string]map[string]map[string]*response{}, responses: map[string]*response{}}
	root := doc.Root
	if root.Kind != asl.Object {
		p.errorf(root.Range, `a mock configuration file is a JSON object with "StateMachines" and "MockedResponses", not %s`, kindName(root))
		return nil, p.err()
	}
	_, misspelt := p.only(root, "the mock configuration", "StateMachines", "MockedResponses")
	responses := root.Get("MockedResponses")
	if responses == nil && !misspelt["MockedResponses"] {
		p.errorf(root.Range, `missing "MockedResponses"; add an object of named responses, such as {"Ok": {"0": {"Return": {}}}}`)
	} else if responses != nil && p.object(responses, `"MockedResponses"`, `an object of named responses, such as {"Ok": {"0": {"Return": {}}}}`) {
		for _, m := range responses.Members {
			if r := p.response(m.Key, m.Value); r != nil {
				c.responses[m.Key] = r
			} else {
				p.broken[m.Key] = true
			}
		}
	}
	machines := root.Get("StateMachines")
	if machines == nil && !misspelt["StateMachines"] {
		p.errorf(root.Range, `missing "StateMachines"; add an object such as {"MyMachine": {"TestCases": {"HappyPath": {"MyState": "Ok"}}}}`)
	} else if machines != nil && p.object(machines, `"StateMachines"`, `an object of state machine names, such as {"MyMachine": {"TestCases": {...}}}`) {
		for _, m := range machines.Members {
			c.machines[m.Key] = p.machine(c, m.Key, m.Value)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *parser) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Pos.Offset < p.errs[j].Pos.Offset })
	errs := make([]error, len(p.errs))
	for i, e := range p.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// object checks that n is an object; want says what it should be.
func (p *parser) object(n *asl.Node, what, want string) bool {
	if n.Kind != asl.Object {
		p.errorf(n.Range, "%s must be %s, not %s", what, want, kindName(n))
		return false
	}
	return true
}

// only reports the keys of n that are not in allowed, with the likely
// intended one. It returns whether there were any, and the names it
// suggested, so that a misspelt field is not reported missing as well.
func (p *parser) only(n *asl.Node, what string, allowed ...string) (bool, map[string]bool) {
	found, suggested := false, map[string]bool{}
	for _, m := range n.Members {
		if contains(allowed, m.Key) {
			continue
		}
		hint := "remove it"
		if s := suggest.Closest(m.Key, allowed); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
			suggested[s] = true
		}
		p.errorf(m.KeyRange, "%s has no field %q (it takes %s); %s", what, m.Key, quoteAll(allowed), hint)
		found = true
	}
	return found, suggested
}

func (p *parser) machine(c *Config, name string, n *asl.Node) map[string]map[string]*response {
	cases := map[string]map[string]*response{}
	what := fmt.Sprintf("state machine %q", name)
	if !p.object(n, what, `an object with "TestCases"`) {
		return cases
	}
	_, misspelt := p.only(n, what, "TestCases")
	tcs := n.Get("TestCases")
	if tcs == nil && misspelt["TestCases"] {
		return cases
	}
	if tcs == nil {
		p.errorf(n.Range, `%s has no "TestCases"; add {"TestCases": {"HappyPath": {"MyState": "Ok"}}}`, what)
		return cases
	}
	if !p.object(tcs, `"TestCases" of `+what, `an object of test case names, such as {"HappyPath": {"MyState": "Ok"}}`) {
		return cases
	}
	for _, tc := range tcs.Members {
		states := map[string]*response{}
		cases[tc.Key] = states
		tcWhat := fmt.Sprintf("test case %q of %s", tc.Key, what)
		if !p.object(tc.Value, tcWhat, `an object of state names to mocked response names, such as {"MyState": "Ok"}`) {
			continue
		}
		for _, st := range tc.Value.Members {
			ref, ok := st.Value.StringValue()
			if !ok {
				p.errorf(st.Value.Range, "state %q in %s must name a mocked response (a string), not %s", st.Key, tcWhat, kindName(st.Value))
				continue
			}
			r := c.responses[ref]
			if r == nil && p.broken[ref] {
				continue
			}
			if r == nil {
				p.errorf(st.Value.Range, "state %q in %s uses the mocked response %q, which \"MockedResponses\" does not define; %s",
					st.Key, tcWhat, ref, didYouMean(ref, sortedNames(c.responses), "define it"))
				continue
			}
			states[st.Key] = r
		}
	}
	return cases
}

// invocationKey is "N" or "N-M", without signs or spaces.
var invocationKey = regexp.MustCompile(`^([0-9]+)(?:-([0-9]+))?$`)

func (p *parser) response(name string, n *asl.Node) *response {
	what := fmt.Sprintf("mocked response %q", name)
	if !p.object(n, what, `an object of invocation numbers to answers, such as {"0": {"Return": {}}}`) {
		return nil
	}
	if len(n.Members) == 0 {
		p.errorf(n.Range, `%s is empty; add at least {"0": {"Return": ...}} or {"0": {"Throw": {"Error": "...", "Cause": "..."}}}`, what)
		return nil
	}
	r := &response{name: name}
	keys := map[int]asl.Range{} // first invocation → key position, for overlap messages
	ok := true
	for _, m := range n.Members {
		if n.Member(m.Key).KeyRange != m.KeyRange {
			continue // repeated key, reported already; the last one counts
		}
		a, good := p.answer(what, m)
		if !good {
			ok = false
			continue
		}
		keys[a.first] = m.KeyRange
		r.answers = append(r.answers, a)
	}
	if !ok {
		return nil
	}
	sort.Slice(r.answers, func(i, j int) bool { return r.answers[i].first < r.answers[j].first })
	next := 0
	for i, a := range r.answers {
		switch {
		case a.first > next:
			p.errorf(keys[a.first], "%s has no answer for invocation %s; Step Functions Local counts calls from 0 without gaps, so add %q or start this range at %d",
				what, span(next, a.first-1), span(next, a.first-1), next)
			return nil
		case a.first < next:
			prev := r.answers[i-1]
			p.errorf(keys[a.first], "%s answers invocation %d twice (%q overlaps %q); make the ranges disjoint",
				what, a.first, span(a.first, a.last), span(prev.first, prev.last))
			return nil
		}
		next = a.last + 1
	}
	return r
}

func (p *parser) answer(what string, m asl.Member) (answer, bool) {
	g := invocationKey.FindStringSubmatch(m.Key)
	if g == nil {
		p.errorf(m.KeyRange, `%s has the key %q; keys are invocation numbers counted from 0 ("0") or inclusive ranges ("1-2")`, what, m.Key)
		return answer{}, false
	}
	first, err1 := strconv.Atoi(g[1])
	last, err2 := first, error(nil)
	if g[2] != "" {
		last, err2 = strconv.Atoi(g[2])
	}
	if err1 != nil || err2 != nil {
		p.errorf(m.KeyRange, "%s has the key %q, a number too large to be an invocation count", what, m.Key)
		return answer{}, false
	}
	if last < first {
		p.errorf(m.KeyRange, "%s has the range %q, which ends before it starts; write %q", what, m.Key, span(last, first))
		return answer{}, false
	}
	a := answer{first: first, last: last}
	what = fmt.Sprintf("invocation %q of %s", m.Key, what)
	n := m.Value
	if !p.object(n, what, `{"Return": <result>} or {"Throw": {"Error": "...", "Cause": "..."}}`) {
		return a, false
	}
	misspelt, _ := p.only(n, what, "Return", "Throw")
	ret, throw := n.Get("Return"), n.Get("Throw")
	switch {
	case ret != nil && throw != nil:
		p.errorf(n.Range, `%s has both "Return" and "Throw"; keep one`, what)
		return a, false
	case ret == nil && throw == nil && misspelt:
		return a, false // the misspelt key says it all
	case ret == nil && throw == nil:
		p.errorf(n.Range, `%s has neither "Return" nor "Throw"; add {"Return": <result>} or {"Throw": {"Error": "...", "Cause": "..."}}`, what)
		return a, false
	case ret != nil:
		a.ret = ret
		return a, true
	}
	if !p.object(throw, `"Throw" of `+what, `{"Error": "...", "Cause": "..."}`) {
		return a, false
	}
	_, misspeltThrow := p.only(throw, `"Throw" of `+what, "Error", "Cause")
	a.throw = &asl.StatesError{}
	errName, cause := throw.Get("Error"), throw.Get("Cause")
	if errName == nil && misspeltThrow["Error"] {
		return a, false
	}
	if errName == nil {
		p.errorf(throw.Range, `"Throw" of %s has no "Error"; add the error name Retry and Catch match, such as "Lambda.ServiceException"`, what)
		return a, false
	}
	var okName, okCause bool
	a.throw.Name, okName = errName.StringValue()
	if !okName {
		p.errorf(errName.Range, `"Error" of %s must be a string, not %s`, what, kindName(errName))
	}
	okCause = true
	if cause != nil {
		a.throw.Cause, okCause = cause.StringValue()
		if !okCause {
			p.errorf(cause.Range, `"Cause" of %s must be a string, not %s; to pass JSON, write it as a string`, what, kindName(cause))
		}
	}
	return a, okName && okCause
}

// StateMachines returns the names of the state machines the file has test
// cases for, sorted.
func (c *Config) StateMachines() []string { return sortedNames(c.machines) }

// TestCase returns the handler that plays test case testCase of state
// machine stateMachine. Each call returns a new handler, with its own
// invocation counts.
func (c *Config) TestCase(stateMachine, testCase string) (*Handler, error) {
	cases, ok := c.machines[stateMachine]
	if !ok {
		return nil, fmt.Errorf("%s has no test cases for the state machine %q; %s", c.path, stateMachine,
			didYouMean(stateMachine, sortedNames(c.machines), `add it under "StateMachines"`))
	}
	states, ok := cases[testCase]
	if !ok {
		return nil, fmt.Errorf("%s has no test case %q for the state machine %q; %s", c.path, testCase, stateMachine,
			didYouMean(testCase, sortedNames(cases), `add it under "TestCases"`))
	}
	return &Handler{testCase: testCase, states: states, counts: make(map[string]int, len(states))}, nil
}

// CheckStates refuses a test case that mocks a state the machine does not
// have (a typo, or a state renamed since): that state's calls would go to
// the real service instead. known are the machine's state names, nested
// ones included.
func (c *Config) CheckStates(stateMachine, testCase string, known []string) error {
	states := c.machines[stateMachine][testCase]
	names := sortedNames(states)
	for _, name := range names {
		if !contains(known, name) {
			fix := "correct its name or remove it"
			if s := suggest.Closest(name, known); s != "" {
				fix = fmt.Sprintf("did you mean %q?", s)
			}
			return fmt.Errorf("%s: test case %q of %q mocks the state %q, which the state machine does not have: %s", c.path, testCase, stateMachine, name, fix)
		}
	}
	return nil
}

// didYouMean suggests the closest name and lists the known ones.
func didYouMean(name string, known []string, otherwise string) string {
	if len(known) == 0 {
		return otherwise + " (none is defined)"
	}
	list := "the file defines " + quoteAll(known)
	if s := suggest.Closest(name, known); s != "" {
		return fmt.Sprintf("did you mean %q? (%s)", s, list)
	}
	return fmt.Sprintf("%s, or %s", otherwise, list)
}

func span(first, last int) string {
	if first == last {
		return strconv.Itoa(first)
	}
	return fmt.Sprintf("%d-%d", first, last)
}

func kindName(n *asl.Node) string {
	switch n.Kind {
	case asl.Object, asl.Array:
		return "an " + n.Kind.String()
	}
	return "a " + n.Kind.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
