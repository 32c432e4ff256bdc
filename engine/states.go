package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/choice"
	"github.com/sfnsim/sfnsim/asl/path"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// The states that take no time of their own, or only a Wait's: Pass,
// Succeed, Fail, Choice and Wait (asl-semantics §2).

func (t *thread) runPass() {
	s := t.s
	if s.jsonata {
		t.succeed(nil, false)
		return
	}
	eff, err := t.effectiveInput()
	if err != nil {
		t.fail(err)
		return
	}
	result := eff
	switch {
	case s.hasResult:
		result = s.result
	case s.parameters != nil:
		if result, err = s.parameters.Eval(t.pathEnv(eff)); err != nil {
			t.fail(err)
			return
		}
	}
	t.succeed(result, true)
}

func (t *thread) runSucceed() {
	if t.s.jsonata {
		t.succeed(nil, false)
		return
	}
	eff, err := t.effectiveInput()
	if err != nil {
		t.fail(err)
		return
	}
	out := eff
	if t.s.outputPath != (payload.Field{}) {
		if out, err = payload.ApplyOutputPath(eff, t.s.outputPath, t.pathEnv(nil)); err != nil {
			t.fail(err)
			return
		}
	}
	t.exit(out, nil)
}

func (s *stateCode) compileFail() error {
	n := s.st.Node
	f := &failCode{}
	s.fail = f
	var err error
	if e := n.Get("Error"); e != nil {
		f.hasError = true
		if s.jsonata {
			if f.errorJ, err = compileJ(e, "Error"); err != nil {
				return err
			}
		} else {
			f.err, _ = e.StringValue()
		}
	}
	if c := n.Get("Cause"); c != nil {
		f.hasCause = true
		if s.jsonata {
			if f.causeJ, err = compileJ(c, "Cause"); err != nil {
				return err
			}
		} else {
			f.cause, _ = c.StringValue()
		}
	}
	if p := n.Get("ErrorPath"); p != nil {
		f.hasError = true
		if f.errorPath, err = fieldTemplate(p, "ErrorPath"); err != nil {
			return err
		}
	}
	if p := n.Get("CausePath"); p != nil {
		f.hasCause = true
		if f.causePath, err = fieldTemplate(p, "CausePath"); err != nil {
			return err
		}
	}
	return nil
}

