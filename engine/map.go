package engine

import (
	"encoding/json"
	"math"
	"sort"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// mapCode is a compiled Map state: the fields both modes share, and the
// Distributed Map's reader, batcher and writer (distributed-map.md §1).
type mapCode struct {
	distributed bool
	execType    string // of the children (DISTRIBUTED)
	label       string
	proc        *scopeCode

	itemsPath     *srcPath // JSONPath ItemsPath; nil means "$"
	itemsJ        *jvalue  // JSONata Items
	itemSelector  *payload.Template
	itemSelectorJ *jvalue

	maxConc number
	tolPct  number
	tolCnt  number

	reader       *asl.Node
	readerParams *payload.Template
	readerArgsJ  *jvalue
	maxItems     number

	batcher       bool
	batchMaxItems number
	batchMaxBytes number
	batchInput    *payload.Template
	batchInputJ   *jvalue

	writer       *asl.Node
	writerParams *payload.Template
	writerArgsJ  *jvalue
}

// number is a numeric Map field in its three forms: a constant, a
// reference path (the …Path field) or a JSONata expression.
type number struct {
	name  string // the field's name: MaxConcurrency, ToleratedFailureCount …
	set   bool
	value float64
	path  *srcPath
	expr  *jvalue
	float bool // a percentage, not an integer
}

func (s *stateCode) compileMap() error {
	n := s.st.Node
	m := &mapCode{}
	s.mapc = m
	if cfg := s.st.ProcessorConfig(); cfg != nil {
		m.distributed = cfg.GetString("Mode") == "DISTRIBUTED"
		m.execType = cfg.GetString("ExecutionType")
	}
	if m.execType == "" {
		m.execType = asl.Standard
	}
	m.label = n.GetString("Label")
	if len(s.st.Children) != 1 {
		return compileErr(n, "a Map state needs an ItemProcessor")
	}
	var err error
	if m.proc, err = compileScope(s.st.Children[0]); err != nil {
		return err
	}
	selector := n.Get("ItemSelector")
	if selector == nil {
		selector = n.Get("Parameters") // the deprecated name of ItemSelector
	}
	if s.jsonata {
		if m.itemsJ, err = compileJ(n.Get("Items"), "Items"); err != nil {
			return err
		}
		if m.itemSelectorJ, err = compileJ(selector, "ItemSelector"); err != nil {
			return err
		}
	} else {
		if p := n.Get("ItemsPath"); p != nil {
			if m.itemsPath, err = referencePath(p); err != nil {
				return err
			}
		}
		if m.itemSelector, err = template(selector); err != nil {
			return err
		}
	}
	if m.maxConc, err = s.number(n, "MaxConcurrency", false); err != nil {
		return err
	}
	if m.tolPct, err = s.number(n, "ToleratedFailurePercentage", true); err != nil {
		return err
	}
	if m.tolCnt, err = s.number(n, "ToleratedFailureCount", false); err != nil {
		return err
	}
	if r := n.Get("ItemReader"); r != nil {
		m.reader = r
		if s.jsonata {
			m.readerArgsJ, err = compileJ(r.Get("Arguments"), "ItemReader/Arguments")
		} else {
			m.readerParams, err = template(r.Get("Parameters"))
		}
		if err != nil {
			return err
		}
		if rc := r.Get("ReaderConfig"); rc != nil {
			if m.maxItems, err = s.number(rc, "MaxItems", false); err != nil {
				return err
			}
		}
	}
	if b := n.Get("ItemBatcher"); b != nil {
		m.batcher = true
		if m.batchMaxItems, err = s.number(b, "MaxItemsPerBatch", false); err != nil {
			return err
		}
		if m.batchMaxBytes, err = s.number(b, "MaxInputBytesPerBatch", false); err != nil {
			return err
		}
		if s.jsonata {
			m.batchInputJ, err = compileJ(b.Get("BatchInput"), "ItemBatcher/BatchInput")
		} else {
			m.batchInput, err = template(b.Get("BatchInput"))
		}
		if err != nil {
			return err
		}
	}
	if w := n.Get("ResultWriter"); w != nil {
		m.writer = w
		if s.jsonata {
			m.writerArgsJ, err = compileJ(w.Get("Arguments"), "ResultWriter/Arguments")
		} else {
			m.writerParams, err = template(w.Get("Parameters"))
		}
	}
	return err
}

func (s *stateCode) number(obj *asl.Node, name string, float bool) (number, error) {
	num := number{name: name, float: float}
	if v := obj.Get(name); v != nil {
		num.set = true
		if v.Kind == asl.String {
			j, err := compileJ(v, name)
			if err != nil {
				return num, err
			}
			num.expr = j
		} else {
			f, ok := v.Float()
			if !ok {
				return num, compileErr(v, "%s must be a number", name)
			}
			num.value = f
		}
	}
	if v := obj.Get(name + "Path"); v != nil {
		p, err := referencePath(v)
		if err != nil {
			return num, err
		}
		num.set, num.path = true, p
	}
	return num, nil
}

// notSet is what resolve returns for a field that is not set.
var notSet = math.Inf(-1)

// resolve evaluates the field for the current state: notSet when it is not
// set. eff is the JSONPath effective input its path reads.
func (t *thread) resolve(num number, eff any) (float64, error) {
	switch {
	case !num.set:
		return notSet, nil
	case num.path != nil:
		v, err := t.pathEnv(eff).Resolve(num.path.Path)
		if err != nil {
			return 0, asl.Runtime("Invalid path '%s' : %s", num.path.Src, err.Error())
		}
		f, ok := numberValue(v, num.float)
		if !ok {
			kind := "integer"
			if num.float {
				kind = "float"
			}
			return 0, asl.Runtime("The %sPath field refers to value \"%s\" which is not a valid %s: %s", num.name, valueText(v), kind, num.path.Src)
		}
		return f, nil
	case num.expr != nil:
		v, err := num.expr.eval(t.jenv(nil, false, nil))
		if err != nil {
			return 0, err
		}
		f, ok := numberValue(v, num.float)
		if !ok {
			return 0, num.expr.wrongType("number", v)
		}
		return f, nil
	}
	return num.value, nil
}

// numberValue reads a number, or a string holding one: AWS took the
// string "1" from a variable for MaxConcurrencyPath (conformance assign
// MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH).
func numberValue(v any, float bool) (float64, bool) {
	var n json.Number
	switch x := v.(type) {
	case json.Number:
		n = x
	case string:
		n = json.Number(strings.TrimSpace(x))
	default:
		return 0, false
	}
	f, err := n.Float64()
	if err != nil {
		return 0, false
	}
	if !float && f != math.Trunc(f) {
		return 0, false
	}
	return f, true
}

// valueText renders a value as AWS quotes it in "refers to value" causes:
// strings bare, everything else as JSON.
func valueText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return payload.Marshal(v)
}

