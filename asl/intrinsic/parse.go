// Package intrinsic parses and checks the intrinsic functions of Step Functions JSONPath states, such as
// "States.Format('Hello {}', $.name)" (asl-semantics §6, AWS "Intrinsic functions for JSONPath states").
//
// [Parse] builds a [Call] tree with byte offsets on every node; [Check] reports what can be known to fail before
// the machine runs: unknown functions, wrong arity, literal arguments of the wrong kind or value, and nesting
// beyond the AWS limit.
package intrinsic

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl/path"
)

// SyntaxError is the error type of this package: a byte range of the parsed string and a lower-case message. It
// is the same type as path's, so a caller handles both alike.
type SyntaxError = path.SyntaxError

// maxParseDepth bounds nesting while parsing so that hostile input cannot exhaust the stack. AWS allows 10 levels;
// deeper calls still parse (up to this bound) so that [Check] can report them with a precise message.
const maxParseDepth = 64

// ArgKind says what an argument is.
type ArgKind uint8

const (
	ArgString ArgKind = iota + 1
	ArgNumber
	ArgBoolean
	ArgNull
	ArgPath
	ArgCall
)

func (k ArgKind) String() string {
	switch k {
	case ArgString:
		return "a string literal"
	case ArgNumber:
		return "a number literal"
	case ArgBoolean:
		return "a boolean literal"
	case ArgNull:
		return "null"
	case ArgPath:
		return "a path"
	case ArgCall:
		return "an intrinsic function"
	}
	return "invalid"
}

// Call is one intrinsic function invocation.
type Call struct {
	// Name is the full name as written, e.g. "States.Format".
	Name string
	// Offset is where Name starts and End is just past the closing parenthesis; NameEnd is just past Name.
	Offset, NameEnd, End int
	Args                 []Arg
}

// Arg is one argument of a call.
type Arg struct {
	Kind        ArgKind
	Offset, End int
	// Raw is the argument as written (for a string, with its quotes and escapes).
	Raw string
	// Str is the value of a string literal with the escapes \' \{ \} \\ resolved.
	Str string
	// Num is the text of a number literal.
	Num json.Number
	// Bool is the value of a boolean literal.
	Bool bool
	// Path is the parsed path of an ArgPath; its offsets are offsets into the string given to Parse.
	Path *path.Path
	// Call is the nested call of an ArgCall.
	Call *Call
	// BadEscapes holds the offsets of backslashes in a string literal that do not start one of the escapes
	// \' \{ \} \\. AWS accepts the definition but the call fails when it runs (asl-semantics §6).
	BadEscapes []int
}

// IsCall reports whether s looks like an intrinsic function invocation: "States." followed by a name and "(".
// A linter uses it to tell a call from a path in a ".$" value before parsing either.
func IsCall(s string) bool {
	if !strings.HasPrefix(s, "States.") {
		return false
	}
	i := len("States.")
	j := i
	for j < len(s) && isNameChar(s[j]) {
		j++
	}
	return j > i && j < len(s) && s[j] == '('
}

func isNameChar(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
}

type parser struct {
	src   string
	pos   int
	depth int
}

// Parse parses s, which must be exactly one intrinsic function call with nothing before or after it. The error,
// if any, is a *SyntaxError with an offset into s.
func Parse(s string) (*Call, error) {
	p := &parser{src: s}
	if len(s) > 0 && isSpace(s[0]) {
		return nil, errAt(0, 1, "unexpected whitespace before the intrinsic function")
	}
	c, err := p.call()
	if err != nil {
		return nil, err
	}
	if p.pos < len(s) {
		if isSpace(s[p.pos]) {
			return nil, errAt(p.pos, p.pos+1, "unexpected whitespace after the closing ')' of %s", c.Name)
		}
		return nil, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s after the closing ')' of %s", p.describe(p.pos), c.Name)
	}
	return c, nil
}

