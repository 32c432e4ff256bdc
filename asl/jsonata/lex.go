package jsonata

import (
	"fmt"
	"strings"
)

type tokKind uint8

const (
	tkName    tokKind = iota + 1 // a field name, or a keyword (and, or, in, true, false, null, function)
	tkEscName                    // `a name`
	tkVar                        // $name, $ and $$
	tkString
	tkNumber
	tkRegex
	tkOp // an operator or punctuation mark; operand is set for *, **, % and ? used as operands
)

type token struct {
	kind     tokKind
	off, end int
	text     string
	operand  bool
}

func (t token) isOp(s string) bool { return t.kind == tkOp && t.text == s }

// twoCharOps are JSONata's two-character operators. "?:" and "??" are JSONata 2.1 and so absent: AWS runs 2.0.6.
var twoCharOps = []string{"..", ":=", "!=", "<=", ">=", "~>", "**"}

// isNameStop reports whether c ends a name: whitespace or an operator character (jsonata-js lexer).
func isNameStop(c byte) bool {
	return isSpace(c) || strings.IndexByte(".[]{}(),@#;:?+-*/%|=<>^&!~", c) >= 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lexer tokenizes a JSONata expression the way jsonata-js does, deciding like its parser whether a '/' starts a
// regular expression and whether '%', '*' and '?' are operands, and builds the normalized text for the port.
type lexer struct {
	src  string
	out  []byte
	toks []token
	// stack holds the open brackets, and '1'/'2' for a transform "| … | … |" waiting for its second or last bar.
	stack []frame
	// operandNext is set where an operand is expected (jsonata-js "prefix" position).
	operandNext bool
	// chain counts, at the current bracket level, the operators that make the port's recursive parser go one
	// level deeper without a bracket: prefix operators ("- - 1"), ":=" and "?" chains. saved sums the chains of
	// the enclosing levels. Their sum with the bracket depth estimates the parser's recursion depth.
	chain, saved int
}

type frame struct {
	open  byte
	chain int // the chain of the enclosing level, restored when this bracket closes
}

func (l *lexer) depth() int { return len(l.stack) + l.saved + l.chain }

func (l *lexer) push(open byte, at, end int) *SyntaxError {
	l.stack = append(l.stack, frame{open: open, chain: l.chain})
	l.saved += l.chain
	l.chain = 0
	if l.depth() > MaxDepth {
		return errAt(at, end, "nested too deeply (more than %d levels of brackets and operators)", MaxDepth)
	}
	return nil
}

func (l *lexer) pop() {
	n := len(l.stack) - 1
	l.chain = l.stack[n].chain
	l.saved -= l.chain
	l.stack = l.stack[:n]
}

func (l *lexer) deeper(at, end int) *SyntaxError {
	l.chain++
	if l.depth() > MaxDepth {
		return errAt(at, end, "nested too deeply (more than %d levels of brackets and operators)", MaxDepth)
	}
	return nil
}

// lex tokenizes src. A fatal error (an unterminated literal or comment, too deep a nesting) is returned as
// fatal; a problem found on the tokens is returned as soft, together with the normalized text, so that the
// caller can report whichever of it and the port's first error comes first.
func lex(src string) (toks []token, normalized string, soft, fatal *SyntaxError) {
	l := &lexer{src: src, out: []byte(src), operandNext: true}
	if err := l.run(); err != nil {
		return nil, "", nil, err
	}
	soft = l.checkTokens()
	return l.toks, string(l.out), soft, nil
}

func errAt(off, end int, format string, args ...any) *SyntaxError {
	if end < off {
		end = off
	}
	return &SyntaxError{Offset: off, End: end, Msg: fmt.Sprintf(format, args...)}
}

func (l *lexer) emit(kind tokKind, off, end int, operand bool) {
	l.toks = append(l.toks, token{kind: kind, off: off, end: end, text: l.src[off:end], operand: operand})
}

func (l *lexer) blank(off, end int, c byte) {
	for i := off; i < end; i++ {
		l.out[i] = c
	}
}

func (l *lexer) run() *SyntaxError {
	s := l.src
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case isSpace(c):
			i++
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return errAt(i, len(s), "unterminated comment: expected '*/' to close the comment opened at offset %d", i)
			}
			end := i + 2 + j + 2
			l.blank(i, end, ' ')
			i = end
			continue
		case c == '/' && l.operandNext:
			end, err := l.regex(i)
			if err != nil {
				return err
			}
			i = end
			continue
		case c == '"' || c == '\'':
			end, err := l.str(i)
			if err != nil {
				return err
			}
			l.emit(tkString, i, end, false)
			l.operandNext = false
			i = end
			continue
		case c == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return errAt(i, len(s), "unterminated name: expected '`' to close the name opened at offset %d", i)
			}
			end := i + 1 + j + 1
			l.emit(tkEscName, i, end, false)
			l.operandNext = false
			i = end
			continue
		case isDigit(c):
			end, err := l.number(i)
			if err != nil {
				return err
			}
			l.emit(tkNumber, i, end, false)
			l.operandNext = false
			i = end
			continue
		case c == '$':
			j := i + 1
			for j < len(s) && !isNameStop(s[j]) {
				j++
			}
			l.emit(tkVar, i, j, false)
			l.operandNext = false
			i = j
			continue
		}
		if isNameStop(c) {
			end, err := l.operator(i)
			if err != nil {
				return err
			}
			i = end
			continue
		}
		j := i
		for j < len(s) && !isNameStop(s[j]) {
			j++
		}
		word := s[i:j]
		switch word {
		case "and", "or", "in":
			// Keywords are names where an operand is expected ("a.and"), operators elsewhere.
			if !l.operandNext {
				l.emit(tkOp, i, j, false)
				l.operandNext = true
				i = j
				continue
			}
		}
		l.emit(tkName, i, j, false)
		l.operandNext = false
		i = j
	}
	return nil
}

