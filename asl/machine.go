package asl

// Query languages (field QueryLanguage, machine or state level).
const (
	JSONPath = "JSONPath"
	JSONata  = "JSONata"
)

// Workflow types: of a state machine, or of the children a Distributed Map
// starts (ProcessorConfig.ExecutionType).
const (
	Standard = "STANDARD"
	Express  = "EXPRESS"
)

// ScopeKind says where a set of states lives.
type ScopeKind uint8

// Scopes: the machine itself, a Parallel branch, a Map's ItemProcessor (or
// its deprecated Iterator).
const (
	TopScope ScopeKind = iota
	BranchScope
	ProcessorScope
)

// Machine is the structural view of a state machine: every scope and state,
// with the query language each state runs in. It is built from any JSON
// value, however malformed, so that the linter can report everything that is
// wrong rather than stop at the first problem.
type Machine struct {
	Root *Node
	// QueryLanguage is the machine-level language (JSONPath when absent).
	QueryLanguage string
	Top           *Scope
	Scopes        []*Scope // every scope, Top first, in source order
	States        []*State // every state machine-wide, in source order
}

// Scope is one StartAt/States pair: the top level, a Parallel branch or a
// Map's ItemProcessor. Transitions stay inside a scope.
type Scope struct {
	Kind   ScopeKind
	Node   *Node  // the object holding StartAt and States
	Owner  *State // the Parallel or Map that holds this scope; nil for Top
	Parent *Scope
	States []*State
	byName map[string]*State
}

// State is one named state.
type State struct {
	Name      string
	NameRange Range // the key in States
	Node      *Node // the state's object (may be a non-object when malformed)
	Type      string
	Scope     *Scope
	// QueryLanguage is the language the state runs in: its own field, else
	// the machine's.
	QueryLanguage string
	// Children are the scopes this state holds: Parallel branches, or a
	// Map's processor.
	Children []*Scope
}

// NewMachine builds the structural view of root.
func NewMachine(root *Node) *Machine {
	m := &Machine{Root: root, QueryLanguage: JSONPath}
	if ql, ok := root.Get("QueryLanguage").StringValue(); ok && ql != "" {
		m.QueryLanguage = ql
	}
	m.Top = m.scope(root, TopScope, nil, nil)
	return m
}

func (m *Machine) scope(n *Node, kind ScopeKind, owner *State, parent *Scope) *Scope {
	sc := &Scope{Kind: kind, Node: n, Owner: owner, Parent: parent, byName: map[string]*State{}}
	m.Scopes = append(m.Scopes, sc)
	states := n.Get("States")
	if states == nil || states.Kind != Object {
		return sc
	}
	for _, mem := range states.Members {
		s := &State{Name: mem.Key, NameRange: mem.KeyRange, Node: mem.Value, Scope: sc, QueryLanguage: m.QueryLanguage}
		s.Type = mem.Value.GetString("Type")
		if ql, ok := mem.Value.Get("QueryLanguage").StringValue(); ok && ql != "" {
			s.QueryLanguage = ql
		}
		sc.States = append(sc.States, s)
		if _, dup := sc.byName[s.Name]; !dup {
			sc.byName[s.Name] = s
		}
		m.States = append(m.States, s)
		switch s.Type {
		case "Parallel":
			if br := mem.Value.Get("Branches"); br != nil && br.Kind == Array {
				for _, b := range br.Elems {
					if b.Kind == Object {
						s.Children = append(s.Children, m.scope(b, BranchScope, s, sc))
					}
				}
			}
		case "Map":
			if p := s.Processor(); p != nil && p.Kind == Object {
				s.Children = append(s.Children, m.scope(p, ProcessorScope, s, sc))
			}
		}
	}
	return sc
}

// Lookup finds a state of this scope by name.
func (sc *Scope) Lookup(name string) *State { return sc.byName[name] }

// StartAt is the scope's StartAt value node, or nil.
func (sc *Scope) StartAt() *Node { return sc.Node.Get("StartAt") }

// ExecutionType is the workflow type the states of this scope run in, given
// the machine's own type: a Distributed Map's processor runs in the child
// type it names; Parallel branches and inline Map iterations run in their
// enclosing execution.
func (sc *Scope) ExecutionType(machineType string) string {
	if sc.Kind == ProcessorScope && sc.Owner.IsDistributed() {
		if et := sc.Owner.ProcessorConfig().GetString("ExecutionType"); et == Express || et == Standard {
			return et
		}
		return Standard
	}
	if sc.Parent != nil {
		return sc.Parent.ExecutionType(machineType)
	}
	if machineType == "" {
		return Standard
	}
	return machineType
}

// Field returns the value of a field of the state, or nil.
func (s *State) Field(name string) *Node { return s.Node.Get(name) }

// IsJSONata reports whether the state evaluates JSONata.
func (s *State) IsJSONata() bool { return s.QueryLanguage == JSONata }

// Processor returns a Map's ItemProcessor, or its deprecated Iterator.
func (s *State) Processor() *Node {
	if p := s.Node.Get("ItemProcessor"); p != nil {
		return p
	}
	return s.Node.Get("Iterator")
}

// ProcessorConfig returns a Map's ItemProcessor.ProcessorConfig, or nil.
func (s *State) ProcessorConfig() *Node { return s.Processor().Get("ProcessorConfig") }

// IsDistributed reports whether s is a Map in DISTRIBUTED mode.
func (s *State) IsDistributed() bool {
	return s.Type == "Map" && s.ProcessorConfig().GetString("Mode") == "DISTRIBUTED"
}

// Transition is one edge out of a state.
type Transition struct {
	Target string
	Node   *Node  // the string naming the target
	Field  string // Next, Default, Choices or Catch
}

// Transitions lists the state's outgoing edges in source order: Next,
// Choices[].Next, Default and Catch[].Next.
func (s *State) Transitions() []Transition {
	var ts []Transition
	add := func(n *Node, field string) {
		if name, ok := n.StringValue(); ok {
			ts = append(ts, Transition{Target: name, Node: n, Field: field})
		}
	}
	add(s.Field("Next"), "Next")
	if ch := s.Field("Choices"); ch != nil && ch.Kind == Array && s.Type == "Choice" {
		for _, c := range ch.Elems {
			add(c.Get("Next"), "Choices")
		}
	}
	if s.Type == "Choice" {
		add(s.Field("Default"), "Default")
	}
	if c := s.Field("Catch"); c != nil && c.Kind == Array {
		for _, cat := range c.Elems {
			add(cat.Get("Next"), "Catch")
		}
	}
	return ts
}

// IsTerminal reports whether the state can end its scope: Succeed, Fail, or
// End: true.
func (s *State) IsTerminal() bool {
	return s.Type == "Succeed" || s.Type == "Fail" || s.Field("End").IsTrue()
}
