package jsonata

// Evaluation (asl-semantics §6 "JSONata equivalents").
//
// Expressions are checked by Check first, then evaluated by the port. The text the port compiles is the
// normalized text of the lexer, with the regular expression bodies put back, '.' and '*' in string literals
// written as \u escapes (the port's Compile rewrites quotes and comments with regular expressions that do not know
// string literals), and every function body wrapped so that each call of a user-defined function passes through
// two guard functions of this package. The JSONata 2.0 constructs the port cannot evaluate (the parent operator
// %, the bindings @$v and #$i) are rejected.
//
// The port has no recursion limit and overflows the Go stack on an unbounded recursion, a fatal error that
// recover cannot catch. The guards bound the depth (MaxCallDepth) and number (MaxCalls) of calls and stop an
// evaluation that has run out of time. The evaluation runs in a goroutine under EvalTimeout: when the time is up
// Eval returns at once and the goroutine ends at its next function call. Work without function calls cannot
// loop; the largest is bounded by the port (a range has at most 10^7 items) and by MaxPadWidth, and it finishes in
// the background before its goroutine ends.
//
// Bindings: $states is Env.States; $ (the context of a path without a variable) is $states.input; every other
// $name the expression reads as a value (not as a call "$name(") is looked up in Env.Variables. A workflow
// variable named like a function hides it only in an expression that also reads the variable.
//
// Known differences from JSONata 2.0.6 (the port's): arithmetic is decimal ("0.1 + 0.2" is 0.3, not
// 0.30000000000000004); objects have no key order (JSON values are Go maps here); a $substring start beyond
// any int (1e300) returns the whole string.

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	xjsonata "github.com/xiatechs/jsonata-go"
	"github.com/xiatechs/jsonata-go/jlib"
	"github.com/xiatechs/jsonata-go/jtypes"

	"github.com/sfnsim/sfnsim/asl"
)

// Env is what an expression sees besides its own bindings.
type Env struct {
	// States is $states: input, result, errorOutput and context, as JSON values.
	States map[string]any
	// Variables looks up the workflow variable $name; nil means there are none.
	Variables func(name string) (any, bool)
	// Random draws $random() without a seed; nil uses a generator of the process.
	Random *mrand.Rand
	// UUID makes $uuid(); nil makes random version 4 UUIDs.
	UUID func() string
}

// ErrUndefined is returned by Eval when the expression evaluates to nothing (JSONata's undefined). It is not a
// failure by itself: where Step Functions needs a value it is a States.QueryEvaluationError, whose cause the
// caller words with the state and field ("... returned nothing (undefined).").
var ErrUndefined = errors.New("the JSONata expression returned nothing (undefined)")

// Limits of one evaluation.
const (
	// MaxCallDepth bounds the nesting of user-defined function calls.
	MaxCallDepth = 1000
	// MaxCalls bounds the number of user-defined function calls.
	MaxCalls = 10_000_000
	// EvalTimeout bounds the time of one evaluation.
	EvalTimeout = 5 * time.Second
	// MaxInputSize bounds the JSON size of $states and the variables the expression reads.
	MaxInputSize = 16 << 20
	// MaxPadWidth bounds the width of $pad.
	MaxPadWidth = 1 << 20
	// MaxRangeItems bounds the length of the array $range returns, as States.ArrayRange does.
	MaxRangeItems = 1000
)

// Names of the guard functions inserted into function bodies; a user expression cannot call them, as the syntax
// check rejects calls of unknown functions.
const (
	guardEnter  = "__sfnsim_enter"
	guardExit   = "__sfnsim_exit"
	guardResult = "__sfnsim_r"
)

func queryError(format string, args ...any) *asl.StatesError {
	return &asl.StatesError{Name: asl.ErrQueryEvaluationError, Cause: fmt.Sprintf(format, args...)}
}

// Eval evaluates expr, the text inside "{% %}", and returns a JSON value as encoding/json decodes with UseNumber
// (json.Number for numbers, integers without a fraction), ErrUndefined when the result is undefined, or a
// *asl.StatesError named States.QueryEvaluationError.
func Eval(expr string, env *Env) (any, error) {
	if env == nil {
		env = &Env{}
	}
	if err := Check(expr); err != nil {
		return nil, queryError("the JSONata expression is invalid: %v", err)
	}
	text, vars, err := prepare(expr)
	if err != nil {
		return nil, err
	}
	size := 0
	values := map[string]any{}
	if env.States != nil {
		v, n, err := toPort(env.States)
		if err != nil {
			return nil, err
		}
		size += n
		values["states"] = v
	}
	if env.Variables != nil {
		for _, name := range vars {
			raw, ok := env.Variables(name)
			if !ok {
				continue
			}
			v, n, err := toPort(raw)
			if err != nil {
				return nil, err
			}
			size += n
			values[name] = v
		}
	}
	if size > MaxInputSize {
		return nil, queryError("the input of the JSONata expression is larger than %d bytes", MaxInputSize)
	}
	g := &guard{deadline: time.Now().Add(EvalTimeout)}
	type outcome struct {
		v   any
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		v, err := run(text, values, env, g)
		done <- outcome{v, err}
	}()
	timer := time.NewTimer(EvalTimeout)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.v, o.err
	case <-timer.C:
		g.stopped.Store(true)
		return nil, queryError("the JSONata expression did not finish within %s", EvalTimeout)
	}
}