// items resolves the array an inline Map (or a Distributed Map without
// ItemReader) iterates over.
func (t *thread) items(eff any) ([]any, error) {
	s, m := t.s, t.s.mapc
	var v any
	if s.jsonata {
		v = t.raw
		if m.itemsJ != nil {
			var err error
			if v, err = m.itemsJ.eval(t.jenv(nil, false, nil)); err != nil {
				return nil, err
			}
			if arr, ok := v.([]any); ok {
				return arr, nil
			}
			return nil, m.itemsJ.wrongType("array", v)
		}
	} else {
		v = eff
		if m.itemsPath != nil {
			var err error
			if v, err = t.pathEnv(eff).Resolve(m.itemsPath.Path); err != nil {
				return nil, asl.Runtime("Invalid path '%s' : %s", m.itemsPath.Src, err.Error())
			}
		}
	}
	arr, ok := v.([]any)
	if obj, isObj := v.(map[string]any); isObj && m.distributed {
		return objectItems(obj), nil
	}
	if !ok {
		name := asl.ErrRuntime
		if s.jsonata {
			name = asl.ErrQueryEvaluationError
		}
		return nil, &asl.StatesError{Name: name, Cause: "Map state input must be an array but was: " + payload.Marshal(v)}
	}
	return arr, nil
}

// objectItems turns the JSON object a Distributed Map iterates into its
// items, one {"Key", "Value"} per member in key order (distributed-map.md
// §1.1 and §3.5: a Distributed Map iterates an object's key-value pairs;
// the item's shape is not documented, and is what emulators use).
func objectItems(obj map[string]any) []any {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	items := make([]any, len(keys))
	for i, k := range keys {
		items[i] = map[string]any{"Key": k, "Value": obj[k]}
	}
	return items
}