// operator handles an operator or punctuation mark at i and returns where it ends.
func (l *lexer) operator(i int) (int, *SyntaxError) {
	s := l.src
	for _, op := range twoCharOps {
		if strings.HasPrefix(s[i:], op) {
			end := i + 2
			operand := op == "**" && l.operandNext
			if op == ":=" {
				if err := l.deeper(i, end); err != nil {
					return 0, err
				}
			}
			l.emit(tkOp, i, end, operand)
			l.operandNext = !operand
			return end, nil
		}
	}
	c := s[i]
	end := i + 1
	operand := false
	// JSONata has no "!" or "~" operator of their own. The port's lexer turns them into an empty name without
	// moving on, which loops forever inside a function signature ("function()<!n>"), so they never reach it.
	if c == '!' {
		return 0, errAt(i, end, "unexpected '!'; JSONata writes inequality as != and negation as $not()")
	}
	if c == '~' {
		return 0, errAt(i, end, "unexpected '~'; the chain operator is written ~>")
	}
	switch c {
	case '(', '[', '{':
		if err := l.push(c, i, end); err != nil {
			return 0, err
		}
	case ')', ']', '}':
		if n := len(l.stack); n > 0 && l.stack[n-1].open == map[byte]byte{')': '(', ']': '[', '}': '{'}[c] {
			l.pop()
		}
		l.emit(tkOp, i, end, false)
		l.operandNext = false
		return end, nil
	case ',', ';':
		l.chain = 0
	case '*':
		// A wildcard where an operand is expected.
		operand = l.operandNext
	case '?':
		// A partial-application placeholder where an operand is expected, a condition elsewhere.
		operand = l.operandNext
		if !operand {
			if err := l.deeper(i, end); err != nil {
				return 0, err
			}
		}
	case '%':
		if l.operandNext {
			// JSONata's parent operator (1.7+), unknown to the port: make it a name of the same length.
			operand = true
			l.out[i] = '_'
		}
	case '@', '#':
		// Context and positional variable binding (1.7+), unknown to the port: a path step binding the variable
		// that must follow parses the same way.
		l.out[i] = '.'
	case '|':
		n := len(l.stack)
		switch {
		case l.operandNext:
			if err := l.push('1', i, end); err != nil {
				return 0, err
			}
		case n > 0 && l.stack[n-1].open == '1':
			l.stack[n-1].open = '2'
		case n > 0 && l.stack[n-1].open == '2':
			l.pop()
			l.emit(tkOp, i, end, false)
			l.operandNext = false
			return end, nil
		}
	default:
		// A prefix operator (unary minus) nests the operand that follows.
		if l.operandNext {
			if err := l.deeper(i, end); err != nil {
				return 0, err
			}
		}
	}
	l.emit(tkOp, i, end, operand)
	l.operandNext = !operand
	return end, nil
}