// prepare checks for the JSONata 2.0 constructs the port cannot evaluate, and returns the text to compile and
// the names of the variables the expression refers to.
func prepare(expr string) (string, []string, error) {
	toks, normalized, _, fatal := lex(expr)
	if fatal != nil {
		return "", nil, queryError("the JSONata expression is invalid: %v", fatal)
	}
	out := []byte(normalized)
	seen := map[string]bool{}
	var vars []string
	for i, t := range toks {
		switch {
		case t.isOp("@") || t.isOp("#"):
			return "", nil, queryError("the binding operator %q is not supported by this simulator's JSONata evaluator", t.text)
		case t.kind == tkOp && t.text == "%" && t.operand:
			return "", nil, queryError("the parent operator %% is not supported by this simulator's JSONata evaluator")
		case t.kind == tkRegex:
			copy(out[t.off:t.end], expr[t.off:t.end])
		case t.kind == tkVar && (i+1 == len(toks) || !toks[i+1].isOp("(")):
			name := t.text[1:]
			if name != "" && name != "$" && name != "states" && !seen[name] {
				seen[name] = true
				vars = append(vars, name)
			}
		}
	}
	// The port's Compile runs regular expressions over the text that move quotes around "x." and remove
	// "/* … */" even inside string literals ("Mr." & "Smith" would lose its quotes); a '.' or '*' in a string
	// literal is therefore written as a \u escape, which the port decodes to the same character. A string that the
	// lexer turned into a backquoted path step is left alone.
	type edit struct {
		at, end int
		text    string
	}
	var edits []edit
	for _, t := range toks {
		if t.kind != tkString || out[t.off] == '`' {
			continue
		}
		for i := t.off + 1; i < t.end-1; i++ {
			switch expr[i] {
			case '\\':
				i++ // an escape sequence never contains '.' or '*'
			case '.':
				edits = append(edits, edit{i, i + 1, `\u002e`})
			case '*':
				edits = append(edits, edit{i, i + 1, `\u002a`})
			}
		}
	}
	// Wrap every function body: function($x){ body } becomes
	// function($x){($__sfnsim_enter(); $__sfnsim_r := (body); $__sfnsim_exit(); $__sfnsim_r)}.
	for i, t := range toks {
		if t.kind != tkName || (t.text != "function" && t.text != "λ") || i+1 >= len(toks) || !toks[i+1].isOp("(") {
			continue
		}
		j := i + 2
		for j < len(toks) && !toks[j].isOp("{") {
			j++
		}
		if j >= len(toks) {
			continue
		}
		depth := 0
		k := j
		for ; k < len(toks); k++ {
			if toks[k].isOp("{") {
				depth++
			} else if toks[k].isOp("}") {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if k >= len(toks) {
			continue
		}
		edits = append(edits,
			edit{toks[j].end, toks[j].end, fmt.Sprintf("($%s(); $%s := (", guardEnter, guardResult)},
			edit{toks[k].off, toks[k].off, fmt.Sprintf("); $%s(); $%s)", guardExit, guardResult)})
	}
	sort.SliceStable(edits, func(a, b int) bool { return edits[a].at < edits[b].at })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.Write(out[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(out[last:])
	return b.String(), vars, nil
}

// guard counts the calls of user-defined functions of one evaluation.
type guard struct {
	depth, calls atomic.Int64
	stopped      atomic.Bool
	deadline     time.Time
}

func (g *guard) enter() (bool, error) {
	d := g.depth.Add(1)
	c := g.calls.Add(1)
	switch {
	case d > MaxCallDepth:
		return false, queryError("the JSONata expression nests function calls more than %d deep (unbounded recursion?)", MaxCallDepth)
	case c > MaxCalls:
		return false, queryError("the JSONata expression made more than %d function calls", MaxCalls)
	case g.stopped.Load() || (c%1024 == 0 && time.Now().After(g.deadline)):
		return false, queryError("the JSONata expression did not finish within %s", EvalTimeout)
	}
	return true, nil
}

func (g *guard) exit() bool {
	g.depth.Add(-1)
	return true
}

// run compiles and evaluates the prepared text; it recovers the port's panics.
func run(text string, values map[string]any, env *Env, g *guard) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, queryError("the JSONata evaluator failed: %v", r)
		}
	}()
	e, err := xjsonata.Compile(text)
	if err != nil {
		return nil, queryError("the JSONata expression is invalid: %s", portMessage(err))
	}
	if len(values) > 0 {
		if err := e.RegisterVars(values); err != nil {
			return nil, queryError("%v", err)
		}
	}
	if err := e.RegisterExts(extensions(env, g)); err != nil {
		return nil, queryError("%v", err)
	}
	var input any
	if in, ok := values["states"].(map[string]any); ok {
		input = in["input"]
	}
	v, err := e.Eval(input)
	if errors.Is(err, xjsonata.ErrUndefined) {
		return nil, ErrUndefined
	}
	if err != nil {
		var se *asl.StatesError
		if errors.As(err, &se) {
			return nil, se
		}
		return nil, queryError("%s", portMessage(err))
	}
	return fromPort(reflect.ValueOf(v), 0)
}

// portMessage is the port's error message without its position suffix, which counts in the rewritten text.
func portMessage(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ", position:"); i > 0 {
		msg = msg[:i]
	}
	return msg
}

