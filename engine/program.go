package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/choice"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// Program is a state machine compiled once for any number of executions:
// every template, path, Choice rule, Retry and Catch is parsed here, so that
// a Distributed Map's million children share one compilation and an
// execution does no parsing.
type Program struct {
	Machine *asl.Machine
	top     *scopeCode
	// Comment-free facts about the machine.
	timeout time.Duration // top-level TimeoutSeconds; 0 means none
}

// scopeCode is a compiled StartAt/States pair.
type scopeCode struct {
	scope  *asl.Scope
	start  *stateCode
	states map[string]*stateCode
	// dataFree is set when no state of the scope (or of a scope it holds)
	// looks at its payload: such a scope can run on items that were never
	// decoded (see Program.DataFree).
	dataFree bool
}

// stateCode is one compiled state.
type stateCode struct {
	name    string
	typ     string
	st      *asl.State
	jsonata bool
	next    *stateCode // Next; nil with End or for Choice, Succeed, Fail
	end     bool
	usesCtx bool // the state reads the context object

	// JSONPath input and output processing.
	inputPath, outputPath, resultPath payload.Field
	parameters, resultSelector        *payload.Template
	assignPath                        *payload.Template
	result                            any // Pass Result
	hasResult                         bool

	// JSONata fields.
	arguments, output, assignJ *jvalue

	retry []Retrier
	catch []catchCode

	task   *taskCode
	choice *choiceCode
	wait   *waitCode
	fail   *failCode
	branch []*scopeCode // Parallel branches
	mapc   *mapCode
}

type catchCode struct {
	Catcher
	next       *stateCode
	resultPath payload.Field
	output     *jvalue
	assignPath *payload.Template
	assignJ    *jvalue
}

type taskCode struct {
	resource                    string
	kind                        taskKind
	timeout, heartbeat          time.Duration
	timeoutPath, heartbeatPath  *srcPath
	timeoutJ, heartbeatJ        *jvalue
	credentials                 *payload.Template
	credentialsJ                *jvalue
	waitForToken, sync, express bool
}

type choiceCode struct {
	rules    []*choice.Rule // JSONPath
	jrules   []jchoice      // JSONata
	targets  []*stateCode   // one per rule
	assigns  []*payload.Template
	dflt     *stateCode
	hasDflt  bool
	ruleNode []*asl.Node
}

type jchoice struct {
	condition *jvalue
	output    *jvalue
	assign    *jvalue
}

type waitCode struct {
	seconds       time.Duration
	hasSeconds    bool
	timestamp     string
	secondsPath   *srcPath
	timestampPath *srcPath
	secondsJ      *jvalue
	timestampJ    *jvalue
}

type failCode struct {
	err, cause           string
	errorPath, causePath *payload.Template // compiled as {"v.$": path}
	errorJ, causeJ       *jvalue
	hasError, hasCause   bool
	errorField, causeFld string
}

// CompileError reports a definition the engine cannot run. Definitions
// that pass `sfnsim lint` compile; the error names the place for those that
// do not.
type CompileError struct {
	Pointer string
	Msg     string
}

func (e *CompileError) Error() string {
	if e.Pointer == "" {
		return e.Msg
	}
	return fmt.Sprintf("%s: %s (run `sfnsim lint` on the definition for details)", e.Pointer, e.Msg)
}

func compileErr(n *asl.Node, format string, args ...any) error {
	p := ""
	if n != nil {
		p = n.Pointer()
		if p == "" {
			p = "/"
		}
	}
	return &CompileError{Pointer: p, Msg: fmt.Sprintf(format, args...)}
}

// Compile compiles a parsed state machine.
func Compile(doc *asl.Node) (*Program, error) {
	if doc == nil || doc.Kind != asl.Object {
		return nil, compileErr(doc, "a state machine must be a JSON object")
	}
	m := asl.NewMachine(doc)
	p := &Program{Machine: m}
	if n := doc.Get("TimeoutSeconds"); n != nil {
		s, ok := n.Int()
		if !ok || s <= 0 {
			return nil, compileErr(n, "TimeoutSeconds must be a positive integer")
		}
		p.timeout = time.Duration(s) * time.Second
	}
	top, err := compileScope(m.Top)
	if err != nil {
		return nil, err
	}
	p.top = top
	return p, nil
}

