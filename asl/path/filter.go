package path

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The filter grammar follows Jayway's FilterCompiler:
//
//	or       = and { "||" and }
//	and      = unary { "&&" unary }
//	unary    = "!" unary | "(" or ")" | relation
//	relation = operand [ operator operand ]      a lone operand must be a path: an existence test
//	operand  = path | number | string | true | false | null | [ … ] | { … } | /regex/flags

// filter reads "?( … )" inside brackets.
func (p *parser) filter() (Selector, *SyntaxError) {
	q := p.pos
	p.pos++
	p.skipSpace()
	if p.peek() != '(' {
		return nil, errAt(q, p.runeEnd(p.pos), "expected '(' after '[?'; a filter is written [?(@.price < 10)]")
	}
	open := p.pos
	p.pos++
	e, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if err := p.closeParen(open, "filter"); err != nil {
		return nil, err
	}
	return &Filter{Expr: e}, nil
}

// closeParen expects the ')' matching the '(' at open.
func (p *parser) closeParen(open int, what string) *SyntaxError {
	p.skipSpace()
	if p.peek() == ')' {
		p.pos++
		return nil
	}
	if p.eof() {
		return errAt(p.pos, p.pos, "expected ')' to close the %s opened at offset %d", what, open)
	}
	if what == "script" {
		return errAt(p.pos, p.runeEnd(p.pos), "unexpected %s in the script; expected an arithmetic operator or ')'", p.describe(p.pos))
	}
	return errAt(p.pos, p.runeEnd(p.pos), "unexpected %s in the %s; expected '&&', '||' or ')'", p.describe(p.pos), what)
}

func (p *parser) orExpr() (Expr, *SyntaxError) {
	x, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.src[p.pos:], "||") {
			return x, nil
		}
		p.pos += 2
		y, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		x = &Logical{Span: Span{x.Pos().Offset, y.Pos().End}, Op: "||", X: x, Y: y}
	}
}

func (p *parser) andExpr() (Expr, *SyntaxError) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.src[p.pos:], "&&") {
			return x, nil
		}
		p.pos += 2
		y, err := p.unary()
		if err != nil {
			return nil, err
		}
		x = &Logical{Span: Span{x.Pos().Offset, y.Pos().End}, Op: "&&", X: x, Y: y}
	}
}

