package path

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EvalError reports that a path selects nothing where it must select a value. Msg follows Jayway's wording,
// which Step Functions quotes in its States.Runtime causes (asl-semantics §4: "No results for path:
// $['NoSuchInputPath']", "Missing property in path $['a']").
type EvalError struct {
	Msg string
}

func (e *EvalError) Error() string { return e.Msg }

// Eval applies p to doc, the value its root names: the state input for "$", the context object for "$$", the
// variable's value for "$name". doc is built of the values encoding/json produces with UseNumber: map[string]any,
// []any, json.Number, string, bool and nil.
//
// A definite path (see [Path.IsDefinite]) returns the value it selects, or an *EvalError when there is none. An
// indefinite path returns a []any of its matches, possibly empty. A trailing function is applied to what the
// rest of the path selects. The semantics are Jayway's, with three documented departures: members of an object
// are visited in sorted key order (Go maps keep no document order); "$$" and "$name" paths inside a filter
// select nothing; the "type" and "matches" filter operators are always false.
func Eval(p *Path, doc any) (any, error) {
	prefix := &Path{Root: p.Root, Var: p.Var, Segments: p.Segments}
	var fn *Func
	if n := len(p.Segments); n > 0 {
		if f, ok := p.Segments[n-1].Sel.(*Func); ok {
			fn = f
			prefix.Segments = p.Segments[:n-1]
			if p.Segments[n-1].Descendant {
				// "$..sum()": the function gets every node below the rest of the path.
				prefix.Segments = append(append([]Segment(nil), prefix.Segments...), Segment{Descendant: true, Sel: &Wildcard{}})
			}
		}
	}
	e := &evaluator{root: doc, segs: prefix.Segments, definite: prefix.IsDefinite()}
	e.step(0, doc, "$")
	if e.err != nil {
		return nil, e.err
	}
	var value any
	if e.definite {
		if len(e.out) == 0 {
			return nil, &EvalError{Msg: "No results for path: " + jaywayPath(prefix)}
		}
		value = e.out[0]
	} else {
		value = e.out
		if e.out == nil {
			value = []any{}
		}
	}
	if fn != nil {
		return e.call(fn, value)
	}
	return value, nil
}

// jaywayPath renders a path the way Jayway prints it in messages: $['a'][0]['b'].
func jaywayPath(p *Path) string {
	var b strings.Builder
	b.WriteString("$")
	for _, s := range p.Segments {
		if s.Descendant {
			b.WriteString("..")
		}
		switch sel := s.Sel.(type) {
		case *Name:
			b.WriteString("['" + sel.Name + "']")
		case *Index:
			b.WriteString("[" + strconv.Itoa(sel.Index) + "]")
		default:
			s.write(&b)
		}
	}
	return b.String()
}

type evaluator struct {
	root     any
	segs     []Segment
	definite bool
	out      []any
	err      error
}

// step applies segment i and the ones after it to v, found at the Jayway path at.
func (e *evaluator) step(i int, v any, at string) {
	if e.err != nil {
		return
	}
	if i == len(e.segs) {
		e.out = append(e.out, v)
		return
	}
	if e.segs[i].Descendant {
		e.scan(i, v, at)
		return
	}
	e.apply(i, v, at)
}

// scan applies segment i to v and to every node below it, parents before children ("..").
func (e *evaluator) scan(i int, v any, at string) {
	e.apply(i, v, at)
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			e.scan(i, v[k], at+"['"+k+"']")
		}
	case []any:
		for j, x := range v {
			e.scan(i, x, at+"["+strconv.Itoa(j)+"]")
		}
	}
}

func (e *evaluator) leaf(i int) bool { return i == len(e.segs)-1 }