// fieldTemplate compiles a *Path field holding a path or an intrinsic call
// (Fail's ErrorPath and CausePath) as a one-field template, so that it is
// evaluated like any ".$" value; the field keeps its own name in causes.
func fieldTemplate(n *asl.Node, field string) (*payload.Template, error) {
	src, ok := n.StringValue()
	if !ok {
		return nil, compileErr(n, "%s must be a string", field)
	}
	doc, err := asl.ParseJSON("", []byte(`{`+quote(field+".$")+`:`+quote(src)+`}`))
	if err != nil {
		return nil, compileErr(n, "%v", err)
	}
	return template(doc.Root)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (t *thread) runFail() {
	s := t.s
	fc := s.fail
	e := &asl.StatesError{}
	if s.jsonata {
		env := t.jenv(nil, false, nil)
		for _, p := range []struct {
			j   *jvalue
			dst *string
		}{{fc.errorJ, &e.Name}, {fc.causeJ, &e.Cause}} {
			if p.j == nil {
				continue
			}
			v, err := p.j.eval(env)
			if err != nil {
				t.finish(nil, t.stateError(err))
				return
			}
			str, ok := v.(string)
			if !ok {
				t.finish(nil, t.stateError(p.j.wrongType("string", v)))
				return
			}
			*p.dst = str
		}
	} else {
		e.Name, e.Cause = fc.err, fc.cause
		for _, p := range []struct {
			tpl   *payload.Template
			dst   *string
			field string
		}{{fc.errorPath, &e.Name, "ErrorPath"}, {fc.causePath, &e.Cause, "CausePath"}} {
			if p.tpl == nil {
				continue
			}
			v, err := p.tpl.Eval(t.pathEnv(t.raw))
			if err != nil {
				se := t.stateError(err)
				se.Cause = strings.Replace(se.Cause, "'"+p.field+".$'", "'"+p.field+"'", 1)
				t.finish(nil, se)
				return
			}
			str, ok := v.(map[string]any)[p.field].(string)
			if !ok {
				t.finish(nil, t.stateError(asl.Runtime("The %s field must reference a string value, but was: %s", p.field, payload.Marshal(v.(map[string]any)[p.field]))))
				return
			}
			*p.dst = str
		}
	}
	t.gen++
	t.finish(nil, e)
}

func (s *stateCode) compileChoice(sc *scopeCode) error {
	n := s.st.Node
	c := &choiceCode{}
	s.choice = c
	if d := n.Get("Default"); d != nil {
		name, _ := d.StringValue()
		c.dflt, c.hasDflt = sc.states[name], true
		if c.dflt == nil {
			return compileErr(d, "Default names no state of this scope: %q", name)
		}
	}
	choices := n.Get("Choices")
	if choices == nil || choices.Kind != asl.Array {
		return compileErr(orNode(choices, n), "a Choice state needs a Choices array")
	}
	for _, r := range choices.Elems {
		next := r.GetString("Next")
		target := sc.states[next]
		if target == nil {
			return compileErr(orNode(r.Get("Next"), r), "the rule's Next names no state of this scope: %q", next)
		}
		c.targets = append(c.targets, target)
		c.ruleNode = append(c.ruleNode, r)
		if s.jsonata {
			var jc jchoice
			var err error
			if jc.condition, err = compileJ(r.Get("Condition"), "Condition"); err != nil {
				return err
			}
			if jc.condition == nil {
				return compileErr(r, "a JSONata Choice rule needs a Condition")
			}
			if jc.output, err = compileJ(r.Get("Output"), "Output"); err != nil {
				return err
			}
			if jc.assign, err = compileJ(r.Get("Assign"), "Assign"); err != nil {
				return err
			}
			c.jrules = append(c.jrules, jc)
			continue
		}
		// Assign is a field of the rule, not of its test: compile the test
		// from a copy without it.
		rule, err := choice.Compile(withoutKeys(r, "Assign"))
		if err != nil {
			return compileErr(r, "%v", err)
		}
		rule.Next = next
		c.rules = append(c.rules, rule)
		a, err := template(r.Get("Assign"))
		if err != nil {
			return err
		}
		c.assigns = append(c.assigns, a)
	}
	return nil
}

// withoutKeys returns n, or a copy of n without the named members.
func withoutKeys(n *asl.Node, keys ...string) *asl.Node {
	drop := false
	for _, k := range keys {
		drop = drop || n.Has(k)
	}
	if !drop {
		return n
	}
	cp := *n
	cp.Members = nil
	for _, m := range n.Members {
		keep := true
		for _, k := range keys {
			keep = keep && m.Key != k
		}
		if keep {
			cp.Members = append(cp.Members, m)
		}
	}
	return &cp
}

func (t *thread) runChoice() {
	s, c := t.s, t.s.choice
	if s.jsonata {
		env := t.jenv(nil, false, nil)
		for i, r := range c.jrules {
			v, err := r.condition.eval(env)
			if err != nil {
				t.fail(err)
				return
			}
			b, ok := v.(bool)
			if !ok {
				t.fail(r.condition.wrongType("boolean", v))
				return
			}
			if !b {
				continue
			}
			assigned, err := t.choiceAssignJ(r.assign, env)
			if err != nil {
				t.fail(err)
				return
			}
			out := t.raw
			switch {
			case r.output != nil:
				out, err = r.output.eval(env)
			case s.output != nil:
				out, err = s.output.eval(env)
			}
			if err != nil {
				t.fail(err)
				return
			}
			t.exitTo(c.targets[i], out, assigned)
			return
		}
		if !c.hasDflt {
			t.fail(noChoice())
			return
		}
		assigned, err := t.choiceAssignJ(nil, env)
		if err != nil {
			t.fail(err)
			return
		}
		out := t.raw
		if s.output != nil {
			if out, err = s.output.eval(env); err != nil {
				t.fail(err)
				return
			}
		}
		t.exitTo(c.dflt, out, assigned)
		return
	}
	eff, err := t.effectiveInput()
	if err != nil {
		t.fail(err)
		return
	}
	var ctx any
	if s.usesCtx {
		ctx = t.context()
	}
	i, err := choice.Select(c.rules, eff, ctx, t.vars.lookup)
	if err != nil {
		t.fail(err)
		return
	}
	next := c.dflt
	var ruleAssign *payload.Template
	if i >= 0 {
		next, ruleAssign = c.targets[i], c.assigns[i]
	} else if !c.hasDflt {
		t.fail(noChoice())
		return
	}
	var assigned map[string]any
	for _, a := range []*payload.Template{s.assignPath, ruleAssign} {
		if a == nil {
			continue
		}
		m, err := t.evalAssignPath(a, eff)
		if err != nil {
			t.fail(err)
			return
		}
		assigned = merge(assigned, m)
	}
	out := eff
	if s.outputPath != (payload.Field{}) {
		if out, err = payload.ApplyOutputPath(eff, s.outputPath, t.pathEnv(nil)); err != nil {
			t.fail(err)
			return
		}
	}
	t.exitTo(next, out, assigned)
}

func (t *thread) choiceAssignJ(rule *jvalue, env any) (map[string]any, error) {
	var assigned map[string]any
	for _, a := range []*jvalue{t.s.assignJ, rule} {
		if a == nil {
			continue
		}
		m, err := t.evalAssignJ(a, t.jenv(nil, false, nil))
		if err != nil {
			return nil, err
		}
		assigned = merge(assigned, m)
	}
	return assigned, nil
}

func merge(dst, src map[string]any) map[string]any {
	if dst == nil {
		return src
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

func noChoice() *asl.StatesError {
	return &asl.StatesError{Name: asl.ErrNoChoiceMatched, Cause: "No Matches!"}
}

// maxWait is the longest a Wait may wait: an execution lasts at most a
// year (AWS service quotas), and AWS refuses longer waits with "Wait state
// delay is too long." (conformance scenarios).
const maxWait = 365 * 24 * time.Hour

func (s *stateCode) compileWait() error {
	n := s.st.Node
	w := &waitCode{}
	s.wait = w
	var err error
	if v := n.Get("Seconds"); v != nil {
		if s.jsonata && v.Kind == asl.String {
			w.secondsJ, err = compileJ(v, "Seconds")
			return err
		}
		sec, ok := v.Int()
		if !ok || sec < 0 {
			return compileErr(v, "Seconds must be a non-negative integer")
		}
		w.seconds, w.hasSeconds = time.Duration(sec)*time.Second, true
	}
	if v := n.Get("Timestamp"); v != nil {
		if s.jsonata {
			w.timestampJ, err = compileJ(v, "Timestamp")
			return err
		}
		w.timestamp, _ = v.StringValue()
	}
	if v := n.Get("SecondsPath"); v != nil {
		if w.secondsPath, err = referencePath(v); err != nil {
			return err
		}
	}
	if v := n.Get("TimestampPath"); v != nil {
		if w.timestampPath, err = referencePath(v); err != nil {
			return err
		}
	}
	return nil
}

// srcPath is a parsed reference path with its text, which causes quote.
type srcPath struct {
	*path.Path
	Src string
}

func referencePath(n *asl.Node) (*srcPath, error) {
	src, _ := n.StringValue()
	p, err := path.ParseReference(src)
	if err != nil {
		return nil, compileErr(n, "%v", err)
	}
	return &srcPath{p, src}, nil
}

func (t *thread) runWait() {
	s, w := t.s, t.s.wait
	var eff any = t.raw
	var err error
	if !s.jsonata {
		if eff, err = t.effectiveInput(); err != nil {
			t.fail(err)
			return
		}
	}
	d, err := t.waitDuration(w, eff)
	if err != nil {
		t.fail(err)
		return
	}
	var out any
	var assigned map[string]any
	if s.jsonata {
		out, assigned, err = t.processJSONata(nil, false)
	} else {
		if s.assignPath != nil {
			assigned, err = t.evalAssignPath(s.assignPath, eff)
		}
		out = eff
		if err == nil && s.outputPath != (payload.Field{}) {
			out, err = payload.ApplyOutputPath(eff, s.outputPath, t.pathEnv(nil))
		}
	}
	if err != nil {
		t.fail(err)
		return
	}
	gen := t.gen
	t.sleep(d, func() {
		if t.gen == gen && !t.dead {
			t.exit(out, assigned)
		}
	})
}

// waitDuration resolves a Wait's delay, with AWS's causes for bad values.
func (t *thread) waitDuration(w *waitCode, eff any) (time.Duration, error) {
	now := t.x.rt.clock.Now()
	switch {
	case w.hasSeconds:
		return w.seconds, nil
	case w.secondsJ != nil:
		v, err := w.secondsJ.eval(t.jenv(nil, false, nil))
		if err != nil {
			return 0, err
		}
		sec, ok := wholeNumber(v)
		if !ok || sec < 0 {
			return 0, &asl.StatesError{Name: asl.ErrQueryEvaluationError, Cause: fmt.Sprintf(
				"The Seconds field must be a non-negative integer, but was: %s", payload.Marshal(v))}
		}
		return seconds(sec)
	case w.timestamp != "":
		return untilTimestamp(w.timestamp, now, "Timestamp")
	case w.timestampJ != nil:
		v, err := w.timestampJ.eval(t.jenv(nil, false, nil))
		if err != nil {
			return 0, err
		}
		str, _ := v.(string)
		d, err := untilTimestamp(str, now, "Timestamp")
		if se, ok := err.(*asl.StatesError); ok {
			se.Name = asl.ErrQueryEvaluationError
		}
		return d, err
	case w.secondsPath != nil:
		v, err := t.pathEnv(eff).Resolve(w.secondsPath.Path)
		if err != nil {
			return 0, asl.Runtime("The SecondsPath parameter does not reference an input value: %s", w.secondsPath.Src)
		}
		// Causes quote the path and the value it found (conformance base
		// test_base_wait_seconds_path: "...: $.input.waitSeconds == -1.5").
		n, ok := v.(json.Number)
		if !ok {
			return 0, asl.Runtime("The SecondsPath parameter cannot be parsed as a long value: %s == %s", w.secondsPath.Src, valueText(v))
		}
		sec, err := n.Int64()
		if err != nil {
			return 0, asl.Runtime("The SecondsPath parameter cannot be parsed as a long value: %s == %s", w.secondsPath.Src, valueText(v))
		}
		if sec < 0 {
			return 0, asl.Runtime("The SecondsPath parameter references a negative value: %s == %s", w.secondsPath.Src, valueText(v))
		}
		return seconds(float64(sec))
	case w.timestampPath != nil:
		v, err := t.pathEnv(eff).Resolve(w.timestampPath.Path)
		if err != nil {
			return 0, asl.Runtime("The TimestampPath parameter does not reference an input value: %s", w.timestampPath.Src)
		}
		str, _ := v.(string)
		ts, ok := parseTimestamp(str)
		if !ok {
			return 0, asl.Runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: %s == %s", w.timestampPath.Src, valueText(v))
		}
		return until(ts, now)
	}
	return 0, nil
}

func seconds(sec float64) (time.Duration, error) {
	d := time.Duration(sec) * time.Second
	if sec > maxWait.Seconds() {
		return 0, asl.Runtime("Wait state delay is too long.")
	}
	return d, nil
}

func untilTimestamp(s string, now time.Time, field string) (time.Duration, error) {
	ts, ok := parseTimestamp(s)
	if !ok {
		return 0, asl.Runtime("The %s field cannot be parsed as an ISO-8601 extended offset date-time format string: %s", field, s)
	}
	return until(ts, now)
}

func until(ts, now time.Time) (time.Duration, error) {
	d := ts.Sub(now)
	if d > maxWait {
		return 0, asl.Runtime("Wait state delay is too long.")
	}
	return max(d, 0), nil
}

// parseTimestamp accepts RFC 3339 with an upper-case T and a zone, as AWS
// does (asl-semantics §2: "2016-12-05T21:29:29" without a zone is refused).
func parseTimestamp(s string) (time.Time, bool) {
	if len(s) < 20 || s[10] != 'T' {
		return time.Time{}, false
	}
	ts, err := time.Parse(time.RFC3339Nano, s)
	return ts, err == nil
}

// wholeNumber reads a JSON number that is a whole number.
func wholeNumber(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) {
		return 0, false
	}
	return f, true
}

// jsonInt is an integer as the engine's JSON values hold it.
func jsonInt(i int) json.Number { return json.Number(fmt.Sprint(i)) }