func (p *parser) unary() (Expr, *SyntaxError) {
	p.skipSpace()
	if err := p.enter(p.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	switch p.peek() {
	case '!':
		if p.peekAt(p.pos+1) == '=' {
			break
		}
		bang := p.pos
		p.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Not{Span: Span{bang, x.Pos().End}, X: x}, nil
	case '(':
		open := p.pos
		p.pos++
		x, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if err := p.closeParen(open, "parenthesis"); err != nil {
			return nil, err
		}
		return x, nil
	}
	return p.relation()
}

func (p *parser) relation() (Expr, *SyntaxError) {
	x, err := p.operand(modeFilter)
	if err != nil {
		return nil, err
	}
	save := p.pos
	p.skipSpace()
	opAt := p.pos
	op, err := p.operator()
	if err != nil {
		return nil, err
	}
	if op == "" {
		p.pos = save
		if pv, ok := x.(*PathValue); ok {
			return &Exists{Span: pv.Span, Path: pv.Path}, nil
		}
		if p.eof() {
			return nil, errAt(p.pos, p.pos, "expected a comparison operator after the value")
		}
		return nil, errAt(x.Pos().Offset, x.Pos().End, "a value alone is not a condition; compare it with a path, as in @.x == %s", p.src[x.Pos().Offset:x.Pos().End])
	}
	y, err := p.operand(modeFilter)
	if err != nil {
		return nil, err
	}
	if op == "=~" {
		_, rx := x.(*Regex)
		_, ry := y.(*Regex)
		if !rx && !ry {
			return nil, errAt(opAt, opAt+2, "=~ needs a regular expression literal such as /^a.*z$/i on one side")
		}
	}
	return &Compare{Span: Span{x.Pos().Offset, y.Pos().End}, Op: op, X: x, Y: y}, nil
}

var symbolOps = []string{"===", "!==", "==", "!=", "<=", ">=", "=~", "<", ">"}

// wordOps are Jayway's lexical operators; Jayway compares them ignoring case.
var wordOps = []string{"in", "nin", "subsetof", "anyof", "noneof", "size", "empty", "contains", "all", "type", "matches", "exists"}

// operator reads a relational operator at p.pos and returns "" when there is none (the operand was alone).
func (p *parser) operator() (string, *SyntaxError) {
	rest := p.src[p.pos:]
	for _, op := range symbolOps {
		if strings.HasPrefix(rest, op) {
			p.pos += len(op)
			return op, nil
		}
	}
	if strings.HasPrefix(rest, "=") {
		return "", errAt(p.pos, p.pos+1, "unexpected '='; compare with '=='")
	}
	if len(rest) == 0 || !isLetter(rest[0]) {
		return "", nil
	}
	n := 0
	for n < len(rest) && isLetter(rest[n]) {
		n++
	}
	word := strings.ToLower(rest[:n])
	for _, op := range wordOps {
		if op == word {
			p.pos += n
			return op, nil
		}
	}
	return "", errAt(p.pos, p.pos+n, "unknown operator %q; expected ==, !=, <, <=, >, >=, =~, in, nin, subsetof, anyof, noneof, size or empty", rest[:n])
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// operand reads a path, a literal or a regular expression.
func (p *parser) operand(m mode) (Expr, *SyntaxError) {
	p.skipSpace()
	start := p.pos
	switch c := p.peek(); {
	case c == '@' || c == '$':
		path, err := p.path(m)
		if err != nil {
			return nil, err
		}
		return &PathValue{Span: path.Span, Path: path}, nil
	case c == '/':
		return p.regex()
	case c == '\'' || c == '"' || c == '[' || c == '{' || c == '-' || isDigit(c):
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		return &Literal{Span: Span{start, p.pos}, Value: v}, nil
	case isLetter(c) || c == '_':
		for !p.eof() && (isLetter(p.peek()) || isDigit(p.peek()) || p.peek() == '_') {
			p.pos++
		}
		switch w := p.src[start:p.pos]; w {
		case "true":
			return &Literal{Span: Span{start, p.pos}, Value: true}, nil
		case "false":
			return &Literal{Span: Span{start, p.pos}, Value: false}, nil
		case "null":
			return &Literal{Span: Span{start, p.pos}, Value: nil}, nil
		default:
			p.warn(start, p.pos, "unquoted word %q in a filter; Jayway (used by AWS) rejects it: quote it as '%s'", w, w)
			return &Literal{Span: Span{start, p.pos}, Value: w, Bare: true}, nil
		}
	case p.eof():
		return nil, errAt(p.pos, p.pos, "expected a value: a path such as @.x, a number, a 'string', true, false, null or a [list]")
	}
	return nil, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s; expected a value: a path such as @.x, a number, a 'string', true, false, null or a [list]", p.describe(p.pos))
}

// regex reads "/pattern/flags". The pattern is kept as written; it is a Java regular expression, which Go's
// regexp cannot always compile, so it is not checked here.
func (p *parser) regex() (Expr, *SyntaxError) {
	start := p.pos
	p.pos++
	for p.pos < len(p.src) && p.src[p.pos] != '/' {
		if p.src[p.pos] == '\\' {
			p.pos++
		}
		p.pos++
	}
	if p.pos >= len(p.src) {
		p.pos = len(p.src)
		return nil, errAt(start, p.pos, "expected '/' to close the regular expression opened at offset %d", start)
	}
	pattern := p.src[start+1 : p.pos]
	p.pos++
	flagStart := p.pos
	for !p.eof() && isLetter(p.peek()) {
		if !strings.ContainsRune("dimsuxU", rune(p.peek())) {
			return nil, errAt(p.pos, p.pos+1, "unknown regular expression flag %q; Jayway accepts d, i, m, s, u, x and U", p.src[p.pos:p.pos+1])
		}
		p.pos++
	}
	return &Regex{Span: Span{start, p.pos}, Pattern: pattern, Flags: p.src[flagStart:p.pos]}, nil
}

// value reads a JSON-like literal: Jayway's filters accept 'single' as well as "double" quoted strings, also
// inside arrays such as ['S', 'M'].
func (p *parser) value() (any, *SyntaxError) {
	p.skipSpace()
	start := p.pos
	if c := p.peek(); c == '[' || c == '{' {
		if err := p.enter(start); err != nil {
			return nil, err
		}
		defer p.leave()
	}
	switch c := p.peek(); {
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || isDigit(c):
		return p.number()
	case c == '[':
		p.pos++
		out := []any{}
		p.skipSpace()
		if p.peek() == ']' {
			p.pos++
			return out, nil
		}
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			p.skipSpace()
			switch p.peek() {
			case ',':
				p.pos++
				continue
			case ']':
				p.pos++
				return out, nil
			}
			return nil, p.expectedIn(start, "']'", "list")
		}
	case c == '{':
		p.pos++
		out := map[string]any{}
		p.skipSpace()
		if p.peek() == '}' {
			p.pos++
			return out, nil
		}
		for {
			p.skipSpace()
			if p.peek() != '\'' && p.peek() != '"' {
				return nil, p.expectedIn(start, "a quoted key", "object")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.skipSpace()
			if p.peek() != ':' {
				return nil, p.expectedIn(start, "':'", "object")
			}
			p.pos++
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			out[k] = v
			p.skipSpace()
			switch p.peek() {
			case ',':
				p.pos++
				continue
			case '}':
				p.pos++
				return out, nil
			}
			return nil, p.expectedIn(start, "'}'", "object")
		}
	case isLetter(c):
		for _, w := range []string{"true", "false", "null"} {
			if strings.HasPrefix(p.src[p.pos:], w) {
				p.pos += len(w)
				switch w {
				case "true":
					return true, nil
				case "false":
					return false, nil
				}
				return nil, nil
			}
		}
	}
	if p.eof() {
		return nil, errAt(p.pos, p.pos, "expected a value")
	}
	return nil, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s; expected a value", p.describe(p.pos))
}

func (p *parser) expectedIn(open int, what, kind string) *SyntaxError {
	if p.eof() {
		return errAt(p.pos, p.pos, "expected %s to close the %s opened at offset %d", what, kind, open)
	}
	return errAt(p.pos, p.runeEnd(p.pos), "unexpected %s in the %s opened at offset %d; expected ',' or %s", p.describe(p.pos), kind, open, what)
}

// number reads a JSON number and keeps its text.
func (p *parser) number() (json.Number, *SyntaxError) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	digits := p.pos
	for isDigit(p.peek()) {
		p.pos++
	}
	if p.pos == digits {
		return "", errAt(start, p.runeEnd(p.pos), "expected a digit after '-'")
	}
	if p.peek() == '.' {
		p.pos++
		frac := p.pos
		for isDigit(p.peek()) {
			p.pos++
		}
		if p.pos == frac {
			return "", errAt(start, p.pos, "expected a digit after the decimal point in %q", p.src[start:p.pos])
		}
	}
	if p.peek() == 'e' || p.peek() == 'E' {
		p.pos++
		if p.peek() == '+' || p.peek() == '-' {
			p.pos++
		}
		exp := p.pos
		for isDigit(p.peek()) {
			p.pos++
		}
		if p.pos == exp {
			return "", errAt(start, p.pos, "expected a digit in the exponent of %q", p.src[start:p.pos])
		}
	}
	return json.Number(p.src[start:p.pos]), nil
}

// str reads a quoted filter string and unescapes it as Jayway does (Java escapes; an unknown escape keeps the
// character).
func (p *parser) str() (string, *SyntaxError) {
	q := p.peek()
	open := p.pos
	p.pos++
	var b strings.Builder
	for {
		if p.eof() {
			return "", errAt(open, p.pos, "expected %q to close the string opened at offset %d", string(q), open)
		}
		c := p.src[p.pos]
		if c == q {
			p.pos++
			return b.String(), nil
		}
		if c != '\\' {
			r, n := utf8.DecodeRuneInString(p.src[p.pos:])
			if r == utf8.RuneError && n == 1 {
				b.WriteByte(c)
			} else {
				b.WriteRune(r)
			}
			p.pos += n
			continue
		}
		p.pos++
		if p.eof() {
			return "", errAt(open, p.pos, "expected %q to close the string opened at offset %d", string(q), open)
		}
		e := p.src[p.pos]
		p.pos++
		switch e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if p.pos+4 > len(p.src) {
				return "", errAt(p.pos-2, len(p.src), "\\u must be followed by four hexadecimal digits")
			}
			n, err := strconv.ParseUint(p.src[p.pos:p.pos+4], 16, 16)
			if err != nil {
				return "", errAt(p.pos-2, p.pos+4, "\\u must be followed by four hexadecimal digits")
			}
			b.WriteRune(rune(n))
			p.pos += 4
		default:
			b.WriteByte(e)
		}
	}
}