// apply applies the selector of segment i to v and continues with the next segment.
func (e *evaluator) apply(i int, v any, at string) {
	deep := e.segs[i].Descendant
	switch sel := e.segs[i].Sel.(type) {
	case *Name:
		obj, ok := v.(map[string]any)
		if !ok {
			if e.definite {
				e.err = &EvalError{Msg: fmt.Sprintf("Expected to find an object with property ['%s'] in path %s but found '%s'. This is not a json object.", sel.Name, at, jsonType(v))}
			}
			return
		}
		child, ok := obj[sel.Name]
		if !ok {
			if e.definite && !e.leaf(i) {
				e.err = &EvalError{Msg: "Missing property in path " + at + "['" + sel.Name + "']"}
			}
			return
		}
		e.step(i+1, child, at+"['"+sel.Name+"']")
	case *Names:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		if e.leaf(i) && !deep {
			// Jayway merges the members of a final union into one object (asl-semantics §4).
			merged := map[string]any{}
			for _, n := range sel.Names {
				if x, ok := obj[n.Name]; ok {
					merged[n.Name] = x
				}
			}
			e.step(i+1, merged, at)
			return
		}
		for _, n := range sel.Names {
			if x, ok := obj[n.Name]; ok {
				e.step(i+1, x, at+"['"+n.Name+"']")
			}
		}
	case *Index:
		arr, ok := e.array(v, at, "["+strconv.Itoa(sel.Index)+"]", deep)
		if !ok {
			return
		}
		e.index(i, arr, sel.Index, at)
	case *Indexes:
		arr, ok := e.array(v, at, "", deep)
		if !ok {
			return
		}
		for _, n := range sel.Indexes {
			e.index(i, arr, n, at)
		}
	case *Wildcard:
		switch v := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(v) {
				e.step(i+1, v[k], at+"['"+k+"']")
			}
		case []any:
			for j, x := range v {
				e.step(i+1, x, at+"["+strconv.Itoa(j)+"]")
			}
		}
	case *Slice:
		arr, ok := v.([]any)
		if !ok {
			return
		}
		from, to := sliceBounds(sel, len(arr))
		for j := from; j < to; j++ {
			e.step(i+1, arr[j], at+"["+strconv.Itoa(j)+"]")
		}
	case *Filter:
		switch v := v.(type) {
		case []any:
			for j, x := range v {
				if e.test(sel.Expr, x) {
					e.step(i+1, x, at+"["+strconv.Itoa(j)+"]")
				}
			}
		case map[string]any:
			// Jayway tests an object itself against a filter applied to it.
			if e.test(sel.Expr, v) {
				e.step(i+1, v, at)
			}
		}
	case *Script:
		arr, ok := e.array(v, at, "", deep)
		if !ok {
			return
		}
		n, ok := e.arith(sel.Expr, arr)
		if !ok || n != math.Trunc(n) {
			return
		}
		e.index(i, arr, int(n), at)
	case *Func:
		// Only reached for a function in the middle of a path, which the parser rejects.
	}
}

// array returns v as an array, or reports Jayway's error for a definite path.
func (e *evaluator) array(v any, at, token string, deep bool) ([]any, bool) {
	arr, ok := v.([]any)
	if !ok && e.definite && !deep {
		if v == nil {
			e.err = &EvalError{Msg: "The path " + at + " is null"}
		} else {
			e.err = &EvalError{Msg: fmt.Sprintf("Filter: %s can only be applied to arrays. Current context is: %s", token, render(v))}
		}
	}
	return arr, ok
}

func (e *evaluator) index(i int, arr []any, n int, at string) {
	j := n
	if j < 0 {
		j += len(arr)
	}
	if j < 0 || j >= len(arr) {
		return
	}
	e.step(i+1, arr[j], at+"["+strconv.Itoa(j)+"]")
}

// sliceBounds resolves a slice against an array of length n like Jayway: negative bounds count from the end,
// bounds are clamped, the step is ignored.
func sliceBounds(s *Slice, n int) (int, int) {
	from, to := 0, n
	if s.Start != nil {
		from = *s.Start
		if from < 0 {
			from = max(0, n+from)
		}
	}
	if s.End != nil {
		to = *s.End
		if to < 0 {
			to = n + to
		}
	}
	return min(from, n), max(min(to, n), 0)
}

