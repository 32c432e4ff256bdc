// Package jsonata is the bridge between Amazon States Language and JSONata: it finds "{% … %}" expressions and
// checks their syntax with byte offsets (asl-semantics §3 and §6, AWS "Transforming data with JSONata").
//
// The grammar is checked by the parser of github.com/xiatechs/jsonata-go (v1.8.8, December 2024), a maintained fork
// of blues/jsonata-go (v1.5.4, May 2021, unmaintained). Both parse the same JSONata 1.5 grammar; the fork is
// preferred because it is maintained and its AST nodes carry positions, which an evaluator built on it will need.
// AWS runs JSONata 2.0.6, so a small lexer of this package runs first.
// It rejects what the port lets through (an unterminated comment, "420.", a binding without a variable) and
// rewrites the 2.0 constructs the port does not know into equivalents of the same length, so that every offset
// the port reports is an offset into the original text:
//
//   - comments /* … */ become spaces;
//   - the parent operator % becomes a field name;
//   - the context and positional bindings "@$v" and "#$i" become path steps ".$v";
//   - a string used as a path step ("a"."b c") becomes a backquoted name, as JSONata itself treats it;
//   - the body of a regular expression is blanked, because JSONata regular expressions are JavaScript ones, which
//     Go's regexp package cannot always compile (lookahead, for instance).
//
// The port is never trusted not to crash: its panics are recovered, the input length and the nesting depth are
// bounded before it runs, and it runs under a time limit.
package jsonata

import (
	"fmt"
	"github.com/sfnsim/sfnsim/internal/suggest"
	"strings"
	"time"

	xparse "github.com/xiatechs/jsonata-go/jparse"

	"github.com/sfnsim/sfnsim/asl/path"
)

// SyntaxError is the error type of this package: a byte range of the checked text and a lower-case message. It
// is the same type as the path and intrinsic packages use.
type SyntaxError = path.SyntaxError

// MaxLength is the longest expression Check accepts: the size limit of a whole state machine definition
// (asl-semantics §11, ValidateStateMachineDefinition).
const MaxLength = 1 << 20

// MaxDepth bounds the nesting of parentheses, brackets and braces, so that a hostile expression yields an error
// rather than a deep recursion in the parser.
const MaxDepth = 200

// IsExpression reports whether s has the exact form "{%…%}" that Step Functions evaluates as JSONata: starting
// with "{%" and ending with "%}", with nothing outside (asl-semantics §3).
func IsExpression(s string) bool {
	_, _, ok := Expression(s)
	return ok
}

// Expression returns the text between "{%" and "%}" and its byte offset in s (always 2), or ok false when s is
// not of that form.
func Expression(s string) (expr string, offset int, ok bool) {
	if len(s) < 4 || !strings.HasPrefix(s, "{%") || !strings.HasSuffix(s, "%}") {
		return "", 0, false
	}
	return s[2 : len(s)-2], 2, true
}

// BuiltinFunctions are the functions of JSONata 2.0.6, the version AWS runs (AWS "Transforming data with
// JSONata").
var BuiltinFunctions = []string{
	"sum", "count", "max", "min", "average",
	"string", "substring", "substringBefore", "substringAfter", "lowercase", "uppercase", "length", "trim", "pad",
	"contains", "split", "join", "match", "replace", "eval", "base64encode", "base64decode",
	"encodeUrlComponent", "encodeUrl", "decodeUrlComponent", "decodeUrl",
	"number", "abs", "floor", "ceil", "round", "power", "sqrt", "random", "formatNumber", "formatBase",
	"formatInteger", "parseInteger",
	"boolean", "not", "exists",
	"append", "reverse", "shuffle", "distinct", "sort", "zip",
	"keys", "lookup", "spread", "merge", "each", "error", "assert", "type", "sift",
	"map", "filter", "single", "reduce",
	"now", "millis", "fromMillis", "toMillis", "clone",
}

// StepFunctionsFunctions are the functions Step Functions adds to JSONata (asl-semantics §6).
var StepFunctionsFunctions = []string{"partition", "range", "hash", "random", "uuid", "parse"}

// unavailableFunctions are JSONata functions that Step Functions removes.
var unavailableFunctions = map[string]bool{"eval": true}

