package path

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// RootKind says what a path starts from.
type RootKind uint8

const (
	// RootInput is "$": the state's input (or the document a filter runs on).
	RootInput RootKind = iota + 1
	// RootContext is "$$": the context object (AWS "Context object").
	RootContext
	// RootVariable is "$name": a variable assigned by an earlier state (AWS "Passing data between states with
	// variables"); [Path.Var] holds the name.
	RootVariable
	// RootCurrent is "@": the node a filter or script is applied to. It only occurs inside [Filter], [Script] and
	// [Func] arguments.
	RootCurrent
)

func (k RootKind) String() string {
	switch k {
	case RootInput:
		return "$"
	case RootContext:
		return "$$"
	case RootVariable:
		return "$var"
	case RootCurrent:
		return "@"
	}
	return "invalid"
}

// Span is a byte range [Offset, End) of the parsed text.
type Span struct {
	Offset int
	End    int
}

// Path is a parsed path.
type Path struct {
	Span
	Root RootKind
	// Var is the variable name (without "$") when Root is RootVariable.
	Var      string
	Segments []Segment
	// Warnings lists constructs that parse but are likely mistakes or are known to behave differently on AWS
	// (an unquoted word in a filter, a slice step, a negative index). Only the outermost path carries them.
	Warnings []*SyntaxError
}

// Segment is one step of a path.
type Segment struct {
	Span
	// Descendant is set when the step was written after "..": it applies to the node and to every node below it
	// (Jayway's deep scan).
	Descendant bool
	// Sel is one of *Name, *Names, *Index, *Indexes, *Wildcard, *Slice, *Filter, *Script or *Func.
	Sel Selector
}

// Selector is what a segment selects; see [Segment.Sel] for the concrete types.
type Selector interface{ selector() }

// Name selects a member: ".name" (Quote 0) or "['name']" / "[\"name\"]" (Quote is the delimiter).
//
// A quoted name is kept as written between the delimiters, backslashes included, as AWS does (see the package
// documentation).
type Name struct {
	Name  string
	Quote byte
}

// Names is a union of members: "['a','b']". Jayway returns one object holding the members found (asl-semantics
// §4).
type Names struct {
	Names []Name
}

// Index selects one array element: "[2]" or "[-1]" (counted from the end in Jayway).
type Index struct {
	Index int
}

// Indexes is a union of elements: "[0,2]".
type Indexes struct {
	Indexes []int
}

// Wildcard selects every member or element: ".*" or "[*]" (Bracket set).
type Wildcard struct {
	Bracket bool
}

// Slice selects a range of elements: "[start:end:step]"; a nil bound is absent. Jayway ignores the step
// (asl-semantics §4), so a present step is also reported in [Path.Warnings].
type Slice struct {
	Start, End, Step *int
}

// Filter keeps the elements (or member values) for which Expr holds: "[?(@.price < 10)]".
type Filter struct {
	Expr Expr
}

// Script computes an index: "[(@.length-1)]".
type Script struct {
	Expr Expr
}

// Func applies a Jayway function to the nodes selected so far: ".length()", ".sum()", ".append(1)". It is always
// the last segment.
type Func struct {
	Name string
	Args []Expr
}

func (*Name) selector()     {}
func (*Names) selector()    {}
func (*Index) selector()    {}
func (*Indexes) selector()  {}
func (*Wildcard) selector() {}
func (*Slice) selector()    {}
func (*Filter) selector()   {}
func (*Script) selector()   {}
func (*Func) selector()     {}

// Functions lists the functions Jayway JsonPath provides at the end of a path, in the order of its documentation.
var Functions = []string{"min", "max", "avg", "stddev", "length", "sum", "keys", "concat", "append", "first", "last", "index"}

// Expr is a node of a filter or script expression: *Logical, *Not, *Compare, *Exists, *PathValue, *Literal, *Regex,
// *Arith or *Neg.
type Expr interface {
	Pos() Span
	expr()
}

// Logical is "X && Y" or "X || Y".
type Logical struct {
	Span
	Op   string // "&&" or "||"
	X, Y Expr
}

// Not is "!X".
type Not struct {
	Span
	X Expr
}