// test evaluates a filter condition with cur as "@".
func (e *evaluator) test(x Expr, cur any) bool {
	switch x := x.(type) {
	case *Logical:
		if x.Op == "&&" {
			return e.test(x.X, cur) && e.test(x.Y, cur)
		}
		return e.test(x.X, cur) || e.test(x.Y, cur)
	case *Not:
		return !e.test(x.X, cur)
	case *Exists:
		_, ok := e.resolve(x.Path, cur)
		return ok
	case *Compare:
		return e.compare(x, cur)
	}
	return false
}

// resolve evaluates a path used inside a filter: "@" is cur, "$" the document. ok is false when nothing is
// selected by a definite path.
func (e *evaluator) resolve(p *Path, cur any) (any, bool) {
	var doc any
	switch p.Root {
	case RootCurrent:
		doc = cur
	case RootInput:
		doc = e.root
	default:
		return nil, false
	}
	v, err := Eval(p, doc)
	if err != nil {
		return nil, false
	}
	if list, isList := v.([]any); isList && !p.IsDefinite() && len(list) == 0 {
		return v, false
	}
	return v, true
}

// operand evaluates a comparison operand; ok is false for a path that selects nothing.
func (e *evaluator) operand(x Expr, cur any) (any, bool) {
	switch x := x.(type) {
	case *PathValue:
		return e.resolve(x.Path, cur)
	case *Literal:
		return x.Value, true
	case *Regex:
		return x, true
	}
	return nil, false
}

func (e *evaluator) compare(c *Compare, cur any) bool {
	l, lok := e.operand(c.X, cur)
	r, rok := e.operand(c.Y, cur)
	switch c.Op {
	case "!=":
		return !(lok && rok && equalValues(l, r))
	case "!==":
		return !(lok && rok && sameType(l, r) && equalValues(l, r))
	case "nin":
		list, ok := r.([]any)
		return lok && rok && ok && !containsValue(list, l)
	case "exists":
		b, ok := r.(bool)
		return ok && lok == b
	}
	if !lok || !rok {
		return false
	}
	switch c.Op {
	case "==":
		return equalValues(l, r)
	case "===":
		return sameType(l, r) && equalValues(l, r)
	case "<", "<=", ">", ">=":
		cmp, ok := order(l, r)
		if !ok {
			return false
		}
		switch c.Op {
		case "<":
			return cmp < 0
		case "<=":
			return cmp <= 0
		case ">":
			return cmp > 0
		}
		return cmp >= 0
	case "=~":
		rx, ok := r.(*Regex)
		s, sok := l.(string)
		if !ok {
			rx, ok = l.(*Regex)
			s, sok = r.(string)
		}
		if !ok || !sok {
			return false
		}
		return matchJava(rx, s)
	case "in":
		list, ok := r.([]any)
		return ok && containsValue(list, l)
	case "contains":
		switch l := l.(type) {
		case string:
			s, ok := r.(string)
			return ok && strings.Contains(l, s)
		case []any:
			return containsValue(l, r)
		}
	case "size":
		n, ok := r.(json.Number)
		if !ok {
			return false
		}
		want, err := n.Int64()
		if err != nil {
			return false
		}
		switch l := l.(type) {
		case string:
			return int64(utf16Len(l)) == want
		case []any:
			return int64(len(l)) == want
		}
	case "empty":
		b, ok := r.(bool)
		if !ok {
			return false
		}
		switch l := l.(type) {
		case string:
			return (l == "") == b
		case []any:
			return (len(l) == 0) == b
		}
	case "subsetof", "anyof", "noneof", "all":
		la, lok := l.([]any)
		ra, rok := r.([]any)
		if !lok || !rok {
			return false
		}
		switch c.Op {
		case "subsetof":
			for _, x := range la {
				if !containsValue(ra, x) {
					return false
				}
			}
			return true
		case "all":
			for _, x := range ra {
				if !containsValue(la, x) {
					return false
				}
			}
			return true
		case "anyof":
			for _, x := range la {
				if containsValue(ra, x) {
					return true
				}
			}
			return false
		}
		for _, x := range la {
			if containsValue(ra, x) {
				return false
			}
		}
		return true
	}
	return false
}

