package intrinsic

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/path"
)

// ErrorName is the error name of every evaluation failure. The SPEC names States.IntrinsicFailure; AWS's actual
// name is unverified (asl-semantics §6) and no conformance case records a failing intrinsic function, so this
// follows what AWS raises for every other bad path or value in a payload template: States.Runtime, which no Retry
// or Catch handles.
const ErrorName = asl.ErrRuntime

// defaultSeed seeds the generator of an Env without Random, so that evaluation is deterministic by default.
const defaultSeed = 1

// maxSafeInteger bounds the integers this package computes with: beyond it a float64 no longer holds every
// integer.
const maxSafeInteger = 1<<53 - 1

// Env is what the arguments of a call are evaluated against.
type Env struct {
	// Input is the document "$" paths select from: the state input, or the value the template is applied to.
	Input any
	// Context is the context object "$$" paths select from.
	Context any
	// Variables returns the value of a "$name" variable; nil means that no variable is defined.
	Variables func(name string) (any, bool)
	// Random drives States.MathRandom without a seed and, when UUID is nil, States.UUID. nil gives each Eval call
	// a fresh generator with a fixed seed, so that every call returns the same values: pass a generator to get a
	// sequence. Like any *rand.Rand it is not safe for concurrent use.
	Random *rand.Rand
	// UUID returns the value of States.UUID(); nil draws a random version 4 UUID from Random.
	UUID func() string
	// Field optionally names the template field being evaluated ("value.$"); it only improves error causes.
	Field string
}

// Eval evaluates c against env and returns a JSON value built of the types encoding/json produces with
// UseNumber: map[string]any, []any, json.Number, string, bool and nil. Numbers computed by a function are
// integral json.Numbers.
//
// Every failure is an *asl.StatesError named [ErrorName]. Eval does not enforce [MaxNesting]: that limit is
// checked with the definition ([Check]).
func Eval(c *Call, env *Env) (any, error) {
	if env == nil {
		env = &Env{}
	}
	e := &evaluator{env: env}
	return e.call(c)
}

type evaluator struct {
	env *Env
	rnd *rand.Rand
}

// failure is the error of a failed evaluation.
func failure(format string, args ...any) error {
	return &asl.StatesError{Name: ErrorName, Cause: fmt.Sprintf(format, args...)}
}

func (e *evaluator) random() *rand.Rand {
	if e.env.Random != nil {
		return e.env.Random
	}
	if e.rnd == nil {
		e.rnd = rand.New(rand.NewSource(defaultSeed))
	}
	return e.rnd
}

// arg evaluates one argument.
func (e *evaluator) arg(a *Arg) (any, error) {
	switch a.Kind {
	case ArgString:
		if len(a.BadEscapes) > 0 {
			return nil, failure("the string literal %s contains a backslash that does not start one of the escapes \\', \\{, \\} or \\\\", a.Raw)
		}
		return a.Str, nil
	case ArgNumber:
		return a.Num, nil
	case ArgBoolean:
		return a.Bool, nil
	case ArgNull:
		return nil, nil
	case ArgCall:
		return e.call(a.Call)
	case ArgPath:
		return e.path(a)
	}
	return nil, failure("invalid argument %q", a.Raw)
}

// path evaluates a path argument against the document its root names.
func (e *evaluator) path(a *Arg) (any, error) {
	var doc any
	switch a.Path.Root {
	case path.RootInput:
		doc = e.env.Input
	case path.RootContext:
		doc = e.env.Context
	case path.RootVariable:
		var ok bool
		if e.env.Variables != nil {
			doc, ok = e.env.Variables(a.Path.Var)
		}
		if !ok {
			return nil, failure("The variable '%s' referenced by the path '%s' is not defined", "$"+a.Path.Var, a.Raw)
		}
	default:
		return nil, failure("the path %s cannot be used as an intrinsic function argument", a.Raw)
	}
	v, err := path.Eval(a.Path, doc)
	if err != nil {
		var pe *path.EvalError
		if errors.As(err, &pe) {
			// The wording AWS uses for a ".$" path that selects nothing (asl-semantics §4).
			field := ""
			if e.env.Field != "" {
				field = fmt.Sprintf(" specified for the field '%s'", e.env.Field)
			}
			return nil, failure("The JSONPath '%s'%s could not be found in the input '%s'", a.Raw, field, compactJSON(doc))
		}
		return nil, failure("Invalid path '%s' : %v", a.Raw, err)
	}
	return v, nil
}

