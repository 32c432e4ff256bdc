package intrinsic

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/internal/suggest"
)

// MaxNesting is how deeply calls may nest in one field: "up to 10 nested calls per field" (asl-semantics §6,
// AWS "Intrinsic functions for JSONPath states").
const MaxNesting = 10

// maxInputChars is the input limit AWS documents for States.Base64Encode, States.Base64Decode and States.Hash.
const maxInputChars = 10000

// maxRangeElements is the limit on the array States.ArrayRange may build (asl-semantics §6).
const maxRangeElements = 1000

// Kind is the JSON type of an argument or result, as far as it can be known before the machine runs.
type Kind uint8

const (
	KindAny Kind = iota
	KindString
	KindNumber
	KindBoolean
	KindNull
	KindArray
	KindObject
)

func (k Kind) String() string {
	switch k {
	case KindString:
		return "a string"
	case KindNumber:
		return "a number"
	case KindBoolean:
		return "a boolean"
	case KindNull:
		return "null"
	case KindArray:
		return "an array"
	case KindObject:
		return "an object"
	}
	return "any value"
}

// Function describes one intrinsic function.
type Function struct {
	Name string
	// MinArgs and MaxArgs bound the number of arguments; MaxArgs is -1 when it is unbounded.
	MinArgs, MaxArgs int
	// Params gives the kind of each parameter; when the function takes more arguments than Params lists, the
	// last kind applies to the rest.
	Params  []Kind
	Returns Kind
}

// Functions lists the 18 intrinsic functions of Step Functions (asl-semantics §6).
var Functions = []Function{
	{Name: "States.Format", MinArgs: 1, MaxArgs: -1, Params: []Kind{KindString, KindAny}, Returns: KindString},
	{Name: "States.StringToJson", MinArgs: 1, MaxArgs: 1, Params: []Kind{KindString}, Returns: KindAny},
	{Name: "States.JsonToString", MinArgs: 1, MaxArgs: 1, Params: []Kind{KindAny}, Returns: KindString},
	{Name: "States.Array", MinArgs: 0, MaxArgs: -1, Params: []Kind{KindAny}, Returns: KindArray},
	{Name: "States.ArrayPartition", MinArgs: 2, MaxArgs: 2, Params: []Kind{KindArray, KindNumber}, Returns: KindArray},
	{Name: "States.ArrayContains", MinArgs: 2, MaxArgs: 2, Params: []Kind{KindArray, KindAny}, Returns: KindBoolean},
	{Name: "States.ArrayRange", MinArgs: 3, MaxArgs: 3, Params: []Kind{KindNumber, KindNumber, KindNumber}, Returns: KindArray},
	{Name: "States.ArrayGetItem", MinArgs: 2, MaxArgs: 2, Params: []Kind{KindArray, KindNumber}, Returns: KindAny},
	{Name: "States.ArrayLength", MinArgs: 1, MaxArgs: 1, Params: []Kind{KindArray}, Returns: KindNumber},
	{Name: "States.ArrayUnique", MinArgs: 1, MaxArgs: 1, Params: []Kind{KindArray}, Returns: KindArray},
	{Name: "States.Base64Encode", MinArgs: 1, MaxArgs: 1, Params: []Kind{KindString}, Returns: KindString},
	{Name: "States.Base64Decode", MinArgs: 1, MaxArgs: 1, Params: []Kind{KindString}, Returns: KindString},
	{Name: "States.Hash", MinArgs: 2, MaxArgs: 2, Params: []Kind{KindAny, KindString}, Returns: KindString},
	{Name: "States.JsonMerge", MinArgs: 3, MaxArgs: 3, Params: []Kind{KindObject, KindObject, KindBoolean}, Returns: KindObject},
	{Name: "States.MathRandom", MinArgs: 2, MaxArgs: 3, Params: []Kind{KindNumber, KindNumber, KindNumber}, Returns: KindNumber},
	{Name: "States.MathAdd", MinArgs: 2, MaxArgs: 2, Params: []Kind{KindNumber, KindNumber}, Returns: KindNumber},
	{Name: "States.StringSplit", MinArgs: 2, MaxArgs: 2, Params: []Kind{KindString, KindString}, Returns: KindArray},
	{Name: "States.UUID", MinArgs: 0, MaxArgs: 0, Returns: KindString},
}

// HashAlgorithms are the algorithms States.Hash accepts (asl-semantics §6).
var HashAlgorithms = asl.HashAlgorithms