// regex scans a regular expression literal like jsonata-js: the closing '/' is one not preceded by an odd number
// of backslashes and outside (), [] and {}; flags are i and m. The body is blanked in the normalized text.
func (l *lexer) regex(start int) (int, *SyntaxError) {
	s := l.src
	depth := 0
	for i := start + 1; i < len(s); i++ {
		c := s[i]
		escaped := false
		for k := i - 1; k > start && s[k] == '\\'; k-- {
			escaped = !escaped
		}
		if c == '/' && depth == 0 && !escaped {
			if i == start+1 {
				return 0, errAt(start, i+1, "empty regular expressions are not allowed")
			}
			end := i + 1
			for end < len(s) && (s[end] == 'i' || s[end] == 'm') {
				end++
			}
			l.blank(start+1, i, 'a')
			l.emit(tkRegex, start, end, false)
			l.operandNext = false
			return end, nil
		}
		if !escaped {
			switch c {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			}
		}
	}
	return 0, errAt(start, len(s), "unterminated regular expression: expected '/' to close the expression opened at offset %d", start)
}

// str scans a string literal; escapes are checked by the port.
func (l *lexer) str(start int) (int, *SyntaxError) {
	s := l.src
	q := s[start]
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i + 1, nil
		}
	}
	return 0, errAt(start, len(s), "unterminated string: expected %q to close the string opened at offset %d", string(q), start)
}

// number scans a number with jsonata-js's pattern: 0 or [1-9][0-9]*, an optional fraction and exponent.
func (l *lexer) number(start int) (int, *SyntaxError) {
	s := l.src
	i := start
	if s[i] == '0' {
		i++
	} else {
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	// "420." is not a number in JSONata: the '.' would make the number a path step (jsonata-js S0213).
	if i < len(s) && s[i] == '.' && (i+1 >= len(s) || s[i+1] != '.') {
		return 0, errAt(i, i+1, "unexpected '.' after the number %s; a number cannot be a step of a path", s[start:i])
	}
	return i, nil
}

// checkTokens applies the rules jsonata-js checks on constructs the port does not parse, and rewrites strings
// used as path steps into names as jsonata-js does.
func (l *lexer) checkTokens() *SyntaxError {
	for i, t := range l.toks {
		next := token{}
		if i+1 < len(l.toks) {
			next = l.toks[i+1]
		}
		switch {
		case t.isOp("@") || t.isOp("#"):
			if next.kind != tkVar || next.text == "$" {
				if next.kind == 0 {
					return errAt(t.off, t.end, "expected a variable such as $v after '%s'", t.text)
				}
				return errAt(next.off, next.end, "expected a variable such as $v after '%s', found %q", t.text, next.text)
			}
		case t.kind == tkOp && t.text == "%" && t.operand:
			if next.kind != 0 && next.kind != tkOp && next.off == t.end {
				return errAt(next.off, next.end, "expected '.' after the parent operator '%%', found %q", next.text)
			}
		case t.kind == tkNumber || (t.kind == tkName && (t.text == "true" || t.text == "false" || t.text == "null")):
			prevDot := i > 0 && l.toks[i-1].isOp(".")
			if prevDot || next.isOp(".") {
				return errAt(t.off, t.end, "the literal %s cannot be a step of a path", t.text)
			}
		case t.kind == tkString:
			prevDot := i > 0 && l.toks[i-1].isOp(".")
			if (prevDot || next.isOp(".")) && !strings.ContainsAny(t.text[1:len(t.text)-1], "`\n") {
				l.out[t.off] = '`'
				l.out[t.end-1] = '`'
			}
		}
	}
	return nil
}