// extensions are the Step Functions functions, the guards, and $eval, which Step Functions removes.
func extensions(env *Env, g *guard) map[string]xjsonata.Extension {
	return map[string]xjsonata.Extension{
		guardEnter: {Func: g.enter},
		guardExit:  {Func: g.exit},
		"eval": {Func: func(args ...any) (any, error) {
			return nil, queryError("$eval is not available in AWS Step Functions")
		}},
		// $pad with a width of a billion would build a string of gigabytes, in a goroutine the time limit
		// cannot stop; the width is bounded.
		"pad": {
			Func: func(s string, width int, chars jtypes.OptionalString) (string, error) {
				if width > MaxPadWidth || width < -MaxPadWidth {
					return "", queryError("the width of $pad must be between %d and %d", -MaxPadWidth, MaxPadWidth)
				}
				return jlib.Pad(s, width, chars), nil
			},
			UndefinedHandler:   func(argv []reflect.Value) bool { return len(argv) > 0 && argv[0] == reflect.Value{} },
			EvalContextHandler: func(argv []reflect.Value) bool { return len(argv) == 1 },
		},
		"partition": {Func: partition},
		"range":     {Func: rangeFn},
		"hash":      {Func: hashFn},
		"parse":     {Func: parseFn},
		"random": {Func: func(args ...any) (float64, error) {
			switch {
			case g.stopped.Load():
				// The caller has returned and may use env.Random again.
				return 0, queryError("the JSONata expression did not finish within %s", EvalTimeout)
			case len(args) > 1:
				return 0, queryError("$random takes at most one argument, a seed")
			case len(args) == 1:
				seed, ok := args[0].(float64)
				if !ok || seed != math.Trunc(seed) {
					return 0, queryError("the seed of $random must be an integer")
				}
				return mrand.New(mrand.NewPCG(uint64(int64(seed)), 0)).Float64(), nil
			case env.Random != nil:
				return env.Random.Float64(), nil
			}
			return mrand.Float64(), nil
		}},
		"uuid": {Func: func() (string, error) {
			switch {
			case g.stopped.Load():
				return "", queryError("the JSONata expression did not finish within %s", EvalTimeout)
			case env.UUID != nil:
				return env.UUID(), nil
			}
			return newUUID(), nil
		}},
	}
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return asl.FormatUUID4(b)
}

func integer(v any, what string) (int, error) {
	f, ok := v.(float64)
	if !ok {
		return 0, queryError("%s must be a number", what)
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, queryError("%s must be an integer, got %v", what, f)
	}
	return int(f), nil
}

// partition splits array into arrays of size items; the last may be shorter.
func partition(array, size any) (any, error) {
	items, ok := array.([]any)
	if !ok {
		return nil, queryError("the first argument of $partition must be an array")
	}
	n, err := integer(size, "the size of $partition")
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, queryError("the size of $partition must be positive, got %d", n)
	}
	out := []any{}
	for i := 0; i < len(items); i += n {
		out = append(out, append([]any{}, items[i:min(i+n, len(items))]...))
	}
	return out, nil
}

// rangeFn returns start, start+step, … up to end inclusive; step may be negative.
func rangeFn(start, end, step any) (any, error) {
	s, err := integer(start, "the start of $range")
	if err != nil {
		return nil, err
	}
	e, err := integer(end, "the end of $range")
	if err != nil {
		return nil, err
	}
	st, err := integer(step, "the step of $range")
	if err != nil {
		return nil, err
	}
	if st == 0 {
		return nil, queryError("the step of $range must not be 0")
	}
	out := []any{}
	for v := s; (st > 0 && v <= e) || (st < 0 && v >= e); v += st {
		if len(out) == MaxRangeItems {
			return nil, queryError("$range would return more than %d items", MaxRangeItems)
		}
		out = append(out, float64(v))
	}
	return out, nil
}