// Lookup returns the function called name.
func Lookup(name string) (*Function, bool) {
	for i := range Functions {
		if Functions[i].Name == name {
			return &Functions[i], true
		}
	}
	return nil, false
}

func (f *Function) param(i int) Kind {
	if len(f.Params) == 0 {
		return KindAny
	}
	if i >= len(f.Params) {
		return f.Params[len(f.Params)-1]
	}
	return f.Params[i]
}

// staticKind is what can be known of an argument's kind without input: literals and the results of nested
// calls; paths are Any.
func staticKind(a *Arg) Kind {
	switch a.Kind {
	case ArgString:
		return KindString
	case ArgNumber:
		return KindNumber
	case ArgBoolean:
		return KindBoolean
	case ArgNull:
		return KindNull
	case ArgCall:
		if f, ok := Lookup(a.Call.Name); ok {
			return f.Returns
		}
	}
	return KindAny
}

// Check reports what makes c fail, either when the definition is validated or when it runs: unknown functions
// (with a suggestion), wrong arity, literal arguments of the wrong kind or value, Format templates whose
// placeholders do not match the arguments, bad escapes, and nesting deeper than [MaxNesting]. The errors are in
// source order; offsets are those of the string given to [Parse].
func Check(c *Call) []*SyntaxError {
	var errs []*SyntaxError
	c.Walk(func(call *Call, depth int) {
		if depth == MaxNesting+1 {
			errs = append(errs, errAt(call.Offset, call.End, "intrinsic functions nest %d levels deep here; AWS allows at most %d nested calls per field", depth, MaxNesting))
		}
		errs = append(errs, checkCall(call)...)
	})
	sortErrors(errs)
	return errs
}

func checkCall(c *Call) []*SyntaxError {
	var errs []*SyntaxError
	add := func(off, end int, format string, args ...any) {
		errs = append(errs, errAt(off, end, format, args...))
	}
	for _, a := range c.Args {
		for _, b := range a.BadEscapes {
			add(b, b+2, "unknown escape %s in a string literal: only \\', \\{, \\} and \\\\ are escapes, and a lone backslash fails when the state runs", a.Raw[b-a.Offset:min(b-a.Offset+2, len(a.Raw))])
		}
	}
	f, ok := Lookup(c.Name)
	if !ok {
		msg := fmt.Sprintf("unknown intrinsic function %s", c.Name)
		if s := closestFunction(c.Name); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
		}
		add(c.Offset, c.NameEnd, "%s", msg)
		return errs
	}
	n := len(c.Args)
	switch {
	case n < f.MinArgs:
		add(c.End-1, c.End, "%s %s, got %d", f.Name, takes(f), n)
	case f.MaxArgs >= 0 && n > f.MaxArgs:
		extra := c.Args[f.MaxArgs]
		add(extra.Offset, c.Args[n-1].End, "%s %s, got %d", f.Name, takes(f), n)
	}
	for i := range c.Args {
		a := &c.Args[i]
		want := f.param(i)
		if f.MaxArgs >= 0 && i >= f.MaxArgs {
			break
		}
		if got := staticKind(a); want != KindAny && got != KindAny && got != want {
			what := a.Kind.String()
			if a.Kind == ArgCall {
				what = fmt.Sprintf("%s, which returns %s", a.Call.Name, got)
			}
			add(a.Offset, a.End, "argument %d of %s must be %s, got %s", i+1, f.Name, want, what)
		}
	}
	errs = append(errs, checkValues(f, c)...)
	return errs
}

// takes describes the arity of f: "takes 2 arguments", "takes 2 or 3 arguments", "takes at least 1 argument".
func takes(f *Function) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case f.MaxArgs < 0:
		return "takes at least " + plural(f.MinArgs)
	case f.MaxArgs == 0:
		return "takes no arguments"
	case f.MinArgs == f.MaxArgs:
		return "takes " + plural(f.MinArgs)
	case f.MaxArgs == f.MinArgs+1:
		return fmt.Sprintf("takes %d or %s", f.MinArgs, plural(f.MaxArgs))
	}
	return fmt.Sprintf("takes %d to %s", f.MinArgs, plural(f.MaxArgs))
}

// number returns the value of a number literal argument.
func number(a *Arg) (float64, bool) {
	if a.Kind != ArgNumber {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(a.Num), 64)
	return v, err == nil
}