// call evaluates the arguments of c, then applies the function.
func (e *evaluator) call(c *Call) (any, error) {
	f, ok := Lookup(c.Name)
	if !ok {
		return nil, failure("Unknown intrinsic function %s", c.Name)
	}
	n := len(c.Args)
	if n < f.MinArgs || (f.MaxArgs >= 0 && n > f.MaxArgs) {
		return nil, failure("%s %s, got %d", f.Name, takes(f), n)
	}
	args := make([]any, n)
	for i := range c.Args {
		v, err := e.arg(&c.Args[i])
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	switch f.Name {
	case "States.Format":
		return format(c, args)
	case "States.StringToJson":
		return stringToJSON(args[0])
	case "States.JsonToString":
		return compactJSON(args[0]), nil
	case "States.Array":
		return args, nil
	case "States.ArrayPartition":
		return arrayPartition(args[0], args[1])
	case "States.ArrayContains":
		arr, err := array(f.Name, 1, args[0])
		if err != nil {
			return nil, err
		}
		for _, x := range arr {
			if equal(x, args[1]) {
				return true, nil
			}
		}
		return false, nil
	case "States.ArrayRange":
		return arrayRange(args[0], args[1], args[2])
	case "States.ArrayGetItem":
		return arrayGetItem(args[0], args[1])
	case "States.ArrayLength":
		arr, err := array(f.Name, 1, args[0])
		if err != nil {
			return nil, err
		}
		return json.Number(strconv.Itoa(len(arr))), nil
	case "States.ArrayUnique":
		return arrayUnique(args[0])
	case "States.Base64Encode":
		s, err := limitedString(f.Name, args[0])
		if err != nil {
			return nil, err
		}
		return base64.StdEncoding.EncodeToString([]byte(s)), nil
	case "States.Base64Decode":
		return base64Decode(args[0])
	case "States.Hash":
		return hashOf(args[0], args[1])
	case "States.JsonMerge":
		return jsonMerge(args[0], args[1], args[2])
	case "States.MathRandom":
		return e.mathRandom(args)
	case "States.MathAdd":
		return mathAdd(args[0], args[1])
	case "States.StringSplit":
		return stringSplit(args[0], args[1])
	case "States.UUID":
		if e.env.UUID != nil {
			return e.env.UUID(), nil
		}
		return uuid4(e.random()), nil
	}
	return nil, failure("Unknown intrinsic function %s", c.Name)
}

// typeName names the JSON type of v for error causes.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number, float64, int, int64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func array(fn string, i int, v any) ([]any, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, failure("argument %d of %s must be an array, got %s", i, fn, typeName(v))
	}
	return arr, nil
}

func str(fn string, i int, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", failure("argument %d of %s must be a string, got %s", i, fn, typeName(v))
	}
	return s, nil
}

