package path

import (
	"fmt"
	"github.com/sfnsim/sfnsim/internal/suggest"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDepth bounds the nesting of brackets, parentheses and prefix operators (! and unary -), so that hostile
// input cannot exhaust the stack; real paths nest two or three levels.
const maxDepth = 64

// mode says where a path is read, which decides where a dot-notation name ends.
type mode uint8

const (
	// modeTop: the whole string is the path. A name ends at . [ ( like in Jayway; ] ) , quotes and whitespace are
	// rejected rather than taken into the name, because they are always typos in practice.
	modeTop mode = iota
	// modeFilter: a path inside a filter or a function argument. Jayway ends it at a relational operator, a
	// space or a closing parenthesis.
	modeFilter
	// modeScript: a path inside "[( … )]", where arithmetic operators also end a name.
	modeScript
)

type parser struct {
	src      string
	pos      int
	depth    int
	warnings []*SyntaxError
}

// ParsePath parses a Path: the syntax allowed in InputPath, OutputPath, ".$" values, the Choice Variable and
// intrinsic function arguments (asl-semantics §4). The error, if any, is a *SyntaxError.
func ParsePath(s string) (*Path, error) {
	p := &parser{src: s}
	path, err := p.path(modeTop)
	if err != nil {
		return nil, err
	}
	path.Warnings = p.warnings
	return path, nil
}

// ParsePathIn parses s[start:end] as a Path and reports offsets, in the AST and in errors, as offsets into s.
// Parsers of larger languages (intrinsic function arguments) use it for embedded paths.
func ParsePathIn(s string, start, end int) (*Path, error) {
	if start < 0 || end > len(s) || start > end {
		return nil, errAt(0, 0, "invalid range [%d:%d] of a %d-byte string", start, end, len(s))
	}
	p := &parser{src: s[:end], pos: start}
	path, err := p.path(modeTop)
	if err != nil {
		return nil, err
	}
	path.Warnings = p.warnings
	return path, nil
}

// ParseReference parses a Reference Path: ResultPath, ItemsPath, SecondsPath, TimestampPath and the other *Path
// fields that must identify a single node (asl-semantics §4, AWS "Paths"). Only .name, ['name'] and [n] steps
// are allowed. All roots parse; callers that do not allow "$$" or "$name" (ResultPath, for instance) check
// [Path.Root].
//
// A filter is the one exception: AWS documents "$.jar[?(@.a >= 5)]" as a reference path, so a filter without
// regular expressions, lexical operators, functions or references to other values is returned together with an
// error wrapping [ErrFilterInReference], which callers should treat as a warning.
func ParseReference(s string) (*Path, error) {
	p, err := ParsePath(s)
	if err != nil {
		return nil, err
	}
	var filterErr *SyntaxError
	for _, seg := range p.Segments {
		if seg.Descendant {
			return nil, errAt(seg.Offset, seg.End, "reference paths may only use .name, ['name'] and [n]; '..' searches every level and selects several nodes")
		}
		var why string
		switch sel := seg.Sel.(type) {
		case *Name, *Index:
			continue
		case *Filter:
			if e := referenceFilter(sel.Expr); e != nil {
				return nil, e
			}
			if filterErr == nil {
				filterErr = errAt(seg.Offset, seg.End, "reference paths may only use .name, ['name'] and [n]; a filter selects several nodes (the AWS Paths page shows one, the states-language spec forbids it)")
				filterErr.Err = ErrFilterInReference
			}
			continue
		case *Wildcard:
			why = "a wildcard selects several nodes"
		case *Names, *Indexes:
			why = "a union selects several nodes"
		case *Slice:
			why = "a slice selects several nodes"
		case *Script:
			why = "script expressions are not allowed"
		case *Func:
			why = fmt.Sprintf("functions such as %s() are not supported", sel.Name)
		}
		return nil, errAt(seg.Offset, seg.End, "reference paths may only use .name, ['name'] and [n]; %s", why)
	}
	if filterErr != nil {
		return p, filterErr
	}
	return p, nil
}

// referenceFilter applies the restrictions the AWS "Paths" page lists for filters in reference paths: no
// functions, no lexical operators, no regular expressions and no reference to another value of the document.
func referenceFilter(e Expr) *SyntaxError {
	var bad *SyntaxError
	walkExpr(e, func(x Expr) bool {
		if bad != nil {
			return false
		}
		switch x := x.(type) {
		case *Compare:
			switch x.Op {
			case "=~":
				bad = errAt(x.Offset, x.End, "reference paths do not support filtering by regular expression (AWS Paths page)")
			case "==", "!=", "<", "<=", ">", ">=", "===", "!==":
			default:
				bad = errAt(x.Offset, x.End, "reference paths do not support lexical operators such as %s (AWS Paths page)", x.Op)
			}
		case *PathValue, *Exists:
			var p *Path
			if pv, ok := x.(*PathValue); ok {
				p = pv.Path
			} else {
				p = x.(*Exists).Path
			}
			if p.Root != RootCurrent {
				bad = errAt(p.Offset, p.End, "reference paths do not support filters that refer to another value of the input (AWS Paths page)")
			}
			for _, s := range p.Segments {
				if f, ok := s.Sel.(*Func); ok {
					bad = errAt(s.Offset, s.End, "reference paths do not support functions such as %s() (AWS Paths page)", f.Name)
				}
			}
		}
		return true
	})
	return bad
}

// walkExpr calls fn for e and, while fn returns true, for its operands.
func walkExpr(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch e := e.(type) {
	case *Logical:
		walkExpr(e.X, fn)
		walkExpr(e.Y, fn)
	case *Not:
		walkExpr(e.X, fn)
	case *Compare:
		walkExpr(e.X, fn)
		walkExpr(e.Y, fn)
	case *Arith:
		walkExpr(e.X, fn)
		walkExpr(e.Y, fn)
	case *Neg:
		walkExpr(e.X, fn)
	}
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) peekAt(i int) byte {
	if i < len(p.src) {
		return p.src[i]
	}
	return 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// describe names the character at i for an error message.
func (p *parser) describe(i int) string {
	if i >= len(p.src) {
		return "the end of the path"
	}
	r, _ := utf8.DecodeRuneInString(p.src[i:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte %#x", p.src[i])
	}
	return strconv.QuoteRune(r)
}

// runeEnd returns the offset just past the character at i, for error spans.
func (p *parser) runeEnd(i int) int {
	if i >= len(p.src) {
		return i
	}
	_, n := utf8.DecodeRuneInString(p.src[i:])
	return i + n
}

func (p *parser) enter(at int) *SyntaxError {
	p.depth++
	if p.depth > maxDepth {
		return errAt(at, p.runeEnd(at), "nested too deeply (more than %d levels)", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) warn(off, end int, format string, args ...any) {
	p.warnings = append(p.warnings, errAt(off, end, format, args...))
}

// isVarStart and isVarChar define variable names: letters, digits and '_', not starting with a digit (AWS
// "Passing data between states with variables").
func isVarStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isVarChar(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// path reads a path starting at p.pos. In modeTop it must reach the end of the input.
func (p *parser) path(m mode) (*Path, *SyntaxError) {
	start := p.pos
	out := &Path{}
	switch c := p.peek(); {
	case c == '@' && m != modeTop:
		out.Root = RootCurrent
		p.pos++
	case c == '@':
		return nil, errAt(start, start+1, "'@' refers to the current node only inside a filter; paths start with '$'")
	case c == '$':
		p.pos++
		if p.peek() == '$' {
			out.Root = RootContext
			p.pos++
			break
		}
		r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
		switch {
		case p.eof() || p.peek() == '.' || p.peek() == '[':
			out.Root = RootInput
		case isVarStart(r):
			out.Root = RootVariable
			for !p.eof() {
				r, n := utf8.DecodeRuneInString(p.src[p.pos:])
				if !isVarChar(r) {
					break
				}
				p.pos += n
			}
			out.Var = p.src[start+1 : p.pos]
		default:
			out.Root = RootInput
		}
	default:
		if m == modeTop {
			return nil, errAt(start, p.runeEnd(start), `expected '$' at the start of the path ("$" input, "$$" context object, "$name" variable), found %s`, p.describe(start))
		}
		return nil, errAt(start, p.runeEnd(start), "expected a path starting with '@' or '$', found %s", p.describe(start))
	}
	for !p.eof() {
		c := p.peek()
		if c != '.' && c != '[' {
			if m != modeTop {
				break
			}
			return nil, p.unexpectedInPath(out)
		}
		if n := len(out.Segments); n > 0 {
			if f, ok := out.Segments[n-1].Sel.(*Func); ok {
				return nil, errAt(p.pos, p.runeEnd(p.pos), "a function such as %s() must be the last step of a path", f.Name)
			}
		}
		var seg Segment
		var err *SyntaxError
		if c == '.' {
			seg, err = p.dotStep(m)
		} else {
			seg, err = p.bracket(m, p.pos, false)
		}
		if err != nil {
			return nil, err
		}
		out.Segments = append(out.Segments, seg)
	}
	out.Offset, out.End = start, p.pos
	return out, nil
}

// unexpectedInPath explains a character that cannot continue a top-level path.
func (p *parser) unexpectedInPath(out *Path) *SyntaxError {
	at := p.pos
	c := p.peek()
	end := p.runeEnd(at)
	switch {
	case out.Root == RootVariable && len(out.Segments) == 0:
		return errAt(at, end, "unexpected %s after the variable name %q; variable names contain only letters, digits and '_'", p.describe(at), "$"+out.Var)
	case out.Root == RootInput && len(out.Segments) == 0 && at == out.Offset+1:
		return errAt(at, end, "unexpected %s after '$'; expected '.', '[' or a variable name", p.describe(at))
	case isSpace(c):
		return errAt(at, end, "unexpected whitespace in a path; write names that contain spaces in brackets, as in ['my name']")
	case c == ',':
		return errAt(at, end, "unexpected ','; a union of names is written ['a','b']")
	}
	return errAt(at, end, "unexpected %s; expected '.', '[' or the end of the path", p.describe(at))
}

// nameStop reports whether c ends a dot-notation name in mode m.
func nameStop(c byte, m mode) bool {
	switch c {
	case '.', '[', ']', '(', ')', ',', '\'', '"', ' ', '\t', '\n', '\r':
		return true
	case '<', '>', '=', '!', '~', '&', '|':
		return m != modeTop
	case '+', '-', '*', '/', '%':
		return m == modeScript
	}
	return false
}

// dotStep reads ".name", ".*", ".name()", ".[…]" or the same after "..".
func (p *parser) dotStep(m mode) (Segment, *SyntaxError) {
	start := p.pos
	deep := p.peekAt(p.pos+1) == '.'
	if deep {
		p.pos += 2
	} else {
		p.pos++
	}
	dots := p.src[start:p.pos]
	if p.eof() {
		return Segment{}, errAt(start, p.pos, "expected a name, '*' or '[' after '%s'", dots)
	}
	switch c := p.peek(); c {
	case '.':
		return Segment{}, errAt(p.pos, p.pos+1, "unexpected '.'; expected a name, '*' or '[' after '%s'", dots)
	case '[':
		// "$.abc.['def ghi']" is how the AWS intrinsic functions page writes a bracketed name after a dot.
		return p.bracket(m, start, deep)
	case '*':
		p.pos++
		return Segment{Span: Span{start, p.pos}, Descendant: deep, Sel: &Wildcard{}}, nil
	}
	nameStart := p.pos
	for !p.eof() && !nameStop(p.peek(), m) {
		p.pos++
	}
	if p.pos == nameStart {
		if isSpace(p.peek()) {
			return Segment{}, errAt(p.pos, p.pos+1, "unexpected whitespace after '%s'; write names that contain spaces in brackets, as in ['my name']", dots)
		}
		return Segment{}, errAt(p.pos, p.runeEnd(p.pos), "expected a name, '*' or '[' after '%s', found %s", dots, p.describe(p.pos))
	}
	name := p.src[nameStart:p.pos]
	if p.peek() == '(' {
		f, err := p.function(name, nameStart)
		if err != nil {
			return Segment{}, err
		}
		return Segment{Span: Span{start, p.pos}, Descendant: deep, Sel: f}, nil
	}
	return Segment{Span: Span{start, p.pos}, Descendant: deep, Sel: &Name{Name: name}}, nil
}

// function reads the argument list of a Jayway path function whose name has just been read.
func (p *parser) function(name string, nameStart int) (*Func, *SyntaxError) {
	if !knownFunction(name) {
		msg := fmt.Sprintf("unknown path function %s()", name)
		if s := suggest.Closest(name, Functions); s != "" {
			msg += fmt.Sprintf(" (did you mean %s()?)", s)
		}
		return nil, errAt(nameStart, p.pos, "%s; Jayway provides %s", msg, strings.Join(Functions, "(), ")+"()")
	}
	open := p.pos
	if err := p.enter(open); err != nil {
		return nil, err
	}
	defer p.leave()
	p.pos++
	f := &Func{Name: name}
	p.skipSpace()
	if p.peek() == ')' {
		p.pos++
		return f, nil
	}
	for {
		arg, err := p.operand(modeFilter)
		if err != nil {
			return nil, err
		}
		f.Args = append(f.Args, arg)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
			continue
		case ')':
			p.pos++
			return f, nil
		}
		if p.eof() {
			return nil, errAt(p.pos, p.pos, "expected ')' to close the arguments of %s() opened at offset %d", name, open)
		}
		return nil, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s in the arguments of %s(); expected ',' or ')'", p.describe(p.pos), name)
	}
}

func knownFunction(name string) bool {
	for _, f := range Functions {
		if f == name {
			return true
		}
	}
	return false
}

// bracket reads "[…]" starting at p.pos; segStart is where the step began (a preceding "." or "..").
func (p *parser) bracket(m mode, segStart int, deep bool) (Segment, *SyntaxError) {
	open := p.pos
	if err := p.enter(open); err != nil {
		return Segment{}, err
	}
	defer p.leave()
	p.pos++
	p.skipSpace()
	var sel Selector
	var err *SyntaxError
	switch c := p.peek(); {
	case p.eof():
		return Segment{}, errAt(p.pos, p.pos, "expected ']' to close the bracket opened at offset %d", open)
	case c == '\'' || c == '"':
		sel, err = p.quotedNames()
	case c == '*':
		p.pos++
		sel = &Wildcard{Bracket: true}
	case c == '?':
		sel, err = p.filter()
	case c == '(':
		sel, err = p.script()
	case c == '-' || c == ':' || (c >= '0' && c <= '9'):
		sel, err = p.indexes(open)
	default:
		return Segment{}, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s after '['; expected a quoted name, a number, '*', '?(' or '('", p.describe(p.pos))
	}
	if err != nil {
		return Segment{}, err
	}
	p.skipSpace()
	if p.peek() != ']' {
		if p.eof() {
			return Segment{}, errAt(p.pos, p.pos, "expected ']' to close the bracket opened at offset %d", open)
		}
		return Segment{}, errAt(p.pos, p.runeEnd(p.pos), "expected ']' to close the bracket opened at offset %d, found %s", open, p.describe(p.pos))
	}
	p.pos++
	return Segment{Span: Span{segStart, p.pos}, Descendant: deep, Sel: sel}, nil
}

// quotedNames reads "'a'" or "'a', 'b'" inside brackets. Backslash escapes only keep the delimiter from closing
// the name: the text is kept as written (see the package documentation).
func (p *parser) quotedNames() (Selector, *SyntaxError) {
	var names []Name
	for {
		q := p.peek()
		if q != '\'' && q != '"' {
			if p.eof() {
				return nil, errAt(p.pos, p.pos, "expected a quoted name after ','")
			}
			return nil, errAt(p.pos, p.runeEnd(p.pos), "expected a quoted name after ',', found %s", p.describe(p.pos))
		}
		openQ := p.pos
		p.pos++
		start := p.pos
		for p.pos < len(p.src) && p.src[p.pos] != q {
			if p.src[p.pos] == '\\' {
				p.pos++
			}
			p.pos++
		}
		if p.pos >= len(p.src) {
			p.pos = len(p.src)
			return nil, errAt(openQ, p.pos, "expected %q to close the name quoted at offset %d", string(q), openQ)
		}
		names = append(names, Name{Name: p.src[start:p.pos], Quote: q})
		p.pos++
		p.skipSpace()
		if p.peek() != ',' {
			break
		}
		p.pos++
		p.skipSpace()
	}
	if len(names) == 1 {
		return &names[0], nil
	}
	return &Names{Names: names}, nil
}

// readInt reads an optionally negative integer that fits Java's int, as Jayway's Integer.parseInt requires.
func (p *parser) readInt() (int, *SyntaxError) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	digits := p.pos
	for !p.eof() && p.peek() >= '0' && p.peek() <= '9' {
		p.pos++
	}
	if p.pos == digits {
		return 0, errAt(p.pos, p.runeEnd(p.pos), "expected a digit, found %s", p.describe(p.pos))
	}
	n, err := strconv.ParseInt(p.src[start:p.pos], 10, 32)
	if err != nil {
		return 0, errAt(start, p.pos, "index %s is out of range (Jayway indexes are 32-bit integers)", p.src[start:p.pos])
	}
	return int(n), nil
}

func (p *parser) atInt() bool {
	c := p.peek()
	return c == '-' || (c >= '0' && c <= '9')
}

// indexes reads "[n]", "[n,m,…]" or a slice "[a:b:c]" after the opening bracket at open.
func (p *parser) indexes(open int) (Selector, *SyntaxError) {
	first := p.pos
	var start *int
	if p.peek() != ':' {
		n, err := p.readInt()
		if err != nil {
			return nil, err
		}
		start = &n
		p.skipSpace()
	}
	switch p.peek() {
	case ':':
		p.pos++
		p.skipSpace()
		s := &Slice{Start: start}
		if p.atInt() {
			n, err := p.readInt()
			if err != nil {
				return nil, err
			}
			s.End = &n
			p.skipSpace()
		}
		if p.peek() == ':' {
			stepAt := p.pos
			p.pos++
			p.skipSpace()
			if p.atInt() {
				n, err := p.readInt()
				if err != nil {
					return nil, err
				}
				s.Step = &n
				// asl-semantics §4, from the json-path-comparison project: "$[0:3:2]" ignores the step.
				p.warn(stepAt, p.pos, "Jayway (used by AWS) ignores the slice step: every element of the range is selected")
			}
		}
		if s.Start == nil && s.End == nil {
			return nil, errAt(open, p.pos, "a slice needs a start or an end, as in [1:] or [:2]")
		}
		return s, nil
	case ',':
		idx := []int{*start}
		for p.peek() == ',' {
			p.pos++
			p.skipSpace()
			n, err := p.readInt()
			if err != nil {
				return nil, err
			}
			idx = append(idx, n)
			p.skipSpace()
		}
		return &Indexes{Indexes: idx}, nil
	}
	if *start < 0 {
		p.warn(first, p.pos, "negative indexes have been reported to match nothing on AWS Step Functions; [(@.length-1)] selects the last element")
	}
	return &Index{Index: *start}, nil
}