// Check parses expr, the text inside "{% %}", and returns the first problem as a *SyntaxError with offsets into
// expr, or nil. Besides syntax it reports calls of functions that neither JSONata nor Step Functions provides
// and that the expression does not bind itself (Step Functions variables hold JSON values, never functions).
func Check(expr string) error {
	if len(expr) > MaxLength {
		return &SyntaxError{Offset: MaxLength, End: len(expr), Msg: fmt.Sprintf("the expression is longer than %d bytes", MaxLength)}
	}
	toks, normalized, soft, fatal := lex(expr)
	if fatal != nil {
		return fatal
	}
	perr, positioned := parseGuarded(normalized)
	if soft != nil && (perr == nil || !positioned || soft.Offset <= perr.Offset) {
		return soft
	}
	if perr != nil {
		return perr
	}
	if ferr := checkFunctions(toks); ferr != nil {
		return ferr
	}
	return nil
}

// parseTimeout bounds the port's parser. It has looped forever before (see the '!' case in the lexer); should
// another such input exist, the caller gets an error instead of a hung process, at the cost of one spinning
// goroutine.
const parseTimeout = 10 * time.Second

type parseResult struct {
	err        *SyntaxError
	positioned bool
}

func parseGuarded(text string) (*SyntaxError, bool) {
	done := make(chan parseResult, 1)
	go func() {
		err, positioned := parse(text)
		done <- parseResult{err, positioned}
	}()
	timer := time.NewTimer(parseTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.err, r.positioned
	case <-timer.C:
		return &SyntaxError{Offset: 0, End: len(text), Msg: fmt.Sprintf("the JSONata parser did not finish within %s on this expression", parseTimeout)}, false
	}
}

// parse runs the port's parser on the normalized text and converts its error. positioned is false when the port
// does not know where the problem is and the error spans the whole text.
func parse(text string) (out *SyntaxError, positioned bool) {
	defer func() {
		if r := recover(); r != nil {
			out = &SyntaxError{Offset: 0, End: len(text), Msg: fmt.Sprintf("the JSONata parser failed on this expression: %v", r)}
			positioned = false
		}
	}()
	_, err := xparse.Parse(text)
	if err == nil {
		return nil, true
	}
	e, ok := err.(*xparse.Error)
	if !ok {
		return &SyntaxError{Offset: 0, End: len(text), Msg: err.Error()}, false
	}
	switch e.Type {
	case xparse.ErrGroupPredicate, xparse.ErrGroupGroup, xparse.ErrPathLiteral:
		positioned = false
	default:
		positioned = true
	}
	return convert(e, text), positioned
}