// matchJava matches s against a Jayway pattern, which must match the whole string (Java's Matcher.matches).
// Patterns RE2 cannot compile (lookaround, backreferences) match nothing.
func matchJava(rx *Regex, s string) bool {
	flags := ""
	for _, f := range rx.Flags {
		if strings.ContainsRune("ims", f) && !strings.ContainsRune(flags, f) {
			flags += string(f)
		}
	}
	pattern := "^(?:" + rx.Pattern + ")$"
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	re, err := regexp.Compile(pattern)
	return err == nil && re.MatchString(s)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func containsValue(list []any, v any) bool {
	for _, x := range list {
		if equalValues(x, v) {
			return true
		}
	}
	return false
}

// number returns the exact value of a JSON number, or of a string holding one.
func number(v any) (*big.Rat, bool) {
	var s string
	switch v := v.(type) {
	case json.Number:
		s = string(v)
	case string:
		s = strings.TrimSpace(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(v), true
	default:
		return nil, false
	}
	if s == "" || len(s) > 400 {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

func isNumber(v any) bool {
	switch v.(type) {
	case json.Number, float64:
		return true
	}
	return false
}

// equalValues is Jayway's ==: numbers by value, a number and a numeric string alike, arrays and objects deeply.
func equalValues(a, b any) bool {
	if isNumber(a) || isNumber(b) {
		x, ok1 := number(a)
		y, ok2 := number(b)
		return ok1 && ok2 && x.Cmp(y) == 0
	}
	switch a := a.(type) {
	case nil:
		return b == nil
	case string:
		s, ok := b.(string)
		return ok && a == s
	case bool:
		t, ok := b.(bool)
		return ok && a == t
	case []any:
		c, ok := b.([]any)
		if !ok || len(a) != len(c) {
			return false
		}
		for i := range a {
			if !equalValues(a[i], c[i]) {
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
			if !ok || !equalValues(x, y) {
				return false
			}
		}
		return true
	}
	return false
}

func sameType(a, b any) bool { return jsonType(a) == jsonType(b) }

// order compares two numbers or two strings; ok is false for any other pair.
func order(a, b any) (int, bool) {
	if isNumber(a) && isNumber(b) {
		x, ok1 := number(a)
		y, ok2 := number(b)
		if !ok1 || !ok2 {
			return 0, false
		}
		return x.Cmp(y), true
	}
	s, ok1 := a.(string)
	t, ok2 := b.(string)
	if !ok1 || !ok2 {
		return 0, false
	}
	return strings.Compare(s, t), true
}

// arith evaluates a script expression with "@" bound to arr; "@.length" is its length.
func (e *evaluator) arith(x Expr, arr []any) (float64, bool) {
	switch x := x.(type) {
	case *Literal:
		r, ok := number(x.Value)
		if !ok {
			return 0, false
		}
		f, _ := r.Float64()
		return f, true
	case *Neg:
		v, ok := e.arith(x.X, arr)
		return -v, ok
	case *PathValue:
		p := x.Path
		if p.Root == RootCurrent && len(p.Segments) == 1 {
			if n, ok := p.Segments[0].Sel.(*Name); ok && n.Name == "length" && !p.Segments[0].Descendant {
				return float64(len(arr)), true
			}
		}
		v, ok := e.resolve(p, arr)
		if !ok {
			return 0, false
		}
		r, ok := number(v)
		if !ok {
			return 0, false
		}
		f, _ := r.Float64()
		return f, true
	case *Arith:
		a, ok1 := e.arith(x.X, arr)
		b, ok2 := e.arith(x.Y, arr)
		if !ok1 || !ok2 {
			return 0, false
		}
		switch x.Op {
		case '+':
			return a + b, true
		case '-':
			return a - b, true
		case '*':
			return a * b, true
		case '/':
			if b == 0 {
				return 0, false
			}
			return math.Trunc(a / b), true
		case '%':
			if b == 0 {
				return 0, false
			}
			return math.Mod(a, b), true
		}
	}
	return 0, false
}

// call applies a Jayway path function to v, the value (or the list of values) the rest of the path selected.
func (e *evaluator) call(f *Func, v any) (any, error) {
	args := make([]any, 0, len(f.Args))
	for _, a := range f.Args {
		x, ok := e.operand(a, v)
		if !ok {
			return nil, &EvalError{Msg: fmt.Sprintf("Function of name: %s cannot be applied: an argument selects nothing", f.Name)}
		}
		args = append(args, x)
	}
	switch f.Name {
	case "length":
		switch v := v.(type) {
		case []any:
			return json.Number(strconv.Itoa(len(v))), nil
		case map[string]any:
			return json.Number(strconv.Itoa(len(v))), nil
		}
		return nil, nil
	case "min", "max", "avg", "stddev", "sum":
		var nums []float64
		collect := func(x any) {
			if r, ok := number(x); ok && isNumber(x) {
				f, _ := r.Float64()
				nums = append(nums, f)
			}
		}
		if list, ok := v.([]any); ok {
			for _, x := range list {
				collect(x)
			}
		}
		for _, x := range args {
			collect(x)
		}
		if len(nums) == 0 {
			return nil, &EvalError{Msg: "Aggregation function attempted to calculate value using empty array"}
		}
		return json.Number(javaDouble(aggregate(f.Name, nums))), nil
	case "keys":
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, nil
		}
		keys := make([]any, 0, len(obj))
		for _, k := range sortedKeys(obj) {
			keys = append(keys, k)
		}
		return keys, nil
	case "concat":
		var b strings.Builder
		if list, ok := v.([]any); ok {
			for _, x := range list {
				if s, ok := x.(string); ok {
					b.WriteString(s)
				}
			}
		}
		for _, x := range args {
			if x != nil {
				b.WriteString(stringValue(x))
			}
		}
		return b.String(), nil
	case "append":
		list, ok := v.([]any)
		if !ok {
			return nil, nil
		}
		return append(append([]any{}, list...), args...), nil
	case "first", "last", "index":
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return nil, nil
		}
		i := 0
		switch f.Name {
		case "last":
			i = len(list) - 1
		case "index":
			if len(args) != 1 {
				return nil, &EvalError{Msg: "Function index() needs one argument"}
			}
			r, ok := number(args[0])
			if !ok || !r.IsInt() {
				return nil, &EvalError{Msg: "Function index() needs an integer argument"}
			}
			i = int(r.Num().Int64())
			if i < 0 {
				i += len(list)
			}
			if i < 0 || i >= len(list) {
				return nil, nil
			}
		}
		return list[i], nil
	}
	return nil, &EvalError{Msg: fmt.Sprintf("Function with name: %s does not exist.", f.Name)}
}

func aggregate(name string, nums []float64) float64 {
	sum := 0.0
	for _, n := range nums {
		sum += n
	}
	switch name {
	case "sum":
		return sum
	case "avg":
		return sum / float64(len(nums))
	case "min", "max":
		m := nums[0]
		for _, n := range nums[1:] {
			if (name == "min" && n < m) || (name == "max" && n > m) {
				m = n
			}
		}
		return m
	}
	mean := sum / float64(len(nums))
	ss := 0.0
	for _, n := range nums {
		ss += (n - mean) * (n - mean)
	}
	return math.Sqrt(ss / float64(len(nums)))
}

// javaDouble formats f as Java's Double.toString does, which is how Jayway's aggregation results reach the JSON
// output: "6.0", "2.5", "1.0E7".
func javaDouble(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	abs := math.Abs(f)
	if abs == 0 || (abs >= 1e-3 && abs < 1e7) {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, 64)
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	n, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(n)
}

func stringValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return render(v)
}

// render writes v as compact JSON for messages.
func render(v any) string {
	b, err := json.Marshal(v)
	if err != nil || !utf8.Valid(b) {
		return fmt.Sprint(v)
	}
	return string(b)
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