func errAt(off, end int, format string, args ...any) *SyntaxError {
	if end < off {
		end = off
	}
	return &SyntaxError{Offset: off, End: end, Msg: fmt.Sprintf(format, args...)}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

func (p *parser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) describe(i int) string {
	if i >= len(p.src) {
		return "the end of the input"
	}
	r, _ := utf8.DecodeRuneInString(p.src[i:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte %#x", p.src[i])
	}
	return strconv.QuoteRune(r)
}

func (p *parser) runeEnd(i int) int {
	if i >= len(p.src) {
		return i
	}
	_, n := utf8.DecodeRuneInString(p.src[i:])
	return i + n
}

// call reads "States.Name(args)" at p.pos.
func (p *parser) call() (*Call, *SyntaxError) {
	start := p.pos
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxParseDepth {
		return nil, errAt(start, start, "intrinsic functions nested too deeply (more than %d levels)", maxParseDepth)
	}
	for p.pos < len(p.src) && (isNameChar(p.src[p.pos]) || p.src[p.pos] == '.') {
		p.pos++
	}
	name := p.src[start:p.pos]
	if !strings.HasPrefix(name, "States.") || len(name) == len("States.") || strings.Count(name, ".") != 1 {
		return nil, errAt(start, max(p.pos, p.runeEnd(start)), "expected an intrinsic function such as States.Format(…), found %q", name)
	}
	c := &Call{Name: name, Offset: start, NameEnd: p.pos}
	if p.peek() != '(' {
		if p.pos >= len(p.src) {
			return nil, errAt(p.pos, p.pos, "expected '(' after %s", name)
		}
		return nil, errAt(p.pos, p.runeEnd(p.pos), "expected '(' after %s, found %s", name, p.describe(p.pos))
	}
	open := p.pos
	p.pos++
	p.skipSpace()
	if p.peek() == ')' {
		p.pos++
		c.End = p.pos
		return c, nil
	}
	for {
		a, err := p.arg()
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, a)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
			p.skipSpace()
			continue
		case ')':
			p.pos++
			c.End = p.pos
			return c, nil
		}
		if p.pos >= len(p.src) {
			return nil, errAt(p.pos, p.pos, "expected ')' to close the arguments of %s opened at offset %d", name, open)
		}
		return nil, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s in the arguments of %s; expected ',' or ')'", p.describe(p.pos), name)
	}
}

// arg reads one argument at p.pos.
func (p *parser) arg() (Arg, *SyntaxError) {
	start := p.pos
	c := p.peek()
	switch {
	case c == '\'':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == '$':
		end := p.pathEnd()
		pp, err := path.ParsePathIn(p.src, start, end)
		if err != nil {
			return Arg{}, err.(*SyntaxError)
		}
		p.pos = end
		return Arg{Kind: ArgPath, Offset: start, End: end, Raw: p.src[start:end], Path: pp}, nil
	case isNameChar(c):
		j := p.pos
		for j < len(p.src) && (isNameChar(p.src[j]) || p.src[j] == '.') {
			j++
		}
		word := p.src[start:j]
		switch word {
		case "true", "false":
			p.pos = j
			return Arg{Kind: ArgBoolean, Offset: start, End: j, Raw: word, Bool: word == "true"}, nil
		case "null":
			p.pos = j
			return Arg{Kind: ArgNull, Offset: start, End: j, Raw: word}, nil
		}
		if j < len(p.src) && p.src[j] == '(' {
			call, err := p.call()
			if err != nil {
				return Arg{}, err
			}
			return Arg{Kind: ArgCall, Offset: start, End: call.End, Raw: p.src[start:call.End], Call: call}, nil
		}
		return Arg{}, errAt(start, j, "unexpected word %q; string literals are written in single quotes, as in '%s'", word, word)
	case c == '"':
		return Arg{}, errAt(start, start+1, "string literals in intrinsic functions use single quotes, as in 'text'")
	case p.pos >= len(p.src):
		return Arg{}, errAt(p.pos, p.pos, "expected an argument: a 'string', a number, true, false, null, a path or an intrinsic function")
	}
	return Arg{}, errAt(start, p.runeEnd(start), "unexpected %s; expected an argument: a 'string', a number, true, false, null, a path or an intrinsic function", p.describe(start))
}