// float returns the value of a JSON number.
func float(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	case float64:
		return v, !math.IsInf(v, 0) && !math.IsNaN(v)
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// roundHalfUp rounds x to the nearest integer, halves toward +∞, as Java's Math.round does: AWS rounds
// States.MathAdd's 1.5 to 2, 2.5 to 3, −1.5 to −1, −2.5 to −2 and −0.5 to 0 (asl-semantics §6, OBS). The other
// functions that round non-integers (AWS-IF) are assumed to round the same way.
func roundHalfUp(x float64) float64 {
	r := math.Floor(x + 0.5)
	if r == 0 {
		return 0 // no -0
	}
	return r
}

// integer returns argument i of fn rounded to an integer, which must lie in [lo, hi].
func integer(fn string, i int, v any, lo, hi float64) (int64, error) {
	f, ok := float(v)
	if !ok {
		return 0, failure("argument %d of %s must be a number, got %s", i, fn, typeName(v))
	}
	r := roundHalfUp(f)
	if r < lo || r > hi {
		return 0, failure("argument %d of %s must be an integer in [%.0f, %.0f], got %s", i, fn, lo, hi, numberText(v))
	}
	return int64(r), nil
}

func numberText(v any) string {
	if n, ok := v.(json.Number); ok {
		return string(n)
	}
	return fmt.Sprint(v)
}

func num(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// format implements States.Format. A literal template is read as written, so that \{ and \} stay literal braces;
// a template from a path or a nested call is read with the same rules.
func format(c *Call, args []any) (any, error) {
	var tpl string
	if c.Args[0].Kind == ArgString {
		raw := c.Args[0].Raw
		tpl = raw[1 : len(raw)-1]
	} else {
		s, ok := args[0].(string)
		if !ok {
			return nil, failure("argument 1 of States.Format must be a string, got %s", typeName(args[0]))
		}
		tpl = s
	}
	values := args[1:]
	var b strings.Builder
	used := 0
	for i := 0; i < len(tpl); i++ {
		ch := tpl[i]
		switch ch {
		case '\\':
			if i+1 < len(tpl) && strings.IndexByte(`'{}\`, tpl[i+1]) >= 0 {
				b.WriteByte(tpl[i+1])
				i++
				continue
			}
			return nil, failure("the States.Format template contains a backslash that does not start one of the escapes \\', \\{, \\} or \\\\")
		case '{':
			if i+1 < len(tpl) && tpl[i+1] == '}' {
				if used == len(values) {
					return nil, failure("the States.Format template has more {} placeholders than the %d value%s that follow it", len(values), plural(len(values)))
				}
				b.WriteString(formatValue(values[used]))
				used++
				i++
				continue
			}
			return nil, failure("the States.Format template contains an unescaped '{' that is not a {} placeholder")
		case '}':
			return nil, failure("the States.Format template contains an unescaped '}'")
		default:
			b.WriteByte(ch)
		}
	}
	if used != len(values) {
		return nil, failure("the States.Format template has %d {} placeholder%s but %d value%s follow%s it", used, plural(used), len(values), plural(len(values)), singular(len(values)))
	}
	return b.String(), nil
}

// formatValue renders a States.Format argument: strings raw, null as "null", numbers as written, and objects and
// arrays the way Java's Map.toString and List.toString print them, {Arg1=1, Arg2=[]} (asl-semantics §6, OBS).
// Go maps keep no member order, so object members are printed in sorted key order.
func formatValue(v any) string {
	var b strings.Builder
	writeJavaValue(&b, v)
	return b.String()
}

func writeJavaValue(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(v)
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case json.Number:
		b.WriteString(string(v))
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJavaValue(b, x)
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
			b.WriteString(k)
			b.WriteByte('=')
			writeJavaValue(b, v[k])
		}
		b.WriteByte('}')
	default:
		fmt.Fprint(b, v)
	}
}

// stringToJSON implements States.StringToJson: a blank string is null and "-0" is 0 (asl-semantics §6, OBS).
func stringToJSON(v any) (any, error) {
	s, err := str("States.StringToJson", 1, v)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, failure("States.StringToJson cannot parse %q as JSON: %v", s, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, failure("States.StringToJson cannot parse %q as JSON: unexpected data after the value", s)
	}
	return normalizeZero(out), nil
}

// normalizeZero turns the integer -0 into 0 wherever it occurs, as AWS's parser does.
func normalizeZero(v any) any {
	switch v := v.(type) {
	case json.Number:
		if v == "-0" {
			return json.Number("0")
		}
	case []any:
		for i := range v {
			v[i] = normalizeZero(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = normalizeZero(v[k])
		}
	}
	return v
}

// compactJSON renders v as compact JSON without HTML escaping, as States.JsonToString does: {"Arg1":1,"Arg2":[]}
// (asl-semantics §6, OBS). Object members are in sorted key order.
func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func arrayPartition(a, n any) (any, error) {
	const fn = "States.ArrayPartition"
	arr, err := array(fn, 1, a)
	if err != nil {
		return nil, err
	}
	size, err := integer(fn, 2, n, math.MinInt32, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, failure("the chunk size of %s must be a positive integer, got %s", fn, numberText(n))
	}
	out := make([]any, 0, (len(arr)+int(size)-1)/int(size))
	for i := 0; i < len(arr); i += int(size) {
		end := min(i+int(size), len(arr))
		out = append(out, append([]any(nil), arr[i:end]...))
	}
	return out, nil
}

// arrayRange implements States.ArrayRange: last is included only when a step lands on it, and at most 1,000
// elements are built (asl-semantics §6).
func arrayRange(a, b, s any) (any, error) {
	const fn = "States.ArrayRange"
	first, err := integer(fn, 1, a, -maxSafeInteger, maxSafeInteger)
	if err != nil {
		return nil, err
	}
	last, err := integer(fn, 2, b, -maxSafeInteger, maxSafeInteger)
	if err != nil {
		return nil, err
	}
	step, err := integer(fn, 3, s, -maxSafeInteger, maxSafeInteger)
	if err != nil {
		return nil, err
	}
	if step == 0 {
		return nil, failure("the step of %s must not be 0", fn)
	}
	count := int64(0)
	if (step > 0 && last >= first) || (step < 0 && last <= first) {
		count = (last-first)/step + 1
	}
	if count > maxRangeElements {
		return nil, failure("%s(%d, %d, %d) would build %d elements; the limit is %d", fn, first, last, step, count, maxRangeElements)
	}
	out := make([]any, count)
	for i := range out {
		out[i] = num(first + int64(i)*step)
	}
	return out, nil
}

func arrayGetItem(a, i any) (any, error) {
	const fn = "States.ArrayGetItem"
	arr, err := array(fn, 1, a)
	if err != nil {
		return nil, err
	}
	idx, err := integer(fn, 2, i, math.MinInt32, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	if idx < 0 || idx >= int64(len(arr)) {
		return nil, failure("the index %s is out of bounds for %s of an array of %d element%s", numberText(i), fn, len(arr), plural(len(arr)))
	}
	return arr[idx], nil
}

func arrayUnique(a any) (any, error) {
	arr, err := array("States.ArrayUnique", 1, a)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(arr))
next:
	for _, x := range arr {
		for _, y := range out {
			if equal(x, y) {
				continue next
			}
		}
		out = append(out, x)
	}
	return out, nil
}

// equal is deep JSON equality with numbers compared by value (1 equals 1.0); a number never equals a string.
func equal(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		c, ok := b.(bool)
		return ok && a == c
	case string:
		c, ok := b.(string)
		return ok && a == c
	case json.Number, float64, int, int64:
		x, ok1 := rat(a)
		y, ok2 := rat(b)
		return ok1 && ok2 && x.Cmp(y) == 0
	case []any:
		c, ok := b.([]any)
		if !ok || len(a) != len(c) {
			return false
		}
		for i := range a {
			if !equal(a[i], c[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		c, ok := b.(map[string]any)
		if !ok || len(a) != len(c) {
			return false
		}
		for k, x := range a {
			y, ok := c[k]
			if !ok || !equal(x, y) {
				return false
			}
		}
		return true
	}
	return false
}

// rat returns the exact value of a number; json.Number texts of absurd length are refused rather than expanded.
func rat(v any) (*big.Rat, bool) {
	switch v := v.(type) {
	case json.Number:
		s := string(v)
		if len(s) > 400 {
			return nil, false
		}
		// big.Rat expands exponents; bound them so that "1e999999999" cannot exhaust memory.
		if i := strings.IndexAny(s, "eE"); i >= 0 {
			e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
			if err != nil || e > 400 || e < -400 {
				f, ok := float(v)
				if !ok {
					return nil, false
				}
				return new(big.Rat).SetFloat64(f), true
			}
		}
		return new(big.Rat).SetString(s)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(v), true
	case int:
		return new(big.Rat).SetInt64(int64(v)), true
	case int64:
		return new(big.Rat).SetInt64(v), true
	}
	return nil, false
}

// limitedString returns argument 1 of fn, a string of at most 10,000 characters (AWS-IF).
func limitedString(fn string, v any) (string, error) {
	s, err := str(fn, 1, v)
	if err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(s); n > maxInputChars {
		return "", failure("%s accepts at most %d characters of input, got %d", fn, maxInputChars, n)
	}
	return s, nil
}

// base64Decode decodes standard base64. Like the MIME decoder AWS names, it ignores line breaks and other
// whitespace and accepts missing padding; bytes that are not UTF-8 become U+FFFD.
func base64Decode(v any) (any, error) {
	const fn = "States.Base64Decode"
	s, err := limitedString(fn, v)
	if err != nil {
		return nil, err
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, s)
	out, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		out, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	}
	if err != nil {
		return nil, failure("%s cannot decode %q: it is not base64", fn, s)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), nil
}

// hashOf implements States.Hash: lowercase hex of the digest of the string's UTF-8 bytes. A value other than a
// string is hashed as its compact JSON text (unverified).
func hashOf(data, alg any) (any, error) {
	const fn = "States.Hash"
	s, ok := data.(string)
	if !ok {
		s = compactJSON(data)
	}
	if n := utf8.RuneCountInString(s); n > maxInputChars {
		return nil, failure("%s accepts at most %d characters of input, got %d", fn, maxInputChars, n)
	}
	name, err := str(fn, 2, alg)
	if err != nil {
		return nil, err
	}
	digest, ok := asl.Digest(name, s)
	if !ok {
		return nil, failure("%s does not support the algorithm %q; use one of %s", fn, name, strings.Join(HashAlgorithms, ", "))
	}
	return digest, nil
}

// jsonMerge implements States.JsonMerge: a shallow merge in which the second object's members win. Deep merging
// is not supported, so the third argument must be false (AWS-IF).
func jsonMerge(a, b, deep any) (any, error) {
	const fn = "States.JsonMerge"
	x, ok := a.(map[string]any)
	if !ok {
		return nil, failure("argument 1 of %s must be an object, got %s", fn, typeName(a))
	}
	y, ok := b.(map[string]any)
	if !ok {
		return nil, failure("argument 2 of %s must be an object, got %s", fn, typeName(b))
	}
	d, ok := deep.(bool)
	if !ok {
		return nil, failure("argument 3 of %s must be a boolean, got %s", fn, typeName(deep))
	}
	if d {
		return nil, failure("%s only merges shallowly: its third argument must be false", fn)
	}
	out := make(map[string]any, len(x)+len(y))
	for k, v := range x {
		out[k] = v
	}
	for k, v := range y {
		out[k] = v
	}
	return out, nil
}

// mathRandom implements States.MathRandom: an integer from start (inclusive) to end (exclusive); with a seed the
// same arguments always give the same value. AWS's generator is unknown, so seeded values differ from AWS's.
func (e *evaluator) mathRandom(args []any) (any, error) {
	const fn = "States.MathRandom"
	start, err := integer(fn, 1, args[0], math.MinInt32, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	end, err := integer(fn, 2, args[1], math.MinInt32, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	if end <= start {
		return nil, failure("the end of %s (%d) must be greater than its start (%d)", fn, end, start)
	}
	r := e.random()
	if len(args) == 3 {
		seed, err := integer(fn, 3, args[2], -maxSafeInteger, maxSafeInteger)
		if err != nil {
			return nil, err
		}
		r = rand.New(rand.NewSource(seed))
	}
	return num(start + r.Int63n(end-start)), nil
}

// mathAdd implements States.MathAdd on 32-bit integers, rounding non-integers half up first (asl-semantics §6).
// The sum itself is exact even where it leaves the 32-bit range (unverified).
func mathAdd(a, b any) (any, error) {
	const fn = "States.MathAdd"
	x, err := integer(fn, 1, a, math.MinInt32, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	y, err := integer(fn, 2, b, math.MinInt32, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	return num(x + y), nil
}

// stringSplit implements States.StringSplit: every character of the second argument is a separator and empty
// pieces are dropped (asl-semantics §6, OBS).
func stringSplit(a, b any) (any, error) {
	const fn = "States.StringSplit"
	s, err := str(fn, 1, a)
	if err != nil {
		return nil, err
	}
	delims, err := str(fn, 2, b)
	if err != nil {
		return nil, err
	}
	pieces := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(delims, r) })
	out := make([]any, len(pieces))
	for i, p := range pieces {
		out[i] = p
	}
	return out, nil
}

// uuid4 draws a random (version 4, RFC 9562 variant) UUID from r.
func uuid4(r *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.Intn(256))
	}
	return asl.FormatUUID4(b)
}