// convert turns the port's error into a SyntaxError with a message in this project's style; the port's own
// messages carry a position suffix and sometimes a hint meant for another format.
func convert(e *xparse.Error, text string) *SyntaxError {
	off := min(max(e.Position, 0), len(text))
	end := min(off+len(e.Token), len(text))
	var msg string
	switch e.Type {
	case xparse.ErrSyntaxError:
		msg = fmt.Sprintf("unexpected %q", e.Token)
		if e.Token == "" {
			msg = "syntax error"
		}
	case xparse.ErrUnexpectedEOF:
		msg = "unexpected end of expression"
	case xparse.ErrUnexpectedToken:
		msg = fmt.Sprintf("expected %q, found %q", e.Hint, e.Token)
	case xparse.ErrMissingToken:
		msg = fmt.Sprintf("expected %q before the end of the expression", e.Hint)
	case xparse.ErrPrefix:
		msg = fmt.Sprintf("%q cannot start an expression", e.Token)
	case xparse.ErrInfix:
		msg = fmt.Sprintf("%q cannot stand between two expressions", e.Token)
	case xparse.ErrUnterminatedString:
		msg = "unterminated string"
	case xparse.ErrUnterminatedRegex:
		msg = "unterminated regular expression: expected a closing '/'"
	case xparse.ErrUnterminatedName:
		msg = "unterminated name: expected a closing '`'"
	case xparse.ErrIllegalEscape:
		msg = fmt.Sprintf("illegal escape sequence \\%s in a string", e.Hint)
	case xparse.ErrIllegalEscapeHex:
		msg = "\\u must be followed by four hexadecimal digits"
	case xparse.ErrInvalidNumber:
		msg = fmt.Sprintf("invalid number %s", e.Token)
	case xparse.ErrNumberRange:
		msg = fmt.Sprintf("number %s is out of range", e.Token)
	case xparse.ErrEmptyRegex:
		msg = "empty regular expressions are not allowed"
	case xparse.ErrInvalidRegex:
		msg = fmt.Sprintf("invalid regular expression: %s", e.Hint)
	case xparse.ErrGroupPredicate:
		msg = "a predicate cannot follow a grouping expression {…} in a path step"
	case xparse.ErrGroupGroup:
		msg = "a path step can have only one grouping expression {…}"
	case xparse.ErrPathLiteral:
		msg = fmt.Sprintf("the literal %s cannot be a step of a path", e.Hint)
	case xparse.ErrIllegalAssignment:
		msg = fmt.Sprintf("cannot assign to %s: the left side of := must be a variable such as $x", e.Hint)
	case xparse.ErrIllegalParam:
		msg = fmt.Sprintf("function parameters must be variables such as $x, got %s", e.Token)
	case xparse.ErrDuplicateParam:
		msg = fmt.Sprintf("duplicate function parameter $%s", e.Token)
	case xparse.ErrParamCount:
		msg = "invalid function signature: it must give one type per parameter"
	default:
		// The function signature errors: the port's message is already in this style, minus the position.
		msg = strings.TrimSuffix(e.Error(), fmt.Sprintf(", position: %d", e.Position))
	}
	switch e.Type {
	case xparse.ErrGroupPredicate, xparse.ErrGroupGroup, xparse.ErrPathLiteral:
		// The port does not know where these are; the whole expression is the best range it can give.
		off, end = 0, len(text)
	case xparse.ErrPrefix:
		// "a ?: b" and "a ?? b": the default and coalescing operators came with JSONata 2.1; Step Functions runs
		// 2.0 (asl-semantics §6), whose parser reads the second character as the start of an operand.
		if (e.Token == ":" || e.Token == "?") && off > 0 && text[off-1] == '?' {
			op := "?" + e.Token
			off, end = off-1, off+1
			msg = fmt.Sprintf("%q is not an operator of JSONata 2.0, which Step Functions runs; write \"$exists(a) ? a : b\" instead", op)
		}
	}
	return &SyntaxError{Offset: off, End: end, Msg: msg}
}

// checkFunctions reports the first call of a function that is neither built in nor bound in the expression.
func checkFunctions(toks []token) *SyntaxError {
	bound := map[string]bool{}
	for i, t := range toks {
		if t.kind == tkVar && i+1 < len(toks) && toks[i+1].isOp(":=") {
			bound[t.text[1:]] = true
		}
		if t.kind == tkName && (t.text == "function" || t.text == "λ") && i+1 < len(toks) && toks[i+1].isOp("(") {
			for j := i + 2; j < len(toks) && !toks[j].isOp(")"); j++ {
				if toks[j].kind == tkVar {
					bound[toks[j].text[1:]] = true
				}
			}
		}
	}
	known := map[string]bool{}
	for _, f := range BuiltinFunctions {
		known[f] = true
	}
	for _, f := range StepFunctionsFunctions {
		known[f] = true
	}
	for i, t := range toks {
		if t.kind != tkVar || i+1 >= len(toks) || !toks[i+1].isOp("(") {
			continue
		}
		name := t.text[1:]
		if name == "" || name == "$" || bound[name] {
			continue
		}
		if name == "states" {
			return &SyntaxError{Offset: t.off, End: t.end, Msg: "$states is the variable that holds input, result, errorOutput and context, not a function"}
		}
		if unavailableFunctions[name] {
			return &SyntaxError{Offset: t.off, End: t.end, Msg: fmt.Sprintf("$%s is not available in AWS Step Functions", name)}
		}
		if known[name] {
			continue
		}
		msg := fmt.Sprintf("unknown function $%s", name)
		if s := closestFunction(name, known); s != "" {
			msg += fmt.Sprintf("; did you mean $%s?", s)
		}
		return &SyntaxError{Offset: t.off, End: t.end, Msg: msg}
	}
	return nil
}

// closestFunction returns the known function name closest to name.
func closestFunction(name string, known map[string]bool) string {
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	return suggest.Closest(name, names)
}