// selectItem applies ItemSelector to item i, with $$.Map.Item set
// (distributed-map.md §1.5). source is the Distributed Map's item source
// for Map.Item.Source ("" for an inline Map, whose context has no Source).
func (t *thread) selectItem(eff any, index int, item any, source string) (any, error) {
	m := t.s.mapc
	if m.itemSelector == nil && m.itemSelectorJ == nil {
		return item, nil
	}
	t.mapItem = map[string]any{"Index": jsonInt(index), "Value": item}
	if source != "" {
		t.mapItem["Source"] = source
	}
	defer func() { t.mapItem = nil }()
	if m.itemSelectorJ != nil {
		return m.itemSelectorJ.eval(t.jenv(nil, false, nil))
	}
	return m.itemSelector.Eval(t.pathEnv(eff))
}

func (t *thread) runMap() {
	if t.s.mapc.distributed {
		t.runMapRun()
		return
	}
	t.runInlineMap()
}

// runInlineMap runs the iterations as threads of this execution, at most
// MaxConcurrency at once (0: all); the result is the array of their outputs
// in item order. The first iteration to fail fails the state.
func (t *thread) runInlineMap() {
	s, m := t.s, t.s.mapc
	x := t.x
	var eff any = t.raw
	var err error
	if !s.jsonata {
		if eff, err = t.effectiveInput(); err != nil {
			t.fail(err)
			return
		}
	}
	items, err := t.items(eff)
	if err != nil {
		t.fail(err)
		return
	}
	conc, err := t.resolve(m.maxConc, eff)
	if err != nil {
		t.fail(err)
		return
	}
	limit := len(items)
	if conc > 0 && int(conc) < limit {
		limit = int(conc)
	}
	if x.listening() {
		t.emit(&Event{Type: "MapStateStarted", Output: jsonInt(len(items))})
	} else {
		x.count()
	}
	t.gen++
	gen := t.gen
	results := make([]any, len(items))
	iterations := make([]*thread, 0, limit)
	t.cancel = func() { killAll(iterations) }
	next, left := 0, len(items)
	var start, startMore func()
	finishOK := func() {
		t.gen++
		t.cancel = nil
		if x.listening() {
			t.emit(&Event{Type: "MapStateSucceeded"})
		} else {
			x.count()
		}
		t.succeed(results, true)
	}
	failMap := func(err error) {
		t.gen++
		t.cancel = nil
		killAll(iterations)
		e := t.stateError(err)
		if x.listening() {
			t.emit(&Event{Type: "MapStateFailed", Error: e.Name, Cause: e.Cause})
		} else {
			x.count()
		}
		t.fail(e)
	}
	start = func() {
		i := next
		next++
		in, err := t.selectItem(eff, i, items[i], "")
		if err != nil {
			failMap(err)
			return
		}
		iter := make([]Iteration, len(t.iter)+1)
		copy(iter, t.iter)
		iter[len(t.iter)] = Iteration{Map: s.name, Index: i}
		it := &thread{x: x, vars: &varScope{parent: t.vars}, iter: iter, branch: t.branch}
		iterations = append(iterations, it)
		it.done = func(out any, err *asl.StatesError) {
			if t.gen != gen || t.dead {
				return
			}
			if err != nil {
				if x.listening() {
					t.emit(&Event{Type: "MapIterationFailed", Output: jsonInt(i), Error: err.Name, Cause: err.Cause})
				} else {
					x.count()
				}
				failMap(err)
				return
			}
			if x.listening() {
				t.emit(&Event{Type: "MapIterationSucceeded", Output: jsonInt(i)})
			} else {
				x.count()
			}
			results[i] = out
			left--
			if left == 0 {
				finishOK()
				return
			}
			if next < len(items) {
				startMore()
			}
		}
		if x.listening() {
			t.emit(&Event{Type: "MapIterationStarted", Output: jsonInt(i)})
		} else {
			x.count()
		}
		it.goTo(m.proc.start, in)
	}
	// startMore keeps limit iterations running. An iteration that ends at
	// once ends inside start and asks for more: the request is noted and
	// the running loop serves it, so the stack does not grow with the
	// number of items.
	starting, more := false, false
	running := func() int { return next - (len(items) - left) }
	startMore = func() {
		more = true
		if starting {
			return
		}
		starting = true
		for more && t.gen == gen && !t.dead {
			more = false
			for next < len(items) && running() < limit && t.gen == gen && !t.dead {
				start()
			}
		}
		starting = false
	}
	if len(items) == 0 {
		finishOK()
		return
	}
	startMore()
}