// hashFn returns the lower-case hexadecimal digest of a string.
func hashFn(value, algorithm any) (any, error) {
	s, ok := value.(string)
	if !ok {
		return nil, queryError("the value of $hash must be a string")
	}
	alg, ok := algorithm.(string)
	if !ok {
		return nil, queryError("the algorithm of $hash must be a string")
	}
	digest, ok := asl.Digest(alg, s)
	if !ok {
		return nil, queryError("unsupported hash algorithm %q; use %s", alg, strings.Join(asl.HashAlgorithms, ", "))
	}
	return digest, nil
}

// parseFn decodes a JSON text.
func parseFn(text any) (any, error) {
	s, ok := text.(string)
	if !ok {
		return nil, queryError("the argument of $parse must be a string")
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, queryError("$parse: invalid JSON: %v", err)
	}
	if d.More() {
		return nil, queryError("$parse: invalid JSON: text after the value")
	}
	out, _, err := toPort(v)
	return out, err
}

// toPort converts a JSON value to the port's representation (float64 numbers) and returns its JSON size.
func toPort(v any) (any, int, error) {
	var n int
	var conv func(v any) (any, error)
	conv = func(v any) (any, error) {
		switch x := v.(type) {
		case nil:
			// The port's null is a nil *interface{}; a nil interface would read as undefined.
			n += 4
			return (*any)(nil), nil
		case bool:
			n += 5
			return x, nil
		case string:
			n += len(x) + 2
			return x, nil
		case json.Number:
			n += len(x)
			f, err := x.Float64()
			if err != nil {
				return nil, queryError("number %s is out of range", x)
			}
			return f, nil
		case float64:
			n += 8
			return x, nil
		case int:
			n += 8
			return float64(x), nil
		case int64:
			n += 8
			return float64(x), nil
		case []any:
			n += 2
			out := make([]any, len(x))
			for i, e := range x {
				c, err := conv(e)
				if err != nil {
					return nil, err
				}
				out[i] = c
			}
			return out, nil
		case map[string]any:
			n += 2
			out := make(map[string]any, len(x))
			for k, e := range x {
				n += len(k) + 3
				c, err := conv(e)
				if err != nil {
					return nil, err
				}
				out[k] = c
			}
			return out, nil
		}
		return nil, queryError("unsupported value of type %T", v)
	}
	out, err := conv(v)
	return out, n, err
}

// FormatNumber writes a number the way JSONata (JavaScript) does, with integers printed without a fraction.
func FormatNumber(f float64) (json.Number, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", queryError("the JSONata expression returned a number that is not finite")
	}
	if f == 0 {
		return "0", nil
	}
	a := math.Abs(f)
	if a >= 1e-6 && a < 1e21 {
		return json.Number(strconv.FormatFloat(f, 'f', -1, 64)), nil
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	// Go writes 1e+21 and 1e-07; JavaScript writes 1e+21 and 1e-7.
	if i := strings.IndexAny(s, "+-"); i > 0 && s[i-1] == 'e' {
		exp := strings.TrimLeft(s[i+1:], "0")
		s = s[:i+1] + exp
	}
	return json.Number(s), nil
}

const maxResultDepth = 10000

// fromPort converts the port's result to a JSON value with json.Number numbers.
func fromPort(v reflect.Value, depth int) (any, error) {
	if depth > maxResultDepth {
		return nil, queryError("the result of the JSONata expression is nested too deeply")
	}
	if v.IsValid() && v.Type().Implements(jtypes.TypeCallable) {
		return nil, queryError("the JSONata expression returned a function, which is not a JSON value")
	}
	for v.IsValid() && (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) {
		if v.IsNil() {
			return nil, nil
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return nil, nil
	}
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.String:
		return v.String(), nil
	case reflect.Float32, reflect.Float64:
		return FormatNumber(v.Float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return json.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return json.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Slice, reflect.Array:
		out := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			e, err := fromPort(v.Index(i), depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			break
		}
		out := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			e, err := fromPort(it.Value(), depth+1)
			if err != nil {
				return nil, err
			}
			out[it.Key().String()] = e
		}
		return out, nil
	case reflect.Func:
		return nil, queryError("the JSONata expression returned a function, which is not a JSON value")
	}
	if v.CanInterface() {
		if m, ok := v.Interface().(json.Marshaler); ok {
			b, err := m.MarshalJSON()
			if err == nil {
				d := json.NewDecoder(bytes.NewReader(b))
				d.UseNumber()
				var out any
				if d.Decode(&out) == nil {
					return out, nil
				}
			}
		}
	}
	return nil, queryError("the JSONata expression returned an unsupported value of type %s", v.Type())
}