func compileScope(sc *asl.Scope) (*scopeCode, error) {
	code := &scopeCode{scope: sc, states: make(map[string]*stateCode, len(sc.States)), dataFree: true}
	for _, st := range sc.States {
		if _, dup := code.states[st.Name]; dup {
			return nil, compileErr(st.Node, "the state name %q is used twice", st.Name)
		}
		code.states[st.Name] = &stateCode{name: st.Name, typ: st.Type, st: st, jsonata: st.IsJSONata()}
	}
	startNode := sc.StartAt()
	start, _ := startNode.StringValue()
	code.start = code.states[start]
	if code.start == nil {
		return nil, compileErr(orNode(startNode, sc.Node), "StartAt names no state of this scope: %q", start)
	}
	for _, st := range sc.States {
		s := code.states[st.Name]
		if err := s.compile(code); err != nil {
			return nil, err
		}
		if !s.dataFree() {
			code.dataFree = false
		}
	}
	return code, nil
}

func orNode(a, b *asl.Node) *asl.Node {
	if a != nil {
		return a
	}
	return b
}

func (s *stateCode) compile(sc *scopeCode) error {
	n := s.st.Node
	if n == nil || n.Kind != asl.Object {
		return compileErr(n, "state %q must be an object", s.name)
	}
	if next := n.Get("Next"); next != nil {
		name, _ := next.StringValue()
		s.next = sc.states[name]
		if s.next == nil {
			return compileErr(next, "Next names no state of this scope: %q", name)
		}
	}
	s.end = n.Get("End").IsTrue()
	s.usesCtx = mentionsContext(n)
	var err error
	if !s.jsonata {
		s.inputPath = payload.FieldOf(n.Get("InputPath"))
		s.outputPath = payload.FieldOf(n.Get("OutputPath"))
		s.resultPath = payload.FieldOf(n.Get("ResultPath"))
		if s.parameters, err = template(n.Get("Parameters")); err != nil {
			return err
		}
		if s.typ == "Map" {
			if sel := n.Get("ItemSelector"); sel == nil && s.parameters != nil {
				// The deprecated Map Parameters is the ItemSelector (DMAP rules
				// forbid both); it is applied per item, not to the state input.
				s.parameters = nil
			}
		}
		if s.resultSelector, err = template(n.Get("ResultSelector")); err != nil {
			return err
		}
		if s.assignPath, err = template(n.Get("Assign")); err != nil {
			return err
		}
		if r := n.Get("Result"); r != nil {
			s.result, s.hasResult = r.Interface(), true
		}
	} else {
		if s.arguments, err = compileJ(n.Get("Arguments"), "Arguments"); err != nil {
			return err
		}
		if s.output, err = compileJ(n.Get("Output"), "Output"); err != nil {
			return err
		}
		if s.assignJ, err = compileJ(n.Get("Assign"), "Assign"); err != nil {
			return err
		}
	}
	if s.retry, err = CompileRetry(n.Get("Retry")); err != nil {
		return err
	}
	catchers, err := CompileCatch(n.Get("Catch"))
	if err != nil {
		return err
	}
	for _, c := range catchers {
		cc := catchCode{Catcher: c, next: sc.states[c.Next]}
		if cc.next == nil {
			return compileErr(c.Node, "the catcher's Next names no state of this scope: %q", c.Next)
		}
		if s.jsonata {
			if cc.output, err = compileJ(c.Node.Get("Output"), "Output"); err != nil {
				return err
			}
			if cc.assignJ, err = compileJ(c.Node.Get("Assign"), "Assign"); err != nil {
				return err
			}
		} else {
			cc.resultPath = payload.FieldOf(c.Node.Get("ResultPath"))
			if cc.assignPath, err = template(c.Node.Get("Assign")); err != nil {
				return err
			}
		}
		s.catch = append(s.catch, cc)
	}
	switch s.typ {
	case "Pass", "Succeed":
	case "Task":
		return s.compileTask()
	case "Choice":
		return s.compileChoice(sc)
	case "Wait":
		return s.compileWait()
	case "Fail":
		return s.compileFail()
	case "Parallel":
		for _, b := range s.st.Children {
			code, err := compileScope(b)
			if err != nil {
				return err
			}
			s.branch = append(s.branch, code)
		}
	case "Map":
		return s.compileMap()
	default:
		return compileErr(n.Get("Type"), "unknown state type %q", s.typ)
	}
	return nil
}