// Compare is "X op Y". Op is one of == != === !== < <= > >= =~ and the lexical operators in, nin, subsetof,
// anyof, noneof, size, empty, contains, all, type, matches, exists (lower-cased; Jayway ignores their case).
type Compare struct {
	Span
	Op   string
	X, Y Expr
}

// Exists is a bare path in a filter: "[?(@.isbn)]" keeps the nodes that have the member.
type Exists struct {
	Span
	Path *Path
}

// PathValue is a path used as an operand: the "@.price" in "@.price < 10".
type PathValue struct {
	Span
	Path *Path
}

// Literal is a constant: Value is a json.Number, string, bool, nil, []any or map[string]any.
type Literal struct {
	Span
	Value any
	// Bare is set for an unquoted word such as FizzBuzz in "@.key == FizzBuzz"; Value holds the word as a string.
	// Jayway rejects such words; they are accepted because the asl-validator corpus treats them as valid, and a
	// warning is recorded.
	Bare bool
}

// Regex is "/pattern/flags", the right operand of =~.
type Regex struct {
	Span
	Pattern string
	Flags   string
}

// Arith is "X op Y" with op one of + - * / % (scripts only).
type Arith struct {
	Span
	Op   byte
	X, Y Expr
}

// Neg is "-X" (scripts only).
type Neg struct {
	Span
	X Expr
}

func (e *Logical) Pos() Span   { return e.Span }
func (e *Not) Pos() Span       { return e.Span }
func (e *Compare) Pos() Span   { return e.Span }
func (e *Exists) Pos() Span    { return e.Span }
func (e *PathValue) Pos() Span { return e.Span }
func (e *Literal) Pos() Span   { return e.Span }
func (e *Regex) Pos() Span     { return e.Span }
func (e *Arith) Pos() Span     { return e.Span }
func (e *Neg) Pos() Span       { return e.Span }

func (*Logical) expr()   {}
func (*Not) expr()       {}
func (*Compare) expr()   {}
func (*Exists) expr()    {}
func (*PathValue) expr() {}
func (*Literal) expr()   {}
func (*Regex) expr()     {}
func (*Arith) expr()     {}
func (*Neg) expr()       {}