// checkValues checks literal argument values that each function documents as invalid.
func checkValues(f *Function, c *Call) []*SyntaxError {
	var errs []*SyntaxError
	add := func(a *Arg, format string, args ...any) {
		errs = append(errs, errAt(a.Offset, a.End, format, args...))
	}
	args := c.Args
	switch f.Name {
	case "States.Format":
		if len(args) > 0 && args[0].Kind == ArgString {
			errs = append(errs, checkTemplate(&args[0], len(args)-1)...)
		}
	case "States.Hash":
		if len(args) > 1 && args[1].Kind == ArgString && !contains(HashAlgorithms, args[1].Str) {
			msg := fmt.Sprintf("States.Hash does not support the algorithm %q; use one of %s", args[1].Str, strings.Join(HashAlgorithms, ", "))
			if s := suggest.Closest(args[1].Str, HashAlgorithms); s != "" {
				msg = fmt.Sprintf("States.Hash does not support the algorithm %q (did you mean %q?); use one of %s", args[1].Str, s, strings.Join(HashAlgorithms, ", "))
			}
			add(&args[1], "%s", msg)
		}
		if len(args) > 0 && args[0].Kind == ArgString && len([]rune(args[0].Str)) > maxInputChars {
			add(&args[0], "States.Hash accepts at most %d characters of input, got %d", maxInputChars, len([]rune(args[0].Str)))
		}
	case "States.Base64Encode", "States.Base64Decode":
		if len(args) > 0 && args[0].Kind == ArgString && len([]rune(args[0].Str)) > maxInputChars {
			add(&args[0], "%s accepts at most %d characters of input, got %d", f.Name, maxInputChars, len([]rune(args[0].Str)))
		}
	case "States.JsonMerge":
		if len(args) > 2 && args[2].Kind == ArgBoolean && args[2].Bool {
			add(&args[2], "States.JsonMerge only merges shallowly: its third argument must be false")
		}
	case "States.ArrayPartition":
		if len(args) > 1 {
			if v, ok := number(&args[1]); ok && math.Round(v) <= 0 {
				add(&args[1], "the chunk size of States.ArrayPartition must be a positive integer, got %s", args[1].Raw)
			}
		}
	case "States.ArrayRange":
		if len(args) > 2 {
			step, okStep := number(&args[2])
			if okStep && math.Round(step) == 0 {
				add(&args[2], "the step of States.ArrayRange must not be 0")
			}
			first, ok1 := number(&args[0])
			last, ok2 := number(&args[1])
			if ok1 && ok2 && okStep && math.Round(step) != 0 {
				count := math.Floor((math.Round(last)-math.Round(first))/math.Round(step)) + 1
				if count > maxRangeElements {
					add(&args[1], "States.ArrayRange(%s, %s, %s) would build %.0f elements; the limit is %d", args[0].Raw, args[1].Raw, args[2].Raw, count, maxRangeElements)
				}
			}
		}
	case "States.MathAdd":
		for i := range args {
			if v, ok := number(&args[i]); ok && (math.Round(v) < math.MinInt32 || math.Round(v) > math.MaxInt32) {
				add(&args[i], "States.MathAdd works on 32-bit integers: %s is outside [-2147483648, 2147483647]", args[i].Raw)
			}
		}
	}
	return errs
}

// checkTemplate counts the {} placeholders of a States.Format template and reports unescaped braces that are not
// a placeholder.
func checkTemplate(a *Arg, values int) []*SyntaxError {
	var errs []*SyntaxError
	raw := a.Raw
	holders := 0
	for i := 1; i < len(raw)-1; i++ {
		switch raw[i] {
		case '\\':
			i++
		case '{':
			if raw[i+1] == '}' {
				holders++
				i++
				continue
			}
			errs = append(errs, errAt(a.Offset+i, a.Offset+i+1, "unescaped '{' in the States.Format template; write \\{ for a literal brace or {} for a placeholder"))
		case '}':
			errs = append(errs, errAt(a.Offset+i, a.Offset+i+1, "unescaped '}' in the States.Format template; write \\} for a literal brace"))
		}
	}
	if holders != values {
		errs = append(errs, errAt(a.Offset, a.End, "the States.Format template has %d {} placeholder%s but %d value%s follow%s it", holders, plural(holders), values, plural(values), singular(values)))
	}
	return errs
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func singular(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// closestFunction returns the intrinsic function closest to name, if close enough to be a typo.
func closestFunction(name string) string {
	names := make([]string, len(Functions))
	for i, f := range Functions {
		names[i] = f.Name
	}
	return suggest.Closest(name, names)
}

func sortErrors(errs []*SyntaxError) {
	// Stable, so that at one offset the call's own problems come before its arguments'.
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Offset < errs[j].Offset })
}