// template compiles a payload template; nil stays nil.
func template(n *asl.Node) (*payload.Template, error) {
	if n == nil {
		return nil, nil
	}
	t, err := payload.Compile(n)
	if err != nil {
		return nil, compileErr(n, "%v", err)
	}
	return t, nil
}

// mentionsContext reports whether a state's definition reads the context
// object ("$$" in JSONPath, $states.context in JSONata), so that the object
// is built only for the states that need it.
func mentionsContext(n *asl.Node) bool {
	found := false
	n.Walk(func(v *asl.Node) bool {
		if found {
			return false
		}
		if v.Kind == asl.String && (strings.Contains(v.Str, "$$") || strings.Contains(v.Str, "context")) {
			found = true
		}
		if v.Kind == asl.Object {
			// A nested scope is compiled as states of its own.
			if v.Has("StartAt") && v.Has("States") && v != n {
				return false
			}
		}
		return true
	})
	return found
}

// dataFree reports whether the state runs the same whatever its payload:
// nothing selects, templates or tests data, so the engine may pass items
// through without decoding them.
func (s *stateCode) dataFree() bool {
	if s.jsonata {
		return s.dataFreeJSONata()
	}
	if s.inputPath != (payload.Field{}) || s.outputPath != (payload.Field{}) || !wholeOrNull(s.resultPath) {
		return false
	}
	// A Pass Result is a constant: it replaces the input (ResultPath "$")
	// or is dropped (null) without looking at either.
	if s.parameters != nil || s.resultSelector != nil || s.assignPath != nil {
		return false
	}
	switch s.typ {
	case "Pass", "Succeed":
		return true
	case "Task":
		t := s.task
		if t.timeoutPath != nil || t.heartbeatPath != nil || t.credentials != nil {
			return false
		}
		// A catcher's output is the error output, or the input passed on:
		// neither looks inside the input.
		for _, c := range s.catch {
			if c.assignPath != nil || !wholeOrNull(c.resultPath) {
				return false
			}
		}
		return true
	case "Wait":
		return s.wait.hasSeconds
	case "Fail":
		return s.fail.errorPath == nil && s.fail.causePath == nil
	}
	return false // Choice, Parallel and Map look at their input
}

// wholeOrNull reports whether a ResultPath replaces the whole input ("$")
// or drops the result (null).
func wholeOrNull(f payload.Field) bool {
	return f.Null || f.Path == "" || f.Path == "$"
}

// dataFreeJSONata is dataFree for a JSONata state: no expression anywhere
// reads $states or a variable.
func (s *stateCode) dataFreeJSONata() bool {
	if s.arguments != nil || s.output != nil || s.assignJ != nil || len(s.catch) > 0 {
		return false
	}
	switch s.typ {
	case "Pass", "Succeed":
		return true
	case "Task":
		t := s.task
		return t.timeoutJ == nil && t.heartbeatJ == nil && t.credentialsJ == nil
	case "Wait":
		return s.wait.hasSeconds
	case "Fail":
		f := s.fail
		return (f.errorJ == nil || f.errorJ.isConstant()) && (f.causeJ == nil || f.causeJ.isConstant())
	}
	return false
}