// pathEnd finds where a path argument ends: at a ',' or ')' or whitespace outside brackets, parentheses and
// quoted names, so that "$.a[?(@.b == 'x, y')]" stays one argument.
func (p *parser) pathEnd() int {
	depth := 0
	var quote byte
	i := p.pos
	for ; i < len(p.src); i++ {
		c := p.src[i]
		if quote != 0 {
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '[', '(':
			depth++
		case ']', ')':
			if depth == 0 {
				return i
			}
			depth--
		case '\'', '"':
			if depth > 0 {
				quote = c
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
	}
	return min(i, len(p.src))
}

// str reads a single-quoted string literal. The escapes are \' \{ \} and \\ (AWS "Intrinsic functions for
// JSONPath states": reserved characters); any other backslash is kept and recorded in BadEscapes.
func (p *parser) str() (Arg, *SyntaxError) {
	start := p.pos
	p.pos++
	var b strings.Builder
	var bad []int
	for {
		if p.pos >= len(p.src) {
			return Arg{}, errAt(start, p.pos, "expected \"'\" to close the string opened at offset %d", start)
		}
		c := p.src[p.pos]
		switch c {
		case '\'':
			p.pos++
			return Arg{Kind: ArgString, Offset: start, End: p.pos, Raw: p.src[start:p.pos], Str: b.String(), BadEscapes: bad}, nil
		case '\\':
			if p.pos+1 < len(p.src) && strings.IndexByte(`'{}\`, p.src[p.pos+1]) >= 0 {
				b.WriteByte(p.src[p.pos+1])
				p.pos += 2
				continue
			}
			bad = append(bad, p.pos)
		}
		b.WriteByte(c)
		p.pos++
	}
}

// number reads a JSON number.
func (p *parser) number() (Arg, *SyntaxError) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	digits := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == digits {
		return Arg{}, errAt(start, p.runeEnd(p.pos), "expected a digit after '-'")
	}
	if p.pos-digits > 1 && p.src[digits] == '0' {
		return Arg{}, errAt(digits, p.pos, "numbers do not start with 0: %q", p.src[start:p.pos])
	}
	if p.peek() == '.' {
		p.pos++
		frac := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		if p.pos == frac {
			return Arg{}, errAt(start, p.pos, "expected a digit after the decimal point in %q", p.src[start:p.pos])
		}
	}
	if p.peek() == 'e' || p.peek() == 'E' {
		p.pos++
		if p.peek() == '+' || p.peek() == '-' {
			p.pos++
		}
		exp := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		if p.pos == exp {
			return Arg{}, errAt(start, p.pos, "expected a digit in the exponent of %q", p.src[start:p.pos])
		}
	}
	if p.pos < len(p.src) && (isNameChar(p.src[p.pos]) || p.src[p.pos] == '.') {
		return Arg{}, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s after the number %q", p.describe(p.pos), p.src[start:p.pos])
	}
	raw := p.src[start:p.pos]
	return Arg{Kind: ArgNumber, Offset: start, End: p.pos, Raw: raw, Num: json.Number(raw)}, nil
}

// Walk calls fn for c and every call nested in its arguments, depth-first, with the nesting depth (1 for c).
func (c *Call) Walk(fn func(call *Call, depth int)) {
	c.walk(fn, 1)
}

func (c *Call) walk(fn func(*Call, int), depth int) {
	fn(c, depth)
	for _, a := range c.Args {
		if a.Call != nil {
			a.Call.walk(fn, depth+1)
		}
	}
}

// Paths returns the path arguments of c and of its nested calls, in source order.
func (c *Call) Paths() []*path.Path {
	var out []*path.Path
	var visit func(*Call)
	visit = func(c *Call) {
		for _, a := range c.Args {
			switch a.Kind {
			case ArgPath:
				out = append(out, a.Path)
			case ArgCall:
				visit(a.Call)
			}
		}
	}
	visit(c)
	return out
}

// String renders the call in a normal form: arguments separated by ", ", literals and paths as written.
func (c *Call) String() string {
	var b strings.Builder
	c.write(&b)
	return b.String()
}

func (c *Call) write(b *strings.Builder) {
	b.WriteString(c.Name + "(")
	for i, a := range c.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if a.Kind == ArgCall {
			a.Call.write(b)
			continue
		}
		b.WriteString(a.Raw)
	}
	b.WriteByte(')')
}