// script reads "( … )" inside brackets: an arithmetic expression over "@" paths and numbers.
func (p *parser) script() (Selector, *SyntaxError) {
	open := p.pos
	p.pos++
	e, err := p.sum()
	if err != nil {
		return nil, err
	}
	if err := p.closeParen(open, "script"); err != nil {
		return nil, err
	}
	return &Script{Expr: e}, nil
}

func (p *parser) sum() (Expr, *SyntaxError) {
	x, err := p.product()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		op := p.peek()
		if op != '+' && op != '-' {
			return x, nil
		}
		p.pos++
		y, err := p.product()
		if err != nil {
			return nil, err
		}
		x = &Arith{Span: Span{x.Pos().Offset, y.Pos().End}, Op: op, X: x, Y: y}
	}
}

func (p *parser) product() (Expr, *SyntaxError) {
	x, err := p.factor()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		op := p.peek()
		if op != '*' && op != '/' && op != '%' {
			return x, nil
		}
		p.pos++
		y, err := p.factor()
		if err != nil {
			return nil, err
		}
		x = &Arith{Span: Span{x.Pos().Offset, y.Pos().End}, Op: op, X: x, Y: y}
	}
}

func (p *parser) factor() (Expr, *SyntaxError) {
	p.skipSpace()
	if err := p.enter(p.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	start := p.pos
	switch c := p.peek(); {
	case c == '-':
		p.pos++
		x, err := p.factor()
		if err != nil {
			return nil, err
		}
		return &Neg{Span: Span{start, x.Pos().End}, X: x}, nil
	case c == '(':
		p.pos++
		x, err := p.sum()
		if err != nil {
			return nil, err
		}
		if err := p.closeParen(start, "parenthesis"); err != nil {
			return nil, err
		}
		return x, nil
	case c == '@' || c == '$':
		path, err := p.path(modeScript)
		if err != nil {
			return nil, err
		}
		return &PathValue{Span: path.Span, Path: path}, nil
	case isDigit(c):
		n, err := p.number()
		if err != nil {
			return nil, err
		}
		return &Literal{Span: Span{start, p.pos}, Value: n}, nil
	case p.eof():
		return nil, errAt(p.pos, p.pos, "expected a number or a path such as @.length")
	}
	return nil, errAt(p.pos, p.runeEnd(p.pos), "unexpected %s; expected a number or a path such as @.length", p.describe(p.pos))
}