// IsDefinite reports whether the path yields one value, as Jayway defines it: only names, single indexes,
// scripts and a trailing function, and no "..". A union of names as the last step is definite too: Jayway merges
// the members into one object (asl-semantics §4). Step Functions returns a definite path's value itself and an
// indefinite path's matches as an array.
func (p *Path) IsDefinite() bool {
	for i, s := range p.Segments {
		if s.Descendant {
			return false
		}
		switch s.Sel.(type) {
		case *Name, *Index, *Script, *Func:
		case *Names:
			if i != len(p.Segments)-1 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// IsReference reports whether the path only uses the steps a reference path allows: .name, ['name'] and [n].
func (p *Path) IsReference() bool {
	for _, s := range p.Segments {
		if s.Descendant {
			return false
		}
		switch s.Sel.(type) {
		case *Name, *Index:
		default:
			return false
		}
	}
	return true
}

// String renders the path in a normal form that parses back to the same AST: names keep the notation they were
// written in, filters are spaced uniformly.
func (p *Path) String() string {
	var b strings.Builder
	p.write(&b)
	return b.String()
}

func (p *Path) write(b *strings.Builder) {
	switch p.Root {
	case RootContext:
		b.WriteString("$$")
	case RootVariable:
		b.WriteString("$" + p.Var)
	case RootCurrent:
		b.WriteString("@")
	default:
		b.WriteString("$")
	}
	for _, s := range p.Segments {
		s.write(b)
	}
}

func (s Segment) write(b *strings.Builder) {
	if s.Descendant {
		b.WriteString("..")
	}
	switch sel := s.Sel.(type) {
	case *Name:
		if sel.Quote == 0 {
			if !s.Descendant {
				b.WriteByte('.')
			}
			b.WriteString(sel.Name)
			return
		}
		b.WriteByte('[')
		writeQuoted(b, sel)
		b.WriteByte(']')
	case *Names:
		b.WriteByte('[')
		for i, n := range sel.Names {
			if i > 0 {
				b.WriteByte(',')
			}
			writeQuoted(b, &n)
		}
		b.WriteByte(']')
	case *Index:
		b.WriteString("[" + strconv.Itoa(sel.Index) + "]")
	case *Indexes:
		b.WriteByte('[')
		for i, n := range sel.Indexes {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteByte(']')
	case *Wildcard:
		if sel.Bracket {
			b.WriteString("[*]")
		} else if s.Descendant {
			b.WriteString("*")
		} else {
			b.WriteString(".*")
		}
	case *Slice:
		b.WriteByte('[')
		if sel.Start != nil {
			b.WriteString(strconv.Itoa(*sel.Start))
		}
		b.WriteByte(':')
		if sel.End != nil {
			b.WriteString(strconv.Itoa(*sel.End))
		}
		if sel.Step != nil {
			b.WriteString(":" + strconv.Itoa(*sel.Step))
		}
		b.WriteByte(']')
	case *Filter:
		b.WriteString("[?(")
		writeExpr(b, sel.Expr, 0)
		b.WriteString(")]")
	case *Script:
		b.WriteString("[(")
		writeExpr(b, sel.Expr, 0)
		b.WriteString(")]")
	case *Func:
		if !s.Descendant {
			b.WriteByte('.')
		}
		b.WriteString(sel.Name + "(")
		for i, a := range sel.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, 0)
		}
		b.WriteByte(')')
	}
}

func writeQuoted(b *strings.Builder, n *Name) {
	q := n.Quote
	if q == 0 {
		q = '\''
	}
	b.WriteByte(q)
	b.WriteString(n.Name)
	b.WriteByte(q)
}

// Binding strength of expression operators, used to decide where String needs parentheses.
const (
	precOr = iota + 1
	precAnd
	precNot
	precCompare
	precAdd
	precMul
	precUnary
	precAtom
)

func exprPrec(e Expr) int {
	switch e := e.(type) {
	case *Logical:
		if e.Op == "||" {
			return precOr
		}
		return precAnd
	case *Not:
		return precNot
	case *Compare:
		return precCompare
	case *Arith:
		if e.Op == '+' || e.Op == '-' {
			return precAdd
		}
		return precMul
	case *Neg:
		return precUnary
	}
	return precAtom
}

func writeExpr(b *strings.Builder, e Expr, min int) {
	if exprPrec(e) < min {
		b.WriteByte('(')
		writeExpr(b, e, 0)
		b.WriteByte(')')
		return
	}
	switch e := e.(type) {
	case *Logical:
		p := exprPrec(e)
		writeExpr(b, e.X, p)
		b.WriteString(" " + e.Op + " ")
		writeExpr(b, e.Y, p+1)
	case *Not:
		b.WriteByte('!')
		// "!@.a" is Jayway's negated existence test; anything else needs parentheses to parse back as a Not.
		if _, ok := e.X.(*Exists); ok {
			writeExpr(b, e.X, precAtom)
		} else {
			b.WriteByte('(')
			writeExpr(b, e.X, 0)
			b.WriteByte(')')
		}
	case *Compare:
		writeExpr(b, e.X, precCompare+1)
		b.WriteString(" " + e.Op + " ")
		writeExpr(b, e.Y, precCompare+1)
	case *Exists:
		e.Path.write(b)
	case *PathValue:
		e.Path.write(b)
	case *Literal:
		if e.Bare {
			b.WriteString(e.Value.(string))
			return
		}
		writeValue(b, e.Value)
	case *Regex:
		b.WriteString("/" + e.Pattern + "/" + e.Flags)
	case *Arith:
		p := exprPrec(e)
		writeExpr(b, e.X, p)
		b.WriteString(" " + string(e.Op) + " ")
		writeExpr(b, e.Y, p+1)
	case *Neg:
		b.WriteByte('-')
		writeExpr(b, e.X, precUnary)
	}
}

func writeValue(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case json.Number:
		b.WriteString(v.String())
	case string:
		b.WriteString(quoteString(v))
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, x)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteString(k) + ": ")
			writeValue(b, v[k])
		}
		b.WriteByte('}')
	}
}

// quoteString renders s as a single-quoted filter string that unescapes back to s.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString(`\'`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[r>>4])
				b.WriteByte("0123456789abcdef"[r&15])
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
